//! The reference mock, seen from outside: real HTTP requests against a started `MockServer`
//! with the docs profile, one or more tests per rule.
//!
//! The documented request bodies are the five examples of the v1.0 Create chat page (commit
//! 8999cb07), whose users the docs profile holds, and the two installedApps examples of the
//! newest v1.0 page. Most tests call with a placeholder token, which the lenient mock takes
//! for a delegated member with `Chat.Create`; the caller rules mint unsigned JWTs. Where a
//! test needs exact header-name case, it writes the HTTP/1.1 request by hand, since HTTP
//! clients normalize names.

use std::collections::HashSet;
use std::path::Path;
use std::sync::LazyLock;
use std::time::Duration;

use graph_conformance::mock::token::{CONSUMER_TENANT_ID, unsigned_token};
use graph_conformance::mock::{
    MockConfig, MockRequest, MockServer, Reference, TEAMS_REQUESTS_PER_SECOND_PER_APP_PER_TENANT,
};
use graph_conformance::profile::Profile;
use regex::Regex;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use rstest::rstest;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

mod support;

use support::documented_request_text;

const ODATA_JSON: &str = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

/// The five documented request bodies, from the shared fixture.
static EXAMPLE_1_ONE_ON_ONE: LazyLock<String> =
    LazyLock::new(|| documented_request_text("one_on_one_by_id"));
static EXAMPLE_2_GROUP: LazyLock<String> =
    LazyLock::new(|| documented_request_text("group_with_topic"));
static EXAMPLE_3_UPN: LazyLock<String> =
    LazyLock::new(|| documented_request_text("one_on_one_by_upn"));
static EXAMPLE_4_GUEST: LazyLock<String> =
    LazyLock::new(|| documented_request_text("group_with_in_tenant_guest"));
static EXAMPLE_5_FEDERATED: LazyLock<String> =
    LazyLock::new(|| documented_request_text("one_on_one_with_federated_user"));

const ADELE_LEE_CHAT: &str =
    "19:82af01c5-f7cc-4a2e-a728-3a5df21afd9d_8b081ef6-4792-4def-b2c9-c363a1bf41d5@unq.gbl.spaces";

const JACOB_ALEX_CHAT: &str =
    "19:82fe7758-5bb3-4f0d-a43f-e555fd399c6f_8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca@unq.gbl.spaces";

const HOME: &str = "b33cbe9f-8ebe-4f2a-912b-7e2a427f477f";
const ADELE: &str = "8b081ef6-4792-4def-b2c9-c363a1bf41d5";
const LEE: &str = "82af01c5-f7cc-4a2e-a728-3a5df21afd9d";
const ALEX: &str = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca";
const JACOB: &str = "82fe7758-5bb3-4f0d-a43f-e555fd399c6f";
const MEGAN: &str = "3626a173-f2bc-4883-bcf7-01514c3bfb82";
const GUEST: &str = "8ba98gf6-7fc2-4eb2-c7f2-aef9f21fd98g";
const PARTNER: &str = "4dc1fe35-8ac6-4f0d-904a-7ebcd364bea1";
const APP_ID: &str = "5f1c3a8e-2b7d-4e9a-9c61-0d8e7f6a5b4c";

// ---- helpers ----------------------------------------------------------------------------

fn docs_config() -> MockConfig {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("profiles/docs.json");
    let profile = Profile::load(&path).expect("the docs profile loads");

    MockConfig::from_profile(&profile)
}

async fn start_mock() -> MockServer {
    start_mock_with(|config| config).await
}

async fn start_mock_with(adjust: impl FnOnce(MockConfig) -> MockConfig) -> MockServer {
    MockServer::start(adjust(docs_config()))
        .await
        .expect("the mock starts")
}

/// An `Authorization` value with an unsigned JWT carrying `claims`.
fn bearer(claims: Value) -> String {
    format!("Bearer {}", unsigned_token(&claims))
}

/// The token the harness mints for a signed-in user of the home tenant.
fn signed_in(user_id: &str) -> String {
    bearer(
        json!({"oid": user_id, "tid": HOME, "scp": "Chat.Create", "appid": APP_ID,
                  "idtyp": "user"}),
    )
}

/// The token of an application with `Chat.Create`, in the home tenant.
fn application() -> String {
    bearer(
        json!({"oid": "a6c1f3e0-0000-4000-8000-00000000000a", "tid": HOME,
                  "roles": ["Chat.Create"], "appid": APP_ID, "idtyp": "app"}),
    )
}

/// Posts `body` with the given `Authorization` and `Content-Type` values.
async fn send(
    mock: &MockServer,
    authorization: Option<&str>,
    content_type: &str,
    body: &str,
) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .post(chats_url(mock))
        .header("Content-Type", content_type)
        .body(body.to_owned());
    if let Some(authorization) = authorization {
        request = request.header("Authorization", authorization);
    }
    request.send().await.expect("the mock answers")
}

fn chats_url(mock: &MockServer) -> String {
    format!("{}/chats", mock.base_url())
}

