//! From parsed statements to an [`ApplicationPlan`]: names resolved, types checked, casts inserted.
//!
//! `mod.rs` plans statements (streams, tables, pumps, inserts); `query.rs` plans a SELECT
//! (FROM, window TVFs, WHERE, GROUP BY, HAVING, the select list); `expr.rs` plans expressions.

mod aggregate_calls;
mod arrays;
mod ast_util;
mod expr;
mod from;
mod functions;
mod grouped_values;
mod grouping;
mod interval;
mod legacy;
mod listings;
mod literals;
mod logs;
mod maps;
mod operators;
mod over;
mod patterns;
mod query;
mod rank;
mod scope;
mod set_operations;
mod settings;
mod table_functions;
mod values;

pub(crate) use ast_util::{function_args, function_name};
pub(crate) use from::is_unnest_name;
pub(crate) use interval::leading_digits;
pub(crate) use literals::{interval_millis_of, time_unit};
pub(crate) use table_functions::{cursor_query, is_kda_table_function, number};

use std::sync::Arc;

use arrow_schema::DataType;
use sqlparser::ast::{self, Spanned};

use self::ast_util::span_position;
use self::query::{plan_statement, Select};
use super::parser::{ident_position, Statement};
use crate::error::{Error, Position, Result};
use crate::plan::{
    ApplicationPlan, ColumnDef, Expr, LogicalPlan, PumpPlan, ReferenceTable, ScalarValue, SqlType, StreamDef,
    StreamKind, WatermarkSpec, OP_COLUMN, RESULT_STREAM, ROWTIME, WATERMARK_COLUMN,
};
use crate::plan_err;

/// How a statement names things: KDA folds unquoted identifiers to upper case, Flink keeps
/// them as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Naming {
    pub fold: bool,
}

impl Naming {
    pub const KDA: Naming = Naming { fold: true };
    pub const FLINK: Naming = Naming { fold: false };

    pub fn name(self, ident: &ast::Ident) -> String {
        if self.fold {
            super::parser::normalize_ident(ident)
        } else {
            ident.value.clone()
        }
    }
}

/// Plans application code against the input streams the runtime provides (by name) and the
/// reference tables loaded for it.
pub fn plan_application(
    statements: &[Statement],
    inputs: &[StreamDef],
    tables: &[Arc<ReferenceTable>],
) -> Result<ApplicationPlan> {
    let zone = settings::session_zone(statements)?;
    crate::plan::zone::with_session(zone, || plan_in_zone(statements, inputs, tables))
}

/// [`plan_application`], in the zone of the application's `table.local-time-zone`.
fn plan_in_zone(
    statements: &[Statement],
    inputs: &[StreamDef],
    tables: &[Arc<ReferenceTable>],
) -> Result<ApplicationPlan> {
    let mut app = ApplicationPlan { streams: inputs.to_vec(), tables: tables.to_vec(), ..ApplicationPlan::default() };
    let mut settings = settings::Settings::default();
    // A second CREATE of a table or view is an error, or, with IF NOT EXISTS, left out.
    let again = super::redeclarations(statements);
    for statement in statements {
        if let Statement::CreateTable { name, if_not_exists, .. }
        | Statement::CreateTableAs { name, if_not_exists, .. }
        | Statement::CreateView { name, if_not_exists, .. } = statement
        {
            if again.iter().any(|s| std::ptr::eq(*s, statement)) {
                if *if_not_exists {
                    continue;
                }
                return plan_err!(
                    ident_position(name),
                    "table or view \"{}\" is declared twice: Flink refuses a second CREATE of a name (CREATE TABLE IF NOT EXISTS keeps the first)",
                    Naming::FLINK.name(name)
                );
            }
        }
        if let Statement::Show { listing, position } = statement {
            let query = listings::listing_query(listing, &app, *position)?;
            app = plan_application_into(app, std::slice::from_ref(&query))?;
            continue;
        }
        if let Statement::Set { key, value, position } = statement {
            settings.set(key, value, *position)?;
            continue;
        }
        if let Statement::Explain(inner) = statement {
            // Plan it as if it ran, against everything declared so far, then keep only the text.
            let mut scratch = app.clone();
            scratch.pumps.clear();
            scratch.explains.clear();
            let planned = plan_application_into(scratch, std::slice::from_ref(inner.as_ref()))?;
            app.explains.push(planned);
            continue;
        }
        app = plan_application_into(app, std::slice::from_ref(statement))?;
    }
    // As a Flink SQL client script's SETs at its top: for every statement of the application.
    app.options = settings.options()?;
    let explained = app.explains.iter().flat_map(|e| &e.pumps);
    settings.check_state_ttl(app.pumps.iter().chain(explained).map(|p| &p.plan))?;
    for explain in &mut app.explains {
        explain.options = app.options;
    }
    if app.pumps.is_empty() && app.explains.is_empty() {
        return plan_err!(
            None,
            "the application has no pump and no query, so it produces nothing; add CREATE OR REPLACE PUMP … AS INSERT INTO … SELECT STREAM …"
        );
    }
    Ok(app)
}

