//! The rules of Create chat: one file per rule, run in a fixed order.
//!
//! [`content_type`] runs on the headers, before the body is read. [`evaluate`] then takes the
//! body through three phases:
//!
//! 1. **read**: [`body`], [`chat_type`], [`topic`] and [`members`] each read one part of the
//!    raw JSON and reject it when malformed, together building a [`CreateChat`];
//! 2. **resolve**: [`binds`] finds the directory user behind every `user@odata.bind`;
//! 3. **check**: each entry of [`CHECKS`] looks at the whole [`Proposal`] (caller, request,
//!    resolved members, directory) and may reject it.
//!
//! A new rule is a file here with a `check` function and one line in [`CHECKS`]. The order of
//! the list is the order rejections come in; where Graph's order is not documented, ours is
//! a guess, and a request breaking several rules is answered for the first.
//!
//! Rules that reject one member at a time say so once per failing member, with the messages
//! joined by ", ", the way Graph reports per-member failures (FACTS §2, §3).

pub(crate) mod binds;
pub(crate) mod body;
pub(crate) mod chat_type;
pub(crate) mod content_type;
pub(crate) mod member_count;
pub(crate) mod members;
pub(crate) mod one_on_one_topic;
pub(crate) mod topic;

use super::directory::Directory;
use super::error::GraphError;
use super::model::{AcceptedChat, CreateChat, ResolvedMember};
use super::token::Caller;

/// Everything a check may look at.
pub(crate) struct Proposal<'a> {
    /// Who is calling.
    #[expect(
        dead_code,
        reason = "read by the permission and initiator rules to come"
    )]
    pub caller: &'a Caller,
    /// The users the mock knows.
    #[expect(
        dead_code,
        reason = "read by the guest and external-member rules to come"
    )]
    pub directory: &'a Directory,
    /// The request as read.
    pub request: &'a CreateChat,
    /// The request's members, resolved, in request order.
    pub members: &'a [ResolvedMember],
}

/// One named rule of the check phase.
pub(crate) struct Check {
    /// The rule's name, the name of its file; logged when it rejects a request.
    pub name: &'static str,
    /// The rule.
    pub run: fn(&Proposal<'_>) -> Result<(), GraphError>,
}

/// The check phase, in order.
pub(crate) const CHECKS: &[Check] = &[
    Check {
        name: "member_count",
        run: member_count::check,
    },
    Check {
        name: "one_on_one_topic",
        run: one_on_one_topic::check,
    },
];

/// Reads, resolves and checks a create request's body.
pub(crate) fn evaluate(
    body: &[u8],
    caller: &Caller,
    directory: &Directory,
) -> Result<AcceptedChat, GraphError> {
    let object = body::read(body)?;
    let request = CreateChat {
        chat_type: chat_type::read(&object)?,
        topic: topic::read(&object)?,
        members: members::read(&object)?,
    };

    // Members without a `tenantId` belong to the caller's tenant.
    let tenant_id = caller.tenant_or(directory.home_tenant_id());
    let resolved = binds::resolve(&request.members, directory, tenant_id)?;

    let proposal = Proposal {
        caller,
        directory,
        request: &request,
        members: &resolved,
    };
    for check in CHECKS {
        (check.run)(&proposal).inspect_err(|error| {
            tracing::debug!(
                rule = check.name,
                code = error.code,
                "mock rule rejected a request"
            );
        })?;
    }

    Ok(AcceptedChat {
        chat_type: request.chat_type,
        topic: request.topic,
        members: resolved,
    })
}

/// Collects one result per member: the values when all pass, else a `400` whose message is
/// every failing member's message joined by ", ".
fn per_member<T>(
    results: impl IntoIterator<Item = Result<T, String>>,
) -> Result<Vec<T>, GraphError> {
    let (mut values, mut messages) = (Vec::new(), Vec::new());

    for result in results {
        match result {
            Ok(value) => values.push(value),
            Err(message) => messages.push(message),
        }
    }

    if messages.is_empty() {
        Ok(values)
    } else {
        Err(GraphError::bad_request(messages.join(", ")))
    }
}

/// The JSON type of `value`, for messages.
fn json_type(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}
