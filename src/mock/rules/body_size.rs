//! Rule: the body is no larger than the configured limit (4 MiB by default).
//!
//! Graph's limit, code and message for `POST /chats` are not documented; the `413` and its
//! wording are ours. A transport may stop receiving a little after the limit; any body longer
//! than the limit gets the same answer.

use crate::mock::error::GraphError;

/// Rejects a body of more than `limit` bytes.
pub(crate) fn check(body: &[u8], limit: usize) -> Result<(), GraphError> {
    if body.len() > limit {
        return Err(GraphError::body_too_large(limit));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_at_the_limit_passes_and_one_byte_more_is_too_large() {
        assert_eq!(check(&[b' '; 8], 8), Ok(()));
        assert_eq!(check(&[b' '; 9], 8).unwrap_err().status, 413);
    }
}
