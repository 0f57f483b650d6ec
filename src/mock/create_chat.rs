//! `POST /v1.0/chats`: who calls, is the request acceptable, create or find the chat, answer.
//!
//! The phases run in the order Graph is assumed to use: the token first (`401`), then the
//! content type (`415`), the body size (`413`) and the rules (`400`). A success is
//! `201 Created` with the chat. For a one-on-one pair that already has a chat the docs say
//! Graph "returns the existing chat" without naming the status (FACTS §4); the mock answers
//! `201` then too.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use futures::StreamExt as _;
use serde::Serialize;
use time::OffsetDateTime;

use super::app::AppState;
use super::error::GraphError;
use super::headers::success_headers;
use super::model::Chat;
use super::rules::{self, content_type};
use super::timestamps::chat_timestamp;
use super::token::authenticate;

/// How much of an oversized body is read and dropped before answering `413`, so that a
/// client still sending gets the answer rather than a reset connection.
const DRAIN_LIMIT: usize = 64 * 1024 * 1024;

/// Handles `POST /v1.0/chats`.
pub(crate) async fn create_chat(
    State(state): State<Arc<AppState>>,
    request: Request,
) -> Result<Response, GraphError> {
    let (parts, body) = request.into_parts();

    let caller = authenticate(&parts.headers)?;
    content_type::check(&parts.headers)?;
    let bytes = read_body(body, state.config.max_body_bytes).await?;

    let accepted = rules::evaluate(&bytes, &caller, &state.config.directory)?;
    let created = state.store.create(&accepted, OffsetDateTime::now_utc());
    tracing::debug!(is_new = created.is_new, "mock created or found a chat");

    respond(&state.base_url, &created.chat)
}

/// Reads the body up to `limit` bytes.
async fn read_body(body: Body, limit: usize) -> Result<Vec<u8>, GraphError> {
    let mut stream = body.into_data_stream();
    let mut bytes = Vec::new();
    let mut total = 0usize;

    while let Some(chunk) = stream.next().await {
        let chunk =
            chunk.map_err(|_| GraphError::bad_request("The request body could not be read."))?;
        total = total.saturating_add(chunk.len());
        if total > limit.saturating_add(DRAIN_LIMIT) {
            break;
        }
        if total <= limit {
            bytes.extend_from_slice(&chunk);
        }
    }

    if total > limit {
        return Err(GraphError::body_too_large(limit));
    }
    Ok(bytes)
}

/// The `201 Created` answer for `chat`.
fn respond(base_url: &str, chat: &Chat) -> Result<Response, GraphError> {
    let timestamp = chat_timestamp(chat.created);
    let body = ChatBody {
        context: format!("{base_url}/$metadata#chats/$entity"),
        id: &chat.id,
        topic: chat.topic.as_deref(),
        created_date_time: &timestamp,
        last_updated_date_time: &timestamp,
        chat_type: chat.chat_type.as_str(),
    };

    let json = serde_json::to_string(&body)
        .map_err(|error| GraphError::internal(format!("failed to render the chat: {error}")))?;
    let mut response = (StatusCode::CREATED, json).into_response();
    success_headers(response.headers_mut());
    Ok(response)
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
