//! The CI reports (JUnit, JSON, Markdown): each counts what the run counted, the JSON one
//! keeps to its schema, `--report` values parse as `FORMAT=PATH`, and no report shows a token.
//!
//! The verdicts are built by hand: one per outcome, the failed one with a request that carried
//! a recognizable token in `Authorization`, `X-Api-Token` and the URL's query, and a response
//! that echoed it in `Set-Cookie` and `Authorization`.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use graph_conformance::case::model::{Area, Grade};
use graph_conformance::check::{CheckKind, Difference, Response};
use graph_conformance::report::{
    ReportError, ReportFormat, ReportSpec, RunReport, json, junit, markdown, write_report,
};
use graph_conformance::run::{Outcome, StepReport, Verdict};
use graph_conformance::target::client::{SentRequest, TransportError};
use serde_json::{Value, json};
use time::macros::datetime;

/// What a leaked token would look like in a report.
const TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.LEAKED-TOKEN-7c1e";

const TARGET: &str = "http://127.0.0.1:40123/v1.0";

fn request() -> SentRequest {
    SentRequest {
        method: "POST".into(),
        url: format!("{TARGET}/chats?access_token={TOKEN}&select=id"),
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("X-Api-Token".into(), TOKEN.into()),
            ("Authorization".into(), format!("Bearer {TOKEN}")),
        ],
        body: Some(json!({"chatType": "oneOnOne", "members": []})),
        body_text: None,
        body_bytes: 38,
        attempts: Vec::new(),
        gave_up: None,
    }
}

fn step(name: &str, differences: Vec<Difference>) -> StepReport {
    StepReport {
        name: name.into(),
        request: Some(request()),
        response: Some(Response::new(
            400,
            vec![
                ("content-type".into(), "application/json".into()),
                ("set-cookie".into(), format!("session={TOKEN}")),
                ("authorization".into(), format!("Bearer {TOKEN}")),
                ("x-client-secret".into(), TOKEN.into()),
            ],
            r#"{"error":{"code":"BadRequest","message":"members is empty <br> | `x`"}}"#.into(),
        )),
        elapsed: Duration::from_millis(4),
        differences,
        error: None,
    }
}

fn verdict(name: &str, area: Area, grade: Grade, outcome: Outcome) -> Verdict {
    Verdict {
        name: name.into(),
        title: format!("The title of {name}"),
        path: PathBuf::from(format!("cases/chats/{name}.json")),
        area,
        grade,
        outcome_grade: grade,
        outcome,
        skip_reason: None,
        duration: Duration::from_millis(6),
        steps: Vec::new(),
    }
}

/// One passed, two failed, one errored and one skipped case over three areas and two grades.
fn verdicts() -> Vec<Verdict> {
    let mut passed = verdict(
        "group_with_topic",
        Area::Examples,
        Grade::Documented,
        Outcome::Passed,
    );
    passed.steps.push(step("create", Vec::new()));

    let mut failed = verdict(
        "one_on_one_by_id",
        Area::Examples,
        Grade::Documented,
        Outcome::Failed,
    );
    failed.steps.push(step(
        "create",
        vec![
            Difference::new(CheckKind::Status, "", "201", "400"),
            Difference::new(
                CheckKind::Header,
                "set-cookie",
                "absent",
                format!("session={TOKEN}"),
            ),
            Difference::new(CheckKind::Body, "/id", "a string", "no such property"),
        ],
    ));

    let mut also_failed = verdict(
        "empty_members_is_rejected",
        Area::Rules,
        Grade::Observed,
        Outcome::Failed,
    );
    also_failed.steps.push(step(
        "create",
        vec![Difference::new(CheckKind::Status, "", "400", "201")],
    ));

    let mut errored = verdict(
        "repeat_returns_the_same_chat",
        Area::Idempotency,
        Grade::Observed,
        Outcome::Errored,
    );
    errored.steps.push(StepReport {
        response: None,
        error: Some(TransportError::Timeout {
            url: format!("{TARGET}/chats"),
            timeout: Duration::from_secs(10),
        }),
        ..step("first", Vec::new())
    });

    let mut skipped = verdict(
        "application_caller",
        Area::Rules,
        Grade::Documented,
        Outcome::Skipped,
    );
    skipped.skip_reason = Some("the caller needs a token with other claims".into());

    vec![passed, failed, also_failed, errored, skipped]
}

