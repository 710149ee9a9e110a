//! The native command line: `kdalite run`, `kdalite generate`, `kdalite serve`.
//! The contract (flags, output shapes, exit codes) is in PRODUCT.md and scripts rely on it.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(cli::main());
}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::fs::File;
    use std::io::{BufWriter, Write};
    use std::path::PathBuf;

    use clap::{Parser, Subcommand, ValueEnum};
    use kdalite::error::{Error, Result};
    use kdalite::output::{json_lines, CsvWriter};
    use kdalite::runtime::{self, InputBinding, InputSource, OutputBatch};
    use kdalite::source::file::FileInput;
    use kdalite::source::ticker::DEFAULT_START;
    use kdalite::source::GeneratorSpec;

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
        /// Print a generator's rows.
        Generate {
            /// NAME[:key=value,...], for example ticker:seed=7,rate=10,count=100
            spec: String,
            #[arg(long, value_enum, default_value = "jsonl")]
            format: Format,
        },
        /// Serve the KDA-compatible API (not available yet).
        Serve {
            #[arg(long, default_value_t = 8080)]
            port: u16,
            #[arg(long)]
            data_dir: Option<PathBuf>,
        },
    }

    #[derive(clap::Args)]
    struct RunArgs {
        /// The application code: CREATE STREAM / CREATE PUMP statements or a bare query.
        app: PathBuf,
        /// Bind a file to a stream: STREAM=FILE (CSV, JSON lines, a JSON array, or .parquet)
        #[arg(long = "input", value_name = "STREAM=FILE")]
        inputs: Vec<String>,
        /// Bind a generator to a stream: STREAM=NAME[:key=value,...]
        #[arg(long = "generator", value_name = "STREAM=SPEC")]
        generators: Vec<String>,
        /// Load a file whole as a reference table to join streams to: TABLE=FILE.csv
        #[arg(long = "reference", value_name = "TABLE=FILE")]
        references: Vec<String>,
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
        #[arg(long)]
        restore: bool,
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
            Command::Generate { spec, format } => generate(&spec, format),
            Command::Serve { .. } => Err(Error::Input("kdalite serve is not available yet".into())),
        };
        match result {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("kdalite: {e}");
                1
            }
        }
    }

    fn run(args: RunArgs) -> Result<()> {
        if args.checkpoint_dir.is_some() || args.checkpoint_interval.is_some() || args.restore {
            return Err(Error::Input(
                "checkpoints (--checkpoint-dir, --checkpoint-interval, --restore) are not available yet".into(),
            ));
        }
        let state = state_backend(&args.state)?;
        let code = std::fs::read_to_string(&args.app)
            .map_err(|e| Error::Input(format!("cannot read {}: {e}", args.app.display())))?;
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
            bindings.push(InputBinding { stream: table, source: InputSource::Table { name: path, input } });
        }
        let mut runtime =
            runtime::build_with_state(&code, bindings, DEFAULT_START, state).map_err(|e| at_file(e, &args.app))?;

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

    fn generate(spec: &str, format: Format) -> Result<()> {
        let spec: GeneratorSpec = spec.parse()?;
        let stream = kdalite::source::ticker::DEFAULT_STREAM;
        let mut source = spec.build(stream)?;
        let mut out = BufWriter::new(std::io::stdout().lock());
        let mut csv = CsvWriter::default();
        let mut now = DEFAULT_START;
        while !source.is_exhausted() {
            let Some(next) = source.next_arrival() else { break };
            now = now.max(next).saturating_add(1000);
            let Some(batch) = source.poll(now, 4096)?.batch else { continue };
            let lines = match format {
                Format::Csv => csv.lines(stream, &batch)?.into_iter().map(|l| strip_first_field(&l)).collect(),
                _ => json_lines(stream, &batch)?.into_iter().map(|l| drop_stream_key(&l)).collect::<Vec<_>>(),
            };
            for line in lines {
                if writeln!(out, "{line}").is_err() {
                    return Ok(()); // the reader went away (`| head`): that is the end.
                }
            }
        }
        out.flush().map_err(|e| Error::Input(e.to_string()))
    }

    /// `kdalite generate` rows are input rows, not rows of a stream: no `stream` column.
    fn strip_first_field(line: &str) -> String {
        line.split_once(',').map_or(String::new(), |(_, rest)| rest.to_string())
    }

    fn drop_stream_key(line: &str) -> String {
        match line.split_once(',') {
            Some((_, rest)) => format!("{{{rest}"),
            None => line.to_string(),
        }
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
            Some(p) => Error::Input(format!("{}:{}:{}: {e}", path.display(), p.line, p.column)),
            None => Error::Input(format!("{}: {e}", path.display())),
        }
    }

    struct Printer<W: Write> {
        format: Format,
        out: W,
        csv: CsvWriter,
        tables: Vec<(String, Vec<arrow_array::RecordBatch>)>,
    }

    impl<W: Write> Printer<W> {
        fn new(format: Format, out: W) -> Self {
            Printer { format, out, csv: CsvWriter::default(), tables: vec![] }
        }

        fn print(&mut self, batches: Vec<OutputBatch>) -> Result<()> {
            for OutputBatch { stream, batch } in batches {
                let lines = match self.format {
                    Format::Jsonl => json_lines(&stream, &batch)?,
                    Format::Csv => self.csv.lines(&stream, &batch)?,
                    Format::Table => {
                        match self.tables.iter_mut().find(|(s, _)| s == &stream) {
                            Some((_, b)) => b.push(batch),
                            None => self.tables.push((stream, vec![batch])),
                        }
                        continue;
                    }
                };
                for line in lines {
                    writeln!(self.out, "{line}").map_err(|e| Error::Input(format!("writing output: {e}")))?;
                }
            }
            Ok(())
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
