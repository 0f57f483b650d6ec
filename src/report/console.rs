//! The console report: one line per case as it ends, its differences under it, a summary.
//!
//! ```text
//! PASS  group_with_topic     documented  examples   6 ms
//! FAIL  one_on_one_by_id     documented  examples   4 ms
//!       create: status: expected 201, got 400
//!       create: < 400 {"error":{"code":"BadRequest",...}}
//!
//! 5 cases against http://127.0.0.1:40123/v1.0: 4 passed, 1 failed, 0 errored (0.03 s)
//! ```

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::time::Duration;

use crate::case::model::{Area, Grade};
use crate::run::{Outcome, StepReport, Tally, Verdict};
use crate::target::client::SentRequest;

/// How much of a failing answer's body the console shows.
const BODY_EXCERPT: usize = 300;

/// How the console writes: aligned names, colours, exchanges.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConsoleStyle {
    /// The width names are padded to.
    pub name_width: usize,
    /// Whether to colour outcomes (ANSI escapes).
    pub color: bool,
    /// Whether to show every exchange as `>` and `<` lines.
    pub verbose: bool,
}

/// Semantic colours, named for what they mean at the call site.
mod paint {
    pub const PASSED: &str = "\x1b[32m";
    pub const FAILED: &str = "\x1b[31m";
    pub const ERRORED: &str = "\x1b[1;31m";
    pub const SKIPPED: &str = "\x1b[33m";
    pub const RESET: &str = "\x1b[0m";
}

/// Whether to colour output: `always`, `never`, or (auto) on a terminal unless `NO_COLOR` is
/// set to a non-empty value (<https://no-color.org>).
pub fn color_enabled(choice: ColorChoice, is_terminal: bool, no_color: Option<&str>) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => is_terminal && no_color.is_none_or(str::is_empty),
    }
}

/// When to colour output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Writes the line of one case, its differences when it did not pass, and with `verbose`
/// every exchange.
pub fn write_verdict(
    out: &mut impl Write,
    verdict: &Verdict,
    style: ConsoleStyle,
) -> io::Result<()> {
    let (label, colour) = match verdict.outcome {
        Outcome::Passed => ("PASS ", paint::PASSED),
        Outcome::Failed => ("FAIL ", paint::FAILED),
        Outcome::Errored => ("ERROR", paint::ERRORED),
        Outcome::Skipped => ("SKIP ", paint::SKIPPED),
    };
    let label = if style.color {
        format!("{colour}{label}{}", paint::RESET)
    } else {
        label.to_string()
    };
    let name_width = style.name_width;
    writeln!(
        out,
        "{label} {:name_width$}  {:19}  {:11}  {:>5} ms",
        verdict.name,
        grades(verdict),
        area_name(verdict.area),
        verdict.duration.as_millis(),
    )?;
    if let Some(reason) = &verdict.skip_reason {
        writeln!(out, "      skipped: {reason}")?;
    }
    if style.verbose {
        for step in &verdict.steps {
            write_exchange(out, step)?;
        }
    }
    if verdict.outcome == Outcome::Passed {
        return Ok(());
    }

    for step in &verdict.steps {
        for difference in &step.differences {
            writeln!(out, "      {}: {difference}", step.name)?;
        }
        if let Some(error) = &step.error {
            writeln!(out, "      {}: {error}", step.name)?;
        }
        if let Some(gave_up) = step
            .request
            .as_ref()
            .and_then(|request| request.gave_up.as_ref())
        {
            writeln!(out, "      {}: {gave_up}", step.name)?;
        }
        if let Some(response) = &step.response
            && !step.differences.is_empty()
            && !style.verbose
        {
            writeln!(
                out,
                "      {}: < {} {}",
                step.name,
                response.status,
                excerpt(&response.body)
            )?;
        }
    }
    Ok(())
}

/// Writes one exchange as `>` (sent) and `<` (received) lines; the token shows redacted.
pub fn write_exchange(out: &mut impl Write, step: &StepReport) -> io::Result<()> {
    if let Some(request) = &step.request {
        write_request(out, &step.name, request)?;
    }
    if let Some(response) = &step.response {
        writeln!(out, "      {}: < {}", step.name, response.status)?;
        for (name, value) in &response.headers {
            writeln!(out, "      {}: < {name}: {value}", step.name)?;
        }
        if !response.body.is_empty() {
            writeln!(out, "      {}: < {}", step.name, excerpt(&response.body))?;
        }
    }
    Ok(())
}

