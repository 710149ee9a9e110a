//! Flink's `PRINTF(format, value, …)`: Java's `String.format` of the values as Flink hands them
//! over (its internal forms: a DATE is its day number, a TIMESTAMP prints as Java's
//! `LocalDateTime`, a DECIMAL only with `%s`). Where Java would throw (a value a conversion does
//! not take, a missing value, flags that do not go together) Flink's result is NULL, and so is
//! kdalite's.

use std::fmt::Write;
use std::sync::Arc;

use arrow_array::{ArrayRef, StringArray};

use crate::error::Result;
use crate::plan::ScalarValue;

pub(super) fn call(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let mut out = Vec::with_capacity(rows);
    let mut values = Vec::with_capacity(args.len());
    for row in 0..rows {
        values.clear();
        for a in &args[1..] {
            values.push(ScalarValue::try_from_array(a.as_ref(), row)?);
        }
        out.push(match ScalarValue::try_from_array(args[0].as_ref(), row)? {
            ScalarValue::Utf8(format) => printf(&format, &values),
            _ => None,
        });
    }
    Ok(Arc::new(StringArray::from(out)))
}

/// A conversion Java's Formatter has that kdalite does not: `%h` (a hash of Flink's internal
/// object), `%t` (dates of Java's types), `%a` (hexadecimal floats).
pub fn unsupported_conversion(format: &str) -> Option<char> {
    let mut rest = format;
    while let Some(at) = rest.find('%') {
        let (spec, after) = parse(&rest[at..])?;
        if matches!(spec.conversion, 'h' | 'H' | 't' | 'T' | 'a' | 'A') {
            return Some(spec.conversion);
        }
        rest = after;
    }
    None
}

/// One `%[index$][flags][width][.precision]conversion`.
struct Spec {
    /// `Some(n)` for `n$`, `Some(0)` for `<` (the previous value), `None` for the next.
    index: Option<usize>,
    flags: String,
    width: Option<usize>,
    precision: Option<usize>,
    conversion: char,
}

/// The specifier at the start of `text` (which starts with `%`), and the text after it.
fn parse(text: &str) -> Option<(Spec, &str)> {
    let bytes = text.as_bytes();
    let mut i = 1;
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < bytes.len() && bytes[*i].is_ascii_digit() {
            *i += 1;
        }
        text[start..*i].parse::<usize>().ok()
    };
    let mut index = None;
    let save = i;
    if let Some(n) = digits(&mut i) {
        if bytes.get(i) == Some(&b'$') {
            index = Some(n);
            i += 1;
        } else {
            i = save;
        }
    }
    let flags_start = i;
    while i < bytes.len() && b"-#+ 0,(<".contains(&bytes[i]) {
        i += 1;
    }
    let mut flags = text[flags_start..i].to_string();
    if flags.contains('<') {
        index = Some(0);
        flags.retain(|f| f != '<');
    }
    let width = digits(&mut i);
    let precision = if bytes.get(i) == Some(&b'.') {
        i += 1;
        Some(digits(&mut i)?)
    } else {
        None
    };
    let conversion = text[i..].chars().next()?;
    let conversion_end = i + conversion.len_utf8();
    // A date conversion is `%t` and a letter.
    let end = if matches!(conversion, 't' | 'T') { conversion_end + 1 } else { conversion_end };
    Some((Spec { index, flags, width, precision, conversion }, text.get(end..)?))
}

/// Java's `String.format(format, values…)`, or None where Java would throw.
fn printf(format: &str, values: &[ScalarValue]) -> Option<String> {
    let mut out = String::new();
    let mut rest = format;
    let (mut next, mut last) = (0usize, None::<usize>);
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let (spec, after) = parse(&rest[at..])?;
        rest = after;
        let text = match spec.conversion {
            '%' => {
                if spec.precision.is_some() || spec.flags.chars().any(|f| f != '-') {
                    return None;
                }
                "%".to_string()
            }
            'n' => {
                if spec.precision.is_some() || spec.width.is_some() || !spec.flags.is_empty() {
                    return None;
                }
                "\n".to_string()
            }
            _ => {
                let i = match spec.index {
                    Some(0) => last?,
                    Some(n) => n - 1,
                    None => {
                        next += 1;
                        next - 1
                    }
                };
                last = Some(i);
                convert(&spec, values.get(i)?)?
            }
        };
        out.push_str(&justify(&spec, text)?);
    }
    out.push_str(rest);
    Some(out)
}

