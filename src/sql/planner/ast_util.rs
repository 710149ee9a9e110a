//! Reading sqlparser's tree: a call's name and arguments, a span's position, a statement's
//! first words for a message; and the quoted names the planner writes into a tree.

use sqlparser::ast;

pub(crate) use crate::sql::parser::{first_words, span_position};

/// A query kdalite writes for itself (over CTEs it names), parsed.
pub(crate) fn parse_query(text: &str) -> crate::error::Result<ast::Query> {
    let parsed = sqlparser::parser::Parser::new(&crate::sql::parser::KdaDialect)
        .try_with_sql(text)
        .and_then(|mut p| p.parse_query());
    parsed.map(|q| *q).map_err(|e| crate::error::Error::Internal(format!("kdalite's own query {text}: {e}")))
}

pub(crate) fn function_name(f: &ast::Function) -> String {
    match f.name.0.last() {
        Some(ast::ObjectNamePart::Identifier(id)) => id.value.to_uppercase(),
        _ => f.name.to_string().to_uppercase(),
    }
}

pub(crate) fn function_args(f: &ast::Function) -> Vec<Option<&ast::Expr>> {
    match &f.args {
        ast::FunctionArguments::List(list) => list
            .args
            .iter()
            .map(|a| match a {
                ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(e)) => Some(e),
                _ => None,
            })
            .collect(),
        _ => vec![],
    }
}

/// Whether a call's arguments are a plain list: no DISTINCT or ALL, no clause among them
/// (`ORDER BY`, `IGNORE NULLS` inside the parentheses, …), which LAG, NTH_VALUE and EXP_AVG do
/// not take, nor KDA's table functions.
pub(crate) fn plain_arguments(f: &ast::Function) -> bool {
    match &f.args {
        ast::FunctionArguments::List(list) => list.duplicate_treatment.is_none() && list.clauses.is_empty(),
        _ => true,
    }
}

/// `SELECT … FROM (inner) AS "alias"`'s FROM: `inner` as a derived table called `alias`, for the
/// rewrites that plan a select as a query around another.
pub(crate) fn derived_from(inner: ast::Select, alias: &str) -> crate::error::Result<Vec<ast::TableWithJoins>> {
    let mut query = parse_query("SELECT 1")?;
    query.body = Box::new(ast::SetExpr::Select(Box::new(inner)));
    let alias = ast::TableAlias { explicit: true, name: quoted(alias), columns: vec![], at: None };
    let relation =
        ast::TableFactor::Derived { lateral: false, subquery: Box::new(query), alias: Some(alias), sample: None };
    Ok(vec![ast::TableWithJoins { relation, joins: vec![] }])
}

/// `name` as a double-quoted identifier, read as written whatever the dialect folds: how the
/// planner names the relations and columns of the SQL it writes.
pub(crate) fn quoted(name: &str) -> ast::Ident {
    ast::Ident::with_quote('"', name)
}
