//! Literal phrase lists matched on whole words.
//!
//! Each list is indexed by the first word of each phrase: a search splits the text into
//! words once and looks each word up. The lists of the rule data are indexed by
//! `build.rs` and read in place (`prebuilt`); any other list (the user's phrases) is
//! indexed on its first search, which costs a few hash insertions.
//! Matching is ASCII case-insensitive; a phrase ending in `*` matches any word ending; a
//! straight apostrophe also matches a curly one.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

mod index;
mod joint;
mod patterns;
mod prebuilt;

#[cfg(test)]
use index::{Buckets, first_word_len, key_hash};
use index::{Phrases, WORD_BYTES, WordIndex, is_word_char};

pub use joint::search_lists_together;
pub use patterns::{Patterns, compile_patterns};

/// A list of phrases and its word index: from the build for a list of the rule data,
/// built on the first search for any other.
#[derive(Clone, Debug)]
pub struct PhraseSet {
    /// The phrases, lowercased (with curly-apostrophe copies); shared with the joint
    /// index of built-in lists, not copied into it.
    patterns: Arc<Phrases>,
    /// For each pattern: whether it is a prefix (`frustrat*`).
    prefix: Arc<[bool]>,
    /// The phrases by where a match can start: a built-in list's from the build, any
    /// other's built on the first search.
    index: OnceLock<WordIndex>,
    /// Its place among the built-in lists searched together, if it is one.
    joint: Option<u32>,
}

/// A phrase list with exceptions: a phrase match inside (or overlapping) an exception
/// match does not count ("rejected" counts, "rejected by Apple" does not).
#[derive(Clone, Debug)]
pub struct PhraseList {
    phrases: PhraseSet,
    patterns: Option<Patterns>,
    except: PhraseSet,
}

/// A text and its ASCII-lowercased copy (same byte offsets), made on the first search
/// that needs it and read by every phrase set and pattern list that searches the text.
struct Lowered<'t> {
    text: &'t str,
    lower: std::cell::OnceCell<String>,
}

impl<'t> Lowered<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text,
            lower: std::cell::OnceCell::new(),
        }
    }

    fn lower(&self) -> &str {
        self.lower.get_or_init(|| self.text.to_ascii_lowercase())
    }
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

    /// Compiles built-in `phrases` and their `except`ions (rule data): both are searched
    /// together with every other built-in list (see [`PhraseSet::builtin`]).
    pub fn builtin<I, S, J, T>(phrases: I, except: J) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
        J: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        Self {
            phrases: PhraseSet::builtin(phrases),
            patterns: None,
            except: PhraseSet::builtin(except),
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
        let text = Lowered::new(text);
        let mut found: Vec<Range<usize>> = self.phrases.search(&text);
        if let Some(re) = &self.patterns {
            found.extend(re.find_in(&text));
        }
        if found.is_empty() {
            return found;
        }
        let except = self.except.search(&text);
        found.retain(|m| !overlaps_any(m, &except));
        found.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        found
    }

    /// The first counted match in `text`.
    pub fn find(&self, text: &str) -> Option<Range<usize>> {
        self.find_all(text).into_iter().next()
    }

    /// Whether `text` holds a counted match.
    pub fn is_match(&self, text: &str) -> bool {
        self.holds(&Lowered::new(text))
    }

    /// [`PhraseList::is_match`] in a text whose lowercased copy may be made already.
    fn holds(&self, text: &Lowered<'_>) -> bool {
        let found = self.phrases.search(text);
        if found.is_empty() && self.patterns.is_none() {
            return false;
        }
        let except = self.except.search(text);
        found.iter().any(|m| !overlaps_any(m, &except)) || self.pattern_counts(text, &except)
    }

    /// Whether a match of the list's patterns counts in `text`, given its exceptions'
    /// matches. With no exception in the text, any match counts: whether there is one
    /// is all that is asked, not where.
    fn pattern_counts(&self, text: &Lowered<'_>, except: &[Range<usize>]) -> bool {
        self.patterns.as_ref().is_some_and(|re| {
            if except.is_empty() {
                re.is_match_in(text)
            } else {
                re.find_in(text).iter().any(|m| !overlaps_any(m, except))
            }
        })
    }
}

