//! The `graph-conformance` binary: parses arguments, runs a command, maps its error to an
//! exit code.

mod cli;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser as _;
use cli::args::{Cli, Command};
use graph_conformance::error::exit_code;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(exit_code::USAGE as u8)
            } else {
                ExitCode::SUCCESS
            };
        }
    };

    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::from(exit_code::MOCK as u8);
        }
    };
    let mut stdout = std::io::stdout().lock();
    let result = runtime.block_on(async {
        match cli.command {
            Command::Run(args) => cli::run::run(*args, &mut stdout).await,
            Command::Mock(args) => cli::commands::mock(args, &mut stdout).await,
            Command::Schema(args) => cli::commands::schema(args, &mut stdout),
        }
    });
    let _ = stdout.flush();

    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            for line in error.to_string().lines() {
                eprintln!("error: {line}");
            }
            ExitCode::from(error.exit_code() as u8)
        }
    }
}
