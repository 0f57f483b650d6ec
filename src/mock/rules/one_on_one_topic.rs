//! Rule: only a group chat may have a topic.
//!
//! Documented: the topic "can be provided only if the chat is of `group` type". The message
//! is Graph's as observed (FACTS §3); the issue quoting it shows no status, so `400` is our
//! inference. A null topic counts as none.

use super::Proposal;
use crate::mock::error::GraphError;
use crate::mock::model::ChatType;

/// Rejects a one-on-one request with a topic.
pub(crate) fn check(proposal: &Proposal<'_>) -> Result<(), GraphError> {
    let request = proposal.request;

    if request.chat_type == ChatType::OneOnOne && request.topic.is_some() {
        return Err(GraphError::bad_request(
            "Setting topic is not allowed for 1-on-1 chats.",
        ));
    }
    Ok(())
}
