//! Rule: an in-tenant guest has the `guest` role.
//!
//! Documented: "In-tenant guest users must be assigned the `guest` role" (FACTS §3). A guest
//! is a directory user of kind guest in the caller's tenant. Graph's message for breaking the
//! rule is not documented; ours quotes the docs. Once per failing member.

use super::MemberContext;
use crate::mock::model::ResolvedMember;
use crate::profile::UserKind;

/// Rejects an in-tenant guest without the `guest` role.
pub(crate) fn check(member: &ResolvedMember, context: &MemberContext<'_>) -> Result<(), String> {
    let in_tenant_guest = member.user.kind == UserKind::Guest
        && member
            .user
            .tenant_id
            .eq_ignore_ascii_case(context.caller_tenant_id);

    if in_tenant_guest && !member.has_role("guest") {
        return Err(format!(
            "In-tenant guest users must be assigned the 'guest' role; the guest '{}' is not.",
            member.user.id
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mock::rules::test_member;

    const HOME: MemberContext<'static> = MemberContext {
        caller_tenant_id: "home",
    };

    fn guest(roles: &[&str]) -> ResolvedMember {
        let mut member = test_member("g", "home", roles);
        member.user.kind = UserKind::Guest;
        member
    }

    #[test]
    fn a_guest_with_the_guest_role_passes() {
        assert_eq!(check(&guest(&["guest"]), &HOME), Ok(()));
    }

    #[test]
    fn a_guest_with_the_owner_role_is_rejected() {
        assert_eq!(
            check(&guest(&["owner"]), &HOME),
            Err(
                "In-tenant guest users must be assigned the 'guest' role; the guest 'g' is not."
                    .to_owned()
            )
        );
    }

    #[test]
    fn a_member_who_is_not_a_guest_needs_no_guest_role() {
        assert_eq!(check(&test_member("m", "home", &["owner"]), &HOME), Ok(()));
    }
}
