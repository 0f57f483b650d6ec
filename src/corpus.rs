//! The files a run reads: case files, schemas and profiles, from disk or from the binary.
//!
//! The build embeds `cases/`, `schemas/` and `profiles/`, so the installed binary runs the
//! whole corpus from any directory. Flags point a run at folders on disk instead; either way
//! the loaders see the same [`SourceFile`]s and name the same paths in their errors.

use std::path::{Path, PathBuf};

use crate::case::load::LoadError;

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// One JSON file of the corpus and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The file's path: relative to the package root for embedded files, as given otherwise.
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
}

/// Where a set of corpus files comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The copy built into the binary, under this folder of the package (`cases`, ...).
    Embedded(&'static str),
    /// A folder on disk, read recursively.
    Directory(PathBuf),
}

impl Origin {
    /// Reads every `.json` file of this origin, sorted by path.
    pub fn read(&self) -> Result<Vec<SourceFile>, LoadError> {
        match self {
            Origin::Embedded(folder) => Ok(embedded(folder)),
            Origin::Directory(dir) => read_dir(dir),
        }
    }
}

/// The embedded files under `folder` (such as `cases`), sorted by path.
pub fn embedded(folder: &str) -> Vec<SourceFile> {
    let prefix = format!("{folder}/");
    EMBEDDED_FILES
        .iter()
        .filter(|(path, _)| path.starts_with(&prefix))
        .map(|(path, text)| SourceFile {
            path: PathBuf::from(path),
            text: (*text).to_string(),
        })
        .collect()
}

/// One embedded file by its path relative to the package root, such as `profiles/docs.json`.
pub fn embedded_file(path: &str) -> Option<SourceFile> {
    EMBEDDED_FILES
        .iter()
        .find(|(embedded, _)| *embedded == path)
        .map(|(path, text)| SourceFile {
            path: PathBuf::from(path),
            text: (*text).to_string(),
        })
}

/// Reads one file from disk.
pub fn read_file(path: &Path) -> Result<SourceFile, LoadError> {
    let text = std::fs::read_to_string(path).map_err(|source| LoadError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(SourceFile {
        path: path.to_path_buf(),
        text,
    })
}

/// Reads every `.json` file under `dir`, recursively, sorted by path.
pub fn read_dir(dir: &Path) -> Result<Vec<SourceFile>, LoadError> {
    let mut paths = Vec::new();
    collect_json(dir, &mut paths)?;
    paths.sort();
    paths.iter().map(|path| read_file(path)).collect()
}

fn collect_json(dir: &Path, paths: &mut Vec<PathBuf>) -> Result<(), LoadError> {
    let read_error = |source| LoadError::Read {
        path: dir.to_path_buf(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(read_error)? {
        let path = entry.map_err(read_error)?.path();
        if path.is_dir() {
            collect_json(&path, paths)?;
        } else if path
            .extension()
            .is_some_and(|extension| extension == "json")
        {
            paths.push(path);
        }
    }
    Ok(())
}
