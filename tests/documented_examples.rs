//! The five documented examples, as the corpus replays them: with the docs profile, each case
//! sends exactly the documented request body, and the documented response satisfies the
//! case's expectations. This proves the cases are the documentation, not our reading of it.

use std::path::Path;

use graph_conformance::bind::{Bindings, Captures, bind_step};
use graph_conformance::case::LoadedCase;
use graph_conformance::check::{Response, check_response};
use graph_conformance::suite::{Suite, SuiteSources, load_suite};
use graph_conformance::target::Cloud;
use rstest::rstest;
use serde_json::Value;

fn suite() -> Suite {
    load_suite(&SuiteSources::from_checkout(Path::new(env!(
        "CARGO_MANIFEST_DIR"
    ))))
    .unwrap_or_else(|error| panic!("{error}"))
}

fn documented(name: &str) -> (Value, Value) {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/documented-examples.json");
    let fixture: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let example = &fixture["examples"][name];
    assert!(example.is_object(), "no documented example for {name}");
    (example["request"].clone(), example["response"].clone())
}

fn case<'a>(suite: &'a Suite, name: &str) -> &'a LoadedCase {
    suite
        .cases
        .iter()
        .find(|case| case.case.name == name)
        .expect("the case exists")
}

#[rstest]
#[case::example_1("one_on_one_by_id")]
#[case::example_2("group_with_topic")]
#[case::example_3("one_on_one_by_upn")]
#[case::example_4("group_with_in_tenant_guest")]
#[case::example_5("one_on_one_with_federated_user")]
fn sends_the_documented_body_and_accepts_the_documented_response(#[case] name: &str) {
    let suite = suite();
    let loaded = case(&suite, name);
    let (documented_request, documented_response) = documented(name);
    let graph_root = Cloud::Global.graph_root();
    let bindings = Bindings {
        profile: &suite.profile,
        graph_root: &graph_root,
        captures: Captures::Placeholders(&[]),
    };

    let bound = bind_step(&loaded.case.steps[0], &bindings, "/steps/0").unwrap();
    let response = Response::new(
        201,
        vec![("content-type".into(), "application/json".into())],
        documented_response.to_string(),
    );
    let differences = check_response(
        &bound.expect,
        bound.body.as_ref(),
        &response,
        &suite.schemas,
    );

    assert_eq!(bound.body.as_ref(), Some(&documented_request));
    assert!(differences.is_empty(), "{differences:#?}");
}

#[test]
fn every_example_case_of_the_seed_page_has_its_documented_bodies_here() {
    let suite = suite();
    let from_the_seed_page = suite.cases.iter().filter(|case| {
        case.case.area == graph_conformance::case::model::Area::Examples
            && case.case.source.document == "chat-post.v1.0-8999cb07"
    });

    assert_eq!(from_the_seed_page.clone().count(), 5);
    for loaded in from_the_seed_page {
        documented(&loaded.case.name);
    }
}
