//! Rule: the body is one JSON object, a chat.
//!
//! Any formatting and any key order are fine; a UTF-8 byte order mark is skipped. Graph's
//! wording for an unreadable body on this endpoint is not documented; the messages are ours.

use serde_json::{Map, Value};

use super::json_type;
use crate::mock::error::GraphError;

const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// Parses the body into a JSON object.
pub(crate) fn read(body: &[u8]) -> Result<Map<String, Value>, GraphError> {
    let body = body.strip_prefix(BYTE_ORDER_MARK).unwrap_or(body);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(GraphError::bad_request(
            "The request body is empty; a JSON chat object is required.",
        ));
    }

    let value: Value = serde_json::from_slice(body).map_err(|error| {
        GraphError::bad_request(format!("The request body is not valid JSON: {error}."))
    })?;

    match value {
        Value::Object(object) => Ok(object),
        other => Err(GraphError::bad_request(format!(
            "The request body must be a JSON object (a chat), not {}.",
            json_type(&other)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_formatting_of_an_object_is_read() {
        let compact = read(br#"{"chatType":"group","members":[]}"#).unwrap();
        let pretty =
            read(b"\xEF\xBB\xBF\r\n{\n\t\"members\" : [ ],\n \"chatType\":\"group\" }\n").unwrap();

        assert_eq!(compact, pretty);
    }

    #[test]
    fn an_empty_body_is_rejected() {
        assert!(read(b" \n").unwrap_err().message.contains("empty"));
    }

    #[test]
    fn malformed_json_is_rejected_with_the_parser_position() {
        let error = read(b"{\"chatType\": }").unwrap_err();

        assert_eq!(error.code, "BadRequest");
        assert!(
            error.message.contains("line 1 column 14"),
            "{}",
            error.message
        );
    }

    #[test]
    fn json_that_is_not_an_object_is_rejected() {
        let error = read(b"[1, 2]").unwrap_err();

        assert_eq!(
            error.message,
            "The request body must be a JSON object (a chat), not an array."
        );
    }
}
