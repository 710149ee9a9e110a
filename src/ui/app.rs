//! The root component: lays the page out and owns its state (the reducer, the running
//! application, the cells the timer that drives the virtual clock reads) and the callbacks that
//! change it. The parts of the page (`components/`) get data and callbacks only; the root's
//! effects and the engine's loop are hooks (`hooks/`).

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Interval;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::components::{error_view, rows_as, ApplicationPanel, ResultsView, Sessions, SourceForm, StatusBar, Toolbar};
use super::editor::Editor;
use super::feed::BlobChunks;
use super::hooks::control::use_control_plane;
use super::hooks::editor::use_editor;
use super::hooks::engine::{use_engine, Drawn, PAGE_CHECKPOINT};
use super::hooks::session::use_kept_session;
use super::persist;
use super::plane::{self, Plane};
use super::share;
use super::state::{
    failure, Action, ColumnEdit, LoadedFile, OpenFile, PlaygroundState, ReferenceFile, Shared, StartError,
};
use crate::app::service::Driver;
use crate::runtime;
use crate::source::file::HEAD_BYTES;

/// The largest file the page loads whole as a reference table.
const REFERENCE_BYTES: u64 = 64 << 20;

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
    // The control plane's clock; the application kept in IndexedDB.
    use_control_plane(&plane, state.dispatcher());

    let engine = use_engine(&drawn, &plane, &timer, &speed, &paused);

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

    let own_fragment = use_kept_session(&state, &speed);
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
    // The source's columns: completed in the editor, shown under the source.
    let input_columns = state.input_columns();
    // The editor, mounted once and kept showing the page's code, its error and the names.
    use_editor(&editor, &editor_host, editor_ready, run_latest, &state, &input_columns);
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
    let running = state.status == super::state::EngineStatus::Running;
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
                    <Toolbar running={running} paused={state.paused} speed={state.speed} embed={embed}
                        on_run={run} on_stop={stop} on_pause={on_pause} on_step_row={step(true)} on_step_second={step(false)}
                        on_format={on_format} on_template={on_template} on_share={on_share} on_speed={on_speed} />
                    if !embed {
                        <Sessions sessions={state.sessions.clone()} on_name={on_session_name} on_save={on_save_session}
                            on_open={on_open_session} on_forget={on_forget_session} />
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
                        <SourceForm generator={state.generator.clone()} file={state.file.clone()} pace={state.pace} stream={state.stream.clone()}
                            seed={state.seed} rate={state.rate} settings={state.settings.clone()} source_hint={source_hint}
                            reference_table={state.reference.as_ref().map(|r| r.table.clone())} reference_hint={reference_hint}
                            on_generator={on_generator} on_file={on_file} on_pace={on_pace} on_stream={on_text(Action::SetStream)}
                            on_seed={on_seed} on_rate={on_rate} on_settings={on_text(Action::SetSettings)} on_reference={on_reference}
                            on_reference_name={on_reference_name} on_declare={on_declare} on_column={on_column} />
                        <ApplicationPanel app_name={state.app_name.clone()} import_note={state.import_note.clone()}
                            control={state.control.clone()} panel_error={state.panel_error.clone()} described={state.described.clone()}
                            on_app_name={on_text(Action::SetAppName)} on_export={on_export} on_import={on_import} on_flink={on_flink.clone()}
                            on_snapshot={on_snapshot} on_rollback={on_rollback} on_restore={on_restore} on_call={on_call} />
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

/// The file picked in a file input.
fn picked_file(e: &Event) -> Option<gloo::file::File> {
    let input = e.target_unchecked_into::<HtmlInputElement>();
    input.files().and_then(|files| files.get(0)).map(gloo::file::File::from)
}
