//! SQL column types and their Arrow representation.

use std::fmt;
use std::sync::Arc;

use arrow_schema::{DataType, TimeUnit};

use super::interval::IntervalQualifier;

/// A column type as declared in `CREATE STREAM` or inferred from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SqlType {
    Varchar(Option<u64>),
    Char(Option<u64>),
    Boolean,
    TinyInt,
    SmallInt,
    Integer,
    BigInt,
    Real,
    Double,
    /// DECIMAL(precision, scale), exact.
    Decimal(u8, i8),
    Timestamp,
    /// Flink's `TIMESTAMP_LTZ`: a moment, milliseconds since the epoch, that reads and prints as
    /// the wall clock of the zone it names, the application's `table.local-time-zone`.
    TimestampLtz(Arc<str>),
    Date,
    /// A time of day, to the millisecond.
    Time,
    /// Flink's `ROW<name type, …>`: named fields, read as `column.field`.
    Row(Vec<(String, SqlType)>),
    /// `INTERVAL DAY TO HOUR`, `INTERVAL YEAR TO MONTH`, … (see [`super::interval`]).
    Interval(IntervalQualifier),
    /// Flink's `ARRAY<t>`: values of one type, read as `a[1]` (from 1), unnested with UNNEST.
    Array(Box<SqlType>),
    /// Flink's `MAP<k, v>`: values by key, read as `m['k']`.
    Map(Box<SqlType>, Box<SqlType>),
    /// Flink's `BYTES` (`VARBINARY`, `BINARY(n)`): a string of bytes.
    Bytes,
}

impl SqlType {
    pub fn to_arrow(&self) -> DataType {
        match self {
            SqlType::Varchar(_) | SqlType::Char(_) => DataType::Utf8,
            SqlType::Boolean => DataType::Boolean,
            SqlType::TinyInt => DataType::Int8,
            SqlType::SmallInt => DataType::Int16,
            SqlType::Integer => DataType::Int32,
            SqlType::BigInt => DataType::Int64,
            SqlType::Real => DataType::Float32,
            SqlType::Double => DataType::Float64,
            SqlType::Decimal(p, s) => DataType::Decimal128(*p, *s),
            SqlType::Timestamp => timestamp_type(),
            SqlType::TimestampLtz(zone) => DataType::Timestamp(TimeUnit::Millisecond, Some(zone.clone())),
            SqlType::Date => DataType::Date32,
            SqlType::Time => DataType::Time32(TimeUnit::Millisecond),
            SqlType::Row(fields) => DataType::Struct(fields.iter().map(|(name, t)| t.field(name)).collect()),
            SqlType::Interval(q) => q.data_type(),
            SqlType::Array(element) => list_type(element.to_arrow()),
            SqlType::Map(key, value) => map_type(key.to_arrow(), value.to_arrow()),
            SqlType::Bytes => DataType::Binary,
        }
    }

    /// A nullable column of this type, an interval's qualifier in its metadata.
    pub fn field(&self, name: &str) -> arrow_schema::Field {
        let field = arrow_schema::Field::new(name, self.to_arrow(), true);
        match self {
            SqlType::Interval(q) => q.on_field(field),
            _ => field,
        }
    }

    /// The SQL type that describes an Arrow type, for inferred and derived schemas.
    pub fn from_arrow(data_type: &DataType) -> Option<SqlType> {
        Some(match data_type {
            DataType::Utf8 | DataType::LargeUtf8 => SqlType::Varchar(None),
            DataType::Boolean => SqlType::Boolean,
            DataType::Int8 => SqlType::TinyInt,
            DataType::Int16 => SqlType::SmallInt,
            DataType::Int32 => SqlType::Integer,
            DataType::Int64 => SqlType::BigInt,
            DataType::Float32 => SqlType::Real,
            DataType::Float64 => SqlType::Double,
            DataType::Decimal128(p, s) => SqlType::Decimal(*p, *s),
            DataType::Timestamp(_, None) => SqlType::Timestamp,
            DataType::Timestamp(_, Some(zone)) => SqlType::TimestampLtz(zone.clone()),
            DataType::Date32 => SqlType::Date,
            DataType::Time32(TimeUnit::Millisecond) => SqlType::Time,
            DataType::Struct(fields) => SqlType::Row(
                fields
                    .iter()
                    .map(|f| Some((f.name().clone(), SqlType::from_arrow(f.data_type())?)))
                    .collect::<Option<Vec<_>>>()?,
            ),
            DataType::List(element) => SqlType::Array(Box::new(SqlType::from_arrow(element.data_type())?)),
            DataType::Binary => SqlType::Bytes,
            DataType::Map(..) => {
                let (key, value) = map_types(data_type)?;
                SqlType::Map(Box::new(SqlType::from_arrow(key)?), Box::new(SqlType::from_arrow(value)?))
            }
            other => SqlType::Interval(IntervalQualifier::of_type(other)?),
        })
    }
}

