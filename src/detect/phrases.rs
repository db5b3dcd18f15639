//! Literal phrase lists matched on whole words, with aho-corasick.
//!
//! One automaton per list, built on the list's first use: a run over one file builds
//! only the lists its text reaches. Lists in heavy use (a folder run) are rebuilt once
//! as a DFA, which costs more to build and less to search. Matching is ASCII
//! case-insensitive; a phrase ending in `*` matches any word ending; a straight
//! apostrophe also matches a curly one.

use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

/// A list of phrases, compiled on first use.
#[derive(Debug)]
pub struct PhraseSet {
    /// The phrases, lowercased (with curly-apostrophe copies).
    patterns: Vec<String>,
    /// For each pattern: whether it is a prefix (`frustrat*`).
    prefix: Vec<bool>,
    /// Quick to build: used first.
    nfa: OnceLock<AhoCorasick>,
    /// Quick to search: built once the list has been searched [`DFA_AFTER`] times.
    dfa: OnceLock<AhoCorasick>,
    searches: AtomicU32,
}

/// How many searches of a list pay for building its DFA.
const DFA_AFTER: u32 = 2_000;

impl Clone for PhraseSet {
    fn clone(&self) -> Self {
        Self {
            patterns: self.patterns.clone(),
            prefix: self.prefix.clone(),
            nfa: self.nfa.clone(),
            dfa: self.dfa.clone(),
            searches: AtomicU32::new(self.searches.load(Ordering::Relaxed)),
        }
    }
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
/// word boundaries and ASCII `\w`, `\s` and `\d` (see [`ascii_classes`]).
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
        .map(|p| format!("(?:{})", ascii_classes(p)))
        .collect::<Vec<_>>()
        .join("|");
    // The lazy DFA of a long case-insensitive alternation with bounded repeats needs
    // more states than the default cache holds: with the default it is cleared and
    // rebuilt over and over, and building states becomes most of the search.
    Some(
        regex::RegexBuilder::new(&format!("(?i){joined}"))
            .dfa_size_limit(DFA_CACHE_BYTES)
            .build()
            .expect("embedded patterns are checked by a test"),
    )
}

/// The lazy DFA cache of each pattern regex, in bytes.
const DFA_CACHE_BYTES: usize = 32 << 20;

