//! `--format human`: rustc-style reports rendered by miette — the file, line and
//! column, the source line with the span underlined, the message and `help:` — then a
//! summary line.
//!
//! miette sees only the lines around each finding, long ones clipped (`excerpt.rs`), and
//! a report it cannot draw (a panic inside it) falls back to plain lines for that
//! finding: a finding is never lost and the run never ends in a crash.

use std::cell::Cell;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, Report};

use super::excerpt::{Excerpt, LineStarts};
use super::{FileWriter, OutputOptions, Tally};
use crate::diagnostic::{Severity, Span};
use crate::outcome::{FileResult, Located};

fn handler(color: bool, width: usize) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_links(false)
        .with_context_lines(1)
}

pub(super) struct HumanWriter {
    handler: GraphicalReportHandler,
    rendered: String,
}

impl HumanWriter {
    pub(super) fn new(options: &OutputOptions) -> Self {
        Self {
            handler: handler(options.color, options.width),
            rendered: String::new(),
        }
    }
}

impl FileWriter for HumanWriter {
    fn file(&mut self, file: &FileResult, out: &mut dyn Write) -> io::Result<()> {
        // The words a privacy finding flags are masked in every snippet of the file,
        // whichever finding shows their line.
        let source = file.source.as_deref().map(|text| {
            let private =
                crate::privacy::mask::private_spans(file.diagnostics.iter().map(|l| &l.diagnostic));
            if private.is_empty() {
                std::borrow::Cow::Borrowed(text)
            } else {
                std::borrow::Cow::Owned(crate::privacy::mask::masked(text, &private))
            }
        });
        // Line starts once per file; each finding then shows only its own lines.
        let starts = source.as_deref().map(LineStarts::new);
        for located in &file.diagnostics {
            self.rendered.clear();
            let handler = &self.handler;
            let rendered = guarded(&mut self.rendered, |out| {
                render(
                    handler,
                    file,
                    source.as_deref(),
                    starts.as_ref(),
                    located,
                    out,
                )
            });
            if !rendered {
                // The report could not be drawn (a bug in the renderer): the finding is
                // still reported, as plain lines.
                self.rendered.clear();
                plain(file, located, &mut self.rendered);
            }
            out.write_all(self.rendered.as_bytes())?;
            writeln!(out)?;
        }
        Ok(())
    }

    fn finish(&mut self, tally: &Tally, out: &mut dyn Write) -> io::Result<()> {
        if let Some(fixed) = tally.fixed_line() {
            writeln!(out, "{fixed}")?;
        }
        writeln!(out, "{}", tally.summary.line())?;
        for note in tally.summary.notes() {
            writeln!(out, "{note}")?;
        }
        Ok(())
    }
}

thread_local! {
    /// Set while a report is drawn: a panic then is caught and is not printed.
    static DRAWING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `draw` into `out`; false when it failed or panicked. A panic inside the
/// rendering library must never end the run: it is caught here, and kept off standard
/// error by a panic hook that stays silent while a report is drawn (other panics are
/// reported by the hook that was there before).
fn guarded(out: &mut String, draw: impl FnOnce(&mut String) -> std::fmt::Result) -> bool {
    static QUIET_WHILE_DRAWING: Once = Once::new();
    QUIET_WHILE_DRAWING.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !DRAWING.with(Cell::get) {
                previous(info);
            }
        }));
    });
    DRAWING.with(|d| d.set(true));
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| draw(out)));
    DRAWING.with(|d| d.set(false));
    matches!(outcome, Ok(Ok(())))
}

/// A finding as plain lines, for when its report cannot be drawn.
fn plain(file: &FileResult, located: &Located, out: &mut String) {
    let d = &located.diagnostic;
    let _ = write!(
        out,
        "{}[{}]: {}\n  --> {}:{}:{}\n  help: {}\n",
        d.severity, d.rule, d.message, file.path, located.start.line, located.start.column, d.help
    );
}

