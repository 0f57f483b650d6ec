//! Recordings: a target's answers kept as redacted snapshots, and the drift from them.
//!
//! `run --record DIR` writes each step's answer (status, the headers that describe it, the
//! body) with the values that change from run to run redacted: ids, GUIDs, timestamps and the
//! target's own URL. `run --compare DIR` redacts the new answers the same way and reports each
//! place where they differ from the recording as a drift difference. This is how a user keeps
//! a record of what the real Graph answered and notices when it changes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value, json};

use crate::case::load::{LoadError, parse_json_str};
use crate::check::{CheckKind, Difference, Response, show};
use crate::corpus;
use crate::run::Verdict;

/// The headers a recording keeps: those that describe the answer rather than the exchange.
const KEPT_HEADERS: &[&str] = &["content-type", "location", "retry-after"];

/// Unstable values and their placeholders, most specific first.
static UNSTABLE: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    const GUID: &str =
        "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    [
        (
            format!(r"19:{GUID}_{GUID}@unq\.gbl\.spaces"),
            "[one-on-one-chat-id]",
        ),
        (r"19:[0-9a-f]{32}@thread\.v2".to_string(), "[group-chat-id]"),
        (
            r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?".to_string(),
            "[date-time]",
        ),
        (GUID.to_string(), "[guid]"),
    ]
    .into_iter()
    .map(|(pattern, placeholder)| {
        (
            Regex::new(&pattern).expect("the redaction patterns are valid"),
            placeholder,
        )
    })
    .collect()
});

/// A step's answer with its unstable values redacted. `target` is the target's base URL,
/// which the mock's `@odata.context` carries.
pub fn redact_response(response: &Response, target: &str) -> Value {
    let headers: Map<String, Value> = KEPT_HEADERS
        .iter()
        .filter_map(|name| {
            let value = response.header(name)?;
            Some((name.to_string(), Value::String(redact_text(&value, target))))
        })
        .collect();
    let body = match &response.json {
        Some(json) => redact_value(json, target),
        None if response.body.is_empty() => Value::Null,
        None => Value::String(redact_text(&response.body, target)),
    };
    json!({"status": response.status, "headers": headers, "body": body})
}

fn redact_value(value: &Value, target: &str) -> Value {
    match value {
        Value::String(text) => Value::String(redact_text(text, target)),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| redact_value(item, target))
                .collect(),
        ),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, item)| (key.clone(), redact_value(item, target)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn redact_text(text: &str, target: &str) -> String {
    let mut redacted = if target.is_empty() {
        text.to_string()
    } else {
        text.replace(target, "[target]")
    };
    for (pattern, placeholder) in UNSTABLE.iter() {
        if pattern.is_match(&redacted) {
            redacted = pattern.replace_all(&redacted, *placeholder).into_owned();
        }
    }
    redacted
}

/// Writes the redacted answers of every step that got one into `dir`, one file per step
/// (`CASE__STEP.json`). Returns how many files were written.
pub fn write_recording(dir: &Path, verdicts: &[Verdict], target: &str) -> std::io::Result<usize> {
    std::fs::create_dir_all(dir)?;
    let mut written = 0;
    for verdict in verdicts {
        for step in &verdict.steps {
            let Some(response) = &step.response else {
                continue;
            };
            let recorded = redact_response(response, target);
            let text = serde_json::to_string_pretty(&recorded).unwrap_or_default();
            std::fs::write(dir.join(file_name(&verdict.name, &step.name)), text + "\n")?;
            written += 1;
        }
    }
    Ok(written)
}

fn file_name(case: &str, step: &str) -> String {
    format!("{case}__{step}.json")
}

/// Answers recorded by an earlier run, to compare new answers with.
#[derive(Debug, Clone, Default)]
pub struct Recording {
    dir: PathBuf,
    answers: BTreeMap<String, Value>,
    target: String,
}

impl Recording {
    /// Reads every recorded answer of `dir`. `target` is the base URL of the run that will
    /// compare, redacted in its answers as the recording's was.
    pub fn load(dir: &Path, target: &str) -> Result<Self, LoadError> {
        let mut answers = BTreeMap::new();
        for file in corpus::read_dir(dir)? {
            let Some(stem) = file.path.file_stem().and_then(|stem| stem.to_str()) else {
                continue;
            };
            let value: Value = parse_json_str(&file.path, &file.text)?;
            answers.insert(stem.to_string(), value);
        }
        Ok(Recording {
            dir: dir.to_path_buf(),
            answers,
            target: target.to_string(),
        })
    }

    /// How many answers the recording holds.
    pub fn len(&self) -> usize {
        self.answers.len()
    }

    /// Whether the recording holds no answers.
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty()
    }

    /// Where the answer of `case`'s `step` drifted from the recording.
    pub fn compare(&self, case: &str, step: &str, response: &Response) -> Vec<Difference> {
        let key = format!("{case}__{step}");
        let Some(recorded) = self.answers.get(&key) else {
            return vec![Difference::new(
                CheckKind::Drift,
                "",
                format!(
                    "a recorded answer in {}",
                    self.dir.join(format!("{key}.json")).display()
                ),
                "none: record again to include this step",
            )];
        };

        let mut drifts = Vec::new();
        diff_values(
            "",
            recorded,
            &redact_response(response, &self.target),
            &mut drifts,
        );
        drifts
    }
}