fn run(verdicts: &[Verdict]) -> RunReport<'_> {
    RunReport {
        target: TARGET,
        started: datetime!(2025-06-01 12:30:00 UTC),
        elapsed: Duration::from_millis(1234),
        verdicts,
    }
}

fn attribute(xml: &str, element: &str, name: &str) -> Option<String> {
    let start = xml.find(&format!("<{element} "))?;
    let tag = &xml[start..start + xml[start..].find('>')?];
    let key = format!(" {name}=\"");
    let from = tag.find(&key)? + key.len();
    Some(tag[from..from + tag[from..].find('"')?].to_string())
}

// JUnit.

#[test]
fn junit_counts_tests_failures_errors_and_skipped_as_the_run_did() {
    let verdicts = verdicts();
    let xml = junit::render(&run(&verdicts)).unwrap();

    let report = quick_junit::Report::deserialize_from_str(&xml).unwrap();
    assert_eq!(
        (report.tests, report.failures, report.errors),
        (5, 2, 1),
        "{xml}"
    );
    let suite = &report.test_suites[0];
    assert_eq!(suite.name.as_str(), "graph-conformance");
    assert_eq!(
        (suite.tests, suite.failures, suite.errors, suite.skipped),
        (5, 2, 1, 1)
    );
    assert_eq!(
        attribute(&xml, "testsuite", "skipped").as_deref(),
        Some("1")
    );
}

#[test]
fn junit_names_each_case_with_its_area_as_class_and_its_first_difference_as_message() {
    let verdicts = verdicts();
    let xml = junit::render(&run(&verdicts)).unwrap();
    let report = quick_junit::Report::deserialize_from_str(&xml).unwrap();
    let suite = &report.test_suites[0];

    let case = suite
        .test_cases
        .iter()
        .find(|case| case.name.as_str() == "one_on_one_by_id")
        .unwrap();
    assert_eq!(case.classname.as_ref().unwrap().as_str(), "examples");
    let quick_junit::TestCaseStatus::NonSuccess {
        message,
        description,
        ..
    } = &case.status
    else {
        panic!("a failed case is a failure: {:?}", case.status);
    };
    assert_eq!(
        message.as_ref().unwrap().as_str(),
        "create: status: expected 201, got 400"
    );
    let description = description.as_ref().unwrap().as_str();
    assert!(
        description.contains("body /id: expected a string"),
        "{description}"
    );
    assert!(description.contains("> POST http://127.0.0.1:40123/v1.0/chats"));
    assert!(description.contains("< 400"));
    assert!(description.contains("\"BadRequest\""));

    let target = suite
        .properties
        .iter()
        .find(|p| p.name.as_str() == "target");
    assert_eq!(target.unwrap().value.as_str(), TARGET);
    assert!(
        case.properties
            .iter()
            .any(|p| p.name.as_str() == "grade" && p.value.as_str() == "documented")
    );
}

// JSON.