/// Several phrase lists asked about one text at once: [`PhraseBank::matching`] says
/// of every list what [`PhraseList::is_match`] would. The lists of the rule data read
/// their matches from the text's one joint scan (see `joint`), all of them from one
/// look-up of its hits, so asking many costs about what asking one does.
#[derive(Debug)]
pub struct PhraseBank {
    lists: Vec<PhraseList>,
    /// For each list: the places of its phrases and of its exceptions in the main
    /// joint index (`None` for an empty set); `None` when one of them is not there.
    places: Vec<Option<(Option<u32>, Option<u32>)>>,
}

impl PhraseBank {
    /// The bank of `lists`, in that order.
    pub fn new<'a>(lists: impl IntoIterator<Item = &'a PhraseList>) -> Self {
        let lists: Vec<PhraseList> = lists.into_iter().cloned().collect();
        let in_main = |set: &PhraseSet| match set.joint {
            Some(place) if prebuilt::group_of(place) == 0 => Some(Some(place)),
            _ if set.is_empty() => Some(None),
            _ => None,
        };
        let places = lists
            .iter()
            .map(|list| Some((in_main(&list.phrases)?, in_main(&list.except)?)))
            .collect();
        Self { lists, places }
    }

    /// For each list, in order: whether `text` holds a counted match of it.
    pub fn matching(&self, text: &str) -> Vec<bool> {
        let text = Lowered::new(text);
        let mut matching = vec![false; self.lists.len()];
        // Lists whose patterns are still to be asked, with their exceptions' matches.
        let mut patterns_to_ask: Vec<(usize, Vec<Range<usize>>)> = Vec::new();
        let mut on_their_own: Vec<usize> = Vec::new();
        let read = joint::with_hits(0, &text, |hits| {
            let of = |place: Option<u32>| place.map_or(&[][..], |p| joint::list_slice(hits, p));
            for (at, places) in self.places.iter().enumerate() {
                let Some((phrases, except)) = *places else {
                    on_their_own.push(at);
                    continue;
                };
                let except = of(except);
                let counted = of(phrases)
                    .iter()
                    .any(|(_, m)| !overlaps_any(m, except.iter().map(|(_, e)| e)));
                if counted {
                    matching[at] = true;
                } else if self.lists[at].patterns.is_some() {
                    let except = except.iter().map(|(_, r)| r.clone()).collect();
                    patterns_to_ask.push((at, except));
                }
            }
        });
        if read.is_none() {
            on_their_own = (0..self.lists.len()).collect();
        }
        for (at, except) in patterns_to_ask {
            matching[at] = self.lists[at].pattern_counts(&text, &except);
        }
        for at in on_their_own {
            matching[at] = self.lists[at].holds(&text);
        }
        matching
    }
}

impl PhraseSet {
    /// Compiles `phrases` (empty entries are ignored). A list of the rule data is read
    /// as `build.rs` indexed it (`prebuilt`); any other list is indexed on its first
    /// search.
    pub fn new<I, S>(phrases: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let phrases: Vec<S> = phrases.into_iter().collect();
        let strings: Vec<&str> = phrases.iter().map(AsRef::as_ref).collect();
        if let Some((place, list)) = prebuilt::find(&strings) {
            return Self {
                patterns: Arc::new(list.phrases.clone()),
                prefix: list.prefix.into(),
                index: OnceLock::from(list.index.clone()),
                joint: Some(place),
            };
        }
        Self::from_parts(Phrases::normalized(strings))
    }

    /// A set of lowercased `patterns` and their prefix flags.
    fn from_parts((patterns, prefix): (Phrases, Vec<bool>)) -> Self {
        Self {
            patterns: Arc::new(patterns),
            prefix: prefix.into(),
            index: OnceLock::new(),
            joint: None,
        }
    }

    /// Compiles built-in `phrases`: a list of the rule data, as written there. It is
    /// [`PhraseSet::new`], which reads such a list as `build.rs` indexed it and has it
    /// read its matches from each text's one joint scan of every built-in list (see
    /// `joint`); this constructor says that the list is one (a debug build checks it:
    /// a list joined at run time would be indexed, and searched, on its own).
    pub fn builtin<I, S>(phrases: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let set = Self::new(phrases);
        debug_assert!(
            set.is_empty() || set.joint.is_some(),
            "a built-in phrase list that is not in the rule data: {:?}",
            set.patterns.get(0)
        );
        set
    }

    /// Whether the set holds no phrase.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// The index to search with, built on the first search.
    fn index(&self) -> &WordIndex {
        self.index
            .get_or_init(|| WordIndex::new(&self.patterns, &self.prefix))
    }

