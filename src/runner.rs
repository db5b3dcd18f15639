//! One `agendalint check` run: find the files, find each one's config, check them in
//! parallel (fixing them when asked), and return the findings in a deterministic order,
//! as the [`crate::outcome`] types every output format reads.
//!
//! Nothing here prints. Files that cannot be read or written become `file-error`
//! findings so that every output format reports them; the rest are still checked.

use std::any::Any;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::baseline::{Baseline, BaselineError, FileBaseline};
use crate::config::{Config, ConfigError, Discovery};
use crate::diagnostic::{Diagnostic, FILE_ERROR, Severity, Span};
use crate::engine::RuleSet;
use crate::error::UsageError;
use crate::files::{self, Candidate};
use crate::fix::{self, FixMode};
use crate::model::front_matter;
use crate::model::{Agenda, IsoDate, LineColumn};
use crate::outcome::{BaselinePlace, Change, CheckRun, FileResult, Located, Omitted};
use crate::rules;
use crate::series::{self, SeriesIndex, SeriesView, Summary};

mod single;

pub use single::{FileTarget, Resolution, Resolver, Unusable, fixed_text};

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
        }
    }
}

/// The rules and settings of one config file.
struct Context {
    config: Config,
    rules: RuleSet,
    /// The folder of the config file, when it was discovered: the notes root of the
    /// files it governs.
    notes_root: Option<Arc<Path>>,
}

impl Context {
    /// The notes root of a file: the folder of its discovered config file, else the
    /// folder given on the command line it was found in.
    fn root(&self, given_root: &Arc<Path>) -> Arc<Path> {
        Arc::clone(self.notes_root.as_ref().unwrap_or(given_root))
    }

    /// The folder of a file's baseline: the config file's, else the notes root.
    fn baseline_dir(&self, root: &Arc<Path>) -> Arc<Path> {
        match &self.config.path {
            Some(file) => files::parent_of(file).into(),
            None => Arc::clone(root),
        }
    }
}

/// What a file is checked with: its config, notes root and baseline.
#[derive(Clone)]
struct Target {
    context: Arc<Context>,
    root: Arc<Path>,
    baseline_dir: Arc<Path>,
    baseline: Option<Arc<Baseline>>,
}

/// What of a run's options decides each file's context.
#[derive(Clone, Debug)]
struct ContextOptions {
    config: ConfigChoice,
    select: Vec<String>,
    ignore: Vec<String>,
    use_baseline: bool,
}

/// Finds and builds the context of each file, caching per folder and per config file.
struct Contexts {
    options: ContextOptions,
    fixed: Option<Arc<Context>>,
    discovery: Discovery,
    loaded: HashMap<Option<PathBuf>, Option<Arc<Context>>>,
    errors: Vec<ConfigError>,
    /// Baselines by folder: `Ok(None)` when there is none, `Err` when it is broken.
    baselines: HashMap<Arc<Path>, Result<Option<Arc<Baseline>>, ()>>,
    baseline_errors: Vec<BaselineError>,
}

impl Contexts {
    fn new(options: &CheckOptions) -> Result<Self, ConfigError> {
        let mut contexts = Self {
            options: ContextOptions {
                config: options.config.clone(),
                select: options.select.clone(),
                ignore: options.ignore.clone(),
                use_baseline: options.use_baseline,
            },
            fixed: None,
            discovery: Discovery::default(),
            loaded: HashMap::new(),
            errors: Vec::new(),
            baselines: HashMap::new(),
            baseline_errors: Vec::new(),
        };
        contexts.fixed = match &options.config {
            ConfigChoice::File(path) => Some(contexts.build(Config::load(path)?)),
            ConfigChoice::Defaults => Some(contexts.build(Config::defaults(PathBuf::from(".")))),
            ConfigChoice::Discover => None,
        };
        Ok(contexts)
    }

    fn wanted(&self, id: &str) -> bool {
        let options = &self.options;
        (options.select.is_empty() || options.select.iter().any(|s| s == id))
            && !options.ignore.iter().any(|s| s == id)
    }

