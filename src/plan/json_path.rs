//! JSONPath as kdalite reads it: keys (`$.a.b`, `$['a b']`, `$["a.b"]`, a quote in a quoted
//! key escaped with a backslash) and array elements (`$.items[0]`). An input's column mapping
//! names keys only; the JSON query functions take both, after a mode (`lax` or `strict`), and
//! their clauses ([`JsonPathCall`]).

/// Flink's JSON_VALUE, JSON_QUERY or JSON_EXISTS with its path and clauses, as Flink (Calcite)
/// runs them. Without a mode a path is `strict`: a path that finds nothing, a JSON null, text
/// that is not JSON, or (JSON_VALUE) an object or array or (JSON_QUERY) a scalar is an error,
/// which `on_error` decides. In `lax` mode each of those is empty instead, which `on_empty`
/// decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonPathCall {
    pub function: JsonFunction,
    pub steps: Vec<JsonStep>,
    pub strict: bool,
    pub on_empty: JsonBehavior,
    pub on_error: JsonBehavior,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonFunction {
    /// A scalar, of the call's type (`RETURNING`: STRING, BOOLEAN, INT or DOUBLE).
    Value,
    /// An object or array as JSON text, the value found wrapped in an array first or not.
    Query(JsonWrapper),
    /// Whether the path finds a value.
    Exists,
}

/// JSON_QUERY's `WITHOUT WRAPPER` (the default), `WITH CONDITIONAL WRAPPER` (wraps what is not
/// an array) and `WITH [UNCONDITIONAL] WRAPPER`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonWrapper {
    Without,
    Conditional,
    Unconditional,
}

/// What an empty result or an error gives: `NULL`, `ERROR` (the row fails), `DEFAULT x` (the
/// call's argument at this index), `EMPTY ARRAY`, `EMPTY OBJECT`, or JSON_EXISTS' `TRUE`,
/// `FALSE`, `UNKNOWN`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonBehavior {
    Null,
    Error,
    Default(usize),
    EmptyArray,
    EmptyObject,
    True,
    False,
    Unknown,
}

/// `IS JSON [VALUE | SCALAR | ARRAY | OBJECT]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    Value,
    Scalar,
    Array,
    Object,
}

/// A path's mode and the rest of it: `lax $.a` is lax, `strict $.a` and `$.a` strict.
pub fn split_mode(text: &str) -> (bool, &str) {
    let text = text.trim();
    let word = text.split_whitespace().next().unwrap_or("");
    match word.to_ascii_lowercase().as_str() {
        "lax" => (false, text[word.len()..].trim_start()),
        "strict" => (true, text[word.len()..].trim_start()),
        _ => (true, text),
    }
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonStep {
    Key(String),
    Index(usize),
}

/// The steps `text` names (none for `$`), or why it names none.
pub fn parse(text: &str) -> Result<Vec<JsonStep>, &'static str> {
    let mut rest = text.trim().strip_prefix('$').ok_or("it must start with $")?;
    let mut steps = Vec::new();
    while !rest.is_empty() {
        // `.['k']` and `.["k"]` as `['k']` and `["k"]`, as Flink's JsonPath reads them.
        if rest.starts_with(".[") {
            rest = &rest[1..];
        }
        let quote = ['\'', '"'].into_iter().find(|q| rest.starts_with(&format!("[{q}")));
        if let Some(quote) = quote {
            let after = &rest[2..];
            let mut key = String::new();
            let mut chars = after.char_indices();
            let end = loop {
                match chars.next() {
                    Some((_, '\\')) => key.extend(chars.next().map(|(_, c)| c)),
                    Some((i, c)) if c == quote => break i,
                    Some((_, c)) => key.push(c),
                    None => return Err("a quoted key is not closed"),
                }
            };
            rest = after[end + 1..].strip_prefix(']').ok_or("a quoted key needs ']' after it")?;
            steps.push(JsonStep::Key(key));
        } else if let Some(after) = rest.strip_prefix('[') {
            let end = after.find(']').ok_or("an array element needs ']' after it")?;
            let index = after[..end].trim().parse().map_err(|_| "an array element is a number, such as [0]")?;
            steps.push(JsonStep::Index(index));
            rest = &after[end + 1..];
        } else if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            if end == 0 {
                return Err("a key is empty");
            }
            steps.push(JsonStep::Key(after[..end].to_string()));
            rest = &after[end..];
        } else {
            return Err("a step is .key, ['key'] or [n]");
        }
    }
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_quoted_keys_and_elements() {
        let steps = parse("$.a.b[2]['c d']['it\\'s']").unwrap();
        let key = |k: &str| JsonStep::Key(k.into());
        assert_eq!(steps, [key("a"), key("b"), JsonStep::Index(2), key("c d"), key("it's")]);
        assert_eq!(parse("$"), Ok(vec![]));
        assert_eq!(parse("$.[\"a.b\"][1]").unwrap(), [key("a.b"), JsonStep::Index(1)]);
        assert_eq!(split_mode(" lax  $.a"), (false, "$.a"));
        assert_eq!(split_mode("STRICT $.a"), (true, "$.a"));
        assert_eq!(split_mode("$.a"), (true, "$.a"));
        assert!(parse("a.b").is_err());
        assert!(parse("$..a").is_err());
        assert!(parse("$.a[?(@.b)]").is_err());
    }
}