/// The text padded to the width: on the left, or on the right with `-` (which needs a width).
fn justify(spec: &Spec, text: String) -> Option<String> {
    let left = spec.flags.contains('-');
    if left && spec.width.is_none() {
        return None;
    }
    let n = text.chars().count();
    let width = spec.width.unwrap_or(0);
    if n >= width {
        return Some(text);
    }
    let pad = " ".repeat(width - n);
    Some(if left { text + &pad } else { pad + &text })
}

fn convert(spec: &Spec, value: &ScalarValue) -> Option<String> {
    let flags = spec.flags.as_str();
    let has = |f: char| flags.contains(f);
    if (has('-') && has('0')) || (has('+') && has(' ')) || (has('0') && spec.width.is_none()) {
        return None;
    }
    let upper = spec.conversion.is_ascii_uppercase();
    let text = match spec.conversion.to_ascii_lowercase() {
        'b' | 's' | 'c' => {
            if flags.chars().any(|f| f != '-')
                || (spec.conversion.eq_ignore_ascii_case(&'c') && spec.precision.is_some())
            {
                return None;
            }
            let text = match (spec.conversion.to_ascii_lowercase(), value) {
                ('b', ScalarValue::Null) => "false".to_string(),
                ('b', ScalarValue::Boolean(b)) => b.to_string(),
                ('b', _) => "true".to_string(),
                (_, ScalarValue::Null) => "null".to_string(),
                ('c', v) => char::from_u32(u32::try_from(small_integer(v)?).ok()?)?.to_string(),
                (_, v) => java_text(v)?,
            };
            match spec.precision {
                Some(p) => text.chars().take(p).collect(),
                None => text,
            }
        }
        'd' | 'o' | 'x' if value.is_null() => "null".to_string(),
        'd' => {
            if spec.precision.is_some() || has('#') {
                return None;
            }
            let (v, _) = integer(value)?;
            number(spec, v < 0, &v.unsigned_abs().to_string(), "")
        }
        'o' | 'x' => {
            if spec.precision.is_some() || flags.chars().any(|f| "+ ,(".contains(f)) {
                return None;
            }
            let (v, bits) = integer(value)?;
            // A negative value as its type's two's complement.
            let v = if bits == 64 { v as u64 } else { (v as i128 + if v < 0 { 1i128 << bits } else { 0 }) as u64 };
            let (digits, prefix) = if spec.conversion.eq_ignore_ascii_case(&'o') {
                (format!("{v:o}"), if has('#') { "0" } else { "" })
            } else {
                (format!("{v:x}"), if has('#') { "0x" } else { "" })
            };
            let digits = format!("{prefix}{digits}");
            match spec.width.filter(|_| has('0')) {
                Some(w) if digits.len() < w => {
                    format!("{prefix}{}{}", "0".repeat(w - digits.len()), &digits[prefix.len()..])
                }
                _ => digits,
            }
        }
        'e' | 'f' | 'g' if value.is_null() => "null".to_string(),
        'e' | 'f' | 'g' => {
            let x = match value {
                ScalarValue::Float64(x) => *x,
                ScalarValue::Float32(x) => f64::from(*x),
                _ => return None,
            };
            floating(spec, x)?
        }
        _ => return None,
    };
    Some(if upper { text.to_uppercase() } else { text })
}

/// A value as Java's `String.valueOf` writes Flink's internal form of it.
fn java_text(v: &ScalarValue) -> Option<String> {
    Some(match v {
        ScalarValue::Utf8(s) => s.clone(),
        ScalarValue::Boolean(b) => b.to_string(),
        ScalarValue::Float64(x) => crate::exec::cast::java_double(*x),
        ScalarValue::Float32(x) => crate::exec::cast::java_double(*x),
        ScalarValue::Decimal128(..) => v.to_text(),
        // LocalDateTime's toString: seconds only when there are any, milliseconds likewise.
        ScalarValue::TimestampMs(ms) => {
            let t = chrono::DateTime::from_timestamp_millis(*ms)?.naive_utc();
            let format = match ms.rem_euclid(60_000) {
                0 => "%Y-%m-%dT%H:%M",
                s if s % 1000 == 0 => "%Y-%m-%dT%H:%M:%S",
                _ => "%Y-%m-%dT%H:%M:%S%.3f",
            };
            t.format(format).to_string()
        }
        other => integer(other)?.0.to_string(),
    })
}

