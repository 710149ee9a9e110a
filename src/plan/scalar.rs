//! A single SQL value: literals in plans, group keys and accumulator state in operators.

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::*;
use arrow_array::{
    Array, ArrayRef, BooleanArray, Date32Array, Decimal128Array, DurationMillisecondArray, Float32Array, Float64Array,
    Int16Array, Int32Array, Int64Array, Int8Array, IntervalYearMonthArray, StringArray, Time32MillisecondArray,
    TimestampMillisecondArray,
};
use arrow_schema::{DataType, IntervalUnit, TimeUnit};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::internal_err;
use crate::plan::interval::IntervalQualifier;
use crate::plan::types::format_timestamp;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ScalarValue {
    Null,
    Boolean(bool),
    Int8(i8),
    Int16(i16),
    Int32(i32),
    Int64(i64),
    Float32(f32),
    Float64(f64),
    Utf8(String),
    /// Milliseconds since the epoch, UTC.
    TimestampMs(i64),
    /// An exact decimal: the unscaled value, precision and scale.
    Decimal128(i128, u8, i8),
    /// Days since the epoch.
    Date32(i32),
    /// Milliseconds since midnight.
    Time32Ms(i32),
    /// A ROW value: its fields, by name.
    Row(Vec<(String, ScalarValue)>),
    /// An interval: months (year-month) or milliseconds (day-time), and how it is written.
    Interval(i64, IntervalQualifier),
    /// An ARRAY value: its elements, in order.
    Array(Vec<ScalarValue>),
    /// A MAP value: its entries, each key once, in the order the keys came.
    Map(Vec<(ScalarValue, ScalarValue)>),
    /// A BYTES value.
    Binary(Vec<u8>),
}

impl ScalarValue {
    pub fn is_null(&self) -> bool {
        matches!(self, ScalarValue::Null)
    }

    /// The value at `row` of `array` (Null for a null slot).
    pub fn try_from_array(array: &dyn Array, row: usize) -> Result<ScalarValue> {
        if array.is_null(row) {
            return Ok(ScalarValue::Null);
        }
        Ok(match array.data_type() {
            DataType::Boolean => ScalarValue::Boolean(array.as_boolean().value(row)),
            DataType::Int8 => ScalarValue::Int8(array.as_primitive::<Int8Type>().value(row)),
            DataType::Int16 => ScalarValue::Int16(array.as_primitive::<Int16Type>().value(row)),
            DataType::Int32 => ScalarValue::Int32(array.as_primitive::<Int32Type>().value(row)),
            DataType::Int64 => ScalarValue::Int64(array.as_primitive::<Int64Type>().value(row)),
            DataType::Float32 => ScalarValue::Float32(array.as_primitive::<Float32Type>().value(row)),
            DataType::Float64 => ScalarValue::Float64(array.as_primitive::<Float64Type>().value(row)),
            DataType::Utf8 => ScalarValue::Utf8(array.as_string::<i32>().value(row).to_string()),
            DataType::Binary => ScalarValue::Binary(array.as_binary::<i32>().value(row).to_vec()),
            DataType::Timestamp(TimeUnit::Millisecond, _) => {
                ScalarValue::TimestampMs(array.as_primitive::<TimestampMillisecondType>().value(row))
            }
            DataType::Decimal128(p, s) => {
                ScalarValue::Decimal128(array.as_primitive::<Decimal128Type>().value(row), *p, *s)
            }
            DataType::Date32 => ScalarValue::Date32(array.as_primitive::<Date32Type>().value(row)),
            DataType::Time32(TimeUnit::Millisecond) => {
                ScalarValue::Time32Ms(array.as_primitive::<Time32MillisecondType>().value(row))
            }
            DataType::Struct(fields) => {
                let children = array.as_struct().columns();
                let values = fields
                    .iter()
                    .zip(children)
                    .map(|(f, c)| Ok((f.name().clone(), ScalarValue::try_from_array(c.as_ref(), row)?)))
                    .collect::<Result<Vec<_>>>();
                ScalarValue::Row(values?)
            }
            DataType::List(_) => {
                let list = array.as_list::<i32>().value(row);
                ScalarValue::Array(
                    (0..list.len()).map(|i| ScalarValue::try_from_array(&list, i)).collect::<Result<_>>()?,
                )
            }
            DataType::Map(..) => {
                let entries = array.as_map().value(row);
                let (keys, values) = (entries.column(0), entries.column(1));
                ScalarValue::Map(
                    (0..entries.len())
                        .map(|i| {
                            Ok((
                                ScalarValue::try_from_array(keys.as_ref(), i)?,
                                ScalarValue::try_from_array(values.as_ref(), i)?,
                            ))
                        })
                        .collect::<Result<_>>()?,
                )
            }
            DataType::Interval(IntervalUnit::YearMonth) => ScalarValue::Interval(
                array.as_primitive::<IntervalYearMonthType>().value(row) as i64,
                IntervalQualifier::YEAR_TO_MONTH,
            ),
            DataType::Duration(TimeUnit::Millisecond) => ScalarValue::Interval(
                array.as_primitive::<DurationMillisecondType>().value(row),
                IntervalQualifier::DAY_TO_SECOND,
            ),
            other => return internal_err!("no scalar value for type {other}"),
        })
    }

