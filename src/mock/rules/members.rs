//! Rule: `members` is a non-empty array, and each member is an object with the right
//! `@odata.type`, a `user@odata.bind`, `roles` as an array of strings and `tenantId`, when
//! present, as a string.
//!
//! Where FACTS §3 quotes Graph's message for a failure, the mock uses it: a missing or null
//! `members` is "Chat members cannot be null. (Parameter 'Members')"; for the member type and
//! the bind see [`member_type`](super::member_type) and [`binds`](super::binds). Other messages
//! are ours. A member's first problem is its message; absent or null `roles` read as no roles,
//! which the [`roles`](super::roles) rule rejects.

use serde_json::{Map, Value};

use super::{binds, json_type, member_type};
use crate::mock::error::GraphError;
use crate::mock::model::MemberInput;

/// The members of the request, still as JSON: present, an array and not empty.
pub(crate) fn list(body: &Map<String, Value>) -> Result<&[Value], GraphError> {
    match body.get("members") {
        None | Some(Value::Null) => Err(GraphError::bad_request(
            "Chat members cannot be null. (Parameter 'Members')",
        )),
        Some(Value::Array(members)) if members.is_empty() => Err(GraphError::bad_request(
            "Chat members cannot be empty: every user who will participate in the chat, \
             including the user who creates it, must be listed in 'members'.",
        )),
        Some(Value::Array(members)) => Ok(members),
        Some(other) => Err(GraphError::bad_request(format!(
            "The 'members' property must be an array of conversation members, not {}.",
            json_type(other)
        ))),
    }
}

/// Reads one member; the error is this member's part of the message.
pub(crate) fn read_member(member: &Value) -> Result<MemberInput, String> {
    let Value::Object(member) = member else {
        return Err(format!(
            "A member must be an object (an aadUserConversationMember), not {}.",
            json_type(member)
        ));
    };

    member_type::check(member)?;
    let bind = binds::read(member)?;
    let roles = read_roles(member)?;
    let tenant_id = read_tenant_id(member)?;

    Ok(MemberInput {
        roles,
        bind,
        tenant_id,
    })
}

fn read_roles(member: &Map<String, Value>) -> Result<Vec<String>, String> {
    let invalid = || "The 'roles' of a member must be an array of strings.".to_owned();

    match member.get("roles") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(roles)) => roles
            .iter()
            .map(|role| role.as_str().map(str::to_owned).ok_or_else(invalid))
            .collect(),
        Some(_) => Err(invalid()),
    }
}

fn read_tenant_id(member: &Map<String, Value>) -> Result<Option<String>, String> {
    match member.get("tenantId") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(tenant_id)) => Ok(Some(tenant_id.clone())),
        Some(other) => Err(format!(
            "The 'tenantId' of a member must be a string, not {}.",
            json_type(other)
        )),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn list_of(body: Value) -> Result<usize, GraphError> {
        match body {
            Value::Object(object) => list(&object).map(<[Value]>::len),
            _ => unreachable!("tests pass objects"),
        }
    }

    fn member(bind: &str) -> Value {
        json!({"@odata.type": "#microsoft.graph.aadUserConversationMember",
               "roles": ["owner"], "user@odata.bind": bind})
    }

    #[test]
    fn missing_or_null_members_get_graphs_message() {
        for body in [json!({}), json!({"members": null})] {
            assert_eq!(
                list_of(body).unwrap_err().message,
                "Chat members cannot be null. (Parameter 'Members')"
            );
        }
    }

    #[test]
    fn empty_members_or_members_of_another_type_are_rejected() {
        assert!(
            list_of(json!({"members": []}))
                .unwrap_err()
                .message
                .contains("empty")
        );
        assert!(
            list_of(json!({"members": {}}))
                .unwrap_err()
                .message
                .contains("an object")
        );
    }

    #[test]
    fn a_documented_member_is_read() {
        let mut federated = member("users('b')");
        federated["tenantId"] = json!("t");

        let read = read_member(&federated).unwrap();

        assert_eq!(read.bind, "users('b')");
        assert_eq!(read.roles, ["owner"]);
        assert_eq!(read.tenant_id.as_deref(), Some("t"));
    }

    #[test]
    fn absent_roles_read_as_none_and_roles_that_are_not_strings_are_rejected() {
        let mut no_roles = member("users('a')");
        no_roles.as_object_mut().unwrap().remove("roles");
        let mut bad_roles = member("users('b')");
        bad_roles["roles"] = json!(["owner", 1]);

        assert_eq!(read_member(&no_roles).unwrap().roles.len(), 0);
        assert!(read_member(&bad_roles).is_err());
    }

    #[test]
    fn a_member_that_is_not_an_object_says_what_it_is() {
        assert_eq!(
            read_member(&json!(7)).unwrap_err(),
            "A member must be an object (an aadUserConversationMember), not a number."
        );
    }
}
