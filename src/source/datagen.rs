//! Flink's `datagen` connector: a table declared `WITH ('connector' = 'datagen', …)` makes its
//! own rows, as Flink's DataGen source does, so an application runs without binding an input.
//!
//! Its options, as Flink reads them: `rows-per-second` (10000) and `number-of-rows` (none: it
//! runs forever); per column `fields.NAME.kind` (`random`, or `sequence` from `start` to `end`,
//! which ends the table when it runs out), `min`/`max` (numbers), `length` (text: 100, or the
//! declared length when shorter), `var-len` (text of 1 to `length` characters), `max-past`
//! (a TIMESTAMP up to that long before the row arrives: a Flink duration, `'5 s'`, or
//! milliseconds), `null-rate`. BYTES are
//! random bytes (`length`, 100); an ARRAY has `length` elements and a MAP `length` entries (3),
//! and the values inside a column take their own options under Flink's names for them
//! (`fields.tags.element.length`, `fields.attrs.key.length`, `fields.point.x.min`). Rows arrive
//! `rows-per-second` a second on the virtual clock; "now" (a TIMESTAMP, DATE or TIME column) is
//! the row's arrival. Flink's random values are its JVM's; these are seeded, the same on every
//! run (text is hex digits, as Flink's is). Any other option is refused, so none is dropped.

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Decimal128Builder, Float32Builder, Float64Builder, Int16Builder, Int32Builder,
    Int64Builder, Int8Builder, StringBuilder, Time32MillisecondBuilder, TimestampMillisecondBuilder,
};
use arrow_array::ArrayRef;

use super::synth::{Random, Rows, Settings, Synthetic};
use super::Source;
use crate::error::{Error, Result};
use crate::plan::{ColumnDef, ScalarValue, SqlType, StreamDef};

/// The options a datagen table takes besides its columns'.
const TABLE_OPTIONS: [&str; 4] = ["connector", "rows-per-second", "number-of-rows", "scan.parallelism"];
const FIELD_OPTIONS: [&str; 9] = ["kind", "min", "max", "max-past", "length", "var-len", "start", "end", "null-rate"];
/// An ARRAY's or a MAP's elements without `length`, as Flink's.
const COLLECTION_LENGTH: usize = 3;
/// The most characters, bytes and elements a column's value may take in all
/// ([`Maker::size`]): rows are made thousands at a time, and a batch's column must fit its
/// memory (and Arrow's 32-bit offsets). Flink allows texts of 2^31 characters.
const MOST_PER_ROW: usize = 10_000;

/// How one value is made: a column's, or one inside it (an ARRAY's `element`, a MAP's `key` and
/// `value`, a ROW's fields by name), each with its options under `fields.PATH.`, PATH naming
/// the column and then the values inside it as Flink names them (`fields.tags.element.length`).
#[derive(Debug, Clone, PartialEq)]
struct Maker {
    sql_type: SqlType,
    values: Values,
    null_rate: f64,
}

/// How a [`Maker`]'s values are made.
#[derive(Debug, Clone, PartialEq)]
enum Values {
    /// Uniform in `[min, max]` (numbers), of `length` characters or bytes (text, BYTES; 1 to
    /// `length` with `var_len`), or up to `max_past` ms before the arrival (a TIMESTAMP).
    Random { min: f64, max: f64, length: usize, var_len: bool, max_past: i64 },
    /// `start`, `start + 1`, … `end`, one a row.
    Sequence { start: i64, end: i64 },
    /// `length` elements of an ARRAY.
    Array { length: usize, element: Box<Maker> },
    /// `length` entries of a MAP (fewer when a key is drawn twice).
    Map { length: usize, key: Box<Maker>, value: Box<Maker> },
    /// A ROW's fields.
    Row(Vec<(String, Maker)>),
}

#[derive(Debug, Clone, PartialEq)]
struct Field {
    column: ColumnDef,
    maker: Maker,
}

