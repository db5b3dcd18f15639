//! The job summary of a GitHub Actions step (`$GITHUB_STEP_SUMMARY`): a Markdown table
//! of the findings, appended once the run is done. GitHub shows at most ten annotations
//! of each kind per step; the summary lists more, and says how many there are in all.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::PathBuf;

use super::{FileWriter, Tally};
use crate::outcome::FileResult;

/// How many findings the table lists; the rest are counted.
const MAX_ROWS: usize = 50;

/// Wraps `inner` so that, besides writing what it writes, the run's findings are
/// appended as Markdown to the file at `path` when the run is done.
pub fn with_step_summary(inner: Box<dyn FileWriter>, path: PathBuf) -> Box<dyn FileWriter> {
    Box::new(StepSummary {
        inner,
        path,
        rows: Vec::new(),
        more: 0,
    })
}

struct StepSummary {
    inner: Box<dyn FileWriter>,
    path: PathBuf,
    rows: Vec<String>,
    more: usize,
}

/// A table cell: one line, pipes escaped.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

impl StepSummary {
    fn document(&self, tally: &Tally) -> String {
        let mut text = format!("### agendalint\n\n{}\n", tally.summary.line());
        for note in tally.summary.notes() {
            let _ = write!(text, "\n{note}\n");
        }
        if !self.rows.is_empty() {
            text.push_str(
                "\n| File | Line | Severity | Rule | Message |\n| --- | --- | --- | --- | --- |\n",
            );
            for row in &self.rows {
                text.push_str(row);
                text.push('\n');
            }
        }
        if self.more > 0 {
            let _ = write!(
                text,
                "\n… and {} more; the step's log lists every one.\n",
                self.more
            );
        }
        text
    }
}

impl FileWriter for StepSummary {
    fn file(&mut self, file: &FileResult, out: &mut dyn Write) -> io::Result<()> {
        for located in &file.diagnostics {
            if self.rows.len() == MAX_ROWS {
                self.more += 1;
                continue;
            }
            let d = &located.diagnostic;
            self.rows.push(format!(
                "| {} | {} | {} | `{}` | {} |",
                cell(&file.path),
                located.start.line,
                d.severity,
                cell(&d.rule),
                cell(&d.message)
            ));
        }
        self.inner.file(file, out)
    }

    fn finish(&mut self, tally: &Tally, out: &mut dyn Write) -> io::Result<()> {
        self.inner.finish(tally, out)?;
        let appended = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(&self.path)
            .and_then(|mut summary| summary.write_all(self.document(tally).as_bytes()));
        if let Err(error) = appended {
            super::write_stderr(&format!(
                "warning: cannot write the step summary to {}: {error}\n",
                self.path.display()
            ));
        }
        Ok(())
    }
}