    fn build(&self, config: Config) -> Arc<Context> {
        let rules = RuleSet::for_config(&config.file, &|id| self.wanted(id));
        let notes_root = match (&self.options.config, &config.path) {
            (ConfigChoice::Discover, Some(file)) => Some(files::parent_of(file).into()),
            _ => None,
        };
        Arc::new(Context {
            config,
            rules,
            notes_root,
        })
    }

    /// The context of a file at `path`; `None` when its config is broken.
    fn for_file(&mut self, path: &Path) -> Option<Arc<Context>> {
        if let Some(context) = &self.fixed {
            return Some(Arc::clone(context));
        }
        let folder = path
            .parent()
            .filter(|f| !f.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let nearest = self.discovery.nearest(folder);
        if let Some(cached) = self.loaded.get(&nearest) {
            return cached.clone();
        }
        let context = match &nearest {
            None => Some(self.build(Config::defaults(PathBuf::from(".")))),
            Some(file) => match Config::load(file) {
                Ok(config) => Some(self.build(config)),
                Err(error) => {
                    self.errors.push(error);
                    None
                }
            },
        };
        self.loaded.insert(nearest, context.clone());
        context
    }

    /// What a file at `path`, found under `given_root`, is checked with; `None` when its
    /// config or baseline is broken (the error is recorded).
    fn target(&mut self, path: &Path, given_root: &Arc<Path>) -> Option<Target> {
        let context = self.for_file(path)?;
        let root = context.root(given_root);
        let baseline_dir = context.baseline_dir(&root);
        let baseline = if self.options.use_baseline {
            self.baseline(&baseline_dir).ok()?
        } else {
            None
        };
        Some(Target {
            context,
            root,
            baseline_dir,
            baseline,
        })
    }

    /// The baseline in `dir`, if there is one; `Err` when it is broken (the error is
    /// recorded once).
    fn baseline(&mut self, dir: &Arc<Path>) -> Result<Option<Arc<Baseline>>, ()> {
        if let Some(cached) = self.baselines.get(dir) {
            return cached.clone();
        }
        let loaded = match Baseline::load(dir) {
            Ok(baseline) => Ok(baseline.map(Arc::new)),
            Err(error) => {
                self.baseline_errors.push(error);
                Err(())
            }
        };
        self.baselines.insert(Arc::clone(dir), loaded.clone());
        loaded
    }

    /// Findings accepted in the baselines read for files that no longer exist.
    fn stale_baseline(&self) -> usize {
        self.baselines
            .values()
            .filter_map(|b| b.as_ref().ok().and_then(Option::as_ref))
            .map(|b| b.missing_files())
            .sum()
    }

    /// Ids of every custom rule of the configs loaded so far.
    fn custom_ids(&self) -> Vec<&str> {
        self.fixed
            .iter()
            .chain(self.loaded.values().flatten())
            .flat_map(|c| c.config.file.custom_rules.0.iter().map(|r| r.id.0.as_str()))
            .collect()
    }
}

/// One unit of work.
enum Job {
    /// A file on disk; `explicit` when named on the command line.
    File {
        path: PathBuf,
        target: Target,
        explicit: bool,
    },
    /// A file given as text.
    Text { file: VirtualFile, target: Target },
    /// A path that cannot be checked.
    Problem { path: PathBuf, reason: String },
}

impl Job {
    fn path(&self) -> Option<&Path> {
        match self {
            Job::File { path, .. } => Some(path),
            Job::Text { file, .. } => Some(&file.path),
            Job::Problem { .. } => None,
        }
    }

    fn target(&self) -> Option<&Target> {
        match self {
            Job::File { target, .. } | Job::Text { target, .. } => Some(target),
            Job::Problem { .. } => None,
        }
    }

    fn series_root(&self) -> Option<(&Path, &Arc<Context>)> {
        self.target().map(|t| (&*t.root, &t.context))
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
    };
    if options.fix.is_on() {
        let jobs: Vec<Job> = std::iter::from_fn(|| planner.next(&mut contexts)).collect();
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
                        index_root(&mut index, root, &mut contexts, &series);
                    }
                }
            }
            let results: Vec<FileResult> = chunk
                .par_iter()
                .map(|job| run_job(job, options, &index, series.texts))
                .collect();
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

