//! SQL text to plans. The only module that imports sqlparser.
//!
//! [`parse`] turns application code into [`Statement`]s (KDA's `CREATE STREAM` and
//! `CREATE PUMP` included); [`plan_application`] resolves names and types against the input
//! streams and returns an [`crate::plan::ApplicationPlan`].

mod parser;
mod planner;

pub use parser::{normalize_ident, parse, Statement};
pub use planner::plan_application;

use crate::error::Result;
use crate::plan::{ApplicationPlan, StreamDef};

/// Parses and plans application code in one step.
pub fn compile(sql: &str, inputs: &[StreamDef]) -> Result<ApplicationPlan> {
    plan_application(&parse(sql)?, inputs, &[])
}

/// Names of the streams the code reads but does not declare: the runtime must feed them.
pub fn undeclared_inputs(statements: &[Statement]) -> Vec<String> {
    use sqlparser::ast;
    let declared: Vec<String> = statements
        .iter()
        .filter_map(|s| match s {
            Statement::CreateStream { name, .. } => Some(normalize_ident(name)),
            Statement::CreateTable { name, .. } | Statement::CreateView { name, .. } => Some(name.value.clone()),
            _ => None,
        })
        .collect();
    let mut read = Vec::new();
    for statement in statements {
        let statement = match statement {
            Statement::Explain(inner) => inner.as_ref(),
            other => other,
        };
        let query = match statement {
            Statement::CreatePump { query, .. }
            | Statement::Query { query, .. }
            | Statement::Insert { query, .. }
            | Statement::CreateView { query, .. } => query,
            Statement::CreateStream { .. } | Statement::CreateTable { .. } | Statement::Explain(_) => continue,
        };
        let _ = ast::visit_relations(query.as_ref(), |name: &ast::ObjectName| {
            if let Some(ast::ObjectNamePart::Identifier(id)) = name.0.last() {
                // Flink names are not folded: a read matches a declaration whatever its case.
                let n = normalize_ident(id);
                let is_declared = declared.iter().any(|d| d.eq_ignore_ascii_case(&id.value));
                if !is_declared && !read.contains(&n) {
                    read.push(n);
                }
            }
            std::ops::ControlFlow::<()>::Continue(())
        });
    }
    read
}

/// A SQL type as a user writes it in a schema (`VARCHAR(8)`, `decimal(10, 2)`, `TIMESTAMP`).
pub fn parse_type(text: &str) -> Result<crate::plan::SqlType> {
    let invalid = || crate::error::Error::Input(format!("'{text}' is not a SQL type kdalite knows"));
    let mut parser = sqlparser::parser::Parser::new(&parser::KdaDialect).try_with_sql(text).map_err(|_| invalid())?;
    let data_type = parser.parse_data_type().map_err(|_| invalid())?;
    if parser.peek_token().token != sqlparser::tokenizer::Token::EOF {
        return Err(invalid());
    }
    planner::sql_type(&data_type).ok_or_else(invalid)
}
