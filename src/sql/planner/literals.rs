//! Constants a query writes: literal values, datetime fields as time units and date parts, and
//! intervals as lengths (STEP's, windows').

use sqlparser::ast;

use crate::error::{Position, Result};
use crate::plan::{DatePart, ScalarValue, TimeUnitKw, WindowSize};
use crate::plan_err;

pub(super) fn literal(v: &ast::Value, position: Option<Position>) -> Result<ScalarValue> {
    Ok(match v {
        ast::Value::Number(n, _) => match n.parse::<i64>() {
            Ok(i) => i32::try_from(i).map_or(ScalarValue::Int64(i), ScalarValue::Int32),
            // 1.50 is exact, DECIMAL(3, 2), as in standard SQL; 1.5e3 is a DOUBLE.
            Err(_) => match decimal_literal(n) {
                Some(d) => d,
                None => match n.parse::<f64>() {
                    Ok(f) => ScalarValue::Float64(f),
                    Err(_) => return plan_err!(position, "{n} is not a number"),
                },
            },
        },
        ast::Value::SingleQuotedString(s) | ast::Value::DoubleQuotedString(s) => ScalarValue::Utf8(s.clone()),
        ast::Value::Boolean(b) => ScalarValue::Boolean(*b),
        ast::Value::Null => ScalarValue::Null,
        // `X'616263'`: BYTES.
        ast::Value::HexStringLiteral(hex) => match crate::plan::scalar::from_hex(hex) {
            Some(bytes) => ScalarValue::Binary(bytes),
            None => return plan_err!(position, "X'{hex}' is not bytes: two hex digits each"),
        },
        other => return plan_err!(position, "literal {other} is not supported yet"),
    })
}

/// `digits.digits` as an exact DECIMAL whose precision counts the digits as written, as
/// Calcite does for Flink: `0.5` is DECIMAL(2, 1).
fn decimal_literal(text: &str) -> Option<ScalarValue> {
    let (whole, fraction) = text.split_once('.')?;
    if !whole.chars().chain(fraction.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let precision = (whole.len() + fraction.len()).max(1);
    if precision > 38 {
        return None;
    }
    let unscaled: i128 = format!("{whole}{fraction}").parse().unwrap_or(0);
    Some(ScalarValue::Decimal128(unscaled, precision as u8, fraction.len() as i8))
}

/// The unit `FLOOR(ts TO unit)`, `CEIL` and a window name: an interval's field.
pub(crate) fn time_unit(field: &ast::DateTimeField) -> Option<TimeUnitKw> {
    use crate::plan::IntervalField as I;
    Some(match super::interval::field(field)? {
        I::Second => TimeUnitKw::Second,
        I::Minute => TimeUnitKw::Minute,
        I::Hour => TimeUnitKw::Hour,
        I::Day => TimeUnitKw::Day,
        I::Month => TimeUnitKw::Month,
        I::Year => TimeUnitKw::Year,
    })
}

pub(super) fn date_part(field: &ast::DateTimeField) -> Option<DatePart> {
    use ast::DateTimeField as F;
    Some(match field {
        F::Year | F::Years => DatePart::Year,
        F::Quarter => DatePart::Quarter,
        F::Month | F::Months => DatePart::Month,
        F::Week(_) | F::Weeks => DatePart::Week,
        F::Day | F::Days => DatePart::Day,
        F::DayOfWeek | F::Dow => DatePart::DayOfWeek,
        F::DayOfYear | F::Doy => DatePart::DayOfYear,
        F::Hour | F::Hours => DatePart::Hour,
        F::Minute | F::Minutes => DatePart::Minute,
        F::Second | F::Seconds => DatePart::Second,
        F::Millisecond | F::Milliseconds => DatePart::Millisecond,
        F::Epoch => DatePart::Epoch,
        _ => return None,
    })
}

/// A STEP's interval: a fixed length (seconds to days) or a number of months or years.
pub(super) fn step_size(interval: &ast::Interval, position: Option<Position>) -> Result<WindowSize> {
    let months = match interval.leading_field {
        Some(ast::DateTimeField::Month | ast::DateTimeField::Months) => Some(1),
        Some(ast::DateTimeField::Year | ast::DateTimeField::Years) => Some(12),
        _ => None,
    };
    let size = match months {
        Some(unit) => {
            let text = interval.value.to_string();
            let n = text.trim_matches('\'').trim().parse::<u32>().ok().filter(|n| *n > 0);
            match n {
                Some(n) => WindowSize::Months(n * unit),
                None => return plan_err!(position, "a STEP interval is a positive whole number, not {text}"),
            }
        }
        None => WindowSize::Millis(interval_millis_of(interval, position, false)?),
    };
    if size == WindowSize::Millis(0) {
        return plan_err!(position, "a STEP interval must be positive");
    }
    Ok(size)
}

/// `INTERVAL 'n' unit` in milliseconds; only fixed-length units make sense for windows.
/// Negative intervals are refused unless `allow_negative` (window offsets may be negative).
pub(crate) fn interval_millis_of(
    interval: &ast::Interval,
    position: Option<Position>,
    allow_negative: bool,
) -> Result<i64> {
    match super::interval::literal(interval, position)? {
        ScalarValue::Interval(ms, q) if !q.is_year_month() => {
            if ms < 0 && !allow_negative {
                return plan_err!(position, "this interval cannot be negative, not {interval}");
            }
            Ok(ms)
        }
        _ => plan_err!(position, "an interval here is in SECOND, MINUTE, HOUR or DAY, such as INTERVAL '10' SECOND"),
    }
}
