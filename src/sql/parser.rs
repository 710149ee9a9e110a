//! Parsing application code: KDA statements on top of sqlparser.
//!
//! sqlparser knows standard SQL; KDA adds a few forms it does not:
//! - `CREATE [OR REPLACE] STREAM name (col type, …)` and
//!   `CREATE [OR REPLACE] PUMP name AS INSERT INTO stream [(cols)] query`: parsed here, statement by
//!   statement, with sqlparser's own helpers for identifiers, types and queries;
//! - `SELECT STREAM …`: the `STREAM` word is removed from the token list before parsing (its
//!   position is kept, so errors still point at the right place);
//! - `STEP(expr BY INTERVAL …)`: parsed by [`KdaDialect::parse_prefix`].

use sqlparser::ast::{self, Ident};
use sqlparser::dialect::Dialect;
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Location, Token, TokenWithSpan, Tokenizer};

use crate::error::{Error, Position, Result};

/// One statement of application code.
#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    /// `CREATE [OR REPLACE] STREAM name (columns)`.
    CreateStream { name: Ident, columns: Vec<(Ident, ast::DataType)> },
    /// `CREATE [OR REPLACE] PUMP name AS INSERT INTO target [(columns)] query`.
    CreatePump { name: Ident, target: Ident, columns: Vec<Ident>, query: Box<ast::Query> },
    /// A bare `SELECT [STREAM] …`.
    Query { query: Box<ast::Query>, position: Position },
}

/// The dialect of KDA application code. Identifiers follow the generic SQL rules;
/// `STEP(… BY …)` is parsed here.
#[derive(Debug, Default)]
pub struct KdaDialect;

impl Dialect for KdaDialect {
    fn is_identifier_start(&self, ch: char) -> bool {
        ch.is_alphabetic() || ch == '_'
    }

    fn is_identifier_part(&self, ch: char) -> bool {
        ch.is_alphanumeric() || ch == '_' || ch == '$'
    }

    fn parse_prefix(&self, parser: &mut Parser) -> Option<Result<ast::Expr, ParserError>> {
        let is_step = matches!(&parser.peek_token_ref().token,
            Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case("STEP"))
            && parser.peek_nth_token_ref(1).token == Token::LParen;
        if !is_step {
            return None;
        }
        Some(parse_step(parser))
    }
}

/// `STEP(expr BY interval)`, returned as the function call `STEP(expr, interval)`.
fn parse_step(parser: &mut Parser) -> Result<ast::Expr, ParserError> {
    let name = match parser.next_token().token {
        Token::Word(w) => w.into_ident(parser.get_current_token().span),
        _ => unreachable!("checked by the caller"),
    };
    parser.expect_token(&Token::LParen)?;
    let time = parser.parse_expr()?;
    parser.expect_keyword(Keyword::BY)?;
    let interval = parser.parse_expr()?;
    parser.expect_token(&Token::RParen)?;
    let arg = |e| ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(e));
    Ok(ast::Expr::Function(ast::Function {
        name: ast::ObjectName::from(vec![name]),
        uses_odbc_syntax: false,
        parameters: ast::FunctionArguments::None,
        args: ast::FunctionArguments::List(ast::FunctionArgumentList {
            duplicate_treatment: None,
            args: vec![arg(time), arg(interval)],
            clauses: vec![],
        }),
        within_group: vec![],
        filter: None,
        null_treatment: None,
        over: None,
    }))
}

/// Parses application code into statements. The first syntax error stops parsing and
/// carries its line and column.
pub fn parse(sql: &str) -> Result<Vec<Statement>> {
    let dialect = KdaDialect;
    let tokens = Tokenizer::new(&dialect, sql)
        .tokenize_with_location()
        .map_err(|e| syntax_error(e.message, e.location))?;
    let tokens = remove_select_stream(tokens);
    let mut parser = Parser::new(&dialect).with_tokens_with_locations(tokens);
    let mut statements = Vec::new();
    loop {
        while parser.consume_token(&Token::SemiColon) {}
        if parser.peek_token_ref().token == Token::EOF {
            break;
        }
        let statement = parse_statement(&mut parser).map_err(|e| from_parser_error(e, sql))?;
        statements.push(statement);
        let next = parser.peek_token();
        if next.token != Token::EOF && next.token != Token::SemiColon {
            return Err(syntax_error(
                format!("Expected: end of statement, found: {}", next.token),
                next.span.start,
            ));
        }
    }
    if statements.is_empty() {
        return Err(Error::Syntax {
            message: "the application code holds no statement".into(),
            position: Position { line: 1, column: 1 },
        });
    }
    Ok(statements)
}

fn parse_statement(parser: &mut Parser) -> Result<Statement, ParserError> {
    let start = parser.peek_token().span.start;
    if parser.peek_keyword(Keyword::CREATE) {
        let index = parser.index();
        parser.advance_token();
        let _ = parser.parse_keywords(&[Keyword::OR, Keyword::REPLACE]);
        if parse_word(parser, "STREAM") {
            return parse_create_stream(parser);
        }
        if parse_word(parser, "PUMP") {
            return parse_create_pump(parser);
        }
        // Not ours (CREATE TABLE, …): rewind and let sqlparser have it.
        while parser.index() > index {
            parser.prev_token();
        }
    }
    match parser.parse_statement()? {
        ast::Statement::Query(query) => {
            Ok(Statement::Query { query, position: Position { line: start.line, column: start.column } })
        }
        other => Err(ParserError::ParserError(format!(
            "this statement is not supported yet: {}{}",
            first_words(&other.to_string()),
            start
        ))),
    }
}

