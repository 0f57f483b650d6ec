//! Rule: the request says its body is JSON.
//!
//! The docs require `Content-Type: application/json` (FACTS §1). The media type matches in
//! any case and may carry parameters (`; charset=utf-8`, OData's); header names are
//! case-insensitive by HTTP. Graph's status for another or a missing type on this endpoint
//! is not known (FACTS §11); the mock answers `415`.

use crate::mock::error::GraphError;

/// Rejects a request whose `Content-Type` header, `content_type`, is missing or not
/// `application/json`.
pub(crate) fn check(content_type: Option<&str>) -> Result<(), GraphError> {
    let Some(text) = content_type else {
        return Err(GraphError::unsupported_media_type(
            "The request has no Content-Type; send the chat as application/json.",
        ));
    };

    let media_type = text.split(';').next().unwrap_or_default().trim();
    if media_type.eq_ignore_ascii_case("application/json") {
        Ok(())
    } else {
        Err(GraphError::unsupported_media_type(format!(
            "The Content-Type '{text}' is not supported; send the chat as application/json."
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(content_type: &str) -> Option<&str> {
        Some(content_type)
    }

    #[test]
    fn json_with_any_case_and_parameters_is_accepted() {
        for value in [
            "application/json",
            "Application/JSON; charset=utf-8",
            "application/json;odata.metadata=minimal;odata.streaming=true",
        ] {
            assert_eq!(check(with(value)), Ok(()), "{value}");
        }
    }

    #[test]
    fn a_missing_or_other_type_is_unsupported() {
        assert_eq!(check(None).unwrap_err().status, 415);
        assert_eq!(check(with("text/plain")).unwrap_err().status, 415);
        assert_eq!(check(with("application/jsonx")).unwrap_err().status, 415);
    }
}
