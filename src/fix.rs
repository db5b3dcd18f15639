//! Applying machine-applicable edits to a file's text, and writing the result safely.
//!
//! Fixes are applied in order of position; a fix whose edits overlap one already applied
//! waits for the next pass (the first wins). The caller re-checks and applies again until
//! nothing changes, so fixes that touch the same spot still land, one pass each. Several
//! findings may offer one and the same fix (every item a meeting dropped is carried over
//! by one edit): it is applied once and counts for each of them.

use std::io::Write;
use std::path::Path;

use crate::diagnostic::{Applicability, Diagnostic, Fix};

/// How many check-and-fix passes a file gets at most.
pub const MAX_PASSES: usize = 50;

/// Which fixes a run applies, and whether it writes them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FixMode {
    /// Report only.
    #[default]
    Off,
    /// `--fix`: apply and write.
    Apply {
        /// `--unsafe-fixes`: unsafe fixes too.
        unsafe_fixes: bool,
    },
    /// `--diff`: compute the fixed text but write nothing.
    Diff {
        /// `--unsafe-fixes`: unsafe fixes too.
        unsafe_fixes: bool,
    },
}

impl FixMode {
    /// Whether fixes are computed at all.
    pub fn is_on(self) -> bool {
        !matches!(self, FixMode::Off)
    }

    /// Whether unsafe fixes are included.
    pub fn unsafe_fixes(self) -> bool {
        matches!(
            self,
            FixMode::Apply { unsafe_fixes: true } | FixMode::Diff { unsafe_fixes: true }
        )
    }
}

/// The result of one pass.
#[derive(Debug, PartialEq, Eq)]
pub struct Applied {
    /// The text with the fixes applied.
    pub text: String,
    /// How many findings were fixed.
    pub fixed: usize,
}

/// Applies the fixes of `diagnostics` that the mode allows, first come first served.
/// Returns `None` when no fix applies.
pub fn apply(text: &str, diagnostics: &[Diagnostic], unsafe_fixes: bool) -> Option<Applied> {
    let mut candidates: Vec<&Fix> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| unsafe_fixes || f.applicability == Applicability::Safe)
        .filter(|f| !f.edits.is_empty() && edits_are_valid(text, f))
        .collect();
    candidates.sort_by_key(|f| f.edits.first().map(|e| (e.span.start, e.span.end)));
    let mut out = String::with_capacity(text.len());
    let mut position = 0;
    let mut applied = 0;
    let mut last_end: Option<usize> = None;
    let mut done: Vec<&Fix> = Vec::new();
    for fix in candidates {
        let first = fix.edits[0].span.start;
        // Fixes are sorted by their first edit: one already applied that is the same
        // fix starts at the same place, among the last applied.
        if done
            .iter()
            .rev()
            .take_while(|d| d.edits[0].span.start == first)
            .any(|d| *d == fix)
        {
            applied += 1;
            continue;
        }
        if last_end.is_some_and(|end| first <= end) {
            // Overlaps (or touches) what was just applied: next pass.
            continue;
        }
        for edit in &fix.edits {
            out.push_str(&text[position..edit.span.start]);
            out.push_str(&edit.replacement);
            position = edit.span.end;
        }
        last_end = fix.edits.last().map(|e| e.span.end);
        applied += 1;
        done.push(fix);
    }
    if applied == 0 {
        return None;
    }
    out.push_str(&text[position..]);
    Some(Applied {
        text: out,
        fixed: applied,
    })
}

/// Edits must lie in the text, on char boundaries, sorted and not overlapping.
fn edits_are_valid(text: &str, fix: &Fix) -> bool {
    let mut previous_end = 0;
    fix.edits.iter().all(|edit| {
        let ok = edit.span.start >= previous_end
            && edit.span.start <= edit.span.end
            && edit.span.end <= text.len()
            && text.is_char_boundary(edit.span.start)
            && text.is_char_boundary(edit.span.end);
        previous_end = edit.span.end;
        ok
    })
}

/// Whether the file at `path` (a symlink followed) can be rewritten by
/// [`write_atomically`]; `Err` says why not.
pub fn writable(path: &Path) -> Result<(), String> {
    let target = std::fs::canonicalize(path).map_err(|e| crate::files::describe_io(&e))?;
    let metadata = std::fs::metadata(&target).map_err(|e| crate::files::describe_io(&e))?;
    if metadata.permissions().readonly() {
        return Err("the file is read-only; it was not changed".to_string());
    }
    Ok(())
}

