//! The baseline: findings a user has accepted, kept in `.agendalint-baseline.json` next
//! to the config file (or in the notes root when there is none), so that a folder with
//! history adopts agendalint without noise and later runs report only what is new.
//!
//! An entry names a finding by its rule, its file (relative to the baseline's folder)
//! and a hash of the text it flags, never by its line: an edit above it does not revive
//! it. A finding whose text changed a little (a typo fixed, a word added) still matches
//! an entry of its rule and file whose excerpt is close to its text, when no finding
//! matches that entry exactly. Several findings of one rule on the same text are one entry with
//! a count. The file is sorted and pretty-printed, so that it diffs well in git.
//!
//! This module reads, matches and writes baselines; which baseline governs a file is the
//! runner's business, and `agendalint baseline` (in `commands`) decides what to write.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Span};

/// The baseline's file name.
pub const FILE_NAME: &str = ".agendalint-baseline.json";

/// The version of the file format; bumped on any incompatible change.
pub const VERSION: u32 = 1;

/// Baselines larger than this are refused (bytes).
pub const MAX_SIZE: u64 = 64 * 1024 * 1024;

/// The longest excerpt of the flagged text kept in an entry (characters).
const EXCERPT_CHARS: usize = 80;

/// The note at the top of the file, for whoever opens it.
const COMMENT: &str = "Findings accepted by `agendalint baseline`: `agendalint check` does not report them. Run `agendalint baseline` again to drop entries that no longer match; `agendalint check --no-baseline` shows everything.";

/// Why a baseline cannot be used.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum BaselineError {
    /// The file could not be read.
    #[error("cannot read the baseline {path}: {reason}")]
    #[diagnostic(
        code(agendalint::baseline),
        help("fix or delete the file, or run `agendalint baseline` to write it again")
    )]
    Read {
        /// The baseline file.
        path: String,
        /// Why.
        reason: String,
    },
    /// The file is not a baseline.
    #[error("invalid baseline {path}: {reason}")]
    #[diagnostic(
        code(agendalint::baseline),
        help(
            "run `agendalint baseline` to write it again (or `agendalint check --no-baseline` to ignore it)"
        )
    )]
    Invalid {
        /// The baseline file.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// The file could not be written.
    #[error("cannot write the baseline {path}: {reason}")]
    #[diagnostic(code(agendalint::baseline))]
    Write {
        /// The baseline file.
        path: String,
        /// Why.
        reason: String,
    },
}

/// One accepted finding (or several of one rule on the same text).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The file, relative to the baseline's folder, with `/`.
    pub path: String,
    /// The rule id.
    pub rule: String,
    /// The hash of the flagged text ([`fingerprint`]).
    pub hash: String,
    /// How many findings of this rule flag this text in this file.
    pub count: usize,
    /// The start of the flagged text, for a reader of the file (not matched).
    #[serde(default)]
    pub text: String,
}

/// The file as written.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    version: u32,
    #[serde(default)]
    comment: String,
    entries: Vec<Entry>,
}

/// A baseline as read: its entries by file.
#[derive(Debug, Default)]
pub struct Baseline {
    /// The baseline file.
    pub path: PathBuf,
    /// Its folder, absolute: entry paths are relative to it.
    pub dir: PathBuf,
    /// Entries by file (relative path).
    by_file: HashMap<String, Vec<Entry>>,
}

impl Baseline {
    /// Reads the baseline in `dir`, if there is one.
    pub fn load(dir: &Path) -> Result<Option<Self>, BaselineError> {
        let path = dir.join(FILE_NAME);
        let shown = crate::files::display_path(&path);
        let text = match read_capped(&path) {
            Ok(Some(text)) => text,
            Ok(None) => return Ok(None),
            Err(reason) => {
                return Err(BaselineError::Read {
                    path: shown,
                    reason,
                });
            }
        };
        let document: Document =
            serde_json::from_str(&text).map_err(|e| BaselineError::Invalid {
                path: shown.clone(),
                reason: e.to_string(),
            })?;
        if document.version != VERSION {
            return Err(BaselineError::Invalid {
                path: shown,
                reason: format!(
                    "version {} is not one this agendalint reads (it reads version {VERSION})",
                    document.version
                ),
            });
        }
        let mut by_file: HashMap<String, Vec<Entry>> = HashMap::new();
        for entry in document.entries {
            by_file.entry(entry.path.clone()).or_default().push(entry);
        }
        Ok(Some(Self {
            path,
            dir: absolute(dir),
            by_file,
        }))
    }

