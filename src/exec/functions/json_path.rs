//! Flink's JSON query functions, `JSON_VALUE`, `JSON_QUERY` and `JSON_EXISTS` with their
//! clauses, and `IS JSON`, as Flink 2.3 runs them (see [`JsonPathCall`] for what is empty and
//! what is an error in each mode). JSON_VALUE's RETURNING types are Flink's: STRING, BOOLEAN,
//! INT (of a JSON integer that fits) and DOUBLE (of a JSON number with a fraction or an
//! exponent); a value of another kind fails the row, as it fails Flink's job.

use std::sync::Arc;

use arrow_array::{Array, ArrayRef, BooleanArray};
use arrow_schema::DataType;
use serde_json::Value;

use super::text::texts;
use crate::error::{Error, Result};
use crate::plan::json_path::{JsonBehavior, JsonFunction, JsonKind, JsonPathCall, JsonStep};
use crate::plan::ScalarValue;

/// What a path finds in a row's text.
enum Found {
    Value(Value),
    Empty,
    /// An error, and why.
    Error(String),
}

/// The value `steps` reach in `text`, in the call's mode.
fn find(call: &JsonPathCall, text: &str) -> Found {
    let lax = |why: String| if call.strict { Found::Error(why) } else { Found::Empty };
    let mut v = match serde_json::from_str::<Value>(text) {
        Ok(v) => v,
        Err(e) => return lax(format!("the text is not JSON ({e})")),
    };
    for step in &call.steps {
        let next = match step {
            JsonStep::Key(k) => v.get_mut(k.as_str()).map(Value::take),
            JsonStep::Index(n) => v.get_mut(*n).map(Value::take),
        };
        match next {
            Some(next) => v = next,
            None => return lax(format!("the path finds nothing at {step:?}")),
        }
    }
    match v {
        Value::Null => lax("the path finds null".into()),
        v => Found::Value(v),
    }
}

/// The call's result for one row of JSON `text`, before a behavior is applied: a value, or
/// the empty or error case; `Err` for a value RETURNING does not take, which fails the row
/// whatever ON ERROR says, as it fails Flink's job.
fn result(call: &JsonPathCall, text: &str, data_type: &DataType) -> Result<std::result::Result<ScalarValue, Found>> {
    let v = match find(call, text) {
        Found::Value(v) => v,
        other => return Ok(Err(other)),
    };
    let compound = matches!(v, Value::Array(_) | Value::Object(_));
    let wrong = |what: &str| if call.strict { Found::Error(format!("the path finds {what}")) } else { Found::Empty };
    Ok(match call.function {
        JsonFunction::Exists => Ok(ScalarValue::Boolean(true)),
        JsonFunction::Value if compound => Err(wrong("an object or array, not a scalar")),
        JsonFunction::Value => Ok(returning(v, data_type)?),
        JsonFunction::Query(wrapper) => {
            use crate::plan::json_path::JsonWrapper as W;
            let v = match wrapper {
                W::Without => v,
                W::Conditional if matches!(v, Value::Array(_)) => v,
                W::Conditional | W::Unconditional => Value::Array(vec![v]),
            };
            match v {
                Value::Array(_) | Value::Object(_) => Ok(ScalarValue::Utf8(v.to_string())),
                _ => Err(wrong("a scalar, not an object or array")),
            }
        }
    })
}

/// A scalar JSON value as JSON_VALUE's RETURNING type; a value of another kind fails the row
/// (Flink's job fails on it).
fn returning(v: Value, data_type: &DataType) -> Result<ScalarValue> {
    let mismatch = |v: &Value| {
        let name = crate::plan::types::sql_name(data_type);
        Error::Execution(format!(
            "JSON_VALUE: RETURNING {name} does not take the JSON value {v} (Flink's job fails on it)"
        ))
    };
    Ok(match (data_type, &v) {
        (DataType::Utf8, Value::String(s)) => ScalarValue::Utf8(s.clone()),
        (DataType::Utf8, other) => ScalarValue::Utf8(other.to_string()),
        (DataType::Boolean, Value::Bool(b)) => ScalarValue::Boolean(*b),
        (DataType::Int32, Value::Number(n)) => match n.as_i64().and_then(|i| i32::try_from(i).ok()) {
            Some(i) => ScalarValue::Int32(i),
            None => return Err(mismatch(&v)),
        },
        // Flink reads a number with a fraction or an exponent as a decimal, which DOUBLE takes,
        // and an integer as an integer, which it does not.
        (DataType::Float64, Value::Number(n)) if n.is_f64() => ScalarValue::Float64(n.as_f64().unwrap_or(f64::NAN)),
        _ => return Err(mismatch(&v)),
    })
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
            Err(Found::Empty) => behave(call, call.on_empty, "empty", None, args, row)?,
            Err(Found::Error(why)) => behave(call, call.on_error, "error", Some(why), args, row)?,
            Err(Found::Value(_)) => unreachable!("a value is a result"),
        };
        values.push(value);
    }
    ScalarValue::to_array(&values, data_type)
}

/// The value `behavior` gives for row `row`: an empty result (`why` is None) or an error.
fn behave(
    call: &JsonPathCall,
    behavior: JsonBehavior,
    case: &str,
    why: Option<String>,
    args: &[ArrayRef],
    row: usize,
) -> Result<ScalarValue> {
    let name = match call.function {
        JsonFunction::Value => "JSON_VALUE",
        JsonFunction::Query(_) => "JSON_QUERY",
        JsonFunction::Exists => "JSON_EXISTS",
    };
    Ok(match behavior {
        JsonBehavior::Null | JsonBehavior::Unknown => ScalarValue::Null,
        JsonBehavior::Error => {
            let why = why.unwrap_or_else(|| "the path finds nothing".to_string());
            return Err(Error::Execution(format!("{name}: {why} (ERROR ON {})", case.to_uppercase())));
        }
        JsonBehavior::Default(at) => ScalarValue::try_from_array(args[at].as_ref(), row)?,
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
