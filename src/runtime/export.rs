//! An application exported as a Flink SQL job bundle (`kdalite export --to flink`, the page's
//! **Export to Flink**): `job.sql` (translated by `sql::flink`), the rows of its inputs as JSON
//! lines (the application is run here to get them, generators included, so the job runs
//! offline), the rows kdalite writes to each sink (`expected/`, to compare the job's output
//! with), `run.py` (the job statement by statement through PyFlink) and a README.

use std::collections::BTreeMap;

use super::{build, InputBinding, InputSource};
use crate::error::Result;
use crate::output::json_records;
use crate::sql::flink::{to_flink, Connector, ExportOptions, FlinkJob, TableRole};

/// The bundle's files, by path relative to its directory.
pub struct Bundle {
    pub job: FlinkJob,
    pub files: Vec<(String, Vec<u8>)>,
}

impl Bundle {
    /// The text of the bundle's file at `path` (`job.sql`), if it has one.
    pub fn text(&self, path: &str) -> Option<String> {
        self.files.iter().find(|(p, _)| p == path).map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
    }

    /// The bundle as a zip file, its files under `folder/`, stored (not compressed).
    pub fn zip(&self, folder: &str) -> Result<Vec<u8>> {
        use std::io::Write;
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        let failed = |e: zip::result::ZipError| crate::error::Error::Input(format!("cannot write the zip file: {e}"));
        for (path, bytes) in &self.files {
            writer.start_file(format!("{folder}/{path}"), options).map_err(failed)?;
            writer.write_all(bytes).map_err(|e| failed(e.into()))?;
        }
        Ok(writer.finish().map_err(failed)?.into_inner())
    }
}

