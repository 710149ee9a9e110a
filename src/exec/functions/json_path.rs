//! Flink's JSON query functions, `JSON_VALUE`, `JSON_QUERY` and `JSON_EXISTS` with their
//! clauses, and `IS JSON`, as Flink 2.3 runs them (see [`JsonPathCall`] for what is empty and
//! what is an error in each mode). JSON_VALUE's RETURNING types are Flink's: STRING, BOOLEAN,
//! INT (of a JSON integer that fits) and DOUBLE (of a JSON number with a fraction or an
//! exponent); a value of another kind fails the row, as it fails Flink's job.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::{Array, ArrayRef, BooleanArray};
use arrow_schema::DataType;

use serde_json::value::RawValue;
use serde_json::Value;

use super::text::texts;
use crate::error::{Error, Result};
use crate::plan::json_path::{JsonBehavior, JsonFunction, JsonKind, JsonPathCall, JsonStep};
use crate::plan::ScalarValue;

/// Why a row has no value of its own: the path found nothing (lax), or an error, and why.
enum Miss {
    Empty,
    Error(String),
}

/// The value `steps` reach in `text`, in the call's mode. Each step reads one level of the
/// text, so the value found is its own text, numbers spelled as written (Flink keeps a
/// number's text too: `1.50` stays `1.50`).
fn find<'a>(call: &JsonPathCall, text: &'a str) -> std::result::Result<&'a RawValue, Miss> {
    let lax = |why: String| Err(if call.strict { Miss::Error(why) } else { Miss::Empty });
    let mut v: &RawValue = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return lax(format!("the text is not JSON ({e})")),
    };
    for step in &call.steps {
        let next = match step {
            JsonStep::Key(k) => serde_json::from_str::<HashMap<String, &RawValue>>(v.get())
                .ok()
                .and_then(|mut members| members.remove(k.as_str())),
            JsonStep::Index(n) => {
                serde_json::from_str::<Vec<&RawValue>>(v.get()).ok().and_then(|items| items.get(*n).copied())
            }
        };
        match next {
            Some(next) => v = next,
            None => return lax(format!("the path finds nothing at {step:?}")),
        }
    }
    match v.get() {
        "null" => lax("the path finds null".into()),
        _ => Ok(v),
    }
}

/// The call's result for one row of JSON `text`, before a behavior is applied: a value, or
/// the empty or error case; `Err` for a value RETURNING does not take, which fails the row
/// whatever ON ERROR says, as it fails Flink's job.
fn result(call: &JsonPathCall, text: &str, data_type: &DataType) -> Result<std::result::Result<ScalarValue, Miss>> {
    let v = match find(call, text) {
        Ok(v) => v.get(),
        Err(miss) => return Ok(Err(miss)),
    };
    let compound = v.starts_with(['{', '[']);
    let wrong = |what: &str| if call.strict { Miss::Error(format!("the path finds {what}")) } else { Miss::Empty };
    Ok(match call.function {
        JsonFunction::Exists => Ok(ScalarValue::Boolean(true)),
        JsonFunction::Value if compound => Err(wrong("an object or array, not a scalar")),
        JsonFunction::Value => Ok(returning(v, data_type)?),
        JsonFunction::Query(wrapper) => {
            use crate::plan::json_path::JsonWrapper as W;
            let wrapped = match wrapper {
                W::Without => false,
                W::Conditional => !v.starts_with('['),
                W::Unconditional => true,
            };
            let json = match (wrapped, compound) {
                (true, _) => format!("[{}]", compact(v)),
                (false, true) => compact(v),
                (false, false) => return Ok(Err(wrong("a scalar, not an object or array"))),
            };
            match data_type {
                DataType::List(_) => elements(&json).ok_or_else(|| Miss::Error("an object, not an array".into())),
                _ => Ok(ScalarValue::Utf8(json)),
            }
        }
    })
}

/// JSON_QUERY's `RETURNING ARRAY<STRING>` of the array `json` (as [`compact`] writes it): a
/// string element is its text, `null` is NULL, any other element its JSON; `None` when `json`
/// is not an array.
fn elements(json: &str) -> Option<ScalarValue> {
    let items: Vec<&RawValue> = serde_json::from_str(json).ok()?;
    let text = |item: &RawValue| match item.get() {
        "null" => ScalarValue::Null,
        v if v.starts_with('"') => serde_json::from_str(v).map_or(ScalarValue::Null, ScalarValue::Utf8),
        v => ScalarValue::Utf8(v.to_string()),
    };
    Some(ScalarValue::Array(items.into_iter().map(text).collect()))
}

/// JSON text as Flink writes what JSON_QUERY finds (Jackson's tree written back): no spaces
/// between tokens, a key given twice once (its last value, where it first stood), numbers as
/// Java writes them, strings re-escaped.
fn compact(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    write_compact(json, &mut out);
    out
}

