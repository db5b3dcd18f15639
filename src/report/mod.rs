//! `agendalint report`: the habits a notes folder shows over months, and the
//! contributions to bring to a review.
//!
//! The report reads exactly what `check` reads: the run is `runner::stream` with the
//! same config discovery, `include`/`exclude` and meeting series, and a
//! [`record::Recorder`] as its examiner, which learns what the report needs from each
//! agenda's model and findings on the thread that checked it. [`fold`] adds the records
//! up into one [`document::Report`] as they come, keeping no record; [`html`] and
//! [`markdown`] lay it out, and `--format json` writes it as it is. Nothing here prints:
//! `commands` writes the result.

mod actions;
mod digest;
pub mod document;
mod fold;
mod follow;
pub mod html;
pub mod markdown;
pub mod progress;
mod record;
mod reported;
mod svg;
#[cfg(test)]
mod tests;

use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use document::Report;
pub use fold::{Nothing, Range};

use crate::diagnostic::FILE_ERROR;
use crate::error::UsageError;
use crate::model::IsoDate;
use crate::runner::{self, CheckOptions, ConfigChoice, RunEnd};

/// What to report on, resolved from the command line.
#[derive(Clone, Debug)]
pub struct ReportOptions {
    /// Files and folders, as given.
    pub paths: Vec<PathBuf>,
    /// Where settings come from.
    pub config: ConfigChoice,
    /// The days covered.
    pub range: Range,
    /// Only the series with this person.
    pub with: Option<String>,
    /// Files above this size are not read.
    pub max_file_size: u64,
}

/// A report, and what kept it from covering everything.
#[derive(Debug)]
pub struct Built {
    /// The report; `Err` when there is nothing to report.
    pub report: Result<Report, Nothing>,
    /// Config files that could not be used (the files they govern were skipped).
    pub end: RunEnd,
    /// Files that could not be read, with why.
    pub file_errors: Vec<(String, String)>,
}

/// The report reads every agenda, whatever the config's `since`: that setting keeps
/// old agendas out of `check`'s findings, not out of their history.
const EVERY_AGENDA: IsoDate = IsoDate {
    year: 1000,
    month: 1,
    day: 1,
};

/// Reads the agendas and adds them up; `progress` is told of each file done.
///
/// Agendas are read once, unless a meeting series' agendas are not in date order by
/// path (`alex-jan.md`, `alex-feb.md`): following that series (career cadence, action
/// items) then takes a second reading, which runs no rule and keeps what following
/// needs of that series' meetings only.
pub fn build(options: &ReportOptions, progress: &mut dyn FnMut()) -> Result<Built, UsageError> {
    let check = CheckOptions {
        paths: options.paths.clone(),
        config: options.config.clone(),
        keep_sources: false,
        max_file_size: options.max_file_size,
        since: Some(EVERY_AGENDA),
        use_baseline: false,
        examiner: Some(Arc::new(record::Recorder)),
        ..CheckOptions::default()
    };
    let mut fold = fold::Fold::new(options.range.clone(), options.with.as_deref());
    let mut file_errors = Vec::new();
    let mut place = 0;
    let end = runner::stream(&check, &mut |file| {
        progress();
        place += 1;
        let examined = file
            .examined
            .and_then(|any| any.downcast::<record::Record>().ok());
        if file.skipped.is_some() {
            // Not an agenda by its look (a README, a journal): `check` skips it too.
            fold.add_not_agenda();
        } else if let Some(record) = examined {
            fold.add(&file.path, place - 1, Arc::unwrap_or_clone(record));
        } else {
            let reason = file
                .diagnostics
                .iter()
                .find(|d| d.diagnostic.rule == FILE_ERROR)
                .map_or_else(String::new, |d| d.diagnostic.message.clone());
            fold.add_file_error();
            file_errors.push((file.path, reason));
        }
        ControlFlow::Continue(())
    })?;
    // A second reading, running no rule, follows again the series read out of date
    // order (every agenda), and finds where initiatives were reported in the series
    // outside the report (the agendas that may say).
    let follow = fold.needs_second_reading();
    let outside = fold.begin_outside();
    if follow || outside.is_some() {
        let again = CheckOptions {
            examiner: Some(Arc::new(record::SecondRecorder {
                projects: outside.is_some(),
            })),
            examine_only: true,
            places: if follow { None } else { outside.map(Arc::new) },
            ..check
        };
        runner::stream(&again, &mut |file| {
            let examined = file
                .examined
                .and_then(|any| any.downcast::<record::Record>().ok());
            if let Some(record) = examined {
                fold.add_again(&file.path, Arc::unwrap_or_clone(record));
            }
            ControlFlow::Continue(())
        })?;
    }
    let scope = document::Scope {
        paths: options
            .paths
            .iter()
            .map(|p| crate::files::display_path(p))
            .collect(),
        since: options.range.since.map(|d| d.to_string()),
        until: options.range.until.map(|d| d.to_string()),
        with: options.with.clone(),
    };
    let report = fold.finish(scope);
    Ok(Built {
        report,
        end,
        file_errors,
    })
}