/// Rewrites `\b`, `\w`, `\s` and `\d` in a pattern to their ASCII forms, inside and
/// outside character classes. Their Unicode forms cost far more to compile (a Unicode
/// `\w` is hundreds of ranges, and a bounded repeat copies it each time) and push the
/// search off its fast path, for no gain: the rule data spells its words in ASCII.
fn ascii_classes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() * 2);
    let mut in_class = false;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(escaped) = chars.next() else {
                    out.push(c);
                    break;
                };
                let class = match escaped {
                    'w' => Some("word"),
                    's' => Some("space"),
                    'd' => Some("digit"),
                    _ => None,
                };
                match class {
                    Some(name) if in_class => {
                        out.push_str("[:");
                        out.push_str(name);
                        out.push_str(":]");
                    }
                    Some(_) => {
                        out.push_str("(?-u:\\");
                        out.push(escaped);
                        out.push(')');
                    }
                    None if escaped == 'b' && !in_class => out.push_str("(?-u:\\b)"),
                    None => {
                        out.push(c);
                        out.push(escaped);
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A `]` (or `^]`) right after the opening bracket is a literal.
                let rest = chars.as_str();
                let literal = if rest.starts_with("^]") {
                    2
                } else {
                    usize::from(rest.starts_with(']'))
                };
                for _ in 0..literal {
                    if let Some(next) = chars.next() {
                        out.push(next);
                    }
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
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
        let mut found: Vec<Range<usize>> = self.phrases.find_all(text);
        if let Some(re) = &self.patterns {
            found.extend(re.find_iter(text).map(|m| m.range()));
        }
        if found.is_empty() {
            return found;
        }
        let except = self.except.find_all(text);
        found.retain(|m| !except.iter().any(|e| e.start < m.end && m.start < e.end));
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

/// Several phrase lists searched in one pass: one automaton holds the phrases and
/// exceptions of every list, and each match is credited to the lists it belongs to.
/// [`PhraseBank::matching`] says of every list what [`PhraseList::is_match`] would,
/// for the cost of one scan instead of one per list.
#[derive(Debug)]
pub struct PhraseBank {
    /// Every phrase and exception of every list, with its prefix flag.
    all: PhraseSet,
    /// For each pattern of `all`: the list it comes from, and whether it is one of that
    /// list's exceptions.
    owners: Vec<(usize, bool)>,
    /// Each list's regular expressions, which count like its phrases.
    patterns: Vec<Option<regex::Regex>>,
}

impl PhraseBank {
    /// Joins `lists` (in that order) into one bank.
    pub fn new<'a>(lists: impl IntoIterator<Item = &'a PhraseList>) -> Self {
        let mut all = PhraseSet::new(Vec::<String>::new());
        let mut owners = Vec::new();
        let mut patterns = Vec::new();
        for (index, list) in lists.into_iter().enumerate() {
            for (set, except) in [(&list.phrases, false), (&list.except, true)] {
                all.patterns.extend(set.patterns.iter().cloned());
                all.prefix.extend(set.prefix.iter().copied());
                owners.extend(std::iter::repeat_n((index, except), set.patterns.len()));
            }
            patterns.push(list.patterns.clone());
        }
        Self {
            all,
            owners,
            patterns,
        }
    }

    /// For each list, in order: whether `text` holds a counted match of it.
    pub fn matching(&self, text: &str) -> Vec<bool> {
        let lists = self.patterns.len();
        let mut found: Vec<Vec<Range<usize>>> = vec![Vec::new(); lists];
        let mut except: Vec<Vec<Range<usize>>> = vec![Vec::new(); lists];
        for (pattern, range) in self.all.find_all_patterns(text) {
            let (list, is_except) = self.owners[pattern];
            if is_except {
                except[list].push(range);
            } else {
                found[list].push(range);
            }
        }
        (0..lists)
            .map(|list| {
                let counted = |m: &Range<usize>| {
                    !except[list]
                        .iter()
                        .any(|e| e.start < m.end && m.start < e.end)
                };
                found[list].iter().any(counted)
                    || self.patterns[list]
                        .as_ref()
                        .is_some_and(|re| re.find_iter(text).any(|m| counted(&m.range())))
            })
            .collect()
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
        Self {
            patterns,
            prefix,
            nfa: OnceLock::new(),
            dfa: OnceLock::new(),
            searches: AtomicU32::new(0),
        }
    }

    /// Whether the set holds no phrase.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// The automaton to search with.
    fn automaton(&self) -> &AhoCorasick {
        if let Some(dfa) = self.dfa.get() {
            return dfa;
        }
        if self.searches.fetch_add(1, Ordering::Relaxed) >= DFA_AFTER {
            return self.dfa.get_or_init(|| self.build(AhoCorasickKind::DFA));
        }
        self.nfa
            .get_or_init(|| self.build(AhoCorasickKind::ContiguousNFA))
    }

    fn build(&self, kind: AhoCorasickKind) -> AhoCorasick {
        AhoCorasickBuilder::new()
            .kind(Some(kind))
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&self.patterns)
            .expect("phrase lists are small: far below the automaton size limit")
    }

    /// Every whole-word match in `text`, in order of start (overlaps included).
    pub fn find_all(&self, text: &str) -> Vec<Range<usize>> {
        let mut found: Vec<Range<usize>> = self
            .find_all_patterns(text)
            .into_iter()
            .map(|(_, range)| range)
            .collect();
        found.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        found
    }

    /// Every whole-word match in `text`, with the index of its pattern, in the order
    /// the automaton reports them.
    fn find_all_patterns(&self, text: &str) -> Vec<(usize, Range<usize>)> {
        if self.is_empty() {
            return Vec::new();
        }
        let automaton = self.automaton();
        // Most text holds no phrase at all: a plain search (which can skip ahead with a
        // prefilter) says so much faster than the overlapping one.
        if !automaton.is_match(text) {
            return Vec::new();
        }
        automaton
            .find_overlapping_iter(text)
            .filter_map(|m| {
                let pattern = m.pattern().as_usize();
                let is_prefix = self.prefix.get(pattern).copied().unwrap_or(false);
                let start_ok = starts_word(text, m.start());
                let end = if is_prefix {
                    word_end(text, m.end())
                } else {
                    m.end()
                };
                let end_ok = is_prefix || ends_word(text, m.end());
                (start_ok && end_ok).then_some((pattern, m.start()..end))
            })
            .collect()
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
    fn a_bank_matches_each_list_as_the_list_does() {
        let lists = [
            PhraseList::new(["rejected", "keeps"], ["rejected by"]),
            PhraseList::new(["rejected", "frustrat*"], Vec::<String>::new()),
            PhraseList::new(["it's"], ["it's fine"])
                .with_patterns(&[r"\bnever\s+\w+ed\b".to_string()]),
            PhraseList::new(Vec::<String>::new(), Vec::<String>::new()),
        ];
        let bank = PhraseBank::new(&lists);
        for text in [
            "the build was rejected by Apple",
            "we rejected Kafka, so frustrating",
            "It’s fine",
            "it's broken and never fixed",
            "it's fine, never mind",
            "nothing here",
            "",
        ] {
            let expected: Vec<bool> = lists.iter().map(|l| l.is_match(text)).collect();
            assert_eq!(bank.matching(text), expected, "{text}");
        }
    }

    #[test]
    fn exceptions_cancel_overlapping_matches() {
        let list = PhraseList::new(["rejected"], ["rejected by"]);
        assert!(list.is_match("we rejected Kafka"));
        assert!(!list.is_match("the build was rejected by Apple"));
    }

    #[test]
    fn pattern_classes_become_ascii() {
        assert_eq!(
            ascii_classes(r"\bfoo\w+[\w.-]\s*[^\d]\.\B"),
            r"(?-u:\b)foo(?-u:\w)+[[:word:].-](?-u:\s)*[^[:digit:]]\.\B"
        );
        assert_eq!(ascii_classes(r"[]\w]"), r"[][:word:]]");
        let re =
            compile_patterns(&[r"\bkeeps? ([\w/-]+ ){0,2}ignor\w*".to_string()]).expect("a regex");
        assert!(re.is_match("Platform KEEPS our tickets ignoring"));
        assert!(!re.is_match("keepsake ignored"));
    }

    #[test]
    fn empty_set_matches_nothing() {
        let set = PhraseSet::new(Vec::<String>::new());
        assert!(set.is_empty());
        assert!(!set.is_match("anything"));
    }
}
