//! The root component: owns the state, the running application and the timer that drives
//! the virtual clock. Leaf components get data and callbacks only.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use gloo::timers::callback::Interval;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::components::{error_view, ChartCanvas, Field, MetricParts, ResultsView, Sample, StatusBar};
use super::editor::Editor;
use super::feed::BlobChunks;
use super::panel::ConfigForms;
use super::persist;
use super::plane::{self, Plane};
use super::share;
use super::state::{
    Action, ColumnEdit, ControlView, LoadedFile, OpenFile, PlaygroundState, ReferenceFile, SavedSession, Shared,
    StartError, StreamRows, FILE, ROWS_KEPT,
};
use crate::app::service::Driver;
use crate::output::row_values;
use crate::runtime::{self, CheckpointSchedule, Runtime};
use crate::source::file::HEAD_BYTES;
use crate::source::GENERATORS;

/// Wall-clock milliseconds between steps of the virtual clock: about a frame, so a window's
/// row is drawn within a frame or two of the moment the clock closes it. Each step moves the
/// clock by the wall time since the last (times the speed), at most [`MAX_STEP_MS`]: after a
/// stall the clock falls behind rather than leaping.
const STEP_MS: u32 = 16;
const MAX_STEP_MS: f64 = 250.0;
/// Wall-clock milliseconds between looks at the control plane.
const CONTROL_MS: u32 = 250;

/// The largest file the page loads whole as a reference table.
const REFERENCE_BYTES: u64 = 64 << 20;

