//! The page's state and every change to it, as a reducer: pure, no browser calls.

use std::collections::VecDeque;
use std::rc::Rc;

use yew::Reducible;

use crate::runtime::Metrics;
use crate::source::file::RecordColumn;

/// Rows kept per stream in the page; older rows are counted, not kept.
pub const ROWS_KEPT: usize = 2000;

/// Whether the page is stepping an engine (the control plane says where the application is
/// in its life: [`ControlView`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EngineStatus {
    Ready,
    Running,
}

/// The page's application as the control plane has it: its status, version and snapshots,
/// and its `DescribeApplication` (pretty JSON). `status` is `None` before it first runs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ControlView {
    pub status: Option<String>,
    pub version: u64,
    pub detail: String,
    pub snapshots: Vec<(String, u64)>,
    /// Its latest log events, newest first (`HH:MM:SS LEVEL message`).
    pub logs: Vec<String>,
    /// `DescribeApplication`'s `ApplicationDetail`, for the configuration forms.
    pub value: Rc<serde_json::Value>,
    /// Its versions, newest first, with the status each was made in.
    pub versions: Vec<(u64, String)>,
    /// Charts of its metrics, as `chart.js` draws them: records in and out per second, the
    /// load, late and error rows, checkpoints, state and lag.
    pub metrics: Vec<String>,
    /// The latest second's tasks or operators, as its `MetricsLevel` reports them.
    pub parts: Vec<crate::app::monitor::PartSample>,
}

/// An error the application could not start with; SQL errors carry their position.
#[derive(Debug, Clone, PartialEq)]
pub struct StartError {
    pub message: String,
    pub line: Option<u64>,
    pub column: Option<u64>,
}

impl StartError {
    /// An error as the page shows it, at its place in the code if it has one.
    pub fn of(e: &crate::error::Error) -> StartError {
        let position = e.position();
        StartError { message: e.to_string(), line: position.map(|p| p.line), column: position.map(|p| p.column) }
    }
}

/// An error that is not in the SQL: it has no position.
pub fn failure(message: String) -> Action {
    Action::Failed(StartError { message, line: None, column: None })
}

/// The rows one in-application stream has shown, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamView {
    pub name: String,
    pub columns: Vec<String>,
    pub rows: VecDeque<Vec<Cell>>,
    /// Every row the stream received, kept or not.
    pub total: u64,
    /// An input stream (a preview of what the application reads).
    pub is_input: bool,
    /// An upsert stream's key columns (its changes apply by key); empty for any other.
    pub key: Vec<String>,
    /// An updating result: its rows are changes, each with its kind in the `op` column (a
    /// column of another stream may be named `op` too).
    pub changelog: bool,
}

impl StreamView {
    /// A stream about to show rows: none yet.
    pub fn new(name: String, columns: Vec<String>, is_input: bool, key: Vec<String>, changelog: bool) -> StreamView {
        StreamView { name, columns, rows: VecDeque::new(), total: 0, is_input, key, changelog }
    }
}

/// A value as the results show it (`NULL` for a null) and as a JSON download writes it,
/// both made once, when its row arrives: the text alone cannot tell the STRING `'6'` from
/// the number 6, nor the text `'NULL'` from a null.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cell {
    pub text: String,
    pub json: String,
}

impl Cell {
    pub fn of(value: &crate::plan::ScalarValue) -> Cell {
        let text = if value.is_null() { "NULL".to_string() } else { value.to_text() };
        Cell { text, json: value.to_json_text() }
    }

    pub fn is_null(&self) -> bool {
        // A float that is not finite writes `null` as its JSON and its text alike; a NULL shows `NULL`.
        self.json == "null" && self.text == "NULL"
    }
}

/// Files up to this size (bytes of text) travel in the link.
pub const FILE_LIMIT: usize = 64 * 1024;

