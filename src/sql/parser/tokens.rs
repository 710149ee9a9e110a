//! The passes over the token list before sqlparser reads it: query hints refused, and forms it
//! has no place for rewritten into ones it reads (`SELECT STREAM`, `WINDOWED BY`, `CEILING(`, a
//! KDA join's `OVER` window, `ROW<…>` types, JSON_OBJECT's `KEY`, MATCH_RECOGNIZE's `WITHIN`).

use sqlparser::ast;
use sqlparser::keywords::Keyword;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Location, Token, TokenWithSpan, Whitespace};

use super::dialect::KdaDialect;
use super::syntax_error;
use crate::error::Result;

/// Whether `t` is more than whitespace (to the tokenizer, a comment is whitespace).
pub(super) fn significant(t: &TokenWithSpan) -> bool {
    !matches!(t.token, Token::Whitespace(_))
}

/// Whether `t` is the key word `keyword`, unquoted.
pub(super) fn is_keyword(t: &TokenWithSpan, keyword: Keyword) -> bool {
    matches!(&t.token, Token::Word(w) if w.quote_style.is_none() && w.keyword == keyword)
}

/// Whether `t` is the word `word`, unquoted, in any case.
pub(super) fn is_word(t: &TokenWithSpan, word: &str) -> bool {
    matches!(&t.token, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(word))
}

/// Flink's query hints, `/*+ NAME(…), … */`, which sqlparser reads into a select
/// (`optimizer_hints`). The join strategy hints (`BROADCAST`, `SHUFFLE_HASH`, `SHUFFLE_MERGE`,
/// `NEST_LOOP`) and `LOOKUP` do not change what a streaming query writes (Flink's streaming
/// planner leaves the strategies to itself, and a lookup's retries find what kdalite's
/// reference tables already hold): they are kept to the tables they name, as Flink checks them,
/// and otherwise passed over. `STATE_TTL('t' = '1 d', …)`, right after a SELECT, gives the
/// select's regular joins and GROUP BY a state TTL per input ([`state_ttls`], read by the
/// planner). Any other hint can change results (OPTIONS changes a table's connector), so it is
/// refused where it is written.
pub(super) fn refuse_hints(tokens: &[TokenWithSpan]) -> Result<()> {
    // Whether the code writes `name`: a hint's tables must be among its names.
    let written = |name: &str| tokens.iter().any(|t| matches!(&t.token, Token::Word(w) if w.value == name));
    for (at, t) in tokens.iter().enumerate() {
        let Token::Whitespace(Whitespace::MultiLineComment(text)) = &t.token else { continue };
        let Some(hint) = text.strip_prefix('+') else { continue };
        let refused = |why: String| {
            syntax_error(
                format!(
                    "query hint /*+{hint}*/: {why}; kdalite takes the hints that leave results as they are (BROADCAST, \
                     SHUFFLE_HASH, SHUFFLE_MERGE, NEST_LOOP, LOOKUP) and STATE_TTL, and refuses the others, which a \
                     run without them would silently ignore (OPTIONS changes a table's connector); remove it, or \
                     write /* + … */ for a comment"
                ),
                t.span.start,
            )
        };
        let Some(hints) = split_hints(hint) else {
            return Err(refused("it is not NAME(…), NAME(…)".into()));
        };
        for (name, args) in hints {
            let tables: Vec<String> = match name.to_ascii_uppercase().as_str() {
                "BROADCAST" | "SHUFFLE_HASH" | "SHUFFLE_MERGE" | "NEST_LOOP" => {
                    args.iter().map(|a| a.trim_matches('`').to_string()).collect()
                }
                "LOOKUP" => {
                    let table = args.iter().find_map(|a| {
                        let (key, value) = a.split_once('=')?;
                        (key.trim() == "'table'").then(|| value.trim().trim_matches('\'').to_string())
                    });
                    match table {
                        Some(table) => vec![table],
                        None => {
                            return Err(refused("LOOKUP names its table, as LOOKUP('table'='Customers', …)".into()))
                        }
                    }
                }
                "STATE_TTL" => {
                    // Sqlparser reads a hint as a select's only right after SELECT.
                    let before = tokens[..at].iter().rev().find(|t| significant(t));
                    let after_select = before.is_some_and(|t| is_keyword(t, Keyword::SELECT));
                    if !after_select {
                        return Err(refused("STATE_TTL is written right after SELECT, as Flink reads it".into()));
                    }
                    let options: Option<Vec<(String, u64)>> = args.iter().map(|a| state_ttl_option(a)).collect();
                    match options {
                        Some(options) => options.into_iter().map(|(table, _)| table).collect(),
                        None => {
                            return Err(refused(
                                "STATE_TTL's options are 'table' = 'duration', as STATE_TTL('orders' = '1 d')".into(),
                            ))
                        }
                    }
                }
                _ => return Err(refused(format!("{name} is not supported"))),
            };
            if tables.is_empty() {
                return Err(refused(format!("{name} names no table")));
            }
            if let Some(missing) = tables.iter().find(|t| t.is_empty() || !written(t)) {
                return Err(refused(format!(
                    "{name} names '{missing}', which is not a table or view of the code (Flink: the options of the hint \
                     cannot match the name of input tables or views)"
                )));
            }
        }
    }
    Ok(())
}

