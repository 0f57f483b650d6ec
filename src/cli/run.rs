//! `graph-conformance run`: select cases, guard the target, run, report.
//!
//! The phases: load and select the cases (`--filter`, `--area`, `--grade`), list them or
//! print their requests (`--list`, `--dry-run`), pick the target (the embedded mock by
//! default) and the credentials, run with the console (and a progress bar on a terminal),
//! then write the recording and the reports, and map the outcome to the exit code.

use std::io::{IsTerminal as _, Write};
use std::time::{Duration, Instant};

use graph_conformance::bind::{Bindings, Captures, bind_step};
use graph_conformance::case::LoadedCase;
use graph_conformance::case::model::Authorization;
use graph_conformance::corpus::Origin;
use graph_conformance::error::Error;
use graph_conformance::mock::{MockConfig, MockServer};
use graph_conformance::record::{Recording, write_recording};
use graph_conformance::report::console::{self, ConsoleStyle, color_enabled};
use graph_conformance::report::{RunReport, write_report};
use graph_conformance::run::{Outcome, Runner, Tally, Verdict};
use graph_conformance::suite::{Suite, SuiteSources, load_suite};
use graph_conformance::target::client::HttpClient;
use graph_conformance::target::client::SentRequest;
use graph_conformance::target::credentials::{ClientCredentials, CredentialsError};
use graph_conformance::target::retry::RetryPolicy;
use graph_conformance::target::token::{Credentials, Secret};
use graph_conformance::target::{Cloud, Target};

use super::args::RunArgs;

/// The base URL shown for the embedded mock before it has started.
const EMBEDDED_MOCK: &str = "http://[embedded-mock]/v1.0";

/// Runs the selected cases against the target and reports them.
pub async fn run(args: RunArgs, out: &mut impl Write) -> Result<(), Error> {
    let timeout = parse_timeout(args.timeout)?;
    let cloud = args.cloud.unwrap_or_default();
    let target_url = match (&args.target, args.cloud) {
        (Some(url), _) => Some(parse_target(url)?),
        (None, Some(cloud)) => Some(cloud.graph_root()),
        (None, None) => None,
    };
    let mut suite = load_suite(&SuiteSources {
        cases: args
            .cases
            .clone()
            .map_or(Origin::Embedded("cases"), Origin::Directory),
        schemas: args
            .schemas
            .clone()
            .map_or(Origin::Embedded("schemas"), Origin::Directory),
        profile: args.profile.clone(),
        cloud,
    })?;
    select_cases(&mut suite.cases, &args)?;

    if args.list {
        list_cases(out, &suite.cases);
        return Ok(());
    }
    let credentials = match &args.token {
        Some(token) => Credentials::Given(Secret::new(token.clone())),
        None => Credentials::MintForCaller,
    };
    let retry = retry_policy(&args)?;
    if args.dry_run {
        let base = target_url.as_deref().unwrap_or(EMBEDDED_MOCK);
        print_requests(out, &suite, &Target::new(base, cloud), &credentials);
        return Ok(());
    }

    // Without a target, the embedded reference mock is the target, strict about tokens as
    // Graph is; it lives until the run ends.
    let (target, _mock) = match target_url {
        Some(url) => (Target::new(&url, cloud), None),
        None => {
            let config = MockConfig::from_profile(&suite.profile).strict(true);
            let mock = MockServer::start(config)
                .await
                .map_err(|error| Error::Mock(error.to_string()))?;
            (Target::new(mock.base_url(), cloud), Some(mock))
        }
    };
    // A real target with the client-credentials variables set: one token for the whole run.
    let credentials = match (&credentials, &_mock) {
        (Credentials::MintForCaller, None) => client_credentials_token(cloud, timeout)
            .await?
            .unwrap_or(credentials),
        _ => credentials,
    };
    let mut runner = Runner::new(
        target.clone(),
        credentials,
        suite.profile,
        suite.schemas,
        args.jobs,
        timeout,
    )
    .and_then(|runner| runner.retry(retry))
    .map_err(Error::Transport)?
    .allow_writes(args.allow_writes);
    if let Some(dir) = &args.compare {
        runner = runner.compare_with(Recording::load(dir, target.base_url())?);
    }

    let started_at = time::OffsetDateTime::now_utc();
    let started = Instant::now();
    let verdicts = run_with_console(&runner, &suite.cases, &args, out).await;
    let elapsed = started.elapsed();
    let _ = console::write_summary(out, &verdicts, target.base_url(), elapsed);

    let run = RunReport {
        target: target.base_url(),
        started: started_at,
        elapsed,
        verdicts: &verdicts,
    };
    for spec in &args.reports {
        write_report(spec, &run).map_err(|error| Error::Output(error.to_string()))?;
    }

    if let Some(dir) = &args.record {
        let written = write_recording(dir, &verdicts, target.base_url()).map_err(|error| {
            Error::Output(format!(
                "cannot write the recording into {}: {error}",
                dir.display()
            ))
        })?;
        let _ = writeln!(out, "recorded {written} answers in {}", dir.display());
    }
    exit_status(&verdicts)
}

