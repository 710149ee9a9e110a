//! Where input rows come from: seeded generators (`synth` for what they share: rate, chaos,
//! arrival order) and files.
//!
//! A [`Source`] hands the runtime the rows that have arrived by a given virtual time, each
//! with its `ROWTIME` (arrival time) first. Sources never read the wall clock.

pub mod datagen;
pub mod file;
pub mod generators;
pub mod mapped;
pub mod nexmark;
#[cfg(all(feature = "parquet", not(target_arch = "wasm32")))]
pub mod parquet;
pub mod synth;
pub mod ticker;
pub mod values;

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

/// A batch of `rows` rows from `columns` without the rows not `ok`, and the bad rows: `first`
/// (found before the columns were made), then the others in row order.
pub(crate) fn keep_good_rows(
    schema: &SchemaRef,
    columns: Vec<arrow_array::ArrayRef>,
    rows: usize,
    ok: Vec<bool>,
    first: Vec<BadRow>,
    mut others: Vec<(usize, BadRow)>,
) -> Result<Polled> {
    let batch = RecordBatch::try_new_with_options(
        schema.clone(),
        columns,
        &arrow_array::RecordBatchOptions::new().with_row_count(Some(rows)),
    )?;
    let batch = if ok.iter().all(|v| *v) {
        batch
    } else {
        arrow_select::filter::filter_record_batch(&batch, &arrow_array::BooleanArray::from(ok))?
    };
    others.sort_by_key(|(row, _)| *row);
    let mut bad_rows = first;
    bad_rows.extend(others.into_iter().map(|(_, b)| b));
    Ok(Polled { batch: (batch.num_rows() > 0).then_some(batch), bad_rows })
}

/// What a source produced for one poll.
#[derive(Debug, Default)]
pub struct Polled {
    pub batch: Option<RecordBatch>,
    pub bad_rows: Vec<BadRow>,
}

/// 2026-01-01 00:00:00 UTC: where virtual time starts unless told otherwise.
pub const DEFAULT_START: i64 = 1_767_225_600_000;

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

    /// Where the source is, for a checkpoint: enough to carry on from there.
    fn save(&self) -> Result<Vec<u8>> {
        crate::input_err!("this input cannot be checkpointed yet")
    }

    /// Moves a source just made (nothing read yet) to where [`Source::save`] said it was.
    fn load(&mut self, _bytes: &[u8]) -> Result<()> {
        crate::input_err!("this input cannot be restored yet")
    }
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
pub const GENERATORS: &[&str] = &["ticker", "sensors", "clicks", "weblogs", "hotspots", "nexmark"];

impl GeneratorSpec {
    /// The generator's rows as text into `out`, as `kdalite generate` writes them: JSON lines,
    /// or CSV with a header (`csv`), without a `stream` column (they are input rows). Ends with
    /// the generator, or quietly when `out` is closed (a reader such as `| head` went away).
    pub fn write_text(&self, csv: bool, out: &mut dyn std::io::Write) -> Result<()> {
        let mut source = self.build(ticker::DEFAULT_STREAM)?;
        let mut writer = crate::output::CsvWriter::default();
        let mut now = DEFAULT_START;
        let mut text = Vec::new();
        while !source.is_exhausted() {
            let Some(next) = source.next_arrival() else { break };
            // An hour on: a generator makes the same rows in any chunks, and a batch of
            // 4,096 rows writes faster than a second's (10 of the ticker's).
            now = now.max(next).saturating_add(3_600_000);
            let Some(batch) = source.poll(now, 4096)?.batch else { continue };
            text.clear();
            if csv {
                writer.write(None, &batch, &mut text)?;
            } else {
                crate::output::write_json_lines(None, &batch, &mut text)?;
            }
            if out.write_all(&text).is_err() {
                return Ok(());
            }
        }
        out.flush().map_err(|e| crate::error::Error::Input(e.to_string()))
    }

