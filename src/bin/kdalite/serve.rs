//! `kdalite serve`: the KDA API (AWS JSON 1.1, as the AWS SDKs speak it) over HTTP with
//! tiny_http, kdalite's monitoring call, and the playground's files from ./www, on 127.0.0.1.
//! Running applications move on between requests.

use std::io::{Read, Write};
use std::path::PathBuf;

use kdalite::error::{Error, Result};

/// The wall clock in epoch seconds, the control plane's time.
fn now_seconds() -> f64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64())
}

/// The largest request body the API reads.
const MAX_BODY: usize = 1 << 20;

pub fn serve(port: u16, data_dir: Option<PathBuf>, s3_dir: PathBuf) -> Result<()> {
    let objects = kdalite::app::inputs::Objects::in_dir(s3_dir);
    let mut apps = match &data_dir {
        #[cfg(feature = "rocksdb")]
        Some(dir) => kdalite::app::service::Applications::open(dir, objects, now_seconds())?,
        #[cfg(not(feature = "rocksdb"))]
        Some(_) => return Err(Error::Input("--data-dir needs the rocksdb feature".into())),
        None => {
            let mut apps = kdalite::app::service::Applications::default();
            apps.objects = objects;
            apps
        }
    };
    let server = tiny_http::Server::http(("127.0.0.1", port))
        .map_err(|e| Error::Input(format!("cannot listen on 127.0.0.1:{port}: {e}")))?;
    let port = server.server_addr().to_ip().map_or(port, |a| a.port());
    println!("kdalite: serving the KDA API and the playground on http://127.0.0.1:{port}/");
    let _ = std::io::stdout().flush();
    loop {
        // Running applications move on between requests too.
        let mut request = match server.recv_timeout(std::time::Duration::from_millis(250)) {
            Ok(Some(request)) => request,
            Ok(None) => {
                apps.tick(now_seconds());
                continue;
            }
            Err(e) => return Err(Error::Input(format!("serving: {e}"))),
        };
        let response = match request.method() {
            tiny_http::Method::Post => api(&mut apps, &mut request),
            tiny_http::Method::Get => match monitoring_of(request.url()) {
                Some(name) => match apps.monitoring(name, now_seconds()) {
                    Ok(body) => amz_json(200, &body),
                    Err(e) => amz_json(e.status(), &e.body()),
                },
                None => page(request.url()),
            },
            _ => text(405, "only GET (the page) and POST (the API)"),
        };
        let _ = request.respond(response);
    }
}

/// `/kdalite/applications/NAME/monitoring`: an application's log events, metrics and
/// deliveries (kdalite's own call; in AWS they are in CloudWatch).
fn monitoring_of(url: &str) -> Option<&str> {
    url.strip_prefix("/kdalite/applications/")?.strip_suffix("/monitoring")
}

type Response = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

fn text(status: u16, body: &str) -> Response {
    tiny_http::Response::from_string(body).with_status_code(status)
}

/// An AWS JSON 1.1 response, with the request id AWS gives each (`x-amzn-RequestId`,
/// which the SDKs report as the response's `RequestId`).
fn amz_json(status: u16, body: &serde_json::Value) -> Response {
    static REQUESTS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = REQUESTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let started = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let id = format!("{:032x}", (started.as_nanos() << 64) ^ u128::from(n));
    let id = format!("{}-{}-{}-{}-{}", &id[..8], &id[8..12], &id[12..16], &id[16..20], &id[20..]);
    let header = |name: &str, value: &str| tiny_http::Header::from_bytes(name, value).expect("a valid header");
    tiny_http::Response::from_data(body.to_string().into_bytes())
        .with_status_code(status)
        .with_header(header("Content-Type", "application/x-amz-json-1.1"))
        .with_header(header("x-amzn-RequestId", &id))
}

/// One KDA API call: `X-Amz-Target: KinesisAnalytics_20180523.<Operation>`, a JSON body.
/// Signatures are accepted unverified (a local tool).
fn api(apps: &mut kdalite::app::service::Applications, request: &mut tiny_http::Request) -> Response {
    let error = |status: u16, kind: &str, message: String| {
        amz_json(status, &serde_json::json!({ "__type": kind, "message": message }))
    };
    let target = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("X-Amz-Target"))
        .map(|h| h.value.as_str().to_string())
        .unwrap_or_default();
    let Some(operation) = target.strip_prefix("KinesisAnalytics_20180523.") else {
        return error(
            400,
            "UnknownOperationException",
            format!("X-Amz-Target '{target}' is not a KinesisAnalytics_20180523 operation"),
        );
    };
    let mut body = Vec::new();
    let read = request.as_reader().take(MAX_BODY as u64 + 1).read_to_end(&mut body);
    if read.is_err() || body.len() > MAX_BODY {
        return error(
            400,
            "SerializationException",
            format!("the request body is unreadable or over {MAX_BODY} bytes"),
        );
    }
    let request: serde_json::Value = match serde_json::from_slice(if body.is_empty() { b"{}" } else { &body }) {
        Ok(v) => v,
        Err(e) => return error(400, "SerializationException", format!("the request body is not JSON: {e}")),
    };
    match apps.call(operation, request, now_seconds()) {
        Ok(response) => amz_json(200, &response),
        Err(e) => amz_json(e.status(), &e.body()),
    }
}

/// The playground's files, from ./www.
fn page(url: &str) -> Response {
    let path = url.split('?').next().unwrap_or("/").trim_start_matches('/');
    let path = if path.is_empty() { "index.html" } else { path };
    if path.split('/').any(|part| part == ".." || part.starts_with('.')) {
        return text(404, "not found");
    }
    let file = std::path::Path::new("www").join(path);
    let Ok(bytes) = std::fs::read(&file) else { return text(404, "not found") };
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    };
    let header = tiny_http::Header::from_bytes("Content-Type", kind).expect("a valid header");
    tiny_http::Response::from_data(bytes).with_header(header)
}
