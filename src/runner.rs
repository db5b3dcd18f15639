//! One `agendalint check` run: find the files, find each one's config, check them in
//! parallel (fixing them when asked), and return the findings in a deterministic order,
//! as the [`crate::outcome`] types every output format reads.
//!
//! Nothing here prints. Files that cannot be read or written become `file-error`
//! findings so that every output format reports them; the rest are still checked.
//!
//! This module holds what a run is asked to do and its entry points ([`check`],
//! [`stream`]); the work is split by job: `plan` turns the paths given into jobs, each
//! with its config; `index` builds the meeting-series index; `read` reads a file's
//! text; `file` checks one job; `fix` runs the rounds of fixes and writes them; `single`
//! checks one agenda at a time, for an editor.

use std::any::Any;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::baseline::BaselineError;
use crate::config::{Config, ConfigError};
use crate::diagnostic::Diagnostic;
use crate::error::UsageError;
use crate::fix::FixMode;
use crate::model::{Agenda, IsoDate};
use crate::outcome::{CheckRun, FileResult};
use crate::series::SeriesIndex;

mod cache;
mod file;
mod fix;
mod index;
mod plan;
mod read;
mod single;

use file::run_job;
use fix::check_and_fix_all;
use index::{SeriesSources, index_root};
use plan::{Contexts, Job, Planner, check_rule_names};
use read::absolute;

pub use cache::CACHE_DIR;
pub use single::{FileTarget, Resolution, Resolver, Unusable, fixed_text};

/// How many files a run may check and still have the series index read only their own
/// series' bodies (see `index::SeriesSources::focus`).
const FOCUS_JOBS: usize = 64;

/// Files larger than this are not read (10 MiB).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// Which configuration governs the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigChoice {
    /// The nearest `.agendalint.yaml` above each file.
    Discover,
    /// One given file for everything (`--config`).
    File(PathBuf),
    /// Built-in defaults only (`--no-config`).
    Defaults,
}

impl ConfigChoice {
    /// The choice the command line makes: `--config FILE` wins over `--no-config`;
    /// with neither, the nearest config is found.
    pub fn from_flags(config: Option<&Path>, no_config: bool) -> Self {
        match (config, no_config) {
            (Some(file), _) => Self::File(file.to_path_buf()),
            (None, true) => Self::Defaults,
            (None, false) => Self::Discover,
        }
    }

    /// The config that governs the file at `path`, for commands that read one file at a
    /// time (`sections`, `privacy allow`): the given file, the defaults, or the nearest
    /// config above the file's folder.
    ///
    /// # Errors
    ///
    /// When that config file cannot be read or is invalid.
    pub fn load_for(&self, path: &Path) -> Result<Config, ConfigError> {
        match self {
            Self::File(file) => Config::load(file),
            Self::Defaults => Ok(Config::defaults(PathBuf::from("."))),
            Self::Discover => {
                match crate::config::Discovery::default().nearest(&crate::files::parent_of(path)) {
                    Some(file) => Config::load(&file),
                    None => Ok(Config::defaults(PathBuf::from("."))),
                }
            }
        }
    }
}

/// A file whose text comes from elsewhere than its path (standard input, the git
/// index); its path names it in output and places it for config discovery.
#[derive(Debug, Clone)]
pub struct VirtualFile {
    /// Where it is (or would be) on disk: for config discovery and its meeting series.
    pub path: PathBuf,
    /// How it is shown, when not as its path (a staged file: as in the repository).
    pub display: Option<String>,
    /// Its text, or why it has none (not UTF-8).
    pub text: Result<String, String>,
    /// Whether the config's `include` applies, as to files found by walking a folder
    /// (staged files), or only `exclude`, as to files named on the command line.
    pub walked: bool,
    /// When only what a commit brings in counts (a commit's changes to a past meeting):
    /// what it changes.
    pub commit: Option<CommitChange>,
}

/// What a commit changes in a file, for judging only what it brings in.
#[derive(Debug, Clone, Default)]
pub struct CommitChange {
    /// Lines of the text checked that the commit adds or changes (1-based, inclusive
    /// ranges): findings elsewhere are not reported.
    pub lines: Vec<(usize, usize)>,
    /// The file as the last commit has it, and the lines of it the commit replaces: a
    /// finding on a changed line is not reported either when the replaced lines had one
    /// of the same rule and message (a typo fixed on a line with a finding).
    pub previous: Option<(String, Vec<(usize, usize)>)>,
}

