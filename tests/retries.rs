//! Retries of `HttpClient::send`: against the reference mock in throttle mode, which answers
//! 429 to any request sent before its `Retry-After` elapsed, and against wiremock for the
//! forms the mock never sends (an HTTP date, no `Retry-After`, 503 and 504).
//!
//! Delays are small (`Retry-After: 1` at most, backoffs of tens of milliseconds) so the file
//! runs in about two seconds.

use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use graph_conformance::check::Response;
use graph_conformance::mock::{MockConfig, MockServer};
use graph_conformance::profile::Profile;
use graph_conformance::target::client::{HttpClient, Payload, SentRequest, TransportError};
use graph_conformance::target::retry::{GiveUpReason, RetryPolicy};
use graph_conformance::target::token::Secret;
use rstest::rstest;
use serde_json::{Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer as WireMock, Request, Respond, ResponseTemplate};

const TIMEOUT: Duration = Duration::from_secs(5);

/// A policy with the default attempts and budget, and backoffs of tens of milliseconds.
fn quick_policy() -> RetryPolicy {
    RetryPolicy {
        base_delay: Duration::from_millis(50),
        max_delay: Duration::from_millis(200),
        ..RetryPolicy::default()
    }
}

fn one_on_one() -> Value {
    let user = |id: &str| {
        json!({
            "@odata.type": "#microsoft.graph.aadUserConversationMember",
            "roles": ["owner"],
            "user@odata.bind": format!("https://graph.microsoft.com/v1.0/users('{id}')"),
        })
    };
    json!({
        "chatType": "oneOnOne",
        "members": [
            user("8b081ef6-4792-4def-b2c9-c363a1bf41d5"),
            user("82af01c5-f7cc-4a2e-a728-3a5df21afd9d"),
        ],
    })
}

/// Posts the documented one-on-one body to `url` with a placeholder token.
async fn post(
    client: &HttpClient,
    url: &str,
) -> (SentRequest, Result<(Response, Duration), TransportError>) {
    let body = one_on_one();
    let headers = [("Content-Type".to_string(), "application/json".to_string())];
    let payload = Payload {
        json: Some(&body),
        bytes: Some(body.to_string().into_bytes()),
        verbatim: false,
    };
    client
        .send(
            reqwest::Method::POST,
            url,
            &headers,
            payload,
            Some(&Secret::new("placeholder")),
        )
        .await
}

fn statuses(sent: &SentRequest) -> Vec<u16> {
    sent.attempts.iter().map(|attempt| attempt.status).collect()
}

/// Answers with the templates in turn (the last one from then on) and notes when each
/// request arrived.
#[derive(Clone)]
struct Script {
    answers: Vec<ResponseTemplate>,
    arrivals: Arc<Mutex<Vec<SystemTime>>>,
}

impl Script {
    fn new(answers: Vec<ResponseTemplate>) -> Self {
        Script {
            answers,
            arrivals: Arc::default(),
        }
    }

    fn arrivals(&self) -> Vec<SystemTime> {
        self.arrivals
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Respond for Script {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut arrivals = self.arrivals.lock().unwrap_or_else(PoisonError::into_inner);
        arrivals.push(SystemTime::now());
        let index = (arrivals.len() - 1).min(self.answers.len() - 1);
        self.answers[index].clone()
    }
}

async fn wiremock_answering(script: &Script) -> WireMock {
    let server = WireMock::start().await;
    Mock::given(method("POST"))
        .respond_with(script.clone())
        .mount(&server)
        .await;
    server
}

fn too_many_requests() -> ResponseTemplate {
    ResponseTemplate::new(429).set_body_json(json!({
        "error": {"code": "TooManyRequests", "message": "Too Many Requests"}
    }))
}

#[tokio::test]
async fn waits_out_the_mocks_retry_after_and_is_never_throttled_for_sending_early() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("profiles/docs.json");
    let profile = Profile::load(&path).expect("the docs profile loads");
    let mock = MockServer::start(MockConfig::from_profile(&profile).throttle(1))
        .await
        .expect("the mock starts");
    let client = HttpClient::with_retry(TIMEOUT, quick_policy()).unwrap();
    let url = format!("{}/chats", mock.base_url());

    let (first, _) = post(&client, &url).await;
    let started = Instant::now();
    let (second, result) = post(&client, &url).await;
    let elapsed = started.elapsed();

    // The mock answers 429 to any request inside the window, so a final success proves the
    // retry was not early.
    let (response, _) = result.expect("the mock answers");
    assert_eq!(statuses(&first), [201]);
    assert_eq!(statuses(&second)[0], 429);
    assert!((200..300).contains(&response.status), "{response:?}");
    assert_eq!(second.attempts.len(), 2, "{:?}", second.attempts);
    let asked = second.attempts[0]
        .retry_after
        .expect("the mock sends Retry-After");
    assert_eq!(asked, Duration::from_secs(1));
    assert!(second.attempts[1].waited >= asked);
    assert!(elapsed >= asked, "retried after {elapsed:?}");
    assert!(second.gave_up.is_none());
}