/// The rows of a datagen table.
pub struct DataGen {
    fields: Vec<Field>,
    seed: u64,
}

/// The source of `def`, a table declared with `'connector' = 'datagen'` and `options`.
pub fn source(def: &StreamDef, options: &[(String, String)]) -> Result<Box<dyn Source>> {
    let (rows, settings) = DataGen::new(def, options)?;
    Ok(Box::new(Synthetic::new(&def.name, rows, settings)?))
}

/// A table's options, read for its makers.
struct Options<'a> {
    table: &'a str,
    options: &'a [(String, String)],
}

impl Options<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.options.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    fn bad(&self, key: &str, value: &str, why: &str) -> Error {
        Error::Input(format!("table \"{}\": datagen option '{key}' = '{value}': {why}", self.table))
    }

    /// A Flink duration (`'5 s'`, `'500 ms'`, or a bare number of milliseconds), as Flink's
    /// Duration options read it.
    fn duration(&self, key: &str) -> Result<Option<i64>> {
        let read = |v: &str| crate::plan::flink_duration_ms(v).map(|ms| ms.min(i64::MAX as u64) as i64);
        self.get(key)
            .map(|v| read(v).ok_or_else(|| self.bad(key, v, "expected a duration such as '5 s' or '500 ms'")))
            .transpose()
    }

    fn number(&self, key: &str) -> Result<Option<f64>> {
        self.get(key).map(|v| v.trim().parse::<f64>().map_err(|_| self.bad(key, v, "expected a number"))).transpose()
    }

    fn whole(&self, key: &str) -> Result<Option<i64>> {
        self.get(key)
            .map(|v| v.trim().parse::<i64>().map_err(|_| self.bad(key, v, "expected a whole number")))
            .transpose()
    }

    /// The maker of the values at `path` (a column, or a value inside one), of type `t`.
    fn maker(&self, path: &str, t: &SqlType, column: bool) -> Result<Maker> {
        let key = |option: &str| format!("fields.{path}.{option}");
        let sequence = match self.get(&key("kind")) {
            None | Some("random") => false,
            Some("sequence") => true,
            Some(other) => return Err(self.bad(&key("kind"), other, "expected 'random' or 'sequence'")),
        };
        // An option that does not apply to the value is refused, as Flink refuses it.
        for option in FIELD_OPTIONS {
            if let Some(value) = self.get(&key(option)).filter(|_| !applies(option, t, sequence)) {
                let kind = if sequence { "sequence" } else { "random" };
                return Err(self.bad(&key(option), value, &format!("not an option of a {kind} {t} column")));
            }
        }
        let length = |default: usize| -> Result<usize> {
            Ok(match self.whole(&key("length"))? {
                Some(n) if n < 1 => return Err(self.bad(&key("length"), &n.to_string(), "below 1")),
                Some(n) => usize::try_from(n).unwrap_or(usize::MAX),
                None => default,
            })
        };
        let values = match t {
            _ if sequence => {
                let (Some(start), Some(end)) = (self.whole(&key("start"))?, self.whole(&key("end"))?) else {
                    return Err(Error::Input(format!(
                        "table \"{}\": column \"{path}\" is a datagen sequence, which needs {} and {}",
                        self.table,
                        key("start"),
                        key("end")
                    )));
                };
                if end < start {
                    return Err(self.bad(&key("end"), &end.to_string(), "the sequence ends before it starts"));
                }
                if !column {
                    return Err(Error::Input(format!(
                        "table \"{}\": \"{path}\" is a value inside a column: a datagen sequence makes a column's values",
                        self.table
                    )));
                }
                if !(is_number(t) || is_text(t)) {
                    return Err(Error::Input(format!(
                        "table \"{}\": \"{path}\" is {t}, which a datagen sequence cannot make (columns of numbers and text can)",
                        self.table
                    )));
                }
                Values::Sequence { start, end }
            }
            SqlType::Array(element) => Values::Array {
                length: length(COLLECTION_LENGTH)?,
                element: Box::new(self.maker(&format!("{path}.element"), element, false)?),
            },
            SqlType::Map(k, v) => {
                let key_path = format!("{path}.key");
                let key = Box::new(self.maker(&key_path, k, false)?);
                if key.null_rate > 0.0 {
                    let option = format!("fields.{key_path}.null-rate");
                    return Err(self.bad(&option, self.get(&option).unwrap_or(""), "a MAP's keys are never NULL"));
                }
                let value = Box::new(self.maker(&format!("{path}.value"), v, false)?);
                Values::Map { length: length(COLLECTION_LENGTH)?, key, value }
            }
            SqlType::Row(fields) => Values::Row(
                fields
                    .iter()
                    .map(|(name, t)| Ok((name.clone(), self.maker(&format!("{path}.{name}"), t, false)?)))
                    .collect::<Result<_>>()?,
            ),
            _ => {
                let (type_min, type_max) = match t {
                    SqlType::TinyInt => (i8::MIN as f64, i8::MAX as f64),
                    SqlType::SmallInt => (i16::MIN as f64, i16::MAX as f64),
                    SqlType::Integer => (i32::MIN as f64, i32::MAX as f64),
                    SqlType::BigInt => (i64::MIN as f64, i64::MAX as f64),
                    // As Flink's: floats from their smallest positive value, decimals from 0.
                    SqlType::Real => (f32::MIN_POSITIVE as f64, f32::MAX as f64),
                    SqlType::Decimal(p, s) => {
                        (0.0, 10f64.powi(i32::from(*p) - i32::from(*s)) - 10f64.powi(-i32::from(*s)))
                    }
                    _ => (f64::MIN_POSITIVE, f64::MAX),
                };
                let declared = match t {
                    SqlType::Varchar(Some(n)) | SqlType::Char(Some(n)) => Some(*n as usize),
                    _ => None,
                };
                let length = length(declared.map_or(100, |d| d.min(100)))?;
                if declared.is_some_and(|d| length > d) {
                    return Err(self.bad(&key("length"), &length.to_string(), "longer than the column holds"));
                }
                let var_len = match self.get(&key("var-len")) {
                    None | Some("false") => false,
                    Some("true") => true,
                    Some(other) => return Err(self.bad(&key("var-len"), other, "expected true or false")),
                };
                let min = self.number(&key("min"))?.unwrap_or(type_min);
                let max = self.number(&key("max"))?.unwrap_or(type_max);
                for (option, value) in [("min", min), ("max", max)] {
                    if !value.is_finite() {
                        return Err(self.bad(&key(option), &value.to_string(), "expected a finite number"));
                    }
                }
                if max < min {
                    return Err(self.bad(&key("max"), &max.to_string(), "below the column's min"));
                }
                let max_past = self.duration(&key("max-past"))?.unwrap_or(0);
                Values::Random { min, max, length, var_len, max_past }
            }
        };
        let null_rate = self.number(&key("null-rate"))?.unwrap_or(0.0);
        if !(0.0..=1.0).contains(&null_rate) {
            return Err(self.bad(&key("null-rate"), &null_rate.to_string(), "expected a fraction from 0 to 1"));
        }
        Ok(Maker { sql_type: t.clone(), values, null_rate })
    }
}

