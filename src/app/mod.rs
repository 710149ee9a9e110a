//! The simulated KDA application (issue #6): the model `DescribeApplication` shows
//! ([`model`]); the control plane's operations with their lifecycle, versions, errors and the
//! engine behind each running application ([`service`]), typed, and read from and written
//! back as AWS's JSON ([`api`]); a SQL application's inputs, outputs, reference data and
//! schema discovery ([`inputs`]); what applications report ([`monitor`]);
//! an application as `CreateApplication`'s JSON ([`export`]), and as a Managed Service for
//! Apache Flink application's ([`flink`]); its code as text, a zip file or an S3 object
//! ([`code`]). `kdalite serve` answers it over HTTP; the page runs it in wasm.

pub mod api;
pub mod code;
pub mod error;
pub mod export;
pub mod flink;
pub mod inputs;
pub mod model;
pub mod monitor;
pub mod service;

#[cfg(test)]
mod tests;
