//! Data-driven SQL cases: `tests/slt/*.slt`, run natively by `cargo test` and in headless
//! Chromium by `wasm-pack test --headless --chrome`, so both builds are held to the same rows.
//!
//! A file holds cases, each opened by `=== name`, with sections:
//! - `-- app`: the application code;
//! - `-- include FILE`: a file of tests/nexmark/ appended to the application code (the Nexmark
//!   suite's statements);
//! - `-- input STREAM [FILE]`: a CSV input, inline (the lines that follow) or a file in tests/data/;
//! - `-- generator STREAM SPEC`: a generator, as `kdalite run --generator` takes it;
//! - `-- table NAME`: a reference table, from the CSV lines that follow;
//! - `-- expect`: the JSON lines `kdalite run --format jsonl` prints, or
//! - `-- error`: the message the application fails to start with.
//!
//! Natively, `KDALITE_BLESS=1 cargo test --test sql_cases` rewrites the expectations from what
//! the engine produces (review the diff before committing it).

use kdalite::output::json_lines;
use kdalite::runtime::{self, InputBinding, InputSource};
use kdalite::source::file::FileInput;
use kdalite::source::DEFAULT_START;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Case files, embedded so the browser build has them too.
const FILES: &[(&str, &str)] = &[
    ("kda_tumbling.slt", include_str!("slt/kda_tumbling.slt")),
    ("kda_pumps.slt", include_str!("slt/kda_pumps.slt")),
    ("errors.slt", include_str!("slt/errors.slt")),
    ("flink_windows.slt", include_str!("slt/flink_windows.slt")),
    ("late_rows.slt", include_str!("slt/late_rows.slt")),
    ("expressions.slt", include_str!("slt/expressions.slt")),
    ("kda_sliding.slt", include_str!("slt/kda_sliding.slt")),
    ("explain.slt", include_str!("slt/explain.slt")),
    ("kda_stagger.slt", include_str!("slt/kda_stagger.slt")),
    ("flink_changelog.slt", include_str!("slt/flink_changelog.slt")),
    ("generators.slt", include_str!("slt/generators.slt")),
    ("joins.slt", include_str!("slt/joins.slt")),
    ("nexmark.slt", include_str!("slt/nexmark.slt")),
    ("stream_joins.slt", include_str!("slt/stream_joins.slt")),
    ("kda_joins.slt", include_str!("slt/kda_joins.slt")),
    ("queries.slt", include_str!("slt/queries.slt")),
    ("nexmark_suite.slt", include_str!("slt/nexmark_suite.slt")),
    ("updating.slt", include_str!("slt/updating.slt")),
    ("functions.slt", include_str!("slt/functions.slt")),
    ("intervals.slt", include_str!("slt/intervals.slt")),
    ("kda_table_functions.slt", include_str!("slt/kda_table_functions.slt")),
    ("random_cut_forest.slt", include_str!("slt/random_cut_forest.slt")),
    ("log_parsers.slt", include_str!("slt/log_parsers.slt")),
    ("arrays.slt", include_str!("slt/arrays.slt")),
    ("maps.slt", include_str!("slt/maps.slt")),
    ("match_recognize.slt", include_str!("slt/match_recognize.slt")),
    ("state_ttl.slt", include_str!("slt/state_ttl.slt")),
];

/// The Nexmark suite's statements, as tests/nexmark/ holds them.
const NEXMARK: &[(&str, &str)] = &[
    ("ddl_gen.sql", include_str!("nexmark/ddl_gen.sql")),
    ("ddl_views.sql", include_str!("nexmark/ddl_views.sql")),
    ("q0.sql", include_str!("nexmark/q0.sql")),
    ("q1.sql", include_str!("nexmark/q1.sql")),
    ("q2.sql", include_str!("nexmark/q2.sql")),
    ("q3.sql", include_str!("nexmark/q3.sql")),
    ("q4.sql", include_str!("nexmark/q4.sql")),
    ("q5.sql", include_str!("nexmark/q5.sql")),
    ("q7.sql", include_str!("nexmark/q7.sql")),
    ("q8.sql", include_str!("nexmark/q8.sql")),
    ("q9.sql", include_str!("nexmark/q9.sql")),
    ("q11.sql", include_str!("nexmark/q11.sql")),
    ("q12.sql", include_str!("nexmark/q12.sql")),
    ("q13.sql", include_str!("nexmark/q13.sql")),
    ("q15.sql", include_str!("nexmark/q15.sql")),
    ("q16.sql", include_str!("nexmark/q16.sql")),
    ("q17.sql", include_str!("nexmark/q17.sql")),
    ("q18.sql", include_str!("nexmark/q18.sql")),
    ("q19.sql", include_str!("nexmark/q19.sql")),
    ("q20.sql", include_str!("nexmark/q20.sql")),
    ("q10.sql", include_str!("nexmark/q10.sql")),
    ("q14.sql", include_str!("nexmark/q14.sql")),
    ("q21.sql", include_str!("nexmark/q21.sql")),
    ("q22.sql", include_str!("nexmark/q22.sql")),
];

