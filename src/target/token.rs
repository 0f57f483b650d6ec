//! Credentials: the bearer token a run sends, kept out of every output.
//!
//! A user's own token ([`Secret`]) is sent as given. Without one, the harness mints an
//! unsigned JWT for each case's caller, with the claims Graph's tokens carry (`oid`, `tid`,
//! `scp`, `upn`); the reference mock reads them, and a real Graph rejects them.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;

use crate::case::model::{AccountKind, Caller};
use crate::profile::Profile;

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
pub enum Claims<'a> {
    /// A signed-in user (a delegated token, with `scp`).
    Delegated {
        /// The user's object id (`oid`).
        user_id: &'a str,
        /// The tenant the user signs in to (`tid`).
        tenant_id: &'a str,
        /// The user principal name (`upn`), when the profile has one.
        upn: Option<&'a str>,
        /// Delegated permissions, space-separated in `scp`.
        scopes: Vec<&'a str>,
    },
    /// An application without a user (an application token, with `roles`).
    Application {
        /// The tenant the application calls in (`tid`).
        tenant_id: &'a str,
        /// Application permissions (`roles`).
        roles: Vec<&'a str>,
    },
}

/// The scopes of a minted delegated token: the least privileged permission of Create chat.
pub const DEFAULT_SCOPES: &[&str] = &["Chat.Create"];

/// The roles of a minted application token: the one application permission of Create chat.
pub const DEFAULT_ROLES: &[&str] = &["Chat.Create"];

/// The application id (`appid`) of minted tokens: the harness's own, made up.
pub const HARNESS_APP_ID: &str = "5c3e2f6a-9d41-4b7c-8e0a-2f1d6b9c4a73";

/// The tenant id that personal Microsoft accounts sign in to (the consumer tenant).
pub const PERSONAL_ACCOUNT_TENANT_ID: &str = "9188040d-6c67-4c5b-b112-36a304b66dad";

/// Mints an unsigned JWT (`alg: none`) carrying `claims`.
pub fn mint_unsigned_token(claims: &Claims<'_>) -> Secret {
    let header = json!({"typ": "JWT", "alg": "none"});
    let payload = match claims {
        Claims::Delegated {
            user_id,
            tenant_id,
            upn,
            scopes,
        } => {
            let mut payload = json!({
                "aud": "https://graph.microsoft.com",
                "iss": format!("https://sts.windows.net/{tenant_id}/"),
                "idtyp": "user",
                "appid": HARNESS_APP_ID,
                "oid": user_id,
                "tid": tenant_id,
                "scp": scopes.join(" "),
            });
            if let Some(upn) = upn {
                payload["upn"] = json!(upn);
            }
            payload
        }
        Claims::Application { tenant_id, roles } => json!({
            "aud": "https://graph.microsoft.com",
            "iss": format!("https://sts.windows.net/{tenant_id}/"),
            "idtyp": "app",
            "appid": HARNESS_APP_ID,
            "oid": HARNESS_APP_ID,
            "tid": tenant_id,
            "roles": roles,
        }),
    };

    let encode = |value: &serde_json::Value| URL_SAFE_NO_PAD.encode(value.to_string());
    Secret::new(format!("{}.{}.", encode(&header), encode(&payload)))
}

/// Mints the token of a case's caller from the profile; `None` when the profile does not
/// know the caller (loading rejects such cases).
pub fn mint_for_caller(profile: &Profile, caller: &Caller) -> Option<Secret> {
    let claims = if let Some(tenant) = &caller.application {
        Claims::Application {
            tenant_id: profile.tenants.get(tenant)?,
            roles: permissions(&caller.roles, DEFAULT_ROLES),
        }
    } else {
        let user = profile.users.get(caller.user.as_ref()?)?;
        let tenant_id = match caller.account {
            AccountKind::Work => profile.tenant_id_of(user),
            AccountKind::Personal => PERSONAL_ACCOUNT_TENANT_ID,
        };
        Claims::Delegated {
            user_id: &user.id,
            tenant_id,
            upn: user.upn.as_deref(),
            scopes: permissions(&caller.scopes, DEFAULT_SCOPES),
        }
    };
    Some(mint_unsigned_token(&claims))
}

/// The permissions a caller names, or the default ones.
fn permissions<'a>(named: &'a Option<Vec<String>>, default: &[&'static str]) -> Vec<&'a str> {
    match named {
        Some(named) => named.iter().map(String::as_str).collect(),
        None => default.to_vec(),
    }
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
        let token = mint_unsigned_token(&Claims::Delegated {
            user_id: "u",
            tenant_id: "t",
            upn: None,
            scopes: DEFAULT_SCOPES.to_vec(),
        });

        let parts: Vec<&str> = token.expose().split('.').collect();
        let payload: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
        assert_eq!(parts.len(), 3);
        assert_eq!(payload["oid"], "u");
        assert_eq!(payload["scp"], "Chat.Create");
    }
}
