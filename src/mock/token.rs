//! The caller of a request, read from its bearer token.
//!
//! A token shaped like a JWT (three dot-separated base64url parts whose first two are JSON
//! objects; the third, the signature, may be empty) gives the caller's claims: `oid`, `tid`,
//! `upn`, `appid` (or `azp`), `scp` (space-separated delegated permissions) and `roles`
//! (application permissions). The signature is not checked: the mock trusts whoever calls
//! it, and tests can make tokens with [`unsigned_token`].
//!
//! The claims classify the caller (`CallerKind`): an `scp` with at least one permission is
//! a delegated caller (a signed-in user); else a non-empty `roles` is an application; else
//! the token grants nothing. A delegated token of the consumer tenant is a personal Microsoft
//! account.
//!
//! Any other token is opaque. The `authentication` rule decides what an opaque token gets.
//! Tokens are never logged or kept.

use base64::Engine as _;
use base64::engine::general_purpose::{URL_SAFE_NO_PAD, URL_SAFE_NO_PAD_INDIFFERENT};
use serde_json::{Map, Value};

/// The tenant id that personal Microsoft accounts sign in with: the well-known "consumers"
/// tenant of the Microsoft identity platform.
///
/// That a personal account shows in a Graph token as this `tid` is our inference; the Create
/// chat docs only say personal accounts are not supported (FACTS §2).
pub const CONSUMER_TENANT_ID: &str = "9188040d-6c67-4c5b-b112-36a304b66dad";

/// The permission that every opaque token is taken to grant in lenient mode.
const LENIENT_SCOPE: &str = "Chat.Create";

/// What kind of bearer token a caller presented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// A JWT whose claims were read.
    Jwt,
    /// Anything else, accepted leniently as a delegated caller about whom little is known.
    Opaque,
}

/// How a caller is authorized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CallerKind {
    /// A signed-in user acting through an app: permissions in `scp`.
    Delegated,
    /// An app acting as itself: permissions in `roles`.
    Application,
    /// A token with neither `scp` nor `roles`.
    Unauthorized,
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
    /// The `appid` claim (`azp` in v2 tokens): the calling app.
    pub app_id: Option<String>,
    /// The `scp` claim, split at spaces: delegated permissions.
    pub scopes: Vec<String>,
    /// The `roles` claim: application permissions.
    pub roles: Vec<String>,
}

impl Caller {
    /// The caller behind `token` when it is a JWT, else `None`.
    pub fn from_jwt(token: &str) -> Option<Self> {
        jwt_claims(token).map(|claims| Self::from_claims(&claims))
    }

    /// A caller whose token is not a JWT: delegated, with `Chat.Create`, nothing else known.
    pub fn opaque() -> Self {
        Self {
            token: TokenKind::Opaque,
            object_id: None,
            tenant_id: None,
            upn: None,
            app_id: None,
            scopes: vec![LENIENT_SCOPE.to_owned()],
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
            app_id: text("appid").or_else(|| text("azp")),
            scopes,
            roles,
        }
    }

    /// How the caller is authorized: by `scp` first, then by `roles`.
    pub fn kind(&self) -> CallerKind {
        if !self.scopes.is_empty() {
            CallerKind::Delegated
        } else if !self.roles.is_empty() {
            CallerKind::Application
        } else {
            CallerKind::Unauthorized
        }
    }

    /// Whether the caller signed in with a personal Microsoft account.
    pub fn is_personal_account(&self) -> bool {
        self.kind() == CallerKind::Delegated
            && self
                .tenant_id
                .as_deref()
                .is_some_and(|tenant_id| tenant_id.eq_ignore_ascii_case(CONSUMER_TENANT_ID))
    }

    /// Whether the token grants `permission` the way the caller's kind grants permissions.
    /// Permission names match in any ASCII case.
    pub fn has_permission(&self, permission: &str) -> bool {
        let granted = match self.kind() {
            CallerKind::Delegated => &self.scopes,
            CallerKind::Application => &self.roles,
            CallerKind::Unauthorized => return false,
        };
        granted
            .iter()
            .any(|candidate| candidate.eq_ignore_ascii_case(permission))
    }

    /// Whether the caller is a signed-in user known from a JWT, who must be among the members.
    pub fn is_signed_in_user(&self) -> bool {
        self.token == TokenKind::Jwt && self.kind() == CallerKind::Delegated
    }

    /// The caller's tenant, or `home` when the token does not say.
    pub fn tenant_or<'a>(&'a self, home: &'a str) -> &'a str {
        self.tenant_id.as_deref().unwrap_or(home)
    }
}

