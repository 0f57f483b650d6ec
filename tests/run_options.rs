//! The run command's selection, safety and output options, as a user meets them: listing
//! and filters, refusing writes to targets off this machine, dry runs that send nothing,
//! exchanges in verbose output, recordings and the drift from them, and no token anywhere.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

mod support;

use support::{case_count, graph_conformance, graph_conformance_async, package_file, text};

/// A server that answers anything, to count what reaches it.
async fn counting_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    server
}

#[test]
fn lists_the_cases_of_an_area_and_a_grade_without_running_them() {
    let output = graph_conformance(&[
        "run",
        "--list",
        "--area",
        "permissions",
        "--grade",
        "documented",
    ]);
    let stdout = text(&output.stdout);

    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    assert!(stdout.contains("accepts_an_application_token_with_chat_create"));
    assert!(stdout.contains("accepts_a_delegated_token_with_chat_readwrite"));
    assert!(
        !stdout.contains("cases against"),
        "nothing may run: {stdout}"
    );
}

#[test]
fn runs_only_the_selected_grade() {
    let output = graph_conformance(&["run", "--grade", "observed", "--area", "errors"]);
    let stdout = text(&output.stdout);

    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("1 case against"), "{stdout}");
    assert!(stdout.contains("rejects_post_to_me_chats"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_prints_the_bound_requests_for_the_cloud_and_sends_nothing() {
    let server = counting_server().await;
    let args = [
        "run",
        "--dry-run",
        "--cloud",
        "china",
        "--target",
        &format!("{}/v1.0", server.uri()),
        "--token",
        "dry-run-token-8c1d",
        "--filter",
        "one_on_one_by_id",
    ]
    .map(String::from)
    .to_vec();

    let output = graph_conformance_async(args).await;
    let stdout = text(&output.stdout);

    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("> POST http://127.0.0.1:"), "{stdout}");
    assert!(
        stdout.contains("https://microsoftgraph.chinacloudapi.cn/v1.0/users('8b081ef6-4792-4def-b2c9-c363a1bf41d5')"),
        "binds must carry the cloud's Graph host: {stdout}"
    );
    assert!(
        stdout.contains("> Authorization: Bearer [redacted]"),
        "{stdout}"
    );
    assert!(!stdout.contains("dry-run-token-8c1d"));
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "a dry run sent a request"
    );
}

#[test]
fn refuses_cases_that_write_to_a_target_off_this_machine() {
    // A documentation address (TEST-NET-1): nothing may be sent there.
    let output = graph_conformance(&[
        "run",
        "--target",
        "http://192.0.2.1/v1.0",
        "--timeout",
        "1",
        "--area",
        "idempotency",
    ]);
    let stdout = text(&output.stdout);

    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        text(&output.stderr)
    );
    assert_eq!(
        stdout
            .lines()
            .filter(|line| line.starts_with("SKIP"))
            .count(),
        3,
        "{stdout}"
    );
    assert!(stdout.contains("refused: the case writes"), "{stdout}");
    assert!(stdout.contains("pass --allow-writes"), "{stdout}");
}

#[test]
fn allow_writes_lets_the_cases_reach_the_target() {
    let output = graph_conformance(&[
        "run",
        "--target",
        "http://192.0.2.1/v1.0",
        "--timeout",
        "0.5",
        "--filter",
        "one_on_one_by_id",
        "--allow-writes",
    ]);

    // The case was sent, and the unreachable address is a transport error.
    assert_eq!(output.status.code(), Some(3), "{}", text(&output.stderr));
}

#[test]
fn verbose_output_shows_each_exchange_with_the_token_redacted() {
    let output = graph_conformance(&["run", "--verbose", "--filter", "one_on_one_by_id"]);
    let stdout = text(&output.stdout);

    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("create: > POST http://127.0.0.1:"),
        "{stdout}"
    );
    assert!(
        stdout.contains("create: > Authorization: Bearer [redacted]"),
        "{stdout}"
    );
    assert!(stdout.contains("create: < 201"), "{stdout}");
    assert!(stdout.contains("create: < request-id: "), "{stdout}");
}

#[test]
fn colours_outcomes_only_when_asked_or_on_a_terminal() {
    let plain = text(&graph_conformance(&["run", "--filter", "one_on_one_by_id"]).stdout);
    let coloured = text(
        &graph_conformance(&["run", "--filter", "one_on_one_by_id", "--color", "always"]).stdout,
    );

    assert!(!plain.contains('\x1b'), "piped output must be plain");
    assert!(coloured.contains("\x1b[32mPASS"), "{coloured}");
}

