//! One step's exchange as text, for the reports people read (JUnit failure text, Markdown).
//!
//! ```text
//! > POST http://127.0.0.1:40123/v1.0/chats
//! > Content-Type: application/json
//! > Authorization: Bearer [redacted]
//!
//! {"chatType":"oneOnOne", ...}
//!
//! < 400
//! < content-type: application/json
//!
//! {"error":{"code":"BadRequest", ...}}
//! ```
//!
//! Headers and URLs go through [`redact`](super::redact); long bodies are cut.

use std::fmt::Write as _;

use super::redact;
use crate::check::Response;
use crate::run::StepReport;
use crate::target::client::SentRequest;

/// How many characters of a body the text reports keep.
pub const BODY_LIMIT: usize = 4000;

/// The request and the response of `step`, or what there is of them.
pub fn render_exchange(step: &StepReport) -> String {
    let mut text = String::new();
    match &step.request {
        Some(request) => text.push_str(&render_request(request)),
        None => text.push_str("(no request was sent)\n"),
    }
    text.push('\n');
    match (&step.response, &step.error) {
        (Some(response), _) => text.push_str(&render_response(response)),
        (None, Some(error)) => {
            let _ = writeln!(text, "(no answer: {error})");
        }
        (None, None) => text.push_str("(no answer)\n"),
    }
    text
}

/// A request as `>` lines, then its body.
pub fn render_request(request: &SentRequest) -> String {
    let mut text = format!("> {} {}\n", request.method, redact::url(&request.url));
    for (name, value) in redact::headers(&request.headers) {
        let _ = writeln!(text, "> {name}: {value}");
    }
    let body = match (&request.body_text, &request.body) {
        (Some(body_text), _) => Some(body_text.clone()),
        (None, Some(json)) => Some(serde_json::to_string_pretty(json).unwrap_or_default()),
        (None, None) => None,
    };
    if let Some(body) = body.filter(|body| !body.is_empty()) {
        text.push('\n');
        text.push_str(&cut(&body));
        text.push('\n');
    }
    text
}

/// A response as `<` lines, then its body (pretty when it is JSON).
pub fn render_response(response: &Response) -> String {
    let mut text = format!("< {}\n", response.status);
    for (name, value) in redact::headers(&response.headers) {
        let _ = writeln!(text, "< {name}: {value}");
    }
    let body = match &response.json {
        Some(json) => serde_json::to_string_pretty(json).unwrap_or_else(|_| response.body.clone()),
        None => response.body.clone(),
    };
    if !body.trim().is_empty() {
        text.push('\n');
        text.push_str(&cut(&body));
        text.push('\n');
    }
    text
}

/// `body`, cut to [`BODY_LIMIT`] characters with a note of what was left out.
fn cut(body: &str) -> String {
    let total = body.chars().count();
    if total <= BODY_LIMIT {
        return body.to_string();
    }
    let mut short: String = body.chars().take(BODY_LIMIT).collect();
    let _ = write!(short, "\n… ({} more characters)", total - BODY_LIMIT);
    short
}
