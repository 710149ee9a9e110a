//! Interval functions: the difference of two datetimes in a qualifier's fields, an interval
//! scaled by a number, its fields, its text, and its absolute value. An interval column holds
//! months (`Interval(YearMonth)`) or milliseconds (`Duration(Millisecond)`); each function
//! reads it as an `Int64Array` of those and writes the same kind back.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, DurationMillisecondType, Float64Type, Int64Type, IntervalYearMonthType, Time32MillisecondType,
    TimestampMillisecondType,
};
use arrow_array::{Array, ArrayRef, Decimal128Array, Int64Array, StringArray};
use arrow_schema::{DataType, IntervalUnit, TimeUnit};
use chrono::{Datelike, Timelike};

use crate::error::{Error, Result};
use crate::plan::{IntervalField, IntervalQualifier};

/// An interval column's values: months or milliseconds.
fn values(a: &ArrayRef) -> Result<Int64Array> {
    match a.data_type() {
        DataType::Duration(TimeUnit::Millisecond) => {
            Ok(a.as_primitive::<DurationMillisecondType>().reinterpret_cast::<Int64Type>())
        }
        DataType::Interval(IntervalUnit::YearMonth) => {
            Ok(a.as_primitive::<IntervalYearMonthType>().unary(|m| m as i64))
        }
        other => Err(Error::Internal(format!("{other} is not an interval"))),
    }
}

/// Months or milliseconds as an interval column of the kind `year_month` says.
fn of_kind(values: Int64Array, year_month: bool) -> Result<ArrayRef> {
    if !year_month {
        return Ok(Arc::new(values.reinterpret_cast::<DurationMillisecondType>()));
    }
    let months = values.try_unary::<_, IntervalYearMonthType, _>(|m| {
        i32::try_from(m).map_err(|_| arrow_schema::ArrowError::ComputeError(format!("{m} months is out of range")))
    })?;
    Ok(Arc::new(months))
}

/// `ABS(interval)`.
pub(super) fn abs(a: &ArrayRef) -> Result<ArrayRef> {
    of_kind(values(a)?.unary(i64::abs), a.data_type() == &DataType::Interval(IntervalUnit::YearMonth))
}

/// An interval cut to whole trailing fields of `q` (a CAST to another qualifier).
pub(super) fn requalify(q: IntervalQualifier, a: &ArrayRef) -> Result<ArrayRef> {
    of_kind(values(a)?.unary(|v| q.truncate(v)), q.is_year_month())
}

/// Timestamps, dates and times as milliseconds (since the epoch, or since midnight).
fn datetimes(a: &ArrayRef) -> Result<Int64Array> {
    Ok(match a.data_type() {
        DataType::Timestamp(TimeUnit::Millisecond, _) => {
            a.as_primitive::<TimestampMillisecondType>().reinterpret_cast::<Int64Type>()
        }
        DataType::Date32 => a.as_primitive::<Date32Type>().unary(|d| d as i64 * 86_400_000),
        DataType::Time32(TimeUnit::Millisecond) => a.as_primitive::<Time32MillisecondType>().unary(|t| t as i64),
        other => return Err(Error::Internal(format!("{other} is not a datetime"))),
    })
}

/// `(a - b) qualifier`: the time from `b` to `a` in whole trailing fields of the qualifier,
/// cut toward zero; in months, a month counts once its day and time of day are reached.
pub(super) fn between(q: IntervalQualifier, a: &ArrayRef, b: &ArrayRef) -> Result<ArrayRef> {
    let (a, b) = (datetimes(a)?, datetimes(b)?);
    let difference: Int64Array = if q.is_year_month() {
        a.iter().zip(b.iter()).map(|(a, b)| Some(q.truncate(months_between(a?, b?)?))).collect()
    } else {
        a.iter().zip(b.iter()).map(|(a, b)| Some(q.truncate(a?.checked_sub(b?)?))).collect()
    };
    of_kind(difference, q.is_year_month())
}

