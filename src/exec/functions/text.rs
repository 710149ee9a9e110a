//! Text functions, row by row over Utf8 columns. Positions are 1-based and count characters,
//! not bytes.

use std::cell::RefCell;
use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_array::{Array, ArrayRef, Int32Array, Int64Array, StringArray};

use crate::error::{Error, Result};
use crate::plan::{DigestKind, TrimSide};

pub(super) fn texts(a: &ArrayRef) -> &StringArray {
    a.as_string::<i32>()
}

pub(super) fn ints(a: &ArrayRef) -> &Int64Array {
    a.as_primitive::<Int64Type>()
}

fn value(a: &StringArray, i: usize) -> Option<&str> {
    a.is_valid(i).then(|| a.value(i))
}

fn int(a: &Int64Array, i: usize) -> Option<i64> {
    a.is_valid(i).then(|| a.value(i))
}

/// A text column computed row by row: `f` writes row `i`'s value into the buffer and says
/// whether there is one (`false` is NULL).
pub(super) fn build(rows: usize, mut f: impl FnMut(usize, &mut String) -> Result<bool>) -> Result<ArrayRef> {
    let mut out = StringBuilder::with_capacity(rows, rows * 8);
    let mut buffer = String::new();
    for i in 0..rows {
        buffer.clear();
        if f(i, &mut buffer)? {
            out.append_value(&buffer);
        } else {
            out.append_null();
        }
    }
    Ok(Arc::new(out.finish()))
}

/// The characters of `s` from 0-based character index `from`, `count` of them (all when None).
fn chars_range(s: &str, from: usize, count: Option<usize>, out: &mut String) {
    let rest = s.chars().skip(from);
    match count {
        Some(n) => out.extend(rest.take(n)),
        None => out.extend(rest),
    }
}

/// SQL's `SUBSTRING(s FROM start [FOR length])`: the characters at positions `start` to
/// `start + length - 1` that exist; a negative length is an error. With `null_past_end` (KDA's
/// `SUBSTRING(s, start, length)`), a start past the end gives NULL instead of ''.
pub(super) fn substring(null_past_end: bool, args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let (s, start) = (texts(&args[0]), ints(&args[1]));
    let length = args.get(2).map(ints);
    build(rows, |i, out| {
        let (Some(s), Some(start)) = (value(s, i), int(start, i)) else { return Ok(false) };
        if null_past_end && start > s.chars().count() as i64 {
            return Ok(false);
        }
        let end = match length {
            None => None,
            Some(l) => match int(l, i) {
                None => return Ok(false),
                Some(n) if n < 0 => {
                    return Err(Error::Execution(format!("SUBSTRING's length is negative ({n})")));
                }
                Some(n) => Some(start.saturating_add(n)),
            },
        };
        let from = start.max(1);
        let count = end.map(|e| (e - from).max(0) as usize);
        chars_range(s, (from - 1) as usize, count, out);
        Ok(true)
    })
}

/// Flink's `SUBSTR(s, start [, length])` (and Flink's SUBSTRING): a start of 0 is 1, a
/// negative start counts from the end; a negative length gives NULL.
pub(super) fn substr(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let (s, start) = (texts(&args[0]), ints(&args[1]));
    let length = args.get(2).map(ints);
    build(rows, |i, out| {
        let (Some(s), Some(start)) = (value(s, i), int(start, i)) else { return Ok(false) };
        let count = match length.map(|l| int(l, i)) {
            None => None,
            Some(None) => return Ok(false),
            Some(Some(n)) if n < 0 => return Ok(false),
            Some(Some(n)) => Some(n as usize),
        };
        let len = s.chars().count() as i64;
        let from = match start {
            0 => 0,
            p if p > 0 => p - 1,
            p => len + p,
        };
        if from < 0 || from >= len {
            return Ok(true);
        }
        chars_range(s, from as usize, count, out);
        Ok(true)
    })
}