/// Plans statements on top of `app` (EXPLAIN excluded).
fn plan_application_into(mut app: ApplicationPlan, statements: &[Statement]) -> Result<ApplicationPlan> {
    let mut bare_queries = app.pumps.iter().filter(|p| p.name.ends_with("_QUERY")).count();
    let mut inserts = app.pumps.iter().filter(|p| p.name.starts_with("INSERT_")).count();
    for statement in statements {
        match statement {
            Statement::CreatePump { query, .. } => values::register(&mut app, query, Naming::KDA)?,
            Statement::Insert { query, .. }
            | Statement::CreateView { query, .. }
            | Statement::CreateTableAs { query, .. } => values::register(&mut app, query, Naming::FLINK)?,
            Statement::Query { query, kda, .. } => {
                values::register(&mut app, query, if *kda { Naming::KDA } else { Naming::FLINK })?
            }
            _ => {}
        }
        match statement {
            Statement::Explain(_) => return plan_err!(None, "EXPLAIN cannot be nested"),
            Statement::Show { position, .. } => {
                return plan_err!(
                    Some(*position),
                    "EXPLAIN of DESCRIBE or SHOW: it lists the catalog, it plans nothing"
                )
            }
            Statement::CreateStream { name, columns, not_null } => {
                let mut stream = StreamDef::new(Naming::KDA.name(name), plan_columns(columns, Naming::KDA)?);
                stream.not_null = not_null.iter().map(|c| Naming::KDA.name(c)).collect();
                replace_stream(&mut app, stream);
            }
            Statement::CreateTable {
                name,
                columns,
                computed,
                watermark,
                primary_key,
                partitioned_by,
                options,
                not_null,
                ..
            } => {
                let mut stream = plan_create_table(name, columns, computed, watermark.as_deref())?;
                stream.not_null = not_null.iter().map(|c| Naming::FLINK.name(c)).collect();
                // A partitioned filesystem sink lays its files out by these columns; its rows
                // are the same, so only the names are checked.
                for column in partitioned_by {
                    let wanted = Naming::FLINK.name(column);
                    if !stream.columns.iter().any(|c| c.name == wanted) {
                        return plan_err!(
                            ident_position(column),
                            "PARTITIONED BY names \"{wanted}\", which is not a column of the table"
                        );
                    }
                }
                for column in primary_key {
                    let wanted = Naming::FLINK.name(column);
                    let Some(index) = stream.columns.iter().position(|c| c.name == wanted) else {
                        return plan_err!(
                            ident_position(column),
                            "PRIMARY KEY names \"{wanted}\", which is not a column of the table"
                        );
                    };
                    stream.primary_key.push(index + 1);
                }
                stream.connector = appending_connector(options);
                replace_stream(&mut app, stream);
            }
            Statement::CreateTableAs { name, options, query, .. } => {
                // A table of the query's columns, then an INSERT of the query into it.
                let select = plan_statement(query, &app, Naming::FLINK)?;
                let schema = select.plan.schema();
                let columns =
                    select.visible().iter().map(|&i| column_def(schema.field(i))).collect::<Result<Vec<_>>>()?;
                let table = Naming::FLINK.name(name);
                let mut stream = StreamDef::flink(table.clone(), columns, None);
                stream.connector = appending_connector(options);
                replace_stream(&mut app, stream);
                inserts += 1;
                let plan = plan_insert(&mut app, name, &[], query, Naming::FLINK, "CREATE TABLE … AS")?;
                app.pumps.push(PumpPlan { name: format!("INSERT_{inserts}"), target: table, plan });
            }
            Statement::CreateFunction { name, class } => {
                // Java (or Python) code cannot run here: a function is bound to kdalite's
                // built-in of the same name (Nexmark's count_char is COUNT_CHAR).
                let wanted = name.value.to_uppercase();
                let built_in = crate::plan::function_docs::function_doc(&wanted);
                if built_in.is_none() {
                    let names: Vec<&str> = crate::plan::function_docs::FUNCTIONS.iter().map(|d| d.name).collect();
                    return plan_err!(
                        ident_position(name),
                        "CREATE FUNCTION {} AS '{class}': kdalite cannot run Java or Python functions, and has no built-in \
                         {wanted} to bind the name to; its functions are {}",
                        name.value,
                        names.join(", ")
                    );
                }
            }
            // Kept by plan_application, for the whole application; `EXPLAIN SET` checked here.
            Statement::Set { key, value, position } => settings::Settings::default().set(key, value, *position)?,
            Statement::CreatePump { name, target, columns, query } => {
                let pump_name = Naming::KDA.name(name);
                let plan =
                    plan_insert(&mut app, target, columns, query, Naming::KDA, &format!("pump \"{pump_name}\""))?;
                app.pumps.retain(|p| p.name != pump_name);
                app.pumps.push(PumpPlan { name: pump_name, target: Naming::KDA.name(target), plan });
            }
            Statement::Insert { target, columns, query } => {
                inserts += 1;
                let target_name = find_stream(&app, target, Naming::FLINK).map(|s| s.name.clone()).unwrap_or_default();
                let plan = plan_insert(&mut app, target, columns, query, Naming::FLINK, "INSERT INTO")?;
                app.pumps.push(PumpPlan { name: format!("INSERT_{inserts}"), target: target_name, plan });
            }
            Statement::CreateView { name, query, .. } => {
                // A view runs as a query into a stream of its own that others read; an
                // event-time column it passes through stays a time attribute, and its rows keep
                // the watermark they met (as Flink, which inlines views, propagates it).
                let name = Naming::FLINK.name(name);
                let select = plan_statement(query, &app, Naming::FLINK)?;
                let (columns, plan) = derived_stream(select.clone())?;
                kind_column_free(&columns, select.op.is_some(), span_position(query.span()))?;
                let watermark = match (select.time.watermark, select.time.attributes.first()) {
                    (Some(_), Some(&attribute)) => {
                        // After ROWTIME (and an updating view's `op`).
                        let first = 1 + usize::from(select.op.is_some());
                        let column = select.visible().iter().position(|c| *c == attribute).map(|k| k + first);
                        column.map(|column| WatermarkSpec { column, delay_ms: 0 })
                    }
                    _ => None,
                };
                let plan = if watermark.is_some() { plan } else { without_watermark(plan) };
                let watermark_origin = select.time.origin.clone();
                let visible = select.visible();
                let proctime = select
                    .time
                    .proctime
                    .iter()
                    .filter_map(|c| visible.iter().position(|v| v == c).map(|k| k + 1))
                    .collect();
                let stream = StreamDef {
                    view: true,
                    watermark_origin,
                    proctime,
                    updating: select.op.is_some(),
                    ..StreamDef::flink(name.clone(), columns, watermark)
                };
                replace_stream(&mut app, stream);
                app.pumps.retain(|p| p.target != name);
                app.pumps.push(PumpPlan { name: format!("{name}_VIEW"), target: name, plan });
            }
            Statement::Query { query, kda, .. } => {
                bare_queries += 1;
                let name = match bare_queries {
                    1 => RESULT_STREAM.to_string(),
                    n => format!("{RESULT_STREAM}_{n}"),
                };
                let naming = if *kda { Naming::KDA } else { Naming::FLINK };
                let select = plan_statement(query, &app, naming)?;
                let updating = select.op.is_some();
                let (columns, plan) = derived_stream(select)?;
                kind_column_free(&columns, updating, span_position(query.span()))?;
                let mut stream = StreamDef { updating, ..StreamDef::new(&name, columns) };
                if !kda {
                    stream.kind = StreamKind::Flink { watermark: None };
                }
                app.streams.push(stream);
                app.pumps.push(PumpPlan { name: format!("{name}_QUERY"), target: name, plan: without_watermark(plan) });
            }
        }
    }
    Ok(app)
}

