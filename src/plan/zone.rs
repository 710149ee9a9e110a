//! Time zones by the names Flink's `CONVERT_TZ` takes, which are Java's (`TimeZone.getTimeZone`):
//! a tz database name (`America/Los_Angeles`), an offset from GMT (`GMT-08:00`, `GMT+5`), or
//! one of Java's three-letter names (`PST`, `IST`). The tz database is jiff's own copy, built
//! in, so a name means the same zone natively and in the browser on any machine. Where Java
//! takes a name it does not know as GMT without a word (`UTC+8`, `asia/tokyo`), this refuses it
//! and says what it takes.

use jiff::civil::DateTime;
use jiff::tz::{AmbiguousOffset, Offset, TimeZone};

/// Java's three-letter names (its `ZoneId.SHORT_IDS`, as its `TimeZone` reads them): EST, MST
/// and HST are fixed offsets, the others tz database zones.
const SHORT_NAMES: &[(&str, &str)] = &[
    ("ACT", "Australia/Darwin"),
    ("AET", "Australia/Sydney"),
    ("AGT", "America/Argentina/Buenos_Aires"),
    ("ART", "Africa/Cairo"),
    ("AST", "America/Anchorage"),
    ("BET", "America/Sao_Paulo"),
    ("BST", "Asia/Dhaka"),
    ("CAT", "Africa/Harare"),
    ("CNT", "America/St_Johns"),
    ("CST", "America/Chicago"),
    ("CTT", "Asia/Shanghai"),
    ("EAT", "Africa/Addis_Ababa"),
    ("ECT", "Europe/Paris"),
    ("IET", "America/Indiana/Indianapolis"),
    ("IST", "Asia/Kolkata"),
    ("JST", "Asia/Tokyo"),
    ("MIT", "Pacific/Apia"),
    ("NET", "Asia/Yerevan"),
    ("NST", "Pacific/Auckland"),
    ("PLT", "Asia/Karachi"),
    ("PNT", "America/Phoenix"),
    ("PRT", "America/Puerto_Rico"),
    ("PST", "America/Los_Angeles"),
    ("SST", "Pacific/Guadalcanal"),
    ("VST", "Asia/Ho_Chi_Minh"),
];

/// The zone a name stands for, or why there is none.
pub fn time_zone(name: &str) -> Result<TimeZone, String> {
    let fixed_hours = match name {
        "EST" => Some(-5),
        "MST" => Some(-7),
        "HST" => Some(-10),
        "Z" => Some(0),
        _ => None,
    };
    if let Some(hours) = fixed_hours {
        return Ok(TimeZone::fixed(Offset::constant(hours)));
    }
    if let Some((_, zone)) = SHORT_NAMES.iter().find(|(short, _)| *short == name) {
        return from_database(zone);
    }
    if let Some(rest) = name.strip_prefix("GMT").filter(|rest| !rest.is_empty()) {
        return gmt_offset(rest)
            .map(TimeZone::fixed)
            .ok_or_else(|| format!("'{name}' is not an offset from GMT such as 'GMT-08:00', 'GMT+5' or 'GMT+0530'"));
    }
    from_database(name)
}

/// A tz database zone, named in the database's own case (Java's names are case-sensitive).
fn from_database(name: &str) -> Result<TimeZone, String> {
    let unknown = || {
        format!(
            "unknown time zone '{name}': a tz database name such as 'America/Los_Angeles', an offset such as \
             'GMT-08:00', or one of Java's three-letter names such as 'PST'"
        )
    };
    let zone = TimeZone::get(name).map_err(|_| unknown())?;
    match zone.iana_name() {
        Some(canonical) if canonical != name => Err(format!("{}; did you mean '{canonical}'?", unknown())),
        _ => Ok(zone),
    }
}