#[tokio::test]
async fn honours_a_retry_after_given_as_an_http_date() {
    // The date is truncated to whole seconds: the wait is at most a second, never zero.
    let not_before = SystemTime::now() + Duration::from_secs(1);
    let date = httpdate::fmt_http_date(not_before);
    let script = Script::new(vec![
        too_many_requests().insert_header("Retry-After", date.as_str()),
        ResponseTemplate::new(201),
    ]);
    let server = wiremock_answering(&script).await;
    let client = HttpClient::with_retry(TIMEOUT, quick_policy()).unwrap();

    let (sent, result) = post(&client, &server.uri()).await;

    let arrivals = script.arrivals();
    let retried_at = arrivals[1];
    assert_eq!(result.unwrap().0.status, 201);
    assert_eq!(statuses(&sent), [429, 201]);
    assert!(
        retried_at >= httpdate::parse_http_date(&date).unwrap(),
        "retried before {date}"
    );
    assert!(sent.attempts[0].retry_after.is_some());
    assert!(sent.attempts[1].waited >= sent.attempts[0].retry_after.unwrap());
}

#[tokio::test]
async fn backs_off_with_bounded_attempts_when_retry_after_is_missing() {
    let script = Script::new(vec![too_many_requests()]);
    let server = wiremock_answering(&script).await;
    let policy = RetryPolicy {
        max_attempts: 3,
        ..quick_policy()
    };
    let client = HttpClient::with_retry(TIMEOUT, policy).unwrap();

    let (sent, result) = post(&client, &server.uri()).await;

    assert_eq!(result.unwrap().0.status, 429);
    assert_eq!(script.arrivals().len(), 3);
    assert_eq!(statuses(&sent), [429, 429, 429]);
    assert!(
        sent.attempts
            .iter()
            .all(|attempt| attempt.retry_after.is_none())
    );
    assert!(sent.attempts[1].waited <= Duration::from_millis(50));
    assert!(sent.attempts[2].waited <= Duration::from_millis(100));
    assert_eq!(
        sent.gave_up.map(|gave_up| gave_up.reason),
        Some(GiveUpReason::MaxAttempts)
    );
}

#[rstest]
#[case::service_unavailable(503)]
#[case::gateway_timeout(504)]
#[tokio::test]
async fn retries_an_unavailable_target_until_it_answers(#[case] status: u16) {
    let script = Script::new(vec![
        ResponseTemplate::new(status),
        ResponseTemplate::new(201),
    ]);
    let server = wiremock_answering(&script).await;
    let client = HttpClient::with_retry(TIMEOUT, quick_policy()).unwrap();

    let (sent, result) = post(&client, &server.uri()).await;

    assert_eq!(result.unwrap().0.status, 201);
    assert_eq!(statuses(&sent), [status, 201]);
    assert!(sent.gave_up.is_none());
}

#[tokio::test]
async fn gives_up_after_max_attempts_and_returns_the_last_429_with_its_body() {
    let script = Script::new(vec![too_many_requests().insert_header("Retry-After", "0")]);
    let server = wiremock_answering(&script).await;
    let client = HttpClient::with_retry(TIMEOUT, quick_policy()).unwrap();

    let (sent, result) = post(&client, &server.uri()).await;

    let (response, _) = result.unwrap();
    let gave_up = sent.gave_up.clone().expect("the client gave up");
    assert_eq!(response.status, 429);
    assert!(response.body.contains("TooManyRequests"));
    assert_eq!(sent.attempts.len(), 4);
    assert_eq!(script.arrivals().len(), 4);
    assert_eq!(gave_up.attempts, 4);
    let message = gave_up.to_string();
    assert!(
        message.starts_with("gave up after 4 attempts over "),
        "{message}"
    );
    assert!(
        message.ends_with(" s: the target kept answering 429"),
        "{message}"
    );
}

#[tokio::test]
async fn gives_up_at_once_when_retry_after_would_pass_the_budget() {
    let script = Script::new(vec![
        too_many_requests().insert_header("Retry-After", "120"),
    ]);
    let server = wiremock_answering(&script).await;
    let client = HttpClient::with_retry(TIMEOUT, quick_policy()).unwrap();

    let (sent, result) = post(&client, &server.uri()).await;

    assert_eq!(result.unwrap().0.status, 429);
    assert_eq!(script.arrivals().len(), 1);
    let message = sent.gave_up.expect("the client gave up").to_string();
    assert!(
        message.ends_with("next wait of 120.0 s would pass the 60.0 s retry budget"),
        "{message}"
    );
}

#[rstest]
#[case::not_retryable_status(ResponseTemplate::new(500), RetryPolicy::default())]
#[case::retries_disabled(too_many_requests(), RetryPolicy::none())]
#[tokio::test]
async fn sends_once_when_the_status_or_the_policy_says_so(
    #[case] answer: ResponseTemplate,
    #[case] policy: RetryPolicy,
) {
    let script = Script::new(vec![answer]);
    let server = wiremock_answering(&script).await;
    let client = HttpClient::with_retry(TIMEOUT, policy).unwrap();

    let (sent, result) = post(&client, &server.uri()).await;

    assert!(result.is_ok());
    assert_eq!(script.arrivals().len(), 1);
    assert_eq!(sent.attempts.len(), 1);
    assert!(sent.gave_up.is_none());
}

#[tokio::test]
async fn does_not_retry_a_refused_connection() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = HttpClient::new(TIMEOUT).unwrap();
    let started = Instant::now();

    let (sent, result) = post(&client, &format!("http://127.0.0.1:{port}/v1.0/chats")).await;

    assert!(matches!(result, Err(TransportError::Connect { .. })));
    assert!(sent.attempts.is_empty());
    assert!(started.elapsed() < Duration::from_secs(1));
}