/// The connector of a table's options that only appends rows (`None` without one, or when its
/// format carries changes, as Flink's filesystem and Kafka sinks write them in a changelog
/// format).
fn appending_connector(options: &[(String, String)]) -> Option<String> {
    let changes =
        options.iter().any(|(k, v)| (k == "format" || k == "value.format") && CHANGELOG_FORMATS.contains(&v.as_str()));
    options.iter().find(|(k, _)| k == "connector").filter(|_| !changes).map(|(_, v)| v.clone())
}

fn replace_stream(app: &mut ApplicationPlan, stream: StreamDef) {
    app.streams.retain(|s| s.name != stream.name);
    app.streams.push(stream);
}

/// A stream by name: exact, or (for Flink names) the one stream whose name differs only in case.
pub(crate) fn find_stream<'a>(app: &'a ApplicationPlan, ident: &ast::Ident, naming: Naming) -> Option<&'a StreamDef> {
    let name = naming.name(ident);
    app.stream(&name).or_else(|| {
        let mut matches = app.streams.iter().filter(|s| s.name.eq_ignore_ascii_case(&name));
        let first = matches.next();
        if naming.fold || matches.next().is_some() {
            None
        } else {
            first
        }
    })
}

fn plan_insert(
    app: &mut ApplicationPlan,
    target: &ast::Ident,
    columns: &[ast::Ident],
    query: &ast::Query,
    naming: Naming,
    what: &str,
) -> Result<LogicalPlan> {
    let Some(target_def) = find_stream(app, target, naming).cloned() else {
        let target_name = naming.name(target);
        let (kind, declare) =
            if naming.fold { ("stream", "CREATE OR REPLACE STREAM") } else { ("table", "CREATE TABLE") };
        return plan_err!(
            ident_position(target),
            "{what} inserts into {kind} \"{target_name}\", which does not exist; declare it with {declare} first"
        );
    };
    let select = plan_statement(query, app, naming)?;
    let position = span_position(query.span());
    let target_def = if select.op.is_some() && !target_def.updating {
        let updating = updating_target(app, target_def, ident_position(target))?;
        replace_stream(app, updating.clone());
        updating
    } else {
        target_def
    };
    insert_into(select, &target_def, columns, naming, position)
}

