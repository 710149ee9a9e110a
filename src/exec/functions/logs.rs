//! KDA's log parsers: a line of text to a ROW of fields, NULL when the line does not parse.
//! The planner has turned each parser's description (a regular expression, a W3C format, a
//! delimiter, column positions) into a [`LogParser`] and the ROW's field types; the fields are
//! cut out as text here, then cast to their types (a value that does not cast fails its row).

use std::borrow::Cow;
use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::{Array, ArrayRef, StructArray};
use arrow_buffer::NullBuffer;
use arrow_schema::{DataType, Fields};

use super::text::with_regex;
use crate::error::{Error, Result};
use crate::plan::{LogParser, W3cPart};

/// Parses each line of `args[0]` (for SYS_LOG_PARSE, `args[1]` is the row's ROWTIME, whose year
/// a syslog line leaves out).
pub(super) fn parse(parser: &LogParser, args: &[ArrayRef], data_type: &DataType) -> Result<ArrayRef> {
    let DataType::Struct(fields) = data_type else {
        return Err(Error::Internal(format!("a log parser returns a ROW, not {data_type}")));
    };
    let lines = args[0].as_string::<i32>();
    let rows = lines.len();
    let mut texts: Vec<StringBuilder> =
        (0..fields.len()).map(|_| StringBuilder::with_capacity(rows, rows * 8)).collect();
    let mut valid = Vec::with_capacity(rows);
    let mut parts: Vec<Option<Cow<str>>> = Vec::with_capacity(fields.len());
    for row in 0..rows {
        parts.clear();
        let parsed = lines.is_valid(row) && split(parser, lines.value(row), args, row, fields.len(), &mut parts)?;
        valid.push(parsed);
        for (i, builder) in texts.iter_mut().enumerate() {
            match parts.get(i).and_then(|p| p.as_deref()).filter(|_| parsed) {
                Some(text) => builder.append_value(text),
                None => builder.append_null(),
            }
        }
    }
    let children = texts
        .into_iter()
        .zip(fields.iter())
        .map(|(mut b, f)| typed(Arc::new(b.finish()), f.data_type(), parser))
        .collect::<Result<Vec<_>>>()?;
    Ok(Arc::new(StructArray::try_new(Fields::clone(fields), children, Some(NullBuffer::from(valid)))?))
}

/// A field's text as its type; a SYS_LOG_PARSE time as written by [`split`].
fn typed(text: ArrayRef, to: &DataType, parser: &LogParser) -> Result<ArrayRef> {
    if matches!(parser, LogParser::SysLog) && matches!(to, DataType::Timestamp(..)) {
        let parsed: arrow_array::TimestampMillisecondArray = text
            .as_string::<i32>()
            .iter()
            .map(|v| {
                v.and_then(|s| chrono::NaiveDateTime::parse_from_str(s, "%Y %b %e %H:%M:%S").ok())
                    .map(|t| t.and_utc().timestamp_millis())
            })
            .collect();
        return Ok(Arc::new(parsed));
    }
    if to == &DataType::Utf8 {
        return Ok(text);
    }
    // Blanks around a number or a flag are not part of it.
    let trimmed: ArrayRef =
        Arc::new(text.as_string::<i32>().iter().map(|v| v.map(str::trim)).collect::<arrow_array::StringArray>());
    let options = arrow_cast::CastOptions { safe: false, ..Default::default() };
    Ok(arrow_cast::cast_with_options(&trimmed, to, &options)?)
}

