//! `POST /v1.0/chats`: who calls, is the request acceptable, create or find the chat, answer.
//!
//! The phases run in the order Graph is assumed to use: the token (`401`), throttling
//! (`429`), the caller's permissions (`403`), the content type (`415`), the body size (`413`),
//! then the body's rules (`400`); see [`rules`] for each.
//!
//! A success is `201 Created` with the chat. For a one-on-one pair that already has a chat
//! the docs say Graph "returns the existing chat" without naming the status (FACTS §4); the
//! mock answers `201` then too. A request that installs an app gets `202 Accepted` with no
//! body and a relative `Location` of the installation's operation, as examples 3 and 4 show
//! (FACTS §4); the chat is created (or found) all the same.

use std::time::Instant;

use serde::Serialize;
use time::OffsetDateTime;

use super::error::GraphError;
use super::headers::{PLAIN_JSON, success_headers};
use super::model::Chat;
use super::reference::{MockRequest, MockResponse, Reference};
use super::rules::{self, authentication, body_size, content_type, permissions, personal_account};
use super::timestamps::chat_timestamp;

/// The app a throttling window belongs to when the token names none.
const UNKNOWN_APP: &str = "unknown";

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
    let home_tenant_id = config.directory.home_tenant_id();

    let caller =
        authentication::authenticate(request.header("authorization"), config.strict_tokens)?;

    if let Some(limit) = config.requests_per_second {
        let app_id = caller.app_id.as_deref().unwrap_or(UNKNOWN_APP);
        let tenant_id = caller.tenant_or(home_tenant_id);
        reference
            .throttle()
            .admit(app_id, tenant_id, limit, Instant::now())?;
    }

    personal_account::check(&caller)?;
    permissions::check(&caller)?;

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

    if accepted.installed_app.is_some() {
        return Ok(accepted_response(&created.chat));
    }
    created_response(reference.base_url(), &created.chat)
}

/// The `202 Accepted` answer for a chat whose app is being installed.
///
/// The operation id has the documented shape, three GUIDs joined by dashes; what each stands
/// for is not documented, so all three are random. The docs show `Content-Type:
/// application/json` on this bodiless answer (FACTS §10.5); the mock sends it too.
fn accepted_response(chat: &Chat) -> MockResponse {
    let operation_id = [(); 3].map(|()| uuid::Uuid::new_v4().to_string()).join("-");
    let location = format!("/chats('{}')/operations('{operation_id}')", chat.id);

    MockResponse {
        status: 202,
        headers: vec![
            ("content-type".to_owned(), PLAIN_JSON.to_owned()),
            ("location".to_owned(), location),
        ],
        body: Vec::new(),
    }
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
