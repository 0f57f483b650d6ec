//! The caller of a request, read from its bearer token.
//!
//! A token shaped like a JWT (three dot-separated base64url parts whose first two are JSON
//! objects) gives the caller's claims: `oid`, `tid`, `upn`, `scp` (space-separated delegated
//! scopes) and `roles` (application roles). The signature is not checked: the mock trusts
//! whoever calls it, and tests can make tokens with [`unsigned_token`].
//!
//! Any other token is accepted as an opaque, delegated caller about whom nothing is known.
//! That leniency lets clients call the mock with a placeholder token; `Caller::token` keeps
//! the difference, so a strict mode can reject opaque tokens. Tokens are never logged or kept.

use base64::Engine as _;
use base64::engine::general_purpose::{URL_SAFE_NO_PAD, URL_SAFE_NO_PAD_INDIFFERENT};
use serde_json::{Map, Value};

use super::error::GraphError;

/// What kind of bearer token a caller presented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// A JWT whose claims were read.
    Jwt,
    /// Anything else, accepted leniently.
    Opaque,
}

/// Who is calling, as far as the token tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Caller {
    /// Whether the claims below come from a JWT.
    pub token: TokenKind,
    /// The `oid` claim: the signed-in user's object id.
    pub object_id: Option<String>,
    /// The `tid` claim: the tenant the caller signed in to.
    pub tenant_id: Option<String>,
    /// The `upn` claim.
    pub upn: Option<String>,
    /// The `scp` claim, split at spaces: delegated permissions.
    pub scopes: Vec<String>,
    /// The `roles` claim: application permissions.
    pub roles: Vec<String>,
}

impl Caller {
    /// A caller whose token is not a JWT: delegated, with nothing else known.
    fn opaque() -> Self {
        Self {
            token: TokenKind::Opaque,
            object_id: None,
            tenant_id: None,
            upn: None,
            scopes: Vec::new(),
            roles: Vec::new(),
        }
    }

    fn from_claims(claims: &Map<String, Value>) -> Self {
        let text = |name: &str| claims.get(name).and_then(Value::as_str).map(str::to_owned);
        let scopes = text("scp")
            .map(|scp| scp.split_whitespace().map(str::to_owned).collect())
            .unwrap_or_default();
        let roles = claims
            .get("roles")
            .and_then(Value::as_array)
            .map(|roles| {
                roles
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();

        Self {
            token: TokenKind::Jwt,
            object_id: text("oid"),
            tenant_id: text("tid"),
            upn: text("upn"),
            scopes,
            roles,
        }
    }

    /// The caller's tenant, or `home` when the token does not say.
    pub fn tenant_or<'a>(&'a self, home: &'a str) -> &'a str {
        self.tenant_id.as_deref().unwrap_or(home)
    }
}

/// Reads the caller from the value of the `Authorization` header.
///
/// Without a bearer token the answer is Graph's `401 InvalidAuthenticationToken`,
/// "Access token is empty." (FACTS §6). Graph's answer to other schemes is not documented;
/// they get the same.
pub(crate) fn authenticate(authorization: Option<&str>) -> Result<Caller, GraphError> {
    let token = bearer_token(authorization)
        .ok_or_else(|| GraphError::invalid_token("Access token is empty."))?;

    Ok(jwt_claims(token)
        .map(|claims| Caller::from_claims(&claims))
        .unwrap_or_else(Caller::opaque))
}

/// An unsigned JWT carrying `claims`, for calling the mock as a particular caller.
///
/// The header says `"alg": "none"`; the mock reads the claims and checks no signature.
///
/// ```
/// let token = graph_conformance::mock::token::unsigned_token(&serde_json::json!({
///     "oid": "8b081ef6-4792-4def-b2c9-c363a1bf41d5",
///     "tid": "b33cbe9f-8ebe-4f2a-912b-7e2a427f477f",
///     "scp": "Chat.Create",
/// }));
/// assert_eq!(token.split('.').count(), 3);
/// ```
pub fn unsigned_token(claims: &Value) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    let signature = URL_SAFE_NO_PAD.encode(b"unsigned");

    format!("{header}.{payload}.{signature}")
}

fn bearer_token(authorization: Option<&str>) -> Option<&str> {
    let (scheme, token) = authorization?.trim().split_once(char::is_whitespace)?;
    let token = token.trim();

    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// The claims of a JWT, or `None` when `token` is not one.
fn jwt_claims(token: &str) -> Option<Map<String, Value>> {
    let mut parts = token.split('.');
    let (header, payload, _signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }

    json_object(header)?;
    json_object(payload)
}

fn json_object(part: &str) -> Option<Map<String, Value>> {
    let bytes = URL_SAFE_NO_PAD_INDIFFERENT.decode(part).ok()?;

    match serde_json::from_slice(&bytes).ok()? {
        Value::Object(object) => Some(object),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn headers(authorization: &str) -> Option<&str> {
        Some(authorization)
    }

    #[test]
    fn a_missing_header_is_an_empty_token() {
        let error = authenticate(None).unwrap_err();

        assert_eq!(error.code, "InvalidAuthenticationToken");
        assert_eq!(error.message, "Access token is empty.");
    }

    #[test]
    fn a_bearer_without_a_token_or_another_scheme_is_an_empty_token() {
        for value in ["Bearer", "Bearer   ", "Basic dXNlcjpwYXNz", "token"] {
            assert!(authenticate(headers(value)).is_err(), "{value}");
        }
    }

    #[test]
    fn a_jwt_gives_its_claims() {
        let token = unsigned_token(&json!({
            "oid": "o", "tid": "t", "upn": "u@contoso.com",
            "scp": "Chat.Create  Chat.ReadWrite", "roles": ["Chat.Create", 7]
        }));

        let caller = authenticate(headers(&format!("bearer {token}"))).unwrap();

        assert_eq!(caller.token, TokenKind::Jwt);
        assert_eq!(caller.object_id.as_deref(), Some("o"));
        assert_eq!(caller.tenant_id.as_deref(), Some("t"));
        assert_eq!(caller.upn.as_deref(), Some("u@contoso.com"));
        assert_eq!(caller.scopes, ["Chat.Create", "Chat.ReadWrite"]);
        assert_eq!(caller.roles, ["Chat.Create"]);
    }

    #[test]
    fn an_app_only_token_has_roles_and_no_scopes() {
        let token = unsigned_token(&json!({"tid": "t", "roles": ["Chat.Create"]}));

        let caller = authenticate(headers(&format!("Bearer {token}"))).unwrap();

        assert_eq!((caller.scopes.len(), caller.roles.len()), (0, 1));
        assert_eq!(caller.tenant_or("home"), "t");
    }

    #[test]
    fn anything_else_is_an_opaque_delegated_caller() {
        for token in [
            "placeholder",
            "a.b.c",
            "e30.e30",
            "e30.W10.x",
            "e30.e30.x.y",
        ] {
            let caller = authenticate(headers(&format!("Bearer {token}"))).unwrap();

            assert_eq!(caller, Caller::opaque(), "{token}");
            assert_eq!(caller.tenant_or("home"), "home");
        }
    }

    #[test]
    fn padded_base64_parts_are_read_too() {
        let caller = authenticate(headers("Bearer e30=.eyJvaWQiOiJ4In0=.c2ln")).unwrap();

        assert_eq!(caller.object_id.as_deref(), Some("x"));
    }

    proptest::proptest! {
        #[test]
        fn any_authorization_header_is_answered_without_a_panic(
            value in "(Bearer |bearer )?[ -~]{0,64}",
        ) {
            let _ = authenticate(Some(&value));
        }
    }
}