/// `POSITION(needle IN s)`: the 1-based character position of the first occurrence, 0 when
/// there is none, 1 for an empty needle.
pub(super) fn position(args: &[ArrayRef]) -> ArrayRef {
    let (needle, s) = (texts(&args[0]), texts(&args[1]));
    let found: Int32Array = needle
        .iter()
        .zip(s.iter())
        .map(|(n, s)| {
            let (n, s) = (n?, s?);
            Some(s.find(n).map_or(0, |byte| s[..byte].chars().count() as i32 + 1))
        })
        .collect();
    Arc::new(found)
}

/// `OVERLAY(s PLACING r FROM start [FOR length])`: `s` with `length` characters (the
/// replacement's length by default) from `start` replaced by `r`.
pub(super) fn overlay(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let (s, r, start) = (texts(&args[0]), texts(&args[1]), ints(&args[2]));
    let length = args.get(3).map(ints);
    build(rows, |i, out| {
        let (Some(s), Some(r), Some(start)) = (value(s, i), value(r, i), int(start, i)) else { return Ok(false) };
        let length = match length.map(|l| int(l, i)) {
            None => r.chars().count() as i64,
            Some(None) => return Ok(false),
            Some(Some(n)) => n,
        };
        if length < 0 {
            return Err(Error::Execution(format!("OVERLAY's length is negative ({length})")));
        }
        // A start below 1 puts the replacement first and overlays from the string's start
        // what is left of the length, as KDA's examples show (FROM -2 gives 'foo12345').
        chars_range(s, 0, Some((start - 1).max(0) as usize), out);
        out.push_str(r);
        chars_range(s, (start - 1 + length).max(0) as usize, None, out);
        Ok(true)
    })
}

/// `TRIM(side chars FROM s)`: every character of `chars` removed from the chosen ends.
pub(super) fn trim(side: TrimSide, args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let (s, chars) = (texts(&args[0]), texts(&args[1]));
    build(rows, |i, out| {
        let (Some(s), Some(chars)) = (value(s, i), value(chars, i)) else { return Ok(false) };
        let strip = |c: char| chars.contains(c);
        out.push_str(match side {
            TrimSide::Both => s.trim_matches(strip),
            TrimSide::Leading => s.trim_start_matches(strip),
            TrimSide::Trailing => s.trim_end_matches(strip),
        });
        Ok(true)
    })
}

/// `INITCAP(s)`: the first letter of each word in upper case and the others in lower case;
/// words are runs of letters and digits.
pub(super) fn initcap(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let s = texts(&args[0]);
    build(rows, |i, out| {
        let Some(s) = value(s, i) else { return Ok(false) };
        let mut word_start = true;
        for c in s.chars() {
            if c.is_alphanumeric() {
                if word_start {
                    out.extend(c.to_uppercase());
                } else {
                    out.extend(c.to_lowercase());
                }
                word_start = false;
            } else {
                out.push(c);
                word_start = true;
            }
        }
        Ok(true)
    })
}

/// `CONCAT(a, …)`: NULL when any argument is NULL.
pub(super) fn concat(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let parts: Vec<&StringArray> = args.iter().map(texts).collect();
    build(rows, |i, out| {
        for p in &parts {
            match value(p, i) {
                Some(v) => out.push_str(v),
                None => return Ok(false),
            }
        }
        Ok(true)
    })
}

/// `CONCAT_WS(separator, a, …)`: NULL arguments skipped; NULL when the separator is.
pub(super) fn concat_ws(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let separator = texts(&args[0]);
    let parts: Vec<&StringArray> = args[1..].iter().map(texts).collect();
    build(rows, |i, out| {
        let Some(sep) = value(separator, i) else { return Ok(false) };
        let mut first = true;
        for v in parts.iter().filter_map(|p| value(p, i)) {
            if !first {
                out.push_str(sep);
            }
            out.push_str(v);
            first = false;
        }
        Ok(true)
    })
}

