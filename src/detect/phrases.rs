//! Literal phrase lists matched on whole words, with aho-corasick.
//!
//! One automaton per list, built once per run when the rule that needs it is enabled.
//! Matching is ASCII case-insensitive; a phrase ending in `*` matches any word ending; a
//! straight apostrophe also matches a curly one.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// A compiled list of phrases.
#[derive(Clone, Debug)]
pub struct PhraseSet {
    automaton: Option<AhoCorasick>,
    /// For each automaton pattern: whether it is a prefix (`frustrat*`).
    prefix: Vec<bool>,
}

/// A phrase list with exceptions: a phrase match inside (or overlapping) an exception
/// match does not count ("rejected" counts, "rejected by Apple" does not).
#[derive(Clone, Debug)]
pub struct PhraseList {
    phrases: PhraseSet,
    patterns: Option<regex::Regex>,
    except: PhraseSet,
}

/// Compiles regular expressions from rule data into one case-insensitive regex with ASCII
/// word boundaries (Unicode `\b` would push the regex engine off its fast path).
///
/// # Panics
///
/// On an invalid pattern: patterns are embedded data, each compiled by a test.
pub fn compile_patterns(patterns: &[String]) -> Option<regex::Regex> {
    if patterns.is_empty() {
        return None;
    }
    let joined = patterns
        .iter()
        .map(|p| format!("(?:{})", p.replace(r"\b", r"(?-u:\b)")))
        .collect::<Vec<_>>()
        .join("|");
    Some(
        regex::Regex::new(&format!("(?i){joined}"))
            .expect("embedded patterns are checked by a test"),
    )
}

impl PhraseList {
    /// Compiles `phrases` and their `except`ions.
    pub fn new<I, S, J, T>(phrases: I, except: J) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
        J: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        Self {
            phrases: PhraseSet::new(phrases),
            patterns: None,
            except: PhraseSet::new(except),
        }
    }

    /// Adds regular expressions that count like phrases.
    #[must_use]
    pub fn with_patterns(mut self, patterns: &[String]) -> Self {
        self.patterns = compile_patterns(patterns);
        self
    }

    /// Every counted match in `text`.
    pub fn find_all(&self, text: &str) -> Vec<Range<usize>> {
        let except = self.except.find_all(text);
        let mut found: Vec<Range<usize>> = self
            .phrases
            .find_all(text)
            .into_iter()
            .chain(
                self.patterns
                    .iter()
                    .flat_map(|re| re.find_iter(text).map(|m| m.range())),
            )
            .filter(|m| !except.iter().any(|e| e.start < m.end && m.start < e.end))
            .collect();
        found.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        found
    }

    /// The first counted match in `text`.
    pub fn find(&self, text: &str) -> Option<Range<usize>> {
        self.find_all(text).into_iter().next()
    }

    /// Whether `text` holds a counted match.
    pub fn is_match(&self, text: &str) -> bool {
        self.find(text).is_some()
    }
}

/// Word characters for boundary checks: letters, digits and apostrophes (so that "i can"
/// does not match inside "i can't").
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’' || c == '_'
}

impl PhraseSet {
    /// Compiles `phrases` (empty entries are ignored).
    pub fn new<I, S>(phrases: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut patterns = Vec::new();
        let mut prefix = Vec::new();
        for phrase in phrases {
            let phrase = phrase.as_ref().trim();
            let (text, is_prefix) = match phrase.strip_suffix('*') {
                Some(stem) => (stem.trim_end(), true),
                None => (phrase, false),
            };
            if text.is_empty() {
                continue;
            }
            let text = text.to_lowercase();
            if text.contains('\'') {
                patterns.push(text.replace('\'', "’"));
                prefix.push(is_prefix);
            }
            patterns.push(text);
            prefix.push(is_prefix);
        }
        let automaton = if patterns.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .build(&patterns)
                    .expect("phrase lists are small: far below the automaton size limit"),
            )
        };
        Self { automaton, prefix }
    }

    /// Whether the set holds no phrase.
    pub fn is_empty(&self) -> bool {
        self.automaton.is_none()
    }

    /// Every whole-word match in `text`, in order of start (overlaps included).
    pub fn find_all(&self, text: &str) -> Vec<Range<usize>> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let mut found: Vec<Range<usize>> = automaton
            .find_overlapping_iter(text)
            .filter_map(|m| {
                let is_prefix = self
                    .prefix
                    .get(m.pattern().as_usize())
                    .copied()
                    .unwrap_or(false);
                let start_ok = starts_word(text, m.start());
                let end = if is_prefix {
                    word_end(text, m.end())
                } else {
                    m.end()
                };
                let end_ok = is_prefix || ends_word(text, m.end());
                (start_ok && end_ok).then_some(m.start()..end)
            })
            .collect();
        found.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        found
    }

    /// The first whole-word match in `text`.
    pub fn find(&self, text: &str) -> Option<Range<usize>> {
        self.find_all(text).into_iter().next()
    }

    /// Whether any phrase occurs in `text` as whole words.
    pub fn is_match(&self, text: &str) -> bool {
        self.find(text).is_some()
    }
}

/// A match may start here when it does not continue a word (or starts with a symbol).
fn starts_word(text: &str, at: usize) -> bool {
    let first_is_word = text[at..].chars().next().is_some_and(is_word_char);
    !first_is_word || !text[..at].chars().next_back().is_some_and(is_word_char)
}

fn ends_word(text: &str, at: usize) -> bool {
    let last_is_word = text[..at].chars().next_back().is_some_and(is_word_char);
    !last_is_word || !text[at..].chars().next().is_some_and(is_word_char)
}

fn word_end(text: &str, at: usize) -> usize {
    at + text[at..]
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '-'))
        .map_or(text.len() - at, |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_only() {
        let set = PhraseSet::new(["i can", "hate", "frustrat*", "it's unfair", "->"]);
        assert!(set.is_match("I can pair on it"));
        assert!(!set.is_match("I can't pair on it"));
        assert!(!set.is_match("whatever"));
        assert!(set.is_match("I hate this"));
        assert_eq!(set.find("so FRUSTRATING today"), Some(3..14));
        assert!(set.is_match("It’s unfair"));
        assert!(set.is_match("pages->rotation"));
    }

    #[test]
    fn exceptions_cancel_overlapping_matches() {
        let list = PhraseList::new(["rejected"], ["rejected by"]);
        assert!(list.is_match("we rejected Kafka"));
        assert!(!list.is_match("the build was rejected by Apple"));
    }

    #[test]
    fn empty_set_matches_nothing() {
        let set = PhraseSet::new(Vec::<String>::new());
        assert!(set.is_empty());
        assert!(!set.is_match("anything"));
    }
}