/// The paths of `t`'s values, `path` first: each option of a column names one.
fn paths(path: String, t: &SqlType, out: &mut Vec<String>) {
    match t {
        SqlType::Array(element) => paths(format!("{path}.element"), element, out),
        SqlType::Map(k, v) => {
            paths(format!("{path}.key"), k, out);
            paths(format!("{path}.value"), v, out);
        }
        SqlType::Row(fields) => fields.iter().for_each(|(name, t)| paths(format!("{path}.{name}"), t, out)),
        _ => {}
    }
    out.push(path);
}

impl DataGen {
    fn new(def: &StreamDef, options: &[(String, String)]) -> Result<(DataGen, Settings)> {
        let table = &def.name;
        let read = Options { table, options };
        // The physical columns, as the source makes them (computed ones are added after).
        let source = def.source_schema();
        let columns: Vec<ColumnDef> =
            def.columns.iter().filter(|c| source.fields().iter().any(|f| f.name() == &c.name)).cloned().collect();
        for column in &columns {
            if !supported(&column.sql_type) {
                return Err(Error::Input(format!(
                    "table \"{table}\": datagen cannot make column \"{}\" of type {} yet (it makes numbers, text, \
                     BOOLEAN, TIMESTAMP, DATE, TIME, BYTES, and ARRAY, MAP and ROW of them)",
                    column.name, column.sql_type
                )));
            }
        }
        let mut known_paths = Vec::new();
        for column in &columns {
            paths(column.name.clone(), &column.sql_type, &mut known_paths);
        }
        for (key, value) in options {
            let known = match key.strip_prefix("fields.").and_then(|f| f.rsplit_once('.')) {
                Some((path, option)) => {
                    if !known_paths.iter().any(|p| p == path) {
                        let why = match path.split_once('.') {
                            Some((column, _)) if columns.iter().any(|c| c.name == column) => {
                                format!("column \"{column}\" has no value \"{path}\" (inside a column: element, key, value or a ROW's field)")
                            }
                            _ => format!("the table has no column \"{path}\""),
                        };
                        return Err(read.bad(key, value, &why));
                    }
                    FIELD_OPTIONS.contains(&option)
                }
                None => TABLE_OPTIONS.contains(&key.as_str()),
            };
            if !known {
                return Err(read.bad(
                    key,
                    value,
                    &format!(
                        "not an option kdalite's datagen knows; it takes {} and fields.COLUMN.{{{}}}",
                        TABLE_OPTIONS[1..].join(", "),
                        FIELD_OPTIONS.join(", ")
                    ),
                ));
            }
        }
        let mut settings = Settings { rate: 10_000.0, ..Settings::default() };
        if let Some(rate) = read.number("rows-per-second")? {
            if !(rate > 0.0 && rate.is_finite()) {
                return Err(read.bad(
                    "rows-per-second",
                    read.get("rows-per-second").unwrap_or(""),
                    "expected a positive number",
                ));
            }
            settings.rate = rate;
        }
        let mut count = match read.get("number-of-rows") {
            Some(v) => {
                Some(v.trim().parse::<u64>().map_err(|_| read.bad("number-of-rows", v, "expected a whole number"))?)
            }
            None => None,
        };
        let mut fields = Vec::with_capacity(columns.len());
        for column in columns {
            let maker = read.maker(&column.name, &column.sql_type, true)?;
            let size = maker.size();
            if size > MOST_PER_ROW {
                return Err(Error::Input(format!(
                    "table \"{table}\": column \"{}\" would make {size} characters, bytes and elements a row; \
                     kdalite's datagen makes at most {MOST_PER_ROW} (set its lengths lower)",
                    column.name
                )));
            }
            // The table ends with its shortest sequence.
            if let Values::Sequence { start, end } = maker.values {
                let values = end.abs_diff(start).saturating_add(1);
                count = Some(count.map_or(values, |c| c.min(values)));
            }
            fields.push(Field { column, maker });
        }
        settings.count = count;
        Ok((DataGen { fields, seed: settings.seed }, settings))
    }
}

