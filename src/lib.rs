//! graph-conformance: contract tests and a reference mock for Microsoft Graph's Create chat.

pub mod case;
pub mod mock;
pub mod profile;
