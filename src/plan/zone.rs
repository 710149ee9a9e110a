//! Time zones by the names Flink's `CONVERT_TZ` takes, which are Java's (`TimeZone.getTimeZone`):
//! a tz database name (`America/Los_Angeles`), an offset from GMT (`GMT-08:00`, `GMT+5`), or
//! one of Java's three-letter names (`PST`, `IST`). The tz database is jiff's own copy, built
//! in, so a name means the same zone natively and in the browser on any machine. Where Java
//! takes a name it does not know as GMT without a word (`UTC+8`, `asia/tokyo`), this refuses it
//! and says what it takes.

use arrow_array::types::TimestampMillisecondType;
use arrow_array::TimestampMillisecondArray;
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

thread_local! {
    /// The zone of the application being planned, its `table.local-time-zone`.
    static SESSION: std::cell::RefCell<std::sync::Arc<str>> = std::cell::RefCell::new("UTC".into());
}

/// The zone of the application being planned: what a `TIMESTAMP_LTZ` it declares or computes
/// reads in (UTC unless its `SET 'table.local-time-zone'` names another).
pub fn session() -> std::sync::Arc<str> {
    SESSION.with(|zone| zone.borrow().clone())
}

/// Runs `plan` with `zone` as the session's zone, then restores the one before.
pub fn with_session<T>(zone: std::sync::Arc<str>, plan: impl FnOnce() -> T) -> T {
    let before = SESSION.with(|current| current.replace(zone));
    let planned = plan();
    SESSION.with(|current| current.replace(before));
    planned
}

/// Whether the zone named shows UTC's time at every moment (`UTC`, `GMT`, `Etc/UTC`, `Z`, …).
pub fn keeps_utc(name: &str) -> bool {
    WallClock::new(name).is_ok_and(|clock| clock.fixed == Some(0))
}

/// Converts moments (milliseconds since the epoch) to a zone's wall clock and back, written as
/// milliseconds too (the wall clock read as if it were UTC): what a `TIMESTAMP_LTZ` is as a
/// `TIMESTAMP`. A zone with one offset for good converts by adding it.
pub struct WallClock {
    zone: TimeZone,
    fixed: Option<i64>,
}

impl WallClock {
    pub fn new(name: &str) -> Result<WallClock, String> {
        let zone = time_zone(name)?;
        let fixed = zone.to_fixed_offset().ok().map(|offset| i64::from(offset.seconds()) * 1000);
        Ok(WallClock { zone, fixed })
    }

    /// The wall clock at the moment `ms` (past jiff's range of years, the moment itself, as a
    /// zone with changing offsets gives it; never overflowing).
    pub fn local(&self, ms: i64) -> i64 {
        if let Some(offset) = self.fixed {
            return ms.checked_add(offset).unwrap_or(ms);
        }
        match jiff::Timestamp::from_millisecond(ms) {
            Ok(t) => ms + i64::from(self.zone.to_offset(t).seconds()) * 1000,
            Err(_) => ms,
        }
    }

    /// A watermark (a moment) on the wall clock, for windows on it: the latest wall time whose
    /// later moment the watermark has reached. Through the first pass of an hour the clock will
    /// turn back and show again, that is the time just before the hour, so a window on the wall
    /// clock closes after both passes, as Flink's windows over a `TIMESTAMP_LTZ` do (their
    /// timers are at the later moment). Never goes back.
    pub fn watermark(&self, ms: i64) -> i64 {
        let local = self.local(ms);
        if self.fixed.is_some() {
            return local;
        }
        let Ok(now) = jiff::Timestamp::from_millisecond(ms) else { return local };
        let Some(turn) = self.zone.following(now).next() else { return local };
        let turn_ms = turn.timestamp().as_millisecond();
        // The wall clock just after the turn; before it, `back` earlier the clock showed it.
        let after = self.local(turn_ms);
        let back = self.local(turn_ms - 1) + 1 - after;
        if back > 0 && ms >= turn_ms - back {
            after - 1
        } else {
            local
        }
    }

    /// The moment the wall clock shows `local`: a time the zone skips (the hour daylight saving
    /// begins) moves on by the skip, and one it shows twice is the earlier, as Java's
    /// `LocalDateTime.atZone` reads them (and Flink's CAST to `TIMESTAMP_LTZ`).
    pub fn moment(&self, local: i64) -> i64 {
        self.moment_or_later(local, false)
    }

