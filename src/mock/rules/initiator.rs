//! Rule: a signed-in user who creates a chat is one of its members.
//!
//! Documented: "Every user who will participate in the chat, including the user who initiates
//! the create request, must be specified in this list" (FACTS §3). The caller is the token's
//! `oid` in the token's tenant; a member matches when it resolves to that user. Applications
//! create chats for others and skip the rule, as do opaque tokens in lenient mode (they stand
//! for "one of the members"). Graph's message is not documented (FACTS §3, "Not found"); ours
//! quotes the docs.

use super::Proposal;
use crate::mock::error::GraphError;

const EVERY_USER: &str = "Every user who will participate in the chat, including the user who \
                          initiates the create request, must be specified in 'members'.";

/// Rejects a request of a signed-in user who is not among its members.
pub(crate) fn check(proposal: &Proposal<'_>) -> Result<(), GraphError> {
    let caller = proposal.caller;
    if !caller.is_signed_in_user() {
        return Ok(());
    }

    let Some(object_id) = caller.object_id.as_deref() else {
        return Err(GraphError::bad_request(format!(
            "The token has no 'oid' claim, so the signed-in user cannot be among the chat's \
             members. {EVERY_USER}"
        )));
    };
    let listed = proposal.members.iter().any(|member| {
        member.user.id.eq_ignore_ascii_case(object_id)
            && member
                .user
                .tenant_id
                .eq_ignore_ascii_case(proposal.caller_tenant_id)
    });

    if listed {
        Ok(())
    } else {
        Err(GraphError::bad_request(format!(
            "The signed-in user '{object_id}' is not among the chat's members. {EVERY_USER}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::mock::model::{ChatType, CreateChat, ResolvedMember};
    use crate::mock::rules::test_member;
    use crate::mock::token::{Caller, unsigned_token};

    fn check_with(caller: &Caller, members: &[ResolvedMember]) -> Result<(), GraphError> {
        let request = CreateChat {
            chat_type: ChatType::Group,
            topic: None,
        };
        check(&Proposal {
            caller,
            caller_tenant_id: "home",
            request: &request,
            members,
        })
    }

    fn jwt(claims: Value) -> Caller {
        Caller::from_jwt(&unsigned_token(&claims)).unwrap()
    }

    fn pair() -> [ResolvedMember; 2] {
        [
            test_member("a", "home", &["owner"]),
            test_member("b", "partner", &["owner"]),
        ]
    }

    #[test]
    fn a_signed_in_member_passes() {
        let caller = jwt(json!({"oid": "A", "tid": "home", "scp": "Chat.Create"}));

        assert_eq!(check_with(&caller, &pair()), Ok(()));
    }

    #[test]
    fn a_signed_in_user_who_is_not_a_member_is_rejected() {
        let caller = jwt(json!({"oid": "c", "tid": "home", "scp": "Chat.Create"}));

        let error = check_with(&caller, &pair()).unwrap_err();

        assert!(
            error.message.starts_with("The signed-in user 'c'"),
            "{}",
            error.message
        );
    }

    #[test]
    fn the_same_id_in_another_tenant_is_another_user() {
        let caller = jwt(json!({"oid": "b", "tid": "home", "scp": "Chat.Create"}));

        assert!(check_with(&caller, &pair()).is_err());
    }

    #[test]
    fn applications_and_opaque_callers_skip_the_rule() {
        let app = jwt(json!({"oid": "c", "roles": ["Chat.Create"]}));

        assert_eq!(check_with(&app, &pair()), Ok(()));
        assert_eq!(check_with(&Caller::opaque(), &pair()), Ok(()));
    }
}