/// A STATE_TTL option, `'table' = 'duration'`: the table (a view or an alias too) and the TTL
/// in milliseconds; `None` when it is not in that shape.
fn state_ttl_option(arg: &str) -> Option<(String, u64)> {
    let (key, value) = arg.split_once('=')?;
    let unquote = |s: &str| s.trim().strip_prefix('\'')?.strip_suffix('\'').map(str::to_string);
    Some((unquote(key)?, crate::plan::flink_duration_ms(&unquote(value)?)?))
}

/// The TTLs a select's hint text gives its inputs by name (`STATE_TTL('o' = '1 d', …)`), in
/// milliseconds, 0 for none.
pub(crate) fn state_ttls(hint: &str) -> Vec<(String, u64)> {
    let hints = split_hints(hint).unwrap_or_default();
    let state_ttl = hints.into_iter().filter(|(name, _)| name.eq_ignore_ascii_case("STATE_TTL"));
    state_ttl.flat_map(|(_, args)| args.into_iter().filter_map(|a| state_ttl_option(&a))).collect()
}

/// A hint comment's hints, `NAME(arg, …), …`, as names and their arguments (quoted text kept
/// whole); `None` when it is not in that shape.
fn split_hints(text: &str) -> Option<Vec<(String, Vec<String>)>> {
    let mut hints = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let open = rest.find('(')?;
        let name = rest[..open].trim();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        let (mut args, mut arg, mut quoted, mut close) = (Vec::new(), String::new(), false, None);
        for (i, c) in rest[open + 1..].char_indices() {
            match c {
                '\'' => quoted = !quoted,
                ',' if !quoted => {
                    args.push(std::mem::take(&mut arg).trim().to_string());
                    continue;
                }
                ')' if !quoted => {
                    close = Some(open + 1 + i);
                    break;
                }
                _ => {}
            }
            arg.push(c);
        }
        let close = close?;
        if !arg.trim().is_empty() || !args.is_empty() {
            args.push(arg.trim().to_string());
        }
        hints.push((name.to_string(), args));
        rest = rest[close + 1..].trim_start();
        if !rest.is_empty() {
            rest = rest.strip_prefix(',')?.trim_start();
        }
    }
    Some(hints)
}

/// `CEILING(` as `CEIL(`, so that `CEILING(ts TO DAY)` parses as CEIL's special form does.
pub(super) fn ceiling_as_ceil(mut tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    for i in 0..tokens.len().saturating_sub(1) {
        if is_word(&tokens[i], "CEILING") && tokens[i + 1].token == Token::LParen {
            tokens[i].token = Token::make_keyword("CEIL");
        }
    }
    tokens
}

/// Drops the `STREAM` of `SELECT STREAM` (a streaming select means the same as a select
/// here) and returns where each dropped word was, to tell KDA queries from Flink ones.
pub(super) fn remove_select_stream(tokens: Vec<TokenWithSpan>) -> (Vec<TokenWithSpan>, Vec<Location>) {
    let mut out: Vec<TokenWithSpan> = Vec::with_capacity(tokens.len());
    let mut removed = Vec::new();
    let mut after_select = false;
    for t in tokens {
        match &t.token {
            Token::Whitespace(_) => {}
            Token::Word(w) if after_select && w.quote_style.is_none() && w.value.eq_ignore_ascii_case("STREAM") => {
                after_select = false;
                removed.push(t.span.start);
                continue;
            }
            // KDA's `WINDOWED BY STAGGER(…)` is a GROUP BY whose only item is the stagger window.
            Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case("WINDOWED") => {
                after_select = false;
                out.push(TokenWithSpan { token: Token::make_keyword("GROUP"), span: t.span });
                continue;
            }
            Token::Word(w) => after_select = w.keyword == Keyword::SELECT,
            _ => after_select = false,
        }
        out.push(t);
    }
    (out, removed)
}

/// The text a KDA join window is kept as, in place of the table arguments it is parsed as:
/// `stream OVER (RANGE …)` reads as `stream('OVER (RANGE …)')` (see [`join_window`]).
pub const JOIN_WINDOW_PREFIX: &str = "OVER ";

