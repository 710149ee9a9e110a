//! Time functions: fields of timestamps, and timestamps, dates and times to and from text
//! with Java-style formats (kept as chrono formats by the planner).

use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::{ArrayRef, Date32Array, Int64Array, Time32MillisecondArray, TimestampMillisecondArray};
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::error::{Error, Result};
use crate::plan::{zone, DatePart};

pub(super) fn times(a: &ArrayRef) -> &TimestampMillisecondArray {
    a.as_primitive::<TimestampMillisecondType>()
}

/// A field of each timestamp.
pub(super) fn extract(args: &[ArrayRef], part: DatePart) -> ArrayRef {
    let values: Int64Array = times(&args[0]).iter().map(|v| v.and_then(|ms| field(ms, part))).collect();
    Arc::new(values)
}

fn field(ms: i64, part: DatePart) -> Option<i64> {
    let t = chrono::DateTime::from_timestamp_millis(ms)?;
    Some(match part {
        DatePart::Year => t.year() as i64,
        DatePart::Quarter => t.month0() as i64 / 3 + 1,
        DatePart::Month => t.month() as i64,
        DatePart::Week => t.iso_week().week() as i64,
        DatePart::Day => t.day() as i64,
        DatePart::DayOfWeek => t.weekday().number_from_sunday() as i64,
        DatePart::DayOfYear => t.ordinal() as i64,
        DatePart::Hour => t.hour() as i64,
        DatePart::Minute => t.minute() as i64,
        DatePart::Second => t.second() as i64,
        DatePart::Millisecond => ms.rem_euclid(1000),
        DatePart::Epoch => ms.div_euclid(1000),
    })
}

/// `CHAR_TO_TIMESTAMP(format, text)`: a text that does not match the format is NULL (the row
/// is kept).
pub(super) fn parse_timestamps(text: &ArrayRef, format: &str) -> ArrayRef {
    let parsed: TimestampMillisecondArray =
        text.as_string::<i32>().iter().map(|v| v.and_then(|s| parse_with_format(s, format))).collect();
    Arc::new(parsed)
}

/// `CHAR_TO_DATE(format, text)`.
pub(super) fn parse_dates(text: &ArrayRef, format: &str) -> ArrayRef {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date");
    let parsed: Date32Array = text
        .as_string::<i32>()
        .iter()
        .map(|v| {
            let d = NaiveDate::parse_from_str(v?, format)
                .ok()
                .or_else(|| NaiveDateTime::parse_from_str(v?, format).ok().map(|t| t.date()))?;
            Some((d - epoch).num_days() as i32)
        })
        .collect();
    Arc::new(parsed)
}

/// `CHAR_TO_TIME(format, text)`.
pub(super) fn parse_times(text: &ArrayRef, format: &str) -> ArrayRef {
    let parsed: Time32MillisecondArray = text
        .as_string::<i32>()
        .iter()
        .map(|v| {
            let t = NaiveTime::parse_from_str(v?, format)
                .ok()
                .or_else(|| NaiveDateTime::parse_from_str(v?, format).ok().map(|t| t.time()))?;
            Some((t.num_seconds_from_midnight() * 1000 + t.nanosecond() / 1_000_000) as i32)
        })
        .collect();
    Arc::new(parsed)
}

/// Parses `text` with a chrono format; a format without a time of day gives midnight.
pub(super) fn parse_with_format(text: &str, format: &str) -> Option<i64> {
    if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
        return Some(t.and_utc().timestamp_millis());
    }
    let has_time = ["%H", "%I", "%M", "%S"].iter().any(|f| format.contains(f));
    if has_time {
        return None;
    }
    NaiveDate::parse_from_str(text, format)
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().timestamp_millis())
}

