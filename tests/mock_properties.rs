//! The reference mock never panics and always answers in Graph's shape.
//!
//! Four properties send generated requests straight through [`Reference::respond`] (no HTTP,
//! so they are cheap): mutations of the documented bodies, arbitrary and damaged bytes,
//! arbitrary headers, methods and paths, and huge or deeply nested values. Together they send
//! [`TOTAL_CASES`] requests. Each answer must be one of:
//!
//! - `201 Created` with a chat of the documented shape and OData's headers;
//! - `202 Accepted` with no body and a relative operation `Location`;
//! - a `4xx` with Graph's error envelope, whose `error.code` fits the status and whose
//!   `innerError` repeats the response's ids.
//!
//! Every answer also carries `request-id`, `client-request-id`, `Date` and `Cache-Control`.

use std::path::Path;
use std::sync::LazyLock;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use graph_conformance::mock::token::{CONSUMER_TENANT_ID, unsigned_token};
use graph_conformance::mock::{MockConfig, MockRequest, MockResponse, Reference};
use graph_conformance::profile::Profile;
use proptest::prelude::*;
use proptest::test_runner::{RngAlgorithm, TestCaseError};
use regex::Regex;
use serde_json::{Map, Value, json};

const MUTATED_BODY_CASES: u32 = 40_000;
const ARBITRARY_BYTES_CASES: u32 = 20_000;
const ARBITRARY_HEADERS_CASES: u32 = 25_000;
const HUGE_OR_DEEP_CASES: u32 = 15_000;

/// How many requests the properties send in all.
const TOTAL_CASES: u32 =
    MUTATED_BODY_CASES + ARBITRARY_BYTES_CASES + ARBITRARY_HEADERS_CASES + HUGE_OR_DEEP_CASES;

const _: () = assert!(TOTAL_CASES >= 100_000);

const HOME: &str = "b33cbe9f-8ebe-4f2a-912b-7e2a427f477f";
const PARTNER: &str = "4dc1fe35-8ac6-4f0d-904a-7ebcd364bea1";
const ADELE: &str = "8b081ef6-4792-4def-b2c9-c363a1bf41d5";
const LEE: &str = "82af01c5-f7cc-4a2e-a728-3a5df21afd9d";
const ALEX: &str = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca";
const JACOB: &str = "82fe7758-5bb3-4f0d-a43f-e555fd399c6f";
const MEGAN: &str = "3626a173-f2bc-4883-bcf7-01514c3bfb82";
const GUEST: &str = "8ba98gf6-7fc2-4eb2-c7f2-aef9f21fd98g";
const MEMBER_TYPE: &str = "#microsoft.graph.aadUserConversationMember";
const TEAMS_APP: &str =
    "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/05F59CEC-A742-4A50-A62E-202A57E478A4";

// ---- the mocks ------------------------------------------------------------------------------

fn docs_config() -> MockConfig {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("profiles/docs.json");
    MockConfig::from_profile(&Profile::load(&path).expect("the docs profile loads"))
}

/// The mocks the cases go to. Each is shared by every case; their stores fill up as cases
/// create chats.
#[derive(Debug, Clone, Copy)]
enum Mock {
    /// The default settings.
    Lenient,
    /// Strict tokens and a 16 KiB body limit, to reach 401 and 413 too.
    Strict,
    /// Throttled to 50 requests per second, to reach 429 too.
    Throttled,
}

static LENIENT: LazyLock<Reference> = LazyLock::new(|| reference_with(docs_config()));
static STRICT: LazyLock<Reference> =
    LazyLock::new(|| reference_with(docs_config().strict(true).with_max_body_bytes(16 * 1024)));
static THROTTLED: LazyLock<Reference> =
    LazyLock::new(|| reference_with(docs_config().throttle(50)));

fn reference_with(config: MockConfig) -> Reference {
    Reference::new(config, "http://mock.test/v1.0")
}

impl Mock {
    fn reference(self) -> &'static Reference {
        match self {
            Mock::Lenient => &LENIENT,
            Mock::Strict => &STRICT,
            Mock::Throttled => &THROTTLED,
        }
    }
}

