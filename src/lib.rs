//! kdalite: Amazon Kinesis Data Analytics in a browser tab.
//!
//! The flow of an application, from SQL text to rows:
//!
//! ```text
//! SQL ──sql::parse──▶ Statements ──sql::plan_application──▶ ApplicationPlan (plan/)
//!     ──exec::PumpExec::new──▶ push-based operators over Arrow RecordBatches (exec/)
//!     ──runtime::Runtime──▶ sources on a virtual clock in, rows per in-application stream out
//! ```
//!
//! The engine never reads the wall clock and builds the same natively and for wasm32; only
//! `ui` (the Yew page) and the wasm entry point know about the browser.

pub mod app;
pub mod bench;
pub mod error;
pub mod exec;
pub mod output;
pub mod plan;
pub mod runtime;
pub mod source;
pub mod sql;
pub mod state;
pub mod templates;

#[cfg(target_arch = "wasm32")]
pub mod ui;

pub use error::{Error, Result};
