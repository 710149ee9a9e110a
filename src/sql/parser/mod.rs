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
//!   [`KdaDialect::parse_prefix`].
//!
//! and Flink's:
//! - `CREATE TABLE t (col type, …, WATERMARK FOR col AS col - INTERVAL …) [WITH (…)]`;
//! - `CREATE TABLE t [WITH (…)] AS query`;
//! - `INSERT INTO t [(cols)] query`, also inside `EXECUTE STATEMENT SET BEGIN … END` (or the
//!   older `BEGIN STATEMENT SET; … END`), whose INSERTs are returned one by one;
//! - `SET 'key' = 'value'`, a job option (the planner decides which it honours);
//! - `TABLE t [PARTITION BY …]` as a window TVF argument, returned by the dialect as the
//!   function call `TABLE(t, partition keys…)`.
//!
//! Each statement records whether it is KDA (streams, pumps, `SELECT STREAM`) or Flink: the
//! two name things differently (KDA folds unquoted names to upper case, Flink keeps them).

use sqlparser::ast::{self, Ident};
use sqlparser::dialect::Dialect;
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Location, Token, TokenWithSpan, Tokenizer, Whitespace};

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

    /// `STRUCT<…>` types, which Flink's `ROW<…>` is read as.
    fn supports_struct_literal(&self) -> bool {
        true
    }

    /// Flink's `MAP<key, value>` type.
    fn supports_map_literal_with_angle_brackets(&self) -> bool {
        true
    }

    /// Flink's lookup joins: `JOIN t FOR SYSTEM_TIME AS OF s.proc AS x`.
    fn supports_table_versioning(&self) -> bool {
        true
    }

    /// `INTERVAL DAY TO HOUR` as a type (in CAST and column declarations).
    fn supports_interval_options(&self) -> bool {
        true
    }

    /// `GROUP BY GROUPING SETS (…)`, `ROLLUP (…)` and `CUBE (…)`.
    fn supports_group_by_expr(&self) -> bool {
        true
    }

    /// `JSON_OBJECT('k' VALUE v)`: a key that is an expression.
    fn supports_named_fn_args_with_expr_name(&self) -> bool {
        true
    }

    /// Flink's `ARRAY_AGG(x IGNORE NULLS)`.
    fn supports_window_function_null_treatment_arg(&self) -> bool {
        true
    }

    /// Flink's `COUNT(*) FILTER (WHERE …)`.
    fn supports_filter_during_aggregation(&self) -> bool {
        true
    }

    fn parse_prefix(&self, parser: &mut Parser) -> Option<Result<ast::Expr, ParserError>> {
        let is_step = matches!(&parser.peek_token_ref().token,
            Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case("STEP"))
            && parser.peek_nth_token_ref(1).token == Token::LParen;
        if !is_step {
            return kda_prefix(parser);
        }
        Some(parse_step(parser))
    }
}

/// `STAGGER(PARTITION BY k, … RANGE INTERVAL …)` as the call `STAGGER(interval, k, …)`.
fn parse_stagger(parser: &mut Parser) -> Result<ast::Expr, ParserError> {
    let keyword = parser.next_token();
    let name = ast::Ident::with_span(keyword.span, "STAGGER");
    parser.expect_token(&Token::LParen)?;
    parser.expect_keywords(&[Keyword::PARTITION, Keyword::BY])?;
    let keys = parser.parse_comma_separated(|p| p.parse_expr())?;
    parser.expect_keyword(Keyword::RANGE)?;
    let range = parser.parse_expr()?;
    parser.expect_token(&Token::RParen)?;
    let mut args = vec![range];
    args.extend(keys);
    Ok(call(name, args))
}

