//! Scalar functions over whole columns: text, numbers, and KDA's time functions.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Int64Type, TimestampMillisecondType};
use arrow_array::{Array, ArrayRef, Int32Array, Int64Array, StringArray, TimestampMillisecondArray};
use arrow_schema::DataType;
use chrono::{Datelike, Timelike};

use crate::error::{Error, Result};
use crate::plan::{ScalarFunction, TimeUnitKw};

pub fn call(func: &ScalarFunction, args: &[ArrayRef], data_type: &DataType, rows: usize) -> Result<ArrayRef> {
    let text = |i: usize| args[i].as_string::<i32>();
    let times = |i: usize| args[i].as_primitive::<TimestampMillisecondType>();
    let out: ArrayRef = match func {
        ScalarFunction::Upper => Arc::new(text(0).iter().map(|v| v.map(str::to_uppercase)).collect::<StringArray>()),
        ScalarFunction::Lower => Arc::new(text(0).iter().map(|v| v.map(str::to_lowercase)).collect::<StringArray>()),
        ScalarFunction::Trim => Arc::new(text(0).iter().map(|v| v.map(str::trim)).collect::<StringArray>()),
        ScalarFunction::CharLength => {
            Arc::new(text(0).iter().map(|v| v.map(|s| s.chars().count() as i32)).collect::<Int32Array>())
        }
        ScalarFunction::Abs => abs(&args[0])?,
        ScalarFunction::Coalesce => {
            let mut out = args[0].clone();
            for next in &args[1..] {
                let missing = arrow_arith::boolean::is_null(&out)?;
                out = arrow_select::zip::zip(&missing, next, &out)?;
            }
            out
        }
        ScalarFunction::Extract(unit) => {
            let unit = *unit;
            let values: Int64Array = times(0).iter().map(|v| v.and_then(|ms| extract(ms, unit))).collect();
            Arc::new(values)
        }
        ScalarFunction::TsDiff => {
            let (a, b) = (times(0), times(1));
            Arc::new(
                (0..rows)
                    .map(|i| (a.is_valid(i) && b.is_valid(i)).then(|| a.value(i) - b.value(i)))
                    .collect::<Int64Array>(),
            )
        }
        ScalarFunction::UnixTimestamp => Arc::new(times(0).reinterpret_cast::<Int64Type>()),
        ScalarFunction::Proctime => args[0].clone(),
        ScalarFunction::CharToTimestamp(format) => {
            // A value that does not match the format is NULL (the row is kept).
            let parsed: TimestampMillisecondArray =
                text(0).iter().map(|v| v.and_then(|s| parse_with_format(s, format))).collect();
            Arc::new(parsed)
        }
        ScalarFunction::ToTimestampLtz(precision) => {
            let scale = if *precision == 0 { 1000 } else { 1 };
            let epochs = args[0].as_primitive::<Int64Type>();
            Arc::new(epochs.iter().map(|v| v.and_then(|e| e.checked_mul(scale))).collect::<TimestampMillisecondArray>())
        }
        ScalarFunction::ToTimestamp(format) => {
            let parsed: TimestampMillisecondArray = text(0)
                .iter()
                .map(|v| {
                    v.and_then(|s| match format {
                        Some(f) => parse_with_format(s, f),
                        None => crate::plan::types::parse_timestamp(s),
                    })
                })
                .collect();
            Arc::new(parsed)
        }
        ScalarFunction::TimestampToChar(format) => {
            // The format parsed once, each value written straight into the column.
            let items: Vec<chrono::format::Item> = chrono::format::StrftimeItems::new(format).collect();
            let mut formatted = arrow_array::builder::StringBuilder::new();
            for v in times(0).iter() {
                match v.and_then(chrono::DateTime::from_timestamp_millis) {
                    Some(t) => {
                        use std::fmt::Write;
                        write!(formatted, "{}", t.format_with_items(items.iter()))
                            .map_err(|e| Error::Execution(format!("formatting a timestamp: {e}")))?;
                        formatted.append_value("");
                    }
                    None => formatted.append_null(),
                }
            }
            Arc::new(formatted.finish())
        }
    };
    if out.data_type() == data_type {
        Ok(out)
    } else {
        Ok(arrow_cast::cast(&out, data_type)?)
    }
}

fn abs(array: &ArrayRef) -> Result<ArrayRef> {
    use arrow_arith::numeric::neg;
    let negative = arrow_ord::cmp::lt(
        array,
        &arrow_array::Scalar::new(arrow_cast::cast(&Int64Array::from(vec![0]), array.data_type())?),
    )?;
    let negated = neg(array.as_ref())?;
    Ok(arrow_select::zip::zip(&super::expr::null_as_false(&negative), &negated, array)?)
}

fn extract(ms: i64, unit: TimeUnitKw) -> Option<i64> {
    let t = chrono::DateTime::from_timestamp_millis(ms)?;
    Some(match unit {
        TimeUnitKw::Year => t.year() as i64,
        TimeUnitKw::Month => t.month() as i64,
        TimeUnitKw::Day => t.day() as i64,
        TimeUnitKw::Hour => t.hour() as i64,
        TimeUnitKw::Minute => t.minute() as i64,
        TimeUnitKw::Second => t.second() as i64,
    })
}

/// Parses `text` with a chrono format; a format without a time of day gives midnight.
fn parse_with_format(text: &str, format: &str) -> Option<i64> {
    if let Ok(t) = chrono::NaiveDateTime::parse_from_str(text, format) {
        return Some(t.and_utc().timestamp_millis());
    }
    let has_time = ["%H", "%I", "%M", "%S"].iter().any(|f| format.contains(f));
    if has_time {
        return None;
    }
    chrono::NaiveDate::parse_from_str(text, format)
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().timestamp_millis())
}