/// Writes a request as `>` lines.
pub fn write_request(out: &mut impl Write, step: &str, request: &SentRequest) -> io::Result<()> {
    if request.attempts.len() > 1 {
        writeln!(
            out,
            "      {step}: {} attempts, {:.1} s waited for Retry-After or backoff",
            request.attempts.len(),
            request.waited().as_secs_f64()
        )?;
    }
    writeln!(out, "      {step}: > {} {}", request.method, request.url)?;
    for (name, value) in &request.headers {
        writeln!(out, "      {step}: > {name}: {value}")?;
    }
    match (&request.body_text, &request.body) {
        (Some(text), _) => writeln!(
            out,
            "      {step}: > {} ({} bytes)",
            excerpt(text),
            request.body_bytes
        )?,
        (None, Some(body)) => writeln!(out, "      {step}: > {body}")?,
        (None, None) => {}
    }
    Ok(())
}

/// Writes the closing summary: the totals, then passed cases out of those that ran, by
/// area and by grade, so that a mock's author sees at a glance where it stands.
pub fn write_summary(
    out: &mut impl Write,
    verdicts: &[Verdict],
    target: &str,
    elapsed: Duration,
) -> io::Result<()> {
    let tally = Tally::of(verdicts);
    writeln!(out)?;
    writeln!(
        out,
        "{} {} against {target}: {} passed, {} failed, {} errored, {} skipped ({:.2} s)",
        verdicts.len(),
        if verdicts.len() == 1 { "case" } else { "cases" },
        tally.passed,
        tally.failed,
        tally.errored,
        tally.skipped,
        elapsed.as_secs_f64()
    )?;
    writeln!(
        out,
        "  by area:  {}",
        breakdown(verdicts, |verdict| area_name(verdict.area))
    )?;
    writeln!(
        out,
        "  by grade: {}",
        breakdown(verdicts, |verdict| grade_name(verdict.outcome_grade))
    )
}

/// `name passed/ran` for each group, in first-seen order of the groups' sorted keys.
fn breakdown(verdicts: &[Verdict], group: impl Fn(&Verdict) -> &'static str) -> String {
    let mut groups: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
    for verdict in verdicts
        .iter()
        .filter(|verdict| verdict.outcome != Outcome::Skipped)
    {
        let entry = groups.entry(group(verdict)).or_default();
        entry.1 += 1;
        if verdict.outcome == Outcome::Passed {
            entry.0 += 1;
        }
    }
    if groups.is_empty() {
        return "nothing ran".into();
    }
    groups
        .iter()
        .map(|(name, (passed, ran))| format!("{name} {passed}/{ran}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The grades of a case: the rule's, and the expected answer's when it is less certain.
fn grades(verdict: &Verdict) -> String {
    if verdict.grade == verdict.outcome_grade {
        grade_name(verdict.grade).to_string()
    } else {
        format!(
            "{}/{}",
            grade_name(verdict.grade),
            grade_name(verdict.outcome_grade)
        )
    }
}

/// The width that aligns the names of `names`.
pub fn name_width<'a>(names: impl Iterator<Item = &'a str>) -> usize {
    names.map(str::len).max().unwrap_or(0)
}

/// A grade as reports name it.
pub fn grade_name(grade: Grade) -> &'static str {
    match grade {
        Grade::Documented => "documented",
        Grade::Observed => "observed",
        Grade::Inferred => "inferred",
    }
}

/// An area as reports name it.
pub fn area_name(area: Area) -> &'static str {
    match area {
        Area::Examples => "examples",
        Area::Rules => "rules",
        Area::Idempotency => "idempotency",
        Area::Permissions => "permissions",
        Area::Errors => "errors",
    }
}

fn excerpt(body: &str) -> String {
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.is_empty() {
        return "(empty body)".into();
    }
    if flat.chars().count() <= BODY_EXCERPT {
        return flat;
    }
    let mut short: String = flat.chars().take(BODY_EXCERPT).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::terminal(ColorChoice::Auto, true, None, true)]
    #[case::pipe(ColorChoice::Auto, false, None, false)]
    #[case::no_color_on_a_terminal(ColorChoice::Auto, true, Some("1"), false)]
    #[case::empty_no_color_is_unset(ColorChoice::Auto, true, Some(""), true)]
    #[case::always_on_a_pipe(ColorChoice::Always, false, None, true)]
    #[case::never_on_a_terminal(ColorChoice::Never, true, None, false)]
    fn colours_follow_the_choice_the_terminal_and_no_color(
        #[case] choice: ColorChoice,
        #[case] is_terminal: bool,
        #[case] no_color: Option<&str>,
        #[case] expected: bool,
    ) {
        assert_eq!(color_enabled(choice, is_terminal, no_color), expected);
    }
}
