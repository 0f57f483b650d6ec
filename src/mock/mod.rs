//! The reference mock: a Graph-shaped server for `POST /v1.0/chats`.
//!
//! It answers like Microsoft Graph's Create chat does: the caller and its permissions come
//! from the bearer token, members are resolved in a small user [`Directory`], the documented
//! rules reject a bad request with Graph's error envelope, one-on-one chats are idempotent
//! per pair, installing an app answers `202 Accepted`, an optional throttle answers `429`,
//! and ids and headers have Graph's formats. [`MockConfig`] picks the directory, the body
//! limit, lenient or strict tokens, and the throttle.
//!
//! # Why axum and not wiremock
//!
//! wiremock answers canned responses to matched requests inside a test. The reference mock
//! needs more than that: a real server process behind `graph-conformance mock --port`, state
//! across requests (the one-on-one store must hand back the same chat, also under concurrent
//! requests), and full control of the raw body, the headers and the error envelope, so that
//! any JSON formatting is accepted and every rejection is Graph-shaped rather than a
//! framework's. axum gives that with little code. wiremock stays in the test suite, where the
//! deliberately broken mocks are exactly the canned answers it is good at.
//!
//! # How the pieces fit
//!
//! - [`reference`](mod@reference): [`Reference`], the whole behaviour as a synchronous
//!   function from a [`MockRequest`] to a [`MockResponse`]; tests can put it behind any
//!   transport.
//! - [`server`]: [`MockServer`], binding, serving and shutting down; `app`: the axum adaptor
//!   that turns HTTP into calls of [`Reference::respond`].
//! - `routes`: which endpoint a request is for; `create_chat`: the one real endpoint.
//! - `headers`: the headers every response carries and the rendering of errors;
//!   `error`: Graph's error envelope.
//! - [`token`]: who the caller is and what the token grants; [`directory`]: which users
//!   exist, in which tenant.
//! - `rules`: one file per rule, run in a fixed order (authentication, throttling,
//!   permissions, content type, size, then the body); a new rule is one file and one line.
//! - `ids`, `store`, `model`, `timestamps`: chat ids, the idempotency store, the request and
//!   chat types, and Graph's date formats.
//!
//! # Examples
//!
//! A server, for any HTTP client:
//!
//! ```no_run
//! use std::path::Path;
//!
//! use graph_conformance::mock::{MockConfig, MockServer};
//! use graph_conformance::profile::Profile;
//!
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! let profile = Profile::load(Path::new("profiles/docs.json"))?;
//! let mock = MockServer::start(MockConfig::from_profile(&profile)).await?;
//! let chats_url = format!("{}/chats", mock.base_url());
//! // Send `POST {chats_url}` with any HTTP client; the mock stops when `mock` is dropped.
//! # let _ = chats_url;
//! # Ok(())
//! # }
//! ```
//!
//! The same behaviour without a server, for example inside a wiremock responder:
//!
//! ```
//! use graph_conformance::mock::{Directory, MockConfig, MockRequest, Reference};
//!
//! let reference = Reference::new(MockConfig::new(Directory::new("t")), "http://x/v1.0");
//! let response = reference.respond(&MockRequest::new("POST", "/v1.0/me/chats"));
//!
//! assert_eq!(response.status, 405);
//! ```

mod app;
mod config;
mod create_chat;
pub mod directory;
mod error;
mod headers;
mod ids;
mod model;
pub mod reference;
mod routes;
mod rules;
pub mod server;
mod store;
mod timestamps;
pub mod token;

pub use config::MockConfig;
pub use directory::{Directory, DirectoryUser};
pub use reference::{MockRequest, MockResponse, Reference};
pub use rules::throttling::TEAMS_REQUESTS_PER_SECOND_PER_APP_PER_TENANT;
pub use server::{MockError, MockServer};