/// An integer value and its width in bits; a DATE is its day number, a TIME its milliseconds
/// and an interval its months or milliseconds, as Flink hands them over.
fn integer(v: &ScalarValue) -> Option<(i64, u32)> {
    Some(match v {
        ScalarValue::Int8(x) => (*x as i64, 8),
        ScalarValue::Int16(x) => (*x as i64, 16),
        ScalarValue::Int32(x) | ScalarValue::Date32(x) | ScalarValue::Time32Ms(x) => (*x as i64, 32),
        ScalarValue::Int64(x) => (*x, 64),
        ScalarValue::Interval(x, q) => (*x, if q.is_year_month() { 32 } else { 64 }),
        _ => return None,
    })
}

/// `%c` takes a code point of at most 32 bits (Java refuses a long).
fn small_integer(v: &ScalarValue) -> Option<i64> {
    integer(v).filter(|(_, bits)| *bits <= 32).map(|(v, _)| v)
}

/// A number's digits with its sign, grouping, zero padding and parentheses, as the flags say.
fn number(spec: &Spec, negative: bool, digits: &str, suffix: &str) -> String {
    let has = |f: char| spec.flags.contains(f);
    let digits = if has(',') { grouped(digits) } else { digits.to_string() };
    let (prefix, close) = match (negative, has('('), has('+'), has(' ')) {
        (true, true, _, _) => ("(", ")"),
        (true, false, _, _) => ("-", ""),
        (false, _, true, _) => ("+", ""),
        (false, _, _, true) => (" ", ""),
        _ => ("", ""),
    };
    let body = format!("{digits}{suffix}");
    let used = prefix.len() + body.chars().count() + close.len();
    let zeros = match spec.width.filter(|_| has('0')) {
        Some(w) if used < w => "0".repeat(w - used),
        _ => String::new(),
    };
    format!("{prefix}{zeros}{body}{close}")
}

/// `1234567.89` as `1,234,567.89`.
fn grouped(digits: &str) -> String {
    let (int, frac) = digits.split_at(digits.find('.').unwrap_or(digits.len()));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out + frac
}

/// `%e`, `%f` and `%g` of a double, as Java's Formatter: the shortest digits that read back as
/// it, rounded half up.
fn floating(spec: &Spec, x: f64) -> Option<String> {
    let has = |f: char| spec.flags.contains(f);
    let kind = spec.conversion.to_ascii_lowercase();
    if (kind == 'e' && has(',')) || (kind == 'g' && has('#')) {
        return None;
    }
    if !x.is_finite() {
        let text = if x.is_nan() { "NaN" } else { "Infinity" };
        let spec = Spec { flags: spec.flags.replace('0', ""), ..*spec };
        return Some(number(&spec, x.is_sign_negative() && !x.is_nan(), text, ""));
    }
    let (digits, exponent) = decimal_digits(x.abs());
    let precision = spec.precision.unwrap_or(6);
    let (body, suffix) = match kind {
        'f' => (fixed(&digits, exponent, precision, has('#')), String::new()),
        'e' => scientific(&digits, exponent, precision, has('#')),
        _ => {
            let precision = precision.max(1);
            // Rounded to `precision` significant digits first, then judged by its size.
            let (rounded, e) = round(&digits, exponent, precision as i32);
            let magnitude = if rounded.iter().all(|&d| d == 0) { 0 } else { e };
            if x == 0.0 || ((-4)..(precision as i32)).contains(&magnitude) {
                let decimals = (precision as i32 - magnitude - 1).max(0) as usize;
                (fixed(&digits, exponent, decimals, false), String::new())
            } else {
                scientific(&digits, exponent, precision - 1, false)
            }
        }
    };
    Some(number(spec, x.is_sign_negative(), &body, &suffix))
}