/// Keeps the cases that every selection flag lets through.
fn select_cases(cases: &mut Vec<LoadedCase>, args: &RunArgs) -> Result<(), Error> {
    let selected = |loaded: &LoadedCase| {
        let case = &loaded.case;
        let grade = case.source.outcome_grade.unwrap_or(case.source.grade);
        (args.filters.is_empty() || args.filters.iter().any(|text| case.name.contains(text)))
            && (args.areas.is_empty() || args.areas.contains(&case.area))
            && (args.grades.is_empty() || args.grades.contains(&grade))
    };
    cases.retain(selected);

    if cases.is_empty() {
        return Err(Error::Usage(
            "no case matches the selection (--filter, --area, --grade)".into(),
        ));
    }
    Ok(())
}

fn list_cases(out: &mut impl Write, cases: &[LoadedCase]) {
    let width = console::name_width(cases.iter().map(|case| case.case.name.as_str()));
    for loaded in cases {
        let case = &loaded.case;
        let grade = case.source.outcome_grade.unwrap_or(case.source.grade);
        let _ = writeln!(
            out,
            "{:width$}  {:10}  {:11}  {}",
            case.name,
            console::grade_name(grade),
            console::area_name(case.area),
            case.title
        );
    }
}

/// Prints what each case would send, captures as placeholders, the token redacted.
fn print_requests(out: &mut impl Write, suite: &Suite, target: &Target, credentials: &Credentials) {
    let graph_root = target.cloud().graph_root();
    for loaded in &suite.cases {
        let case = &loaded.case;
        let _ = writeln!(out, "{} ({})", case.name, case.title);
        let mut captured = Vec::new();
        for (index, step) in case.steps.iter().enumerate() {
            let bindings = Bindings {
                profile: &suite.profile,
                graph_root: &graph_root,
                captures: Captures::Placeholders(&captured),
            };
            // Loading bound every step the same way, so this cannot fail.
            let Ok(bound) = bind_step(step, &bindings, &format!("/steps/{index}")) else {
                continue;
            };
            let mut headers = bound.headers.clone();
            let sends_token = match &step.request.authorization {
                Authorization::None => false,
                Authorization::Bearer(_) => true,
                Authorization::Caller => {
                    matches!(credentials, Credentials::Given(_)) || case.caller.is_some()
                }
            };
            if sends_token {
                headers.push(("Authorization".into(), "Bearer [redacted]".into()));
            }
            let request = SentRequest {
                method: step.request.method.as_http().to_string(),
                url: target.url_for(&bound.path),
                headers,
                body: bound.body.clone(),
                body_text: step.request.body_text.as_ref().map(|_| {
                    String::from_utf8_lossy(bound.payload.as_deref().unwrap_or_default()).into()
                }),
                body_bytes: bound.payload.as_ref().map_or(0, Vec::len),
                attempts: Vec::new(),
                gave_up: None,
            };
            let _ = console::write_request(out, &step.name, &request);
            captured.extend(step.capture.keys().cloned());
        }
    }
}

