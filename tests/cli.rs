//! The binary as a user meets it: exit codes, messages that point into files, and reports
//! that list every difference a target has.

use std::process::Command;
use std::time::{Duration, Instant};

use rstest::rstest;
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const EXIT_INVALID_INPUT: i32 = 2;
const EXIT_TRANSPORT: i32 = 3;
const EXIT_CONFORMANCE: i32 = 4;

mod support;

use support::{case_count, documented_request, graph_conformance, package_file, text};

fn documented_case() -> Value {
    let text = std::fs::read_to_string(package_file("cases/chats/one_on_one_by_id.json"))
        .expect("the case exists");
    serde_json::from_str(&text).expect("the case is JSON")
}

/// Writes one case file named `broken.json` into a fresh folder and returns the folder.
fn folder_with_case(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("broken.json"), text).expect("writable");
    dir
}

fn mutated(change: impl FnOnce(&mut Value)) -> String {
    let mut case = documented_case();
    case["name"] = json!("broken");
    change(&mut case);
    serde_json::to_string_pretty(&case).expect("serializable")
}

#[test]
fn run_against_the_embedded_mock_passes_every_case() {
    let output = graph_conformance(&["run"]);
    let stdout = text(&output.stdout);

    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        text(&output.stderr)
    );
    for name in [
        "group_with_in_tenant_guest",
        "group_with_topic",
        "one_on_one_by_id",
        "one_on_one_by_upn",
        "one_on_one_with_federated_user",
    ] {
        assert!(
            stdout
                .lines()
                .any(|line| line.starts_with("PASS") && line.contains(name)),
            "no PASS line for {name}:\n{stdout}"
        );
    }
    let cases = case_count();
    assert!(
        stdout.contains(&format!("{cases} passed, 0 failed, 0 errored, 0 skipped")),
        "{stdout}"
    );
}

#[rstest]
#[case::invalid_json("{\n  \"name\": \"broken\",\n  \"title\": \n}", &["broken.json:4:1", "invalid JSON"])]
#[case::unknown_key(
    &mutated(|case| { case["titel"] = case["title"].take(); case.as_object_mut().unwrap().remove("title"); }),
    &["broken.json: at /titel", "unknown field `titel`", "did you mean `title`?"]
)]
#[case::value_of_the_wrong_type(
    &mutated(|case| case["steps"][0]["expect"]["status"] = json!("201")),
    &["broken.json: at /steps/0/expect/status"]
)]
#[case::schema_that_does_not_exist(
    &mutated(|case| case["steps"][0]["expect"]["schema"] = json!("chats")),
    &["broken.json: at /steps/0/expect/schema", "schema `chats` does not exist", "chats.schema.json", "did you mean `chat`?"]
)]
#[case::variable_the_profile_does_not_bind(
    &mutated(|case| case["steps"][0]["request"]["body"]["members"][1]["user@odata.bind"] = json!("{{graph}}/users('{{users.zoe.id}}')")),
    &["broken.json: at /steps/0/request/body/members/1/user@odata.bind", "profiles/docs.json does not bind `{{users.zoe.id}}`"]
)]
fn rejects_a_bad_case_file_with_its_location_and_exit_code_2(
    #[case] case_text: &str,
    #[case] expected: &[&str],
) {
    let folder = folder_with_case(case_text);

    let output = graph_conformance(&["run", "--cases", folder.path().to_str().unwrap()]);
    let stderr = text(&output.stderr);

    assert_eq!(output.status.code(), Some(EXIT_INVALID_INPUT), "{stderr}");
    for fragment in expected {
        assert!(
            stderr.contains(fragment),
            "missing {fragment:?} in:\n{stderr}"
        );
    }
}

#[test]
fn reports_every_bad_file_not_only_the_first() {
    let folder = folder_with_case("{");
    std::fs::write(folder.path().join("also_broken.json"), "[1,").unwrap();

    let output = graph_conformance(&["run", "--cases", folder.path().to_str().unwrap()]);
    let stderr = text(&output.stderr);

    assert_eq!(output.status.code(), Some(EXIT_INVALID_INPUT));
    assert!(
        stderr.contains("broken.json") && stderr.contains("also_broken.json"),
        "{stderr}"
    );
}

