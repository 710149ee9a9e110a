//! The clauses of Flink's JSON query functions, which sqlparser does not read, as arguments:
//! `JSON_VALUE(j, '$.a' RETURNING INT DEFAULT 0 ON EMPTY NULL ON ERROR)` is read as
//! `JSON_VALUE(j, '$.a', '$RETURNING INT', CAST(NULL AS INT), '$DEFAULT ON EMPTY', 0, '$NULL ON
//! ERROR')`, and the same for JSON_QUERY's wrapper and JSON_EXISTS' ON ERROR. Each clause becomes
//! a [`CLAUSE`]-prefixed text argument, followed by the type (as a typed NULL) or the default
//! it carries; the planner reads them back (`planner::functions::json`). Clauses that are not in
//! Flink's grammar are left as they are, for sqlparser to report where they stand.

use sqlparser::tokenizer::{Token, TokenWithSpan, Whitespace};

use super::tokens::{is_word, significant};

/// The start of a clause argument's text.
pub const CLAUSE: &str = "$";

/// The functions that take clauses after their path.
const FUNCTIONS: [&str; 3] = ["JSON_VALUE", "JSON_QUERY", "JSON_EXISTS"];

/// Every JSON query function's clauses as arguments (see the module's documentation).
pub(super) fn json_clauses_as_arguments(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let mut out: Vec<TokenWithSpan> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let call = FUNCTIONS.iter().any(|f| is_word(&tokens[i], f))
            && tokens[i + 1..].iter().find(|t| significant(t)).is_some_and(|t| t.token == Token::LParen);
        if let Some((clauses, close)) = call.then(|| clause_span(&tokens, i)).flatten() {
            if let Some(arguments) = rewrite(&tokens[clauses..close]) {
                out.extend(tokens[i..clauses].iter().cloned());
                out.extend(arguments);
                i = close;
                continue;
            }
        }
        out.push(tokens[i].clone());
        i += 1;
    }
    out
}

/// For the call whose name is at `name`: where its clauses begin (right after its second
/// argument, a single token such as the path's text) and where its closing parenthesis is;
/// `None` without clauses.
fn clause_span(tokens: &[TokenWithSpan], name: usize) -> Option<(usize, usize)> {
    let mut depth = 0;
    let mut commas = 0;
    let mut path_at = None;
    for (j, t) in tokens.iter().enumerate().skip(name + 1) {
        match &t.token {
            Token::LParen => depth += 1,
            Token::RParen => {
                depth -= 1;
                if depth == 0 {
                    let after_path = path_at? + 1;
                    let first = (after_path..j).find(|&k| significant(&tokens[k]))?;
                    return Some((first, j));
                }
            }
            Token::Comma if depth == 1 => {
                commas += 1;
                if commas > 1 {
                    return None;
                }
            }
            _ if depth == 1 && commas == 1 && significant(t) => match path_at {
                // The path is one token: a second one starts the clauses.
                None => path_at = Some(j),
                Some(_) => {
                    let close = closing(tokens, j)?;
                    return Some((j, close));
                }
            },
            _ => {}
        }
    }
    None
}

