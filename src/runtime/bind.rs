//! Building a runnable application from code and input bindings: the one place that decides
//! which streams are inputs, discovers their schemas and opens their sources. The CLI, the
//! page and the tests all start applications through [`build`].

use std::sync::Arc;

use super::Runtime;
use crate::error::{Error, Result};
use crate::plan::{ReferenceTable, StreamDef};
use crate::source::file::{infer_schema, json_path, stream_of, FileInput, FileSource, Format, RecordColumn};
use crate::source::{BadRow, GeneratorSpec, Source};
use crate::sql;

pub enum InputSource {
    /// A file (CSV, JSON lines or a JSON array; see `source::file`), by its name and contents.
    /// `pace`: rows arrive at their `ROWTIME`s on the virtual clock, not all at once.
    /// `schema`: the input schema (columns, types, mappings), if not the one discovery finds.
    File {
        name: String,
        input: FileInput,
        pace: bool,
        schema: Option<Vec<RecordColumn>>,
    },
    Generator(GeneratorSpec),
    /// A generator's records read under an input schema (a KDA application's input): the
    /// stream has the schema's columns, each taken from the generator's field its mapping
    /// names and cast to its type (see `source::mapped`).
    Records {
        generator: GeneratorSpec,
        schema: Vec<RecordColumn>,
    },
    /// A Parquet file, read from its path (native builds with the `parquet` feature).
    #[cfg(all(feature = "parquet", not(target_arch = "wasm32")))]
    Parquet(std::path::PathBuf),
    /// A reference table (KDA's reference data source): a file read whole before the
    /// application starts, joined to streams by key. Its columns are discovered.
    Table {
        name: String,
        input: FileInput,
        schema: Option<Vec<RecordColumn>>,
    },
    /// A generated table's own rows (see [`sql::generated_tables`]), at most `rows` of them
    /// when its options set no end (the export's bound on a table that would run without end).
    Generated {
        rows: u64,
    },
}

/// An input bound to a stream by name (matched case-insensitively to the code's streams).
pub struct InputBinding {
    pub stream: String,
    pub source: InputSource,
}

/// Parses and plans `code`, binds the inputs, and returns a runtime at virtual time `start`
/// with its state in memory. A stream the code reads without declaring takes its schema from
/// its input (discovery for files, the generator's own schema for generators).
pub fn build(code: &str, bindings: Vec<InputBinding>, start: i64) -> Result<Runtime> {
    build_with_state(code, bindings, start, Box::new(crate::state::MemoryBackend::default()))
}

