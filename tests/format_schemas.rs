//! The case and profile formats' JSON Schemas stay in step with the Rust types, and every
//! shipped file satisfies its schema.

use std::path::Path;

use graph_conformance::case::schema::{case_schema, profile_schema};
use serde_json::Value;

fn read_json(relative: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{relative}: {error}"));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{relative}: {error}"))
}

#[test]
fn case_schema_file_matches_the_rust_types() {
    assert_eq!(
        read_json("schemas/case.schema.json"),
        case_schema(),
        "schemas/case.schema.json is out of date; regenerate it with \
         `cargo run -- schema case > schemas/case.schema.json` and review the diff"
    );
}

#[test]
fn profile_schema_file_matches_the_rust_types() {
    assert_eq!(
        read_json("schemas/profile.schema.json"),
        profile_schema(),
        "schemas/profile.schema.json is out of date; regenerate it with \
         `cargo run -- schema profile > schemas/profile.schema.json` and review the diff"
    );
}

#[test]
fn every_case_file_satisfies_the_case_schema() {
    let validator =
        jsonschema::validator_for(&case_schema()).expect("the generated schema compiles");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("cases");
    let mut checked = 0;

    for entry in walk(&root) {
        let relative = entry
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let case = read_json(&relative);
        let errors: Vec<String> = validator
            .iter_errors(&case)
            .map(|error| error.to_string())
            .collect();
        assert!(errors.is_empty(), "{relative}: {errors:#?}");
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} case files found");
}

#[test]
fn the_case_schema_rejects_a_misspelled_key() {
    let validator = jsonschema::validator_for(&case_schema()).unwrap();
    let mut case = read_json("cases/chats/one_on_one_by_id.json");
    case["titel"] = Value::String("x".into());

    assert!(!validator.is_valid(&case));
}

#[test]
fn every_profile_satisfies_the_profile_schema() {
    let validator = jsonschema::validator_for(&profile_schema()).unwrap();
    for file in ["profiles/docs.json", "profiles/example-tenant.json"] {
        let profile = read_json(file);

        let errors: Vec<String> = validator
            .iter_errors(&profile)
            .map(|error| error.to_string())
            .collect();
        assert!(errors.is_empty(), "{file}: {errors:#?}");
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else if path
            .extension()
            .is_some_and(|extension| extension == "json")
        {
            files.push(path);
        }
    }
    files
}