/// Whether a value of type `t`, a sequence or random, takes field option `option`.
fn applies(option: &str, t: &SqlType, sequence: bool) -> bool {
    let collection = matches!(t, SqlType::Array(_) | SqlType::Map(..));
    match option {
        "kind" | "null-rate" => true,
        "start" | "end" => sequence,
        "min" | "max" => !sequence && is_number(t),
        "length" => !sequence && (is_text(t) || *t == SqlType::Bytes || collection),
        "var-len" => !sequence && (is_text(t) || *t == SqlType::Bytes),
        "max-past" => !sequence && matches!(t, SqlType::Timestamp | SqlType::TimestampLtz(_)),
        _ => false,
    }
}

fn is_number(t: &SqlType) -> bool {
    matches!(
        t,
        SqlType::TinyInt
            | SqlType::SmallInt
            | SqlType::Integer
            | SqlType::BigInt
            | SqlType::Real
            | SqlType::Double
            | SqlType::Decimal(..)
    )
}

fn is_text(t: &SqlType) -> bool {
    matches!(t, SqlType::Varchar(_) | SqlType::Char(_))
}

/// The types datagen makes: numbers and text (randomly or in sequence), and at random BOOLEAN,
/// BYTES, the arrival's TIMESTAMP, DATE and TIME, and ARRAY, MAP and ROW of them.
fn supported(t: &SqlType) -> bool {
    match t {
        SqlType::Array(element) => supported(element),
        SqlType::Map(k, v) => supported(k) && supported(v),
        SqlType::Row(fields) => fields.iter().all(|(_, t)| supported(t)),
        _ => {
            is_number(t)
                || is_text(t)
                || matches!(
                    t,
                    SqlType::Boolean
                        | SqlType::Bytes
                        | SqlType::Timestamp
                        | SqlType::TimestampLtz(_)
                        | SqlType::Date
                        | SqlType::Time
                )
        }
    }
}

