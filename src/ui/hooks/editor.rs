//! The SQL editor kept in step with the page: mounted once, then handed the page's code, its
//! error and the names to complete whenever they change.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::plan::ColumnDef;
use crate::ui::editor::Editor;
use crate::ui::state::{Action, PlaygroundState};

/// Mounts the editor in `editor_host` (its edits go to the page's state, its Ctrl/Cmd+Enter to
/// the latest `run_latest`) and keeps it showing the page's code, error and names.
#[hook]
pub fn use_editor(
    editor: &Rc<RefCell<Editor>>,
    editor_host: &NodeRef,
    editor_ready: UseStateHandle<bool>,
    run_latest: Rc<RefCell<Callback<()>>>,
    state: &UseReducerHandle<PlaygroundState>,
    input_columns: &crate::error::Result<Vec<ColumnDef>>,
) {
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
    {
        let editor = editor.clone();
        let mut names: Vec<(String, Vec<String>)> =
            state.streams.iter().map(|s| (s.name.clone(), s.columns.clone())).collect();
        if let Ok(columns) = input_columns {
            names.push((state.stream.clone(), columns.iter().map(|c| c.name.clone()).collect()));
        }
        use_effect_with((names, state.stream.clone(), *editor_ready), move |(names, input, _)| {
            editor.borrow().set_schema(names, input)
        });
    }
}
