//! Finds the config file that governs a folder: the nearest `.agendalint.yaml` (or
//! `.yml`) in it or above it, whatever kind of file it is (loading it checks that).
//!
//! Every folder visited on the way up is cached with its answer, so a deep tree costs one
//! probe per folder, not one walk per file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::FILE_NAMES;

/// A cache of folder → nearest config file.
#[derive(Debug, Default)]
pub struct Discovery {
    nearest: HashMap<PathBuf, Option<PathBuf>>,
}

impl Discovery {
    /// The nearest config file for `folder` (in it or any folder above).
    pub fn nearest(&mut self, folder: &Path) -> Option<PathBuf> {
        let start = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
        let mut visited = Vec::new();
        let mut current = Some(start.as_path());
        let found = loop {
            let Some(dir) = current else {
                break None;
            };
            if let Some(cached) = self.nearest.get(dir) {
                break cached.clone();
            }
            visited.push(dir.to_path_buf());
            if let Some(file) = config_in(dir) {
                break Some(file);
            }
            current = dir.parent();
        };
        for dir in visited {
            self.nearest.insert(dir, found.clone());
        }
        found
    }
}

/// The config file in `dir`: anything by one of the names, even a folder, a named pipe
/// or a broken link, so that loading it reports why it cannot be used instead of the
/// folder silently falling back to the defaults.
pub(crate) fn config_in(dir: &Path) -> Option<PathBuf> {
    FILE_NAMES
        .iter()
        .map(|name| dir.join(name))
        .find(|candidate| std::fs::symlink_metadata(candidate).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_nearest_and_caches_the_way_up() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let deep = tmp.path().join("a/b/c");
        std::fs::create_dir_all(&deep).expect("mkdir");
        std::fs::write(tmp.path().join("a/.agendalint.yml"), "").expect("write");
        let mut discovery = Discovery::default();
        let found = discovery.nearest(&deep).expect("config found");
        assert!(found.ends_with("a/.agendalint.yml"));
        assert!(discovery.nearest.len() >= 3, "c, b and a are cached");
        std::fs::write(tmp.path().join("a/b/.agendalint.yaml"), "").expect("write");
        // Cached: the new file is not seen within the same run.
        assert_eq!(discovery.nearest(&deep), Some(found));
    }
}
