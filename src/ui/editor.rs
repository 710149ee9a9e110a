//! The SQL editor: CodeMirror 6, bundled from `editor.js` into `www/editor.js`, loaded when
//! the page opens. The page's state owns the text: the editor reports each edit and Run
//! (Ctrl/Cmd+Enter); the page hands it new text (a template, a link, a rollback), the error to
//! mark, and the catalog's names to complete; every function of the catalogue
//! ([`crate::plan::function_docs::FUNCTIONS`]) completes with its signature.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
let editor;
export async function mount(parent, doc, functions, onChange, onRun) {
  editor ??= await import(new URL('editor.js', document.baseURI).href);
  return editor.mount(parent, doc, JSON.parse(functions), onChange, onRun);
}
export function set_text(view, text) { editor.setText(view, text); }
export function set_schema(view, schema, input) { editor.setSchema(view, JSON.parse(schema), input); }
export function mark_error(view, line, column, message) { editor.markError(view, line, column, message); }
export function format_sql(view) { return editor.format(view); }
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn mount(
        parent: web_sys::Element,
        doc: &str,
        functions: &str,
        on_change: &Closure<dyn FnMut(String)>,
        on_run: &Closure<dyn FnMut()>,
    ) -> Result<JsValue, JsValue>;
    // Called only once `mount` has loaded the module (there is a view to call them with).
    fn set_text(view: &JsValue, text: &str);
    fn set_schema(view: &JsValue, schema: &str, input: &str);
    fn mark_error(view: &JsValue, line: Option<u32>, column: Option<u32>, message: &str);
    fn format_sql(view: &JsValue) -> bool;
}

/// The function catalogue for completion: each function's name, forms, result and origin.
fn functions_json() -> String {
    let docs: Vec<serde_json::Value> = crate::plan::function_docs::FUNCTIONS
        .iter()
        .map(|d| serde_json::json!({ "name": d.name, "signature": d.signature, "returns": d.returns, "origin": d.origin, "about": d.about }))
        .collect();
    serde_json::Value::Array(docs).to_string()
}

/// A mounted editor (once its module has loaded) and the callbacks it calls, kept alive here.
#[derive(Default)]
pub struct Editor {
    view: Option<JsValue>,
    _on_change: Option<Closure<dyn FnMut(String)>>,
    _on_run: Option<Closure<dyn FnMut()>>,
}

impl Editor {
    /// Mounts the editor in `parent` with `text`; `on_change` gets each edit's text, `on_run`
    /// Ctrl/Cmd+Enter. `then` runs once it is up (to hand it what changed meanwhile).
    pub fn mount(
        editor: std::rc::Rc<std::cell::RefCell<Editor>>,
        parent: web_sys::Element,
        text: String,
        on_change: impl FnMut(String) + 'static,
        on_run: impl FnMut() + 'static,
        then: impl FnOnce() + 'static,
    ) {
        let (on_change, on_run) = (Closure::new(on_change), Closure::new(on_run));
        yew::platform::spawn_local(async move {
            match mount(parent, &text, &functions_json(), &on_change, &on_run).await {
                Ok(view) => {
                    *editor.borrow_mut() =
                        Editor { view: Some(view), _on_change: Some(on_change), _on_run: Some(on_run) };
                    then();
                }
                Err(e) => web_sys::console::error_1(&e),
            }
        });
    }

    /// Shows `text`, unless it already does.
    pub fn set_text(&self, text: &str) {
        if let Some(view) = &self.view {
            set_text(view, text);
        }
    }

    /// The names to complete: each stream with its columns; `input`'s columns unqualified too.
    pub fn set_schema(&self, streams: &[(String, Vec<String>)], input: &str) {
        let Some(view) = &self.view else { return };
        let schema: serde_json::Map<String, serde_json::Value> =
            streams.iter().map(|(name, columns)| (name.clone(), serde_json::json!(columns))).collect();
        set_schema(view, &serde_json::Value::Object(schema).to_string(), input);
    }

    /// Formats the code (an edit, reported as any other); `false` if the formatter could not
    /// read it.
    pub fn format(&self) -> bool {
        self.view.as_ref().is_some_and(format_sql)
    }

    /// Marks `message` at `line` and `column` (from 1), or clears the mark.
    pub fn mark_error(&self, at: Option<(u64, u64)>, message: &str) {
        let Some(view) = &self.view else { return };
        let (line, column) = at.map_or((None, None), |(l, c)| (Some(l as u32), Some(c as u32)));
        mark_error(view, line, column, message);
    }
}
