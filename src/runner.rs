//! One `agendalint check` run: find the files, find each one's config, check them in
//! parallel (fixing them when asked), and return the findings in a deterministic order.
//!
//! Nothing here prints. Files that cannot be read or written become `file-error`
//! findings so that every output format reports them; the rest are still checked.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{Config, ConfigError, Discovery};
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::engine::RuleSet;
use crate::error::UsageError;
use crate::files::{self, Candidate};
use crate::fix::{self, FixMode};
use crate::model::{Agenda, LineColumn};
use crate::rules;
use crate::series::{self, SeriesIndex, SeriesView, Summary};

/// The pseudo-rule of files that could not be checked (unreadable, not UTF-8, ...).
pub const FILE_ERROR: &str = "file-error";

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
        }
    }
}

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
}

impl CheckRun {
    /// Whether anything kept the tool from doing its whole job (exit status 2).
    pub fn has_tool_errors(&self) -> bool {
        !self.config_errors.is_empty()
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
}

/// Finds and builds the context of each file, caching per folder and per config file.
struct Contexts<'o> {
    options: &'o CheckOptions,
    fixed: Option<Arc<Context>>,
    discovery: Discovery,
    loaded: HashMap<Option<PathBuf>, Option<Arc<Context>>>,
    errors: Vec<ConfigError>,
}

impl<'o> Contexts<'o> {
    fn new(options: &'o CheckOptions) -> Result<Self, UsageError> {
        let mut contexts = Self {
            options,
            fixed: None,
            discovery: Discovery::default(),
            loaded: HashMap::new(),
            errors: Vec::new(),
        };
        contexts.fixed = match &options.config {
            ConfigChoice::File(path) => Some(contexts.build(Config::load(path)?)),
            ConfigChoice::Defaults => Some(contexts.build(Config::defaults(PathBuf::from(".")))),
            ConfigChoice::Discover => None,
        };
        Ok(contexts)
    }

    fn wanted(&self, id: &str) -> bool {
        let options = self.options;
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
    /// A file on disk.
    File {
        path: PathBuf,
        context: Arc<Context>,
        root: Arc<Path>,
    },
    /// A file given as text.
    Text {
        file: VirtualFile,
        context: Arc<Context>,
        root: Arc<Path>,
    },
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

    fn series_root(&self) -> Option<(&Path, &Arc<Context>)> {
        match self {
            Job::File { root, context, .. } | Job::Text { root, context, .. } => {
                Some((root, context))
            }
            Job::Problem { .. } => None,
        }
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
    })
}

