//! What a mock server is started with.

use crate::profile::Profile;

use super::directory::Directory;

/// The settings of one [`MockServer`](super::MockServer).
///
/// Build one with [`MockConfig::from_profile`] or [`MockConfig::new`], then adjust it with the
/// `with_` methods. New settings get defaults, so code that builds a config keeps compiling.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MockConfig {
    /// The users that `user@odata.bind` values resolve to.
    pub directory: Directory,

    /// The largest request body the mock reads; a larger one gets `413`.
    pub max_body_bytes: usize,
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
}
