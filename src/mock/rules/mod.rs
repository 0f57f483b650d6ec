//! The rules of Create chat: one file per rule, run in a fixed order.
//!
//! `create_chat` runs the rules about the request's envelope first, each on its own:
//! [`authentication`] (`401`), [`throttling`] (`429`), [`personal_account`] and
//! [`permissions`] (`403`), [`content_type`] (`415`) and [`body_size`] (`413`). [`evaluate`]
//! then takes the body through three phases, each a `400 BadRequest`:
//!
//! 1. **read**: [`body`], [`chat_type`] and [`topic`] read the chat-wide properties the way a
//!    deserializer would, and [`members`] checks that there is a non-empty list of members;
//! 2. **per member**: each member is read ([`members`], [`member_type`], [`binds`]), resolved
//!    in the directory ([`binds`]) and checked by every entry of [`MEMBER_CHECKS`]
//!    ([`roles`], [`guest_role`], [`external_owner_role`]). A member's first problem is its
//!    message, and the messages of all failing members are joined by ", ", the way Graph
//!    reports per-member failures (FACTS §2, §3);
//! 3. **whole request**: each entry of [`CHECKS`] ([`one_on_one_topic`], [`member_count`],
//!    [`initiator`]) looks at the whole [`Proposal`], and last [`installed_apps`] reads the
//!    app to install.
//!
//! A new rule is a file here with a `check` function and one line in a list. The order of a
//! list is the order rejections come in; where Graph's order is not documented, ours is a
//! guess, and a request breaking several rules is answered for the first.

pub(crate) mod authentication;
pub(crate) mod binds;
pub(crate) mod body;
pub(crate) mod body_size;
pub(crate) mod chat_type;
pub(crate) mod content_type;
pub(crate) mod external_owner_role;
pub(crate) mod guest_role;
pub(crate) mod initiator;
pub(crate) mod installed_apps;
pub(crate) mod member_count;
pub(crate) mod member_type;
pub(crate) mod members;
pub(crate) mod one_on_one_topic;
pub(crate) mod permissions;
pub(crate) mod personal_account;
pub(crate) mod roles;
pub(crate) mod throttling;
pub(crate) mod topic;

use serde_json::Value;

use super::directory::Directory;
use super::error::GraphError;
use super::model::{AcceptedChat, CreateChat, ResolvedMember};
use super::token::Caller;

/// What a per-member check may look at besides the member.
pub(crate) struct MemberContext<'a> {
    /// The caller's tenant: members of another tenant are external.
    pub caller_tenant_id: &'a str,
}

/// One named rule of the per-member phase.
pub(crate) struct MemberCheck {
    /// The rule's name, the name of its file; logged when it rejects a member.
    pub name: &'static str,
    /// The rule; the error is this member's part of the message.
    pub run: fn(&ResolvedMember, &MemberContext<'_>) -> Result<(), String>,
}

/// The per-member checks, in order, after a member is read and resolved.
pub(crate) const MEMBER_CHECKS: &[MemberCheck] = &[
    MemberCheck {
        name: "roles",
        run: roles::check,
    },
    MemberCheck {
        name: "guest_role",
        run: guest_role::check,
    },
    MemberCheck {
        name: "external_owner_role",
        run: external_owner_role::check,
    },
];

/// Everything a whole-request check may look at.
pub(crate) struct Proposal<'a> {
    /// Who is calling.
    pub caller: &'a Caller,
    /// The caller's tenant: the token's, or the directory's home tenant.
    pub caller_tenant_id: &'a str,
    /// The chat-wide properties as read.
    pub request: &'a CreateChat,
    /// The request's members, resolved, in request order.
    pub members: &'a [ResolvedMember],
}