/// [`build`], with the operators' state in `state`.
pub fn build_with_state(
    code: &str,
    bindings: Vec<InputBinding>,
    start: i64,
    state: Box<dyn crate::state::StateBackend>,
) -> Result<Runtime> {
    let statements = sql::parse(code)?;
    let undeclared = sql::undeclared_inputs(&statements);
    let lookups = sql::lookup_tables(&statements)?;
    let mut inputs: Vec<StreamDef> = Vec::new();
    let mut tables = Vec::new();
    let mut table_errors = Vec::new();
    let mut bound = Vec::new();
    let mut generated_rows: Vec<(String, u64)> = Vec::new();
    for InputBinding { stream, mut source } in bindings {
        if let InputSource::Generated { rows } = source {
            generated_rows.push((stream, rows));
            continue;
        }
        let stream = undeclared
            .iter()
            .find(|k| k.as_str() == stream || k.eq_ignore_ascii_case(&stream))
            .cloned()
            .unwrap_or(stream);
        // A file bound to a table the code looks rows up in is that table's rows.
        let lookup = lookups.iter().find(|t| t.name.eq_ignore_ascii_case(&stream));
        if let (Some(lookup), InputSource::File { name, input, .. } | InputSource::Table { name, input, .. }) =
            (lookup, &mut source)
        {
            let input = std::mem::replace(input, FileInput::from_bytes(vec![]));
            let schema = lookup_schema(lookup, name, &input);
            let (table, bad) = load_table(&lookup.name, name, input, Some(schema))?;
            tables.push(Arc::new(table));
            table_errors.push((lookup.name.clone(), bad));
            continue;
        }
        if let InputSource::Table { name, input, schema } = source {
            let (table, bad) = load_table(&stream, &name, input, schema)?;
            tables.push(Arc::new(table));
            table_errors.push((stream, bad));
            continue;
        }
        if undeclared.contains(&stream) {
            inputs.push(match &mut source {
                // The stream is what the schema says, and each column is read from its mapping.
                InputSource::File { name, input, schema, .. } => {
                    let columns = match schema.take() {
                        Some(columns) => columns,
                        None => infer_schema(name, &input.head)?,
                    };
                    let def = stream_of(&stream, &columns);
                    *schema = Some(columns);
                    def
                }
                InputSource::Generator(spec) => spec.stream_def(&stream)?,
                InputSource::Records { schema, .. } => stream_of(&stream, schema),
                #[cfg(all(feature = "parquet", not(target_arch = "wasm32")))]
                InputSource::Parquet(path) => crate::source::parquet::infer_stream(&stream, path)?,
                InputSource::Table { .. } | InputSource::Generated { .. } => unreachable!("bound above"),
            });
        }
        bound.push((stream, source));
    }
    // A looked-up table nothing is bound to reads the file its options name.
    for lookup in &lookups {
        if tables.iter().any(|t| t.name == lookup.name) {
            continue;
        }
        let Some(path) = &lookup.path else {
            return Err(Error::Input(format!(
                "table \"{}\" is looked up (FOR SYSTEM_TIME AS OF) but names no file; bind one: --reference {}=FILE.csv",
                lookup.name, lookup.name
            )));
        };
        let input = read_file(&lookup.name, path)?;
        let schema = lookup_schema(lookup, path, &input);
        let (table, bad) = load_table(&lookup.name, path, input, Some(schema))?;
        tables.push(Arc::new(table));
        table_errors.push((lookup.name.clone(), bad));
    }
    let fed = |s: &&String| inputs.iter().any(|i| &&i.name == s) || tables.iter().any(|t| &&t.name == s);
    if let Some(unfed) = undeclared.iter().find(|s| !fed(s)) {
        return Err(Error::Input(format!(
            "stream \"{unfed}\" is read by the application but is neither declared nor bound to an input"
        )));
    }
    let plan = sql::plan_application(&statements, &inputs, &tables)?;
    let mut sources: Vec<(String, Box<dyn Source>)> = Vec::new();
    // A generated table nothing is bound to makes its own rows.
    for table in sql::generated_tables(&statements) {
        if bound.iter().any(|(stream, _)| stream.eq_ignore_ascii_case(&table.name)) {
            continue;
        }
        let Some(def) = plan.stream(&table.name) else { continue };
        let limit = generated_rows.iter().find(|(s, _)| s.eq_ignore_ascii_case(&table.name)).map(|(_, rows)| *rows);
        let source = generated(&table, def, limit).map_err(|e| match e {
            Error::Input(message) => Error::Plan { message, position: table.position },
            other => other,
        })?;
        sources.push((table.name, source));
    }
    for (stream, source) in bound {
        let Some(def) = plan.stream(&stream) else {
            return Err(Error::Input(format!("the application has no stream \"{stream}\" to bind an input to")));
        };
        let source: Box<dyn Source> = match source {
            InputSource::File { name, input, pace, schema } => {
                Box::new(FileSource::new(&name, input, def, schema.as_deref())?.paced(pace))
            }
            InputSource::Generator(spec) => declared(spec.build(&stream)?, def)?,
            InputSource::Records { generator, schema } => {
                Box::new(crate::source::mapped::Mapped::new(generator.build(&stream)?, def, &schema)?)
            }
            #[cfg(all(feature = "parquet", not(target_arch = "wasm32")))]
            InputSource::Parquet(path) => Box::new(crate::source::parquet::ParquetSource::open(&path, def)?),
            InputSource::Table { .. } | InputSource::Generated { .. } => continue,
        };
        sources.push((stream, source));
    }
    let mut runtime = Runtime::with_state(plan, sources, start, state)?;
    for (table, bad) in table_errors {
        runtime.report_bad_rows(&table, bad)?;
    }
    Ok(runtime)
}

