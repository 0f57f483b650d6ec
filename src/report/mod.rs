//! Reports: how verdicts reach people and machines.
//!
//! The console report ([`console`]) speaks while a run goes on. The CI formats speak once it
//! ends, each from a [`RunReport`] through the same small API, `render(run)`:
//!
//! - [`junit`]: JUnit XML, for test tabs of CI servers;
//! - [`json`]: a versioned document with a JSON Schema (`schemas/report.schema.json`);
//! - [`markdown`]: a summary for CI job pages such as `$GITHUB_STEP_SUMMARY`.
//!
//! [`write_report`] renders one [`ReportSpec`] (`FORMAT=PATH`) to its file. What the formats
//! share lives beside them: [`redact`] keeps secrets out, [`exchange`] writes a request and its
//! answer as text, and [`Breakdown`] counts outcomes by area or grade.

pub mod console;
pub mod exchange;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod redact;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use crate::run::{Outcome, Verdict};

/// A finished run, as the CI formats see it.
#[derive(Debug, Clone, Copy)]
pub struct RunReport<'a> {
    /// The target's base URL, as the run named it.
    pub target: &'a str,
    /// When the run started.
    pub started: time::OffsetDateTime,
    /// Wall time of the whole run.
    pub elapsed: Duration,
    /// The verdicts, in the order the reports list them.
    pub verdicts: &'a [Verdict],
}

/// A format for a CI report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// JUnit XML.
    Junit,
    /// The JSON document described by `schemas/report.schema.json`.
    Json,
    /// Markdown for CI job summaries.
    Markdown,
}

impl ReportFormat {
    /// Every format, in the order help text lists them.
    pub const ALL: [ReportFormat; 3] = [
        ReportFormat::Junit,
        ReportFormat::Json,
        ReportFormat::Markdown,
    ];

    /// The format's name, as `--report` spells it.
    pub fn name(self) -> &'static str {
        match self {
            ReportFormat::Junit => "junit",
            ReportFormat::Json => "json",
            ReportFormat::Markdown => "markdown",
        }
    }

    /// Renders `run` in this format.
    pub fn render(self, run: &RunReport<'_>) -> Result<String, RenderError> {
        match self {
            ReportFormat::Junit => junit::render(run),
            ReportFormat::Json => json::render(run),
            ReportFormat::Markdown => markdown::render(run),
        }
    }
}

impl fmt::Display for ReportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ReportFormat {
    type Err = ReportSpecError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        ReportFormat::ALL
            .into_iter()
            .find(|format| format.name() == text)
            .ok_or_else(|| ReportSpecError::UnknownFormat {
                given: text.to_string(),
                suggestion: suggest_format(text),
            })
    }
}

/// Where to write which report: `FORMAT=PATH`, as `--report junit=target/junit.xml` gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportSpec {
    /// The format.
    pub format: ReportFormat,
    /// The file to write.
    pub path: PathBuf,
}

impl FromStr for ReportSpec {
    type Err = ReportSpecError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let Some((format, path)) = text.split_once('=') else {
            return Err(ReportSpecError::Shape {
                given: text.to_string(),
            });
        };
        if path.trim().is_empty() {
            return Err(ReportSpecError::Shape {
                given: text.to_string(),
            });
        }
        Ok(ReportSpec {
            format: format.trim().parse()?,
            path: PathBuf::from(path),
        })
    }
}

/// Why a `--report` value is not `FORMAT=PATH`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportSpecError {
    /// No `=`, or nothing after it.
    #[error("`{given}`: expected FORMAT=PATH, FORMAT one of junit, json, markdown")]
    Shape {
        /// The value given.
        given: String,
    },
    /// A format this harness does not write.
    #[error(
        "unknown report format `{given}`{}: expected FORMAT=PATH, FORMAT one of junit, json, markdown",
        suggestion.map(|name| format!(" (did you mean `{name}`?)")).unwrap_or_default()
    )]
    UnknownFormat {
        /// The format given.
        given: String,
        /// The closest known format, when one is close.
        suggestion: Option<&'static str>,
    },
}

fn suggest_format(given: &str) -> Option<&'static str> {
    let given = given.to_ascii_lowercase();
    ReportFormat::ALL
        .into_iter()
        .map(ReportFormat::name)
        .find(|name| *name == given || strsim::jaro_winkler(name, &given) > 0.8)
}

