//! The status check: the answer's status code is one of those expected.

use super::{CheckKind, Difference};
use crate::case::model::StatusExpectation;

/// Compares the status code with the expected one or set.
pub fn check_status(expected: &StatusExpectation, actual: u16) -> Vec<Difference> {
    if expected.codes().contains(&actual) {
        return Vec::new();
    }

    let wanted = match expected.codes() {
        [one] => one.to_string(),
        many => format!(
            "one of {}",
            many.iter()
                .map(u16::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    vec![Difference::new(
        CheckKind::Status,
        "",
        wanted,
        actual.to_string(),
    )]
}
