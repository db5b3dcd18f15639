//! Which files a run checks: the paths named on the command line, and the files found by
//! walking the folders among them.
//!
//! Hidden folders, `node_modules` and `target` are skipped; symlinked folders are not
//! followed; only regular files (or symlinks to them) are opened. Include and exclude
//! globs are the config's business and are applied by the caller.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
        given_root: Arc<Path>,
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
    candidates(paths).collect()
}

/// Expands the given paths into candidates lazily, sorted by path and without
/// duplicates: folders are walked as the candidates are taken, so a run over a large
/// folder never holds the whole list.
pub fn candidates(paths: &[PathBuf]) -> Candidates {
    let mut candidates = Candidates {
        streams: Vec::new(),
        heads: BinaryHeap::new(),
        last: None,
    };
    for path in paths {
        let stream = expand(path);
        candidates.push_stream(stream);
    }
    candidates
}

/// The candidates of several paths, merged in path order (see [`candidates`]).
pub struct Candidates {
    /// One sorted stream per path given.
    streams: Vec<Box<dyn Iterator<Item = Candidate>>>,
    /// The next candidate of each stream that has one, smallest path first (ties: the
    /// path given first).
    heads: BinaryHeap<Reverse<Head>>,
    /// The path last returned, to drop duplicates.
    last: Option<PathBuf>,
}

/// The next candidate of one stream.
struct Head {
    candidate: Candidate,
    stream: usize,
}

impl PartialEq for Head {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Head {}

impl PartialOrd for Head {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Head {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.candidate.path(), self.stream).cmp(&(other.candidate.path(), other.stream))
    }
}

impl Candidates {
    fn push_stream(&mut self, mut stream: Box<dyn Iterator<Item = Candidate>>) {
        let index = self.streams.len();
        if let Some(candidate) = stream.next() {
            self.heads.push(Reverse(Head {
                candidate,
                stream: index,
            }));
        }
        self.streams.push(stream);
    }
}

impl Iterator for Candidates {
    type Item = Candidate;

    fn next(&mut self) -> Option<Candidate> {
        loop {
            let Reverse(Head { candidate, stream }) = self.heads.pop()?;
            if let Some(next) = self.streams.get_mut(stream).and_then(Iterator::next) {
                self.heads.push(Reverse(Head {
                    candidate: next,
                    stream,
                }));
            }
            if self.last.as_deref() == Some(candidate.path()) {
                continue;
            }
            self.last = Some(candidate.path().to_path_buf());
            return Some(candidate);
        }
    }
}

/// The sorted candidates of one path given on the command line.
fn expand(path: &Path) -> Box<dyn Iterator<Item = Candidate>> {
    let one = |candidate: Candidate| -> Box<dyn Iterator<Item = Candidate>> {
        Box::new(std::iter::once(candidate))
    };
    let explicit_file = || Candidate::File {
        path: path.to_path_buf(),
        explicit: true,
        given_root: parent_of(path).into(),
    };
    match std::fs::symlink_metadata(path) {
        Err(e) => one(Candidate::Problem {
            path: path.to_path_buf(),
            reason: describe_io(&e),
        }),
        // A folder named like an agenda was most likely meant as a file.
        Ok(meta) if meta.is_dir() && has_agenda_extension(path) => one(Candidate::Problem {
            path: path.to_path_buf(),
            reason: "is a folder, not an agenda file".to_string(),
        }),
        Ok(meta) if meta.is_dir() => Box::new(walk(path)),
        Ok(meta) if meta.file_type().is_symlink() => match std::fs::metadata(path) {
            Ok(target) if target.is_file() => one(explicit_file()),
            // A symlink to a folder named on the command line is walked: the user asked
            // for it by name.
            Ok(target) if target.is_dir() => Box::new(walk(path)),
            Ok(_) => one(not_regular(path)),
            Err(e) => one(Candidate::Problem {
                path: path.to_path_buf(),
                reason: format!("broken symbolic link ({})", describe_io(&e)),
            }),
        },
        Ok(meta) if meta.is_file() => one(explicit_file()),
        Ok(_) => one(not_regular(path)),
    }
}

/// Walks a folder in path order (entries sorted by name, depth first: the same order
/// as sorting the paths).
fn walk(root: &Path) -> impl Iterator<Item = Candidate> + use<> {
    let given_root: Arc<Path> = root.into();
    let fallback = root.to_path_buf();
    WalkDir::new(root)
        .follow_links(false)
        // By name: the entries sorted are the children of one folder, so their paths
        // share everything but the name, and comparing the whole paths as bytes orders
        // them by name without splitting each path to find it.
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_skipped(entry))
        .filter_map(move |entry| {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let path = e.path().map_or_else(|| fallback.clone(), Path::to_path_buf);
                    let reason = e.io_error().map_or_else(|| e.to_string(), describe_io);
                    return Some(Candidate::Problem { path, reason });
                }
            };
            let file_type = entry.file_type();
            if file_type.is_dir() {
                return None;
            }
            let path = entry.into_path();
            if file_type.is_file() {
                return Some(Candidate::File {
                    path,
                    explicit: false,
                    given_root: Arc::clone(&given_root),
                });
            }
            if file_type.is_symlink() {
                return match std::fs::metadata(&path) {
                    Ok(target) if target.is_file() => Some(Candidate::File {
                        path,
                        explicit: false,
                        given_root: Arc::clone(&given_root),
                    }),
                    // Symlinked folders are not followed.
                    Ok(target) if target.is_dir() => None,
                    Ok(_) if has_agenda_extension(&path) => Some(not_regular(&path)),
                    Err(e) if has_agenda_extension(&path) => Some(Candidate::Problem {
                        reason: format!("broken symbolic link ({})", describe_io(&e)),
                        path,
                    }),
                    _ => None,
                };
            }
            has_agenda_extension(&path).then(|| not_regular(&path))
        })
}

