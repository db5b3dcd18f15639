//! The private lines a user has accepted, kept in `.agendalint-privacy.json` as salted
//! hashes of the flagged text: the allowlist itself discloses nothing, not even to
//! someone who guesses a likely sentence and hashes it, without the salt of that file.
//!
//! ```json
//! { "version": 1, "salt": "<32 hex digits>", "allowed": [{ "rule": "private-pay", "hash": "<64 hex digits>" }] }
//! ```

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The allowlist's file name, next to the config file (else at the repository's root).
pub const FILE_NAME: &str = ".agendalint-privacy.json";

/// The format version written.
const VERSION: u32 = 1;

/// A larger file is refused rather than read.
const MAX_SIZE: u64 = 8 * 1024 * 1024;

/// The accepted findings of one notes folder.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Allowlist {
    salt: String,
    allowed: Vec<Entry>,
}

/// One accepted finding: its rule and the salted hash of its flagged text.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    rule: String,
    hash: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    version: u32,
    salt: String,
    allowed: Vec<Entry>,
}

/// Why the allowlist cannot be read or written.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum AllowlistError {
    /// Unreadable, or not an allowlist.
    #[error("cannot use the privacy allowlist {path}: {reason}")]
    #[diagnostic(
        code(agendalint::privacy),
        help(
            "fix the file, or delete it and accept the lines again with `agendalint privacy allow FILE:LINE`"
        )
    )]
    Read {
        /// The allowlist file.
        path: String,
        /// Why.
        reason: String,
    },
    /// Could not be written.
    #[error("cannot write the privacy allowlist {path}: {reason}")]
    #[diagnostic(code(agendalint::privacy))]
    Write {
        /// The allowlist file.
        path: String,
        /// Why.
        reason: String,
    },
}

/// The folder whose allowlist applies to the files of a config: the config file's
/// folder, else the root of the git work tree around `start`, else `start`.
pub fn home(config_file: Option<&Path>, start: &Path) -> PathBuf {
    if let Some(folder) = config_file.map(crate::files::parent_of) {
        return folder;
    }
    let absolute = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
    absolute
        .ancestors()
        .find(|folder| folder.join(".git").exists())
        .map_or_else(|| start.to_path_buf(), Path::to_path_buf)
}

/// The same text however it is spaced or capitalised.
fn normalized(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

impl Allowlist {
    /// Reads the allowlist in `folder`: empty when there is none.
    ///
    /// # Errors
    ///
    /// When the file is there but unreadable or not an allowlist.
    pub fn load(folder: &Path) -> Result<Self, AllowlistError> {
        let path = folder.join(FILE_NAME);
        let failed = |reason: String| AllowlistError::Read {
            path: crate::files::display_path(&path),
            reason,
        };
        let text = match crate::read::text(&path, MAX_SIZE) {
            Ok(text) => text,
            Err(crate::read::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Self::default());
            }
            Err(e) => return Err(failed(e.to_string())),
        };
        let document: Document = serde_json::from_str(&text).map_err(|e| failed(e.to_string()))?;
        if document.version != VERSION {
            return Err(failed(format!(
                "version {} is not known (this agendalint writes {VERSION})",
                document.version
            )));
        }
        if document.salt.len() < 16 {
            return Err(failed("its salt is missing or too short".to_string()));
        }
        let mut allowed = document.allowed;
        allowed.sort();
        Ok(Self {
            salt: document.salt,
            allowed,
        })
    }

    /// Whether nothing is accepted.
    pub fn is_empty(&self) -> bool {
        self.allowed.is_empty()
    }

    /// How many findings are accepted.
    pub fn len(&self) -> usize {
        self.allowed.len()
    }

    fn hash(&self, rule: &str, flagged: &str) -> String {
        let mut hasher = Sha256::new();
        hasher.update(self.salt.as_bytes());
        hasher.update([0]);
        hasher.update(rule.as_bytes());
        hasher.update([0]);
        hasher.update(normalized(flagged).as_bytes());
        hex(&hasher.finalize())
    }

    /// Whether a finding of `rule` on `flagged` was accepted.
    pub fn allows(&self, rule: &str, flagged: &str) -> bool {
        if self.allowed.is_empty() {
            return false;
        }
        let entry = Entry {
            rule: rule.to_string(),
            hash: self.hash(rule, flagged),
        };
        self.allowed.binary_search(&entry).is_ok()
    }

    /// Accepts a finding of `rule` on `flagged`; returns whether it was new. The first
    /// entry draws the file's salt.
    ///
    /// # Errors
    ///
    /// When the system has no randomness to draw a salt from.
    pub fn allow(&mut self, rule: &str, flagged: &str) -> Result<bool, String> {
        if self.salt.is_empty() {
            let mut salt = [0_u8; 16];
            getrandom::fill(&mut salt).map_err(|e| format!("no random salt: {e}"))?;
            self.salt = hex(&salt);
        }
        let entry = Entry {
            rule: rule.to_string(),
            hash: self.hash(rule, flagged),
        };
        match self.allowed.binary_search(&entry) {
            Ok(_) => Ok(false),
            Err(at) => {
                self.allowed.insert(at, entry);
                Ok(true)
            }
        }
    }

    /// Writes the allowlist into `folder` through a temporary file and a rename.
    ///
    /// # Errors
    ///
    /// When the file cannot be written.
    pub fn save(&self, folder: &Path) -> Result<PathBuf, AllowlistError> {
        let path = folder.join(FILE_NAME);
        let failed = |reason: String| AllowlistError::Write {
            path: crate::files::display_path(&path),
            reason,
        };
        let document = Document {
            version: VERSION,
            salt: self.salt.clone(),
            allowed: self.allowed.clone(),
        };
        let mut text =
            serde_json::to_string_pretty(&document).map_err(|e| failed(e.to_string()))?;
        text.push('\n');
        crate::files::write_atomically(&path, &text).map_err(failed)?;
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_accepted_text_is_known_again_and_the_file_holds_no_word_of_it() {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let mut list = Allowlist::load(folder.path()).expect("no file is an empty list");
        assert!(list.is_empty());
        assert_eq!(list.allow("private-pay", "base is 145k"), Ok(true));
        assert_eq!(list.allow("private-pay", "Base  is 145k"), Ok(false));
        let path = list.save(folder.path()).expect("written");
        let written = std::fs::read_to_string(&path).expect("readable");
        assert!(
            !written.contains("145k") && !written.contains("base"),
            "{written}"
        );
        let again = Allowlist::load(folder.path()).expect("read back");
        assert!(again.allows("private-pay", "base is 145k"));
        assert!(!again.allows("private-health", "base is 145k"));
        assert!(!again.allows("private-pay", "base is 150k"));
    }

    #[test]
    fn two_folders_hash_the_same_text_differently() {
        let mut one = Allowlist::default();
        let mut two = Allowlist::default();
        one.allow("private-life", "my divorce").expect("salted");
        two.allow("private-life", "my divorce").expect("salted");
        assert_ne!(one.allowed, two.allowed);
    }

    #[test]
    fn a_broken_file_is_an_error_that_names_it() {
        let folder = tempfile::tempdir().expect("a temporary folder");
        std::fs::write(folder.path().join(FILE_NAME), "{ not json").expect("written");
        let error = Allowlist::load(folder.path()).expect_err("broken");
        assert!(error.to_string().contains(FILE_NAME), "{error}");
    }
}