/// With fixes on, a meeting's fixes can change what the next meeting must carry over:
/// repeats whole rounds over the fixed texts until no file changes.
///
/// Fixes stay in the files the first round found something to fix in: a file with
/// nothing fixable reported (nothing at all, only baselined findings, or dated before
/// `--since`) is never changed by a later round, and a file that cannot be written
/// (read-only) is left out from the start, so that no other meeting carries over text
/// from a fix that will not be made.
fn check_and_fix_all(
    jobs: &[Job],
    options: &CheckOptions,
    contexts: &mut Contexts,
    sources: &SeriesSources<'_>,
) -> Vec<FileResult> {
    let mut texts = sources.texts.clone();
    let series_fixes = jobs
        .iter()
        .filter_map(Job::series_root)
        .any(|(_, c)| c.rules.uses_series());
    let writes = matches!(options.fix, FixMode::Apply { .. });
    let without_fixes = no_fix(options);
    // Per job: whether it may be fixed, and why it cannot be written when it cannot.
    let mut may_fix = vec![true; jobs.len()];
    let mut refused: Vec<Option<String>> = vec![None; jobs.len()];
    let mut originals: HashMap<PathBuf, (String, usize)> = HashMap::new();
    let mut files = Vec::new();
    let mut index = SeriesIndex::default();
    for round in 0..fix::MAX_PASSES {
        let sources = SeriesSources {
            texts: &texts,
            ..*sources
        };
        index = SeriesIndex::default();
        for (root, context) in jobs.iter().filter_map(Job::series_root) {
            if context.rules.uses_series() && !index.covers(root) {
                index_root(&mut index, root, contexts, &sources);
            }
        }
        files = jobs
            .par_iter()
            .zip(&may_fix)
            .map(|(job, &fixes)| {
                let options = if fixes { options } else { &without_fixes };
                run_job(job, options, &index, &texts)
            })
            .collect();
        if round == 0 {
            for (i, (job, result)) in jobs.iter().zip(&files).enumerate() {
                may_fix[i] = result.change.is_some();
                if let (true, true, Job::File { path, .. }) = (may_fix[i], writes, job) {
                    if let Err(reason) = fix::writable(path) {
                        may_fix[i] = false;
                        refused[i] = Some(reason);
                    }
                }
            }
        }
        if !series_fixes {
            break;
        }
        let mut changed = false;
        for ((job, result), &fixes) in jobs.iter().zip(&mut files).zip(&may_fix) {
            let (Some(path), true) = (job.path(), fixes) else {
                continue;
            };
            let Some(change) = result.change.take() else {
                continue;
            };
            let key = absolute(path);
            let entry = originals
                .entry(key.clone())
                .or_insert_with(|| (change.before.clone(), 0));
            entry.1 += result.fixed;
            texts.insert(key, change.after);
            changed = true;
        }
        if !changed {
            break;
        }
    }
    if series_fixes {
        for (job, result) in jobs.iter().zip(&mut files) {
            let Some(key) = job.path().map(absolute) else {
                continue;
            };
            if let (Some((before, fixed)), Some(after)) = (originals.get(&key), texts.get(&key)) {
                result.fixed = *fixed;
                result.change = Some(Change {
                    before: before.clone(),
                    after: after.clone(),
                });
            }
        }
    }
    for (i, reason) in refused.iter().enumerate() {
        if let Some(reason) = reason {
            files[i] = unfixed(&jobs[i], reason, options, &index, &texts);
        }
    }
    if writes {
        files = jobs
            .par_iter()
            .zip(files)
            .map(|(job, result)| write_fixes(job, result, options, &index, &texts))
            .collect();
    }
    files
}

/// Names given to `--select`/`--ignore` must be built-in or custom rules.
///
/// Custom rules live in config files: when a name is not built-in, every config that
/// governs the files is loaded first (a walk that only looks for config files).
fn check_rule_names(options: &CheckOptions, contexts: &mut Contexts) -> Result<(), UsageError> {
    let given = || {
        options
            .select
            .iter()
            .map(|n| (n, "--select"))
            .chain(options.ignore.iter().map(|n| (n, "--ignore")))
    };
    if given().all(|(name, _)| rules::find(name).is_some()) {
        return Ok(());
    }
    for file in &options.virtual_files {
        contexts.for_file(&file.path);
    }
    for candidate in files::candidates(&options.paths) {
        if let Candidate::File { path, .. } = candidate {
            contexts.for_file(&path);
        }
    }
    let custom = contexts.custom_ids();
    for (name, flag) in given() {
        if rules::find(name).is_none() && !custom.contains(&name.as_str()) {
            return Err(UsageError::unknown_rule_among(
                name,
                &format!(" in {flag}"),
                custom.iter().copied(),
            ));
        }
    }
    Ok(())
}

