//! `POST /v1.0/chats`: who calls, is the request acceptable, create or find the chat, answer.
//!
//! The phases run in the order Graph is assumed to use: the token (`401`), the content type
//! (`415`), the body size (`413`), then the body's rules (`400`). A success is `201 Created`
//! with the chat. For a one-on-one pair that already has a chat the docs say Graph "returns
//! the existing chat" without naming the status (FACTS §4); the mock answers `201` then too.

use serde::Serialize;
use time::OffsetDateTime;

use super::error::GraphError;
use super::headers::success_headers;
use super::model::Chat;
use super::reference::{MockRequest, MockResponse, Reference};
use super::rules::{self, body_size, content_type};
use super::timestamps::chat_timestamp;
use super::token::authenticate;

/// The body of a request, as the transport delivered it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Body<'a> {
    /// The bytes received; more than the limit when the client sent too many.
    Received(&'a [u8]),
    /// The transport failed while receiving it.
    Unreadable,
}

/// Handles `POST /v1.0/chats`.
pub(crate) fn handle(
    reference: &Reference,
    request: &MockRequest,
    body: Body<'_>,
    now: OffsetDateTime,
) -> Result<MockResponse, GraphError> {
    let config = reference.config();

    let caller = authenticate(request.header("authorization"))?;

    content_type::check(request.header("content-type"))?;
    let Body::Received(bytes) = body else {
        return Err(GraphError::bad_request(
            "The request body could not be read.",
        ));
    };
    body_size::check(bytes, config.max_body_bytes)?;

    let accepted = rules::evaluate(bytes, &caller, &config.directory)?;
    let created = reference.store().create(&accepted, now);
    tracing::debug!(is_new = created.is_new, "mock created or found a chat");

    created_response(reference.base_url(), &created.chat)
}

/// The `201 Created` answer for `chat`.
fn created_response(base_url: &str, chat: &Chat) -> Result<MockResponse, GraphError> {
    let timestamp = chat_timestamp(chat.created);
    let body = ChatBody {
        context: format!("{base_url}/$metadata#chats/$entity"),
        id: &chat.id,
        topic: chat.topic.as_deref(),
        created_date_time: &timestamp,
        last_updated_date_time: &timestamp,
        chat_type: chat.chat_type.as_str(),
    };

    let json = serde_json::to_vec(&body)
        .map_err(|error| GraphError::internal(format!("failed to render the chat: {error}")))?;
    Ok(MockResponse {
        status: 201,
        headers: success_headers(),
        body: json,
    })
}

/// A chat as `POST /chats` returns it, in the documented property order.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ChatBody<'a> {
    #[serde(rename = "@odata.context")]
    context: String,
    id: &'a str,
    topic: Option<&'a str>,
    created_date_time: &'a str,
    last_updated_date_time: &'a str,
    chat_type: &'static str,
}
