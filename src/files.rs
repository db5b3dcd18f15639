//! Which files a run checks: the paths named on the command line, and the files found by
//! walking the folders among them.
//!
//! Hidden folders, `node_modules` and `target` are skipped; symlinked folders are not
//! followed; only regular files (or symlinks to them) are opened. Include and exclude
//! globs are the config's business and are applied by the caller.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// A file to check, or a path that cannot be checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Candidate {
    /// A regular file. `explicit` when named on the command line (then the config's
    /// `include` does not apply, only `exclude`).
    File {
        /// The path, as walked from what was given.
        path: PathBuf,
        /// Named on the command line.
        explicit: bool,
        /// The folder given on the command line it was found in (for a file named
        /// directly, its own folder): the notes root when no config file says otherwise.
        given_root: PathBuf,
    },
    /// A path that cannot be checked, and why.
    Problem {
        /// The path.
        path: PathBuf,
        /// Why it cannot be checked.
        reason: String,
    },
}

impl Candidate {
    /// The path.
    pub fn path(&self) -> &Path {
        match self {
            Candidate::File { path, .. } | Candidate::Problem { path, .. } => path,
        }
    }
}

/// Folder names never walked into.
const SKIPPED_FOLDERS: [&str; 2] = ["node_modules", "target"];

/// Extensions of agenda files, for problems found while walking.
const AGENDA_EXTENSIONS: [&str; 2] = ["md", "markdown"];

/// Expands the given paths into candidates, sorted by path and without duplicates.
pub fn collect(paths: &[PathBuf]) -> Vec<Candidate> {
    let mut out = Vec::new();
    for path in paths {
        match std::fs::symlink_metadata(path) {
            Err(e) => out.push(Candidate::Problem {
                path: path.clone(),
                reason: describe_io(&e),
            }),
            // A folder named like an agenda was most likely meant as a file.
            Ok(meta) if meta.is_dir() && has_agenda_extension(path) => {
                out.push(Candidate::Problem {
                    path: path.clone(),
                    reason: "is a folder, not an agenda file".to_string(),
                });
            }
            Ok(meta) if meta.is_dir() => walk(path, &mut out),
            Ok(meta) if meta.file_type().is_symlink() => match std::fs::metadata(path) {
                Ok(target) if target.is_file() => out.push(Candidate::File {
                    path: path.clone(),
                    explicit: true,
                    given_root: parent_of(path),
                }),
                // A symlink to a folder named on the command line is walked: the user
                // asked for it by name.
                Ok(target) if target.is_dir() => walk(path, &mut out),
                Ok(_) => out.push(not_regular(path)),
                Err(e) => out.push(Candidate::Problem {
                    path: path.clone(),
                    reason: format!("broken symbolic link ({})", describe_io(&e)),
                }),
            },
            Ok(meta) if meta.is_file() => out.push(Candidate::File {
                path: path.clone(),
                explicit: true,
                given_root: parent_of(path),
            }),
            Ok(_) => out.push(not_regular(path)),
        }
    }
    out.sort_by(|a, b| a.path().cmp(b.path()));
    out.dedup_by(|a, b| a.path() == b.path());
    out
}

fn walk(root: &Path, out: &mut Vec<Candidate>) {
    let walker = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_skipped(entry));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e
                    .path()
                    .map_or_else(|| root.to_path_buf(), Path::to_path_buf);
                let reason = e.io_error().map_or_else(|| e.to_string(), describe_io);
                out.push(Candidate::Problem { path, reason });
                continue;
            }
        };
        let file_type = entry.file_type();
        if file_type.is_dir() {
            continue;
        }
        let path = entry.into_path();
        if file_type.is_file() {
            out.push(Candidate::File {
                path,
                explicit: false,
                given_root: root.to_path_buf(),
            });
        } else if file_type.is_symlink() {
            match std::fs::metadata(&path) {
                Ok(target) if target.is_file() => out.push(Candidate::File {
                    path,
                    explicit: false,
                    given_root: root.to_path_buf(),
                }),
                // Symlinked folders are not followed.
                Ok(target) if target.is_dir() => {}
                Ok(_) if has_agenda_extension(&path) => out.push(not_regular(&path)),
                Err(e) if has_agenda_extension(&path) => out.push(Candidate::Problem {
                    reason: format!("broken symbolic link ({})", describe_io(&e)),
                    path,
                }),
                _ => {}
            }
        } else if has_agenda_extension(&path) {
            out.push(not_regular(&path));
        }
    }
}

/// The folder of a file, `.` for a bare file name.
pub fn parent_of(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

fn is_skipped(entry: &walkdir::DirEntry) -> bool {
    let name = entry.file_name().to_string_lossy();
    let hidden = name.starts_with('.') && name != "." && name != "..";
    (entry.file_type().is_dir() && (hidden || SKIPPED_FOLDERS.contains(&name.as_ref())))
        || (hidden && !entry.file_type().is_dir())
}

fn has_agenda_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| AGENDA_EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

fn not_regular(path: &Path) -> Candidate {
    Candidate::Problem {
        path: path.to_path_buf(),
        reason: "not a regular file (a FIFO, socket or device is never opened)".to_string(),
    }
}

/// A short, stable description of an I/O error (without the OS error number).
pub fn describe_io(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "no such file or folder".to_string(),
        ErrorKind::PermissionDenied => "permission denied".to_string(),
        ErrorKind::IsADirectory => "is a folder".to_string(),
        _ => {
            let text = error.to_string();
            text.split(" (os error").next().unwrap_or(&text).to_string()
        }
    }
}

/// The path as shown in output: forward slashes, no leading `./`.
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut text = text.as_str();
    while let Some(rest) = text.strip_prefix("./") {
        text = rest;
    }
    if text.is_empty() {
        ".".to_string()
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths_are_stable() {
        assert_eq!(display_path(Path::new("./notes/a.md")), "notes/a.md");
        assert_eq!(display_path(Path::new("notes\\a.md")), "notes/a.md");
    }

    #[test]
    fn walking_skips_hidden_vendor_and_build_folders() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = tmp.path();
        for dir in [
            "notes/.git",
            "notes/node_modules",
            "notes/target",
            "notes/2026",
        ] {
            std::fs::create_dir_all(root.join(dir)).expect("mkdir");
        }
        for file in [
            "notes/.git/x.md",
            "notes/node_modules/x.md",
            "notes/target/x.md",
            "notes/2026/b.md",
            "notes/a.md",
            "notes/.hidden.md",
        ] {
            std::fs::write(root.join(file), "x").expect("write");
        }
        let found: Vec<String> = collect(&[root.join("notes"), root.join("missing.md")])
            .iter()
            .map(|c| match c {
                Candidate::File { path, .. } => {
                    display_path(path.strip_prefix(root).unwrap_or(path))
                }
                Candidate::Problem { path, reason } => format!(
                    "{}: {reason}",
                    display_path(path.strip_prefix(root).unwrap_or(path))
                ),
            })
            .collect();
        assert_eq!(
            found,
            [
                "missing.md: no such file or folder",
                "notes/2026/b.md",
                "notes/a.md"
            ]
        );
    }
}
