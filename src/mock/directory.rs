//! The mock's user directory: which users exist, in which tenant, and how they relate to the
//! home tenant.
//!
//! Users are keyed by tenant id and user id, because one id may live in two tenants (the docs
//! profile has the same id for a home user and a partner-tenant user). A user can also be
//! found by user principal name, case-insensitively, as `users('jacob@contoso.com')` binds do.
//! Tenant ids and user ids are GUIDs, compared without regard to case.

use std::collections::HashMap;

use crate::profile::{Profile, UserKind};

/// One user the mock knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryUser {
    /// The user's object id, as chat ids will show it.
    pub id: String,
    /// The user principal name, if the user has one.
    pub upn: Option<String>,
    /// The id of the tenant the user belongs to.
    pub tenant_id: String,
    /// Whether the user is a member or an in-tenant guest.
    pub kind: UserKind,
}

/// The users the mock resolves `user@odata.bind` values against.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Directory {
    home_tenant_id: String,
    users: HashMap<UserKey, DirectoryUser>,
    upns: HashMap<UserKey, UserKey>,
}

/// A tenant id and a user id or UPN, both lower-cased.
type UserKey = (String, String);

fn key(tenant_id: &str, id_or_upn: &str) -> UserKey {
    (tenant_id.to_ascii_lowercase(), id_or_upn.to_lowercase())
}

impl Directory {
    /// An empty directory whose callers sign in to `home_tenant_id`.
    pub fn new(home_tenant_id: impl Into<String>) -> Self {
        Self {
            home_tenant_id: home_tenant_id.into(),
            ..Self::default()
        }
    }

    /// The directory of a profile: every user of the profile, in its tenant.
    pub fn from_profile(profile: &Profile) -> Self {
        let mut directory = Self::new(profile.home_tenant_id());

        for user in profile.users.values() {
            directory.insert(DirectoryUser {
                id: user.id.clone(),
                upn: user.upn.clone(),
                tenant_id: profile.tenant_id_of(user).to_owned(),
                kind: user.kind,
            });
        }
        directory
    }

    /// Adds a user, replacing one with the same tenant and id.
    pub fn insert(&mut self, user: DirectoryUser) {
        let id_key = key(&user.tenant_id, &user.id);

        if let Some(upn) = &user.upn {
            self.upns.insert(key(&user.tenant_id, upn), id_key.clone());
        }
        self.users.insert(id_key, user);
    }

    /// The tenant that callers sign in to.
    pub fn home_tenant_id(&self) -> &str {
        &self.home_tenant_id
    }

    /// The user with object id `id` in tenant `tenant_id`.
    pub fn user(&self, tenant_id: &str, id: &str) -> Option<&DirectoryUser> {
        self.users.get(&key(tenant_id, id))
    }

    /// The user with principal name `upn` (any case) in tenant `tenant_id`.
    pub fn user_by_upn(&self, tenant_id: &str, upn: &str) -> Option<&DirectoryUser> {
        self.upns
            .get(&key(tenant_id, upn))
            .and_then(|id_key| self.users.get(id_key))
    }

    /// The user that `id_or_upn` names in tenant `tenant_id`, trying the id first.
    pub fn find(&self, tenant_id: &str, id_or_upn: &str) -> Option<&DirectoryUser> {
        self.user(tenant_id, id_or_upn)
            .or_else(|| self.user_by_upn(tenant_id, id_or_upn))
    }

    /// Every user, in no particular order.
    pub fn users(&self) -> impl Iterator<Item = &DirectoryUser> {
        self.users.values()
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    const HOME: &str = "b33cbe9f-8ebe-4f2a-912b-7e2a427f477f";
    const PARTNER: &str = "4dc1fe35-8ac6-4f0d-904a-7ebcd364bea1";
    const SHARED_ID: &str = "82af01c5-f7cc-4a2e-a728-3a5df21afd9d";

    fn docs() -> Directory {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("profiles/docs.json");
        Directory::from_profile(&Profile::load(&path).unwrap())
    }

    #[test]
    fn the_docs_profile_gives_every_user_and_the_home_tenant() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("profiles/docs.json");
        let profile = Profile::load(&path).unwrap();
        let directory = Directory::from_profile(&profile);

        assert_eq!(directory.home_tenant_id(), HOME);
        assert_eq!(directory.users().count(), profile.users.len());
    }

    #[test]
    fn one_id_in_two_tenants_is_two_users() {
        let directory = docs();

        let home = directory.user(HOME, SHARED_ID).unwrap();
        let partner = directory.user(PARTNER, SHARED_ID).unwrap();

        assert_eq!(home.tenant_id, HOME);
        assert_eq!(partner.tenant_id, PARTNER);
    }

    #[test]
    fn user_principal_names_match_in_any_case_within_their_tenant() {
        let directory = docs();

        let jacob = directory.find(HOME, "Jacob@Contoso.COM").unwrap();

        assert_eq!(jacob.id, "82fe7758-5bb3-4f0d-a43f-e555fd399c6f");
        assert!(directory.find(PARTNER, "jacob@contoso.com").is_none());
    }

    #[test]
    fn ids_and_tenants_match_in_any_case() {
        let directory = docs();

        let user = directory.find(&HOME.to_uppercase(), &SHARED_ID.to_uppercase());

        assert_eq!(user.map(|u| u.id.as_str()), Some(SHARED_ID));
    }

    #[test]
    fn the_in_tenant_guest_keeps_its_kind() {
        let guest = docs()
            .user(HOME, "8ba98gf6-7fc2-4eb2-c7f2-aef9f21fd98g")
            .cloned()
            .unwrap();

        assert_eq!(guest.kind, UserKind::Guest);
    }
}