/// Input files the cases name.
const DATA: &[(&str, &str)] = &[
    ("weatherstream.csv", include_str!("data/weatherstream.csv")),
    ("heartrate.csv", include_str!("data/heartrate.csv")),
    ("bid.csv", include_str!("data/bid.csv")),
    ("ticks.csv", include_str!("data/ticks.csv")),
    ("bid_session.csv", include_str!("data/bid_session.csv")),
];

#[derive(Debug, Default)]
struct Case {
    name: String,
    app: String,
    inputs: Vec<(String, String)>,
    generators: Vec<(String, String)>,
    tables: Vec<(String, String)>,
    expect: Vec<String>,
    error: Option<String>,
}

fn parse_cases(text: &str) -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    let mut section = String::new();
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("=== ") {
            cases.push(Case { name: name.trim().to_string(), ..Case::default() });
            section.clear();
            continue;
        }
        let Some(case) = cases.last_mut() else { continue };
        if let Some(header) = line.strip_prefix("-- ") {
            let words: Vec<&str> = header.split_whitespace().collect();
            section = words.first().copied().unwrap_or_default().to_string();
            match words.as_slice() {
                ["input", stream] => case.inputs.push((stream.to_string(), String::new())),
                ["input", stream, file] => {
                    let data = DATA.iter().find(|(n, _)| n == file).unwrap_or_else(|| panic!("no data file {file}"));
                    case.inputs.push((stream.to_string(), data.1.to_string()));
                    section = "input-file".into();
                }
                ["table", name] => case.tables.push((name.to_string(), String::new())),
                ["include", file] => {
                    let text = NEXMARK.iter().find(|(n, _)| n == file).unwrap_or_else(|| panic!("no file {file}")).1;
                    case.app.push_str(text);
                    case.app.push('\n');
                }
                ["generator", stream, spec] => case.generators.push((stream.to_string(), spec.to_string())),
                ["error"] => case.error = Some(String::new()),
                _ => {}
            }
            continue;
        }
        match section.as_str() {
            "app" => {
                case.app.push_str(line);
                case.app.push('\n');
            }
            "input" => {
                let input = &mut case.inputs.last_mut().expect("an input section").1;
                input.push_str(line);
                input.push('\n');
            }
            "table" => {
                let table = &mut case.tables.last_mut().expect("a table section").1;
                table.push_str(line);
                table.push('\n');
            }
            "expect" if !line.trim().is_empty() => case.expect.push(line.to_string()),
            "error" if !line.trim().is_empty() => {
                let e = case.error.get_or_insert_with(String::new);
                if !e.is_empty() {
                    e.push('\n');
                }
                e.push_str(line);
            }
            _ => {}
        }
    }
    cases
}

/// The inputs a case binds.
fn bindings(case: &Case) -> Result<Vec<InputBinding>, String> {
    let mut bindings = Vec::new();
    for (stream, csv) in &case.inputs {
        bindings.push(InputBinding {
            stream: stream.clone(),
            source: InputSource::File {
                name: format!("{stream}.csv"),
                input: FileInput::from_bytes(csv.clone().into_bytes()),
                pace: false,
                schema: None,
            },
        });
    }
    for (stream, spec) in &case.generators {
        let spec = spec.parse().map_err(|e: kdalite::Error| e.to_string())?;
        bindings.push(InputBinding { stream: stream.clone(), source: InputSource::Generator(spec) });
    }
    for (name, csv) in &case.tables {
        let input = FileInput::from_bytes(csv.clone().into_bytes());
        bindings.push(InputBinding {
            stream: name.clone(),
            source: InputSource::Table { name: format!("{name}.csv"), input, schema: None },
        });
    }
    Ok(bindings)
}

/// Runs a case; returns the output lines or the start-up error.
fn run_case(case: &Case) -> Result<Vec<String>, String> {
    let bindings = bindings(case)?;
    let mut runtime = runtime::build(&case.app, bindings, DEFAULT_START).map_err(|e| e.to_string())?;
    let mut lines = Vec::new();
    runtime
        .run_to_end(|batches| {
            for b in batches {
                lines.extend(json_lines(&b.stream, &b.batch)?);
            }
            Ok(())
        })
        .map_err(|e| e.to_string())?;
    Ok(lines)
}