    /// [`moment`](Self::moment), or with `later` the later of two moments the wall clock shows
    /// twice, as Java's `SimpleDateFormat` (Flink's `UNIX_TIMESTAMP(text)`) reads them.
    pub fn moment_or_later(&self, local: i64, later: bool) -> i64 {
        if let Some(offset) = self.fixed {
            return local.checked_sub(offset).unwrap_or(local);
        }
        let Ok(utc) = jiff::Timestamp::from_millisecond(local) else { return local };
        let time = TimeZone::UTC.to_datetime(utc);
        let offset = match self.zone.to_ambiguous_timestamp(time).offset() {
            AmbiguousOffset::Unambiguous { offset } => offset,
            AmbiguousOffset::Fold { after, .. } if later => after,
            AmbiguousOffset::Gap { before, .. } | AmbiguousOffset::Fold { before, .. } => before,
        };
        local - i64::from(offset.seconds()) * 1000
    }
}

/// Moments (a `TIMESTAMP_LTZ` in `zone`) as the zone's wall clock (a `TIMESTAMP`), with
/// `to_local`; else a wall clock as the moments it shows, a `TIMESTAMP_LTZ` in `zone`.
pub fn wall_clock_column(
    times: &TimestampMillisecondArray,
    zone: &str,
    to_local: bool,
) -> Result<TimestampMillisecondArray, String> {
    let clock = WallClock::new(zone)?;
    Ok(if to_local {
        times.unary::<_, TimestampMillisecondType>(|ms| clock.local(ms))
    } else {
        times.unary::<_, TimestampMillisecondType>(|ms| clock.moment(ms)).with_timezone(zone)
    })
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
    fn a_wall_clock_reads_moments_and_gives_them_back() {
        let ms = |t: DateTime| TimeZone::UTC.to_timestamp(t).unwrap().as_millisecond();
        let shanghai = WallClock::new("Asia/Shanghai").unwrap();
        assert_eq!(shanghai.local(0), 8 * 3_600_000);
        assert_eq!(shanghai.moment(8 * 3_600_000), 0);
        let la = WallClock::new("America/Los_Angeles").unwrap();
        // 2023-11-05 01:30 is shown twice (PDT, then PST): the earlier is taken.
        assert_eq!(la.moment(ms(date(2023, 11, 5).at(1, 30, 0, 0))), ms(date(2023, 11, 5).at(8, 30, 0, 0)));
        assert_eq!(la.local(ms(date(2023, 11, 5).at(9, 30, 0, 0))), ms(date(2023, 11, 5).at(1, 30, 0, 0)));
        // 2023-03-12 02:30 is skipped: it reads as 03:30 PDT.
        assert_eq!(la.moment(ms(date(2023, 3, 12).at(2, 30, 0, 0))), ms(date(2023, 3, 12).at(10, 30, 0, 0)));
        // Through the first pass of the hour shown twice (01:00 to 02:00 PDT), the watermark
        // stays just before it; through the second (PST) it is the wall clock.
        let before_hour = ms(date(2023, 11, 5).at(0, 59, 59, 999_000_000));
        assert_eq!(la.watermark(ms(date(2023, 11, 5).at(7, 59, 59, 999_000_000))), before_hour);
        assert_eq!(la.watermark(ms(date(2023, 11, 5).at(8, 0, 0, 0))), before_hour);
        assert_eq!(la.watermark(ms(date(2023, 11, 5).at(8, 59, 59, 999_000_000))), before_hour);
        assert_eq!(la.watermark(ms(date(2023, 11, 5).at(9, 0, 0, 0))), ms(date(2023, 11, 5).at(1, 0, 0, 0)));
        assert_eq!(la.watermark(ms(date(2023, 11, 5).at(10, 0, 0, 0))), ms(date(2023, 11, 5).at(2, 0, 0, 0)));
        // Daylight saving's start skips an hour; the watermark goes on.
        assert_eq!(la.watermark(ms(date(2023, 3, 12).at(10, 0, 0, 0))), ms(date(2023, 3, 12).at(3, 0, 0, 0)));
        assert_eq!(la.watermark(ms(date(2023, 7, 1).at(12, 0, 0, 0))), ms(date(2023, 7, 1).at(5, 0, 0, 0)));
        // At the ends of the range, a fixed offset does not overflow: the moment is kept, as a
        // zone with changing offsets keeps one past jiff's years.
        let plus_eight = WallClock::new("GMT+08:00").unwrap();
        for clock in [&plus_eight, &shanghai] {
            assert_eq!(clock.local(i64::MAX), i64::MAX);
            assert_eq!(clock.moment(i64::MIN), i64::MIN);
        }
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
