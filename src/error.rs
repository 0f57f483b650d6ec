//! The user-facing error of a run and the process exit codes.
//!
//! Inside, each module has its own typed error. At the edge they become one [`Error`] that
//! owns the message and the exit code; the codes are stable and documented in the README
//! and in `--help`.

use std::fmt;

use crate::case::load::LoadError;
use crate::target::client::TransportError;

/// The process exit codes.
pub mod exit_code {
    /// Every case passed (or the command did what was asked).
    pub const SUCCESS: i32 = 0;
    /// The command line is wrong: an unknown flag, a missing value.
    pub const USAGE: i32 = 1;
    /// A case, schema or profile file is invalid, or missing.
    pub const INVALID_INPUT: i32 = 2;
    /// The target could not be reached or did not answer in time.
    pub const TRANSPORT: i32 = 3;
    /// The target answered, and at least one case found a difference.
    pub const CONFORMANCE: i32 = 4;
    /// The embedded mock could not start (for example, its port is taken).
    pub const MOCK: i32 = 5;
    /// A report or a recording could not be written.
    pub const OUTPUT: i32 = 6;
    /// No token could be obtained with the `AZURE_*` client credentials.
    pub const CREDENTIALS: i32 = 7;
}

/// Why a command did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line is wrong in a way the argument parser cannot see.
    #[error("{0}")]
    Usage(String),

    /// Input files are invalid; every problem found is listed.
    #[error("{}", list_problems(.0))]
    Input(Vec<LoadError>),

    /// The target could not be reached.
    #[error("{0}")]
    Transport(TransportError),

    /// Some cases found differences; the report says which.
    #[error("{failed} of {total} cases failed")]
    Conformance {
        /// Cases that failed.
        failed: usize,
        /// All cases run.
        total: usize,
    },

    /// The mock could not start.
    #[error("the reference mock could not start: {0}")]
    Mock(String),

    /// A report or recording could not be written.
    #[error("{0}")]
    Output(String),

    /// The client-credentials flow gave no token.
    #[error("{0}")]
    Credentials(String),
}

impl Error {
    /// The exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => exit_code::USAGE,
            Error::Input(_) => exit_code::INVALID_INPUT,
            Error::Transport(_) => exit_code::TRANSPORT,
            Error::Conformance { .. } => exit_code::CONFORMANCE,
            Error::Mock(_) => exit_code::MOCK,
            Error::Output(_) => exit_code::OUTPUT,
            Error::Credentials(_) => exit_code::CREDENTIALS,
        }
    }
}

impl From<LoadError> for Error {
    fn from(error: LoadError) -> Self {
        Error::Input(vec![error])
    }
}

impl From<Vec<LoadError>> for Error {
    fn from(errors: Vec<LoadError>) -> Self {
        Error::Input(errors)
    }
}

fn list_problems(errors: &[LoadError]) -> String {
    struct Listed<'a>(&'a [LoadError]);
    impl fmt::Display for Listed<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            for (index, error) in self.0.iter().enumerate() {
                if index > 0 {
                    writeln!(f)?;
                }
                write!(f, "{error}")?;
            }
            Ok(())
        }
    }
    Listed(errors).to_string()
}
