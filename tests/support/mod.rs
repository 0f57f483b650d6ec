//! Helpers the binary's tests share: run `graph-conformance` as a user would, read its
//! output, find the package's files.

#![allow(dead_code, reason = "each test crate uses its own part of the helpers")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the binary with `args`, without the environment variables that would point it
/// elsewhere or change its output.
pub fn graph_conformance(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_graph-conformance"))
        .args(args)
        .env_remove("GRAPH_CONFORMANCE_TARGET")
        .env_remove("GRAPH_CONFORMANCE_TOKEN")
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs")
}

/// Runs the binary off the async runtime, so that servers of the test keep answering.
pub async fn graph_conformance_async(args: Vec<String>) -> Output {
    tokio::task::spawn_blocking(move || {
        graph_conformance(&args.iter().map(String::as_str).collect::<Vec<_>>())
    })
    .await
    .expect("the binary's thread ends")
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A file of the package, by its path relative to the package root.
pub fn package_file(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// How many case files the corpus has.
pub fn case_count() -> usize {
    std::fs::read_dir(package_file("cases/chats"))
        .expect("the corpus folder exists")
        .count()
}

/// The documented examples (`tests/fixtures/documented-examples.json`), keyed by the name of
/// the case that replays each.
pub fn documented_examples() -> serde_json::Value {
    let text = std::fs::read_to_string(package_file("tests/fixtures/documented-examples.json"))
        .expect("the fixture exists");
    serde_json::from_str(&text).expect("the fixture is JSON")
}

/// The documented request body of an example, as JSON.
pub fn documented_request(name: &str) -> serde_json::Value {
    let request = documented_examples()["examples"][name]["request"].clone();
    assert!(request.is_object(), "no documented example `{name}`");
    request
}

/// The documented request body of an example as text, laid out over several lines as the
/// documentation shows it.
pub fn documented_request_text(name: &str) -> String {
    serde_json::to_string_pretty(&documented_request(name)).expect("a JSON value serializes")
}

/// The documented response body of an example as text.
pub fn documented_response_text(name: &str) -> String {
    let response = documented_examples()["examples"][name]["response"].clone();
    assert!(response.is_object(), "no documented response for `{name}`");
    serde_json::to_string_pretty(&response).expect("a JSON value serializes")
}