fn any_mock() -> impl Strategy<Value = Mock> {
    prop_oneof![
        3 => Just(Mock::Lenient),
        2 => Just(Mock::Strict),
        1 => Just(Mock::Throttled),
    ]
}

// ---- the oracle -----------------------------------------------------------------------------

static ONE_ON_ONE_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^19:[^_]+_[^_]+@unq\.gbl\.spaces$").unwrap());
static GROUP_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^19:[0-9a-f]{32}@thread\.v2$").unwrap());
static TIMESTAMP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$").unwrap());
static INNER_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$").unwrap());
static LOCATION: LazyLock<Regex> = LazyLock::new(|| {
    let guid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    Regex::new(&format!(
        r"^/chats\('19:[^']+'\)/operations\('{guid}-{guid}-{guid}'\)$"
    ))
    .unwrap()
});

/// Checks that `response` is a chat, an accepted installation or a Graph error.
fn check_answer(response: &MockResponse) -> Result<(), TestCaseError> {
    for name in ["request-id", "client-request-id", "date", "cache-control"] {
        prop_assert!(response.header(name).is_some(), "no {name}: {response:?}");
    }

    match response.status {
        201 => check_chat(response),
        202 => check_accepted(response),
        400..=499 => check_error(response),
        status => Err(TestCaseError::fail(format!(
            "status {status} is neither a success nor a client error: {}",
            String::from_utf8_lossy(&response.body)
        ))),
    }
}

fn check_chat(response: &MockResponse) -> Result<(), TestCaseError> {
    prop_assert!(
        response
            .header("content-type")
            .is_some_and(|value| value.starts_with("application/json;odata.metadata=minimal"))
    );
    prop_assert_eq!(response.header("odata-version"), Some("4.0"));
    let chat: Value = serde_json::from_slice(&response.body)
        .map_err(|error| TestCaseError::fail(format!("the chat is not JSON: {error}")))?;

    let id = chat["id"].as_str().unwrap_or_default();
    match chat["chatType"].as_str() {
        Some("oneOnOne") => {
            prop_assert!(ONE_ON_ONE_ID.is_match(id), "{id}");
            prop_assert!(chat["topic"].is_null(), "{chat}");
        }
        Some("group") => {
            prop_assert!(GROUP_ID.is_match(id), "{id}");
            prop_assert!(
                chat["topic"].is_null() || chat["topic"].is_string(),
                "{chat}"
            );
        }
        _ => return Err(TestCaseError::fail(format!("no chatType: {chat}"))),
    }
    prop_assert_eq!(
        chat["@odata.context"].as_str(),
        Some("http://mock.test/v1.0/$metadata#chats/$entity")
    );
    let created = chat["createdDateTime"].as_str().unwrap_or_default();
    prop_assert!(TIMESTAMP.is_match(created), "{chat}");
    prop_assert_eq!(&chat["lastUpdatedDateTime"], &chat["createdDateTime"]);
    Ok(())
}

fn check_accepted(response: &MockResponse) -> Result<(), TestCaseError> {
    prop_assert!(response.body.is_empty());
    let location = response.header("location").unwrap_or_default();
    prop_assert!(LOCATION.is_match(location), "{location}");
    Ok(())
}

