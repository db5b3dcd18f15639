//! The little of git agendalint needs: the staged (index) content of staged files, and
//! where the pre-commit hook lives. It runs the real `git` and never writes to the
//! repository; what git prints is read up to a limit, as every file is.

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
