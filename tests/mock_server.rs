//! The reference mock, seen from outside: real HTTP requests against a started `MockServer`
//! with the docs profile.
//!
//! The documented request bodies are the five examples of the v1.0 Create chat page (commit
//! 8999cb07), whose users the docs profile holds. Where a test needs exact header-name case,
//! it writes the HTTP/1.1 request by hand, since HTTP clients normalize names.

use std::path::Path;

use futures::future::join_all;
use graph_conformance::mock::{MockConfig, MockServer};
use graph_conformance::profile::Profile;
use regex::Regex;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use rstest::rstest;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const ODATA_JSON: &str = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

const EXAMPLE_1_ONE_ON_ONE: &str = r##"{
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
  ]
}"##;

const EXAMPLE_2_GROUP: &str = r##"{
  "chatType": "group",
  "topic": "Group chat title",
  "members": [
    {
      "@odata.type": "#microsoft.graph.aadUserConversationMember",
      "roles": ["owner"],
      "user@odata.bind": "https://graph.microsoft.com/v1.0/users('8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca')"
    },
    {
      "@odata.type": "#microsoft.graph.aadUserConversationMember",
      "roles": ["owner"],
      "user@odata.bind": "https://graph.microsoft.com/v1.0/users('82fe7758-5bb3-4f0d-a43f-e555fd399c6f')"
    },
    {
      "@odata.type": "#microsoft.graph.aadUserConversationMember",
      "roles": ["owner"],
      "user@odata.bind": "https://graph.microsoft.com/v1.0/users('3626a173-f2bc-4883-bcf7-01514c3bfb82')"
    }
  ]
}"##;

const EXAMPLE_3_UPN: &str = r##"{
  "chatType": "oneOnOne",
  "members": [
    {
      "@odata.type": "#microsoft.graph.aadUserConversationMember",
      "roles": ["owner"],
      "user@odata.bind": "https://graph.microsoft.com/v1.0/users('jacob@contoso.com')"
    },
    {
      "@odata.type": "#microsoft.graph.aadUserConversationMember",
      "roles": ["owner"],
      "user@odata.bind": "https://graph.microsoft.com/v1.0/users('alex@contoso.com')"
    }
  ]
}"##;

const EXAMPLE_4_GUEST: &str = r##"{
  "chatType": "group",
  "topic": "Group chat title",
  "members": [
    {
      "@odata.type": "#microsoft.graph.aadUserConversationMember",
      "roles": ["owner"],
      "user@odata.bind": "https://graph.microsoft.com/v1.0/users('8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca')"
    },
    {
      "@odata.type": "#microsoft.graph.aadUserConversationMember",
      "roles": ["owner"],
      "user@odata.bind": "https://graph.microsoft.com/v1.0/users('82fe7758-5bb3-4f0d-a43f-e555fd399c6f')"
    },
    {
      "@odata.type": "#microsoft.graph.aadUserConversationMember",
      "roles": ["guest"],
      "user@odata.bind": "https://graph.microsoft.com/v1.0/users('8ba98gf6-7fc2-4eb2-c7f2-aef9f21fd98g')"
    }
  ]
}"##;

const EXAMPLE_5_FEDERATED: &str = r##"{
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
      "user@odata.bind": "https://graph.microsoft.com/v1.0/users('82af01c5-f7cc-4a2e-a728-3a5df21afd9d')",
      "tenantId": "4dc1fe35-8ac6-4f0d-904a-7ebcd364bea1"
    }
  ]
}"##;

const ADELE_LEE_CHAT: &str =
    "19:82af01c5-f7cc-4a2e-a728-3a5df21afd9d_8b081ef6-4792-4def-b2c9-c363a1bf41d5@unq.gbl.spaces";

const JACOB_ALEX_CHAT: &str =
    "19:82fe7758-5bb3-4f0d-a43f-e555fd399c6f_8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca@unq.gbl.spaces";

// ---- helpers ----------------------------------------------------------------------------

async fn start_mock() -> MockServer {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("profiles/docs.json");
    let profile = Profile::load(&path).expect("the docs profile loads");

    MockServer::start(MockConfig::from_profile(&profile))
        .await
        .expect("the mock starts")
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
#[case::one_on_one(EXAMPLE_1_ONE_ON_ONE, "oneOnOne", None)]
#[case::group(EXAMPLE_2_GROUP, "group", Some("Group chat title"))]
#[case::one_on_one_by_upn(EXAMPLE_3_UPN, "oneOnOne", None)]
#[case::group_with_guest(EXAMPLE_4_GUEST, "group", Some("Group chat title"))]
#[case::one_on_one_federated(EXAMPLE_5_FEDERATED, "oneOnOne", None)]
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

    let chat = created_chat(&mock, EXAMPLE_5_FEDERATED).await;

    assert_eq!(chat["id"], ADELE_LEE_CHAT);
}

#[tokio::test]
async fn user_principal_names_resolve_to_the_users_ids() {
    let mock = start_mock().await;

    let chat = created_chat(&mock, EXAMPLE_3_UPN).await;

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

    let by_upn = created_chat(&mock, EXAMPLE_3_UPN).await;
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

#[tokio::test]
async fn concurrent_creates_of_one_pair_all_return_one_chat() {
    let mock = start_mock().await;

    let chats = join_all((0..16).map(|_| created_chat(&mock, EXAMPLE_1_ONE_ON_ONE))).await;

    assert!(chats.iter().all(|chat| chat == &chats[0]), "{chats:?}");
}

#[tokio::test]
async fn every_group_create_makes_a_new_chat() {
    let mock = start_mock().await;

    let first = created_chat(&mock, EXAMPLE_2_GROUP).await;
    let second = created_chat(&mock, EXAMPLE_2_GROUP).await;

    assert_ne!(first["id"], second["id"]);
}

#[tokio::test]
async fn a_group_without_a_topic_has_a_null_topic() {
    let mock = start_mock().await;
    let mut body: Value = serde_json::from_str(EXAMPLE_2_GROUP).unwrap();
    body.as_object_mut().unwrap().remove("topic");

    let chat = created_chat(&mock, &body.to_string()).await;

    assert_eq!(chat["topic"], Value::Null);
}

// ---- headers and formatting ---------------------------------------------------------------

#[tokio::test]
async fn echoes_the_client_request_id_on_success_and_on_error() {
    let mock = start_mock().await;
    let client = reqwest::Client::new();

    for body in [EXAMPLE_1_ONE_ON_ONE, "{"] {
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

    let (status, body) = raw_exchange(&mock, head, EXAMPLE_2_GROUP).await;

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
#[case::compact(compact(EXAMPLE_1_ONE_ON_ONE))]
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
        .body(EXAMPLE_1_ONE_ON_ONE)
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
        .body(EXAMPLE_1_ONE_ON_ONE)
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
