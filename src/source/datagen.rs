//! Flink's `datagen` connector: a table declared `WITH ('connector' = 'datagen', …)` makes its
//! own rows, as Flink's DataGen source does, so an application runs without binding an input.
//!
//! Its options, as Flink reads them: `rows-per-second` (10000) and `number-of-rows` (none: it
//! runs forever); per column `fields.NAME.kind` (`random`, or `sequence` from `start` to `end`,
//! which ends the table when it runs out), `min`/`max` (numbers), `length` (text: 100, or the
//! declared length when shorter), `var-len` (text of 1 to `length` characters), `max-past`
//! (a TIMESTAMP up to that many milliseconds before the row arrives), `null-rate`. Rows arrive
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
use crate::plan::{ColumnDef, SqlType, StreamDef};

/// The options a datagen table takes besides its columns'.
const TABLE_OPTIONS: [&str; 4] = ["connector", "rows-per-second", "number-of-rows", "scan.parallelism"];
const FIELD_OPTIONS: [&str; 9] = ["kind", "min", "max", "max-past", "length", "var-len", "start", "end", "null-rate"];

/// How one column's values are made.
#[derive(Debug, Clone, PartialEq)]
enum Values {
    /// Uniform in `[min, max]` (numbers), of `length` characters (text; 1 to `length` with
    /// `var_len`), or up to `max_past` ms before the arrival (a TIMESTAMP).
    Random { min: f64, max: f64, length: usize, var_len: bool, max_past: i64 },
    /// `start`, `start + 1`, … `end`, one a row.
    Sequence { start: i64, end: i64 },
}