/// `REPLACE(s, search, replacement)`.
pub(super) fn replace(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let (s, from, to) = (texts(&args[0]), texts(&args[1]), texts(&args[2]));
    build(rows, |i, out| {
        let (Some(s), Some(from), Some(to)) = (value(s, i), value(from, i), value(to, i)) else { return Ok(false) };
        if from.is_empty() {
            out.push_str(s);
        } else {
            out.push_str(&s.replace(from, to));
        }
        Ok(true)
    })
}

/// `LPAD(s, length, pad)` / `RPAD`: `s` cut or padded with repeats of `pad` to `length`
/// characters; NULL for a negative length, or an empty pad that would have to pad.
pub(super) fn pad(left: bool, args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let (s, length, pad) = (texts(&args[0]), ints(&args[1]), texts(&args[2]));
    build(rows, |i, out| {
        let (Some(s), Some(length), Some(pad)) = (value(s, i), int(length, i), value(pad, i)) else {
            return Ok(false);
        };
        if length < 0 {
            return Ok(false);
        }
        let (length, have) = (length as usize, s.chars().count());
        if have >= length {
            chars_range(s, 0, Some(length), out);
            return Ok(true);
        }
        if pad.is_empty() {
            return Ok(false);
        }
        let filler = pad.chars().cycle().take(length - have);
        if left {
            out.extend(filler);
            out.push_str(s);
        } else {
            out.push_str(s);
            out.extend(filler);
        }
        Ok(true)
    })
}

/// `REPEAT(s, n)`: empty for n < 1.
pub(super) fn repeat(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let (s, n) = (texts(&args[0]), ints(&args[1]));
    build(rows, |i, out| {
        let (Some(s), Some(n)) = (value(s, i), int(n, i)) else { return Ok(false) };
        let n = n.max(0) as usize;
        if s.len().saturating_mul(n) > 1 << 24 {
            return Err(Error::Execution(format!("REPEAT would make a text of {} bytes", s.len().saturating_mul(n))));
        }
        out.push_str(&s.repeat(n));
        Ok(true)
    })
}

/// Flink's `LEFT(s, n)` and `RIGHT(s, n)`: the first or last `n` characters, '' for `n` < 0.
pub(super) fn side(left: bool, args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let (s, n) = (texts(&args[0]), ints(&args[1]));
    build(rows, |i, out| {
        let (Some(s), Some(n)) = (value(s, i), int(n, i)) else { return Ok(false) };
        let n = n.max(0) as usize;
        let skip = if left { 0 } else { s.chars().count().saturating_sub(n) };
        chars_range(s, skip, Some(n), out);
        Ok(true)
    })
}

/// Flink's `REVERSE(s)`: the characters in reverse order.
pub(super) fn reverse(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let s = texts(&args[0]);
    build(rows, |i, out| {
        let Some(s) = value(s, i) else { return Ok(false) };
        out.extend(s.chars().rev());
        Ok(true)
    })
}

/// Flink's `CHR(n)`: the character of code `n` modulo 256; NULL for a negative `n`.
pub(super) fn chr(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let n = ints(&args[0]);
    build(rows, |i, out| {
        let Some(n) = int(n, i).filter(|n| *n >= 0) else { return Ok(false) };
        out.push(char::from((n % 256) as u8));
        Ok(true)
    })
}

/// Flink's `LOCATE(needle, s, start)`: the 1-based character position of `needle` in `s` at or
/// after character `start`; 0 when absent (or `start` is below 1).
pub(super) fn locate(args: &[ArrayRef]) -> ArrayRef {
    let (needle, s, start) = (texts(&args[0]), texts(&args[1]), ints(&args[2]));
    let found: Int32Array = (0..s.len())
        .map(|i| {
            let (needle, s, start) = (value(needle, i)?, value(s, i)?, int(start, i)?);
            let from = (start >= 1).then(|| s.char_indices().nth(start as usize - 1)).flatten();
            let at = from.and_then(|(from, _)| s[from..].find(needle).map(|b| s[..from + b].chars().count() + 1));
            Some(at.map_or(0, |p| p as i32))
        })
        .collect();
    Arc::new(found)
}

