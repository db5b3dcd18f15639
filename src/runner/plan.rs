//! Planning a run: the context of each file (its config and rules, notes root and
//! baseline, found once per folder and config file), the jobs the paths given turn
//! into, and the check of the rule names given to `--select` and `--ignore`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use super::{CheckOptions, ConfigChoice, VirtualFile};
use crate::baseline::{Baseline, BaselineError};
use crate::config::{Config, ConfigError, Discovery, PrivacyChecks};
use crate::engine::RuleSet;
use crate::error::UsageError;
use crate::files::{self, Candidate};
use crate::privacy::allowlist::{self, Allowlist};
use crate::rules;
use crate::rules::PrivacyContext;

/// The rules and settings of one config file.
pub(super) struct Context {
    pub(super) config: Config,
    pub(super) rules: RuleSet,
    /// The folder of the config file, when it was discovered: the notes root of the
    /// files it governs.
    notes_root: Option<Arc<Path>>,
    /// The fingerprint of the config's section vocabulary, once asked.
    vocabulary_fingerprint: OnceLock<u64>,
}

impl Context {
    /// The notes root of a file: the folder of its discovered config file, else the
    /// folder given on the command line it was found in.
    pub(super) fn root(&self, given_root: &Arc<Path>) -> Arc<Path> {
        Arc::clone(self.notes_root.as_ref().unwrap_or(given_root))
    }

    /// The fingerprint of the config's section vocabulary (see
    /// [`crate::model::SectionVocabulary::fingerprint`]).
    pub(super) fn vocabulary_fingerprint(&self) -> u64 {
        *self
            .vocabulary_fingerprint
            .get_or_init(|| self.config.vocabulary.fingerprint())
    }

    /// The folder of a file's baseline: the config file's, else the notes root.
    pub(super) fn baseline_dir(&self, root: &Arc<Path>) -> Arc<Path> {
        match &self.config.path {
            Some(file) => files::parent_of(file).into(),
            None => Arc::clone(root),
        }
    }
}

/// What a file is checked with: its config, notes root and baseline.
#[derive(Clone)]
pub(super) struct Target {
    pub(super) context: Arc<Context>,
    pub(super) root: Arc<Path>,
    pub(super) baseline_dir: Arc<Path>,
    pub(super) baseline: Option<Arc<Baseline>>,
}

/// What of a run's options decides each file's context.
#[derive(Clone, Debug)]
struct ContextOptions {
    config: ConfigChoice,
    select: Vec<String>,
    ignore: Vec<String>,
    use_baseline: bool,
    staged: Option<super::StagedRun>,
    privacy: bool,
}

/// Finds and builds the context of each file, caching per folder and per config file.
pub(super) struct Contexts {
    options: ContextOptions,
    fixed: Option<Arc<Context>>,
    pub(super) discovery: Discovery,
    loaded: HashMap<Option<PathBuf>, Option<Arc<Context>>>,
    /// The folder asked about last and its context: a walk gives the files of a folder
    /// one after the other, and finding the nearest config hashes the whole path.
    last: Option<(PathBuf, Option<Arc<Context>>)>,
    pub(super) errors: Vec<ConfigError>,
    /// Baselines by folder: `Ok(None)` when there is none, `Err` when it is broken.
    baselines: HashMap<Arc<Path>, Result<Option<Arc<Baseline>>, ()>>,
    pub(super) baseline_errors: Vec<BaselineError>,
}

impl Contexts {
    pub(super) fn new(options: &CheckOptions) -> Result<Self, ConfigError> {
        let mut contexts = Self {
            options: ContextOptions {
                config: options.config.clone(),
                select: options.select.clone(),
                ignore: options.ignore.clone(),
                use_baseline: options.use_baseline,
                staged: options.staged.clone(),
                privacy: options.privacy,
            },
            fixed: None,
            discovery: Discovery::default(),
            loaded: HashMap::new(),
            last: None,
            errors: Vec::new(),
            baselines: HashMap::new(),
            baseline_errors: Vec::new(),
        };
        contexts.fixed = match &options.config {
            ConfigChoice::File(path) => Some(contexts.build(Config::load(path)?)?),
            ConfigChoice::Defaults => Some(contexts.build(Config::defaults(PathBuf::from(".")))?),
            ConfigChoice::Discover => None,
        };
        Ok(contexts)
    }