/// Posts `body` as a well-behaved client would: bearer token, JSON content type.
async fn post(mock: &MockServer, body: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(chats_url(mock))
        .bearer_auth("placeholder-token")
        .header("Content-Type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .expect("the mock answers")
}

async fn created_chat(mock: &MockServer, body: &str) -> Value {
    let response = post(mock, body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.expect("a JSON chat")
}

/// A one-on-one request for two binds, with an optional `tenantId` on the second.
fn one_on_one(first: &str, second: &str) -> String {
    json!({
        "chatType": "oneOnOne",
        "members": [member(first), member(second)],
    })
    .to_string()
}

fn member(user: &str) -> Value {
    json!({
        "@odata.type": "#microsoft.graph.aadUserConversationMember",
        "roles": ["owner"],
        "user@odata.bind": format!("https://graph.microsoft.com/v1.0/users('{user}')"),
    })
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_else(|| panic!("header {name} is missing: {headers:?}"))
}

fn assert_matches(pattern: &str, text: &str) {
    let regex = Regex::new(pattern).expect("a valid pattern");
    assert!(regex.is_match(text), "`{text}` does not match `{pattern}`");
}

/// Checks Graph's error envelope and headers on `response`; returns `error.message`.
async fn error_message(response: reqwest::Response, status: StatusCode, code: &str) -> String {
    assert_eq!(response.status(), status);
    let headers = response.headers().clone();
    assert_eq!(header(&headers, "content-type"), "application/json");
    assert_eq!(header(&headers, "cache-control"), "private");
    header(&headers, "date");

    let body: Value = response.json().await.expect("a JSON envelope");
    let error = &body["error"];
    let inner = &error["innerError"];
    assert_eq!(error["code"], code, "{body}");
    assert_matches(
        r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$",
        inner["date"].as_str().unwrap(),
    );
    assert_eq!(inner["request-id"], header(&headers, "request-id"));
    assert_eq!(
        inner["client-request-id"],
        header(&headers, "client-request-id")
    );

    error["message"].as_str().expect("a message").to_owned()
}

/// Sends a hand-written HTTP/1.1 request; returns the status and the body.
async fn raw_exchange(mock: &MockServer, head: &str, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(mock.address()).await.expect("connects");
    let request = format!(
        "{head}\r\nHost: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        mock.address(),
        body.len()
    );
    stream.write_all(request.as_bytes()).await.expect("sends");

    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.expect("reads");
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("a status line");
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    (status, body)
}

// ---- documented requests ------------------------------------------------------------------

#[rstest]
#[case::one_on_one(EXAMPLE_1_ONE_ON_ONE.as_str(), "oneOnOne", None)]
#[case::group(EXAMPLE_2_GROUP.as_str(), "group", Some("Group chat title"))]
#[case::one_on_one_by_upn(EXAMPLE_3_UPN.as_str(), "oneOnOne", None)]
#[case::group_with_guest(EXAMPLE_4_GUEST.as_str(), "group", Some("Group chat title"))]
#[case::one_on_one_federated(EXAMPLE_5_FEDERATED.as_str(), "oneOnOne", None)]
#[tokio::test]
async fn each_documented_request_creates_a_chat_of_the_documented_shape(
    #[case] body: &str,
    #[case] chat_type: &str,
    #[case] topic: Option<&str>,
) {
    let mock = start_mock().await;

    let response = post(&mock, body).await;
    let headers = response.headers().clone();
    let status = response.status();
    let chat: Value = response.json().await.unwrap();

    assert_eq!(status, StatusCode::CREATED, "{chat}");
    assert_eq!(header(&headers, "content-type"), ODATA_JSON);
    assert_eq!(header(&headers, "odata-version"), "4.0");
    assert_eq!(header(&headers, "cache-control"), "private");
    assert_eq!(
        header(&headers, "client-request-id"),
        header(&headers, "request-id")
    );
    assert_eq!(
        chat["@odata.context"],
        format!("{}/$metadata#chats/$entity", mock.base_url())
    );
    assert_eq!(chat["chatType"], chat_type);
    assert_eq!(chat["topic"], json!(topic));
    assert_eq!(chat["createdDateTime"], chat["lastUpdatedDateTime"]);
    assert_matches(
        r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$",
        chat["createdDateTime"].as_str().unwrap(),
    );
    let id_pattern = match chat_type {
        "group" => r"^19:[0-9a-f]{32}@thread\.v2$",
        _ => r"^19:[0-9a-z-]{36}_[0-9a-z-]{36}@unq\.gbl\.spaces$",
    };
    assert_matches(id_pattern, chat["id"].as_str().unwrap());
}

#[tokio::test]
async fn the_federated_example_lists_the_pair_in_ascending_order() {
    let mock = start_mock().await;

    let chat = created_chat(&mock, EXAMPLE_5_FEDERATED.as_str()).await;

    assert_eq!(chat["id"], ADELE_LEE_CHAT);
}

#[tokio::test]
async fn user_principal_names_resolve_to_the_users_ids() {
    let mock = start_mock().await;

    let chat = created_chat(&mock, EXAMPLE_3_UPN.as_str()).await;

    assert_eq!(chat["id"], JACOB_ALEX_CHAT);
}

// ---- idempotency ----------------------------------------------------------------------------

#[tokio::test]
async fn returns_the_existing_chat_when_the_pair_already_has_one_in_either_order() {
    let mock = start_mock().await;
    let adele = "8b081ef6-4792-4def-b2c9-c363a1bf41d5";
    let lee = "82af01c5-f7cc-4a2e-a728-3a5df21afd9d";

    let first = created_chat(&mock, &one_on_one(adele, lee)).await;
    let again = created_chat(&mock, &one_on_one(adele, lee)).await;
    let reversed = created_chat(&mock, &one_on_one(lee, adele)).await;

    assert_eq!(first["id"], ADELE_LEE_CHAT);
    assert_eq!(again, first);
    assert_eq!(reversed, first);
}

#[tokio::test]
async fn a_pair_named_by_upn_and_by_id_is_the_same_chat() {
    let mock = start_mock().await;

    let by_upn = created_chat(&mock, EXAMPLE_3_UPN.as_str()).await;
    let by_id = created_chat(
        &mock,
        &one_on_one(
            "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca",
            "82fe7758-5bb3-4f0d-a43f-e555fd399c6f",
        ),
    )
    .await;

    assert_eq!(by_id, by_upn);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_creates_of_one_pair_in_either_order_return_one_chat() {
    let mock = start_mock().await;
    let client = reqwest::Client::new();
    let url = chats_url(&mock);

    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let (first, second) = if i % 2 == 0 {
                (ADELE, LEE)
            } else {
                (LEE, ADELE)
            };
            let request = client
                .post(&url)
                .bearer_auth("placeholder-token")
                .header("content-type", "application/json")
                .body(one_on_one(first, second));
            tokio::spawn(async move {
                let response = request.send().await.expect("the mock answers");
                assert_eq!(response.status(), StatusCode::CREATED);
                let chat: Value = response.json().await.expect("a JSON chat");
                chat["id"].as_str().expect("an id").to_owned()
            })
        })
        .collect();
    let mut ids = HashSet::new();
    for task in tasks {
        ids.insert(task.await.expect("the task finishes"));
    }

    assert_eq!(ids, HashSet::from([ADELE_LEE_CHAT.to_owned()]));
}

#[test]
fn two_hundred_threads_creating_one_pair_through_the_reference_get_one_chat() {
    let reference = Reference::new(docs_config(), "http://mock.test/v1.0");
    let request = MockRequest::new("POST", "/v1.0/chats")
        .with_header("Authorization", "Bearer placeholder-token")
        .with_header("Content-Type", "application/json")
        .with_body(EXAMPLE_1_ONE_ON_ONE.as_str());

    let ids: HashSet<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..200)
            .map(|_| scope.spawn(|| reference.respond(&request)))
            .collect();
        handles
            .into_iter()
            .map(|handle| {
                let response = handle.join().expect("no thread panics");
                assert_eq!(response.status, 201);
                let chat: Value = serde_json::from_slice(&response.body).expect("a JSON chat");
                chat["id"].as_str().expect("an id").to_owned()
            })
            .collect()
    });

    assert_eq!(ids, HashSet::from([ADELE_LEE_CHAT.to_owned()]));
}

