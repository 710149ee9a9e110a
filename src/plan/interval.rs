//! SQL interval values, as KDA's SQL Reference and the SQL standard define them.
//!
//! An interval is one of two kinds: year-month (a number of months, Arrow's
//! `Interval(YearMonth)`) or day-time (a number of milliseconds, Arrow's
//! `Duration(Millisecond)`). Its qualifier (`DAY`, `DAY TO HOUR`, `MINUTE TO SECOND`, …) says
//! which fields it is written and printed in: `INTERVAL '3 4' DAY TO HOUR` is 76 hours and
//! prints as `+3 04`. Arrow types carry no qualifier, so a column's travels in its field's
//! metadata ([`QUALIFIER_KEY`]); where it is lost an interval prints in full (`YEAR TO MONTH`,
//! `DAY TO SECOND`).

use std::collections::HashMap;
use std::fmt;

use arrow_schema::{DataType, Field, IntervalUnit, TimeUnit};
use serde::{Deserialize, Serialize};

/// The field metadata key a column's interval qualifier is kept under (`DAY TO HOUR`).
pub const QUALIFIER_KEY: &str = "kdalite.interval";

/// A field of an interval, from the most significant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum IntervalField {
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
}

impl IntervalField {
    const ALL: [IntervalField; 6] = [Self::Year, Self::Month, Self::Day, Self::Hour, Self::Minute, Self::Second];

    /// The field's length in its kind's unit: months for YEAR and MONTH, milliseconds for the
    /// others.
    pub fn unit(self) -> i64 {
        match self {
            IntervalField::Year => 12,
            IntervalField::Month => 1,
            IntervalField::Day => 86_400_000,
            IntervalField::Hour => 3_600_000,
            IntervalField::Minute => 60_000,
            IntervalField::Second => 1_000,
        }
    }

    fn is_year_month(self) -> bool {
        self <= IntervalField::Month
    }

    /// How many of this field make the next larger one (the range a non-leading field keeps).
    fn range(self) -> i64 {
        match self {
            IntervalField::Year => i64::MAX,
            IntervalField::Month => 12,
            IntervalField::Day => i64::MAX,
            IntervalField::Hour => 24,
            IntervalField::Minute | IntervalField::Second => 60,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            IntervalField::Year => "YEAR",
            IntervalField::Month => "MONTH",
            IntervalField::Day => "DAY",
            IntervalField::Hour => "HOUR",
            IntervalField::Minute => "MINUTE",
            IntervalField::Second => "SECOND",
        }
    }

    pub fn by_name(name: &str) -> Option<IntervalField> {
        let name = name.to_ascii_uppercase();
        let name = name.strip_suffix('S').unwrap_or(&name);
        IntervalField::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// An interval's qualifier: its leading and trailing fields (equal for `DAY`), of one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IntervalQualifier {
    pub start: IntervalField,
    pub end: IntervalField,
}

impl IntervalQualifier {
    pub const YEAR_TO_MONTH: IntervalQualifier =
        IntervalQualifier { start: IntervalField::Year, end: IntervalField::Month };
    pub const DAY_TO_SECOND: IntervalQualifier =
        IntervalQualifier { start: IntervalField::Day, end: IntervalField::Second };

    /// `start TO end`, when `start` comes first and both are of one kind.
    pub fn new(start: IntervalField, end: IntervalField) -> Option<IntervalQualifier> {
        (start <= end && start.is_year_month() == end.is_year_month()).then_some(IntervalQualifier { start, end })
    }

    pub fn single(field: IntervalField) -> IntervalQualifier {
        IntervalQualifier { start: field, end: field }
    }

    /// `DAY TO HOUR`, `SECOND`, … as SQL writes them.
    pub fn parse(text: &str) -> Option<IntervalQualifier> {
        let words: Vec<&str> = text.split_whitespace().collect();
        match words.as_slice() {
            [one] => Some(Self::single(IntervalField::by_name(one)?)),
            [start, to, end] if to.eq_ignore_ascii_case("TO") => {
                Self::new(IntervalField::by_name(start)?, IntervalField::by_name(end)?)
            }
            _ => None,
        }
    }

    pub fn is_year_month(self) -> bool {
        self.start.is_year_month()
    }

    /// The Arrow type of this kind of interval.
    pub fn data_type(self) -> DataType {
        if self.is_year_month() {
            DataType::Interval(IntervalUnit::YearMonth)
        } else {
            DataType::Duration(TimeUnit::Millisecond)
        }
    }

    /// The full qualifier of an Arrow interval type (`None` for other types).
    pub fn of_type(data_type: &DataType) -> Option<IntervalQualifier> {
        match data_type {
            DataType::Interval(IntervalUnit::YearMonth) => Some(Self::YEAR_TO_MONTH),
            DataType::Duration(TimeUnit::Millisecond) => Some(Self::DAY_TO_SECOND),
            _ => None,
        }
    }

    /// The qualifier of an interval column: from its metadata, else its type's in full.
    pub fn of_field(field: &Field) -> Option<IntervalQualifier> {
        let full = Self::of_type(field.data_type())?;
        let kept = field.metadata().get(QUALIFIER_KEY).and_then(|q| Self::parse(q));
        Some(kept.filter(|q| q.is_year_month() == full.is_year_month()).unwrap_or(full))
    }

    /// `field` with this qualifier in its metadata.
    pub fn on_field(self, field: Field) -> Field {
        field.with_metadata(HashMap::from([(QUALIFIER_KEY.to_string(), self.to_string())]))
    }

