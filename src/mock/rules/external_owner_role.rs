//! Rule: a member of another tenant has the `owner` role.
//!
//! Documented: "Out-of-tenant external users must be assigned with `owner` role" (FACTS §3).
//! A member is out of tenant when its tenant (its `tenantId`) is not the caller's. Graph's
//! message for breaking the rule is not documented; ours quotes the docs. Once per failing
//! member.

use super::MemberContext;
use crate::mock::model::ResolvedMember;

/// Rejects a member of another tenant without the `owner` role.
pub(crate) fn check(member: &ResolvedMember, context: &MemberContext<'_>) -> Result<(), String> {
    let external = !member
        .user
        .tenant_id
        .eq_ignore_ascii_case(context.caller_tenant_id);

    if external && !member.has_role("owner") {
        return Err(format!(
            "Out-of-tenant external users must be assigned the 'owner' role; the member '{}' of \
             tenant '{}' is not.",
            member.user.id, member.user.tenant_id
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

    #[test]
    fn an_external_owner_passes() {
        assert_eq!(
            check(&test_member("x", "partner", &["owner"]), &HOME),
            Ok(())
        );
    }

    #[test]
    fn an_external_guest_is_rejected() {
        assert_eq!(
            check(&test_member("x", "partner", &["guest"]), &HOME),
            Err(
                "Out-of-tenant external users must be assigned the 'owner' role; the member 'x' \
                 of tenant 'partner' is not."
                    .to_owned()
            )
        );
    }

    #[test]
    fn a_member_of_the_callers_tenant_in_any_case_is_not_external() {
        assert_eq!(check(&test_member("x", "HOME", &["guest"]), &HOME), Ok(()));
    }
}