/// The token of an `Authorization: Bearer {token}` header value, or `None` when the value
/// is missing, uses another scheme or has no token.
pub(crate) fn bearer_token(authorization: Option<&str>) -> Option<&str> {
    let (scheme, token) = authorization?.trim().split_once(char::is_whitespace)?;
    let token = token.trim();

    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
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

    format!("{header}.{payload}.")
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
    use rstest::rstest;
    use serde_json::json;

    use super::*;

    fn caller(claims: Value) -> Caller {
        Caller::from_jwt(&unsigned_token(&claims)).unwrap()
    }

    #[test]
    fn a_jwt_gives_its_claims() {
        let caller = caller(json!({
            "oid": "o", "tid": "t", "upn": "u@contoso.com", "appid": "a",
            "scp": "Chat.Create  Chat.ReadWrite", "roles": ["Chat.Create", 7]
        }));

        assert_eq!(caller.token, TokenKind::Jwt);
        assert_eq!(caller.object_id.as_deref(), Some("o"));
        assert_eq!(caller.tenant_id.as_deref(), Some("t"));
        assert_eq!(caller.upn.as_deref(), Some("u@contoso.com"));
        assert_eq!(caller.app_id.as_deref(), Some("a"));
        assert_eq!(caller.scopes, ["Chat.Create", "Chat.ReadWrite"]);
        assert_eq!(caller.roles, ["Chat.Create"]);
    }

    #[rstest]
    #[case::delegated(json!({"scp": "Chat.Create"}), CallerKind::Delegated)]
    #[case::scp_wins_over_roles(
        json!({"scp": "User.Read", "roles": ["Chat.Create"]}),
        CallerKind::Delegated
    )]
    #[case::application(json!({"roles": ["Chat.Create"]}), CallerKind::Application)]
    #[case::blank_scp_is_no_scp(
        json!({"scp": " ", "roles": ["Chat.Create"]}),
        CallerKind::Application
    )]
    #[case::neither(json!({"oid": "o"}), CallerKind::Unauthorized)]
    #[case::empty_roles(json!({"roles": []}), CallerKind::Unauthorized)]
    fn the_claims_classify_the_caller(#[case] claims: Value, #[case] kind: CallerKind) {
        assert_eq!(caller(claims).kind(), kind);
    }

    #[test]
    fn a_delegated_token_of_the_consumer_tenant_is_a_personal_account() {
        let personal = caller(json!({"scp": "Chat.Create", "tid": CONSUMER_TENANT_ID}));
        let app = caller(json!({"roles": ["Chat.Create"], "tid": CONSUMER_TENANT_ID}));

        assert!(personal.is_personal_account());
        assert!(!app.is_personal_account());
    }

    #[test]
    fn permissions_come_from_the_claim_of_the_callers_kind() {
        let delegated = caller(json!({"scp": "chat.create", "roles": ["Chat.ReadWrite"]}));

        assert!(delegated.has_permission("Chat.Create"));
        assert!(!delegated.has_permission("Chat.ReadWrite"));
    }

    #[test]
    fn the_signature_may_be_empty_or_padded_base64() {
        assert!(Caller::from_jwt("e30.eyJvaWQiOiJ4In0.").is_some());
        let padded = Caller::from_jwt("e30=.eyJvaWQiOiJ4In0=.c2ln").unwrap();

        assert_eq!(padded.object_id.as_deref(), Some("x"));
    }

    #[rstest]
    #[case("placeholder")]
    #[case("a.b.c")]
    #[case("e30.e30")]
    #[case("e30.W10.x")]
    #[case("e30.e30.x.y")]
    fn anything_else_is_not_a_jwt(#[case] token: &str) {
        assert_eq!(Caller::from_jwt(token), None);
    }

    #[test]
    fn an_opaque_caller_is_delegated_with_chat_create_in_no_tenant() {
        let opaque = Caller::opaque();

        assert_eq!(opaque.kind(), CallerKind::Delegated);
        assert!(opaque.has_permission("Chat.Create"));
        assert!(!opaque.is_signed_in_user());
        assert_eq!(opaque.tenant_or("home"), "home");
    }

    #[rstest]
    #[case(Some("Bearer abc"), Some("abc"))]
    #[case(Some("bearer   abc "), Some("abc"))]
    #[case(Some("Bearer"), None)]
    #[case(Some("Bearer   "), None)]
    #[case(Some("Basic dXNlcjpwYXNz"), None)]
    #[case(Some("token"), None)]
    #[case(None, None)]
    fn only_a_bearer_header_with_a_token_gives_a_token(
        #[case] authorization: Option<&str>,
        #[case] token: Option<&str>,
    ) {
        assert_eq!(bearer_token(authorization), token);
    }

    proptest::proptest! {
        #[test]
        fn any_token_is_read_without_a_panic(value in "(Bearer |bearer )?[ -~]{0,64}") {
            if let Some(token) = bearer_token(Some(&value)) {
                let _ = Caller::from_jwt(token).map(|caller| caller.kind());
            }
        }
    }
}
