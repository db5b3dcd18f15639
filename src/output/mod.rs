//! Everything agendalint prints: findings in each format, the summary, statistics, and
//! tool errors. No other module writes to standard output or standard error.

mod concise;
mod diff;
mod docs;
mod excerpt;
mod github;
mod human;
mod json;
mod sarif;
mod sections;
mod spill;
mod statistics;
mod step_summary;

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::diagnostic::{FILE_ERROR, Severity};
use crate::outcome::{CheckRun, FileResult};

pub use diff::{DiffWriter, FixedTextWriter};
pub use docs::{FILE_ERROR_DOC, write_custom_doc, write_doc, write_rules};
pub use human::render_error;
pub use sections::write_sections;
pub use step_summary::with_step_summary;

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

/// Writes the results of one file at a time, as a run hands them on, then what comes
/// after the last file (summary lines, or the closing part of a document).
pub trait FileWriter {
    /// Writes (or, for whole-document formats, takes in) one file's results.
    fn file(&mut self, file: &FileResult, out: &mut dyn Write) -> io::Result<()>;
    /// Writes what follows the last file.
    fn finish(&mut self, tally: &Tally, out: &mut dyn Write) -> io::Result<()>;
}

/// The writer of findings for the chosen format (or of `--statistics`).
pub fn findings_writer(options: &OutputOptions) -> Box<dyn FileWriter> {
    if options.statistics {
        return Box::new(statistics::StatisticsWriter::new(matches!(
            options.format,
            Format::Json | Format::Sarif
        )));
    }
    match options.format {
        Format::Human => Box::new(human::HumanWriter::new(options)),
        Format::Concise => Box::new(concise::ConciseWriter),
        Format::Json => Box::new(json::JsonWriter::default()),
        Format::Github => Box::new(github::GithubWriter),
        Format::Sarif => Box::new(sarif::SarifWriter::default()),
    }
}

/// A writer and where it writes, counting what passes through.
pub struct Report<'w> {
    writer: Box<dyn FileWriter>,
    out: &'w mut dyn Write,
    tally: Tally,
}

impl<'w> Report<'w> {
    /// Counts baselined findings of files that no longer exist (known once every file
    /// passed, before [`Report::finish`]).
    pub fn add_stale_baseline(&mut self, count: usize) {
        self.tally.summary.stale_baseline += count;
    }

    /// Counts config and baseline files that could not be used (the files they govern
    /// were not checked), before [`Report::finish`].
    pub fn add_config_errors(&mut self, count: usize) {
        self.tally.summary.config_errors += count;
    }

    /// Reports through `writer` to `out`.
    pub fn new(writer: Box<dyn FileWriter>, out: &'w mut dyn Write) -> Self {
        Self {
            writer,
            out,
            tally: Tally::default(),
        }
    }

    /// Takes in one file's results.
    pub fn file(&mut self, file: &FileResult) -> io::Result<()> {
        self.tally.add(file);
        self.writer.file(file, self.out)
    }

    /// Writes what follows the last file and flushes; returns the counts.
    pub fn finish(mut self) -> io::Result<Tally> {
        self.writer.finish(&self.tally, self.out)?;
        self.out.flush()?;
        Ok(self.tally)
    }
}

/// Prints a whole run to `out`.
pub fn write_run(run: &CheckRun, options: &OutputOptions, out: &mut dyn Write) -> io::Result<()> {
    let mut report = Report::new(findings_writer(options), out);
    for file in &run.files {
        report.file(file)?;
    }
    report.add_stale_baseline(run.stale_baseline);
    report.finish().map(|_| ())
}

/// What a run came to, counted file by file as the results pass: for the summary line
/// and the exit status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Findings by severity.
    pub summary: Summary,
    /// Findings that fixes resolved.
    pub fixed: usize,
    /// Files that fixes changed (or would change, with `--diff`).
    pub changed_files: usize,
    /// Whether a file could not be checked or fixed (`file-error`).
    pub file_errors: bool,
    /// The most severe finding.
    pub worst: Option<Severity>,
}

impl Tally {
    /// Counts one file.
    pub fn add(&mut self, file: &FileResult) {
        let summary = &mut self.summary;
        summary.baselined += file.omitted.baselined;
        summary.not_from_commit += file.omitted.not_from_commit;
        summary.stale_baseline += file.stale_baseline;
        if file.skipped.is_some() {
            summary.not_agendas += 1;
            return;
        }
        if file.omitted.before_since {
            // Read for the series rules, not checked.
            summary.before_since += 1;
            return;
        }
        summary.files += 1;
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
            self.file_errors |= d.rule == FILE_ERROR;
            self.worst = self.worst.max(Some(d.severity));
        }
        self.fixed += file.fixed;
        self.changed_files += usize::from(file.change.is_some());
    }

    /// The line before the summary in fix mode: `Fixed 3 problems in 2 files`.
    pub fn fixed_line(&self) -> Option<String> {
        let (fixed, files) = (self.fixed, self.changed_files);
        (fixed > 0).then(|| {
            format!(
                "Fixed {fixed} problem{} in {files} file{}",
                if fixed == 1 { "" } else { "s" },
                if files == 1 { "" } else { "s" }
            )
        })
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
    /// Findings left out because the baseline accepts them.
    pub baselined: usize,
    /// Findings left out because the commit being made did not bring them in.
    pub not_from_commit: usize,
    /// Agendas not checked because they are dated before the `since` date.
    pub before_since: usize,
    /// Findings the baseline accepts that no longer occur.
    pub stale_baseline: usize,
    /// Markdown files skipped because they are not agendas.
    pub not_agendas: usize,
    /// Config or baseline files that could not be used.
    pub config_errors: usize,
}