/// Called for every prefix expression: `STEP(` and a window TVF's `TABLE name` argument.
fn kda_prefix(parser: &mut Parser) -> Option<Result<ast::Expr, ParserError>> {
    let stagger = matches!(&parser.peek_token_ref().token,
        Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case("STAGGER"))
        && parser.peek_nth_token_ref(1).token == Token::LParen;
    if stagger {
        return Some(parse_stagger(parser));
    }
    let word = |n: usize, name: &str| matches!(&parser.peek_nth_token_ref(n).token, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(name));
    if word(0, "TRIM")
        && parser.peek_nth_token_ref(1).token == Token::LParen
        && ["BOTH", "LEADING", "TRAILING"].iter().any(|side| word(2, side))
        && matches!(&parser.peek_nth_token_ref(3).token, Token::Word(w) if w.keyword == Keyword::FROM)
    {
        return Some(parse_trim_from(parser));
    }
    // Flink has no empty `ARRAY[]` (its type would be unknown): an error where it is written.
    if word(0, "ARRAY")
        && parser.peek_nth_token_ref(1).token == Token::LBracket
        && parser.peek_nth_token_ref(2).token == Token::RBracket
    {
        parser.next_token();
        parser.next_token();
        let found = parser.peek_token();
        return Some(parser.expected("an element: Flink has no empty ARRAY[] either (an empty array is ARRAY_REMOVE(ARRAY[0], 0); no array, CAST(NULL AS ARRAY<INT>))", found));
    }
    if word(0, "MAP") && parser.peek_nth_token_ref(1).token == Token::LBracket {
        return Some(parse_map(parser));
    }
    if word(0, "PERCENTILE") && parser.peek_nth_token_ref(1).token == Token::LParen {
        return Some(parse_percentile(parser));
    }
    if word(0, "JSON_ARRAYAGG") && parser.peek_nth_token_ref(1).token == Token::LParen {
        return Some(parse_json_arrayagg(parser));
    }
    if word(0, "JSON_OBJECTAGG") && parser.peek_nth_token_ref(1).token == Token::LParen {
        return Some(parse_json_objectagg(parser));
    }
    if word(0, "NTH_VALUE") && parser.peek_nth_token_ref(1).token == Token::LParen {
        return Some(parse_nth_value(parser));
    }
    if word(0, "CURSOR") && parser.peek_nth_token_ref(1).token == Token::LParen {
        return Some(parse_cursor(parser));
    }
    if word(0, "SUBSTRING") && parser.peek_nth_token_ref(1).token == Token::LParen {
        if let Ok(Some(similar)) = parser.maybe_parse(parse_substring_similar) {
            return Some(Ok(similar));
        }
    }
    if parser.peek_token_ref().token == Token::LParen && qualifier_follows_parentheses(parser) {
        return Some(parse_datetime_difference(parser));
    }
    let table_argument = matches!(&parser.peek_token_ref().token, Token::Word(w) if w.keyword == Keyword::TABLE)
        && matches!(&parser.peek_nth_token_ref(1).token, Token::Word(_) | Token::LParen);
    table_argument.then(|| parse_table_argument(parser))
}

/// The call Flink's `JSON_ARRAYAGG(x [ABSENT ON NULL | NULL ON NULL])` is read as, around
/// `$JSON_ARRAYAGG(x)`, an ARRAY_AGG of `x` IGNORE NULLS (or RESPECT NULLS): its array as JSON
/// text.
pub(crate) const JSON_ARRAY_OF: &str = "$JSON_ARRAY_OF";

/// An aggregate call read as an `ARRAY_AGG` of its arguments (with their clauses, FILTER and
/// OVER), named `$` and the name written (`$PERCENTILE`), which the planner runs as ARRAY_AGG
/// and names in its messages as written: the keyword's token, and the call.
fn parse_as_array_agg(parser: &mut Parser) -> Result<(TokenWithSpan, ast::Function), ParserError> {
    let keyword = parser.next_token();
    let written = format!("${}", keyword.token.to_string().to_uppercase());
    let name = ast::ObjectName::from(vec![ast::Ident::with_span(keyword.span, written)]);
    let ast::Expr::Function(f) = parser.parse_function(name)? else {
        unreachable!("parse_function returns a function");
    };
    Ok((keyword, f))
}

fn parse_json_arrayagg(parser: &mut Parser) -> Result<ast::Expr, ParserError> {
    let (keyword, mut f) = parse_as_array_agg(parser)?;
    // ABSENT ON NULL, Flink's default, leaves NULLs out; NULL ON NULL writes them.
    let mut nulls = ast::NullTreatment::IgnoreNulls;
    if let ast::FunctionArguments::List(list) = &mut f.args {
        let mut kept = vec![];
        for clause in list.clauses.drain(..) {
            match clause {
                ast::FunctionArgumentClause::JsonNullClause(ast::JsonNullClause::NullOnNull) => {
                    nulls = ast::NullTreatment::RespectNulls
                }
                ast::FunctionArgumentClause::JsonNullClause(ast::JsonNullClause::AbsentOnNull) => {}
                other => kept.push(other),
            }
        }
        list.clauses = kept;
    }
    f.null_treatment = Some(nulls);
    let raw = ast::Expr::Value(ast::Value::Boolean(function_args_are_json(&f)).into());
    Ok(call(ast::Ident::with_span(keyword.span, JSON_ARRAY_OF), vec![ast::Expr::Function(f), raw]))
}

