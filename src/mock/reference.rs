//! The reference behaviour as a plain function: one request in, one response out.
//!
//! [`Reference`] owns everything the mock knows (its settings, the chats created so far and
//! the throttling windows) and answers a [`MockRequest`] with a [`MockResponse`],
//! synchronously. The axum server (`app`) only converts HTTP to these types and back, so a
//! test can put the very same behaviour behind another transport, such as a wiremock
//! responder, and change one detail of an answer to build a deliberately broken mock.
//!
//! `Reference` is `Send + Sync`; share one behind an `Arc` between threads. Its state sits
//! behind locks, so concurrent creates of one pair still make one chat.
//!
//! ```
//! use graph_conformance::mock::{Directory, MockConfig, MockRequest, Reference};
//!
//! let reference = Reference::new(
//!     MockConfig::new(Directory::new("tenant-id")),
//!     "http://localhost/v1.0",
//! );
//! let request = MockRequest::new("POST", "/v1.0/chats")
//!     .with_header("Content-Type", "application/json")
//!     .with_body("{}");
//!
//! let response = reference.respond(&request);
//!
//! assert_eq!(response.status, 401);
//! assert_eq!(response.header("content-type"), Some("application/json"));
//! ```

use time::OffsetDateTime;

use super::config::MockConfig;
use super::create_chat::{self, Body};
use super::error::GraphError;
use super::headers::{RequestIds, error_response, stamp};
use super::routes::{Route, route};
use super::rules::throttling::Throttle;
use super::store::ChatStore;

/// One HTTP request, as the reference mock reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MockRequest {
    /// The method, such as `POST`.
    pub method: String,
    /// The path, such as `/v1.0/chats`; a query string after `?` is ignored.
    pub path: String,
    /// The headers in the order sent; names match in any case.
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub body: Vec<u8>,
}

impl MockRequest {
    /// A request with no headers and an empty body.
    pub fn new(method: impl Into<String>, path: impl Into<String>) -> Self {
        Self {
            method: method.into(),
            path: path.into(),
            ..Self::default()
        }
    }

    /// Adds a header.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sets the body.
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// The value of the first header called `name`, in any case.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// One HTTP response of the reference mock.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MockResponse {
    /// The status code, such as `201`.
    pub status: u16,
    /// The headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body: a chat, Graph's error envelope, or nothing.
    pub body: Vec<u8>,
}

impl MockResponse {
    /// The value of the first header called `name`, in any case.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// The reference mock's behaviour, without a transport.
#[derive(Debug)]
pub struct Reference {
    config: MockConfig,
    store: ChatStore,
    throttle: Throttle,
    base_url: String,
}

impl Reference {
    /// A mock with `config` whose chats say they live under `base_url`, such as
    /// `http://127.0.0.1:4010/v1.0` (it goes into `@odata.context`).
    pub fn new(config: MockConfig, base_url: impl Into<String>) -> Self {
        Self {
            config,
            store: ChatStore::default(),
            throttle: Throttle::default(),
            base_url: base_url.into(),
        }
    }

    /// The settings this mock was made with.
    pub fn config(&self) -> &MockConfig {
        &self.config
    }

    /// The base URL this mock's chats name.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Answers one request exactly as the server would: the same status, headers and body.
    pub fn respond(&self, request: &MockRequest) -> MockResponse {
        self.answer(request, Body::Received(&request.body))
    }

    /// Answers a request whose body could not be received, for a transport that lost it.
    pub(crate) fn respond_to_unreadable_body(&self, request: &MockRequest) -> MockResponse {
        self.answer(request, Body::Unreadable)
    }

    pub(crate) fn store(&self) -> &ChatStore {
        &self.store
    }

    pub(crate) fn throttle(&self) -> &Throttle {
        &self.throttle
    }

    fn answer(&self, request: &MockRequest, body: Body<'_>) -> MockResponse {
        // One clock reading for the chat's timestamps, the `Date` header and `innerError.date`.
        let now = OffsetDateTime::now_utc();
        let ids = RequestIds::for_request(request);

        let outcome = match route(&request.method, &request.path) {
            Route::CreateChat => create_chat::handle(self, request, body, now),
            Route::MethodNotAllowed => Err(GraphError::method_not_allowed(&request.method)),
            Route::PostToMyChats => Err(GraphError::not_a_create_endpoint(&request.method)),
            Route::Unknown => Err(GraphError::unknown_path(&request.method, &request.path)),
        };
        let mut response = outcome.unwrap_or_else(|error| error_response(&error, &ids, now));

        stamp(&mut response, &ids, now);
        tracing::debug!(
            method = request.method,
            status = response.status,
            "mock answered"
        );
        response
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(candidate, _)| candidate.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mock::Directory;

    #[test]
    fn a_reference_can_be_shared_between_threads() {
        fn assert_send_sync<T: Send + Sync>() {}

        assert_send_sync::<Reference>();
    }

    #[test]
    fn header_names_match_in_any_case_and_the_first_wins() {
        let request = MockRequest::new("POST", "/v1.0/chats")
            .with_header("Content-Type", "application/json")
            .with_header("content-type", "text/plain");

        assert_eq!(request.header("CONTENT-TYPE"), Some("application/json"));
        assert_eq!(request.header("authorization"), None);
    }

    #[test]
    fn every_answer_carries_the_request_ids_and_the_date() {
        let reference = Reference::new(MockConfig::new(Directory::new("t")), "http://x/v1.0");

        let response = reference.respond(&MockRequest::new("GET", "/v1.0/nowhere"));

        assert_eq!(response.status, 404);
        assert!(response.header("request-id").is_some());
        assert_eq!(
            response.header("client-request-id"),
            response.header("request-id")
        );
        assert!(response.header("date").is_some());
        assert_eq!(response.header("cache-control"), Some("private"));
    }
}
