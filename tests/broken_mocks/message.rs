//! Small edits of a request or an answer, shared by the breaks: headers, the JSON body, the
//! claims of a bearer token and the user a member's bind names.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use graph_conformance::mock::MockRequest;
use graph_conformance::profile::{Profile, ProfileUser};
use serde_json::{Map, Value};

/// Replaces every header called `name` by one with `value`.
pub fn set_header(headers: &mut Vec<(String, String)>, name: &str, value: impl Into<String>) {
    remove_header(headers, name);
    headers.push((name.to_owned(), value.into()));
}

/// Removes every header called `name`.
pub fn remove_header(headers: &mut Vec<(String, String)>, name: &str) {
    headers.retain(|(candidate, _)| !candidate.eq_ignore_ascii_case(name));
}

/// The body as a JSON object, when it is one.
pub fn json_object(body: &[u8]) -> Option<Map<String, Value>> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(object)) => Some(object),
        _ => None,
    }
}

/// Lets `edit` change a JSON object body; writes the body again only when `edit` says it
/// changed something, so every other body reaches the reference byte for byte.
pub fn edit_json_object(body: &mut Vec<u8>, edit: impl FnOnce(&mut Map<String, Value>) -> bool) {
    let Some(mut object) = json_object(body) else {
        return;
    };
    if edit(&mut object) {
        *body = serde_json::to_vec(&object).expect("a JSON object serializes");
    }
}

/// The members of a create request, when it lists them.
pub fn members(object: &mut Map<String, Value>) -> impl Iterator<Item = &mut Map<String, Value>> {
    object
        .get_mut("members")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object_mut)
}

/// The `user@odata.bind` of a member.
pub fn bind(member: &Map<String, Value>) -> Option<&str> {
    member.get("user@odata.bind").and_then(Value::as_str)
}

/// The profile user that a bind such as `…/users('alex@contoso.com')` names, by id or UPN.
pub fn bound_user<'a>(profile: &'a Profile, bind: &str) -> Option<&'a ProfileUser> {
    let key = bind.split_once("/users('")?.1.strip_suffix("')")?;

    profile.users.values().find(|user| {
        user.id.eq_ignore_ascii_case(key)
            || user
                .upn
                .as_deref()
                .is_some_and(|upn| upn.eq_ignore_ascii_case(key))
    })
}

/// The claims of the request's bearer token, when it is a JWT.
pub fn token_claims(request: &MockRequest) -> Option<Map<String, Value>> {
    let token = request.header("authorization")?.strip_prefix("Bearer ")?;
    let payload = token.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload).ok()?;

    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(claims)) => Some(claims),
        _ => None,
    }
}

/// Lets `edit` change the claims of the request's JWT; signs nothing, like the minted tokens.
pub fn edit_token_claims(
    request: &mut MockRequest,
    edit: impl FnOnce(&mut Map<String, Value>) -> bool,
) {
    let Some(mut claims) = token_claims(request) else {
        return;
    };
    if edit(&mut claims) {
        set_header(&mut request.headers, "authorization", bearer(&claims));
    }
}

/// An `Authorization` value with an unsigned JWT carrying `claims`.
pub fn bearer(claims: &Map<String, Value>) -> String {
    let encode = |text: &str| URL_SAFE_NO_PAD.encode(text);
    let header = encode(r#"{"typ":"JWT","alg":"none"}"#);
    let payload = encode(&Value::Object(claims.clone()).to_string());

    format!("Bearer {header}.{payload}.")
}