/// What a link or a saved session left out ([`Shared::of`]'s `left`), as the end of a note.
pub fn left_out(left: &[String]) -> String {
    if left.is_empty() {
        return String::new();
    }
    format!(" Left out (over {} KB, or not text): {}.", FILE_LIMIT / 1024, left.join(", "))
}
/// What a link holds. Fields a link leaves out (a `<kdalite-playground>` element gives only
/// what its attributes say) are the page's defaults.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Shared {
    #[serde(flatten)]
    pub source: Setup,
    pub pace: bool,
    pub app: String,
    /// The stream's file: its name and text.
    pub file: Option<(String, String)>,
    /// The reference table: its name, its file's name and text.
    pub reference: Option<(String, String, String)>,
}

impl Default for Shared {
    fn default() -> Shared {
        Shared::of(&PlaygroundState::default()).0
    }
}

impl Shared {
    /// The page's session; files over [`FILE_LIMIT`] or not text stay out (`left`: their names).
    pub fn of(state: &PlaygroundState) -> (Shared, Vec<String>) {
        let mut left = Vec::new();
        let mut text = |name: &str, bytes: &[u8], whole: bool| match std::str::from_utf8(bytes) {
            Ok(text) if whole && bytes.len() <= FILE_LIMIT => Some(text.to_string()),
            _ => {
                left.push(name.to_string());
                None
            }
        };
        let whole = |f: &LoadedFile| f.head.len() < crate::source::file::HEAD_BYTES;
        let file = state.file.as_ref().and_then(|f| text(&f.name, &f.head, whole(f)).map(|t| (f.name.clone(), t)));
        let reference = state
            .reference
            .as_ref()
            .and_then(|r| text(&r.file_name, &r.bytes, true).map(|t| (r.table.clone(), r.file_name.clone(), t)));
        let shared = Shared { source: state.source(), pace: state.pace, app: state.app_name.clone(), file, reference };
        (shared, left)
    }
}

/// What it takes to start the application again where it was: what a reload resumes, kept in
/// IndexedDB by [`super::persist`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SavedSession {
    #[serde(flatten)]
    pub source: Setup,
    /// The virtual time of the checkpoint.
    pub clock: i64,
    #[serde(skip)]
    pub checkpoint: Vec<u8>,
}

/// The code and the generated source the page runs: what a link or a saved session
/// ([`Shared`]) and the application kept for a reload
/// ([`SavedSession`]) both hold, flattened into each (their JSON is unchanged).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Setup {
    pub sql: String,
    pub generator: String,
    pub stream: String,
    pub seed: u64,
    pub rate: f64,
    pub settings: String,
    pub speed: f64,
}

impl Default for Setup {
    fn default() -> Setup {
        PlaygroundState::default().source()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlaygroundState {
    pub sql: String,
    pub status: EngineStatus,
    /// Running, but the clock stands still (steps move it by hand).
    pub paused: bool,
    pub error: Option<StartError>,
    /// The generator feeding `stream`, its seed and rate, and more `key=value` settings
    /// (chaos knobs, the generator's own).
    pub generator: String,
    pub stream: String,
    pub settings: String,
    /// A file the user loaded: used instead of the generator when `generator` is [`FILE`].
    pub file: Option<LoadedFile>,
    /// Replay the file at the pace of its `ROWTIME`s.
    pub pace: bool,
    /// A file loaded whole as a reference table, to join the stream to.
    pub reference: Option<ReferenceFile>,
    pub seed: u64,
    pub rate: f64,
    pub speed: f64,
    pub clock: Option<i64>,
    /// The clock when the application started, and its pumps as the dataflow view draws them.
    pub started: Option<i64>,
    pub dataflow: Vec<crate::exec::PumpFlow>,
    pub streams: Vec<StreamView>,
    pub selected: Option<String>,
    pub metrics: Metrics,
    pub state_entries: usize,
    /// The engine's memory in bytes (it only grows: the most used so far).
    pub memory: usize,
    /// The virtual time of the running application's latest checkpoint.
    pub checkpoint: Option<i64>,
    /// An application kept from before the page was reloaded, which can be resumed.
    pub resume: Option<Rc<SavedSession>>,
    /// The application's name when exported (`CreateApplication`'s `ApplicationName`).
    pub app_name: String,
    /// The last application exported or imported, as `DescribeApplication` shows it.
    pub described: Option<Rc<String>>,
    /// What the page could not bring back of an imported application (a reference table's file).
    pub import_note: Option<String>,
    /// The page's application in the control plane.
    pub control: Rc<ControlView>,
    /// Why the last operation from the application panel failed, as AWS words it.
    pub panel_error: Option<String>,
    /// What the last Share made (the link's length, files left out).
    pub share_note: Option<String>,
    /// The names of the sessions saved in this browser.
    pub sessions: Vec<String>,
    /// The application exported to Flink, shown beside its code (`None`: closed).
    pub flink: Option<Rc<FlinkView>>,
}

pub const DEFAULT_SQL: &str = r#"-- Average price and trade count per ticker, every 10 seconds.
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    ticker_symbol VARCHAR(4),
    avg_price     DOUBLE,
    trades        INTEGER);

CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
  SELECT STREAM ticker_symbol, AVG(price), COUNT(*)
  FROM "SOURCE_SQL_STREAM_001"
  GROUP BY ticker_symbol,
           STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '10' SECOND);