    /// An array of `data_type` holding `values`; values of another type are an internal error.
    pub fn to_array<'a>(values: impl IntoIterator<Item = &'a ScalarValue>, data_type: &DataType) -> Result<ArrayRef> {
        macro_rules! build {
            ($array:ty, $variant:ident) => {{
                let mut out = Vec::new();
                for v in values {
                    out.push(match v {
                        ScalarValue::Null => None,
                        ScalarValue::$variant(x) => Some(x.clone()),
                        other => return internal_err!("{other:?} in a {data_type} column"),
                    });
                }
                Arc::new(<$array>::from(out)) as ArrayRef
            }};
        }
        Ok(match data_type {
            DataType::Boolean => build!(BooleanArray, Boolean),
            DataType::Int8 => build!(Int8Array, Int8),
            DataType::Int16 => build!(Int16Array, Int16),
            DataType::Int32 => build!(Int32Array, Int32),
            DataType::Int64 => build!(Int64Array, Int64),
            DataType::Float32 => build!(Float32Array, Float32),
            DataType::Float64 => build!(Float64Array, Float64),
            // Borrowed, not cloned: a String per value was most of an updating GROUP BY's
            // output (Nexmark q16's MAX of a text).
            DataType::Utf8 => {
                let mut out = Vec::new();
                for v in values {
                    out.push(match v {
                        ScalarValue::Null => None,
                        ScalarValue::Utf8(x) => Some(x.as_str()),
                        other => return internal_err!("{other:?} in a {data_type} column"),
                    });
                }
                Arc::new(StringArray::from(out)) as ArrayRef
            }
            DataType::Binary => {
                let mut out: Vec<Option<&[u8]>> = Vec::new();
                for v in values {
                    out.push(match v {
                        ScalarValue::Binary(b) => Some(b),
                        ScalarValue::Null => None,
                        other => return internal_err!("{other:?} in a {data_type} column"),
                    });
                }
                Arc::new(arrow_array::BinaryArray::from(out)) as ArrayRef
            }
            DataType::Timestamp(TimeUnit::Millisecond, zone) => {
                let mut out = Vec::new();
                for v in values {
                    out.push(match v {
                        ScalarValue::Null => None,
                        ScalarValue::TimestampMs(ms) => Some(*ms),
                        other => return internal_err!("{other:?} in a {data_type} column"),
                    });
                }
                Arc::new(TimestampMillisecondArray::from(out).with_timezone_opt(zone.clone())) as ArrayRef
            }
            DataType::Date32 => build!(Date32Array, Date32),
            DataType::Time32(TimeUnit::Millisecond) => build!(Time32MillisecondArray, Time32Ms),
            DataType::Decimal128(p, s) => {
                let mut out = Vec::new();
                for v in values {
                    out.push(match v {
                        ScalarValue::Null => None,
                        ScalarValue::Decimal128(x, _, vs) if vs == s => Some(*x),
                        other => return internal_err!("{other:?} in a {data_type} column"),
                    });
                }
                Arc::new(Decimal128Array::from(out).with_precision_and_scale(*p, *s)?) as ArrayRef
            }
            DataType::Interval(IntervalUnit::YearMonth) => {
                let months = values.into_iter().map(|v| match v {
                    ScalarValue::Null => Ok(None),
                    ScalarValue::Interval(m, q) if q.is_year_month() => match i32::try_from(*m) {
                        Ok(m) => Ok(Some(m)),
                        Err(_) => internal_err!("{m} months do not fit a year-month interval"),
                    },
                    other => internal_err!("{other:?} in a {data_type} column"),
                });
                Arc::new(months.collect::<Result<IntervalYearMonthArray>>()?) as ArrayRef
            }
            DataType::Duration(TimeUnit::Millisecond) => {
                let millis = values.into_iter().map(|v| match v {
                    ScalarValue::Null => Ok(None),
                    ScalarValue::Interval(ms, q) if !q.is_year_month() => Ok(Some(*ms)),
                    other => internal_err!("{other:?} in a {data_type} column"),
                });
                Arc::new(millis.collect::<Result<DurationMillisecondArray>>()?) as ArrayRef
            }
            DataType::Struct(fields) => {
                let values: Vec<&ScalarValue> = values.into_iter().collect();
                let mut children = Vec::with_capacity(fields.len());
                for (i, field) in fields.iter().enumerate() {
                    let column: Vec<&ScalarValue> = values
                        .iter()
                        .map(|v| match v {
                            ScalarValue::Row(row) => row.get(i).map_or(&ScalarValue::Null, |(_, v)| v),
                            _ => &ScalarValue::Null,
                        })
                        .collect();
                    children.push(ScalarValue::to_array(column, field.data_type())?);
                }
                let mut nulls = Vec::with_capacity(values.len());
                for v in &values {
                    match v {
                        ScalarValue::Null => nulls.push(false),
                        ScalarValue::Row(_) => nulls.push(true),
                        other => return internal_err!("{other:?} in a {data_type} column"),
                    }
                }
                Arc::new(arrow_array::StructArray::try_new(fields.clone(), children, Some(nulls.into()))?)
            }
            DataType::List(element) => {
                let mut offsets = vec![0i32];
                let mut nulls = Vec::new();
                let mut elements: Vec<&ScalarValue> = Vec::new();
                for v in values {
                    match v {
                        ScalarValue::Null => nulls.push(false),
                        ScalarValue::Array(items) => {
                            nulls.push(true);
                            elements.extend(items);
                        }
                        other => return internal_err!("{other:?} in a {data_type} column"),
                    }
                    offsets.push(elements.len() as i32);
                }
                let values = ScalarValue::to_array(elements, element.data_type())?;
                let offsets = arrow_buffer::OffsetBuffer::new(offsets.into());
                Arc::new(arrow_array::ListArray::try_new(element.clone(), offsets, values, Some(nulls.into()))?)
            }
            DataType::Map(entries, sorted) => {
                let DataType::Struct(fields) = entries.data_type() else {
                    return internal_err!("a map of {}", entries.data_type());
                };
                let mut offsets = vec![0i32];
                let mut nulls = Vec::new();
                let (mut keys, mut items): (Vec<&ScalarValue>, Vec<&ScalarValue>) = (vec![], vec![]);
                for v in values {
                    match v {
                        ScalarValue::Null => nulls.push(false),
                        ScalarValue::Map(pairs) => {
                            nulls.push(true);
                            keys.extend(pairs.iter().map(|(k, _)| k));
                            items.extend(pairs.iter().map(|(_, v)| v));
                        }
                        other => return internal_err!("{other:?} in a {data_type} column"),
                    }
                    offsets.push(keys.len() as i32);
                }
                let children = vec![
                    ScalarValue::to_array(keys, fields[0].data_type())?,
                    ScalarValue::to_array(items, fields[1].data_type())?,
                ];
                let entries_array = arrow_array::StructArray::try_new(fields.clone(), children, None)?;
                let offsets = arrow_buffer::OffsetBuffer::new(offsets.into());
                Arc::new(arrow_array::MapArray::try_new(
                    entries.clone(),
                    offsets,
                    entries_array,
                    Some(nulls.into()),
                    *sorted,
                )?)
            }
            other => return internal_err!("no array for type {other}"),
        })
    }

    /// The Arrow type of the value (Null has none of its own).
    pub fn data_type(&self) -> DataType {
        match self {
            ScalarValue::Null => DataType::Null,
            ScalarValue::Boolean(_) => DataType::Boolean,
            ScalarValue::Int8(_) => DataType::Int8,
            ScalarValue::Int16(_) => DataType::Int16,
            ScalarValue::Int32(_) => DataType::Int32,
            ScalarValue::Int64(_) => DataType::Int64,
            ScalarValue::Float32(_) => DataType::Float32,
            ScalarValue::Float64(_) => DataType::Float64,
            ScalarValue::Utf8(_) => DataType::Utf8,
            ScalarValue::Binary(_) => DataType::Binary,
            ScalarValue::TimestampMs(_) => crate::plan::types::timestamp_type(),
            ScalarValue::Decimal128(_, p, s) => DataType::Decimal128(*p, *s),
            ScalarValue::Date32(_) => DataType::Date32,
            ScalarValue::Time32Ms(_) => DataType::Time32(TimeUnit::Millisecond),
            ScalarValue::Row(fields) => DataType::Struct(
                fields.iter().map(|(name, v)| arrow_schema::Field::new(name, v.data_type(), true)).collect(),
            ),
            ScalarValue::Interval(_, q) => q.data_type(),
            ScalarValue::Array(items) => crate::plan::types::list_type(
                items.iter().map(ScalarValue::data_type).find(|t| t != &DataType::Null).unwrap_or(DataType::Null),
            ),
            ScalarValue::Map(entries) => {
                let first = |of: fn(&(ScalarValue, ScalarValue)) -> &ScalarValue| {
                    entries.iter().map(|e| of(e).data_type()).find(|t| t != &DataType::Null).unwrap_or(DataType::Null)
                };
                crate::plan::types::map_type(first(|(k, _)| k), first(|(_, v)| v))
            }
        }
    }

    /// The value as JSON text, timestamps in kdalite's text format: decimals, at any depth,
    /// keep their digits and scale (`11.00`, as Flink's JSON format writes a BigDecimal), and a
    /// ROW keeps every field in order, duplicate names included.
    pub fn to_json_text(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    fn write_json(&self, out: &mut String) {
        let string = |out: &mut String, s: &str| out.push_str(&serde_json::Value::from(s).to_string());
        let number = |out: &mut String, v: f64| match serde_json::Number::from_f64(v) {
            Some(n) => out.push_str(&n.to_string()),
            None => out.push_str("null"),
        };
        let mut list = |items: &mut dyn Iterator<Item = (Option<String>, &ScalarValue)>, open, close| {
            out.push(open);
            for (i, (key, value)) in items.enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if let Some(key) = key {
                    string(out, &key);
                    out.push(':');
                }
                value.write_json(out);
            }
            out.push(close);
        };
        match self {
            ScalarValue::Row(fields) => list(&mut fields.iter().map(|(k, v)| (Some(k.clone()), v)), '{', '}'),
            ScalarValue::Array(items) => list(&mut items.iter().map(|v| (None, v)), '[', ']'),
            // A JSON object, keys as text (as Flink's JSON format writes a map of STRING keys).
            ScalarValue::Map(entries) => list(&mut entries.iter().map(|(k, v)| (Some(k.to_text()), v)), '{', '}'),
            ScalarValue::Null => out.push_str("null"),
            ScalarValue::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
            ScalarValue::Int8(v) => out.push_str(&v.to_string()),
            ScalarValue::Int16(v) => out.push_str(&v.to_string()),
            ScalarValue::Int32(v) => out.push_str(&v.to_string()),
            ScalarValue::Int64(v) => out.push_str(&v.to_string()),
            // f32 → f64 widening would print 0.1f32 as 0.10000000149011612.
            ScalarValue::Float32(v) => number(out, shortest_f64(*v)),
            ScalarValue::Float64(v) => number(out, *v),
            ScalarValue::Decimal128(..) => out.push_str(&self.to_text()),
            ScalarValue::Utf8(s) => string(out, s),
            // Bytes as Flink's JSON format writes them (base64); times as kdalite prints them.
            ScalarValue::Binary(_)
            | ScalarValue::TimestampMs(_)
            | ScalarValue::Date32(_)
            | ScalarValue::Time32Ms(_)
            | ScalarValue::Interval(..) => string(out, &self.to_text()),
        }
    }

    /// The value as text for CSV and table output; Null is the empty string.
    pub fn to_text(&self) -> String {
        match self {
            ScalarValue::Null => String::new(),
            ScalarValue::Utf8(s) => s.clone(),
            // Base64, as Flink's JSON and CSV formats write bytes.
            ScalarValue::Binary(b) => {
                use base64::Engine;
                base64::engine::general_purpose::STANDARD.encode(b)
            }
            ScalarValue::TimestampMs(ms) => format_timestamp(*ms),
            ScalarValue::Decimal128(v, _, s) => format_decimal(*v, *s),
            ScalarValue::Date32(d) => crate::plan::types::format_date(*d),
            ScalarValue::Time32Ms(t) => crate::plan::types::format_time(*t),
            ScalarValue::Interval(v, q) => q.format(*v),
            // As Flink casts an array to text: `[1, NULL, 3]`, text unquoted.
            ScalarValue::Array(items) => {
                let items: Vec<String> = items.iter().map(ScalarValue::item_text).collect();
                format!("[{}]", items.join(", "))
            }
            // As Flink casts a map to text: `{a=1, b=NULL}`.
            ScalarValue::Map(entries) => {
                let entries: Vec<String> =
                    entries.iter().map(|(k, v)| format!("{}={}", k.item_text(), v.item_text())).collect();
                format!("{{{}}}", entries.join(", "))
            }
            other => other.to_json_text(),
        }
    }

    /// A value inside an array's or a map's text: NULL written out.
    fn item_text(&self) -> String {
        if self.is_null() {
            "NULL".to_string()
        } else {
            self.to_text()
        }
    }

    fn rank(&self) -> u8 {
        match self {
            ScalarValue::Null => 0,
            ScalarValue::Boolean(_) => 1,
            ScalarValue::Int8(_) | ScalarValue::Int16(_) | ScalarValue::Int32(_) | ScalarValue::Int64(_) => 2,
            ScalarValue::Float32(_) | ScalarValue::Float64(_) => 3,
            ScalarValue::Decimal128(..) => 3,
            ScalarValue::Utf8(_) => 4,
            ScalarValue::TimestampMs(_) => 5,
            ScalarValue::Date32(_) => 6,
            ScalarValue::Time32Ms(_) => 7,
            ScalarValue::Row(_) => 8,
            ScalarValue::Interval(_, q) if q.is_year_month() => 9,
            ScalarValue::Interval(..) => 10,
            ScalarValue::Array(_) => 11,
            ScalarValue::Map(_) => 12,
            ScalarValue::Binary(_) => 13,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            ScalarValue::Int8(v) => Some(*v as i64),
            ScalarValue::Int16(v) => Some(*v as i64),
            ScalarValue::Int32(v) => Some(*v as i64),
            ScalarValue::Int64(v) => Some(*v),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            ScalarValue::Decimal128(v, _, s) => Some(*v as f64 / 10f64.powi(*s as i32)),
            ScalarValue::Float32(v) => Some(*v as f64),
            ScalarValue::Float64(v) => Some(*v),
            other => other.as_i64().map(|v| v as f64),
        }
    }
}