/// Collects where `now` differs from `then`, by JSON pointer.
fn diff_values(pointer: &str, then: &Value, now: &Value, drifts: &mut Vec<Difference>) {
    match (then, now) {
        (Value::Object(before), Value::Object(after)) => {
            for (key, value) in before {
                let at = format!("{pointer}/{}", crate::bind::escape_pointer_token(key));
                match after.get(key) {
                    Some(current) => diff_values(&at, value, current, drifts),
                    None => drifts.push(drift(&at, show(value), "no such property".into())),
                }
            }
            for (key, value) in after.iter().filter(|(key, _)| !before.contains_key(*key)) {
                let at = format!("{pointer}/{}", crate::bind::escape_pointer_token(key));
                drifts.push(drift(&at, "no such property".into(), show(value)));
            }
        }
        (Value::Array(before), Value::Array(after)) if before.len() == after.len() => {
            for (index, (value, current)) in before.iter().zip(after).enumerate() {
                diff_values(&format!("{pointer}/{index}"), value, current, drifts);
            }
        }
        _ if then != now => drifts.push(drift(pointer, show(then), show(now))),
        _ => {}
    }
}

fn drift(pointer: &str, then: String, now: String) -> Difference {
    let location = if pointer.is_empty() { "/" } else { pointer };
    Difference::new(
        CheckKind::Drift,
        location,
        format!("{then} as recorded"),
        now,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(id: &str, topic: &str) -> Response {
        Response::new(
            201,
            vec![("content-type".into(), "application/json".into())],
            json!({
                "@odata.context": "http://127.0.0.1:4010/v1.0/$metadata#chats/$entity",
                "id": id,
                "topic": topic,
                "createdDateTime": "2026-12-03T17:20:26.073Z",
            })
            .to_string(),
        )
    }

    #[test]
    fn redacts_ids_timestamps_and_the_target() {
        let redacted = redact_response(
            &answer("19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2", "x"),
            "http://127.0.0.1:4010/v1.0",
        );

        assert_eq!(redacted["body"]["id"], "[group-chat-id]");
        assert_eq!(redacted["body"]["createdDateTime"], "[date-time]");
        assert_eq!(
            redacted["body"]["@odata.context"],
            "[target]/$metadata#chats/$entity"
        );
    }

    #[test]
    fn a_new_id_is_no_drift_but_a_new_value_is() {
        let dir = tempfile::tempdir().unwrap();
        let target = "http://127.0.0.1:4010/v1.0";
        let recorded = redact_response(
            &answer("19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2", "x"),
            target,
        );
        std::fs::write(dir.path().join("case__create.json"), recorded.to_string()).unwrap();
        let recording = Recording::load(dir.path(), target).unwrap();

        let same = recording.compare(
            "case",
            "create",
            &answer("19:00000000000000000000000000000001@thread.v2", "x"),
        );
        let drifted = recording.compare(
            "case",
            "create",
            &answer("19:00000000000000000000000000000001@thread.v2", "y"),
        );

        assert!(same.is_empty(), "{same:#?}");
        assert_eq!(drifted.len(), 1);
        assert_eq!(drifted[0].location, "/body/topic");
    }
}