    /// Whether rule `id` runs under a config whose `privacy:` says `privacy`: a rule
    /// named by `--select` always does; the privacy rules otherwise only where the
    /// config turns them on (by default in `check --staged`).
    fn wanted(&self, id: &str, privacy: PrivacyChecks) -> bool {
        let options = &self.options;
        if options.ignore.iter().any(|s| s == id) {
            return false;
        }
        if !options.select.is_empty() {
            return options.select.iter().any(|s| s == id);
        }
        !crate::privacy::is_guard_rule(id)
            || options.privacy
            || match privacy {
                PrivacyChecks::On => true,
                PrivacyChecks::Off => false,
                PrivacyChecks::Staged => options.staged.is_some(),
            }
    }

    fn build(&self, config: Config) -> Result<Arc<Context>, ConfigError> {
        let privacy = config.file.privacy.checks;
        let wanted = |id: &str| self.wanted(id, privacy);
        let allowlist = if crate::privacy::Category::ALL
            .iter()
            .any(|c| wanted(c.rule_id()))
        {
            let home = allowlist::home(config.path.as_deref(), Path::new("."));
            let list = Allowlist::load(&home)?;
            (!list.is_empty()).then(|| Arc::new(list))
        } else {
            None
        };
        let rules = RuleSet::for_config_with_privacy(
            &config.file,
            &wanted,
            PrivacyContext {
                config: None,
                allowlist,
                remote: self.options.staged.as_ref().and_then(|s| s.remote.clone()),
            },
        );
        let notes_root = match (&self.options.config, &config.path) {
            (ConfigChoice::Discover, Some(file)) => Some(files::parent_of(file).into()),
            _ => None,
        };
        Ok(Arc::new(Context {
            config,
            rules,
            notes_root,
            vocabulary_fingerprint: OnceLock::new(),
        }))
    }

    /// The context of a file at `path`; `None` when its config is broken.
    pub(super) fn for_file(&mut self, path: &Path) -> Option<Arc<Context>> {
        if let Some(context) = &self.fixed {
            return Some(Arc::clone(context));
        }
        let folder = path
            .parent()
            .filter(|f| !f.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if let Some((last, context)) = &self.last {
            if last.as_os_str() == folder.as_os_str() {
                return context.clone();
            }
        }
        let nearest = self.discovery.nearest(folder);
        if let Some(cached) = self.loaded.get(&nearest) {
            let context = cached.clone();
            self.last = Some((folder.to_path_buf(), context.clone()));
            return context;
        }
        let context = match &nearest {
            None => match self.build(Config::defaults(PathBuf::from("."))) {
                Ok(context) => Some(context),
                Err(error) => {
                    self.errors.push(error);
                    None
                }
            },
            Some(file) => match Config::load(file).and_then(|config| self.build(config)) {
                Ok(context) => Some(context),
                Err(error) => {
                    self.errors.push(error);
                    None
                }
            },
        };
        self.loaded.insert(nearest, context.clone());
        self.last = Some((folder.to_path_buf(), context.clone()));
        context
    }

    /// What a file at `path`, found under `given_root`, is checked with; `None` when its
    /// config or baseline is broken (the error is recorded).
    pub(super) fn target(&mut self, path: &Path, given_root: &Arc<Path>) -> Option<Target> {
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
    pub(super) fn stale_baseline(&self) -> usize {
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
pub(super) enum Job {
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
    pub(super) fn path(&self) -> Option<&Path> {
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

    pub(super) fn series_root(&self) -> Option<(&Path, &Arc<Context>)> {
        self.target().map(|t| (&*t.root, &t.context))
    }
}

/// Names given to `--select`/`--ignore` must be built-in or custom rules.
///
/// Custom rules live in config files: when a name is not built-in, every config that
/// governs the files is loaded first (a walk that only looks for config files).
pub(super) fn check_rule_names(
    options: &CheckOptions,
    contexts: &mut Contexts,
) -> Result<(), UsageError> {
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
pub(super) struct Planner {
    virtual_jobs: std::collections::VecDeque<Job>,
    candidates: files::Candidates,
    only: Option<Arc<HashSet<PathBuf>>>,
    /// `--only-agendas`: named files count as walked ones.
    named_as_walked: bool,
}

impl Planner {
    pub(super) fn new(options: &CheckOptions, contexts: &mut Contexts) -> Self {
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
    pub(super) fn virtual_places(&self) -> Vec<(Arc<Path>, PathBuf, Arc<Context>)> {
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

    pub(super) fn next(&mut self, contexts: &mut Contexts) -> Option<Job> {
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