impl fmt::Display for SqlType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SqlType::Varchar(Some(n)) => write!(f, "VARCHAR({n})"),
            SqlType::Varchar(None) => write!(f, "VARCHAR"),
            SqlType::Char(Some(n)) => write!(f, "CHAR({n})"),
            SqlType::Char(None) => write!(f, "CHAR"),
            SqlType::Boolean => write!(f, "BOOLEAN"),
            SqlType::TinyInt => write!(f, "TINYINT"),
            SqlType::SmallInt => write!(f, "SMALLINT"),
            SqlType::Integer => write!(f, "INTEGER"),
            SqlType::BigInt => write!(f, "BIGINT"),
            SqlType::Real => write!(f, "REAL"),
            SqlType::Double => write!(f, "DOUBLE"),
            SqlType::Decimal(p, s) => write!(f, "DECIMAL({p}, {s})"),
            SqlType::Timestamp => write!(f, "TIMESTAMP"),
            SqlType::TimestampLtz(_) => write!(f, "TIMESTAMP_LTZ"),
            SqlType::Date => write!(f, "DATE"),
            SqlType::Time => write!(f, "TIME"),
            SqlType::Row(fields) => {
                let fields: Vec<String> = fields.iter().map(|(name, t)| format!("{name} {t}")).collect();
                write!(f, "ROW<{}>", fields.join(", "))
            }
            SqlType::Interval(q) => write!(f, "INTERVAL {q}"),
            SqlType::Array(element) => write!(f, "ARRAY<{element}>"),
            SqlType::Map(key, value) => write!(f, "MAP<{key}, {value}>"),
            SqlType::Bytes => write!(f, "BYTES"),
        }
    }
}

/// An Arrow type as SQL names it (`VARCHAR`, `INTERVAL DAY TO SECOND`), for messages.
pub fn sql_name(t: &DataType) -> String {
    SqlType::from_arrow(t).map_or_else(|| t.to_string(), |s| s.to_string())
}

/// The Arrow type of an `ARRAY<element>`: a list whose values may be NULL.
pub fn list_type(element: DataType) -> DataType {
    DataType::List(Arc::new(arrow_schema::Field::new("element", element, true)))
}

/// The element type of an array type.
pub fn element_type(t: &DataType) -> Option<&DataType> {
    match t {
        DataType::List(element) => Some(element.data_type()),
        _ => None,
    }
}

/// The Arrow type of a `MAP<key, value>`: entries of a key (never NULL) and a value that may
/// be.
pub fn map_type(key: DataType, value: DataType) -> DataType {
    use arrow_schema::Field;
    let entry = DataType::Struct(vec![Field::new("key", key, false), Field::new("value", value, true)].into());
    DataType::Map(Arc::new(Field::new("entries", entry, false)), false)
}

/// The key and value types of a map type.
pub fn map_types(t: &DataType) -> Option<(&DataType, &DataType)> {
    match t {
        DataType::Map(entries, _) => match entries.data_type() {
            DataType::Struct(fields) if fields.len() == 2 => Some((fields[0].data_type(), fields[1].data_type())),
            _ => None,
        },
        _ => None,
    }
}

/// Every timestamp in the engine, `ROWTIME` included: milliseconds since the epoch, UTC.
pub fn timestamp_type() -> DataType {
    DataType::Timestamp(TimeUnit::Millisecond, None)
}

/// A `TIMESTAMP_LTZ` in `zone`: a moment, milliseconds since the epoch, that reads and prints
/// as that zone's wall clock.
pub fn ltz_type(zone: &str) -> DataType {
    DataType::Timestamp(TimeUnit::Millisecond, Some(zone.into()))
}

/// The zone a `TIMESTAMP_LTZ` type reads in; None for any other type.
pub fn ltz_zone(t: &DataType) -> Option<&str> {
    match t {
        DataType::Timestamp(TimeUnit::Millisecond, Some(zone)) => Some(zone),
        _ => None,
    }
}

/// A `TIMESTAMP` or a `TIMESTAMP_LTZ`: a time that an event-time attribute, a window or a
/// comparison of times can be made of.
pub fn is_timestamp(t: &DataType) -> bool {
    matches!(t, DataType::Timestamp(TimeUnit::Millisecond, _))
}

