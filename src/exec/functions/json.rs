//! Flink's JSON constructors: `JSON_OBJECT`, `JSON_ARRAY` and `JSON_STRING`, written as Flink
//! writes them: text quoted and escaped, numbers as they are (a DECIMAL with its scale, a
//! DOUBLE with at least one decimal), booleans, timestamps as ISO text (`2024-01-01T10:00:01.5`),
//! an object's keys sorted.

use std::collections::BTreeMap;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Decimal128Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type, TimestampMillisecondType,
};
use arrow_array::{Array, ArrayRef, StringArray};
use arrow_schema::DataType;

use crate::error::Result;
use crate::exec_err;

/// Row `row` of `array` as JSON text; `None` for NULL. `raw`: the text is JSON already.
fn value(array: &ArrayRef, row: usize, raw: bool) -> Result<Option<String>> {
    if array.is_null(row) {
        return Ok(None);
    }
    let text = match array.data_type() {
        DataType::Utf8 if raw => array.as_string::<i32>().value(row).to_string(),
        DataType::Utf8 => quoted(array.as_string::<i32>().value(row)),
        DataType::Boolean => array.as_boolean().value(row).to_string(),
        DataType::Int8 => array.as_primitive::<Int8Type>().value(row).to_string(),
        DataType::Int16 => array.as_primitive::<Int16Type>().value(row).to_string(),
        DataType::Int32 => array.as_primitive::<Int32Type>().value(row).to_string(),
        DataType::Int64 => array.as_primitive::<Int64Type>().value(row).to_string(),
        DataType::Float32 => double(f64::from(array.as_primitive::<Float32Type>().value(row))),
        DataType::Float64 => double(array.as_primitive::<Float64Type>().value(row)),
        DataType::Decimal128(..) => array.as_primitive::<Decimal128Type>().value_as_string(row),
        DataType::Timestamp(..) => {
            let ms = array.as_primitive::<TimestampMillisecondType>().value(row);
            let Some(t) = chrono::DateTime::from_timestamp_millis(ms) else {
                return exec_err!("{ms} ms is not a time a JSON value can hold");
            };
            let mut text = t.naive_utc().format("%Y-%m-%dT%H:%M:%S%.3f").to_string();
            // Flink leaves out the fraction's trailing zeros (and the point with them).
            while text.ends_with('0') && text.contains('.') {
                text.pop();
            }
            if text.ends_with('.') {
                text.pop();
            }
            format!("\"{text}\"")
        }
        other => return exec_err!("a {other} value has no JSON form"),
    };
    Ok(Some(text))
}

/// Text as a JSON string, quoted and escaped.
fn quoted(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// A DOUBLE as Flink writes one: `1.0`, `2.5`, `NaN` quoted.
fn double(v: f64) -> String {
    if !v.is_finite() {
        return format!("\"{v}\"").replace("inf", "Infinity");
    }
    let text = v.to_string();
    if text.contains(['.', 'e']) {
        text
    } else {
        format!("{text}.0")
    }
}

/// `JSON_OBJECT(k VALUE v, …)`: arguments key, value, …; `raw[i]`: value `i` is JSON already.
pub fn object(args: &[ArrayRef], rows: usize, absent_on_null: bool, raw: &[bool]) -> Result<ArrayRef> {
    let mut out = Vec::with_capacity(rows);
    for row in 0..rows {
        let mut members = BTreeMap::new();
        for (pair, raw) in args.chunks(2).zip(raw) {
            if pair[0].is_null(row) {
                return exec_err!("JSON_OBJECT has a NULL key");
            }
            let key = pair[0].as_string::<i32>().value(row);
            match value(&pair[1], row, *raw)? {
                Some(v) => members.insert(key, v),
                None if absent_on_null => members.remove(key),
                None => members.insert(key, "null".to_string()),
            };
        }
        out.push(members_text(&members));
    }
    Ok(Arc::new(StringArray::from(out)))
}

/// An object's members as JSON text, in key order.
fn members_text(members: &BTreeMap<&str, String>) -> String {
    let mut text = String::from("{");
    for (i, (key, v)) in members.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&quoted(key));
        text.push(':');
        text.push_str(v);
    }
    text.push('}');
    text
}

/// `JSON_ARRAY(v, …)`.
pub fn array(args: &[ArrayRef], rows: usize, absent_on_null: bool, raw: &[bool]) -> Result<ArrayRef> {
    let mut out = Vec::with_capacity(rows);
    for row in 0..rows {
        let mut items = Vec::with_capacity(args.len());
        for (arg, raw) in args.iter().zip(raw) {
            match value(arg, row, *raw)? {
                Some(v) => items.push(v),
                None if absent_on_null => {}
                None => items.push("null".to_string()),
            }
        }
        out.push(format!("[{}]", items.join(",")));
    }
    Ok(Arc::new(StringArray::from(out)))
}

/// JSON_ARRAYAGG's text: each list's elements as JSON, `[]` for a NULL list (a group whose
/// values were all left out).
pub fn array_of(lists: &ArrayRef, raw: bool) -> Result<ArrayRef> {
    let lists = lists.as_list::<i32>();
    let mut out = Vec::with_capacity(lists.len());
    for row in 0..lists.len() {
        if lists.is_null(row) {
            out.push("[]".to_string());
            continue;
        }
        let items = lists.value(row);
        let texts = (0..items.len())
            .map(|i| Ok(value(&items, i, raw)?.unwrap_or_else(|| "null".into())))
            .collect::<Result<Vec<_>>>()?;
        out.push(format!("[{}]", texts.join(",")));
    }
    Ok(Arc::new(StringArray::from(out)))
}

/// JSON_OBJECTAGG's text: each list of (key, value) rows as one object, `{}` for a NULL list.
pub fn object_of(lists: &ArrayRef, absent_on_null: bool, raw: bool) -> Result<ArrayRef> {
    let lists = lists.as_list::<i32>();
    let mut out = Vec::with_capacity(lists.len());
    for row in 0..lists.len() {
        let pairs = lists.is_valid(row).then(|| lists.value(row));
        let mut members = BTreeMap::new();
        if let Some(pairs) = &pairs {
            let pairs = pairs.as_struct();
            let (keys, values) = (pairs.column(0).as_string::<i32>(), pairs.column(1));
            for i in 0..pairs.len() {
                if keys.is_null(i) {
                    return exec_err!("JSON_OBJECTAGG has a NULL key");
                }
                let key = keys.value(i);
                let Some(v) = value(values, i, raw)?.or_else(|| (!absent_on_null).then(|| "null".to_string())) else {
                    continue;
                };
                if members.insert(key, v).is_some() {
                    return exec_err!("JSON_OBJECTAGG has the key '{key}' twice in a group");
                }
            }
        }
        out.push(members_text(&members));
    }
    Ok(Arc::new(StringArray::from(out)))
}

/// `JSON_STRING(v)`: NULL stays NULL.
pub fn string(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let texts = (0..rows).map(|row| value(&args[0], row, false)).collect::<Result<Vec<_>>>()?;
    Ok(Arc::new(StringArray::from(texts)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_as_flink_writes_them() {
        assert_eq!(double(1.0), "1.0");
        assert_eq!(double(2.5), "2.5");
        assert_eq!(double(-0.125), "-0.125");
    }
}