/// Turns the paths given into jobs one at a time, each with its context; applies
/// include, exclude and `only`. Files given as text come first.
struct Planner {
    virtual_jobs: std::collections::VecDeque<Job>,
    candidates: files::Candidates,
    only: Option<Arc<HashSet<PathBuf>>>,
    /// `--only-agendas`: named files count as walked ones.
    named_as_walked: bool,
}

impl Planner {
    fn new(options: &CheckOptions, contexts: &mut Contexts) -> Self {
        let mut virtual_jobs = std::collections::VecDeque::new();
        for file in &options.virtual_files {
            let given_root: Arc<Path> = files::parent_of(&file.path).into();
            if let Some(target) = contexts.target(&file.path, &given_root) {
                let config = &target.context.config;
                let selected = if file.walked {
                    config.includes(&file.path)
                } else {
                    !config.excludes(&file.path)
                };
                if selected {
                    virtual_jobs.push_back(Job::Text {
                        file: file.clone(),
                        target,
                    });
                }
            }
        }
        Self {
            virtual_jobs,
            candidates: files::candidates(&options.paths),
            only: options.only.clone(),
            named_as_walked: options.named_as_walked,
        }
    }

    /// Where each file given as text sits: its notes root, path and context.
    fn virtual_places(&self) -> Vec<(Arc<Path>, PathBuf, Arc<Context>)> {
        self.virtual_jobs
            .iter()
            .filter_map(|job| match job {
                Job::Text { file, target } => Some((
                    Arc::clone(&target.root),
                    file.path.clone(),
                    Arc::clone(&target.context),
                )),
                _ => None,
            })
            .collect()
    }

    /// Whether a file is among the ones `only` lets through.
    fn wanted(&self, path: &Path) -> bool {
        self.only
            .as_ref()
            .is_none_or(|only| std::fs::canonicalize(path).is_ok_and(|real| only.contains(&real)))
    }

    fn next(&mut self, contexts: &mut Contexts) -> Option<Job> {
        if let Some(job) = self.virtual_jobs.pop_front() {
            return Some(job);
        }
        while let Some(candidate) = self.candidates.next() {
            match candidate {
                Candidate::Problem { path, reason } => return Some(Job::Problem { path, reason }),
                Candidate::File {
                    path,
                    explicit,
                    given_root,
                } => {
                    let explicit = explicit && !self.named_as_walked;
                    if !self.wanted(&path) {
                        continue;
                    }
                    // Files governed by a broken config or baseline are skipped; its error
                    // is reported.
                    let Some(target) = contexts.target(&path, &given_root) else {
                        continue;
                    };
                    let config = &target.context.config;
                    let selected = if explicit {
                        !config.excludes(&path)
                    } else {
                        config.includes(&path)
                    };
                    if selected {
                        return Some(Job::File {
                            path,
                            target,
                            explicit,
                        });
                    }
                }
            }
        }
        None
    }
}

/// Where the series index reads agendas from besides the disk.
#[derive(Clone, Copy)]
struct SeriesSources<'a> {
    /// Current texts of files given as text or fixed in an earlier round, by absolute
    /// path.
    texts: &'a HashMap<PathBuf, String>,
    /// Files given as text: root, path, context.
    virtual_jobs: &'a [(Arc<Path>, PathBuf, Arc<Context>)],
    /// Files above this size are not read.
    max_file_size: u64,
}

