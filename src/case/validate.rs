//! Checks a case beyond its types: names, pointers, patterns and references between steps.
//!
//! Deserializing proves the shape; these checks prove the parts fit together, so that a case
//! that cannot run is rejected before anything is sent. Each problem is a [`LoadError`] that
//! names the file and the JSON location.

use std::collections::BTreeSet;
use std::path::Path;

use super::load::LoadError;
use super::model::{BodyMatcher, Case, HeaderExpectation};
use crate::bind::escape_pointer_token;

/// Checks `case`, read from `path`, and returns every problem found.
pub fn validate_case(path: &Path, case: &Case) -> Vec<LoadError> {
    let mut problems = Vec::new();
    let mut problem = |pointer: String, message: String| {
        problems.push(LoadError::invalid(path, pointer, message));
    };

    // The name is the test's name: it must be the file's stem so that names never shift.
    let stem = path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or_default();
    if case.name != stem {
        problem(
            "/name".into(),
            format!(
                "is `{}` but the file is `{stem}.json`; a case's name is its file's stem",
                case.name
            ),
        );
    }
    if !is_snake_case(&case.name) {
        problem("/name".into(), format!("`{}` is not snake_case", case.name));
    }
    if case.steps.is_empty() {
        problem("/steps".into(), "a case needs at least one step".into());
    }

    if let Some(caller) = &case.caller {
        match (&caller.user, &caller.application) {
            (Some(_), Some(_)) => problem(
                "/caller".into(),
                "a caller is a `user` or an `application`, not both".into(),
            ),
            (None, None) => problem(
                "/caller".into(),
                "a caller needs a `user` or an `application`".into(),
            ),
            _ => {}
        }
    }

    let mut step_names = BTreeSet::new();
    let mut captured = BTreeSet::new();
    for (index, step) in case.steps.iter().enumerate() {
        let at = format!("/steps/{index}");

        if !step_names.insert(step.name.as_str()) {
            problem(
                format!("{at}/name"),
                format!("step name `{}` is used twice", step.name),
            );
        }
        if !is_snake_case(&step.name) {
            problem(
                format!("{at}/name"),
                format!("`{}` is not snake_case", step.name),
            );
        }
        if step.request.body.is_some() && step.request.body_text.is_some() {
            problem(
                format!("{at}/request/bodyText"),
                "a request has a `body` or a `bodyText`, not both".into(),
            );
        }
        if step.request.pad_to.is_some() && step.request.body.is_none() {
            problem(
                format!("{at}/request/padTo"),
                "`padTo` pads the JSON `body`, and this request has none".into(),
            );
        }
        for code in step.expect.status.codes() {
            if !(100..=599).contains(code) {
                problem(
                    format!("{at}/expect/status"),
                    format!("{code} is not an HTTP status"),
                );
            }
        }
        for (name, header) in &step.expect.headers {
            let at = format!("{at}/expect/headers/{}", escape_pointer_token(name));
            for message in header_problems(header) {
                problem(at.clone(), message);
            }
        }
        for (pointer, matcher) in &step.expect.body {
            let at = format!("{at}/expect/body/{}", escape_pointer_token(pointer));
            for message in body_matcher_problems(pointer, matcher) {
                problem(at.clone(), message);
            }
        }
        for (name, pointer) in &step.capture {
            if !is_json_pointer(pointer) {
                problem(
                    format!("{at}/capture/{}", escape_pointer_token(name)),
                    format!(
                        "`{pointer}` is not a JSON pointer (it must be empty or start with `/`)"
                    ),
                );
            }
            if !captured.insert(name.clone()) {
                problem(
                    format!("{at}/capture/{}", escape_pointer_token(name)),
                    format!("`{name}` is already captured by an earlier step"),
                );
            }
        }
    }

    problems
}

fn header_problems(header: &HeaderExpectation) -> Vec<String> {
    let mut problems = Vec::new();
    if header.absent && (header.equals.is_some() || header.pattern.is_some()) {
        problems.push("`absent` cannot be combined with `equals` or `pattern`".into());
    }
    problems
}

fn body_matcher_problems(pointer: &str, matcher: &BodyMatcher) -> Vec<String> {
    let mut problems = Vec::new();

    if !is_json_pointer(pointer) {
        problems.push(format!(
            "`{pointer}` is not a JSON pointer (it must be empty or start with `/`)"
        ));
    }
    let demands_value = matcher.present
        || matcher.equals.is_some()
        || matcher.not_equals.is_some()
        || matcher.pattern.is_some()
        || matcher.json_type.is_some()
        || matcher.format.is_some()
        || matcher.same_as_request.is_some();
    if matcher.absent && demands_value {
        problems.push("`absent` cannot be combined with a matcher that needs a value".into());
    }
    if !matcher.absent && !demands_value {
        problems.push(
            "a body matcher needs at least one of `present`, `absent`, `equals`, `notEquals`, \
             `pattern`, `type`, `format`, `sameAsRequest`"
                .into(),
        );
    }
    if let Some(request_pointer) = &matcher.same_as_request
        && !is_json_pointer(request_pointer)
    {
        problems.push(format!(
            "`sameAsRequest` `{request_pointer}` is not a JSON pointer"
        ));
    }
    problems
}

fn is_json_pointer(pointer: &str) -> bool {
    pointer.is_empty() || pointer.starts_with('/')
}

fn is_snake_case(name: &str) -> bool {
    !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
