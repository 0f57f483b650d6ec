//! Relations between the answer and the request that produced it.
//!
//! `sameAsRequest` says a response value echoes what was sent: `chatType` comes back as
//! requested, and so does `topic`. When the request has no value at the pointer, the answer
//! must hold `null` there (or leave it out): a one-on-one chat has no topic.

use std::collections::BTreeMap;

use serde_json::Value;

use super::body::display;
use super::{CheckKind, Difference, show};
use crate::case::model::BodyMatcher;

/// Checks every `sameAsRequest` relation of `matchers`.
pub fn check_relations(
    matchers: &BTreeMap<String, BodyMatcher>,
    request_body: Option<&Value>,
    response_body: &Value,
) -> Vec<Difference> {
    let mut differences = Vec::new();

    for (pointer, matcher) in matchers {
        let Some(request_pointer) = &matcher.same_as_request else {
            continue;
        };
        let sent = request_body.and_then(|body| body.pointer(request_pointer));
        let got = response_body.pointer(pointer);

        let matches = match (sent, got) {
            (Some(sent), Some(got)) => sent == got,
            (None, None) => true,
            (None, Some(got)) => got.is_null(),
            (Some(_), None) => false,
        };
        if !matches {
            let expected = match sent {
                Some(sent) => format!("{} (the request's {request_pointer})", show(sent)),
                None => format!("null, as the request has no {request_pointer}"),
            };
            let actual = got.map(show).unwrap_or_else(|| "no such property".into());
            differences.push(Difference::new(
                CheckKind::Relation,
                display(pointer),
                expected,
                actual,
            ));
        }
    }

    differences
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn same_as(pointer: &str) -> BTreeMap<String, BodyMatcher> {
        let matcher = BodyMatcher {
            same_as_request: Some(pointer.into()),
            ..BodyMatcher::default()
        };
        BTreeMap::from([(pointer.to_string(), matcher)])
    }

    #[test]
    fn requires_the_requested_chat_type_to_come_back() {
        let request = json!({"chatType": "group"});

        assert!(
            check_relations(
                &same_as("/chatType"),
                Some(&request),
                &json!({"chatType": "group"})
            )
            .is_empty()
        );
        assert_eq!(
            check_relations(
                &same_as("/chatType"),
                Some(&request),
                &json!({"chatType": "oneOnOne"})
            )
            .len(),
            1
        );
    }

    #[test]
    fn requires_null_when_the_request_had_no_value() {
        let request = json!({"chatType": "oneOnOne"});

        assert!(
            check_relations(&same_as("/topic"), Some(&request), &json!({"topic": null})).is_empty()
        );
        assert_eq!(
            check_relations(&same_as("/topic"), Some(&request), &json!({"topic": "x"})).len(),
            1
        );
    }
}
