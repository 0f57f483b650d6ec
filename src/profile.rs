//! Profiles: the values that case variables are bound to.
//!
//! A profile names the tenants and users a corpus talks about. The default profile,
//! `profiles/docs.json`, holds the example users, tenant ids and user principal names of the
//! Graph documentation, so that bound request bodies equal the documented ones. A profile for a
//! real tenant binds the same names to real users.
//!
//! Cases refer to profile entries through variables such as `{{users.adele.id}}` or
//! `{{tenants.partner}}`; see [`crate::bind`] for the full list.

use std::collections::BTreeMap;
use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::case::load::{LoadError, parse_json_file};

/// The bindings for case variables: tenants and users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Profile {
    /// Optional link to the JSON Schema of this file, for editors.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,

    /// What this profile describes and where its values come from.
    #[serde(default)]
    pub description: String,

    /// The key in `tenants` of the tenant that callers sign in to.
    pub home_tenant: String,

    /// Tenant ids by name, such as `home` and `partner`.
    pub tenants: BTreeMap<String, String>,

    /// Users by name. The name is what cases write in `{{users.NAME.id}}`.
    pub users: BTreeMap<String, ProfileUser>,
}

/// One user of a profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ProfileUser {
    /// The user's object id in its home tenant.
    pub id: String,

    /// The user principal name, when the user has one the cases use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upn: Option<String>,

    /// The key in `tenants` of the user's home tenant.
    pub tenant: String,

    /// How the user relates to the home tenant.
    #[serde(default)]
    pub kind: UserKind,

    /// Where the values come from (a documentation example, or our own choice).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// How a user relates to the home tenant of a profile.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum UserKind {
    /// A member of its tenant.
    #[default]
    Member,
    /// A guest account in the home tenant (an in-tenant guest).
    Guest,
}

impl Profile {
    /// Reads and validates a profile file.
    ///
    /// Every error names the file and the JSON location of the problem.
    pub fn load(path: &Path) -> Result<Self, LoadError> {
        let profile: Profile = parse_json_file(path)?;
        profile.validate(path)?;
        Ok(profile)
    }

    /// The tenant id of the home tenant.
    pub fn home_tenant_id(&self) -> &str {
        // `validate` proved that the key exists.
        self.tenants
            .get(&self.home_tenant)
            .map(String::as_str)
            .unwrap_or_default()
    }

    /// The tenant id of a user.
    pub fn tenant_id_of(&self, user: &ProfileUser) -> &str {
        self.tenants
            .get(&user.tenant)
            .map(String::as_str)
            .unwrap_or_default()
    }

    /// Checks the references between entries: every tenant key a user or the profile names
    /// must exist, and no value may be empty.
    pub fn validate(&self, path: &Path) -> Result<(), LoadError> {
        let invalid = |pointer: String, message: String| LoadError::invalid(path, pointer, message);

        if !self.tenants.contains_key(&self.home_tenant) {
            return Err(invalid(
                "/homeTenant".into(),
                format!(
                    "names tenant `{}`, which is not a key of `tenants` (known: {})",
                    self.home_tenant,
                    join_keys(self.tenants.keys())
                ),
            ));
        }
        for (name, id) in &self.tenants {
            if id.trim().is_empty() {
                return Err(invalid(format!("/tenants/{name}"), "is empty".into()));
            }
        }
        for (name, user) in &self.users {
            if user.id.trim().is_empty() {
                return Err(invalid(format!("/users/{name}/id"), "is empty".into()));
            }
            if !self.tenants.contains_key(&user.tenant) {
                return Err(invalid(
                    format!("/users/{name}/tenant"),
                    format!(
                        "names tenant `{}`, which is not a key of `tenants` (known: {})",
                        user.tenant,
                        join_keys(self.tenants.keys())
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// The path of the default profile, relative to the package root.
pub const DEFAULT_PROFILE: &str = "profiles/docs.json";

fn join_keys<'a>(keys: impl Iterator<Item = &'a String>) -> String {
    keys.map(|key| format!("`{key}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