/// `unscaled` with `scale` digits after the point: `format_decimal(1100, 2)` is `11.00`.
pub fn format_decimal(unscaled: i128, scale: i8) -> String {
    if scale <= 0 {
        return (unscaled * 10i128.pow((-scale) as u32)).to_string();
    }
    let digits = unscaled.unsigned_abs().to_string();
    let scale = scale as usize;
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let (int, frac) = padded.split_at(padded.len() - scale);
    format!("{}{int}.{frac}", if unscaled < 0 { "-" } else { "" })
}

/// Bytes written as hex digits, two each (`616263` is `abc`'s); None for anything else.
pub fn from_hex(hex: &str) -> Option<Vec<u8>> {
    if hex.len() % 2 == 1 || !hex.is_ascii() {
        return None;
    }
    (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).ok()).collect()
}

/// A map's entries in key order, for comparing and hashing maps.
fn sorted_entries(entries: &[(ScalarValue, ScalarValue)]) -> Vec<&(ScalarValue, ScalarValue)> {
    let mut sorted: Vec<_> = entries.iter().collect();
    sorted.sort();
    sorted
}

/// A total order (NULL first, floats by `total_cmp`), so values can key maps and sort groups.
impl Ord for ScalarValue {
    fn cmp(&self, other: &Self) -> Ordering {
        use ScalarValue::*;
        match (self, other) {
            (Int64(a), Int64(b)) => a.cmp(b),
            (Boolean(a), Boolean(b)) => a.cmp(b),
            (Utf8(a), Utf8(b)) => a.cmp(b),
            (Binary(a), Binary(b)) => a.cmp(b),
            (TimestampMs(a), TimestampMs(b)) => a.cmp(b),
            (Decimal128(a, _, sa), Decimal128(b, _, sb)) if sa == sb => a.cmp(b),
            (Date32(a), Date32(b)) | (Time32Ms(a), Time32Ms(b)) => a.cmp(b),
            (Row(a), Row(b)) => a.iter().map(|(_, v)| v).cmp(b.iter().map(|(_, v)| v)),
            (Array(a), Array(b)) => a.cmp(b),
            // Maps are equal whatever order their entries came in, as Flink compares them.
            (Map(a), Map(b)) => sorted_entries(a).cmp(&sorted_entries(b)),
            (Interval(a, qa), Interval(b, qb)) if qa.is_year_month() == qb.is_year_month() => a.cmp(b),
            (a, b) if a.rank() == 2 && b.rank() == 2 => a.as_i64().cmp(&b.as_i64()),
            (a, b) if a.rank() == 3 && b.rank() == 3 => a.as_f64().unwrap_or(0.0).total_cmp(&b.as_f64().unwrap_or(0.0)),
            (a, b) => a.rank().cmp(&b.rank()),
        }
    }
}

