//! Time functions by name: differences and arithmetic of timestamps, epoch seconds and
//! milliseconds, text parsed and formatted in Java-style formats, a timestamp's parts, and the
//! current time (a row's arrival on the virtual clock) and watermark.

use arrow_schema::{DataType, TimeUnit};

use super::{int_literal, Call};
use crate::error::Result;
use crate::plan::types::{is_integer, ltz_type, timestamp_type};
use crate::plan::{zone, BinaryOp, DatePart, Expr, ScalarFunction, ScalarValue, ROWTIME};
use crate::sql::planner::expr::ExprPlanner;
use crate::sql::planner::patterns::java_to_chrono_format;
use crate::sql::planner::{interval, operators};

impl ExprPlanner<'_> {
    /// The time functions called by name; None for any other name.
    pub(super) fn time_call(&self, c: &Call) -> Result<Option<Expr>> {
        use ScalarFunction as F;
        let (name, position) = (c.name, c.position);
        Ok(Some(match name {
            "TIMESTAMPDIFF" | "TIMESTAMPADD" => {
                c.arity(3, 3)?;
                let unit = c.string_literal(0, "a unit: SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER or YEAR")?;
                let (a, b) = (c.args[1].clone(), c.args[2].clone());
                let planned = if name == "TIMESTAMPDIFF" {
                    interval::timestamp_diff(&unit, a, b)
                } else {
                    interval::timestamp_add(&unit, a, b)
                };
                return planned.or_else(|why| c.fail(&why)).map(Some);
            }
            "TSDIFF" => {
                c.arity(2, 2)?;
                c.done(F::TsDiff, DataType::Int64, vec![c.timestamp(0)?, c.timestamp(1)?])
            }
            // Flink's UNIX_TIMESTAMP(): the current time (the row's arrival) in seconds.
            "UNIX_TIMESTAMP" if c.args.is_empty() => {
                let millis = Expr::Call {
                    func: F::UnixTimestamp,
                    args: vec![arrival(timestamp_type())],
                    data_type: DataType::Int64,
                };
                operators::binary(BinaryOp::Divide, millis, Expr::Literal(ScalarValue::Int64(1000)), position)?
            }
            "UNIX_TIMESTAMP" => {
                c.arity(1, 2)?;
                if c.args[0].data_type() == timestamp_type() && c.args.len() == 1 {
                    c.done(F::UnixTimestamp, DataType::Int64, vec![c.timestamp(0)?])
                } else {
                    let format = if c.args.len() == 2 { Some(c.format(1)?) } else { None };
                    c.done(F::UnixSeconds(format, zone::session()), DataType::Int64, vec![c.text(0)?])
                }
            }
            "CHAR_TO_TIMESTAMP" | "CHAR_TO_DATE" | "CHAR_TO_TIME" => {
                c.arity(2, 2)?;
                let format = c.format(0)?;
                let (func, t) = match name {
                    "CHAR_TO_TIMESTAMP" => (F::CharToTimestamp(format), timestamp_type()),
                    "CHAR_TO_DATE" => (F::CharToDate(format), DataType::Date32),
                    _ => (F::CharToTime(format), DataType::Time32(TimeUnit::Millisecond)),
                };
                c.done(func, t, vec![c.text(1)?])
            }
            "TIMESTAMP_TO_CHAR" | "DATE_TO_CHAR" | "TIME_TO_CHAR" | "DATE_FORMAT" => {
                c.arity(2, 2)?;
                // Flink's DATE_FORMAT(ts, format) is KDA's TIMESTAMP_TO_CHAR(format, ts).
                let (f, v) = if name == "DATE_FORMAT" { (1, 0) } else { (0, 1) };
                let wanted = match name {
                    "DATE_TO_CHAR" => DataType::Date32,
                    "TIME_TO_CHAR" => DataType::Time32(TimeUnit::Millisecond),
                    _ => timestamp_type(),
                };
                let value = c.typed(v, &wanted)?;
                // A time of day is formatted as that time on 1970-01-01.
                let value = match wanted {
                    DataType::Time32(_) => value.cast_to(&DataType::Int32).cast_to(&DataType::Int64),
                    _ => value,
                };
                c.done(F::TimestampToChar(c.format(f)?), DataType::Utf8, vec![value.cast_to(&timestamp_type())])
            }
            "TO_TIMESTAMP_LTZ" => {
                c.arity(1, 2)?;
                let precision = match c.args.get(1).map(int_literal) {
                    None => 3,
                    Some(Some(p @ (0 | 3))) => p as u8,
                    Some(_) => return c.fail("the precision is 0 (seconds) or 3 (milliseconds)"),
                };
                c.done(F::ToTimestampLtz(precision), ltz_type(&zone::session()), vec![c.int(0)?])
            }
            "CONVERT_TZ" => {
                c.arity(3, 3)?;
                // A zone written as a literal is checked here, so that a typo is a plan error.
                for i in 1..3 {
                    if let Expr::Literal(ScalarValue::Utf8(zone)) = &c.args[i] {
                        crate::plan::zone::time_zone(zone).or_else(|why| c.fail(&why))?;
                    }
                }
                c.done(F::ConvertTz, DataType::Utf8, vec![c.text(0)?, c.text(1)?, c.text(2)?])
            }
            // Flink's TO_DATE(text [, format]), 'yyyy-MM-dd' by default.
            "TO_DATE" => {
                c.arity(1, 2)?;
                let format = if c.args.len() == 2 { c.format(1)? } else { java_to_chrono_format("yyyy-MM-dd") };
                c.done(F::CharToDate(format), DataType::Date32, vec![c.text(0)?])
            }
            // Flink's FROM_UNIXTIME(seconds [, format]): the time as text, 'yyyy-MM-dd HH:mm:ss'
            // by default, on the wall clock of the application's zone.
            "FROM_UNIXTIME" => {
                c.arity(1, 2)?;
                let format =
                    if c.args.len() == 2 { c.format(1)? } else { java_to_chrono_format("yyyy-MM-dd HH:mm:ss") };
                let millis = operators::binary(
                    BinaryOp::Multiply,
                    c.int(0)?,
                    Expr::Literal(ScalarValue::Int64(1000)),
                    position,
                )?;
                let time =
                    Expr::Call { func: F::FromMillis, args: vec![millis], data_type: ltz_type(&zone::session()) };
                c.done(F::TimestampToChar(format), DataType::Utf8, vec![time.cast_to(&timestamp_type())])
            }
            "TO_TIMESTAMP" => {
                c.arity(1, 2)?;
                if is_integer(&c.args[0].data_type()) && c.args.len() == 1 {
                    // KDA's TO_TIMESTAMP(milliseconds since the epoch).
                    c.done(F::FromMillis, timestamp_type(), vec![c.int(0)?])
                } else {
                    let format = if c.args.len() == 2 { Some(c.format(1)?) } else { None };
                    c.done(F::ToTimestamp(format), timestamp_type(), vec![c.text(0)?])
                }
            }
            "YEAR" | "QUARTER" | "MONTH" | "WEEK" | "DAYOFMONTH" | "DAYOFWEEK" | "DAYOFYEAR" | "HOUR" | "MINUTE"
            | "SECOND" => {
                c.arity(1, 1)?;
                let part = match name {
                    "YEAR" => DatePart::Year,
                    "QUARTER" => DatePart::Quarter,
                    "MONTH" => DatePart::Month,
                    "WEEK" => DatePart::Week,
                    "DAYOFMONTH" => DatePart::Day,
                    "DAYOFWEEK" => DatePart::DayOfWeek,
                    "DAYOFYEAR" => DatePart::DayOfYear,
                    "HOUR" => DatePart::Hour,
                    "MINUTE" => DatePart::Minute,
                    _ => DatePart::Second,
                };
                c.done(F::Extract(part), DataType::Int64, vec![c.timestamp(0)?])
            }
            "PROCTIME"
            | "NOW"
            | "CURRENT_TIMESTAMP"
            | "LOCALTIMESTAMP"
            | "CURRENT_ROW_TIMESTAMP"
            | "CURRENT_DATE"
            | "CURRENT_TIME"
            | "LOCALTIME" => {
                c.arity(0, 0)?;
                // Flink's current time is a TIMESTAMP_LTZ, its local forms that moment on the
                // wall clock of the application's zone; KDA's times are all UTC TIMESTAMPs.
                let now = arrival(match self.scope.naming.fold {
                    true => timestamp_type(),
                    false => ltz_type(&zone::session()),
                });
                match name {
                    "CURRENT_DATE" => now.cast_to(&DataType::Date32),
                    "CURRENT_TIME" | "LOCALTIME" => now.cast_to(&DataType::Time32(TimeUnit::Millisecond)),
                    "LOCALTIMESTAMP" => now.cast_to(&timestamp_type()),
                    _ => now,
                }
            }
            // Flink's CURRENT_WATERMARK(ts): the watermark the row meets (NULL before the
            // first), the one its lateness is judged by.
            "CURRENT_WATERMARK" => {
                c.arity(1, 1)?;
                let watermark = match &c.args[0] {
                    Expr::Column { index, .. } => self.scope.time_attribute(*index),
                    _ => None,
                };
                let Some(index) = watermark else {
                    return c.fail("its argument is an event-time attribute, a column with a WATERMARK");
                };
                let watermark =
                    Expr::Column { index, name: crate::plan::WATERMARK_COLUMN.into(), data_type: timestamp_type() };
                // Of the attribute's type: a TIMESTAMP_LTZ's watermark is a moment too.
                match c.args[0].data_type() {
                    ltz @ DataType::Timestamp(_, Some(_)) => watermark.as_time_type(ltz),
                    _ => watermark,
                }
            }
            _ => return Ok(None),
        }))
    }
}

/// The row's arrival on the virtual clock, its ROWTIME: what the current time is, reproducibly
/// (and what KDA's CURRENT_ROW_TIMESTAMP is).
fn arrival(data_type: DataType) -> Expr {
    let rowtime = Expr::Column { index: 0, name: ROWTIME.into(), data_type: timestamp_type() };
    Expr::Call { func: ScalarFunction::Proctime, args: vec![rowtime], data_type }
}