/// The type a TIMESTAMP and a TIMESTAMP_LTZ meet in (CASE branches, a comparison): the
/// TIMESTAMP_LTZ, the TIMESTAMP read as the moment its wall clock shows; None unless both are
/// times.
pub fn common_time_type(a: &DataType, b: &DataType) -> Option<DataType> {
    (is_timestamp(a) && is_timestamp(b)).then(|| if ltz_zone(a).is_some() { a.clone() } else { b.clone() })
}

pub fn is_integer(t: &DataType) -> bool {
    matches!(t, DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::Int64)
}

pub fn is_numeric(t: &DataType) -> bool {
    is_integer(t) || matches!(t, DataType::Float32 | DataType::Float64 | DataType::Decimal128(_, _))
}

/// The type both sides of a comparison, or of arithmetic without a DECIMAL, are cast to.
/// Integers stay integers (KDA divides integers as integers); any float makes it DOUBLE,
/// except REAL with REAL or an integer, which stays REAL. Decimals compare as decimals with
/// the larger scale; with a float they compute as DOUBLE. (Decimal arithmetic with a decimal
/// or an integer is exact: see [`decimal_operand`] and [`decimal_result`].)
pub fn common_numeric_type(a: &DataType, b: &DataType, comparison: bool) -> Option<DataType> {
    use DataType::*;
    if !is_numeric(a) || !is_numeric(b) {
        return None;
    }
    if let (Decimal128(_, sa), Decimal128(_, sb)) = (a, b) {
        return Some(if comparison { Decimal128(38, *sa.max(sb)) } else { Float64 });
    }
    let (decimal, other) = if matches!(a, Decimal128(..)) { (a, b) } else { (b, a) };
    if let Decimal128(_, s) = decimal {
        return Some(if comparison && is_integer(other) { Decimal128(38, *s) } else { Float64 });
    }
    let rank = |t: &DataType| match t {
        Int8 => 1,
        Int16 => 2,
        Int32 => 3,
        Int64 => 4,
        Float32 => 5,
        _ => 6,
    };
    Some(if rank(a) >= rank(b) { a.clone() } else { b.clone() })
}

/// The DECIMAL an arithmetic operand takes when the other side is a DECIMAL: itself, or an
/// integer as the decimal that holds all its values (INT is DECIMAL(10, 0)), as Flink does.
pub fn decimal_operand(t: &DataType) -> Option<(u8, i8)> {
    Some(match t {
        DataType::Decimal128(p, s) => (*p, *s),
        DataType::Int8 => (3, 0),
        DataType::Int16 => (5, 0),
        DataType::Int32 => (10, 0),
        DataType::Int64 => (19, 0),
        _ => return None,
    })
}

/// Precision and scale of exact decimal arithmetic, by Flink's rules (LogicalTypeMerging):
/// `+ -` keep the larger scale and one more integer digit, `*` adds the scales, `/` keeps at
/// least 6 fractional digits, `%` the larger scale. Past 38 digits the scale gives way, down
/// to 6 at least.
pub fn decimal_result(op: super::BinaryOp, (p1, s1): (u8, i8), (p2, s2): (u8, i8)) -> (u8, i8) {
    use super::BinaryOp::*;
    let (p1, s1, p2, s2) = (p1 as i32, s1 as i32, p2 as i32, s2 as i32);
    let (precision, scale) = match op {
        Multiply => (p1 + p2 + 1, s1 + s2),
        Divide => {
            let scale = 6.max(s1 + p2 + 1);
            (p1 - s1 + s2 + scale, scale)
        }
        Modulo => {
            let scale = s1.max(s2);
            ((p1 - s1).min(p2 - s2) + scale, scale)
        }
        _ => {
            let scale = s1.max(s2);
            ((p1 - s1).max(p2 - s2) + scale + 1, scale)
        }
    };
    if precision <= 38 {
        (precision.max(1) as u8, scale as i8)
    } else {
        let digits = precision - scale;
        (38, (38 - digits).max(scale.min(6)) as i8)
    }
}

/// Formats epoch milliseconds the way every kdalite output does: `YYYY-MM-DD HH:MM:SS.fff`, UTC.
pub fn format_timestamp(ms: i64) -> String {
    match chrono::DateTime::from_timestamp_millis(ms) {
        Some(t) => t.format(TIMESTAMP_FORMAT).to_string(),
        None => format!("{ms}"),
    }
}

/// A DATE (days since the epoch) as `YYYY-MM-DD`.
pub fn format_date(days: i32) -> String {
    chrono::NaiveDate::from_num_days_from_ce_opt(days + 719_163).map_or_else(|| days.to_string(), |d| d.to_string())
}

