//! The loop that drives the page's engine: the timer that steps the virtual clock, draws what
//! each step produced, and takes the application's checkpoints.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use gloo::timers::callback::Interval;
use yew::prelude::*;

use crate::output::row_values;
use crate::runtime::{CheckpointSchedule, Runtime};
use crate::ui::persist;
use crate::ui::plane::{self, Plane};
use crate::ui::state::{failure, Action, Cell, PlaygroundState, SavedSession, StreamRows, StreamView, ROWS_KEPT};

/// Wall-clock milliseconds between steps of the virtual clock: about a frame, so a window's
/// row is drawn within a frame or two of the moment the clock closes it. Each step moves the
/// clock by the wall time since the last (times the speed), at most [`MAX_STEP_MS`]: after a
/// stall the clock falls behind rather than leaping.
const STEP_MS: u32 = 16;
const MAX_STEP_MS: f64 = 250.0;

/// The name of the page's checkpoint in its state backend.
pub const PAGE_CHECKPOINT: &str = "page";

/// The page's [`Stepper`] over the cells the root keeps, with the ones a tick needs to take
/// checkpoints.
#[hook]
pub fn use_engine(
    drawn: &Rc<RefCell<Drawn>>,
    plane: &Rc<RefCell<Plane>>,
    timer: &Rc<RefCell<Option<Interval>>>,
    speed: &Rc<RefCell<f64>>,
    paused: &Rc<RefCell<bool>>,
) -> Stepper {
    // What a tick needs to take checkpoints: when they are due, and what to keep with them.
    let schedule: Rc<RefCell<Option<CheckpointSchedule>>> = use_mut_ref(|| None);
    let kept: Rc<RefCell<Option<SavedSession>>> = use_mut_ref(|| None);
    Stepper {
        drawn: drawn.clone(),
        plane: plane.clone(),
        timer: timer.clone(),
        speed: speed.clone(),
        paused: paused.clone(),
        schedule: schedule.clone(),
        kept: kept.clone(),
    }
}

/// What runs an application in the page: the runtime, the timer that steps it, what the timer
/// reads on every step, and the checkpoints it takes.
#[derive(Clone)]
pub struct Stepper {
    /// The output stepped but not yet drawn.
    pub drawn: Rc<RefCell<Drawn>>,
    pub plane: Rc<RefCell<Plane>>,
    pub timer: Rc<RefCell<Option<Interval>>>,
    pub speed: Rc<RefCell<f64>>,
    pub paused: Rc<RefCell<bool>>,
    /// When to checkpoint: the application's `CheckpointConfiguration` (`None`: off).
    pub schedule: Rc<RefCell<Option<CheckpointSchedule>>>,
    /// What a checkpoint is kept with for a reload (`None`: not kept, as for a file).
    pub kept: Rc<RefCell<Option<SavedSession>>>,
}

impl Stepper {
    /// Shows the streams of the engine the control plane runs and starts stepping it;
    /// `session`: keep its checkpoints.
    pub fn launch(&self, session: Option<SavedSession>, dispatcher: &UseReducerDispatcher<PlaygroundState>) {
        let mut plane = self.plane.borrow_mut();
        let Some(rt) = plane.runtime() else { return };
        rt.capture_inputs(true);
        let plan = rt.plan();
        let updating = |name: &str| plan.stream(name).is_some_and(|s| s.updating);
        let mut streams: Vec<StreamView> = Vec::new();
        for name in rt.output_streams() {
            let (columns, key, changelog) = (rt.visible_columns(&name), rt.upsert_key(&name), updating(&name));
            streams.push(StreamView::new(name, columns, false, key, changelog));
        }
        // Inputs and views: what queries read, shown beside what they write.
        let inputs = plan.input_streams().chain(plan.streams.iter().filter(|s| s.view));
        for name in inputs.map(|s| s.name.clone()).collect::<Vec<_>>() {
            let (columns, changelog) = (rt.visible_columns(&name), updating(&name));
            streams.push(StreamView::new(name, columns, true, vec![], changelog));
        }
        dispatcher.dispatch(Action::Started { streams, clock: rt.now() });
        // Applications whose inputs cannot be checkpointed (files read in the page) are not kept.
        let keep = session.filter(|_| !crate::ui::embedded() && rt.checkpointable().is_ok());
        let now = rt.now();
        let mut schedule = plane.name.clone().and_then(|name| plane.apps.checkpoint_schedule(&name));
        if let Some(s) = &mut schedule {
            s.start_at(now);
        }
        *self.schedule.borrow_mut() = schedule;
        *self.kept.borrow_mut() = keep;
        *self.paused.borrow_mut() = false;
        self.drawn.borrow_mut().clear();

        let (engine, dispatcher) = (self.clone(), dispatcher.clone());
        let mut last_step: Option<f64> = None;
        *self.timer.borrow_mut() = Some(Interval::new(STEP_MS, move || {
            let now = js_sys::Date::now();
            let elapsed = last_step.map_or(f64::from(STEP_MS), |t| (now - t).clamp(0.0, MAX_STEP_MS));
            last_step = Some(now);
            let mut plane = engine.plane.borrow_mut();
            if !plane.processing() {
                return; // STARTING: the clock moves once the application runs.
            }
            let Some(rt) = plane.runtime() else { return };
            let paused = *engine.paused.borrow();
            let mut drawn = engine.drawn.borrow_mut();
            if paused {
                // What the last steps held back is drawn; the clock stays.
                if drawn.behind {
                    drawn.show(rt, &dispatcher, true);
                }
                return;
            }
            let target = rt.now() + (elapsed * *engine.speed.borrow()).round() as i64;
            drawn.advance(rt, target, &dispatcher, false);
            drop(drawn);
            engine.checkpoint_if_due(&mut plane, &dispatcher);
        }));
    }

