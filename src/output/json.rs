//! `--format json`: one stable, versioned document (SPEC §5).

use std::io::{self, Write};

use serde::Serialize;

use super::Summary;
use crate::runner::CheckRun;

/// The version of the JSON document; bumped on any incompatible change.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    summary: JsonSummary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    fixable: usize,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: &'static str,
    path: &'a str,
    message: &'a str,
    help: &'a str,
    span: JsonSpan,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonSpan {
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: &'static str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    start: usize,
    end: usize,
    replacement: &'a str,
}

pub(super) fn write(run: &CheckRun, out: &mut dyn Write) -> io::Result<()> {
    let summary = Summary::of(run);
    let document = Document {
        version: VERSION,
        summary: JsonSummary {
            files: summary.files,
            errors: summary.errors,
            warnings: summary.warnings,
            infos: summary.infos,
            fixable: summary.fixable,
        },
        diagnostics: run
            .diagnostics()
            .map(|(file, located)| {
                let d = &located.diagnostic;
                JsonDiagnostic {
                    rule: &d.rule,
                    severity: d.severity.as_str(),
                    path: &file.path,
                    message: &d.message,
                    help: &d.help,
                    span: JsonSpan {
                        start: d.span.start,
                        end: d.span.end,
                        line: located.start.line,
                        column: located.start.column,
                        end_line: located.end.line,
                        end_column: located.end.column,
                    },
                    fix: d.fix.as_ref().map(|fix| JsonFix {
                        applicability: fix.applicability.as_str(),
                        edits: fix
                            .edits
                            .iter()
                            .map(|e| JsonEdit {
                                start: e.span.start,
                                end: e.span.end,
                                replacement: &e.replacement,
                            })
                            .collect(),
                    }),
                }
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &document).map_err(json_to_io)?;
    writeln!(out)
}

/// Keeps the I/O error kind (a closed pipe must stay recognisable as one).
pub(super) fn json_to_io(error: serde_json::Error) -> io::Error {
    match error.io_error_kind() {
        Some(kind) => io::Error::new(kind, error),
        None => io::Error::other(error),
    }
}