/// `TIMESTAMP_TO_CHAR(format, ts)` and `DATE_FORMAT`: the format parsed once, each value written
/// straight into the column. A format of numeric fields and text only (`yyyy-MM-dd`, `HH:mm`)
/// is written digit by digit ([`Plain`]); any other, and a year past 9999, by chrono.
pub(super) fn format_timestamps(ts: &ArrayRef, format: &str) -> Result<ArrayRef> {
    let items: Vec<chrono::format::Item> = chrono::format::StrftimeItems::new(format).collect();
    let plain = plain_parts(&items);
    // The day of the last value written by `plain` (most values share their neighbour's day).
    let mut last_day: Option<(i64, (i64, i64, i64))> = None;
    let mut text = String::new();
    let mut formatted = StringBuilder::new();
    for v in times(ts).iter() {
        if let (Some(parts), Some(ms)) = (&plain, v) {
            let day = ms.div_euclid(MS_PER_DAY);
            let (year, month, date) = match last_day {
                Some((d, date)) if d == day => date,
                _ => crate::plan::types::civil(day),
            };
            if (0..=9999).contains(&year) {
                last_day = Some((day, (year, month, date)));
                let second = ms.rem_euclid(MS_PER_DAY) / 1000;
                text.clear();
                for part in parts {
                    match part {
                        Plain::Year => digits(&mut text, year, 4),
                        Plain::Month => digits(&mut text, month, 2),
                        Plain::Day => digits(&mut text, date, 2),
                        Plain::Hour => digits(&mut text, second / 3600, 2),
                        Plain::Minute => digits(&mut text, second / 60 % 60, 2),
                        Plain::Second => digits(&mut text, second % 60, 2),
                        Plain::Text(t) => text.push_str(t),
                    }
                }
                formatted.append_value(&text);
                continue;
            }
        }
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
    Ok(Arc::new(formatted.finish()))
}

const MS_PER_DAY: i64 = 86_400_000;

/// A part of a format [`format_timestamps`] writes itself: a field as zero-padded digits, or
/// the format's own text.
enum Plain {
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
    Text(String),
}

/// `items` as [`Plain`] parts, when each is one; `None` for any other format, which chrono
/// writes.
fn plain_parts(items: &[chrono::format::Item]) -> Option<Vec<Plain>> {
    use chrono::format::{Item, Numeric, Pad};
    let part = |item: &Item| {
        Some(match item {
            Item::Literal(text) | Item::Space(text) => Plain::Text(text.to_string()),
            Item::OwnedLiteral(text) | Item::OwnedSpace(text) => Plain::Text(text.to_string()),
            Item::Numeric(Numeric::Year, Pad::Zero) => Plain::Year,
            Item::Numeric(Numeric::Month, Pad::Zero) => Plain::Month,
            Item::Numeric(Numeric::Day, Pad::Zero) => Plain::Day,
            Item::Numeric(Numeric::Hour, Pad::Zero) => Plain::Hour,
            Item::Numeric(Numeric::Minute, Pad::Zero) => Plain::Minute,
            Item::Numeric(Numeric::Second, Pad::Zero) => Plain::Second,
            _ => return None,
        })
    };
    items.iter().map(part).collect()
}

/// `value` (not negative) in at least `width` digits, zeros in front.
fn digits(text: &mut String, value: i64, width: usize) {
    let mut buffer = itoa::Buffer::new();
    let value = buffer.format(value);
    text.extend(std::iter::repeat_n('0', width.saturating_sub(value.len())));
    text.push_str(value);
}

/// `CONVERT_TZ(text, from_zone, to_zone)`: NULL where the text is not a 'yyyy-MM-dd HH:mm:ss'
/// time (as in Flink); a zone it does not know fails the row (Flink would take it as GMT).
pub(super) fn convert_tz(args: &[ArrayRef]) -> Result<ArrayRef> {
    let [text, from, to] = [0, 1, 2].map(|i| args[i].as_string::<i32>());
    // Zones are most often literals: each resolved once for the rows that name it in turn.
    let (mut from_zone, mut to_zone) = (Zones::default(), Zones::default());
    let mut converted = StringBuilder::new();
    for ((text, from), to) in text.iter().zip(from.iter()).zip(to.iter()) {
        let (Some(text), Some(from), Some(to)) = (text, from, to) else {
            converted.append_null();
            continue;
        };
        let (from, to) = (from_zone.get(from)?, to_zone.get(to)?);
        match wall_clock(text).and_then(|t| zone::convert(t, from, to)) {
            Some(t) => {
                use std::fmt::Write;
                let (date, time) = (t.date(), t.time());
                write!(
                    converted,
                    "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                    date.year(),
                    date.month(),
                    date.day(),
                    time.hour(),
                    time.minute(),
                    time.second()
                )
                .map_err(|e| Error::Execution(format!("formatting a time: {e}")))?;
                converted.append_value("");
            }
            None => converted.append_null(),
        }
    }
    Ok(Arc::new(converted.finish()))
}

/// The last zone looked up, by its name.
#[derive(Default)]
struct Zones(Option<(String, jiff::tz::TimeZone)>);

impl Zones {
    fn get(&mut self, name: &str) -> Result<&jiff::tz::TimeZone> {
        if self.0.as_ref().is_none_or(|(last, _)| last != name) {
            let zone = zone::time_zone(name).map_err(|why| Error::Execution(format!("CONVERT_TZ: {why}")))?;
            self.0 = Some((name.to_string(), zone));
        }
        Ok(&self.0.as_ref().expect("just set").1)
    }
}

/// 'yyyy-MM-dd HH:mm:ss' read as Java's SimpleDateFormat reads it for Flink: leading spaces
/// skipped, one or more digits a field, and anything after the seconds ('.123') ignored.
fn wall_clock(text: &str) -> Option<jiff::civil::DateTime> {
    let mut rest = text.trim_start();
    let mut fields = [0i64; 6];
    for (i, field) in fields.iter_mut().enumerate() {
        if i > 0 {
            rest = rest.strip_prefix(["-", "-", " ", ":", ":"][i - 1])?;
        }
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        *field = rest.get(..digits).filter(|d| !d.is_empty() && d.len() <= 9)?.parse().ok()?;
        rest = &rest[digits..];
    }
    let small = |i: usize| i8::try_from(fields[i]).ok();
    let year = i16::try_from(fields[0]).ok()?;
    jiff::civil::DateTime::new(year, small(1)?, small(2)?, small(3)?, small(4)?, small(5)?, 0).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The formats written digit by digit give what chrono gives, around the epoch, over the
    /// years 0 to 9999, and past them (where chrono writes them).
    #[test]
    fn plain_formats_are_written_as_chrono_writes_them() {
        let mut values: Vec<Option<i64>> = vec![None, Some(0), Some(-1), Some(86_399_999), Some(-86_400_000)];
        let (first, last) = (-62_167_219_200_000i64, 253_402_300_799_999i64); // 0000-01-01, 9999-12-31
        values.extend([first, first - 1, last, last + 1, 300_000_000_000_000].map(Some));
        let step = (last - first) / 5_000 + 7_919;
        values.extend((0..5_000).map(|i| Some(first + i * step)));
        let ts: ArrayRef = Arc::new(TimestampMillisecondArray::from(values.clone()));
        for format in ["%Y-%m-%d", "%H:%M", "%Y-%m-%d %H:%M:%S", "at %d/%m/%Y, %Hh", "%Y%m%d%H%M%S"] {
            assert!(plain_parts(&chrono::format::StrftimeItems::new(format).collect::<Vec<_>>()).is_some());
            let ours = format_timestamps(&ts, format).unwrap();
            for (row, v) in values.iter().enumerate() {
                let chrono = v.and_then(chrono::DateTime::from_timestamp_millis).map(|t| t.format(format).to_string());
                let ours = ours.as_string::<i32>().iter().nth(row).flatten().map(str::to_string);
                assert_eq!(ours, chrono, "{format} of {v:?}");
            }
        }
    }
}
