//! Redaction: what the CI reports hide, so that a report can be published as it is.
//!
//! The client already writes the `Authorization` it sends as `Bearer [redacted]`. Reports hide
//! more, on both sides of an exchange: any header whose name holds `authorization` keeps its
//! scheme only, and any header whose name holds `secret`, `token` or `cookie` shows
//! [`REDACTED`]. The same words hide the values of URL query parameters, and a header check's
//! difference about such a header hides what came back.

use crate::check::{CheckKind, Difference};

/// What a hidden value shows instead.
pub const REDACTED: &str = "[redacted]";

/// Words that mark a header or query parameter as secret, matched without regard to case.
const SECRET_WORDS: [&str; 3] = ["secret", "token", "cookie"];

/// Whether the header (or query parameter) `name` carries a secret.
pub fn is_secret_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.contains("authorization") || SECRET_WORDS.iter().any(|word| name.contains(word))
}

/// The value of header `name` as reports show it.
pub fn header_value(name: &str, value: &str) -> String {
    if !is_secret_name(name) {
        return value.to_string();
    }
    // An authorization keeps its scheme ("Bearer"), which says what kind of credential went.
    if name.to_ascii_lowercase().contains("authorization")
        && let Some((scheme, _)) = value.trim().split_once(' ')
        && !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return format!("{scheme} {REDACTED}");
    }
    REDACTED.to_string()
}

/// Headers as reports show them, in their order.
pub fn headers(headers: &[(String, String)]) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| (name.clone(), header_value(name, value)))
        .collect()
}

/// A URL with the values of secret query parameters hidden.
pub fn url(url: &str) -> String {
    let Some((base, rest)) = url.split_once('?') else {
        return url.to_string();
    };
    let (query, fragment) = match rest.split_once('#') {
        Some((query, fragment)) => (query, Some(fragment)),
        None => (rest, None),
    };

    let query: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, _)) if is_secret_name(key) => format!("{key}={REDACTED}"),
            _ => pair.to_string(),
        })
        .collect();
    let mut shown = format!("{base}?{}", query.join("&"));
    if let Some(fragment) = fragment {
        shown.push('#');
        shown.push_str(fragment);
    }
    shown
}

/// A difference as reports show it: a header check about a secret header hides what came
/// back.
pub fn difference(difference: &Difference) -> Difference {
    let mut shown = difference.clone();
    if difference.check == CheckKind::Header && is_secret_name(&difference.location) {
        shown.actual = REDACTED.to_string();
    }
    shown
}
