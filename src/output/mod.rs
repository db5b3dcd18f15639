//! Everything agendalint prints: findings in each format, the summary, statistics, and
//! tool errors. No other module writes to standard output or standard error.

mod concise;
mod diff;
mod docs;
mod github;
mod human;
mod json;
mod sarif;
mod statistics;

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::diagnostic::Severity;
use crate::runner::CheckRun;

pub use diff::{write_diff, write_fixed_stdin};
pub use docs::{write_doc, write_rules};
pub use human::render_error;

/// Writes one line (a path written by `new` or `init`).
pub fn write_line(line: &str, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{line}")
}

/// Writes text to standard error (tool errors); a failure to do so is ignored, as there
/// is nowhere left to report it.
pub fn write_stderr(text: &str) {
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

/// How findings are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// rustc/miette style: the source line with the span underlined, message, help.
    Human,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Concise,
    /// One versioned JSON document.
    Json,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
}

/// How to print a run.
#[derive(Clone, Copy, Debug)]
pub struct OutputOptions {
    /// The format.
    pub format: Format,
    /// Colour in human output.
    pub color: bool,
    /// Counts per rule instead of each finding.
    pub statistics: bool,
    /// Width to wrap human output at.
    pub width: usize,
}

/// Prints a run to `out`.
pub fn write_run(run: &CheckRun, options: &OutputOptions, out: &mut dyn Write) -> io::Result<()> {
    if options.statistics {
        return match options.format {
            Format::Json | Format::Sarif => statistics::write_json(run, out),
            Format::Human | Format::Concise | Format::Github => statistics::write_table(run, out),
        };
    }
    match options.format {
        Format::Human => human::write(run, options, out),
        Format::Concise => concise::write(run, out),
        Format::Json => json::write(run, out),
        Format::Github => github::write(run, out),
        Format::Sarif => sarif::write(run, out),
    }
}

/// Counts of findings by severity, and how many `--fix` could apply.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files looked at.
    pub files: usize,
    /// Files with at least one finding.
    pub files_with_problems: usize,
    /// Findings at `error`.
    pub errors: usize,
    /// Findings at `warning`.
    pub warnings: usize,
    /// Findings at `info`.
    pub infos: usize,
    /// Findings with a safe fix.
    pub fixable: usize,
    /// Findings with an unsafe fix.
    pub unsafe_fixable: usize,
}

impl Summary {
    /// Counts a run.
    pub fn of(run: &CheckRun) -> Self {
        let mut summary = Summary {
            files: run.files.len(),
            ..Summary::default()
        };
        for file in &run.files {
            if !file.diagnostics.is_empty() {
                summary.files_with_problems += 1;
            }
            for located in &file.diagnostics {
                let d = &located.diagnostic;
                match d.severity {
                    Severity::Error => summary.errors += 1,
                    Severity::Warning => summary.warnings += 1,
                    Severity::Info => summary.infos += 1,
                }
                if d.is_fixable(false) {
                    summary.fixable += 1;
                } else if d.is_fixable(true) {
                    summary.unsafe_fixable += 1;
                }
            }
        }
        summary
    }

    /// Total findings.
    pub fn problems(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    /// The line before the summary in fix mode: `Fixed 3 problems in 2 files`.
    pub fn fixed_line(run: &CheckRun) -> Option<String> {
        let (fixed, files) = run.fixed();
        (fixed > 0).then(|| {
            format!(
                "Fixed {fixed} problem{} in {files} file{}",
                if fixed == 1 { "" } else { "s" },
                if files == 1 { "" } else { "s" }
            )
        })
    }

    /// The closing line: `Found 7 problems (2 errors, 5 warnings) in 3 files; 2 fixable
    /// with --fix`.
    pub fn line(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        if self.problems() == 0 {
            return format!(
                "No problems found in {}",
                plural(self.files, "file", "files")
            );
        }
        let mut parts = Vec::new();
        if self.errors > 0 {
            parts.push(plural(self.errors, "error", "errors"));
        }
        if self.warnings > 0 {
            parts.push(plural(self.warnings, "warning", "warnings"));
        }
        if self.infos > 0 {
            parts.push(plural(self.infos, "info", "infos"));
        }
        let mut line = format!(
            "Found {} ({}) in {}",
            plural(self.problems(), "problem", "problems"),
            parts.join(", "),
            plural(self.files_with_problems, "file", "files"),
        );
        match (self.fixable, self.unsafe_fixable) {
            (0, 0) => {}
            (safe, 0) => {
                let _ = write!(line, "; {safe} fixable with --fix");
            }
            (0, risky) => {
                let _ = write!(line, "; {risky} fixable with --fix --unsafe-fixes");
            }
            (safe, risky) => {
                let _ = write!(
                    line,
                    "; {safe} fixable with --fix ({risky} more with --unsafe-fixes)"
                );
            }
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_lines_read_well() {
        let summary = Summary {
            files: 8,
            files_with_problems: 3,
            errors: 2,
            warnings: 5,
            infos: 0,
            fixable: 2,
            unsafe_fixable: 0,
        };
        assert_eq!(
            summary.line(),
            "Found 7 problems (2 errors, 5 warnings) in 3 files; 2 fixable with --fix"
        );
        let clean = Summary {
            files: 1,
            ..Summary::default()
        };
        assert_eq!(clean.line(), "No problems found in 1 file");
    }
}