impl Summary {
    /// Total findings.
    pub fn problems(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    /// The closing line: `Found 7 problems (2 errors, 5 warnings) in 3 files; 2 fixable
    /// with --fix`.
    pub fn line(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let omitted = self.omitted();
        if self.problems() == 0 {
            return match (self.files, self.config_errors) {
                (0, 0) => format!("No agendas to check{omitted}"),
                (0, _) => "Nothing was checked: the config has errors (see below)".to_string(),
                (files, _) => format!(
                    "No problems found in {}{omitted}",
                    plural(files, "file", "files")
                ),
            };
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
        // "in N files" counts the files checked, as `files` does in JSON; how many of
        // them have findings comes first when it is not all of them.
        let files = if self.files_with_problems < self.files {
            format!(
                "{} of {}",
                self.files_with_problems,
                plural(self.files, "file", "files")
            )
        } else {
            plural(self.files, "file", "files")
        };
        let mut line = format!(
            "Found {} ({}) in {files}",
            plural(self.problems(), "problem", "problems"),
            parts.join(", "),
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
        line.push_str(&omitted);
        line
    }

    /// What the run found but does not show: ` (not shown: 57 baselined, ...)`, or
    /// nothing.
    fn omitted(&self) -> String {
        let mut parts = Vec::new();
        if self.baselined > 0 {
            parts.push(format!("{} baselined", self.baselined));
        }
        if self.not_from_commit > 0 {
            parts.push(format!(
                "{} not brought in by this commit",
                self.not_from_commit
            ));
        }
        if self.before_since > 0 {
            parts.push(format!(
                "{} {} dated before the since date",
                self.before_since,
                if self.before_since == 1 {
                    "agenda"
                } else {
                    "agendas"
                }
            ));
        }
        let mut text = if parts.is_empty() {
            String::new()
        } else {
            format!(" (not shown: {})", parts.join(", "))
        };
        if self.not_agendas > 0 {
            let _ = write!(
                text,
                "; {} skipped as not {} (--verbose lists {})",
                if self.not_agendas == 1 {
                    "1 Markdown file".to_string()
                } else {
                    format!("{} Markdown files", self.not_agendas)
                },
                if self.not_agendas == 1 {
                    "an agenda"
                } else {
                    "agendas"
                },
                if self.not_agendas == 1 { "it" } else { "them" },
            );
        }
        text
    }

    /// Lines that follow the summary line: baseline entries to drop.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.stale_baseline > 0 {
            let n = self.stale_baseline;
            notes.push(format!(
                "{n} baselined {} no longer {}: run `agendalint baseline` to drop {} from the baseline",
                if n == 1 { "finding" } else { "findings" },
                if n == 1 { "occurs" } else { "occur" },
                if n == 1 { "it" } else { "them" },
            ));
        }
        notes
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
            ..Summary::default()
        };
        assert_eq!(
            summary.line(),
            "Found 7 problems (2 errors, 5 warnings) in 3 of 8 files; 2 fixable with --fix"
        );
        let all_files = Summary {
            files: 3,
            ..summary
        };
        assert!(
            all_files.line().contains(" in 3 files;"),
            "{}",
            all_files.line()
        );
        assert_eq!(Summary::default().line(), "No agendas to check");
        let broken = Summary {
            config_errors: 1,
            ..Summary::default()
        };
        assert!(!broken.line().contains("0 files"), "{}", broken.line());
        let skipped = Summary {
            files: 2,
            not_agendas: 1,
            ..Summary::default()
        };
        assert_eq!(
            skipped.line(),
            "No problems found in 2 files; 1 Markdown file skipped as not an agenda (--verbose lists it)"
        );
        let clean = Summary {
            files: 1,
            ..Summary::default()
        };
        assert_eq!(clean.line(), "No problems found in 1 file");
        assert!(clean.notes().is_empty());
        let adopted = Summary {
            files: 3,
            baselined: 57,
            before_since: 1,
            stale_baseline: 2,
            ..Summary::default()
        };
        assert_eq!(
            adopted.line(),
            "No problems found in 3 files (not shown: 57 baselined, 1 agenda dated before the since date)"
        );
        assert_eq!(
            adopted.notes(),
            [
                "2 baselined findings no longer occur: run `agendalint baseline` to drop them from the baseline"
            ]
        );
    }
}
