//! Rule: every member has a `user@odata.bind` that names a user of the directory.
//!
//! A missing bind gets Graph's message as observed (FACTS §3): "'user@odata.bind' field is
//! missing in the request.", once per failing member. A bind is a URL, absolute or relative,
//! that ends in `users('{id or UPN}')` or `users/{id}`; the segment name matches in any case
//! and the key may be percent-encoded.
//! A member with a `tenantId` is looked up in that tenant, any other in the caller's tenant.
//! The host and version of an absolute bind are not checked here.
//!
//! Graph's status and message for a malformed bind or a user that does not exist are not
//! documented (FACTS §3, "Not found"); the mock answers `400 BadRequest` with its own
//! message, once per failing member.

use serde_json::{Map, Value};

use super::json_type;
use crate::mock::directory::Directory;
use crate::mock::model::{MemberInput, ResolvedMember};

/// Reads a member's `user@odata.bind`; the error is this member's message.
pub(crate) fn read(member: &Map<String, Value>) -> Result<String, String> {
    match member.get("user@odata.bind") {
        None | Some(Value::Null) => {
            Err("'user@odata.bind' field is missing in the request.".to_owned())
        }
        Some(Value::String(bind)) => Ok(bind.clone()),
        Some(other) => Err(format!(
            "'user@odata.bind' must be a string with the URL of a user, not {}.",
            json_type(other)
        )),
    }
}

/// Finds the user a member's bind names: in the member's `tenantId`, or else in
/// `default_tenant_id`. The error is this member's message.
pub(crate) fn resolve(
    member: &MemberInput,
    directory: &Directory,
    default_tenant_id: &str,
) -> Result<ResolvedMember, String> {
    let key = user_key(&member.bind).ok_or_else(|| {
        format!(
            "The 'user@odata.bind' value '{}' does not name a user; expected a URL ending in \
             users('{{id or userPrincipalName}}').",
            member.bind
        )
    })?;

    let tenant_id = member.tenant_id.as_deref().unwrap_or(default_tenant_id);
    let user = directory.find(tenant_id, &key).ok_or_else(|| {
        format!("The user '{key}' of 'user@odata.bind' was not found in tenant '{tenant_id}'.")
    })?;

    Ok(ResolvedMember {
        user: user.clone(),
        roles: member.roles.clone(),
    })
}

/// The id or UPN a bind names, or `None` when it names no user.
fn user_key(bind: &str) -> Option<String> {
    // ASCII lower-casing keeps byte offsets, so positions in `lower` are positions in `bind`.
    let lower = bind.to_ascii_lowercase();
    let start = lower
        .rmatch_indices("users")
        .map(|(index, _)| index)
        .find(|&index| index == 0 || lower[..index].ends_with('/'))?;
    let rest = &bind[start + "users".len()..];

    let key = if let Some(quoted) = rest.strip_prefix("('") {
        quoted.strip_suffix("')")?
    } else {
        rest.strip_prefix('/')?
    };
    if key.is_empty() || key.contains(['/', '\'', '(', ')']) {
        return None;
    }

    Some(percent_decode(key))
}

/// Decodes `%XX` escapes; a key that does not decode to UTF-8 is kept as written.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;

    while index < bytes.len() {
        let escape = bytes.get(index + 1..index + 3).and_then(|hex| {
            std::str::from_utf8(hex)
                .ok()
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
        });
        match (bytes[index], escape) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                index += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                index += 1;
            }
        }
    }

    String::from_utf8(decoded).unwrap_or_else(|_| text.to_owned())
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;
    use crate::mock::directory::DirectoryUser;
    use crate::profile::UserKind;

    #[rstest]
    #[case("https://graph.microsoft.com/v1.0/users('8b081ef6')", "8b081ef6")]
    #[case(
        "https://graph.microsoft.us/v1.0/Users('jacob@contoso.com')",
        "jacob@contoso.com"
    )]
    #[case("https://graph.microsoft.com/v1.0/users/8b081ef6", "8b081ef6")]
    #[case("users('jacob%40contoso.com')", "jacob@contoso.com")]
    #[case("/users/100%", "100%")]
    fn binds_name_the_user_at_their_end(#[case] bind: &str, #[case] key: &str) {
        assert_eq!(user_key(bind).as_deref(), Some(key));
    }

    #[rstest]
    #[case("")]
    #[case("https://graph.microsoft.com/v1.0/users")]
    #[case("https://graph.microsoft.com/v1.0/users('')")]
    #[case("https://graph.microsoft.com/v1.0/users('a'")]
    #[case("https://graph.microsoft.com/v1.0/users/a/manager")]
    #[case("https://graph.microsoft.com/v1.0/groups('a')")]
    #[case("https://graph.microsoft.com/v1.0/superusers('a')")]
    #[case("users('é')x")]
    fn other_strings_name_no_user(#[case] bind: &str) {
        assert_eq!(user_key(bind), None);
    }

    fn member(bind: &str, tenant_id: Option<&str>) -> MemberInput {
        MemberInput {
            roles: vec!["owner".to_owned()],
            bind: bind.to_owned(),
            tenant_id: tenant_id.map(str::to_owned),
        }
    }

    fn directory() -> Directory {
        let mut directory = Directory::new("home");
        for tenant_id in ["home", "partner"] {
            directory.insert(DirectoryUser {
                id: "a".to_owned(),
                upn: None,
                tenant_id: tenant_id.to_owned(),
                kind: UserKind::Member,
            });
        }
        directory
    }

    #[test]
    fn a_tenant_id_picks_the_tenant_to_look_in() {
        let home = resolve(&member("users('a')", None), &directory(), "home").unwrap();
        let partner = resolve(&member("users('a')", Some("partner")), &directory(), "home");

        assert_eq!(home.user.tenant_id, "home");
        assert_eq!(partner.unwrap().user.tenant_id, "partner");
    }

    #[test]
    fn an_unknown_user_is_named_with_the_tenant_looked_in() {
        let error = resolve(
            &member("users('a')", Some("elsewhere")),
            &directory(),
            "home",
        );

        assert_eq!(
            error.unwrap_err(),
            "The user 'a' of 'user@odata.bind' was not found in tenant 'elsewhere'."
        );
    }

    #[test]
    fn a_missing_bind_gets_graphs_message() {
        let member = Map::new();

        assert_eq!(
            read(&member).unwrap_err(),
            "'user@odata.bind' field is missing in the request."
        );
    }
}