fn write_compact(json: &str, out: &mut String) {
    if json.starts_with('{') {
        let Ok(Members(members)) = serde_json::from_str::<Members>(json) else { return out.push_str(json) };
        out.push('{');
        for (i, (key, value)) in members.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&Value::String(key.clone()).to_string());
            out.push(':');
            write_compact(value.get(), out);
        }
        out.push('}');
    } else if json.starts_with('[') {
        let Ok(items) = serde_json::from_str::<Vec<&RawValue>>(json) else { return out.push_str(json) };
        out.push('[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_compact(item.get(), out);
        }
        out.push(']');
    } else if json.starts_with('"') {
        match serde_json::from_str::<String>(json) {
            Ok(text) => out.push_str(&Value::String(text).to_string()),
            Err(_) => out.push_str(json),
        }
    } else if is_number(json) {
        out.push_str(&java_number(json));
    } else {
        out.push_str(json);
    }
}

/// An object's members in order, a key given twice kept where it first stood with its last
/// value (as Jackson's object node keeps them).
struct Members<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> serde::Deserialize<'de> for Members<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct Visit<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Visit<'a> {
            type Value = Members<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, mut map: M) -> std::result::Result<Members<'a>, M::Error> {
                let mut members: Vec<(String, &'a RawValue)> = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, &'a RawValue>()? {
                    match members.iter_mut().find(|(k, _)| *k == key) {
                        Some(member) => member.1 = value,
                        None => members.push((key, value)),
                    }
                }
                Ok(Members(members))
            }
        }
        deserializer.deserialize_map(Visit(std::marker::PhantomData))
    }
}

/// A scalar's JSON text as JSON_VALUE's RETURNING type; a value of another kind fails the row
/// (Flink's job fails on it). A number reads as Flink's JSON reader reads it: an integer as an
/// integer, one with a fraction or an exponent as a decimal, written back as Java writes it.
fn returning(v: &str, data_type: &DataType) -> Result<ScalarValue> {
    let mismatch = || {
        let name = crate::plan::types::sql_name(data_type);
        Error::Execution(format!(
            "JSON_VALUE: RETURNING {name} does not take the JSON value {v} (Flink's job fails on it)"
        ))
    };
    let string = || serde_json::from_str::<String>(v).ok();
    let (number, integer) = (is_number(v), is_integer(v));
    Ok(match data_type {
        DataType::Utf8 if v.starts_with('"') => ScalarValue::Utf8(string().ok_or_else(mismatch)?),
        DataType::Utf8 if number => ScalarValue::Utf8(java_number(v)),
        DataType::Utf8 => ScalarValue::Utf8(v.to_string()),
        DataType::Boolean if v == "true" || v == "false" => ScalarValue::Boolean(v == "true"),
        DataType::Int32 if integer => ScalarValue::Int32(v.parse().map_err(|_| mismatch())?),
        DataType::Float64 if number && !integer => ScalarValue::Float64(v.parse().map_err(|_| mismatch())?),
        _ => return Err(mismatch()),
    })
}

/// Whether a JSON value's text is a number.
fn is_number(json: &str) -> bool {
    json.starts_with(|c: char| c == '-' || c.is_ascii_digit())
}

/// Whether a JSON value's text is an integer, which Flink's JSON reader reads as one (a number
/// with a fraction or an exponent it reads as a decimal).
fn is_integer(json: &str) -> bool {
    is_number(json) && !json.contains(['.', 'e', 'E'])
}

