//! Accumulators for aggregate functions: small serializable states that update row by row
//! and merge, so a window operator can pre-aggregate a batch and fold it into stored state.

use std::collections::VecDeque;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int64Type};
use arrow_array::{Array, ArrayRef, Float64Array, Int64Array, RecordBatch};
use arrow_schema::DataType;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::exec::expr::evaluate;
use crate::plan::{AggregateExpr, AggregateFunction, ScalarValue};

/// One aggregate's argument column for a batch, viewed so that the common numeric cases
/// update accumulators without building a `ScalarValue` per row.
pub enum ArgColumn {
    /// `COUNT(*)`.
    Star,
    /// Integers widened to i64, for COUNT, SUM and AVG.
    Int(Int64Array),
    /// Floats widened to f64, for COUNT, SUM and AVG.
    Float(Float64Array),
    /// Everything else, through `ScalarValue`.
    Any(ArrayRef),
}

impl ArgColumn {
    /// The argument at `row` as a value (`COUNT(*)` counts 1 per row).
    pub fn value(&self, row: usize) -> Result<ScalarValue> {
        Ok(match self {
            ArgColumn::Star => ScalarValue::Int64(1),
            ArgColumn::Int(a) if a.is_valid(row) => ScalarValue::Int64(a.value(row)),
            ArgColumn::Float(a) if a.is_valid(row) => ScalarValue::Float64(a.value(row)),
            ArgColumn::Int(_) | ArgColumn::Float(_) => ScalarValue::Null,
            ArgColumn::Any(a) => ScalarValue::try_from_array(a.as_ref(), row)?,
        })
    }

