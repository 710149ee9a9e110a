//! What the page keeps in IndexedDB: its last run, so that a reload can resume it (the code,
//! the source settings, and the latest checkpoint's bytes as the state backend exports
//! them), and its application in the control plane (versions, snapshots with their state).

use super::state::SavedSession;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbRequest, IdbTransactionMode};

const DATABASE: &str = "kdalite";
const STORE: &str = "sessions";
const LAST: &str = "last";
const APPLICATION: &str = "application";

fn js_error(e: JsValue) -> String {
    e.as_string().or_else(|| js_sys::JSON::stringify(&e).ok().and_then(|s| s.as_string())).unwrap_or_default()
}

/// A request's result, once it succeeds.
async fn done(request: &IdbRequest) -> Result<JsValue, String> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    JsFuture::from(promise).await.map_err(js_error)?;
    request.result().map_err(js_error)
}

async fn open() -> Result<IdbDatabase, String> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or_else(|| "this browser has no IndexedDB".to_string())?;
    let request = factory.open_with_u32(DATABASE, 1).map_err(js_error)?;
    // The first open makes the store.
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        let db: Option<IdbDatabase> = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::IdbOpenDbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|r| r.dyn_into().ok());
        if let Some(db) = db {
            let _ = db.create_object_store(STORE);
        }
    });
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let db = done(&request).await?;
    drop(upgrade);
    db.dyn_into().map_err(js_error)
}

fn store(db: &IdbDatabase, mode: IdbTransactionMode) -> Result<web_sys::IdbObjectStore, String> {
    db.transaction_with_str_and_mode(STORE, mode).and_then(|t| t.object_store(STORE)).map_err(js_error)
}

/// Keeps `session` as the last application, replacing the one before.
pub async fn save(session: &SavedSession) -> Result<(), String> {
    let db = open().await?;
    let record = js_sys::Object::new();
    let text = serde_json::to_string(session).map_err(|e| e.to_string())?;
    js_sys::Reflect::set(&record, &"session".into(), &text.into()).map_err(js_error)?;
    let bytes = js_sys::Uint8Array::from(session.checkpoint.as_slice());
    js_sys::Reflect::set(&record, &"checkpoint".into(), &bytes).map_err(js_error)?;
    let request = store(&db, IdbTransactionMode::Readwrite)?.put_with_key(&record, &LAST.into()).map_err(js_error)?;
    done(&request).await.map(|_| ())
}

/// The last application kept, if there is one.
pub async fn load() -> Result<Option<SavedSession>, String> {
    let db = open().await?;
    let request = store(&db, IdbTransactionMode::Readonly)?.get(&LAST.into()).map_err(js_error)?;
    let record = done(&request).await?;
    if record.is_undefined() || record.is_null() {
        return Ok(None);
    }
    let text = js_sys::Reflect::get(&record, &"session".into()).map_err(js_error)?.as_string().unwrap_or_default();
    let mut session: SavedSession = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let bytes = js_sys::Reflect::get(&record, &"checkpoint".into()).map_err(js_error)?;
    session.checkpoint = js_sys::Uint8Array::new(&bytes).to_vec();
    Ok(Some(session))
}

/// Forgets the last application.
pub async fn clear() -> Result<(), String> {
    let db = open().await?;
    let request = store(&db, IdbTransactionMode::Readwrite)?.delete(&LAST.into()).map_err(js_error)?;
    done(&request).await.map(|_| ())
}

/// Keeps the page's application (its record and its snapshots' state), replacing the one before.
pub async fn save_application(kept: &crate::app::service::KeptApplication) -> Result<(), String> {
    let db = open().await?;
    let record = js_sys::Object::new();
    js_sys::Reflect::set(&record, &"record".into(), &kept.record.clone().into()).map_err(js_error)?;
    let snapshots = js_sys::Array::new();
    for (name, bytes) in &kept.snapshots {
        let pair = js_sys::Array::of2(&name.into(), &js_sys::Uint8Array::from(bytes.as_slice()));
        snapshots.push(&pair);
    }
    js_sys::Reflect::set(&record, &"snapshots".into(), &snapshots).map_err(js_error)?;
    let request =
        store(&db, IdbTransactionMode::Readwrite)?.put_with_key(&record, &APPLICATION.into()).map_err(js_error)?;
    done(&request).await.map(|_| ())
}

/// The page's application as it was kept, if it was.
pub async fn load_application() -> Result<Option<crate::app::service::KeptApplication>, String> {
    let db = open().await?;
    let request = store(&db, IdbTransactionMode::Readonly)?.get(&APPLICATION.into()).map_err(js_error)?;
    let kept = done(&request).await?;
    if kept.is_undefined() || kept.is_null() {
        return Ok(None);
    }
    let record = js_sys::Reflect::get(&kept, &"record".into()).map_err(js_error)?.as_string().unwrap_or_default();
    let pairs: js_sys::Array = js_sys::Reflect::get(&kept, &"snapshots".into()).map_err(js_error)?.into();
    let snapshots = pairs
        .iter()
        .map(|pair| {
            let pair: js_sys::Array = pair.into();
            (pair.get(0).as_string().unwrap_or_default(), js_sys::Uint8Array::new(&pair.get(1)).to_vec())
        })
        .collect();
    Ok(Some(crate::app::service::KeptApplication { record, snapshots }))
}