/// Adds every agenda under `root` to the series index, a chunk at a time; files given
/// as text are summarised from that text.
fn index_root(
    index: &mut SeriesIndex,
    root: &Path,
    contexts: &mut Contexts,
    sources: &SeriesSources<'_>,
) {
    index.cover(root);
    // Files on disk whose current text is given: summarised from that text.
    let mut from_text: Vec<PathBuf> = Vec::new();
    summarize_root(root, contexts, sources, &mut |summaries| {
        for summary in summaries {
            if text_of(sources.texts, &summary.path).is_some() {
                from_text.push(absolute(&summary.path));
            }
            index.add(root, summary);
        }
    });
    // Files given as text and not found above (not on disk, say): they belong to the
    // series as their text says.
    for (file_root, path, context) in sources.virtual_jobs {
        if **file_root != *root || from_text.contains(&absolute(path)) {
            continue;
        }
        if let Some(text) = text_of(sources.texts, path) {
            let mut summary = series::summarize(path, text, &context.config.vocabulary);
            context.config.file.people.apply(&mut summary);
            index.add(root, &summary);
        }
    }
    index.finish();
}

/// Summarises every agenda under `root` for the series rules, handing them to `sink` a
/// chunk at a time: the files the `include` of their own config matches (excluded ones
/// too), each read with that config's section headings; files given as text are read
/// from that text.
fn summarize_root(
    root: &Path,
    contexts: &mut Contexts,
    sources: &SeriesSources<'_>,
    sink: &mut dyn FnMut(&[Summary]),
) {
    let mut candidates = files::candidates(&[root.to_path_buf()]);
    loop {
        let mut work: Vec<(PathBuf, Arc<Context>)> = Vec::with_capacity(CHUNK);
        for candidate in candidates.by_ref() {
            let Candidate::File { path, .. } = candidate else {
                continue;
            };
            if let Some(context) = contexts.for_file(&path) {
                // Excluded agendas are meetings of their series too: `exclude` keeps a
                // file from being reported, not from being read here.
                if context.config.in_series(&path) {
                    work.push((path, context));
                    if work.len() == CHUNK {
                        break;
                    }
                }
            }
        }
        if work.is_empty() {
            break;
        }
        let summaries: Vec<Summary> = work
            .par_iter()
            .filter_map(|(path, context)| {
                let vocabulary = &context.config.vocabulary;
                let mut summary = if let Some(text) = text_of(sources.texts, path) {
                    series::summarize(path, text, vocabulary)
                } else {
                    let text = read_text(path, sources.max_file_size).ok()?;
                    series::summarize(path, &text, vocabulary)
                };
                context.config.file.people.apply(&mut summary);
                Some(summary)
            })
            .collect();
        sink(&summaries);
    }
}

/// The current text of a file given as text or already fixed, if it is one.
fn text_of<'t>(texts: &'t HashMap<PathBuf, String>, path: &Path) -> Option<&'t String> {
    if texts.is_empty() {
        return None;
    }
    texts.get(&absolute(path))
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The open tasks of another meeting, when the caller keeps them; `None` means "read
/// its file".
type KnownTasks<'a> = dyn Fn(&Path) -> Option<Vec<series::Task>> + 'a;

/// Where a checked file sits for the series rules.
struct SeriesPlace<'i> {
    index: &'i SeriesIndex,
    root: &'i Path,
    path: &'i Path,
    /// Current texts of files given as text or already fixed.
    texts: &'i HashMap<PathBuf, String>,
    /// The open tasks of other meetings, when the caller keeps them (so that no file is
    /// read); `None` from it means "read the file".
    known_tasks: Option<&'i KnownTasks<'i>>,
    /// Files above this size are not read.
    max_file_size: u64,
}

impl SeriesPlace<'_> {
    /// The open tasks of the last earlier meeting, read from its file.
    fn previous_tasks(&self, view: &SeriesView<'_>) -> Vec<series::Task> {
        if view.previous.last().is_none_or(|m| m.open_tasks == 0) {
            return Vec::new();
        }
        let Some(path) = view.previous_path() else {
            return Vec::new();
        };
        if let Some(tasks) = self.known_tasks.and_then(|known| known(&path)) {
            return tasks;
        }
        match text_of(self.texts, &path) {
            Some(text) => series::open_tasks(text),
            None => read_text(&path, self.max_file_size)
                .map(|text| series::open_tasks(&text))
                .unwrap_or_default(),
        }
    }
}