/// What to check and how: resolved from the command line, free of clap types.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Set in `check --staged` (the pre-commit hook): the privacy rules run there by
    /// default, and a private note may not be committed to a repository with a remote.
    pub staged: Option<StagedRun>,
    /// `--privacy`: the privacy rules run whatever the config says.
    pub privacy: bool,
    /// Files and folders.
    pub paths: Vec<PathBuf>,
    /// Files given as text.
    pub virtual_files: Vec<VirtualFile>,
    /// Where settings come from.
    pub config: ConfigChoice,
    /// Only these rules (`--select`); empty means all.
    pub select: Vec<String>,
    /// Not these rules (`--ignore`).
    pub ignore: Vec<String>,
    /// Keep each file's text for the human format's snippets.
    pub keep_sources: bool,
    /// Files above this size are reported, not read.
    pub max_file_size: u64,
    /// Whether to fix, and how.
    pub fix: FixMode,
    /// Agendas dated before this day are read for the series rules but not reported
    /// (`--since`; else the config's `since`).
    pub since: Option<IsoDate>,
    /// Whether findings accepted in a baseline file are left out (`--no-baseline` turns
    /// it off).
    pub use_baseline: bool,
    /// When set, only these files are checked (absolute, symlinks resolved): the
    /// agendas changed since a git ref. The series rules still read every agenda.
    pub only: Option<Arc<HashSet<PathBuf>>>,
    /// Files named on the command line are taken as if found by walking a folder:
    /// `include` applies, and a file that is not an agenda by its look is skipped
    /// (`--only-agendas`, for tools that name every staged Markdown file).
    pub named_as_walked: bool,
    /// Whether what the series rules know of each agenda under a notes root set up with
    /// a config file is kept in the root's `.agendalint-cache/` between runs, so that a
    /// file that did not change is not read again for it (`--no-cache` turns it off).
    pub series_cache: bool,
    /// Reads each checked agenda and its findings, on the thread that checked it
    /// (`agendalint report`); what it returns is handed on in [`FileResult::examined`].
    pub examiner: Option<Arc<dyn Examiner>>,
    /// Runs no rule: each agenda is parsed and handed to the examiner with no finding,
    /// and no meeting-series index is built (a report reading agendas a second time,
    /// for what it follows from meeting to meeting).
    pub examine_only: bool,
    /// When set, only the files at these places in the order the run plans them
    /// (0-based: the order in which their results are handed on when it is not set) are
    /// checked, and the others are not read (a report reading again the few agendas it
    /// needs). Applies when not fixing.
    pub places: Option<Arc<BTreeSet<usize>>>,
}

/// Learns what it needs of each agenda a run checks, from the model the rules read and
/// the findings they reported, so that nothing is read or parsed twice.
pub trait Examiner: Send + Sync + std::fmt::Debug {
    /// What it keeps of one agenda (downcast by whoever set the examiner).
    fn examine(&self, checked: &Checked<'_, '_>) -> Arc<dyn Any + Send + Sync>;
}

/// One agenda as the run checked it, for an [`Examiner`].
pub struct Checked<'c, 'a> {
    /// The agenda, as the rules read it.
    pub agenda: &'c Agenda<'a>,
    /// The findings the run reports for it (after inline control and the baseline).
    pub findings: &'c [Diagnostic],
    /// The config that governs it.
    pub config: &'c Config,
    /// The notes root its meeting series lives under.
    pub root: &'c Path,
}

/// What a `check --staged` run knows of the commit being made.
#[derive(Clone, Debug, Default)]
pub struct StagedRun {
    /// The remote the repository pushes to, when it has one (`origin`).
    pub remote: Option<String>,
}

impl Default for CheckOptions {
    fn default() -> Self {
        Self {
            paths: Vec::new(),
            virtual_files: Vec::new(),
            config: ConfigChoice::Discover,
            select: Vec::new(),
            ignore: Vec::new(),
            keep_sources: true,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            fix: FixMode::Off,
            since: None,
            use_baseline: true,
            only: None,
            examiner: None,
            examine_only: false,
            named_as_walked: false,
            places: None,
            staged: None,
            privacy: false,
            series_cache: false,
        }
    }
}

/// The same options with fixes off.
fn no_fix(options: &CheckOptions) -> CheckOptions {
    CheckOptions {
        fix: FixMode::Off,
        ..options.clone()
    }
}

/// How many files are checked together before their results are handed on: enough to
/// keep every thread busy, few enough that memory stays flat however many files a run
/// has.
const CHUNK: usize = 512;

/// Runs a check and collects every file's results (see [`stream`]).
pub fn check(options: &CheckOptions) -> Result<CheckRun, UsageError> {
    let mut files = Vec::new();
    let end = stream(options, &mut |file| {
        files.push(file);
        ControlFlow::Continue(())
    })?;
    Ok(CheckRun {
        files,
        config_errors: end.config_errors,
        baseline_errors: end.baseline_errors,
        stale_baseline: end.stale_baseline,
    })
}