#[tokio::test]
async fn every_group_create_makes_a_new_chat() {
    let mock = start_mock().await;

    let first = created_chat(&mock, EXAMPLE_2_GROUP.as_str()).await;
    let second = created_chat(&mock, EXAMPLE_2_GROUP.as_str()).await;

    assert_ne!(first["id"], second["id"]);
}

#[tokio::test]
async fn a_group_without_a_topic_has_a_null_topic() {
    let mock = start_mock().await;
    let mut body: Value = serde_json::from_str(EXAMPLE_2_GROUP.as_str()).unwrap();
    body.as_object_mut().unwrap().remove("topic");

    let chat = created_chat(&mock, &body.to_string()).await;

    assert_eq!(chat["topic"], Value::Null);
}

// ---- headers and formatting ---------------------------------------------------------------

#[tokio::test]
async fn echoes_the_client_request_id_on_success_and_on_error() {
    let mock = start_mock().await;
    let client = reqwest::Client::new();

    for body in [EXAMPLE_1_ONE_ON_ONE.as_str(), "{"] {
        let response = client
            .post(chats_url(&mock))
            .bearer_auth("placeholder-token")
            .header("content-type", "application/json")
            .header("client-request-id", "7f8e5c1a-0000-4000-8000-000000000001")
            .body(body)
            .send()
            .await
            .unwrap();

        let headers = response.headers();
        assert_eq!(
            header(headers, "client-request-id"),
            "7f8e5c1a-0000-4000-8000-000000000001"
        );
        assert_ne!(
            header(headers, "request-id"),
            header(headers, "client-request-id")
        );
    }
}

#[tokio::test]
async fn header_names_and_media_types_match_in_any_case() {
    let mock = start_mock().await;
    let head = "POST /v1.0/chats HTTP/1.1\r\n\
                AUTHORIZATION: bearer placeholder-token\r\n\
                CONTENT-TYPE: Application/JSON; Charset=UTF-8";

    let (status, body) = raw_exchange(&mock, head, EXAMPLE_2_GROUP.as_str()).await;

    assert_eq!(status, 201, "{body}");
}

/// Example 1 on one line, keys in another order than documented at every level.
const EXAMPLE_1_KEYS_REORDERED: &str = concat!(
    r##"{"members":[{"user@odata.bind":"https://graph.microsoft.com/v1.0/users('82af01c5-f7c"##,
    r##"c-4a2e-a728-3a5df21afd9d')","roles":["owner"],"@odata.type":"#microsoft.graph.aadUse"##,
    r##"rConversationMember"},{"roles":["owner"],"user@odata.bind":"https://graph.microsoft."##,
    r##"com/v1.0/users('8b081ef6-4792-4def-b2c9-c363a1bf41d5')","@odata.type":"#microsoft.gr"##,
    r##"aph.aadUserConversationMember"}],"chatType":"oneOnOne"}"##,
);