    /// Every whole-word match in `text`, in order of start (overlaps included).
    pub fn find_all(&self, text: &str) -> Vec<Range<usize>> {
        self.search(&Lowered::new(text))
    }

    /// [`PhraseSet::find_all`]: from the text's joint scan for a built-in set, else
    /// with the set's own index.
    fn search(&self, text: &Lowered<'_>) -> Vec<Range<usize>> {
        if self.is_empty() {
            return Vec::new();
        }
        if let Some(found) = self.joint.and_then(|place| joint::find(place, text)) {
            return found;
        }
        self.find_in(text)
    }

    /// [`PhraseSet::find_all`] in a text whose lowercased copy is already made.
    fn find_in(&self, text: &Lowered<'_>) -> Vec<Range<usize>> {
        let mut found: Vec<Range<usize>> = self
            .find_all_patterns(text)
            .into_iter()
            .map(|(_, range)| range)
            .collect();
        found.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        found
    }

    /// Every whole-word match in `text`, with the index of its pattern
    /// ([`find_phrases`] over the set's index).
    fn find_all_patterns(&self, text: &Lowered<'_>) -> Vec<(usize, Range<usize>)> {
        if self.is_empty() {
            return Vec::new();
        }
        find_phrases(&self.patterns, &self.prefix, self.index(), text)
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

/// Every whole-word match in `text` of the phrases `patterns` (lowercased; `prefix`
/// marks the stems) that `index` files, with the index of its phrase: each
/// occurrence of each phrase that starts where a word starts (or with a symbol) and
/// ends where a word ends (or, for a stem, runs to the end of its word).
fn find_phrases(
    patterns: &Phrases,
    prefix: &[bool],
    index: &WordIndex,
    text: &Lowered<'_>,
) -> Vec<(usize, Range<usize>)> {
    let lower = text.lower().as_bytes();
    let text = text.text;
    let mut found = Vec::new();
    let mut accept = |pattern: u32, start: usize| {
        let pattern = pattern as usize;
        let phrase = patterns.get(pattern).as_bytes();
        let end = start + phrase.len();
        // The last byte first: most candidates differ there, and it costs no call.
        match lower.get(start..end) {
            Some(candidate) if candidate.last() == phrase.last() && candidate == phrase => {}
            _ => return,
        }
        if prefix[pattern] {
            found.push((pattern, start..word_end(text, end)));
        } else if ends_word(text, end) {
            found.push((pattern, start..end));
        }
    };
    for (start, end) in words(text) {
        let word = &lower[start..end];
        if index.first_word_starts.may_hold(word) {
            let next = lower.get(end + 1).copied();
            for (pattern, second) in index.by_first_word.get(word) {
                if second == 0 || next == Some(second) {
                    accept(pattern, start);
                }
            }
        }
        if index.stem_key > 0
            && word.len() >= index.stem_key
            && index.stem_starts.may_hold(&word[..index.stem_key])
        {
            for pattern in index.stems.get(&word[..index.stem_key]) {
                accept(pattern, start);
            }
        }
    }
    let mut accept_anywhere = |start: usize| {
        let byte = lower[start];
        for &pattern in index.anywhere.iter() {
            if patterns.get(pattern as usize).as_bytes().first() == Some(&byte) {
                accept(pattern, start);
            }
        }
    };
    // Where a phrase of `anywhere` can start, in order: found with `memchr`, three
    // bytes at a time (they are rare in a text).
    match *index.anywhere_bytes {
        [] => {}
        [a] => memchr::memchr_iter(a, lower).for_each(&mut accept_anywhere),
        [a, b] => memchr::memchr2_iter(a, b, lower).for_each(&mut accept_anywhere),
        [a, b, c] => memchr::memchr3_iter(a, b, c, lower).for_each(&mut accept_anywhere),
        ref more => {
            let mut starts = Vec::new();
            for bytes in more.chunks(3) {
                match *bytes {
                    [a, b, c] => starts.extend(memchr::memchr3_iter(a, b, c, lower)),
                    [a, b] => starts.extend(memchr::memchr2_iter(a, b, lower)),
                    [a] => starts.extend(memchr::memchr_iter(a, lower)),
                    _ => {}
                }
            }
            starts.sort_unstable();
            starts.into_iter().for_each(&mut accept_anywhere);
        }
    }
    found
}

/// Whether `m` overlaps one of `others`.
fn overlaps_any<'r>(m: &Range<usize>, others: impl IntoIterator<Item = &'r Range<usize>>) -> bool {
    others
        .into_iter()
        .any(|e| e.start < m.end && m.start < e.end)
}

/// The words of `text`: byte ranges of the runs of word characters. An ASCII byte is
/// told by a table, anything else by its character.
fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        // Whether the character at `at` is a word character; moves `at` past it.
        let word_char = |at: &mut usize| -> bool {
            let byte = bytes[*at];
            if byte.is_ascii() {
                *at += 1;
                WORD_BYTES[usize::from(byte)]
            } else {
                let c = text[*at..].chars().next();
                *at += c.map_or(1, char::len_utf8);
                c.is_some_and(is_word_char)
            }
        };
        let start = loop {
            if at >= bytes.len() {
                return None;
            }
            let here = at;
            if word_char(&mut at) {
                break here;
            }
        };
        loop {
            if at >= bytes.len() {
                return Some((start, at));
            }
            let here = at;
            if !word_char(&mut at) {
                return Some((start, here));
            }
        }
    })
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
    fn words_are_the_runs_of_word_characters() {
        // The definition, a character at a time.
        fn runs(text: &str) -> Vec<(usize, usize)> {
            let mut out: Vec<(usize, usize)> = Vec::new();
            let mut open: Option<usize> = None;
            for (at, c) in text.char_indices() {
                match (is_word_char(c), open) {
                    (true, None) => open = Some(at),
                    (false, Some(start)) => {
                        out.push((start, at));
                        open = None;
                    }
                    _ => {}
                }
            }
            out.extend(open.map(|start| (start, text.len())));
            out
        }
        for text in [
            "",
            " ",
            "keeps ignoring us",
            "don’t won't _x_ a-b c/d",
            "naïve café → 東京 résumé",
            "ünïcode",
            "x\u{301}y 3.5% $10k",
            "  trailing  ",
            "🚀launch🚀",
        ] {
            assert_eq!(words(text).collect::<Vec<_>>(), runs(text), "{text:?}");
        }
        let bullets = labelled_bullets(11);
        for text in &bullets {
            assert_eq!(words(text).collect::<Vec<_>>(), runs(text), "{text:?}");
        }
        assert!(bullets.len() > 1000);
    }

    /// A match may start here when it does not continue a word (or starts with a symbol).
    fn starts_word(text: &str, at: usize) -> bool {
        let first_is_word = text[at..].chars().next().is_some_and(is_word_char);
        !first_is_word || !text[..at].chars().next_back().is_some_and(is_word_char)
    }

    /// What a search found before the word index: every occurrence of every phrase
    /// (aho-corasick, overlapping, ASCII case-insensitive), kept when it starts and ends
    /// as whole words.
    fn reference(
        set: &PhraseSet,
        automaton: &aho_corasick::AhoCorasick,
        text: &str,
    ) -> Vec<(usize, Range<usize>)> {
        let mut found: Vec<(usize, Range<usize>)> = automaton
            .find_overlapping_iter(text)
            .filter_map(|m| {
                let pattern = m.pattern().as_usize();
                let is_prefix = set.prefix[pattern];
                let end = if is_prefix {
                    word_end(text, m.end())
                } else {
                    m.end()
                };
                let end_ok = is_prefix || ends_word(text, m.end());
                (starts_word(text, m.start()) && end_ok).then_some((pattern, m.start()..end))
            })
            .collect();
        found.sort_by_key(|(p, r)| (r.start, r.end, *p));
        found
    }

    /// Every list of strings in a rule data document, however deep.
    fn string_lists(value: &serde_json::Value, out: &mut Vec<Vec<String>>) {
        match value {
            serde_json::Value::Array(items) => {
                let strings: Vec<String> = items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect();
                if !strings.is_empty() {
                    out.push(strings);
                }
                for item in items {
                    string_lists(item, out);
                }
            }
            serde_json::Value::Object(map) => {
                for item in map.values() {
                    string_lists(item, out);
                }
            }
            _ => {}
        }
    }

    /// Every list of strings in every rule data file.
    pub(super) fn every_rule_data_list() -> Vec<Vec<String>> {
        let mut lists = Vec::new();
        for (yaml, _) in crate::rules::data::RULE_DATA {
            let doc: serde_json::Value = crate::rules::data::embedded(yaml);
            string_lists(&doc, &mut lists);
        }
        lists
    }

    /// The bullets of every `step`-th labelled writer.
    pub(super) fn labelled_bullets(step: usize) -> Vec<String> {
        let writers =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/labelled/writers");
        let writers = crate::wording::train::load_writers(&writers).expect("the labelled writers");
        writers
            .values()
            .step_by(step)
            .flatten()
            .map(|b| b.text.clone())
            .collect()
    }

    #[test]
    fn every_rule_list_read_from_the_joint_scan_finds_what_it_finds_alone() {
        let sets: Vec<(u32, PhraseSet)> = prebuilt::all_sources()
            .map(|strings| {
                let alone = PhraseSet::from_parts(Phrases::normalized(strings.iter().copied()));
                let (place, _) = prebuilt::find(&strings).expect("prebuilt");
                (place, alone)
            })
            .collect();
        let mut texts = vec![
            "pages->rotation, ≤ 5 min, ~30%, it’s fine; IT'S FINE! frustrating-ly".to_string(),
            "Ünïcode wörds and émigré caf\u{e9}s, x≥3, b/c, a→b, -> ->".to_string(),
        ];
        texts.extend(labelled_bullets(4));
        let mut found = 0usize;
        for text in &texts {
            let lowered = Lowered::new(text);
            let hits: Vec<_> = (0..prebuilt::groups())
                .map(|group| joint::joint(group).expect("prebuilt").hits(&lowered))
                .collect();
            for (place, alone) in &sets {
                let alone = alone.find_in(&lowered);
                let hits = &hits[prebuilt::group_of(*place)];
                let from_joint: Vec<Range<usize>> = joint::list_slice(hits, *place)
                    .iter()
                    .map(|(_, r)| r.clone())
                    .collect();
                assert_eq!(from_joint, alone, "list {place} in {text:?}");
                found += alone.len();
            }
        }
        assert!(found > 1000, "the texts hold matches to compare ({found})");
    }

    #[test]
    fn the_prebuilt_joint_indexes_join_every_prebuilt_list_in_order() {
        let groups = prebuilt::groups();
        let mut joined = vec![(Phrases::default(), Vec::new(), Vec::new()); groups];
        let mut lists = 0;
        for (place, strings) in prebuilt::all_sources().enumerate() {
            let place = u32::try_from(place).expect("few lists");
            let (phrases, prefix, owner) = &mut joined[prebuilt::group_of(place)];
            let (list, flags) = Phrases::normalized(strings.iter().copied());
            for phrase in list.iter() {
                phrases.push(phrase);
                owner.push(place);
            }
            prefix.extend(flags);
            lists += 1;
        }
        assert_eq!(prebuilt::lists(), lists);
        assert_eq!(groups, 2);
        for (group, (phrases, prefix, owner)) in joined.iter().enumerate() {
            let joint = prebuilt::joint(group).expect("prebuilt");
            assert!(!owner.is_empty(), "group {group}");
            assert_eq!(joint.phrases, *phrases);
            assert_eq!(joint.prefix, &prefix[..]);
            assert_eq!(joint.owner, &owner[..]);
            assert_eq!(joint.index, WordIndex::new(phrases, prefix));
        }
    }

    #[test]
    fn a_built_in_set_finds_what_a_set_of_its_own_finds() {
        let lists = crate::rules::data::string_lists(crate::rules::complaint_phrasing::DATA)
            .expect("embedded");
        let strings = &lists["phrases"];
        let builtin = PhraseSet::builtin(strings);
        assert!(builtin.joint.is_some());
        let alone = PhraseSet::from_parts(Phrases::normalized(strings.iter().copied()));
        assert!(alone.joint.is_none());
        for text in [
            "Finance keeps ignoring us -> frustrating; it’s fine",
            "nothing here",
            "Frustrated. Always BLOCKED. -> ->",
        ] {
            // Twice: the second reads the hits the thread kept.
            assert_eq!(builtin.find_all(text), alone.find_all(text), "{text}");
            assert_eq!(builtin.find_all(text), alone.find_all(text), "{text}");
        }
        assert!(!builtin.find_all("Finance keeps ignoring us").is_empty());
    }

    #[test]
    fn every_rule_list_finds_on_the_labelled_bullets_what_a_full_automaton_finds() {
        let lists = every_rule_data_list();
        let mut texts = vec![
            "pages->rotation, ≤ 5 min, ~30%, it’s fine; IT'S FINE! frustrating-ly".to_string(),
            "Ünïcode wörds and émigré caf\u{e9}s, x≥3, b/c, a→b, -> ->".to_string(),
        ];
        texts.extend(labelled_bullets(3));
        let mut compared = 0usize;
        for list in &lists {
            let set = PhraseSet::new(list);
            if set.is_empty() {
                continue;
            }
            let automaton = aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(aho_corasick::MatchKind::Standard)
                .build(set.patterns.iter())
                .expect("an automaton");
            for text in &texts {
                let mut found = set.find_all_patterns(&Lowered::new(text));
                found.sort_by_key(|(p, r)| (r.start, r.end, *p));
                assert_eq!(
                    found,
                    reference(&set, &automaton, text),
                    "{text:?} with {list:?}"
                );
                compared += found.len();
            }
        }
        assert!(compared > 1_000, "only {compared} matches compared");
    }

    /// Phrases that start with a symbol are found however many symbols start them
    /// (looked for with `memchr` three at a time).
    #[test]
    fn phrases_starting_with_symbols_are_found_with_one_to_four_first_bytes() {
        let symbols = ["->", "?!", "≤ 5", "/mo", "=> done"];
        let text = "pay/mo?! ≤ 5 days -> => done, ->x ≤ 50 ?";
        for count in 1..=symbols.len() {
            let mut phrases: Vec<&str> = symbols[..count].to_vec();
            phrases.push("days");
            let set = PhraseSet::new(&phrases);
            let automaton = aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(aho_corasick::MatchKind::Standard)
                .build(set.patterns.iter())
                .expect("an automaton");
            let mut found = set.find_all_patterns(&Lowered::new(text));
            found.sort_by_key(|(p, r)| (r.start, r.end, *p));
            let expected = reference(&set, &automaton, text);
            assert_eq!(found, expected, "{phrases:?}");
            assert!(found.len() > count, "{phrases:?}: {found:?}");
        }
    }

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
    fn a_first_word_ends_at_the_first_character_that_is_no_word_character() {
        for phrase in [
            "i can",
            "it's fine",
            "émigré cafés",
            "caf\u{e9} au lait",
            "-> x",
            "",
            "word",
            "naïve-ish",
            "x_y z",
        ] {
            let expected = phrase
                .char_indices()
                .find(|&(_, c)| !is_word_char(c))
                .map_or(phrase.len(), |(at, _)| at);
            assert_eq!(first_word_len(phrase), expected, "{phrase:?}");
        }
    }

    #[test]
    fn buckets_give_each_key_its_values_in_order() {
        let keys: Vec<String> = (0..2_000).map(|i| format!("w{i}")).collect();
        let mut values = Vec::new();
        for (i, key) in keys.iter().enumerate() {
            for copy in 0..=(i % 3) {
                values.push((
                    key_hash(key.as_bytes()),
                    (u32::try_from(i).expect("few"), copy),
                ));
            }
        }
        let buckets: Buckets<(u32, usize)> = Buckets::new(&values);
        for (i, key) in keys.iter().enumerate() {
            let found: Vec<(u32, usize)> = buckets.get(key.as_bytes()).collect();
            let expected: Vec<(u32, usize)> = (0..=(i % 3))
                .map(|copy| (u32::try_from(i).expect("few"), copy))
                .collect();
            assert_eq!(found, expected, "{key}");
        }
        assert_eq!(buckets.get(b"absent").count(), 0);
        assert_eq!(Buckets::<u32>::default().get(b"w1").count(), 0);
    }

    #[test]
    fn every_prebuilt_list_is_what_a_run_would_build_from_its_strings() {
        let mut lists = 0;
        for strings in prebuilt::all_sources() {
            let (_, list) =
                prebuilt::find(&strings).expect("a prebuilt list is found by its strings");
            let (phrases, prefix) = Phrases::normalized(strings.iter().copied());
            assert_eq!(list.phrases, phrases, "{strings:?}");
            assert_eq!(list.prefix, &prefix[..], "{strings:?}");
            assert_eq!(list.index, WordIndex::new(&phrases, &prefix), "{strings:?}");
            let set = PhraseSet::new(&strings);
            assert!(set.index.get().is_some(), "read in place: {strings:?}");
            lists += 1;
        }
        assert!(lists > 50, "{lists} lists");
        for other in [vec!["not in the rule data"], Vec::new()] {
            assert!(prebuilt::find(&other).is_none());
            assert!(PhraseSet::new(&other).index.get().is_none());
        }
    }

    #[test]
    fn empty_set_matches_nothing() {
        let set = PhraseSet::new(Vec::<String>::new());
        assert!(set.is_empty());
        assert!(!set.is_match("anything"));
    }
}