/// What is left of a run once every file's results were handed on.
#[derive(Debug, Default)]
pub struct RunEnd {
    /// Config files that could not be used (the files they govern were skipped).
    pub config_errors: Vec<ConfigError>,
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
        'chunks: loop {
            let chunk: Vec<Job> = std::iter::from_fn(|| planner.next(&mut contexts))
                .take(CHUNK)
                .collect();
            if chunk.is_empty() {
                break;
            }
            for job in &chunk {
                if let Some((root, context)) = job.series_root() {
                    if context.rules.uses_series() && !index.covers(root) {
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
    Ok(RunEnd {
        config_errors: contexts.errors,
    })
}

/// With fixes on, a meeting's fixes can change what the next meeting must carry over:
/// repeats whole rounds over the fixed texts until no file changes.
fn check_and_fix_all(
    jobs: &[Job],
    options: &CheckOptions,
    contexts: &mut Contexts<'_>,
    sources: &SeriesSources<'_>,
) -> Vec<FileResult> {
    let mut texts = sources.texts.clone();
    let series_fixes = jobs
        .iter()
        .filter_map(Job::series_root)
        .any(|(_, c)| c.rules.uses_series());
    let mut originals: HashMap<PathBuf, (String, usize)> = HashMap::new();
    let mut files = Vec::new();
    for _ in 0..fix::MAX_PASSES {
        let round = SeriesSources {
            texts: &texts,
            ..*sources
        };
        let mut index = SeriesIndex::default();
        for (root, context) in jobs.iter().filter_map(Job::series_root) {
            if context.rules.uses_series() && !index.covers(root) {
                index_root(&mut index, root, contexts, &round);
            }
        }
        files = jobs
            .par_iter()
            .map(|job| run_job(job, options, &index, &texts))
            .collect();
        if !series_fixes {
            break;
        }
        let mut changed = false;
        for (job, result) in jobs.iter().zip(&mut files) {
            let (Some(path), Some(change)) = (job.path(), result.change.take()) else {
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
    if matches!(options.fix, FixMode::Apply { .. }) {
        files = jobs
            .par_iter()
            .zip(files)
            .map(|(job, result)| write_fixes(job, result, options))
            .collect();
    }
    files
}

/// Names given to `--select`/`--ignore` must be built-in or custom rules.
///
/// Custom rules live in config files: when a name is not built-in, every config that
/// governs the files is loaded first (a walk that only looks for config files).
fn check_rule_names(options: &CheckOptions, contexts: &mut Contexts<'_>) -> Result<(), UsageError> {
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
            return Err(UsageError::unknown_rule(name, &format!(" in {flag}")));
        }
    }
    Ok(())
}

/// Turns the paths given into jobs one at a time, each with its context; applies
/// include and exclude. Files given as text come first.
struct Planner {
    virtual_jobs: std::collections::VecDeque<Job>,
    candidates: files::Candidates,
}

impl Planner {
    fn new(options: &CheckOptions, contexts: &mut Contexts<'_>) -> Self {
        let mut virtual_jobs = std::collections::VecDeque::new();
        for file in &options.virtual_files {
            if let Some(context) = contexts.for_file(&file.path) {
                let selected = if file.walked {
                    context.config.includes(&file.path)
                } else {
                    !context.config.excludes(&file.path)
                };
                if selected {
                    let root = context.root(&files::parent_of(&file.path).into());
                    virtual_jobs.push_back(Job::Text {
                        file: file.clone(),
                        context,
                        root,
                    });
                }
            }
        }
        Self {
            virtual_jobs,
            candidates: files::candidates(&options.paths),
        }
    }

    /// Where each file given as text sits: its notes root, path and context.
    fn virtual_places(&self) -> Vec<(Arc<Path>, PathBuf, Arc<Context>)> {
        self.virtual_jobs
            .iter()
            .filter_map(|job| match job {
                Job::Text {
                    file,
                    context,
                    root,
                } => Some((Arc::clone(root), file.path.clone(), Arc::clone(context))),
                _ => None,
            })
            .collect()
    }

    fn next(&mut self, contexts: &mut Contexts<'_>) -> Option<Job> {
        if let Some(job) = self.virtual_jobs.pop_front() {
            return Some(job);
        }
        for candidate in self.candidates.by_ref() {
            match candidate {
                Candidate::Problem { path, reason } => return Some(Job::Problem { path, reason }),
                Candidate::File {
                    path,
                    explicit,
                    given_root,
                } => {
                    // Files governed by a broken config are skipped; its error is reported.
                    let Some(context) = contexts.for_file(&path) else {
                        continue;
                    };
                    let selected = if explicit {
                        !context.config.excludes(&path)
                    } else {
                        context.config.includes(&path)
                    };
                    if selected {
                        let root = context.root(&given_root);
                        return Some(Job::File {
                            path,
                            context,
                            root,
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
    contexts: &mut Contexts<'_>,
    sources: &SeriesSources<'_>,
) {
    index.cover(root);
    let mut candidates = files::candidates(&[root.to_path_buf()]);
    // Files on disk whose current text is given: summarised from that text.
    let mut from_text: Vec<PathBuf> = Vec::new();
    loop {
        let mut work: Vec<(PathBuf, Arc<Context>)> = Vec::with_capacity(CHUNK);
        for candidate in candidates.by_ref() {
            let Candidate::File { path, .. } = candidate else {
                continue;
            };
            if let Some(context) = contexts.for_file(&path) {
                if context.config.includes(&path) {
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
                if let Some(text) = text_of(sources.texts, path) {
                    return Some(series::summarize(path, text, vocabulary));
                }
                let text = read_text(path, sources.max_file_size).ok()?;
                Some(series::summarize(path, &text, vocabulary))
            })
            .collect();
        for summary in &summaries {
            if text_of(sources.texts, &summary.path).is_some() {
                from_text.push(absolute(&summary.path));
            }
            index.add(root, summary);
        }
    }
    // Files given as text and not found above (not on disk, say): they belong to the
    // series as their text says.
    for (file_root, path, context) in sources.virtual_jobs {
        if **file_root != *root || from_text.contains(&absolute(path)) {
            continue;
        }
        if let Some(text) = text_of(sources.texts, path) {
            index.add(
                root,
                &series::summarize(path, text, &context.config.vocabulary),
            );
        }
    }
    index.finish();
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

/// Where a checked file sits for the series rules.
struct SeriesPlace<'i> {
    index: &'i SeriesIndex,
    root: &'i Path,
    path: &'i Path,
    /// Current texts of files given as text or already fixed.
    texts: &'i HashMap<PathBuf, String>,
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
    let (path, context, root) = match job {
        Job::Problem { path, reason } => return file_error(&files::display_path(path), reason),
        Job::Text {
            file,
            context,
            root,
        } => (&file.path, context, root),
        Job::File {
            path,
            context,
            root,
        } => (path, context, root),
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
    let place = SeriesPlace {
        index,
        root,
        path,
        texts,
        max_file_size: options.max_file_size,
    };
    check_and_fix(&display, text, context, options, &place)
}

/// `--fix`: writes a file's fixed text; when that fails, reports the file as it is on
/// disk, with the reason.
fn write_fixes(job: &Job, result: FileResult, options: &CheckOptions) -> FileResult {
    let (
        Job::File {
            path,
            context,
            root,
        },
        Some(change),
    ) = (job, &result.change)
    else {
        return result;
    };
    let Err(reason) = fix::write_atomically(path, &change.before, &change.after) else {
        return result;
    };
    let display = files::display_path(path);
    let index = SeriesIndex::default();
    let texts = HashMap::new();
    let place = SeriesPlace {
        index: &index,
        root,
        path,
        texts: &texts,
        max_file_size: options.max_file_size,
    };
    let mut unfixed = check_and_fix(
        &display,
        change.before.clone(),
        context,
        &no_fix(options),
        &place,
    );
    unfixed.diagnostics.insert(
        0,
        file_error_finding(&format!("Cannot apply fixes: {reason}")),
    );
    unfixed
}

fn no_fix(options: &CheckOptions) -> CheckOptions {
    CheckOptions {
        fix: FixMode::Off,
        ..options.clone()
    }
}

/// Checks a file's text; with fixes on, applies them pass after pass until nothing
/// changes, and reports what remains in the fixed text.
fn check_and_fix(
    display: &str,
    text: String,
    context: &Context,
    options: &CheckOptions,
    place: &SeriesPlace<'_>,
) -> FileResult {
    let uses_series = context.rules.uses_series();
    let check = |text: &str| {
        let agenda = Agenda::parse(display, text, &context.config.vocabulary);
        // This meeting's place in its series comes from its current text (fix passes
        // change it); the series rules read the rest from `agenda`.
        let this = uses_series.then(|| series::identify(place.path, text));
        let mut view = this
            .as_ref()
            .and_then(|this| place.index.view(place.root, this));
        if let Some(view) = &mut view {
            view.previous_tasks = place.previous_tasks(view);
        }
        let diagnostics = context.rules.check_with_series(&agenda, view.as_ref());
        (diagnostics, agenda.lines)
    };
    let mut current = text;
    let mut fixed = 0;
    let mut original = None;
    let (mut diagnostics, mut lines) = check(&current);
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
            (diagnostics, lines) = check(&current);
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
