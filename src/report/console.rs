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
use crate::run::{Outcome, Tally, Verdict};

/// How much of a failing answer's body the console shows.
const BODY_EXCERPT: usize = 300;

/// Writes the line of one case, and its differences when it did not pass.
pub fn write_verdict(out: &mut impl Write, verdict: &Verdict, name_width: usize) -> io::Result<()> {
    let label = match verdict.outcome {
        Outcome::Passed => "PASS ",
        Outcome::Failed => "FAIL ",
        Outcome::Errored => "ERROR",
        Outcome::Skipped => "SKIP ",
    };
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
        if let Some(response) = &step.response
            && !step.differences.is_empty()
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
