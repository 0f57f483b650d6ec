//! Rule: personal Microsoft accounts cannot create chats (`403`).
//!
//! The permissions table says "Delegated (personal Microsoft account): Not supported"
//! (FACTS §2). Graph's message is not documented; ours says what the table says. How the
//! mock recognizes a personal account (a delegated token of the consumer tenant) is in
//! `token`.

use crate::mock::error::GraphError;
use crate::mock::token::Caller;

/// Rejects a caller signed in with a personal Microsoft account.
pub(crate) fn check(caller: &Caller) -> Result<(), GraphError> {
    if caller.is_personal_account() {
        return Err(GraphError::forbidden(
            "Personal Microsoft accounts are not supported for this API.",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::mock::token::{CONSUMER_TENANT_ID, unsigned_token};

    #[test]
    fn a_delegated_token_of_the_consumer_tenant_is_forbidden() {
        let token = unsigned_token(&json!({"scp": "Chat.Create", "tid": CONSUMER_TENANT_ID}));
        let caller = Caller::from_jwt(&token).unwrap();

        let error = check(&caller).unwrap_err();

        assert_eq!((error.status.as_u16(), error.code), (403, "Forbidden"));
    }

    #[test]
    fn an_opaque_caller_is_not_a_personal_account() {
        assert_eq!(check(&Caller::opaque()), Ok(()));
    }
}
