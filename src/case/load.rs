//! Reading JSON files into typed values, with errors that point into the file.
//!
//! Every error names the file, the JSON pointer of the offending value and, where the parser
//! knows it, the line and column. A misspelled key gets a "did you mean" from the keys the
//! format allows. Nothing here panics on input.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

/// A file that could not be read, parsed or validated.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read at all.
    #[error("failed to read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },

    /// The file is not valid JSON.
    #[error("{}:{line}:{column}: invalid JSON: {message}", path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// One-based line of the error.
        line: usize,
        /// One-based column of the error.
        column: usize,
        /// What the parser expected.
        message: String,
    },

    /// The file is JSON, but a value in it is not what the format allows.
    #[error("{}: at {}{}: {message}", path.display(), display_pointer(pointer), Position(*position))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// JSON pointer of the offending value (empty for the whole document).
        pointer: String,
        /// Line and column of the offending value, when known.
        position: Option<(usize, usize)>,
        /// What is wrong and what was expected.
        message: String,
    },
}

impl LoadError {
    /// An error about a value at `pointer` in `path`, without a known position.
    pub fn invalid(path: &Path, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        LoadError::Invalid {
            path: path.to_path_buf(),
            pointer: pointer.into(),
            position: None,
            message: message.into(),
        }
    }
}

fn display_pointer(pointer: &str) -> &str {
    if pointer.is_empty() { "/" } else { pointer }
}

struct Position(Option<(usize, usize)>);

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some((line, column)) => write!(f, " (line {line}, column {column})"),
            None => Ok(()),
        }
    }
}

/// Reads `path` and deserializes it, locating any error.
pub fn parse_json_file<T: DeserializeOwned>(path: &Path) -> Result<T, LoadError> {
    let text = std::fs::read_to_string(path).map_err(|source| LoadError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse_json_str(path, &text)
}

/// Deserializes `text`, which came from `path`, locating any error.
pub fn parse_json_str<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, LoadError> {
    // Syntax first, so that a broken file reports the parser's position rather than a pointer.
    if let Err(error) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        return Err(LoadError::Syntax {
            path: path.to_path_buf(),
            line: error.line(),
            column: error.column(),
            message: strip_position(&error.to_string()),
        });
    }

    let mut deserializer = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let pointer = to_json_pointer(error.path());
        let inner = error.into_inner();
        LoadError::Invalid {
            path: path.to_path_buf(),
            pointer,
            position: Some((inner.line(), inner.column())),
            message: explain(&strip_position(&inner.to_string())),
        }
    })
}

/// Turns serde_path_to_error's path (`steps[0].expect`) into a JSON pointer (`/steps/0/expect`).
fn to_json_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;

    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
            }
            Segment::Unknown => pointer.push_str("/?"),
        }
    }
    pointer
}

/// serde_json appends " at line L column C" to its messages; the error reports the position
/// on its own.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_string(),
        None => message.to_string(),
    }
}

/// Adds a "did you mean" to serde's unknown-field and unknown-variant messages.
///
/// serde words them as "unknown field `x`, expected one of `a`, `b`" (or "expected `a`" and
/// "expected `a` or `b`"); the candidates are the quoted names after "expected".
fn explain(message: &str) -> String {
    let unknown = ["unknown field `", "unknown variant `"]
        .iter()
        .find_map(|prefix| message.strip_prefix(prefix));
    let Some(rest) = unknown else {
        return message.to_string();
    };
    let Some((given, expected)) = rest.split_once('`') else {
        return message.to_string();
    };

    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    match did_you_mean(given, &candidates) {
        Some(best) => format!("{message}; did you mean `{best}`?"),
        None => message.to_string(),
    }
}

/// The candidate closest to `given`, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(given: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|candidate| (strsim::jaro_winkler(given, candidate), *candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        status: u16,
        headers: Option<Vec<String>>,
    }

    #[test]
    fn suggests_the_closest_key_for_a_misspelled_one() {
        let error = parse_json_str::<Sample>(Path::new("x.json"), r#"{"statuss": 201}"#)
            .unwrap_err()
            .to_string();

        assert!(error.contains("did you mean `status`?"), "{error}");
        assert!(error.starts_with("x.json: at /statuss"), "{error}");
    }

    #[test]
    fn reports_the_line_and_column_of_a_syntax_error() {
        let error =
            parse_json_str::<Sample>(Path::new("x.json"), "{\n  \"status\": 201,\n}").unwrap_err();

        assert!(
            matches!(error, LoadError::Syntax { line: 3, .. }),
            "{error}"
        );
    }

    #[test]
    fn points_at_a_value_of_the_wrong_type() {
        let error = parse_json_str::<Sample>(Path::new("x.json"), r#"{"status": "201"}"#)
            .unwrap_err()
            .to_string();

        assert!(error.contains("at /status (line 1, column 16)"), "{error}");
        assert!(error.contains("expected u16"), "{error}");
    }
}
