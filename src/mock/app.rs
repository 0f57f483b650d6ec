//! The axum adaptor: HTTP in, [`Reference::respond`] in the middle, HTTP out.
//!
//! One fallback handler takes every request. It copies the method, path and headers into a
//! [`MockRequest`], receives the body up to one byte past the configured limit (enough for
//! the reference to answer `413`; the rest of an oversized body is read and dropped, up to a
//! bound, so that a client still sending gets the answer rather than a reset connection), and
//! turns the [`MockResponse`] back into HTTP. All decisions live in the reference.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use futures::StreamExt as _;

use super::reference::{MockRequest, MockResponse, Reference};

/// How much of an oversized body is read and dropped before answering.
const DRAIN_LIMIT: usize = 64 * 1024 * 1024;

/// The mock's one route: everything goes to the reference.
pub(crate) fn router(reference: Arc<Reference>) -> Router {
    Router::new().fallback(answer).with_state(reference)
}

async fn answer(State(reference): State<Arc<Reference>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let mut mock_request = MockRequest {
        method: parts.method.as_str().to_owned(),
        path: parts.uri.path().to_owned(),
        headers: parts
            .headers
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.as_str().to_owned(), value)
            })
            .collect(),
        body: Vec::new(),
    };

    let limit = reference.config().max_body_bytes;
    let response = match receive(body, limit).await {
        Some(bytes) => {
            mock_request.body = bytes;
            reference.respond(&mock_request)
        }
        None => reference.respond_to_unreadable_body(&mock_request),
    };

    into_http(response)
}

/// The body's first `limit + 1` bytes, or `None` when the transport failed within them.
async fn receive(body: Body, limit: usize) -> Option<Vec<u8>> {
    let keep = limit.saturating_add(1);
    let mut stream = body.into_data_stream();
    let mut bytes = Vec::new();
    let mut total = 0usize;

    while let Some(chunk) = stream.next().await {
        let Ok(chunk) = chunk else {
            // Past the limit the answer is 413 whatever the rest would have been.
            return (total > limit).then_some(bytes);
        };
        total = total.saturating_add(chunk.len());
        if bytes.len() < keep {
            let room = keep - bytes.len();
            bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
        }
        if total > keep.saturating_add(DRAIN_LIMIT) {
            break;
        }
    }
    Some(bytes)
}

fn into_http(response: MockResponse) -> Response {
    let status = StatusCode::from_u16(response.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut http = Response::new(Body::from(response.body));
    *http.status_mut() = status;

    let headers = http.headers_mut();
    for (name, value) in response.headers {
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&value),
        ) {
            (Ok(name), Ok(value)) => {
                headers.append(name, value);
            }
            _ => tracing::debug!(name, "mock dropped a header that HTTP cannot carry"),
        }
    }
    http
}
