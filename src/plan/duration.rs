//! Flink's durations, as its options (`SET`, a connector's `WITH`) are written.

/// A Flink duration (`5 s`, `500ms`, `1 min`, `2 h`, `10 µs`; a bare number is milliseconds) in
/// whole milliseconds, as Flink's `Duration.toMillis()` reads it (`500 µs` is 0 ms).
pub fn flink_duration_ms(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let number: u128 = text[..split].parse().ok()?;
    let nanos: u128 = match text[split..].trim().to_lowercase().as_str() {
        "ns" | "nano" | "nanos" | "nanosecond" | "nanoseconds" => 1,
        "µs" | "micro" | "micros" | "microsecond" | "microseconds" => 1_000,
        "" | "ms" | "milli" | "millis" | "millisecond" | "milliseconds" => 1_000_000,
        "s" | "sec" | "secs" | "second" | "seconds" => 1_000_000_000,
        "min" | "m" | "minute" | "minutes" => 60_000_000_000,
        "h" | "hour" | "hours" => 3_600_000_000_000,
        "d" | "day" | "days" => 86_400_000_000_000,
        _ => return None,
    };
    u64::try_from(number.checked_mul(nanos)? / 1_000_000).ok()
}

#[cfg(test)]
mod tests {
    use super::flink_duration_ms;

    /// Durations as Flink's TimeUtils reads them, in whole milliseconds.
    #[test]
    fn durations_read_as_flink_reads_them() {
        for (text, ms) in [("0", 0), ("0 ms", 0), ("0ns", 0), ("500 µs", 0), ("1500 micros", 1), ("250", 250)] {
            assert_eq!(flink_duration_ms(text), Some(ms), "{text}");
        }
        for (text, ms) in [("5 s", 5_000), ("2 min", 120_000), ("1 h", 3_600_000), ("1 d", 86_400_000)] {
            assert_eq!(flink_duration_ms(text), Some(ms), "{text}");
        }
        for text in ["", "s", "5 weeks", "-1 s", "1.5 s"] {
            assert_eq!(flink_duration_ms(text), None, "{text}");
        }
    }
}
