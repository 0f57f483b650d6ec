//! Rule: the token grants Create chat's permission (`403` otherwise).
//!
//! The permissions table (FACTS §2): a delegated caller needs `Chat.Create` or the higher
//! `Chat.ReadWrite` in `scp`; an application needs `Chat.Create` in `roles`. A token with
//! neither claim grants nothing. Graph's messages for these cases are not documented; ours
//! start with Graph's usual "Insufficient privileges to complete the operation." and name the
//! permissions needed. Permission names match in any ASCII case.

use crate::mock::error::GraphError;
use crate::mock::token::{Caller, CallerKind};

/// The delegated permissions that allow Create chat, least privileged first.
const DELEGATED: &[&str] = &["Chat.Create", "Chat.ReadWrite"];

/// The application permission that allows Create chat.
const APPLICATION: &str = "Chat.Create";

const INSUFFICIENT: &str = "Insufficient privileges to complete the operation.";

/// Rejects a caller whose token lacks the permission its kind needs.
pub(crate) fn check(caller: &Caller) -> Result<(), GraphError> {
    match caller.kind() {
        CallerKind::Delegated if DELEGATED.iter().any(|p| caller.has_permission(p)) => Ok(()),
        CallerKind::Delegated => Err(GraphError::forbidden(format!(
            "{INSUFFICIENT} Create chat needs the delegated permission Chat.Create or \
             Chat.ReadWrite in the token's 'scp' claim."
        ))),
        CallerKind::Application if caller.has_permission(APPLICATION) => Ok(()),
        CallerKind::Application => Err(GraphError::forbidden(format!(
            "{INSUFFICIENT} Create chat needs the application permission Chat.Create in the \
             token's 'roles' claim."
        ))),
        CallerKind::Unauthorized => Err(GraphError::forbidden(format!(
            "{INSUFFICIENT} The token has neither an 'scp' claim (delegated permissions) nor a \
             'roles' claim (application permissions); Create chat needs Chat.Create."
        ))),
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;
    use serde_json::{Value, json};

    use super::*;
    use crate::mock::token::unsigned_token;

    fn caller(claims: Value) -> Caller {
        Caller::from_jwt(&unsigned_token(&claims)).unwrap()
    }

    #[rstest]
    #[case::delegated_least_privileged(json!({"scp": "User.Read Chat.Create"}))]
    #[case::delegated_higher(json!({"scp": "Chat.ReadWrite"}))]
    #[case::application(json!({"roles": ["Chat.Create"]}))]
    fn the_documented_permissions_are_enough(#[case] claims: Value) {
        assert_eq!(check(&caller(claims)), Ok(()));
    }

    #[rstest]
    #[case::delegated_other(json!({"scp": "User.Read"}), "'scp'")]
    #[case::application_higher_is_not_available(
        json!({"roles": ["Chat.ReadWrite.All"]}),
        "'roles'"
    )]
    #[case::neither(json!({"oid": "o"}), "neither")]
    fn any_other_token_is_forbidden_with_a_message_naming_the_claim(
        #[case] claims: Value,
        #[case] named: &str,
    ) {
        let error = check(&caller(claims)).unwrap_err();

        assert_eq!((error.status.as_u16(), error.code), (403, "Forbidden"));
        assert!(error.message.contains(named), "{}", error.message);
    }
}