fn compact(body: &str) -> String {
    let value: Value = serde_json::from_str(body).expect("valid JSON");
    value.to_string()
}

#[rstest]
#[case::compact(compact(EXAMPLE_1_ONE_ON_ONE.as_str()))]
#[case::pretty(EXAMPLE_1_ONE_ON_ONE.to_owned())]
#[case::crlf_and_tabs(EXAMPLE_1_ONE_ON_ONE.replace('\n', "\r\n\t"))]
#[case::keys_reordered(EXAMPLE_1_KEYS_REORDERED.to_owned())]
#[tokio::test]
async fn any_json_formatting_and_key_order_is_accepted(#[case] body: String) {
    let mock = start_mock().await;

    let chat = created_chat(&mock, &body).await;

    assert_eq!(chat["id"], ADELE_LEE_CHAT);
}

// ---- errors -------------------------------------------------------------------------------

#[tokio::test]
async fn a_request_without_a_token_gets_401_access_token_is_empty() {
    let mock = start_mock().await;

    let response = reqwest::Client::new()
        .post(chats_url(&mock))
        .header("content-type", "application/json")
        .body(EXAMPLE_1_ONE_ON_ONE.as_str())
        .send()
        .await
        .unwrap();

    let message = error_message(
        response,
        StatusCode::UNAUTHORIZED,
        "InvalidAuthenticationToken",
    )
    .await;
    assert_eq!(message, "Access token is empty.");
}

