//! CAST: arrow's kernels, with SQL's text for booleans, timestamps and floating-point
//! numbers, and a `TIMESTAMP_LTZ` as its zone's wall clock.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::{Array, ArrayRef};
use arrow_schema::DataType;

use crate::error::{Error, Result};
/// CAST as arrow's kernels compute it, except where SQL's text differs from arrow's: a BOOLEAN
/// is 'TRUE' or 'FALSE', a TIMESTAMP 'yyyy-MM-dd HH:mm:ss.SSS' (as Flink prints a TIMESTAMP(3)
/// and kdalite's outputs print every timestamp), a DOUBLE or REAL as Java prints it ('42.0',
/// '1.0E20'), BYTES its UTF-8 text (bytes that are not UTF-8 as U+FFFD, as Java reads them).
/// With `safe`, a value that does not cast is NULL (TRY_CAST); else an error.
///
/// A `TIMESTAMP_LTZ` (a moment) casts to and from every other type as its zone's wall clock, a
/// `TIMESTAMP`: see [`wall_clock`].
pub(crate) fn cast(value: &ArrayRef, to: &DataType, safe: bool) -> Result<ArrayRef> {
    use crate::plan::types::{ltz_zone, timestamp_type};
    match (ltz_zone(value.data_type()), ltz_zone(to)) {
        (Some(_), Some(zone)) => {
            return Ok(Arc::new(value.as_primitive::<TimestampMillisecondType>().clone().with_timezone(zone)))
        }
        (Some(zone), None) => return cast(&wall_clock(value, zone, true)?, to, safe),
        (None, Some(zone)) if value.data_type() != &DataType::Null => {
            return wall_clock(&cast(value, &timestamp_type(), safe)?, zone, false)
        }
        _ => {}
    }
    if to == &DataType::Utf8 {
        let text = |f: &dyn Fn(usize) -> String| -> ArrayRef {
            Arc::new((0..value.len()).map(|i| value.is_valid(i).then(|| f(i))).collect::<arrow_array::StringArray>())
        };
        match value.data_type() {
            DataType::Binary => {
                let b = value.as_binary::<i32>();
                return Ok(text(&|i| String::from_utf8_lossy(b.value(i)).into_owned()));
            }
            DataType::Boolean => {
                let b = value.as_boolean();
                return Ok(text(&|i| if b.value(i) { "TRUE" } else { "FALSE" }.to_string()));
            }
            DataType::Timestamp(arrow_schema::TimeUnit::Millisecond, _) => {
                let t = value.as_primitive::<TimestampMillisecondType>();
                return Ok(text(&|i| crate::plan::types::format_timestamp(t.value(i))));
            }
            DataType::Float64 => {
                let x = value.as_primitive::<arrow_array::types::Float64Type>();
                return Ok(text(&|i| java_double(x.value(i))));
            }
            DataType::Float32 => {
                let x = value.as_primitive::<arrow_array::types::Float32Type>();
                return Ok(text(&|i| java_double(x.value(i))));
            }
            _ => {}
        }
    }
    let options = arrow_cast::CastOptions { safe, ..Default::default() };
    Ok(arrow_cast::cast_with_options(value, to, &options)?)
}

/// Moments (a `TIMESTAMP_LTZ` in `zone`) as the zone's wall clock (a `TIMESTAMP`), with
/// `to_local`; else a wall clock as the moments it shows.
fn wall_clock(value: &ArrayRef, zone: &str, to_local: bool) -> Result<ArrayRef> {
    let times = value.as_primitive::<TimestampMillisecondType>();
    Ok(Arc::new(crate::plan::zone::wall_clock_column(times, zone, to_local).map_err(Error::Execution)?))
}

/// A floating-point number as Java's `Double.toString` writes it (what Flink's and KDA's CAST to
/// text give): the shortest digits that read back, in plain notation with at least one decimal
/// from 10^-3 up to 10^7 (`42.0`), else as `1.2345678E7`, `1.0E-5`.
pub(crate) fn java_double<F: Into<f64> + std::fmt::Display + std::fmt::LowerExp + Copy>(x: F) -> String {
    let v: f64 = x.into();
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if v == 0.0 || (1e-3..1e7).contains(&v.abs()) {
        let plain = format!("{x}");
        return if plain.contains('.') { plain } else { format!("{plain}.0") };
    }
    let scientific = format!("{x:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let mantissa = if mantissa.contains('.') { mantissa.to_string() } else { format!("{mantissa}.0") };
    format!("{mantissa}E{exponent}")
}
