//! What every generator shares: the settings (`seed`, `rate`, `count`, `start`), the chaos
//! knobs, and arrival order.
//!
//! A generator ([`Rows`]) makes rows in batches for given event times. [`Synthetic`] spaces
//! the rows on the virtual clock at `rate` rows per second from `start` (each row's *nominal*
//! time), applies the chaos knobs, and hands rows out in arrival (`ROWTIME`) order:
//!
//! - `skew=D`: each partition (a symbol, a device, a user) has its own clock, off by up to ±D;
//!   its rows' event times carry that offset.
//! - `jitter=D`: each row arrives up to D after its nominal time (out of order by up to D).
//! - `late=F`, `lateness=D` (default 60s): a fraction F of rows arrives D late (plus jitter).
//! - `duplicates=F`: a fraction F of rows arrives twice (the copy up to `jitter` later).
//! - `burst=D`: rows are held and arrive together at the next multiple of D.
//! - `idle_every=D`, `idle_for=E`: after every D of activity, no rows for E.
//!
//! Durations are milliseconds, or take a unit: `250ms`, `5s`, `2m`, `1h`. Row values come from
//! one seeded PCG stream and chaos from another, so turning a knob never changes what the rows
//! say, only when they arrive; the same settings give the same rows on every platform.

use std::collections::VecDeque;
use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch, TimestampMillisecondArray, UInt32Array};
use arrow_schema::SchemaRef;
use rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg32;

use super::{Polled, Source};
use crate::error::{Error, Result};
use crate::input_err;
use crate::plan::{ColumnDef, StreamDef};

/// A generator's rows.
pub trait Rows {
    /// Its columns, after `ROWTIME`.
    fn columns(&self) -> Vec<ColumnDef>;

    /// How many partitions with a clock of their own it has (for `skew`).
    fn partitions(&self) -> usize;

    /// The place of row `row` in the generator's sequence of events, which `rate` spaces
    /// out: the row itself, unless the rows are one kind of event among others (Nexmark's
    /// bids among persons and auctions).
    fn event_index(&self, row: u64) -> u64 {
        row
    }

    /// One column per [`Rows::columns`] for rows `first`, `first + 1`, … at these nominal
    /// times. A row of partition `p` has event time `nominal + skew[p]` (`skew` is empty
    /// without skew).
    fn batch(&mut self, rng: &mut Random, first: u64, nominal: &[i64], skew: &[i64]) -> Result<Vec<ArrayRef>>;
}

/// The event time of a row of `partition` at `nominal`: its partition's clock skew added
/// (`skew` is empty without skew).
pub fn skewed(nominal: i64, skew: &[i64], partition: usize) -> i64 {
    nominal + skew.get(partition).copied().unwrap_or(0)
}

/// Seeded randomness with the draws generators need, identical on every platform. PCG with
/// 64 bits of state: its step is one 64-bit multiply, which wasm does natively (a 128-bit
/// state, as `Pcg64` has, costs several emulated multiplies a draw there).
pub struct Random(Pcg32);

impl Random {
    pub fn new(seed: u64) -> Random {
        Random(Pcg32::seed_from_u64(seed))
    }

    /// A generator for one event among many, cheap to make (no seeding pass): draws that
    /// depend on the event's number only, not on the events generated before it.
    pub fn for_event(seed: u64, event: u64) -> Random {
        // SplitMix64's finalizer, so that neighbouring events start far apart.
        let mut z = seed ^ event.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Random(Pcg32::new(z ^ (z >> 31), 0xa02b_db4b_c0b5_9e4d))
    }

    /// 64 random bits.
    pub fn bits(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// 32 random bits.
    pub fn word(&mut self) -> u32 {
        self.0.next_u32()
    }

    /// Uniform in [0, 1), in steps of 2^-32.
    pub fn unit(&mut self) -> f64 {
        f64::from(self.word()) / 4_294_967_296.0
    }

    /// Uniform in [0, n).
    pub fn below(&mut self, n: usize) -> usize {
        // 32 random bits scaled to [0, n) by a multiply and a shift (n is small; the bias, at
        // most n / 2^32, is of no account here).
        ((u64::from(self.0.next_u32()) * n as u64) >> 32) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        p > 0.0 && self.unit() < p
    }

    /// Uniform in [lo, hi].
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        let span = hi - lo + 1;
        if (1..1 << 21).contains(&span) {
            // 32 random bits times the span, over 2^32: in integers, a multiply and a shift. As
            // a float the product is exact too below 2^53, so both give the same rows.
            lo + ((u64::from(self.word()) * span as u64) >> 32) as i64
        } else {
            lo + (self.unit() * span as f64) as i64
        }
    }
}