/// KDA's join windows, `FROM s OVER (RANGE INTERVAL '1' MINUTE PRECEDING) AS x` (or `OVER w`, a
/// named window), which sqlparser has no place for: the window's text becomes the stream's one
/// table argument, a string starting with [`JOIN_WINDOW_PREFIX`], at the position of `OVER`.
/// An OVER counts when it follows a stream name that follows FROM, JOIN, a comma or a dot.
pub(super) fn join_windows_as_arguments(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let mut out: Vec<TokenWithSpan> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let is_over = is_keyword(&tokens[i], Keyword::OVER);
        let mut before = out.iter().rev().filter(|t| significant(t)).map(|t| &t.token);
        let name =
            matches!(before.next(), Some(Token::Word(w)) if w.quote_style.is_some() || w.keyword == Keyword::NoKeyword);
        let after_name = name
            && match before.next() {
                Some(Token::Comma | Token::Period) => true,
                Some(Token::Word(w)) => w.quote_style.is_none() && matches!(w.keyword, Keyword::FROM | Keyword::JOIN),
                _ => false,
            };
        if !(is_over && after_name) {
            out.push(tokens[i].clone());
            i += 1;
            continue;
        }
        // The window: `(` … the matching `)`, or a window's name.
        let mut end = i + 1;
        while end < tokens.len() && !significant(&tokens[end]) {
            end += 1;
        }
        let mut depth = 0usize;
        while end < tokens.len() {
            match tokens[end].token {
                Token::LParen => depth += 1,
                Token::RParen => depth = depth.saturating_sub(1),
                _ => {}
            }
            end += 1;
            if depth == 0 && significant(&tokens[end - 1]) {
                break;
            }
        }
        let text: String = tokens[i..end].iter().map(|t| t.token.to_string()).collect();
        let span = tokens[i].span;
        out.push(TokenWithSpan { token: Token::LParen, span });
        out.push(TokenWithSpan { token: Token::SingleQuotedString(text), span });
        out.push(TokenWithSpan { token: Token::RParen, span });
        i = end;
    }
    out
}

/// The window of a KDA join, from the text [`join_windows_as_arguments`] kept: a window
/// specification, or the name of one the query's WINDOW clause defines.
pub fn join_window(text: &str) -> Option<ast::WindowType> {
    let spec = text.strip_prefix(JOIN_WINDOW_PREFIX)?.trim();
    let mut parser = Parser::new(&KdaDialect).try_with_sql(spec).ok()?;
    let window = if parser.consume_token(&Token::LParen) {
        ast::WindowType::WindowSpec(parser.parse_window_spec().ok()?)
    } else {
        ast::WindowType::NamedWindow(parser.parse_identifier().ok()?)
    };
    (parser.peek_token().token == Token::EOF).then_some(window)
}

/// Flink's `JSON_OBJECT(KEY k VALUE v)` (and JSON_OBJECTAGG's) as `JSON_OBJECT(k VALUE v)`,
/// which sqlparser reads: a `KEY` that starts an argument of JSON_OBJECT is left out, unless
/// `VALUE` follows it (a column named `key`; one elsewhere stays).
pub(super) fn without_json_key_words(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let words: Vec<usize> = (0..tokens.len()).filter(|&i| significant(&tokens[i])).collect();
    let mut dropped = vec![false; tokens.len()];
    // For each open parenthesis, whether it is JSON_OBJECT's.
    let mut open: Vec<bool> = Vec::new();
    for (n, &i) in words.iter().enumerate() {
        match tokens[i].token {
            Token::LParen => {
                open.push(n > 0 && ["JSON_OBJECT", "JSON_OBJECTAGG"].iter().any(|f| is_word(&tokens[words[n - 1]], f)))
            }
            Token::RParen => {
                open.pop();
            }
            _ => {}
        }
        let starts_argument = n > 0 && matches!(tokens[words[n - 1]].token, Token::LParen | Token::Comma);
        // `KEY VALUE v`: a column named key.
        let key_named = words.get(n + 1).is_some_and(|&j| is_word(&tokens[j], "VALUE"));
        if is_word(&tokens[i], "KEY") && open.last() == Some(&true) && starts_argument && !key_named {
            dropped[i] = true;
        }
    }
    tokens.into_iter().zip(dropped).filter(|(_, d)| !d).map(|(t, _)| t).collect()
}

/// Flink's `ROW<name type, …>` type as the `STRUCT<…>` sqlparser reads.
pub(super) fn row_types_as_structs(mut tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    for i in 0..tokens.len() {
        let next = tokens[i + 1..].iter().find(|t| significant(t));
        if is_word(&tokens[i], "ROW") && next.is_some_and(|t| t.token == Token::Lt) {
            tokens[i].token = Token::make_keyword("STRUCT");
        }
    }
    tokens
}

/// The name MATCH_RECOGNIZE's `WITHIN` interval is given in DEFINE (see [`match_within_as_define`]).
pub const MATCH_WITHIN: &str = "$WITHIN";

