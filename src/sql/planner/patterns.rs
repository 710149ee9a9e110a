//! Patterns written in another language's terms, translated when a query is planned: SQL's
//! `SIMILAR TO` (and KDA's `SUBSTRING(s SIMILAR …)`) as regular expressions, a regular
//! expression's syntax checked, Java's date formats as chrono's.

/// SQL's `SIMILAR TO` pattern as an anchored regular expression: `%` is `.*`, `_` is `.`,
/// and the regex operators SQL shares (`|`, `*`, `+`, `?`, `()`, `[]`, `{}`) keep their meaning.
pub(crate) fn similar_to_regex(pattern: &str, escape: Option<char>) -> String {
    format!("^(?:{})$", similar_body(pattern, escape))
}

/// A SIMILAR TO pattern as an unanchored regular expression; `escape` makes the character
/// after it literal.
fn similar_body(pattern: &str, escape: Option<char>) -> String {
    let mut out = String::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            c if Some(c) == escape => {
                if let Some(next) = chars.next() {
                    out.push_str(&regex_escape(next));
                }
            }
            '%' => out.push_str(".*"),
            '_' => out.push('.'),
            '.' | '^' | '$' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            other => out.push(other),
        }
    }
    out
}

fn regex_escape(c: char) -> String {
    if c.is_alphanumeric() || c == ' ' {
        c.to_string()
    } else {
        format!("\\{c}")
    }
}

/// KDA's `SUBSTRING(s SIMILAR 'before<e>"middle<e>"after' ESCAPE '<e>')` as a regular expression
/// whose group 1 is the middle part; None when the pattern has no two `<e>"` marks.
pub(crate) fn substring_similar_regex(pattern: &str, escape: char) -> Option<String> {
    let mark = format!("{escape}\"");
    let mut parts = pattern.split(mark.as_str());
    let (before, middle, after) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let part = |p: &str| similar_body(p, Some(escape));
    Some(format!("{}({}){}", part(before), part(middle), part(after)))
}

pub(crate) fn regex_syntax_check(regex: &str) -> std::result::Result<(), String> {
    regex::Regex::new(regex).map(|_| ()).map_err(|e| crate::error::regex_error(&e))
}

/// A Java `SimpleDateFormat` pattern (as KDA's CHAR_TO_TIMESTAMP takes) as a chrono format.
/// `hh` without an `a` (AM/PM) marker reads as a 24-hour clock, as KDA's own example
/// (`'yyyy-MM-dd hh:mm:ss'` on `'2009-09-16 03:15:24'`) expects.
pub(crate) fn java_to_chrono_format(java: &str) -> String {
    let twelve_hour = java.contains('a');
    let chars: Vec<char> = java.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let mut run = 1;
        while i + run < chars.len() && chars[i + run] == c {
            run += 1;
        }
        let spec = match (c, run) {
            ('y', 2) => Some("%y"),
            ('y', _) => Some("%Y"),
            ('M', 1 | 2) => Some("%m"),
            ('M', 3) => Some("%b"),
            ('M', _) => Some("%B"),
            ('d', _) => Some("%d"),
            ('H', _) => Some("%H"),
            ('h', _) if twelve_hour => Some("%I"),
            ('h', _) => Some("%H"),
            ('m', _) => Some("%M"),
            ('s', _) => Some("%S"),
            ('S', _) => Some("%3f"),
            ('a', _) => Some("%p"),
            ('E', 1..=3) => Some("%a"),
            ('E', _) => Some("%A"),
            ('Z', _) => Some("%z"),
            _ => None,
        };
        match spec {
            Some(s) => {
                out.push_str(s);
                i += run;
            }
            None if c == '\'' => {
                i += 1;
                while i < chars.len() && chars[i] != '\'' {
                    out.push(chars[i]);
                    i += 1;
                }
                i += 1;
            }
            None => {
                if c == '%' {
                    out.push('%');
                }
                out.push(c);
                i += 1;
            }
        }
    }
    out
}
