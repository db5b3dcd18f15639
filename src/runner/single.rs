//! One agenda at a time, checked again and again as it changes: what an editor needs
//! from a run, through the same config discovery, rule sets, baselines and series rules
//! as `agendalint check`.
//!
//! A [`Resolver`] keeps what a run would find for each file (its config, rules, notes
//! root and baseline), cached as a run caches it, for as long as nothing on disk changes;
//! its caller drops it when a config or baseline file changes. Checking a text against a
//! [`FileTarget`] takes the meeting series from a [`SeriesIndex`] the caller keeps, so
//! that no other agenda is read while the user types. [`fixed_text`] is a whole
//! `check --fix` run on one text, so that an editor applies exactly what the command
//! line would.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::file::check_file_text;
use super::index::{SeriesPlace, SeriesSources, summarize_root};
use super::plan::{Contexts, Target};
use super::{CheckOptions, VirtualFile};
use crate::baseline::BaselineError;
use crate::config::{Config, ConfigError};
use crate::error::UsageError;
use crate::files;
use crate::fix::FixMode;
use crate::outcome::FileResult;
use crate::series::{self, SeriesIndex, Summary, Task};

/// Resolves and caches what each file is checked with, as a run does.
pub struct Resolver {
    options: CheckOptions,
    contexts: Contexts,
    /// Config files that could not be used, by path (`None`: the built-in defaults).
    config_errors: HashMap<Option<PathBuf>, Arc<ConfigError>>,
    /// Baselines that could not be used, by folder.
    baseline_errors: HashMap<PathBuf, Arc<BaselineError>>,
}

/// What a file is checked with: its config and rules, notes root and baseline.
#[derive(Clone)]
pub struct FileTarget {
    target: Target,
}

/// Why a file cannot be checked: the config or baseline that governs it is broken.
#[derive(Clone, Debug)]
pub enum Unusable {
    /// Its config file.
    Config {
        /// The file (`None` when there is no file to point at).
        file: Option<PathBuf>,
        /// What is wrong with it.
        error: Arc<ConfigError>,
    },
    /// Its baseline.
    Baseline {
        /// The baseline file.
        file: PathBuf,
        /// What is wrong with it.
        error: Arc<BaselineError>,
    },
}

/// What becomes of one file.
#[derive(Clone)]
pub enum Resolution {
    /// It is checked with this.
    Checked(FileTarget),
    /// Its config leaves it out (`exclude`, or `include` for files that are not
    /// Markdown).
    Excluded,
    /// It cannot be checked.
    Unusable(Unusable),
}

impl Resolver {
    /// A resolver for the config choice, rule selection, baseline use and size limit of
    /// `options` (its paths, files and fix mode are not used). Fails when the config file
    /// given for everything cannot be used.
    pub fn new(options: &CheckOptions) -> Result<Self, ConfigError> {
        let options = CheckOptions {
            paths: Vec::new(),
            virtual_files: Vec::new(),
            keep_sources: false,
            fix: FixMode::Off,
            only: None,
            ..options.clone()
        };
        let contexts = Contexts::new(&options)?;
        Ok(Self {
            options,
            contexts,
            config_errors: HashMap::new(),
            baseline_errors: HashMap::new(),
        })
    }

    /// The options every check of this resolver runs with.
    pub fn options(&self) -> &CheckOptions {
        &self.options
    }

    /// Reads and builds the config of a file in `folder` ahead of time: the rule set a
    /// later [`Resolver::resolve`] of a file there (or below, without a nearer config)
    /// would build is then ready. A broken config is recorded as a resolve records it.
    pub fn prepare(&mut self, folder: &Path) {
        let _ = self.resolve(&folder.join("agenda.md"), false);
    }

    /// What the file at `path` is checked with, as a file named on the command line
    /// (only `exclude` applies), or with `walked`, as a file found in a folder (`include`
    /// applies too).
    pub fn resolve(&mut self, path: &Path, walked: bool) -> Resolution {
        let given_root: Arc<Path> = files::parent_of(path).into();
        let Some(context) = self.contexts.for_file(path) else {
            return self.config_error(path);
        };
        let root = context.root(&given_root);
        let baseline_dir = context.baseline_dir(&root);
        let Some(target) = self.contexts.target(path, &given_root) else {
            let file = baseline_dir.join(crate::baseline::FILE_NAME);
            let key = baseline_dir.to_path_buf();
            for error in self.contexts.baseline_errors.drain(..) {
                self.baseline_errors.insert(key.clone(), Arc::new(error));
            }
            return match self.baseline_errors.get(&key) {
                Some(error) => Resolution::Unusable(Unusable::Baseline {
                    file,
                    error: Arc::clone(error),
                }),
                // A target is refused only for a broken config or baseline: the config
                // was fine, so this does not happen.
                None => Resolution::Excluded,
            };
        };
        let config = &target.context.config;
        let selected = if walked {
            config.includes(path)
        } else {
            !config.excludes(path)
        };
        if selected {
            Resolution::Checked(FileTarget { target })
        } else {
            Resolution::Excluded
        }
    }