fn report_validator() -> jsonschema::Validator {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/report.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn schema_errors(document: &Value) -> Vec<String> {
    report_validator()
        .iter_errors(document)
        .map(|error| format!("{}: {error}", error.instance_path()))
        .collect()
}

#[test]
fn the_json_report_satisfies_its_schema() {
    let verdicts = verdicts();
    let document: Value = serde_json::from_str(&json::render(&run(&verdicts)).unwrap()).unwrap();

    let errors = schema_errors(&document);
    assert!(errors.is_empty(), "{errors:#?}\n{document:#}");
}

#[test]
fn the_json_report_of_an_empty_run_satisfies_its_schema() {
    let document: Value = serde_json::from_str(&json::render(&run(&[])).unwrap()).unwrap();

    let errors = schema_errors(&document);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_report_schema_rejects_drift() {
    let verdicts = verdicts();
    let document: Value = serde_json::from_str(&json::render(&run(&verdicts)).unwrap()).unwrap();
    let validator = report_validator();

    let mut unknown_outcome = document.clone();
    unknown_outcome["cases"][0]["outcome"] = json!("flaky");
    let mut extra_field = document.clone();
    extra_field["cases"][0]["steps"][0]["retries"] = json!(2);
    let mut missing_field = document.clone();
    missing_field["summary"]
        .as_object_mut()
        .unwrap()
        .remove("errored");
    let mut bad_date = document.clone();
    bad_date["started"] = json!("yesterday");

    for (what, broken) in [
        ("unknown outcome", unknown_outcome),
        ("extra field", extra_field),
        ("missing field", missing_field),
        ("bad date", bad_date),
    ] {
        assert!(
            !validator.is_valid(&broken),
            "the schema let a {what} through"
        );
    }
}

#[test]
fn the_json_report_round_trips_the_key_numbers() {
    let verdicts = verdicts();
    let document: Value = serde_json::from_str(&json::render(&run(&verdicts)).unwrap()).unwrap();

    assert_eq!(document["schemaVersion"], 1);
    assert_eq!(document["started"], "2025-06-01T12:30:00Z");
    assert_eq!(document["elapsedMs"], 1234);
    let summary = &document["summary"];
    assert_eq!(
        [
            &summary["total"],
            &summary["passed"],
            &summary["failed"],
            &summary["errored"],
            &summary["skipped"]
        ],
        [5, 1, 2, 1, 1]
    );
    assert_eq!(
        summary["byArea"]["examples"],
        json!({"passed": 1, "failed": 1, "errored": 0, "skipped": 0, "ran": 2})
    );
    assert_eq!(summary["byArea"]["rules"]["skipped"], 1);
    assert_eq!(summary["byGrade"]["observed"]["ran"], 2);

    let cases = document["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 5);
    let failed = &cases[1];
    assert_eq!(failed["name"], "one_on_one_by_id");
    assert_eq!(failed["outcome"], "failed");
    assert_eq!(
        failed["steps"][0]["differences"].as_array().unwrap().len(),
        3
    );
    assert_eq!(failed["steps"][0]["response"]["status"], 400);
    assert_eq!(cases[3]["steps"][0]["error"]["kind"], "timeout");
    assert_eq!(
        cases[4]["skipReason"],
        "the caller needs a token with other claims"
    );
}

// Markdown.

#[test]
fn the_markdown_report_gives_the_totals_and_a_table_by_area_and_by_grade() {
    let verdicts = verdicts();
    let text = markdown::render(&run(&verdicts)).unwrap();

    assert!(text.starts_with("## "), "{text}");
    assert!(
        text.contains("**5 cases** against `http://127.0.0.1:40123/v1.0`: 1 passed, 2 failed, 1 errored, 1 skipped"),
        "{text}"
    );
    assert!(text.contains("| Area | Passed/Ran |"));
    assert!(text.contains("| examples | 1/2 | 1 | 0 | 0 |"), "{text}");
    assert!(text.contains("| Grade | Passed/Ran |"));
    assert!(text.contains("| documented | 1/2 | 1 | 0 | 1 |"), "{text}");
}

#[test]
fn the_markdown_report_has_a_details_block_per_case_that_did_not_pass() {
    let verdicts = verdicts();
    let text = markdown::render(&run(&verdicts)).unwrap();

    assert_eq!(text.matches("<details>").count(), 4, "{text}");
    assert_eq!(text.matches("</details>").count(), 4);
    for name in [
        "one_on_one_by_id",
        "empty_members_is_rejected",
        "repeat_returns_the_same_chat",
        "application_caller",
    ] {
        assert!(
            text.contains(&format!("<summary><code>{name}</code>")),
            "{name} has no block:\n{text}"
        );
    }
    assert!(!text.contains("<code>group_with_topic</code>"));
    assert!(
        text.contains("```text\nstatus: expected 201, got 400\n"),
        "{text}"
    );
    assert!(text.contains("```http\n> POST "), "{text}");
}

#[test]
fn the_markdown_report_of_a_passing_run_has_no_details() {
    let verdicts: Vec<Verdict> = verdicts()
        .into_iter()
        .filter(|verdict| verdict.outcome == Outcome::Passed)
        .collect();
    let text = markdown::render(&run(&verdicts)).unwrap();

    assert!(text.contains("1 passed, 0 failed"));
    assert!(!text.contains("<details>"));
}

// Secrets.

#[test]
fn no_report_contains_the_token_the_requests_carried() {
    let verdicts = verdicts();
    let run = run(&verdicts);

    for format in ReportFormat::ALL {
        let text = format.render(&run).unwrap();
        assert!(
            !text.contains(TOKEN) && !text.contains("LEAKED-TOKEN"),
            "the {format} report leaks the token:\n{text}"
        );
        assert!(text.contains("[redacted]"), "{format}");
    }
}

#[test]
fn redaction_keeps_the_scheme_of_an_authorization_and_the_headers_that_are_not_secret() {
    let verdicts = verdicts();
    let document: Value = serde_json::from_str(&json::render(&run(&verdicts)).unwrap()).unwrap();
    let headers = &document["cases"][1]["steps"][0]["request"]["headers"];

    assert_eq!(
        headers,
        &json!([
            {"name": "Content-Type", "value": "application/json"},
            {"name": "X-Api-Token", "value": "[redacted]"},
            {"name": "Authorization", "value": "Bearer [redacted]"}
        ])
    );
}

// Specs and files.

#[test]
fn a_report_spec_is_a_format_and_a_path() {
    let spec = ReportSpec::from_str("junit=target/reports/junit.xml").unwrap();
    assert_eq!(spec.format, ReportFormat::Junit);
    assert_eq!(spec.path, PathBuf::from("target/reports/junit.xml"));

    let spec: ReportSpec = "markdown=summary=x.md".parse().unwrap();
    assert_eq!(spec.format, ReportFormat::Markdown);
    assert_eq!(spec.path, PathBuf::from("summary=x.md"));
    assert_eq!(
        "json=r.json".parse::<ReportSpec>().unwrap().format,
        ReportFormat::Json
    );
}

#[test]
fn a_report_spec_without_a_format_or_a_path_is_rejected_with_the_expected_shape() {
    for given in ["junit", "junit=", "=out.xml", "xml=out.xml", ""] {
        let error = ReportSpec::from_str(given).unwrap_err().to_string();
        assert!(
            error.contains("expected FORMAT=PATH, FORMAT one of junit, json, markdown"),
            "{given:?}: {error}"
        );
    }
}

#[test]
fn a_misspelled_report_format_gets_a_suggestion() {
    let error = ReportSpec::from_str("jnuit=out.xml")
        .unwrap_err()
        .to_string();

    assert!(error.contains("unknown report format `jnuit`"), "{error}");
    assert!(error.contains("did you mean `junit`?"), "{error}");
}

#[test]
fn write_report_creates_the_folders_of_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let verdicts = verdicts();

    for format in ReportFormat::ALL {
        let path = dir
            .path()
            .join("nested/deeper")
            .join(format!("report.{format}"));
        write_report(
            &ReportSpec {
                format,
                path: path.clone(),
            },
            &run(&verdicts),
        )
        .unwrap();

        let written = std::fs::read_to_string(&path).unwrap();
        assert_eq!(written, format.render(&run(&verdicts)).unwrap());
    }
}

#[test]
fn write_report_names_the_path_when_it_cannot_write() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let path = file.join("report.xml");

    let error = write_report(
        &ReportSpec {
            format: ReportFormat::Junit,
            path: path.clone(),
        },
        &run(&verdicts()),
    )
    .unwrap_err();

    assert!(matches!(error, ReportError::CreateDir { .. }), "{error:?}");
    assert_eq!(error.path(), path);
    assert!(
        error.to_string().contains(&path.display().to_string()),
        "{error}"
    );
}
