//! Parsing application code: KDA statements on top of sqlparser.
//!
//! sqlparser knows standard SQL; KDA adds a few forms it does not:
//! - `CREATE [OR REPLACE] STREAM name (col type, …)` and
//!   `CREATE [OR REPLACE] PUMP name AS INSERT INTO stream [(cols)] query`: parsed here, statement by
//!   statement, with sqlparser's own helpers for identifiers, types and queries;
//! - `SELECT STREAM …`: the `STREAM` word is removed from the token list before parsing (its
//!   position is kept, so errors still point at the right place);
//! - `STEP(expr BY INTERVAL …)`, `CURSOR(SELECT STREAM …)` (a table function's input),
//!   `SUBSTRING(s SIMILAR p ESCAPE e)` and `TRIM(BOTH FROM s)`: parsed by
//!   [`KdaDialect::parse_prefix`](KdaDialect#method.parse_prefix).
//!
//! and Flink's:
//! - `CREATE TABLE t (col type [COMMENT '…'], …, WATERMARK FOR col AS col - INTERVAL …) [COMMENT '…'] [WITH (…)]`;
//! - `CREATE TABLE t [WITH (…)] AS query`;
//! - `INSERT INTO t [(cols)] query`, also inside `EXECUTE STATEMENT SET BEGIN … END` (or the
//!   older `BEGIN STATEMENT SET; … END`), whose INSERTs are returned one by one;
//! - `SET 'key' = 'value'`, a job option (the planner decides which it honours);
//! - `TABLE t [PARTITION BY …]` as a window TVF argument, returned by the dialect as the
//!   function call `TABLE(t, partition keys…)`.
//!
//! Each statement records whether it is KDA (streams, pumps, `SELECT STREAM`) or Flink: the
//! two name things differently (KDA folds unquoted names to upper case, Flink keeps them).
//!
//! `mod.rs` parses statements and places syntax errors; `dialect.rs` is [`KdaDialect`], which
//! reads the expressions sqlparser does not; `tokens.rs` rewrites the token list before parsing.

mod dialect;
mod json_clauses;
mod tokens;

pub(crate) use dialect::{call, KdaDialect, JSON_ARRAY_OF, JSON_OBJECT_OF, MAP_CONSTRUCTOR, PERCENTILE_OF};
pub(crate) use json_clauses::CLAUSE as JSON_CLAUSE;
pub(crate) use tokens::{join_window, state_ttls, MATCH_WITHIN, SYMMETRIC};

use sqlparser::ast::{self, Ident};
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Location, Token, Tokenizer};

use self::tokens::{
    ceiling_as_ceil, join_windows_as_arguments, match_within_as_define, refuse_hints, remove_select_stream,
    row_types_as_structs, symmetric_between, without_json_key_words,
};
use crate::error::{Error, Position, Result};

/// One statement of application code.
#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    /// KDA's `CREATE [OR REPLACE] STREAM name (column type [NOT NULL], …)`.
    CreateStream { name: Ident, columns: Vec<(Ident, ast::DataType)>, not_null: Vec<Ident> },
    /// `CREATE [OR REPLACE] PUMP name AS INSERT INTO target [(columns)] query`.
    CreatePump { name: Ident, target: Ident, columns: Vec<Ident>, query: Box<ast::Query> },
    /// Flink's `CREATE TABLE name (columns, WATERMARK FOR col AS expr) [WITH (options)]`.
    CreateTable {
        name: Ident,
        columns: Vec<(Ident, ast::DataType)>,
        /// `name AS expr` columns, with the number of physical columns declared before each.
        computed: Vec<(usize, Ident, ast::Expr)>,
        watermark: Option<Box<(Ident, ast::Expr)>>,
        /// `PRIMARY KEY (…) NOT ENFORCED`: what an updating result written to the table is
        /// keyed by.
        primary_key: Vec<Ident>,
        /// `PARTITIONED BY (…)`: how a filesystem sink lays its files out (its rows are the
        /// same).
        partitioned_by: Vec<Ident>,
        options: Vec<(String, String)>,
        /// The physical columns declared `NOT NULL`.
        not_null: Vec<Ident>,
        /// `CREATE TABLE IF NOT EXISTS`: a name already declared keeps its first declaration.
        if_not_exists: bool,
    },
    /// Flink's `CREATE [TEMPORARY [SYSTEM]] FUNCTION name AS 'class' [LANGUAGE …]`.
    CreateFunction { name: Ident, class: String },
    /// Flink's `CREATE TABLE name [WITH (options)] AS query`: a table of the query's columns,
    /// written by it.
    CreateTableAs { name: Ident, options: Vec<(String, String)>, query: Box<ast::Query>, if_not_exists: bool },
    /// Flink's `CREATE [TEMPORARY] VIEW [IF NOT EXISTS] name AS query`.
    CreateView { name: Ident, query: Box<ast::Query>, if_not_exists: bool },
    /// Flink's `INSERT INTO target [(columns)] query`.
    Insert { target: Ident, columns: Vec<Ident>, query: Box<ast::Query> },
    /// A bare query; `kda` when it is `SELECT STREAM`.
    Query { query: Box<ast::Query>, position: Position, kda: bool },
    /// Flink's `SET 'key' = 'value'`: a job option, at the key's position.
    Set { key: String, value: String, position: Position },
    /// `EXPLAIN statement`: its plan, instead of running it.
    Explain(Box<Statement>),
    /// Flink's catalog statements (`DESCRIBE t`, `SHOW TABLES`, …): a result of rows.
    Show { listing: Listing, position: Position },
}

