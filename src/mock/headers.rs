//! The headers every response carries, and the rendering of errors.
//!
//! [`RequestIds`] picks an exchange's ids before anything else happens; [`stamp`] adds
//! `request-id`, `client-request-id`, `Date` and `Cache-Control: private` to every answer,
//! success or error. [`error_response`] renders a [`GraphError`] as Graph's envelope, with the
//! same ids inside `innerError`. The headers only a created chat carries (its `Content-Type`,
//! `OData-Version`) come from [`success_headers`].
//!
//! Nothing here logs a header, so a token never reaches a log.

use time::OffsetDateTime;

use super::error::{GraphError, InnerError, envelope};
use super::reference::{MockRequest, MockResponse};
use super::timestamps::{http_date, inner_error_date};

/// The `Content-Type` of a successful Graph JSON response (FACTS §11).
pub(crate) const ODATA_JSON: &str = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

/// The `Content-Type` of a Graph error response (FACTS §11).
pub(crate) const PLAIN_JSON: &str = "application/json";

/// The ids of one exchange.
pub(crate) struct RequestIds {
    /// A fresh GUID for `request-id`.
    request_id: String,
    /// The client's `client-request-id`, or the request id when the client sent none (or one
    /// that cannot be a header value).
    client_request_id: String,
}

impl RequestIds {
    /// The ids for `request`.
    pub fn for_request(request: &MockRequest) -> Self {
        let request_id = uuid::Uuid::new_v4().to_string();
        let client_request_id = request
            .header("client-request-id")
            .filter(|value| is_header_value(value))
            .map_or_else(|| request_id.clone(), str::to_owned);

        Self {
            request_id,
            client_request_id,
        }
    }
}

/// Adds the headers every answer carries.
pub(crate) fn stamp(response: &mut MockResponse, ids: &RequestIds, now: OffsetDateTime) {
    let common = [
        ("request-id", ids.request_id.clone()),
        ("client-request-id", ids.client_request_id.clone()),
        ("cache-control", "private".to_owned()),
        ("date", http_date(now)),
    ];

    response
        .headers
        .extend(common.map(|(name, value)| (name.to_owned(), value)));
}

/// The headers of a successful JSON answer: OData's `Content-Type` and version.
pub(crate) fn success_headers() -> Vec<(String, String)> {
    vec![
        ("content-type".to_owned(), ODATA_JSON.to_owned()),
        ("odata-version".to_owned(), "4.0".to_owned()),
    ]
}

/// The answer for `error`: its status and headers, and Graph's envelope as the body.
pub(crate) fn error_response(
    error: &GraphError,
    ids: &RequestIds,
    now: OffsetDateTime,
) -> MockResponse {
    let date = inner_error_date(now);
    let inner = InnerError {
        date: &date,
        request_id: &ids.request_id,
        client_request_id: &ids.client_request_id,
    };

    let mut headers = vec![("content-type".to_owned(), PLAIN_JSON.to_owned())];
    headers.extend(
        error
            .headers
            .iter()
            .map(|(name, value)| ((*name).to_owned(), value.clone())),
    );
    MockResponse {
        status: error.status.as_u16(),
        headers,
        body: envelope(error, &inner).into_bytes(),
    }
}

/// Whether `value` may be sent back as a header value: no control characters but tab.
fn is_header_value(value: &str) -> bool {
    value
        .bytes()
        .all(|byte| byte == b'\t' || (byte >= b' ' && byte != 0x7f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_request_id_defaults_to_the_request_id() {
        let ids = RequestIds::for_request(&MockRequest::new("POST", "/"));

        assert_eq!(ids.client_request_id, ids.request_id);
        assert!(uuid::Uuid::parse_str(&ids.request_id).is_ok());
    }

    #[test]
    fn a_client_request_id_sent_by_the_client_is_echoed() {
        let request = MockRequest::new("POST", "/").with_header("Client-Request-Id", "abc-123");

        let ids = RequestIds::for_request(&request);

        assert_eq!(ids.client_request_id, "abc-123");
        assert_ne!(ids.request_id, "abc-123");
    }

    #[test]
    fn a_client_request_id_that_cannot_be_a_header_is_replaced() {
        let request = MockRequest::new("POST", "/").with_header("client-request-id", "a\r\nb");

        let ids = RequestIds::for_request(&request);

        assert_eq!(ids.client_request_id, ids.request_id);
    }
}