/// A URL's parts as Java's `java.net.URL` reads `protocol://authority/path?query#ref` (what
/// Flink's PARSE_URL calls); `None` for text that is not such a URL of a protocol Java knows.
struct Url<'a> {
    protocol: &'a str,
    authority: &'a str,
    path: &'a str,
    query: Option<&'a str>,
    reference: Option<&'a str>,
}

impl<'a> Url<'a> {
    fn read(text: &'a str) -> Option<Url<'a>> {
        let (protocol, rest) = text.split_once("://")?;
        if !["http", "https", "ftp", "file", "jar"].iter().any(|p| p.eq_ignore_ascii_case(protocol)) {
            return None;
        }
        let (rest, reference) = match rest.split_once('#') {
            Some((r, f)) => (r, Some(f)),
            None => (rest, None),
        };
        let (rest, query) = match rest.split_once('?') {
            Some((r, q)) => (r, Some(q)),
            None => (rest, None),
        };
        let (authority, path) = rest.find('/').map_or((rest, ""), |at| rest.split_at(at));
        Some(Url { protocol, authority, path, query, reference })
    }

    fn user_info(&self) -> Option<&'a str> {
        self.authority.rsplit_once('@').map(|(user, _)| user)
    }

    fn host(&self) -> &'a str {
        let host_port = self.authority.rsplit_once('@').map_or(self.authority, |(_, h)| h);
        match host_port.strip_prefix('[') {
            // An IPv6 address keeps its brackets, as Java's getHost does.
            Some(v6) => v6.find(']').map_or(host_port, |end| &host_port[..end + 2]),
            None => host_port.split_once(':').map_or(host_port, |(h, _)| h),
        }
    }
}

/// Flink's `PARSE_URL(url, part [, key])`.
pub(super) fn parse_url(part: crate::plan::UrlPart, args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    use crate::plan::UrlPart as P;
    let (urls, keys) = (texts(&args[0]), args.get(1).map(texts));
    build(rows, |i, out| {
        let Some(url) = value(urls, i).and_then(Url::read) else { return Ok(false) };
        let found = match (part, keys) {
            (P::Query, Some(keys)) => {
                let Some(key) = value(keys, i) else { return Ok(false) };
                // The first `key=value` among the `&`-separated parameters, as Flink's regex
                // `(&|^)key=([^&]*)` finds it.
                url.query.and_then(|q| q.split('&').find_map(|p| p.strip_prefix(key).and_then(|v| v.strip_prefix('='))))
            }
            (P::Host, _) => Some(url.host()),
            (P::Path, _) => Some(url.path),
            (P::Query, _) => url.query,
            (P::Ref, _) => url.reference,
            (P::Protocol, _) => Some(url.protocol),
            (P::File, _) => {
                out.push_str(url.path);
                if let Some(q) = url.query {
                    out.push('?');
                    out.push_str(q);
                }
                return Ok(true);
            }
            (P::Authority, _) => Some(url.authority),
            (P::UserInfo, _) => url.user_info(),
        };
        match found {
            Some(text) => {
                out.push_str(text);
                Ok(true)
            }
            None => Ok(false),
        }
    })
}

/// Flink's `MD5(s)`, `SHA1(s)` and the SHA-2 family: the digest of the text's UTF-8 bytes in
/// lower-case hex.
/// Row `i` of a text (its UTF-8 bytes) or BYTES column; None for NULL.
fn bytes_at(array: &ArrayRef, i: usize) -> Option<&[u8]> {
    if array.is_null(i) {
        return None;
    }
    Some(match array.data_type() {
        arrow_schema::DataType::Binary => array.as_binary::<i32>().value(i),
        _ => array.as_string::<i32>().value(i).as_bytes(),
    })
}