/// Why a report could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The JUnit writer failed.
    #[error("failed to write JUnit XML")]
    Junit(#[from] quick_junit::SerializeError),
    /// The JSON writer failed.
    #[error("failed to write JSON")]
    Json(#[from] serde_json::Error),
    /// The start time has no RFC 3339 form (a year outside 0 to 9999).
    #[error("failed to format the start time as RFC 3339")]
    Time(#[from] time::error::Format),
}

/// Why a report file was not written; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The report's folder could not be created.
    #[error("failed to create the folder of report {}", path.display())]
    CreateDir {
        /// The report file.
        path: PathBuf,
        /// What the file system said.
        source: std::io::Error,
    },
    /// The report could not be rendered.
    #[error("failed to render {format} report {}", path.display())]
    Render {
        /// The report file.
        path: PathBuf,
        /// The format.
        format: ReportFormat,
        /// What went wrong.
        source: RenderError,
    },
    /// The report file could not be written.
    #[error("failed to write report {}", path.display())]
    Write {
        /// The report file.
        path: PathBuf,
        /// What the file system said.
        source: std::io::Error,
    },
}

impl ReportError {
    /// The report file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            ReportError::CreateDir { path, .. }
            | ReportError::Render { path, .. }
            | ReportError::Write { path, .. } => path,
        }
    }
}

/// Renders `run` as `spec` says and writes it to `spec.path`, creating its folders.
///
/// ```no_run
/// use std::time::Duration;
/// use graph_conformance::report::{ReportSpec, RunReport, write_report};
///
/// let spec: ReportSpec = "junit=target/reports/junit.xml".parse()?;
/// let run = RunReport {
///     target: "http://127.0.0.1:8080/v1.0",
///     started: time::OffsetDateTime::now_utc(),
///     elapsed: Duration::from_millis(30),
///     verdicts: &[],
/// };
/// write_report(&spec, &run)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_report(spec: &ReportSpec, run: &RunReport<'_>) -> Result<(), ReportError> {
    let path = &spec.path;
    let text = spec
        .format
        .render(run)
        .map_err(|source| ReportError::Render {
            path: path.clone(),
            format: spec.format,
            source,
        })?;

    if let Some(parent) = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent).map_err(|source| ReportError::CreateDir {
            path: path.clone(),
            source,
        })?;
    }
    std::fs::write(path, text).map_err(|source| ReportError::Write {
        path: path.clone(),
        source,
    })
}

/// Counts of outcomes in one group of verdicts (one area, or one grade).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Breakdown {
    /// Cases that passed.
    pub passed: usize,
    /// Cases with differences.
    pub failed: usize,
    /// Cases whose requests got no answer.
    pub errored: usize,
    /// Cases that did not run.
    pub skipped: usize,
}

impl Breakdown {
    /// Counts `verdicts` by the group `key` gives each, in the groups' sorted order.
    pub fn by<'v>(
        verdicts: &'v [Verdict],
        key: impl Fn(&'v Verdict) -> &'static str,
    ) -> BTreeMap<&'static str, Breakdown> {
        let mut groups: BTreeMap<&'static str, Breakdown> = BTreeMap::new();
        for verdict in verdicts {
            let group = groups.entry(key(verdict)).or_default();
            match verdict.outcome {
                Outcome::Passed => group.passed += 1,
                Outcome::Failed => group.failed += 1,
                Outcome::Errored => group.errored += 1,
                Outcome::Skipped => group.skipped += 1,
            }
        }
        groups
    }

    /// Cases that ran: every case but the skipped ones.
    pub fn ran(&self) -> usize {
        self.passed + self.failed + self.errored
    }
}

/// Verdicts by area, as reports name areas.
pub fn by_area(verdicts: &[Verdict]) -> BTreeMap<&'static str, Breakdown> {
    Breakdown::by(verdicts, |verdict| console::area_name(verdict.area))
}

/// Verdicts by the grade of the answer they expect, as reports name grades.
pub fn by_grade(verdicts: &[Verdict]) -> BTreeMap<&'static str, Breakdown> {
    Breakdown::by(verdicts, |verdict| {
        console::grade_name(verdict.outcome_grade)
    })
}
