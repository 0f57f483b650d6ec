//! Running cases: binds each step, sends it, checks the answer, carries captures forward, and
//! yields one [`Verdict`] per case.
//!
//! Cases run concurrently, at most `jobs` at a time, over one HTTP client; the steps of a case
//! run in order. Every check of every step runs, so a verdict lists all differences. A step
//! whose capture is missing stops its case, since later steps would send a request the case
//! never meant.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use futures::StreamExt as _;
use serde::Serialize;
use serde_json::Value;

use crate::bind::{Bindings, Captures, bind_step};
use crate::case::LoadedCase;
use crate::case::model::{Area, Authorization, Case, Grade};
use crate::check::schema::SchemaSet;
use crate::check::{CheckKind, Difference, Response, check_response};
use crate::profile::Profile;
use crate::record::Recording;
use crate::target::Target;
use crate::target::client::{HttpClient, Payload, SentRequest, TransportError};
use crate::target::retry::RetryPolicy;
use crate::target::token::{Credentials, Secret, mint_for_caller};

/// How one case ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    /// Every check of every step held.
    Passed,
    /// At least one check found a difference.
    Failed,
    /// A request got no answer (the target is down or too slow).
    Errored,
    /// The case did not run; the verdict says why.
    Skipped,
}

/// What happened in one step.
#[derive(Debug, Clone, Serialize)]
pub struct StepReport {
    /// The step's name.
    pub name: String,
    /// The request as sent, redacted; `None` when the step could not be bound.
    pub request: Option<SentRequest>,
    /// The answer, if one came.
    pub response: Option<Response>,
    /// How long the exchange took.
    pub elapsed: Duration,
    /// Every difference found.
    pub differences: Vec<Difference>,
    /// Why there was no answer.
    pub error: Option<TransportError>,
}

/// The result of one case.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    /// The case's name.
    pub name: String,
    /// The case's title.
    pub title: String,
    /// The case file.
    pub path: PathBuf,
    /// The case's area.
    pub area: Area,
    /// The grade of the rule the case checks.
    pub grade: Grade,
    /// The grade of the exact answer the case expects.
    pub outcome_grade: Grade,
    /// How it ended.
    pub outcome: Outcome,
    /// Why the case was skipped.
    pub skip_reason: Option<String>,
    /// Wall time of the whole case.
    pub duration: Duration,
    /// The steps that ran, in order.
    pub steps: Vec<StepReport>,
}

impl Verdict {
    /// Every difference of every step, with the step's name.
    pub fn differences(&self) -> impl Iterator<Item = (&str, &Difference)> {
        self.steps
            .iter()
            .flat_map(|step| step.differences.iter().map(|d| (step.name.as_str(), d)))
    }
}

/// What a run needs besides the cases.
#[derive(Debug)]
pub struct Runner {
    client: HttpClient,
    timeout: Duration,
    target: Target,
    credentials: Credentials,
    profile: Profile,
    schemas: SchemaSet,
    jobs: usize,
    allow_writes: bool,
    recording: Option<Recording>,
}

impl Runner {
    /// A runner sending to `target` with `credentials`, binding from `profile`, validating
    /// with `schemas`, running at most `jobs` cases at once with `timeout` per request.
    pub fn new(
        target: Target,
        credentials: Credentials,
        profile: Profile,
        schemas: SchemaSet,
        jobs: usize,
        timeout: Duration,
    ) -> Result<Self, TransportError> {
        Ok(Runner {
            client: HttpClient::new(timeout)?,
            timeout,
            target,
            credentials,
            profile,
            schemas,
            jobs: jobs.max(1),
            allow_writes: false,
            recording: None,
        })
    }

    /// Retries throttled and unavailable answers (429, 503, 504) by `policy` instead of the
    /// default one.
    pub fn retry(mut self, policy: RetryPolicy) -> Result<Self, TransportError> {
        self.client = HttpClient::with_retry(self.timeout, policy)?;
        Ok(self)
    }

    /// Lets cases that write (create chats) run against a target that is not on this
    /// machine. Without it they are skipped there, each with the reason.
    pub fn allow_writes(mut self, allow: bool) -> Self {
        self.allow_writes = allow;
        self
    }

    /// Compares every answer with a recording of earlier answers; each drift is a difference.
    pub fn compare_with(mut self, recording: Recording) -> Self {
        self.recording = Some(recording);
        self
    }

    /// The profile cases are bound from.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// The target.
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// Runs every case, calling `on_verdict` as each one ends, and returns the verdicts sorted
    /// by case name.
    pub async fn run_all(
        &self,
        cases: &[LoadedCase],
        mut on_verdict: impl FnMut(&Verdict),
    ) -> Vec<Verdict> {
        let mut verdicts: Vec<Verdict> = futures::stream::iter(cases)
            .map(|case| self.run_case(case))
            .buffer_unordered(self.jobs)
            .inspect(|verdict| on_verdict(verdict))
            .collect()
            .await;

        verdicts.sort_by(|a, b| a.name.cmp(&b.name));
        verdicts
    }

