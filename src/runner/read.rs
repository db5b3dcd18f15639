//! Reading a file for a run: its text, from disk or from the texts given or fixed; the
//! `file-error` finding when it cannot be read; and whether a file read is checked at
//! all.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::CheckOptions;
use super::plan::Target;
use crate::diagnostic::{Diagnostic, FILE_ERROR, Severity, Span};
use crate::model::LineColumn;
use crate::model::front_matter;
use crate::outcome::{FileResult, Located, Omitted};
use crate::series;

/// Reads a file as UTF-8, refusing files over `max` bytes and anything but a regular
/// file.
pub(super) fn read_text(path: &Path, max: u64) -> Result<String, String> {
    crate::read::text(path, max).map_err(|e| e.to_string())
}

/// The current text of a file given as text or already fixed, if it is one.
pub(super) fn text_of<'t>(texts: &'t HashMap<PathBuf, String>, path: &Path) -> Option<&'t String> {
    if texts.is_empty() {
        return None;
    }
    texts.get(&absolute(path))
}

pub(super) fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

pub(super) fn file_error_finding(message: &str) -> Located {
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

pub(super) fn file_error(display: &str, reason: &str) -> FileResult {
    FileResult {
        path: display.to_string(),
        diagnostics: vec![file_error_finding(&format!(
            "Cannot check this file: {reason}"
        ))],
        ..FileResult::default()
    }
}

/// Why a file that was read is not checked, if it is not: found by walking a folder
/// and not an agenda by its look, or dated before `--since`.
pub(super) fn not_checked(
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