#[test]
fn names_the_url_and_exits_3_when_the_target_refuses_connections() {
    // Bind a port and free it again, so that nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/v1.0");

    let output = graph_conformance(&["run", "--target", &url, "--timeout", "5"]);
    let stderr = text(&output.stderr);

    assert_eq!(output.status.code(), Some(EXIT_TRANSPORT), "{stderr}");
    assert!(stderr.contains(&format!("{url}/chats")), "{stderr}");
}

#[test]
fn gives_up_at_the_timeout_when_the_target_never_answers() {
    // A listener that accepts connections and never answers them.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1.0", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            held.push(stream);
        }
    });

    let started = Instant::now();
    let output = graph_conformance(&["run", "--target", &url, "--timeout", "0.5"]);
    let stderr = text(&output.stderr);

    assert_eq!(output.status.code(), Some(EXIT_TRANSPORT), "{stderr}");
    assert!(stderr.contains("did not answer within 500 ms"), "{stderr}");
    assert!(stderr.contains(&url), "{stderr}");
    // Far below the 30 s default: the flag, not the default, ended the wait.
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[tokio::test(flavor = "multi_thread")]
async fn lists_every_difference_of_a_target_that_answers_wrongly() {
    let broken = MockServer::start().await;
    // Answers only requests that carry the user's token: the token must be sent.
    Mock::given(method("POST"))
        .and(path("/v1.0/chats"))
        .and(header("authorization", "Bearer SECRET-TOKEN-1f2e"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/plain")
                .set_body_string(r#"{"id": 42, "chatType": "group", "createdDateTime": "today"}"#),
        )
        .mount(&broken)
        .await;
    let url = format!("{}/v1.0", broken.uri());

    let output = tokio::task::spawn_blocking(move || {
        graph_conformance(&[
            "run",
            "--target",
            &url,
            "--token",
            "SECRET-TOKEN-1f2e",
            "--filter",
            "one_on_one_by_id",
        ])
    })
    .await
    .unwrap();
    let stdout = text(&output.stdout);
    let everything = format!("{stdout}{}", text(&output.stderr));

    assert_eq!(output.status.code(), Some(EXIT_CONFORMANCE), "{everything}");
    for expected in [
        "create: status: expected 201, got 200",
        "create: header Content-Type: expected a value matching /^application/json/",
        "create: body /id: expected a one-on-one chat id",
        "create: body /createdDateTime: expected an RFC 3339 date-time",
        "create: body /topic: expected the property to be present",
        "create: relation /chatType",
        "create: schema /id",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in:\n{stdout}"
        );
    }
    assert!(
        !everything.contains("SECRET-TOKEN-1f2e"),
        "the token leaked:\n{everything}"
    );
}

#[test]
fn documents_the_exit_codes_in_help() {
    let output = graph_conformance(&["run", "--help"]);
    let help = text(&output.stdout);

    assert_eq!(output.status.code(), Some(0));
    for line in [
        "2  a case, schema or profile file",
        "3  the target could not be reached",
        "4  the target answered",
    ] {
        assert!(help.contains(line), "{help}");
    }
    assert!(
        !help.contains("GRAPH_CONFORMANCE_TOKEN="),
        "help must not show the token's value"
    );
}

/// The reference mock in this process, strict (as Graph) or lenient about tokens.
async fn reference_mock(strict: bool) -> graph_conformance::mock::MockServer {
    let profile = graph_conformance::suite::load_profile(None).unwrap();
    let config = graph_conformance::mock::MockConfig::from_profile(&profile).strict(strict);
    graph_conformance::mock::MockServer::start(config)
        .await
        .unwrap()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Kills the child process when the test ends, whatever its outcome.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `graph-conformance mock` with `flags` on a free port; returns the running process,
/// the base URL and the first line it printed.
async fn spawn_mock_command(flags: &[&str]) -> (Running, String, String) {
    use std::io::BufRead as _;

    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_graph-conformance"))
        .args(["mock", "--port", &port.to_string()])
        .args(flags)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let running = Running(child);
    let first_line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .unwrap();
        line
    })
    .await
    .unwrap();
    (running, format!("http://127.0.0.1:{port}/v1.0"), first_line)
}