fn recorded_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files
}

#[test]
fn a_recording_compares_clean_and_a_changed_answer_drifts() {
    let dir = tempfile::tempdir().unwrap();
    let recording = dir.path().join("graph");
    let folder = recording.to_str().unwrap();

    let record = graph_conformance(&["run", "--record", folder]);
    let same = graph_conformance(&["run", "--compare", folder]);
    let file = recording.join("group_with_topic__create.json");
    let mut answer: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    answer["body"]["topic"] = Value::String("An older title".into());
    std::fs::write(&file, answer.to_string()).unwrap();
    let drifted = graph_conformance(&["run", "--compare", folder]);
    let drift_report = text(&drifted.stdout);

    assert_eq!(record.status.code(), Some(0), "{}", text(&record.stderr));
    assert!(recorded_files(&recording).len() >= 43);
    assert_eq!(answer["body"]["id"], "[group-chat-id]", "ids are redacted");
    assert_eq!(same.status.code(), Some(0), "{}", text(&same.stdout));
    assert_eq!(drifted.status.code(), Some(4), "{drift_report}");
    assert!(
        drift_report.contains("create: drift /body/topic: expected \"An older title\" as recorded, got \"Group chat title\""),
        "{drift_report}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn no_byte_the_run_writes_contains_the_token() {
    const TOKEN: &str = "eyJ0eXAiOiJKV1QifQ.SECRET-9f3a7c.sig";
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_string("{\"error\":{\"code\":\"BadRequest\",\"message\":\"no\"}}"),
        )
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let recording = dir.path().join("recording");
    let mut args = vec![
        "run".to_string(),
        "--target".into(),
        format!("{}/v1.0", server.uri()),
        "--token".into(),
        TOKEN.into(),
        "--verbose".into(),
        "--record".into(),
        recording.to_str().unwrap().into(),
    ];
    let reports = dir.path().join("reports");
    for format in ["junit", "json", "markdown"] {
        args.extend([
            "--report".into(),
            format!("{format}={}", reports.join(format).display()),
        ]);
    }

    let output = graph_conformance_async(args).await;

    let mut written = vec![
        ("stdout".to_string(), output.stdout.clone()),
        ("stderr".to_string(), output.stderr.clone()),
    ];
    let files = recorded_files(&recording)
        .into_iter()
        .chain(recorded_files(&reports));
    for file in files {
        written.push((file.display().to_string(), std::fs::read(&file).unwrap()));
    }
    assert!(
        written.len() > 10 && written.iter().any(|(place, _)| place.ends_with("junit")),
        "the run wrote too little to prove anything"
    );
    for (place, bytes) in &written {
        assert!(
            !text(bytes).contains("SECRET-9f3a7c"),
            "the token leaked into {place}"
        );
    }
    // It was sent, though: the target saw it.
    let received = server.received_requests().await.unwrap();
    assert!(received.iter().any(|request| {
        request
            .headers
            .get("authorization")
            .is_some_and(|value| value.to_str().unwrap_or_default().contains("SECRET-9f3a7c"))
    }));
}

fn docs_profile() -> Value {
    let path = package_file("profiles/docs.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn run_with_profile(profile: &Value) -> (Option<i32>, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tenant.json");
    std::fs::write(&path, profile.to_string()).unwrap();
    let output = graph_conformance(&["run", "--profile", path.to_str().unwrap(), "--list"]);
    (output.status.code(), text(&output.stderr), dir)
}

#[test]
fn refuses_the_tenant_template_until_its_placeholders_are_replaced() {
    let template = package_file("profiles/example-tenant.json");

    let output = graph_conformance(&["run", "--profile", template.to_str().unwrap(), "--list"]);
    let stderr = text(&output.stderr);

    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("example-tenant.json: at /tenants/home"),
        "{stderr}"
    );
    assert!(
        stderr.contains("still the template's placeholder"),
        "{stderr}"
    );
}

#[test]
fn names_the_profile_and_the_case_when_a_user_is_missing() {
    let mut profile = docs_profile();
    profile["users"].as_object_mut().unwrap().remove("adele");

    let (code, stderr, _dir) = run_with_profile(&profile);

    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr
            .contains("one_on_one_by_id.json: at /steps/0/request/body/members/0/user@odata.bind"),
        "{stderr}"
    );
    assert!(
        stderr.contains("tenant.json does not bind `{{users.adele.id}}`: it has no user `adele`"),
        "{stderr}"
    );
}