/// Writes `new` over the file at `path`, which held `original` when it was read.
///
/// The text goes to a temporary file in the same folder, which then replaces the
/// original in one rename, keeping its permissions; a symlink is followed, so the link
/// stays a link. A read-only file, or one that changed since it was read, is left alone.
pub fn write_atomically(path: &Path, original: &str, new: &str) -> Result<(), String> {
    writable(path)?;
    let target = std::fs::canonicalize(path).map_err(|e| crate::files::describe_io(&e))?;
    let metadata = std::fs::metadata(&target).map_err(|e| crate::files::describe_io(&e))?;
    if metadata.permissions().readonly() {
        return Err("the file is read-only; it was not changed".to_string());
    }
    let changed = || "the file changed on disk since it was read; it was not overwritten";
    // Anything longer than the original has changed: no need to read past its length.
    let current = match crate::read::bytes(&target, original.len() as u64) {
        Ok(current) => current,
        Err(crate::read::ReadError::TooLarge { .. } | crate::read::ReadError::OverLimit { .. }) => {
            return Err(changed().to_string());
        }
        Err(error) => return Err(error.to_string()),
    };
    if current != original.as_bytes() {
        return Err(changed().to_string());
    }
    let folder = target.parent().unwrap_or_else(|| Path::new("."));
    let mut temporary = tempfile::Builder::new()
        .prefix(".agendalint-")
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(|e| {
            format!(
                "cannot create a temporary file beside it: {}",
                crate::files::describe_io(&e)
            )
        })?;
    temporary
        .write_all(new.as_bytes())
        .and_then(|()| temporary.as_file().sync_all())
        .map_err(|e| {
            format!(
                "cannot write the fixed text: {}",
                crate::files::describe_io(&e)
            )
        })?;
    std::fs::set_permissions(temporary.path(), metadata.permissions()).map_err(|e| {
        format!(
            "cannot keep the file's permissions: {}",
            crate::files::describe_io(&e)
        )
    })?;
    temporary.persist(&target).map_err(|e| {
        format!(
            "cannot replace the file: {}",
            crate::files::describe_io(&e.error)
        )
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Edit, Severity, Span};

    fn with_fix(fix: Fix) -> Diagnostic {
        Diagnostic::new("r", Severity::Warning, Span::empty(0), "m", "h").with_fix(fix)
    }

    #[test]
    fn safe_fixes_apply_and_unsafe_ones_wait_for_the_flag() {
        let diagnostics = [
            with_fix(Fix::safe(vec![Edit::replacement(Span::new(0, 3), "one")])),
            with_fix(Fix::unsafe_edits(vec![Edit::insertion(7, "!")])),
        ];
        let applied = apply("abc def", &diagnostics, false).expect("a safe fix");
        assert_eq!(
            applied,
            Applied {
                text: "one def".to_string(),
                fixed: 1
            }
        );
        let applied = apply("abc def", &diagnostics, true).expect("both");
        assert_eq!(applied.text, "one def!");
        assert_eq!(applied.fixed, 2);
    }

    #[test]
    fn overlapping_fixes_first_wins() {
        let diagnostics = [
            with_fix(Fix::safe(vec![Edit::replacement(Span::new(0, 5), "X")])),
            with_fix(Fix::safe(vec![Edit::replacement(Span::new(3, 7), "Y")])),
            with_fix(Fix::safe(vec![Edit::insertion(7, "a")])),
            with_fix(Fix::safe(vec![Edit::insertion(7, "b")])),
        ];
        let applied = apply("0123456789", &diagnostics, false).expect("fixes");
        assert_eq!(applied.text, "X56a789");
        assert_eq!(applied.fixed, 2);
    }

    #[test]
    fn one_fix_offered_by_several_findings_is_applied_once_and_counts_for_each() {
        let carry = Fix::safe(vec![Edit::insertion(3, "- [ ] a\n- [ ] b\n")]);
        let diagnostics = [
            with_fix(carry.clone()),
            with_fix(Fix::safe(vec![Edit::insertion(3, "other\n")])),
            with_fix(carry),
        ];
        let applied = apply("x:\n", &diagnostics, false).expect("fixes");
        assert_eq!(applied.text, "x:\n- [ ] a\n- [ ] b\n");
        assert_eq!(applied.fixed, 2, "the carried items, once; the other waits");
    }

    #[test]
    fn edits_off_char_boundaries_are_ignored() {
        let diagnostics = [with_fix(Fix::safe(vec![Edit::insertion(1, "x")]))];
        assert_eq!(apply("é", &diagnostics, false), None);
    }

    #[test]
    fn writes_keep_permissions_and_refuse_changed_or_read_only_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.md");
        std::fs::write(&path, "old").expect("write");
        write_atomically(&path, "old", "new").expect("written");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
        assert!(
            write_atomically(&path, "old", "newer").is_err(),
            "changed since read"
        );
        assert!(
            write_atomically(&path, "ne", "newer").is_err(),
            "grew since read"
        );
        let mut permissions = std::fs::metadata(&path).expect("meta").permissions();
        permissions.set_readonly(true);
        std::fs::set_permissions(&path, permissions).expect("chmod");
        let refused = write_atomically(&path, "new", "newer");
        // Root ignores read-only bits when writing, but the check is on the bit.
        assert!(refused.is_err(), "read-only");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
        let leftovers = std::fs::read_dir(dir.path()).expect("list").count();
        assert_eq!(leftovers, 1, "no temporary file left behind");
    }

    /// A file swapped for a named pipe between the check and the write is refused at
    /// once, not waited on.
    #[cfg(unix)]
    #[test]
    fn a_target_that_became_a_fifo_is_refused_without_waiting() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.md");
        if !crate::read::make_fifo(&path) {
            return;
        }
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = sender.send(write_atomically(&path, "old", "new"));
        });
        let outcome = receiver
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("write_atomically returns without waiting for a writer");
        let reason = outcome.expect_err("a FIFO is not written");
        assert!(reason.contains("named pipe"), "{reason}");
    }
}
