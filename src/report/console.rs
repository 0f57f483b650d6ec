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
    };
    writeln!(
        out,
        "{label} {:name_width$}  {:10}  {:11}  {:>5} ms",
        verdict.name,
        grade_name(verdict.grade),
        area_name(verdict.area),
        verdict.duration.as_millis(),
    )?;
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

/// Writes the closing summary.
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
        "{} {} against {target}: {} passed, {} failed, {} errored ({:.2} s)",
        verdicts.len(),
        if verdicts.len() == 1 { "case" } else { "cases" },
        tally.passed,
        tally.failed,
        tally.errored,
        elapsed.as_secs_f64()
    )
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
