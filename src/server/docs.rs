//! Rule pages for the editor: the text of a rule's page for hovers, and a link to it
//! for each diagnostic's `codeDescription`.
//!
//! The pages are embedded in the binary (the ones `agendalint explain` prints). For the
//! link, the server writes them once per version into the user's cache folder
//! (`$XDG_CACHE_HOME/agendalint/rules-VERSION`, else `~/.cache/...`, else
//! `%LOCALAPPDATA%`), so that following it opens the page of the very version that
//! found the problem, offline. When no such folder can be written, diagnostics carry no
//! link and hovers still show the page.

use std::path::{Path, PathBuf};

use lsp_types::Uri;

use super::uri;
use crate::rules;

/// Where the rule pages were written, if they could be.
#[derive(Clone, Debug, Default)]
pub struct RuleDocs {
    dir: Option<PathBuf>,
}

impl RuleDocs {
    /// Writes the pages (unless the same version already did) under the user's cache
    /// folder.
    pub fn write_to_cache() -> Self {
        let dir = cache_folder().and_then(|base| {
            let dir = base
                .join("agendalint")
                .join(format!("rules-{}", env!("CARGO_PKG_VERSION")));
            write_pages(&dir).ok().map(|()| dir)
        });
        Self { dir }
    }

    /// Pages in `dir` (written there when missing or different).
    pub fn write_to(dir: &Path) -> Self {
        Self {
            dir: write_pages(dir).ok().map(|()| dir.to_path_buf()),
        }
    }

    /// No links.
    pub fn none() -> Self {
        Self { dir: None }
    }

    /// The link to a built-in rule's page.
    pub fn href(&self, rule: &str) -> Option<Uri> {
        rules::find(rule)?;
        let dir = self.dir.as_ref()?;
        uri::from_path(&dir.join(format!("{rule}.md")))
    }
}

/// The page of a built-in rule, as `agendalint explain` shows it.
pub fn page(rule: &str) -> Option<&'static str> {
    rules::find(rule).map(|entry| entry.meta.doc)
}

fn cache_folder() -> Option<PathBuf> {
    let from = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    from("XDG_CACHE_HOME")
        .or_else(|| from("HOME").map(|home| home.join(".cache")))
        .or_else(|| from("LOCALAPPDATA"))
}

/// Writes every page into `dir`, each through a temporary file and a rename, leaving
/// alone the ones already there with the same text.
fn write_pages(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for entry in rules::REGISTRY {
        let path = dir.join(format!("{}.md", entry.meta.id));
        if std::fs::read(&path).is_ok_and(|text| text == entry.meta.doc.as_bytes()) {
            continue;
        }
        let mut temporary = tempfile::NamedTempFile::new_in(dir)?;
        std::io::Write::write_all(&mut temporary, entry.meta.doc.as_bytes())?;
        temporary.persist(&path).map_err(|e| e.error)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_written_once_and_linked() {
        let dir = tempfile::tempdir().expect("temp dir");
        let docs = RuleDocs::write_to(dir.path());
        let href = docs.href("missing-metric").expect("a link");
        let path = uri::to_path(&href).expect("a file");
        let text = std::fs::read_to_string(&path).expect("written");
        assert_eq!(Some(text.as_str()), page("missing-metric"));
        assert_eq!(docs.href("no-such-rule"), None);
        assert_eq!(RuleDocs::none().href("missing-metric"), None);
    }
}