fn check_error(response: &MockResponse) -> Result<(), TestCaseError> {
    prop_assert_eq!(response.header("content-type"), Some("application/json"));
    let envelope: Value = serde_json::from_slice(&response.body)
        .map_err(|error| TestCaseError::fail(format!("the envelope is not JSON: {error}")))?;
    let error = &envelope["error"];
    let inner = &error["innerError"];

    let expected_code = match response.status {
        400 => "BadRequest",
        401 => "InvalidAuthenticationToken",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        413 => "RequestEntityTooLarge",
        415 => "UnsupportedMediaType",
        429 => "TooManyRequests",
        other => return Err(TestCaseError::fail(format!("unexpected status {other}"))),
    };
    prop_assert_eq!(error["code"].as_str(), Some(expected_code), "{}", envelope);
    prop_assert!(
        error["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{envelope}"
    );
    prop_assert!(
        INNER_DATE.is_match(inner["date"].as_str().unwrap_or_default()),
        "{envelope}"
    );
    prop_assert_eq!(inner["request-id"].as_str(), response.header("request-id"));
    prop_assert_eq!(
        inner["client-request-id"].as_str(),
        response.header("client-request-id")
    );
    if response.status == 429 {
        let retry_after = response.header("retry-after").unwrap_or_default();
        prop_assert!(retry_after.parse::<u64>().is_ok_and(|s| s >= 1));
    }
    Ok(())
}

// ---- documented bodies and their mutations --------------------------------------------------

fn member(user: &str, roles: &[&str]) -> Value {
    json!({"@odata.type": MEMBER_TYPE, "roles": roles,
           "user@odata.bind": format!("https://graph.microsoft.com/v1.0/users('{user}')")})
}

/// The seven documented request bodies, with the docs profile's users.
fn documented_bodies() -> Vec<Value> {
    let mut federated = member(LEE, &["owner"]);
    federated["tenantId"] = json!(PARTNER);
    let owner = |user| member(user, &["owner"]);
    let rsc_app = json!({"teamsApp@odata.bind": TEAMS_APP, "consentedPermissionSet": {
        "resourceSpecificPermissions": [{"permissionValue": "ChatMessage.Read.Chat",
                                         "permissionType": "application"}]}});
    vec![
        json!({"chatType": "oneOnOne", "members": [owner(ADELE), owner(LEE)]}),
        json!({"chatType": "group", "topic": "Group chat title",
               "members": [owner(ALEX), owner(JACOB), owner(MEGAN)]}),
        json!({"chatType": "oneOnOne", "members": [owner(ADELE), owner(LEE)],
               "installedApps": [{"teamsApp@odata.bind": TEAMS_APP}]}),
        json!({"chatType": "oneOnOne", "members": [owner(ADELE), owner(LEE)],
               "installedApps": [rsc_app]}),
        json!({"chatType": "oneOnOne",
               "members": [owner("jacob@contoso.com"), owner("alex@contoso.com")]}),
        json!({"chatType": "group", "topic": "Group chat title",
               "members": [owner(ALEX), owner(JACOB), member(GUEST, &["guest"])]}),
        json!({"chatType": "oneOnOne", "members": [owner(ADELE), federated]}),
    ]
}

fn documented_body() -> impl Strategy<Value = Value> {
    prop::sample::select(documented_bodies())
}

/// Strings that mean something to the rules, and some that break parsers.
fn interesting_string() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "oneOnOne",
            "group",
            "meeting",
            "unknownFutureValue",
            "OneOnOne",
            "owner",
            "guest",
            "member",
            "Owner",
            MEMBER_TYPE,
            "#microsoft.graph.conversationMember",
            TEAMS_APP,
            "https://graph.microsoft.com/v1.0/users('8b081ef6-4792-4def-b2c9-c363a1bf41d5')",
            "https://graph.microsoft.com/v1.0/users('jacob@contoso.com')",
            "https://graph.microsoft.com/v1.0/users/82af01c5-f7cc-4a2e-a728-3a5df21afd9d",
            "users('%E9%')",
            "users('')",
            "users(",
            "users/",
            "/users/a/b",
            "teamsApps/",
            HOME,
            PARTNER,
            CONSUMER_TENANT_ID,
            GUEST,
            "",
            " ",
            "é",
            "\u{0}",
            "'",
            "%",
            "\u{feff}",
        ])
        .prop_map(str::to_owned),
        ".{0,16}",
    ]
}

/// Any JSON value, a few levels deep, leaning towards meaningful strings.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|n| json!(n)),
        interesting_string().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::vec((key(), inner), 0..4)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// Keys the rules read, and others.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "chatType",
            "topic",
            "members",
            "@odata.type",
            "roles",
            "user@odata.bind",
            "tenantId",
            "installedApps",
            "teamsApp@odata.bind",
            "consentedPermissionSet",
            "user@odata_bind",
            "user",
        ])
        .prop_map(str::to_owned),
        ".{0,8}",
    ]
}