"#;

/// The value of the source menu that stands for the loaded file.
pub const FILE: &str = "file";

/// Opens a file's bytes from its start, a chunk at a time.
pub type OpenFile = Rc<dyn Fn() -> Box<dyn crate::source::file::Chunks>>;

/// A file picked in the page: its name, its first bytes (shared, never copied; compared by
/// identity, not content), its input schema, its sample under that schema, and a way to read
/// all of it.
#[derive(Clone)]
pub struct LoadedFile {
    pub name: String,
    pub head: Rc<[u8]>,
    /// Discovery's schema as the user edited it (empty if discovery failed).
    pub schema: Rc<Vec<RecordColumn>>,
    /// The first records under `schema`, or why the file (or the schema) cannot be read.
    pub discovery: Rc<Result<crate::source::file::Discovery, String>>,
    pub open: OpenFile,
}

/// A change to one column of a loaded file's input schema.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnEdit {
    Name(String),
    /// A SQL type as typed (`DECIMAL(10, 2)`).
    Type(String),
    /// A CSV field's name or a JSONPath.
    Mapping(String),
}

/// A reference table's file: the table's name in the SQL, the file, and its discovered columns
/// (or why there are none).
#[derive(Debug, Clone)]
pub struct ReferenceFile {
    pub table: String,
    pub file_name: String,
    pub bytes: Rc<[u8]>,
    pub columns: Rc<Result<Vec<crate::plan::ColumnDef>, String>>,
}

impl ReferenceFile {
    /// A file read whole; the table is named after the file (`company_names.csv` is
    /// `company_names`).
    pub fn new(file_name: String, bytes: Vec<u8>) -> ReferenceFile {
        let table = file_name.split('.').next().unwrap_or_default().to_string();
        let columns = crate::source::file::infer_stream(&table, &file_name, &bytes)
            .map(|def| def.columns)
            .map_err(|e| e.to_string());
        ReferenceFile { table, file_name, bytes: bytes.into(), columns: Rc::new(columns) }
    }
}

impl PartialEq for ReferenceFile {
    fn eq(&self, other: &Self) -> bool {
        self.table == other.table && Rc::ptr_eq(&self.bytes, &other.bytes)
    }
}

/// Records of a loaded file shown raw and as rows.
pub const SAMPLE_ROWS: usize = 5;

impl LoadedFile {
    pub fn new(name: String, head: Vec<u8>, open: OpenFile) -> LoadedFile {
        let head: Rc<[u8]> = head.into();
        let discovery = crate::source::file::discover(&name, &head, SAMPLE_ROWS, None).map_err(|e| e.to_string());
        let schema = discovery.as_ref().map(|d| d.columns.clone()).unwrap_or_default();
        LoadedFile { name, head, schema: Rc::new(schema), discovery: Rc::new(discovery), open }
    }