/// What a catalog statement lists.
#[derive(Debug, Clone, PartialEq)]
pub enum Listing {
    /// `DESCRIBE t`, `DESC t`, `SHOW COLUMNS FROM t`: the table's or view's columns.
    Columns(Ident),
    /// `SHOW TABLES`: tables and views.
    Tables,
    /// `SHOW VIEWS`.
    Views,
    /// `SHOW FUNCTIONS`: the functions kdalite runs.
    Functions,
}

/// The lower bound of `x BETWEEN SYMMETRIC a AND b` as the parser reads it (`a` wrapped in
/// [`SYMMETRIC`]), unwrapped; `None` for any other bound.
pub(crate) fn symmetric_bound(low: &ast::Expr) -> Option<&ast::Expr> {
    let ast::Expr::Function(f) = low else { return None };
    let [ast::ObjectNamePart::Identifier(name)] = f.name.0.as_slice() else { return None };
    if name.quote_style.is_none() || name.value != SYMMETRIC {
        return None;
    }
    match &f.args {
        ast::FunctionArguments::List(list) => match list.args.as_slice() {
            [ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(bound))] => Some(bound),
            _ => None,
        },
        _ => None,
    }
}

/// Parses application code into statements. The first syntax error stops parsing and
/// carries its line and column.
pub fn parse(sql: &str) -> Result<Vec<Statement>> {
    let dialect = KdaDialect;
    let tokens =
        Tokenizer::new(&dialect, sql).tokenize_with_location().map_err(|e| syntax_error(e.message, e.location))?;
    refuse_hints(&tokens)?;
    let (tokens, stream_selects) = remove_select_stream(tokens);
    let tokens = row_types_as_structs(tokens);
    let tokens = ceiling_as_ceil(tokens);
    let tokens = join_windows_as_arguments(tokens);
    let tokens = without_json_key_words(tokens);
    let tokens = json_clauses::json_clauses_as_arguments(tokens);
    let tokens = match_within_as_define(tokens);
    let tokens = symmetric_between(tokens);
    let mut parser = Parser::new(&dialect).with_tokens_with_locations(tokens);
    let mut statements = Vec::new();
    // Where an open `EXECUTE STATEMENT SET … BEGIN` began.
    let mut statement_set: Option<Location> = None;
    loop {
        while parser.consume_token(&Token::SemiColon) {}
        let first = parser.peek_token().span.start;
        if parser.peek_token_ref().token == Token::EOF {
            if let Some(begin) = statement_set {
                return Err(syntax_error("this statement set has no END", begin));
            }
            break;
        }
        if statement_set.is_none() && begins_statement_set(&mut parser) {
            statement_set = Some(first);
            continue;
        }
        if statement_set.is_some() && parser.parse_keyword(Keyword::END) {
            statement_set = None;
            let next = parser.peek_token();
            if next.token != Token::EOF && next.token != Token::SemiColon {
                return Err(syntax_error(format!("Expected: ; after END, found: {}", next.token), next.span.start));
            }
            continue;
        }
        if statement_set.is_none() && parse_word(&mut parser, "USE") {
            parse_use(&mut parser, first).map_err(|e| from_parser_error(e, sql))?;
            continue;
        }
        // `EXECUTE INSERT INTO …` runs one INSERT as a job of its own: here, as any INSERT.
        if statement_set.is_none()
            && parser.peek_keyword(Keyword::EXECUTE)
            && matches!(&parser.peek_nth_token_ref(1).token, Token::Word(w) if w.keyword == Keyword::INSERT)
        {
            parser.advance_token();
        }
        let mut statement = parse_statement(&mut parser).map_err(|e| from_parser_error(e, sql))?;
        if statement_set.is_some() && !matches!(statement, Statement::Insert { .. }) {
            return Err(syntax_error("a statement set holds only INSERT INTO statements", first));
        }
        let next = parser.peek_token();
        let inner = match &mut statement {
            Statement::Explain(inner) => inner.as_mut(),
            other => other,
        };
        if let Statement::Query { kda, .. } = inner {
            let end = next.span.start;
            let within = |l: &Location| {
                (l.line, l.column) >= (first.line, first.column)
                    && (next.token == Token::EOF || (l.line, l.column) < (end.line, end.column))
            };
            *kda = stream_selects.iter().any(within);
        }
        statements.push(statement);
        if next.token != Token::EOF && next.token != Token::SemiColon {
            return Err(syntax_error(format!("Expected: end of statement, found: {}", next.token), next.span.start));
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

/// What kdalite says of a catalog or database it does not have.
pub(crate) const ONE_DATABASE: &str =
    "kdalite has one catalog and one database, default_catalog.default_database, where every table is";

/// Whether `path`, a database with its catalog before it (each left out from the front, as a
/// table's qualifiers are), is kdalite's one: Flink's `default_catalog.default_database`.
pub(crate) fn is_default_database(path: &[&str]) -> bool {
    matches!(path, [] | ["default_database"] | ["default_catalog", "default_database"])
}

/// Flink's `USE CATALOG c`, `USE [c.]db` and `USE MODULES m, …` after the USE: kdalite has one
/// catalog, `default_catalog`, one database, `default_database`, and the core functions, so a
/// USE of those changes nothing and any other is an error (never ignored).
fn parse_use(parser: &mut Parser, at: Location) -> Result<(), ParserError> {
    let catalog = parse_word(parser, "CATALOG");
    if !catalog && parse_word(parser, "MODULES") {
        let modules = parser.parse_comma_separated(|p| p.parse_identifier())?;
        if modules.iter().all(|m| m.value.eq_ignore_ascii_case("core")) {
            return Ok(());
        }
        return Err(ParserError::ParserError(format!(
            "kdalite has the core functions only, not USE MODULES of other modules{at}"
        )));
    }
    let name = parser.parse_object_name(false)?;
    let parts: Vec<String> = name.0.iter().map(|p| p.to_string().trim_matches('`').to_string()).collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    let fits = match (catalog, parts.as_slice()) {
        (true, [c]) => *c == "default_catalog",
        (false, path) => !path.is_empty() && is_default_database(path),
        _ => false,
    };
    if fits {
        return Ok(());
    }
    Err(ParserError::ParserError(format!(
        "{ONE_DATABASE}: USE {}{name} cannot change them{at}",
        if catalog { "CATALOG " } else { "" }
    )))
}

/// Consumes `EXECUTE STATEMENT SET BEGIN`, or the older `BEGIN STATEMENT SET;`, if next.
fn begins_statement_set(parser: &mut Parser) -> bool {
    if parser.parse_keywords(&[Keyword::EXECUTE, Keyword::STATEMENT, Keyword::SET, Keyword::BEGIN]) {
        return true;
    }
    parser.parse_keywords(&[Keyword::BEGIN, Keyword::STATEMENT, Keyword::SET])
}

/// `SET 'key' = 'value'` after its SET; a syntax error for any other form.
fn parse_set(parser: &mut Parser) -> Result<Statement, ParserError> {
    let at = parser.peek_token();
    let position = Position { line: at.span.start.line, column: at.span.start.column };
    let Token::SingleQuotedString(key) = at.token else {
        return Err(ParserError::ParserError(format!(
            "SET takes a quoted key and value, as Flink's SQL client does: SET 'key' = 'value'{}",
            at.span.start
        )));
    };
    parser.advance_token();
    parser.expect_token(&Token::Eq)?;
    let value = parser.parse_literal_string()?;
    Ok(Statement::Set { key, value, position })
}

fn parse_statement(parser: &mut Parser) -> Result<Statement, ParserError> {
    let start = parser.peek_token().span.start;
    if parser.parse_keyword(Keyword::SET) {
        return parse_set(parser);
    }
    if parser.parse_keyword(Keyword::EXPLAIN) {
        let _ = parser.parse_keywords(&[Keyword::PLAN, Keyword::FOR]);
        return Ok(Statement::Explain(Box::new(parse_statement(parser)?)));
    }
    if parser.peek_keyword(Keyword::CREATE) {
        // Look ahead, without consuming, for `CREATE [OR REPLACE] STREAM|PUMP|TABLE`.
        let is_keyword = |t: &Token, k: Keyword| matches!(t, Token::Word(w) if w.keyword == k);
        let or_replace = is_keyword(&parser.peek_nth_token_ref(1).token, Keyword::OR)
            && is_keyword(&parser.peek_nth_token_ref(2).token, Keyword::REPLACE);
        let mut kind_at = if or_replace { 3 } else { 1 };
        // Flink's CREATE TEMPORARY TABLE: a table of the session, as every table here is.
        if is_keyword(&parser.peek_nth_token_ref(kind_at).token, Keyword::TEMPORARY)
            && is_keyword(&parser.peek_nth_token_ref(kind_at + 1).token, Keyword::TABLE)
        {
            kind_at += 1;
        }
        let kind = match &parser.peek_nth_token_ref(kind_at).token {
            Token::Word(w) if w.quote_style.is_none() => w.value.to_uppercase(),
            _ => String::new(),
        };
        if matches!(kind.as_str(), "STREAM" | "PUMP" | "TABLE") {
            for _ in 0..=kind_at {
                parser.advance_token();
            }
            return match kind.as_str() {
                "STREAM" => parse_create_stream(parser),
                "PUMP" => parse_create_pump(parser),
                _ => parse_create_table(parser),
            };
        }
    }
    if let Some(function) = parser.maybe_parse(parse_create_function)? {
        return Ok(function);
    }
    if let Some(listing) = parse_listing(parser)? {
        return Ok(Statement::Show { listing, position: Position { line: start.line, column: start.column } });
    }
    if parser.parse_keywords(&[Keyword::INSERT, Keyword::INTO]) {
        let (target, columns) = parse_insert_target(parser)?;
        let query = parser.parse_query()?;
        return Ok(Statement::Insert { target, columns, query });
    }
    match parser.parse_statement()? {
        ast::Statement::Query(query) => {
            Ok(Statement::Query { query, position: Position { line: start.line, column: start.column }, kda: false })
        }
        ast::Statement::CreateView(view) if view.columns.is_empty() && !view.materialized => {
            let Some(ast::ObjectNamePart::Identifier(name)) = view.name.0.last().cloned() else {
                return Err(ParserError::ParserError(format!("a view needs a plain name, not {}{start}", view.name)));
            };
            Ok(Statement::CreateView { name, query: view.query, if_not_exists: view.if_not_exists })
        }
        other => Err(ParserError::ParserError(format!(
            "this statement is not supported yet: {}{}",
            first_words(&other.to_string(), 3),
            start
        ))),
    }
}

/// `DESCRIBE t`, `DESC t`, `SHOW COLUMNS FROM|IN t`, `SHOW TABLES`, `SHOW VIEWS`, `SHOW FUNCTIONS`.
fn parse_listing(parser: &mut Parser) -> Result<Option<Listing>, ParserError> {
    if parser.parse_one_of_keywords(&[Keyword::DESCRIBE, Keyword::DESC]).is_some() {
        return Ok(Some(Listing::Columns(parser.parse_identifier()?)));
    }
    let show = matches!(&parser.peek_token_ref().token, Token::Word(w) if w.keyword == Keyword::SHOW);
    let what = match &parser.peek_nth_token_ref(1).token {
        Token::Word(w) if show => w.keyword,
        _ => return Ok(None),
    };
    let listing = match what {
        Keyword::TABLES => Listing::Tables,
        Keyword::VIEWS => Listing::Views,
        Keyword::FUNCTIONS => Listing::Functions,
        Keyword::COLUMNS => {
            parser.advance_token();
            parser.advance_token();
            parser.expect_one_of_keywords(&[Keyword::FROM, Keyword::IN])?;
            return Ok(Some(Listing::Columns(parser.parse_identifier()?)));
        }
        _ => return Ok(None),
    };
    parser.advance_token();
    parser.advance_token();
    Ok(Some(listing))
}

/// `CREATE [TEMPORARY [SYSTEM]] FUNCTION [IF NOT EXISTS] name AS 'class' [LANGUAGE JAVA|SCALA|PYTHON]`;
/// an error (for `maybe_parse`) when the statement is anything else.
fn parse_create_function(parser: &mut Parser) -> Result<Statement, ParserError> {
    parser.expect_keyword(Keyword::CREATE)?;
    let _ = parser.parse_keyword(Keyword::TEMPORARY);
    let _ = parser.parse_keyword(Keyword::SYSTEM);
    parser.expect_keyword(Keyword::FUNCTION)?;
    let _ = parser.parse_keywords(&[Keyword::IF, Keyword::NOT, Keyword::EXISTS]);
    let name = parser.parse_identifier()?;
    parser.expect_keyword(Keyword::AS)?;
    let class = parser.parse_literal_string()?;
    if parser.parse_keyword(Keyword::LANGUAGE) {
        parser.parse_identifier()?;
    }
    Ok(Statement::CreateFunction { name, class })
}

fn parse_create_stream(parser: &mut Parser) -> Result<Statement, ParserError> {
    let name = parser.parse_identifier()?;
    parser.expect_token(&Token::LParen)?;
    let mut not_null = Vec::new();
    let columns = parser.parse_comma_separated(|p| {
        let column = p.parse_identifier()?;
        let data_type = p.parse_data_type()?;
        if p.parse_keywords(&[Keyword::NOT, Keyword::NULL]) {
            not_null.push(column.clone());
        }
        Ok((column, data_type))
    })?;
    parser.expect_token(&Token::RParen)?;
    Ok(Statement::CreateStream { name, columns, not_null })
}

fn parse_create_pump(parser: &mut Parser) -> Result<Statement, ParserError> {
    let name = parser.parse_identifier()?;
    parser.expect_keyword(Keyword::AS)?;
    parser.expect_keyword(Keyword::INSERT)?;
    parser.expect_keyword(Keyword::INTO)?;
    let (target, columns) = parse_insert_target(parser)?;
    let query = parser.parse_query()?;
    Ok(Statement::CreatePump { name, target, columns, query })
}

/// `target [(col, …)]` of an INSERT.
fn parse_insert_target(parser: &mut Parser) -> Result<(Ident, Vec<Ident>), ParserError> {
    let target = parser.parse_identifier()?;
    if parser.peek_keyword(Keyword::PARTITION) {
        return Err(ParserError::ParserError(format!(
            "INSERT … PARTITION (…) is not supported: select the partition columns' values with the others{}",
            parser.peek_token().span.start
        )));
    }
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
    Ok((target, columns))
}

/// Flink's `CREATE TABLE`: physical columns, an optional `WATERMARK FOR`, an optional
/// `[CONSTRAINT name] PRIMARY KEY (…) NOT ENFORCED` (or a column's own `PRIMARY KEY NOT
/// ENFORCED`), and `WITH ('k' = 'v', …)`. `COMMENT '…'` on a column or the table is read and
/// left out, as it changes nothing; metadata columns and `LIKE` are refused where they are.
fn parse_create_table(parser: &mut Parser) -> Result<Statement, ParserError> {
    let if_not_exists = parser.parse_keywords(&[Keyword::IF, Keyword::NOT, Keyword::EXISTS]);
    let name = parser.parse_identifier()?;
    if parser.peek_token_ref().token != Token::LParen {
        let options = parse_table_options(parser)?;
        refuse_like(parser)?;
        parser.expect_keyword(Keyword::AS)?;
        let query = parser.parse_query()?;
        return Ok(Statement::CreateTableAs { name, options, query, if_not_exists });
    }
    parser.expect_token(&Token::LParen)?;
    let mut columns = Vec::new();
    let mut computed = Vec::new();
    let mut watermark = None;
    let mut not_null = Vec::new();
    let mut primary_key = Vec::new();
    loop {
        if parse_word(parser, "WATERMARK") {
            parser.expect_keyword(Keyword::FOR)?;
            let column = parser.parse_identifier()?;
            parser.expect_keyword(Keyword::AS)?;
            watermark = Some(Box::new((column, parser.parse_expr()?)));
        } else if let Some(at) = parse_primary_key(parser)? {
            one_primary_key(at, &primary_key)?;
            parser.expect_token(&Token::LParen)?;
            primary_key = parser.parse_comma_separated(|p| p.parse_identifier())?;
            parser.expect_token(&Token::RParen)?;
            let _ = parser.parse_keywords(&[Keyword::NOT, Keyword::ENFORCED]);
        } else {
            let column = parser.parse_identifier()?;
            if parser.parse_keyword(Keyword::AS) {
                computed.push((columns.len(), column, parser.parse_expr()?));
                skip_comment(parser)?;
                if !parser.consume_token(&Token::Comma) {
                    break;
                }
                continue;
            }
            let data_type = parser.parse_data_type()?;
            if parser.parse_keywords(&[Keyword::NOT, Keyword::NULL]) {
                not_null.push(column.clone());
            }
            if parse_word(parser, "METADATA") {
                return Err(ParserError::ParserError(format!(
                    "metadata columns (METADATA FROM …) are not supported: kdalite's inputs carry no metadata beyond their rows; declare the column as data{}",
                    parser.get_current_token().span.start
                )));
            }
            if let Some(at) = parse_primary_key(parser)? {
                one_primary_key(at, &primary_key)?;
                parser.expect_keywords(&[Keyword::NOT, Keyword::ENFORCED])?;
                primary_key = vec![column.clone()];
            }
            skip_comment(parser)?;
            columns.push((column, data_type));
        }
        if !parser.consume_token(&Token::Comma) {
            break;
        }
    }
    parser.expect_token(&Token::RParen)?;
    skip_comment(parser)?;
    let mut partitioned_by = Vec::new();
    if parse_word(parser, "PARTITIONED") {
        parser.expect_keyword(Keyword::BY)?;
        parser.expect_token(&Token::LParen)?;
        partitioned_by = parser.parse_comma_separated(|p| p.parse_identifier())?;
        parser.expect_token(&Token::RParen)?;
    }
    let options = parse_table_options(parser)?;
    refuse_like(parser)?;
    Ok(Statement::CreateTable {
        name,
        columns,
        computed,
        watermark,
        primary_key,
        partitioned_by,
        options,
        not_null,
        if_not_exists,
    })
}

/// `[CONSTRAINT name] PRIMARY KEY`, if it is next (the name has no use): where it starts.
fn parse_primary_key(parser: &mut Parser) -> Result<Option<Location>, ParserError> {
    let at = parser.peek_token().span.start;
    if parser.parse_keyword(Keyword::CONSTRAINT) {
        parser.parse_identifier()?;
        parser.expect_keywords(&[Keyword::PRIMARY, Keyword::KEY])?;
        return Ok(Some(at));
    }
    Ok(parser.parse_keywords(&[Keyword::PRIMARY, Keyword::KEY]).then_some(at))
}

/// Refuses Flink's `LIKE other_table`, if it is next.
fn refuse_like(parser: &Parser) -> Result<(), ParserError> {
    if !parser.peek_keyword(Keyword::LIKE) {
        return Ok(());
    }
    Err(ParserError::ParserError(format!(
        "CREATE TABLE … LIKE is not supported: declare the table's columns and options{}",
        parser.peek_token().span.start
    )))
}

/// Refuses a second PRIMARY KEY (at `at`; `declared`: the one before), as Flink does.
fn one_primary_key(at: Location, declared: &[Ident]) -> Result<(), ParserError> {
    if declared.is_empty() {
        return Ok(());
    }
    Err(ParserError::ParserError(format!(
        "a table has one PRIMARY KEY, which may name several columns: PRIMARY KEY (a, b) NOT ENFORCED{at}"
    )))
}

/// A column's or a table's `COMMENT 'text'`, if it is next: documentation, which changes nothing.
fn skip_comment(parser: &mut Parser) -> Result<(), ParserError> {
    if parser.parse_keyword(Keyword::COMMENT) {
        parser.parse_literal_string()?;
    }
    Ok(())
}

/// A table's `WITH ('key' = 'value', …)`, if it has one.
fn parse_table_options(parser: &mut Parser) -> Result<Vec<(String, String)>, ParserError> {
    if !parser.parse_keyword(Keyword::WITH) {
        return Ok(vec![]);
    }
    parser.expect_token(&Token::LParen)?;
    let options = parser.parse_comma_separated(|p| {
        let key = p.parse_literal_string()?;
        p.expect_token(&Token::Eq)?;
        let value = p.parse_literal_string()?;
        Ok((key, value))
    })?;
    parser.expect_token(&Token::RParen)?;
    Ok(options)
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

/// The first `n` words of `sql`: what a message about a construct kdalite does not take quotes.
pub(crate) fn first_words(sql: &str, n: usize) -> String {
    sql.split_whitespace().take(n).collect::<Vec<_>>().join(" ")
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
    span_position(ident.span)
}

/// Where `span` starts; none for a node sqlparser did not read from the text (line 0).
pub(crate) fn span_position(span: sqlparser::tokenizer::Span) -> Option<Position> {
    (span.start.line > 0).then_some(Position { line: span.start.line, column: span.start.column })
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
