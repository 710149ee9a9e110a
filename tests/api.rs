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