impl Maker {
    /// How many characters, bytes and elements a value takes at most (a number or a time: 1).
    fn size(&self) -> usize {
        match &self.values {
            Values::Random { length, .. } if is_text(&self.sql_type) || self.sql_type == SqlType::Bytes => *length,
            Values::Array { length, element } => length.saturating_mul(element.size()),
            Values::Map { length, key, value } => length.saturating_mul(key.size().saturating_add(value.size())),
            Values::Row(fields) => fields.iter().fold(0usize, |n, (_, m)| n.saturating_add(m.size())),
            _ => 1,
        }
    }

    /// Row `row`'s value as a number: its place in the sequence, or a uniform draw.
    fn number(&self, row: u64, r: &mut Random) -> f64 {
        match self.values {
            Values::Sequence { start, .. } => (start + row as i64) as f64,
            // Weighed, not `min + u × (max − min)`: that span overflows a DOUBLE's range.
            Values::Random { min, max, .. } => {
                let u = r.unit();
                min * (1.0 - u) + max * u
            }
            Values::Array { .. } | Values::Map { .. } | Values::Row(_) => 0.0,
        }
    }

    fn whole(&self, row: u64, r: &mut Random) -> i64 {
        match self.values {
            Values::Sequence { start, .. } => start + row as i64,
            Values::Random { min, max, .. } if max - min < 9e15 => r.between(min as i64, max as i64),
            _ => self.number(row, r) as i64,
        }
    }

    /// How long a random text or BYTES value is.
    fn length(&self, r: &mut Random) -> usize {
        match self.values {
            Values::Random { length, var_len: true, .. } => r.between(1, length as i64) as usize,
            Values::Random { length, .. } => length,
            _ => 0,
        }
    }

    fn text(&self, row: u64, r: &mut Random, out: &mut String) {
        match self.values {
            Values::Sequence { .. } => out.push_str(&self.whole(row, r).to_string()),
            _ => {
                let length = self.length(r);
                out.extend((0..length).map(|_| HEX[r.below(16)] as char));
            }
        }
    }

    /// A DECIMAL's unscaled value: the number times `scale` (10^s), rounded.
    fn unscaled(&self, row: u64, r: &mut Random, scale: f64) -> i128 {
        (self.number(row, r) * scale).round() as i128
    }

