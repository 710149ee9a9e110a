//! SQL text to plans. The only module that imports sqlparser.
//!
//! [`parse`] turns application code into [`Statement`]s (KDA's `CREATE STREAM` and
//! `CREATE PUMP` included); [`plan_application`] resolves names and types against the input
//! streams and returns an [`crate::plan::ApplicationPlan`].

pub mod flink;
mod parser;
mod planner;
mod spelling;

pub use parser::{normalize_ident, parse, Statement};
pub use planner::plan_application;

use std::ops::ControlFlow;

use crate::error::Result;
use crate::plan::{ApplicationPlan, StreamDef};

/// Parses and plans application code in one step.
pub fn compile(sql: &str, inputs: &[StreamDef]) -> Result<ApplicationPlan> {
    plan_application(&parse(sql)?, inputs, &[])
}

/// Names of the streams the code reads but does not declare: the runtime must feed them.
pub fn undeclared_inputs(statements: &[Statement]) -> Vec<String> {
    let declared: Vec<String> = statements
        .iter()
        .filter_map(|s| match s {
            Statement::CreateStream { name, .. } => Some(normalize_ident(name)),
            Statement::CreateTable { name, .. }
            | Statement::CreateTableAs { name, .. }
            | Statement::CreateView { name, .. } => Some(name.value.clone()),
            _ => None,
        })
        .collect();
    let mut undeclared: Vec<String> = Vec::new();
    for id in relations_read(statements) {
        // Flink names are not folded: a read matches a declaration whatever its case.
        let n = normalize_ident(&id);
        if !declared.iter().any(|d| d.eq_ignore_ascii_case(&id.value)) && !undeclared.contains(&n) {
            undeclared.push(n);
        }
    }
    undeclared
}

/// The streams and tables the code declares and reads but never writes, each with the stream
/// its `WITH` options name (a Flink table's `'stream'`), if any: the runtime must feed them.
/// Tables that make their own rows ([`generated_tables`]) are not among them.
pub fn declared_sources(statements: &[Statement]) -> Vec<(String, Option<String>)> {
    let own: Vec<String> = generated_tables(statements).into_iter().map(|t| t.name).collect();
    read_only_streams(statements)
        .into_iter()
        .filter(|(name, _)| !own.contains(name))
        .map(|(name, options)| (name, options.iter().find(|(k, _)| k == "stream").map(|(_, v)| v.clone())))
        .collect()
}

/// A table the code reads that makes its own rows, from its connector and its `WITH` options:
/// Flink's `'connector' = 'datagen'` (see `source::datagen`) and the Nexmark suite's
/// `'connector' = 'nexmark'` (see `source::nexmark::connector_spec`). The runtime feeds it
/// unless an input is bound to it.
pub struct GeneratedTable {
    pub name: String,
    /// One of [`GENERATING_CONNECTORS`].
    pub connector: String,
    pub options: Vec<(String, String)>,
    /// Where its name is declared, for what its options get wrong.
    pub position: Option<crate::error::Position>,
}

/// The connectors whose tables make their own rows.
pub const GENERATING_CONNECTORS: &[&str] = &["datagen", "nexmark"];

impl GeneratedTable {
    /// The option that ends the table's rows: `number-of-rows` (datagen), `events.num`
    /// (nexmark, whose 0 is without end).
    pub fn end_option(&self) -> &'static str {
        match self.connector.as_str() {
            "nexmark" => "events.num",
            _ => "number-of-rows",
        }
    }

    /// Whether its options end its rows (a value that is not a number is left for the source to
    /// refuse).
    pub fn ends(&self) -> bool {
        let end = self.end_option();
        let without_end = |v: &str| self.connector == "nexmark" && v.trim().parse::<u64>() == Ok(0);
        self.options.iter().any(|(k, v)| k == end && !without_end(v))
    }
}

/// The code's [`GeneratedTable`]s.
pub fn generated_tables(statements: &[Statement]) -> Vec<GeneratedTable> {
    let position = |table: &str| {
        statements.iter().find_map(|s| match s {
            Statement::CreateTable { name, .. } if name.value == table => parser::ident_position(name),
            _ => None,
        })
    };
    read_only_streams(statements)
        .into_iter()
        .filter_map(|(name, options)| {
            let connector = options.iter().find(|(k, _)| k == "connector").map(|(_, v)| v.clone())?;
            GENERATING_CONNECTORS.contains(&connector.as_str()).then(|| GeneratedTable {
                position: position(&name),
                name,
                connector,
                options,
            })
        })
        .collect()
}