/// Checks (and, with fixes on, fixes in memory) one job; `texts` holds the current text
/// of files given as text or already fixed in an earlier round.
fn run_job(
    job: &Job,
    options: &CheckOptions,
    index: &SeriesIndex,
    texts: &HashMap<PathBuf, String>,
) -> FileResult {
    let (path, target) = match job {
        Job::Problem { path, reason } => return file_error(&files::display_path(path), reason),
        Job::Text { file, target } => (&file.path, target),
        Job::File { path, target, .. } => (path, target),
    };
    let display = match job {
        Job::Text { file, .. } => file
            .display
            .clone()
            .unwrap_or_else(|| files::display_path(path)),
        _ => files::display_path(path),
    };
    if let Job::Text {
        file: VirtualFile {
            text: Err(reason), ..
        },
        ..
    } = job
    {
        return file_error(&display, reason);
    }
    let text = match text_of(texts, path) {
        Some(text) => text.clone(),
        None => match read_text(path, options.max_file_size) {
            Ok(text) => text,
            Err(reason) => return file_error(&display, &reason),
        },
    };
    let series_place = SeriesPlace {
        index,
        root: &target.root,
        path,
        texts,
        known_tasks: None,
        max_file_size: options.max_file_size,
    };
    let commit = match job {
        Job::Text { file, .. } => file.commit.as_ref(),
        _ => None,
    };
    let walked = match job {
        Job::File { explicit, .. } => !explicit,
        Job::Text { file, .. } => file.walked,
        Job::Problem { .. } => false,
    };
    check_file_text(
        &display,
        text,
        walked,
        target,
        options,
        &series_place,
        commit,
    )
}

/// Checks (and, with fixes on, fixes in memory) the text of a file at `place.path` with
/// `target`: leaves out a file found by walking (`walked`) that is not an agenda by its
/// look and an agenda dated before `since`, applies its baseline, and with `commit`,
/// keeps only the findings the commit brings in.
fn check_file_text(
    display: &str,
    text: String,
    walked: bool,
    target: &Target,
    options: &CheckOptions,
    series_place: &SeriesPlace<'_>,
    commit: Option<&CommitChange>,
) -> FileResult {
    let path = series_place.path;
    let place = BaselinePlace {
        dir: Arc::clone(&target.baseline_dir),
        path: Baseline::relative(&target.baseline_dir, path),
    };
    if let Some(unchecked) = not_checked(walked, target, options, path, &text) {
        return FileResult {
            path: display.to_string(),
            baseline: unchecked.skipped.is_none().then_some(place),
            ..unchecked
        };
    }
    let baseline = target
        .baseline
        .as_ref()
        .map(|b| b.for_file(&place.path))
        .unwrap_or_default();
    let mut result = check_and_fix(
        display,
        text,
        &target.context,
        options,
        series_place,
        &baseline,
    );
    result.baseline = Some(place);
    if let Some(commit) = commit {
        keep_what_the_commit_brings(&mut result, commit, |previous| {
            let options = CheckOptions {
                keep_sources: false,
                examiner: None,
                ..no_fix(options)
            };
            let unjudged = FileBaseline::default();
            check_and_fix(
                display,
                previous.to_string(),
                &target.context,
                &options,
                series_place,
                &unjudged,
            )
        });
    }
    result
}

/// Why a file that was read is not checked, if it is not: found by walking a folder
/// and not an agenda by its look, or dated before `--since`.
fn not_checked(
    walked: bool,
    target: &Target,
    options: &CheckOptions,
    path: &Path,
    text: &str,
) -> Option<FileResult> {
    if walked && target.context.config.tells_agendas_by_look() {
        if let Some(reason) = front_matter::not_an_agenda(text) {
            return Some(FileResult {
                skipped: Some(reason),
                ..FileResult::default()
            });
        }
    }
    let since = options
        .since
        .or_else(|| target.context.config.file.since.map(|d| d.0))?;
    series::identify(path, text)
        .date
        .is_some_and(|d| d < since)
        .then(|| FileResult {
            omitted: Omitted {
                before_since: true,
                ..Omitted::default()
            },
            ..FileResult::default()
        })
}