#[tokio::test]
async fn a_body_that_is_not_json_gets_400() {
    let mock = start_mock().await;

    let response = post(&mock, r##"{"chatType": "oneOnOne", "members": [}"##).await;

    let message = error_message(response, StatusCode::BAD_REQUEST, "BadRequest").await;
    assert!(
        message.starts_with("The request body is not valid JSON"),
        "{message}"
    );
}

#[tokio::test]
async fn a_body_without_members_gets_graphs_message() {
    let mock = start_mock().await;

    let response = post(&mock, r##"{"chatType": "oneOnOne"}"##).await;

    let message = error_message(response, StatusCode::BAD_REQUEST, "BadRequest").await;
    assert_eq!(
        message,
        "Chat members cannot be null. (Parameter 'Members')"
    );
}

#[tokio::test]
async fn a_member_that_is_not_in_the_directory_is_rejected() {
    let mock = start_mock().await;
    let body = one_on_one(
        "8b081ef6-4792-4def-b2c9-c363a1bf41d5",
        "00000000-0000-0000-0000-000000000000",
    );

    let response = post(&mock, &body).await;

    let message = error_message(response, StatusCode::BAD_REQUEST, "BadRequest").await;
    assert!(
        message.contains("'00000000-0000-0000-0000-000000000000'") && message.contains("not found"),
        "{message}"
    );
}

#[tokio::test]
async fn a_federated_member_is_looked_up_only_in_its_tenant() {
    let mock = start_mock().await;
    let body = EXAMPLE_5_FEDERATED.replace(
        "82af01c5-f7cc-4a2e-a728-3a5df21afd9d",
        "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca",
    );

    let response = post(&mock, &body).await;

    let message = error_message(response, StatusCode::BAD_REQUEST, "BadRequest").await;
    assert!(
        message.contains("4dc1fe35-8ac6-4f0d-904a-7ebcd364bea1"),
        "{message}"
    );
}

#[tokio::test]
async fn a_wrong_member_type_is_reported_once_per_member_joined_by_a_comma() {
    let mock = start_mock().await;
    let body = EXAMPLE_1_ONE_ON_ONE.replace(
        "#microsoft.graph.aadUserConversationMember",
        "#microsoft.graph.conversationMember",
    );

    let response = post(&mock, &body).await;

    let message = error_message(response, StatusCode::BAD_REQUEST, "BadRequest").await;
    let one = "The provided '#microsoft.graph.conversationMember' for 'odata.type' is not valid \
               for this operation.";
    assert_eq!(message, format!("{one}, {one}"));
}

#[tokio::test]
async fn a_topic_on_a_one_on_one_chat_is_rejected() {
    let mock = start_mock().await;
    let body = EXAMPLE_1_ONE_ON_ONE.replacen('{', r##"{"topic": "Hello","##, 1);

    let response = post(&mock, &body).await;

    let message = error_message(response, StatusCode::BAD_REQUEST, "BadRequest").await;
    assert_eq!(message, "Setting topic is not allowed for 1-on-1 chats.");
}

#[tokio::test]
async fn a_body_sent_as_text_gets_415() {
    let mock = start_mock().await;

    let response = reqwest::Client::new()
        .post(chats_url(&mock))
        .bearer_auth("placeholder-token")
        .header("content-type", "text/plain")
        .body(EXAMPLE_1_ONE_ON_ONE.as_str())
        .send()
        .await
        .unwrap();

    error_message(
        response,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "UnsupportedMediaType",
    )
    .await;
}

#[tokio::test]
async fn a_body_over_the_limit_gets_413() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("profiles/docs.json");
    let config = MockConfig::from_profile(&Profile::load(&path).unwrap()).with_max_body_bytes(1024);
    let mock = MockServer::start(config).await.unwrap();
    let body = format!(r##"{{"topic": "{}"}}"##, "x".repeat(64 * 1024));

    let response = post(&mock, &body).await;

    error_message(
        response,
        StatusCode::PAYLOAD_TOO_LARGE,
        "RequestEntityTooLarge",
    )
    .await;
}

#[tokio::test]
async fn an_unknown_path_gets_a_404_envelope() {
    let mock = start_mock().await;

    let response = reqwest::Client::new()
        .post(format!("{}/me/chatz", mock.base_url()))
        .bearer_auth("placeholder-token")
        .send()
        .await
        .unwrap();

    error_message(response, StatusCode::NOT_FOUND, "NotFound").await;
}

#[rstest]
#[case::get(reqwest::Method::GET)]
#[case::put(reqwest::Method::PUT)]
#[case::delete(reqwest::Method::DELETE)]
#[tokio::test]
async fn another_method_on_chats_gets_a_405_envelope(#[case] method: reqwest::Method) {
    let mock = start_mock().await;

    let response = reqwest::Client::new()
        .request(method, chats_url(&mock))
        .bearer_auth("placeholder-token")
        .send()
        .await
        .unwrap();

    assert_eq!(header(response.headers(), "allow"), "POST");
    error_message(response, StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowed").await;
}

#[tokio::test]
async fn a_post_to_my_chats_gets_405_as_graph_answers_it() {
    let mock = start_mock().await;

    let response = reqwest::Client::new()
        .post(format!("{}/me/chats", mock.base_url()))
        .bearer_auth("placeholder-token")
        .header("content-type", "application/json")
        .body(EXAMPLE_1_ONE_ON_ONE.as_str())
        .send()
        .await
        .unwrap();

    assert_eq!(header(response.headers(), "allow"), "GET");
    let message = error_message(response, StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowed").await;
    assert!(message.contains("POST /v1.0/chats"), "{message}");
}

// ---- the caller: 401 and 403 --------------------------------------------------------------

#[rstest]
#[case::no_header(None, "Access token is empty.")]
#[case::another_scheme(Some("Basic dXNlcjpwYXNz"), "Access token is empty.")]
#[case::bearer_without_a_token(Some("Bearer "), "Access token is empty.")]
#[tokio::test]
async fn a_request_without_a_bearer_token_gets_401(
    #[case] authorization: Option<&str>,
    #[case] expected: &str,
) {
    let mock = start_mock().await;

    let response = send(
        &mock,
        authorization,
        "application/json",
        EXAMPLE_1_ONE_ON_ONE.as_str(),
    )
    .await;

    let message = error_message(
        response,
        StatusCode::UNAUTHORIZED,
        "InvalidAuthenticationToken",
    )
    .await;
    assert_eq!(message, expected);
}

#[tokio::test]
async fn strict_mode_rejects_a_token_that_is_not_a_jwt_and_reads_one_that_is() {
    let mock = start_mock_with(|config| config.strict(true)).await;

    let opaque = send(
        &mock,
        Some("Bearer placeholder-token"),
        "application/json",
        EXAMPLE_1_ONE_ON_ONE.as_str(),
    )
    .await;
    let jwt = send(
        &mock,
        Some(&signed_in(ADELE)),
        "application/json",
        EXAMPLE_1_ONE_ON_ONE.as_str(),
    )
    .await;

    let message = error_message(
        opaque,
        StatusCode::UNAUTHORIZED,
        "InvalidAuthenticationToken",
    )
    .await;
    assert_eq!(
        message,
        "CompactToken parsing failed with error code: 80049217"
    );
    assert_eq!(jwt.status(), StatusCode::CREATED);
}

#[rstest]
#[case::personal_account(
    json!({"oid": ADELE, "tid": CONSUMER_TENANT_ID, "scp": "Chat.Create", "idtyp": "user"}),
    "Personal Microsoft accounts are not supported for this API."
)]
#[case::delegated_without_chat_create(
    json!({"oid": ADELE, "tid": HOME, "scp": "User.Read Chat.Read", "idtyp": "user"}),
    "Insufficient privileges to complete the operation. Create chat needs the delegated \
     permission Chat.Create or Chat.ReadWrite in the token's 'scp' claim."
)]
#[case::application_without_chat_create(
    json!({"oid": "o", "tid": HOME, "roles": ["Chat.ReadWrite.All"], "idtyp": "app"}),
    "Insufficient privileges to complete the operation. Create chat needs the application \
     permission Chat.Create in the token's 'roles' claim."
)]
#[case::neither_scopes_nor_roles(
    json!({"oid": ADELE, "tid": HOME}),
    "Insufficient privileges to complete the operation. The token has neither an 'scp' claim \
     (delegated permissions) nor a 'roles' claim (application permissions); Create chat needs \
     Chat.Create."
)]
#[tokio::test]
async fn a_caller_without_the_documented_permission_gets_403(
    #[case] claims: Value,
    #[case] expected: &str,
) {
    let mock = start_mock().await;

    let response = send(
        &mock,
        Some(&bearer(claims)),
        "application/json",
        EXAMPLE_1_ONE_ON_ONE.as_str(),
    )
    .await;

    let message = error_message(response, StatusCode::FORBIDDEN, "Forbidden").await;
    assert_eq!(message, expected);
}

