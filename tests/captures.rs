//! Multi-step cases: a value captured from one answer is bound into a later step, and a
//! capture that is missing stops the case with a difference instead of sending nonsense.

use std::path::Path;
use std::time::Duration;

use graph_conformance::check::CheckKind;
use graph_conformance::corpus::Origin;
use graph_conformance::mock::{MockConfig, MockServer};
use graph_conformance::run::{Outcome, Runner, Verdict};
use graph_conformance::suite::{SuiteSources, load_suite};
use graph_conformance::target::token::Credentials;
use graph_conformance::target::{Cloud, Target};
use serde_json::{Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, ResponseTemplate};

fn create_step(name: &str, first: &str, second: &str, expect_body: Value, capture: Value) -> Value {
    let member = |user: &str| {
        json!({
            "@odata.type": "#microsoft.graph.aadUserConversationMember",
            "roles": ["owner"],
            "user@odata.bind": format!("{{{{graph}}}}/users('{{{{users.{user}.id}}}}')")
        })
    };
    json!({
        "name": name,
        "request": {
            "method": "POST",
            "path": "/chats",
            "headers": {"Content-Type": "application/json"},
            "body": {"chatType": "oneOnOne", "members": [member(first), member(second)]}
        },
        "expect": {"status": 201, "body": expect_body},
        "capture": capture
    })
}

/// A case that creates one pair twice, in both orders, and expects the first chat's id back.
fn same_pair_twice() -> Value {
    json!({
        "name": "same_pair_twice",
        "title": "The second create of a pair returns the first chat",
        "area": "idempotency",
        "source": {
            "document": "chat-post.v1.0-8999cb07",
            "section": "Note",
            "grade": "documented",
            "statements": ["note.one-on-one-unique"]
        },
        "caller": {"user": "adele"},
        "steps": [
            create_step("first", "adele", "lee", json!({"/id": {"type": "string"}}), json!({"chat_id": "/id"})),
            create_step("again", "lee", "adele", json!({"/id": {"equals": "{{capture.chat_id}}"}}), json!({}))
        ]
    })
}

async fn run_one(case: Value, base_url: &str) -> Verdict {
    let folder = tempfile::tempdir().unwrap();
    let name = case["name"].as_str().unwrap().to_string();
    std::fs::write(folder.path().join(format!("{name}.json")), case.to_string()).unwrap();
    let mut sources = SuiteSources::from_checkout(Path::new(env!("CARGO_MANIFEST_DIR")));
    sources.cases = Origin::Directory(folder.path().to_path_buf());
    let suite = load_suite(&sources).unwrap_or_else(|error| panic!("{error}"));

    let runner = Runner::new(
        Target::new(base_url, Cloud::Global),
        Credentials::MintForCaller,
        suite.profile,
        suite.schemas,
        1,
        Duration::from_secs(10),
    )
    .unwrap();
    runner.run_case(&suite.cases[0]).await
}

#[tokio::test]
async fn binds_a_captured_chat_id_into_a_later_step() {
    let profile = graph_conformance::suite::load_profile(None).unwrap();
    let mock = MockServer::start(MockConfig::from_profile(&profile))
        .await
        .unwrap();

    let verdict = run_one(same_pair_twice(), mock.base_url()).await;

    assert_eq!(verdict.outcome, Outcome::Passed, "{verdict:#?}");
    assert_eq!(verdict.steps.len(), 2);
}

#[tokio::test]
async fn fails_when_the_later_answer_differs_from_the_captured_value() {
    let broken = wiremock::MockServer::start().await;
    let counter = std::sync::atomic::AtomicUsize::new(0);
    Mock::given(method("POST"))
        .respond_with(move |_: &wiremock::Request| {
            let n = counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            ResponseTemplate::new(201).set_body_json(json!({"id": format!("chat-{n}")}))
        })
        .mount(&broken)
        .await;

    let verdict = run_one(same_pair_twice(), &broken.uri()).await;
    let differences: Vec<_> = verdict.differences().collect();

    assert_eq!(verdict.outcome, Outcome::Failed);
    assert_eq!(differences.len(), 1, "{differences:#?}");
    assert_eq!(differences[0].0, "again");
    assert_eq!(differences[0].1.expected, "\"chat-0\"");
}

#[tokio::test]
async fn stops_the_case_when_a_capture_is_missing() {
    let broken = wiremock::MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"chatType": "oneOnOne"})))
        .mount(&broken)
        .await;

    let verdict = run_one(same_pair_twice(), &broken.uri()).await;

    assert_eq!(verdict.outcome, Outcome::Failed);
    assert_eq!(verdict.steps.len(), 1, "the second step must not be sent");
    assert!(
        verdict
            .differences()
            .any(|(_, difference)| difference.check == CheckKind::Capture),
        "{verdict:#?}"
    );
}
