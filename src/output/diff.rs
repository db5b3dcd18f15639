//! `--diff` (the fixes as a unified diff) and `--fix` on standard input (the fixed text).

use std::io::{self, Write};

use similar::TextDiff;

use crate::runner::CheckRun;

/// Writes a unified diff of every file that fixes would change, with `a/` and `b/`
/// prefixes for `patch -p1` and `git apply`; a count goes to standard error.
pub fn write_diff(run: &CheckRun, out: &mut dyn Write) -> io::Result<()> {
    let mut changed = 0;
    for file in &run.files {
        let Some(change) = &file.change else { continue };
        changed += 1;
        let diff = TextDiff::from_lines(&change.before, &change.after);
        let a = format!("a/{}", file.path);
        let b = format!("b/{}", file.path);
        write!(
            out,
            "{}",
            diff.unified_diff().context_radius(3).header(&a, &b)
        )?;
    }
    let (fixed, _) = run.fixed();
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

/// Writes the fixed text of the agenda read from standard input (unchanged when nothing
/// was fixed).
pub fn write_fixed_stdin(run: &CheckRun, out: &mut dyn Write) -> io::Result<()> {
    for file in &run.files {
        match &file.change {
            Some(change) => out.write_all(change.after.as_bytes())?,
            None => {
                if let Some(source) = &file.source {
                    out.write_all(source.as_bytes())?;
                }
            }
        }
    }
    Ok(())
}
