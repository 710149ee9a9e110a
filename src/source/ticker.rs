//! KDA's demo stock-ticker stream: `TICKER_SYMBOL VARCHAR(4), SECTOR VARCHAR(16), CHANGE REAL,
//! PRICE REAL`. Prices walk randomly per symbol; `CHANGE` is the difference from that symbol's
//! previous price. Seeded with PCG, so the same settings give the same rows on every platform.

use std::sync::Arc;

use arrow_array::{Float32Array, RecordBatch, StringArray, TimestampMillisecondArray};
use arrow_schema::SchemaRef;
use rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg64;

use super::{Polled, Source};
use crate::error::Result;
use crate::input_err;
use crate::plan::{ColumnDef, SqlType, StreamDef};

/// The stream name KDA gives the first input.
pub const DEFAULT_STREAM: &str = "SOURCE_SQL_STREAM_001";

const SYMBOLS: &[(&str, &str, f32)] = &[
    ("AAPL", "TECHNOLOGY", 190.0),
    ("AMZN", "TECHNOLOGY", 180.0),
    ("MSFT", "TECHNOLOGY", 420.0),
    ("GOOG", "TECHNOLOGY", 170.0),
    ("INTC", "TECHNOLOGY", 30.0),
    ("CRM", "TECHNOLOGY", 280.0),
    ("JPM", "FINANCIAL", 200.0),
    ("BAC", "FINANCIAL", 38.0),
    ("WFC", "FINANCIAL", 60.0),
    ("GS", "FINANCIAL", 470.0),
    ("XOM", "ENERGY", 115.0),
    ("CVX", "ENERGY", 155.0),
    ("SLB", "ENERGY", 45.0),
    ("JNJ", "HEALTHCARE", 150.0),
    ("PFE", "HEALTHCARE", 28.0),
    ("UNH", "HEALTHCARE", 500.0),
    ("MRK", "HEALTHCARE", 110.0),
    ("WMT", "RETAIL", 65.0),
    ("TGT", "RETAIL", 140.0),
    ("HD", "RETAIL", 360.0),
    ("KO", "CONSUMER", 62.0),
    ("PEP", "CONSUMER", 170.0),
    ("NKE", "CONSUMER", 90.0),
    ("BA", "MANUFACTURING", 190.0),
    ("CAT", "MANUFACTURING", 340.0),
    ("GE", "MANUFACTURING", 160.0),
];

/// Settings of the ticker generator.
#[derive(Debug, Clone, PartialEq)]
pub struct TickerConfig {
    pub seed: u64,
    /// Events per second of virtual time.
    pub rate: f64,
    /// Stop after this many rows; `None` runs forever.
    pub count: Option<u64>,
    /// Arrival time of the first row, epoch milliseconds.
    pub start: i64,
}

impl Default for TickerConfig {
    fn default() -> Self {
        TickerConfig { seed: 42, rate: 10.0, count: None, start: DEFAULT_START }
    }
}

/// 2026-01-01 00:00:00 UTC: where virtual time starts unless told otherwise.
pub const DEFAULT_START: i64 = 1_767_225_600_000;

pub fn stream_def(name: &str) -> StreamDef {
    StreamDef::new(
        name,
        vec![
            ColumnDef { name: "TICKER_SYMBOL".into(), sql_type: SqlType::Varchar(Some(4)) },
            ColumnDef { name: "SECTOR".into(), sql_type: SqlType::Varchar(Some(16)) },
            ColumnDef { name: "CHANGE".into(), sql_type: SqlType::Real },
            ColumnDef { name: "PRICE".into(), sql_type: SqlType::Real },
        ],
    )
}

pub struct TickerGenerator {
    config: TickerConfig,
    schema: SchemaRef,
    rng: Pcg64,
    prices: Vec<f32>,
    emitted: u64,
}

impl TickerGenerator {
    pub fn new(stream: &str, config: TickerConfig) -> Result<TickerGenerator> {
        if !(config.rate > 0.0 && config.rate.is_finite()) {
            return input_err!("ticker rate must be a positive number of events per second, not {}", config.rate);
        }
        Ok(TickerGenerator {
            schema: stream_def(stream).schema,
            rng: Pcg64::seed_from_u64(config.seed),
            prices: SYMBOLS.iter().map(|s| s.2).collect(),
            emitted: 0,
            config,
        })
    }

    fn arrival(&self, index: u64) -> i64 {
        self.config.start + ((index as f64) * 1000.0 / self.config.rate).floor() as i64
    }

    /// A uniform float in [0, 1) from the top 53 bits: the same on every platform.
    fn unit(&mut self) -> f64 {
        (self.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

impl Source for TickerGenerator {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    fn poll(&mut self, now: i64, max_rows: usize) -> Result<Polled> {
        let (mut times, mut symbols, mut sectors, mut changes, mut prices) = (vec![], vec![], vec![], vec![], vec![]);
        while times.len() < max_rows && !self.is_exhausted() && self.arrival(self.emitted) <= now {
            let i = (self.unit() * SYMBOLS.len() as f64) as usize % SYMBOLS.len();
            // A step of up to ±1% of the price, never below one cent.
            let old = self.prices[i];
            let step = ((self.unit() - 0.5) * 0.02) as f32 * old;
            let new = ((old + step).max(0.01) * 100.0).round() / 100.0;
            self.prices[i] = new;
            times.push(self.arrival(self.emitted));
            symbols.push(SYMBOLS[i].0);
            sectors.push(SYMBOLS[i].1);
            changes.push(((new - old) * 100.0).round() / 100.0);
            prices.push(new);
            self.emitted += 1;
        }
        if times.is_empty() {
            return Ok(Polled::default());
        }
        let batch = RecordBatch::try_new(
            self.schema.clone(),
            vec![
                Arc::new(TimestampMillisecondArray::from(times)),
                Arc::new(StringArray::from(symbols)),
                Arc::new(StringArray::from(sectors)),
                Arc::new(Float32Array::from(changes)),
                Arc::new(Float32Array::from(prices)),
            ],
        )?;
        Ok(Polled { batch: Some(batch), bad_rows: vec![] })
    }

    fn next_arrival(&self) -> Option<i64> {
        (!self.is_exhausted()).then(|| self.arrival(self.emitted))
    }

    fn is_exhausted(&self) -> bool {
        self.config.count.is_some_and(|c| self.emitted >= c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_rows_and_rate_is_kept() {
        let config = TickerConfig { count: Some(50), ..TickerConfig::default() };
        let mut a = TickerGenerator::new(DEFAULT_STREAM, config.clone()).unwrap();
        let mut b = TickerGenerator::new(DEFAULT_STREAM, config).unwrap();
        let one_second = DEFAULT_START + 999;
        let ba = a.poll(one_second, 1000).unwrap().batch.unwrap();
        let bb = b.poll(one_second, 1000).unwrap().batch.unwrap();
        assert_eq!(ba, bb);
        assert_eq!(ba.num_rows(), 10, "10 rows per second at rate 10");
        let rest = a.poll(i64::MAX, 1000).unwrap().batch.unwrap();
        assert_eq!(rest.num_rows(), 40);
        assert!(a.is_exhausted());
    }
}