/// Whether the code reads only tables that make their own rows and not `stream`: then an
/// input the page's source form binds to `stream` is not one of its, and is left out.
pub fn feeds_itself_without(statements: &[Statement], stream: &str) -> bool {
    let own = generated_tables(statements);
    let read = || {
        let lookups = lookup_tables(statements).unwrap_or_default();
        undeclared_inputs(statements)
            .into_iter()
            .chain(declared_sources(statements).into_iter().map(|(s, _)| s))
            .chain(own.iter().map(|t| t.name.clone()))
            .chain(lookups.into_iter().map(|t| t.name))
            .any(|s| s.eq_ignore_ascii_case(stream))
    };
    !own.is_empty() && !read()
}

/// The streams and tables the code declares and reads but never writes, with their `WITH`
/// options (none for a KDA stream).
fn read_only_streams(statements: &[Statement]) -> Vec<(String, Vec<(String, String)>)> {
    let written: Vec<&str> = statements
        .iter()
        .filter_map(|s| match s {
            Statement::CreatePump { target, .. } | Statement::Insert { target, .. } => Some(target.value.as_str()),
            _ => None,
        })
        .collect();
    let read = relations_read(statements);
    let looked_up: Vec<String> = lookup_tables(statements).unwrap_or_default().into_iter().map(|t| t.name).collect();
    statements
        .iter()
        .filter(|s| !matches!(s, Statement::CreateTable { name, .. } if looked_up.contains(&name.value)))
        .filter_map(|s| match s {
            // As the plan names them: a KDA stream folded to upper case, a Flink table not.
            Statement::CreateStream { name, .. } => Some((normalize_ident(name), vec![])),
            Statement::CreateTable { name, options, .. } => Some((name.value.clone(), options.clone())),
            _ => None,
        })
        .filter(|(name, _)| {
            read.iter().any(|r| r.value.eq_ignore_ascii_case(name))
                && !written.iter().any(|w| w.eq_ignore_ascii_case(name))
        })
        .collect()
}

/// A declared table a query looks rows up in (`JOIN t FOR SYSTEM_TIME AS OF s.proc`): loaded
/// whole before the application starts, as a reference table, from its file.
#[derive(Debug, Clone, PartialEq)]
pub struct LookupTable {
    pub name: String,
    pub columns: Vec<crate::plan::ColumnDef>,
    /// The file its `WITH` options name (`'path'`, or `'connector.path'` as older Flink wrote it),
    /// without a `file://` prefix.
    pub path: Option<String>,
}

/// The declared tables the code looks rows up in: those it reads `FOR SYSTEM_TIME AS OF`, but
/// for versioned tables (a PRIMARY KEY and a WATERMARK), which are streams of versions that an
/// event-time temporal join reads.
pub fn lookup_tables(statements: &[Statement]) -> Result<Vec<LookupTable>> {
    use sqlparser::ast::{TableFactor, TableVersion};
    let mut looked_up = Vec::new();
    for query in queries(statements) {
        walk(query, &mut |node| {
            if let Node::TableFactor(TableFactor::Table {
                name,
                version: Some(TableVersion::ForSystemTimeAsOf(_)),
                ..
            }) = node
            {
                if let Some(sqlparser::ast::ObjectNamePart::Identifier(id)) = name.0.last() {
                    looked_up.push(id.value.clone());
                }
            }
            ControlFlow::Continue(())
        });
    }
    let mut tables = Vec::new();
    for statement in statements {
        let Statement::CreateTable { name, columns, options, watermark, primary_key, .. } = statement else {
            continue;
        };
        let versioned = watermark.is_some() && !primary_key.is_empty();
        if versioned || !looked_up.iter().any(|n| n.eq_ignore_ascii_case(&name.value)) {
            continue;
        }
        let mut defs = Vec::new();
        for (column, data_type) in columns {
            let sql_type = planner::sql_type(data_type).ok_or_else(|| crate::error::Error::Plan {
                message: format!("column \"{}\" has type {data_type}, which is not supported yet", column.value),
                position: parser::ident_position(column),
            })?;
            defs.push(crate::plan::ColumnDef { name: column.value.clone(), sql_type });
        }
        let path = options
            .iter()
            .find(|(k, _)| k == "path" || k == "connector.path")
            .map(|(_, v)| v.strip_prefix("file://").unwrap_or(v).to_string());
        tables.push(LookupTable { name: name.value.clone(), columns: defs, path });
    }
    Ok(tables)
}

