//! The corpus as tests: one test per case file, named after the file, so that
//! `cargo test one_on_one` selects cases by name and names never shift when a case is added.
//!
//! Each test snapshots the case's bound requests (insta, in the top-level `snapshots/`),
//! then runs the case. By default the target is the embedded reference mock; set
//! `GRAPH_CONFORMANCE_TARGET` (and `GRAPH_CONFORMANCE_TOKEN`, and optionally
//! `GRAPH_CONFORMANCE_PROFILE`) to run the same tests against another server; cases that
//! write are refused on a target off this machine unless `GRAPH_CONFORMANCE_ALLOW_WRITES` is
//! set. Snapshots are always bound from the docs profile, so they do not depend on the target.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use graph_conformance::bind::{Bindings, Captures, bind_step};
use graph_conformance::case::LoadedCase;
use graph_conformance::mock::{MockConfig, MockServer};
use graph_conformance::report::console;
use graph_conformance::run::{Outcome, Runner};
use graph_conformance::suite::{SuiteSources, load_profile, load_suite};
use graph_conformance::target::token::{Credentials, Secret};
use graph_conformance::target::{Cloud, Target};
use serde_json::json;

/// What every test shares: the loaded corpus, one runtime, one runner, and the mock it targets.
struct Harness {
    runtime: tokio::runtime::Runtime,
    cases: Vec<LoadedCase>,
    runner: Runner,
    snapshot_profile: graph_conformance::profile::Profile,
    _mock: Option<MockServer>,
}

fn harness() -> Result<&'static Harness, String> {
    static HARNESS: OnceLock<Result<Harness, String>> = OnceLock::new();
    HARNESS
        .get_or_init(start_harness)
        .as_ref()
        .map_err(Clone::clone)
}

fn start_harness() -> Result<Harness, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = SuiteSources::from_checkout(root);
    if let Ok(profile) = std::env::var("GRAPH_CONFORMANCE_PROFILE") {
        sources.profile = Some(PathBuf::from(profile));
    }
    let suite = load_suite(&sources).map_err(|error| error.to_string())?;
    let snapshot_profile =
        load_profile(Some(&root.join("profiles/docs.json"))).map_err(|error| error.to_string())?;
    let runtime = tokio::runtime::Runtime::new().map_err(|error| error.to_string())?;

    let target = std::env::var("GRAPH_CONFORMANCE_TARGET").ok();
    let (base_url, mock) = match target {
        Some(url) => (url, None),
        None => {
            let mock = runtime
                .block_on(MockServer::start(
                    MockConfig::from_profile(&suite.profile).strict(true),
                ))
                .map_err(|error| format!("the reference mock did not start: {error}"))?;
            (mock.base_url().to_string(), Some(mock))
        }
    };
    let credentials = match std::env::var("GRAPH_CONFORMANCE_TOKEN") {
        Ok(token) => Credentials::Given(Secret::new(token)),
        Err(_) => Credentials::MintForCaller,
    };
    let runner = Runner::new(
        Target::new(&base_url, Cloud::Global),
        credentials,
        suite.profile,
        suite.schemas,
        1,
        Duration::from_secs(30),
    )
    .map_err(|error| error.to_string())?
    .allow_writes(std::env::var_os("GRAPH_CONFORMANCE_ALLOW_WRITES").is_some());

    Ok(Harness {
        runtime,
        cases: suite.cases,
        runner,
        snapshot_profile,
        _mock: mock,
    })
}

fn conformance(path: &Path) -> datatest_stable::Result<()> {
    let harness = harness()?;
    // A case's name is its file's stem, and names are unique across the corpus.
    let stem = path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or_default();
    let loaded = harness
        .cases
        .iter()
        .find(|case| case.case.name == stem)
        .ok_or_else(|| format!("{} was not loaded", path.display()))?;

    snapshot_requests(harness, loaded)?;

    let verdict = harness.runtime.block_on(harness.runner.run_case(loaded));
    if let Some(reason) = &verdict.skip_reason {
        eprintln!("{}: skipped: {reason}", verdict.name);
        return Ok(());
    }
    if verdict.outcome == Outcome::Passed {
        return Ok(());
    }
    let mut report = Vec::new();
    let style = console::ConsoleStyle {
        name_width: verdict.name.len(),
        color: false,
        verbose: true,
    };
    console::write_verdict(&mut report, &verdict, style)?;
    Err(String::from_utf8_lossy(&report).into_owned().into())
}

/// Snapshots each step's request, bound from the docs profile with captured values shown as
/// `[capture.NAME]` placeholders.
fn snapshot_requests(harness: &Harness, loaded: &LoadedCase) -> datatest_stable::Result<()> {
    let case = &loaded.case;
    let graph_root = Cloud::Global.graph_root();
    let mut captured: Vec<String> = Vec::new();

    for (index, step) in case.steps.iter().enumerate() {
        let bindings = Bindings {
            profile: &harness.snapshot_profile,
            graph_root: &graph_root,
            captures: Captures::Placeholders(&captured),
        };
        let bound = bind_step(step, &bindings, &format!("/steps/{index}"))?;
        let mut request = json!({
            "method": step.request.method,
            "path": bound.path,
            "headers": bound
                .headers
                .iter()
                .map(|(name, value)| (name.clone(), json!(value)))
                .collect::<serde_json::Map<_, _>>(),
            "authorization": match &bound.bearer {
                Some(token) => json!({ "bearer": token }),
                None => json!(step.request.authorization),
            },
            "body": bound.body,
        });
        if let Some(text) = bound
            .payload
            .as_ref()
            .filter(|_| step.request.body_text.is_some())
        {
            request["bodyText"] = json!(String::from_utf8_lossy(text));
        }
        if let Some(size) = step.request.pad_to {
            request["padTo"] = json!(size);
        }

        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots"));
        settings.set_prepend_module_to_snapshot(false);
        settings.set_input_file(&loaded.path);
        settings.set_info(&json!({
            "case": case.name,
            "step": step.name,
            "caller": case.caller,
            "source": case.source,
        }));
        settings.bind(|| {
            insta::assert_json_snapshot!(format!("{}__{}", case.name, step.name), request);
        });
        captured.extend(step.capture.keys().cloned());
    }
    Ok(())
}

datatest_stable::harness! {
    { test = conformance, root = "cases", pattern = r"\.json$" },
}
