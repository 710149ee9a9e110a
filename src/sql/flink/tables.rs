//! The job's tables: their `CREATE TABLE`s, names quoted and columns typed as Flink writes
//! them, with the connector each reads or writes through.

use sqlparser::ast;

use super::{Connector, Export, KinesisStream, PLACEHOLDER_ACCOUNT};
use crate::plan::{StreamDef, ROWTIME};
use crate::sql::spelling::{flink_type, quote};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableRole {
    /// An input: its rows are the application's input rows.
    Source,
    /// What a query writes.
    Sink,
    /// A table looked up by key (a KDA reference table).
    Lookup,
}

/// A `CREATE TABLE` of the job.
#[derive(Debug, Clone)]
pub struct JobTable {
    /// The table's name in the job.
    pub name: String,
    /// The stream or table of kdalite's plan whose rows it holds.
    pub rows: String,
    /// A reference table's columns as the job names them (a Flink query's spelling of them);
    /// empty for other tables.
    pub columns: Vec<String>,
    pub role: TableRole,
    /// A sink that receives a changelog (written as Debezium JSON by the filesystem connector).
    pub updating: bool,
    /// The file (a source's, a lookup table's) or directory (a sink's) it names, if any.
    pub path: Option<String>,
    pub statement: String,
}

impl Export<'_> {
    fn data_path(&self, name: &str) -> String {
        format!("{}data/{name}.jsonl", self.options.base)
    }

    fn out_path(&self, name: &str) -> String {
        format!("{}out/{name}", self.options.base)
    }

    /// The `WITH` options of a table in the role given.
    fn connector(&mut self, name: &str, role: TableRole, updating: bool) -> (Option<String>, String) {
        let (path, options) = match (self.options.connector, role) {
            (Connector::Kinesis, TableRole::Source | TableRole::Sink) => {
                let named = self.options.streams.iter().find(|(n, _)| n.eq_ignore_ascii_case(name));
                let stream = match named {
                    Some((_, stream)) => stream.clone(),
                    None => {
                        let arn =
                            format!("arn:aws:kinesis:{}:{PLACEHOLDER_ACCOUNT}:stream/{name}", self.options.region);
                        self.note(
                            None,
                            format!("`{name}` reads or writes the stream {arn}: put yours in its 'stream.arn'"),
                            false,
                        );
                        KinesisStream { arn, start: "TRIM_HORIZON".into() }
                    }
                };
                let region = stream.arn.split(':').nth(3).unwrap_or(&self.options.region).to_string();
                let mut options = vec![
                    ("connector", "kinesis".to_string()),
                    ("stream.arn", stream.arn),
                    ("aws.region", region),
                    ("format", "json".to_string()),
                ];
                if role == TableRole::Source {
                    options.push(("source.init.position", stream.start));
                }
                (None, options)
            }
            (_, TableRole::Sink) => {
                let path = self.out_path(name);
                let format = if updating { "debezium-json" } else { "json" };
                (
                    Some(path.clone()),
                    vec![("connector", "filesystem".into()), ("path", path), ("format", format.into())],
                )
            }
            (_, TableRole::Source | TableRole::Lookup) => {
                let path = self.data_path(name);
                (
                    Some(path.clone()),
                    vec![("connector", "filesystem".into()), ("path", path), ("format", "json".into())],
                )
            }
        };
        let options: Vec<String> =
            options.iter().map(|(k, v)| format!("  '{k}' = '{}'", v.replace('\'', "''"))).collect();
        (path, format!("WITH (\n{}\n)", options.join(",\n")))
    }

    pub(super) fn push_table(&mut self, name: &str, role: TableRole, updating: bool, columns: Vec<String>) {
        self.push_table_as(name, name, role, updating, columns)
    }

    /// A table the job calls `written` (as its queries write it) that holds the plan's `name`.
    fn push_table_as(&mut self, name: &str, written: &str, role: TableRole, updating: bool, columns: Vec<String>) {
        let (path, with) = self.connector(written, role, updating);
        let statement = format!("CREATE TABLE {} (\n  {}\n) {with}", quote(written), columns.join(",\n  "));
        let statement = self.with_notes(statement);
        self.job.tables.push(JobTable {
            name: written.to_string(),
            rows: name.to_string(),
            columns: vec![],
            role,
            updating,
            path,
            statement,
        });
    }

    /// A reference table (rows loaded whole) as a table of the job called `written`, its columns
    /// called `names`.
    pub(super) fn reference_table(&mut self, written: &str, table: &crate::plan::ReferenceTable, names: Vec<String>) {
        let fields = table.rows.schema();
        let columns = fields
            .fields()
            .iter()
            .zip(&names)
            .map(|(f, n)| format!("{} {}", quote(n), arrow_flink_type(f.data_type())));
        self.push_table_as(&table.name, written, TableRole::Lookup, false, columns.collect());
        self.job.tables.last_mut().expect("just pushed").columns = names;
    }

    /// A stream's value columns (not an updating stream's `op`, the first), with their Flink
    /// types.
    pub(super) fn columns_of(def: &StreamDef) -> Vec<(String, String)> {
        let values = &def.columns[usize::from(def.updating).min(def.columns.len())..];
        values.iter().map(|c| (c.name.clone(), flink_type(&c.sql_type))).collect()
    }

    /// A stream's value columns as a table declares them; a KDA stream's with `ROWTIME` first.
    pub(super) fn declared_columns(def: &StreamDef, rowtime: bool) -> Vec<String> {
        let mut columns = if rowtime { vec![format!("{} TIMESTAMP(3)", quote(ROWTIME))] } else { vec![] };
        columns.extend(Self::columns_of(def).into_iter().map(|(n, t)| {
            let required = if def.not_null.contains(&n) { " NOT NULL" } else { "" };
            format!("{} {t}{required}", quote(&n))
        }));
        columns
    }
}