    /// The same file under an edited schema, its sample read again.
    pub fn with_schema(&self, schema: Vec<RecordColumn>) -> LoadedFile {
        let discovery = crate::source::file::discover(&self.name, &self.head, SAMPLE_ROWS, Some(&schema))
            .map_err(|e| e.to_string());
        LoadedFile { schema: Rc::new(schema), discovery: Rc::new(discovery), ..self.clone() }
    }
}

impl PartialEq for LoadedFile {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && Rc::ptr_eq(&self.head, &other.head) && Rc::ptr_eq(&self.schema, &other.schema)
    }
}

impl std::fmt::Debug for LoadedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadedFile").field("name", &self.name).field("head", &self.head.len()).finish()
    }
}

impl PlaygroundState {
    /// The inputs the application reads: the loaded file or the generator feeding the stream,
    /// and the reference table, if there is one.
    pub fn bindings(&self) -> crate::error::Result<Vec<crate::runtime::InputBinding>> {
        use crate::runtime::{InputBinding, InputSource};
        use crate::source::file::FileInput;
        let source = match (&self.file, self.generator.as_str()) {
            (Some(file), FILE) => InputSource::File {
                name: file.name.clone(),
                input: FileInput { head: file.head.clone(), chunks: (file.open)() },
                pace: self.pace,
                schema: Some(file.schema.to_vec()).filter(|s| !s.is_empty()),
            },
            _ => InputSource::Generator(self.generator_spec()?),
        };
        // Code whose tables make their own rows (datagen) may read no input of the form's.
        let unread = crate::sql::parse(&self.sql).is_ok_and(|s| crate::sql::feeds_itself_without(&s, &self.stream));
        let mut bindings = match unread {
            true => vec![],
            false => vec![InputBinding { stream: self.stream.clone(), source }],
        };
        if let Some(r) = &self.reference {
            let input = FileInput::from_bytes(r.bytes.clone());
            bindings.push(InputBinding {
                stream: r.table.clone(),
                source: InputSource::Table { name: r.file_name.clone(), input, schema: None },
            });
        }
        Ok(bindings)
    }

    /// Where the application's clock starts: a file replayed at its pace starts at its first
    /// `ROWTIME`.
    pub fn start(&self) -> i64 {
        let default = crate::source::DEFAULT_START;
        match (&self.file, self.generator.as_str(), self.pace) {
            (Some(file), FILE, true) => {
                crate::source::file::first_rowtime(&file.name, &file.head).ok().flatten().unwrap_or(default)
            }
            _ => default,
        }
    }

    /// The input stream's columns, or why there are none.
    pub fn input_columns(&self) -> crate::error::Result<Vec<crate::plan::ColumnDef>> {
        match (&self.file, self.generator.as_str()) {
            (Some(file), FILE) => match file.discovery.as_ref() {
                Ok(_) => Ok(crate::source::file::stream_of(&self.stream, &file.schema).columns),
                Err(e) => Err(crate::error::Error::Input(e.clone())),
            },
            _ => Ok(self.generator_spec()?.stream_def(&self.stream)?.columns),
        }
    }

    /// What a reload needs to start this application again (a generator's; a file is not
    /// kept), with the checkpoint to come.
    pub fn session(&self) -> Option<SavedSession> {
        (self.generator != FILE).then(|| SavedSession { source: self.source(), clock: 0, checkpoint: vec![] })
    }

    /// The page's state for a kept application's code and source.
    pub fn from_session(session: &SavedSession) -> PlaygroundState {
        let mut state = PlaygroundState::default();
        state.set_source(session.source.clone());
        state
    }

    /// The code and the generated source.
    pub fn source(&self) -> Setup {
        Setup {
            sql: self.sql.clone(),
            generator: self.generator.clone(),
            stream: self.stream.clone(),
            seed: self.seed,
            rate: self.rate,
            settings: self.settings.clone(),
            speed: self.speed,
        }
    }

    fn set_source(&mut self, source: Setup) {
        let Setup { sql, generator, stream, seed, rate, settings, speed } = source;
        (self.sql, self.generator, self.stream, self.seed, self.rate, self.settings, self.speed) =
            (sql, generator, stream, seed, rate, settings, speed);
    }

