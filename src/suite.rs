//! A suite: everything one run reads, loaded and checked before anything is sent.
//!
//! [`load_suite`] reads the schemas, the profile and the cases (embedded in the binary or
//! from folders on disk), compiles the schemas once, and checks every case against them and
//! against the profile. It reports all problems of all files together.

use std::path::PathBuf;

use crate::case::load::{LoadError, parse_json_str};
use crate::case::{LoadedCase, load_cases};
use crate::check::schema::SchemaSet;
use crate::corpus::{self, Origin, SourceFile};
use crate::error::Error;
use crate::profile::{DEFAULT_PROFILE, Profile};
use crate::target::Cloud;

/// Where a suite's files come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuiteSources {
    /// The case files.
    pub cases: Origin,
    /// The schema files.
    pub schemas: Origin,
    /// The profile file; `None` for the embedded `profiles/docs.json`.
    pub profile: Option<PathBuf>,
    /// The cloud whose Graph URLs bind to `{{graph}}`.
    pub cloud: Cloud,
}

impl Default for SuiteSources {
    /// The corpus built into the binary, with the docs profile, for the global cloud.
    fn default() -> Self {
        SuiteSources {
            cases: Origin::Embedded("cases"),
            schemas: Origin::Embedded("schemas"),
            profile: None,
            cloud: Cloud::Global,
        }
    }
}

impl SuiteSources {
    /// The files under a package checkout (`cases/`, `schemas/`, `profiles/docs.json` of
    /// `root`), read from disk.
    pub fn from_checkout(root: &std::path::Path) -> Self {
        SuiteSources {
            cases: Origin::Directory(root.join("cases")),
            schemas: Origin::Directory(root.join("schemas")),
            profile: Some(root.join(DEFAULT_PROFILE)),
            cloud: Cloud::Global,
        }
    }
}

/// The loaded, checked inputs of a run.
#[derive(Debug)]
pub struct Suite {
    /// The cases, sorted by name.
    pub cases: Vec<LoadedCase>,
    /// The compiled schemas.
    pub schemas: SchemaSet,
    /// The profile.
    pub profile: Profile,
}

/// Loads and checks a suite. Every problem of every file is in the error.
pub fn load_suite(sources: &SuiteSources) -> Result<Suite, Error> {
    let schema_folder = match &sources.schemas {
        Origin::Embedded(folder) => PathBuf::from(folder),
        Origin::Directory(dir) => dir.clone(),
    };
    let schema_files = sources.schemas.read()?;
    let schemas = SchemaSet::compile(&schema_files, schema_folder)?;
    let profile = load_profile(sources.profile.as_deref())?;

    let case_files = sources.cases.read()?;
    if case_files.is_empty() {
        let folder = match &sources.cases {
            Origin::Embedded(folder) => PathBuf::from(folder),
            Origin::Directory(dir) => dir.clone(),
        };
        return Err(LoadError::invalid(&folder, "", "holds no case files (*.json)").into());
    }
    let cases = load_cases(&case_files, &schemas, &profile, &sources.cloud.graph_root())?;

    Ok(Suite {
        cases,
        schemas,
        profile,
    })
}

/// Loads a profile from `path`, or the embedded docs profile.
pub fn load_profile(path: Option<&std::path::Path>) -> Result<Profile, LoadError> {
    let file = match path {
        Some(path) => corpus::read_file(path)?,
        None => corpus::embedded_file(DEFAULT_PROFILE).unwrap_or_else(|| SourceFile {
            path: PathBuf::from(DEFAULT_PROFILE),
            text: String::new(),
        }),
    };
    let mut profile: Profile = parse_json_str(&file.path, &file.text)?;
    profile.path = file.path.clone();
    profile.validate(&file.path)?;
    Ok(profile)
}