/// A type written in a Flink `CREATE TABLE`, printed back with `ROW<…>` (which kdalite reads as
/// `STRUCT<…>`) and its fields' names quoted.
pub(super) fn ast_type(t: &ast::DataType) -> String {
    match t {
        ast::DataType::Struct(fields, _) => {
            let fields: Vec<String> = fields
                .iter()
                .map(|f| match &f.field_name {
                    Some(name) => format!("{} {}", quote(&name.value), ast_type(&f.field_type)),
                    None => ast_type(&f.field_type),
                })
                .collect();
            format!("ROW<{}>", fields.join(", "))
        }
        ast::DataType::Array(
            ast::ArrayElemTypeDef::AngleBracket(element) | ast::ArrayElemTypeDef::Qualified(element, None),
        ) => {
            format!("ARRAY<{}>", ast_type(element))
        }
        ast::DataType::Map(key, value, _) => format!("MAP<{}, {}>", ast_type(key), ast_type(value)),
        other => other.to_string(),
    }
}

/// An Arrow column type (a reference table's) as Flink writes it.
fn arrow_flink_type(t: &arrow_schema::DataType) -> String {
    use arrow_schema::DataType as D;
    match t {
        D::Boolean => "BOOLEAN".into(),
        D::Int8 => "TINYINT".into(),
        D::Int16 => "SMALLINT".into(),
        D::Int32 => "INT".into(),
        D::Int64 => "BIGINT".into(),
        D::Float32 => "FLOAT".into(),
        D::Float64 => "DOUBLE".into(),
        D::Decimal128(p, s) => format!("DECIMAL({p}, {s})"),
        D::Date32 => "DATE".into(),
        D::Timestamp(..) => "TIMESTAMP(3)".into(),
        D::Time32(_) | D::Time64(_) => "TIME(3)".into(),
        _ => "STRING".into(),
    }
}
