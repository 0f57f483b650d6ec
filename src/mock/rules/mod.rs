//! The rules of Create chat: one file per rule, run in a fixed order.
//!
//! [`content_type`] runs on the headers and [`body_size`] on the length, before the body is
//! read. [`evaluate`] then takes the
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
pub(crate) mod body_size;
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::{Value, json};

    use super::*;
    use crate::mock::directory::DirectoryUser;
    use crate::profile::UserKind;

    fn caller() -> Caller {
        crate::mock::token::authenticate(Some("Bearer placeholder")).unwrap()
    }

    fn directory() -> Directory {
        let mut directory = Directory::new("home");
        for id in ["a", "b"] {
            directory.insert(DirectoryUser {
                id: id.to_owned(),
                upn: Some(format!("{id}@contoso.com")),
                tenant_id: "home".to_owned(),
                kind: UserKind::Member,
            });
        }
        directory
    }

    /// Any JSON value, a few levels deep.
    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<f64>().prop_map(|n| json!(n)),
            ".{0,12}".prop_map(Value::from),
            Just(json!("users('a')")),
            Just(json!("#microsoft.graph.aadUserConversationMember")),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                prop::collection::btree_map(
                    prop_oneof![
                        Just("@odata.type".to_owned()),
                        Just("roles".to_owned()),
                        Just("user@odata.bind".to_owned()),
                        Just("tenantId".to_owned()),
                        ".{0,6}",
                    ],
                    inner,
                    0..4
                )
                .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_bytes_are_answered_without_a_panic(
            body in prop::collection::vec(any::<u8>(), 0..256),
        ) {
            let _ = evaluate(&body, &caller(), &directory());
        }

        #[test]
        fn any_chat_shaped_body_is_answered_without_a_panic(
            chat_type in prop_oneof![Just(json!("oneOnOne")), Just(json!("group")), any_json()],
            topic in any_json(),
            members in prop::collection::vec(any_json(), 0..4),
            bind in ".{0,24}",
        ) {
            let mut members = members;
            members.push(json!({"@odata.type": "#microsoft.graph.aadUserConversationMember",
                                "user@odata.bind": format!("users('{bind}')")}));
            let body = json!({"chatType": chat_type, "topic": topic, "members": members});

            let _ = evaluate(body.to_string().as_bytes(), &caller(), &directory());
        }
    }

    #[test]
    fn a_documented_one_on_one_body_is_accepted() {
        let member = |user: &str| {
            json!({"@odata.type": "#microsoft.graph.aadUserConversationMember",
                   "roles": ["owner"], "user@odata.bind": format!("users('{user}')")})
        };
        let body =
            json!({"chatType": "oneOnOne", "members": [member("b"), member("A@Contoso.com")]});

        let accepted = evaluate(body.to_string().as_bytes(), &caller(), &directory()).unwrap();

        assert_eq!(accepted.members[0].user.id, "b");
        assert_eq!(accepted.members[1].user.id, "a");
    }

    #[test]
    fn a_one_on_one_with_one_user_twice_is_rejected() {
        let member = json!({"@odata.type": "#microsoft.graph.aadUserConversationMember",
                            "roles": ["owner"], "user@odata.bind": "users('a')"});
        let body = json!({"chatType": "oneOnOne", "members": [member, member]});

        let error = evaluate(body.to_string().as_bytes(), &caller(), &directory()).unwrap_err();

        assert!(
            error.message.contains("exactly two different members"),
            "{}",
            error.message
        );
    }
}