impl PartialOrd for ScalarValue {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for ScalarValue {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for ScalarValue {}

impl Hash for ScalarValue {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.rank().hash(state);
        match self {
            ScalarValue::Boolean(b) => b.hash(state),
            ScalarValue::Utf8(s) => s.hash(state),
            ScalarValue::Binary(b) => b.hash(state),
            ScalarValue::TimestampMs(v) => v.hash(state),
            ScalarValue::Date32(v) | ScalarValue::Time32Ms(v) => v.hash(state),
            ScalarValue::Row(fields) => fields.iter().for_each(|(_, v)| v.hash(state)),
            ScalarValue::Array(items) => items.hash(state),
            ScalarValue::Map(entries) => sorted_entries(entries).hash(state),
            ScalarValue::Interval(v, _) => v.hash(state),
            ScalarValue::Float32(_) | ScalarValue::Float64(_) | ScalarValue::Decimal128(..) => {
                self.as_f64().unwrap_or(0.0).to_bits().hash(state)
            }
            other => other.as_i64().hash(state),
        }
    }
}

impl std::fmt::Display for ScalarValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScalarValue::Null => write!(f, "NULL"),
            ScalarValue::Utf8(s) => write!(f, "'{}'", s.replace('\'', "''")),
            ScalarValue::Binary(b) => write!(f, "X'{}'", b.iter().map(|x| format!("{x:02X}")).collect::<String>()),
            ScalarValue::TimestampMs(ms) => write!(f, "TIMESTAMP '{}'", format_timestamp(*ms)),
            ScalarValue::Date32(_) => write!(f, "DATE '{}'", self.to_text()),
            ScalarValue::Time32Ms(_) => write!(f, "TIME '{}'", self.to_text()),
            ScalarValue::Interval(_, q) => write!(f, "INTERVAL '{}' {q}", self.to_text()),
            ScalarValue::Array(items) => {
                let items: Vec<String> = items.iter().map(|v| v.to_string()).collect();
                write!(f, "ARRAY[{}]", items.join(", "))
            }
            ScalarValue::Map(entries) => {
                let entries: Vec<String> = entries.iter().map(|(k, v)| format!("{k}, {v}")).collect();
                write!(f, "MAP[{}]", entries.join(", "))
            }
            other => write!(f, "{}", other.to_text()),
        }
    }
}