    /// The path of `file` as entries name it: relative to the baseline's folder, with `/`.
    pub fn relative(dir: &Path, file: &Path) -> String {
        let file = absolute(file);
        let dir = absolute(dir);
        let relative = file.strip_prefix(&dir).unwrap_or(&file);
        relative.to_string_lossy().replace('\\', "/")
    }

    /// The entries of one file, ready to match its findings.
    pub fn for_file(&self, relative: &str) -> FileBaseline {
        let mut remaining = HashMap::new();
        let mut words = HashMap::new();
        for entry in self.by_file.get(relative).into_iter().flatten() {
            let key = (entry.rule.clone(), entry.hash.clone());
            words
                .entry(key.clone())
                .or_insert_with(|| Excerpt::new(&entry.text));
            *remaining.entry(key).or_insert(0) += entry.count;
        }
        FileBaseline { remaining, words }
    }

    /// How many findings the entries of files that no longer exist stand for.
    pub fn missing_files(&self) -> usize {
        self.by_file
            .iter()
            .filter(|(path, _)| !self.dir.join(path).is_file())
            .map(|(_, entries)| entries.iter().map(|e| e.count).sum::<usize>())
            .sum()
    }

    /// Every entry, in no particular order.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.by_file.values().flatten()
    }
}

/// The entries of one file, counted down as its findings match them.
#[derive(Clone, Debug, Default)]
pub struct FileBaseline {
    /// Findings each (rule, hash) still accepts.
    remaining: HashMap<(String, String), usize>,
    /// Each entry's excerpt, for findings whose text changed a little.
    words: HashMap<(String, String), Excerpt>,
}

/// An excerpt ready to be compared: its words, and its letter pairs.
#[derive(Clone, Debug, Default)]
struct Excerpt {
    words: Vec<String>,
    pairs: Vec<(char, char)>,
}

impl Excerpt {
    fn new(text: &str) -> Self {
        let folded: Vec<char> = text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
            .chars()
            .collect();
        let mut pairs: Vec<(char, char)> = folded.windows(2).map(|w| (w[0], w[1])).collect();
        pairs.sort_unstable();
        Self {
            words: crate::series::normalise(text),
            pairs,
        }
    }

