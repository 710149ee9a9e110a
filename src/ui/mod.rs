//! The playground page (Yew). The only module that knows about the browser; compiled for
//! wasm32 only. `state` is the reducer, `app` the root component, `components` the leaves.

mod app;
mod components;
mod state;

use wasm_bindgen::prelude::*;

/// Mounts the playground into the element with id `app` (the page's `index.html` calls this).
#[wasm_bindgen]
pub fn run_playground() -> Result<(), JsValue> {
    console_error_panic_hook::set_once();
    let root = gloo::utils::document()
        .get_element_by_id("app")
        .ok_or_else(|| JsValue::from_str("the page has no element with id 'app'"))?;
    root.set_inner_html(""); // the "Loading…" placeholder
    yew::Renderer::<app::App>::with_root(root).render();
    Ok(())
}