/// A JSON number's text as Java writes the value Flink reads: an integer as it is (`-0` as
/// `0`), a decimal as `BigDecimal.toString()` writes it (`1.50`, `1E+2`, `1.0E-7`).
fn java_number(text: &str) -> String {
    let integer = is_integer(text);
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match digits.find(['e', 'E']) {
        Some(at) => (&digits[..at], digits[at + 1..].parse::<i64>().unwrap_or(0)),
        None => (digits, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let unscaled = format!("{whole}{fraction}");
    let unscaled = match unscaled.trim_start_matches('0') {
        "" => "0".to_string(),
        trimmed => trimmed.to_string(),
    };
    // (Java's numbers have no negative zero.)
    let sign = if negative && unscaled != "0" { "-" } else { "" };
    if integer {
        return format!("{sign}{unscaled}");
    }
    let scale = fraction.len() as i64 - exponent;
    let adjusted = -scale + (unscaled.len() as i64 - 1);
    if scale == 0 {
        return format!("{sign}{unscaled}");
    }
    if scale > 0 && adjusted >= -6 {
        let scale = scale as usize;
        return match unscaled.len().checked_sub(scale) {
            Some(point) if point > 0 => format!("{sign}{}.{}", &unscaled[..point], &unscaled[point..]),
            _ => format!("{sign}0.{}{unscaled}", "0".repeat(scale - unscaled.len())),
        };
    }
    let mut out = format!("{sign}{}", &unscaled[..1]);
    if unscaled.len() > 1 {
        out.push('.');
        out.push_str(&unscaled[1..]);
    }
    if adjusted != 0 {
        out.push_str(&format!("E{}{adjusted}", if adjusted > 0 { "+" } else { "" }));
    }
    out
}

/// `call` over a batch: `args[0]` the JSON text, then DEFAULT values; `data_type` the result's.
pub(super) fn json_path(call: &JsonPathCall, args: &[ArrayRef], data_type: &DataType, rows: usize) -> Result<ArrayRef> {
    let text = texts(&args[0]);
    let mut values = Vec::with_capacity(rows);
    for row in 0..rows {
        if text.is_null(row) {
            values.push(ScalarValue::Null);
            continue;
        }
        let value = match result(call, text.value(row), data_type)? {
            Ok(value) => value,
            Err(miss) => behave(call, miss, args, row, data_type)?,
        };
        values.push(value);
    }
    ScalarValue::to_array(&values, data_type)
}

/// The value row `row` takes when it has none of its own: what ON EMPTY or ON ERROR says.
fn behave(call: &JsonPathCall, miss: Miss, args: &[ArrayRef], row: usize, data_type: &DataType) -> Result<ScalarValue> {
    let (behavior, case, why) = match miss {
        Miss::Empty => (call.on_empty, "EMPTY", "the path finds nothing".to_string()),
        Miss::Error(why) => (call.on_error, "ERROR", why),
    };
    let name = match call.function {
        JsonFunction::Value => "JSON_VALUE",
        JsonFunction::Query(_) => "JSON_QUERY",
        JsonFunction::Exists => "JSON_EXISTS",
    };
    Ok(match behavior {
        JsonBehavior::Null | JsonBehavior::Unknown => ScalarValue::Null,
        JsonBehavior::Error => return Err(Error::Execution(format!("{name}: {why} (ERROR ON {case})"))),
        JsonBehavior::Default(at) => ScalarValue::try_from_array(args[at].as_ref(), row)?,
        JsonBehavior::EmptyArray if matches!(data_type, DataType::List(_)) => ScalarValue::Array(vec![]),
        JsonBehavior::EmptyArray => ScalarValue::Utf8("[]".into()),
        JsonBehavior::EmptyObject => ScalarValue::Utf8("{}".into()),
        JsonBehavior::True => ScalarValue::Boolean(true),
        // JSON_EXISTS finds nothing: FALSE.
        JsonBehavior::False => ScalarValue::Boolean(false),
    })
}

/// `text IS JSON kind` for each row (FALSE for NULL).
pub(super) fn is_json(kind: JsonKind, args: &[ArrayRef]) -> ArrayRef {
    let text = texts(&args[0]);
    let of_kind = |v: Value| match kind {
        JsonKind::Value => true,
        JsonKind::Scalar => !matches!(v, Value::Array(_) | Value::Object(_)),
        JsonKind::Array => matches!(v, Value::Array(_)),
        JsonKind::Object => matches!(v, Value::Object(_)),
    };
    let is = |s: &str| leading_json(s).is_some_and(of_kind);
    Arc::new(text.iter().map(|v| Some(v.is_some_and(is))).collect::<BooleanArray>())
}

/// The JSON value `text` starts with, as Flink's Jackson reads it: what follows the first
/// value is not looked at (`[1] 2` is JSON).
fn leading_json(text: &str) -> Option<Value> {
    serde_json::Deserializer::from_str(text).into_iter::<Value>().next()?.ok()
}

#[cfg(test)]
mod tests {
    use super::{compact, java_number};

    /// As Java's BigDecimal and Long write the numbers Flink's JSON reader makes of the text.
    #[test]
    fn numbers_are_written_as_java_writes_them() {
        for (text, java) in [
            ("1.50", "1.50"),
            ("1e2", "1E+2"),
            ("1.0E10", "1.0E+10"),
            ("-0.5", "-0.5"),
            ("0.00", "0.00"),
            ("1e-7", "1E-7"),
            ("0.0000001", "1E-7"),
            ("0.000001", "0.000001"),
            ("123.456e1", "1234.56"),
            ("1.5e1", "15"),
            ("0e5", "0E+5"),
        ] {
            assert_eq!(java_number(text), java, "{text}");
        }
        assert_eq!(java_number("12345678901"), "12345678901");
        assert_eq!(java_number("-0"), "0");
        assert_eq!(java_number("-0.0"), "0.0");
        assert_eq!(compact(r#"{ "a" : [1e2, "x y", "q\" z"] }"#), r#"{"a":[1E+2,"x y","q\" z"]}"#);
        assert_eq!(compact(r#"{"k":1,"j":0,"k":2}"#), r#"{"k":2,"j":0}"#);
    }
}