fn check_file(file: &str) {
    let text = FILES.iter().find(|(n, _)| *n == file).expect("a listed file").1;
    let cases = parse_cases(text);
    assert!(!cases.is_empty(), "{file} holds no case");
    let mut failures = Vec::new();
    let mut blessed = Vec::new();
    for case in &cases {
        let (expected, actual) = match (&case.error, run_case(case)) {
            (None, Ok(lines)) => (case.expect.join("\n"), lines.join("\n")),
            (Some(e), Err(actual)) => (e.clone(), actual),
            // Rows were expected: an error fails the case whatever its expectation says.
            (None, Err(e)) => (format!("(rows) {}", case.expect.join("\n")), format!("error: {e}")),
            // An error was expected: the rows the case gave instead say it ran.
            (Some(e), Ok(lines)) => (e.clone(), format!("(no error) {}", lines.join("\n"))),
        };
        if expected != actual {
            failures.push(format!("case '{}' in {file}\n--- expected\n{expected}\n--- actual\n{actual}\n", case.name));
        }
        blessed.push((case.name.clone(), actual));
    }
    if !failures.is_empty() && bless(file, text, &blessed) {
        return;
    }
    assert!(failures.is_empty(), "{} of {} case(s) failed:\n\n{}", failures.len(), cases.len(), failures.join("\n"));
}

