//! Planning KDA's log parsers: each one's description (a regular expression, a W3C format, a
//! column list) read once, into a [`LogParser`] and the ROW type it returns. Fields are named
//! `COLUMN1`, `COLUMN2`, … VARCHAR unless a column list names and types them.

use arrow_schema::{DataType, Field, Fields};

use super::expr::ExprPlanner;
use crate::error::{Error, Position, Result};
use crate::plan::types::timestamp_type;
use crate::plan::{Expr, LogParser, ScalarFunction, ScalarValue, W3cPart, ROWTIME};

/// A column of a parser's list: `name TYPE type [NOT NULL] [START n [FOR m]]`.
struct ColumnSpec {
    name: String,
    data_type: DataType,
    start: Option<usize>,
    length: Option<usize>,
}

impl ExprPlanner<'_> {
    /// `name(line, …)` for one of the log parsers, or `None` when `name` is not one.
    pub(crate) fn plan_log_parser(
        &self,
        name: &str,
        args: &[Expr],
        position: Option<Position>,
    ) -> Result<Option<Expr>> {
        let usage = match crate::plan::function_docs::function_doc(name) {
            Some(doc) if name.ends_with("_LOG_PARSE") => doc.signature,
            _ => return Ok(None),
        };
        let error = |why: &str| Error::Plan { message: format!("{name}: {why}; it is called as {usage}"), position };
        let literal = |i: usize| match args.get(i) {
            Some(Expr::Literal(ScalarValue::Utf8(s))) => Some(s.clone()),
            _ => None,
        };
        let Some(line) = args.first() else { return Err(error("it takes the line to parse first")) };
        let line = self.text(line.clone(), position)?;
        let columns = |n: usize| -> Vec<ColumnSpec> {
            (1..=n)
                .map(|i| ColumnSpec {
                    name: format!("COLUMN{i}"),
                    data_type: DataType::Utf8,
                    start: None,
                    length: None,
                })
                .collect()
        };
        let (parser, specs) = match name {
            "REGEX_LOG_PARSE" | "FAST_REGEX_LOG_PARSE" => {
                if !(2..=3).contains(&args.len()) {
                    return Err(error("it takes a line, a regular expression and perhaps a column list"));
                }
                let Some(pattern) = literal(1) else { return Err(error("its pattern is a string literal")) };
                let regex = if name == "FAST_REGEX_LOG_PARSE" { fast_regex(&pattern) } else { Ok(pattern.clone()) };
                let regex = match regex {
                    Ok(r) => format!("^(?:{r})$"),
                    Err(why) => return Err(error(&why)),
                };
                let groups = match regex::Regex::new(&regex) {
                    Ok(re) => re.captures_len() - 1,
                    Err(e) => {
                        return Err(error(&format!("'{pattern}' is not valid: {}", crate::error::regex_error(&e))))
                    }
                };
                let specs = match literal(2) {
                    Some(list) => column_list(&list).map_err(|why| error(&why))?,
                    None if args.len() == 3 => return Err(error("its column list is a string literal")),
                    None => columns(groups),
                };
                if specs.len() != groups {
                    return Err(error(&format!(
                        "'{pattern}' has {groups} group(s) and the column list {} column(s)",
                        specs.len()
                    )));
                }
                (LogParser::Regex(regex), specs)
            }
            "W3C_LOG_PARSE" => {
                if args.len() != 2 {
                    return Err(error("it takes a line and a format"));
                }
                let Some(format) = literal(1) else { return Err(error("its format is a string literal")) };
                let (parts, types) = w3c_format(&format).map_err(|why| error(&why))?;
                let mut specs = columns(types.len());
                for (spec, t) in specs.iter_mut().zip(types) {
                    spec.data_type = t;
                }
                (LogParser::W3c(parts), specs)
            }
            "VARIABLE_COLUMN_LOG_PARSE" => {
                if !(3..=5).contains(&args.len()) {
                    return Err(error("it takes a line, the columns, a delimiter, and perhaps an escape and quotes"));
                }
                let specs = match (&args[1], literal(1)) {
                    (_, Some(list)) => column_list(&list).map_err(|why| error(&why))?,
                    (Expr::Literal(n), None) => match n.as_i64() {
                        Some(n @ 1..=1000) => columns(n as usize),
                        _ => return Err(error("its number of columns is from 1 to 1000")),
                    },
                    _ => return Err(error("its columns are a number or a column list, written as a literal")),
                };
                let Some(delimiter) = literal(2) else { return Err(error("its delimiter is a string literal")) };
                let escape = match literal(3) {
                    Some(e) if e.chars().count() <= 1 => e.chars().next(),
                    None if args.len() < 4 => None,
                    _ => return Err(error("its escape is one character")),
                };
                let quotes = match literal(4).map(|q| q.chars().collect::<Vec<char>>()) {
                    None if args.len() < 5 => None,
                    Some(q) if q.len() == 1 => Some((q[0], q[0])),
                    Some(q) if q.len() == 2 => Some((q[0], q[1])),
                    _ => return Err(error("its quotes are one character, or an opening and a closing one")),
                };
                (LogParser::Delimited { delimiter, escape, quotes }, specs)
            }
            "FIXED_COLUMN_LOG_PARSE" => {
                if args.len() != 2 {
                    return Err(error("it takes a line and a column list"));
                }
                let Some(list) = literal(1) else { return Err(error("its column list is a string literal")) };
                let specs = column_list(&list).map_err(|why| error(&why))?;
                let mut positions = Vec::new();
                for spec in &specs {
                    match spec.start {
                        Some(start) => positions.push((start, spec.length)),
                        None => return Err(error(&format!("column {} has no START", spec.name))),
                    }
                }
                (LogParser::Fixed(positions), specs)
            }
            "SYS_LOG_PARSE" => {
                if args.len() != 1 {
                    return Err(error("it takes the line alone"));
                }
                let specs = vec![
                    ColumnSpec { name: "COLUMN1".into(), data_type: timestamp_type(), start: None, length: None },
                    ColumnSpec { name: "COLUMN2".into(), data_type: DataType::Utf8, start: None, length: None },
                ];
                (LogParser::SysLog, specs)
            }
            _ => return Ok(None),
        };
        let fields: Fields = specs.into_iter().map(|c| Field::new(c.name, c.data_type, true)).collect();
        let mut call_args = vec![line];
        if parser == LogParser::SysLog {
            call_args.push(Expr::Column { index: 0, name: ROWTIME.into(), data_type: timestamp_type() });
        }
        Ok(Some(Expr::Call {
            func: ScalarFunction::LogParse(parser),
            args: call_args,
            data_type: DataType::Struct(fields),
        }))
    }
}