/// Labels drawn per finding at most (the first ones): the report stays readable.
const MAX_LABELS: usize = 8;

fn render(
    handler: &GraphicalReportHandler,
    file: &FileResult,
    source: Option<&str>,
    starts: Option<&LineStarts>,
    located: &Located,
    out: &mut String,
) -> std::fmt::Result {
    let d = &located.diagnostic;
    let severity = match d.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    };
    let mut diagnostic =
        MietteDiagnostic::new(format!("{}[{}]: {}", d.severity, d.rule, d.message))
            .with_severity(severity);
    if !d.help.is_empty() {
        diagnostic = diagnostic.with_help(d.help.clone());
    }
    let (Some(source), Some(starts)) = (source, starts) else {
        // No text to show (the file could not be read): name the file instead.
        return writeln!(
            out,
            "{}[{}]: {}\n  --> {}\n  help: {}",
            d.severity, d.rule, d.message, file.path, d.help
        );
    };
    let labels = &d.labels[..d.labels.len().min(MAX_LABELS)];
    let spans: Vec<Span> = std::iter::once(d.span)
        .chain(labels.iter().map(|(span, _)| *span))
        .collect();
    let excerpt = Excerpt::new(&file.path, source, starts, &spans);
    let mut shown = vec![LabeledSpan::new_primary_with_span(
        None,
        excerpt.span(d.span),
    )];
    shown.extend(
        labels.iter().map(|(span, note)| {
            LabeledSpan::new_with_span(Some(note.clone()), excerpt.span(*span))
        }),
    );
    diagnostic = diagnostic.with_labels(shown);
    let report = Report::new(diagnostic).with_source_code(excerpt);
    handler.render_report(out, report.as_ref())
}

/// Renders a tool error (bad config, bad usage) for standard error; plain text when the
/// report cannot be drawn.
pub fn render_error(error: &dyn miette::Diagnostic, color: bool) -> String {
    let mut out = String::new();
    let handler = handler(color, 100);
    if !guarded(&mut out, |out| handler.render_report(out, error)) {
        out.clear();
        let _ = writeln!(out, "error: {error}");
        if let Some(place) = place_of(error) {
            let _ = writeln!(out, "  --> {place}");
        }
        if let Some(help) = error.help() {
            let _ = writeln!(out, "  help: {help}");
        }
    }
    out
}

/// `file:line:column` of a tool error's first label, when it has one.
fn place_of(error: &dyn miette::Diagnostic) -> Option<String> {
    let label = error.labels()?.next()?;
    let contents = error.source_code()?.read_span(label.inner(), 0, 0).ok()?;
    Some(format!(
        "{}:{}:{}",
        contents.name().unwrap_or(""),
        contents.line() + 1,
        contents.column() + 1
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_while_drawing_is_caught_and_reported_as_a_failure() {
        let mut out = String::from("stale");
        let drawn = guarded(&mut out, |_| panic!("Formatting argument out of range"));
        assert!(!drawn);
        assert!(
            !DRAWING.with(Cell::get),
            "panics outside a report are printed again"
        );
        assert!(guarded(&mut out, |out| write!(out, "fine")));
        assert!(!guarded(&mut out, |_| Err(std::fmt::Error)));
    }

    #[test]
    fn a_finding_that_cannot_be_drawn_becomes_plain_lines() {
        let located = Located {
            diagnostic: crate::diagnostic::Diagnostic::new(
                "missing-metric",
                Severity::Warning,
                Span::new(0, 1),
                "No metric",
                "Add one",
            ),
            start: crate::model::LineColumn { line: 3, column: 7 },
            end: crate::model::LineColumn { line: 3, column: 8 },
        };
        let file = FileResult {
            path: "notes/a.md".to_string(),
            ..FileResult::default()
        };
        let mut out = String::new();
        plain(&file, &located, &mut out);
        assert_eq!(
            out,
            "warning[missing-metric]: No metric\n  --> notes/a.md:3:7\n  help: Add one\n"
        );
    }
}
