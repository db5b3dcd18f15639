//! The little of git agendalint needs: the staged (index) content of staged files and
//! the lines a commit changes in them, the files changed since a ref, and where the
//! pre-commit hook lives. It runs the real `git` and never writes to the repository;
//! what git prints is read up to a limit, as every file is.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::read::{self, ReadError};

/// Why git could not answer.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum GitError {
    /// Not inside a work tree.
    #[error("not inside a git repository: {0}")]
    #[diagnostic(
        code(agendalint::git),
        help("run it from your notes repository, or check files by path: agendalint check notes/")
    )]
    NotARepository(String),
    /// git is not installed or failed.
    #[error("git failed: {0}")]
    #[diagnostic(code(agendalint::git))]
    Failed(String),
    /// A ref that names no commit.
    #[error("`{0}` is not a commit git knows")]
    #[diagnostic(
        code(agendalint::git),
        help(
            "name a branch, tag or commit, e.g. origin/main; in GitHub Actions, check out with `fetch-depth: 0` so that the base branch is there"
        )
    )]
    UnknownRef(String),
}

/// What a git command printed: its standard output, up to a limit.
struct Printed {
    /// Standard output, or why it was not kept (over the limit).
    stdout: Result<Vec<u8>, ReadError>,
    /// Whether git exited successfully.
    success: bool,
    /// The start of its standard error.
    stderr: String,
}

/// The most a listing or a path printed by git may take (64 MiB), far above any real one.
const OUTPUT_LIMIT: u64 = 64 * 1024 * 1024;

/// The most of git's standard error kept for a message (the rest is read and dropped).
const STDERR_LIMIT: u64 = 64 * 1024;

/// Runs git in `dir`, keeping at most `limit` bytes of what it prints; past that git is
/// stopped. Standard error is read beside it, so that neither pipe can fill and stall.
fn run(dir: &Path, args: &[&str], limit: u64) -> Result<Printed, GitError> {
    let mut child = Command::new("git")
        .args(["-c", "core.quotepath=off"])
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| GitError::Failed(format!("cannot run git: {e}")))?;
    let errors = child.stderr.take().map(|mut stderr| {
        std::thread::spawn(move || {
            let kept = read::stream((&mut stderr).take(STDERR_LIMIT), STDERR_LIMIT);
            let _ = std::io::copy(&mut stderr, &mut std::io::sink());
            kept.unwrap_or_default()
        })
    });
    let stdout = match child.stdout.take() {
        Some(stdout) => read::stream(stdout, limit),
        None => Ok(Vec::new()),
    };
    if stdout.is_err() {
        // Nothing more of it is wanted; without a reader git would wait forever.
        let _ = child.kill();
    }
    let status = child
        .wait()
        .map_err(|e| GitError::Failed(format!("cannot run git: {e}")))?;
    let stderr = errors
        .and_then(|thread| thread.join().ok())
        .unwrap_or_default();
    Ok(Printed {
        stdout,
        success: status.success(),
        stderr: String::from_utf8_lossy(&stderr).trim().to_string(),
    })
}

/// Runs git in `dir` for a listing or a path: its standard output, or its error.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    let printed = run(dir, args, OUTPUT_LIMIT)?;
    match printed.stdout {
        Ok(stdout) if printed.success => Ok(stdout),
        Err(e) => Err(GitError::Failed(format!("git {}: {e}", args.join(" ")))),
        Ok(_) => Err(GitError::Failed(printed.stderr)),
    }
}

/// The top folder of the work tree holding `dir`.
pub fn work_tree_root(dir: &Path) -> Result<PathBuf, GitError> {
    let printed = run(dir, &["rev-parse", "--show-toplevel"], OUTPUT_LIMIT)?;
    let stdout = match printed.stdout {
        Ok(stdout) if printed.success => stdout,
        Err(e) => return Err(GitError::Failed(format!("git rev-parse: {e}"))),
        Ok(_) => return Err(GitError::NotARepository(printed.stderr)),
    };
    let text = String::from_utf8_lossy(&stdout);
    Ok(PathBuf::from(text.trim_end_matches(['\n', '\r'])))
}

/// The remote the repository pushes to: `origin` when there is one, else the first
/// remote `git remote` lists; `None` for a repository with no remote.
pub fn push_remote(root: &Path) -> Result<Option<String>, GitError> {
    let listing = git(root, &["remote"])?;
    let text = String::from_utf8_lossy(&listing);
    let remotes: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .collect();
    Ok(remotes
        .iter()
        .find(|r| **r == "origin")
        .or_else(|| remotes.first())
        .map(|r| (*r).to_string()))
}

/// A staged file: its path in the repository and its staged content.
#[derive(Debug)]
pub struct StagedFile {
    /// Path relative to the work tree root, with `/`.
    pub path: String,
    /// The staged bytes (the index version, not the work tree's), or why they were not
    /// read (over the size limit).
    pub content: Result<Vec<u8>, ReadError>,
}