    /// Takes a checkpoint when the application's `CheckpointConfiguration` says so, keeps it
    /// in IndexedDB, and logs it with the application.
    fn checkpoint_if_due(&self, plane: &mut Plane, dispatcher: &UseReducerDispatcher<PlaygroundState>) {
        let Some(mut session) = self.kept.borrow().clone() else { return };
        let Some(rt) = plane.runtime() else { return };
        let due = self.schedule.borrow_mut().as_mut().is_some_and(|s| s.due(rt.now()));
        if rt.is_closed() || !due {
            return;
        }
        let began = js_sys::Date::now();
        let taken = rt.checkpoint(PAGE_CHECKPOINT, b"").and_then(|_| rt.export_checkpoint(PAGE_CHECKPOINT));
        if let (Ok(bytes), Some(name)) = (&taken, plane.name.clone()) {
            let message =
                format!("Completed checkpoint ({} bytes) in {:.0} ms", bytes.len(), js_sys::Date::now() - began);
            plane.apps.log(&name, plane::now(), crate::app::model::LogLevel::Info, message);
        }
        let Some(rt) = plane.runtime() else { return };
        match taken {
            Ok(bytes) => {
                session.clock = rt.now();
                session.source.speed = *self.speed.borrow();
                session.checkpoint = bytes;
                dispatcher.dispatch(Action::Checkpointed(session.clock));
                yew::platform::spawn_local(async move {
                    let _ = persist::save(&session).await;
                });
            }
            Err(e) => {
                self.kept.borrow_mut().take();
                dispatcher.dispatch(failure(format!("checkpoints stopped: {e}")));
            }
        }
    }
}

/// A step's rows are drawn at once, except a stream's flood of them (a file read as fast as
/// possible, a fast generator's preview), which would have each step turn [`ROWS_KEPT`] rows
/// into text, most of them replaced by the next step's: such a stream's rows are drawn every
/// [`FLOOD_MS`], and the steps in between move only the clock, the counts and the other streams.
/// The dataflow's figures (each operator's counts and open windows) come every [`FLOOD_MS`] too.
const FLOOD_ROWS: usize = 1_000;
const FLOOD_MS: f64 = 100.0;

/// The output stepped but not yet drawn, and when a flood was last drawn.
#[derive(Default)]
pub struct Drawn {
    batches: Vec<crate::runtime::OutputBatch>,
    at: f64,
    /// The last show held something back: a flood's rows, or the dataflow's figures.
    behind: bool,
}

impl Drawn {
    /// Moves the application's clock to `target` and shows what that produced (all of it with
    /// `all`; otherwise as [`FLOOD_ROWS`] says).
    pub fn advance(
        &mut self,
        rt: &mut Runtime,
        target: i64,
        dispatcher: &UseReducerDispatcher<PlaygroundState>,
        all: bool,
    ) {
        if let Err(e) = rt.advance_to(target) {
            dispatcher.dispatch(failure(e.to_string()));
            return;
        }
        self.batches.extend(rt.drain_output());
        self.show(rt, dispatcher, all || js_sys::Date::now() - self.at >= FLOOD_MS);
    }

    /// Shows the clock, the counts and the rows: all of them and the dataflow with `all`, else
    /// all rows but floods.
    pub fn show(&mut self, rt: &Runtime, dispatcher: &UseReducerDispatcher<PlaygroundState>, all: bool) {
        let batches = std::mem::take(&mut self.batches);
        self.behind = !all;
        let drawn = if all {
            self.at = js_sys::Date::now();
            batches
        } else {
            let mut rows: HashMap<String, usize> = HashMap::new();
            for b in &batches {
                *rows.entry(b.stream.clone()).or_default() += b.batch.num_rows();
            }
            let (flood, calm) = batches.into_iter().partition(|b| rows[&b.stream] > FLOOD_ROWS);
            self.batches = flood;
            calm
        };
        dispatcher.dispatch(Action::Tick {
            clock: rt.now(),
            rows: collect_rows(drawn),
            metrics: rt.metrics().clone(),
            state_entries: rt.state_size(),
            memory: engine_memory(),
            dataflow: all.then(|| rt.dataflow()),
        });
    }

    /// Forgets what was not drawn (a new run starts).
    fn clear(&mut self) {
        *self = Drawn::default();
    }
}

/// The engine's memory in bytes: wasm linear memory, which only grows, so this is the most
/// the page has used.
fn engine_memory() -> usize {
    use wasm_bindgen::JsCast;
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length() as usize
}

/// The rows of `batches` (oldest first), as text, at most [`ROWS_KEPT`] per stream: only the
/// newest rows are turned into text, whatever the step produced.
fn collect_rows(batches: Vec<crate::runtime::OutputBatch>) -> Vec<StreamRows> {
    let mut out: Vec<StreamRows> = Vec::new();
    // Newest batch first, each batch's rows newest first; reversed at the end.
    for batch in batches.into_iter().rev() {
        let index = match out.iter().position(|s| s.stream == batch.stream) {
            Some(i) => i,
            None => {
                out.push(StreamRows { stream: batch.stream.clone(), rows: vec![], produced: 0 });
                out.len() - 1
            }
        };
        let entry = &mut out[index];
        let n = batch.batch.num_rows();
        entry.produced += n as u64;
        let wanted = ROWS_KEPT.saturating_sub(entry.rows.len()).min(n);
        for row in (n - wanted..n).rev() {
            if let Ok(values) = row_values(&batch.batch, row) {
                entry.rows.push(values.iter().map(Cell::of).collect());
            }
        }
    }
    for entry in &mut out {
        entry.rows.reverse();
    }
    out
}
