//! Rule: the request carries a bearer token the mock can read (`401` otherwise).
//!
//! - No `Authorization` header, another scheme, or `Bearer` without a token: Graph's
//!   `InvalidAuthenticationToken`, "Access token is empty." (FACTS §6). Graph's answer to
//!   other schemes is not documented; they get the same.
//! - A token that is not a JWT: in strict mode Graph's "CompactToken parsing failed with error
//!   code: 80049217" (FACTS §6). In lenient mode, the default, it is an opaque delegated caller
//!   with `Chat.Create` who counts as one of the members, so that anyone can try a client
//!   against the mock with any token.

use crate::mock::error::GraphError;
use crate::mock::token::{Caller, bearer_token};

/// The caller of a request whose `Authorization` header value is `authorization`.
pub(crate) fn authenticate(
    authorization: Option<&str>,
    strict: bool,
) -> Result<Caller, GraphError> {
    let token = bearer_token(authorization)
        .ok_or_else(|| GraphError::invalid_token("Access token is empty."))?;

    match Caller::from_jwt(token) {
        Some(caller) => Ok(caller),
        None if strict => Err(GraphError::invalid_token(
            "CompactToken parsing failed with error code: 80049217",
        )),
        None => Ok(Caller::opaque()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::mock::token::{TokenKind, unsigned_token};

    #[test]
    fn no_token_is_an_empty_token_in_either_mode() {
        for strict in [false, true] {
            let error = authenticate(Some("Basic dXNlcjpwYXNz"), strict).unwrap_err();

            assert_eq!(error.status, 401);
            assert_eq!(error.code, "InvalidAuthenticationToken");
            assert_eq!(error.message, "Access token is empty.");
        }
    }

    #[test]
    fn a_token_that_is_not_a_jwt_is_opaque_when_lenient_and_401_when_strict() {
        let lenient = authenticate(Some("Bearer placeholder"), false).unwrap();
        let strict = authenticate(Some("Bearer placeholder"), true).unwrap_err();

        assert_eq!(lenient.token, TokenKind::Opaque);
        assert_eq!(
            strict.message,
            "CompactToken parsing failed with error code: 80049217"
        );
    }

    #[test]
    fn a_jwt_is_read_in_strict_mode() {
        let token = unsigned_token(&json!({"oid": "o", "scp": "Chat.Create"}));

        let caller = authenticate(Some(&format!("Bearer {token}")), true).unwrap();

        assert_eq!(caller.object_id.as_deref(), Some("o"));
    }
}
