//! `--format concise`: `path:line:col: severity[rule] message`, one finding per line.

use std::io::{self, Write};

use super::Summary;
use crate::runner::CheckRun;

pub(super) fn write(run: &CheckRun, out: &mut dyn Write) -> io::Result<()> {
    for (file, located) in run.diagnostics() {
        let d = &located.diagnostic;
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            file.path, located.start.line, located.start.column, d.severity, d.rule, d.message
        )?;
    }
    if let Some(fixed) = Summary::fixed_line(run) {
        writeln!(out, "{fixed}")?;
    }
    writeln!(out, "{}", Summary::of(run).line())
}