/// A TIME (milliseconds since midnight) as `HH:MM:SS`, with `.fff` when it has milliseconds.
pub fn format_time(ms: i32) -> String {
    let (s, frac) = (ms.div_euclid(1000), ms.rem_euclid(1000));
    let hms = format!("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
    if frac == 0 {
        hms
    } else {
        format!("{hms}.{frac:03}")
    }
}

/// The proleptic Gregorian (year, month, day) of a day counted from 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
pub fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// The chrono format behind [`format_timestamp`].
pub const TIMESTAMP_FORMAT: &str = "%Y-%m-%d %H:%M:%S%.3f";

/// Parses the timestamp spellings files use: `2018-11-01 01:00:00.0`, ISO 8601 with `T` and
/// an optional `Z`, a bare date, or epoch milliseconds.
pub fn parse_timestamp(text: &str) -> Option<i64> {
    let s = text.trim();
    let s = s.strip_suffix('Z').unwrap_or(s);
    if let Some(t) = parse_common_timestamp(s.as_bytes()) {
        return Some(t);
    }
    // The formats, parsed once: reading the format string on every call took a quarter of
    // the time of reading a CSV file with a ROWTIME column.
    static FORMATS: std::sync::OnceLock<Vec<Vec<chrono::format::Item<'static>>>> = std::sync::OnceLock::new();
    let formats = FORMATS.get_or_init(|| {
        ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
            .iter()
            .filter_map(|f| chrono::format::StrftimeItems::new(f).parse_to_owned().ok())
            .collect()
    });
    for items in formats {
        let mut parsed = chrono::format::Parsed::new();
        if chrono::format::parse(&mut parsed, s, items.iter()).is_ok() {
            if let Ok(t) = parsed.to_naive_datetime_with_offset(0) {
                return Some(t.and_utc().timestamp_millis());
            }
        }
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return d.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp_millis());
    }
    s.parse::<i64>().ok()
}

/// `YYYY-MM-DD HH:MM:SS[.f…]` (or with `T`), the shape files nearly always have, read without
/// chrono's general parser (which took a fifth of the time of reading a JSON file); `None`
/// for any other shape, and for a value chrono should judge (a leap second).
fn parse_common_timestamp(s: &[u8]) -> Option<i64> {
    let shaped =
        s.len() >= 19 && s[4] == b'-' && s[7] == b'-' && matches!(s[10], b' ' | b'T') && s[13] == b':' && s[16] == b':';
    if !shaped {
        return None;
    }
    let number =
        |digits: &[u8]| digits.iter().try_fold(0u32, |n, &b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')));
    let millis = match &s[19..] {
        [] => 0,
        // Milliseconds: the fraction's first three digits.
        [b'.', fraction @ ..] if (1..=9).contains(&fraction.len()) => {
            let ms = number(&fraction[..fraction.len().min(3)])?;
            number(fraction)?;
            ms * [100, 10, 1][fraction.len().min(3) - 1]
        }
        _ => return None,
    };
    let date = chrono::NaiveDate::from_ymd_opt(number(&s[0..4])? as i32, number(&s[5..7])?, number(&s[8..10])?)?;
    let time = date.and_hms_milli_opt(number(&s[11..13])?, number(&s[14..16])?, number(&s[17..19])?, millis)?;
    Some(time.and_utc().timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_shape_reads_as_chrono_reads_it() {
        for text in [
            "2018-11-01 01:00:00",
            "2018-11-01T01:00:00.5",
            "1969-12-31 23:59:59.999",
            "2024-02-29 12:34:56.123456789",
            "0001-01-01 00:00:00.01",
        ] {
            let fast = parse_common_timestamp(text.as_bytes());
            let items = chrono::format::StrftimeItems::new("%Y-%m-%d %H:%M:%S%.f");
            let mut parsed = chrono::format::Parsed::new();
            chrono::format::parse(&mut parsed, &text.replace('T', " "), items).unwrap();
            let slow = parsed.to_naive_datetime_with_offset(0).unwrap().and_utc().timestamp_millis();
            assert_eq!(fast, Some(slow), "{text}");
        }
        // Not the common shape, or not a valid time: chrono decides.
        for text in ["2023-02-29 00:00:00", "2018-11-01 01:00:60", "2018-11-01 01:00:00.", "2018-1-01 01:00:00"] {
            assert_eq!(parse_common_timestamp(text.as_bytes()), None, "{text}");
        }
        assert_eq!(parse_timestamp("2018-1-01 01:00:00"), parse_timestamp("2018-01-01 01:00:00"));
    }

    #[test]
    fn timestamps_round_trip_in_kda_format() {
        let ms = parse_timestamp("2018-11-01 01:00:00.0").unwrap();
        assert_eq!(format_timestamp(ms), "2018-11-01 01:00:00.000");
        assert_eq!(parse_timestamp("2018-11-01T01:00:00Z"), Some(ms));
        assert_eq!(parse_timestamp("not a time"), None);
    }
}
