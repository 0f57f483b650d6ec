//! Which endpoint a request is for.
//!
//! The mock serves one endpoint, `POST /v1.0/chats`. Another method on that path is
//! `405 MethodNotAllowed`, and so is `POST /v1.0/me/chats`, as Graph answers it (FACTS §1);
//! any other request is `404 NotFound`. Paths match in any ASCII case,
//! as Graph's do; a query string is ignored.

/// The endpoint a request goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Route {
    /// `POST /v1.0/chats`.
    CreateChat,
    /// Another method on `/v1.0/chats`.
    MethodNotAllowed,
    /// `POST /v1.0/me/chats`, which lists chats in Graph and creates none.
    PostToMyChats,
    /// A path the mock does not serve.
    Unknown,
}

/// Picks the route for `method` and `path`.
pub(crate) fn route(method: &str, path: &str) -> Route {
    let path = path.split_once('?').map_or(path, |(path, _query)| path);

    if path.eq_ignore_ascii_case("/v1.0/chats") {
        if method == "POST" {
            Route::CreateChat
        } else {
            Route::MethodNotAllowed
        }
    } else if path.eq_ignore_ascii_case("/v1.0/me/chats") && method == "POST" {
        Route::PostToMyChats
    } else {
        Route::Unknown
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case("POST", "/v1.0/chats", Route::CreateChat)]
    #[case("POST", "/V1.0/Chats?$select=id", Route::CreateChat)]
    #[case("GET", "/v1.0/chats", Route::MethodNotAllowed)]
    #[case("post", "/v1.0/chats", Route::MethodNotAllowed)]
    #[case("POST", "/v1.0/chats/", Route::Unknown)]
    #[case("POST", "/beta/chats", Route::Unknown)]
    #[case("POST", "/v1.0/me/chats", Route::PostToMyChats)]
    #[case("GET", "/v1.0/me/chats", Route::Unknown)]
    fn each_method_and_path_has_one_route(
        #[case] method: &str,
        #[case] path: &str,
        #[case] expected: Route,
    ) {
        assert_eq!(route(method, path), expected);
    }
}