/// Speeds offered: virtual milliseconds per wall millisecond.
const SPEEDS: &[(f64, &str)] = &[(0.1, "×0.1"), (1.0, "×1"), (10.0, "×10"), (100.0, "×100"), (1000.0, "×1000")];

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(PlaygroundState::default);
    // The control plane: the page's application, its engine, statuses, versions, snapshots.
    let plane: Rc<RefCell<Plane>> = use_mut_ref(Plane::default);
    let timer: Rc<RefCell<Option<Interval>>> = use_mut_ref(|| None);
    // Read by the timer on every step, as `speed` is.
    let paused: Rc<RefCell<bool>> = use_mut_ref(|| false);
    // Read by the timer on every step, so it lives outside the reducer.
    let speed: Rc<RefCell<f64>> = use_mut_ref(|| 1.0);
    // The SQL editor (CodeMirror), mounted in `editor_host` once its module loads.
    let editor_host = use_node_ref();
    let editor: Rc<RefCell<Editor>> = use_mut_ref(Editor::default);
    let editor_ready = use_state(|| false);
    // Run as of the latest render, for the editor's Ctrl/Cmd+Enter (mounted once).
    let run_latest: Rc<RefCell<Callback<()>>> = use_mut_ref(Callback::noop);
    // The read of a file being loaded: dropping it would cancel the read.
    let reading: Rc<RefCell<Option<gloo::file::callbacks::FileReader>>> = use_mut_ref(|| None);
    let reading_reference: Rc<RefCell<Option<gloo::file::callbacks::FileReader>>> = use_mut_ref(|| None);

    // The output the clock's steps have made but not drawn yet.
    let drawn: Rc<RefCell<Drawn>> = use_mut_ref(Drawn::default);

    let stop = {
        let (timer, plane, state, drawn) = (timer.clone(), plane.clone(), state.clone(), drawn.clone());
        Callback::from(move |_: ()| {
            timer.borrow_mut().take();
            if let Some(rt) = plane.borrow_mut().runtime() {
                drawn.borrow_mut().show(rt, &state.dispatcher(), true);
            }
            if let Err(message) = plane.borrow_mut().stop() {
                state.dispatch(failure(message));
            }
            state.dispatch(Action::Stopped);
        })
    };
    // The control plane's clock: transitions finish, the panel shows where they are, and the
    // application is kept in IndexedDB whenever its versions, status or snapshots change (and
    // comes back from there when the page opens).
    {
        let (plane, dispatcher) = (plane.clone(), state.dispatcher());
        use_effect_with((), move |_| {
            {
                let (plane, dispatcher) = (plane.clone(), dispatcher.clone());
                yew::platform::spawn_local(async move {
                    if super::embedded() {
                        return;
                    }
                    if let Ok(Some(kept)) = persist::load_application().await {
                        let mut plane = plane.borrow_mut();
                        if let Ok(name) = plane.apps.import_application(&kept) {
                            plane.name = Some(name.clone());
                            dispatcher.dispatch(Action::SetAppName(name));
                        }
                    }
                });
            }
            let shown: RefCell<Option<Rc<ControlView>>> = RefCell::new(None);
            let timer = Interval::new(CONTROL_MS, move || {
                let view = Rc::new(plane.borrow_mut().view());
                let previous = shown.borrow().clone();
                if previous.as_ref() == Some(&view) {
                    return;
                }
                let key = |v: &ControlView| (v.status.clone(), v.version, v.snapshots.clone());
                if view.status.is_some() && previous.as_deref().map(key) != Some(key(&view)) && !super::embedded() {
                    let name = plane.borrow().name.clone().unwrap_or_default();
                    if let Ok(kept) = plane.borrow_mut().apps.export_application(&name) {
                        yew::platform::spawn_local(async move {
                            let _ = persist::save_application(&kept).await;
                        });
                    }
                }
                *shown.borrow_mut() = Some(view.clone());
                dispatcher.dispatch(Action::Control(view));
            });
            move || drop(timer)
        });
    }

    // What a tick needs to take checkpoints: when they are due, and what to keep with them.
    let schedule: Rc<RefCell<Option<CheckpointSchedule>>> = use_mut_ref(|| None);
    let kept: Rc<RefCell<Option<SavedSession>>> = use_mut_ref(|| None);
    let engine = Engine {
        drawn: drawn.clone(),
        plane: plane.clone(),
        timer: timer.clone(),
        speed: speed.clone(),
        paused: paused.clone(),
        schedule: schedule.clone(),
        kept: kept.clone(),
    };

    let run = {
        let (engine, state) = (engine.clone(), state.clone());
        Callback::from(move |_: ()| {
            // Checked here first, for the error's place in the editor; then run by the
            // control plane, on the page's sources.
            let built = state.bindings().and_then(|bindings| runtime::build(&state.sql, bindings, state.start()));
            match built {
                Ok(_) => {
                    engine.timer.borrow_mut().take();
                    let page = (*state).clone();
                    let driver = Driver {
                        bindings: Rc::new(move || page.bindings()),
                        start: state.start(),
                        transition_seconds: plane::TRANSITION_SECONDS,
                    };
                    let ran = engine.plane.borrow_mut().run(&state.app_name, &state.sql, driver);
                    match ran {
                        Ok(()) => engine.launch(state.session(), &state.dispatcher()),
                        Err(message) => {
                            state.dispatch(Action::Stopped);
                            state.dispatch(failure(message));
                        }
                    }
                }
                Err(e) => state.dispatch(Action::Failed(StartError::of(&e))),
            }
        })
    };

    // A kept application from before a reload: offered once the page is up.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move {
                if super::embedded() {
                    return;
                }
                if let Ok(Some(session)) = persist::load().await {
                    dispatcher.dispatch(Action::ResumeOffered(Some(session)));
                }
            });
        });
    }
    let on_resume = {
        let (engine, state, stop) = (engine.clone(), state.clone(), stop.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(session) = state.resume.as_deref().cloned() else { return };
            stop.emit(());
            let page = PlaygroundState::from_session(&session);
            let (sql, start, name) = (page.sql.clone(), page.start(), state.app_name.clone());
            let driver = Driver {
                bindings: Rc::new(move || page.bindings()),
                start,
                transition_seconds: plane::TRANSITION_SECONDS,
            };
            // The application runs again, and its engine takes the kept checkpoint's state.
            let ran = engine.plane.borrow_mut().run(&name, &sql, driver);
            let restored = ran.and_then(|()| {
                let mut plane = engine.plane.borrow_mut();
                let rt = plane.runtime().ok_or("the application did not start")?;
                rt.import_checkpoint(PAGE_CHECKPOINT, &session.checkpoint).map_err(|e| e.to_string())?;
                rt.restore(PAGE_CHECKPOINT, false).map_err(|e| e.to_string())?;
                Ok(())
            });
            *engine.speed.borrow_mut() = session.source.speed;
            state.dispatch(Action::Resumed(session.clone()));
            match restored {
                Ok(()) => engine.launch(Some(session), &state.dispatcher()),
                Err(e) => state.dispatch(failure(format!("the kept application could not be resumed: {e}"))),
            }
        })
    };
    let on_dismiss = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::ResumeOffered(None));
            yew::platform::spawn_local(async {
                let _ = persist::clear().await;
            });
        })
    };

    // The page's session, kept as the page goes away (the latest state each render leaves).
    let latest: Rc<RefCell<Option<UseReducerHandle<PlaygroundState>>>> = use_mut_ref(|| None);
    *latest.borrow_mut() = Some(state.clone());
    {
        let latest = latest.clone();
        use_effect_with((), move |_| {
            let listener = gloo::events::EventListener::new(&gloo::utils::window(), "pagehide", move |_| {
                if let (Some(state), false) = (latest.borrow().as_ref(), super::embedded()) {
                    share::keep(state);
                }
            });
            move || drop(listener)
        });
    }
    // A shared session in the link comes back when the page opens (or when a link's fragment
    // changes under it); without one, the last session.
    let own_fragment: Rc<RefCell<String>> = use_mut_ref(String::new);
    {
        let (dispatcher, speed, own) = (state.dispatcher(), speed.clone(), own_fragment.clone());
        use_effect_with((), move |_| {
            let open = {
                let (dispatcher, speed) = (dispatcher.clone(), speed.clone());
                move |hash: String| {
                    let (dispatcher, speed) = (dispatcher.clone(), speed.clone());
                    yew::platform::spawn_local(async move {
                        match Shared::from_fragment(&hash).await {
                            Ok(shared) => {
                                *speed.borrow_mut() = shared.source.speed;
                                dispatcher.dispatch(Action::Shared(shared));
                            }
                            Err(message) => dispatcher.dispatch(failure(message)),
                        }
                    });
                }
            };
            let hash = || web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
            let first = hash();
            if first.starts_with(share::PREFIX) {
                open(first);
            } else if let Some(kept) = share::kept().filter(|_| !super::embedded()) {
                *speed.borrow_mut() = kept.source.speed;
                dispatcher.dispatch(Action::Shared(kept));
            }
            // A link pasted over this page's: only its fragment changes, the page stays.
            let listener = gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                let now = hash();
                if now.starts_with(share::PREFIX) && *own.borrow() != now {
                    open(now);
                }
            });
            move || drop(listener)
        });
    }
    // The session as a link: in the address bar and the clipboard.
    let on_share = {
        let (state, own) = (state.clone(), own_fragment.clone());
        Callback::from(move |_: MouseEvent| {
            let (shared, left) = Shared::of(&state);
            let (dispatcher, own) = (state.dispatcher(), own.clone());
            yew::platform::spawn_local(async move {
                let fragment = match shared.fragment().await {
                    Ok(fragment) => fragment,
                    Err(message) => return dispatcher.dispatch(failure(message)),
                };
                *own.borrow_mut() = fragment.clone();
                let Some(window) = web_sys::window() else { return };
                let _ = window.location().set_hash(&fragment);
                let link = window.location().href().unwrap_or_default();
                let _ = wasm_bindgen_futures::JsFuture::from(window.navigator().clipboard().write_text(&link)).await;
                let note = format!("Link copied ({} characters): it opens this session.", link.len());
                dispatcher.dispatch(Action::ShareNote(note + &super::state::left_out(&left)));
            });
        })
    };
    // Named sessions, kept in this browser: saved, opened, forgotten.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| dispatcher.dispatch(Action::Sessions(share::saved())));
    }
    let session_name: Rc<RefCell<String>> = use_mut_ref(String::new);
    let on_session_name = {
        let session_name = session_name.clone();
        Callback::from(move |e: Event| {
            *session_name.borrow_mut() = e.target_unchecked_into::<HtmlInputElement>().value()
        })
    };
    let on_save_session = {
        let (state, session_name) = (state.clone(), session_name.clone());
        Callback::from(move |_: MouseEvent| {
            let name = session_name.borrow().trim().to_string();
            match share::save(&name, &state) {
                Ok(left) => {
                    let note = format!("Saved as \"{name}\" in this browser.");
                    state.dispatch(Action::ShareNote(note + &super::state::left_out(&left)));
                    state.dispatch(Action::Sessions(share::saved()));
                }
                Err(message) => state.dispatch(Action::ShareNote(message)),
            }
        })
    };
    let on_open_session = {
        let (state, speed) = (state.clone(), speed.clone());
        Callback::from(move |name: String| match share::open(&name) {
            Some(shared) => {
                *speed.borrow_mut() = shared.source.speed;
                state.dispatch(Action::Shared(shared));
                state.dispatch(Action::ShareNote(format!("Opened \"{name}\".")));
            }
            None => state.dispatch(Action::ShareNote(format!("\"{name}\" could not be read."))),
        })
    };
    let on_forget_session = {
        let state = state.clone();
        Callback::from(move |name: String| {
            if let Err(message) = share::forget(&name) {
                state.dispatch(Action::ShareNote(message));
            }
            state.dispatch(Action::Sessions(share::saved()));
        })
    };
    let on_template = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<HtmlSelectElement>();
            if let Some(t) = select.value().parse::<usize>().ok().and_then(|i| crate::templates::TEMPLATES.get(i)) {
                state.dispatch(Action::Template(t));
            }
            select.set_value("");
        })
    };
    let on_pause = {
        let (state, paused) = (state.clone(), paused.clone());
        Callback::from(move |_: MouseEvent| {
            let now_paused = !*paused.borrow();
            *paused.borrow_mut() = now_paused;
            state.dispatch(Action::Paused(now_paused));
        })
    };
    // While paused: one second of virtual time, or up to the next row's arrival.
    let step = |next_row: bool| {
        let (state, engine) = (state.clone(), engine.clone());
        Callback::from(move |_: MouseEvent| {
            let mut plane = engine.plane.borrow_mut();
            let Some(rt) = plane.runtime() else { return };
            let target = match rt.next_arrival() {
                Some(t) if next_row => t.max(rt.now()),
                _ => rt.now() + 1000,
            };
            engine.drawn.borrow_mut().advance(rt, target, &state.dispatcher(), true);
        })
    };

    *run_latest.borrow_mut() = run.clone();
    let on_format = {
        let (editor, state) = (editor.clone(), state.clone());
        Callback::from(move |_: MouseEvent| {
            if !editor.borrow().format() {
                state
                    .dispatch(Action::ShareNote("The formatter could not read this code; it is left as it is.".into()));
            }
        })
    };
    {
        let (editor, host, ready, dispatcher, sql) =
            (editor.clone(), editor_host.clone(), editor_ready.clone(), state.dispatcher(), state.sql.clone());
        use_effect_with((), move |_| {
            if let Some(host) = host.cast::<web_sys::Element>() {
                let on_change = move |text: String| dispatcher.dispatch(Action::EditSql(text));
                let on_run = move || run_latest.borrow().emit(());
                Editor::mount(editor, host, sql, on_change, on_run, move || ready.set(true));
            }
        });
    }
    // The editor shows the page's code (a template, a link, a rollback changes it), marks its
    // error, and completes the names of the inputs and of what pumps write.
    {
        let editor = editor.clone();
        use_effect_with((state.sql.clone(), *editor_ready), move |(sql, _)| editor.borrow().set_text(sql));
    }
    {
        let editor = editor.clone();
        let error = state.error.clone();
        use_effect_with((error, *editor_ready), move |(error, _)| {
            let at = error.as_ref().and_then(|e| e.line.zip(e.column));
            editor.borrow().mark_error(at, error.as_ref().map_or("", |e| e.message.as_str()));
        });
    }
    // The source's columns: completed in the editor, shown under the source.
    let input_columns = state.input_columns();
    {
        let editor = editor.clone();
        let mut names: Vec<(String, Vec<String>)> =
            state.streams.iter().map(|s| (s.name.clone(), s.columns.clone())).collect();
        if let Ok(columns) = &input_columns {
            names.push((state.stream.clone(), columns.iter().map(|c| c.name.clone()).collect()));
        }
        use_effect_with((names, state.stream.clone(), *editor_ready), move |(names, input, _)| {
            editor.borrow().set_schema(names, input)
        });
    }
    let on_speed = {
        let (state, speed) = (state.clone(), speed.clone());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value().parse().unwrap_or(1.0);
            *speed.borrow_mut() = value;
            state.dispatch(Action::SetSpeed(value));
        })
    };
    let on_seed = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            if let Ok(seed) = e.target_unchecked_into::<HtmlInputElement>().value().parse() {
                state.dispatch(Action::SetSeed(seed));
            }
        })
    };
    let on_rate = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            if let Ok(rate) = e.target_unchecked_into::<HtmlInputElement>().value().parse::<f64>() {
                if rate > 0.0 {
                    state.dispatch(Action::SetRate(rate));
                }
            }
        })
    };
    let on_text = |make: fn(String) -> Action| {
        let state = state.clone();
        Callback::from(move |e: Event| state.dispatch(make(e.target_unchecked_into::<HtmlInputElement>().value())))
    };
    let on_generator = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            state.dispatch(Action::SetGenerator(e.target_unchecked_into::<HtmlSelectElement>().value()))
        })
    };
    let source_hint = match &input_columns {
        Ok(columns) => {
            let columns: Vec<String> = columns.iter().map(|c| format!("{} {}", c.name, c.sql_type)).collect();
            format!("\"{}\" ({})", state.stream, columns.join(", "))
        }
        Err(e) => e.to_string(),
    };
    // Puts the discovered schema in the editor as a CREATE STREAM, to edit.
    let on_declare = {
        let state = state.clone();
        Callback::from(move |statement: String| {
            state.dispatch(Action::EditSql(format!("{statement}\n\n{}", state.sql)))
        })
    };
    let on_column = {
        let state = state.clone();
        Callback::from(move |(index, edit): (usize, ColumnEdit)| state.dispatch(Action::EditColumn { index, edit }))
    };
    let on_pace = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            state.dispatch(Action::SetPace(e.target_unchecked_into::<HtmlInputElement>().checked()))
        })
    };
    let on_file = {
        let (state, reading) = (state.clone(), reading.clone());
        Callback::from(move |e: Event| {
            let Some(file) = picked_file(&e) else { return };
            let (name, dispatcher) = (file.name(), state.dispatcher());
            // Discovery reads the start of the file; a run reads it all, a chunk at a time.
            let blob: gloo::file::Blob = file.into();
            let head = blob.slice(0, (HEAD_BYTES as u64).min(blob.size()));
            let open: OpenFile = Rc::new(move || Box::new(BlobChunks::new(blob.clone())));
            *reading.borrow_mut() = Some(gloo::file::callbacks::read_as_bytes(&head, move |bytes| match bytes {
                Ok(head) => dispatcher.dispatch(Action::FileLoaded(LoadedFile::new(name, head, open))),
                Err(e) => dispatcher.dispatch(failure(format!("cannot read {name}: {e}"))),
            }));
        })
    };
    // A reference table is read whole: it must fit in memory.
    let on_reference = {
        let (state, reading) = (state.clone(), reading_reference.clone());
        Callback::from(move |e: Event| {
            let Some(file) = picked_file(&e) else { return };
            let (name, dispatcher) = (file.name(), state.dispatcher());
            if file.size() > REFERENCE_BYTES {
                let mb = |b: u64| b as f64 / 1e6;
                let message = format!(
                    "{name} is {:.0} MB: a reference table is loaded whole, up to {:.0} MB",
                    mb(file.size()),
                    mb(REFERENCE_BYTES)
                );
                dispatcher.dispatch(failure(message));
                return;
            }
            *reading.borrow_mut() = Some(gloo::file::callbacks::read_as_bytes(&file, move |bytes| match bytes {
                Ok(bytes) => dispatcher.dispatch(Action::ReferenceLoaded(Some(ReferenceFile::new(name, bytes)))),
                Err(e) => dispatcher.dispatch(failure(format!("cannot read {name}: {e}"))),
            }));
        })
    };
    let on_reference_name = on_text(Action::SetReferenceName);
    let reference_hint = state.reference.as_ref().map(|r| match r.columns.as_ref() {
        Ok(columns) => {
            let columns: Vec<String> = columns.iter().map(|c| format!("{} {}", c.name, c.sql_type)).collect();
            format!("reference table \"{}\" ({}), {}", r.table, columns.join(", "), r.file_name)
        }
        Err(e) => e.clone(),
    });
    let on_download = {
        let state = state.clone();
        Callback::from(move |(stream, format): (String, &'static str)| {
            let Some(view) = state.streams.iter().find(|s| s.name == stream) else { return };
            let text = rows_as(view, format);
            let url = format!("data:text/plain;charset=utf-8,{}", js_sys::encode_uri_component(&text));
            let document = gloo::utils::document();
            let Ok(link) = document.create_element("a") else { return };
            let _ = link.set_attribute("href", &url);
            let _ = link.set_attribute("download", &format!("{stream}.{format}"));
            if let Some(link) = link.dyn_ref::<web_sys::HtmlElement>() {
                link.click();
            }
        })
    };
    let on_select = {
        let state = state.clone();
        Callback::from(move |name: String| state.dispatch(Action::Select(name)))
    };
    let running = state.status == super::state::ApplicationStatus::Running;
    // The control plane's operations on the page's application.
    let driver = |state: &PlaygroundState| {
        let page = state.clone();
        let start = page.start();
        Driver { bindings: Rc::new(move || page.bindings()), start, transition_seconds: plane::TRANSITION_SECONDS }
    };
    let on_snapshot = {
        let (plane, state) = (plane.clone(), state.clone());
        Callback::from(move |_: MouseEvent| {
            if let Err(message) = plane.borrow_mut().snapshot() {
                state.dispatch(failure(message));
            }
        })
    };
    let on_restore = {
        let (engine, state) = (engine.clone(), state.clone());
        Callback::from(move |snapshot: String| {
            let restored = {
                let mut plane = engine.plane.borrow_mut();
                let name = state.app_name.clone();
                plane.apps.drive(&name, driver(&state)).map_err(|e| e.message).and_then(|()| plane.restore(&snapshot))
            };
            match restored {
                Ok(()) => engine.launch(state.session(), &state.dispatcher()),
                Err(message) => state.dispatch(failure(message)),
            }
        })
    };
    let on_rollback = {
        let (engine, state) = (engine.clone(), state.clone());
        Callback::from(move |_: MouseEvent| {
            let rolled = engine.plane.borrow_mut().rollback();
            match rolled {
                Ok(code) => {
                    state.dispatch(Action::EditSql(code));
                    // A running application now runs the previous version's engine.
                    if engine.plane.borrow_mut().runtime().is_some() {
                        engine.timer.borrow_mut().take();
                        engine.launch(state.session(), &state.dispatcher());
                    }
                }
                Err(message) => state.dispatch(failure(message)),
            }
        })
    };
    // An operation from the configuration forms; a running application runs its new version.
    let on_call = {
        let (engine, state) = (engine.clone(), state.clone());
        Callback::from(move |(operation, request): (&'static str, serde_json::Value)| {
            let called = engine.plane.borrow_mut().call(operation, request);
            match called {
                Ok(_) => {
                    state.dispatch(Action::PanelError(None));
                    // An update restarts a running application's engine.
                    let running = engine.plane.borrow_mut().runtime().is_some();
                    if operation == "UpdateApplication" && running {
                        engine.timer.borrow_mut().take();
                        engine.launch(state.session(), &state.dispatcher());
                    }
                }
                Err(message) => state.dispatch(Action::PanelError(Some(message))),
            }
        })
    };
    let control = state.control.clone();
    let app_ready = control.status.as_deref() == Some("READY");
    let app_running = control.status.as_deref() == Some("RUNNING");
    // The application as CreateApplication's JSON: the link downloads it, once the control
    // plane (the same code as `kdalite serve`'s) has accepted it.
    let on_export = {
        let state = state.clone();
        Callback::from(move |e: MouseEvent| {
            let exported = state
                .playground()
                .map_err(|e| e.to_string())
                .and_then(|p| crate::app::export::export(&p).map_err(|e| format!("{}: {}", e.kind, e.message)));
            match exported {
                Ok((request, described)) => {
                    let text = serde_json::to_string_pretty(&request).unwrap_or_default();
                    let url = format!("data:application/json;charset=utf-8,{}", js_sys::encode_uri_component(&text));
                    // Set here, not only when the page last drew: the name may have just changed.
                    if let Some(link) = e.target_dyn_into::<web_sys::Element>() {
                        let _ = link.set_attribute("href", &url);
                        let _ = link.set_attribute("download", &format!("{}.json", state.app_name));
                    }
                    state.dispatch(Action::Exported(serde_json::to_string_pretty(&described).unwrap_or_default()));
                }
                Err(message) => {
                    e.prevent_default();
                    state.dispatch(failure(message));
                }
            }
        })
    };
    // The application as a Flink SQL job, beside its code; the bundle as a download.
    let on_flink = {
        let state = state.clone();
        Callback::from(move |(connector, approximate): (crate::sql::flink::Connector, bool)| {
            let (page, dispatcher) = ((*state).clone(), state.dispatcher());
            yew::platform::spawn_local(async move {
                let view = super::flink::export(page, connector, approximate).await;
                dispatcher.dispatch(Action::Flink(Some(Rc::new(view))));
            });
        })
    };
    let on_import = {
        let (state, reading) = (state.clone(), reading_reference.clone());
        Callback::from(move |e: Event| {
            let Some(file) = picked_file(&e) else { return };
            let (name, dispatcher) = (file.name(), state.dispatcher());
            *reading.borrow_mut() = Some(gloo::file::callbacks::read_as_text(&file, move |text| {
                let imported = text.map_err(|e| e.to_string()).and_then(|text| {
                    let request: serde_json::Value =
                        serde_json::from_str(&text).map_err(|e| format!("{name} is not JSON: {e}"))?;
                    let (playground, described) = crate::app::export::import(&request)
                        .map_err(|e| format!("{name}: {}: {}", e.kind, e.message))?;
                    Ok((playground, serde_json::to_string_pretty(&described).unwrap_or_default()))
                });
                dispatcher.dispatch(match imported {
                    Ok((playground, described)) => Action::Imported(playground, described),
                    Err(message) => failure(message),
                });
            }));
        })
    };

    let embed = super::embedded();
    html! {
        <div class={classes!("shell", embed.then_some("embed"))}>
            <header class="topbar">
                <div class="brand">{"kdalite"}<span class="tagline">{"Kinesis Data Analytics SQL in your browser"}</span>
                    if !embed {
                        <a id="benchmark-link" class="tagline" href="./benchmark.html" target="_blank" rel="noopener" title="The Nexmark suite's queries, run in this tab">{"Benchmark ↗"}</a>
                    }
                </div>
                <StatusBar status={AttrValue::from(state.control.status.clone().unwrap_or_else(|| "READY".into()))} clock={state.clock} metrics={state.metrics.clone()} state_entries={state.state_entries} memory={state.memory} checkpoint={state.checkpoint} />
            </header>
            if let Some(kept) = &state.resume {
                <div id="resume" class="resume" role="status">
                    <span>{format!("The application you left is kept, checkpointed at {}.", crate::plan::types::format_timestamp(kept.clock))}</span>
                    <button id="resume-run" class="primary" onclick={on_resume}>{"Resume it"}</button>
                    <button id="resume-dismiss" onclick={on_dismiss}>{"Dismiss"}</button>
                </div>
            }
            <main class="workspace">
                <section class="editor-pane" aria-label="Application code">
                    <div class="toolbar">
                        <button id="run" class="primary" onclick={run.reform(|_| ())} title="Run (Ctrl+Enter)">{ if running { "Restart" } else { "Run" } }</button>
                        <button id="stop" onclick={stop.reform(|_| ())} disabled={!running}>{"Stop"}</button>
                        <button id="pause" onclick={on_pause} disabled={!running} aria-pressed={state.paused.to_string()}>{ if state.paused { "Resume" } else { "Pause" } }</button>
                        <button id="step-row" onclick={step(true)} disabled={!running || !state.paused} title="Up to the next row's arrival">{"Next row"}</button>
                        <button id="step-second" onclick={step(false)} disabled={!running || !state.paused} title="One second of virtual time">{"+1 s"}</button>
                        <button id="format" onclick={on_format} title="Format the code (Shift+Alt+F)">{"Format"}</button>
                        if !embed {
                            <select id="template" onchange={on_template} aria-label="Templates" title="Applications to start from">
                                <option value="" selected=true>{"Templates…"}</option>
                                { for crate::templates::TEMPLATES.iter().enumerate().map(|(i, t)| html! { <option value={i.to_string()}>{t.name}</option> }) }
                            </select>
                            <button id="share" onclick={on_share} title="The session (code, source, settings, small files) as a link">{"Share"}</button>
                        }
                        <label class="field">{"Speed"}
                            <select id="speed" onchange={on_speed}>
                                { for SPEEDS.iter().map(|(v, label)| html! {
                                    <option value={v.to_string()} selected={(state.speed - v).abs() < 1e-9}>{*label}</option>
                                }) }
                            </select>
                        </label>
                    </div>
                    if !embed {
                        <details id="sessions" class="sessions">
                            <summary>{format!("Saved sessions ({})", state.sessions.len())}</summary>
                            <div class="fields">
                                <Field id="session-name" placeholder="a name for this session" value="" onchange={on_session_name} />
                                <button id="session-save" onclick={on_save_session} title="The code, the source and its settings, the speed, the application's name and small files, kept in this browser">{"Save"}</button>
                            </div>
                            <ul>
                                { for state.sessions.iter().map(|name| {
                                    let (open, forget) = (on_open_session.clone(), on_forget_session.clone());
                                    let (a, b) = (name.clone(), name.clone());
                                    html! {
                                        <li>
                                            <span class="name">{name}</span>
                                            <button class="open" onclick={move |_| open.emit(a.clone())}>{"Open"}</button>
                                            <button class="forget" onclick={move |_| forget.emit(b.clone())} title="Forget this saved session">{"Delete"}</button>
                                        </li>
                                    }
                                }) }
                            </ul>
                        </details>
                    }
                    if let Some(note) = &state.share_note {
                        <p id="share-note" class="hint" role="status">{note}</p>
                    }
                    <div id="sql-editor" class="sql-editor" ref={editor_host}></div>
                    if let Some(error) = &state.error {
                        { error_view("sql-error", error) }
                    }
                    if embed {
                        <p class="hint" id="source-schema">{source_hint}</p>
                        <a id="open-full" class="hint" href={format!("./{}", web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default())}
                            target="_blank" rel="noopener">{"Open in kdalite ↗"}</a>
                    } else {
                        <div class="source">
                            <h2>{"Source"}</h2>
                            <div class="fields">
                                <label class="field">{"Generator"}
                                    <select id="generator" onchange={on_generator}>
                                        { for GENERATORS.iter().map(|g| html! {
                                            <option value={*g} selected={state.generator == *g}>{*g}</option>
                                        }) }
                                        if let Some(file) = &state.file {
                                            <option value={FILE} selected={state.generator == FILE}>{format!("file: {}", file.name)}</option>
                                        }
                                    </select>
                                </label>
                                <label class="field">{"Or a file"}<input id="file" type="file" accept=".csv,.tsv,.txt,.json,.jsonl,.ndjson" onchange={on_file} /></label>
                                if state.file.is_some() {
                                    <label class="field" title="Rows arrive when the clock reaches their ROWTIME (files with a ROWTIME column); otherwise all at once">
                                        <input id="pace" type="checkbox" checked={state.pace} onchange={on_pace} />{"Replay at ROWTIME pace"}
                                    </label>
                                }
                                <label class="field">{"Stream"}<Field id="stream" value={state.stream.clone()} onchange={on_text(Action::SetStream)} /></label>
                                // A generator's settings; a file has none of these.
                                if state.generator != FILE {
                                    <label class="field">{"Seed"}<Field id="seed" kind="number" value={state.seed.to_string()} onchange={on_seed} /></label>
                                    <label class="field">{"Rows per second"}<Field id="rate" kind="number" min="0.1" step="any" value={state.rate.to_string()} onchange={on_rate} /></label>
                                    <label class="field wide">{"More settings"}<Field id="settings" placeholder="jitter=2s,late=0.05,duplicates=0.01" value={state.settings.clone()} onchange={on_text(Action::SetSettings)} /></label>
                                }
                            </div>
                            <p class="hint" id="source-schema">{source_hint}</p>
                            <div class="fields">
                                <label class="field" title="A file loaded whole, to JOIN the stream to (KDA's reference data source)">{"Reference table"}
                                    <input id="reference-file" type="file" accept=".csv,.tsv,.txt,.json,.jsonl,.ndjson" onchange={on_reference} />
                                </label>
                                if let Some(r) = &state.reference {
                                    <label class="field">{"Table name"}<Field id="reference-name" value={r.table.clone()} onchange={on_reference_name} /></label>
                                }
                            </div>
                            if let Some(hint) = reference_hint {
                                <p class="hint" id="reference-schema">{hint}</p>
                            }
                            if let (Some(file), true) = (&state.file, state.generator == FILE) {
                                <Sample file={file.clone()} stream={state.stream.clone()} on_declare={on_declare} on_edit={on_column} />
                            }
                        </div>
                        <div class="source application">
                            <h2>{"Application"}</h2>
                            <div class="fields">
                                <label class="field">{"Name"}<Field id="app-name" value={state.app_name.clone()} onchange={on_text(Action::SetAppName)} /></label>
                                <a id="export" class="button" href="#" download={format!("{}.json", state.app_name)} onclick={on_export}
                                    title="The code, the generator and the reference table as the JSON of KDA's CreateApplication">{"Export as CreateApplication JSON"}</a>
                                <label class="field">{"Import"}<input id="import" type="file" accept=".json,application/json" onchange={on_import} /></label>
                                <button id="flink-export" onclick={on_flink.reform(|_| (crate::sql::flink::Connector::Filesystem, false))}
                                    title="The application as an Apache Flink SQL job, beside its code, and the job's bundle as a zip file">{"Export to Flink"}</button>
                            </div>
                            <p class="hint">{"kdalite serve accepts the export: boto3.client(\"kinesisanalyticsv2\", endpoint_url=…).create_application(**json.load(open(\"NAME.json\")))"}</p>
                            if let Some(note) = &state.import_note {
                                <p class="hint" id="import-note">{note}</p>
                            }
                            if let Some(status) = &control.status {
                                <div class="fields control" id="control">
                                    <span class="hint">{format!("{} version {} is {status}", state.app_name, control.version)}</span>
                                    <button id="snapshot" onclick={on_snapshot} disabled={!app_running} title="CreateApplicationSnapshot">{"Snapshot"}</button>
                                    <button id="rollback" onclick={on_rollback} disabled={control.version < 2 || !app_running || control.snapshots.is_empty()} title="RollbackApplication: the previous version's code, from the latest snapshot (it must run and have one)">{"Roll back"}</button>
                                </div>
                                <ConfigForms detail={control.value.clone()} on_call={on_call} error={state.panel_error.clone()} />
                                <details id="versions" class="logs">
                                    <summary>{format!("Versions ({})", control.versions.len())}</summary>
                                    <ul>{ for control.versions.iter().map(|(v, status)| html! { <li>{format!("version {v} ({status})")}</li> }) }</ul>
                                </details>
                                if !control.metrics.is_empty() {
                                    <details id="app-metrics" class="logs" open=true>
                                        <summary>{"Metrics"}</summary>
                                        <div class="metric-charts">
                                            { for control.metrics.iter().enumerate().map(|(i, spec)| html! {
                                                <ChartCanvas id={format!("metrics-{i}")} spec={spec.clone()} />
                                            }) }
                                        </div>
                                        <MetricParts parts={control.parts.clone()} />
                                    </details>
                                }
                                if !control.logs.is_empty() {
                                    <details id="logs" class="logs">
                                        <summary>{"Log events"}</summary>
                                        <ul>{ for control.logs.iter().map(|line| html! { <li>{line}</li> }) }</ul>
                                    </details>
                                }
                                if !control.snapshots.is_empty() {
                                    <ul id="snapshots" class="snapshots">
                                        { for control.snapshots.iter().map(|(name, version)| {
                                            let on_restore = on_restore.clone();
                                            let snapshot = name.clone();
                                            html! {
                                                <li>
                                                    <span>{format!("{name} (version {version})")}</span>
                                                    <button class="restore" onclick={move |_| on_restore.emit(snapshot.clone())} disabled={!app_ready}
                                                        title="StartApplication from this snapshot (the application must be READY)">{"Restore"}</button>
                                                </li>
                                            }
                                        }) }
                                    </ul>
                                }
                            }
                            if let Some(described) = (!control.detail.is_empty()).then(|| control.detail.clone()).or_else(|| state.described.as_deref().cloned()) {
                                <details id="describe">
                                    <summary>{"DescribeApplication"}</summary>
                                    <pre>{described}</pre>
                                </details>
                            }
                        </div>
                    }
                </section>
                if let Some(view) = &state.flink {
                    <super::flink::FlinkPane view={view.clone()} on_export={on_flink} on_close={
                        let state = state.clone();
                        Callback::from(move |()| state.dispatch(Action::Flink(None)))
                    } />
                }
                <ResultsView dataflow={state.dataflow.clone()} uptime={state.clock.zip(state.started).map(|(c, s)| c - s)} streams={state.streams.clone()} selected={state.selected.clone()} on_select={on_select} running={running} on_download={on_download} />
            </main>
        </div>
    }
}

