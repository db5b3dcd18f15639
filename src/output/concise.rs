//! `--format concise`: `path:line:col: severity[rule] message`, one finding per line.

use std::io::{self, Write};

use super::{FileWriter, Tally};
use crate::outcome::FileResult;

pub(super) struct ConciseWriter;

impl FileWriter for ConciseWriter {
    fn file(&mut self, file: &FileResult, out: &mut dyn Write) -> io::Result<()> {
        for located in &file.diagnostics {
            let d = &located.diagnostic;
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                file.path, located.start.line, located.start.column, d.severity, d.rule, d.message
            )?;
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