#[test]
fn names_the_location_of_a_malformed_user() {
    let mut profile = docs_profile();
    profile["users"]["alex"]["upn"] = Value::String("alex".into());

    let (code, stderr, _dir) = run_with_profile(&profile);

    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("tenant.json: at /users/alex/upn"),
        "{stderr}"
    );
    assert!(stderr.contains("not a user principal name"), "{stderr}");
}

/// Runs the binary against `target` with the `AZURE_*` client credentials of a test tenant,
/// whose token service is at `authority`.
async fn run_with_client_credentials(target: String, authority: String, flags: &[&str]) -> Output {
    let flags: Vec<String> = flags.iter().map(|flag| flag.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_graph-conformance"))
            .args(["run", "--target", &target])
            .args(&flags)
            .env_remove("GRAPH_CONFORMANCE_TOKEN")
            .env("AZURE_TENANT_ID", "tenant-77")
            .env("AZURE_CLIENT_ID", "client-1")
            .env("AZURE_CLIENT_SECRET", "client-secret-5d0b")
            .env("AZURE_AUTHORITY_HOST", authority)
            .output()
            .expect("the binary runs")
    })
    .await
    .expect("the binary's thread ends")
}

#[tokio::test(flavor = "multi_thread")]
async fn fetches_one_token_by_client_credentials_and_sends_it() {
    use wiremock::matchers::{body_string_contains, method, path};

    let token_service = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/tenant-77/oauth2/v2.0/token"))
        .and(body_string_contains("grant_type=client_credentials"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "token_type": "Bearer", "expires_in": 3599, "access_token": "cc-token-4e21"
        })))
        .expect(1)
        .mount(&token_service)
        .await;
    let graph = counting_server().await;
    let target = format!("{}/v1.0", graph.uri());
    let authority = token_service.uri();

    let output =
        run_with_client_credentials(target, authority, &["--area", "examples", "--retries", "1"])
            .await;
    let everything = format!("{}{}", text(&output.stdout), text(&output.stderr));

    // The counting server answers 500, so the cases fail; what matters is the token they carried.
    assert_eq!(output.status.code(), Some(4), "{everything}");
    let received = graph.received_requests().await.unwrap();
    assert!(received.len() >= 5);
    for request in &received {
        assert_eq!(
            request.headers.get("authorization").unwrap(),
            "Bearer cc-token-4e21"
        );
    }
    assert!(!everything.contains("client-secret-5d0b") && !everything.contains("cc-token-4e21"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_service_that_refuses_the_credentials_stops_the_run_with_exit_7() {
    let token_service = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({
            "error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided."
        })))
        .mount(&token_service)
        .await;
    let graph = counting_server().await;
    let target = format!("{}/v1.0", graph.uri());
    let authority = token_service.uri();

    let output = run_with_client_credentials(target, authority, &[]).await;
    let stderr = text(&output.stderr);

    assert_eq!(output.status.code(), Some(7), "{stderr}");
    assert!(stderr.contains("invalid_client"), "{stderr}");
    assert!(!stderr.contains("client-secret-5d0b"));
    assert!(
        graph.received_requests().await.unwrap().is_empty(),
        "no case may run without a token"
    );
}

#[test]
fn writes_every_requested_report() {
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("out/junit.xml");
    let json = dir.path().join("out/report.json");
    let markdown = dir.path().join("summary.md");

    let output = graph_conformance(&[
        "run",
        "--report",
        &format!("junit={}", junit.display()),
        "--report",
        &format!("json={}", json.display()),
        "--report",
        &format!("markdown={}", markdown.display()),
    ]);

    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let cases = case_count();
    let junit = std::fs::read_to_string(junit).unwrap();
    assert_eq!(junit.matches("<testcase ").count(), cases, "{junit}");
    let report: Value = serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(package_file("schemas/report.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|error| error.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(report["summary"]["passed"], cases);
    assert!(
        std::fs::read_to_string(markdown)
            .unwrap()
            .contains(&format!("{cases} passed"))
    );
}

#[test]
fn a_report_that_cannot_be_written_exits_6_and_names_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let path = file.join("report.json");

    let output = graph_conformance(&[
        "run",
        "--filter",
        "one_on_one_by_id",
        "--report",
        &format!("json={}", path.display()),
    ]);

    assert_eq!(output.status.code(), Some(6));
    assert!(
        text(&output.stderr).contains(&path.display().to_string()),
        "{}",
        text(&output.stderr)
    );
}
