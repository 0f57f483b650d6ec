//! Rule: each member has at least one role, and each role is `owner` or `guest`.
//!
//! Documented: "Each member must be assigned a role of `owner` or `guest`" (FACTS §3). Empty
//! `roles` are observed to get `400` (FACTS §3); the message for them is ours. For another
//! role the message is Graph's as observed: "The passed-in role '{role}' is not supported."
//! Roles match in any ASCII case, an inference. Once per failing member.

use super::MemberContext;
use crate::mock::model::ResolvedMember;

/// The roles a member may have.
const SUPPORTED: [&str; 2] = ["owner", "guest"];

/// Rejects a member without roles or with an unsupported one.
pub(crate) fn check(member: &ResolvedMember, _context: &MemberContext<'_>) -> Result<(), String> {
    if member.roles.is_empty() {
        return Err(format!(
            "Each member must be assigned a role of 'owner' or 'guest'; the member '{}' has no \
             roles.",
            member.user.id
        ));
    }

    let unsupported = member.roles.iter().find(|role| {
        !SUPPORTED
            .iter()
            .any(|supported| role.eq_ignore_ascii_case(supported))
    });
    match unsupported {
        Some(role) => Err(format!("The passed-in role '{role}' is not supported.")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;
    use crate::mock::rules::test_member;

    fn check_roles(roles: &[&str]) -> Result<(), String> {
        let context = MemberContext {
            caller_tenant_id: "home",
        };
        check(&test_member("a", "home", roles), &context)
    }

    #[rstest]
    #[case(&["owner"])]
    #[case(&["guest"])]
    #[case(&["Owner", "guest"])]
    fn owner_and_guest_are_supported(#[case] roles: &[&str]) {
        assert_eq!(check_roles(roles), Ok(()));
    }

    #[test]
    fn another_role_gets_graphs_message() {
        assert_eq!(
            check_roles(&["owner", "member"]),
            Err("The passed-in role 'member' is not supported.".to_owned())
        );
    }

    #[test]
    fn no_roles_name_the_member() {
        assert_eq!(
            check_roles(&[]),
            Err(
                "Each member must be assigned a role of 'owner' or 'guest'; the member 'a' has \
                 no roles."
                    .to_owned()
            )
        );
    }
}