/// Flink's `PATTERN (…) WITHIN INTERVAL … DEFINE …` in MATCH_RECOGNIZE, which sqlparser does not
/// read, as `PATTERN (…) DEFINE "$WITHIN" AS INTERVAL …, …`: the interval becomes DEFINE's first
/// entry, named [`MATCH_WITHIN`], at the position of `WITHIN`. A WITHIN counts when it follows
/// `)` and INTERVAL follows it (LISTAGG's `WITHIN GROUP` stays).
pub(super) fn match_within_as_define(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let mut out: Vec<TokenWithSpan> = Vec::with_capacity(tokens.len() + 4);
    let mut i = 0;
    while i < tokens.len() {
        let within = is_keyword(&tokens[i], Keyword::WITHIN)
            && out.iter().rev().find(|t| significant(t)).is_some_and(|t| t.token == Token::RParen)
            && tokens[i + 1..].iter().find(|t| significant(t)).is_some_and(|t| is_keyword(t, Keyword::INTERVAL));
        match within.then(|| (i + 1..tokens.len()).find(|&j| is_keyword(&tokens[j], Keyword::DEFINE))).flatten() {
            Some(define) => {
                let span = tokens[i].span;
                let at = |token: Token| TokenWithSpan { token, span };
                out.push(tokens[define].clone());
                out.push(at(Token::Whitespace(Whitespace::Space)));
                out.push(at(Token::make_word(MATCH_WITHIN, Some('"'))));
                out.push(at(Token::Whitespace(Whitespace::Space)));
                out.push(at(Token::make_keyword("AS")));
                out.extend(tokens[i + 1..define].iter().cloned());
                out.push(at(Token::Comma));
                i = define + 1;
            }
            _ => {
                out.push(tokens[i].clone());
                i += 1;
            }
        }
    }
    out
}

/// The function a symmetric BETWEEN's lower bound is wrapped in (see [`symmetric_between`]).
pub const SYMMETRIC: &str = "$SYMMETRIC";

/// `x BETWEEN SYMMETRIC a AND b`, which sqlparser does not read, as `x BETWEEN
/// "$SYMMETRIC"(a) AND b`: the planner reads the wrapped bound as the mark of a symmetric
/// BETWEEN ([`SYMMETRIC`]). `BETWEEN ASYMMETRIC` is BETWEEN. The bound runs to the first AND
/// outside parentheses and CASE … END.
pub(super) fn symmetric_between(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let mut out: Vec<TokenWithSpan> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let between = is_keyword(&tokens[i], Keyword::BETWEEN);
        out.push(tokens[i].clone());
        i += 1;
        let Some(next) = between.then(|| (i..tokens.len()).find(|&j| significant(&tokens[j]))).flatten() else {
            continue;
        };
        if is_keyword(&tokens[next], Keyword::ASYMMETRIC) {
            i = next + 1;
        } else if is_keyword(&tokens[next], Keyword::SYMMETRIC) {
            let mut depth = 0;
            let and = (next + 1..tokens.len()).find(|&j| {
                match &tokens[j].token {
                    Token::LParen => depth += 1,
                    Token::RParen => depth -= 1,
                    _ if is_keyword(&tokens[j], Keyword::CASE) => depth += 1,
                    _ if is_keyword(&tokens[j], Keyword::END) => depth -= 1,
                    _ => return depth == 0 && is_keyword(&tokens[j], Keyword::AND),
                }
                false
            });
            // Without its AND, left as it is for sqlparser to report.
            let Some(and) = and else { continue };
            let at = |token: Token| TokenWithSpan { token, span: tokens[next].span };
            out.push(at(Token::make_word(SYMMETRIC, Some('"'))));
            out.push(at(Token::LParen));
            out.extend(tokens[next + 1..and].iter().cloned());
            out.push(at(Token::RParen));
            out.push(at(Token::Whitespace(Whitespace::Space)));
            i = and;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::split_hints;

    #[test]
    fn hints_split_by_name_and_argument_with_quoted_text_whole() {
        let hints = split_hints(" BROADCAST(a, b), LOOKUP('table'='c,d', 'x'='y') ").unwrap();
        let args = |v: &[&str]| v.iter().map(|a| a.to_string()).collect::<Vec<_>>();
        assert_eq!(hints[0], ("BROADCAST".to_string(), args(&["a", "b"])));
        assert_eq!(hints[1], ("LOOKUP".to_string(), args(&["'table'='c,d'", "'x'='y'"])));
        // Two hints without a comma between them, or a hint without its parentheses.
        assert_eq!(split_hints("BROADCAST(a) LOOKUP('table'='c')"), None);
        assert_eq!(split_hints("BROADCAST a"), None);
        assert_eq!(split_hints("BROADCAST(a"), None);
    }
}