/// `'a TYPE INTEGER START 0 FOR 3, "b" TYPE VARCHAR(8) NOT NULL, …'`: names (unquoted ones in
/// upper case), types and positions.
fn column_list(list: &str) -> std::result::Result<Vec<ColumnSpec>, String> {
    let mut specs = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    let mut pieces = Vec::new();
    for (i, c) in list.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                pieces.push(&list[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    pieces.push(&list[start..]);
    for piece in pieces {
        let words: Vec<&str> = piece.split_whitespace().collect();
        let Some((name, rest)) = words.split_first() else { return Err(format!("an empty column in '{list}'")) };
        let name = match name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) {
            Some(quoted) => quoted.to_string(),
            None => name.to_uppercase(),
        };
        let Some(("TYPE", rest)) =
            rest.split_first().map(|(t, r)| (t.to_uppercase(), r)).as_ref().map(|(t, r)| (t.as_str(), *r))
        else {
            return Err(format!("column {name} is written 'name TYPE type'"));
        };
        let end = rest
            .iter()
            .position(|w| matches!(w.to_uppercase().as_str(), "START" | "NOT" | "FOR") || w.starts_with('\''))
            .unwrap_or(rest.len());
        let type_text = rest[..end].join(" ");
        let data_type =
            parse_type(&type_text).ok_or_else(|| format!("column {name} has no type kdalite knows: '{type_text}'"))?;
        let mut spec = ColumnSpec { name, data_type, start: None, length: None };
        let mut words = rest[end..].iter();
        while let Some(w) = words.next() {
            let number = |w: Option<&&str>| w.and_then(|n| n.parse::<usize>().ok());
            match w.to_uppercase().as_str() {
                "START" => spec.start = Some(number(words.next()).ok_or("START takes a number from 0")?),
                "FOR" => spec.length = Some(number(words.next()).ok_or("FOR takes a number")?),
                "NOT" => {
                    words.next();
                }
                _ => return Err(format!("column {} cannot read '{w}'", spec.name)),
            }
        }
        specs.push(spec);
    }
    Ok(specs)
}

/// A SQL type's text as its Arrow type.
fn parse_type(text: &str) -> Option<DataType> {
    let dialect = crate::sql::parser::KdaDialect;
    let mut parser = sqlparser::parser::Parser::new(&dialect).try_with_sql(text).ok()?;
    let t = parser.parse_data_type().ok()?;
    Some(super::sql_type(&t)?.to_arrow())
}

/// A Fast Regex pattern (dk.brics syntax, as KDA's FAST_REGEX_LOG_PARSE takes it) as a regular
/// expression: its named classes (`<Digit>`, `<Alpha>`, …) spelled out, `@` any text, `"…"`
/// literal text, and the quantifiers inside groups lazy, so a group takes as little as the
/// rest lets it (the examples' "Mary" of `(.*)_+(.*)` over "Mary____had_a_little_lamb").
fn fast_regex(pattern: &str) -> std::result::Result<String, String> {
    const CLASSES: &[(&str, &str)] = &[
        ("Digit", "[0-9]"),
        ("Upper", "[A-Z]"),
        ("Lower", "[a-z]"),
        ("ASCII", "[\\x00-\\x7F]"),
        ("Alpha", "[a-zA-Z]"),
        ("Alnum", "[a-zA-Z0-9]"),
        ("Punct", "[!-/:-@\\[-`{-~]"),
        ("Blank", "[ \\t]"),
        ("Space", "[ \\t\\n\\x0B\\f\\r]"),
        ("Cntrl", "[\\x00-\\x1F\\x7F]"),
        ("XDigit", "[0-9a-fA-F]"),
        ("Print", "[!-~]"),
        ("Graph", "[!-~]"),
    ];
    let mut out = String::new();
    let mut depth = 0;
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push('\\');
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            '<' => {
                let name: String = chars.by_ref().take_while(|&c| c != '>').collect();
                match CLASSES.iter().find(|(n, _)| *n == name) {
                    Some((_, class)) => out.push_str(class),
                    None => return Err(format!("<{name}> is not a named pattern kdalite knows")),
                }
            }
            '"' => {
                let text: String = chars.by_ref().take_while(|&c| c != '"').collect();
                out.push_str(&regex::escape(&text));
            }
            '@' => out.push_str(".*"),
            '&' | '#' | '~' => {
                return Err(format!("'{c}' (automaton intersection, empty language, complement) is not supported"))
            }
            '(' => {
                depth += 1;
                out.push('(');
            }
            ')' => {
                depth -= 1;
                out.push(')');
            }
            '*' | '+' | '?' | '}' => {
                out.push(c);
                if depth > 0 && chars.peek() != Some(&'?') {
                    out.push('?');
                }
            }
            other => out.push(other),
        }
    }
    Ok(out)
}