async fn post_chat(base_url: &str, token: &str, body: &Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{base_url}/chats"))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_mock_command_serves_the_documented_example_on_the_given_port() {
    let (_running, base_url, first_line) = spawn_mock_command(&[]).await;

    let response = post_chat(
        &base_url,
        "any-token",
        &documented_request("one_on_one_by_id"),
    )
    .await;

    assert!(first_line.contains(&base_url), "{first_line}");
    assert_eq!(response.status(), 201);
    let chat: Value = response.json().await.unwrap();
    assert_eq!(
        chat["id"],
        "19:82af01c5-f7cc-4a2e-a728-3a5df21afd9d_8b081ef6-4792-4def-b2c9-c363a1bf41d5@unq.gbl.spaces"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_mock_command_refuses_a_token_that_is_not_a_jwt_when_strict() {
    let (_running, base_url, _) = spawn_mock_command(&["--strict"]).await;

    let response = post_chat(
        &base_url,
        "any-token",
        &documented_request("one_on_one_by_id"),
    )
    .await;

    assert_eq!(response.status(), 401);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["error"]["code"], "InvalidAuthenticationToken");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_mock_command_throttles_beyond_the_given_rate() {
    let (_running, base_url, _) = spawn_mock_command(&["--throttle", "2"]).await;
    let body = documented_request("one_on_one_by_id");

    let mut statuses = Vec::new();
    let mut retry_after = None;
    // Twelve requests at two per second would need six seconds to pass unthrottled.
    for _ in 0..12 {
        let response = post_chat(&base_url, "any-token", &body).await;
        if response.status() == 429 {
            retry_after = response.headers().get("retry-after").cloned();
        }
        statuses.push(response.status().as_u16());
    }

    assert!(statuses.contains(&429), "{statuses:?}");
    assert!(retry_after.is_some(), "a 429 without Retry-After");
}

#[test]
fn the_mock_command_exits_5_when_its_port_is_taken() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();

    let output = graph_conformance(&["mock", "--port", &port]);

    assert_eq!(output.status.code(), Some(5), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains(&format!("127.0.0.1:{port}")));
}

#[tokio::test(flavor = "multi_thread")]
async fn run_with_a_target_replays_every_case_against_that_server() {
    let mock = reference_mock(true).await;
    let url = mock.base_url().to_string();

    let output = tokio::task::spawn_blocking(move || graph_conformance(&["run", "--target", &url]))
        .await
        .unwrap();
    let stdout = text(&output.stdout);

    let cases = case_count();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        text(&output.stderr)
    );
    assert!(
        stdout.contains(&format!("{cases} cases against {}", mock.base_url())),
        "{stdout}"
    );
}

#[test]
fn filter_selects_cases_by_name() {
    let output = graph_conformance(&["run", "--filter", "group_with"]);
    let stdout = text(&output.stdout);

    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("2 cases against"), "{stdout}");
    assert!(stdout.contains("group_with_topic") && stdout.contains("group_with_in_tenant_guest"));
    assert!(!stdout.contains("one_on_one"), "{stdout}");
}

#[test]
fn a_filter_that_selects_nothing_is_a_usage_error() {
    let output = graph_conformance(&["run", "--filter", "no_such_case"]);

    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("no case matches the selection"));
}

#[tokio::test(flavor = "multi_thread")]
async fn skips_cases_whose_caller_the_users_token_cannot_stand_for() {
    let mock = reference_mock(false).await;
    let url = mock.base_url().to_string();

    let output = tokio::task::spawn_blocking(move || {
        graph_conformance(&[
            "run",
            "--target",
            &url,
            "--token",
            "the-users-own-token",
            "--filter",
            "application_token",
            "--filter",
            "personal_account",
        ])
    })
    .await
    .unwrap();
    let stdout = text(&output.stdout);

    assert_eq!(output.status.code(), Some(0), "{stdout}");
    for name in [
        "accepts_an_application_token_with_chat_create",
        "rejects_an_application_token_without_chat_create",
        "rejects_a_personal_account_token",
    ] {
        assert!(
            stdout
                .lines()
                .any(|line| line.starts_with("SKIP") && line.contains(name)),
            "{name} was not skipped:\n{stdout}"
        );
    }
    assert!(
        stdout.contains("skipped: the caller needs a token"),
        "{stdout}"
    );
    assert!(
        stdout.contains("0 passed, 0 failed, 0 errored, 3 skipped"),
        "{stdout}"
    );
}