/// Whether the (first) argument of `f` is a JSON_OBJECT or JSON_ARRAY call: JSON already, which
/// an aggregate of JSON writes in as it is.
fn function_args_are_json(f: &ast::Function) -> bool {
    let ast::FunctionArguments::List(list) = &f.args else { return false };
    matches!(list.args.first(), Some(ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(e))) if is_json_call(e))
}

fn is_json_call(e: &ast::Expr) -> bool {
    matches!(e, ast::Expr::Function(g) if ["JSON_OBJECT", "JSON_ARRAY"].iter()
        .any(|n| g.name.to_string().eq_ignore_ascii_case(n)))
}

/// The call Flink's `JSON_OBJECTAGG([KEY] k VALUE v [NULL ON NULL | ABSENT ON NULL])` is read
/// as: `$JSON_OBJECT_OF($JSON_OBJECTAGG(ROW(k, v)), absent_on_null, raw)`, around an ARRAY_AGG
/// of the group's (key, value) pairs, which the outer call writes as one object (`raw`: the
/// value is a JSON_OBJECT or JSON_ARRAY, written in as JSON, not as text).
pub(crate) const JSON_OBJECT_OF: &str = "$JSON_OBJECT_OF";

fn parse_json_objectagg(parser: &mut Parser) -> Result<ast::Expr, ParserError> {
    let (keyword, mut f) = parse_as_array_agg(parser)?;
    let mut absent_on_null = false;
    if let ast::FunctionArguments::List(list) = &mut f.args {
        let mut kept = vec![];
        for clause in list.clauses.drain(..) {
            match clause {
                ast::FunctionArgumentClause::JsonNullClause(c) => {
                    absent_on_null = c == ast::JsonNullClause::AbsentOnNull
                }
                other => kept.push(other),
            }
        }
        list.clauses = kept;
        let pair = match list.args.as_slice() {
            [ast::FunctionArg::ExprNamed { name, arg: ast::FunctionArgExpr::Expr(value), operator }]
                if *operator == ast::FunctionArgOperator::Value =>
            {
                Some((name.clone(), value.clone()))
            }
            _ => None,
        };
        let Some((key, value)) = pair else {
            let found = list.args.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(", ");
            return Err(ParserError::ParserError(format!(
                "JSON_OBJECTAGG takes [KEY] key VALUE value, not {found}{}",
                keyword.span.start
            )));
        };
        let raw = is_json_call(&value);
        let row = call(ast::Ident::new("ROW"), vec![key, value]);
        list.args = vec![ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(row))];
        f.null_treatment = Some(ast::NullTreatment::RespectNulls);
        let flag = |b: bool| ast::Expr::Value(ast::Value::Boolean(b).into());
        let args = vec![ast::Expr::Function(f), flag(absent_on_null), flag(raw)];
        return Ok(call(ast::Ident::with_span(keyword.span, JSON_OBJECT_OF), args));
    }
    Err(ParserError::ParserError(format!("JSON_OBJECTAGG takes [KEY] key VALUE value{}", keyword.span.start)))
}

/// The call Flink's `PERCENTILE(x, p)` is read as: `$PERCENTILE_OF($PERCENTILE(x), p)`, around
/// an ARRAY_AGG of `x` IGNORE NULLS: the percentile of the group's values (which Flink's keeps
/// too, to take them back). With a frequency, `PERCENTILE(x, p, f)` is read as
/// `$PERCENTILE_OF($PERCENTILE(ROW(x, f)), p, TRUE)`.
pub(crate) const PERCENTILE_OF: &str = "$PERCENTILE_OF";