    /// A TIMESTAMP's value for a row arriving at `arrival`.
    fn timestamp(&self, arrival: i64, r: &mut Random) -> i64 {
        match self.values {
            Values::Random { max_past, .. } if max_past > 0 => arrival - r.between(0, max_past),
            _ => arrival,
        }
    }

    /// A value inside a column: NULL at its null rate, else [`Maker::value`].
    fn item(&self, row: u64, arrival: i64, r: &mut Random) -> ScalarValue {
        if r.chance(self.null_rate) {
            ScalarValue::Null
        } else {
            self.value(row, arrival, r)
        }
    }

    /// Row `row`'s value (arriving at `arrival`), drawn from `r`.
    fn value(&self, row: u64, arrival: i64, r: &mut Random) -> ScalarValue {
        match (&self.sql_type, &self.values) {
            (_, Values::Array { length, element }) => {
                ScalarValue::Array((0..*length).map(|_| element.item(row, arrival, r)).collect())
            }
            // A key drawn twice is kept once, where it first came, with its last value (as
            // Flink's map puts it).
            (_, Values::Map { length, key, value }) => {
                let mut entries: Vec<(ScalarValue, ScalarValue)> = Vec::with_capacity(*length);
                for _ in 0..*length {
                    let (k, v) = (key.value(row, arrival, r), value.item(row, arrival, r));
                    match entries.iter_mut().find(|(e, _)| *e == k) {
                        Some(entry) => entry.1 = v,
                        None => entries.push((k, v)),
                    }
                }
                ScalarValue::Map(entries)
            }
            (_, Values::Row(fields)) => {
                ScalarValue::Row(fields.iter().map(|(name, m)| (name.clone(), m.item(row, arrival, r))).collect())
            }
            (SqlType::Boolean, _) => ScalarValue::Boolean(r.chance(0.5)),
            (SqlType::TinyInt, _) => ScalarValue::Int8(self.whole(row, r) as i8),
            (SqlType::SmallInt, _) => ScalarValue::Int16(self.whole(row, r) as i16),
            (SqlType::Integer, _) => ScalarValue::Int32(self.whole(row, r) as i32),
            (SqlType::BigInt, _) => ScalarValue::Int64(self.whole(row, r)),
            (SqlType::Real, _) => ScalarValue::Float32(self.number(row, r) as f32),
            (SqlType::Decimal(p, s), _) => {
                ScalarValue::Decimal128(self.unscaled(row, r, 10f64.powi(i32::from(*s))), *p, *s)
            }
            (SqlType::Timestamp | SqlType::TimestampLtz(_), _) => ScalarValue::TimestampMs(self.timestamp(arrival, r)),
            (SqlType::Date, _) => ScalarValue::Date32(day(arrival)),
            (SqlType::Time, _) => ScalarValue::Time32Ms(time_of_day(arrival)),
            (SqlType::Bytes, _) => {
                let length = self.length(r);
                ScalarValue::Binary((0..length).map(|_| r.word() as u8).collect())
            }
            (SqlType::Varchar(_) | SqlType::Char(_), _) => {
                let mut text = String::new();
                self.text(row, r, &mut text);
                ScalarValue::Utf8(text)
            }
            _ => ScalarValue::Float64(self.number(row, r)),
        }
    }
}

/// The day (since 1970-01-01) of a row arriving at `arrival` ms: a DATE column's value.
fn day(arrival: i64) -> i32 {
    arrival.div_euclid(86_400_000) as i32
}

/// The ms since midnight of a row arriving at `arrival`: a TIME column's value.
fn time_of_day(arrival: i64) -> i32 {
    arrival.rem_euclid(86_400_000) as i32
}

const HEX: &[u8; 16] = b"0123456789abcdef";

impl Rows for DataGen {
    fn columns(&self) -> Vec<ColumnDef> {
        self.fields.iter().map(|f| f.column.clone()).collect()
    }

