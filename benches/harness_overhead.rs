//! What the harness costs per request, next to a plain reqwest POST loop, in one run.
//!
//! Both sides send the same bound bodies of the corpus to the same embedded reference mock
//! over one client each, one request at a time; the harness also binds, checks status,
//! headers, schema and body matchers, and builds a verdict. Rounds alternate between the two
//! sides so that machine noise falls on both, and the median round is reported.
//!
//! Run with `cargo bench --bench harness_overhead` (release build). Set `BENCH_ROUNDS` and
//! `BENCH_ITERATIONS` to change the sample size.

use std::path::Path;
use std::time::{Duration, Instant};

use graph_conformance::bind::{Bindings, Captures, bind_step};
use graph_conformance::case::model::Area;
use graph_conformance::mock::{MockConfig, MockServer};
use graph_conformance::run::{Outcome, Runner};
use graph_conformance::suite::{SuiteSources, load_suite};
use graph_conformance::target::token::{Credentials, mint_for_caller};
use graph_conformance::target::{Cloud, Target};

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let rounds = env_number("BENCH_ROUNDS", 15);
    let iterations = env_number("BENCH_ITERATIONS", 200);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");

    runtime.block_on(async {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut suite = load_suite(&SuiteSources::from_checkout(root)).expect("the corpus loads");
        // The documented examples that create a chat with one request: what both sides can
        // send alike.
        suite.cases.retain(|case| {
            case.case.area == Area::Examples
                && case.case.steps.len() == 1
                && case.case.steps[0].expect.status.codes() == [201]
        });
        let mock = MockServer::start(MockConfig::from_profile(&suite.profile))
            .await
            .expect("the mock starts");
        let base_url = mock.base_url();

        // The plain side sends the very bodies, headers and tokens the harness sends.
        let graph_root = Cloud::Global.graph_root();
        let bindings = Bindings {
            profile: &suite.profile,
            graph_root: &graph_root,
            captures: Captures::Placeholders(&[]),
        };
        let requests: Vec<(String, Vec<u8>, String)> = suite
            .cases
            .iter()
            .map(|case| {
                let bound = bind_step(&case.case.steps[0], &bindings, "").expect("binds");
                let body = serde_json::to_vec(&bound.body).expect("serializes");
                let caller = case
                    .case
                    .caller
                    .as_ref()
                    .expect("every case names a caller");
                let token = mint_for_caller(&suite.profile, caller).expect("the caller is known");
                (
                    format!("{base_url}{}", bound.path),
                    body,
                    token.expose().to_string(),
                )
            })
            .collect();
        let plain = reqwest::Client::new();

        let cases = suite.cases.clone();
        let runner = Runner::new(
            Target::new(base_url, Cloud::Global),
            Credentials::MintForCaller,
            suite.profile,
            suite.schemas,
            1,
            Duration::from_secs(30),
        )
        .expect("a runner");

        let mut plain_rounds = Vec::new();
        let mut harness_rounds = Vec::new();
        for _ in 0..rounds {
            let started = Instant::now();
            for _ in 0..iterations {
                for (url, body, token) in &requests {
                    let response = plain
                        .post(url)
                        .bearer_auth(token)
                        .header("Content-Type", "application/json")
                        .body(body.clone())
                        .send()
                        .await
                        .expect("the mock answers");
                    assert_eq!(response.status(), 201);
                    response.bytes().await.expect("a body");
                }
            }
            plain_rounds.push(started.elapsed() / (iterations * requests.len()) as u32);

            let started = Instant::now();
            for _ in 0..iterations {
                for case in &cases {
                    let verdict = runner.run_case(case).await;
                    assert_eq!(verdict.outcome, Outcome::Passed, "{verdict:#?}");
                }
            }
            harness_rounds.push(started.elapsed() / (iterations * cases.len()) as u32);
        }

        let plain = median(&mut plain_rounds);
        let harness = median(&mut harness_rounds);
        println!(
            "requests per side: {}",
            rounds * iterations * requests.len()
        );
        println!(
            "plain reqwest POST loop: {:>8.1} µs per request (median of {rounds} rounds)",
            micros(plain)
        );
        println!(
            "graph-conformance run:   {:>8.1} µs per request (median of {rounds} rounds)",
            micros(harness)
        );
        println!(
            "ratio harness / plain:   {:>8.2}",
            micros(harness) / micros(plain)
        );
    });
}

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}