fn parse_percentile(parser: &mut Parser) -> Result<ast::Expr, ParserError> {
    let (keyword, mut f) = parse_as_array_agg(parser)?;
    // The value stays with the aggregate; the percentage (and any more) go to the outer call.
    let mut rest = vec![];
    if let ast::FunctionArguments::List(list) = &mut f.args {
        for arg in list.args.drain(1.min(list.args.len())..) {
            match arg {
                ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(e)) => rest.push(e),
                other => {
                    return Err(ParserError::ParserError(format!(
                        "PERCENTILE takes a value and a percentage, not {other}"
                    )))
                }
            }
        }
    }
    // A frequency is the row's, so it goes into the aggregate with the value, ROW(value,
    // frequency), and a TRUE in its place says so.
    if rest.len() == 2 {
        let frequency = std::mem::replace(&mut rest[1], ast::Expr::Value(ast::Value::Boolean(true).into()));
        if let ast::FunctionArguments::List(list) = &mut f.args {
            if let Some(ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(value))) = list.args.first_mut() {
                *value = call(ast::Ident::new("ROW"), vec![value.clone(), frequency]);
            }
        }
    }
    f.null_treatment = Some(ast::NullTreatment::IgnoreNulls);
    let mut args = vec![ast::Expr::Function(f)];
    args.extend(rest);
    Ok(call(ast::Ident::with_span(keyword.span, PERCENTILE_OF), args))
}

/// The name Flink's `MAP[k, v, …]` is read as a call of (a name no one can write).
pub(crate) const MAP_CONSTRUCTOR: &str = "$MAP";

/// Flink's `MAP[k, v, …]`, as the call `$MAP(k, v, …)`; `MAP[]` is the planner's to refuse.
fn parse_map(parser: &mut Parser) -> Result<ast::Expr, ParserError> {
    let keyword = parser.next_token();
    parser.expect_token(&Token::LBracket)?;
    let items = if parser.consume_token(&Token::RBracket) {
        vec![]
    } else {
        let items = parser.parse_comma_separated(|p| p.parse_expr())?;
        parser.expect_token(&Token::RBracket)?;
        items
    };
    Ok(call(ast::Ident::with_span(keyword.span, MAP_CONSTRUCTOR), items))
}

/// KDA's `NTH_VALUE(x, n) [FROM FIRST | FROM LAST] [IGNORE NULLS | RESPECT NULLS] OVER w`:
/// sqlparser reads the call up to its arguments, and then the rest here, since `FROM` comes
/// first. `FROM LAST` names the call `$NTH_VALUE_FROM_LAST` (a name no one can write).
fn parse_nth_value(parser: &mut Parser) -> Result<ast::Expr, ParserError> {
    let keyword = parser.next_token();
    let ast::Expr::Function(mut f) =
        parser.parse_function(ast::ObjectName::from(vec![ast::Ident::with_span(keyword.span, "NTH_VALUE")]))?
    else {
        unreachable!("parse_function returns a function");
    };
    if f.null_treatment.is_none() && f.over.is_none() && parser.parse_keyword(Keyword::FROM) {
        if parser.parse_keyword(Keyword::LAST) {
            f.name = ast::ObjectName::from(vec![ast::Ident::with_span(keyword.span, "$NTH_VALUE_FROM_LAST")]);
        } else {
            parser.expect_keyword(Keyword::FIRST)?;
        }
        f.null_treatment = match parser.parse_one_of_keywords(&[Keyword::RESPECT, Keyword::IGNORE]) {
            Some(k) => {
                parser.expect_keyword(Keyword::NULLS)?;
                Some(if k == Keyword::IGNORE {
                    ast::NullTreatment::IgnoreNulls
                } else {
                    ast::NullTreatment::RespectNulls
                })
            }
            None => None,
        };
        if parser.parse_keyword(Keyword::OVER) {
            f.over = Some(if parser.consume_token(&Token::LParen) {
                ast::WindowType::WindowSpec(parser.parse_window_spec()?)
            } else {
                ast::WindowType::NamedWindow(parser.parse_identifier()?)
            });
        }
    }
    Ok(ast::Expr::Function(f))
}

/// The interval fields a qualifier is written with.
const INTERVAL_FIELDS: [Keyword; 6] =
    [Keyword::YEAR, Keyword::MONTH, Keyword::DAY, Keyword::HOUR, Keyword::MINUTE, Keyword::SECOND];