/// Statements that declare again a table or view a statement before them declared: Flink
/// refuses one, unless it says IF NOT EXISTS, and then the first declaration stays.
pub(crate) fn redeclarations(statements: &[Statement]) -> Vec<&Statement> {
    let mut declared: Vec<&str> = Vec::new();
    let mut again = Vec::new();
    for statement in statements {
        if let Statement::CreateTable { name, .. }
        | Statement::CreateTableAs { name, .. }
        | Statement::CreateView { name, .. } = statement
        {
            if declared.contains(&name.value.as_str()) {
                again.push(statement);
            } else {
                declared.push(&name.value);
            }
        }
    }
    again
}

/// The queries of the code's statements.
fn queries(statements: &[Statement]) -> impl Iterator<Item = &sqlparser::ast::Query> {
    statements.iter().filter_map(|statement| {
        let statement = match statement {
            Statement::Explain(inner) => inner.as_ref(),
            other => other,
        };
        match statement {
            Statement::CreatePump { query, .. }
            | Statement::Query { query, .. }
            | Statement::Insert { query, .. }
            | Statement::CreateTableAs { query, .. }
            | Statement::CreateView { query, .. } => Some(query.as_ref()),
            Statement::CreateStream { .. }
            | Statement::CreateTable { .. }
            | Statement::CreateFunction { .. }
            | Statement::Set { .. }
            | Statement::Show { .. }
            | Statement::Explain(_) => None,
        }
    })
}

/// The names the code's CTEs (`WITH name AS (…)`) define, at any depth.
fn cte_names(statements: &[Statement]) -> Vec<sqlparser::ast::Ident> {
    let mut ctes = Vec::new();
    for query in queries(statements) {
        walk(query, &mut |node| {
            if let Node::Query(sqlparser::ast::Query { with: Some(with), .. }) = node {
                ctes.extend(with.cte_tables.iter().map(|c| c.alias.name.clone()));
            }
            ControlFlow::Continue(())
        });
    }
    ctes
}

/// The streams and tables the code's queries read, in order, each as often as it is read.
fn relations_read(statements: &[Statement]) -> Vec<sqlparser::ast::Ident> {
    use sqlparser::ast;
    let mut read = Vec::new();
    let ctes = cte_names(statements);
    for query in queries(statements) {
        walk(query, &mut |node| {
            match node {
                Node::Relation(name) if !planner::is_unnest_name(name) => {
                    if let Some(ast::ObjectNamePart::Identifier(id)) = name.0.last() {
                        read.push(id.clone());
                    }
                }
                // A window TVF's `TABLE name` argument, which the parser makes the call `TABLE(name)`.
                Node::Expr(ast::Expr::Function(f)) if planner::function_name(f) == "TABLE" => {
                    match planner::function_args(f).first() {
                        Some(Some(ast::Expr::Identifier(id))) => read.push(id.clone()),
                        Some(Some(ast::Expr::CompoundIdentifier(parts))) => read.extend(parts.last().cloned()),
                        _ => {}
                    }
                }
                _ => {}
            }
            ControlFlow::Continue(())
        });
    }
    // A CTE's name is no stream.
    read.retain(|r| !ctes.iter().any(|c| c.value.eq_ignore_ascii_case(&r.value)));
    read
}

