//! Cases: the model, loading with located errors, and the checks that a case can run.
//!
//! [`load_cases`] turns corpus files into [`LoadedCase`]s. It reports every problem of every
//! file rather than the first one: a malformed file, a misspelled key, a value of the wrong
//! type, a schema that does not exist, a variable the profile does not bind.

pub mod load;
pub mod model;
pub mod schema;
pub mod validate;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::bind::{Bindings, Captures};
use crate::check::schema::SchemaSet;
use crate::corpus::SourceFile;
use crate::profile::Profile;
use load::{LoadError, parse_json_str};
use model::Case;

/// A case and the file it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedCase {
    /// The case file.
    pub path: PathBuf,
    /// The case.
    pub case: Case,
}

/// Loads and checks every case file. Returns all problems of all files, or the cases sorted
/// by name.
///
/// Beyond each file's own shape, this proves that every schema a case names is in `schemas`
/// and that `profile` binds every variable (bound with `graph_root` as `{{graph}}`).
pub fn load_cases(
    files: &[SourceFile],
    schemas: &SchemaSet,
    profile: &Profile,
    graph_root: &str,
) -> Result<Vec<LoadedCase>, Vec<LoadError>> {
    let mut cases = Vec::new();
    let mut problems = Vec::new();
    let mut names: BTreeMap<String, PathBuf> = BTreeMap::new();

    for file in files {
        let case: Case = match parse_json_str(&file.path, &file.text) {
            Ok(case) => case,
            Err(error) => {
                problems.push(error);
                continue;
            }
        };

        let mut found = validate::validate_case(&file.path, &case);
        found.extend(schema_problems(file, &case, schemas));
        found.extend(binding_problems(file, &case, profile, graph_root));
        if let Some(first) = names.insert(case.name.clone(), file.path.clone()) {
            found.push(LoadError::invalid(
                &file.path,
                "/name",
                format!("`{}` is also the name of {}", case.name, first.display()),
            ));
        }

        if found.is_empty() {
            cases.push(LoadedCase {
                path: file.path.clone(),
                case,
            });
        } else {
            problems.extend(found);
        }
    }

    if problems.is_empty() {
        cases.sort_by(|a, b| a.case.name.cmp(&b.case.name));
        Ok(cases)
    } else {
        Err(problems)
    }
}

fn schema_problems(file: &SourceFile, case: &Case, schemas: &SchemaSet) -> Vec<LoadError> {
    case.steps
        .iter()
        .enumerate()
        .filter_map(|(index, step)| {
            let name = step.expect.schema.as_deref()?;
            (!schemas.contains(name)).then(|| {
                let known: Vec<&str> = schemas.names().collect();
                let hint = hint(name, &known);
                LoadError::invalid(
                    &file.path,
                    format!("/steps/{index}/expect/schema"),
                    format!(
                        "schema `{name}` does not exist: there is no file {}{hint}",
                        schemas.expected_path(name).display()
                    ),
                )
            })
        })
        .collect()
}

/// Binds every step against the profile, with captures as placeholders, to find variables
/// that cannot be bound before anything is sent.
fn binding_problems(
    file: &SourceFile,
    case: &Case,
    profile: &Profile,
    graph_root: &str,
) -> Vec<LoadError> {
    let mut problems = Vec::new();
    let mut captured: Vec<String> = Vec::new();

    for (index, step) in case.steps.iter().enumerate() {
        let bindings = Bindings {
            profile,
            graph_root,
            captures: Captures::Placeholders(&captured),
        };
        if let Err(error) = crate::bind::bind_step(step, &bindings, &format!("/steps/{index}")) {
            problems.push(LoadError::invalid(&file.path, error.pointer, error.message));
        }
        captured.extend(step.capture.keys().cloned());
    }

    let caller = case.caller.as_ref();
    if let Some(user) = caller.and_then(|caller| caller.user.as_ref())
        && !profile.users.contains_key(user)
    {
        let known: Vec<&str> = profile.users.keys().map(String::as_str).collect();
        problems.push(LoadError::invalid(
            &file.path,
            "/caller/user",
            format!("the profile has no user `{user}`{}", hint(user, &known)),
        ));
    }
    if let Some(tenant) = caller.and_then(|caller| caller.application.as_ref())
        && !profile.tenants.contains_key(tenant)
    {
        let known: Vec<&str> = profile.tenants.keys().map(String::as_str).collect();
        problems.push(LoadError::invalid(
            &file.path,
            "/caller/application",
            format!(
                "the profile has no tenant `{tenant}`{}",
                hint(tenant, &known)
            ),
        ));
    }
    problems
}

fn hint(given: &str, known: &[&str]) -> String {
    match load::did_you_mean(given, known) {
        Some(best) => format!("; did you mean `{best}`?"),
        None => format!(" (known: {})", known.join(", ")),
    }
}