/// The fields of one line into `out`; `false` when the line does not parse.
fn split<'a>(
    parser: &LogParser,
    line: &'a str,
    args: &[ArrayRef],
    row: usize,
    count: usize,
    out: &mut Vec<Option<Cow<'a, str>>>,
) -> Result<bool> {
    match parser {
        LogParser::Regex(pattern) => with_regex(pattern, |re| match re.captures(line) {
            Some(caps) => {
                out.extend((1..=count).map(|g| caps.get(g).map(|m| Cow::Borrowed(m.as_str()))));
                true
            }
            None => false,
        }),
        LogParser::W3c(parts) => Ok(w3c(parts, line, out)),
        LogParser::Delimited { delimiter, escape, quotes } => {
            delimited(line, delimiter, *escape, *quotes, out);
            out.resize(count, None);
            Ok(true)
        }
        LogParser::Fixed(columns) => {
            let chars: Vec<char> = line.chars().collect();
            for &(start, length) in columns {
                let end = length.map_or(chars.len(), |l| (start + l).min(chars.len()));
                out.push((start < chars.len()).then(|| Cow::Owned(chars[start..end].iter().collect())));
            }
            Ok(true)
        }
        LogParser::SysLog => {
            // `Mon DD HH:MM:SS rest`, RFC 3164's timestamp (the day padded with a space).
            let Some(stamp) = line.get(..15) else { return Ok(false) };
            let Some(rest) = line.get(15..) else { return Ok(false) };
            let times = args[1].as_primitive::<TimestampMillisecondType>();
            let year = chrono::DateTime::from_timestamp_millis(times.value(row)).map_or(1970, |t| {
                use chrono::Datelike;
                t.year()
            });
            let stamp = format!("{year} {stamp}");
            if chrono::NaiveDateTime::parse_from_str(&stamp, "%Y %b %e %H:%M:%S").is_err() {
                return Ok(false);
            }
            out.push(Some(Cow::Owned(stamp)));
            out.push(Some(Cow::Borrowed(rest.trim_start())));
            Ok(true)
        }
    }
}

/// The fields of a W3C log line, scanned once; `false` when the line does not have the format's
/// text where it should, or a number where the format has one.
fn w3c<'a>(parts: &[W3cPart], line: &'a str, out: &mut Vec<Option<Cow<'a, str>>>) -> bool {
    let mut rest = line;
    for part in parts {
        let end = match part {
            W3cPart::Text(text) => match rest.strip_prefix(text.as_str()) {
                Some(after) => {
                    rest = after;
                    continue;
                }
                None => return false,
            },
            W3cPart::Token => rest.find(char::is_whitespace).unwrap_or(rest.len()),
            W3cPart::Quoted => rest.find('"').unwrap_or(rest.len()),
            W3cPart::InBrackets => rest.find(']').unwrap_or(rest.len()),
            W3cPart::Bracketed => match (rest.starts_with('['), rest.find(']')) {
                (true, Some(close)) => close + 1,
                _ => return false,
            },
            W3cPart::Number => {
                let digits = rest.strip_prefix('-').unwrap_or(rest);
                let count = digits.bytes().take_while(u8::is_ascii_digit).count();
                if count == 0 {
                    return false;
                }
                rest.len() - digits.len() + count
            }
        };
        out.push(Some(Cow::Borrowed(&rest[..end])));
        rest = &rest[end..];
    }
    rest.is_empty()
}

/// `line` split at `delimiter`: an escape character makes the next character plain, and a
/// field between quotes keeps its delimiters (the quotes dropped).
fn delimited(
    line: &str,
    delimiter: &str,
    escape: Option<char>,
    quotes: Option<(char, char)>,
    out: &mut Vec<Option<Cow<'_, str>>>,
) {
    let mut field = String::new();
    let mut quoted = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if !quoted && !delimiter.is_empty() && rest.starts_with(delimiter) {
            out.push(Some(Cow::Owned(std::mem::take(&mut field))));
            rest = &rest[delimiter.len()..];
            continue;
        }
        rest = &rest[c.len_utf8()..];
        match (escape, quotes) {
            (Some(e), _) if c == e => {
                if let Some(next) = rest.chars().next() {
                    field.push(next);
                    rest = &rest[next.len_utf8()..];
                }
            }
            (_, Some((open, _))) if !quoted && c == open => quoted = true,
            (_, Some((_, close))) if quoted && c == close => quoted = false,
            _ => field.push(c),
        }
    }
    out.push(Some(Cow::Owned(field)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimited_fields_keep_escaped_and_quoted_delimiters() {
        let mut out = vec![];
        delimited(r#"John Doe,"514 West Bay, Newport Beach",a\,b,"#, ",", Some('\\'), Some(('"', '"')), &mut out);
        let fields: Vec<&str> = out.iter().map(|f| f.as_deref().unwrap()).collect();
        assert_eq!(fields, ["John Doe", "514 West Bay, Newport Beach", "a,b", ""]);
    }
}
