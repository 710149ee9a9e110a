//! Flink SQL: the statements as they are, with other connectors.

use std::ops::ControlFlow;

use sqlparser::ast;

use super::tables::ast_type;
use super::{quote, refuse, result_name, Export, TableRole};
use crate::error::Result;
use crate::plan::SqlType;
use crate::sql::parser::{self, Statement};

/// What a state TTL does on Flink that it did not do on kdalite.
const TTL_NOTE: &str = "Flink expires state by the wall clock, where kdalite expired it by the rows' arrival \
                        (ROWTIME): a job that reads files in moments expires nothing that kdalite did";

/// Whether `statement` sets a state TTL that expires state (not 0).
fn expires_state(statement: &Statement) -> bool {
    matches!(statement, Statement::Set { key, value, .. }
        if key == "table.exec.state.ttl" && crate::plan::flink_duration_ms(value) != Some(0))
}

impl Export<'_> {
    pub(super) fn flink(&mut self, statements: &[Statement]) -> Result<()> {
        let lookups: Vec<String> = crate::sql::lookup_tables(statements)?.into_iter().map(|t| t.name).collect();
        // Reference tables bound to the application (`--reference`) rather than declared, named
        // as the queries write them and their columns (kdalite matches names whatever their case).
        let read = crate::sql::relations_read(statements);
        let mut written: Vec<String> = Vec::new();
        for query in crate::sql::queries(statements) {
            crate::sql::walk(query, &mut |node| {
                match node {
                    crate::sql::Node::Expr(ast::Expr::Identifier(i)) => written.push(i.value.clone()),
                    crate::sql::Node::Expr(ast::Expr::CompoundIdentifier(parts)) => {
                        written.extend(parts.iter().map(|p| p.value.clone()))
                    }
                    _ => {}
                }
                ControlFlow::Continue(())
            });
        }
        let relations: Vec<String> = read.into_iter().map(|r| r.value).collect();
        let spelled = |among: &[String], name: &str| -> String {
            among.iter().find(|w| w.eq_ignore_ascii_case(name)).map_or(name, |w| w.as_str()).to_string()
        };
        let plan = self.plan;
        for table in plan.tables.iter().filter(|t| !lookups.contains(&t.name)) {
            let name = spelled(&relations, &table.name);
            self.note(
                None,
                format!("reference table {} joined as Flink joins two tables: both kept whole", quote(&name)),
                false,
            );
            let columns = table.rows.schema().fields().iter().map(|f| spelled(&written, f.name())).collect();
            self.reference_table(&name, table, columns);
        }
        let mut bare = 0;
        // Tables the job writes and reads, with their columns: views.
        let mut intermediate: Vec<(String, String)> = Vec::new();
        // A name's second declaration (CREATE … IF NOT EXISTS, which the plan left out too).
        let again = crate::sql::redeclarations(statements);
        // A STATE_TTL hint expires state as the SET does (which says so itself).
        let set = statements.iter().any(expires_state);
        if !set && crate::sql::queries(statements).any(|q| q.to_string().contains("STATE_TTL(")) {
            self.note(None, TTL_NOTE, true);
        }
        for statement in statements {
            if let Statement::CreateTable { name, .. }
            | Statement::CreateTableAs { name, .. }
            | Statement::CreateView { name, .. } = statement
            {
                if again.iter().any(|s| std::ptr::eq(*s, statement)) {
                    self.note(
                        parser::ident_position(name),
                        "a second CREATE … IF NOT EXISTS of the name: left out",
                        false,
                    );
                    continue;
                }
            }
            match statement {
                Statement::CreateTable {
                    name,
                    columns,
                    computed,
                    watermark,
                    primary_key,
                    partitioned_by,
                    not_null,
                    ..
                } => {
                    let declared = parser::ident_position(name);
                    let name = name.value.clone();
                    let role = if lookups.contains(&name) {
                        TableRole::Lookup
                    } else if self.written(&name) && self.read(&name) {
                        // Flink reads a table's files when the job starts, not as they are
                        // written: a table the job writes and reads is a view of its INSERT.
                        if watermark.is_some() {
                            return refuse(
                                declared,
                                format!("table {} is written and read, with a WATERMARK of its own: Flink reads a file table when the job starts, and a view keeps no watermark of its own (write it to a Kafka topic and read it back)", quote(&name)),
                            );
                        }
                        let inserts = statements
                            .iter()
                            .filter(|s| matches!(s, Statement::Insert { target, .. } if target.value == name));
                        if inserts.count() > 1 {
                            return refuse(
                                declared,
                                format!(
                                    "table {} is written by several INSERTs and read: not translated yet",
                                    quote(&name)
                                ),
                            );
                        }
                        let names: Vec<String> = columns.iter().map(|(c, _)| quote(&c.value)).collect();
                        intermediate.push((name.clone(), names.join(", ")));
                        self.note(
                            declared,
                            format!("table {} is written and read: it is a view of its INSERT's query", quote(&name)),
                            false,
                        );
                        continue;
                    } else if self.written(&name) {
                        TableRole::Sink
                    } else if self.read(&name) {
                        TableRole::Source
                    } else {
                        self.note(None, format!("table {} is neither read nor written: left out", quote(&name)), false);
                        continue;
                    };
                    let updating = self.plan.stream(&name).is_some_and(|s| s.updating);
                    let mut items: Vec<(usize, String)> = Vec::new();
                    for (i, (column, data_type)) in columns.iter().enumerate() {
                        let required = if not_null.contains(column) { " NOT NULL" } else { "" };
                        items.push((i, format!("{} {}{required}", quote(&column.value), ast_type(data_type))));
                    }
                    for (before, column, expr) in computed {
                        let mut expr = expr.clone();
                        self.translate(&mut expr, false)?;
                        // A computed column goes after the physical ones declared before it.
                        items.push((*before, format!("{} AS {expr}", quote(&column.value))));
                    }
                    items.sort_by_key(|(i, _)| *i);
                    let mut items: Vec<String> = items.into_iter().map(|(_, s)| s).collect();
                    if let Some(w) = watermark {
                        let (column, expr) = w.as_ref();
                        let mut expr = expr.clone();
                        self.translate(&mut expr, false)?;
                        items.push(format!("WATERMARK FOR {} AS {expr}", quote(&column.value)));
                    }
                    if !primary_key.is_empty() {
                        let keys: Vec<String> = primary_key.iter().map(|k| quote(&k.value)).collect();
                        items.push(format!("PRIMARY KEY ({}) NOT ENFORCED", keys.join(", ")));
                    }
                    if let Some(first) = partitioned_by.first() {
                        self.note(
                            parser::ident_position(first),
                            "PARTITIONED BY left out: the sink writes the same rows into one directory",
                            false,
                        );
                    }
                    self.push_table(&name, role, updating, items);
                    if role == TableRole::Lookup {
                        let names = columns.iter().map(|(c, _)| c.value.clone()).collect();
                        self.job.tables.last_mut().expect("just pushed").columns = names;
                    }
                }
                Statement::Set { key, value, position } => {
                    if expires_state(statement) {
                        self.note(Some(*position), TTL_NOTE, true);
                    }
                    self.job.settings.push((key.clone(), value.clone()))
                }
                Statement::CreateFunction { name, class } => {
                    self.note(
                        parser::ident_position(name),
                        format!(
                            "the function's class {class} must be on Flink's class path (its jar in lib/, or ADD JAR)"
                        ),
                        false,
                    );
                    let statement =
                        format!("CREATE FUNCTION {} AS '{}'", quote(&name.value), class.replace('\'', "''"));
                    let statement = self.with_notes(statement);
                    self.job.functions.push(statement);
                }
                Statement::CreateView { name, query, .. } => {
                    let mut query = query.clone();
                    self.translate(&mut *query, false)?;
                    let statement = format!("CREATE VIEW {} AS\n{query}", quote(&name.value));
                    let statement = self.with_notes(statement);
                    self.job.views.push(statement);
                }
                Statement::Insert { target, columns, query } => {
                    let mut query = query.clone();
                    self.translate(&mut *query, false)?;
                    if let Some((_, names)) = intermediate.iter().find(|(n, _)| *n == target.value) {
                        if !columns.is_empty() {
                            return refuse(
                                parser::ident_position(target),
                                "an INSERT with a column list into a table the job also reads is not translated yet",
                            );
                        }
                        let statement = format!(
                            "CREATE VIEW {} AS\nSELECT * FROM (\n{query}\n) AS {}({names})",
                            quote(&target.value),
                            quote(&target.value)
                        );
                        let statement = self.with_notes(statement);
                        self.job.views.push(statement);
                        continue;
                    }
                    let columns = if columns.is_empty() {
                        String::new()
                    } else {
                        let names: Vec<String> = columns.iter().map(|c| quote(&c.value)).collect();
                        format!(" ({})", names.join(", "))
                    };
                    let statement = format!("INSERT INTO {}{columns}\n{query}", quote(&target.value));
                    let statement = self.with_notes(statement);
                    self.job.inserts.push(statement);
                }
                Statement::Query { query, .. } => {
                    bare += 1;
                    self.sink_of(&result_name(bare), query)?;
                }
                // A table declared with the query's columns, and the INSERT (the same job on any
                // Flink that runs CREATE TABLE … AS).
                Statement::CreateTableAs { name, query, .. } => {
                    if self.read(&name.value) {
                        return refuse(
                            parser::ident_position(name),
                            format!(
                                "table {} is made by CREATE TABLE … AS and read: not translated yet",
                                quote(&name.value)
                            ),
                        );
                    }
                    self.sink_of(&name.value, query)?;
                }
                Statement::Explain(_) => {
                    self.note(None, "EXPLAIN left out: Flink's EXPLAIN is a statement of its own", false)
                }
                Statement::Show { position, .. } => self.note(
                    Some(*position),
                    "DESCRIBE and SHOW left out: Flink's SQL client runs them on their own, not in a job",
                    false,
                ),
                Statement::CreateStream { .. } | Statement::CreatePump { .. } => unreachable!("KDA statements"),
            }
        }
        Ok(())
    }

    /// Table `name` (a bare query's result, a CREATE TABLE … AS), declared with its columns as a
    /// sink, and the INSERT of `query` into it.
    fn sink_of(&mut self, name: &str, query: &ast::Query) -> Result<()> {
        let mut def = self.stream(name)?;
        // A TIMESTAMP_LTZ is written as kdalite prints it, its zone's wall clock: a TIMESTAMP.
        let ltz = def.columns.iter().any(|c| matches!(c.sql_type, SqlType::TimestampLtz(_)));
        for column in &mut def.columns {
            if let SqlType::TimestampLtz(_) = column.sql_type {
                column.sql_type = SqlType::Timestamp;
            }
        }
        self.push_table(name, TableRole::Sink, def.updating, Self::declared_columns(&def, false));
        let mut query = query.clone();
        self.translate(&mut query, false)?;
        // Flink writes one time attribute at most into a table: cast, each is a timestamp. The
        // query's columns are named as the table's, by position (Flink names a subquery's
        // columns of one name apart only in its result, and calls them ambiguous inside).
        let columns = Self::columns_of(&def);
        let times = columns.iter().filter(|(_, t)| t == "TIMESTAMP(3)").count();
        let query = if times > 1 || ltz {
            let items: Vec<String> = columns
                .iter()
                .map(|(n, t)| match t.as_str() {
                    "TIMESTAMP(3)" => format!("CAST({0} AS TIMESTAMP(3)) AS {0}", quote(n)),
                    _ => quote(n),
                })
                .collect();
            let names: Vec<String> = columns.iter().map(|(n, _)| quote(n)).collect();
            format!("SELECT {} FROM (\n{query}\n) AS `q`({})", items.join(", "), names.join(", "))
        } else {
            query.to_string()
        };
        let statement = format!("INSERT INTO {}\n{query}", quote(name));
        let statement = self.with_notes(statement);
        self.job.inserts.push(statement);
        Ok(())
    }
}