    fn partitions(&self) -> usize {
        1
    }

    fn batch(&mut self, _rng: &mut Random, first: u64, nominal: &[i64], _skew: &[i64]) -> Result<Vec<ArrayRef>> {
        let n = nominal.len();
        let mut columns = Vec::with_capacity(self.fields.len());
        for (c, field) in self.fields.iter().enumerate() {
            // Each column's draws its own, and each row's from its number: a row is the same
            // whatever batch it is made in, and after a restore.
            let mut draws: Vec<Random> = (0..n as u64)
                .map(|i| Random::for_event(self.seed ^ (c as u64).wrapping_mul(0x9e37_79b9), first + i))
                .collect();
            let maker = &field.maker;
            let nulls: Vec<bool> = draws.iter_mut().map(|r| r.chance(maker.null_rate)).collect();
            let row = |i: usize| first + i as u64;
            macro_rules! build {
                ($builder:expr, $value:expr) => {{
                    let mut b = $builder;
                    for (i, r) in draws.iter_mut().enumerate() {
                        if nulls[i] {
                            b.append_null();
                        } else {
                            #[allow(clippy::redundant_closure_call)]
                            b.append_value(($value)(i, r));
                        }
                    }
                    Arc::new(b.finish()) as ArrayRef
                }};
            }
            // The common types straight into their builders; the others (BYTES, ARRAY, MAP,
            // ROW) a value at a time.
            let column = match field.column.sql_type {
                SqlType::Boolean => build!(BooleanBuilder::with_capacity(n), |_, r: &mut Random| r.chance(0.5)),
                SqlType::TinyInt => build!(Int8Builder::with_capacity(n), |i, r| maker.whole(row(i), r) as i8),
                SqlType::SmallInt => build!(Int16Builder::with_capacity(n), |i, r| maker.whole(row(i), r) as i16),
                SqlType::Integer => build!(Int32Builder::with_capacity(n), |i, r| maker.whole(row(i), r) as i32),
                SqlType::BigInt => build!(Int64Builder::with_capacity(n), |i, r| maker.whole(row(i), r)),
                SqlType::Real => build!(Float32Builder::with_capacity(n), |i, r| maker.number(row(i), r) as f32),
                SqlType::Double => build!(Float64Builder::with_capacity(n), |i, r| maker.number(row(i), r)),
                SqlType::Decimal(p, s) => {
                    let scale = 10f64.powi(i32::from(s));
                    let b = Decimal128Builder::with_capacity(n).with_precision_and_scale(p, s)?;
                    build!(b, |i, r| maker.unscaled(row(i), r, scale))
                }
                SqlType::Timestamp => {
                    let b = TimestampMillisecondBuilder::with_capacity(n);
                    build!(b, |i: usize, r| maker.timestamp(nominal[i], r))
                }
                SqlType::Date => build!(Date32Builder::with_capacity(n), |i: usize, _: &mut Random| day(nominal[i])),
                SqlType::Time => {
                    build!(Time32MillisecondBuilder::with_capacity(n), |i: usize, _: &mut Random| time_of_day(
                        nominal[i]
                    ))
                }
                SqlType::Varchar(_) | SqlType::Char(_) => {
                    let mut text = String::new();
                    let b = StringBuilder::with_capacity(n, n * 16);
                    build!(b, |i, r| {
                        text.clear();
                        maker.text(row(i), r, &mut text);
                        text.clone()
                    })
                }
                ref other => {
                    let values: Vec<ScalarValue> = (draws.iter_mut().enumerate())
                        .map(|(i, r)| if nulls[i] { ScalarValue::Null } else { maker.value(row(i), nominal[i], r) })
                        .collect();
                    ScalarValue::to_array(&values, &other.to_arrow())?
                }
            };
            columns.push(column);
        }
        Ok(columns)
    }
}