/// Whether a finding touches one of `lines` (1-based, inclusive ranges).
fn touches(located: &Located, lines: &[(usize, usize)]) -> bool {
    let (first, last) = (located.start.line, located.end.line.max(located.start.line));
    lines.iter().any(|&(from, to)| first <= to && from <= last)
}

/// Leaves out the findings a commit does not bring in: those on lines it does not
/// change, and those on changed lines that the lines it replaced had too (same rule and
/// message). `check_previous` checks the last commit's version.
fn keep_what_the_commit_brings(
    result: &mut FileResult,
    commit: &CommitChange,
    check_previous: impl FnOnce(&str) -> FileResult,
) {
    let before = result.diagnostics.len();
    result.diagnostics.retain(|d| touches(d, &commit.lines));
    if let (false, Some((text, replaced))) = (result.diagnostics.is_empty(), &commit.previous) {
        let mut earlier: HashMap<(String, String), usize> = HashMap::new();
        for d in check_previous(text)
            .diagnostics
            .iter()
            .filter(|d| touches(d, replaced))
        {
            let key = (d.diagnostic.rule.to_string(), d.diagnostic.message.clone());
            *earlier.entry(key).or_insert(0) += 1;
        }
        result.diagnostics.retain(|d| {
            let key = (d.diagnostic.rule.to_string(), d.diagnostic.message.clone());
            match earlier.get_mut(&key) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    false
                }
                _ => true,
            }
        });
    }
    result.omitted.not_from_commit += before - result.diagnostics.len();
    if result.diagnostics.is_empty() {
        result.source = None;
    }
}

/// `--fix`: writes a file's fixed text; when that fails, reports the file as it is on
/// disk, with the reason.
fn write_fixes(
    job: &Job,
    result: FileResult,
    options: &CheckOptions,
    index: &SeriesIndex,
    texts: &HashMap<PathBuf, String>,
) -> FileResult {
    let (Job::File { path, .. }, Some(change)) = (job, &result.change) else {
        return result;
    };
    match fix::write_atomically(path, &change.before, &change.after) {
        Ok(()) => result,
        Err(reason) => unfixed(job, &reason, options, index, texts),
    }
}

/// The report of a file whose fixes were not written: its findings as it is on disk,
/// after a `file-error` saying why.
fn unfixed(
    job: &Job,
    reason: &str,
    options: &CheckOptions,
    index: &SeriesIndex,
    texts: &HashMap<PathBuf, String>,
) -> FileResult {
    let on_disk: HashMap<PathBuf, String> = match job.path() {
        // The text it had before any round fixed it in memory.
        Some(path) => texts
            .iter()
            .filter(|(p, _)| **p != absolute(path))
            .map(|(p, t)| (p.clone(), t.clone()))
            .collect(),
        None => HashMap::new(),
    };
    let mut report = run_job(job, &no_fix(options), index, &on_disk);
    report.diagnostics.insert(
        0,
        file_error_finding(&format!("Cannot apply fixes: {reason}")),
    );
    report
}

fn no_fix(options: &CheckOptions) -> CheckOptions {
    CheckOptions {
        fix: FixMode::Off,
        ..options.clone()
    }
}

