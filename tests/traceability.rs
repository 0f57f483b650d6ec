//! The traceability table (`docs/traceability.md`) and the cases agree: every statement of the
//! Create chat page has a case, every case names statements of the table, and the table lists
//! exactly the cases that name each statement.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use graph_conformance::suite::{SuiteSources, load_suite};

/// The table's rows: statement id and the cases the row lists.
fn table() -> BTreeMap<String, BTreeSet<String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/traceability.md");
    let text = std::fs::read_to_string(path).expect("docs/traceability.md exists");
    let mut rows = BTreeMap::new();

    for line in text.lines().filter(|line| line.starts_with("| `")) {
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
        let id = cells[0].trim_matches('`').to_string();
        let cases = cells
            .last()
            .map(|cell| {
                cell.split(',')
                    .map(|name| name.trim().trim_matches('`').to_string())
                    .filter(|name| !name.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        assert!(
            rows.insert(id.clone(), cases).is_none(),
            "row `{id}` appears twice"
        );
    }
    rows
}

/// What the cases say: statement id and the cases that name it.
fn named_by_cases() -> BTreeMap<String, BTreeSet<String>> {
    let suite = load_suite(&SuiteSources::from_checkout(Path::new(env!(
        "CARGO_MANIFEST_DIR"
    ))))
    .unwrap_or_else(|error| panic!("{error}"));
    let mut named: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for loaded in &suite.cases {
        for statement in &loaded.case.source.statements {
            named
                .entry(statement.clone())
                .or_default()
                .insert(loaded.case.name.clone());
        }
    }
    named
}

#[test]
fn every_statement_a_case_names_is_in_the_table() {
    let table = table();

    let unknown: Vec<_> = named_by_cases()
        .into_iter()
        .filter(|(statement, _)| !table.contains_key(statement))
        .collect();

    assert!(
        unknown.is_empty(),
        "statements missing from docs/traceability.md: {unknown:#?}"
    );
}

#[test]
fn every_statement_of_the_table_has_a_case() {
    let named = named_by_cases();

    let uncovered: Vec<_> = table()
        .into_keys()
        .filter(|statement| !named.contains_key(statement))
        .collect();

    assert!(
        uncovered.is_empty(),
        "statements no case checks: {uncovered:?}"
    );
}

#[test]
fn the_table_lists_exactly_the_cases_that_name_each_statement() {
    let named = named_by_cases();

    for (statement, listed) in table() {
        let naming = named.get(&statement).cloned().unwrap_or_default();
        assert_eq!(
            listed, naming,
            "row `{statement}` of docs/traceability.md lists other cases than those naming it"
        );
    }
}

#[test]
fn the_table_covers_the_page_from_permissions_to_the_last_example() {
    let table = table();

    for expected in [
        "permissions.delegated-work",
        "permissions.delegated-personal",
        "permissions.application",
        "headers.authorization",
        "headers.content-type",
        "body.topic",
        "body.chat-type",
        "body.members.initiator",
        "body.members.roles",
        "body.members.in-tenant-guest",
        "body.members.external",
        "response.201",
        "example.1-one-on-one",
        "example.7-federated",
    ] {
        assert!(table.contains_key(expected), "no row `{expected}`");
    }
}