/// Whether the parentheses that start here are followed by an interval field, as in
/// `(a - b) MINUTE TO SECOND`: found by counting tokens, so that nested parentheses are not
/// parsed twice.
fn qualifier_follows_parentheses(parser: &Parser) -> bool {
    let mut depth = 0usize;
    for n in 0.. {
        match &parser.peek_nth_token_ref(n).token {
            Token::LParen => depth += 1,
            Token::RParen if depth == 1 => {
                return matches!(&parser.peek_nth_token_ref(n + 1).token,
                    Token::Word(w) if INTERVAL_FIELDS.contains(&w.keyword));
            }
            Token::RParen => depth -= 1,
            Token::EOF | Token::SemiColon => return false,
            _ => {}
        }
    }
    false
}

/// `(a - b) qualifier`, the interval between two datetimes (KDA's), as the call
/// `$INTERVAL_BETWEEN(a, b, 'qualifier')` (a name no one can write); anything but a
/// difference in the parentheses is kept as `$INTERVAL_BETWEEN(x, 'qualifier')`, for the
/// planner to refuse.
fn parse_datetime_difference(parser: &mut Parser) -> Result<ast::Expr, ParserError> {
    let open = parser.next_token();
    let inner = parser.parse_expr()?;
    parser.expect_token(&Token::RParen)?;
    let mut qualifier = Vec::new();
    loop {
        let field = parser.expect_one_of_keywords(&INTERVAL_FIELDS)?;
        qualifier.push(format!("{field:?}"));
        if qualifier.len() > 1 || !parser.parse_keyword(Keyword::TO) {
            break;
        }
        qualifier.push("TO".into());
    }
    let qualifier = ast::Expr::value(ast::Value::SingleQuotedString(qualifier.join(" ")));
    let args = match inner {
        ast::Expr::BinaryOp { left, op: ast::BinaryOperator::Minus, right } => vec![*left, *right, qualifier],
        other => vec![other, qualifier],
    };
    Ok(call(ast::Ident::with_span(open.span, "$INTERVAL_BETWEEN"), args))
}

/// KDA's `CURSOR(SELECT STREAM …)`, a table function's input, as the call `CURSOR((query))`.
fn parse_cursor(parser: &mut Parser) -> Result<ast::Expr, ParserError> {
    let keyword = parser.next_token();
    parser.expect_token(&Token::LParen)?;
    let query = parser.parse_query()?;
    parser.expect_token(&Token::RParen)?;
    Ok(call(ast::Ident::with_span(keyword.span, "CURSOR"), vec![ast::Expr::Subquery(query)]))
}

/// `TRIM(BOTH FROM s)` (and LEADING, TRAILING), which sqlparser reads only with a character.
fn parse_trim_from(parser: &mut Parser) -> Result<ast::Expr, ParserError> {
    parser.next_token();
    parser.expect_token(&Token::LParen)?;
    let side = match parser.next_token().token {
        Token::Word(w) if w.value.eq_ignore_ascii_case("LEADING") => ast::TrimWhereField::Leading,
        Token::Word(w) if w.value.eq_ignore_ascii_case("TRAILING") => ast::TrimWhereField::Trailing,
        _ => ast::TrimWhereField::Both,
    };
    parser.expect_keyword(Keyword::FROM)?;
    let expr = parser.parse_expr()?;
    parser.expect_token(&Token::RParen)?;
    Ok(ast::Expr::Trim { expr: Box::new(expr), trim_where: Some(side), trim_what: None, trim_characters: None })
}

/// KDA's `SUBSTRING(s SIMILAR pattern ESCAPE c)` as the call `$SUBSTRING_SIMILAR(s, pattern, c)`
/// (a name no one can write); an error when the call is another SUBSTRING form.
fn parse_substring_similar(parser: &mut Parser) -> Result<ast::Expr, ParserError> {
    let keyword = parser.next_token();
    parser.expect_token(&Token::LParen)?;
    let source = parser.parse_subexpr(KdaDialect.prec_value(sqlparser::dialect::Precedence::Like))?;
    if !matches!(&parser.peek_token_ref().token, Token::Word(w) if w.keyword == Keyword::SIMILAR) {
        return parser.expected("SIMILAR", parser.peek_token());
    }
    parser.next_token();
    let pattern = parser.parse_subexpr(KdaDialect.prec_value(sqlparser::dialect::Precedence::Like))?;
    parser.expect_keyword(Keyword::ESCAPE)?;
    let escape = parser.parse_expr()?;
    parser.expect_token(&Token::RParen)?;
    Ok(call(ast::Ident::with_span(keyword.span, "$SUBSTRING_SIMILAR"), vec![source, pattern, escape]))
}

