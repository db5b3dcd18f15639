//! agendalint: a fast linter for 1:1-meeting agendas kept as Markdown with YAML front
//! matter.
//!
//! The library does the work; the binary only parses the command line and exits with
//! the status [`run`] returns. The pipeline: [`files`] finds what to check, [`config`]
//! finds each file's settings, [`model`] parses a file once into an [`model::Agenda`],
//! [`engine`] runs the [`rules`] over it, and [`output`] prints the findings.

pub mod baseline;
pub mod brief;
pub mod cli;
pub mod config;
pub mod detect;
pub mod diagnostic;
pub mod engine;
pub mod error;
pub mod files;
pub mod fix;
pub mod git;
pub mod hook;
pub mod model;
pub mod outcome;
pub mod output;
pub mod privacy;
pub mod read;
pub mod report;
pub mod rules;
pub mod runner;
pub mod scaffold;
pub mod series;
pub mod server;
pub mod suggest;
pub mod wording;

mod commands;

pub use error::ExitStatus;

use cli::{Cli, Command};

/// Runs a parsed command line; returns how the process should exit.
pub fn run(cli: Cli) -> ExitStatus {
    match cli.command {
        Command::Check(args) => commands::check(&args),
        Command::Baseline(args) => commands::baseline(&args),
        Command::Rules => commands::list_rules(),
        Command::Explain { rule } => commands::explain(&rule),
        Command::New(args) => commands::new_agenda(&args),
        Command::Init { dir, force } => commands::init(dir.as_deref(), force),
        Command::Sections(args) => commands::sections(&args),
        Command::Hook { action } => commands::hook(&action),
        Command::Privacy { action } => commands::privacy(&action),
        Command::Completions { shell } => commands::completions(shell),
        Command::Report(args) => commands::report(&args),
        Command::Schema { report } => commands::schema(report),
        Command::Server(_) => server::run_stdio(),
    }
}