#[rstest]
#[case::delegated_least_privileged(signed_in(ADELE))]
#[case::delegated_higher(bearer(json!({"oid": LEE, "tid": HOME, "scp": "Chat.ReadWrite"})))]
#[case::application_that_is_no_member(application())]
#[tokio::test]
async fn a_caller_with_a_documented_permission_creates_the_chat(#[case] authorization: String) {
    let mock = start_mock().await;

    let response = send(
        &mock,
        Some(&authorization),
        "application/json",
        EXAMPLE_1_ONE_ON_ONE.as_str(),
    )
    .await;

    assert_eq!(response.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_signed_in_user_who_is_not_among_the_members_is_rejected() {
    let mock = start_mock().await;

    let response = send(
        &mock,
        Some(&signed_in(MEGAN)),
        "application/json",
        EXAMPLE_1_ONE_ON_ONE.as_str(),
    )
    .await;

    let message = error_message(response, StatusCode::BAD_REQUEST, "BadRequest").await;
    assert_eq!(
        message,
        format!(
            "The signed-in user '{MEGAN}' is not among the chat's members. Every user who will \
             participate in the chat, including the user who initiates the create request, \
             must be specified in 'members'."
        )
    );
}

#[tokio::test]
async fn a_signed_in_user_of_the_same_id_in_another_tenant_is_not_the_member() {
    let mock = start_mock().await;
    let partner_lee = bearer(json!({"oid": LEE, "tid": PARTNER, "scp": "Chat.Create"}));
    // Adele and Lee of the home tenant, named with their tenant; the caller is the partner
    // tenant's user with Lee's id.
    let home_member = |user| with(member(user), "tenantId", json!(HOME));
    let body = chat_body("oneOnOne", vec![home_member(ADELE), home_member(LEE)]);

    let response = send(
        &mock,
        Some(&partner_lee),
        "application/json",
        &body.to_string(),
    )
    .await;

    let message = error_message(response, StatusCode::BAD_REQUEST, "BadRequest").await;
    assert!(
        message.contains("not among the chat's members"),
        "{message}"
    );
}

// ---- the body: 400 --------------------------------------------------------------------------

/// A member bound to `user` with `roles` (any JSON, to test wrong ones).
fn member_with_roles(user: &str, roles: Value) -> Value {
    let mut member = member(user);
    member["roles"] = roles;
    member
}

fn chat_body(chat_type: &str, members: Vec<Value>) -> Value {
    json!({"chatType": chat_type, "members": members})
}

fn without(mut value: Value, key: &str) -> Value {
    if let Some(object) = value.as_object_mut() {
        object.remove(key);
    }
    value
}

fn with(mut value: Value, key: &str, added: Value) -> Value {
    value[key] = added;
    value
}

fn one_app(bind: &str) -> Value {
    json!([{"teamsApp@odata.bind": bind}])
}

const TEAMS_APP: &str =
    "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/05F59CEC-A742-4A50-A62E-202A57E478A4";

#[rstest]
#[case::topic_on_one_on_one(
    with(chat_body("oneOnOne", vec![member(ADELE), member(LEE)]), "topic", json!("Hi")),
    "Setting topic is not allowed for 1-on-1 chats."
)]
#[case::null_members(
    json!({"chatType": "group", "members": null}),
    "Chat members cannot be null. (Parameter 'Members')"
)]
#[case::unsupported_role(
    chat_body("oneOnOne", vec![member(ADELE), member_with_roles(LEE, json!(["member"]))]),
    "The passed-in role 'member' is not supported."
)]
#[case::binds_missing_per_member(
    chat_body("oneOnOne", vec![without(member(ADELE), "user@odata.bind"),
                               without(member(LEE), "user@odata.bind")]),
    "'user@odata.bind' field is missing in the request., 'user@odata.bind' field is missing in \
     the request."
)]
#[case::wrong_member_type_per_failing_member(
    chat_body("group", vec![member(ADELE),
                            with(member(LEE), "@odata.type", json!("#microsoft.graph.user")),
                            with(member(ALEX), "@odata.type", json!("#microsoft.graph.user"))]),
    "The provided '#microsoft.graph.user' for 'odata.type' is not valid for this operation., \
     The provided '#microsoft.graph.user' for 'odata.type' is not valid for this operation."
)]
#[case::app_without_bind(
    with(chat_body("oneOnOne", vec![member(ADELE), member(LEE)]), "installedApps", json!([{}])),
    "'teamsApp@odata.bind' field is missing in the request."
)]
#[tokio::test]
async fn a_rule_with_a_known_graph_message_answers_it_exactly(
    #[case] body: Value,
    #[case] expected: &str,
) {
    let mock = start_mock().await;

    let response = post(&mock, &body.to_string()).await;

    let message = error_message(response, StatusCode::BAD_REQUEST, "BadRequest").await;
    assert_eq!(message, expected);
}

#[rstest]
#[case::not_an_object(json!([1, 2]), "must be a JSON object")]
#[case::no_chat_type(without(json!({"members": [member(ADELE), member(LEE)]}), "chatType"),
                     "'chatType' property is required")]
#[case::meeting(chat_body("meeting", vec![member(ADELE), member(LEE)]), "'oneOnOne' and 'group'")]
#[case::unknown_future_value(chat_body("unknownFutureValue", vec![member(ADELE), member(LEE)]),
                             "'oneOnOne' and 'group'")]
#[case::empty_members(chat_body("group", vec![]), "Chat members cannot be empty")]
#[case::one_on_one_of_three(chat_body("oneOnOne", vec![member(ADELE), member(LEE), member(ALEX)]),
                            "exactly two different members")]