/// One change at a node of a JSON body, chosen by a path of indices.
#[derive(Debug, Clone)]
enum Mutation {
    DropKey,
    Replace(Value),
    ReplaceWithString(String),
    SetKey(String, Value),
    DuplicateElement,
    WrapInArray,
    WrapInObject(String),
    HugeString(usize),
    DeepNesting(usize),
}

fn mutation() -> impl Strategy<Value = (Vec<usize>, Mutation)> {
    let kind = prop_oneof![
        4 => Just(Mutation::DropKey),
        4 => any_json().prop_map(Mutation::Replace),
        4 => interesting_string().prop_map(Mutation::ReplaceWithString),
        4 => (key(), any_json()).prop_map(|(key, value)| Mutation::SetKey(key, value)),
        2 => Just(Mutation::DuplicateElement),
        1 => Just(Mutation::WrapInArray),
        1 => key().prop_map(Mutation::WrapInObject),
        1 => (0usize..20_000).prop_map(Mutation::HugeString),
        1 => (100usize..400).prop_map(Mutation::DeepNesting),
    ];
    (prop::collection::vec(any::<usize>(), 0..4), kind)
}

/// Applies `mutation` at the node that `path` leads to (stopping early at a leaf).
fn mutate(value: &mut Value, path: &[usize], mutation: &Mutation) {
    let next = match value {
        Value::Object(object) if !path.is_empty() && !object.is_empty() => {
            let index = path[0] % object.len();
            object.values_mut().nth(index)
        }
        Value::Array(array) if !path.is_empty() && !array.is_empty() => {
            let index = path[0] % array.len();
            array.get_mut(index)
        }
        _ => None,
    };
    if let Some(next) = next {
        return mutate(next, &path[1..], mutation);
    }

    let selector = path.first().copied().unwrap_or(0);
    match mutation {
        Mutation::DropKey => {
            if let Value::Object(object) = value
                && let Some(key) = object.keys().nth(selector % object.len().max(1)).cloned()
            {
                object.remove(&key);
            }
        }
        Mutation::Replace(replacement) => *value = replacement.clone(),
        Mutation::ReplaceWithString(text) => *value = Value::from(text.as_str()),
        Mutation::SetKey(key, added) => {
            if let Value::Object(object) = value {
                object.insert(key.clone(), added.clone());
            }
        }
        Mutation::DuplicateElement => {
            if let Value::Array(array) = value
                && !array.is_empty()
            {
                let copy = array[selector % array.len()].clone();
                array.push(copy);
            }
        }
        Mutation::WrapInArray => *value = Value::Array(vec![value.take()]),
        Mutation::WrapInObject(key) => {
            *value = Value::Object(Map::from_iter([(key.clone(), value.take())]));
        }
        Mutation::HugeString(length) => *value = Value::from("é".repeat(*length)),
        Mutation::DeepNesting(depth) => {
            // Built by hand: `json!([nested])` would serialize `nested` again at every level.
            let mut nested = Value::Null;
            for _ in 0..*depth {
                nested = Value::Array(vec![nested]);
            }
            *value = nested;
        }
    }
}

// ---- callers and headers --------------------------------------------------------------------

/// A well-formed `Authorization` value for a caller the docs profile knows, or a placeholder.
fn known_caller() -> impl Strategy<Value = String> {
    let users = vec![ADELE, LEE, ALEX, JACOB, MEGAN, GUEST];
    prop_oneof![
        3 => Just("Bearer placeholder-token".to_owned()),
        2 => prop::sample::select(users).prop_map(|oid| bearer(&json!({
            "oid": oid, "tid": HOME, "scp": "Chat.Create", "appid": "app", "idtyp": "user"}))),
        1 => Just(bearer(&json!({"oid": "app", "tid": HOME, "roles": ["Chat.Create"],
                                 "appid": "app", "idtyp": "app"}))),
    ]
}

fn bearer(claims: &Value) -> String {
    format!("Bearer {}", unsigned_token(claims))
}

