//! The Markdown report, for CI job summaries such as GitHub's `$GITHUB_STEP_SUMMARY`.
//!
//! A heading, a one-line total, a table by area and one by grade (passed out of those that
//! ran), then one collapsed `<details>` block per case that did not pass, with its
//! differences and each step's exchange in fenced code blocks. Text from cases and targets is
//! escaped where GitHub would read it as markup.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::console::{area_name, grade_name};
use super::{Breakdown, RenderError, RunReport, by_area, by_grade, exchange, redact};
use crate::run::{Outcome, Tally, Verdict};

/// Renders `run` as GitHub-flavoured Markdown.
pub fn render(run: &RunReport<'_>) -> Result<String, RenderError> {
    let verdicts = run.verdicts;
    let tally = Tally::of(verdicts);
    let mut text = String::new();

    let mark = if tally.failed + tally.errored == 0 {
        "✅"
    } else {
        "❌"
    };
    let _ = writeln!(text, "## {mark} graph-conformance\n");
    let _ = writeln!(
        text,
        "**{} {}** against `{}`: {} passed, {} failed, {} errored, {} skipped ({:.2} s)\n",
        verdicts.len(),
        if verdicts.len() == 1 { "case" } else { "cases" },
        code_span_text(&redact::url(run.target)),
        tally.passed,
        tally.failed,
        tally.errored,
        tally.skipped,
        run.elapsed.as_secs_f64(),
    );

    write_table(&mut text, "Area", &by_area(verdicts));
    write_table(&mut text, "Grade", &by_grade(verdicts));

    let not_passed: Vec<&Verdict> = verdicts
        .iter()
        .filter(|verdict| verdict.outcome != Outcome::Passed)
        .collect();
    if !not_passed.is_empty() {
        let _ = writeln!(text, "### Cases that did not pass\n");
    }
    for verdict in not_passed {
        write_details(&mut text, verdict);
    }
    Ok(text)
}

/// A table of `groups`: passed out of those that ran, and each outcome's count.
fn write_table(text: &mut String, heading: &str, groups: &BTreeMap<&'static str, Breakdown>) {
    let _ = writeln!(
        text,
        "| {heading} | Passed/Ran | Failed | Errored | Skipped |"
    );
    let _ = writeln!(text, "|---|---:|---:|---:|---:|");
    for (name, counts) in groups {
        let _ = writeln!(
            text,
            "| {name} | {}/{} | {} | {} | {} |",
            counts.passed,
            counts.ran(),
            counts.failed,
            counts.errored,
            counts.skipped
        );
    }
    if groups.is_empty() {
        let _ = writeln!(text, "| (no cases) | 0/0 | 0 | 0 | 0 |");
    }
    text.push('\n');
}

/// One collapsed block for a case that did not pass.
fn write_details(text: &mut String, verdict: &Verdict) {
    let label = match verdict.outcome {
        Outcome::Passed => "passed",
        Outcome::Failed => "failed",
        Outcome::Errored => "errored",
        Outcome::Skipped => "skipped",
    };
    let _ = writeln!(
        text,
        "<details><summary><code>{}</code>: {label} ({}, {})</summary>\n",
        escape_html(&verdict.name),
        area_name(verdict.area),
        grade_name(verdict.outcome_grade),
    );
    let _ = writeln!(
        text,
        "{} (`{}`)\n",
        escape_html(&verdict.title),
        code_span_text(&verdict.path.display().to_string()),
    );
    if let Some(reason) = &verdict.skip_reason {
        let _ = writeln!(text, "Skipped: {}\n", escape_html(reason));
    }

    for step in &verdict.steps {
        let _ = writeln!(text, "Step `{}`:\n", code_span_text(&step.name));
        let mut problems = String::new();
        for difference in &step.differences {
            let _ = writeln!(problems, "{}", redact::difference(difference));
        }
        if let Some(error) = &step.error {
            let _ = writeln!(problems, "{error}");
        }
        if !problems.is_empty() {
            write_fenced(text, "text", &problems);
        }
        write_fenced(text, "http", &exchange::render_exchange(step));
    }
    let _ = writeln!(text, "</details>\n");
}

/// A fenced code block whose fence is longer than any run of backticks in `body`.
fn write_fenced(text: &mut String, language: &str, body: &str) {
    let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let _ = writeln!(text, "{fence}{language}");
    text.push_str(body);
    if !body.ends_with('\n') {
        text.push('\n');
    }
    let _ = writeln!(text, "{fence}\n");
}

/// Text for inside HTML, or for Markdown prose: no tags.
fn escape_html(raw: &str) -> String {
    raw.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Text for a single-backtick code span: backticks and line breaks would end or break it.
fn code_span_text(raw: &str) -> String {
    raw.replace('`', "'").replace(['\n', '\r'], " ")
}
