//! The schema check: a response body satisfies a JSON Schema from `schemas/`.
//!
//! Schemas are read and compiled once per run into a [`SchemaSet`], with `format` validation
//! switched on (jsonschema checks formats only when asked). A case names a schema by its file
//! name without `.schema.json`: `chat` is `schemas/chat.schema.json`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;

use super::{CheckKind, Difference};
use crate::case::load::{LoadError, parse_json_str};
use crate::corpus::SourceFile;

const SUFFIX: &str = ".schema.json";

/// The compiled schemas of a run, by name. Cloning shares the compiled validators.
#[derive(Debug, Default, Clone)]
pub struct SchemaSet {
    validators: BTreeMap<String, Arc<jsonschema::Validator>>,
    folder: PathBuf,
}

impl SchemaSet {
    /// Compiles every `*.schema.json` file of `files`. `folder` is where they came from, for
    /// messages about a schema that is not there.
    pub fn compile(files: &[SourceFile], folder: PathBuf) -> Result<Self, Vec<LoadError>> {
        let mut validators = BTreeMap::new();
        let mut errors = Vec::new();

        for file in files {
            let Some(name) = file
                .path
                .file_name()
                .and_then(|name| name.to_str())
                .and_then(|name| name.strip_suffix(SUFFIX))
            else {
                continue;
            };
            let schema: Value = match parse_json_str(&file.path, &file.text) {
                Ok(schema) => schema,
                Err(error) => {
                    errors.push(error);
                    continue;
                }
            };
            match jsonschema::options()
                .should_validate_formats(true)
                .build(&schema)
            {
                Ok(validator) => {
                    validators.insert(name.to_string(), Arc::new(validator));
                }
                Err(error) => errors.push(LoadError::invalid(
                    &file.path,
                    error.instance_path().to_string(),
                    format!("not a valid JSON Schema: {error}"),
                )),
            }
        }

        if errors.is_empty() {
            Ok(SchemaSet { validators, folder })
        } else {
            Err(errors)
        }
    }

    /// Whether a schema of this name was compiled.
    pub fn contains(&self, name: &str) -> bool {
        self.validators.contains_key(name)
    }

    /// The names of the compiled schemas.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.validators.keys().map(String::as_str)
    }

    /// The file a schema name stands for, for messages.
    pub fn expected_path(&self, name: &str) -> PathBuf {
        self.folder.join(format!("{name}{SUFFIX}"))
    }

    /// Validates `instance` against the schema `name`, returning every violation.
    pub fn check(&self, name: &str, instance: &Value) -> Vec<Difference> {
        let Some(validator) = self.validators.get(name) else {
            // Loading rejects cases that name a schema the set does not have.
            return vec![Difference::new(
                CheckKind::Schema,
                "",
                format!("schema `{name}` to exist"),
                "no such schema",
            )];
        };

        validator
            .iter_errors(instance)
            .map(|error| {
                let location = error.instance_path().to_string();
                Difference::new(
                    CheckKind::Schema,
                    if location.is_empty() {
                        "/".to_string()
                    } else {
                        location
                    },
                    format!("to satisfy {name}{SUFFIX} at {}", error.schema_path()),
                    error.to_string(),
                )
            })
            .collect()
    }
}
