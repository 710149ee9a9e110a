//! Building a runnable application from code and input bindings: the one place that decides
//! which streams are inputs, discovers their schemas and opens their sources. The CLI, the
//! page and the tests all start applications through [`build`].

use super::Runtime;
use crate::error::{Error, Result};
use crate::plan::StreamDef;
use crate::source::file::{infer_stream, FileInput, FileSource};
use crate::source::{GeneratorSpec, Source};
use crate::sql;

pub enum InputSource {
    /// A file (CSV, JSON lines or a JSON array; see `source::file`), by its name and contents.
    /// `pace`: rows arrive at their `ROWTIME`s on the virtual clock, not all at once.
    File {
        name: String,
        input: FileInput,
        pace: bool,
    },
    Generator(GeneratorSpec),
}

/// An input bound to a stream by name (matched case-insensitively to the code's streams).
pub struct InputBinding {
    pub stream: String,
    pub source: InputSource,
}

/// Parses and plans `code`, binds the inputs, and returns a runtime at virtual time `start`.
/// A stream the code reads without declaring takes its schema from its input (discovery for
/// files, the generator's own schema for generators).
pub fn build(code: &str, bindings: Vec<InputBinding>, start: i64) -> Result<Runtime> {
    let statements = sql::parse(code)?;
    let undeclared = sql::undeclared_inputs(&statements);
    let mut inputs: Vec<StreamDef> = Vec::new();
    let mut bound = Vec::new();
    for InputBinding { stream, mut source } in bindings {
        let stream = undeclared
            .iter()
            .find(|k| k.as_str() == stream || k.eq_ignore_ascii_case(&stream))
            .cloned()
            .unwrap_or(stream);
        if undeclared.contains(&stream) {
            inputs.push(match &mut source {
                InputSource::File { name, input, .. } => infer_stream(&stream, name, &input.head)?,
                InputSource::Generator(spec) => spec.stream_def(&stream)?,
            });
        }
        bound.push((stream, source));
    }
    if let Some(unfed) = undeclared.iter().find(|s| !inputs.iter().any(|i| &&i.name == s)) {
        return Err(Error::Input(format!(
            "stream \"{unfed}\" is read by the application but is neither declared nor bound to an input"
        )));
    }
    let plan = sql::plan_application(&statements, &inputs)?;
    let mut sources: Vec<(String, Box<dyn Source>)> = Vec::new();
    for (stream, source) in bound {
        let Some(def) = plan.stream(&stream) else {
            return Err(Error::Input(format!("the application has no stream \"{stream}\" to bind an input to")));
        };
        let source: Box<dyn Source> = match source {
            InputSource::File { name, input, pace } => Box::new(FileSource::new(&name, input, def)?.paced(pace)),
            InputSource::Generator(spec) => spec.build(&stream)?,
        };
        sources.push((stream, source));
    }
    Runtime::new(plan, sources, start)
}
