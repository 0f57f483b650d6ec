//! Reports: how verdicts reach people and machines.
//!
//! One module per format, each with the same small API: it takes the verdicts of a run (or
//! one verdict as it ends) and writes them. The console report is the first; CI formats
//! (JUnit, JSON, Markdown) join it here.

pub mod console;
