//! The router: one endpoint, and Graph-shaped answers for everything else.
//!
//! `POST /v1.0/chats` goes to `create_chat`. Another method on that path gets
//! `405 MethodNotAllowed` with `Allow: POST`; any other path gets `404 NotFound`. Every
//! answer, these included, passes through the `headers` middleware, which adds Graph's
//! headers and renders errors as Graph's envelope.

use std::sync::Arc;

use axum::Router;
use axum::http::header::ALLOW;
use axum::http::{HeaderValue, Method, Uri};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::post;

use super::config::MockConfig;
use super::create_chat::create_chat;
use super::error::GraphError;
use super::headers;
use super::store::ChatStore;

/// What every request of one server shares.
#[derive(Debug)]
pub(crate) struct AppState {
    /// The settings the server was started with.
    pub config: MockConfig,
    /// The chats created so far.
    pub store: ChatStore,
    /// The server's base URL, such as `http://127.0.0.1:4010/v1.0`.
    pub base_url: String,
}

/// The mock's routes, fallbacks and middleware.
pub(crate) fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route(
            "/v1.0/chats",
            post(create_chat).fallback(method_not_allowed),
        )
        .fallback(unknown_path)
        .layer(middleware::from_fn(headers::stamp))
        .with_state(state)
}

async fn unknown_path(method: Method, uri: Uri) -> GraphError {
    GraphError::unknown_path(method.as_str(), uri.path())
}

async fn method_not_allowed(method: Method) -> Response {
    let mut response = GraphError::method_not_allowed(method.as_str()).into_response();

    response
        .headers_mut()
        .insert(ALLOW, HeaderValue::from_static("POST"));
    response
}
