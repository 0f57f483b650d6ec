//! The command line: argument definitions and the commands they start.
//!
//! `run` replays the corpus against a target (the embedded reference mock by default),
//! `mock` serves the reference mock for other programs, `schema` prints the JSON Schema of a
//! file format. Each command returns a [`graph_conformance::error::Error`]; `main` maps it to
//! an exit code.

pub mod args;
pub mod commands;
pub mod run;