/// Writes the report as JSON: the document itself, pretty-printed, with a final
/// newline. It is serialised straight to `out`, never held whole in memory.
pub fn write_json(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    // A closed pipe stays a closed pipe (`report | head` is not an error).
    serde_json::to_writer_pretty(&mut *out, report).map_err(|e| match e.io_error_kind() {
        Some(kind) => std::io::Error::new(kind, e),
        None => std::io::Error::other(e),
    })?;
    out.write_all(b"\n")
}

/// The JSON Schema of [`write_json`]'s output.
pub fn json_schema() -> serde_json::Value {
    let schema = schemars::schema_for!(Report);
    serde_json::to_value(schema).unwrap_or_default()
}

/// Writes to `path` whole or not at all what `write` writes: into a temporary file
/// beside it, then renamed over it. The file gets the permissions of the one it
/// replaces, or those of any new file (the umask applies), not a temporary file's
/// owner-only ones.
pub fn write_file(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), String> {
    let folder = crate::files::parent_of(path);
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut file = builder
        .tempfile_in(&folder)
        .map_err(|e| crate::files::describe_io(&e))?;
    if let Ok(existing) = std::fs::metadata(path) {
        std::fs::set_permissions(file.path(), existing.permissions())
            .map_err(|e| crate::files::describe_io(&e))?;
    }
    let mut buffered = std::io::BufWriter::new(file.as_file_mut());
    write(&mut buffered)
        .and_then(|()| buffered.flush())
        .map_err(|e| crate::files::describe_io(&e))?;
    drop(buffered);
    file.as_file()
        .sync_all()
        .map_err(|e| crate::files::describe_io(&e))?;
    file.persist(path)
        .map_err(|e| crate::files::describe_io(&e.error))?;
    Ok(())
}

/// How the views name and link the agendas: by their path under the folder all of
/// them share, linked relative to where the report is written.
#[derive(Debug)]
pub struct Links {
    /// The folder every agenda of the report is in, as `check` names paths (with a
    /// trailing `/`), or empty.
    common: String,
    /// The folder the report is written to (absolute), or the current folder.
    base: PathBuf,
}

impl Links {
    /// Links for `report` written to `output` (standard output when `None`).
    pub fn new(report: &Report, output: Option<&Path>) -> Self {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let base = output.map_or_else(
            || cwd.clone(),
            |o| std::path::absolute(crate::files::parent_of(o)).unwrap_or_else(|_| cwd.clone()),
        );
        let mut paths = report
            .series
            .iter()
            .flat_map(|s| s.meetings.iter().map(|m| &m.path));
        let common = match paths.next() {
            None => String::new(),
            Some(first) => {
                let mut common = first.rfind('/').map_or("", |i| &first[..=i]).to_string();
                for path in paths {
                    while !path.starts_with(&common) {
                        common.pop();
                        common = common.rfind('/').map_or("", |i| &common[..=i]).to_string();
                    }
                }
                common
            }
        };
        Self { common, base }
    }

    /// A fixed base, for tests.
    pub fn with_base(report: &Report, base: PathBuf) -> Self {
        Self {
            base,
            ..Self::new(report, None)
        }
    }

    /// The folder every agenda is in, as shown (empty when they share none).
    pub fn common(&self) -> &str {
        &self.common
    }

    /// What the report is of, for its title: the folder every agenda is in, else the
    /// paths given; "." is named by the current folder's name.
    pub fn place(&self, report: &Report) -> String {
        let place = if self.common.is_empty() {
            report.scope.paths.join(", ")
        } else {
            self.common.trim_end_matches('/').to_string()
        };
        if place == "." || place.is_empty() {
            let cwd = std::env::current_dir().ok();
            if let Some(name) = cwd.as_deref().and_then(Path::file_name) {
                return name.to_string_lossy().into_owned();
            }
        }
        place
    }

    /// An agenda's path as shown: under the common folder.
    pub fn shown<'p>(&self, path: &'p str) -> &'p str {
        path.strip_prefix(&self.common).unwrap_or(path)
    }

    /// A relative link from the report to an agenda (`path` as `check` names it).
    pub fn href(&self, path: &str) -> String {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let target = std::path::absolute(cwd.join(path)).unwrap_or_else(|_| PathBuf::from(path));
        relative(&self.base, &target)
    }
}

/// `to` relative to the folder `from` (both absolute), with `/`.
fn relative(from: &Path, to: &Path) -> String {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let shared = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - shared];
    parts.extend(
        to[shared..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}
