//! The client-credentials flow: an application token for a real Graph, fetched from the
//! cloud's Microsoft Entra token endpoint.
//!
//! [`ClientCredentials`] come from the variables Azure's SDKs read (`AZURE_TENANT_ID`,
//! `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`); [`ClientCredentials::fetch_token`] posts them to
//! `{token_host}/{tenant}/oauth2/v2.0/token` with the scope `{graph_host}/.default` and
//! returns the access token as a [`Secret`]. The client secret never reaches an error, a log
//! line or a `Debug` output.

use serde::Deserialize;

use super::Cloud;
use super::client::root_cause;
use super::token::Secret;

/// The variable holding the tenant (directory) id or domain.
pub const TENANT_ID_VAR: &str = "AZURE_TENANT_ID";
/// The variable holding the application (client) id.
pub const CLIENT_ID_VAR: &str = "AZURE_CLIENT_ID";
/// The variable holding the client secret.
pub const CLIENT_SECRET_VAR: &str = "AZURE_CLIENT_SECRET";

const VARS: [&str; 3] = [TENANT_ID_VAR, CLIENT_ID_VAR, CLIENT_SECRET_VAR];

/// An application's identity for the client-credentials flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCredentials {
    /// The tenant id (a GUID) or a verified domain of the tenant.
    pub tenant_id: String,
    /// The application (client) id.
    pub client_id: String,
    /// The client secret; it prints as `[redacted]`.
    pub client_secret: Secret,
}

/// Why no token came from the client-credentials flow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialsError {
    /// Some of the three variables are set, not all.
    #[error(
        "{missing} is not set, but {}: set {TENANT_ID_VAR}, {CLIENT_ID_VAR} and {CLIENT_SECRET_VAR} for the client-credentials flow, or none of them",
        list_set(set)
    )]
    MissingVariable {
        /// The first variable that is missing.
        missing: &'static str,
        /// The variables that are set.
        set: Vec<&'static str>,
    },
    /// The tenant is neither a GUID nor a domain name, so it cannot go into the token URL.
    #[error("{TENANT_ID_VAR} `{tenant_id}` is not a tenant id or domain")]
    InvalidTenant {
        /// The tenant as given.
        tenant_id: String,
    },
    /// The token endpoint could not be reached.
    #[error("could not reach the token endpoint {url}: {reason}")]
    Transport {
        /// The token endpoint.
        url: String,
        /// What went wrong.
        reason: String,
    },
    /// The token endpoint refused, with its OAuth error when it sent one.
    #[error(
        "the token endpoint {url} answered {status}{}",
        describe(error, description)
    )]
    Rejected {
        /// The token endpoint.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The OAuth `error` code, such as `invalid_client`.
        error: Option<String>,
        /// The `error_description`, such as `AADSTS7000215: Invalid client secret provided.`
        description: Option<String>,
    },
    /// The token endpoint answered success without an `access_token`.
    #[error("the token endpoint {url} answered {status} without an access_token: {reason}")]
    Malformed {
        /// The token endpoint.
        url: String,
        /// The HTTP status.
        status: u16,
        /// What was wrong with the answer.
        reason: String,
    },
}

/// `A is` or `A and B are`.
fn list_set(set: &[&str]) -> String {
    let verb = if set.len() == 1 { "is" } else { "are" };
    format!("{} {verb}", set.join(" and "))
}

/// `: invalid_client: AADSTS7000215: ...`, or nothing when the endpoint said nothing.
fn describe(error: &Option<String>, description: &Option<String>) -> String {
    [error, description]
        .into_iter()
        .flatten()
        .map(|part| format!(": {part}"))
        .collect()
}

/// The successful answer of the token endpoint (RFC 6749 §5.1).
#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
}

/// The error answer of the token endpoint (RFC 6749 §5.2).
#[derive(Deserialize)]
struct ErrorAnswer {
    error: Option<String>,
    error_description: Option<String>,
}