/// The f64 an f32's shortest text reads as (0.1f32 is 0.1, not 0.10000000149011612), as
/// JSON prints it.
pub fn shortest_f64(v: f32) -> f64 {
    if !v.is_finite() {
        return f64::NAN;
    }
    match f32_decimal(v) {
        Some((m, k)) => m as f64 / POWERS_OF_TEN[k],
        None => shortest_f64_of_text(v),
    }
}

/// 10^k, exactly, for the decimals [`f32_decimal`] tries.
const POWERS_OF_TEN: [f64; 8] = [1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6, 1e7];

/// An f32 of a few decimals (prices, readings: most values) as its shortest text's digits `m`
/// and number of decimals `k`, `m / 10^k`; None for any other. The fewest decimals for which
/// `m / 10^k` reads back as `v` give its shortest text, while `m` is small enough (below 2^24)
/// that no other number of `k` decimals reads back as `v`, and `v` large enough that the
/// decimal's nearest f64 rounds to the f32 the decimal does.
pub fn f32_decimal(v: f32) -> Option<(i64, usize)> {
    if !v.is_finite() || v.abs() < 1e-3 {
        return None;
    }
    for (k, scale) in POWERS_OF_TEN.iter().enumerate() {
        let m = (f64::from(v) * scale).round();
        if m.abs() >= 16_777_216.0 {
            return None;
        }
        if (m / scale) as f32 == v {
            return Some((m as i64, k));
        }
    }
    None
}

