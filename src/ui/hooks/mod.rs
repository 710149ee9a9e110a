//! Hooks of the root component: the loop that drives the page's engine, the control plane's
//! clock, the SQL editor kept in step with the page, and the session kept across reloads.

pub mod control;
pub mod editor;
pub mod engine;
pub mod session;
