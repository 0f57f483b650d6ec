//! The headers every response carries, and the rendering of errors.
//!
//! [`stamp`] wraps every route and fallback. Before the handler runs it picks the request's
//! ids; afterwards it writes Graph's error envelope for a [`GraphError`] response and adds
//! `request-id`, `client-request-id`, `Date` and `Cache-Control: private`. The success
//! headers that only a created chat carries (its `Content-Type`, `OData-Version`) are set by
//! the handler, see [`success_headers`].
//!
//! Only the method, path and status are logged: never a header, so never a token.

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, DATE};
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use time::OffsetDateTime;

use super::error::{GraphError, InnerError, envelope};
use super::timestamps::{http_date, inner_error_date};

/// The `Content-Type` of a successful Graph JSON response (FACTS §11).
pub(crate) const ODATA_JSON: &str = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

/// The `Content-Type` of a Graph error response (FACTS §11).
const ERROR_JSON: &str = "application/json";

const REQUEST_ID: HeaderName = HeaderName::from_static("request-id");
const CLIENT_REQUEST_ID: HeaderName = HeaderName::from_static("client-request-id");
const ODATA_VERSION: HeaderName = HeaderName::from_static("odata-version");

/// The ids of one exchange.
struct RequestIds {
    /// A fresh GUID for `request-id`.
    request_id: HeaderValue,
    /// The client's `client-request-id`, or the request id when the client sent none.
    client_request_id: HeaderValue,
}

impl RequestIds {
    fn for_request(headers: &HeaderMap) -> Self {
        let request_id = HeaderValue::from_str(&uuid::Uuid::new_v4().to_string())
            .unwrap_or_else(|_| HeaderValue::from_static("00000000-0000-0000-0000-000000000000"));
        let client_request_id = headers
            .get(&CLIENT_REQUEST_ID)
            .cloned()
            .unwrap_or_else(|| request_id.clone());

        Self {
            request_id,
            client_request_id,
        }
    }
}

/// Middleware: stamps Graph's common headers on every response and renders errors.
pub(crate) async fn stamp(request: Request, next: Next) -> Response {
    let ids = RequestIds::for_request(request.headers());
    let method = request.method().clone();
    let path = request.uri().path().to_owned();

    let mut response = next.run(request).await;

    // One clock reading for the `Date` header and the envelope's `innerError.date`.
    let now = OffsetDateTime::now_utc();
    if let Some(error) = response.extensions_mut().remove::<GraphError>() {
        render_error(&mut response, &error, &ids, now);
    }

    let headers = response.headers_mut();
    headers.insert(REQUEST_ID, ids.request_id);
    headers.insert(CLIENT_REQUEST_ID, ids.client_request_id);
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("private"));
    if let Ok(date) = HeaderValue::from_str(&http_date(now)) {
        headers.insert(DATE, date);
    }

    tracing::debug!(%method, path, status = response.status().as_u16(), "mock answered");
    response
}

/// Sets the headers of a successful JSON response: OData's `Content-Type` and version.
pub(crate) fn success_headers(headers: &mut HeaderMap) {
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(ODATA_JSON));
    headers.insert(ODATA_VERSION, HeaderValue::from_static("4.0"));
}

fn render_error(
    response: &mut Response,
    error: &GraphError,
    ids: &RequestIds,
    now: OffsetDateTime,
) {
    let date = inner_error_date(now);
    let inner = InnerError {
        date: &date,
        request_id: &lossy(&ids.request_id),
        client_request_id: &lossy(&ids.client_request_id),
    };

    *response.body_mut() = Body::from(envelope(error, &inner));
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(ERROR_JSON));
}

/// A header value as text; a client's id with non-UTF-8 bytes must not fail the response.
fn lossy(value: &HeaderValue) -> String {
    String::from_utf8_lossy(value.as_bytes()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_request_id_defaults_to_the_request_id() {
        let ids = RequestIds::for_request(&HeaderMap::new());

        assert_eq!(ids.client_request_id, ids.request_id);
        assert!(uuid::Uuid::parse_str(&lossy(&ids.request_id)).is_ok());
    }

    #[test]
    fn a_client_request_id_sent_by_the_client_is_echoed() {
        let mut headers = HeaderMap::new();
        headers.insert("Client-Request-Id", HeaderValue::from_static("abc-123"));

        let ids = RequestIds::for_request(&headers);

        assert_eq!(ids.client_request_id, "abc-123");
        assert_ne!(ids.request_id, "abc-123");
    }
}
