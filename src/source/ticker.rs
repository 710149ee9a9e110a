//! KDA's demo stock-ticker stream: `TICKER_SYMBOL VARCHAR(4), SECTOR VARCHAR(16), CHANGE REAL,
//! PRICE REAL`, and the trade's `EVENT_TIME`. Prices walk randomly per symbol; `CHANGE` is the
//! difference from that symbol's previous price.

use std::sync::Arc;

use arrow_array::{ArrayRef, Float32Array, StringArray, TimestampMillisecondArray};

use super::synth::{skewed, Random, Rows};
use crate::error::Result;
use crate::plan::{ColumnDef, SqlType};

/// The stream name KDA gives the first input.
pub const DEFAULT_STREAM: &str = "SOURCE_SQL_STREAM_001";

pub(crate) const SYMBOLS: &[(&str, &str, f32)] = &[
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

/// The ticker's rows: prices walking per symbol. `EVENT_TIME` is when the trade happened
/// (it differs from `ROWTIME` with the chaos knobs; KDA's stagger example reads it).
pub struct Ticker {
    prices: Vec<f32>,
}

impl Default for Ticker {
    fn default() -> Self {
        Ticker { prices: SYMBOLS.iter().map(|s| s.2).collect() }
    }
}

impl Rows for Ticker {
    fn columns(&self) -> Vec<ColumnDef> {
        vec![
            ColumnDef { name: "TICKER_SYMBOL".into(), sql_type: SqlType::Varchar(Some(4)) },
            ColumnDef { name: "SECTOR".into(), sql_type: SqlType::Varchar(Some(16)) },
            ColumnDef { name: "CHANGE".into(), sql_type: SqlType::Real },
            ColumnDef { name: "PRICE".into(), sql_type: SqlType::Real },
            ColumnDef { name: "EVENT_TIME".into(), sql_type: SqlType::Timestamp },
        ]
    }

    fn partitions(&self) -> usize {
        SYMBOLS.len()
    }

    fn batch(&mut self, rng: &mut Random, _first: u64, nominal: &[i64], skew: &[i64]) -> Result<Vec<ArrayRef>> {
        let n = nominal.len();
        let (mut symbols, mut sectors, mut changes, mut prices, mut times) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        for &t in nominal {
            let i = rng.below(SYMBOLS.len());
            // A step of up to ±1% of the price, never below one cent.
            let old = self.prices[i];
            let step = ((rng.unit() - 0.5) * 0.02) as f32 * old;
            let new = ((old + step).max(0.01) * 100.0).round() / 100.0;
            self.prices[i] = new;
            symbols.push(SYMBOLS[i].0);
            sectors.push(SYMBOLS[i].1);
            changes.push(((new - old) * 100.0).round() / 100.0);
            prices.push(new);
            times.push(skewed(t, skew, i));
        }
        Ok(vec![
            Arc::new(StringArray::from(symbols)),
            Arc::new(StringArray::from(sectors)),
            Arc::new(Float32Array::from(changes)),
            Arc::new(Float32Array::from(prices)),
            Arc::new(TimestampMillisecondArray::from(times)),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::synth::{Settings, Synthetic};
    use crate::source::Source;
    use crate::source::DEFAULT_START;

    #[test]
    fn same_seed_same_rows_and_rate_is_kept() {
        let settings = Settings { count: Some(50), ..Settings::default() };
        let mut a = Synthetic::new(DEFAULT_STREAM, Ticker::default(), settings.clone()).unwrap();
        let mut b = Synthetic::new(DEFAULT_STREAM, Ticker::default(), settings).unwrap();
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