/// The `)` that closes the call whose arguments `from` is among (at depth 1).
fn closing(tokens: &[TokenWithSpan], from: usize) -> Option<usize> {
    let mut depth = 1;
    for (j, t) in tokens.iter().enumerate().skip(from) {
        match t.token {
            Token::LParen => depth += 1,
            Token::RParen => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}

/// The clauses in `tokens` as arguments, each after a comma; `None` when they are not in
/// Flink's grammar.
fn rewrite(tokens: &[TokenWithSpan]) -> Option<Vec<TokenWithSpan>> {
    let words: Vec<usize> = (0..tokens.len()).filter(|&k| significant(&tokens[k])).collect();
    let span = tokens.first()?.span;
    let at = |token: Token| TokenWithSpan { token, span };
    let mut out = Vec::new();
    let clause = |out: &mut Vec<TokenWithSpan>, text: String| {
        out.push(at(Token::Comma));
        out.push(at(Token::SingleQuotedString(format!("{CLAUSE}{text}"))));
    };
    // Whether significant token `n` is the word `w`.
    let is = |n: usize, w: &str| words.get(n).is_some_and(|&k| is_word(&tokens[k], w));
    // Where an expression or a type that starts at `n` ends: at `ON EMPTY`/`ON ERROR` for a
    // default, at the next clause's first word for a type (outside parentheses and <…>).
    let end_of = |n: usize, default: bool| -> usize {
        let mut depth = 0i32;
        let mut m = n;
        while m < words.len() {
            match tokens[words[m]].token {
                Token::LParen | Token::Lt => depth += 1,
                Token::RParen | Token::Gt => depth -= 1,
                Token::ShiftRight => depth -= 2,
                _ => {}
            }
            let next_clause = if default {
                is(m, "ON") && (is(m + 1, "EMPTY") || is(m + 1, "ERROR"))
            } else {
                ["DEFAULT", "NULL", "ERROR", "EMPTY", "WITH", "WITHOUT", "TRUE", "FALSE", "UNKNOWN"]
                    .iter()
                    .any(|w| is(m, w))
            };
            if depth <= 0 && m > n && next_clause {
                return m;
            }
            m += 1;
        }
        m
    };
    let piece = |from: usize, to: usize| -> Vec<TokenWithSpan> {
        match (words.get(from), words.get(to.saturating_sub(1))) {
            (Some(&a), Some(&b)) if from < to => tokens[a..=b].to_vec(),
            _ => vec![],
        }
    };
    let mut n = 0;
    while n < words.len() {
        if is(n, "RETURNING") {
            let end = end_of(n + 1, false);
            let type_tokens = piece(n + 1, end);
            if type_tokens.is_empty() {
                return None;
            }
            let name: String = type_tokens.iter().map(|t| t.token.to_string()).collect();
            clause(&mut out, format!("RETURNING {}", name.to_uppercase()));
            out.push(at(Token::Comma));
            out.extend(["CAST", "("].map(|w| at(if w == "(" { Token::LParen } else { Token::make_keyword(w) })));
            out.push(at(Token::make_keyword("NULL")));
            out.push(at(Token::Whitespace(Whitespace::Space)));
            out.push(at(Token::make_keyword("AS")));
            out.push(at(Token::Whitespace(Whitespace::Space)));
            out.extend(type_tokens);
            out.push(at(Token::RParen));
            n = end;
        } else if is(n, "WITHOUT") || is(n, "WITH") {
            let mut text = if is(n, "WITH") { "WITH" } else { "WITHOUT" }.to_string();
            n += 1;
            for w in ["CONDITIONAL", "UNCONDITIONAL"] {
                if text == "WITH" && is(n, w) {
                    text = format!("WITH {w}");
                    n += 1;
                }
            }
            if is(n, "ARRAY") {
                n += 1;
            }
            if !is(n, "WRAPPER") {
                return None;
            }
            clause(&mut out, format!("{text} WRAPPER"));
            n += 1;
        } else {
            // A behavior, then ON EMPTY or ON ERROR.
            let (behavior, next, default) = if is(n, "DEFAULT") {
                let end = end_of(n + 1, true);
                ("DEFAULT".to_string(), end, Some(piece(n + 1, end)))
            } else if is(n, "EMPTY") && (is(n + 1, "ARRAY") || is(n + 1, "OBJECT")) {
                (format!("EMPTY {}", if is(n + 1, "ARRAY") { "ARRAY" } else { "OBJECT" }), n + 2, None)
            } else if let Some(w) = ["NULL", "ERROR", "TRUE", "FALSE", "UNKNOWN"].into_iter().find(|w| is(n, w)) {
                (w.to_string(), n + 1, None)
            } else {
                return None;
            };
            if !is(next, "ON") || !(is(next + 1, "EMPTY") || is(next + 1, "ERROR")) {
                return None;
            }
            let on = if is(next + 1, "EMPTY") { "EMPTY" } else { "ERROR" };
            clause(&mut out, format!("{behavior} ON {on}"));
            if let Some(expr) = default {
                if expr.is_empty() {
                    return None;
                }
                out.push(at(Token::Comma));
                out.extend(expr);
            }
            n = next + 2;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::parser::KdaDialect;
    use sqlparser::tokenizer::Tokenizer;

    fn rewritten(sql: &str) -> String {
        let tokens = Tokenizer::new(&KdaDialect, sql).tokenize_with_location().unwrap();
        // Without whitespace, which the rewriting leaves where it was.
        let tokens = json_clauses_as_arguments(tokens).into_iter().filter(significant);
        tokens.map(|t| t.token.to_string()).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn clauses_become_arguments() {
        assert_eq!(
            rewritten("JSON_VALUE(j, '$.a' RETURNING DECIMAL(5, 2) DEFAULT -1 ON EMPTY NULL ON ERROR)"),
            "JSON_VALUE ( j , '$.a' , '$RETURNING DECIMAL(5, 2)' , CAST ( NULL AS DECIMAL ( 5 , 2 ) ) , '$DEFAULT ON EMPTY' , - 1 , \
             '$NULL ON ERROR' )"
        );
        assert_eq!(
            rewritten("JSON_QUERY(j, 'lax $.a' WITH CONDITIONAL ARRAY WRAPPER EMPTY OBJECT ON ERROR)"),
            "JSON_QUERY ( j , 'lax $.a' , '$WITH CONDITIONAL WRAPPER' , '$EMPTY OBJECT ON ERROR' )"
        );
        assert_eq!(
            rewritten("JSON_EXISTS(j, '$.a' UNKNOWN ON ERROR)"),
            "JSON_EXISTS ( j , '$.a' , '$UNKNOWN ON ERROR' )"
        );
        assert_eq!(
            rewritten("JSON_VALUE(j, '$.a' DEFAULT UPPER(k) ON ERROR)"),
            "JSON_VALUE ( j , '$.a' , '$DEFAULT ON ERROR' , UPPER ( k ) )"
        );
        // Without clauses, or with what is not a clause, the tokens stay.
        for (sql, kept) in [
            ("JSON_VALUE(j, '$.a')", "JSON_VALUE ( j , '$.a' )"),
            ("JSON_VALUE(j, '$.a' BOGUS ON EMPTY)", "JSON_VALUE ( j , '$.a' BOGUS ON EMPTY )"),
            ("JSON_VALUE(j, '$.a' NULL)", "JSON_VALUE ( j , '$.a' NULL )"),
        ] {
            assert_eq!(rewritten(sql), kept);
        }
    }
}
