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
use std::path::{Path, PathBuf};

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

    /// The file the profile was read from, for messages.
    #[serde(skip)]
    #[schemars(skip)]
    pub path: PathBuf,
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
        let mut profile: Profile = parse_json_file(path)?;
        profile.path = path.to_path_buf();
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
            if let Some(problem) = value_problem(id) {
                return Err(invalid(format!("/tenants/{name}"), problem));
            }
            if !is_guid(id) {
                return Err(invalid(
                    format!("/tenants/{name}"),
                    format!("`{id}` is not a tenant id (a GUID)"),
                ));
            }
        }
        for (name, user) in &self.users {
            if let Some(problem) = value_problem(&user.id) {
                return Err(invalid(format!("/users/{name}/id"), problem));
            }
            if let Some(upn) = &user.upn {
                if let Some(problem) = value_problem(upn) {
                    return Err(invalid(format!("/users/{name}/upn"), problem));
                }
                if !upn.contains('@') {
                    return Err(invalid(
                        format!("/users/{name}/upn"),
                        format!("`{upn}` is not a user principal name (name@domain)"),
                    ));
                }
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

/// What is wrong with a value of the profile, if anything: empty, or still the template's
/// `<…>` placeholder.
fn value_problem(value: &str) -> Option<String> {
    if value.trim().is_empty() {
        Some("is empty".into())
    } else if value.contains('<') || value.contains('>') {
        Some(format!(
            "`{value}` is still the template's placeholder: put the real value of your tenant here"
        ))
    } else {
        None
    }
}

fn is_guid(value: &str) -> bool {
    let groups: Vec<&str> = value.split('-').collect();
    groups.iter().map(|group| group.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|group| group.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The path of the default profile, relative to the package root.
pub const DEFAULT_PROFILE: &str = "profiles/docs.json";

fn join_keys<'a>(keys: impl Iterator<Item = &'a String>) -> String {
    keys.map(|key| format!("`{key}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
