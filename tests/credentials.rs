//! The client-credentials flow against a local wiremock token endpoint (never the internet),
//! and the reading of `AZURE_*` variables through a lookup closure (never the process
//! environment).

use std::collections::HashMap;

use graph_conformance::target::Cloud;
use graph_conformance::target::credentials::{ClientCredentials, CredentialsError};
use graph_conformance::target::token::Secret;
use rstest::rstest;
use serde_json::json;
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const CLIENT: &str = "0f3a2c1e-5b6d-4e7f-8a9b-1c2d3e4f5a6b";
const SECRET: &str = "Xy7~s3cr3t.Value_with+symbols";

fn credentials() -> ClientCredentials {
    ClientCredentials {
        tenant_id: TENANT.into(),
        client_id: CLIENT.into(),
        client_secret: Secret::new(SECRET),
    }
}

fn lookup(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    move |name| vars.get(name).cloned()
}

#[rstest]
#[case::global(Cloud::Global, "https%3A%2F%2Fgraph.microsoft.com%2F.default")]
#[case::usgov_l4(Cloud::UsgovL4, "https%3A%2F%2Fgraph.microsoft.us%2F.default")]
#[case::usgov_l5(Cloud::UsgovL5, "https%3A%2F%2Fdod-graph.microsoft.us%2F.default")]
#[case::china(
    Cloud::China,
    "https%3A%2F%2Fmicrosoftgraph.chinacloudapi.cn%2F.default"
)]
#[tokio::test]
async fn posts_a_client_credentials_form_with_the_clouds_graph_scope(
    #[case] cloud: Cloud,
    #[case] scope: &str,
) {
    let endpoint = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/{TENANT}/oauth2/v2.0/token")))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token_type": "Bearer", "expires_in": 3599, "access_token": "eyJ.app.token"
        })))
        .expect(1)
        .mount(&endpoint)
        .await;

    let token = credentials()
        .fetch_token(&reqwest::Client::new(), &endpoint.uri(), cloud)
        .await
        .expect("the endpoint issues a token");

    let requests = endpoint.received_requests().await.unwrap();
    let mut form: Vec<&str> = std::str::from_utf8(&requests[0].body)
        .unwrap()
        .split('&')
        .collect();
    form.sort_unstable();
    let scope = format!("scope={scope}");
    let mut expected = vec![
        "grant_type=client_credentials".to_string(),
        format!("client_id={CLIENT}"),
        "client_secret=Xy7%7Es3cr3t.Value_with%2Bsymbols".to_string(),
        scope,
    ];
    expected.sort_unstable();
    assert_eq!(form, expected);
    assert_eq!(token.expose(), "eyJ.app.token");
    assert_eq!(token.to_string(), "[redacted]");
}

#[tokio::test]
async fn an_invalid_client_answer_is_a_clear_error_without_the_secret() {
    let endpoint = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_string_contains("grant_type=client_credentials"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": "invalid_client",
            "error_description": "AADSTS7000215: Invalid client secret provided.",
            "error_codes": [7000215],
        })))
        .mount(&endpoint)
        .await;

    let error = credentials()
        .fetch_token(&reqwest::Client::new(), &endpoint.uri(), Cloud::Global)
        .await
        .unwrap_err();

    let message = error.to_string();
    assert_eq!(
        message,
        format!(
            "the token endpoint {}/{TENANT}/oauth2/v2.0/token answered 400: invalid_client: \
             AADSTS7000215: Invalid client secret provided.",
            endpoint.uri()
        )
    );
    assert!(!message.contains(SECRET));
    assert!(!format!("{error:?}").contains(SECRET));
}

#[tokio::test]
async fn an_endpoint_that_echoes_the_secret_has_it_redacted() {
    let endpoint = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "error": "invalid_client",
            "error_description": format!("bad secret {SECRET}"),
        })))
        .mount(&endpoint)
        .await;

    let error = credentials()
        .fetch_token(&reqwest::Client::new(), &endpoint.uri(), Cloud::Global)
        .await
        .unwrap_err();

    assert!(!format!("{error} {error:?}").contains(SECRET));
    assert!(error.to_string().ends_with("bad secret [redacted]"));
}

#[tokio::test]
async fn a_success_without_an_access_token_is_an_error() {
    let endpoint = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"token_type": "Bearer"})))
        .mount(&endpoint)
        .await;

    let error = credentials()
        .fetch_token(&reqwest::Client::new(), &endpoint.uri(), Cloud::Global)
        .await
        .unwrap_err();

    assert!(matches!(
        error,
        CredentialsError::Malformed { status: 200, .. }
    ));
    assert!(error.to_string().contains("without an access_token"));
}

#[test]
fn each_cloud_has_its_own_token_host() {
    let hosts =
        [Cloud::Global, Cloud::UsgovL4, Cloud::UsgovL5, Cloud::China].map(Cloud::token_host);

    assert_eq!(
        hosts,
        [
            "https://login.microsoftonline.com",
            "https://login.microsoftonline.us",
            "https://login.microsoftonline.us",
            "https://login.chinacloudapi.cn",
        ]
    );
}

#[test]
fn reads_all_three_variables() {
    let credentials = ClientCredentials::from_lookup(lookup(&[
        ("AZURE_TENANT_ID", TENANT),
        ("AZURE_CLIENT_ID", CLIENT),
        ("AZURE_CLIENT_SECRET", SECRET),
    ]))
    .unwrap()
    .expect("credentials are set");

    assert_eq!(credentials.tenant_id, TENANT);
    assert_eq!(credentials.client_id, CLIENT);
    assert_eq!(credentials.client_secret.expose(), SECRET);
}

#[rstest]
#[case::none_set(&[])]
#[case::only_empty_values(&[("AZURE_TENANT_ID", ""), ("AZURE_CLIENT_SECRET", " ")])]
fn no_variables_means_no_client_credentials(#[case] vars: &[(&str, &str)]) {
    assert_eq!(ClientCredentials::from_lookup(lookup(vars)), Ok(None));
}

#[rstest]
#[case::secret_missing(
    &[("AZURE_TENANT_ID", TENANT), ("AZURE_CLIENT_ID", CLIENT)],
    "AZURE_CLIENT_SECRET is not set, but AZURE_TENANT_ID and AZURE_CLIENT_ID are"
)]
#[case::tenant_missing(
    &[("AZURE_CLIENT_ID", CLIENT), ("AZURE_CLIENT_SECRET", SECRET)],
    "AZURE_TENANT_ID is not set, but AZURE_CLIENT_ID and AZURE_CLIENT_SECRET are"
)]
#[case::only_the_secret(
    &[("AZURE_CLIENT_SECRET", SECRET)],
    "AZURE_TENANT_ID is not set, but AZURE_CLIENT_SECRET is"
)]
fn some_variables_without_the_others_is_an_error_naming_the_missing_one(
    #[case] vars: &[(&str, &str)],
    #[case] start: &str,
) {
    let error = ClientCredentials::from_lookup(lookup(vars)).unwrap_err();

    let message = error.to_string();
    assert!(message.starts_with(start), "{message}");
    assert!(!message.contains(SECRET));
}

#[test]
fn a_tenant_that_would_change_the_token_url_is_rejected() {
    let error = ClientCredentials::from_lookup(lookup(&[
        ("AZURE_TENANT_ID", "../common"),
        ("AZURE_CLIENT_ID", CLIENT),
        ("AZURE_CLIENT_SECRET", SECRET),
    ]))
    .unwrap_err();

    assert!(matches!(error, CredentialsError::InvalidTenant { .. }));
}