/// An updating result's `columns` (its `op` among them) when no column of its own is named as
/// its rows' kind of change is: a reader, a sink and the JSON lines could not tell them apart.
fn kind_column_free(columns: &[ColumnDef], updating: bool, position: Option<Position>) -> Result<()> {
    if updating && columns.iter().filter(|c| c.name == OP_COLUMN).count() > 1 {
        return plan_err!(
            position,
            "the query's result is updating, and its rows carry their kind of change (+I, -U, +U, -D) as column \"{OP_COLUMN}\", which it also selects: rename the selected column (… AS another_name)"
        );
    }
    Ok(())
}

/// Formats that write each row with its kind of change.
const CHANGELOG_FORMATS: [&str; 4] = ["debezium-json", "canal-json", "maxwell-json", "ogg-json"];

/// Connectors that write rows as they come and cannot take back one they wrote, as Flink's.
const APPEND_ONLY_CONNECTORS: [&str; 5] = ["filesystem", "kafka", "kinesis", "firehose", "datagen"];

/// The table `target` as one that receives an updating result: refused, as Flink refuses it,
/// when its connector can only append; and when the application already reads the table or
/// writes rows into it that are not changes (they were planned without the `op` column).
fn updating_target(app: &ApplicationPlan, target: StreamDef, position: Option<Position>) -> Result<StreamDef> {
    let name = &target.name;
    if let Some(connector) = target.connector.as_deref().filter(|c| APPEND_ONLY_CONNECTORS.contains(c)) {
        return plan_err!(
            position,
            "table \"{name}\" doesn't support consuming update changes, which the query produces (+I, -U, +U, -D): its connector '{connector}' only appends; write to an upsert connector with a PRIMARY KEY, or to 'print' or 'blackhole'"
        );
    }
    if target.kind == StreamKind::Kda {
        return plan_err!(position, "stream \"{name}\" is a KDA stream, which takes rows, not changes");
    }
    if target.columns.iter().any(|c| c.name == OP_COLUMN) {
        return plan_err!(
            position,
            "table \"{name}\" has a column \"{OP_COLUMN}\", but would receive an updating result, whose rows carry their kind of change (+I, -U, +U, -D) as \"{OP_COLUMN}\": rename the column"
        );
    }
    if let Some(pump) = app.pumps.iter().find(|p| p.target == *name || p.plan.reads(name)) {
        let how = if pump.target == *name { "writes rows into it" } else { "reads it" };
        return plan_err!(
            position,
            "table \"{name}\" would receive an updating result, but {} already {how} as an append-only table; put this INSERT first",
            pump.name
        );
    }
    Ok(target.into_updating())
}