/// The rows a stream shows, oldest first, as CSV (a header, then the rows) or JSON lines
/// (numbers as numbers, `NULL` as null, the rest as text).
fn rows_as(view: &super::state::StreamView, format: &str) -> String {
    let mut out = String::new();
    if format == "csv" {
        out.push_str(&crate::output::csv_line(&view.columns));
        out.push('\n');
    }
    for row in view.rows.iter().rev() {
        if format == "csv" {
            out.push_str(&crate::output::csv_line(row));
        } else {
            let object: serde_json::Map<String, serde_json::Value> = view
                .columns
                .iter()
                .zip(row)
                .map(|(column, value)| {
                    let value = match value.as_str() {
                        "NULL" => serde_json::Value::Null,
                        text => text
                            .parse::<f64>()
                            .ok()
                            .and_then(serde_json::Number::from_f64)
                            .map_or_else(|| serde_json::Value::String(text.to_string()), serde_json::Value::Number),
                    };
                    (column.clone(), value)
                })
                .collect();
            out.push_str(&serde_json::Value::Object(object).to_string());
        }
        out.push('\n');
    }
    out
}

/// The file picked in a file input.
fn picked_file(e: &Event) -> Option<gloo::file::File> {
    let input = e.target_unchecked_into::<HtmlInputElement>();
    input.files().and_then(|files| files.get(0)).map(gloo::file::File::from)
}

