//! JSONPath as kdalite reads it: keys (`$.a.b`, `$['a b']`, a quote in a quoted key escaped
//! with a backslash) and array elements (`$.items[0]`). An input's column mapping names keys
//! only; JSON_VALUE takes both.

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
        if let Some(after) = rest.strip_prefix("['") {
            let mut key = String::new();
            let mut chars = after.char_indices();
            let end = loop {
                match chars.next() {
                    Some((_, '\\')) => key.extend(chars.next().map(|(_, c)| c)),
                    Some((i, '\'')) => break i,
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
        assert!(parse("a.b").is_err());
        assert!(parse("$..a").is_err());
        assert!(parse("$.a[?(@.b)]").is_err());
    }
}