fn plan_columns(columns: &[(ast::Ident, ast::DataType)], naming: Naming) -> Result<Vec<ColumnDef>> {
    let mut defs: Vec<ColumnDef> = Vec::with_capacity(columns.len());
    for (column, data_type) in columns {
        let column_name = naming.name(column);
        if column_name.eq_ignore_ascii_case(ROWTIME) {
            return plan_err!(ident_position(column), "ROWTIME is a column of every stream and cannot be declared");
        }
        if defs.iter().any(|d| d.name == column_name) {
            return plan_err!(ident_position(column), "column \"{column_name}\" is declared twice");
        }
        let sql_type = sql_type(data_type).ok_or_else(|| Error::Plan {
            message: format!("column \"{column_name}\" has type {data_type}, which is not supported yet"),
            position: ident_position(column),
        })?;
        defs.push(ColumnDef { name: column_name, sql_type });
    }
    Ok(defs)
}

/// Flink's `CREATE TABLE`, with its event-time attribute if it declares a `WATERMARK`.
fn plan_create_table(
    name: &ast::Ident,
    columns: &[(ast::Ident, ast::DataType)],
    computed: &[(usize, ast::Ident, ast::Expr)],
    watermark: Option<&(ast::Ident, ast::Expr)>,
) -> Result<StreamDef> {
    let physical = plan_columns(columns, Naming::FLINK)?;
    // Computed columns are expressions over the physical ones, placed where they were declared.
    let source = StreamDef::flink(Naming::FLINK.name(name), physical.clone(), None);
    let scope = query::source_scope(&source);
    let mut defs = physical;
    let mut exprs = Vec::new();
    for (offset, (before, column, expr)) in computed.iter().enumerate() {
        let planned = expr::ExprPlanner::new(&scope).plan(expr)?;
        let column_name = Naming::FLINK.name(column);
        if defs.iter().any(|d| d.name == column_name) {
            return plan_err!(ident_position(column), "column \"{column_name}\" is declared twice");
        }
        let sql_type = SqlType::from_arrow(&planned.data_type()).ok_or_else(|| Error::Plan {
            message: format!(
                "computed column \"{column_name}\" has type {}, which a column cannot have",
                planned.data_type()
            ),
            position: ident_position(column),
        })?;
        let at = before + offset;
        defs.insert(at, ColumnDef { name: column_name, sql_type });
        exprs.push((at + 1, planned));
    }
    let spec = match watermark {
        None => None,
        Some((column, expr)) => {
            let column_name = Naming::FLINK.name(column);
            let Some(index) = defs.iter().position(|c| c.name == column_name) else {
                return plan_err!(
                    ident_position(column),
                    "WATERMARK FOR \"{column_name}\": the table has no such column"
                );
            };
            if !matches!(defs[index].sql_type, SqlType::Timestamp | SqlType::TimestampLtz(_)) {
                return plan_err!(
                    ident_position(column),
                    "WATERMARK FOR \"{column_name}\": the event-time column must be a TIMESTAMP or TIMESTAMP_LTZ, not {}",
                    defs[index].sql_type
                );
            }
            let delay_ms = watermark_delay(&column_name, expr)?;
            Some(WatermarkSpec { column: index + 1, delay_ms })
        }
    };
    let mut table = StreamDef::flink(Naming::FLINK.name(name), defs, spec);
    // `p AS PROCTIME()`: a processing-time attribute, as in a view.
    table.proctime = exprs
        .iter()
        .filter(|(_, e)| matches!(e, Expr::Call { func: crate::plan::ScalarFunction::Proctime, .. }))
        .map(|(at, _)| *at)
        .collect();
    table.computed = exprs;
    Ok(table)
}

