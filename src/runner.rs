//! One `agendalint check` run: find the files, find each one's config, check them in
//! parallel, and return the findings in a deterministic order.
//!
//! Nothing here prints. Files that cannot be read become `file-error` findings so that
//! every output format reports them; the rest are still checked.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{Config, ConfigError, Discovery};
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::engine::RuleSet;
use crate::error::UsageError;
use crate::files::{self, Candidate};
use crate::model::{Agenda, LineColumn};
use crate::rules::custom::CustomRule;
use crate::rules::{self, BuildContext};

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

/// What to check and how: resolved from the command line, free of clap types.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Files and folders; empty means the current folder.
    pub paths: Vec<PathBuf>,
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
}

impl Default for CheckOptions {
    fn default() -> Self {
        Self {
            paths: Vec::new(),
            config: ConfigChoice::Discover,
            select: Vec::new(),
            ignore: Vec::new(),
            keep_sources: true,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
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
#[derive(Debug, Clone)]
pub struct FileResult {
    /// The path as shown.
    pub path: String,
    /// The file's text, when kept for snippets.
    pub source: Option<Arc<str>>,
    /// Findings, sorted by offset.
    pub diagnostics: Vec<Located>,
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
}

/// The rules and settings of one config file.
struct Context {
    config: Config,
    rules: RuleSet,
}

/// Runs a check.
pub fn check(options: &CheckOptions) -> Result<CheckRun, UsageError> {
    // Names that are no built-in rule may be custom rules of a config found below.
    let unknown_names: Vec<(&String, &'static str)> = options
        .select
        .iter()
        .map(|n| (n, "--select"))
        .chain(options.ignore.iter().map(|n| (n, "--ignore")))
        .filter(|(name, _)| rules::find(name).is_none())
        .collect();
    let wanted = |id: &str| {
        (options.select.is_empty() || options.select.iter().any(|s| s == id))
            && !options.ignore.iter().any(|s| s == id)
    };
    let build = |config: Config| -> Arc<Context> {
        let context = BuildContext {
            company_goals: &config.file.company_goals,
        };
        let mut rules = RuleSet::new(config.file.rules.build(&context, &wanted));
        for custom in &config.file.custom_rules.0 {
            if wanted(&custom.id.0) {
                rules.push(
                    Box::new(CustomRule::new(
                        custom.id.0.clone(),
                        custom.level.unwrap_or(Severity::Warning),
                        custom.pattern.0.clone(),
                        custom.message.0.clone(),
                        custom.help.0.clone(),
                        custom.sections.clone(),
                    )),
                    None,
                );
            }
        }
        Arc::new(Context { config, rules })
    };

    let fixed = match &options.config {
        ConfigChoice::File(path) => Some(build(Config::load(path)?)),
        ConfigChoice::Defaults => Some(build(Config::defaults(PathBuf::from(".")))),
        ConfigChoice::Discover => None,
    };

    let paths = if options.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        options.paths.clone()
    };
    let mut discovery = Discovery::default();
    let mut loaded: HashMap<Option<PathBuf>, Option<Arc<Context>>> = HashMap::new();
    let mut run = CheckRun::default();
    let mut work: Vec<(Candidate, Option<Arc<Context>>)> = Vec::new();
    for candidate in files::collect(&paths) {
        let Candidate::File { path, explicit } = &candidate else {
            work.push((candidate, None));
            continue;
        };
        let context = if let Some(context) = &fixed {
            Some(Arc::clone(context))
        } else {
            {
                let folder = path.parent().unwrap_or_else(|| Path::new("."));
                let folder = if folder.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    folder
                };
                let nearest = discovery.nearest(folder);
                loaded
                    .entry(nearest.clone())
                    .or_insert_with(|| match &nearest {
                        None => Some(build(Config::defaults(PathBuf::from(".")))),
                        Some(file) => match Config::load(file) {
                            Ok(config) => Some(build(config)),
                            Err(error) => {
                                run.config_errors.push(error);
                                None
                            }
                        },
                    })
                    .clone()
            }
        };
        // Files governed by a broken config are skipped; the config error is reported.
        let Some(context) = context else { continue };
        let selected = if *explicit {
            !context.config.excludes(path)
        } else {
            context.config.includes(path)
        };
        if selected {
            work.push((candidate, Some(context)));
        }
    }

    let custom_ids: Vec<&str> = fixed
        .iter()
        .chain(loaded.values().flatten())
        .flat_map(|c| c.config.file.custom_rules.0.iter().map(|r| r.id.0.as_str()))
        .collect();
    if let Some((name, flag)) = unknown_names
        .iter()
        .find(|(name, _)| !custom_ids.contains(&name.as_str()))
    {
        return Err(UsageError::unknown_rule(name, &format!(" in {flag}")));
    }

    run.files = work
        .into_par_iter()
        .map(|(candidate, context)| match (candidate, context) {
            (Candidate::File { path, .. }, Some(context)) => check_file(&path, &context, options),
            (candidate, _) => {
                let reason = if let Candidate::Problem { reason, .. } = &candidate {
                    reason.clone()
                } else {
                    "no configuration".to_string()
                };
                file_error(candidate.path(), &reason)
            }
        })
        .collect();
    Ok(run)
}

fn check_file(path: &Path, context: &Context, options: &CheckOptions) -> FileResult {
    match read_text(path, options.max_file_size) {
        Ok(text) => check_text(
            &files::display_path(path),
            text,
            context,
            options.keep_sources,
        ),
        Err(reason) => file_error(path, &reason),
    }
}

/// Reads a file as UTF-8, refusing files over `max` bytes.
fn read_text(path: &Path, max: u64) -> Result<String, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| files::describe_io(&e))?;
    let meta = file.metadata().map_err(|e| files::describe_io(&e))?;
    if !meta.is_file() {
        return Err("not a regular file".to_string());
    }
    if meta.len() > max {
        return Err(format!(
            "file is {} bytes, over the {max}-byte limit; it was not read",
            meta.len()
        ));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| files::describe_io(&e))?;
    if bytes.len() as u64 > max {
        return Err(format!(
            "file is over the {max}-byte limit; it was not read"
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        format!("not valid UTF-8 (first invalid byte at offset {at}); save it as UTF-8")
    })
}

fn check_text(display: &str, text: String, context: &Context, keep_source: bool) -> FileResult {
    let diagnostics: Vec<Located> = {
        let agenda = Agenda::parse(display, &text, &context.config.vocabulary);
        context
            .rules
            .check(&agenda)
            .into_iter()
            .map(|diagnostic| Located {
                start: agenda.lines.location(&text, diagnostic.span.start),
                end: agenda.lines.location(&text, diagnostic.span.end),
                diagnostic,
            })
            .collect()
    };
    let source = (keep_source && !diagnostics.is_empty()).then(|| Arc::from(text));
    FileResult {
        path: display.to_string(),
        source,
        diagnostics,
    }
}

fn file_error(path: &Path, reason: &str) -> FileResult {
    FileResult {
        path: files::display_path(path),
        source: None,
        diagnostics: vec![Located {
            diagnostic: Diagnostic::new(
                FILE_ERROR,
                Severity::Error,
                Span::empty(0),
                format!("Cannot check this file: {reason}"),
                "Fix the file or its permissions, or exclude it in `.agendalint.yaml`",
            ),
            start: LineColumn { line: 1, column: 1 },
            end: LineColumn { line: 1, column: 1 },
        }],
    }
}
