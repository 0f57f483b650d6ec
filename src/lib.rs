//! graph-conformance: contract tests and a reference mock for Microsoft Graph's Create chat.
//!
//! The flow of one case, one module per arrow:
//!
//! ```text
//! case file --case::load_cases--> Case --bind--> request --target::client--> Response
//!     Response --check--> differences --run--> Verdict --report--> console
//! ```
//!
//! [`suite`] puts them together for a whole corpus; [`mock`] is the reference mock that
//! `graph-conformance run` targets by default.

pub mod bind;
pub mod case;
pub mod check;
pub mod corpus;
pub mod error;
pub mod mock;
pub mod profile;
pub mod record;
pub mod report;
pub mod run;
pub mod suite;
pub mod target;