/// The delay of `ts` or `ts - INTERVAL 'n' unit`.
fn watermark_delay(column: &str, expr: &ast::Expr) -> Result<i64> {
    let position = span_position(expr.span());
    let is_column = |e: &ast::Expr| matches!(e, ast::Expr::Identifier(id) if id.value == column);
    match expr {
        e if is_column(e) => Ok(0),
        ast::Expr::BinaryOp { left, op: ast::BinaryOperator::Minus, right } if is_column(left) => {
            match right.as_ref() {
                ast::Expr::Interval(interval) => interval_millis_of(interval, position, false),
                _ => plan_err!(position, "a watermark is `{column} - INTERVAL 'n' unit`"),
            }
        }
        _ => plan_err!(position, "a watermark is `{column}` or `{column} - INTERVAL 'n' unit`, not {expr}"),
    }
}

pub(crate) fn sql_type(data_type: &ast::DataType) -> Option<SqlType> {
    use ast::DataType as D;
    let length = |l: &Option<ast::CharacterLength>| match l {
        Some(ast::CharacterLength::IntegerLength { length, .. }) => Some(*length),
        _ => None,
    };
    Some(match data_type {
        D::Varchar(l) | D::CharacterVarying(l) | D::CharVarying(l) | D::Nvarchar(l) => SqlType::Varchar(length(l)),
        D::Char(l) | D::Character(l) => SqlType::Char(length(l)),
        D::String(_) | D::Text => SqlType::Varchar(None),
        D::Boolean | D::Bool => SqlType::Boolean,
        D::TinyInt(_) => SqlType::TinyInt,
        D::SmallInt(_) => SqlType::SmallInt,
        D::Int(_) | D::Integer(_) => SqlType::Integer,
        D::BigInt(_) => SqlType::BigInt,
        D::Real | D::Float4 => SqlType::Real,
        D::Double(_) | D::DoublePrecision | D::Float8 | D::Float(_) => SqlType::Double,
        D::Timestamp(_, _) | D::Datetime(_) => SqlType::Timestamp,
        D::Date => SqlType::Date,
        D::Time(_, _) => SqlType::Time,
        D::Decimal(info) | D::Numeric(info) | D::Dec(info) => {
            let (p, s) = match info {
                ast::ExactNumberInfo::None => (10, 0),
                ast::ExactNumberInfo::Precision(p) => (*p, 0),
                ast::ExactNumberInfo::PrecisionAndScale(p, s) => (*p, *s),
            };
            if p == 0 || p > 38 || s < 0 || s as u64 > p {
                return None;
            }
            SqlType::Decimal(p as u8, s as i8)
        }
        // Read in the zone of the application being planned.
        D::Custom(name, _) if name.to_string().eq_ignore_ascii_case("TIMESTAMP_LTZ") => {
            SqlType::TimestampLtz(crate::plan::zone::session())
        }
        // `INTERVAL DAY TO HOUR`; a bare INTERVAL is DAY TO SECOND, as Flink's is.
        D::Interval { fields, precision: None } => SqlType::Interval(match fields {
            None => crate::plan::IntervalQualifier::DAY_TO_SECOND,
            Some(f) => crate::plan::IntervalQualifier::parse(&f.to_string())?,
        }),
        // Flink's `ARRAY<t>` and `t ARRAY`.
        D::Array(ast::ArrayElemTypeDef::AngleBracket(t) | ast::ArrayElemTypeDef::Qualified(t, None)) => {
            SqlType::Array(Box::new(sql_type(t)?))
        }
        D::Bytes(_) | D::Varbinary(_) | D::Binary(_) | D::Bytea => SqlType::Bytes,
        D::Map(key, value, ast::MapBracketKind::AngleBrackets) => {
            SqlType::Map(Box::new(sql_type(key)?), Box::new(sql_type(value)?))
        }
        // Flink's ROW<…>, which the parser reads as a STRUCT<…>.
        D::Struct(fields, _) => SqlType::Row(
            fields
                .iter()
                .map(|f| Some((f.field_name.as_ref()?.value.clone(), sql_type(&f.field_type)?)))
                .collect::<Option<Vec<_>>>()?,
        ),
        _ => return None,
    })
}

