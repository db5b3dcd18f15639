//! `--format github`: GitHub Actions workflow commands, one per finding, so that a CI
//! run annotates the agenda lines in pull requests.

use std::io::{self, Write};

use super::{FileWriter, Tally};
use crate::diagnostic::Severity;
use crate::outcome::FileResult;

/// Escapes a command's message: `%`, carriage return and line feed.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property value: as data, plus `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub(super) struct GithubWriter;

impl FileWriter for GithubWriter {
    fn file(&mut self, file: &FileResult, out: &mut dyn Write) -> io::Result<()> {
        for located in &file.diagnostics {
            let d = &located.diagnostic;
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let message = if d.help.is_empty() {
                d.message.clone()
            } else {
                format!("{}\nhelp: {}", d.message, d.help)
            };
            writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                escape_property(&file.path),
                located.start.line,
                located.start.column,
                located.end.line,
                located.end.column,
                escape_property(&format!("agendalint ({})", d.rule)),
                escape_data(&message)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, tally: &Tally, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{}", tally.summary.line())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_workflow_command_rules() {
        assert_eq!(escape_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(escape_property("notes/a,b:c.md"), "notes/a%2Cb%3Ac.md");
    }
}
