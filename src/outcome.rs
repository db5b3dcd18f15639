//! What a check found, as every output format reads it: each file's findings with
//! their lines and columns ([`FileResult`], [`Located`]) and the whole run's
//! ([`CheckRun`]). The runner fills these in; the printers read them without knowing
//! the run that fed them.

use std::any::Any;
use std::path::Path;
use std::sync::Arc;

use crate::baseline::BaselineError;
use crate::config::ConfigError;
use crate::diagnostic::{Diagnostic, FILE_ERROR};
use crate::model::LineColumn;
use crate::model::front_matter::NotAgenda;

/// A finding with its line and column range computed.
#[derive(Debug, Clone)]
pub struct Located {
    /// The finding.
    pub diagnostic: Diagnostic,
    /// Where it starts.
    pub start: LineColumn,
    /// Where it ends (exclusive).
    pub end: LineColumn,
}

/// The outcome for one file.
#[derive(Debug, Clone, Default)]
pub struct FileResult {
    /// The path as shown.
    pub path: String,
    /// The text the findings point into (after fixes), when kept for snippets.
    pub source: Option<Arc<str>>,
    /// Findings, sorted by offset.
    pub diagnostics: Vec<Located>,
    /// How many findings fixes resolved.
    pub fixed: usize,
    /// With fixes on and something fixed: the text before and after.
    pub change: Option<Change>,
    /// Findings left out of the report, and why.
    pub omitted: Omitted,
    /// How many findings the file's baseline accepts that it no longer has.
    pub stale_baseline: usize,
    /// Where the file's baseline is and how it names the file.
    pub baseline: Option<BaselinePlace>,
    /// What the run's [`Examiner`](crate::runner::Examiner) kept of the agenda, when it
    /// has one and the file was checked.
    pub examined: Option<Arc<dyn Any + Send + Sync>>,
    /// Set when the file was found by walking a folder (or staged) and is not an agenda
    /// by its look: it was not checked. See
    /// [`Config::tells_agendas_by_look`](crate::config::Config::tells_agendas_by_look).
    pub skipped: Option<NotAgenda>,
}

/// Findings a run found but does not report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Omitted {
    /// Accepted in the baseline.
    pub baselined: usize,
    /// In a past meeting, not brought in by the commit being made (`--staged`): on
    /// lines it does not change, or there before it.
    pub not_from_commit: usize,
    /// The agenda is dated before `--since`: it was not checked, only read for the
    /// series rules.
    pub before_since: bool,
}

/// Where a file's baseline lives and how it names the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaselinePlace {
    /// The baseline's folder (the config's, else the notes root).
    pub dir: Arc<Path>,
    /// The file, relative to that folder, with `/`.
    pub path: String,
}

/// A file's text before and after fixing.
#[derive(Debug, Clone)]
pub struct Change {
    /// As read.
    pub before: String,
    /// As fixed.
    pub after: String,
}

/// The outcome of a run.
#[derive(Debug, Default)]
pub struct CheckRun {
    /// Every file looked at, in path order.
    pub files: Vec<FileResult>,
    /// Config files that could not be used (the files they govern were skipped).
    pub config_errors: Vec<ConfigError>,
    /// Baseline files that could not be used (the files they govern were skipped).
    pub baseline_errors: Vec<BaselineError>,
    /// Findings accepted in the baselines read for files that no longer exist.
    pub stale_baseline: usize,
}

impl CheckRun {
    /// Whether anything kept the tool from doing its whole job (exit status 2).
    pub fn has_tool_errors(&self) -> bool {
        !self.config_errors.is_empty()
            || !self.baseline_errors.is_empty()
            || self
                .files
                .iter()
                .flat_map(|f| &f.diagnostics)
                .any(|d| d.diagnostic.rule == FILE_ERROR)
    }

    /// Every finding, file by file.
    pub fn diagnostics(&self) -> impl Iterator<Item = (&FileResult, &Located)> {
        self.files
            .iter()
            .flat_map(|f| f.diagnostics.iter().map(move |d| (f, d)))
    }

    /// How many findings fixes resolved, in how many files.
    pub fn fixed(&self) -> (usize, usize) {
        let fixed = self.files.iter().map(|f| f.fixed).sum();
        let files = self.files.iter().filter(|f| f.change.is_some()).count();
        (fixed, files)
    }
}