    /// The broken config that governs `path`.
    fn config_error(&mut self, path: &Path) -> Resolution {
        let nearest = match &self.options.config {
            super::ConfigChoice::File(file) => Some(file.clone()),
            super::ConfigChoice::Defaults => None,
            super::ConfigChoice::Discover => {
                let folder = files::parent_of(path);
                self.contexts.discovery.nearest(&folder)
            }
        };
        // A config's error is recorded the first time it is loaded, and only then.
        if let Some(error) = self.contexts.errors.pop() {
            self.config_errors.insert(nearest.clone(), Arc::new(error));
            self.contexts.errors.clear();
        }
        match self.config_errors.get(&nearest) {
            Some(error) => Resolution::Unusable(Unusable::Config {
                file: nearest,
                error: Arc::clone(error),
            }),
            // Only a broken config file is refused, and its error was kept above.
            None => Resolution::Excluded,
        }
    }

    /// The series summary of the agenda at `path` as a run reads it from disk: `None`
    /// when its config does not count it as an agenda of its series, or it cannot be
    /// read.
    pub fn summarize(&mut self, path: &Path) -> Option<Summary> {
        let context = self.contexts.for_file(path)?;
        if !context.config.in_series(path) {
            return None;
        }
        let text = crate::read::text(path, self.options.max_file_size).ok()?;
        let mut summary = series::summarize(path, &text, &context.config.vocabulary);
        context.config.file.people.apply(&mut summary);
        Some(summary)
    }

    /// The series summaries of every agenda under `root`, read from disk as a run reads
    /// them for the series rules.
    pub fn summarize_root(&mut self, root: &Path) -> Vec<Summary> {
        let texts = HashMap::new();
        let sources = SeriesSources {
            texts: &texts,
            virtual_jobs: &[],
            max_file_size: self.options.max_file_size,
            cache: false,
            focus: None,
        };
        let mut all = Vec::new();
        summarize_root(root, &mut self.contexts, &sources, &mut |chunk| {
            all.extend_from_slice(chunk);
        });
        all
    }

    /// Checks `text` as `check` checks the file at `path` given as text (no fixes), as
    /// a file found by walking a folder when `walked` (then a file that is not an agenda
    /// by its look is left out): its series is `index` (which holds the other meetings
    /// under the target's notes root), and the open tasks of the previous meeting come
    /// from `known_tasks`, or from its file when that says `None`.
    #[allow(clippy::too_many_arguments)] // each is one thing a check of a buffer needs
    pub fn check(
        &self,
        target: &FileTarget,
        path: &Path,
        text: String,
        walked: bool,
        index: &SeriesIndex,
        known_tasks: &dyn Fn(&Path) -> Option<Vec<Task>>,
    ) -> FileResult {
        let texts = HashMap::new();
        let place = SeriesPlace {
            index,
            root: &target.target.root,
            path,
            texts: &texts,
            known_tasks: Some(known_tasks),
            max_file_size: self.options.max_file_size,
        };
        let display = files::display_path(path);
        check_file_text(
            &display,
            text,
            walked,
            &target.target,
            &self.options,
            &place,
            None,
        )
    }
}

impl FileTarget {
    /// The notes root: the folder whose agendas make up the file's meeting series.
    pub fn notes_root(&self) -> &Path {
        &self.target.root
    }

    /// The config the file is checked with.
    pub fn config(&self) -> &Config {
        &self.target.context.config
    }

    /// Whether any of its rules reads the meeting series.
    pub fn uses_series(&self) -> bool {
        self.target.context.rules.uses_series()
    }

    /// Whether two files are checked with the same config and rules.
    pub fn same_rules(&self, other: &FileTarget) -> bool {
        Arc::ptr_eq(&self.target.context, &other.target.context)
    }
}

/// What `check --fix` (with `unsafe_fixes`, `--unsafe-fixes` too) makes of `text` as the
/// file at `path`, its series read from disk: a whole run on that one text, nothing
/// written. `Ok(None)` when nothing changes or the file is not checked.
pub fn fixed_text(
    options: &CheckOptions,
    path: &Path,
    text: &str,
    unsafe_fixes: bool,
) -> Result<Option<String>, UsageError> {
    let options = CheckOptions {
        paths: Vec::new(),
        virtual_files: vec![VirtualFile {
            path: path.to_path_buf(),
            display: None,
            text: Ok(text.to_string()),
            walked: false,
            commit: None,
        }],
        keep_sources: false,
        fix: FixMode::Diff { unsafe_fixes },
        only: None,
        ..options.clone()
    };
    let run = super::check(&options)?;
    Ok(run
        .files
        .into_iter()
        .next()
        .and_then(|file| file.change)
        .map(|change| change.after))
}