fn months_between(a: i64, b: i64) -> Option<i64> {
    let (a, b) = (chrono::DateTime::from_timestamp_millis(a)?, chrono::DateTime::from_timestamp_millis(b)?);
    let month = |t: &chrono::DateTime<chrono::Utc>| t.year() as i64 * 12 + t.month0() as i64;
    let within =
        |t: &chrono::DateTime<chrono::Utc>| (t.day(), t.num_seconds_from_midnight(), t.timestamp_subsec_millis());
    let months = month(&a) - month(&b);
    Some(match months {
        m if m > 0 && within(&a) < within(&b) => m - 1,
        m if m < 0 && within(&a) > within(&b) => m + 1,
        m => m,
    })
}

/// `interval * x`, `x * interval` and `interval / x`, to the nearest millisecond (or month);
/// dividing by zero fails the row.
pub(super) fn scale(divide: bool, a: &ArrayRef, x: &ArrayRef) -> Result<ArrayRef> {
    let (values, x) = (values(a)?, x.as_primitive::<Float64Type>());
    let scaled = values
        .iter()
        .zip(x.iter())
        .map(|(v, x)| {
            let (Some(v), Some(x)) = (v, x) else { return Ok(None) };
            if divide && x == 0.0 {
                return Err(Error::Execution("an interval divided by zero".into()));
            }
            let result = if divide { v as f64 / x } else { v as f64 * x }.round();
            if !result.is_finite() || result.abs() >= i64::MAX as f64 {
                return Err(Error::Execution(format!("an interval scaled by {x} is out of range")));
            }
            Ok(Some(result as i64))
        })
        .collect::<Result<Int64Array>>()?;
    of_kind(scaled, a.data_type() == &DataType::Interval(IntervalUnit::YearMonth))
}

/// `EXTRACT(field FROM interval)`: the field as the interval is written in full (hours 0 to
/// 23 of a day-time interval, months 0 to 11 of a year-month one), with the interval's sign;
/// SECOND keeps its milliseconds as DECIMAL(5, 3), as KDA's does.
pub(super) fn part(field: IntervalField, a: &ArrayRef) -> Result<ArrayRef> {
    let values = values(a)?;
    let of = |v: i64| match field {
        IntervalField::Year | IntervalField::Day => v / field.unit(),
        IntervalField::Month => v % 12,
        IntervalField::Hour => v / field.unit() % 24,
        IntervalField::Minute => v / field.unit() % 60,
        IntervalField::Second => v % 60_000,
    };
    if field == IntervalField::Second {
        let millis: Decimal128Array = values.iter().map(|v| v.map(|v| of(v) as i128)).collect();
        return Ok(Arc::new(millis.with_precision_and_scale(5, 3)?));
    }
    Ok(Arc::new(values.unary::<_, Int64Type>(of)))
}

/// A single-field interval as a number of that field, cut toward zero (a CAST to a number).
pub(super) fn number(field: IntervalField, a: &ArrayRef) -> Result<ArrayRef> {
    Ok(Arc::new(values(a)?.unary::<_, Int64Type>(|v| v / field.unit())))
}

/// Each interval as KDA prints it in `q` (a CAST to text).
pub(super) fn format(q: IntervalQualifier, a: &ArrayRef) -> Result<ArrayRef> {
    Ok(Arc::new(values(a)?.iter().map(|v| v.map(|v| q.format(v))).collect::<StringArray>()))
}

/// Text read as an interval literal of `q` (a CAST from text); text that does not read fails
/// the row.
pub(super) fn parse(q: IntervalQualifier, text: &ArrayRef) -> Result<ArrayRef> {
    let values = text
        .as_string::<i32>()
        .iter()
        .map(|s| match s {
            None => Ok(None),
            Some(s) => q.read(s).map(Some).ok_or_else(|| Error::Execution(format!("'{s}' is not an INTERVAL {q}"))),
        })
        .collect::<Result<Int64Array>>()?;
    of_kind(values, q.is_year_month())
}

/// Whether `a` holds intervals.
pub(super) fn is_interval(a: &dyn Array) -> bool {
    IntervalQualifier::of_type(a.data_type()).is_some()
}
