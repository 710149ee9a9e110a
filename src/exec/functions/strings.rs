//! Flink's tests and conversions of a text ([`TextOp`]), `ELT` and `REGEXP_EXTRACT_ALL`, row by
//! row; what each gives was checked on Flink 2.3.

use std::sync::Arc;

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{Array, ArrayRef, BooleanArray, Int32Array};

use super::text::{build, ints, texts, with_regex};
use crate::error::{Error, Result};
use crate::plan::functions::TextOp;

pub(super) fn call(op: TextOp, args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let text = |i: usize, row: usize| {
        let a = texts(&args[i]);
        a.is_valid(row).then(|| a.value(row))
    };
    let int = |row: usize| {
        let a = ints(&args[0]);
        a.is_valid(row).then(|| a.value(row))
    };
    // A test that is FALSE for NULL, as Flink's IS_ALPHA and its kin are.
    let test = |f: fn(&str) -> bool| -> ArrayRef {
        Arc::new((0..rows).map(|i| Some(text(0, i).is_some_and(|s| !s.is_empty() && f(s)))).collect::<BooleanArray>())
    };
    Ok(match op {
        TextOp::Bin => build(rows, |i, out| Ok(int(i).map(|n| out.push_str(&format!("{n:b}"))).is_some()))?,
        TextOp::HexInteger => build(rows, |i, out| Ok(int(i).map(|n| out.push_str(&format!("{n:X}"))).is_some()))?,
        TextOp::HexText => build(rows, |i, out| {
            let Some(s) = text(0, i) else { return Ok(false) };
            s.bytes().for_each(|b| out.push_str(&format!("{b:02X}")));
            Ok(true)
        })?,
        TextOp::IsAlpha => test(|s| s.chars().all(char::is_alphabetic)),
        TextOp::IsDigit => test(|s| s.chars().all(char::is_numeric)),
        TextOp::IsDecimal => test(is_decimal),
        TextOp::UrlDecode => {
            build(rows, |i, out| Ok(text(0, i).and_then(url_decode).map(|d| out.push_str(&d)).is_some()))?
        }
        TextOp::UrlEncode => build(rows, |i, out| {
            let Some(s) = text(0, i) else { return Ok(false) };
            url_encode(s, out);
            Ok(true)
        })?,
        TextOp::JsonQuote => build(rows, |i, out| {
            let Some(s) = text(0, i) else { return Ok(false) };
            json_quote(s, out);
            Ok(true)
        })?,
        // A JSON string literal, exactly (no space around it), gives its text.
        TextOp::JsonUnquote => build(rows, |i, out| {
            let Some(s) = text(0, i) else { return Ok(false) };
            let literal = (s.len() >= 2 && s.starts_with('"') && s.ends_with('"'))
                .then(|| serde_json::from_str::<String>(s).ok())
                .flatten();
            out.push_str(literal.as_deref().unwrap_or(s));
            Ok(true)
        })?,
        TextOp::Translate => build(rows, |i, out| {
            // A NULL `from` or `to` is '' (Flink's replaceChars): no `to` removes `from`'s characters.
            let Some(s) = text(0, i) else { return Ok(false) };
            let (from, to) = (text(1, i).unwrap_or(""), text(2, i).unwrap_or(""));
            let to: Vec<char> = to.chars().collect();
            for c in s.chars() {
                match from.chars().position(|f| f == c) {
                    Some(at) => out.extend(to.get(at)),
                    None => out.push(c),
                }
            }
            Ok(true)
        })?,
        TextOp::Btrim => build(rows, |i, out| {
            let (Some(s), Some(chars)) = (text(0, i), text(1, i)) else { return Ok(false) };
            out.push_str(s.trim_matches(|c| chars.contains(c)));
            Ok(true)
        })?,
        TextOp::StartsWith | TextOp::EndsWith => Arc::new(
            (0..rows)
                .map(|i| {
                    let (s, affix) = (text(0, i)?, text(1, i)?);
                    Some(if op == TextOp::StartsWith { s.starts_with(affix) } else { s.ends_with(affix) })
                })
                .collect::<BooleanArray>(),
        ),
        TextOp::RegexpCount | TextOp::RegexpInstr => {
            let mut out = Vec::with_capacity(rows);
            for i in 0..rows {
                let (Some(s), Some(pattern)) = (text(0, i), text(1, i)) else {
                    out.push(None);
                    continue;
                };
                out.push(Some(with_regex(pattern, |re| match op {
                    TextOp::RegexpCount => java_count(re, s),
                    _ => re.find(s).map_or(0, |m| s[..m.start()].chars().count() as i32 + 1),
                })?));
            }
            Arc::new(Int32Array::from(out))
        }
        TextOp::RegexpSubstr => build(rows, |i, out| {
            let (Some(s), Some(pattern)) = (text(0, i), text(1, i)) else { return Ok(false) };
            with_regex(pattern, |re| re.find(s).map(|m| out.push_str(m.as_str())).is_some())
        })?,
    })
}

