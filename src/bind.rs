//! Binding: turning a case's `{{...}}` variables into values.
//!
//! Variables may appear in any string of a step: the request path, header values, the body,
//! and the expectations. The names a case may use:
//!
//! | variable | value |
//! |---|---|
//! | `{{graph}}` | the Graph service root of the target's cloud, e.g. `https://graph.microsoft.com/v1.0` |
//! | `{{tenants.NAME}}` | a tenant id of the profile |
//! | `{{users.NAME.id}}`, `{{users.NAME.upn}}`, `{{users.NAME.tenantId}}` | a user of the profile |
//! | `{{capture.NAME}}` | a value an earlier step captured |
//!
//! A string that is exactly one variable takes the variable's value as is (a captured number
//! stays a number); otherwise the value is spliced into the string. Binding never guesses: a
//! name the profile does not bind is an error that names the JSON location.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use crate::case::model::{Authorization, Expectations, Step};
use crate::profile::Profile;

static VARIABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{\{\s*([A-Za-z0-9_.@-]+)\s*\}\}").expect("the variable pattern is valid")
});

/// A variable that could not be bound.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("at {pointer}: {message}")]
pub struct BindError {
    /// JSON pointer of the string holding the variable, relative to what was bound.
    pub pointer: String,
    /// The variable's name, as written between the braces.
    pub variable: String,
    /// Why it could not be bound.
    pub message: String,
}

/// Where captured values come from while binding.
#[derive(Debug, Clone)]
pub enum Captures<'a> {
    /// The values earlier steps captured, for sending.
    Values(&'a BTreeMap<String, Value>),
    /// Only the names earlier steps will capture; each binds to the placeholder
    /// `[capture.NAME]`. Used to check a case before it runs and to snapshot request bodies
    /// without the values that change from run to run.
    Placeholders(&'a [String]),
}

/// Everything variables can be bound to.
#[derive(Debug, Clone)]
pub struct Bindings<'a> {
    /// The profile's tenants and users.
    pub profile: &'a Profile,
    /// The Graph service root of the target's cloud, without a trailing slash.
    pub graph_root: &'a str,
    /// Captured values of earlier steps.
    pub captures: Captures<'a>,
}