pub(super) fn digest(kind: DigestKind, args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    use sha2::Digest;
    fn hex(bytes: &[u8], out: &mut String) {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        for b in bytes {
            out.push(DIGITS[(b >> 4) as usize] as char);
            out.push(DIGITS[(b & 15) as usize] as char);
        }
    }
    build(rows, |i, out| {
        let Some(bytes) = bytes_at(&args[0], i) else { return Ok(false) };
        match kind {
            DigestKind::Md5 => hex(&md5::Md5::digest(bytes), out),
            DigestKind::Sha1 => hex(&sha1::Sha1::digest(bytes), out),
            DigestKind::Sha224 => hex(&sha2::Sha224::digest(bytes), out),
            DigestKind::Sha256 => hex(&sha2::Sha256::digest(bytes), out),
            DigestKind::Sha384 => hex(&sha2::Sha384::digest(bytes), out),
            DigestKind::Sha512 => hex(&sha2::Sha512::digest(bytes), out),
        }
        Ok(true)
    })
}

/// Flink's `TO_BASE64(s)` (of its UTF-8 bytes) and `FROM_BASE64(s)` (base64 that is not of
/// UTF-8 text fails the row).
pub(super) fn base64(encode: bool, args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    use base64::Engine;
    let engine = base64::engine::general_purpose::STANDARD;
    if encode {
        return build(rows, |i, out| {
            let Some(bytes) = bytes_at(&args[0], i) else { return Ok(false) };
            engine.encode_string(bytes, out);
            Ok(true)
        });
    }
    let s = texts(&args[0]);
    build(rows, |i, out| {
        let Some(s) = value(s, i) else { return Ok(false) };
        let bytes =
            engine.decode(s).map_err(|e| Error::Execution(format!("FROM_BASE64: '{s}' is not base64 ({e})")))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| Error::Execution(format!("FROM_BASE64: '{s}' is not base64 of text")))?;
        out.push_str(&text);
        Ok(true)
    })
}

/// `SPLIT_INDEX(s, separator, index)`: the 0-based index-th piece, NULL when there is none.
pub(super) fn split_index(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let (s, sep, index) = (texts(&args[0]), texts(&args[1]), ints(&args[2]));
    build(rows, |i, out| {
        let (Some(s), Some(sep), Some(index)) = (value(s, i), value(sep, i), int(index, i)) else {
            return Ok(false);
        };
        if index < 0 || sep.is_empty() {
            return Ok(false);
        }
        match s.split(sep).nth(index as usize) {
            Some(piece) => {
                out.push_str(piece);
                Ok(true)
            }
            None => Ok(false),
        }
    })
}

thread_local! {
    /// Compiled regular expressions by pattern: most calls repeat one literal pattern batch
    /// after batch.
    static REGEXES: RefCell<Vec<(String, regex::Regex)>> = const { RefCell::new(Vec::new()) };
}

/// `pattern` compiled (once per thread); a pattern that does not compile fails the row.
pub(super) fn with_regex<T>(pattern: &str, f: impl FnOnce(&regex::Regex) -> T) -> Result<T> {
    REGEXES.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some((_, re)) = cache.iter().find(|(p, _)| p == pattern) {
            return Ok(f(re));
        }
        let re = regex::Regex::new(pattern).map_err(|e| {
            Error::Execution(format!(
                "the regular expression '{pattern}' is not valid: {}",
                crate::error::regex_error(&e)
            ))
        })?;
        let out = f(&re);
        if cache.len() >= 32 {
            cache.remove(0);
        }
        cache.push((pattern.to_string(), re));
        Ok(out)
    })
}