/// [`shortest_f64`] through the f32's text, as Rust writes it.
fn shortest_f64_of_text(v: f32) -> f64 {
    use std::io::Write;
    // An f32 written out in full is at most 48 characters (its smallest subnormal).
    let mut text = [0u8; 64];
    let mut cursor = std::io::Cursor::new(&mut text[..]);
    let _ = write!(cursor, "{v}");
    let length = cursor.position() as usize;
    std::str::from_utf8(&text[..length]).ok().and_then(|t| t.parse().ok()).unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A DECIMAL keeps its digits and scale in JSON however deep it sits, past what a double
    /// holds; a ROW keeps its fields in order, a repeated name included.
    #[test]
    fn json_text_keeps_decimals_exact_at_any_depth() {
        let big = ScalarValue::Decimal128(12_345_678_901_234_567_890_123_456_789, 38, 10);
        let cents = ScalarValue::Decimal128(1110, 10, 2);
        let row = ScalarValue::Row(vec![
            ("b".into(), cents.clone()),
            ("a\"".into(), ScalarValue::Array(vec![big.clone(), ScalarValue::Null])),
            ("b".into(), ScalarValue::Map(vec![(ScalarValue::Utf8("k".into()), cents)])),
        ]);
        let expected = r#"{"b":11.10,"a\"":[1234567890123456789.0123456789,null],"b":{"k":11.10}}"#;
        assert_eq!(row.to_json_text(), expected);
        assert_eq!(row.to_text(), expected);
        assert_eq!(big.to_json_text(), "1234567890123456789.0123456789");
    }

    /// The f32 fast path reads every value as its text does: numbers of a few decimals, and
    /// f32s across the whole range of bit patterns.
    #[test]
    fn an_f32_widens_as_its_text_reads() {
        let decimals = (-100_000..100_000).flat_map(|i| [i as f32 / 100.0, i as f32 / 1000.0, i as f32 * 37.0]);
        let patterns = (0..u32::MAX / 7919).map(|i| f32::from_bits(i * 7919));
        for v in decimals.chain(patterns).filter(|v| v.is_finite()) {
            let (fast, text) = (shortest_f64(v), shortest_f64_of_text(v));
            assert_eq!(fast.to_bits(), text.to_bits(), "{v}: {fast} is not {text}");
        }
    }
}