/// An error that is not in the SQL: it has no position.
fn failure(message: String) -> Action {
    Action::Failed(StartError { message, line: None, column: None })
}

/// The name of the page's checkpoint in its state backend.
const PAGE_CHECKPOINT: &str = "page";

/// What runs an application in the page: the runtime, the timer that steps it, what the timer
/// reads on every step, and the checkpoints it takes.
#[derive(Clone)]
struct Engine {
    /// The output stepped but not yet drawn.
    drawn: Rc<RefCell<Drawn>>,
    plane: Rc<RefCell<Plane>>,
    timer: Rc<RefCell<Option<Interval>>>,
    speed: Rc<RefCell<f64>>,
    paused: Rc<RefCell<bool>>,
    /// When to checkpoint: the application's `CheckpointConfiguration` (`None`: off).
    schedule: Rc<RefCell<Option<CheckpointSchedule>>>,
    /// What a checkpoint is kept with for a reload (`None`: not kept, as for a file).
    kept: Rc<RefCell<Option<SavedSession>>>,
}

impl Engine {
    /// Shows the streams of the engine the control plane runs and starts stepping it;
    /// `session`: keep its checkpoints.
    fn launch(&self, session: Option<SavedSession>, dispatcher: &UseReducerDispatcher<PlaygroundState>) {
        let mut plane = self.plane.borrow_mut();
        let Some(rt) = plane.runtime() else { return };
        rt.capture_inputs(true);
        let mut streams: Vec<(String, Vec<String>, bool, Vec<String>)> = Vec::new();
        for name in rt.output_streams() {
            let columns = rt.visible_columns(&name);
            let key = rt.upsert_key(&name);
            streams.push((name, columns, false, key));
        }
        // Inputs and views: what queries read, shown beside what they write.
        let plan = rt.plan();
        let inputs: Vec<String> =
            plan.input_streams().chain(plan.streams.iter().filter(|s| s.view)).map(|s| s.name.clone()).collect();
        for name in inputs {
            let columns = rt.visible_columns(&name);
            streams.push((name, columns, true, vec![]));
        }
        dispatcher.dispatch(Action::Started { streams, clock: rt.now() });
        // Applications whose inputs cannot be checkpointed (files read in the page) are not kept.
        let keep = session.filter(|_| !super::embedded() && rt.checkpointable().is_ok());
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
struct Drawn {
    batches: Vec<crate::runtime::OutputBatch>,
    at: f64,
    /// The last show held something back: a flood's rows, or the dataflow's figures.
    behind: bool,
}

impl Drawn {
    /// Moves the application's clock to `target` and shows what that produced (all of it with
    /// `all`; otherwise as [`FLOOD_ROWS`] says).
    fn advance(
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
    fn show(&mut self, rt: &Runtime, dispatcher: &UseReducerDispatcher<PlaygroundState>, all: bool) {
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
                entry.rows.push(values.iter().map(|v| if v.is_null() { "NULL".into() } else { v.to_text() }).collect());
            }
        }
    }
    for entry in &mut out {
        entry.rows.reverse();
    }
    out
}