/// A node of a query that the read-only walks look at.
pub(crate) enum Node<'a> {
    Query(&'a sqlparser::ast::Query),
    /// A table or stream's name where a query reads it.
    Relation(&'a sqlparser::ast::ObjectName),
    TableFactor(&'a sqlparser::ast::TableFactor),
    Expr(&'a sqlparser::ast::Expr),
}

/// Calls `f` on each node of `tree` before its children, until `f` breaks. Every read-only walk
/// goes through this one visitor type: sqlparser's visit is generic, and each visitor type
/// builds it again over the whole syntax tree (some 80 KB of the page's wasm apiece).
pub(crate) fn walk<T: sqlparser::ast::Visit>(tree: &T, f: &mut dyn FnMut(Node) -> ControlFlow<()>) {
    struct Walker<'f, 'g>(&'f mut (dyn FnMut(Node) -> ControlFlow<()> + 'g));
    impl sqlparser::ast::Visitor for Walker<'_, '_> {
        type Break = ();
        fn pre_visit_query(&mut self, query: &sqlparser::ast::Query) -> ControlFlow<()> {
            (self.0)(Node::Query(query))
        }
        fn pre_visit_relation(&mut self, relation: &sqlparser::ast::ObjectName) -> ControlFlow<()> {
            (self.0)(Node::Relation(relation))
        }
        fn pre_visit_table_factor(&mut self, factor: &sqlparser::ast::TableFactor) -> ControlFlow<()> {
            (self.0)(Node::TableFactor(factor))
        }
        fn pre_visit_expr(&mut self, expr: &sqlparser::ast::Expr) -> ControlFlow<()> {
            (self.0)(Node::Expr(expr))
        }
    }
    let _ = tree.visit(&mut Walker(f));
}

/// Calls `f` on each expression of `e` outside its subqueries: a subquery `(SELECT …)` itself,
/// not what is inside it (which is the subquery's own, its aggregates included).
pub(crate) fn walk_outside_subqueries(e: &sqlparser::ast::Expr, f: &mut dyn FnMut(&sqlparser::ast::Expr)) {
    use sqlparser::ast::Spanned;
    let mut inside: Option<sqlparser::tokenizer::Span> = None;
    walk(e, &mut |node| {
        if let Node::Expr(expr) = node {
            let span = expr.span();
            if !inside.is_some_and(|s| s.start <= span.start && span.end <= s.end) {
                if matches!(expr, sqlparser::ast::Expr::Subquery(_)) && span.start.line > 0 {
                    inside = Some(span);
                }
                f(expr);
            }
        }
        ControlFlow::Continue(())
    });
}

/// A node of a query that [`walk_mut`] hands out: an identifier before its parent is
/// visited further, an expression or relation after its children.
pub(crate) enum NodeMut<'a> {
    Ident(&'a mut sqlparser::ast::Ident),
    Expr(&'a mut sqlparser::ast::Expr),
    TableFactor(&'a mut sqlparser::ast::TableFactor),
}

/// Calls `f` on each node of `tree`, until `f` breaks: the one rewriting visitor type (see
/// [`walk`] for why one).
pub(crate) fn walk_mut<T: sqlparser::ast::VisitMut>(
    tree: &mut T,
    f: &mut dyn FnMut(NodeMut) -> ControlFlow<()>,
) -> ControlFlow<()> {
    struct Walker<'f, 'g>(&'f mut (dyn FnMut(NodeMut) -> ControlFlow<()> + 'g));
    impl sqlparser::ast::VisitorMut for Walker<'_, '_> {
        type Break = ();
        fn pre_visit_ident(&mut self, ident: &mut sqlparser::ast::Ident) -> ControlFlow<()> {
            (self.0)(NodeMut::Ident(ident))
        }
        fn post_visit_expr(&mut self, expr: &mut sqlparser::ast::Expr) -> ControlFlow<()> {
            (self.0)(NodeMut::Expr(expr))
        }
        fn post_visit_table_factor(&mut self, factor: &mut sqlparser::ast::TableFactor) -> ControlFlow<()> {
            (self.0)(NodeMut::TableFactor(factor))
        }
    }
    tree.visit(&mut Walker(f))
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

#[cfg(test)]
mod tests {
    #[test]
    fn create_function_binds_the_built_in_of_its_name_or_says_why_it_cannot() {
        let bound = "CREATE FUNCTION count_char AS 'com.github.nexmark.flink.udf.CountChar';\n\
                     CREATE TABLE t (s STRING, d STRING) PARTITIONED BY (d) WITH ('connector' = 'filesystem');\n\
                     CREATE TABLE src (s STRING);\n\
                     INSERT INTO t SELECT s, CAST(count_char(s, 'c') AS STRING) FROM src;";
        if let Err(e) = super::compile(bound, &[]) {
            panic!("{e}");
        }
        let err = super::compile("CREATE TEMPORARY FUNCTION my_udf AS 'com.example.MyUdf' LANGUAGE JAVA;", &[])
            .unwrap_err()
            .to_string();
        assert!(err.contains("cannot run Java") && err.contains("COUNT_CHAR") && err.contains("line 1"), "{err}");
        let err = super::compile(
            "CREATE TABLE t (s STRING) PARTITIONED BY (x) WITH ('connector' = 'filesystem');\nSELECT 1;",
            &[],
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("PARTITIONED BY names \"x\""), "{err}");
    }
}