/// `path` relative to `root`, as [`Path::strip_prefix`] gives it; looked for as bytes
/// first, since a notes root's walk asks it of every file (splitting both paths into
/// components is most of the cost of a long walk).
pub fn strip_root<'p>(root: &Path, path: &'p Path) -> Option<&'p Path> {
    plain_rest(root, path).or_else(|| path.strip_prefix(root).ok())
}

/// What follows `root` in `path` when `path` starts with `root`'s bytes and a separator
/// and the rest is a plain relative path (no `.` component, no doubled separator): then
/// it is what a component-wise comparison gives. Unix only (elsewhere `None`).
pub(crate) fn plain_rest<'p>(root: &Path, path: &'p Path) -> Option<&'p Path> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let root = root.as_os_str().as_bytes();
        if root.is_empty() || root.ends_with(b"/.") || root == b"." {
            return None;
        }
        let rest = path.as_os_str().as_bytes().strip_prefix(root)?;
        let rest = if root.ends_with(b"/") {
            rest
        } else {
            rest.strip_prefix(b"/")?
        };
        // Every component is a name: not empty (a doubled or trailing separator), not `.`.
        let mut start = 0;
        for (at, &byte) in rest.iter().enumerate() {
            if byte == b'/' {
                if matches!(&rest[start..at], b"" | b".") {
                    return None;
                }
                start = at + 1;
            }
        }
        if matches!(&rest[start..], b"" | b".") {
            return None;
        }
        Some(Path::new(std::ffi::OsStr::from_bytes(rest)))
    }
    #[cfg(not(unix))]
    {
        let _ = (root, path);
        None
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

/// `path` relative to the current folder when it lies inside it, else as it is.
pub fn relative_to_cwd(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| {
            let absolute = std::path::absolute(path).ok()?;
            absolute.strip_prefix(cwd).ok().map(Path::to_path_buf)
        })
        .unwrap_or_else(|| path.to_path_buf())
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

/// Writes `text` to `path` through a temporary file beside it (named after it, ending in
/// `.tmp`) and a rename: a reader sees the old file or the new one, never part of one.
///
/// # Errors
///
/// Why the file could not be written, in words ([`describe_io`]).
pub fn write_atomically(path: &Path, text: &str) -> Result<(), String> {
    let folder = parent_of(path);
    let prefix = format!(
        "{}-",
        path.file_name()
            .map_or_else(|| ".agendalint".into(), |n| n.to_string_lossy())
            .trim_end_matches(".json")
    );
    let mut temporary = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".tmp")
        .tempfile_in(&folder)
        .map_err(|e| describe_io(&e))?;
    std::io::Write::write_all(&mut temporary, text.as_bytes())
        .and_then(|()| temporary.as_file().sync_all())
        .map_err(|e| describe_io(&e))?;
    temporary.persist(path).map_err(|e| describe_io(&e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {

    /// The byte-wise shortcut gives what a component-wise strip gives, or defers to it.
    #[test]
    fn strip_root_agrees_with_strip_prefix() {
        let roots = [
            "/notes", "/notes/", "notes", "./notes", "/", ".", "/no", "/notes/.",
        ];
        let paths = [
            "/notes/a.md",
            "/notes/alex/2026/a.md",
            "/notes//a.md",
            "/notes/./a.md",
            "/notesx/a.md",
            "/notes",
            "notes/a.md",
            "./notes/a.md",
            "/notes/a/../b.md",
            "/other/a.md",
        ];
        for root in roots {
            for path in paths {
                let (root, path) = (Path::new(root), Path::new(path));
                assert_eq!(
                    strip_root(root, path),
                    path.strip_prefix(root).ok(),
                    "{root:?} {path:?}"
                );
            }
        }
    }

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

    #[test]
    fn overlapping_paths_are_merged_in_order_without_duplicates() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = tmp.path();
        for dir in ["notes/2026", "notes/b"] {
            std::fs::create_dir_all(root.join(dir)).expect("mkdir");
        }
        for file in [
            "notes/2026/b.md",
            "notes/a.md",
            "notes/b/c.md",
            "notes/b.md",
        ] {
            std::fs::write(root.join(file), "x").expect("write");
        }
        let given = [
            root.join("notes/b.md"),
            root.join("notes"),
            root.join("notes/2026"),
            root.join("notes/a.md"),
        ];
        let found: Vec<(String, bool)> = collect(&given)
            .iter()
            .map(|c| match c {
                Candidate::File { path, explicit, .. } => (
                    display_path(path.strip_prefix(root).unwrap_or(path)),
                    *explicit,
                ),
                Candidate::Problem { path, .. } => (display_path(path), false),
            })
            .collect();
        let expected = [
            ("notes/2026/b.md", false),
            ("notes/a.md", false),
            ("notes/b/c.md", false),
            ("notes/b.md", true),
        ];
        assert_eq!(
            found,
            expected.map(|(p, e)| (p.to_string(), e)),
            "sorted by path, each once (the path given first wins)"
        );
    }
}
