//! Rule: `members` is an array of `aadUserConversationMember` objects, each with a
//! `user@odata.bind` string and, when present, `roles` as an array of strings and
//! `tenantId` as a string.
//!
//! Where FACTS §3 quotes Graph's message for a failure, the mock uses it: a missing `members`
//! is "Chat members cannot be null. (Parameter 'Members')", a missing bind is
//! "'user@odata.bind' field is missing in the request.", a wrong `@odata.type` is "The
//! provided '…' for 'odata.type' is not valid for this operation.". Other messages are ours.
//! Each failing member contributes one message, for its first problem.
//!
//! Absent `roles` read as no roles; which roles a member needs is a separate rule.

use serde_json::{Map, Value};

use super::{json_type, per_member};
use crate::mock::error::GraphError;
use crate::mock::model::MemberInput;

/// The one member type `POST /chats` takes.
const MEMBER_TYPE: &str = "#microsoft.graph.aadUserConversationMember";

/// Reads `members`.
pub(crate) fn read(body: &Map<String, Value>) -> Result<Vec<MemberInput>, GraphError> {
    let members = match body.get("members") {
        None | Some(Value::Null) => {
            return Err(GraphError::bad_request(
                "Chat members cannot be null. (Parameter 'Members')",
            ));
        }
        Some(Value::Array(members)) => members,
        Some(other) => {
            return Err(GraphError::bad_request(format!(
                "The 'members' property must be an array of conversation members, not {}.",
                json_type(other)
            )));
        }
    };

    per_member(members.iter().map(read_member))
}

fn read_member(member: &Value) -> Result<MemberInput, String> {
    let Value::Object(member) = member else {
        return Err(format!(
            "A member must be an object (an aadUserConversationMember), not {}.",
            json_type(member)
        ));
    };

    check_type(member)?;
    let roles = read_roles(member)?;
    let bind = read_bind(member)?;
    let tenant_id = read_tenant_id(member)?;

    Ok(MemberInput {
        roles,
        bind,
        tenant_id,
    })
}

fn check_type(member: &Map<String, Value>) -> Result<(), String> {
    match member.get("@odata.type") {
        Some(Value::String(name)) if name == MEMBER_TYPE => Ok(()),
        Some(Value::String(name)) => Err(format!(
            "The provided '{name}' for 'odata.type' is not valid for this operation."
        )),
        None | Some(Value::Null) => Err(format!(
            "'@odata.type' field is missing in the request; members must be '{MEMBER_TYPE}'."
        )),
        Some(other) => Err(format!(
            "The provided '{other}' for 'odata.type' is not valid for this operation."
        )),
    }
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

fn read_bind(member: &Map<String, Value>) -> Result<String, String> {
    match member.get("user@odata.bind") {
        None | Some(Value::Null) => {
            Err("'user@odata.bind' field is missing in the request.".to_owned())
        }
        Some(Value::String(bind)) => Ok(bind.clone()),
        Some(other) => Err(format!(
            "'user@odata.bind' must be a string with the URL of a user, not {}.",
            json_type(other)
        )),
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

    fn read_from(body: Value) -> Result<Vec<MemberInput>, GraphError> {
        match body {
            Value::Object(object) => read(&object),
            _ => unreachable!("tests pass objects"),
        }
    }

    fn member(bind: &str) -> Value {
        json!({"@odata.type": MEMBER_TYPE, "roles": ["owner"], "user@odata.bind": bind})
    }

    #[test]
    fn documented_members_are_read_in_order() {
        let mut federated = member("users('b')");
        federated["tenantId"] = json!("t");

        let members = read_from(json!({"members": [member("users('a')"), federated]})).unwrap();

        assert_eq!(members[0].bind, "users('a')");
        assert_eq!(members[0].roles, ["owner"]);
        assert_eq!(members[1].tenant_id.as_deref(), Some("t"));
    }

    #[test]
    fn missing_members_get_graphs_message() {
        for body in [json!({}), json!({"members": null})] {
            assert_eq!(
                read_from(body).unwrap_err().message,
                "Chat members cannot be null. (Parameter 'Members')"
            );
        }
    }

    #[test]
    fn a_missing_bind_gets_graphs_message() {
        let body = json!({"members": [{"@odata.type": MEMBER_TYPE, "roles": ["owner"]}]});

        assert_eq!(
            read_from(body).unwrap_err().message,
            "'user@odata.bind' field is missing in the request."
        );
    }

    #[test]
    fn each_failing_member_adds_its_message_joined_by_a_comma() {
        let wrong = json!({"@odata.type": "#microsoft.graph.conversationMember",
                           "roles": ["owner"], "user@odata.bind": "users('a')"});
        let body = json!({"members": [wrong, member("users('b')"), 7]});

        let message = read_from(body).unwrap_err().message;

        assert_eq!(
            message,
            "The provided '#microsoft.graph.conversationMember' for 'odata.type' is not valid \
             for this operation., A member must be an object (an aadUserConversationMember), \
             not a number."
        );
    }

    #[test]
    fn roles_that_are_not_strings_are_rejected_and_absent_roles_are_empty() {
        let mut no_roles = member("users('a')");
        no_roles.as_object_mut().unwrap().remove("roles");
        let mut bad_roles = member("users('b')");
        bad_roles["roles"] = json!(["owner", 1]);

        assert_eq!(
            read_from(json!({"members": [no_roles]})).unwrap()[0]
                .roles
                .len(),
            0
        );
        assert!(read_from(json!({"members": [bad_roles]})).is_err());
    }
}