    /// The application as an export describes it: a generator's (a file is not exported).
    pub fn playground(&self) -> crate::error::Result<crate::app::export::Playground> {
        if self.generator == FILE {
            return Err(crate::error::Error::Input(
                "a file source cannot be exported: CreateApplication names streams, not files (pick a generator)"
                    .into(),
            ));
        }
        let reference = match &self.reference {
            Some(r) => Some(crate::app::export::Reference {
                table: r.table.clone(),
                file_name: r.file_name.clone(),
                columns: crate::source::file::infer_schema(&r.file_name, &r.bytes)?,
            }),
            None => None,
        };
        Ok(crate::app::export::Playground {
            name: self.app_name.clone(),
            sql: self.sql.clone(),
            stream: self.stream.clone(),
            generator: self.generator_spec()?,
            reference,
        })
    }

    /// The source as `kdalite run --generator` spells it.
    pub fn generator_spec(&self) -> crate::error::Result<crate::source::GeneratorSpec> {
        let extra = self.settings.trim().trim_matches(',');
        let extra = if extra.is_empty() { String::new() } else { format!(",{extra}") };
        format!("{}:seed={},rate={}{extra}", self.generator, self.seed, self.rate).parse()
    }
}

impl Default for PlaygroundState {
    fn default() -> Self {
        PlaygroundState {
            sql: DEFAULT_SQL.to_string(),
            status: EngineStatus::Ready,
            paused: false,
            error: None,
            generator: "ticker".into(),
            stream: crate::source::ticker::DEFAULT_STREAM.into(),
            settings: String::new(),
            file: None,
            pace: false,
            reference: None,
            seed: 42,
            rate: 10.0,
            speed: 1.0,
            clock: None,
            started: None,
            dataflow: Vec::new(),
            streams: vec![],
            selected: None,
            metrics: Metrics::default(),
            state_entries: 0,
            memory: 0,
            checkpoint: None,
            resume: None,
            app_name: "playground".into(),
            described: None,
            import_note: None,
            control: Rc::new(ControlView::default()),
            panel_error: None,
            share_note: None,
            sessions: Vec::new(),
            flink: None,
        }
    }
}

/// Rows for one stream from one step of the runtime.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamRows {
    pub stream: String,
    /// Oldest first, as produced; at most [`ROWS_KEPT`] of them.
    pub rows: Vec<Vec<Cell>>,
    /// How many rows the step produced in all.
    pub produced: u64,
}