/// `TABLE name [PARTITION BY expr, …]` as the call `TABLE(name, expr, …)`; `TABLE (query)` as
/// `TABLE((query))`.
fn parse_table_argument(parser: &mut Parser) -> Result<ast::Expr, ParserError> {
    let keyword = parser.next_token();
    let name = ast::Ident::with_span(keyword.span, "TABLE");
    let table = if parser.peek_token_ref().token == Token::LParen {
        parser.expect_token(&Token::LParen)?;
        let query = parser.parse_query()?;
        parser.expect_token(&Token::RParen)?;
        ast::Expr::Subquery(query)
    } else {
        // `TABLE t`, or `TABLE catalog.database.t`.
        let mut parts = vec![parser.parse_identifier()?];
        while parser.consume_token(&Token::Period) {
            parts.push(parser.parse_identifier()?);
        }
        if parts.len() == 1 {
            ast::Expr::Identifier(parts.remove(0))
        } else {
            ast::Expr::CompoundIdentifier(parts)
        }
    };
    let mut args = vec![table];
    // `PARTITION BY k` or `PARTITION BY (k1, k2)`: the commas after it separate TVF arguments.
    if parser.parse_keywords(&[Keyword::PARTITION, Keyword::BY]) {
        if parser.consume_token(&Token::LParen) {
            args.extend(parser.parse_comma_separated(|p| p.parse_expr())?);
            parser.expect_token(&Token::RParen)?;
        } else {
            args.push(parser.parse_expr()?);
        }
    }
    Ok(call(name, args))
}

/// The call `name(args…)`, as the parser would have read it.
pub(crate) fn call(name: Ident, args: Vec<ast::Expr>) -> ast::Expr {
    ast::Expr::Function(ast::Function {
        name: ast::ObjectName::from(vec![name]),
        uses_odbc_syntax: false,
        parameters: ast::FunctionArguments::None,
        args: ast::FunctionArguments::List(ast::FunctionArgumentList {
            duplicate_treatment: None,
            args: args.into_iter().map(|e| ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(e))).collect(),
            clauses: vec![],
        }),
        within_group: vec![],
        filter: None,
        null_treatment: None,
        over: None,
    })
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
    Ok(call(name, vec![time, interval]))
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

/// Flink's query hints, `/*+ NAME(…) */`, are comments to sqlparser; running a query without
/// its hint can change its results (STATE_TTL expires state, OPTIONS changes a table's
/// connector), so a hint is refused where it is written.
fn refuse_hints(tokens: &[TokenWithSpan]) -> Result<()> {
    for t in tokens {
        if let Token::Whitespace(Whitespace::MultiLineComment(text)) = &t.token {
            if let Some(hint) = text.strip_prefix('+') {
                return Err(syntax_error(
                    format!(
                        "query hints are not supported: /*+{hint}*/ would be ignored, and a hint can change results \
                         (STATE_TTL expires state, OPTIONS changes a table's connector); remove it, or write /* + … */ \
                         for a comment"
                    ),
                    t.span.start,
                ));
            }
        }
    }
    Ok(())
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
            first_words(&other.to_string()),
            start
        ))),
    }
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
/// `PRIMARY KEY (…) NOT ENFORCED`, and `WITH ('k' = 'v', …)`.
fn parse_create_table(parser: &mut Parser) -> Result<Statement, ParserError> {
    let if_not_exists = parser.parse_keywords(&[Keyword::IF, Keyword::NOT, Keyword::EXISTS]);
    let name = parser.parse_identifier()?;
    if parser.peek_token_ref().token != Token::LParen {
        let options = parse_table_options(parser)?;
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
        } else if parser.parse_keywords(&[Keyword::PRIMARY, Keyword::KEY]) {
            parser.expect_token(&Token::LParen)?;
            primary_key = parser.parse_comma_separated(|p| p.parse_identifier())?;
            parser.expect_token(&Token::RParen)?;
            let _ = parser.parse_keywords(&[Keyword::NOT, Keyword::ENFORCED]);
        } else {
            let column = parser.parse_identifier()?;
            if parser.parse_keyword(Keyword::AS) {
                computed.push((columns.len(), column, parser.parse_expr()?));
                if !parser.consume_token(&Token::Comma) {
                    break;
                }
                continue;
            }
            let data_type = parser.parse_data_type()?;
            if parser.parse_keywords(&[Keyword::NOT, Keyword::NULL]) {
                not_null.push(column.clone());
            }
            columns.push((column, data_type));
        }
        if !parser.consume_token(&Token::Comma) {
            break;
        }
    }
    parser.expect_token(&Token::RParen)?;
    let mut partitioned_by = Vec::new();
    if parse_word(parser, "PARTITIONED") {
        parser.expect_keyword(Keyword::BY)?;
        parser.expect_token(&Token::LParen)?;
        partitioned_by = parser.parse_comma_separated(|p| p.parse_identifier())?;
        parser.expect_token(&Token::RParen)?;
    }
    let options = parse_table_options(parser)?;
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

