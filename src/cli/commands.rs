//! The commands behind the arguments: each reads its inputs, does its work, writes to the
//! console, and returns an error that carries the exit code.

use std::io::Write;
use std::time::{Duration, Instant};

use graph_conformance::corpus::Origin;
use graph_conformance::error::Error;
use graph_conformance::mock::{MockConfig, MockServer};
use graph_conformance::report::console;
use graph_conformance::run::{Outcome, Runner, Tally};
use graph_conformance::suite::{SuiteSources, load_profile, load_suite};
use graph_conformance::target::Target;
use graph_conformance::target::token::{Credentials, Secret};

use super::args::{MockArgs, RunArgs, SchemaArgs, SchemaFormat};

/// `graph-conformance run`.
pub async fn run(args: RunArgs, out: &mut impl Write) -> Result<(), Error> {
    let timeout = parse_timeout(args.timeout)?;
    let sources = SuiteSources {
        cases: args
            .cases
            .map_or(Origin::Embedded("cases"), Origin::Directory),
        schemas: args
            .schemas
            .map_or(Origin::Embedded("schemas"), Origin::Directory),
        profile: args.profile,
        cloud: args.cloud,
    };
    let mut suite = load_suite(&sources)?;
    if !args.filters.is_empty() {
        suite.cases.retain(|case| {
            args.filters
                .iter()
                .any(|filter| case.case.name.contains(filter))
        });
        if suite.cases.is_empty() {
            return Err(Error::Usage(format!(
                "no case name contains {}",
                args.filters.join(" or ")
            )));
        }
    }

    // Without a target, the embedded reference mock is the target; it lives until the run ends.
    let (target, _mock) = match &args.target {
        Some(url) => (Target::new(&parse_target(url)?, args.cloud), None),
        None => {
            // Strict, as Graph is: a token that is not a JWT is refused.
            let mock = MockServer::start(MockConfig::from_profile(&suite.profile).strict(true))
                .await
                .map_err(|error| Error::Mock(error.to_string()))?;
            (Target::new(mock.base_url(), args.cloud), Some(mock))
        }
    };
    let credentials = match args.token {
        Some(token) => Credentials::Given(Secret::new(token)),
        None => Credentials::MintForCaller,
    };
    let runner = Runner::new(
        target,
        credentials,
        suite.profile,
        suite.schemas,
        args.jobs,
        timeout,
    )
    .map_err(Error::Transport)?;

    let started = Instant::now();
    let width = console::name_width(suite.cases.iter().map(|case| case.case.name.as_str()));
    let verdicts = runner
        .run_all(&suite.cases, |verdict| {
            // A closed stdout must not stop the run; the exit code still tells.
            let _ = console::write_verdict(out, verdict, width);
        })
        .await;
    let _ = console::write_summary(
        out,
        &verdicts,
        runner.target().base_url(),
        started.elapsed(),
    );

    let tally = Tally::of(&verdicts);
    if let Some(error) = verdicts
        .iter()
        .filter(|verdict| verdict.outcome == Outcome::Errored)
        .flat_map(|verdict| verdict.steps.iter().filter_map(|step| step.error.clone()))
        .next()
    {
        return Err(Error::Transport(error));
    }
    if tally.failed > 0 {
        return Err(Error::Conformance {
            failed: tally.failed,
            total: verdicts.len(),
        });
    }
    Ok(())
}

/// `graph-conformance mock`.
pub async fn mock(args: MockArgs, out: &mut impl Write) -> Result<(), Error> {
    let profile = load_profile(args.profile.as_deref())?;
    let address = format!("{}:{}", args.host, args.port);
    let socket = tokio::net::lookup_host(&address)
        .await
        .ok()
        .and_then(|mut found| found.next())
        .ok_or_else(|| {
            Error::Usage(format!(
                "--host {}: not an address of this machine",
                args.host
            ))
        })?;
    let mut config = MockConfig::from_profile(&profile).strict(args.strict);
    if let Some(requests_per_second) = args.throttle {
        config = config.throttle(requests_per_second);
    }
    let server = MockServer::start_on(socket, config)
        .await
        .map_err(|error| Error::Mock(format!("cannot listen on {address}: {error}")))?;

    let _ = writeln!(
        out,
        "serving the reference mock at {} (Ctrl-C stops it)",
        server.base_url()
    );
    let _ = out.flush();
    let _ = tokio::signal::ctrl_c().await;
    Ok(())
}

/// `graph-conformance schema`.
pub fn schema(args: SchemaArgs, out: &mut impl Write) -> Result<(), Error> {
    let schema = match args.format {
        SchemaFormat::Case => graph_conformance::case::schema::case_schema(),
        SchemaFormat::Profile => graph_conformance::case::schema::profile_schema(),
    };
    let text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    let _ = writeln!(out, "{text}");
    Ok(())
}

fn parse_timeout(seconds: f64) -> Result<Duration, Error> {
    if seconds.is_finite() && seconds > 0.0 {
        Ok(Duration::from_secs_f64(seconds))
    } else {
        Err(Error::Usage(format!(
            "--timeout must be a positive number of seconds, not {seconds}"
        )))
    }
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