/// Rewrites the expectations of `file` (native only, with KDALITE_BLESS=1).
#[cfg(not(target_arch = "wasm32"))]
fn bless(file: &str, text: &str, actual: &[(String, String)]) -> bool {
    if std::env::var_os("KDALITE_BLESS").is_none() {
        return false;
    }
    let mut out = String::new();
    let mut skipping = false;
    let mut case = 0;
    for line in text.lines() {
        if line.starts_with("=== ") {
            case += 1;
            skipping = false;
        }
        if line == "-- expect" || line == "-- error" {
            out.push_str(line);
            out.push('\n');
            out.push_str(&actual[case - 1].1);
            out.push_str("\n\n");
            skipping = true;
            continue;
        }
        if skipping && (line.starts_with("-- ") || line.starts_with("=== ")) {
            skipping = false;
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    let path = format!("{}/tests/slt/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::write(&path, out.replace("\n\n\n", "\n\n")).expect("writing blessed expectations");
    eprintln!("blessed {path}");
    true
}

#[cfg(target_arch = "wasm32")]
fn bless(_: &str, _: &str, _: &[(String, String)]) -> bool {
    false
}

#[test]
fn kda_tumbling() {
    check_file("kda_tumbling.slt");
}

#[test]
fn kda_pumps() {
    check_file("kda_pumps.slt");
}

#[test]
fn errors() {
    check_file("errors.slt");
}

#[test]
fn flink_windows() {
    check_file("flink_windows.slt");
}

#[test]
fn late_rows() {
    check_file("late_rows.slt");
}

#[test]
fn case_files_are_all_listed() {
    // A file added to tests/slt/ but not to FILES would silently never run.
    #[cfg(not(target_arch = "wasm32"))]
    {
        let dir = format!("{}/tests/slt", env!("CARGO_MANIFEST_DIR"));
        for entry in std::fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            assert!(FILES.iter().any(|(n, _)| *n == name), "tests/slt/{name} is not in FILES");
        }
        let dir = format!("{}/tests/nexmark", env!("CARGO_MANIFEST_DIR"));
        for entry in std::fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            assert!(NEXMARK.iter().any(|(n, _)| *n == name), "tests/nexmark/{name} is not in NEXMARK");
        }
    }
    assert!(FILES.iter().all(|(_, text)| !parse_cases(text).is_empty()));
}

#[test]
fn expressions() {
    check_file("expressions.slt");
}

#[test]
fn kda_sliding() {
    check_file("kda_sliding.slt");
}

#[test]
fn explain() {
    check_file("explain.slt");
}

#[test]
fn kda_stagger() {
    check_file("kda_stagger.slt");
}

#[test]
fn flink_changelog() {
    check_file("flink_changelog.slt");
}

#[test]
fn generators() {
    check_file("generators.slt");
}

#[test]
fn joins() {
    check_file("joins.slt");
}

#[test]
fn nexmark() {
    check_file("nexmark.slt");
}

#[test]
fn stream_joins() {
    check_file("stream_joins.slt");
}

#[test]
fn kda_joins() {
    check_file("kda_joins.slt");
}

#[test]
fn queries() {
    check_file("queries.slt");
}

#[test]
fn arrays() {
    check_file("arrays.slt");
}

#[test]
fn maps() {
    check_file("maps.slt");
}

#[test]
fn nexmark_suite() {
    check_file("nexmark_suite.slt");
}

#[test]
fn updating() {
    check_file("updating.slt");
}

#[test]
fn state_ttl() {
    check_file("state_ttl.slt");
}

#[test]
fn functions() {
    check_file("functions.slt");
}

#[test]
fn intervals() {
    check_file("intervals.slt");
}

#[test]
fn kda_table_functions() {
    check_file("kda_table_functions.slt");
}

#[test]
fn random_cut_forest() {
    check_file("random_cut_forest.slt");
}

#[test]
fn log_parsers() {
    check_file("log_parsers.slt");
}

/// Every case's application, and every template, exported to Flink as `kdalite export --to
/// flink` does: the jobs' text is held by golden files in tests/export/ (one per case file and
/// one for the templates; a case that cannot be exported holds the reason), and every job is
/// parsed and planned back by kdalite's own Flink dialect. `KDALITE_BLESS=1` rewrites the
/// golden files; with `KDALITE_EXPORT_DIR=DIR` each bundle is also written under DIR, for
/// tests/flink/export.py to run on Apache Flink.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn export_to_flink() {
    use kdalite::runtime::export::flink_bundle;
    use kdalite::sql::flink::ExportOptions;

    /// A case to export: its name, its code and its inputs.
    type Application = (String, String, Vec<InputBinding>);
    let mut groups: Vec<(String, Vec<Application>)> = Vec::new();
    for (file, text) in FILES {
        let cases = parse_cases(text).into_iter().filter(|c| c.error.is_none());
        let cases = cases.map(|c| {
            let bindings = bindings(&c).expect("the case's inputs");
            (c.name, c.app, bindings)
        });
        groups.push((file.trim_end_matches(".slt").to_string(), cases.collect()));
    }
    let templates = kdalite::templates::TEMPLATES.iter().map(|t| {
        let bindings = t.bindings("seed=7,rate=50,count=2000").expect("the template's inputs");
        (t.name.to_string(), t.sql.to_string(), bindings)
    });
    groups.push(("templates".into(), templates.collect()));

    let bundles = std::env::var_os("KDALITE_EXPORT_DIR").map(std::path::PathBuf::from);
    let mut failures = Vec::new();
    let (mut exported, mut refused) = (0, 0);
    for (group, cases) in groups {
        let mut golden = String::new();
        for (n, (name, app, bindings)) in cases.into_iter().enumerate() {
            golden.push_str(&format!("=== {name}\n"));
            let bundle = match flink_bundle(&name, &app, bindings, DEFAULT_START, &ExportOptions::default()) {
                Ok(bundle) => bundle,
                Err(e) => {
                    refused += 1;
                    golden.push_str(&format!("-- refused: {e}\n\n"));
                    continue;
                }
            };
            exported += 1;
            let job = String::from_utf8(bundle.files[0].1.clone()).expect("job.sql is text");
            // The job without its header, which names kdalite's version.
            let body: Vec<&str> = job.lines().skip_while(|l| l.starts_with("-- ")).collect();
            golden.push_str(body.join("\n").trim());
            golden.push_str("\n\n");
            // Planned back by kdalite as it is written (its SETs and statement set too), each
            // table bound to its rows in the bundle. kdalite reserves ROWTIME (every stream's
            // own), which a KDA job's tables declare.
            let statements = job.replace("`ROWTIME`", "`ROWTIME_`");
            let data = bundle.files.iter().filter_map(|(path, bytes)| {
                let table = path.strip_prefix("data/")?.strip_suffix(".jsonl")?;
                let input = FileInput::from_bytes(bytes.clone());
                let name = format!("{table}.jsonl");
                Some(InputBinding {
                    stream: table.to_string(),
                    source: InputSource::File { name, input, pace: false, schema: None },
                })
            });
            if let Err(e) = runtime::build(&statements, data.collect(), DEFAULT_START) {
                failures.push(format!("{group}: '{name}': the exported job does not plan back: {e}\n{job}"));
            }
            if let Some(dir) = &bundles {
                let dir = dir.join(&group).join(format!("{n:03}"));
                for (path, bytes) in bundle.files.iter().chain([&("case.txt".to_string(), name.clone().into_bytes())]) {
                    let path = dir.join(path);
                    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                    std::fs::write(path, bytes).unwrap();
                }
            }
        }
        let path = format!("{}/tests/export/{group}.sql", env!("CARGO_MANIFEST_DIR"));
        let held = std::fs::read_to_string(&path).unwrap_or_default();
        if held != golden {
            if std::env::var_os("KDALITE_BLESS").is_some() {
                std::fs::create_dir_all(std::path::Path::new(&path).parent().unwrap()).unwrap();
                std::fs::write(&path, &golden).unwrap();
                eprintln!("blessed {path}");
            } else {
                failures.push(format!("{path} differs from the export (KDALITE_BLESS=1 rewrites it)"));
            }
        }
    }
    eprintln!("exported {exported}, refused {refused}");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn match_recognize() {
    check_file("match_recognize.slt");
}