/// Random claims, some of them the ones the mock reads.
fn claims() -> impl Strategy<Value = Value> {
    let tid = prop::sample::select(vec![HOME, PARTNER, CONSUMER_TENANT_ID, "", "x"]);
    let scp = prop::sample::select(vec!["Chat.Create", "Chat.ReadWrite", "User.Read", "", " "]);
    let roles = prop_oneof![
        prop::collection::vec(prop::sample::select(vec!["Chat.Create", "x"]), 0..3)
            .prop_map(|roles| json!(roles)),
        any_json(),
    ];
    (
        prop::option::of(prop::sample::select(vec![ADELE, LEE, GUEST, "nobody"])),
        prop::option::of(tid),
        prop::option::of(prop_oneof![scp.prop_map(Value::from), any_json()]),
        prop::option::of(roles),
        prop::option::of(interesting_string()),
    )
        .prop_map(|(oid, tid, scp, roles, appid)| {
            let mut claims = Map::new();
            let mut put = |name: &str, value: Option<Value>| {
                if let Some(value) = value {
                    claims.insert(name.to_owned(), value);
                }
            };
            put("oid", oid.map(Value::from));
            put("tid", tid.map(Value::from));
            put("scp", scp);
            put("roles", roles);
            put("appid", appid.map(Value::from));
            Value::Object(claims)
        })
}

/// Any `Authorization` header, or (rarely) none.
fn any_authorization() -> impl Strategy<Value = Option<String>> {
    let jwt_ish = (".{0,12}", claims(), "[A-Za-z0-9_-]{0,12}").prop_map(|(header, claims, sig)| {
        format!(
            "Bearer {}.{}.{sig}",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        )
    });
    prop::option::weighted(
        0.9,
        prop_oneof![
            known_caller(),
            claims().prop_map(|claims| bearer(&claims)),
            jwt_ish,
            "(Bearer|bearer|Basic|BEARER)? ?[ -~]{0,40}",
            ".{0,40}",
        ],
    )
}

/// Any `Content-Type` header, or (rarely) none.
fn any_content_type() -> impl Strategy<Value = Option<String>> {
    prop::option::weighted(
        0.9,
        prop_oneof![
            3 => prop::sample::select(vec![
                "application/json", "Application/JSON; charset=utf-8",
                "application/json;odata.metadata=minimal", "text/plain", "application/jsonx",
                "", ";", "application/x-www-form-urlencoded",
            ])
            .prop_map(str::to_owned),
            1 => ".{0,30}",
        ],
    )
}

fn json_request(authorization: Option<String>, body: Vec<u8>) -> MockRequest {
    let mut request = MockRequest::new("POST", "/v1.0/chats")
        .with_header("Content-Type", "application/json")
        .with_body(body);
    if let Some(authorization) = authorization {
        request = request.with_header("Authorization", authorization);
    }
    request
}

/// Damages serialized JSON: truncation, a changed byte or inserted bytes.
fn damage(mut bytes: Vec<u8>, how: u8, at: usize, byte: u8) -> Vec<u8> {
    let at = if bytes.is_empty() {
        0
    } else {
        at % bytes.len()
    };
    match how % 4 {
        0 => bytes.truncate(at),
        1 => {
            if let Some(slot) = bytes.get_mut(at) {
                *slot = byte;
            }
        }
        2 => bytes.splice(at..at, [byte, b'"', b'{']).for_each(drop),
        _ => {}
    }
    bytes
}

// ---- the properties -------------------------------------------------------------------------

/// `cases` cases with a fast random generator: in a debug build, seeding the default ChaCha
/// generator for every case costs about as much as answering the request.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        rng_algorithm: RngAlgorithm::XorShift,
        ..ProptestConfig::with_cases(cases)
    }
}

