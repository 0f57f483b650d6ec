//! Rule: every member is an `#microsoft.graph.aadUserConversationMember`.
//!
//! All documented members have this `@odata.type`. For another type the message is Graph's as
//! observed (FACTS §3): "The provided '{type}' for 'odata.type' is not valid for this
//! operation.", once per failing member. The message for a missing type is ours.

use serde_json::{Map, Value};

/// The one member type `POST /chats` takes.
pub(crate) const MEMBER_TYPE: &str = "#microsoft.graph.aadUserConversationMember";

/// Rejects a member without the member type; the error is this member's message.
pub(crate) fn check(member: &Map<String, Value>) -> Result<(), String> {
    match member.get("@odata.type") {
        Some(Value::String(name)) if name == MEMBER_TYPE => Ok(()),
        Some(Value::String(name)) => Err(not_valid(name)),
        None | Some(Value::Null) => Err(format!(
            "'@odata.type' field is missing in the request; members must be '{MEMBER_TYPE}'."
        )),
        Some(other) => Err(not_valid(&other.to_string())),
    }
}

fn not_valid(name: &str) -> String {
    format!("The provided '{name}' for 'odata.type' is not valid for this operation.")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn check_type(value: Value) -> Result<(), String> {
        match json!({ "@odata.type": value }) {
            Value::Object(member) => check(&member),
            _ => unreachable!("json! of an object is an object"),
        }
    }

    #[test]
    fn the_documented_type_passes() {
        assert_eq!(check_type(json!(MEMBER_TYPE)), Ok(()));
    }

    #[test]
    fn another_type_gets_graphs_message() {
        assert_eq!(
            check_type(json!("#microsoft.graph.conversationMember")).unwrap_err(),
            "The provided '#microsoft.graph.conversationMember' for 'odata.type' is not valid \
             for this operation."
        );
    }

    #[test]
    fn a_missing_type_names_the_expected_one() {
        assert!(check_type(Value::Null).unwrap_err().contains(MEMBER_TYPE));
    }
}
