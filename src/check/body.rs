//! The body matchers: presence, absence, equality, patterns, JSON types and formats of the
//! values at JSON pointers of the response body.
//!
//! Relations to the request (`sameAsRequest`) live in [`super::relation`].

use std::collections::BTreeMap;

use serde_json::Value;

use super::format::{describe, has_format};
use super::{CheckKind, Difference, show};
use crate::case::model::{BodyMatcher, JsonType};

/// Checks every matcher against the response body.
pub fn check_body(matchers: &BTreeMap<String, BodyMatcher>, body: &Value) -> Vec<Difference> {
    let mut differences = Vec::new();
    for (pointer, matcher) in matchers {
        differences.extend(check_matcher(pointer, matcher, body.pointer(pointer)));
    }
    differences
}

fn check_matcher(pointer: &str, matcher: &BodyMatcher, actual: Option<&Value>) -> Vec<Difference> {
    let mut differences = Vec::new();
    let mut differ = |expected: String, got: String| {
        differences.push(Difference::new(
            CheckKind::Body,
            display(pointer),
            expected,
            got,
        ));
    };

    let Some(value) = actual else {
        if !matcher.absent {
            differ(
                "the property to be present".into(),
                "no such property".into(),
            );
        }
        return differences;
    };
    if matcher.absent {
        differ("no such property".into(), show(value));
        return differences;
    }

    if let Some(expected) = &matcher.equals
        && value != expected
    {
        differ(show(expected), show(value));
    }
    if let Some(unwanted) = &matcher.not_equals
        && value == unwanted
    {
        differ(
            format!("a value other than {}", show(unwanted)),
            show(value),
        );
    }
    if let Some(json_type) = matcher.json_type
        && !has_type(json_type, value)
    {
        differ(
            format!("a value of type {}", type_name(json_type)),
            show(value),
        );
    }
    if let Some(pattern) = &matcher.pattern
        && !value.as_str().is_some_and(|text| pattern.is_match(text))
    {
        differ(format!("a string matching /{pattern}/"), show(value));
    }
    if let Some(format) = matcher.format
        && !value.as_str().is_some_and(|text| has_format(format, text))
    {
        differ(describe(format).to_string(), show(value));
    }

    differences
}

/// A pointer as reports show it; the whole body is `/`.
pub(crate) fn display(pointer: &str) -> String {
    if pointer.is_empty() {
        "/".into()
    } else {
        pointer.into()
    }
}

fn has_type(json_type: JsonType, value: &Value) -> bool {
    match json_type {
        JsonType::Null => value.is_null(),
        JsonType::Boolean => value.is_boolean(),
        JsonType::Number => value.is_number(),
        JsonType::Integer => value.is_i64() || value.is_u64(),
        JsonType::String => value.is_string(),
        JsonType::Array => value.is_array(),
        JsonType::Object => value.is_object(),
    }
}

fn type_name(json_type: JsonType) -> &'static str {
    match json_type {
        JsonType::Null => "null",
        JsonType::Boolean => "boolean",
        JsonType::Number => "number",
        JsonType::Integer => "integer",
        JsonType::String => "string",
        JsonType::Array => "array",
        JsonType::Object => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::model::Format;
    use serde_json::json;

    #[test]
    fn reports_every_failing_matcher_of_one_pointer() {
        let matcher = BodyMatcher {
            equals: Some(json!("oneOnOne")),
            json_type: Some(JsonType::String),
            pattern: Some(crate::case::model::Pattern::new("^one").unwrap()),
            ..BodyMatcher::default()
        };
        let matchers = BTreeMap::from([("/chatType".to_string(), matcher)]);

        let differences = check_body(&matchers, &json!({"chatType": 1}));

        assert_eq!(differences.len(), 3, "{differences:#?}");
    }

    #[test]
    fn tells_a_null_value_from_a_missing_one() {
        let present = BodyMatcher {
            present: true,
            ..BodyMatcher::default()
        };
        let matchers = BTreeMap::from([("/topic".to_string(), present)]);

        assert!(check_body(&matchers, &json!({"topic": null})).is_empty());
        assert_eq!(check_body(&matchers, &json!({})).len(), 1);
    }

    #[test]
    fn rejects_a_date_time_without_a_zone() {
        let matcher = BodyMatcher {
            format: Some(Format::DateTime),
            ..BodyMatcher::default()
        };
        let matchers = BTreeMap::from([("/createdDateTime".to_string(), matcher)]);

        let differences = check_body(
            &matchers,
            &json!({"createdDateTime": "2020-12-04T23:10:28"}),
        );

        assert_eq!(differences.len(), 1);
        assert_eq!(differences[0].location, "/createdDateTime");
    }
}