/// A W3C (Apache `mod_log_config`) format, named or written out: the text between its
/// specifiers and one field per specifier, with the fields' types.
fn w3c_format(format: &str) -> std::result::Result<(Vec<W3cPart>, Vec<DataType>), String> {
    let spelled = match format.trim().to_uppercase().as_str() {
        "COMMON" => "%h %l %u %t \"%r\" %>s %b",
        "COMMON WITH VHOST" => "%v %h %l %u %t \"%r\" %>s %b",
        "NCSA EXTENDED" => "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\"",
        "REFERER" => "%{Referer}i -> %U",
        "AGENT" => "%{User-agent}i",
        "IIS" => return Err("the IIS format is not documented; write its specifiers out".into()),
        _ => format,
    };
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut types = Vec::new();
    let mut chars = spelled.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            text.push(c);
            continue;
        }
        // %[<>]{argument}X, with Apache's modifiers (status conditions) skipped.
        while matches!(chars.peek(), Some('<' | '>' | '!' | ',' | '0'..='9')) {
            chars.next();
        }
        if chars.peek() == Some(&'{') || chars.peek() == Some(&'[') {
            let close = if chars.next() == Some('{') { '}' } else { ']' };
            chars.by_ref().take_while(|&c| c != close).for_each(drop);
        }
        let Some(spec) = chars.next() else { return Err(format!("'{spelled}' ends with %")) };
        // A quoted specifier takes up to the closing quote; a bracketed time keeps its brackets
        // unless the format writes them.
        let (field, t) = match spec {
            _ if text.ends_with('"') => (W3cPart::Quoted, DataType::Utf8),
            't' if text.ends_with('[') => (W3cPart::InBrackets, DataType::Utf8),
            't' => (W3cPart::Bracketed, DataType::Utf8),
            'B' | 'D' | 'T' | 'I' | 'O' | 'P' | 'p' | 's' | 'k' => (W3cPart::Number, DataType::Int64),
            'a' | 'A' | 'b' | 'f' | 'h' | 'H' | 'l' | 'L' | 'm' | 'q' | 'R' | 'u' | 'U' | 'v' | 'V' | 'X' | 'e'
            | 'C' | 'i' | 'n' | 'o' | 'r' => (W3cPart::Token, DataType::Utf8),
            other => return Err(format!("%{other} is not a log format specifier kdalite knows")),
        };
        if !text.is_empty() {
            parts.push(W3cPart::Text(std::mem::take(&mut text)));
        }
        parts.push(field);
        types.push(t);
    }
    if !text.is_empty() {
        parts.push(W3cPart::Text(text));
    }
    Ok((parts, types))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn w3c_common_is_seven_fields() {
        let (parts, types) = w3c_format("COMMON").unwrap();
        assert_eq!(types.len(), 7);
        assert_eq!(parts[6], W3cPart::Bracketed);
        assert_eq!(parts[8], W3cPart::Quoted);
        let (parts, _) = w3c_format("%h [%t]").unwrap();
        assert_eq!(parts, [W3cPart::Token, W3cPart::Text(" [".into()), W3cPart::InBrackets, W3cPart::Text("]".into())]);
    }

    #[test]
    fn column_lists_name_type_and_place_columns() {
        let specs = column_list("a TYPE Integer START 0 FOR 3, \"b\" TYPE DECIMAL(5,2) NOT NULL START 4").unwrap();
        assert_eq!((specs[0].name.as_str(), specs[0].start, specs[0].length), ("A", Some(0), Some(3)));
        assert_eq!((specs[1].name.as_str(), &specs[1].data_type), ("b", &DataType::Decimal128(5, 2)));
    }

    #[test]
    fn fast_regex_groups_are_lazy() {
        assert_eq!(fast_regex("(.*)_+(<Alpha>.*)").unwrap(), "(.*?)_+([a-zA-Z].*?)");
        assert!(fast_regex("a&b").is_err());
    }
}