impl Bindings<'_> {
    /// Binds every variable in `value`. `pointer` is the JSON pointer of `value` in its file,
    /// so that errors can name the location.
    pub fn bind(&self, value: &Value, pointer: &str) -> Result<Value, BindError> {
        match value {
            Value::String(text) => self.bind_string(text, pointer),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(index, item)| self.bind(item, &format!("{pointer}/{index}")))
                .collect::<Result<_, _>>()
                .map(Value::Array),
            Value::Object(map) => {
                let mut bound = serde_json::Map::with_capacity(map.len());
                for (key, item) in map {
                    let pointer = format!("{pointer}/{}", escape_pointer_token(key));
                    bound.insert(key.clone(), self.bind(item, &pointer)?);
                }
                Ok(Value::Object(bound))
            }
            other => Ok(other.clone()),
        }
    }

    /// Binds the variables of one string; see the module documentation for the rules.
    pub fn bind_string(&self, text: &str, pointer: &str) -> Result<Value, BindError> {
        if !text.contains("{{") {
            return Ok(Value::String(text.to_string()));
        }

        // A string that is one variable and nothing else keeps the value's own JSON type.
        if let Some(found) = VARIABLE.captures(text)
            && found.get(0).is_some_and(|whole| whole.as_str() == text)
        {
            return self.resolve(&found[1], pointer);
        }

        let mut bound = String::with_capacity(text.len());
        let mut last = 0;
        for found in VARIABLE.captures_iter(text) {
            let Some(whole) = found.get(0) else { continue };
            bound.push_str(&text[last..whole.start()]);
            match self.resolve(&found[1], pointer)? {
                Value::String(value) => bound.push_str(&value),
                other => bound.push_str(&other.to_string()),
            }
            last = whole.end();
        }
        bound.push_str(&text[last..]);
        Ok(Value::String(bound))
    }

    /// The value of one variable name.
    fn resolve(&self, name: &str, pointer: &str) -> Result<Value, BindError> {
        let fail = |message: String| BindError {
            pointer: pointer.to_string(),
            variable: name.to_string(),
            message,
        };
        let parts: Vec<&str> = name.split('.').collect();

        match parts.as_slice() {
            ["graph"] => Ok(Value::String(self.graph_root.to_string())),
            ["tenants", tenant] => self
                .profile
                .tenants
                .get(*tenant)
                .map(|id| Value::String(id.clone()))
                .ok_or_else(|| {
                    fail(format!(
                        "the profile {} does not bind `{{{{{name}}}}}`: it has no tenant `{tenant}`{}",
                        self.profile.path.display(),
                        suggest(tenant, self.profile.tenants.keys())
                    ))
                }),
            ["users", user, field] => {
                let Some(entry) = self.profile.users.get(*user) else {
                    return Err(fail(format!(
                        "the profile {} does not bind `{{{{{name}}}}}`: it has no user `{user}`{}",
                        self.profile.path.display(),
                        suggest(user, self.profile.users.keys())
                    )));
                };
                match *field {
                    "id" => Ok(Value::String(entry.id.clone())),
                    "tenantId" => Ok(Value::String(self.profile.tenant_id_of(entry).to_string())),
                    "upn" => entry.upn.clone().map(Value::String).ok_or_else(|| {
                        fail(format!(
                            "the profile {} does not bind `{{{{{name}}}}}`: user `{user}` has no `upn`",
                            self.profile.path.display()
                        ))
                    }),
                    other => Err(fail(format!(
                        "unknown user field `{other}` in `{{{{{name}}}}}`; a user has `id`, `upn` and `tenantId`"
                    ))),
                }
            }
            ["capture", capture] => self.resolve_capture(capture, name, pointer),
            _ => Err(fail(format!(
                "unknown variable `{{{{{name}}}}}`; variables are `graph`, `tenants.NAME`, \
                 `users.NAME.id`, `users.NAME.upn`, `users.NAME.tenantId` and `capture.NAME`"
            ))),
        }
    }

    fn resolve_capture(
        &self,
        capture: &str,
        name: &str,
        pointer: &str,
    ) -> Result<Value, BindError> {
        let known = match &self.captures {
            Captures::Values(values) => {
                if let Some(value) = values.get(capture) {
                    return Ok(value.clone());
                }
                values.keys().cloned().collect::<Vec<_>>()
            }
            Captures::Placeholders(names) => {
                if names.iter().any(|known| known == capture) {
                    return Ok(Value::String(format!("[capture.{capture}]")));
                }
                names.to_vec()
            }
        };

        Err(BindError {
            pointer: pointer.to_string(),
            variable: name.to_string(),
            message: format!(
                "`{{{{{name}}}}}` is not captured by an earlier step{}",
                suggest(capture, known.iter())
            ),
        })
    }
}

/// A step with every variable bound: what is sent and what is expected.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundStep {
    /// The path relative to the target's base URL.
    pub path: String,
    /// Request headers, as the case gives them.
    pub headers: Vec<(String, String)>,
    /// The request body as JSON, when it is JSON; relations compare against it.
    pub body: Option<Value>,
    /// The bytes to send as the body: the JSON body serialized (and padded), or the text.
    pub payload: Option<Vec<u8>>,
    /// The literal bearer token of `"authorization": {"bearer": …}`, bound.
    pub bearer: Option<String>,
    /// The expectations, with the values they compare against bound.
    pub expect: Expectations,
}

/// Binds the request and the expectations of `step`; `pointer` is the step's JSON pointer in
/// its case file.
pub fn bind_step(
    step: &Step,
    bindings: &Bindings<'_>,
    pointer: &str,
) -> Result<BoundStep, BindError> {
    let request = &step.request;
    let as_string = |value: Value| match value {
        Value::String(text) => text,
        other => other.to_string(),
    };

    let path = as_string(bindings.bind_string(&request.path, &format!("{pointer}/request/path"))?);
    let headers = request
        .headers
        .iter()
        .map(|(name, value)| {
            let at = format!("{pointer}/request/headers/{}", escape_pointer_token(name));
            Ok((name.clone(), as_string(bindings.bind_string(value, &at)?)))
        })
        .collect::<Result<_, BindError>>()?;
    let body = request
        .body
        .as_ref()
        .map(|body| bindings.bind(body, &format!("{pointer}/request/body")))
        .transpose()?;
    let body_text = request
        .body_text
        .as_ref()
        .map(|text| bindings.bind_string(text, &format!("{pointer}/request/bodyText")))
        .transpose()?
        .map(as_string);
    let payload = match (&body, body_text) {
        (_, Some(text)) => Some(text.into_bytes()),
        (Some(json), None) => {
            // Serializing a serde_json::Value cannot fail.
            let mut bytes = serde_json::to_vec(json).unwrap_or_default();
            if let Some(size) = request.pad_to {
                bytes.resize(bytes.len().max(size), b' ');
            }
            Some(bytes)
        }
        (None, None) => None,
    };
    let bearer = match &request.authorization {
        Authorization::Bearer(token) => Some(as_string(
            bindings.bind_string(token, &format!("{pointer}/request/authorization/bearer"))?,
        )),
        Authorization::Caller | Authorization::None => None,
    };

    let mut expect = step.expect.clone();
    for (name, header) in &mut expect.headers {
        let at = format!("{pointer}/expect/headers/{}", escape_pointer_token(name));
        if let Some(equals) = &header.equals {
            header.equals = Some(as_string(
                bindings.bind_string(equals, &format!("{at}/equals"))?,
            ));
        }
    }
    for (body_pointer, matcher) in &mut expect.body {
        let at = format!(
            "{pointer}/expect/body/{}",
            escape_pointer_token(body_pointer)
        );
        if let Some(equals) = &matcher.equals {
            matcher.equals = Some(bindings.bind(equals, &format!("{at}/equals"))?);
        }
        if let Some(unwanted) = &matcher.not_equals {
            matcher.not_equals = Some(bindings.bind(unwanted, &format!("{at}/notEquals"))?);
        }
    }

    Ok(BoundStep {
        path,
        headers,
        body,
        payload,
        bearer,
        expect,
    })
}