#[case::group_of_one(chat_body("group", vec![member(ADELE)]), "at least two members")]
#[case::malformed_bind(
    chat_body("oneOnOne", vec![member(ADELE),
        with(member(LEE), "user@odata.bind",
             json!("https://graph.microsoft.com/v1.0/groups('x')"))]),
    "does not name a user"
)]
#[case::empty_roles(chat_body("oneOnOne", vec![member(ADELE), member_with_roles(LEE, json!([]))]),
                    "has no roles")]
#[case::missing_roles(chat_body("oneOnOne", vec![member(ADELE), without(member(LEE), "roles")]),
                      "has no roles")]
#[case::guest_as_owner(chat_body("group", vec![member(ALEX), member(JACOB), member(GUEST)]),
                       "In-tenant guest users must be assigned the 'guest' role")]
#[case::external_as_guest(
    chat_body("oneOnOne", vec![member(ADELE),
        with(member_with_roles(LEE, json!(["guest"])), "tenantId", json!(PARTNER))]),
    "Out-of-tenant external users must be assigned the 'owner' role"
)]
#[case::two_apps(
    with(chat_body("oneOnOne", vec![member(ADELE), member(LEE)]), "installedApps",
         json!([{"teamsApp@odata.bind": TEAMS_APP}, {"teamsApp@odata.bind": TEAMS_APP}])),
    "Only one app installation is supported"
)]
#[case::app_bind_to_something_else(
    with(chat_body("oneOnOne", vec![member(ADELE), member(LEE)]), "installedApps",
         one_app("https://graph.microsoft.com/v1.0/users('x')")),
    "does not name a Teams app"
)]
#[tokio::test]
async fn a_body_that_breaks_a_rule_gets_400_saying_which(
    #[case] body: Value,
    #[case] expected: &str,
) {
    let mock = start_mock().await;

    let response = post(&mock, &body.to_string()).await;

    let message = error_message(response, StatusCode::BAD_REQUEST, "BadRequest").await;
    assert!(message.contains(expected), "`{message}` lacks `{expected}`");
}

// ---- the order of the rules ---------------------------------------------------------------

#[rstest]
#[case::token_before_permissions_and_content_type(
    None,
    "text/plain",
    "{",
    StatusCode::UNAUTHORIZED
)]
#[case::permissions_before_content_type(
    Some(bearer(json!({"oid": ADELE, "tid": HOME, "scp": "User.Read"}))),
    "text/plain", "{", StatusCode::FORBIDDEN
)]
#[case::content_type_before_size(
    Some("Bearer placeholder-token".to_owned()), "text/plain", &"x".repeat(2048),
    StatusCode::UNSUPPORTED_MEDIA_TYPE
)]
#[case::size_before_the_body(
    Some("Bearer placeholder-token".to_owned()), "application/json", &"{".repeat(2048),
    StatusCode::PAYLOAD_TOO_LARGE
)]
#[tokio::test]
async fn the_first_broken_rule_in_the_documented_order_answers(
    #[case] authorization: Option<String>,
    #[case] content_type: &str,
    #[case] body: &str,
    #[case] expected: StatusCode,
) {
    let mock = start_mock_with(|config| config.with_max_body_bytes(1024)).await;

    let response = send(&mock, authorization.as_deref(), content_type, body).await;

    assert_eq!(response.status(), expected);
}

// ---- installedApps: 202 -------------------------------------------------------------------

const EXAMPLE_3_INSTALLED_APPS: &str = r##"{
  "chatType": "oneOnOne",
  "members": [
    {
      "@odata.type": "#microsoft.graph.aadUserConversationMember",
      "roles": ["owner"],
      "user@odata.bind": "https://graph.microsoft.com/v1.0/users('8b081ef6-4792-4def-b2c9-c363a1bf41d5')"
    },
    {
      "@odata.type": "#microsoft.graph.aadUserConversationMember",
      "roles": ["owner"],
      "user@odata.bind": "https://graph.microsoft.com/v1.0/users('82af01c5-f7cc-4a2e-a728-3a5df21afd9d')"
    }
  ],
  "installedApps": [
    {
      "teamsApp@odata.bind":"https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/05F59CEC-A742-4A50-A62E-202A57E478A4"
    }
  ]
}"##;

/// Example 4's installedApps entry, with example 3's members: the docs profile does not hold
/// example 4's two users.
fn example_4_rsc_with_profile_users() -> String {
    let mut body: Value = serde_json::from_str(EXAMPLE_3_INSTALLED_APPS).unwrap();
    body["installedApps"] = json!([{
        "teamsApp@odata.bind": "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/8e55a7b1-6766-4f0a-8610-ecacfe3d569a",
        "consentedPermissionSet": {
            "resourceSpecificPermissions": [
                {"permissionValue": "ChatMessage.Read.Chat", "permissionType": "application"},
                {"permissionValue": "OnlineMeeting.ReadBasic.Chat", "permissionType": "application"}
            ]
        }
    }]);
    body.to_string()
}

const GUID: &str = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

