//! Checks: comparing one answer with what its step expects.
//!
//! One file per kind of check. Each returns every [`Difference`] it finds rather than stopping
//! at the first, and [`check_response`] runs them all, so a verdict lists everything that is
//! wrong with an answer at once. The checks are written from the Graph documentation, never
//! from the reference mock.

pub mod body;
pub mod format;
pub mod headers;
pub mod relation;
pub mod schema;
pub mod status;

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::case::model::Expectations;
use schema::SchemaSet;

/// What a target answered.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Header names (lower case, as HTTP/2 and hyper give them) and values, in arrival order.
    pub headers: Vec<(String, String)>,
    /// The body as text (lossy UTF-8).
    pub body: String,
    /// The body as JSON, when it parses.
    #[serde(skip)]
    pub json: Option<Value>,
}

impl Response {
    /// Builds a response, parsing the body as JSON when it is JSON.
    pub fn new(status: u16, headers: Vec<(String, String)>, body: String) -> Self {
        let json = serde_json::from_str(&body).ok();
        Response {
            status,
            headers,
            body,
            json,
        }
    }

    /// The values of a header, its name matched without regard to case, joined by `, `.
    pub fn header(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self
            .headers
            .iter()
            .filter(|(header, _)| header.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
            .collect();
        (!values.is_empty()).then(|| values.join(", "))
    }
}

/// The kind of check that found a difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CheckKind {
    /// The status code.
    Status,
    /// A response header.
    Header,
    /// The JSON Schema of the body.
    Schema,
    /// A body matcher.
    Body,
    /// A relation between the answer and the request.
    Relation,
    /// A value carried from one step to the next.
    Capture,
    /// A difference from a recorded earlier answer.
    Drift,
}

impl fmt::Display for CheckKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CheckKind::Status => "status",
            CheckKind::Header => "header",
            CheckKind::Schema => "schema",
            CheckKind::Body => "body",
            CheckKind::Relation => "relation",
            CheckKind::Capture => "capture",
            CheckKind::Drift => "drift",
        })
    }
}

/// One way in which an answer differs from what was expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// The kind of check.
    pub check: CheckKind,
    /// Where: a header name, a JSON pointer into the body, or empty for the status.
    pub location: String,
    /// What was expected.
    pub expected: String,
    /// What came back.
    pub actual: String,
}

impl Difference {
    /// A difference found by `check` at `location`.
    pub fn new(
        check: CheckKind,
        location: impl Into<String>,
        expected: impl Into<String>,
        actual: impl Into<String>,
    ) -> Self {
        Difference {
            check,
            location: location.into(),
            expected: expected.into(),
            actual: actual.into(),
        }
    }
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.location.is_empty() {
            write!(
                f,
                "{}: expected {}, got {}",
                self.check, self.expected, self.actual
            )
        } else {
            write!(
                f,
                "{} {}: expected {}, got {}",
                self.check, self.location, self.expected, self.actual
            )
        }
    }
}

/// Runs every check of `expect` against `response`. `request_body` is the bound body that was
/// sent, for relations.
pub fn check_response(
    expect: &Expectations,
    request_body: Option<&Value>,
    response: &Response,
    schemas: &SchemaSet,
) -> Vec<Difference> {
    let mut differences = status::check_status(&expect.status, response.status);
    differences.extend(headers::check_headers(&expect.headers, response));

    let needs_json = expect.schema.is_some() || !expect.body.is_empty();
    match (&response.json, needs_json) {
        (Some(json), _) => {
            if let Some(name) = &expect.schema {
                differences.extend(schemas.check(name, json));
            }
            differences.extend(body::check_body(&expect.body, json));
            differences.extend(relation::check_relations(&expect.body, request_body, json));
        }
        (None, true) => differences.push(Difference::new(
            CheckKind::Body,
            "",
            "a JSON body",
            describe_non_json(&response.body),
        )),
        (None, false) => {}
    }

    differences
}

fn describe_non_json(body: &str) -> String {
    if body.trim().is_empty() {
        return "an empty body".into();
    }
    let mut excerpt: String = body.chars().take(120).collect();
    if excerpt.len() < body.len() {
        excerpt.push('…');
    }
    format!("a body that is not JSON: {excerpt:?}")
}

/// A short rendering of a JSON value for messages.
pub(crate) fn show(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 120 {
        let mut short: String = text.chars().take(120).collect();
        short.push('…');
        short
    } else {
        text
    }
}