    /// The schema the generator produces, under the stream name it feeds.
    pub fn stream_def(&self, stream: &str) -> Result<crate::plan::StreamDef> {
        Ok(crate::plan::StreamDef::new(stream, self.rows()?.0.columns()))
    }

    /// A running generator feeding `stream`.
    pub fn build(&self, stream: &str) -> Result<Box<dyn Source>> {
        let (rows, settings) = self.rows()?;
        Ok(Box::new(synth::Synthetic::new(stream, rows, settings)?))
    }

    /// The generator's rows and its settings, from the spec.
    fn rows(&self) -> Result<(Box<dyn synth::Rows>, synth::Settings)> {
        let mut settings = synth::Settings::default();
        // Settings of one generator only: (name, value).
        let mut own: Vec<(&str, &str)> = Vec::new();
        for (k, v) in &self.params {
            if !settings.set(k, v)? {
                own.push((k, v));
            }
        }
        let own_usize = |key: &str, default: usize| -> Result<usize> {
            match own.iter().find(|(k, _)| *k == key) {
                Some((_, v)) => match v.parse::<usize>() {
                    Ok(n) if (1..=1_000_000).contains(&n) => Ok(n),
                    _ => crate::input_err!("setting {key}={v}: expected a whole number from 1 to 1000000"),
                },
                None => Ok(default),
            }
        };
        let (rows, known): (Box<dyn synth::Rows>, &[&str]) = match self.name.as_str() {
            "ticker" => (Box::new(ticker::Ticker::default()), &[]),
            "sensors" => {
                let mut sensors = generators::Sensors::new(own_usize("devices", 20)?, settings.seed);
                if let Some((_, v)) = own.iter().find(|(k, _)| *k == "anomalies") {
                    sensors.anomalies = match v.parse::<f64>() {
                        Ok(f) if (0.0..=1.0).contains(&f) => f,
                        _ => return crate::input_err!("setting anomalies={v}: expected a fraction from 0 to 1"),
                    };
                }
                (Box::new(sensors), &["devices", "anomalies"])
            }
            "clicks" => (Box::new(generators::Clicks::new(own_usize("users", 50)?)), &["users"]),
            "weblogs" => (Box::new(generators::Weblogs::new(own_usize("clients", 200)?, settings.seed)), &["clients"]),
            "hotspots" => (Box::new(generators::Hotspots::new(settings.seed)), &[]),
            "nexmark" => {
                let table = match own.iter().find(|(k, _)| *k == "table").map(|(_, v)| *v) {
                    None | Some("bid") => nexmark::Table::Bid,
                    Some("auction") => nexmark::Table::Auction,
                    Some("person") => nexmark::Table::Person,
                    Some("event") => nexmark::Table::Event,
                    Some(other) => {
                        return crate::input_err!("setting table={other}: expected bid, auction, person or event")
                    }
                };
                (Box::new(nexmark::Nexmark::new(table, settings.seed)), &["table"])
            }
            other => return crate::input_err!("unknown generator '{other}' (known: {})", GENERATORS.join(", ")),
        };
        if let Some((k, _)) = own.iter().find(|(k, _)| !known.contains(k)) {
            let extra = if known.is_empty() { String::new() } else { format!(", {}", known.join(", ")) };
            return crate::input_err!("{} has no setting '{k}' (settings: {}{extra})", self.name, synth::SETTINGS);
        }
        Ok((rows, settings))
    }
}

impl<R: synth::Rows + ?Sized> synth::Rows for Box<R> {
    fn columns(&self) -> Vec<crate::plan::ColumnDef> {
        (**self).columns()
    }

    fn partitions(&self) -> usize {
        (**self).partitions()
    }

    fn event_index(&self, row: u64) -> u64 {
        (**self).event_index(row)
    }

    fn batch(
        &mut self,
        rng: &mut synth::Random,
        first: u64,
        nominal: &[i64],
        skew: &[i64],
    ) -> Result<Vec<arrow_array::ArrayRef>> {
        (**self).batch(rng, first, nominal, skew)
    }
}