/// Escapes a key for use as a JSON pointer token (RFC 6901).
pub fn escape_pointer_token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn suggest<'a>(given: &str, known: impl Iterator<Item = &'a String>) -> String {
    let known: Vec<&str> = known.map(String::as_str).collect();
    match crate::case::load::did_you_mean(given, &known) {
        Some(best) => format!("; did you mean `{best}`?"),
        None if known.is_empty() => String::new(),
        None => format!(" (known: {})", known.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn profile() -> Profile {
        serde_json::from_value(json!({
            "homeTenant": "home",
            "tenants": {"home": "t-home", "partner": "t-partner"},
            "users": {
                "adele": {"id": "id-adele", "tenant": "home", "upn": "adele@contoso.com"},
                "lee": {"id": "id-lee", "tenant": "partner"}
            }
        }))
        .unwrap()
    }

    #[test]
    fn splices_profile_values_into_a_bind_url() {
        let profile = profile();
        let bindings = Bindings {
            profile: &profile,
            graph_root: "https://graph.microsoft.com/v1.0",
            captures: Captures::Placeholders(&[]),
        };

        let bound = bindings
            .bind(&json!({"b": "{{graph}}/users('{{users.adele.id}}')", "t": "{{users.lee.tenantId}}"}), "")
            .unwrap();

        assert_eq!(
            bound,
            json!({"b": "https://graph.microsoft.com/v1.0/users('id-adele')", "t": "t-partner"})
        );
    }

    #[test]
    fn names_the_location_and_suggests_a_user_for_an_unbound_variable() {
        let profile = profile();
        let bindings = Bindings {
            profile: &profile,
            graph_root: "g",
            captures: Captures::Placeholders(&[]),
        };

        let error = bindings
            .bind(
                &json!({"members": [{"user@odata.bind": "{{users.adel.id}}"}]}),
                "/body",
            )
            .unwrap_err();

        assert_eq!(error.pointer, "/body/members/0/user@odata.bind");
        assert!(
            error.message.contains("did you mean `adele`?"),
            "{}",
            error.message
        );
    }

    #[test]
    fn keeps_the_json_type_of_a_captured_value_that_fills_the_whole_string() {
        let profile = profile();
        let values = BTreeMap::from([("n".to_string(), json!(7))]);
        let bindings = Bindings {
            profile: &profile,
            graph_root: "g",
            captures: Captures::Values(&values),
        };

        assert_eq!(
            bindings.bind(&json!("{{capture.n}}"), "").unwrap(),
            json!(7)
        );
        assert_eq!(
            bindings.bind(&json!("n={{capture.n}}"), "").unwrap(),
            json!("n=7")
        );
    }

    #[test]
    fn binds_a_capture_to_its_placeholder_before_the_run() {
        let profile = profile();
        let names = ["chat_id".to_string()];
        let bindings = Bindings {
            profile: &profile,
            graph_root: "g",
            captures: Captures::Placeholders(&names),
        };

        assert_eq!(
            bindings.bind(&json!("{{capture.chat_id}}"), "").unwrap(),
            json!("[capture.chat_id]")
        );
        assert!(bindings.bind(&json!("{{capture.other}}"), "").is_err());
    }
}