/// The shortest decimal digits of `x` (at least one) and the exponent of the first: `1234.5` is
/// `[1, 2, 3, 4, 5]` and 3.
fn decimal_digits(x: f64) -> (Vec<u8>, i32) {
    let text = format!("{x:e}");
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let digits = mantissa.bytes().filter(u8::is_ascii_digit).map(|d| d - b'0').collect();
    (digits, exponent.parse().unwrap_or(0))
}

/// `digits` (the first at 10^exponent) rounded half up to `keep` significant digits; the
/// exponent grows when 9s carry over.
fn round(digits: &[u8], exponent: i32, keep: i32) -> (Vec<u8>, i32) {
    if keep < 0 {
        return (vec![0], exponent);
    }
    let keep = keep as usize;
    if digits.len() <= keep {
        let mut out = digits.to_vec();
        out.resize(keep.max(1), 0);
        return (out, exponent);
    }
    let mut out = digits[..keep].to_vec();
    if digits[keep] >= 5 {
        let mut i = keep;
        loop {
            if i == 0 {
                out.insert(0, 1);
                out.pop();
                return (if out.is_empty() { vec![1] } else { out }, exponent + 1);
            }
            i -= 1;
            if out[i] == 9 {
                out[i] = 0;
            } else {
                out[i] += 1;
                break;
            }
        }
    }
    if out.is_empty() {
        out.push(0);
    }
    (out, exponent)
}

/// Plain notation with `decimals` digits after the point.
fn fixed(digits: &[u8], exponent: i32, decimals: usize, point: bool) -> String {
    // The digits from 10^max(exponent, 0) down to 10^-decimals.
    let keep = exponent + 1 + decimals as i32;
    let (rounded, e) = if keep <= 0 {
        // Below the last decimal: rounds to 0, or up to one unit of it.
        let up = keep == 0 && digits.first().is_some_and(|&d| d >= 5);
        (vec![u8::from(up)], -(decimals as i32))
    } else {
        round(digits, exponent, keep)
    };
    let mut text = String::new();
    let first = e.max(0);
    for p in (-(decimals as i32)..=first).rev() {
        let i = e - p;
        let d = if i >= 0 { rounded.get(i as usize).copied().unwrap_or(0) } else { 0 };
        text.push((b'0' + d) as char);
        if p == 0 && (decimals > 0 || point) {
            text.push('.');
        }
    }
    text
}

