//! `--diff` (the fixes as a unified diff) and `--fix` on standard input (the fixed text).

use std::io::{self, Write};

use similar::TextDiff;

use super::{FileWriter, Tally};
use crate::outcome::FileResult;

/// `--diff`: a unified diff of every file that fixes would change, with `a/` and `b/`
/// prefixes for `patch -p1` and `git apply`; a count goes to standard error.
pub struct DiffWriter;

impl FileWriter for DiffWriter {
    fn file(&mut self, file: &FileResult, out: &mut dyn Write) -> io::Result<()> {
        let Some(change) = &file.change else {
            return Ok(());
        };
        let diff = TextDiff::from_lines(&change.before, &change.after);
        let a = format!("a/{}", file.path);
        let b = format!("b/{}", file.path);
        write!(
            out,
            "{}",
            diff.unified_diff().context_radius(3).header(&a, &b)
        )
    }

    fn finish(&mut self, tally: &Tally, _: &mut dyn Write) -> io::Result<()> {
        let (fixed, changed) = (tally.fixed, tally.changed_files);
        let note = if changed == 0 {
            "No fixes to apply\n".to_string()
        } else {
            format!(
                "Would fix {fixed} problem{} in {changed} file{}\n",
                if fixed == 1 { "" } else { "s" },
                if changed == 1 { "" } else { "s" }
            )
        };
        super::write_stderr(&note);
        Ok(())
    }
}

/// `--fix` on standard input: the fixed text of the agenda, or the text as read when
/// nothing was fixed (an editor replaces its buffer with it).
pub struct FixedTextWriter {
    original: String,
}

impl FixedTextWriter {
    /// Writes the fixed text of the agenda read as `original`.
    pub fn new(original: String) -> Self {
        Self { original }
    }
}

impl FileWriter for FixedTextWriter {
    fn file(&mut self, file: &FileResult, out: &mut dyn Write) -> io::Result<()> {
        match &file.change {
            Some(change) => out.write_all(change.after.as_bytes()),
            None => out.write_all(self.original.as_bytes()),
        }
    }

    fn finish(&mut self, _: &Tally, _: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}
