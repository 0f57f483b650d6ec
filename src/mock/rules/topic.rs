//! Rule: `topic`, when given, is a string.
//!
//! An absent and a null topic both mean "no topic". Whether a one-on-one chat may have one is
//! a separate rule, `one_on_one_topic`.

use serde_json::{Map, Value};

use super::json_type;
use crate::mock::error::GraphError;

/// Reads `topic`.
pub(crate) fn read(body: &Map<String, Value>) -> Result<Option<String>, GraphError> {
    match body.get("topic") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(topic)) => Ok(Some(topic.clone())),
        Some(other) => Err(GraphError::bad_request(format!(
            "The 'topic' property must be a string, not {}.",
            json_type(other)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn read_from(body: Value) -> Result<Option<String>, GraphError> {
        match body {
            Value::Object(object) => read(&object),
            _ => unreachable!("tests pass objects"),
        }
    }

    #[test]
    fn an_absent_or_null_topic_is_none() {
        assert_eq!(read_from(json!({})), Ok(None));
        assert_eq!(read_from(json!({"topic": null})), Ok(None));
    }

    #[test]
    fn a_string_topic_is_kept() {
        assert_eq!(
            read_from(json!({"topic": "Plans"})),
            Ok(Some("Plans".to_owned()))
        );
    }

    #[test]
    fn a_topic_of_another_type_is_rejected() {
        let error = read_from(json!({"topic": ["Plans"]})).unwrap_err();

        assert_eq!(
            error.message,
            "The 'topic' property must be a string, not an array."
        );
    }
}