/// The columns of the stream a bare query or a view writes to: the query's (`op` included),
/// without the bare ROWTIMEs it selects (`SELECT STREAM ROWTIME, …`: every row has its own);
/// and the query's plan, which then produces exactly them (and the watermark column).
fn derived_stream(select: Select) -> Result<(Vec<ColumnDef>, LogicalPlan)> {
    let LogicalPlan::Projection { input, mut exprs, schema } = select.plan else {
        // A union: its columns as they are.
        let schema = select.plan.schema();
        let mut columns = Vec::new();
        for field in schema.fields().iter().skip(1).filter(|f| f.name() != WATERMARK_COLUMN) {
            columns.push(column_def(field)?);
        }
        return Ok((columns, select.plan));
    };
    let mut fields: Vec<arrow_schema::Field> = schema.fields().iter().map(|f| f.as_ref().clone()).collect();
    for &i in select.rowtimes.iter().rev() {
        exprs.remove(i);
        fields.remove(i);
    }
    let mut columns = Vec::new();
    for field in fields.iter().skip(1).filter(|f| f.name() != WATERMARK_COLUMN) {
        columns.push(column_def(field)?);
    }
    let schema = Arc::new(arrow_schema::Schema::new(fields));
    Ok((columns, LogicalPlan::Projection { input, exprs, schema }))
}

fn column_def(field: &arrow_schema::Field) -> Result<ColumnDef> {
    let sql_type = match crate::plan::IntervalQualifier::of_field(field) {
        Some(q) => SqlType::Interval(q),
        None => SqlType::from_arrow(field.data_type())
            .ok_or_else(|| Error::Internal(format!("no SQL type for {}", field.data_type())))?,
    };
    Ok(ColumnDef { name: field.name().clone(), sql_type })
}

/// The plan without the hidden watermark column it ends with, if it has one: for a stream that
/// has no event time of its own to carry it.
fn without_watermark(plan: LogicalPlan) -> LogicalPlan {
    match plan {
        LogicalPlan::Projection { input, mut exprs, schema }
            if schema.fields().last().is_some_and(|f| f.name() == WATERMARK_COLUMN) =>
        {
            exprs.pop();
            let fields: Vec<arrow_schema::Field> =
                schema.fields().iter().take(exprs.len()).map(|f| f.as_ref().clone()).collect();
            LogicalPlan::Projection { input, exprs, schema: Arc::new(arrow_schema::Schema::new(fields)) }
        }
        LogicalPlan::Union { left, right, kda, shared_watermark, schema }
            if schema.fields().last().is_some_and(|f| f.name() == WATERMARK_COLUMN) =>
        {
            let fields: Vec<arrow_schema::Field> =
                schema.fields().iter().take(schema.fields().len() - 1).map(|f| f.as_ref().clone()).collect();
            let schema = Arc::new(arrow_schema::Schema::new(fields));
            let left = Box::new(without_watermark(*left));
            let right = Box::new(without_watermark(*right));
            LogicalPlan::Union { left, right, kda, shared_watermark, schema }
        }
        other => other,
    }
}