/// Runs the cases, writing each verdict as it ends; on a terminal a progress bar counts them.
async fn run_with_console(
    runner: &Runner,
    cases: &[LoadedCase],
    args: &RunArgs,
    out: &mut impl Write,
) -> Vec<Verdict> {
    let is_terminal = std::io::stdout().is_terminal();
    let no_color = std::env::var("NO_COLOR").ok();
    let style = ConsoleStyle {
        name_width: console::name_width(cases.iter().map(|case| case.case.name.as_str())),
        color: color_enabled(args.color, is_terminal, no_color.as_deref()),
        verbose: args.verbose,
    };
    let progress = is_terminal.then(|| {
        let bar = indicatif::ProgressBar::new(cases.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} cases {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });

    let verdicts = runner
        .run_all(cases, |verdict| {
            // A closed stdout must not stop the run; the exit code still tells.
            match &progress {
                Some(bar) => bar.suspend(|| {
                    let _ = console::write_verdict(out, verdict, style);
                    let _ = out.flush();
                }),
                None => {
                    let _ = console::write_verdict(out, verdict, style);
                }
            }
            if let Some(bar) = &progress {
                bar.inc(1);
            }
        })
        .await;
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    verdicts
}

/// Maps the verdicts to the exit status: unreachable target first, then failures.
fn exit_status(verdicts: &[Verdict]) -> Result<(), Error> {
    if let Some(error) = verdicts
        .iter()
        .filter(|verdict| verdict.outcome == Outcome::Errored)
        .flat_map(|verdict| verdict.steps.iter().filter_map(|step| step.error.clone()))
        .next()
    {
        return Err(Error::Transport(error));
    }
    let tally = Tally::of(verdicts);
    if tally.failed > 0 {
        return Err(Error::Conformance {
            failed: tally.failed,
            total: verdicts.len(),
        });
    }
    Ok(())
}

/// The retry policy of `--retries` and `--retry-budget`.
fn retry_policy(args: &RunArgs) -> Result<RetryPolicy, Error> {
    if args.retries == 0 {
        return Err(Error::Usage("--retries counts attempts: at least 1".into()));
    }
    if args.retries == 1 {
        return Ok(RetryPolicy::none());
    }
    Ok(RetryPolicy {
        max_attempts: args.retries,
        max_total: parse_seconds("--retry-budget", args.retry_budget)?,
        ..RetryPolicy::default()
    })
}

/// A token from the client-credentials flow, when `AZURE_TENANT_ID`, `AZURE_CLIENT_ID` and
/// `AZURE_CLIENT_SECRET` are set; the token service is the cloud's, or `AZURE_AUTHORITY_HOST`.
async fn client_credentials_token(
    cloud: Cloud,
    timeout: Duration,
) -> Result<Option<Credentials>, Error> {
    let Some(credentials) = ClientCredentials::from_env().map_err(credentials_error)? else {
        return Ok(None);
    };
    let authority = std::env::var("AZURE_AUTHORITY_HOST")
        .ok()
        .filter(|host| !host.is_empty())
        .unwrap_or_else(|| cloud.token_host().to_string());
    let client = HttpClient::new(timeout).map_err(Error::Transport)?;

    let token = credentials
        .fetch_token(client.reqwest(), authority.trim_end_matches('/'), cloud)
        .await
        .map_err(credentials_error)?;
    Ok(Some(Credentials::Given(token)))
}

fn credentials_error(error: CredentialsError) -> Error {
    Error::Credentials(error.to_string())
}

fn parse_seconds(flag: &str, seconds: f64) -> Result<Duration, Error> {
    if seconds.is_finite() && seconds > 0.0 {
        Ok(Duration::from_secs_f64(seconds))
    } else {
        Err(Error::Usage(format!(
            "{flag} must be a positive number of seconds, not {seconds}"
        )))
    }
}

fn parse_timeout(seconds: f64) -> Result<Duration, Error> {
    parse_seconds("--timeout", seconds)
}

fn parse_target(url: &str) -> Result<String, Error> {
    match reqwest::Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => Ok(url.to_string()),
        Ok(parsed) => Err(Error::Usage(format!(
            "--target {url}: the scheme must be http or https, not {}",
            parsed.scheme()
        ))),
        Err(error) => Err(Error::Usage(format!("--target {url}: not a URL ({error})"))),
    }
}
