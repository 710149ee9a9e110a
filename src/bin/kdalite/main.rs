//! The native command line: `kdalite run`, `export`, `generate`, `bench` (in `bench.rs`), `serve`.
//! The contract (flags, output shapes, exit codes) is in PRODUCT.md and scripts rely on it.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(cli::main());
}

#[cfg(not(target_arch = "wasm32"))]
mod bench;

#[cfg(not(target_arch = "wasm32"))]
mod serve;

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::fs::File;
    use std::io::{BufWriter, Write};
    use std::path::PathBuf;

    use clap::{Parser, Subcommand, ValueEnum};
    use kdalite::error::{Error, Result};
    use kdalite::output::{write_json_lines, CsvWriter};
    use kdalite::runtime::{self, InputBinding, InputSource, OutputBatch};
    use kdalite::source::file::FileInput;
    use kdalite::source::GeneratorSpec;
    use kdalite::source::DEFAULT_START;

    mod checkpoints;
    use checkpoints::Checkpoints;

    #[derive(Parser)]
    #[command(name = "kdalite", version, about = "Kinesis Data Analytics SQL, locally")]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Run application code over files or generators and print what it writes.
        Run(RunArgs),
        /// Export the application as an Apache Flink SQL job: job.sql, its inputs' rows, a README.
        Export(ExportArgs),
        /// Run a benchmark's queries over a generator and print what each costs: the Nexmark
        /// suite's, events per CPU-second, peak state and peak memory.
        Bench(crate::bench::BenchArgs),
        /// Print a generator's rows.
        Generate {
            /// NAME[:key=value,...], for example ticker:seed=7,rate=10,count=100
            spec: String,
            #[arg(long, value_enum, default_value = "jsonl")]
            format: Format,
        },
        /// Print the playground's templates: without NAME, one JSON line each (its name, code,
        /// generator, stream, settings and reference table); with NAME, that template's code.
        Templates {
            /// A template's name, or a part of it only one name has (case ignored).
            name: Option<String>,
        },
        /// Serve the KDA API (AWS JSON 1.1, as the AWS SDKs speak it) and the playground
        /// (from ./www) on 127.0.0.1.
        Serve {
            /// 0: any free port (the first line printed names it).
            #[arg(long, default_value_t = 8080)]
            port: u16,
            /// Where applications, their versions, snapshots and state persist (RocksDB); without
            /// it they live while the server runs.
            #[arg(long)]
            data_dir: Option<PathBuf>,
            /// S3, simulated: reference data sources and `DiscoverInputSchema` read the object
            /// KEY of bucket BUCKET from DIR/BUCKET/KEY.
            #[arg(long, default_value = "s3")]
            s3_dir: PathBuf,
        },
    }

    #[derive(clap::Args)]
    struct RunArgs {
        /// The application code: CREATE STREAM / CREATE PUMP statements or a bare query.
        app: PathBuf,
        #[command(flatten)]
        bindings: Bindings,
        #[arg(long, value_enum, default_value = "jsonl")]
        format: Format,
        /// Write rows to FILE instead of standard output.
        #[arg(long)]
        output: Option<PathBuf>,
        /// State backend: memory or rocksdb:DIR
        #[arg(long, default_value = "memory")]
        state: String,
        #[arg(long)]
        checkpoint_dir: Option<PathBuf>,
        #[arg(long)]
        checkpoint_interval: Option<u64>,
        /// At least this many ms of virtual time between two checkpoints (KDA's
        /// MinPauseBetweenCheckpoints).
        #[arg(long, value_name = "MS", default_value_t = 5_000)]
        min_pause_between_checkpoints: u64,
        /// Start from the latest checkpoint in --checkpoint-dir.
        #[arg(long)]
        restore: bool,
        /// Start from this checkpoint in --checkpoint-dir (a name `kdalite` gave it, such as
        /// chk-000000007), not the latest: KDA's RESTORE_FROM_CUSTOM_SNAPSHOT.
        #[arg(long, value_name = "ID")]
        restore_from: Option<String>,
        /// With --restore: drop the state of pumps the code no longer has (or whose query
        /// changed) instead of failing, as KDA's AllowNonRestoredState does.
        #[arg(long)]
        allow_non_restored_state: bool,
    }

    #[derive(clap::Args)]
    struct Bindings {
        /// Bind a file to a stream: STREAM=FILE (CSV, JSON lines, a JSON array, or .parquet)
        #[arg(long = "input", value_name = "STREAM=FILE")]
        inputs: Vec<String>,
        /// Bind a generator to a stream: STREAM=NAME[:key=value,...]
        #[arg(long = "generator", value_name = "STREAM=SPEC")]
        generators: Vec<String>,
        /// Load a file whole as a reference table to join streams to: TABLE=FILE.csv
        #[arg(long = "reference", value_name = "TABLE=FILE")]
        references: Vec<String>,
    }

    #[derive(clap::Args)]
    struct ExportArgs {
        /// The application code: KDA or Flink SQL.
        app: PathBuf,
        /// The engine to export to.
        #[arg(long, value_enum)]
        to: Target,
        /// The bundle's directory (made if missing).
        #[arg(long)]
        out: PathBuf,
        /// Where the job's tables read and write: files in the bundle, or Kinesis data streams.
        #[arg(long, value_enum, default_value = "filesystem")]
        connector: ConnectorArg,
        /// Write the closest Flink form of what Flink cannot express (listed in the README and at
        /// each statement) instead of refusing it.
        #[arg(long)]
        approximate: bool,
        #[command(flatten)]
        bindings: Bindings,
    }

    #[derive(Clone, Copy, ValueEnum, PartialEq)]
    enum Target {
        Flink,
    }

    #[derive(Clone, Copy, ValueEnum, PartialEq)]
    enum ConnectorArg {
        Filesystem,
        Kinesis,
    }

    #[derive(Clone, Copy, ValueEnum, PartialEq)]
    enum Format {
        Jsonl,
        Csv,
        Table,
    }

    pub fn main() -> i32 {
        let cli = Cli::parse();
        let result = match cli.command {
            Command::Run(args) => run(args),
            Command::Export(args) => export(args),
            Command::Bench(args) => crate::bench::bench(args),
            Command::Generate { spec, format } => generate(&spec, format),
            Command::Templates { name } => templates(name.as_deref()),
            Command::Serve { port, data_dir, s3_dir } => crate::serve::serve(port, data_dir, s3_dir),
        };
        match result {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("kdalite: {e}");
                1
            }
        }
    }

    fn templates(name: Option<&str>) -> Result<()> {
        use kdalite::templates::TEMPLATES;
        let mut out = std::io::stdout().lock();
        let written = match name {
            None => TEMPLATES.iter().try_for_each(|t| {
                let reference = t
                    .reference
                    .map(|(table, file, text)| serde_json::json!({"table": table, "file": file, "text": text}));
                let line = serde_json::json!({
                    "name": t.name, "sql": t.sql, "generator": t.generator, "stream": t.stream,
                    "settings": t.settings, "reference": reference,
                });
                writeln!(out, "{line}")
            }),
            Some(name) => {
                let wanted = name.to_lowercase();
                let exact: Vec<_> = TEMPLATES.iter().filter(|t| t.name.to_lowercase() == wanted).collect();
                let near: Vec<_> = TEMPLATES.iter().filter(|t| t.name.to_lowercase().contains(&wanted)).collect();
                let found = if exact.len() == 1 { exact } else { near };
                match found.as_slice() {
                    [t] => write!(out, "{}", t.sql),
                    [] => {
                        return Err(Error::Input(format!(
                            "no template is named like '{name}' (kdalite templates lists them)"
                        )))
                    }
                    many => {
                        let names: Vec<&str> = many.iter().map(|t| t.name).collect();
                        return Err(Error::Input(format!("'{name}' names several templates: {}", names.join("; "))));
                    }
                }
            }
        };
        written.map_err(|e| Error::Input(e.to_string()))
    }

    fn run(args: RunArgs) -> Result<()> {
        let checkpoints = match &args.checkpoint_dir {
            Some(dir) => Some(Checkpoints::new(&args, dir)?),
            None if args.restore || args.checkpoint_interval.is_some() => {
                return Err(Error::Input("--restore and --checkpoint-interval need --checkpoint-dir DIR".into()));
            }
            None => None,
        };
        let state = match &checkpoints {
            Some(c) => c.backend(&args.state)?,
            None => state_backend(&args.state)?,
        };
        let code = read_code(&args.app)?;
        let bindings = bind(&args.bindings)?;
        let mut runtime =
            runtime::build_with_state(&code, bindings, DEFAULT_START, state).map_err(|e| at_file(e, &args.app))?;

        if let Some(checkpoints) = checkpoints {
            return checkpoints.run(&mut runtime, args.output.as_deref(), args.format);
        }
        let out: Box<dyn Write> = match &args.output {
            Some(path) => {
                Box::new(File::create(path).map_err(|e| Error::Input(format!("cannot write {}: {e}", path.display())))?)
            }
            None => Box::new(std::io::stdout().lock()),
        };
        let mut printer = Printer::new(args.format, BufWriter::new(out));
        runtime.run_to_end(|batches| printer.print(batches))?;
        printer.finish()
    }

    fn read_code(app: &std::path::Path) -> Result<String> {
        std::fs::read_to_string(app).map_err(|e| Error::Input(format!("cannot read {}: {e}", app.display())))
    }

    /// The inputs `--input`, `--generator` and `--reference` bind.
    fn bind(args: &Bindings) -> Result<Vec<InputBinding>> {
        let mut bindings = Vec::new();
        for binding in &args.inputs {
            let (stream, path) = split_binding(binding, "--input")?;
            #[cfg(feature = "parquet")]
            if kdalite::source::parquet::is_parquet(&path) {
                bindings.push(InputBinding { stream, source: InputSource::Parquet(PathBuf::from(&path)) });
                continue;
            }
            let input = FileInput::from_reader(open(&PathBuf::from(&path))?)?;
            bindings.push(InputBinding {
                stream,
                source: InputSource::File { name: path, input, pace: false, schema: None },
            });
        }
        for binding in &args.generators {
            let (stream, spec) = split_binding(binding, "--generator")?;
            bindings.push(InputBinding { stream, source: InputSource::Generator(spec.parse()?) });
        }
        for binding in &args.references {
            let (table, path) = split_binding(binding, "--reference")?;
            let input = FileInput::from_reader(open(&PathBuf::from(&path))?)?;
            bindings
                .push(InputBinding { stream: table, source: InputSource::Table { name: path, input, schema: None } });
        }
        Ok(bindings)
    }

    fn export(args: ExportArgs) -> Result<()> {
        let Target::Flink = args.to;
        let code = read_code(&args.app)?;
        let bindings = bind(&args.bindings)?;
        std::fs::create_dir_all(&args.out)
            .map_err(|e| Error::Input(format!("cannot make {}: {e}", args.out.display())))?;
        let dir = args.out.canonicalize().map_err(|e| Error::Input(format!("{}: {e}", args.out.display())))?;
        let options = kdalite::sql::flink::ExportOptions {
            connector: match args.connector {
                ConnectorArg::Filesystem => kdalite::sql::flink::Connector::Filesystem,
                ConnectorArg::Kinesis => kdalite::sql::flink::Connector::Kinesis,
            },
            base: format!("file://{}/", dir.display()),
            approximate: args.approximate,
            ..Default::default()
        };
        let name = args.app.file_name().map_or("application".into(), |n| n.to_string_lossy().into_owned());
        let bundle = runtime::export::flink_bundle(&name, &code, bindings, DEFAULT_START, &options)
            .map_err(|e| at_file(e, &args.app))?;
        for (path, bytes) in &bundle.files {
            let path = dir.join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| Error::Input(format!("cannot make {}: {e}", parent.display())))?;
            }
            std::fs::write(&path, bytes).map_err(|e| Error::Input(format!("cannot write {}: {e}", path.display())))?;
        }
        let approximations = bundle.job.notes.iter().filter(|n| n.approximate).count();
        println!("wrote {} ({} files; {approximations} approximations)", dir.display(), bundle.files.len());
        Ok(())
    }

    fn generate(spec: &str, format: Format) -> Result<()> {
        let spec: GeneratorSpec = spec.parse()?;
        spec.write_text(format == Format::Csv, &mut BufWriter::new(std::io::stdout().lock()))
    }

    /// `STREAM=VALUE`.
    fn split_binding(binding: &str, flag: &str) -> Result<(String, String)> {
        match binding.split_once('=') {
            Some((stream, value)) => Ok((stream.to_string(), value.to_string())),
            None => Err(Error::Input(format!("{flag} takes STREAM=VALUE, not '{binding}'"))),
        }
    }

    /// `memory`, or `rocksdb:DIR` (the state starts empty; DIR keeps it on disk).
    fn state_backend(spec: &str) -> Result<Box<dyn kdalite::state::StateBackend>> {
        match spec.split_once(':') {
            None if spec == "memory" => Ok(Box::new(kdalite::state::MemoryBackend::default())),
            #[cfg(feature = "rocksdb")]
            Some(("rocksdb", dir)) if !dir.is_empty() => {
                Ok(Box::new(kdalite::state::RocksDbBackend::open_fresh(std::path::Path::new(dir))?))
            }
            _ => Err(Error::Input(format!("--state {spec}: expected memory or rocksdb:DIR"))),
        }
    }

    fn open(path: &PathBuf) -> Result<File> {
        File::open(path).map_err(|e| Error::Input(format!("cannot read input {}: {e}", path.display())))
    }

    /// SQL errors name the file, as compilers do: `app.sql:3:7: …`.
    fn at_file(e: Error, path: &std::path::Path) -> Error {
        match e.position() {
            Some(p) => Error::Input(format!("{}:{}:{}: {}", path.display(), p.line, p.column, e.message_alone())),
            None => Error::Input(format!("{}: {e}", path.display())),
        }
    }

    struct Printer<W: Write> {
        format: Format,
        out: W,
        csv: CsvWriter,
        tables: Vec<(String, Vec<arrow_array::RecordBatch>)>,
        /// A step's rows as text, kept between steps so its memory is reused.
        text: Vec<u8>,
    }

    impl<W: Write> Printer<W> {
        fn new(format: Format, out: W) -> Self {
            Printer { format, out, csv: CsvWriter::default(), tables: vec![], text: Vec::new() }
        }

        fn print(&mut self, batches: Vec<OutputBatch>) -> Result<()> {
            self.text.clear();
            for OutputBatch { stream, batch } in batches {
                match self.format {
                    Format::Jsonl => write_json_lines(Some(&stream), &batch, &mut self.text)?,
                    Format::Csv => self.csv.write(Some(&stream), &batch, &mut self.text)?,
                    Format::Table => match self.tables.iter_mut().find(|(s, _)| s == &stream) {
                        Some((_, b)) => b.push(batch),
                        None => self.tables.push((stream, vec![batch])),
                    },
                }
            }
            self.out.write_all(&self.text).map_err(|e| Error::Input(format!("writing output: {e}")))
        }

        fn flush(&mut self) -> Result<()> {
            self.out.flush().map_err(|e| Error::Input(format!("writing output: {e}")))
        }

        fn finish(mut self) -> Result<()> {
            for (stream, batches) in &self.tables {
                let table = kdalite::output::table(batches)?;
                writeln!(self.out, "{stream}\n{table}").map_err(|e| Error::Input(e.to_string()))?;
            }
            self.out.flush().map_err(|e| Error::Input(format!("writing output: {e}")))
        }
    }
}