/// Checks a file's text; with fixes on, applies them pass after pass until nothing
/// changes, and reports what remains in the fixed text. Findings the file's baseline
/// accepts are neither reported nor fixed.
fn check_and_fix(
    display: &str,
    text: String,
    context: &Context,
    options: &CheckOptions,
    place: &SeriesPlace<'_>,
    baseline: &FileBaseline,
) -> FileResult {
    let uses_series = context.rules.uses_series() && !options.examine_only;
    let check = |text: &str| {
        let agenda = Agenda::parse(display, text, &context.config.vocabulary);
        // This meeting's place in its series comes from its current text (fix passes
        // change it); the series rules read the rest from `agenda`.
        let this = uses_series.then(|| {
            let mut this = series::identify(place.path, text);
            context.config.file.people.apply(&mut this);
            this
        });
        let mut view = this
            .as_ref()
            .and_then(|this| place.index.view(place.root, this));
        if let Some(view) = &mut view {
            view.previous_tasks = place.previous_tasks(view);
        }
        let mut diagnostics = if options.examine_only {
            Vec::new()
        } else {
            context.rules.check_with_series(&agenda, view.as_ref())
        };
        let mut accepted = baseline.clone();
        let baselined = accepted.filter(text, &mut diagnostics);
        let examined = options.examiner.as_ref().map(|examiner| {
            examiner.examine(&Checked {
                agenda: &agenda,
                findings: &diagnostics,
                config: &context.config,
                root: place.root,
            })
        });
        let stale = accepted.unmatched();
        (diagnostics, agenda.lines, baselined, stale, examined)
    };
    let mut current = text;
    let mut fixed = 0;
    let mut original = None;
    let (mut diagnostics, mut lines, mut baselined, mut stale, mut examined) = check(&current);
    if options.fix.is_on() {
        for _ in 0..fix::MAX_PASSES {
            let Some(applied) = fix::apply(&current, &diagnostics, options.fix.unsafe_fixes())
            else {
                break;
            };
            if applied.text == current {
                break;
            }
            fixed += applied.fixed;
            let before = std::mem::replace(&mut current, applied.text);
            original.get_or_insert(before);
            (diagnostics, lines, baselined, stale, examined) = check(&current);
        }
    }
    let located: Vec<Located> = diagnostics
        .into_iter()
        .map(|diagnostic| Located {
            start: lines.location(&current, diagnostic.span.start),
            end: lines.location(&current, diagnostic.span.end),
            diagnostic,
        })
        .collect();
    let keep = options.keep_sources && !located.is_empty();
    let source = keep.then(|| Arc::from(current.as_str()));
    FileResult {
        path: display.to_string(),
        source,
        diagnostics: located,
        fixed,
        change: original.map(|before| Change {
            before,
            after: current,
        }),
        omitted: Omitted {
            baselined,
            ..Omitted::default()
        },
        stale_baseline: stale,
        baseline: None,
        examined,
        skipped: None,
    }
}

/// Reads a file as UTF-8, refusing files over `max` bytes and anything but a regular
/// file.
fn read_text(path: &Path, max: u64) -> Result<String, String> {
    crate::read::text(path, max).map_err(|e| e.to_string())
}

fn file_error_finding(message: &str) -> Located {
    Located {
        diagnostic: Diagnostic::new(
            FILE_ERROR,
            Severity::Error,
            Span::empty(0),
            message,
            "Fix the file or its permissions, or exclude it in `.agendalint.yaml`",
        ),
        start: LineColumn { line: 1, column: 1 },
        end: LineColumn { line: 1, column: 1 },
    }
}

fn file_error(display: &str, reason: &str) -> FileResult {
    FileResult {
        path: display.to_string(),
        diagnostics: vec![file_error_finding(&format!(
            "Cannot check this file: {reason}"
        ))],
        ..FileResult::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The previous meeting's file is read again for its open tasks; a file that became
    /// a named pipe since the series was indexed is skipped at once, not waited on.
    #[cfg(unix)]
    #[test]
    fn a_previous_meeting_that_became_a_fifo_is_not_waited_on() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().to_path_buf();
        let previous = root.join("2026-11-16.md");
        let made = std::process::Command::new("mkfifo")
            .arg(&previous)
            .status()
            .is_ok_and(|s| s.success());
        if !made {
            return;
        }
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let vocabulary = crate::model::SectionVocabulary::builtin();
            let mut index = SeriesIndex::default();
            let text = "---\ndate: 2026-11-16\nwith: Alex\n---\n- [ ] Send the RFC\n";
            index.add(&root, &series::summarize(&previous, text, vocabulary));
            index.finish();
            let path = root.join("2026-11-23.md");
            let this = series::identify(&path, "---\ndate: 2026-11-23\nwith: Alex\n---\n");
            let view = index.view(&root, &this).expect("a series");
            let texts = HashMap::new();
            let place = SeriesPlace {
                index: &index,
                root: &root,
                path: &path,
                texts: &texts,
                known_tasks: None,
                max_file_size: DEFAULT_MAX_FILE_SIZE,
            };
            let _ = sender.send(place.previous_tasks(&view));
        });
        let tasks = receiver
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the previous meeting's file is not waited on");
        assert!(tasks.is_empty());
    }
}
