//! The JSON report: a stable, versioned document for scripts and dashboards.
//!
//! Its shape is `schemas/report.schema.json`, and `tests/reports.rs` validates a rendered
//! report against it. The document is built from types of its own rather than by serializing
//! [`Verdict`] as it is, so that the run's internals can change without breaking readers; a
//! change to the shape raises [`SCHEMA_VERSION`].

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;
use time::format_description::well_known::Rfc3339;

use super::console::{area_name, grade_name};
use super::{Breakdown, RenderError, RunReport, by_area, by_grade, redact};
use crate::check::{CheckKind, Response};
use crate::run::{Outcome, StepReport, Tally, Verdict};
use crate::target::client::{SentRequest, TransportError};

/// The version of the document's shape.
pub const SCHEMA_VERSION: u32 = 1;

/// Renders `run` as pretty-printed JSON.
pub fn render(run: &RunReport<'_>) -> Result<String, RenderError> {
    let document = Document {
        schema_version: SCHEMA_VERSION,
        target: redact::url(run.target),
        started: run.started.format(&Rfc3339)?,
        elapsed_ms: millis(run.elapsed),
        summary: summary(run.verdicts),
        cases: run.verdicts.iter().map(case).collect(),
    };
    let mut text = serde_json::to_string_pretty(&document)?;
    text.push('\n');
    Ok(text)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Document<'a> {
    schema_version: u32,
    target: String,
    started: String,
    elapsed_ms: u64,
    summary: Summary,
    cases: Vec<Case<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Summary {
    total: usize,
    passed: usize,
    failed: usize,
    errored: usize,
    skipped: usize,
    by_area: BTreeMap<&'static str, Group>,
    by_grade: BTreeMap<&'static str, Group>,
}

#[derive(Serialize)]
struct Group {
    passed: usize,
    failed: usize,
    errored: usize,
    skipped: usize,
    ran: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Case<'a> {
    name: &'a str,
    title: &'a str,
    path: String,
    area: &'static str,
    grade: &'static str,
    outcome_grade: &'static str,
    outcome: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    skip_reason: Option<&'a str>,
    duration_ms: u64,
    steps: Vec<Step<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Step<'a> {
    name: &'a str,
    request: Option<Request<'a>>,
    response: Option<Answer<'a>>,
    elapsed_ms: u64,
    differences: Vec<Difference>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<Error>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Request<'a> {
    method: &'a str,
    url: String,
    headers: Vec<Header>,
    body: Option<&'a Value>,
    body_text: Option<&'a str>,
    body_bytes: usize,
    attempts: usize,
    gave_up: Option<String>,
}

#[derive(Serialize)]
struct Answer<'a> {
    status: u16,
    headers: Vec<Header>,
    body: &'a str,
}

#[derive(Serialize)]
struct Header {
    name: String,
    value: String,
}

#[derive(Serialize)]
struct Difference {
    check: CheckKind,
    location: String,
    expected: String,
    actual: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Error {
    kind: &'static str,
    message: String,
}

fn summary(verdicts: &[Verdict]) -> Summary {
    let tally = Tally::of(verdicts);
    let groups = |groups: BTreeMap<&'static str, Breakdown>| {
        groups
            .into_iter()
            .map(|(name, counts)| {
                let group = Group {
                    passed: counts.passed,
                    failed: counts.failed,
                    errored: counts.errored,
                    skipped: counts.skipped,
                    ran: counts.ran(),
                };
                (name, group)
            })
            .collect()
    };
    Summary {
        total: verdicts.len(),
        passed: tally.passed,
        failed: tally.failed,
        errored: tally.errored,
        skipped: tally.skipped,
        by_area: groups(by_area(verdicts)),
        by_grade: groups(by_grade(verdicts)),
    }
}

fn case(verdict: &Verdict) -> Case<'_> {
    Case {
        name: &verdict.name,
        title: &verdict.title,
        path: verdict.path.display().to_string(),
        area: area_name(verdict.area),
        grade: grade_name(verdict.grade),
        outcome_grade: grade_name(verdict.outcome_grade),
        outcome: verdict.outcome,
        skip_reason: verdict.skip_reason.as_deref(),
        duration_ms: millis(verdict.duration),
        steps: verdict.steps.iter().map(step).collect(),
    }
}

fn step(step: &StepReport) -> Step<'_> {
    Step {
        name: &step.name,
        request: step.request.as_ref().map(request),
        response: step.response.as_ref().map(answer),
        elapsed_ms: millis(step.elapsed),
        differences: step
            .differences
            .iter()
            .map(|difference| {
                let shown = redact::difference(difference);
                Difference {
                    check: shown.check,
                    location: shown.location,
                    expected: shown.expected,
                    actual: shown.actual,
                }
            })
            .collect(),
        error: step.error.as_ref().map(error),
    }
}

fn request(request: &SentRequest) -> Request<'_> {
    Request {
        method: &request.method,
        url: redact::url(&request.url),
        headers: headers(&request.headers),
        body: request.body.as_ref(),
        body_text: request.body_text.as_deref(),
        body_bytes: request.body_bytes,
        attempts: request.attempts.len().max(1),
        gave_up: request.gave_up.as_ref().map(ToString::to_string),
    }
}

fn answer(response: &Response) -> Answer<'_> {
    Answer {
        status: response.status,
        headers: headers(&response.headers),
        body: &response.body,
    }
}

fn headers(headers: &[(String, String)]) -> Vec<Header> {
    redact::headers(headers)
        .into_iter()
        .map(|(name, value)| Header { name, value })
        .collect()
}

fn error(error: &TransportError) -> Error {
    let kind = match error {
        TransportError::Connect { .. } => "connect",
        TransportError::Timeout { .. } => "timeout",
        TransportError::Other { .. } => "other",
    };
    Error {
        kind,
        message: error.to_string(),
    }
}

/// Whole milliseconds, saturating (a run does not last 584 million years).
fn millis(duration: std::time::Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
