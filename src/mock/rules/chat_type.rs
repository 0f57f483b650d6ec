//! Rule: `chatType` is present and is `oneOnOne` or `group`.
//!
//! The docs list exactly these two values for creating (FACTS §3); `meeting` chats are only
//! created with an online meeting. The values are matched exactly as documented. Graph's
//! messages for a missing or unknown value are not documented; ours name the allowed values.

use serde_json::{Map, Value};

use super::json_type;
use crate::mock::error::GraphError;
use crate::mock::model::ChatType;

const ALLOWED: &str = "Possible values are 'oneOnOne' and 'group'.";

/// Reads `chatType`.
pub(crate) fn read(body: &Map<String, Value>) -> Result<ChatType, GraphError> {
    match body.get("chatType") {
        None | Some(Value::Null) => Err(GraphError::bad_request(format!(
            "The 'chatType' property is required. {ALLOWED}"
        ))),
        Some(Value::String(name)) => parse(name).ok_or_else(|| {
            GraphError::bad_request(format!(
                "'{name}' is not a chatType that can be created. {ALLOWED}"
            ))
        }),
        Some(other) => Err(GraphError::bad_request(format!(
            "The 'chatType' property must be a string, not {}. {ALLOWED}",
            json_type(other)
        ))),
    }
}

fn parse(name: &str) -> Option<ChatType> {
    match name {
        "oneOnOne" => Some(ChatType::OneOnOne),
        "group" => Some(ChatType::Group),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn read_from(body: Value) -> Result<ChatType, GraphError> {
        match body {
            Value::Object(object) => read(&object),
            _ => unreachable!("tests pass objects"),
        }
    }

    #[test]
    fn the_two_documented_values_are_read() {
        assert_eq!(
            read_from(json!({"chatType": "oneOnOne"})),
            Ok(ChatType::OneOnOne)
        );
        assert_eq!(read_from(json!({"chatType": "group"})), Ok(ChatType::Group));
    }

    #[test]
    fn a_missing_null_unknown_or_non_string_value_is_rejected() {
        for body in [
            json!({}),
            json!({"chatType": null}),
            json!({"chatType": "meeting"}),
            json!({"chatType": "OneOnOne"}),
            json!({"chatType": 0}),
        ] {
            let error = read_from(body.clone()).unwrap_err();

            assert_eq!(error.code, "BadRequest", "{body}");
            assert!(error.message.contains("'oneOnOne' and 'group'"), "{body}");
        }
    }
}