/// The settings every generator takes.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub seed: u64,
    /// Rows per second of virtual time.
    pub rate: f64,
    /// Stop after this many rows (duplicates not counted); `None` runs forever.
    pub count: Option<u64>,
    /// Nominal time of the first row, epoch milliseconds.
    pub start: i64,
    pub chaos: Chaos,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { seed: 42, rate: 10.0, count: None, start: super::DEFAULT_START, chaos: Chaos::default() }
    }
}

/// The chaos knobs (see the module).
#[derive(Debug, Clone, PartialEq)]
pub struct Chaos {
    pub skew: i64,
    pub jitter: i64,
    pub late: f64,
    pub lateness: i64,
    pub duplicates: f64,
    pub burst: i64,
    pub idle_every: i64,
    pub idle_for: i64,
}

impl Default for Chaos {
    fn default() -> Self {
        Chaos { skew: 0, jitter: 0, late: 0.0, lateness: 60_000, duplicates: 0.0, burst: 0, idle_every: 0, idle_for: 0 }
    }
}

/// The setting names every generator takes, for messages.
pub const SETTINGS: &str =
    "seed, rate, count, start, skew, jitter, late, lateness, duplicates, burst, idle_every, idle_for";

impl Settings {
    /// Applies `key=value`; `Ok(false)` if the key is not a common setting.
    pub fn set(&mut self, key: &str, value: &str) -> Result<bool> {
        let bad = |why: &str| Error::Input(format!("setting {key}={value}: {why}"));
        let fraction = || match value.parse::<f64>() {
            Ok(f) if (0.0..=1.0).contains(&f) => Ok(f),
            _ => Err(bad("expected a fraction from 0 to 1")),
        };
        let duration = || parse_duration(value).ok_or_else(|| bad("expected a duration such as 500, 250ms, 5s, 2m"));
        match key {
            "seed" => self.seed = value.parse().map_err(|_| bad("expected a whole number"))?,
            "rate" => match value.parse::<f64>() {
                Ok(r) if r > 0.0 && r.is_finite() => self.rate = r,
                _ => return Err(bad("expected a positive number of rows per second")),
            },
            "count" => self.count = Some(value.parse().map_err(|_| bad("expected a whole number"))?),
            "start" => {
                self.start = crate::plan::types::parse_timestamp(value).ok_or_else(|| bad("expected a timestamp"))?
            }
            "skew" => self.chaos.skew = duration()?,
            "jitter" => self.chaos.jitter = duration()?,
            "late" => self.chaos.late = fraction()?,
            "lateness" => self.chaos.lateness = duration()?,
            "duplicates" => self.chaos.duplicates = fraction()?,
            "burst" => self.chaos.burst = duration()?,
            "idle_every" => self.chaos.idle_every = duration()?,
            "idle_for" => self.chaos.idle_for = duration()?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// `500`, `250ms`, `5s`, `2m`, `1h` as milliseconds.
pub fn parse_duration(text: &str) -> Option<i64> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let scale = match unit.trim() {
        "" | "ms" => 1.0,
        "s" => 1_000.0,
        "m" | "min" => 60_000.0,
        "h" => 3_600_000.0,
        _ => return None,
    };
    let ms = number * scale;
    (0.0..1e15).contains(&ms).then_some(ms as i64)
}

/// A generator on the virtual clock: rows in arrival order, chaos applied.
pub struct Synthetic<R: Rows> {
    rows: R,
    settings: Settings,
    schema: SchemaRef,
    values: Random,
    chaos: Random,
    /// Per partition, its clock's offset.
    skew: Vec<i64>,
    /// Rows made so far (their nominal times are spoken for).
    made: u64,
    /// Rows made that have not arrived yet, in arrival order (`ROWTIME` first) from chunk to
    /// chunk, and how many.
    pending: VecDeque<RecordBatch>,
    pending_rows: usize,
    /// Rows handed out so far.
    emitted: u64,
}

/// Where a generator is: rows made, and rows handed out (a prefix of them in arrival order).
#[derive(serde::Serialize, serde::Deserialize)]
struct SavedPosition {
    made: u64,
    emitted: u64,
}

/// Rows made per step, at least.
const CHUNK: usize = 4096;

impl<R: Rows> Synthetic<R> {
    pub fn new(stream: &str, rows: R, settings: Settings) -> Result<Synthetic<R>> {
        if !(settings.rate > 0.0 && settings.rate.is_finite()) {
            return input_err!("rate must be a positive number of rows per second, not {}", settings.rate);
        }
        let schema = StreamDef::new(stream, rows.columns()).schema;
        let mut chaos = Random::new(settings.seed ^ 0x6368_616f_735f_6b64);
        let skew = if settings.chaos.skew > 0 {
            (0..rows.partitions()).map(|_| chaos.between(-settings.chaos.skew, settings.chaos.skew)).collect()
        } else {
            vec![]
        };
        Ok(Synthetic {
            values: Random::new(settings.seed),
            chaos,
            skew,
            rows,
            settings,
            schema,
            made: 0,
            pending: VecDeque::new(),
            pending_rows: 0,
            emitted: 0,
        })
    }

    /// The nominal time of row `index`: `rate` rows a second from `start`, with idle gaps.
    fn nominal(&self, index: u64) -> i64 {
        // Not negative, so truncating is flooring (and needs no call to floor).
        self.at_active((self.rows.event_index(index) as f64 * 1000.0 / self.settings.rate) as i64)
    }

    /// The nominal time of an event `active` ms of activity after the start: idle gaps added.
    fn at_active(&self, active: i64) -> i64 {
        let c = &self.settings.chaos;
        let idle = if c.idle_every > 0 && c.idle_for > 0 { active / c.idle_every * c.idle_for } else { 0 };
        self.settings.start.saturating_add(active).saturating_add(idle)
    }

    /// The nominal times of rows `first..first + n`, as [`Synthetic::nominal`] gives them.
    /// With a whole rate, without a division per row: `event × 1000 / rate` as a quotient and
    /// remainder carried from event to event. That is the floor of the float quotient
    /// `nominal` takes while `event × 1000 < 2^53`: a quotient at least 1/rate below an
    /// integer is not rounded up to it.
    fn nominals(&self, first: u64, n: usize) -> Vec<i64> {
        let rate = self.settings.rate;
        let last_event = self.rows.event_index(first + n as u64);
        let exact = rate >= 1.0 && rate.fract() == 0.0 && rate < 4e9 && last_event < (1 << 53) / 1000;
        if !exact {
            return (0..n as u64).map(|i| self.nominal(first + i)).collect();
        }
        let rate = rate as u64;
        let mut event = self.rows.event_index(first);
        let (mut quotient, mut remainder) = (event * 1000 / rate, event * 1000 % rate);
        // The last step between events and its quotient and remainder: steps repeat.
        let mut step = (0, 0, 0);
        let mut out = Vec::with_capacity(n);
        for i in 0..n as u64 {
            if i > 0 {
                let next = self.rows.event_index(first + i);
                let d = next - event;
                if d != step.0 {
                    step = (d, d * 1000 / rate, d * 1000 % rate);
                }
                event = next;
                quotient += step.1;
                remainder += step.2;
                if remainder >= rate {
                    quotient += 1;
                    remainder -= rate;
                }
            }
            out.push(self.at_active(quotient as i64));
        }
        out
    }

    /// When the first pending row arrives.
    fn first_pending(&self) -> Option<i64> {
        self.pending.front().and_then(|p| rowtimes(p).first().copied())
    }

    fn all_made(&self) -> bool {
        self.settings.count.is_some_and(|c| self.made >= c)
    }

    /// Makes up to `n` more rows and adds them to `pending`, in arrival order.
    fn make(&mut self, n: usize) -> Result<()> {
        let n = match self.settings.count {
            Some(c) => n.min((c - self.made.min(c)) as usize),
            None => n,
        };
        if n == 0 {
            return Ok(());
        }
        let nominal = self.nominals(self.made, n);
        self.made += n as u64;
        let columns = self.rows.batch(&mut self.values, self.made - n as u64, &nominal, &self.skew)?;
        let c = &self.settings.chaos;
        let fresh = if *c == Chaos::default() {
            // Rows arrive when they happen: already in order.
            let mut out: Vec<ArrayRef> = vec![Arc::new(TimestampMillisecondArray::from(nominal))];
            out.extend(columns);
            RecordBatch::try_new(self.schema.clone(), out)?
        } else {
            // Each row's arrivals: itself, and its copy when duplicated.
            let mut arrivals: Vec<(i64, u32)> = Vec::with_capacity(n);
            for (row, &t) in nominal.iter().enumerate() {
                let mut arrival = t;
                if c.jitter > 0 {
                    arrival += self.chaos.between(0, c.jitter);
                }
                if self.chaos.chance(c.late) {
                    arrival += c.lateness;
                }
                arrivals.push((arrival, row as u32));
                if self.chaos.chance(c.duplicates) {
                    arrivals.push((arrival + self.chaos.between(0, c.jitter), row as u32));
                }
            }
            if c.burst > 0 {
                for (arrival, _) in &mut arrivals {
                    *arrival = arrival.div_euclid(c.burst) * c.burst
                        + if arrival.rem_euclid(c.burst) == 0 { 0 } else { c.burst };
                }
            }
            // Stable: rows arriving together keep their nominal order.
            arrivals.sort_by_key(|(arrival, _)| *arrival);
            let take = UInt32Array::from(arrivals.iter().map(|(_, row)| *row).collect::<Vec<_>>());
            let mut out: Vec<ArrayRef> =
                vec![Arc::new(TimestampMillisecondArray::from(arrivals.iter().map(|(a, _)| *a).collect::<Vec<_>>()))];
            for column in &columns {
                out.push(arrow_select::take::take(column.as_ref(), &take, None)?);
            }
            RecordBatch::try_new(self.schema.clone(), out)?
        };
        self.pending_rows += fresh.num_rows();
        let in_order = match (self.pending.back(), rowtimes(&fresh).first()) {
            (Some(last), Some(first)) => rowtimes(last).last().is_none_or(|t| t <= first),
            _ => true,
        };
        if in_order {
            self.pending.push_back(fresh);
        } else {
            // Rows that arrive among pending ones: merge them in.
            let old = arrow_select::concat::concat_batches(&self.schema, self.pending.iter())?;
            self.pending = VecDeque::from([merge_by_rowtime(&self.schema, &old, &fresh)?]);
        }
        Ok(())
    }
}

fn rowtimes(batch: &RecordBatch) -> &[i64] {
    batch.column(0).as_any().downcast_ref::<TimestampMillisecondArray>().map_or(&[], |t| t.values())
}

/// Two batches each in `ROWTIME` order as one, `a`'s rows first among equal times.
fn merge_by_rowtime(schema: &SchemaRef, a: &RecordBatch, b: &RecordBatch) -> Result<RecordBatch> {
    use arrow_array::cast::AsArray;
    use arrow_array::types::TimestampMillisecondType;
    let (ta, tb) = (
        a.column(0).as_primitive::<TimestampMillisecondType>().values(),
        b.column(0).as_primitive::<TimestampMillisecondType>().values(),
    );
    let (mut i, mut j) = (0, 0);
    let mut order: Vec<(usize, usize)> = Vec::with_capacity(ta.len() + tb.len());
    while i < ta.len() || j < tb.len() {
        if j == tb.len() || (i < ta.len() && ta[i] <= tb[j]) {
            order.push((0, i));
            i += 1;
        } else {
            order.push((1, j));
            j += 1;
        }
    }
    let columns = (0..schema.fields().len())
        .map(|c| arrow_select::interleave::interleave(&[a.column(c).as_ref(), b.column(c).as_ref()], &order))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(RecordBatch::try_new(schema.clone(), columns)?)
}

impl<R: Rows> Source for Synthetic<R> {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    fn poll(&mut self, now: i64, max_rows: usize) -> Result<Polled> {
        // Every row arrives at or after its nominal time: a pending row may go once no row
        // still to be made could arrive before it.
        while !self.all_made() && self.nominal(self.made) <= now && self.pending_rows < max_rows {
            self.make(CHUNK.max(max_rows - self.pending_rows))?;
        }
        let bound = if self.all_made() { now } else { now.min(self.nominal(self.made) - 1) };
        let Some(front) = self.pending.pop_front() else { return Ok(Polled::default()) };
        let ready = rowtimes(&front).partition_point(|t| *t <= bound).min(max_rows);
        if ready < front.num_rows() {
            self.pending.push_front(front.slice(ready, front.num_rows() - ready));
        }
        self.pending_rows -= ready;
        self.emitted += ready as u64;
        Ok(Polled { batch: (ready > 0).then(|| front.slice(0, ready)), bad_rows: vec![] })
    }

    fn next_arrival(&self) -> Option<i64> {
        let next_made = (!self.all_made()).then(|| self.nominal(self.made));
        match (self.first_pending(), next_made) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn is_exhausted(&self) -> bool {
        self.all_made() && self.pending_rows == 0
    }

    fn save(&self) -> Result<Vec<u8>> {
        crate::state::encode(&SavedPosition { made: self.made, emitted: self.emitted })
    }

    /// Makes the rows again (the same seed gives the same rows, in any chunks) and drops the
    /// ones handed out: the pending rows are then those of the checkpoint.
    fn load(&mut self, bytes: &[u8]) -> Result<()> {
        let saved: SavedPosition = crate::state::decode(bytes)?;
        let mut to_drop = saved.emitted;
        while self.made < saved.made || to_drop > 0 {
            if self.made < saved.made {
                self.make(CHUNK.min((saved.made - self.made) as usize))?;
            }
            // Only rows no later row can come before are in their final order (as in poll).
            let bound = if self.made < saved.made { self.nominal(self.made) - 1 } else { i64::MAX };
            while to_drop > 0 {
                let Some(front) = self.pending.pop_front() else { break };
                let n = rowtimes(&front).partition_point(|t| *t <= bound).min(to_drop as usize);
                if n < front.num_rows() {
                    self.pending.push_front(front.slice(n, front.num_rows() - n));
                }
                self.pending_rows -= n;
                to_drop -= n as u64;
                if n == 0 {
                    break;
                }
            }
            if self.made >= saved.made && to_drop > 0 && self.pending_rows == 0 {
                break;
            }
        }
        if to_drop > 0 || self.made != saved.made {
            return crate::input_err!("the checkpoint's generator position does not fit this generator");
        }
        self.emitted = saved.emitted;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use arrow_array::cast::AsArray;
    use arrow_array::types::TimestampMillisecondType;

    use super::*;
    use crate::source::ticker::Ticker;

    /// Every row of a run, in the order handed out: (ROWTIME, the rest as text, EVENT_TIME).
    fn run(settings: Settings) -> Vec<(i64, String, i64)> {
        let mut source = Synthetic::new("S", Ticker::default(), settings).unwrap();
        let mut rows = Vec::new();
        let mut now = i64::MIN;
        while !source.is_exhausted() {
            now = source.next_arrival().unwrap().max(now) + 700;
            let Some(batch) = source.poll(now, 100).unwrap().batch else { continue };
            let times = batch.column(0).as_primitive::<TimestampMillisecondType>();
            let events = batch.column(5).as_primitive::<TimestampMillisecondType>();
            for row in 0..batch.num_rows() {
                assert!(times.value(row) <= now, "nothing arrives before its time");
                let text = crate::output::row_text(&batch.project(&[1, 2, 3, 4]).unwrap(), row);
                rows.push((times.value(row), text, events.value(row)));
            }
        }
        rows
    }

    fn settings(chaos: Chaos) -> Settings {
        Settings { count: Some(2000), rate: 50.0, chaos, ..Settings::default() }
    }

    #[test]
    fn nominal_times_without_a_division_are_the_float_quotients() {
        use crate::source::nexmark::{Nexmark, Table};
        let idle = Chaos { idle_every: 7_000, idle_for: 3_000, ..Chaos::default() };
        for rate in [1.0, 3.0, 7.0, 50.0, 999.0, 1000.0, 12_345.0, 999_983.0, 10_000_000.0, 0.5, 2.5, 1e10] {
            for chaos in [Chaos::default(), idle.clone()] {
                let settings = Settings { rate, chaos, ..Settings::default() };
                let ticker = Synthetic::new("S", Ticker::default(), settings.clone()).unwrap();
                let bids = Synthetic::new("B", Nexmark::new(Table::Bid, 1), settings.clone()).unwrap();
                let persons = Synthetic::new("P", Nexmark::new(Table::Person, 1), settings).unwrap();
                for first in [0, 1, 44, 45, 46, 1_000_003, (1 << 40) + 17] {
                    let each = |n: &dyn Fn(u64) -> i64| (0..300).map(|i| n(first + i)).collect::<Vec<_>>();
                    assert_eq!(ticker.nominals(first, 300), each(&|i| ticker.nominal(i)), "ticker {rate} {first}");
                    assert_eq!(bids.nominals(first, 300), each(&|i| bids.nominal(i)), "bids {rate} {first}");
                    assert_eq!(persons.nominals(first, 300), each(&|i| persons.nominal(i)), "persons {rate} {first}");
                }
            }
        }
    }

    #[test]
    fn chaos_changes_arrivals_never_values() {
        let plain = run(settings(Chaos::default()));
        assert!(plain.iter().all(|(rowtime, _, event)| rowtime == event));
        let chaos = Chaos { jitter: 2_000, late: 0.05, lateness: 30_000, duplicates: 0.1, ..Chaos::default() };
        let rows = run(settings(chaos));
        assert!(rows.windows(2).all(|w| w[0].0 <= w[1].0), "handed out in ROWTIME order");
        assert!(rows.iter().all(|(rowtime, _, event)| rowtime >= event), "nothing arrives before it happens");
        let late = rows.iter().filter(|(rowtime, _, event)| rowtime - event >= 30_000).count();
        let duplicates = rows.len() - 2000;
        assert!((60..=140).contains(&late), "about 5% of 2000 rows late, not {late}");
        assert!((150..=250).contains(&duplicates), "about 10% of 2000 rows twice, not {duplicates}");
        // The same rows as without chaos, copies aside.
        let mut distinct: Vec<(i64, String)> = rows.iter().map(|(_, text, event)| (*event, text.clone())).collect();
        distinct.sort();
        distinct.dedup();
        let mut expected: Vec<(i64, String)> = plain.into_iter().map(|(_, text, event)| (event, text)).collect();
        expected.sort();
        assert_eq!(distinct, expected);
    }

    #[test]
    fn bursts_idle_periods_and_skew() {
        let rows = run(settings(Chaos { burst: 5_000, ..Chaos::default() }));
        assert!(rows.iter().all(|(rowtime, _, _)| (rowtime - Settings::default().start) % 5_000 == 0));

        let rows = run(settings(Chaos { idle_every: 10_000, idle_for: 20_000, ..Chaos::default() }));
        let gaps = rows.windows(2).filter(|w| w[1].0 - w[0].0 >= 20_000).count();
        assert_eq!(gaps, 3, "2000 rows at 50/s: 40 s of activity, idle after each 10 s");

        let rows = run(settings(Chaos { skew: 3_000, ..Chaos::default() }));
        let offsets: std::collections::BTreeMap<String, std::collections::BTreeSet<i64>> =
            rows.iter().fold(Default::default(), |mut m, (rowtime, text, event)| {
                let symbol = text.split(',').next().unwrap().to_string();
                m.entry(symbol).or_default().insert(event - rowtime);
                m
            });
        assert!(offsets.values().all(|o| o.len() == 1), "one clock offset per symbol");
        assert!(offsets.values().flatten().all(|o| o.abs() <= 3_000));
        assert!(offsets.values().flatten().any(|o| *o != 0));
    }

    /// `between` in integers gives what the float formula gave, so rows stay as they were.
    #[test]
    fn between_in_integers_is_the_float_formula() {
        let (mut ints, mut floats) = (Random::new(9), Random::new(9));
        for i in 0..200_000i64 {
            let (lo, span) = (i % 7 - 3, 1 + (i * 7919) % ((1 << 21) - 1));
            let expected = lo + (floats.unit() * span as f64) as i64;
            assert_eq!(ints.between(lo, lo + span - 1), expected, "span {span}");
        }
    }

    #[test]
    fn durations_take_units() {
        assert_eq!(parse_duration("250"), Some(250));
        assert_eq!(parse_duration("250ms"), Some(250));
        assert_eq!(parse_duration("1.5s"), Some(1_500));
        assert_eq!(parse_duration("2m"), Some(120_000));
        assert_eq!(parse_duration("1h"), Some(3_600_000));
        assert_eq!(parse_duration("soon"), None);
        assert_eq!(parse_duration("-5s"), None);
    }
}