/// `CEILING(` as `CEIL(`, so that `CEILING(ts TO DAY)` parses as CEIL's special form does.
fn ceiling_as_ceil(mut tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    for i in 0..tokens.len().saturating_sub(1) {
        let ceiling = matches!(&tokens[i].token,
            Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case("CEILING"));
        if ceiling && tokens[i + 1].token == Token::LParen {
            tokens[i].token = Token::make_keyword("CEIL");
        }
    }
    tokens
}

/// Drops the `STREAM` of `SELECT STREAM` (a streaming select means the same as a select
/// here) and returns where each dropped word was, to tell KDA queries from Flink ones.
fn remove_select_stream(tokens: Vec<TokenWithSpan>) -> (Vec<TokenWithSpan>, Vec<Location>) {
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
fn join_windows_as_arguments(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let significant = |t: &TokenWithSpan| !matches!(t.token, Token::Whitespace(_));
    let mut out: Vec<TokenWithSpan> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let is_over =
            matches!(&tokens[i].token, Token::Word(w) if w.quote_style.is_none() && w.keyword == Keyword::OVER);
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
fn without_json_key_words(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let word = |t: &TokenWithSpan, w: &str| matches!(&t.token, Token::Word(x) if x.quote_style.is_none() && x.value.eq_ignore_ascii_case(w));
    let significant: Vec<usize> =
        (0..tokens.len()).filter(|&i| !matches!(tokens[i].token, Token::Whitespace(_))).collect();
    let mut dropped = vec![false; tokens.len()];
    // For each open parenthesis, whether it is JSON_OBJECT's.
    let mut open: Vec<bool> = Vec::new();
    for (n, &i) in significant.iter().enumerate() {
        match tokens[i].token {
            Token::LParen => open
                .push(n > 0 && ["JSON_OBJECT", "JSON_OBJECTAGG"].iter().any(|f| word(&tokens[significant[n - 1]], f))),
            Token::RParen => {
                open.pop();
            }
            _ => {}
        }
        let starts_argument = n > 0 && matches!(tokens[significant[n - 1]].token, Token::LParen | Token::Comma);
        // `KEY VALUE v`: a column named key.
        let key_named = significant.get(n + 1).is_some_and(|&j| word(&tokens[j], "VALUE"));
        if word(&tokens[i], "KEY") && open.last() == Some(&true) && starts_argument && !key_named {
            dropped[i] = true;
        }
    }
    tokens.into_iter().zip(dropped).filter(|(_, d)| !d).map(|(t, _)| t).collect()
}

/// Flink's `ROW<name type, …>` type as the `STRUCT<…>` sqlparser reads.
fn row_types_as_structs(mut tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    for i in 0..tokens.len() {
        let is_row = matches!(&tokens[i].token, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case("ROW"));
        let next = tokens[i + 1..].iter().find(|t| !matches!(t.token, Token::Whitespace(_)));
        if is_row && next.is_some_and(|t| t.token == Token::Lt) {
            tokens[i].token = Token::make_keyword("STRUCT");
        }
    }
    tokens
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