/// Scientific notation: one digit, the point and `decimals` more, then `e+XX`.
fn scientific(digits: &[u8], exponent: i32, decimals: usize, point: bool) -> (String, String) {
    let (rounded, e) = round(digits, exponent, decimals as i32 + 1);
    let zero = digits.iter().all(|&d| d == 0);
    let e = if zero { 0 } else { e };
    let mut text = String::new();
    for (i, d) in rounded.iter().enumerate() {
        text.push((b'0' + d) as char);
        if i == 0 && (decimals > 0 || point) {
            text.push('.');
        }
    }
    let mut suffix = String::new();
    let _ = write!(suffix, "e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    (text, suffix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ScalarValue as V;

    fn f(format: &str, values: &[ScalarValue]) -> Option<String> {
        printf(format, values)
    }

    /// What Flink 2.3 printed for each (PRINTF in a SELECT of literals; 3.14259, which clippy
    /// would not take for a misspelt π, where Flink was given 3.14159).
    #[test]
    fn formats_as_java_does() {
        let d = V::Float64;
        assert_eq!(f("%d apples and %s", &[V::Int32(3), V::Utf8("pears".into())]).unwrap(), "3 apples and pears");
        let mixed = [d(3.14259), V::Utf8("ab".into()), V::Int32(42), V::Int32(255)];
        assert_eq!(f("%5.2f|%-5s|%05d|%x|%%", &mixed).unwrap(), " 3.14|ab   |00042|ff|%");
        let e = [d(12345.678), d(0.000123), d(1.0), d(12345.678), d(0.000123), d(1234567.0)];
        assert_eq!(
            f("%e|%E|%10.3e|%g|%G|%.3g", &e).unwrap(),
            "1.234568e+04|1.230000E-04| 1.000e+00|12345.7|0.000123000|1.23e+06"
        );
        assert_eq!(f("%g|%g|%g", &[d(0.0001), d(100000.0), d(1000000.0)]).unwrap(), "0.000100000|100000|1.00000e+06");
        let b = [V::Boolean(true), V::Null, V::Utf8("x".into()), V::Boolean(false)];
        assert_eq!(f("%b|%b|%b|%B", &b).unwrap(), "true|false|true|FALSE");
        assert_eq!(f("%c", &[V::Int32(65)]).unwrap(), "A");
        assert_eq!(f("%c", &[V::Utf8("x".into())]), None);
        let s = V::Utf8("abc".into());
        assert_eq!(
            f("%S|%10s|%-10s|%.2s", &[s.clone(), s.clone(), s.clone(), s]).unwrap(),
            "ABC|       abc|abc       |ab"
        );
        assert_eq!(
            f("%x|%X|%o", &[V::Int32(-1), V::Int64(-1), V::Int32(-8)]).unwrap(),
            "ffffffff|FFFFFFFFFFFFFFFF|37777777770"
        );
        assert_eq!(f("%(d|% d|%(,.2f", &[V::Int32(-5), V::Int32(5), d(-1234.5)]).unwrap(), "(5)| 5|(1,234.50)");
        assert_eq!(f("%s", &[V::Date32(19724)]).unwrap(), "19724");
        assert_eq!(f("%s", &[V::TimestampMs(1_704_164_645_000)]).unwrap(), "2024-01-02T03:04:05");
        assert_eq!(f("%s", &[V::Decimal128(150, 10, 2)]).unwrap(), "1.50");
        assert_eq!(f("%f", &[V::Decimal128(15, 2, 1)]), None);
        assert_eq!(f("%d", &[d(1.5)]), None);
        assert_eq!(f("%s %s", &[V::Utf8("a".into())]), None);
        assert_eq!(f("%-05d", &[V::Int32(1)]), None);
        assert_eq!(f("%q", &[V::Int32(1)]), None);
        assert_eq!(f("%n", &[]).unwrap(), "\n");
        assert_eq!(f("abc", &[]).unwrap(), "abc");
        assert_eq!(f("%s %<s", &[V::Utf8("x".into())]).unwrap(), "x x");
        assert_eq!(f("%2$s %1$s", &[V::Utf8("a".into()), V::Utf8("b".into())]).unwrap(), "b a");
        assert_eq!(f("%.1f", &[d(0.25)]).unwrap(), "0.3");
        assert_eq!(f("%.1f|%.0f|%.0f", &[d(0.35), d(2.5), d(0.5)]).unwrap(), "0.4|3|1");
        assert_eq!(f("%10.4f|%-10.1e|", &[d(-3.14259), d(-314.259)]).unwrap(), "   -3.1426|-3.1e+02  |");
        assert_eq!(
            f("%f|%e|%g", &[d(f64::NAN), d(f64::INFINITY), d(f64::NEG_INFINITY)]).unwrap(),
            "NaN|Infinity|-Infinity"
        );
        assert_eq!(f("%s|%d|%f", &[V::Null, V::Null, V::Null]).unwrap(), "null|null|null");
        assert_eq!(f("%.3s|%5b", &[V::Null, V::Boolean(true)]).unwrap(), "nul| true");
        assert_eq!(f("%,.3f|%,d", &[d(1234567.891), V::Int32(-1234)]).unwrap(), "1,234,567.891|-1,234");
        assert_eq!(f("%08X|%#x|%#o", &[V::Int32(255), V::Int32(255), V::Int32(8)]).unwrap(), "000000FF|0xff|010");
        assert_eq!(f("%e", &[d(0.0)]).unwrap(), "0.000000e+00");
        assert_eq!(f("%g", &[d(0.0)]).unwrap(), "0.00000");
        assert_eq!(f("%.0e|%.0g", &[d(15.0), d(15.0)]).unwrap(), "2e+01|2e+01");
        assert_eq!(f("%08.3f", &[d(-3.5)]).unwrap(), "-003.500");
        assert_eq!(f("%+d", &[V::Int32(5)]).unwrap(), "+5");
    }

    #[test]
    fn rounding_carries_over() {
        let d = V::Float64;
        assert_eq!(
            f("%.2f|%.1e|%.2f|%.3f", &[d(9.999), d(9.96), d(0.004), d(0.0005)]).unwrap(),
            "10.00|1.0e+01|0.00|0.001"
        );
    }
}