/// Wraps a SELECT so that it produces exactly the target stream's columns, in order and type.
fn insert_into(
    select: Select,
    target: &StreamDef,
    columns: &[ast::Ident],
    naming: Naming,
    position: Option<Position>,
) -> Result<LogicalPlan> {
    let op = select.op;
    let rowtimes = select.rowtimes.clone();
    let visible = select.visible();
    let plan = match select.plan {
        projection @ LogicalPlan::Projection { .. } => projection,
        // A union: read through a projection of its columns.
        other => {
            let schema = other.schema();
            let exprs = (0..schema.fields().len()).map(|i| Expr::column_of(i, schema.field(i))).collect();
            LogicalPlan::Projection { input: Box::new(other), exprs, schema }
        }
    };
    let LogicalPlan::Projection { input, exprs, .. } = plan else {
        return Err(Error::Internal("a SELECT plans to a projection".into()));
    };
    let rowtime = exprs[0].clone();
    let names: Vec<String> = if columns.is_empty() {
        target.columns.iter().skip(usize::from(target.updating)).map(|c| c.name.clone()).collect()
    } else {
        columns.iter().map(|c| naming.name(c)).collect()
    };
    // `SELECT STREAM ROWTIME, a, b` into a stream of (a, b): the ROWTIME is the row's own.
    let chosen: Vec<usize> = if visible.len() == names.len() + rowtimes.len() && !rowtimes.is_empty() {
        visible.iter().copied().filter(|i| !rowtimes.contains(i)).collect()
    } else {
        visible
    };
    let values: Vec<Expr> = chosen.iter().map(|&i| exprs[i].clone()).collect();
    if names.len() != values.len() {
        return plan_err!(
            columns.first().and_then(ident_position).or(position),
            "stream \"{}\" takes {} column(s) but the query selects {}",
            target.name,
            names.len(),
            values.len()
        );
    }
    let mut out = vec![rowtime.clone()];
    // An updating table's rows say first what kind of change each is (rows that are not
    // changes are insertions).
    if target.updating {
        out.push(match op {
            Some(index) => exprs[index].clone(),
            None => Expr::Literal(ScalarValue::Utf8("+I".into())),
        });
    }
    for column in target.columns.iter().skip(usize::from(target.updating)) {
        let value = match names.iter().position(|n| n == &column.name) {
            Some(i) => values[i].clone(),
            None => Expr::Literal(ScalarValue::Null),
        };
        let to = column.sql_type.to_arrow();
        if value.data_type() != DataType::Null && !arrow_cast::can_cast_types(&value.data_type(), &to) {
            return plan_err!(
                position,
                "cannot insert {} ({}) into column \"{}\" of type {}",
                value,
                value.data_type(),
                column.name,
                column.sql_type
            );
        }
        let value = value.cast_to(&to);
        out.push(match target.not_null.contains(&column.name) {
            true => Expr::Call {
                func: crate::plan::ScalarFunction::NotNull(column.name.clone()),
                args: vec![value],
                data_type: to,
            },
            false => value,
        });
    }
    if let Some(unknown) = names.iter().find(|n| !target.columns.iter().any(|c| &&c.name == n)) {
        return plan_err!(position, "stream \"{}\" has no column \"{unknown}\"", target.name);
    }
    let plan = LogicalPlan::Projection { input, exprs: out, schema: target.schema.clone() };
    if !target.updating || target.primary_key.is_empty() {
        return Ok(plan);
    }
    // Upserts by key: a `+U` replaces the key's row, so the `-U` before it is not written.
    let op = Expr::Column { index: 1, name: OP_COLUMN.into(), data_type: DataType::Utf8 };
    let predicate = Expr::Binary {
        op: crate::plan::BinaryOp::NotEq,
        left: Box::new(op),
        right: Box::new(Expr::Literal(ScalarValue::Utf8("-U".into()))),
    };
    Ok(LogicalPlan::Filter { input: Box::new(plan), predicate })
}