/// How many times `re` matches `s` as Java's `Matcher.find` counts: an empty match right
/// after a match counts too (`a*` matches 'aaa' twice), where Rust's iterator skips it.
fn java_count(re: &regex::Regex, s: &str) -> i32 {
    let (mut count, mut at) = (0, 0);
    while at <= s.len() {
        let Some(m) = re.find_at(s, at) else { break };
        count += 1;
        at = if m.is_empty() { m.end() + s[m.end()..].chars().next().map_or(1, char::len_utf8) } else { m.end() };
    }
    count
}

/// Whether `s` reads as a number, as Flink's IS_DECIMAL has it (Java's `Double.parseDouble`):
/// around spaces, a sign, digits with a point and an exponent, or NaN or Infinity, and an
/// optional `d` or `f` after (`12.5`, ` -1`, `1e3`, `.5`, `1.`, `1d`).
fn is_decimal(s: &str) -> bool {
    let s = s.trim_matches(|c: char| c <= ' ');
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    if s == "NaN" || s == "Infinity" {
        return true;
    }
    let s = s.strip_suffix(['d', 'D', 'f', 'F']).unwrap_or(s);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (mantissa, exponent) = match s.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['+', '-']).unwrap_or(e))),
        None => (s, None),
    };
    let mantissa = match mantissa.split_once('.') {
        Some((whole, fraction)) => {
            (whole.is_empty() || digits(whole)) && (fraction.is_empty() || digits(fraction)) && mantissa != "."
        }
        None => digits(mantissa),
    };
    mantissa && exponent.is_none_or(digits)
}

/// `+` and `%XX` decoded, the bytes read as UTF-8 (as Java's URLDecoder); None for a `%` not
/// followed by two hex digits.
fn url_decode(s: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(s.len());
    let mut rest = s.bytes();
    while let Some(b) = rest.next() {
        bytes.push(match b {
            b'+' => b' ',
            b'%' => {
                let hex = [rest.next()?, rest.next()?];
                u8::from_str_radix(std::str::from_utf8(&hex).ok()?, 16).ok()?
            }
            b => b,
        });
    }
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// As Java's URLEncoder: letters, digits and `.-*_` kept, a space `+`, every other byte of the
/// UTF-8 `%XX`.
/// `JSON_QUOTE`, as Flink 2.3's: `"`, `\`, `/` and the control characters JSON names escaped,
/// the other ASCII characters as they are, and each UTF-16 unit past ASCII as `\u` and the
/// code point read from there in hex (so a character past the BMP is its code point, then its
/// low surrogate: Flink's reading of it).
fn json_quote(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' => out.push_str("\\/"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_ascii() => out.push(c),
            c => {
                out.push_str(&format!("\\u{:04x}", c as u32));
                if let [_, low] = c.encode_utf16(&mut [0; 2]) {
                    out.push_str(&format!("\\u{:04x}", low));
                }
            }
        }
    }
    out.push('"');
}

fn url_encode(s: &str, out: &mut String) {
    for b in s.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'*' | b'_' => out.push(b as char),
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
}

/// `ELT(n, value, …)`: row by row the n-th value; NULL when n is NULL or out of range.
pub(super) fn elt(args: &[ArrayRef], data_type: &arrow_schema::DataType, rows: usize) -> Result<ArrayRef> {
    let n = ints(&args[0]);
    let nulls = arrow_array::new_null_array(data_type, 1);
    let mut sources: Vec<&dyn Array> = args[1..].iter().map(|a| a.as_ref()).collect();
    sources.push(nulls.as_ref());
    let none = (sources.len() - 1, 0);
    let picks: Vec<(usize, usize)> = (0..rows)
        .map(|i| match n.is_valid(i).then(|| n.value(i)) {
            Some(k) if k >= 1 && (k as usize) < sources.len() => (k as usize - 1, i),
            _ => none,
        })
        .collect();
    Ok(arrow_select::interleave::interleave(&sources, &picks)?)
}

/// `REGEXP_EXTRACT_ALL(s, regex, group)`: each match's group, as an array (empty when nothing
/// matches); NULL when the regex has no such group, as Flink gives it.
pub(super) fn regexp_extract_all(
    args: &[ArrayRef],
    data_type: &arrow_schema::DataType,
    rows: usize,
) -> Result<ArrayRef> {
    let (s, pattern, group) = (texts(&args[0]), texts(&args[1]), ints(&args[2]));
    let arrow_schema::DataType::List(field) = data_type else {
        return Err(Error::Internal(format!("REGEXP_EXTRACT_ALL typed {data_type}")));
    };
    let mut out = ListBuilder::new(StringBuilder::new()).with_field(field.clone());
    for i in 0..rows {
        if s.is_null(i) || pattern.is_null(i) || group.is_null(i) {
            out.append(false);
            continue;
        }
        let (text, group) = (s.value(i), group.value(i));
        let found = with_regex(pattern.value(i), |re| {
            if group < 0 || group as usize >= re.captures_len() {
                return false;
            }
            for captures in re.captures_iter(text) {
                out.values().append_option(captures.get(group as usize).map(|m| m.as_str()));
            }
            true
        })?;
        out.append(found);
    }
    Ok(Arc::new(out.finish()))
}