/// What is left of a run once every file's results were handed on.
#[derive(Debug, Default)]
pub struct RunEnd {
    /// Config files that could not be used (the files they govern were skipped).
    pub config_errors: Vec<ConfigError>,
    /// Baseline files that could not be used (the files they govern were skipped).
    pub baseline_errors: Vec<BaselineError>,
    /// Findings accepted in the baselines read for files that no longer exist.
    pub stale_baseline: usize,
}

/// Runs a check, handing each file's results to `sink` in path order as soon as they
/// are ready; `sink` can stop the run (when its output is gone, say).
///
/// Without fixes, files are found, checked and handed on a chunk at a time, so memory
/// does not grow with the number of files; only the meeting-series index does, by a
/// few bytes per meeting. With fixes, every result is kept until the last round of
/// fixes is done (a fix in one meeting can change what the next must carry over).
pub fn stream(
    options: &CheckOptions,
    sink: &mut dyn FnMut(FileResult) -> ControlFlow<()>,
) -> Result<RunEnd, UsageError> {
    let mut contexts = Contexts::new(options)?;
    check_rule_names(options, &mut contexts)?;
    let texts: HashMap<PathBuf, String> = options
        .virtual_files
        .iter()
        .filter_map(|file| Some((absolute(&file.path), file.text.clone().ok()?)))
        .collect();
    let mut planner = Planner::new(options, &mut contexts);
    let virtual_jobs = planner.virtual_places();
    let series = SeriesSources {
        texts: &texts,
        virtual_jobs: &virtual_jobs,
        max_file_size: options.max_file_size,
        // A run that fixes reads files that change from round to round, and `--diff`
        // writes nothing at all.
        cache: options.series_cache
            && options.config == ConfigChoice::Discover
            && !options.fix.is_on(),
        focus: None,
    };
    if options.fix.is_on() {
        let jobs: Vec<Job> = std::iter::from_fn(|| planner.next(&mut contexts)).collect();
        if jobs.len() > FOCUS_JOBS {
            crate::detect::phrases::search_lists_together();
        }
        for result in check_and_fix_all(&jobs, options, &mut contexts, &series) {
            if sink(result).is_break() {
                break;
            }
        }
    } else {
        let mut index = SeriesIndex::default();
        let mut jobs_planned = 0;
        'chunks: loop {
            let chunk: Vec<Job> = std::iter::from_fn(|| planner.next(&mut contexts))
                .take(CHUNK)
                .collect();
            if chunk.is_empty() {
                break;
            }
            let first = jobs_planned;
            jobs_planned += chunk.len();
            // A first chunk that is not full holds every job of the run; when they are
            // a few (a pre-commit hook's files), the index reads the bodies of their
            // own series only. (Each of them is read once more to learn its series.)
            let focus = (first == 0 && chunk.len() <= FOCUS_JOBS && chunk.len() < CHUNK)
                .then(|| index::series_of(&chunk, &series));
            if focus.is_none() {
                // Many texts to read: compiling each pattern list whole, once, pays.
                crate::detect::phrases::search_lists_together();
            }
            let sources = SeriesSources {
                focus: focus.as_ref(),
                ..series
            };
            let chunk: Vec<Job> = match &options.places {
                None => chunk,
                Some(places) => chunk
                    .into_iter()
                    .zip(first..)
                    .filter_map(|(job, place)| places.contains(&place).then_some(job))
                    .collect(),
            };
            for job in &chunk {
                if let Some((root, context)) = job.series_root() {
                    let uses_series = context.rules.uses_series() && !options.examine_only;
                    if uses_series && !index.covers(root) {
                        index_root(&mut index, root, &mut contexts, &sources);
                    }
                }
            }
            let results: Vec<FileResult> =
                map_in_order(&chunk, |job| run_job(job, options, &index, series.texts));
            for result in results {
                if sink(result).is_break() {
                    break 'chunks;
                }
            }
        }
    }
    let stale_baseline = contexts.stale_baseline();
    Ok(RunEnd {
        config_errors: contexts.errors,
        baseline_errors: contexts.baseline_errors,
        stale_baseline,
    })
}

/// `f` of every item of `items`, in their order: on rayon's pool when there are
/// several, on this thread when there is one. Starting the pool's threads costs more
/// than checking one file, the usual case of the hook and of a file given by name.
pub(crate) fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> R + Sync + Send,
) -> Vec<R> {
    if items.len() < 2 {
        items.iter().map(f).collect()
    } else {
        items.par_iter().map(f).collect()
    }
}