impl ClientCredentials {
    /// Reads the credentials from the process environment: `Ok(None)` when none of the three
    /// variables is set, an error naming the missing one when only some are.
    pub fn from_env() -> Result<Option<Self>, CredentialsError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the credentials through `lookup`, which returns a variable's value. An empty
    /// value counts as unset.
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Self>, CredentialsError> {
        let values = VARS.map(|name| lookup(name).filter(|value| !value.trim().is_empty()));
        let set: Vec<&'static str> = VARS
            .iter()
            .zip(&values)
            .filter(|(_, value)| value.is_some())
            .map(|(name, _)| *name)
            .collect();

        let [Some(tenant_id), Some(client_id), Some(client_secret)] = values else {
            return match VARS.iter().find(|name| !set.contains(name)) {
                Some(missing) if !set.is_empty() => {
                    Err(CredentialsError::MissingVariable { missing, set })
                }
                _ => Ok(None),
            };
        };
        let tenant_id = tenant_id.trim().to_string();
        if !is_tenant(&tenant_id) {
            return Err(CredentialsError::InvalidTenant { tenant_id });
        }
        Ok(Some(ClientCredentials {
            tenant_id,
            client_id: client_id.trim().to_string(),
            client_secret: Secret::new(client_secret),
        }))
    }

    /// The token endpoint of this tenant at `token_host`.
    pub fn token_url(&self, token_host: &str) -> String {
        format!(
            "{}/{}/oauth2/v2.0/token",
            token_host.trim_end_matches('/'),
            self.tenant_id
        )
    }

    /// Fetches an application token for `cloud`'s Graph from the token endpoint at
    /// `token_host` (normally [`Cloud::token_host`]; a local mock in tests).
    pub async fn fetch_token(
        &self,
        client: &reqwest::Client,
        token_host: &str,
        cloud: Cloud,
    ) -> Result<Secret, CredentialsError> {
        if !is_tenant(&self.tenant_id) {
            return Err(CredentialsError::InvalidTenant {
                tenant_id: self.tenant_id.clone(),
            });
        }
        let url = self.token_url(token_host);
        let scope = cloud.default_scope();
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.expose()),
            ("scope", scope.as_str()),
        ];

        let transport = |error: reqwest::Error| CredentialsError::Transport {
            url: url.clone(),
            reason: self.redact(&root_cause(&error)),
        };
        let response = client
            .post(&url)
            .form(&form)
            .send()
            .await
            .map_err(transport)?;
        let status = response.status();
        let body = response.bytes().await.map_err(transport)?;

        // An error answer says why in `error` and `error_description`; keep the secret out
        // of them in case an endpoint echoes the request.
        if !status.is_success() {
            let answer = serde_json::from_slice::<ErrorAnswer>(&body).ok();
            let (error, description) = answer
                .map(|answer| (answer.error, answer.error_description))
                .unwrap_or_default();
            return Err(CredentialsError::Rejected {
                url,
                status: status.as_u16(),
                error: error.map(|text| self.redact(&text)),
                description: description.map(|text| self.redact(&text)),
            });
        }
        match serde_json::from_slice::<TokenAnswer>(&body) {
            Ok(answer) if !answer.access_token.is_empty() => Ok(Secret::new(answer.access_token)),
            Ok(_) => Err(CredentialsError::Malformed {
                url,
                status: status.as_u16(),
                reason: "access_token is empty".into(),
            }),
            Err(error) => Err(CredentialsError::Malformed {
                url,
                status: status.as_u16(),
                reason: self.redact(&error.to_string()),
            }),
        }
    }

    /// `text` with every occurrence of the client secret replaced by `[redacted]`.
    fn redact(&self, text: &str) -> String {
        let secret = self.client_secret.expose();
        if secret.is_empty() {
            text.to_string()
        } else {
            text.replace(secret, "[redacted]")
        }
    }
}

/// Whether `tenant` can be a path segment of the token URL: a GUID, a domain, or one of the
/// names Entra accepts (`organizations`, `common`).
fn is_tenant(tenant: &str) -> bool {
    !tenant.is_empty()
        && tenant
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_'))
        && !tenant.starts_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_guids_and_domains_as_tenants_and_nothing_that_changes_the_path() {
        assert!(is_tenant("72f988bf-86f1-41af-91ab-2d7cd011db47"));
        assert!(is_tenant("contoso.onmicrosoft.com"));
        assert!(!is_tenant("../common"));
        assert!(!is_tenant("a/b"));
        assert!(!is_tenant("a?b"));
        assert!(!is_tenant(""));
    }

    #[test]
    fn debug_never_shows_the_client_secret() {
        let credentials = ClientCredentials {
            tenant_id: "t".into(),
            client_id: "c".into(),
            client_secret: Secret::new("s3cr3t-value"),
        };

        assert!(!format!("{credentials:?}").contains("s3cr3t-value"));
    }
}