/// Every file added, copied, modified or renamed in the index (deleted files have
/// nothing to check), with its staged content, read up to `max_size` bytes. A renamed
/// file is reported under its new name.
pub fn staged_files(root: &Path, max_size: u64) -> Result<Vec<StagedFile>, GitError> {
    let listing = git(
        root,
        &[
            "diff",
            "--cached",
            "--name-only",
            "-z",
            "--diff-filter=ACMR",
            "--no-renames",
        ],
    )?;
    let mut files = Vec::new();
    for raw in listing.split(|&b| b == 0).filter(|p| !p.is_empty()) {
        let path = String::from_utf8_lossy(raw).into_owned();
        let printed = run(root, &["cat-file", "blob", &format!(":{path}")], max_size)?;
        let content = match printed.stdout {
            Ok(_) if !printed.success => return Err(GitError::Failed(printed.stderr)),
            content => content,
        };
        files.push(StagedFile { path, content });
    }
    Ok(files)
}

/// How a commit changes one file: the lines it replaces in the last commit's version,
/// and the lines it adds or changes in the staged version.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct LineChanges {
    /// Lines of the last commit's version that the commit removes or replaces (1-based,
    /// inclusive ranges).
    pub old: Vec<(usize, usize)>,
    /// Lines of the staged version that the commit adds or changes.
    pub new: Vec<(usize, usize)>,
}

/// The lines the commit being made changes in `path` (relative to the work tree root):
/// the hunks of `git diff --cached -U0`. A new file is changed all through.
pub fn staged_line_changes(root: &Path, path: &str) -> Result<LineChanges, GitError> {
    let diff = git(
        root,
        &[
            "diff",
            "--cached",
            "-U0",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--no-renames",
            "--",
            &format!(":(literal){path}"),
        ],
    )?;
    Ok(hunks(&String::from_utf8_lossy(&diff)))
}

/// The content of `path` (relative to the work tree root) in the last commit, if it is
/// there.
pub fn committed_content(root: &Path, path: &str) -> Option<Vec<u8>> {
    git(root, &["cat-file", "blob", &format!("HEAD:{path}")]).ok()
}

/// The line ranges of the hunk headers of a unified diff: `@@ -12,2 +14,3 @@` is lines
/// 12 to 13 of the old side and 14 to 16 of the new; a count of 0 is no line.
fn hunks(diff: &str) -> LineChanges {
    let range = |side: &str| -> Option<(usize, usize)> {
        let (start, count) = match side.split_once(',') {
            Some((start, count)) => (start.parse().ok()?, count.parse().ok()?),
            None => (side.parse().ok()?, 1usize),
        };
        (count > 0).then(|| (start, start + count - 1))
    };
    let mut changes = LineChanges::default();
    for rest in diff.lines().filter_map(|line| line.strip_prefix("@@ -")) {
        let mut sides = rest.split_whitespace();
        let old = sides.next();
        let new = sides.next().and_then(|n| n.strip_prefix('+'));
        changes.old.extend(old.and_then(range));
        changes.new.extend(new.and_then(range));
    }
    changes
}

/// Every file of the work tree that differs from the point where `reference` and `HEAD`
/// meet (their merge base: in a pull request, what the branch changed), whether
/// committed, staged or not, plus untracked files that are not ignored; as absolute
/// paths under `root`. Deleted files are left out.
pub fn changed_since(root: &Path, reference: &str) -> Result<Vec<PathBuf>, GitError> {
    // A ref never starts with `-`; refusing one keeps it from being read as an option.
    let commit = format!("{reference}^{{commit}}");
    if reference.starts_with('-')
        || git(root, &["rev-parse", "--verify", "--quiet", &commit]).is_err()
    {
        return Err(GitError::UnknownRef(reference.to_string()));
    }
    let base = git(root, &["merge-base", &commit, "HEAD"])?;
    let base = String::from_utf8_lossy(&base).trim().to_string();
    let changed = git(
        root,
        &[
            "diff",
            "--name-only",
            "-z",
            "--no-renames",
            "--diff-filter=ACMR",
            &base,
            "--",
        ],
    )?;
    let untracked = git(root, &["ls-files", "-z", "--others", "--exclude-standard"])?;
    Ok(changed
        .split(|&b| b == 0)
        .chain(untracked.split(|&b| b == 0))
        .filter(|p| !p.is_empty())
        .map(|p| root.join(String::from_utf8_lossy(p).as_ref()))
        .collect())
}

/// The folder git runs hooks from (honours `core.hooksPath`), as an absolute path.
pub fn hooks_dir(dir: &Path) -> Result<PathBuf, GitError> {
    let root = work_tree_root(dir)?;
    let output = git(&root, &["rev-parse", "--git-path", "hooks"])?;
    let text = String::from_utf8_lossy(&output);
    let hooks = PathBuf::from(text.trim_end_matches(['\n', '\r']));
    Ok(if hooks.is_absolute() {
        hooks
    } else {
        root.join(hooks)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunk_headers_give_the_changed_lines() {
        let diff = "diff --git a/a.md b/a.md\n--- a/a.md\n+++ b/a.md\n@@ -3 +3 @@ x\n-old\n+new\n@@ -10,2 +10,0 @@\n-gone\n-gone\n@@ -20,0 +19,3 @@\n+a\n+b\n+c\n";
        assert_eq!(
            hunks(diff),
            LineChanges {
                old: vec![(3, 3), (10, 11)],
                new: vec![(3, 3), (19, 21)],
            }
        );
        assert_eq!(hunks("@@ -0,0 +1,5 @@\n").new, [(1, 5)], "a new file");
        assert_eq!(hunks("no hunks"), LineChanges::default());
    }
}