/// A Java replacement string (`$1`, `\$`) in the regex crate's syntax (`${1}`, `$$`).
fn java_replacement(java: &str) -> String {
    let mut out = String::with_capacity(java.len());
    let mut chars = java.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('$') => out.push_str("$$"),
                Some(other) => out.push(other),
                None => {}
            },
            '$' if chars.peek().is_some_and(|d| d.is_ascii_digit()) => {
                out.push_str("${");
                while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                    out.push(d);
                    chars.next();
                }
                out.push('}');
            }
            '$' => out.push_str("$$"),
            other => out.push(other),
        }
    }
    out
}

/// `REGEX_REPLACE(s, regex, replacement [, start, occurrence])`: matches at or after the
/// 1-based `start` replaced, the `occurrence`-th only or all of them (0); a `literal`
/// replacement has no group references.
pub(super) fn regex_replace(literal: bool, args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let (s, pattern, replacement) = (texts(&args[0]), texts(&args[1]), texts(&args[2]));
    let start = args.get(3).map(ints);
    let occurrence = args.get(4).map(ints);
    build(rows, |i, out| {
        let (Some(s), Some(pattern), Some(replacement)) = (value(s, i), value(pattern, i), value(replacement, i))
        else {
            return Ok(false);
        };
        let (start, occurrence) = match (start.map(|a| int(a, i)), occurrence.map(|a| int(a, i))) {
            (Some(None), _) | (_, Some(None)) => return Ok(false),
            (a, b) => (a.flatten().unwrap_or(1), b.flatten().unwrap_or(0)),
        };
        if start < 1 || occurrence < 0 {
            return Err(Error::Execution(format!(
                "REGEX_REPLACE's start ({start}) must be at least 1 and its occurrence ({occurrence}) at least 0"
            )));
        }
        let skip = s.char_indices().nth(start as usize - 1).map_or(s.len(), |(b, _)| b);
        let replacement = if literal { replacement.replace('$', "$$") } else { java_replacement(replacement) };
        with_regex(pattern, |re| {
            out.push_str(&s[..skip]);
            let tail = &s[skip..];
            if occurrence == 0 {
                out.push_str(&re.replace_all(tail, replacement.as_str()));
            } else {
                let mut last = 0;
                for (n, caps) in re.captures_iter(tail).enumerate() {
                    if n + 1 == occurrence as usize {
                        let m = caps.get(0).expect("group 0 is the match");
                        out.push_str(&tail[..m.start()]);
                        caps.expand(&replacement, out);
                        last = m.end();
                        break;
                    }
                }
                out.push_str(&tail[last..]);
            }
        })?;
        Ok(true)
    })
}

/// `REGEXP_EXTRACT(s, regex [, group])`: the group (0, the whole match, by default) of the
/// first match.
pub(super) fn regexp_extract(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let (s, pattern) = (texts(&args[0]), texts(&args[1]));
    let group = args.get(2).map(ints);
    build(rows, |i, out| {
        let (Some(s), Some(pattern)) = (value(s, i), value(pattern, i)) else { return Ok(false) };
        let group = match group.map(|g| int(g, i)) {
            None => 0,
            Some(None) => return Ok(false),
            Some(Some(g)) => g,
        };
        with_regex(pattern, |re| {
            if group < 0 || group as usize >= re.captures_len() {
                return Err(Error::Execution(format!("REGEXP_EXTRACT: '{pattern}' has no group {group}")));
            }
            match re.captures(s).and_then(|c| c.get(group as usize)) {
                Some(m) => {
                    out.push_str(m.as_str());
                    Ok(true)
                }
                None => Ok(false),
            }
        })?
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_replacements_become_the_regex_crates() {
        assert_eq!(java_replacement("$1-$2"), "${1}-${2}");
        assert_eq!(java_replacement("\\$5 and $10x"), "$$5 and ${10}x");
        assert_eq!(java_replacement("cost: $"), "cost: $$");
    }
}