pub enum Action {
    EditSql(String),
    SetGenerator(String),
    SetStream(String),
    SetSettings(String),
    /// A file was read; it becomes the source.
    FileLoaded(LoadedFile),
    SetPace(bool),
    /// A column of the loaded file's input schema changed.
    EditColumn {
        index: usize,
        edit: ColumnEdit,
    },
    /// A reference table's file was read (`None`: removed).
    ReferenceLoaded(Option<ReferenceFile>),
    SetReferenceName(String),
    SetSeed(u64),
    SetRate(f64),
    SetSpeed(f64),
    /// The application started: these streams will show rows.
    Started {
        streams: Vec<StreamView>,
        clock: i64,
    },
    Failed(StartError),
    /// A step of the virtual clock.
    Tick {
        clock: i64,
        rows: Vec<StreamRows>,
        metrics: Metrics,
        state_entries: usize,
        memory: usize,
        /// `None`: as it was.
        dataflow: Option<Vec<crate::exec::PumpFlow>>,
    },
    Stopped,
    /// A checkpoint was taken at this virtual time (and kept for a reload).
    Checkpointed(i64),
    SetAppName(String),
    /// The control plane's view of the application changed.
    Control(Rc<ControlView>),
    /// An operation from the application panel failed (`None`: it went through).
    PanelError(Option<String>),
    /// A link to the session was made.
    ShareNote(String),
    /// The sessions saved in this browser changed (their names).
    Sessions(Vec<String>),
    /// A template was picked: its code and source replace the page's.
    Template(&'static crate::templates::Template),
    /// A shared session was opened: it replaces the page's.
    Shared(Shared),
    /// The application was exported: as `DescribeApplication` shows it.
    Exported(String),
    /// The application was exported to Flink (`None`: the export was closed).
    Flink(Option<Rc<FlinkView>>),
    /// An application was imported: its code and source, and how it is described.
    Imported(crate::app::export::Playground, String),
    /// A kept application can be resumed (`None`: not, or no longer).
    ResumeOffered(Option<SavedSession>),
    /// The kept application is resuming: its code and source come back.
    Resumed(SavedSession),
    Paused(bool),
    Select(String),
}

impl Reducible for PlaygroundState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::EditSql(sql) => next.sql = sql,
            Action::SetGenerator(name) => next.generator = name,
            Action::SetStream(stream) => next.stream = stream,
            Action::SetSettings(settings) => next.settings = settings,
            Action::SetPace(pace) => next.pace = pace,
            Action::EditColumn { index, edit } => {
                let Some(file) = &self.file else { return self };
                let mut schema = file.schema.to_vec();
                let Some(column) = schema.get_mut(index) else { return self };
                match edit {
                    ColumnEdit::Name(name) => column.name = name.trim().to_string(),
                    ColumnEdit::Mapping(mapping) => column.mapping = mapping.trim().to_string(),
                    ColumnEdit::Type(text) => match crate::sql::parse_type(&text) {
                        Ok(sql_type) => column.sql_type = sql_type,
                        Err(e) => {
                            next.error = Some(StartError { message: e.to_string(), line: None, column: None });
                            return Rc::new(next);
                        }
                    },
                }
                next.error = None;
                next.file = Some(file.with_schema(schema));
            }
            Action::ReferenceLoaded(reference) => next.reference = reference,
            Action::SetReferenceName(table) => {
                if let Some(r) = &mut next.reference {
                    r.table = table;
                }
            }
            Action::FileLoaded(file) => {
                next.file = Some(file);
                next.generator = FILE.into();
            }
            Action::SetSeed(seed) => next.seed = seed,
            Action::SetRate(rate) => next.rate = rate,
            Action::SetSpeed(speed) => next.speed = speed,
            Action::Started { streams, clock } => {
                next.status = EngineStatus::Running;
                next.checkpoint = None;
                next.paused = false;
                next.error = None;
                next.clock = Some(clock);
                next.started = Some(clock);
                next.dataflow = Vec::new();
                next.metrics = Metrics::default();
                next.selected = streams.iter().find(|s| !s.is_input).or(streams.first()).map(|s| s.name.clone());
                next.streams = streams;
            }
            Action::Failed(error) => {
                next.status = EngineStatus::Ready;
                next.error = Some(error);
            }
            Action::Tick { clock, rows, metrics, state_entries, memory, dataflow } => {
                if let Some(dataflow) = dataflow {
                    next.dataflow = dataflow;
                }
                next.memory = memory;
                next.clock = Some(clock);
                next.metrics = metrics;
                next.state_entries = state_entries;
                for StreamRows { stream, rows, produced } in rows {
                    let Some(view) = next.streams.iter_mut().find(|s| s.name == stream) else { continue };
                    view.total += produced;
                    // The step's rows go on top as a block, in the order they were produced
                    // (a window's groups stay in key order); a changelog's, each change being
                    // newer than the one before, newest first.
                    if view.changelog {
                        rows.into_iter().for_each(|row| view.rows.push_front(row));
                    } else {
                        rows.into_iter().rev().for_each(|row| view.rows.push_front(row));
                    }
                    view.rows.truncate(ROWS_KEPT);
                }
            }
            Action::Checkpointed(clock) => next.checkpoint = Some(clock),
            Action::ResumeOffered(session) => next.resume = session.map(Rc::new),
            Action::Resumed(session) => {
                next.resume = None;
                next.set_source(session.source);
            }
            Action::Stopped => {
                next.status = EngineStatus::Ready;
                next.paused = false;
            }
            Action::Paused(paused) => next.paused = paused,
            Action::Select(stream) => next.selected = Some(stream),
            Action::SetAppName(name) => next.app_name = name.trim().to_string(),
            Action::Control(view) => next.control = view,
            Action::PanelError(error) => next.panel_error = error,
            Action::ShareNote(note) => next.share_note = Some(note),
            Action::Sessions(names) => next.sessions = names,
            Action::Template(t) => {
                next.sql = t.sql.to_string();
                // A template whose tables make their own rows leaves the source form as it is.
                if !t.generator.is_empty() {
                    next.generator = t.generator.to_string();
                    next.stream = t.stream.to_string();
                    next.settings = t.settings.to_string();
                }
                next.error = None;
                next.reference = t.reference.map(|(table, file, text)| {
                    let mut reference = ReferenceFile::new(file.to_string(), text.as_bytes().to_vec());
                    reference.table = table.to_string();
                    reference
                });
            }
            Action::Shared(shared) => {
                next.set_source(shared.source);
                next.pace = shared.pace;
                next.app_name = shared.app;
                next.file = shared.file.map(|(name, text)| {
                    let bytes: Rc<[u8]> = text.into_bytes().into();
                    let open: OpenFile = {
                        let bytes = bytes.clone();
                        Rc::new(move || crate::source::file::FileInput::from_bytes(bytes.clone()).chunks)
                    };
                    LoadedFile::new(name, bytes.to_vec(), open)
                });
                if next.file.is_none() && next.generator == FILE {
                    next.generator = "ticker".into();
                }
                next.reference = shared.reference.map(|(table, file_name, text)| {
                    let mut reference = ReferenceFile::new(file_name, text.into_bytes());
                    reference.table = table;
                    reference
                });
            }
            Action::Flink(view) => next.flink = view,
            Action::Exported(described) => {
                next.error = None;
                next.described = Some(Rc::new(described));
            }
            Action::Imported(playground, described) => {
                next.error = None;
                next.described = Some(Rc::new(described));
                next.app_name = playground.name;
                next.sql = playground.sql;
                next.stream = playground.stream;
                next.generator = playground.generator.name;
                let mut settings = Vec::new();
                for (key, value) in playground.generator.params {
                    match key.as_str() {
                        "seed" => next.seed = value.parse().unwrap_or(next.seed),
                        "rate" => next.rate = value.parse().unwrap_or(next.rate),
                        _ => settings.push(format!("{key}={value}")),
                    }
                }
                next.settings = settings.join(",");
                // A loaded reference table stays if the application names its file.
                let loaded = next.reference.take();
                next.import_note = None;
                if let Some(wanted) = playground.reference {
                    match loaded.filter(|r| r.file_name == wanted.file_name) {
                        Some(mut kept) => {
                            kept.table = wanted.table;
                            next.reference = Some(kept);
                        }
                        None => {
                            next.import_note = Some(format!(
                                "Load {} as the reference table to run the application as it was exported.",
                                wanted.file_name
                            ))
                        }
                    }
                }
            }
        }
        Rc::new(next)
    }
}

/// An export as the page shows it: the code it was made from, its options, and the job or why
/// there is none.
pub struct FlinkView {
    pub original: String,
    pub connector: crate::sql::flink::Connector,
    pub approximate: bool,
    pub result: std::result::Result<Exported, StartError>,
}

/// The state keeps the latest export; a new export is a new view.
impl PartialEq for FlinkView {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl std::fmt::Debug for FlinkView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let result = self.result.as_ref().map(|e| &e.file_name);
        f.debug_struct("FlinkView").field("connector", &self.connector).field("result", &result).finish()
    }
}

pub struct Exported {
    pub kda: bool,
    pub job: String,
    pub notes: Vec<crate::sql::flink::Note>,
    pub file_name: String,
    pub bytes: usize,
    /// The zip file, for the download link (revoked when the view goes).
    pub url: gloo::file::ObjectUrl,
    /// Over Kinesis: Managed Service for Apache Flink's `CreateApplication` request (its JSON
    /// as a data link), or why there is none.
    pub msf: Option<std::result::Result<String, String>>,
}