    /// Runs the steps of one case in order.
    pub async fn run_case(&self, loaded: &LoadedCase) -> Verdict {
        let case = &loaded.case;
        let started = Instant::now();
        if let Some(reason) = self.skip_reason(case) {
            return verdict_of(
                loaded,
                Outcome::Skipped,
                Some(reason),
                Duration::ZERO,
                Vec::new(),
            );
        }
        let token = self.token_for(case);
        let graph_root = self.target.cloud().graph_root();
        let mut captures: BTreeMap<String, Value> = BTreeMap::new();
        let mut steps = Vec::with_capacity(case.steps.len());

        for (index, step) in case.steps.iter().enumerate() {
            let bindings = Bindings {
                profile: &self.profile,
                graph_root: &graph_root,
                captures: Captures::Values(&captures),
            };
            // Loading bound every step with placeholders, so only a captured value can fail
            // here; the case cannot go on without it.
            let bound = match bind_step(step, &bindings, &format!("/steps/{index}")) {
                Ok(bound) => bound,
                Err(error) => {
                    steps.push(StepReport {
                        name: step.name.clone(),
                        request: None,
                        response: None,
                        elapsed: Duration::ZERO,
                        differences: vec![Difference::new(
                            CheckKind::Capture,
                            error.pointer,
                            format!("`{{{{{}}}}}` to be bound", error.variable),
                            error.message,
                        )],
                        error: None,
                    });
                    break;
                }
            };

            let url = self.target.url_for(&bound.path);
            let bearer = match &step.request.authorization {
                Authorization::Caller => token.clone(),
                Authorization::None => None,
                Authorization::Bearer(_) => bound.bearer.clone().map(Secret::new),
            };
            let (request, result) = self
                .client
                .send(
                    step.request.method.as_http(),
                    &url,
                    &bound.headers,
                    Payload {
                        json: bound.body.as_ref(),
                        bytes: bound.payload.clone(),
                        verbatim: step.request.body_text.is_some() || step.request.pad_to.is_some(),
                    },
                    bearer.as_ref(),
                )
                .await;

            let (response, elapsed) = match result {
                Ok(answer) => answer,
                Err(error) => {
                    steps.push(StepReport {
                        name: step.name.clone(),
                        request: Some(request),
                        response: None,
                        elapsed: Duration::ZERO,
                        differences: Vec::new(),
                        error: Some(error),
                    });
                    break;
                }
            };

            let mut differences =
                check_response(&bound.expect, bound.body.as_ref(), &response, &self.schemas);
            if let Some(recording) = &self.recording {
                differences.extend(recording.compare(&case.name, &step.name, &response));
            }
            let missing = capture_values(&step.capture, &response, &mut captures);
            let stop = !missing.is_empty();
            differences.extend(missing);

            steps.push(StepReport {
                name: step.name.clone(),
                request: Some(request),
                response: Some(response),
                elapsed,
                differences,
                error: None,
            });
            if stop {
                break;
            }
        }

        let outcome = if steps.iter().any(|step| step.error.is_some()) {
            Outcome::Errored
        } else if steps.iter().any(|step| !step.differences.is_empty()) {
            Outcome::Failed
        } else {
            Outcome::Passed
        };
        verdict_of(loaded, outcome, None, started.elapsed(), steps)
    }

    /// Why a case cannot run with these credentials: the user's own token cannot stand for
    /// a caller with other claims.
    fn skip_reason(&self, case: &Case) -> Option<String> {
        if !self.allow_writes && case.writes() && !self.target.is_loopback() {
            return Some(format!(
                "refused: the case writes (it creates chats) and {} is not on this machine; \
                 pass --allow-writes to let it",
                self.target
            ));
        }
        let caller = case.caller.as_ref()?;
        let given = matches!(self.credentials, Credentials::Given(_));
        (given && caller.needs_minted_token()).then(|| {
            "the caller needs a token with other claims (an application, other scopes or \
             roles, or a personal account) than the one given; run without --token against \
             a mock to include it"
                .to_string()
        })
    }

    /// The token for a case: the user's own, or one minted for the case's caller.
    fn token_for(&self, case: &Case) -> Option<Secret> {
        match &self.credentials {
            Credentials::Given(secret) => Some(secret.clone()),
            Credentials::MintForCaller => mint_for_caller(&self.profile, case.caller.as_ref()?),
        }
    }
}

fn verdict_of(
    loaded: &LoadedCase,
    outcome: Outcome,
    skip_reason: Option<String>,
    duration: Duration,
    steps: Vec<StepReport>,
) -> Verdict {
    let case = &loaded.case;
    Verdict {
        name: case.name.clone(),
        title: case.title.clone(),
        path: loaded.path.clone(),
        area: case.area,
        grade: case.source.grade,
        outcome_grade: case.source.outcome_grade.unwrap_or(case.source.grade),
        outcome,
        skip_reason,
        duration,
        steps,
    }
}

/// Stores the captured values of a step; returns a difference for each that is missing.
fn capture_values(
    wanted: &BTreeMap<String, String>,
    response: &Response,
    captures: &mut BTreeMap<String, Value>,
) -> Vec<Difference> {
    let mut missing = Vec::new();
    for (name, pointer) in wanted {
        match response
            .json
            .as_ref()
            .and_then(|json| json.pointer(pointer))
        {
            Some(value) => {
                captures.insert(name.clone(), value.clone());
            }
            None => missing.push(Difference::new(
                CheckKind::Capture,
                pointer.clone(),
                format!("a value to capture as `{name}` for later steps"),
                "no such property; the case stops here",
            )),
        }
    }
    missing
}

/// Counts of a run's verdicts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Cases that passed.
    pub passed: usize,
    /// Cases with differences.
    pub failed: usize,
    /// Cases whose requests got no answer.
    pub errored: usize,
    /// Cases that did not run.
    pub skipped: usize,
}

impl Tally {
    /// Counts `verdicts`.
    pub fn of(verdicts: &[Verdict]) -> Self {
        let mut tally = Tally::default();
        for verdict in verdicts {
            match verdict.outcome {
                Outcome::Passed => tally.passed += 1,
                Outcome::Failed => tally.failed += 1,
                Outcome::Errored => tally.errored += 1,
                Outcome::Skipped => tally.skipped += 1,
            }
        }
        tally
    }
}
