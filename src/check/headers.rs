//! The header checks: presence, absence, exact values and patterns of response headers.
//!
//! Header names match without regard to letter case, as HTTP says; values are compared as
//! sent, several values of one header joined by `, `.

use std::collections::BTreeMap;

use super::{CheckKind, Difference, Response};
use crate::case::model::HeaderExpectation;

/// Checks every expected header against the response.
pub fn check_headers(
    expected: &BTreeMap<String, HeaderExpectation>,
    response: &Response,
) -> Vec<Difference> {
    let mut differences = Vec::new();

    for (name, expectation) in expected {
        let actual = response.header(name);
        let mut differ = |wanted: String, got: String| {
            differences.push(Difference::new(
                CheckKind::Header,
                name.clone(),
                wanted,
                got,
            ));
        };

        let Some(value) = actual else {
            if !expectation.absent {
                differ("the header to be present".into(), "no such header".into());
            }
            continue;
        };
        if expectation.absent {
            differ("no such header".into(), format!("{value:?}"));
            continue;
        }
        if let Some(equals) = &expectation.equals
            && &value != equals
        {
            differ(format!("{equals:?}"), format!("{value:?}"));
        }
        if let Some(pattern) = &expectation.pattern
            && !pattern.is_match(&value)
        {
            differ(
                format!("a value matching /{pattern}/"),
                format!("{value:?}"),
            );
        }
    }

    differences
}
