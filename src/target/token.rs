//! Credentials: the bearer token a run sends, kept out of every output.
//!
//! A user's own token ([`Secret`]) is sent as given. Without one, the harness mints an
//! unsigned JWT for each case's caller, with the claims Graph's tokens carry (`oid`, `tid`,
//! `scp`, `upn`); the reference mock reads them, and a real Graph rejects them.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;

/// A token or other secret. It prints as `[redacted]` in every format, so it cannot leak
/// through a log line or a report by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Where a run's tokens come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// The user's token, sent for every case.
    Given(Secret),
    /// An unsigned token minted for each case's caller.
    MintForCaller,
}

/// The claims of a minted token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallerClaims<'a> {
    /// The caller's object id (`oid`).
    pub user_id: &'a str,
    /// The caller's tenant id (`tid`).
    pub tenant_id: &'a str,
    /// The caller's user principal name (`upn`), when the profile has one.
    pub upn: Option<&'a str>,
    /// Delegated scopes (`scp`), space-separated in the token.
    pub scopes: &'a [&'a str],
}

/// The scopes of a minted delegated token: the least privileged permission of Create chat.
pub const DEFAULT_SCOPES: &[&str] = &["Chat.Create"];

/// Mints an unsigned JWT (`alg: none`) carrying `claims`.
pub fn mint_unsigned_token(claims: &CallerClaims<'_>) -> Secret {
    let header = json!({"typ": "JWT", "alg": "none"});
    let mut payload = json!({
        "aud": "https://graph.microsoft.com",
        "iss": format!("https://sts.windows.net/{}/", claims.tenant_id),
        "oid": claims.user_id,
        "tid": claims.tenant_id,
        "scp": claims.scopes.join(" "),
    });
    if let Some(upn) = claims.upn {
        payload["upn"] = json!(upn);
    }

    let encode = |value: &serde_json::Value| URL_SAFE_NO_PAD.encode(value.to_string());
    Secret::new(format!("{}.{}.", encode(&header), encode(&payload)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_shows_the_secret_in_debug_or_display() {
        let secret = Secret::new("eyJ-very-secret");

        assert!(!format!("{secret:?} {secret}").contains("very-secret"));
    }

    #[test]
    fn mints_a_token_whose_payload_carries_the_caller() {
        let token = mint_unsigned_token(&CallerClaims {
            user_id: "u",
            tenant_id: "t",
            upn: None,
            scopes: DEFAULT_SCOPES,
        });

        let parts: Vec<&str> = token.expose().split('.').collect();
        let payload: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
        assert_eq!(parts.len(), 3);
        assert_eq!(payload["oid"], "u");
        assert_eq!(payload["scp"], "Chat.Create");
    }
}
