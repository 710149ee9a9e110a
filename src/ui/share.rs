//! A session in the URL: the SQL, the source and its settings, the speed, the application's
//! name, and small files (a stream's or a reference table's, as text), as JSON compressed
//! with the browser's own deflate (`CompressionStream`) into `#s=…`. Opening such a link
//! brings the session back. The last session is also kept in localStorage as the page goes
//! away, and comes back when it opens again without a link.

use wasm_bindgen::prelude::*;

use super::state::{PlaygroundState, Shared};

/// The fragment a shared session's link carries.
pub const PREFIX: &str = "#s=";

#[wasm_bindgen(module = "/www/session.js")]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn pack(text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn unpack(packed: &str) -> Result<JsValue, JsValue>;
}

impl Shared {
    /// The link's fragment: `#s=` and the session, compressed.
    pub async fn fragment(&self) -> Result<String, String> {
        let json = serde_json::to_string(self).map_err(|e| e.to_string())?;
        let packed = pack(&json).await.map_err(|e| format!("{e:?}"))?;
        Ok(format!("{PREFIX}{}", packed.as_string().unwrap_or_default()))
    }

    /// The session a fragment holds.
    pub async fn from_fragment(fragment: &str) -> Result<Shared, String> {
        let packed = fragment.strip_prefix(PREFIX).ok_or("not a shared session")?;
        let json = unpack(packed).await.map_err(|_| "the link's session is damaged".to_string())?;
        serde_json::from_str(&json.as_string().unwrap_or_default()).map_err(|e| format!("the link's session: {e}"))
    }
}

/// Where the page keeps its last session (localStorage: written as the page goes away).
const LAST_SESSION: &str = "kdalite.session";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Keeps `state`'s session for the next time the page opens.
pub fn keep(state: &PlaygroundState) {
    let (shared, _) = Shared::of(state);
    if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(&shared)) {
        let _ = storage.set_item(LAST_SESSION, &json);
    }
}

/// The session kept when the page last went away, if any.
pub fn kept() -> Option<Shared> {
    let json = storage()?.get_item(LAST_SESSION).ok().flatten()?;
    serde_json::from_str(&json).ok()
}

/// Where named sessions are kept (localStorage: a JSON object of name to session).
const SESSIONS: &str = "kdalite.sessions";

fn sessions() -> serde_json::Map<String, serde_json::Value> {
    let json = storage().and_then(|s| s.get_item(SESSIONS).ok().flatten()).unwrap_or_default();
    serde_json::from_str(&json).unwrap_or_default()
}

fn keep_sessions(all: &serde_json::Map<String, serde_json::Value>) -> Result<(), String> {
    let storage = storage().ok_or("this browser keeps nothing (no localStorage)")?;
    let json = serde_json::to_string(all).map_err(|e| e.to_string())?;
    storage.set_item(SESSIONS, &json).map_err(|_| "the browser's storage is full".to_string())
}

/// The names of the sessions saved in this browser, in order.
pub fn saved() -> Vec<String> {
    sessions().keys().cloned().collect()
}

/// Saves `state`'s session as `name` (replacing one of that name); returns the names of the
/// files left out, as a link leaves them.
pub fn save(name: &str, state: &PlaygroundState) -> Result<Vec<String>, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("a saved session needs a name".into());
    }
    let (shared, left) = Shared::of(state);
    let mut all = sessions();
    all.insert(name.to_string(), serde_json::to_value(shared).map_err(|e| e.to_string())?);
    keep_sessions(&all)?;
    Ok(left)
}

/// The session saved as `name`.
pub fn open(name: &str) -> Option<Shared> {
    serde_json::from_value(sessions().get(name)?.clone()).ok()
}

/// Forgets the session saved as `name`.
pub fn forget(name: &str) -> Result<(), String> {
    let mut all = sessions();
    all.remove(name);
    keep_sessions(&all)
}
