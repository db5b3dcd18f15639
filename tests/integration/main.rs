//! The integration tests: one binary, one module per area.

// Tests print their reports (figures, skipped inputs) to standard error on purpose, and
// compute ratios of small counts.
#![allow(clippy::print_stderr, clippy::cast_precision_loss)]

mod actions;
mod adoption;
mod agendas;
mod cli;
mod common;
mod convergence;
mod corpus;
mod fix;
mod fixtures;
mod formats;
mod git;
mod hostile_files;
mod labelled;
mod messages;
mod meta;
mod pathological;
mod people;
mod precommit;
mod privacy;
mod report;
mod robustness;
mod scale;
mod series;
mod server;
mod suppressions;
