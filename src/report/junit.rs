//! The JUnit XML report, for the test tabs of CI servers.
//!
//! One test suite, `graph-conformance`, with the target as a property; one test case per
//! verdict, named after the case, with its area as class name and its grades as properties.
//! A failed case is a `<failure>` whose message is its first difference and whose text holds
//! every difference and each step's exchange; an errored case is an `<error>`; a skipped case
//! is `<skipped>` with the reason.

use std::fmt::Write as _;

use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};

use super::console::{area_name, grade_name};
use super::{RenderError, RunReport, exchange, redact};
use crate::run::{Outcome, Verdict};

/// The name of the report and of its one suite.
pub const SUITE_NAME: &str = "graph-conformance";

/// Renders `run` as JUnit XML.
pub fn render(run: &RunReport<'_>) -> Result<String, RenderError> {
    let mut suite = TestSuite::new(SUITE_NAME);
    suite.set_time(run.elapsed);
    suite.add_property(Property::new("target", redact::url(run.target)));
    suite.add_test_cases(run.verdicts.iter().map(test_case));

    let mut report = Report::new(SUITE_NAME);
    report.set_time(run.elapsed);
    report.add_test_suite(suite);
    Ok(report.to_string()?)
}

fn test_case(verdict: &Verdict) -> TestCase {
    let mut case = TestCase::new(verdict.name.as_str(), status_of(verdict));
    case.set_classname(area_name(verdict.area));
    case.set_time(verdict.duration);
    case.add_property(Property::new("grade", grade_name(verdict.grade)));
    case.add_property(Property::new(
        "outcomeGrade",
        grade_name(verdict.outcome_grade),
    ));
    case.add_property(Property::new("title", verdict.title.as_str()));
    case.add_property(Property::new("path", verdict.path.display().to_string()));
    case
}

fn status_of(verdict: &Verdict) -> TestCaseStatus {
    match verdict.outcome {
        Outcome::Passed => TestCaseStatus::success(),
        Outcome::Failed => {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            if let Some((step, difference)) = verdict.differences().next() {
                let difference = redact::difference(difference);
                status.set_message(format!("{step}: {difference}"));
                status.set_type(difference.check.to_string());
            }
            status.set_description(describe(verdict));
            status
        }
        Outcome::Errored => {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
            if let Some((step, error)) = verdict
                .steps
                .iter()
                .find_map(|step| Some((&step.name, step.error.as_ref()?)))
            {
                status.set_message(format!("{step}: {error}"));
                status.set_type("transport");
            }
            status.set_description(describe(verdict));
            status
        }
        Outcome::Skipped => {
            let mut status = TestCaseStatus::skipped();
            if let Some(reason) = &verdict.skip_reason {
                status.set_message(reason.as_str());
            }
            status
        }
    }
}

/// Every difference and error of every step, then each step's exchange.
fn describe(verdict: &Verdict) -> String {
    let mut text = format!("{}\n{}\n", verdict.title, verdict.path.display());
    for step in &verdict.steps {
        let _ = writeln!(text, "\nstep {}:", step.name);
        for difference in &step.differences {
            let _ = writeln!(text, "  {}", redact::difference(difference));
        }
        if let Some(error) = &step.error {
            let _ = writeln!(text, "  {error}");
        }
        text.push('\n');
        text.push_str(&exchange::render_exchange(step));
    }
    text
}