/// The settings every exported job starts with: Flink as kdalite's semantics are stated
/// (parallelism 1, UTC, a watermark after every row), checkpoints as KDA takes them by default.
/// A job over files fails at its first error instead of restarting (Flink restarts a
/// checkpointed job without end by default).
pub fn settings(checkpoint_interval_ms: u64, connector: Connector) -> Vec<(String, String)> {
    let mut settings = vec![
        ("execution.runtime-mode", "streaming".to_string()),
        ("parallelism.default", "1".into()),
        ("table.local-time-zone", "UTC".into()),
        ("pipeline.auto-watermark-interval", "0 ms".into()),
        ("execution.checkpointing.interval", format!("{checkpoint_interval_ms} ms")),
    ];
    if connector == Connector::Filesystem {
        settings.push(("restart-strategy.type", "none".into()));
    }
    settings.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// An input's rows as Flink's JSON format reads them: a TIMESTAMP_LTZ as UTC text with a `Z`
/// (`2020-04-15 08:05:00.000Z`), where kdalite's outputs print its zone's wall clock.
fn source_records(batch: &arrow_array::RecordBatch) -> Result<Vec<String>> {
    use arrow_array::cast::AsArray;
    use arrow_array::types::TimestampMillisecondType;
    let schema = batch.schema();
    let (mut fields, mut columns): (Vec<arrow_schema::Field>, Vec<arrow_array::ArrayRef>) =
        (schema.fields().iter().map(|f| f.as_ref().clone()).collect(), batch.columns().to_vec());
    for (field, column) in fields.iter_mut().zip(columns.iter_mut()) {
        if crate::plan::types::ltz_zone(field.data_type()).is_some() {
            let times = column.as_primitive::<TimestampMillisecondType>();
            let text: arrow_array::StringArray =
                times.iter().map(|t| t.map(|ms| format!("{}Z", crate::plan::types::format_timestamp(ms)))).collect();
            *column = std::sync::Arc::new(text);
            *field = arrow_schema::Field::new(field.name(), arrow_schema::DataType::Utf8, true);
        }
    }
    let batch = arrow_array::RecordBatch::try_new(std::sync::Arc::new(arrow_schema::Schema::new(fields)), columns)?;
    json_records(&batch)
}

/// KDA's default checkpoint interval.
pub const CHECKPOINT_INTERVAL_MS: u64 = 60_000;

/// The rows an export takes from a generator that runs without end (one without `count`).
pub const GENERATOR_ROWS: u64 = 10_000;

/// Exports `code`, its inputs bound as `kdalite run` binds them, as a Flink job bundle. `name`
/// is the application's file name, for the job's header. A generator without `count` gives
/// its first [`GENERATOR_ROWS`] rows, and the README says so.
pub fn flink_bundle(
    name: &str,
    code: &str,
    mut bindings: Vec<InputBinding>,
    start: i64,
    options: &ExportOptions,
) -> Result<Bundle> {
    // Over files the application runs here, for its inputs' rows and its sinks'; over Kinesis
    // it is only planned.
    let filesystem = options.connector == Connector::Filesystem;
    let mut bounded = Vec::new();
    for binding in bindings.iter_mut().filter(|_| filesystem) {
        let (InputSource::Generator(spec) | InputSource::Records { generator: spec, .. }) = &mut binding.source else {
            continue;
        };
        if !spec.params.iter().any(|(k, _)| k == "count") {
            spec.params.push(("count".into(), GENERATOR_ROWS.to_string()));
            bounded.push((binding.stream.clone(), "the generator's `count=N`".to_string()));
        }
    }
    // So does a generated table whose options set no end (nothing is bound to it).
    if filesystem {
        let statements = crate::sql::parse(code)?;
        for table in crate::sql::generated_tables(&statements) {
            let bound = bindings.iter().any(|b| b.stream.eq_ignore_ascii_case(&table.name));
            if !bound && !table.ends() {
                bindings.push(InputBinding {
                    stream: table.name.clone(),
                    source: InputSource::Generated { rows: GENERATOR_ROWS },
                });
                bounded.push((table.name.clone(), format!("the table's '{}'", table.end_option())));
            }
        }
    }
    let mut runtime = build(code, bindings, start)?;
    let mut job = to_flink(code, runtime.plan(), options)?;
    for (stream, end) in bounded {
        job.notes.push(crate::sql::flink::Note {
            position: None,
            text: format!(
                "`{stream}`'s generator runs without end: the job's input is its first {GENERATOR_ROWS} rows \
                 (set {end} for another number)"
            ),
            approximate: false,
        });
    }
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    // The application's rows: its inputs' (the job's data) and its sinks' (what the job should
    // write); a reference table's are loaded whole.
    let wanted: Vec<&str> =
        job.tables.iter().filter(|t| t.role != TableRole::Lookup).map(|t| t.rows.as_str()).collect();
    let sources: Vec<&str> =
        job.tables.iter().filter(|t| t.role == TableRole::Source).map(|t| t.rows.as_str()).collect();
    let mut rows: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if filesystem {
        runtime.capture_inputs(true);
        runtime.run_to_end(|batches| {
            for batch in batches.into_iter().filter(|b| wanted.contains(&b.stream.as_str())) {
                let records = match sources.contains(&batch.stream.as_str()) {
                    true => source_records(&batch.batch)?,
                    false => json_records(&batch.batch)?,
                };
                rows.entry(batch.stream).or_default().extend(records);
            }
            Ok(())
        })?;
    }
    for table in &job.tables {
        let (path, records) = match table.role {
            TableRole::Source if filesystem => (format!("data/{}.jsonl", table.name), rows.remove(&table.rows)),
            TableRole::Sink if filesystem => (format!("expected/{}.jsonl", table.name), rows.remove(&table.rows)),
            // A reference table is a file whatever the connector, its columns named as the job names them.
            TableRole::Lookup => {
                let Some(reference) = runtime.plan().tables.iter().find(|t| t.name == table.rows) else { continue };
                let fields = reference
                    .rows
                    .schema()
                    .fields()
                    .iter()
                    .zip(&table.columns)
                    .map(|(f, n)| f.as_ref().clone().with_name(n))
                    .collect::<Vec<_>>();
                let schema = std::sync::Arc::new(arrow_schema::Schema::new(fields));
                let batch = arrow_array::RecordBatch::try_new(schema, reference.rows.columns().to_vec())?;
                (format!("data/{}.jsonl", table.name), Some(json_records(&batch)?))
            }
            TableRole::Source | TableRole::Sink => continue,
        };
        let mut text = records.unwrap_or_default().join("\n");
        if !text.is_empty() {
            text.push('\n');
        }
        files.push((path, text.into_bytes()));
    }
    let header = format!(
        "{name}, exported by kdalite {} from {} SQL.\nRun it with Flink's SQL client (sql-client.sh -f job.sql) or PyFlink (python run.py); see README.md.",
        env!("CARGO_PKG_VERSION"),
        if job.kda { "KDA" } else { "Flink" }
    );
    let job_sql = job.job_sql(&header, &settings(CHECKPOINT_INTERVAL_MS, options.connector));
    files.insert(0, ("job.sql".into(), job_sql.into_bytes()));
    files.push(("run.py".into(), run_py(&options.base).into_bytes()));
    files.push(("README.md".into(), readme(name, &job, options).into_bytes()));
    Ok(Bundle { job, files })
}

/// `run.py`, which runs `job.sql` statement by statement in a PyFlink `TableEnvironment`
/// wherever the bundle lies: job.sql's paths under `base` are read as under run.py's directory.
fn run_py(base: &str) -> String {
    RUN_PY.replacen("BASE = \"\"", &format!("BASE = {base:?}"), 1)
}

const RUN_PY: &str = r#""""Runs job.sql statement by statement in a PyFlink TableEnvironment, waiting for the
job to finish (it reads bounded files) when its sources are files. The files job.sql reads and
writes under the directory it was exported to are read and written beside run.py instead, so
the bundle runs wherever it is moved.

    python -m venv venv && venv/bin/pip install apache-flink==2.3.0   # or 1.20.x
    venv/bin/python run.py [job.sql]
"""
import os
import pathlib
import re
import sys

from pyflink.table import EnvironmentSettings, TableEnvironment

# The directory job.sql's paths are under, as exported.
BASE = ""


def statements(text):
    """The statements of job.sql: comments dropped, each ends with ';' at the end of a line."""
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))
    return [s.strip() for s in re.split(r";\s*\n", text) if s.strip()]


def main_with(path):
    with open(path) as f:
        text = f.read()
    here = pathlib.Path(path).resolve().parent.as_uri() + "/"
    if BASE:
        text = text.replace(BASE, here)
    env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    statement_set = None
    for statement in statements(text):
        setting = re.fullmatch(r"SET\s+'([^']+)'\s*=\s*'([^']*)'", statement, flags=re.S)
        begin = re.match(r"EXECUTE\s+STATEMENT\s+SET\s+BEGIN\s*", statement, flags=re.I)
        if setting:
            env.get_config().set(setting.group(1), setting.group(2))
        elif begin:
            # The INSERTs between BEGIN and END run as one job.
            statement_set = env.create_statement_set()
            statement_set.add_insert_sql(statement[begin.end():])
        elif statement_set is not None and re.fullmatch(r"END;?", statement, flags=re.I):
            statement_set.execute().wait()
            statement_set = None
        elif statement_set is not None:
            statement_set.add_insert_sql(statement)
        else:
            env.execute_sql(statement)


if __name__ == "__main__":
    main_with(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "job.sql"))
"#;

fn readme(name: &str, job: &FlinkJob, options: &ExportOptions) -> String {
    let mut out = format!("# {name} as an Apache Flink SQL job\n\n");
    out.push_str(&format!(
        "Exported by kdalite {} from {} SQL. `job.sql` runs on Apache Flink 1.20 and 2.x.\n\n",
        env!("CARGO_PKG_VERSION"),
        if job.kda { "KDA" } else { "Flink" }
    ));
    out.push_str("## Run it\n\n");
    out.push_str(
        "- **Flink's SQL client**: `$FLINK_HOME/bin/sql-client.sh -f job.sql` (a local cluster started with \
         `$FLINK_HOME/bin/start-cluster.sh`).\n\
         - **PyFlink**: `pip install apache-flink==2.3.0`, then `python run.py`: it runs `job.sql` statement by \
         statement in a `TableEnvironment` and waits for the job to end.\n\
         - **Managed Service for Apache Flink** (runtime `FLINK-1_20`): upload the bundle as a Python \
         application (a zip of `run.py` and `job.sql`, with the property group `kinesis.analytics.flink.run.options` \
         holding `python` = `run.py`), after exporting with `--connector kinesis` so that its tables read and \
         write Kinesis data streams.\n\n",
    );
    if !options.base.is_empty() && job.tables.iter().any(|t| t.path.is_some()) {
        out.push_str(&format!(
            "`job.sql`'s paths are under `{}`, where the bundle was exported. `run.py` reads and writes them \
             beside itself wherever the bundle now lies; for the SQL client, put the bundle there (or change \
             the paths).\n\n",
            options.base
        ));
    }
    match options.connector {
        Connector::Filesystem => out.push_str(
            "The tables read and write files: each input's rows are in `data/` as JSON lines, and each sink \
             writes JSON lines (Debezium JSON for a changelog) into `out/TABLE/`. `expected/` holds the rows \
             kdalite wrote to each sink for the same input: the job's output should hold the same rows (a \
             sink's files are complete when the job ends; Flink names them `part-…`).\n\n",
        ),
        Connector::Kinesis => out.push_str(
            "The tables read and write Kinesis data streams as JSON, each named by its `'stream.arn'` (the \
             notes below list those the application did not name). The `kinesis` connector is \
             flink-connector-aws's (`flink-sql-connector-aws-kinesis-streams`: 5.x for Flink 1.20, 6.x for \
             2.x): put its JAR beside `run.py` and name it in the property `jarfile` of \
             `kinesis.analytics.flink.run.options`, or in `pipeline.jars` locally.\n\n",
        ),
    }
    out.push_str(
        "The settings at the top of `job.sql` run Flink as kdalite's semantics are stated: parallelism 1, \
         UTC (or the zone the application's `table.local-time-zone` names), and a watermark after every row (`pipeline.auto-watermark-interval` = 0). Checkpoints are \
         taken every 60 s, KDA's default; a filesystem sink's files are committed by checkpoints and at \
         the end of the job. A row KDA would send to `error_stream` (a value that does not cast, a \
         division by zero) fails a Flink job instead: over files, the job stops at once (`restart-strategy.type` \
         = none).\n\n",
    );
    out.push_str("## What was translated, and how\n\n");
    if job.notes.is_empty() {
        out.push_str("Nothing needed translating: only the tables' connectors changed.\n");
    }
    for note in &job.notes {
        let kind = if note.approximate { "**Approximate:** " } else { "" };
        out.push_str(&format!("- {kind}{}{}\n", note.text, note.place()));
    }
    if job.kda {
        out.push_str(
            "\nIn every KDA application: streams that a pump writes and another reads are views; streams no \
             pump reads are sink tables, with `ROWTIME` as their first column; names fold to upper case \
             unless quoted, and every name is quoted; each value a pump selects is cast to its column's type.\n",
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A datagen table that would run without end gives the job its first rows, and says so;
    /// one with `number-of-rows` gives them all.
    #[test]
    fn a_datagen_table_without_a_number_of_rows_exports_its_first_rows() {
        let rows = |options: &str| {
            let code = format!("CREATE TABLE t (id BIGINT) WITH ('connector' = 'datagen'{options});\nSELECT * FROM t;");
            let bundle =
                flink_bundle("app.sql", &code, vec![], crate::source::DEFAULT_START, &ExportOptions::default())
                    .unwrap();
            let readme = bundle.text("README.md").unwrap();
            (bundle.text("data/t.jsonl").unwrap().lines().count(), readme.contains("its first 10000 rows"))
        };
        assert_eq!(rows(""), (GENERATOR_ROWS as usize, true));
        assert_eq!(rows(", 'number-of-rows' = '25'"), (25, false));
    }

    /// An input's TIMESTAMP_LTZ is written as Flink's JSON format reads one, UTC with a `Z`,
    /// whatever the zone the application prints it in.
    #[test]
    fn an_input_timestamp_ltz_is_written_as_utc_text() {
        let code = "SET 'table.local-time-zone' = 'Asia/Shanghai';\n\
                    CREATE TABLE t (ts TIMESTAMP_LTZ(3)) WITH ('connector' = 'datagen', 'number-of-rows' = '3');\n\
                    SELECT ts FROM t;";
        let bundle =
            flink_bundle("app.sql", code, vec![], crate::source::DEFAULT_START, &ExportOptions::default()).unwrap();
        let data = bundle.text("data/t.jsonl").unwrap();
        assert_eq!(data.lines().count(), 3);
        for line in data.lines() {
            assert!(line.starts_with(r#"{"ts":"2026-01-01 00:00:0"#) && line.ends_with(r#"Z"}"#), "{line}");
        }
        // What kdalite wrote, the rows the job should write, is Shanghai's wall clock.
        assert!(bundle.text("expected/RESULT.jsonl").unwrap().starts_with(r#"{"ts":"2026-01-01 08:00:0"#));
    }
}
