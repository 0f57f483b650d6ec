//! The transport of a broken mock: a wiremock server whose one responder hands every request
//! to a [`Reference`], with a [`Break`] applied on the way in and on the way out.
//!
//! With [`Break::None`] the round trip changes nothing the harness checks, which the faithful
//! row of the catalogue proves; so whatever a broken mock gets wrong is its break's doing.

use graph_conformance::mock::{MockConfig, MockRequest, MockResponse, Reference};
use graph_conformance::profile::Profile;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

use crate::catalogue::{Break, Context};

/// Headers the transport computes itself; the reference's values are dropped.
const HOP_BY_HOP: &[&str] = &["content-length", "transfer-encoding", "connection"];

/// A running broken mock. It stops when dropped.
pub struct BrokenMock {
    _server: MockServer,
    base_url: String,
}

impl BrokenMock {
    /// Starts a wiremock server that answers like the reference mock of `profile`, except
    /// for `broken`.
    pub async fn start(broken: Break, profile: &Profile) -> Self {
        // Recording would keep every body, the 5 MiB of the oversized case among them.
        let server = MockServer::builder()
            .disable_request_recording()
            .start()
            .await;
        let base_url = format!("{}/v1.0", server.uri());

        let config = MockConfig::from_profile(profile).strict(true);
        let responder = Forwarder {
            reference: Reference::new(config, base_url.clone()),
            broken,
            context: Context::new(profile.clone(), base_url.clone()),
        };
        Mock::given(any())
            .respond_with(responder)
            .mount(&server)
            .await;

        Self {
            _server: server,
            base_url,
        }
    }

    /// The base URL to run the suite against, such as `http://127.0.0.1:4321/v1.0`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }
}

/// The responder: request in, [`Break::alter_request`], reference, [`Break::alter_response`].
struct Forwarder {
    reference: Reference,
    broken: Break,
    context: Context,
}

impl Respond for Forwarder {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let sent = mock_request(request);

        let mut forwarded = sent.clone();
        self.broken.alter_request(&mut forwarded, &self.context);
        let mut response = self.reference.respond(&forwarded);
        self.broken
            .alter_response(&sent, &mut response, &self.context);

        response_template(response)
    }
}

/// The request as the reference reads it: method, path with its query, every header, body.
fn mock_request(request: &wiremock::Request) -> MockRequest {
    let path = match request.url.query() {
        Some(query) => format!("{}?{query}", request.url.path()),
        None => request.url.path().to_owned(),
    };
    let headers = request
        .headers
        .iter()
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.as_str().to_owned(), value)
        })
        .collect();

    MockRequest {
        method: request.method.as_str().to_owned(),
        path,
        headers,
        body: request.body.clone(),
    }
}

/// The reference's answer as wiremock sends it: the same status, headers and bytes.
fn response_template(response: MockResponse) -> ResponseTemplate {
    let mut template = ResponseTemplate::new(response.status);
    for (name, value) in response.headers {
        if !HOP_BY_HOP.contains(&name.to_ascii_lowercase().as_str()) {
            template = template.append_header(name, value);
        }
    }

    template.set_body_bytes(response.body)
}
