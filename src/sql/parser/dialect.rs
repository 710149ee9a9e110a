//! `KdaDialect`: sqlparser's rules for identifiers and Flink's forms it turns on, and the
//! expressions sqlparser does not read (KDA's `STEP`, `STAGGER`, `CURSOR`, `SUBSTRING … SIMILAR`,
//! `(a - b) qualifier`; Flink's `MAP[…]`, `PERCENTILE`, `JSON_ARRAYAGG`, `JSON_OBJECTAGG`, a window
//! TVF's `TABLE t`; `TRIM(BOTH FROM s)`, `NTH_VALUE … FROM LAST`) parsed by its prefix hook, most
//! as calls of names no one can write.

use sqlparser::ast::{self, Ident};
use sqlparser::dialect::Dialect;
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, TokenWithSpan};

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

    /// Flink's query hints, `SELECT /*+ NAME(…) */`, read into the select (after the token
    /// pass has refused those kdalite does not take): the planner reads STATE_TTL's.
    fn supports_comment_optimizer_hint(&self) -> bool {
        true
    }

    /// Flink's `MATCH_RECOGNIZE (…)` after a table.
    fn supports_match_recognize(&self) -> bool {
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
