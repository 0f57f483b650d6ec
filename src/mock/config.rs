//! What a mock is started with.

use crate::profile::Profile;

#[cfg(doc)]
use super::TEAMS_REQUESTS_PER_SECOND_PER_APP_PER_TENANT;
use super::directory::Directory;

/// The settings of one [`Reference`](super::Reference) or [`MockServer`](super::MockServer).
///
/// Build one with [`MockConfig::from_profile`] or [`MockConfig::new`], then adjust it with the
/// builder methods. New settings get defaults, so code that builds a config keeps compiling.
///
/// ```
/// use graph_conformance::mock::{
///     Directory, MockConfig, TEAMS_REQUESTS_PER_SECOND_PER_APP_PER_TENANT,
/// };
///
/// let config = MockConfig::new(Directory::new("tenant-id"))
///     .strict(true)
///     .throttle(TEAMS_REQUESTS_PER_SECOND_PER_APP_PER_TENANT);
/// assert_eq!(config.requests_per_second, Some(30));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MockConfig {
    /// The users that `user@odata.bind` values resolve to.
    pub directory: Directory,

    /// The largest request body the mock reads; a larger one gets `413`.
    pub max_body_bytes: usize,

    /// Whether a bearer token that is not a JWT gets `401`. When `false` (the default), such
    /// a token is a delegated caller with `Chat.Create` who counts as one of the members, so
    /// a client can call the mock with any placeholder token.
    pub strict_tokens: bool,

    /// The requests per second one app may send for one tenant before getting `429`;
    /// `None` (the default) never throttles.
    pub requests_per_second: Option<u32>,
}

impl MockConfig {
    /// The default body limit: 4 MiB.
    ///
    /// Graph's own limit for `POST /chats` is not documented.
    pub const DEFAULT_MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

    /// A config that resolves members in `directory`, with default settings otherwise.
    pub fn new(directory: Directory) -> Self {
        Self {
            directory,
            max_body_bytes: Self::DEFAULT_MAX_BODY_BYTES,
            strict_tokens: false,
            requests_per_second: None,
        }
    }

    /// A config whose directory holds the tenants and users of `profile`.
    pub fn from_profile(profile: &Profile) -> Self {
        Self::new(Directory::from_profile(profile))
    }

    /// Sets the largest request body the mock reads.
    pub fn with_max_body_bytes(mut self, max_body_bytes: usize) -> Self {
        self.max_body_bytes = max_body_bytes;
        self
    }

    /// Sets whether a bearer token that is not a JWT gets `401` (see
    /// [`strict_tokens`](Self::strict_tokens)).
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict_tokens = strict;
        self
    }

    /// Throttles each app to `requests_per_second` per tenant, in windows of one second;
    /// `0` throttles every request. Graph's figure for Teams is
    /// [`TEAMS_REQUESTS_PER_SECOND_PER_APP_PER_TENANT`].
    pub fn throttle(mut self, requests_per_second: u32) -> Self {
        self.requests_per_second = Some(requests_per_second);
        self
    }
}
