//! `kdalite serve` as the AWS SDKs see it: a KDA application's whole life driven by boto3's
//! `kinesisanalyticsv2` client (tests/api/lifecycle.py) against the server this test starts.
#![cfg(not(target_arch = "wasm32"))]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn boto3_drives_an_application_through_its_life() {
    let mut server = Command::new(env!("CARGO_BIN_EXE_kdalite"))
        .args(["serve", "--port", "0"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .spawn()
        .expect("kdalite serve starts");
    let mut first = String::new();
    BufReader::new(server.stdout.take().unwrap()).read_line(&mut first).unwrap();
    let url = first.split_whitespace().find(|w| w.starts_with("http://")).expect("the server says where").to_string();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/api/lifecycle.py");
    let out = Command::new("python3")
        .args([script, &url])
        .output()
        .expect("python3 runs (scripts/setup.sh test installs boto3)");
    let _ = server.kill();
    let _ = server.wait();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("lifecycle: ok"), "{stdout}");
}

/// A SQL application with an input, a reference table from (simulated) S3 and an output,
/// driven by boto3 (tests/api/sql_application.py).
#[test]
fn boto3_runs_a_sql_application_with_inputs_reference_data_and_outputs() {
    let s3 = std::env::temp_dir().join(format!("kdalite-api-s3-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&s3);
    std::fs::create_dir_all(&s3).unwrap();
    let server = Server::start(&["--s3-dir", &s3.display().to_string()]);
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/api/sql_application.py");
    let url = format!("http://{}/", server.address);
    let out = Command::new("python3").args([script, &url, &s3.display().to_string()]).output().expect("python3 runs");
    drop(server);
    let _ = std::fs::remove_dir_all(&s3);
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("sql application: ok"), "{stdout}");
}

/// Raw requests: a malformed body, an unknown target, and an operation's error body.
#[test]
fn bad_requests_get_clear_errors() {
    use std::io::{Read, Write};
    let mut server = Command::new(env!("CARGO_BIN_EXE_kdalite"))
        .args(["serve", "--port", "0"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .spawn()
        .expect("kdalite serve starts");
    let mut first = String::new();
    BufReader::new(server.stdout.take().unwrap()).read_line(&mut first).unwrap();
    let url = first.split_whitespace().find(|w| w.starts_with("http://")).unwrap().to_string();
    let address = url.trim_start_matches("http://").trim_end_matches('/').to_string();
    let post = |target: &str, body: &str| {
        let mut stream = std::net::TcpStream::connect(&address).unwrap();
        let request = format!(
            "POST / HTTP/1.1\r\nHost: {address}\r\nX-Amz-Target: {target}\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    };
    let malformed = post("KinesisAnalytics_20180523.CreateApplication", "{not json");
    assert!(malformed.starts_with("HTTP/1.1 400"), "{malformed}");
    assert!(malformed.contains("\"__type\":\"SerializationException\""), "{malformed}");
    let unknown = post("Kinesis_20131202.PutRecord", "{}");
    assert!(unknown.starts_with("HTTP/1.1 400") && unknown.contains("UnknownOperationException"), "{unknown}");
    let missing = post("KinesisAnalytics_20180523.DescribeApplication", "{\"ApplicationName\": \"nope\"}");
    assert!(
        missing.contains("\"__type\":\"ResourceNotFoundException\"") && missing.contains("Application nope not found"),
        "{missing}"
    );
    let _ = server.kill();
    let _ = server.wait();
}

/// A server started with --data-dir and its successor on the same directory.
struct Server {
    process: std::process::Child,
    address: String,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut process = Command::new(env!("CARGO_BIN_EXE_kdalite"))
            .args(["serve", "--port", "0"])
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(Stdio::piped())
            .spawn()
            .expect("kdalite serve starts");
        let mut first = String::new();
        BufReader::new(process.stdout.take().unwrap()).read_line(&mut first).unwrap();
        let url = first.split_whitespace().find(|w| w.starts_with("http://")).expect("the server says where");
        Server { process, address: url.trim_start_matches("http://").trim_end_matches('/').to_string() }
    }

    /// An operation's response body as JSON.
    fn call(&self, operation: &str, body: &str) -> serde_json::Value {
        self.send(&format!(
            "POST / HTTP/1.1\r\nHost: {}\r\nX-Amz-Target: KinesisAnalytics_20180523.{operation}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.address,
            body.len()
        ))
    }

    /// A GET's response body as JSON.
    fn get(&self, path: &str) -> serde_json::Value {
        self.send(&format!("GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.address))
    }

    fn send(&self, request: &str) -> serde_json::Value {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(&self.address).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        serde_json::from_str(response.split("\r\n\r\n").nth(1).unwrap_or_default()).unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// Applications, their versions, snapshots and engine state survive a restart of the server.
#[cfg(feature = "rocksdb")]
#[test]
fn applications_persist_in_the_data_directory() {
    let dir = std::env::temp_dir().join(format!("kdalite-api-data-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let data = dir.display().to_string();
    let sql = "SELECT STREAM TICKER_SYMBOL, COUNT(*) AS N FROM SOURCE_SQL_STREAM_001 GROUP BY TICKER_SYMBOL, STEP(SOURCE_SQL_STREAM_001.ROWTIME BY INTERVAL '10' SECOND);";
    let create = serde_json::json!({
        "ApplicationName": "kept", "RuntimeEnvironment": "SQL-1_0",
        "ApplicationConfiguration": {
            "ApplicationCodeConfiguration": {"CodeContentType": "PLAINTEXT", "CodeContent": {"TextContent": sql}},
            "FlinkApplicationConfiguration": {"CheckpointConfiguration": {"ConfigurationType": "CUSTOM", "CheckpointInterval": 1000, "MinPauseBetweenCheckpoints": 0}}
        }
    })
    .to_string();
    let before = {
        let server = Server::start(&["--data-dir", &data]);
        server.call("CreateApplication", &create);
        let vpc = r#"{"ApplicationName": "kept", "CurrentApplicationVersionId": 1, "VpcConfiguration": {"SubnetIds": ["s"], "SecurityGroupIds": ["g"]}}"#;
        server.call("AddApplicationVpcConfiguration", vpc);
        server.call("StartApplication", r#"{"ApplicationName": "kept"}"#);
        std::thread::sleep(std::time::Duration::from_millis(2_500));
        server.call("CreateApplicationSnapshot", r#"{"ApplicationName": "kept", "SnapshotName": "s1"}"#);
        server.call("DescribeApplication", r#"{"ApplicationName": "kept"}"#)
    };
    let server = Server::start(&["--data-dir", &data]);
    let after = server.call("DescribeApplication", r#"{"ApplicationName": "kept"}"#);
    assert_eq!(after, before, "the application is as it was");
    // The running application carries on from its last checkpoint.
    let report = server.get("/kdalite/applications/kept/monitoring");
    let first = report["Monitoring"]["LogEvents"][0]["message"].as_str().unwrap_or_default().to_string();
    assert!(first.contains("carrying on from checkpoint chk-"), "{report}");
    let snapshots = server.call("ListApplicationSnapshots", r#"{"ApplicationName": "kept"}"#);
    assert_eq!(snapshots["SnapshotSummaries"][0]["SnapshotName"], "s1");
    let versions = server.call("ListApplicationVersions", r#"{"ApplicationName": "kept"}"#);
    assert_eq!(versions["ApplicationVersionSummaries"].as_array().unwrap().len(), 2);
    // Tokens stay fresh across the restart.
    let created = server.call("CreateApplication", &create.replace("\"kept\"", "\"other\""));
    assert_ne!(created["ApplicationDetail"]["ConditionalToken"], after["ApplicationDetail"]["ConditionalToken"]);
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
