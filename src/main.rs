//! The `agendalint` binary: parse the command line, run, exit.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = agendalint::cli::Cli::parse();
    ExitCode::from(agendalint::run(cli).code())
}