fn parse_create_stream(parser: &mut Parser) -> Result<Statement, ParserError> {
    let name = parser.parse_identifier()?;
    parser.expect_token(&Token::LParen)?;
    let columns = parser.parse_comma_separated(|p| {
        let column = p.parse_identifier()?;
        let data_type = p.parse_data_type()?;
        Ok((column, data_type))
    })?;
    parser.expect_token(&Token::RParen)?;
    Ok(Statement::CreateStream { name, columns })
}

fn parse_create_pump(parser: &mut Parser) -> Result<Statement, ParserError> {
    let name = parser.parse_identifier()?;
    parser.expect_keyword(Keyword::AS)?;
    parser.expect_keyword(Keyword::INSERT)?;
    parser.expect_keyword(Keyword::INTO)?;
    let target = parser.parse_identifier()?;
    let columns = if parser.peek_token_ref().token == Token::LParen
        && !matches!(&parser.peek_nth_token_ref(1).token, Token::Word(w) if w.keyword == Keyword::SELECT)
    {
        parser.expect_token(&Token::LParen)?;
        let columns = parser.parse_comma_separated(|p| p.parse_identifier())?;
        parser.expect_token(&Token::RParen)?;
        columns
    } else {
        vec![]
    };
    let query = parser.parse_query()?;
    Ok(Statement::CreatePump { name, target, columns, query })
}

/// Consumes the unquoted word `word` if it is next.
fn parse_word(parser: &mut Parser, word: &str) -> bool {
    let found = matches!(&parser.peek_token_ref().token,
        Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(word));
    if found {
        parser.advance_token();
    }
    found
}

/// Drops the `STREAM` of `SELECT STREAM`: a streaming select means the same as a select here.
fn remove_select_stream(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let mut out: Vec<TokenWithSpan> = Vec::with_capacity(tokens.len());
    let mut after_select = false;
    for t in tokens {
        match &t.token {
            Token::Whitespace(_) => {}
            Token::Word(w) if after_select && w.quote_style.is_none() && w.value.eq_ignore_ascii_case("STREAM") => {
                after_select = false;
                continue;
            }
            Token::Word(w) => after_select = w.keyword == Keyword::SELECT,
            _ => after_select = false,
        }
        out.push(t);
    }
    out
}

fn syntax_error(message: impl Into<String>, location: Location) -> Error {
    Error::Syntax {
        message: message.into(),
        position: Position { line: location.line.max(1), column: location.column.max(1) },
    }
}

/// sqlparser puts the position at the end of its message (" at Line: 3, Column: 7");
/// take it out into the error's position.
fn from_parser_error(e: ParserError, sql: &str) -> Error {
    let message = match e {
        ParserError::TokenizerError(m) | ParserError::ParserError(m) => m,
        ParserError::RecursionLimitExceeded => "the statement is nested too deeply".to_string(),
    };
    if let Some((text, loc)) = message.rsplit_once(" at Line: ") {
        if let Some((line, column)) = loc.split_once(", Column: ") {
            if let (Ok(line), Ok(column)) = (line.trim().parse::<u64>(), column.trim().parse::<u64>()) {
                // The end of input has no location of its own: point just past the last character.
                let position = if line == 0 { end_of(sql) } else { Position { line, column } };
                return Error::Syntax { message: text.to_string(), position };
            }
        }
    }
    Error::Syntax { message, position: end_of(sql) }
}

fn end_of(sql: &str) -> Position {
    let trimmed = sql.trim_end();
    let line = trimmed.lines().count().max(1) as u64;
    let column = trimmed.lines().last().map_or(0, |l| l.chars().count()) as u64 + 1;
    Position { line, column }
}

fn first_words(sql: &str) -> String {
    sql.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

/// KDA's identifier rule: unquoted names fold to upper case, quoted names are exact.
pub fn normalize_ident(ident: &Ident) -> String {
    match ident.quote_style {
        None => ident.value.to_uppercase(),
        Some(_) => ident.value.clone(),
    }
}

/// The 1-based position an identifier starts at.
pub fn ident_position(ident: &Ident) -> Option<Position> {
    let start = ident.span.start;
    (start.line > 0).then_some(Position { line: start.line, column: start.column })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_kda_stream_and_pump() {
        let statements = parse(
            "CREATE OR REPLACE STREAM \"DEST\" (ticker VARCHAR(4), n INTEGER);\n\
             CREATE OR REPLACE PUMP p AS INSERT INTO \"DEST\"\n\
               SELECT STREAM ticker, COUNT(*) FROM \"SOURCE_SQL_STREAM_001\"\n\
               GROUP BY ticker, STEP(\"SOURCE_SQL_STREAM_001\".ROWTIME BY INTERVAL '10' SECOND);",
        )
        .unwrap();
        assert_eq!(statements.len(), 2);
        let Statement::CreatePump { name, target, query, .. } = &statements[1] else { panic!() };
        assert_eq!(normalize_ident(name), "P");
        assert_eq!(normalize_ident(target), "DEST");
        assert!(query.to_string().contains("STEP(\"SOURCE_SQL_STREAM_001\".ROWTIME, INTERVAL '10' SECOND)"));
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let err = parse("CREATE STREAM s (a INTEGER);\nSELECT STREAM a FROM s WHERE").unwrap_err();
        let pos = err.position().unwrap();
        assert_eq!(pos.line, 2, "{err}");
        assert!(err.to_string().contains("line 2"), "{err}");
    }
}
