//! The progress bar of `agendalint report` on a large folder: on standard error, only
//! when it is a terminal, and only when the folder holds enough agendas for the wait to
//! be felt. Anywhere else (a pipe, a file, CI logs) nothing is drawn.

use std::io::IsTerminal;
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Below this many files, a report takes well under a second: no bar.
pub const LARGE: usize = 2_000;

/// A progress bar, or nothing.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar for reading `paths`, when standard error is a terminal and they hold at
    /// least [`LARGE`] Markdown files (counted by a walk that reads no file).
    pub fn for_paths(paths: &[PathBuf]) -> Self {
        if !std::io::stderr().is_terminal() {
            return Self { bar: None };
        }
        Self::counting(paths, ProgressDrawTarget::stderr())
    }

    /// A bar drawn to `target` when `paths` hold enough files.
    fn counting(paths: &[PathBuf], target: ProgressDrawTarget) -> Self {
        let files = crate::files::candidates(paths)
            .filter(|c| matches!(c, crate::files::Candidate::File { .. }))
            .count();
        if files < LARGE {
            return Self { bar: None };
        }
        let bar = ProgressBar::with_draw_target(Some(files as u64), target);
        bar.set_style(
            ProgressStyle::with_template("{prefix} [{bar:40}] {pos}/{len} agendas, {eta} left")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_prefix("Reading");
        Self { bar: Some(bar) }
    }

    /// One more file done.
    pub fn tick(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    /// Whether a bar is shown.
    pub fn is_shown(&self) -> bool {
        self.bar.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_folder_gets_no_bar() {
        let progress = Progress::counting(
            &[PathBuf::from("fixtures/notes")],
            ProgressDrawTarget::hidden(),
        );
        assert!(!progress.is_shown());
    }

    #[test]
    fn a_large_folder_gets_a_bar() {
        let dir = tempfile::tempdir().expect("temp dir");
        for i in 0..LARGE {
            std::fs::write(dir.path().join(format!("{i}.md")), "").expect("write");
        }
        let progress =
            Progress::counting(&[dir.path().to_path_buf()], ProgressDrawTarget::hidden());
        assert!(progress.is_shown());
        progress.tick();
        progress.finish();
    }
}