/// What follows `GMT` in Java's custom zones: a sign, then hours (`5`, `05`) with minutes
/// after a colon (`05:30`) or run on (`0530`); hours to 23, minutes to 59.
fn gmt_offset(rest: &str) -> Option<Offset> {
    let (sign, digits) = match rest.as_bytes().first()? {
        b'+' => (1, &rest[1..]),
        b'-' => (-1, &rest[1..]),
        _ => return None,
    };
    let number = |s: &str| (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<i32>().ok())?;
    let (hours, minutes) = match digits.split_once(':') {
        Some((h, m)) if h.len() <= 2 && m.len() == 2 => (number(h)?, number(m)?),
        Some(_) => return None,
        None if digits.len() <= 2 => (number(digits)?, 0),
        None if digits.len() <= 4 => {
            let n = number(digits)?;
            (n / 100, n % 100)
        }
        None => return None,
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()
}

/// A wall-clock time in `from` as the wall clock in `to` shows that moment. A time `from` skips
/// (the hour daylight saving begins) is read with the offset before the skip, and a time it
/// shows twice as the later of the two, as Java reads them; None past jiff's range of years.
pub fn convert(time: DateTime, from: &TimeZone, to: &TimeZone) -> Option<DateTime> {
    let offset = match from.to_ambiguous_timestamp(time).offset() {
        AmbiguousOffset::Unambiguous { offset } => offset,
        AmbiguousOffset::Gap { before, .. } => before,
        AmbiguousOffset::Fold { after, .. } => after,
    };
    Some(to.to_datetime(offset.to_timestamp(time).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn at(zone: &str, time: DateTime, to: &str) -> DateTime {
        convert(time, &time_zone(zone).unwrap(), &time_zone(to).unwrap()).unwrap()
    }

    // Each as Flink 2.3's CONVERT_TZ gave it on this machine.
    #[test]
    fn names_read_as_java_reads_them() {
        let noon = date(2024, 7, 1).at(12, 0, 0, 0);
        assert_eq!(
            at("UTC", date(1970, 1, 1).at(0, 0, 0, 0), "America/Los_Angeles"),
            date(1969, 12, 31).at(16, 0, 0, 0)
        );
        assert_eq!(at("UTC", noon, "PST"), date(2024, 7, 1).at(5, 0, 0, 0));
        assert_eq!(at("UTC", noon, "EST"), date(2024, 7, 1).at(7, 0, 0, 0));
        assert_eq!(at("UTC", noon, "CST"), date(2024, 7, 1).at(7, 0, 0, 0));
        assert_eq!(at("UTC", noon, "IST"), date(2024, 7, 1).at(17, 30, 0, 0));
        assert_eq!(at("UTC", noon, "GMT-08:00"), date(2024, 7, 1).at(4, 0, 0, 0));
        assert_eq!(at("UTC", noon, "GMT+5"), date(2024, 7, 1).at(17, 0, 0, 0));
        assert_eq!(at("UTC", noon, "GMT+05:30"), date(2024, 7, 1).at(17, 30, 0, 0));
        assert_eq!(at("UTC", noon, "GMT+0530"), date(2024, 7, 1).at(17, 30, 0, 0));
        assert_eq!(at("Asia/Shanghai", noon, "Europe/Berlin"), date(2024, 7, 1).at(6, 0, 0, 0));
        // Shanghai's local mean time before 1901.
        assert_eq!(at("UTC", date(1900, 1, 1).at(0, 0, 0, 0), "Asia/Shanghai"), date(1900, 1, 1).at(8, 5, 43, 0));
    }

    #[test]
    fn a_skipped_hour_reads_with_the_offset_before_and_a_repeated_one_as_the_later() {
        assert_eq!(at("America/New_York", date(2024, 3, 10).at(2, 30, 0, 0), "UTC"), date(2024, 3, 10).at(7, 30, 0, 0));
        assert_eq!(at("America/New_York", date(2024, 11, 3).at(1, 30, 0, 0), "UTC"), date(2024, 11, 3).at(6, 30, 0, 0));
    }

    #[test]
    fn a_name_java_would_take_as_gmt_is_refused() {
        for bad in ["Foo/Bar", "UTC+8", "+08:00", "", "GMT+24", "GMT+5:3", "GMT5", "GMT+12345"] {
            assert!(time_zone(bad).is_err(), "{bad}");
        }
        let wrong_case = time_zone("asia/tokyo").unwrap_err();
        assert!(wrong_case.ends_with("did you mean 'Asia/Tokyo'?"), "{wrong_case}");
    }
}
