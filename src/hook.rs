//! `agendalint hook install|uninstall`: a git pre-commit hook that runs
//! `agendalint check --staged`. A hook agendalint did not write is never overwritten
//! (`--force` moves it aside first) and never removed.

use std::path::{Path, PathBuf};

use crate::git::{self, GitError};

/// The line that marks a hook as agendalint's own.
pub const MARKER: &str = "# agendalint pre-commit hook";

/// What happened.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The hook was written (or rewritten).
    Installed {
        /// The hook file.
        path: PathBuf,
        /// Where a foreign hook was moved, with `--force`.
        backup: Option<PathBuf>,
    },
    /// The hook was removed.
    Removed {
        /// The hook file.
        path: PathBuf,
        /// A hook moved aside by `install --force`, put back.
        restored: bool,
    },
    /// There was no agendalint hook to remove.
    NothingToRemove(PathBuf),
}

/// Why the hook could not be installed or removed.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum HookError {
    /// Git could not tell where the hooks are.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Git(#[from] GitError),
    /// A pre-commit hook that agendalint did not write is in the way.
    #[error("{0} is a pre-commit hook agendalint did not write; it was left as it is")]
    #[diagnostic(
        code(agendalint::hook),
        help(
            "add this line to your hook to chain agendalint: `agendalint check --staged || exit 1`; or run `agendalint hook install --force` to move your hook aside (to pre-commit.agendalint-backup) and install agendalint's"
        )
    )]
    Foreign(String),
    /// `uninstall` found someone else's hook.
    #[error("{0} is a pre-commit hook agendalint did not write; it was not removed")]
    #[diagnostic(code(agendalint::hook))]
    NotOurs(String),
    /// The file system said no.
    #[error("cannot write {path}: {reason}")]
    #[diagnostic(code(agendalint::io))]
    Io {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
}

fn io_error(path: &Path, error: &std::io::Error) -> HookError {
    HookError::Io {
        path: path.display().to_string(),
        reason: crate::files::describe_io(error),
    }
}

/// The hook script. It prefers the `agendalint` on `PATH` and falls back to the binary
/// that installed it, so it keeps working in GUI clients with a short `PATH`.
pub fn script(binary: &Path) -> String {
    let quoted = binary.display().to_string().replace('\'', r"'\''");
    format!(
        "#!/bin/sh\n{MARKER}: checks the staged agendas before each commit.\n\
         # Installed by `agendalint hook install`; `agendalint hook uninstall` removes it.\n\
         # Skip it once with `git commit --no-verify`.\n\
         if command -v agendalint >/dev/null 2>&1; then\n  exec agendalint check --staged\nfi\n\
         exec '{quoted}' check --staged\n"
    )
}

/// The most of a hook file read to look for [`MARKER`]; agendalint's own is far smaller.
const HOOK_LIMIT: u64 = 64 * 1024;

/// Whether the hook at `path` is agendalint's: a regular file holding [`MARKER`]. Anything
/// else (a named pipe, a huge file) is someone else's and is not read through.
fn is_ours(path: &Path) -> bool {
    crate::read::text(path, HOOK_LIMIT).is_ok_and(|text| text.contains(MARKER))
}

fn backup_path(hook: &Path) -> PathBuf {
    hook.with_file_name("pre-commit.agendalint-backup")
}

/// Installs the hook in the repository holding `dir`.
pub fn install(dir: &Path, force: bool) -> Result<Outcome, HookError> {
    let hooks = git::hooks_dir(dir)?;
    std::fs::create_dir_all(&hooks).map_err(|e| io_error(&hooks, &e))?;
    let hook = hooks.join("pre-commit");
    let mut backup = None;
    if hook.exists() && !is_ours(&hook) {
        if !force {
            return Err(HookError::Foreign(crate::files::display_path(&hook)));
        }
        let target = backup_path(&hook);
        std::fs::rename(&hook, &target).map_err(|e| io_error(&hook, &e))?;
        backup = Some(target);
    }
    let binary = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("agendalint"));
    std::fs::write(&hook, script(&binary)).map_err(|e| io_error(&hook, &e))?;
    make_executable(&hook)?;
    Ok(Outcome::Installed { path: hook, backup })
}

/// Removes agendalint's hook from the repository holding `dir`, putting back a hook that
/// `install --force` moved aside.
pub fn uninstall(dir: &Path) -> Result<Outcome, HookError> {
    let hooks = git::hooks_dir(dir)?;
    let hook = hooks.join("pre-commit");
    if !hook.exists() {
        return Ok(Outcome::NothingToRemove(hook));
    }
    if !is_ours(&hook) {
        return Err(HookError::NotOurs(crate::files::display_path(&hook)));
    }
    std::fs::remove_file(&hook).map_err(|e| io_error(&hook, &e))?;
    let backup = backup_path(&hook);
    let restored = backup.exists();
    if restored {
        std::fs::rename(&backup, &hook).map_err(|e| io_error(&backup, &e))?;
    }
    Ok(Outcome::Removed {
        path: hook,
        restored,
    })
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<(), HookError> {
    use std::os::unix::fs::PermissionsExt;
    let mut permissions = std::fs::metadata(path)
        .map_err(|e| io_error(path, &e))?
        .permissions();
    permissions.set_mode(permissions.mode() | 0o755);
    std::fs::set_permissions(path, permissions).map_err(|e| io_error(path, &e))
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> Result<(), HookError> {
    Ok(())
}
