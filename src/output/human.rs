//! `--format human`: rustc-style reports rendered by miette — the file, line and
//! column, the source line with the span underlined, the message and `help:` — then a
//! summary line.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report,
};

use super::{FileWriter, OutputOptions, Tally};
use crate::diagnostic::Severity;
use crate::runner::{FileResult, Located};

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
        for located in &file.diagnostics {
            self.rendered.clear();
            render(&self.handler, file, located, &mut self.rendered).map_err(io::Error::other)?;
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

fn render(
    handler: &GraphicalReportHandler,
    file: &FileResult,
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
    let Some(source) = &file.source else {
        // No text to show (the file could not be read): name the file instead.
        return writeln!(
            out,
            "{}[{}]: {}\n  --> {}\n  help: {}",
            d.severity, d.rule, d.message, file.path, d.help
        );
    };
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        None,
        d.span.start..d.span.end,
    )];
    labels.extend(
        d.labels.iter().map(|(span, note)| {
            LabeledSpan::new_with_span(Some(note.clone()), span.start..span.end)
        }),
    );
    diagnostic = diagnostic.with_labels(labels);
    let report = Report::new(diagnostic)
        .with_source_code(NamedSource::new(file.path.clone(), Arc::clone(source)));
    handler.render_report(out, report.as_ref())
}

/// Renders a tool error (bad config, bad usage) for standard error.
pub fn render_error(error: &dyn miette::Diagnostic, color: bool) -> String {
    let mut out = String::new();
    if handler(color, 100).render_report(&mut out, error).is_err() {
        let _ = write!(out, "error: {error}");
    }
    out
}
