//! Graph's error envelope and the errors the mock answers with.
//!
//! A rule or route returns a [`GraphError`]: a status, Graph's `error.code`, a message and
//! the few headers that belong to the error (`Allow`, `Retry-After`). The `headers` module,
//! which knows the request ids, turns it into a response with [`envelope`]. So every error,
//! from a rule, a route or the token check, leaves the mock in the same shape:
//!
//! ```json
//! {"error": {"code": "BadRequest", "message": "…",
//!            "innerError": {"date": "2026-12-03T16:27:00", "request-id": "…",
//!                           "client-request-id": "…"}}}
//! ```

use axum::http::StatusCode;
use serde::Serialize;

/// A rejection, as Graph would state it: the HTTP status, `error.code` and `error.message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status} {code}: {message}")]
pub(crate) struct GraphError {
    /// The HTTP status of the response.
    pub status: StatusCode,
    /// Graph's `error.code`, such as `BadRequest`.
    pub code: &'static str,
    /// Graph's `error.message`.
    pub message: String,
    /// Headers this error adds to the response, such as `Allow` on a `405`.
    pub headers: Vec<(&'static str, String)>,
}

impl GraphError {
    /// A `400 BadRequest`, the answer to a body that breaks a rule.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "BadRequest", message)
    }

    /// A `401 InvalidAuthenticationToken`, the answer to a missing or unusable token.
    pub fn invalid_token(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationToken",
            message,
        )
    }

    /// A `403 Forbidden`, the answer to a caller without the right to create chats.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "Forbidden", message)
    }

    /// A `429 TooManyRequests` with `Retry-After: {retry_after_seconds}`, Graph's code and
    /// message for throttling (FACTS §6, §7).
    pub fn too_many_requests(retry_after_seconds: u64) -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "TooManyRequests",
            "Too Many Requests",
        )
        .with_header("retry-after", retry_after_seconds.to_string())
    }

    /// A `404 NotFound` for a path the mock does not serve.
    pub fn unknown_path(method: &str, path: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "NotFound",
            format!(
                "No resource matches {method} '{path}'. This mock serves POST /v1.0/chats only."
            ),
        )
    }

    /// A `405 MethodNotAllowed` for another method on `/v1.0/chats`, with `Allow: POST`.
    pub fn method_not_allowed(method: &str) -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            format!(
                "The HTTP method '{method}' is not allowed on /v1.0/chats. This mock serves POST."
            ),
        )
        .with_header("allow", "POST")
    }

    /// A `405 MethodNotAllowed` for `POST /v1.0/me/chats`, with `Allow: GET`.
    ///
    /// Graph answers `405` there (FACTS §1): `/me/chats` lists the signed-in user's chats,
    /// it does not create one. The message is ours; this mock serves no `GET` on it either.
    pub fn not_a_create_endpoint(method: &str) -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            format!(
                "The HTTP method '{method}' is not allowed on /v1.0/me/chats, which lists the \
                 signed-in user's chats. Create a chat with POST /v1.0/chats."
            ),
        )
        .with_header("allow", "GET")
    }

    /// A `413` for a body larger than the configured limit.
    ///
    /// Graph's code and message for this case are not documented; the code is ours.
    pub fn body_too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "RequestEntityTooLarge",
            format!("The request body is larger than the limit of {limit} bytes."),
        )
    }

    /// A `415` for a request whose `Content-Type` is not JSON.
    ///
    /// For `POST /chats` the real status is not known (FACTS §11 has 415 on one Graph POST and
    /// 400 `RequestBodyRead` on another); the mock answers 415.
    pub fn unsupported_media_type(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UnsupportedMediaType",
            message,
        )
    }

    /// A `500` for a fault of the mock itself.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalServerError",
            message,
        )
    }

    /// Adds a header to the response this error becomes.
    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            headers: Vec::new(),
        }
    }
}

/// The ids and date that go into `error.innerError`.
pub(crate) struct InnerError<'a> {
    /// `innerError.date`: UTC, seconds precision, no zone (`2026-12-03T16:27:00`).
    pub date: &'a str,
    /// The `request-id` the response header carries.
    pub request_id: &'a str,
    /// The `client-request-id` the response header carries.
    pub client_request_id: &'a str,
}

/// The JSON text of Graph's error envelope for `error`.
pub(crate) fn envelope(error: &GraphError, inner: &InnerError<'_>) -> String {
    let envelope = Envelope {
        error: ErrorBody {
            code: error.code,
            message: &error.message,
            inner_error: InnerErrorBody {
                date: inner.date,
                request_id: inner.request_id,
                client_request_id: inner.client_request_id,
            },
        },
    };

    // Serializing plain strings into JSON cannot fail; the fallback keeps the mock panic-free.
    serde_json::to_string(&envelope).unwrap_or_else(|_| {
        r#"{"error":{"code":"InternalServerError","message":"failed to render an error"}}"#
            .to_owned()
    })
}

#[derive(Serialize)]
struct Envelope<'a> {
    error: ErrorBody<'a>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(rename = "innerError")]
    inner_error: InnerErrorBody<'a>,
}

#[derive(Serialize)]
struct InnerErrorBody<'a> {
    date: &'a str,
    #[serde(rename = "request-id")]
    request_id: &'a str,
    #[serde(rename = "client-request-id")]
    client_request_id: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_envelope_nests_the_ids_and_date_under_inner_error() {
        let error = GraphError::bad_request("Chat members cannot be null. (Parameter 'Members')");
        let inner = InnerError {
            date: "2026-12-03T16:27:00",
            request_id: "r",
            client_request_id: "c",
        };

        let json: serde_json::Value = serde_json::from_str(&envelope(&error, &inner)).unwrap();

        assert_eq!(
            json,
            serde_json::json!({"error": {
                "code": "BadRequest",
                "message": "Chat members cannot be null. (Parameter 'Members')",
                "innerError": {
                    "date": "2026-12-03T16:27:00",
                    "request-id": "r",
                    "client-request-id": "c"
                }
            }})
        );
    }
}
