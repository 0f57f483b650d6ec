//! The JSON Schemas of the file formats, generated from the Rust types.
//!
//! `schemas/case.schema.json` and `schemas/profile.schema.json` are these, written out by
//! `graph-conformance schema case|profile`; a test fails when a file drifts from the types, so
//! editors always complete and check against what the loader accepts.

use serde_json::Value;

use super::model::Case;
use crate::profile::Profile;

/// The JSON Schema of case files.
pub fn case_schema() -> Value {
    with_id(schemars::schema_for!(Case).to_value(), "case.schema.json")
}

/// The JSON Schema of profile files.
pub fn profile_schema() -> Value {
    with_id(
        schemars::schema_for!(Profile).to_value(),
        "profile.schema.json",
    )
}

fn with_id(mut schema: Value, file: &str) -> Value {
    if let Some(object) = schema.as_object_mut() {
        object.insert(
            "$id".into(),
            Value::String(format!("https://graph-conformance.dev/schemas/{file}")),
        );
    }
    schema
}
