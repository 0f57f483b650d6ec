//! The case model: what one conformance case says, and how it is read from disk.
pub mod load;
