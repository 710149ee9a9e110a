//! Where input rows come from: seeded generators and files.
//!
//! A [`Source`] hands the runtime the rows that have arrived by a given virtual time, each
//! with its `ROWTIME` (arrival time) first. Sources never read the wall clock.

pub mod csv;
pub mod ticker;

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;

use crate::error::Result;

/// A row a source could not turn into a stream row: it goes to `error_stream`.
#[derive(Debug, Clone, PartialEq)]
pub struct BadRow {
    pub rowtime: Option<i64>,
    pub data: String,
    pub message: String,
}

/// What a source produced for one poll.
#[derive(Debug, Default)]
pub struct Polled {
    pub batch: Option<RecordBatch>,
    pub bad_rows: Vec<BadRow>,
}

pub trait Source {
    /// The schema of the rows produced, `ROWTIME` first.
    fn schema(&self) -> SchemaRef;

    /// Rows that arrive at or before virtual time `now`, at most `max_rows` of them.
    fn poll(&mut self, now: i64, max_rows: usize) -> Result<Polled>;

    /// The time the next row arrives, if the source knows it (generators do); `None` when it
    /// is exhausted or cannot tell.
    fn next_arrival(&self) -> Option<i64>;

    /// True once a finite source has produced everything.
    fn is_exhausted(&self) -> bool;
}

/// A generator named on the command line or in the page: `NAME[:key=value,...]`.
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratorSpec {
    pub name: String,
    pub params: Vec<(String, String)>,
}

impl std::str::FromStr for GeneratorSpec {
    type Err = crate::error::Error;

    fn from_str(spec: &str) -> Result<GeneratorSpec> {
        let (name, rest) = spec.split_once(':').unwrap_or((spec, ""));
        let mut params = Vec::new();
        for pair in rest.split(',').filter(|p| !p.trim().is_empty()) {
            let Some((k, v)) = pair.split_once('=') else {
                return crate::input_err!("generator setting '{pair}' should be key=value");
            };
            params.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
        Ok(GeneratorSpec { name: name.trim().to_ascii_lowercase(), params })
    }
}

/// The generators kdalite knows, by name.
pub const GENERATORS: &[&str] = &["ticker"];

impl GeneratorSpec {
    /// The schema the generator produces, under the stream name it feeds.
    pub fn stream_def(&self, stream: &str) -> Result<crate::plan::StreamDef> {
        match self.name.as_str() {
            "ticker" => Ok(ticker::stream_def(stream)),
            other => crate::input_err!("unknown generator '{other}' (known: {})", GENERATORS.join(", ")),
        }
    }

    /// A running generator feeding `stream`.
    pub fn build(&self, stream: &str) -> Result<Box<dyn Source>> {
        match self.name.as_str() {
            "ticker" => {
                let mut config = ticker::TickerConfig::default();
                for (k, v) in &self.params {
                    let bad = || crate::error::Error::Input(format!("ticker setting {k}={v} is not valid"));
                    match k.as_str() {
                        "seed" => config.seed = v.parse().map_err(|_| bad())?,
                        "rate" => config.rate = v.parse().map_err(|_| bad())?,
                        "count" => config.count = Some(v.parse().map_err(|_| bad())?),
                        "start" => {
                            config.start = crate::plan::types::parse_timestamp(v).ok_or_else(bad)?;
                        }
                        _ => {
                            return crate::input_err!(
                                "ticker has no setting '{k}' (settings: seed, rate, count, start)"
                            )
                        }
                    }
                }
                Ok(Box::new(ticker::TickerGenerator::new(stream, config)?))
            }
            other => crate::input_err!("unknown generator '{other}' (known: {})", GENERATORS.join(", ")),
        }
    }
}