/// One named rule of the whole-request phase.
pub(crate) struct Check {
    /// The rule's name, the name of its file; logged when it rejects a request.
    pub name: &'static str,
    /// The rule.
    pub run: fn(&Proposal<'_>) -> Result<(), GraphError>,
}

/// The whole-request checks, in order.
pub(crate) const CHECKS: &[Check] = &[
    Check {
        name: "one_on_one_topic",
        run: one_on_one_topic::check,
    },
    Check {
        name: "member_count",
        run: member_count::check,
    },
    Check {
        name: "initiator",
        run: initiator::check,
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
    };
    let listed = members::list(&object)?;

    // Members without a `tenantId` belong to the caller's tenant.
    let caller_tenant_id = caller.tenant_or(directory.home_tenant_id());
    let context = MemberContext { caller_tenant_id };
    let resolved = per_member(
        listed
            .iter()
            .map(|member| check_member(member, directory, &context)),
    )?;

    let proposal = Proposal {
        caller,
        caller_tenant_id,
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
    let installed_app = installed_apps::read(&object)?;

    Ok(AcceptedChat {
        chat_type: request.chat_type,
        topic: request.topic,
        members: resolved,
        installed_app,
    })
}

/// Reads, resolves and checks one member; the error is this member's part of the message.
fn check_member(
    member: &Value,
    directory: &Directory,
    context: &MemberContext<'_>,
) -> Result<ResolvedMember, String> {
    let input = members::read_member(member)?;
    let resolved = binds::resolve(&input, directory, context.caller_tenant_id)?;

    for check in MEMBER_CHECKS {
        (check.run)(&resolved, context).inspect_err(|_| {
            tracing::debug!(rule = check.name, "mock rule rejected a member");
        })?;
    }
    Ok(resolved)
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
fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A resolved member for the rules' unit tests: user `id` of `tenant_id` with `roles`.
#[cfg(test)]
pub(crate) fn test_member(id: &str, tenant_id: &str, roles: &[&str]) -> ResolvedMember {
    ResolvedMember {
        user: super::directory::DirectoryUser {
            id: id.to_owned(),
            upn: None,
            tenant_id: tenant_id.to_owned(),
            kind: crate::profile::UserKind::Member,
        },
        roles: roles.iter().map(|role| (*role).to_owned()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::mock::directory::DirectoryUser;
    use crate::profile::UserKind;

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

    fn member(user: &str, roles: Value) -> Value {
        json!({"@odata.type": "#microsoft.graph.aadUserConversationMember",
               "roles": roles, "user@odata.bind": format!("users('{user}')")})
    }

    fn evaluate_json(body: Value) -> Result<AcceptedChat, GraphError> {
        evaluate(body.to_string().as_bytes(), &Caller::opaque(), &directory())
    }

    #[test]
    fn a_documented_one_on_one_body_is_accepted_with_members_in_request_order() {
        let body = json!({"chatType": "oneOnOne",
                          "members": [member("b", json!(["owner"])),
                                      member("A@Contoso.com", json!(["owner"]))]});

        let accepted = evaluate_json(body).unwrap();

        assert_eq!(accepted.members[0].user.id, "b");
        assert_eq!(accepted.members[1].user.id, "a");
        assert_eq!(accepted.installed_app, None);
    }

    #[test]
    fn each_failing_member_adds_its_first_problem_joined_by_a_comma() {
        let wrong_type = json!({"@odata.type": "#microsoft.graph.conversationMember",
                                "roles": ["owner"], "user@odata.bind": "users('a')"});
        let body = json!({"chatType": "group",
                          "members": [wrong_type, member("a", json!(["owner"])), 7,
                                      member("b", json!(["member"]))]});

        let message = evaluate_json(body).unwrap_err().message;

        assert_eq!(
            message,
            "The provided '#microsoft.graph.conversationMember' for 'odata.type' is not valid \
             for this operation., A member must be an object (an aadUserConversationMember), \
             not a number., The passed-in role 'member' is not supported."
        );
    }

    #[test]
    fn per_member_problems_come_before_whole_request_ones() {
        let body = json!({"chatType": "oneOnOne", "topic": "Hi",
                          "members": [member("a", json!([]))]});

        let message = evaluate_json(body).unwrap_err().message;

        assert!(message.contains("has no roles"), "{message}");
    }

    #[test]
    fn a_one_on_one_with_one_user_twice_is_rejected() {
        let body = json!({"chatType": "oneOnOne",
                          "members": [member("a", json!(["owner"])),
                                      member("a", json!(["owner"]))]});

        let error = evaluate_json(body).unwrap_err();

        assert!(
            error.message.contains("exactly two different members"),
            "{}",
            error.message
        );
    }
}