    /// Whether two excerpts are the same text with small edits: mostly the same words,
    /// or mostly the same letter pairs (Dice coefficient of at least 0.8, which a typo
    /// fixed in a short line keeps).
    fn close(&self, other: &Excerpt) -> bool {
        if crate::series::similar(&self.words, &other.words) {
            return true;
        }
        let total = self.pairs.len() + other.pairs.len();
        if total == 0 {
            return false;
        }
        // Both lists are sorted: count the pairs they share, with repeats.
        let (mut i, mut j, mut shared) = (0, 0, 0);
        while i < self.pairs.len() && j < other.pairs.len() {
            match self.pairs[i].cmp(&other.pairs[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        shared * 2 * 5 >= total * 4
    }
}

impl FileBaseline {
    /// Whether the file has no entries.
    pub fn is_empty(&self) -> bool {
        self.remaining.is_empty()
    }

    /// Removes the findings the baseline accepts from `diagnostics` (of the file whose
    /// text is `source`); returns how many it removed. Exact matches first; then a
    /// finding whose text changed a little takes an entry of its rule that nothing
    /// matched, when the entry's excerpt has mostly the same words.
    pub fn filter(&mut self, source: &str, diagnostics: &mut Vec<Diagnostic>) -> usize {
        if self.remaining.is_empty() {
            return 0;
        }
        let before = diagnostics.len();
        diagnostics.retain(|d| {
            let key = (d.rule.to_string(), fingerprint(source, d.span));
            !take(&mut self.remaining, &key)
        });
        if self.remaining.values().any(|&n| n > 0) {
            diagnostics.retain(|d| {
                let found = Excerpt::new(&excerpt(source, d.span));
                let mut keys: Vec<&(String, String)> = self
                    .words
                    .iter()
                    .filter(|((rule, _), entry)| rule == d.rule.as_ref() && entry.close(&found))
                    .map(|(key, _)| key)
                    .collect();
                // The same entry whatever the map's order.
                keys.sort();
                let Some(key) = keys
                    .into_iter()
                    .find(|k| self.remaining.get(*k).is_some_and(|&n| n > 0))
                    .cloned()
                else {
                    return true;
                };
                !take(&mut self.remaining, &key)
            });
        }
        before - diagnostics.len()
    }

    /// How many accepted findings matched nothing.
    pub fn unmatched(&self) -> usize {
        self.remaining.values().sum()
    }
}

/// Counts one finding against `key`'s entry; whether the entry still had room for it.
fn take(remaining: &mut HashMap<(String, String), usize>, key: &(String, String)) -> bool {
    match remaining.get_mut(key) {
        Some(count) if *count > 0 => {
            *count -= 1;
            true
        }
        _ => false,
    }
}

/// The text a finding flags: its span, or for an empty span (an insertion point) the
/// line it sits on.
pub fn flagged_text(source: &str, span: Span) -> &str {
    let text = source.get(span.start..span.end).unwrap_or("");
    if !text.trim().is_empty() {
        return text;
    }
    let at = span.start.min(source.len());
    let start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = source[at..].find('\n').map_or(source.len(), |i| at + i);
    source.get(start..end).unwrap_or("")
}

/// The hash that names the text a finding flags: FNV-1a (64 bits, hex) of the text
/// with runs of whitespace made one space and the ends trimmed, so that line endings
/// and re-wrapping do not revive a finding. Stable across platforms and versions.
pub fn fingerprint(source: &str, span: Span) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |byte: u8| {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    };
    for (i, word) in flagged_text(source, span).split_whitespace().enumerate() {
        if i > 0 {
            feed(b' ');
        }
        word.bytes().for_each(&mut feed);
    }
    format!("{hash:016x}")
}

/// A short, one-line excerpt of the flagged text.
pub fn excerpt(source: &str, span: Span) -> String {
    let words: Vec<&str> = flagged_text(source, span).split_whitespace().collect();
    let text = words.join(" ");
    if text.chars().count() <= EXCERPT_CHARS {
        return text;
    }
    let mut short: String = text.chars().take(EXCERPT_CHARS - 1).collect();
    short.push('…');
    short
}

/// Adds `entry` to `entries`, merging it with an entry of the same file, rule and hash.
pub fn add(entries: &mut BTreeMap<(String, String, String), Entry>, entry: Entry) {
    let key = (entry.path.clone(), entry.rule.clone(), entry.hash.clone());
    entries
        .entry(key)
        .and_modify(|e| e.count += entry.count)
        .or_insert(entry);
}

/// Writes the baseline in `dir` with `entries` (sorted by file, rule, hash), through a
/// temporary file and a rename; with no entries, removes the file. Returns the path.
pub fn write(dir: &Path, entries: Vec<Entry>) -> Result<PathBuf, BaselineError> {
    let path = dir.join(FILE_NAME);
    let failed = |reason: String| BaselineError::Write {
        path: crate::files::display_path(&path),
        reason,
    };
    if entries.is_empty() {
        match std::fs::remove_file(&path) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(path),
            Err(e) => return Err(failed(crate::files::describe_io(&e))),
        }
    }
    let document = Document {
        version: VERSION,
        comment: COMMENT.to_string(),
        entries,
    };
    let mut text = serde_json::to_string_pretty(&document).map_err(|e| failed(e.to_string()))?;
    text.push('\n');
    crate::files::write_atomically(&path, &text).map_err(failed)?;
    Ok(path)
}

/// Reads a baseline file: `None` when there is none; an error for anything but a
/// regular file under [`MAX_SIZE`] of UTF-8.
fn read_capped(path: &Path) -> Result<Option<String>, String> {
    match crate::read::text(path, MAX_SIZE) {
        Ok(text) => Ok(Some(text)),
        Err(crate::read::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.to_string()),
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn finding(rule: &str, span: Span) -> Diagnostic {
        Diagnostic::new(rule.to_string(), Severity::Warning, span, "m", "h")
    }

    #[test]
    fn fingerprints_ignore_line_endings_and_spacing_but_not_words() {
        let a = "x\n- Improve CI  reliability\n";
        let b = "x\r\n\r\n- Improve CI reliability \r\n";
        let span_a = Span::new(4, a.len() - 1);
        let span_b = Span::new(7, b.len() - 2);
        assert_eq!(fingerprint(a, span_a), fingerprint(b, span_b));
        assert_ne!(
            fingerprint(a, span_a),
            fingerprint("- Improve CD reliability", Span::new(2, 24))
        );
        // A known value: the format is stable.
        assert_eq!(fingerprint("abc", Span::new(0, 3)), "e71fa2190541574b");
    }

    #[test]
    fn an_empty_span_flags_its_line() {
        let text = "# 1:1\n## Initiatives\n";
        assert_eq!(flagged_text(text, Span::empty(6)), "## Initiatives");
        assert_eq!(flagged_text(text, Span::empty(text.len())), "");
    }

    #[test]
    fn matching_counts_down_and_reports_what_is_left() {
        let text = "- Improve CI reliability\n- Improve CI reliability\n";
        let first = Span::new(2, 24);
        let second = Span::new(27, 49);
        let mut entries = BTreeMap::new();
        for span in [first, second] {
            add(
                &mut entries,
                Entry {
                    path: "a.md".into(),
                    rule: "missing-metric".into(),
                    hash: fingerprint(text, span),
                    count: 1,
                    text: excerpt(text, span),
                },
            );
        }
        assert_eq!(entries.len(), 1, "one entry with a count");
        let baseline = Baseline {
            by_file: HashMap::from([("a.md".to_string(), entries.into_values().collect())]),
            ..Baseline::default()
        };
        let mut file = baseline.for_file("a.md");
        let mut found = vec![
            finding("missing-metric", first),
            finding("no-time-bound", first),
        ];
        assert_eq!(file.filter(text, &mut found), 1);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, "no-time-bound");
        assert_eq!(file.unmatched(), 1, "the second accepted finding is gone");
        assert!(baseline.for_file("b.md").is_empty());

        // A typo fixed in the flagged text: still the accepted finding.
        let edited = "- Improve CI reliability!\n- Cut the build time\n";
        let mut file = baseline.for_file("a.md");
        let mut found = vec![
            finding("missing-metric", Span::new(2, 25)),
            finding("missing-metric", Span::new(28, 46)),
        ];
        assert_eq!(file.filter(edited, &mut found), 1);
        assert_eq!(found.len(), 1, "another item is a new finding");
        assert_eq!(found[0].span, Span::new(28, 46));
    }

    #[test]
    fn small_edits_are_close_and_other_text_is_not() {
        let close = |a: &str, b: &str| Excerpt::new(a).close(&Excerpt::new(b));
        assert!(close("Improve CI reliabilty", "Improve CI reliability"));
        assert!(close(
            "I want to lead a team someday",
            "I want to lead a team some day"
        ));
        assert!(close("## Initiatives (5 min)", "## Initiatives (10 min)"));
        assert!(!close("Improve CI reliability", "Cut the build time"));
        assert!(!close("Improve CI reliability", "Improve onboarding docs"));
        assert!(!close("", ""));
    }

    #[test]
    fn excerpts_are_short_single_lines() {
        let long = format!("- {}\n  more", "word ".repeat(40));
        let text = excerpt(&long, Span::new(0, long.len()));
        assert_eq!(text.chars().count(), EXCERPT_CHARS);
        assert!(text.ends_with('…') && !text.contains('\n'));
    }

    #[test]
    fn written_baselines_read_back_sorted() {
        let dir = tempfile::tempdir().expect("temp dir");
        let entry = |path: &str, rule: &str| Entry {
            path: path.into(),
            rule: rule.into(),
            hash: "0123456789abcdef".into(),
            count: 1,
            text: "x".into(),
        };
        let mut map = BTreeMap::new();
        for e in [entry("b.md", "r"), entry("a.md", "s"), entry("a.md", "r")] {
            add(&mut map, e);
        }
        let path = write(dir.path(), map.into_values().collect()).expect("written");
        let text = std::fs::read_to_string(&path).expect("read");
        let a_r = text.find("\"a.md\"").expect("a.md");
        assert!(a_r < text.find("\"b.md\"").expect("b.md"), "{text}");
        let read = Baseline::load(dir.path()).expect("valid").expect("present");
        assert_eq!(read.entries().count(), 3);
        write(dir.path(), Vec::new()).expect("removed");
        assert!(Baseline::load(dir.path()).expect("valid").is_none());
    }

    #[test]
    fn broken_baselines_are_errors() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join(FILE_NAME), "{").expect("write");
        assert!(matches!(
            Baseline::load(dir.path()),
            Err(BaselineError::Invalid { .. })
        ));
        std::fs::write(
            dir.path().join(FILE_NAME),
            "{\"version\": 9, \"entries\": []}",
        )
        .expect("write");
        let error = Baseline::load(dir.path()).expect_err("a later version");
        assert!(error.to_string().contains("version 9"), "{error}");
    }
}