#[rstest]
#[case::example_3(EXAMPLE_3_INSTALLED_APPS.to_owned())]
#[case::example_4_rsc(example_4_rsc_with_profile_users())]
#[tokio::test]
async fn a_request_that_installs_an_app_gets_202_with_the_operations_location(
    #[case] body: String,
) {
    let mock = start_mock().await;

    let response = post(&mock, &body).await;
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.unwrap();

    assert_eq!(status, StatusCode::ACCEPTED);
    assert!(bytes.is_empty(), "{bytes:?}");
    assert_eq!(header(&headers, "content-type"), "application/json");
    header(&headers, "request-id");
    assert_matches(
        &format!(
            r"^/chats\('{}'\)/operations\('{GUID}-{GUID}-{GUID}'\)$",
            regex::escape(ADELE_LEE_CHAT)
        ),
        header(&headers, "location"),
    );
}

#[tokio::test]
async fn installing_an_app_creates_the_pairs_one_chat_all_the_same() {
    let mock = start_mock().await;

    let accepted = post(&mock, EXAMPLE_3_INSTALLED_APPS).await;
    let location = header(accepted.headers(), "location").to_owned();
    let again = post(&mock, EXAMPLE_3_INSTALLED_APPS).await;
    let chat = created_chat(&mock, EXAMPLE_1_ONE_ON_ONE.as_str()).await;

    assert!(location.starts_with(&format!("/chats('{}')", chat["id"].as_str().unwrap())));
    let again_location = header(again.headers(), "location");
    assert_eq!(
        location.split("/operations").next(),
        again_location.split("/operations").next()
    );
    assert_ne!(location, again_location);
}

#[tokio::test]
async fn an_empty_installed_apps_list_installs_nothing_and_gets_201() {
    let mock = start_mock().await;
    let body = with(
        serde_json::from_str(EXAMPLE_1_ONE_ON_ONE.as_str()).unwrap(),
        "installedApps",
        json!([]),
    );

    created_chat(&mock, &body.to_string()).await;
}

// ---- throttling: 429 ------------------------------------------------------------------------

fn app_token(app_id: &str) -> String {
    bearer(json!({"oid": ADELE, "tid": HOME, "scp": "Chat.Create", "appid": app_id}))
}

#[tokio::test]
async fn requests_over_the_throttle_in_one_second_get_429_with_retry_after() {
    let mock = start_mock_with(|config| config.throttle(3)).await;
    let token = app_token(APP_ID);

    // Fifteen requests at three per second would need five seconds to pass unthrottled, so
    // a window boundary falling between two of them cannot hide the throttle.
    let mut statuses = Vec::new();
    let mut throttled = None;
    for _ in 0..15 {
        let response = send(
            &mock,
            Some(&token),
            "application/json",
            EXAMPLE_1_ONE_ON_ONE.as_str(),
        )
        .await;
        statuses.push(response.status().as_u16());
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            throttled = Some(response);
        }
    }
    let other_app = send(
        &mock,
        Some(&app_token("another-app")),
        "application/json",
        EXAMPLE_1_ONE_ON_ONE.as_str(),
    )
    .await;

    assert_eq!(&statuses[..3], [201, 201, 201], "{statuses:?}");
    assert!(
        statuses.iter().all(|status| [201, 429].contains(status)),
        "{statuses:?}"
    );
    let throttled = throttled.expect("no request was throttled");
    let retry_after: u64 = header(throttled.headers(), "retry-after").parse().unwrap();
    assert!(retry_after >= 1);
    let message = error_message(throttled, StatusCode::TOO_MANY_REQUESTS, "TooManyRequests").await;
    assert_eq!(message, "Too Many Requests");
    assert_eq!(other_app.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn the_throttle_admits_requests_again_after_a_second() {
    let mock = start_mock_with(|config| config.throttle(1)).await;
    let token = app_token(APP_ID);
    let status = |response: reqwest::Response| response.status().as_u16();

    let body = EXAMPLE_1_ONE_ON_ONE.as_str();

    let first = status(send(&mock, Some(&token), "application/json", body).await);
    let second = status(send(&mock, Some(&token), "application/json", body).await);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let later = status(send(&mock, Some(&token), "application/json", body).await);

    assert_eq!([first, second, later], [201, 429, 201]);
}

#[rstest]
#[case::before_permissions(Some(bearer(json!({"oid": ADELE, "scp": "User.Read"}))), 429)]
#[case::after_authentication(None, 401)]
#[tokio::test]
async fn throttling_comes_after_authentication_and_before_everything_else(
    #[case] authorization: Option<String>,
    #[case] expected: u16,
) {
    let mock = start_mock_with(|config| config.throttle(0)).await;

    let response = send(&mock, authorization.as_deref(), "text/plain", "{").await;

    assert_eq!(response.status().as_u16(), expected);
}

#[test]
fn graphs_teams_limit_of_thirty_requests_per_second_per_app_and_tenant_throttles_the_31st() {
    let config = docs_config().throttle(TEAMS_REQUESTS_PER_SECOND_PER_APP_PER_TENANT);
    let reference = Reference::new(config, "http://mock.test/v1.0");
    let request = MockRequest::new("POST", "/v1.0/chats")
        .with_header("Authorization", app_token(APP_ID))
        .with_header("Content-Type", "application/json")
        .with_body(EXAMPLE_1_ONE_ON_ONE.as_str());

    let statuses: Vec<u16> = (0..31)
        .map(|_| reference.respond(&request).status)
        .collect();

    assert_eq!(TEAMS_REQUESTS_PER_SECOND_PER_APP_PER_TENANT, 30);
    assert!(
        statuses[..30].iter().all(|&status| status == 201),
        "{statuses:?}"
    );
    assert_eq!(statuses[30], 429);
}
