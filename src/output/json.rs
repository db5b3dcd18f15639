//! `--format json`: one stable, versioned document (SPEC §5), written as the findings
//! come (see `JsonWriter`).

use std::io::{self, Write};

use serde::Serialize;

use super::spill::Spill;
use super::{FileWriter, Tally};
use crate::outcome::FileResult;

/// The version of the JSON document; bumped on any incompatible change.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    fixable: usize,
    // What was found but not shown, present when there is some (so that a run with no
    // baseline, `--since` or commit gives the same document as before these existed).
    #[serde(skip_serializing_if = "is_zero")]
    baselined: usize,
    #[serde(skip_serializing_if = "is_zero")]
    stale_baseline: usize,
    #[serde(skip_serializing_if = "is_zero")]
    before_since: usize,
    #[serde(skip_serializing_if = "is_zero")]
    not_from_commit: usize,
    #[serde(skip_serializing_if = "is_zero")]
    not_agendas: usize,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's `skip_serializing_if` passes a reference
fn is_zero(n: &usize) -> bool {
    *n == 0
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

/// Writes each diagnostic's JSON text as it comes into a [`Spill`] (the summary goes
/// first in the document, and is only known at the end), then the document: head,
/// summary from the run's counts, the diagnostics, the closing brackets. Memory stays
/// flat: past a mebibyte the diagnostics wait in a temporary file.
pub(super) struct JsonWriter {
    /// The pretty-printed diagnostics, each indented for its place in the document,
    /// separated by `,\n`.
    diagnostics: Spill,
    /// Reused for each diagnostic's text.
    buffer: String,
}

impl Default for JsonWriter {
    fn default() -> Self {
        Self {
            diagnostics: Spill::new(),
            buffer: String::new(),
        }
    }
}

impl FileWriter for JsonWriter {
    fn file(&mut self, file: &FileResult, _: &mut dyn Write) -> io::Result<()> {
        for located in &file.diagnostics {
            let d = &located.diagnostic;
            let diagnostic = JsonDiagnostic {
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
            };
            self.buffer.clear();
            if !self.diagnostics.is_empty() {
                self.buffer.push_str(",\n");
            }
            push_nested(&mut self.buffer, &diagnostic, 2, true)?;
            self.diagnostics.push(&self.buffer)?;
        }
        Ok(())
    }

    fn finish(&mut self, tally: &Tally, out: &mut dyn Write) -> io::Result<()> {
        let summary = JsonSummary {
            files: tally.summary.files,
            errors: tally.summary.errors,
            warnings: tally.summary.warnings,
            infos: tally.summary.infos,
            fixable: tally.summary.fixable,
            baselined: tally.summary.baselined,
            stale_baseline: tally.summary.stale_baseline,
            before_since: tally.summary.before_since,
            not_from_commit: tally.summary.not_from_commit,
            not_agendas: tally.summary.not_agendas,
        };
        let mut head = format!("{{\n  \"version\": {VERSION},\n  \"summary\": ");
        push_nested(&mut head, &summary, 1, false)?;
        if self.diagnostics.is_empty() {
            head.push_str(",\n  \"diagnostics\": []\n}\n");
            return out.write_all(head.as_bytes());
        }
        head.push_str(",\n  \"diagnostics\": [\n");
        out.write_all(head.as_bytes())?;
        self.diagnostics.copy_to(out)?;
        out.write_all(b"\n  ]\n}\n")
    }
}

/// Appends `value` pretty-printed (two-space indents) as it appears `depth` levels deep
/// in a pretty-printed document: every line but the first is indented by the depth;
/// the first too when `indent_first`.
pub(super) fn push_nested(
    out: &mut String,
    value: &impl Serialize,
    depth: usize,
    indent_first: bool,
) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(json_to_io)?;
    let indent = "  ".repeat(depth);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if i > 0 || indent_first {
            out.push_str(&indent);
        }
        out.push_str(line);
    }
    Ok(())
}

/// Keeps the I/O error kind (a closed pipe must stay recognisable as one).
pub(super) fn json_to_io(error: serde_json::Error) -> io::Error {
    match error.io_error_kind() {
        Some(kind) => io::Error::new(kind, error),
        None => io::Error::other(error),
    }
}