/// The rows `table` makes of its options (at most `limit` when they set no end) as `def`.
fn generated(table: &sql::GeneratedTable, def: &StreamDef, limit: Option<u64>) -> Result<Box<dyn Source>> {
    let mut options = table.options.clone();
    if let (Some(rows), false) = (limit, table.ends()) {
        options.retain(|(k, _)| k != table.end_option());
        options.push((table.end_option().into(), rows.to_string()));
    }
    match table.connector.as_str() {
        "nexmark" => declared(crate::source::nexmark::connector_spec(&table.name, &options)?.build(&table.name)?, def),
        _ => crate::source::datagen::source(def, &options),
    }
}

/// A looked-up table's columns as the fields of its file `input`: a JSON record's by name, a CSV
/// line's by position.
fn lookup_schema(table: &sql::LookupTable, file: &str, input: &FileInput) -> Vec<RecordColumn> {
    let json = !matches!(Format::detect(file, &input.head), Format::Csv { .. });
    let mapping = |name: &str| if json { json_path(&[name.to_string()]) } else { String::new() };
    table
        .columns
        .iter()
        .map(|c| RecordColumn { name: c.name.clone(), sql_type: c.sql_type.clone(), mapping: mapping(&c.name) })
        .collect()
}

/// The file a looked-up table names (native builds; the page has no files but those given).
#[cfg(not(target_arch = "wasm32"))]
fn read_file(table: &str, path: &str) -> Result<FileInput> {
    let file = std::fs::File::open(path).map_err(|e| {
        Error::Input(format!("table \"{table}\" reads {path}: {e}; bind a file instead: --reference {table}=FILE.csv"))
    })?;
    FileInput::from_reader(Box::new(file))
}

#[cfg(target_arch = "wasm32")]
fn read_file(table: &str, path: &str) -> Result<FileInput> {
    Err(Error::Input(format!(
        "table \"{table}\" reads {path}, which the page cannot open; give the table's rows instead"
    )))
}

/// Reads a reference table's file whole: its rows (without `ROWTIME`) and the records that
/// could not become rows.
fn load_table(
    name: &str,
    file: &str,
    input: FileInput,
    schema: Option<Vec<RecordColumn>>,
) -> Result<(ReferenceTable, Vec<BadRow>)> {
    let schema = match schema {
        Some(schema) => schema,
        None => infer_schema(file, &input.head)?,
    };
    let def = stream_of(name, &schema);
    let mut source = FileSource::new(file, input, &def, Some(&schema))?;
    let (mut batches, mut bad) = (Vec::new(), Vec::new());
    while !source.is_exhausted() {
        let polled = source.poll(0, usize::MAX)?;
        if polled.batch.is_none() && polled.bad_rows.is_empty() && !source.is_exhausted() {
            return Err(Error::Input(format!("reference table \"{name}\": {file} is still being read")));
        }
        batches.extend(polled.batch.map(|b| b.project(&(1..b.num_columns()).collect::<Vec<_>>())).transpose()?);
        bad.extend(polled.bad_rows);
    }
    let schema = Arc::new(arrow_schema::Schema::new(def.source_schema().fields()[1..].to_vec()));
    let rows = arrow_select::concat::concat_batches(&schema, &batches)?;
    Ok((ReferenceTable { name: name.to_string(), rows }, bad))
}

/// A generator feeding a stream the code declares: its fields taken by name and cast to the
/// declared types (a ticker's `PRICE REAL` read as `DOUBLE`), when they differ.
fn declared(source: Box<dyn Source>, def: &StreamDef) -> Result<Box<dyn Source>> {
    let wanted = def.source_schema();
    let types = |s: &arrow_schema::SchemaRef| -> Vec<(String, arrow_schema::DataType)> {
        s.fields().iter().map(|f| (f.name().to_ascii_uppercase(), f.data_type().clone())).collect()
    };
    if types(&source.schema()) == types(&wanted) {
        return Ok(source);
    }
    let columns: Vec<RecordColumn> = wanted
        .fields()
        .iter()
        .skip(1)
        .filter_map(|f| def.columns.iter().find(|c| &c.name == f.name()))
        .map(|c| RecordColumn { name: c.name.clone(), sql_type: c.sql_type.clone(), mapping: String::new() })
        .collect();
    Ok(Box::new(crate::source::mapped::Mapped::new(source, def, &columns)?))
}
