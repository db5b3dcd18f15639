//! The little of git agendalint needs: the staged (index) content of staged files, and
//! where the pre-commit hook lives. It runs the real `git` and never writes to the
//! repository.

use std::path::{Path, PathBuf};
use std::process::Command;

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
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    let output = Command::new("git")
        .args(["-c", "core.quotepath=off"])
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| GitError::Failed(format!("cannot run git: {e}")))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(GitError::Failed(
            String::from_utf8_lossy(&output.stderr).trim().to_string(),
        ))
    }
}

/// The top folder of the work tree holding `dir`.
pub fn work_tree_root(dir: &Path) -> Result<PathBuf, GitError> {
    let output = Command::new("git")
        .args(["rev-parse", "--show-toplevel"])
        .current_dir(dir)
        .output()
        .map_err(|e| GitError::Failed(format!("cannot run git: {e}")))?;
    if !output.status.success() {
        return Err(GitError::NotARepository(
            String::from_utf8_lossy(&output.stderr).trim().to_string(),
        ));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    Ok(PathBuf::from(text.trim_end_matches(['\n', '\r'])))
}

/// A staged file: its path in the repository and its staged content.
#[derive(Debug)]
pub struct StagedFile {
    /// Path relative to the work tree root, with `/`.
    pub path: String,
    /// The staged bytes (the index version, not the work tree's).
    pub content: Vec<u8>,
}

/// Every file added, copied, modified or renamed in the index (deleted files have
/// nothing to check), with its staged content. A renamed file is reported under its new
/// name.
pub fn staged_files(root: &Path) -> Result<Vec<StagedFile>, GitError> {
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
        let content = git(root, &["cat-file", "blob", &format!(":{path}")])?;
        files.push(StagedFile { path, content });
    }
    Ok(files)
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