#[derive(Debug, Clone, PartialEq)]
struct Field {
    column: ColumnDef,
    values: Values,
    null_rate: f64,
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

impl DataGen {
    fn new(def: &StreamDef, options: &[(String, String)]) -> Result<(DataGen, Settings)> {
        let table = &def.name;
        let bad = |key: &str, value: &str, why: &str| {
            Error::Input(format!("table \"{table}\": datagen option '{key}' = '{value}': {why}"))
        };
        let option = |key: &str| options.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        let number = |key: &str| -> Result<Option<f64>> {
            option(key).map(|v| v.trim().parse::<f64>().map_err(|_| bad(key, v, "expected a number"))).transpose()
        };
        // The physical columns, as the source makes them (computed ones are added after).
        let source = def.source_schema();
        let columns: Vec<ColumnDef> =
            def.columns.iter().filter(|c| source.fields().iter().any(|f| f.name() == &c.name)).cloned().collect();
        for (key, value) in options {
            let known = match key.strip_prefix("fields.").and_then(|f| f.rsplit_once('.')) {
                Some((column, option)) => {
                    if !columns.iter().any(|c| c.name == column) {
                        return Err(bad(key, value, &format!("the table has no column \"{column}\"")));
                    }
                    FIELD_OPTIONS.contains(&option)
                }
                None => TABLE_OPTIONS.contains(&key.as_str()),
            };
            if !known {
                return Err(bad(
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
        if let Some(rate) = number("rows-per-second")? {
            if !(rate > 0.0 && rate.is_finite()) {
                return Err(bad(
                    "rows-per-second",
                    option("rows-per-second").unwrap_or(""),
                    "expected a positive number",
                ));
            }
            settings.rate = rate;
        }
        let mut count = match option("number-of-rows") {
            Some(v) => Some(v.trim().parse::<u64>().map_err(|_| bad("number-of-rows", v, "expected a whole number"))?),
            None => None,
        };
        let mut fields = Vec::with_capacity(columns.len());
        for column in columns {
            if !supported(&column.sql_type) {
                return Err(Error::Input(format!(
                    "table \"{table}\": datagen cannot make column \"{}\" of type {} yet (it makes numbers, text, BOOLEAN, TIMESTAMP, DATE and TIME)",
                    column.name, column.sql_type
                )));
            }
            let key = |option: &str| format!("fields.{}.{option}", column.name);
            let get = |field_option: &str| option(&key(field_option));
            let field_number = |option: &str| number(&key(option));
            let whole = |option: &str| -> Result<Option<i64>> {
                match get(option) {
                    Some(v) => {
                        v.trim().parse::<i64>().map(Some).map_err(|_| bad(&key(option), v, "expected a whole number"))
                    }
                    None => Ok(None),
                }
            };
            let sequence = match get("kind") {
                None | Some("random") => false,
                Some("sequence") => true,
                Some(other) => return Err(bad(&key("kind"), other, "expected 'random' or 'sequence'")),
            };
            // An option that does not apply to the column is refused, as Flink refuses it.
            for option in FIELD_OPTIONS {
                if let Some(value) = get(option).filter(|_| !applies(option, &column.sql_type, sequence)) {
                    let kind = if sequence { "sequence" } else { "random" };
                    let why = format!("not an option of a {kind} {} column", column.sql_type);
                    return Err(bad(&key(option), value, &why));
                }
            }
            let values = if sequence {
                let (Some(start), Some(end)) = (whole("start")?, whole("end")?) else {
                    return Err(Error::Input(format!(
                        "table \"{table}\": column \"{}\" is a datagen sequence, which needs {} and {}",
                        column.name,
                        key("start"),
                        key("end")
                    )));
                };
                if end < start {
                    return Err(bad(&key("end"), &end.to_string(), "the sequence ends before it starts"));
                }
                let counted = is_number(&column.sql_type) || is_text(&column.sql_type);
                if !counted {
                    return Err(Error::Input(format!(
                        "table \"{table}\": column \"{}\" is {}, which a datagen sequence cannot make (numbers and text can)",
                        column.name, column.sql_type
                    )));
                }
                // The table ends with its shortest sequence.
                let values = (end - start) as u64 + 1;
                count = Some(count.map_or(values, |c| c.min(values)));
                Values::Sequence { start, end }
            } else {
                let (type_min, type_max) = match column.sql_type {
                    SqlType::TinyInt => (i8::MIN as f64, i8::MAX as f64),
                    SqlType::SmallInt => (i16::MIN as f64, i16::MAX as f64),
                    SqlType::Integer => (i32::MIN as f64, i32::MAX as f64),
                    SqlType::BigInt => (i64::MIN as f64, i64::MAX as f64),
                    // As Flink's: floats from their smallest positive value, decimals from 0.
                    SqlType::Real => (f32::MIN_POSITIVE as f64, f32::MAX as f64),
                    SqlType::Decimal(p, s) => {
                        (0.0, 10f64.powi(i32::from(p) - i32::from(s)) - 10f64.powi(-i32::from(s)))
                    }
                    _ => (f64::MIN_POSITIVE, f64::MAX),
                };
                let declared = match column.sql_type {
                    SqlType::Varchar(Some(n)) | SqlType::Char(Some(n)) => Some(n as usize),
                    _ => None,
                };
                let length = match whole("length")? {
                    Some(n) if n < 1 || declared.is_some_and(|d| n as usize > d) => {
                        return Err(bad(&key("length"), &n.to_string(), "longer than the column holds, or below 1"))
                    }
                    Some(n) => n as usize,
                    None => declared.map_or(100, |d| d.min(100)),
                };
                let var_len = match get("var-len") {
                    None | Some("false") => false,
                    Some("true") => true,
                    Some(other) => return Err(bad(&key("var-len"), other, "expected true or false")),
                };
                let (min, max) = (field_number("min")?.unwrap_or(type_min), field_number("max")?.unwrap_or(type_max));
                if max < min {
                    return Err(bad(&key("max"), &max.to_string(), "below the column's min"));
                }
                let max_past = whole("max-past")?.unwrap_or(0).max(0);
                Values::Random { min, max, length, var_len, max_past }
            };
            let null_rate = field_number("null-rate")?.unwrap_or(0.0);
            if !(0.0..=1.0).contains(&null_rate) {
                return Err(bad(&key("null-rate"), &null_rate.to_string(), "expected a fraction from 0 to 1"));
            }
            fields.push(Field { column, values, null_rate });
        }
        settings.count = count;
        Ok((DataGen { fields, seed: settings.seed }, settings))
    }
}

/// Whether a column of type `t`, a sequence or random, takes field option `option`.
fn applies(option: &str, t: &SqlType, sequence: bool) -> bool {
    match option {
        "kind" | "null-rate" => true,
        "start" | "end" => sequence,
        "min" | "max" => !sequence && is_number(t),
        "length" | "var-len" => !sequence && is_text(t),
        "max-past" => !sequence && *t == SqlType::Timestamp,
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
/// and the arrival's TIMESTAMP, DATE and TIME.
fn supported(t: &SqlType) -> bool {
    is_number(t) || is_text(t) || matches!(t, SqlType::Boolean | SqlType::Timestamp | SqlType::Date | SqlType::Time)
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
            let nulls: Vec<bool> = draws.iter_mut().map(|r| r.chance(field.null_rate)).collect();
            // The row's value as a number: its place in the sequence, or a uniform draw.
            let number = |i: usize, r: &mut Random| match field.values {
                Values::Sequence { start, .. } => (start + (first + i as u64) as i64) as f64,
                // Weighed, not `min + u × (max − min)`: that span overflows a DOUBLE's range.
                Values::Random { min, max, .. } => {
                    let u = r.unit();
                    min * (1.0 - u) + max * u
                }
            };
            let whole = |i: usize, r: &mut Random| match field.values {
                Values::Sequence { start, .. } => start + (first + i as u64) as i64,
                Values::Random { min, max, .. } if max - min < 9e15 => r.between(min as i64, max as i64),
                Values::Random { .. } => number(i, r) as i64,
            };
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
            let column = match field.column.sql_type {
                SqlType::Boolean => build!(BooleanBuilder::with_capacity(n), |_, r: &mut Random| r.chance(0.5)),
                SqlType::TinyInt => build!(Int8Builder::with_capacity(n), |i, r: &mut Random| whole(i, r) as i8),
                SqlType::SmallInt => build!(Int16Builder::with_capacity(n), |i, r: &mut Random| whole(i, r) as i16),
                SqlType::Integer => build!(Int32Builder::with_capacity(n), |i, r: &mut Random| whole(i, r) as i32),
                SqlType::BigInt => build!(Int64Builder::with_capacity(n), |i, r: &mut Random| whole(i, r)),
                SqlType::Real => build!(Float32Builder::with_capacity(n), |i, r: &mut Random| number(i, r) as f32),
                SqlType::Double => build!(Float64Builder::with_capacity(n), |i, r: &mut Random| number(i, r)),
                SqlType::Decimal(p, s) => {
                    let scale = 10f64.powi(i32::from(s));
                    let b = Decimal128Builder::with_capacity(n).with_precision_and_scale(p, s)?;
                    build!(b, |i, r: &mut Random| (number(i, r) * scale).round() as i128)
                }
                SqlType::Timestamp => {
                    let past = match field.values {
                        Values::Random { max_past, .. } => max_past,
                        Values::Sequence { .. } => 0,
                    };
                    let b = TimestampMillisecondBuilder::with_capacity(n);
                    build!(b, |i: usize, r: &mut Random| nominal[i] - if past > 0 { r.between(0, past) } else { 0 })
                }
                SqlType::Date => {
                    build!(
                        Date32Builder::with_capacity(n),
                        |i: usize, _: &mut Random| nominal[i].div_euclid(86_400_000) as i32
                    )
                }
                SqlType::Time => build!(Time32MillisecondBuilder::with_capacity(n), |i: usize, _: &mut Random| nominal
                    [i]
                    .rem_euclid(86_400_000)
                    as i32),
                SqlType::Varchar(_) | SqlType::Char(_) => {
                    let mut text = String::new();
                    let b = StringBuilder::with_capacity(n, n * 16);
                    build!(b, |i, r: &mut Random| {
                        text.clear();
                        match field.values {
                            Values::Sequence { .. } => text.push_str(&whole(i, r).to_string()),
                            Values::Random { length, var_len, .. } => {
                                let length = if var_len { r.between(1, length as i64) as usize } else { length };
                                text.extend((0..length).map(|_| HEX[r.below(16)] as char));
                            }
                        }
                        text.clone()
                    })
                }
                ref other => return Err(Error::Internal(format!("datagen has no values for {other}"))),
            };
            columns.push(column);
        }
        Ok(columns)
    }
}