proptest! {
    #![proptest_config(config(MUTATED_BODY_CASES))]

    #[test]
    fn any_mutation_of_a_documented_body_is_answered_with_a_chat_or_a_graph_error(
        mut body in documented_body(),
        mutations in prop::collection::vec(mutation(), 0..4),
        caller in known_caller(),
        duplicate_key in prop::option::of((key(), any_json())),
    ) {
        for (path, mutation) in &mutations {
            mutate(&mut body, path, mutation);
        }
        let mut text = body.to_string();
        if let Some((key, value)) = duplicate_key
            && let Some(brace) = text.find('{')
        {
            // serde_json keeps one value per key, so a duplicate is written into the text.
            text.insert_str(brace + 1, &format!("{}:{value},", json!(key)));
        }

        let response = LENIENT.respond(&json_request(Some(caller), text.into_bytes()));

        check_answer(&response)?;
    }
}

proptest! {
    #![proptest_config(config(ARBITRARY_BYTES_CASES))]

    #[test]
    fn any_bytes_or_damaged_json_are_answered_with_a_graph_error_or_a_chat(
        body in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..512),
            (documented_body(), any::<u8>(), any::<usize>(), any::<u8>()).prop_map(
                |(body, how, at, byte)| damage(body.to_string().into_bytes(), how, at, byte)
            ),
        ],
        mock in any_mock(),
        caller in known_caller(),
    ) {
        let response = mock.reference().respond(&json_request(Some(caller), body));

        check_answer(&response)?;
    }
}

proptest! {
    #![proptest_config(config(ARBITRARY_HEADERS_CASES))]

    #[test]
    fn any_headers_method_and_path_are_answered_in_graphs_shape(
        authorization in any_authorization(),
        content_type in any_content_type(),
        extra in prop::collection::vec((key(), ".{0,20}"), 0..3),
        client_request_id in prop::option::of(".{0,40}"),
        (method, path) in prop_oneof![
            8 => Just(("POST", "/v1.0/chats")),
            2 => (
                prop::sample::select(vec!["POST", "GET", "PUT", "post", ""]),
                prop::sample::select(vec![
                    "/v1.0/chats", "/V1.0/Chats?$x=1", "/v1.0/me/chats", "/v1.0/chats/", "",
                    "/", "/beta/chats",
                ]),
            ),
        ],
        body in documented_body(),
        mock in any_mock(),
    ) {
        let mut request = MockRequest::new(method, path).with_body(body.to_string());
        request.headers.extend(extra);
        if let Some(value) = authorization {
            request = request.with_header("Authorization", value);
        }
        if let Some(value) = content_type {
            request = request.with_header("Content-Type", value);
        }
        if let Some(value) = client_request_id {
            request = request.with_header("client-request-id", value);
        }

        let response = mock.reference().respond(&request);

        check_answer(&response)?;
    }
}

proptest! {
    #![proptest_config(config(HUGE_OR_DEEP_CASES))]

    #[test]
    fn huge_strings_and_deep_nesting_are_answered_without_a_panic(
        depth in 0usize..600,
        length in prop_oneof![0usize..1_000, 10_000usize..40_000],
        filler in prop::sample::select(vec!["x", "é", "\\u00e9", "\\\"", "[", "{\"a\":"]),
        place in 0u8..4,
        mock in any_mock(),
    ) {
        let huge = filler.repeat(length);
        let body = match place {
            0 => format!(r#"{{"chatType":"group","topic":"{huge}","members":[]}}"#),
            1 => format!("{}{}", "[".repeat(depth), "]".repeat(depth)),
            2 => format!(r#"{{"chatType":"oneOnOne","members":{}1{}}}"#,
                         "[".repeat(depth), "]".repeat(depth)),
            _ => format!("{}{huge}", "{\"a\":".repeat(depth)),
        };

        // An application's token passes in every mock and skips the initiator rule.
        let caller = bearer(&json!({"tid": HOME, "roles": ["Chat.Create"], "appid": "app"}));
        let response = mock.reference().respond(&json_request(Some(caller), body.into_bytes()));

        check_answer(&response)?;
    }
}

#[test]
fn every_documented_body_passes_the_oracle_as_a_success() {
    for body in documented_bodies() {
        let response = LENIENT.respond(&json_request(
            Some("Bearer placeholder-token".to_owned()),
            body.to_string().into_bytes(),
        ));

        assert!(matches!(response.status, 201 | 202), "{body}: {response:?}");
        check_answer(&response).unwrap();
    }
}