    /// `aggregate`'s argument evaluated over `batch`, in the view that suits the aggregate.
    pub fn of(aggregate: &AggregateExpr, batch: &RecordBatch) -> Result<ArgColumn> {
        let Some(arg) = &aggregate.arg else { return Ok(ArgColumn::Star) };
        let array = evaluate(arg, batch)?;
        let summing =
            matches!(aggregate.func, AggregateFunction::Count | AggregateFunction::Sum | AggregateFunction::Avg);
        if !summing || aggregate.distinct {
            return Ok(ArgColumn::Any(array));
        }
        // (A column of the type already is taken as it is: arrow's cast copies its description.)
        Ok(match array.data_type() {
            DataType::Int64 => ArgColumn::Int(array.as_primitive::<Int64Type>().clone()),
            DataType::Float64 => ArgColumn::Float(array.as_primitive::<Float64Type>().clone()),
            DataType::Int8 | DataType::Int16 | DataType::Int32 => {
                ArgColumn::Int(arrow_cast::cast(&array, &DataType::Int64)?.as_primitive::<Int64Type>().clone())
            }
            DataType::Float32 => {
                ArgColumn::Float(arrow_cast::cast(&array, &DataType::Float64)?.as_primitive::<Float64Type>().clone())
            }
            _ => ArgColumn::Any(array),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Accumulator {
    Count(i64),
    SumInt(Option<i64>),
    SumFloat(Option<f64>),
    AvgInt {
        sum: i64,
        count: i64,
    },
    AvgFloat {
        sum: f64,
        count: i64,
    },
    /// Decimal sums in the input's scale; `to_scale` is the result's scale.
    SumDecimal {
        sum: Option<i128>,
        scale: i8,
    },
    AvgDecimal {
        sum: i128,
        count: i64,
        scale: i8,
        to_scale: i8,
    },
    Min(ScalarValue),
    Max(ScalarValue),
    /// FIRST_VALUE / LAST_VALUE: the first or latest non-NULL value.
    First(ScalarValue),
    Last(ScalarValue),
    /// Welford's running count, mean and sum of squared deviations.
    Variance {
        count: i64,
        mean: f64,
        m2: f64,
        kind: VarianceKind,
    },
    /// Any aggregate over distinct values: the values seen (sorted), and the aggregate to
    /// compute over them at the end.
    Distinct {
        values: Vec<ScalarValue>,
        inner: Box<Accumulator>,
    },
    /// `agg(DISTINCT text)`: the texts seen, hashed (a sorted vector's search was most of
    /// COUNT_DISTINCT_ITEMS_TUMBLING's time), sorted only when the result is computed.
    DistinctText {
        values: hashbrown::HashSet<String, rustc_hash::FxBuildHasher>,
        inner: Box<Accumulator>,
    },
    /// For an updating input, MIN, MAX and DISTINCT aggregates: every value still counted, with
    /// how many times (sorted), so that taking back the current extreme leaves the next one. A
    /// deque: a sliding frame over rising (or falling) values adds at one end and takes back at
    /// the other, without moving the rest.
    Multiset {
        values: VecDeque<(ScalarValue, u64)>,
        inner: Box<Accumulator>,
    },
    /// For an updating input, FIRST_VALUE and LAST_VALUE: the values still counted, in the
    /// order they came.
    Ordered {
        values: Vec<ScalarValue>,
        last: bool,
    },
    /// LAG and NTH_VALUE over a window: the window's values in order, NULLs included (a
    /// sliding window takes the oldest back first), counted as `from` says; `found`: whether
    /// the row was there, not its value.
    Lag {
        values: VecDeque<ScalarValue>,
        offset: u32,
        ignore_nulls: bool,
        found: bool,
        from: Counted,
    },
    /// For an updating input, a SUM: how many values it holds, NULL when none is left.
    Counted {
        count: i64,
        inner: Box<Accumulator>,
    },
    // Variants added later go last: a checkpoint names a variant by its place.
    /// `agg(DISTINCT integer)`: the integers seen, hashed (comparing `ScalarValue`s in a sorted
    /// vector was Nexmark q16's largest cost), sorted only when the result is computed.
    DistinctInt {
        values: hashbrown::HashSet<i64, rustc_hash::FxBuildHasher>,
        inner: Box<Accumulator>,
    },
    /// KDA's EXP_AVG: Σ w·x / Σ w over the window's values, each weighing
    /// 2^(−age / half-life) ([`Accumulator::update_aged`]; a value given by `update` is the
    /// current row's own, of age 0).
    ExpAvg {
        half_life: f64,
        weighted: f64,
        weights: f64,
    },
    /// LISTAGG: the values in the order they came (a retraction takes back the first equal
    /// one, as Flink's does), and their separator.
    ListAgg {
        values: VecDeque<String>,
        separator: String,
    },
    /// ARRAY_AGG: the values in the order they came, NULLs too unless `ignore_nulls` (a
    /// retraction takes back the first equal one); DISTINCT keeps each value once, where it
    /// first came, with how many rows hold it.
    ArrayAgg {
        values: Vec<ScalarValue>,
        counts: Option<Vec<u64>>,
        ignore_nulls: bool,
        /// The values come as `ROW(x)`, NULL for a row FILTER left out (see
        /// [`AggregateFunction::ArrayAgg`]).
        filtered: bool,
    },
    /// LISTAGG(DISTINCT …): each text once, where it first came, with how many rows hold it. A
    /// text whose rows are all taken back leaves, and goes last if it comes again: Flink hands
    /// a distinct aggregate a value's first row and its last retraction.
    ListAggDistinct {
        values: Vec<(String, u64)>,
        separator: String,
    },
}

/// ARRAY_AGG's element for an argument `value`: the value, or with `filtered` the field of its
/// `ROW(x)`; `None` for a row FILTER left out.
fn array_element(value: Option<&ScalarValue>, filtered: bool) -> Option<&ScalarValue> {
    match (value.unwrap_or(&ScalarValue::Null), filtered) {
        (value, false) => Some(value),
        (ScalarValue::Row(fields), true) => Some(fields.first().map_or(&ScalarValue::Null, |(_, v)| v)),
        (_, true) => None,
    }
}

/// MIN or MAX of text, `extreme` so far: row `row`'s text replaces it if it is NULL, or when
/// the text compares to it as `better` (`Less` for MIN).
fn text_extreme(extreme: &mut ScalarValue, texts: &arrow_array::StringArray, row: usize, better: std::cmp::Ordering) {
    if texts.is_null(row) {
        return;
    }
    let text = texts.value(row);
    let replaces = match extreme {
        ScalarValue::Utf8(current) => text.cmp(current.as_str()) == better,
        _ => extreme.is_null(),
    };
    if replaces {
        *extreme = ScalarValue::Utf8(text.to_string());
    }
}

/// LISTAGG(DISTINCT …)'s texts: `text` held by `rows` more rows (fewer when negative); a new
/// text goes last, and one no row holds any more leaves.
fn tally(values: &mut Vec<(String, u64)>, text: &str, rows: i64) {
    match values.iter().position(|(v, _)| v == text) {
        Some(at) => {
            let left = values[at].1 as i64 + rows;
            if left <= 0 {
                values.remove(at);
            } else {
                values[at].1 = left as u64;
            }
        }
        None if rows > 0 => values.push((text.to_string(), rows as u64)),
        None => {}
    }
}

/// Where LAG and NTH_VALUE count their rows from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Counted {
    /// LAG: back from the row before the current one.
    BeforeCurrent,
    /// NTH_VALUE: forward from the window's first row …
    First,
    /// … or, `FROM LAST`, back from its last (the current row).
    Last,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum VarianceKind {
    StddevPop,
    StddevSamp,
    VarPop,
    VarSamp,
}

impl Accumulator {
    pub fn new(aggregate: &AggregateExpr) -> Accumulator {
        if let AggregateFunction::ArrayAgg { ignore_nulls, filtered } = aggregate.func {
            let counts = aggregate.distinct.then(Vec::new);
            return Accumulator::ArrayAgg { values: vec![], counts, ignore_nulls, filtered };
        }
        if let (AggregateFunction::ListAgg { separator }, true) = (&aggregate.func, aggregate.distinct) {
            return Accumulator::ListAggDistinct { values: vec![], separator: separator.as_str().to_string() };
        }
        if aggregate.distinct {
            let inner = Box::new(Accumulator::new(&AggregateExpr { distinct: false, ..aggregate.clone() }));
            if aggregate.arg.as_ref().is_some_and(|a| a.data_type() == arrow_schema::DataType::Utf8) {
                return Accumulator::DistinctText { values: Default::default(), inner };
            }
            if aggregate.arg.as_ref().is_some_and(|a| a.data_type() == arrow_schema::DataType::Int64) {
                return Accumulator::DistinctInt { values: Default::default(), inner };
            }
            return Accumulator::Distinct { values: vec![], inner };
        }
        use arrow_schema::DataType;
        let integer = aggregate.data_type() == DataType::Int64;
        let input_scale = match aggregate.arg.as_ref().map(|a| a.data_type()) {
            Some(DataType::Decimal128(_, s)) => Some(s),
            _ => None,
        };
        if let (Some(scale), DataType::Decimal128(_, to_scale)) = (input_scale, aggregate.data_type()) {
            match aggregate.func {
                AggregateFunction::Sum => return Accumulator::SumDecimal { sum: None, scale },
                AggregateFunction::Avg => return Accumulator::AvgDecimal { sum: 0, count: 0, scale, to_scale },
                _ => {}
            }
        }
        match aggregate.func {
            AggregateFunction::Count => Accumulator::Count(0),
            AggregateFunction::Sum if integer => Accumulator::SumInt(None),
            AggregateFunction::Sum => Accumulator::SumFloat(None),
            AggregateFunction::Avg if integer => Accumulator::AvgInt { sum: 0, count: 0 },
            AggregateFunction::Avg => Accumulator::AvgFloat { sum: 0.0, count: 0 },
            AggregateFunction::Min => Accumulator::Min(ScalarValue::Null),
            AggregateFunction::Max => Accumulator::Max(ScalarValue::Null),
            AggregateFunction::FirstValue => Accumulator::First(ScalarValue::Null),
            AggregateFunction::LastValue => Accumulator::Last(ScalarValue::Null),
            AggregateFunction::StddevPop => Accumulator::variance(VarianceKind::StddevPop),
            AggregateFunction::StddevSamp => Accumulator::variance(VarianceKind::StddevSamp),
            AggregateFunction::VarPop => Accumulator::variance(VarianceKind::VarPop),
            AggregateFunction::VarSamp => Accumulator::variance(VarianceKind::VarSamp),
            AggregateFunction::Lag { offset, ignore_nulls } => Accumulator::Lag {
                values: Default::default(),
                offset,
                ignore_nulls,
                found: false,
                from: Counted::BeforeCurrent,
            },
            AggregateFunction::LagFound { offset, ignore_nulls } => Accumulator::Lag {
                values: Default::default(),
                offset,
                ignore_nulls,
                found: true,
                from: Counted::BeforeCurrent,
            },
            AggregateFunction::ExpAvg { half_life } => {
                Accumulator::ExpAvg { half_life: half_life as f64, weighted: 0.0, weights: 0.0 }
            }
            AggregateFunction::ListAgg { separator } => {
                Accumulator::ListAgg { values: Default::default(), separator: separator.as_str().to_string() }
            }
            AggregateFunction::ArrayAgg { .. } => unreachable!("made above"),
            AggregateFunction::NthValue { n, ignore_nulls, from_last } => Accumulator::Lag {
                values: Default::default(),
                offset: n,
                ignore_nulls,
                found: false,
                from: if from_last { Counted::Last } else { Counted::First },
            },
        }
    }

    /// An accumulator that can also take rows back ([`Accumulator::retract`]), for an
    /// aggregate over an updating input.
    pub fn retracting(aggregate: &AggregateExpr) -> Accumulator {
        let plain = Accumulator::new(&AggregateExpr { distinct: false, ..aggregate.clone() });
        match (&plain, aggregate.distinct) {
            (Accumulator::ListAgg { .. }, true) => Accumulator::new(aggregate),
            (_, true) | (Accumulator::Min(_) | Accumulator::Max(_), _) => {
                Accumulator::Multiset { values: VecDeque::new(), inner: Box::new(plain) }
            }
            (Accumulator::First(_), _) => Accumulator::Ordered { values: vec![], last: false },
            (Accumulator::Last(_), _) => Accumulator::Ordered { values: vec![], last: true },
            (Accumulator::SumInt(_) | Accumulator::SumFloat(_) | Accumulator::SumDecimal { .. }, _) => {
                Accumulator::Counted { count: 0, inner: Box::new(plain) }
            }
            _ => plain,
        }
    }

    /// Takes back one row's argument (`None` for `COUNT(*)`) that an earlier update added: the
    /// retraction (`-U`, `-D`) of an updating input. Only accumulators made by
    /// [`Accumulator::retracting`] take back MIN, MAX, FIRST_VALUE, LAST_VALUE and DISTINCT.
    pub fn retract(&mut self, value: Option<&ScalarValue>) {
        if let Accumulator::Lag { values, .. } = self {
            values.pop_front();
            return;
        }
        if let Accumulator::ArrayAgg { values, counts, ignore_nulls, filtered } = self {
            let Some(value) = array_element(value, *filtered) else { return };
            if let (Some(at), false) = (values.iter().position(|v| v == value), value.is_null() && *ignore_nulls) {
                match counts {
                    Some(counts) if counts[at] > 1 => counts[at] -= 1,
                    Some(counts) => {
                        counts.remove(at);
                        values.remove(at);
                    }
                    None => {
                        values.remove(at);
                    }
                }
            }
            return;
        }
        let Some(value) = value else {
            if let Accumulator::Count(n) = self {
                *n -= 1;
            }
            return;
        };
        if value.is_null() {
            return;
        }
        match self {
            Accumulator::Count(n) => *n -= 1,
            Accumulator::SumInt(sum) => *sum = Some(sum.unwrap_or(0).wrapping_sub(value.as_i64().unwrap_or(0))),
            Accumulator::SumFloat(sum) => *sum = Some(sum.unwrap_or(0.0) - value.as_f64().unwrap_or(0.0)),
            Accumulator::AvgInt { sum, count } => {
                *sum = sum.wrapping_sub(value.as_i64().unwrap_or(0));
                *count -= 1;
            }
            Accumulator::AvgFloat { sum, count } => {
                *sum -= value.as_f64().unwrap_or(0.0);
                *count -= 1;
            }
            Accumulator::SumDecimal { sum, .. } => {
                if let ScalarValue::Decimal128(v, _, _) = value {
                    *sum = Some(sum.unwrap_or(0).wrapping_sub(*v));
                }
            }
            Accumulator::AvgDecimal { sum, count, .. } => {
                if let ScalarValue::Decimal128(v, _, _) = value {
                    *sum = sum.wrapping_sub(*v);
                    *count -= 1;
                }
            }
            Accumulator::Variance { count, mean, m2, .. } => {
                // Welford's update run backwards.
                let x = value.as_f64().unwrap_or(0.0);
                if *count <= 1 {
                    (*count, *mean, *m2) = (0, 0.0, 0.0);
                } else {
                    let n = *count as f64;
                    let before = (n * *mean - x) / (n - 1.0);
                    *m2 -= (x - before) * (x - *mean);
                    *mean = before;
                    *count -= 1;
                    // What rounding leaves: a sum of squares below zero, or one for a single
                    // value (run backwards, the update cannot cancel its own error).
                    *m2 = if *count == 1 { 0.0 } else { m2.max(0.0) };
                }
            }
            Accumulator::Multiset { values, .. } => {
                if let Ok(at) = multiset_position(values, value) {
                    values[at].1 -= 1;
                    if values[at].1 == 0 {
                        values.remove(at);
                    }
                }
            }
            // The earliest of equal values goes, as Flink's FIRST_VALUE and LAST_VALUE with
            // retraction take back a value's first order.
            Accumulator::Ordered { values, .. } => {
                if let Some(at) = values.iter().position(|v| v == value) {
                    values.remove(at);
                }
            }
            Accumulator::Counted { count, inner } => {
                *count -= 1;
                inner.retract(Some(value));
            }
            Accumulator::ListAgg { values, .. } => {
                if let ScalarValue::Utf8(text) = value {
                    if let Some(at) = values.iter().position(|v| v == text) {
                        values.remove(at);
                    }
                }
            }
            Accumulator::ListAggDistinct { values, .. } => {
                if let ScalarValue::Utf8(text) = value {
                    tally(values, text, -1);
                }
            }
            Accumulator::Min(_)
            | Accumulator::Max(_)
            | Accumulator::First(_)
            | Accumulator::Last(_)
            | Accumulator::Distinct { .. }
            | Accumulator::DistinctText { .. }
            | Accumulator::DistinctInt { .. }
            | Accumulator::Lag { .. }
            | Accumulator::ArrayAgg { .. }
            | Accumulator::ExpAvg { .. } => {}
        }
    }

    /// Whether [`Accumulator::retract`] takes a row back exactly, so that a frame's result can
    /// be kept running as rows enter and leave it, the oldest first (as Flink keeps it, which
    /// decides LISTAGG(DISTINCT …)'s order: a text stays where it was while a row in the frame
    /// holds it) (LISTAGG, ARRAY_AGG, LAG,
    /// FIRST_VALUE and LAST_VALUE are left to the frame's rows, which hold them already; the
    /// variance family's Welford update run backwards drifts over a long stream of rows).
    pub fn takes_back(&self) -> bool {
        match self {
            Accumulator::Count(_)
            | Accumulator::SumInt(_)
            | Accumulator::SumFloat(_)
            | Accumulator::AvgInt { .. }
            | Accumulator::AvgFloat { .. }
            | Accumulator::SumDecimal { .. }
            | Accumulator::AvgDecimal { .. }
            | Accumulator::Multiset { .. }
            | Accumulator::ListAggDistinct { .. } => true,
            Accumulator::Counted { inner, .. } => inner.takes_back(),
            _ => false,
        }
    }

    /// Drops what no later result can read, for an accumulator that only grows (an unbounded
    /// frame's): LAG keeps the current row and its offset's rows before it, NTH_VALUE its n
    /// first or last values; those that skip NULLs keep no NULL (but the current row).
    pub fn trim(&mut self) {
        let Accumulator::Lag { values, offset, ignore_nulls, from, .. } = self else { return };
        let current = usize::from(matches!(from, Counted::BeforeCurrent));
        if *ignore_nulls {
            let last = values.pop_back();
            values.retain(|v| !v.is_null());
            values.extend(last.filter(|v| current == 1 || !v.is_null()));
        }
        let keep = *offset as usize + current;
        match from {
            Counted::First => values.truncate(keep),
            Counted::Last | Counted::BeforeCurrent => {
                while values.len() > keep {
                    values.pop_front();
                }
            }
        }
    }

    /// Adds a value `age` milliseconds older than the current row: what EXP_AVG weighs by;
    /// any other aggregate takes it as [`Accumulator::update`] does.
    pub fn update_aged(&mut self, value: &ScalarValue, age: i64) {
        let Accumulator::ExpAvg { half_life, weighted, weights } = self else {
            return self.update(Some(value));
        };
        let Some(x) = value.as_f64() else { return };
        // libm, not the platform's: the same last digit natively and in the browser.
        let weight = libm::exp2(-(age as f64) / *half_life);
        *weighted += weight * x;
        *weights += weight;
    }

    fn variance(kind: VarianceKind) -> Accumulator {
        Accumulator::Variance { count: 0, mean: 0.0, m2: 0.0, kind }
    }

    /// Adds row `row` of a batch's argument column.
    pub fn update_from(&mut self, arg: &ArgColumn, row: usize) -> Result<()> {
        match (self, arg) {
            (Accumulator::Count(n), ArgColumn::Star) => *n += 1,
            (Accumulator::Count(n), ArgColumn::Int(a)) => *n += i64::from(a.is_valid(row)),
            (Accumulator::Count(n), ArgColumn::Float(a)) => *n += i64::from(a.is_valid(row)),
            (Accumulator::SumInt(sum), ArgColumn::Int(a)) if a.is_valid(row) => {
                *sum = Some(sum.unwrap_or(0).wrapping_add(a.value(row)))
            }
            (Accumulator::AvgInt { sum, count }, ArgColumn::Int(a)) if a.is_valid(row) => {
                *sum = sum.wrapping_add(a.value(row));
                *count += 1;
            }
            (Accumulator::SumFloat(sum), ArgColumn::Float(a)) if a.is_valid(row) => {
                *sum = Some(sum.unwrap_or(0.0) + a.value(row))
            }
            (Accumulator::AvgFloat { sum, count }, ArgColumn::Float(a)) if a.is_valid(row) => {
                *sum += a.value(row);
                *count += 1;
            }
            // COUNT(DISTINCT text) and the like: the text looked up where it is, copied only
            // when it is new.
            (Accumulator::DistinctText { values, .. }, ArgColumn::Any(a)) => {
                let a = a.as_string::<i32>();
                if a.is_valid(row) && !values.contains(a.value(row)) {
                    values.insert(a.value(row).to_string());
                }
            }
            (Accumulator::DistinctInt { values, .. }, ArgColumn::Any(a)) => {
                if let Some(a) = a.as_primitive_opt::<arrow_array::types::Int64Type>() {
                    if a.is_valid(row) {
                        values.insert(a.value(row));
                    }
                }
            }
            // MIN and MAX of text: the text compared where it is, copied only when it is the
            // new extreme.
            (Accumulator::Min(m), ArgColumn::Any(a)) if a.data_type() == &DataType::Utf8 => {
                text_extreme(m, a.as_string::<i32>(), row, std::cmp::Ordering::Less)
            }
            (Accumulator::Max(m), ArgColumn::Any(a)) if a.data_type() == &DataType::Utf8 => {
                text_extreme(m, a.as_string::<i32>(), row, std::cmp::Ordering::Greater)
            }
            (_, ArgColumn::Int(a)) if a.is_null(row) => {}
            (_, ArgColumn::Float(a)) if a.is_null(row) => {}
            (acc, ArgColumn::Star) => acc.update(None),
            (acc, ArgColumn::Int(a)) => acc.update(Some(&ScalarValue::Int64(a.value(row)))),
            (acc, ArgColumn::Float(a)) => acc.update(Some(&ScalarValue::Float64(a.value(row)))),
            (acc, ArgColumn::Any(a)) => acc.update(Some(&ScalarValue::try_from_array(a.as_ref(), row)?)),
        }
        Ok(())
    }

    /// Adds one row's argument (`None` for `COUNT(*)`). NULLs are skipped, as SQL says.
    pub fn update(&mut self, value: Option<&ScalarValue>) {
        if let Accumulator::Lag { values, .. } = self {
            values.push_back(value.cloned().unwrap_or(ScalarValue::Null));
            return;
        }
        if let Accumulator::ArrayAgg { values, counts, ignore_nulls, filtered } = self {
            let Some(value) = array_element(value, *filtered) else { return };
            if value.is_null() && *ignore_nulls {
                return;
            }
            match (counts, values.iter().position(|v| v == value)) {
                (Some(counts), Some(at)) => counts[at] += 1,
                (counts, _) => {
                    values.push(value.clone());
                    if let Some(counts) = counts {
                        counts.push(1);
                    }
                }
            }
            return;
        }
        let Some(value) = value else {
            if let Accumulator::Count(n) = self {
                *n += 1;
            }
            return;
        };
        if value.is_null() {
            return;
        }
        match self {
            Accumulator::Count(n) => *n += 1,
            Accumulator::SumInt(sum) => *sum = Some(sum.unwrap_or(0).wrapping_add(value.as_i64().unwrap_or(0))),
            Accumulator::SumFloat(sum) => *sum = Some(sum.unwrap_or(0.0) + value.as_f64().unwrap_or(0.0)),
            Accumulator::AvgInt { sum, count } => {
                *sum = sum.wrapping_add(value.as_i64().unwrap_or(0));
                *count += 1;
            }
            Accumulator::AvgFloat { sum, count } => {
                *sum += value.as_f64().unwrap_or(0.0);
                *count += 1;
            }
            Accumulator::SumDecimal { sum, .. } => {
                if let ScalarValue::Decimal128(v, _, _) = value {
                    *sum = Some(sum.unwrap_or(0).wrapping_add(*v));
                }
            }
            Accumulator::AvgDecimal { sum, count, .. } => {
                if let ScalarValue::Decimal128(v, _, _) = value {
                    *sum = sum.wrapping_add(*v);
                    *count += 1;
                }
            }
            Accumulator::Min(m) => {
                if m.is_null() || value < m {
                    *m = value.clone();
                }
            }
            Accumulator::Max(m) => {
                if m.is_null() || value > m {
                    *m = value.clone();
                }
            }
            Accumulator::First(v) => {
                if v.is_null() {
                    *v = value.clone();
                }
            }
            Accumulator::Last(v) => *v = value.clone(),
            Accumulator::Variance { count, mean, m2, .. } => {
                let x = value.as_f64().unwrap_or(0.0);
                *count += 1;
                let delta = x - *mean;
                *mean += delta / *count as f64;
                *m2 += delta * (x - *mean);
            }
            Accumulator::Distinct { values, .. } => {
                if let Err(at) = values.binary_search(value) {
                    values.insert(at, value.clone());
                }
            }
            Accumulator::DistinctText { values, .. } => {
                if let ScalarValue::Utf8(text) = value {
                    if !values.contains(text.as_str()) {
                        values.insert(text.clone());
                    }
                }
            }
            Accumulator::DistinctInt { values, .. } => {
                if let ScalarValue::Int64(v) = value {
                    values.insert(*v);
                }
            }
            Accumulator::Multiset { values, .. } => match multiset_position(values, value) {
                Ok(at) => values[at].1 += 1,
                Err(at) => values.insert(at, (value.clone(), 1)),
            },
            Accumulator::Ordered { values, .. } => values.push(value.clone()),
            Accumulator::ListAgg { values, .. } => {
                if let ScalarValue::Utf8(text) = value {
                    values.push_back(text.clone());
                }
            }
            Accumulator::ListAggDistinct { values, .. } => {
                if let ScalarValue::Utf8(text) = value {
                    tally(values, text, 1);
                }
            }
            Accumulator::Lag { .. } | Accumulator::ArrayAgg { .. } => {
                unreachable!("LAG and ARRAY_AGG take every value before NULLs are skipped")
            }
            Accumulator::ExpAvg { .. } => self.update_aged(value, 0),
            Accumulator::Counted { count, inner } => {
                *count += 1;
                inner.update(Some(value));
            }
        }
    }

    /// Folds another accumulator of the same aggregate into this one.
    pub fn merge(&mut self, other: &Accumulator) {
        match (self, other) {
            (Accumulator::Count(a), Accumulator::Count(b)) => *a += b,
            (Accumulator::SumInt(a), Accumulator::SumInt(Some(b))) => *a = Some(a.unwrap_or(0).wrapping_add(*b)),
            (Accumulator::SumFloat(a), Accumulator::SumFloat(Some(b))) => *a = Some(a.unwrap_or(0.0) + b),
            (Accumulator::AvgInt { sum, count }, Accumulator::AvgInt { sum: s, count: c }) => {
                *sum = sum.wrapping_add(*s);
                *count += c;
            }
            (Accumulator::AvgFloat { sum, count }, Accumulator::AvgFloat { sum: s, count: c }) => {
                *sum += s;
                *count += c;
            }
            (Accumulator::SumDecimal { sum: a, .. }, Accumulator::SumDecimal { sum: Some(b), .. }) => {
                *a = Some(a.unwrap_or(0).wrapping_add(*b))
            }
            (Accumulator::AvgDecimal { sum, count, .. }, Accumulator::AvgDecimal { sum: s, count: c, .. }) => {
                *sum = sum.wrapping_add(*s);
                *count += c;
            }
            (me @ (Accumulator::Min(_) | Accumulator::Max(_)), Accumulator::Min(v) | Accumulator::Max(v)) => {
                me.update(Some(v))
            }
            // `other` holds later rows than `self`.
            (Accumulator::First(a), Accumulator::First(b)) if a.is_null() => *a = b.clone(),
            (Accumulator::Last(a), Accumulator::Last(b)) if !b.is_null() => *a = b.clone(),
            (Accumulator::Variance { count, mean, m2, .. }, Accumulator::Variance { count: c, mean: m, m2: q, .. })
                if *c > 0 =>
            {
                let total = *count + c;
                let delta = m - *mean;
                *m2 += q + delta * delta * (*count as f64) * (*c as f64) / total as f64;
                *mean += delta * (*c as f64) / total as f64;
                *count = total;
            }
            (Accumulator::DistinctText { values, .. }, Accumulator::DistinctText { values: other, .. }) => {
                values.extend(other.iter().cloned())
            }
            (Accumulator::DistinctInt { values, .. }, Accumulator::DistinctInt { values: other, .. }) => {
                values.extend(other.iter().copied())
            }
            // `other` holds later rows than `self`.
            (Accumulator::ListAgg { values, .. }, Accumulator::ListAgg { values: other, .. }) => {
                values.extend(other.iter().cloned())
            }
            (Accumulator::ListAggDistinct { values, .. }, Accumulator::ListAggDistinct { values: other, .. }) => {
                for (text, rows) in other {
                    tally(values, text, *rows as i64);
                }
            }
            (acc @ Accumulator::ArrayAgg { .. }, Accumulator::ArrayAgg { values: other, counts, .. }) => {
                for (i, v) in other.iter().enumerate() {
                    for _ in 0..counts.as_ref().map_or(1, |c| c[i]) {
                        acc.update(Some(v));
                    }
                }
            }
            (Accumulator::Distinct { values, .. }, Accumulator::Distinct { values: other, .. }) => {
                for v in other {
                    if let Err(at) = values.binary_search(v) {
                        values.insert(at, v.clone());
                    }
                }
            }
            _ => {}
        }
    }

    /// The aggregate's value. Integer averages truncate, as KDA's integer division does.
    pub fn finish(&self) -> ScalarValue {
        match self {
            Accumulator::Count(n) => ScalarValue::Int64(*n),
            Accumulator::SumInt(s) => s.map_or(ScalarValue::Null, ScalarValue::Int64),
            Accumulator::SumFloat(s) => s.map_or(ScalarValue::Null, ScalarValue::Float64),
            Accumulator::AvgInt { count: 0, .. }
            | Accumulator::AvgFloat { count: 0, .. }
            | Accumulator::AvgDecimal { count: 0, .. } => ScalarValue::Null,
            Accumulator::SumDecimal { sum, scale } => {
                sum.map_or(ScalarValue::Null, |v| ScalarValue::Decimal128(v, 38, *scale))
            }
            Accumulator::AvgDecimal { sum, count, scale, to_scale } => {
                let widened = sum.saturating_mul(10i128.pow((to_scale - scale).max(0) as u32));
                ScalarValue::Decimal128(widened / *count as i128, 38, *to_scale)
            }
            Accumulator::AvgInt { sum, count } => ScalarValue::Int64(sum / count),
            Accumulator::AvgFloat { sum, count } => ScalarValue::Float64(sum / *count as f64),
            Accumulator::Min(v) | Accumulator::Max(v) | Accumulator::First(v) | Accumulator::Last(v) => v.clone(),
            Accumulator::Variance { count, m2, kind, .. } => {
                let n = *count as f64;
                let value = match kind {
                    VarianceKind::VarPop if *count > 0 => m2 / n,
                    VarianceKind::StddevPop if *count > 0 => (m2 / n).sqrt(),
                    VarianceKind::VarSamp if *count > 1 => m2 / (n - 1.0),
                    VarianceKind::StddevSamp if *count > 1 => (m2 / (n - 1.0)).sqrt(),
                    _ => return ScalarValue::Null,
                };
                ScalarValue::Float64(value)
            }
            // COUNT(DISTINCT x): how many values, without going through them.
            Accumulator::Distinct { values, inner } if matches!(**inner, Accumulator::Count(_)) => {
                ScalarValue::Int64(values.len() as i64)
            }
            Accumulator::Distinct { values, inner } => finish_over(inner, values),
            Accumulator::DistinctText { values, inner } if matches!(**inner, Accumulator::Count(_)) => {
                ScalarValue::Int64(values.len() as i64)
            }
            Accumulator::DistinctInt { values, inner } if matches!(**inner, Accumulator::Count(_)) => {
                ScalarValue::Int64(values.len() as i64)
            }
            Accumulator::DistinctInt { values, inner } => {
                // In order, as the sorted Distinct feeds its values.
                let mut sorted: Vec<i64> = values.iter().copied().collect();
                sorted.sort_unstable();
                finish_over(inner, sorted.into_iter().map(ScalarValue::Int64))
            }
            Accumulator::DistinctText { values, inner } => {
                // In text order, as the sorted Distinct feeds its values.
                let mut sorted: Vec<&String> = values.iter().collect();
                sorted.sort();
                finish_over(inner, sorted.into_iter().map(|v| ScalarValue::Utf8(v.clone())))
            }
            Accumulator::Multiset { values, inner } => match inner.as_ref() {
                Accumulator::Min(_) => values.front().map_or(ScalarValue::Null, |(v, _)| v.clone()),
                Accumulator::Max(_) => values.back().map_or(ScalarValue::Null, |(v, _)| v.clone()),
                Accumulator::Count(_) => ScalarValue::Int64(values.len() as i64),
                // DISTINCT: the aggregate over each value once.
                _ => finish_over(inner, values.iter().map(|(v, _)| v)),
            },
            Accumulator::Ordered { values, last } => {
                let value = if *last { values.last() } else { values.first() };
                value.cloned().unwrap_or(ScalarValue::Null)
            }
            Accumulator::Lag { values, offset, ignore_nulls, found, from } => {
                let counted = |v: &&ScalarValue| !*ignore_nulls || !v.is_null();
                let n = *offset as usize - 1;
                let value = match from {
                    Counted::First => values.iter().filter(counted).nth(n),
                    Counted::Last => values.iter().rev().filter(counted).nth(n),
                    // The rows before the current one (the last), nearest first.
                    Counted::BeforeCurrent => values.iter().rev().skip(1).filter(counted).nth(n),
                };
                if *found {
                    ScalarValue::Boolean(value.is_some())
                } else {
                    value.cloned().unwrap_or(ScalarValue::Null)
                }
            }
            Accumulator::Counted { count: 0, .. } => ScalarValue::Null,
            Accumulator::Counted { inner, .. } => inner.finish(),
            Accumulator::ExpAvg { weights, .. } if *weights == 0.0 => ScalarValue::Null,
            Accumulator::ExpAvg { weighted, weights, .. } => ScalarValue::Float64(weighted / weights),
            Accumulator::ListAgg { values, .. } if values.is_empty() => ScalarValue::Null,
            Accumulator::ListAgg { values, separator } => {
                ScalarValue::Utf8(values.iter().map(String::as_str).collect::<Vec<_>>().join(separator))
            }
            Accumulator::ListAggDistinct { values, .. } if values.is_empty() => ScalarValue::Null,
            Accumulator::ListAggDistinct { values, separator } => {
                ScalarValue::Utf8(values.iter().map(|(v, _)| v.as_str()).collect::<Vec<_>>().join(separator))
            }
            Accumulator::ArrayAgg { values, .. } if values.is_empty() => ScalarValue::Null,
            Accumulator::ArrayAgg { values, .. } => ScalarValue::Array(values.clone()),
        }
    }
}

/// Where `value` is in a multiset's sorted values (`Err`: where it would go). The ends are
/// tried first: a sliding frame's values mostly come at one end and leave at the other.
fn multiset_position(values: &VecDeque<(ScalarValue, u64)>, value: &ScalarValue) -> std::result::Result<usize, usize> {
    use std::cmp::Ordering::*;
    match (values.front().map(|(v, _)| value.cmp(v)), values.back().map(|(v, _)| value.cmp(v))) {
        (None, _) | (Some(Less), _) => Err(0),
        (Some(Equal), _) => Ok(0),
        (_, Some(Greater)) => Err(values.len()),
        (_, Some(Equal)) => Ok(values.len() - 1),
        _ => values.binary_search_by(|(v, _)| v.cmp(value)),
    }
}

/// A DISTINCT aggregate's result: `inner` (fresh) over each distinct value once, in order.
fn finish_over(
    inner: &Accumulator,
    values: impl IntoIterator<Item = impl std::borrow::Borrow<ScalarValue>>,
) -> ScalarValue {
    let mut acc = inner.clone();
    for v in values {
        acc.update(Some(v.borrow()));
    }
    acc.finish()
}

/// Takes `row` of the argument columns back from a group's accumulators.
pub fn retract(accumulators: &mut [Accumulator], args: &[ArgColumn], row: usize) -> Result<()> {
    for (acc, arg) in accumulators.iter_mut().zip(args) {
        match arg {
            ArgColumn::Star => acc.retract(None),
            arg => acc.retract(Some(&arg.value(row)?)),
        }
    }
    Ok(())
}

/// Adds `row` of the argument columns to a group's accumulators.
pub fn update(accumulators: &mut [Accumulator], args: &[ArgColumn], row: usize) -> Result<()> {
    for (acc, arg) in accumulators.iter_mut().zip(args) {
        acc.update_from(arg, row)?;
    }
    Ok(())
}

/// The values and validity of a column of accumulators that `value` reads directly (`Some`
/// of the value, which may be NULL), or `None` if one of them is of another kind.
fn typed_column<'a, T: arrow_buffer::ArrowNativeType>(
    accumulators: impl Iterator<Item = &'a Accumulator>,
    value: impl Fn(&Accumulator) -> Option<Option<T>>,
) -> Option<(Vec<T>, Option<arrow_buffer::NullBuffer>)> {
    let mut values = Vec::with_capacity(accumulators.size_hint().0);
    let mut nulls = arrow_buffer::NullBufferBuilder::new(values.capacity());
    for acc in accumulators {
        let v = value(acc)?;
        nulls.append(v.is_some());
        values.push(v.unwrap_or_default());
    }
    Some((values, nulls.finish()))
}

/// The results of `accumulators` (one aggregate's, a group each) as a column of
/// `data_type`: counts and sums straight into their array, anything else through its value.
pub fn finish_column<'a, I>(accumulators: I, data_type: &DataType) -> Result<ArrayRef>
where
    I: Iterator<Item = &'a Accumulator> + Clone,
{
    // Counts and sums, the most common aggregates, straight into the column's buffers.
    let typed: Option<ArrayRef> = match data_type {
        DataType::Int64 => typed_column(accumulators.clone(), |acc| match acc {
            Accumulator::Count(n) => Some(Some(*n)),
            Accumulator::SumInt(sum) => Some(*sum),
            _ => None,
        })
        .map(|(values, nulls)| std::sync::Arc::new(Int64Array::new(values.into(), nulls)) as ArrayRef),
        DataType::Float64 => typed_column(accumulators.clone(), |acc| match acc {
            Accumulator::SumFloat(sum) => Some(*sum),
            _ => None,
        })
        .map(|(values, nulls)| std::sync::Arc::new(Float64Array::new(values.into(), nulls)) as ArrayRef),
        _ => None,
    };
    match typed {
        Some(column) => Ok(column),
        None => ScalarValue::to_array(&accumulators.map(Accumulator::finish).collect::<Vec<_>>(), data_type),
    }
}

/// Adds each `(row, slot)` of `hits` to aggregate `a`'s accumulator in the group at `slot`
/// (`stride` accumulators a group): one aggregate over a batch's rows at a time, the kind of
/// its argument looked at once, with the counts and integer sums most windows keep inline.
pub fn update_column(
    accumulators: &mut [Accumulator],
    stride: usize,
    a: usize,
    arg: &ArgColumn,
    hits: &[(u32, u32)],
) -> Result<()> {
    let at = |slot: u32| slot as usize * stride + a;
    match arg {
        ArgColumn::Star => {
            for &(_, slot) in hits {
                match &mut accumulators[at(slot)] {
                    Accumulator::Count(n) => *n += 1,
                    other => other.update(None),
                }
            }
        }
        ArgColumn::Int(values) if values.null_count() == 0 => {
            let values = values.values();
            for &(row, slot) in hits {
                match &mut accumulators[at(slot)] {
                    Accumulator::Count(n) => *n += 1,
                    Accumulator::SumInt(sum) => *sum = Some(sum.unwrap_or(0).wrapping_add(values[row as usize])),
                    other => other.update_from(arg, row as usize)?,
                }
            }
        }
        _ => {
            for &(row, slot) in hits {
                accumulators[at(slot)].update_from(arg, row as usize)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Expr;

    fn agg(func: AggregateFunction, t: arrow_schema::DataType) -> AggregateExpr {
        AggregateExpr { func, arg: Some(Expr::Column { index: 1, name: "X".into(), data_type: t }), distinct: false }
    }

    // A frame sliding over values that rise, fall, repeat and jump about: MIN, MAX and
    // COUNT(DISTINCT) kept running give what computing them over the frame gives.
    #[test]
    fn a_multiset_slides_as_the_frame_it_holds() {
        let values: Vec<i64> = [1, 2, 3, 3, 9, 8, 7, 7, 1, 5, 5, 0, 4, 6, 2, 9, 9, 3].into();
        let int = arrow_schema::DataType::Int64;
        let mut count = agg(AggregateFunction::Count, int.clone());
        count.distinct = true;
        let mut running: Vec<Accumulator> =
            [agg(AggregateFunction::Min, int.clone()), agg(AggregateFunction::Max, int), count]
                .iter()
                .map(Accumulator::retracting)
                .collect();
        for (i, v) in values.iter().enumerate() {
            running.iter_mut().for_each(|acc| acc.update(Some(&ScalarValue::Int64(*v))));
            if i >= 4 {
                let gone = ScalarValue::Int64(values[i - 4]);
                running.iter_mut().for_each(|acc| acc.retract(Some(&gone)));
            }
            let frame = &values[i.saturating_sub(3)..=i];
            let distinct = frame.iter().collect::<std::collections::BTreeSet<_>>().len() as i64;
            let expected = [*frame.iter().min().unwrap(), *frame.iter().max().unwrap(), distinct];
            let got: Vec<ScalarValue> = running.iter().map(Accumulator::finish).collect();
            assert_eq!(got, expected.map(ScalarValue::Int64), "frame {frame:?}");
        }
    }

    // Taking values back out of a variance leaves no rounding behind: one value left has none,
    // and a population standard deviation never becomes NaN on its way down.
    #[test]
    fn a_variance_taken_back_stays_a_variance() {
        let values = [0.1, 1e9 + 0.7, 0.3, 2.9, 1e9 + 0.1, 7.7, 0.2, 1e-3, 5e8, 0.6];
        let mut stddev = Accumulator::new(&agg(AggregateFunction::StddevPop, arrow_schema::DataType::Float64));
        for v in values {
            stddev.update(Some(&ScalarValue::Float64(v)));
        }
        for (i, v) in values.iter().enumerate().take(values.len() - 1) {
            stddev.retract(Some(&ScalarValue::Float64(*v)));
            let ScalarValue::Float64(got) = stddev.finish() else { panic!("a stddev") };
            assert!(got >= 0.0, "after {} taken back: {got}", i + 1);
        }
        assert_eq!(stddev.finish(), ScalarValue::Float64(0.0), "one value has no deviation");
    }

    #[test]
    fn integer_average_truncates_and_merges() {
        let a = agg(AggregateFunction::Avg, arrow_schema::DataType::Int32);
        let mut left = Accumulator::new(&a);
        let mut right = Accumulator::new(&a);
        for v in [29, 32] {
            left.update(Some(&ScalarValue::Int32(v)));
        }
        for v in [50, 43, 0] {
            right.update(Some(&ScalarValue::Int32(v)));
        }
        right.update(Some(&ScalarValue::Null));
        left.merge(&right);
        assert_eq!(left.finish(), ScalarValue::Int64(30)); // 154 / 5 = 30.8
    }

    #[test]
    fn a_trimmed_lag_or_nth_value_gives_what_one_that_keeps_every_row_gives() {
        let values: Vec<ScalarValue> = (0..40)
            .map(|i: i64| if i % 3 == 1 || i % 7 == 0 { ScalarValue::Null } else { ScalarValue::Int64(i) })
            .collect();
        for ignore_nulls in [false, true] {
            for offset in [1, 2, 3] {
                let functions = [
                    AggregateFunction::Lag { offset, ignore_nulls },
                    AggregateFunction::LagFound { offset, ignore_nulls },
                    AggregateFunction::NthValue { n: offset, ignore_nulls, from_last: false },
                    AggregateFunction::NthValue { n: offset, ignore_nulls, from_last: true },
                ];
                for func in functions {
                    let a = agg(func, arrow_schema::DataType::Int64);
                    let (mut kept, mut trimmed) = (Accumulator::new(&a), Accumulator::new(&a));
                    for (i, v) in values.iter().enumerate() {
                        kept.update(Some(v));
                        trimmed.update(Some(v));
                        trimmed.trim();
                        assert_eq!(kept.finish(), trimmed.finish(), "{func:?} after row {i}");
                    }
                    let Accumulator::Lag { values, .. } = &trimmed else { panic!("{func:?} keeps values") };
                    assert!(values.len() <= offset as usize + 1, "{func:?} keeps {} values", values.len());
                }
            }
        }
    }

    #[test]
    fn min_of_nothing_is_null() {
        let a = agg(AggregateFunction::Min, arrow_schema::DataType::Utf8);
        let mut acc = Accumulator::new(&a);
        assert!(acc.finish().is_null());
        acc.update(Some(&ScalarValue::Utf8("b".into())));
        acc.update(Some(&ScalarValue::Utf8("a".into())));
        assert_eq!(acc.finish(), ScalarValue::Utf8("a".into()));
    }
}