    /// The qualifier that holds both: the larger leading field and the smaller trailing one, as
    /// `INTERVAL '1' DAY + INTERVAL '3 4' DAY TO HOUR` is `DAY TO HOUR`.
    pub fn widest(self, other: IntervalQualifier) -> IntervalQualifier {
        IntervalQualifier { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// The fields from the leading one to the trailing one.
    pub fn fields(self) -> impl Iterator<Item = IntervalField> {
        IntervalField::ALL.into_iter().filter(move |f| (self.start..=self.end).contains(f))
    }

    /// `value` (months or milliseconds) cut toward zero to whole trailing fields; seconds keep
    /// their milliseconds.
    pub fn truncate(self, value: i64) -> i64 {
        let unit = if self.end == IntervalField::Second { 1 } else { self.end.unit() };
        value - value % unit
    }

    /// An interval literal's text in this qualifier's fields (`'-2 04'` for DAY TO HOUR,
    /// `'3-4'` for YEAR TO MONTH, `'5.678'` for SECOND), as months or milliseconds.
    /// Only the leading field may exceed its range; only seconds, or a lone field, take a
    /// fraction.
    pub fn read(self, text: &str) -> Option<i64> {
        let text = text.trim();
        let (negative, text) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        let separators: &[char] = if self.is_year_month() { &['-'] } else { &[' ', ':'] };
        let parts: Vec<&str> = text.trim().split(separators).collect();
        let fields: Vec<IntervalField> = self.fields().collect();
        if parts.len() != fields.len() {
            return None;
        }
        let mut total: f64 = 0.0;
        for (i, (part, field)) in parts.iter().zip(&fields).enumerate() {
            let fraction_allowed = !self.is_year_month() && (*field == IntervalField::Second || fields.len() == 1);
            let digits_only = part.chars().all(|c| c.is_ascii_digit() || (fraction_allowed && c == '.'));
            let n: f64 = part.parse().ok().filter(|_| digits_only && !part.is_empty())?;
            if i > 0 && n >= field.range() as f64 {
                return None;
            }
            total += n * field.unit() as f64;
        }
        let value = total.round();
        (value.abs() < i64::MAX as f64).then_some(if negative { -(value as i64) } else { value as i64 })
    }

    /// `value` as KDA prints it in this qualifier: a sign, the leading field, then each other
    /// field in two digits (`+4 04`, `-2 04`, `+4-04`, `+6:11`), seconds with `.fff` when they
    /// have milliseconds. Fields past the trailing one are cut.
    pub fn format(self, value: i64) -> String {
        let mut out = String::from(if value < 0 { "-" } else { "+" });
        let mut rest = self.truncate(value).unsigned_abs();
        for (i, field) in self.fields().enumerate() {
            let unit = field.unit() as u64;
            let n = rest / unit;
            rest %= unit;
            match (i, field) {
                (0, _) => out.push_str(&n.to_string()),
                (_, IntervalField::Month) => out.push_str(&format!("-{n:02}")),
                (_, IntervalField::Hour) if self.start == IntervalField::Day => out.push_str(&format!(" {n:02}")),
                _ => out.push_str(&format!(":{n:02}")),
            }
        }
        if self.end == IntervalField::Second && rest > 0 {
            out.push_str(&format!(".{rest:03}"));
        }
        out
    }
}

impl fmt::Display for IntervalQualifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start == self.end {
            f.write_str(self.start.name())
        } else {
            write!(f, "{} TO {}", self.start.name(), self.end.name())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::IntervalField::*;
    use super::*;

    fn q(text: &str) -> IntervalQualifier {
        IntervalQualifier::parse(text).unwrap()
    }

    #[test]
    fn literals_read_in_their_qualifiers_fields() {
        assert_eq!(q("DAY TO HOUR").read("3 4"), Some(76 * 3_600_000));
        assert_eq!(q("DAY TO MINUTE").read("-3 4:20"), Some(-(3 * 86_400_000 + 4 * 3_600_000 + 20 * 60_000)));
        assert_eq!(q("DAY TO SECOND").read("2 3:4:5.678"), Some(183_845_678));
        assert_eq!(q("YEAR TO MONTH").read("3-4"), Some(40));
        assert_eq!(q("SECOND").read("1.5"), Some(1_500));
        assert_eq!(q("MINUTES").read("10"), Some(600_000));
        assert_eq!(q("DAY TO HOUR").read("3 24"), None, "a trailing field stays in its range");
        assert_eq!(q("DAY TO HOUR").read("3"), None);
        assert_eq!(q("YEAR").read("1.5"), None);
        assert_eq!(q("HOUR TO MINUTE").read("1:2.5"), None);
        assert_eq!(q("DAY").read(""), None);
        assert_eq!(IntervalQualifier::parse("HOUR TO DAY"), None);
        assert_eq!(IntervalQualifier::parse("MONTH TO DAY"), None);
    }

    #[test]
    fn values_print_as_kda_prints_them() {
        assert_eq!(q("DAY").format(4 * 86_400_000), "+4");
        assert_eq!(q("DAY TO HOUR").format(100 * 3_600_000), "+4 04");
        assert_eq!(q("DAY TO HOUR").format(-52 * 3_600_000), "-2 04");
        assert_eq!(q("YEAR TO MONTH").format(52), "+4-04");
        assert_eq!(q("MINUTE TO SECOND").format(371_000), "+6:11");
        assert_eq!(q("SECOND").format(371_000), "+371");
        assert_eq!(q("DAY TO SECOND").format(183_845_678), "+2 03:04:05.678");
        assert_eq!(q("DAY TO HOUR").format(38 * 3_600_000 + 1_800_000), "+1 14", "cut to whole hours");
        assert_eq!(IntervalQualifier::single(Day).widest(q("DAY TO HOUR")), q("DAY TO HOUR"));
        assert_eq!(q("HOUR TO MINUTE").to_string(), "HOUR TO MINUTE");
    }
}
