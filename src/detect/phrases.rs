//! Literal phrase lists matched on whole words.
//!
//! Each list is indexed on its first use by the first word of each phrase: a search
//! splits the text into words once and looks each word up, so building a list costs a
//! few hash insertions and a run over one file indexes only the lists its text reaches.
//! Matching is ASCII case-insensitive; a phrase ending in `*` matches any word ending; a
//! straight apostrophe also matches a curly one.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

mod joint;
mod patterns;

pub use joint::search_lists_together;
pub use patterns::{Patterns, compile_patterns};

/// A list of phrases, indexed on first use.
#[derive(Clone, Debug)]
pub struct PhraseSet {
    /// The phrases, lowercased (with curly-apostrophe copies); shared with the joint
    /// index of built-in lists, not copied into it.
    patterns: Arc<Phrases>,
    /// For each pattern: whether it is a prefix (`frustrat*`).
    prefix: Arc<[bool]>,
    /// The phrases by where a match can start, built on the first search.
    index: OnceLock<WordIndex>,
    /// Its place among the built-in lists searched together, if it is one.
    joint: Option<u32>,
}

/// Phrases stored end to end in one string: a list is one allocation, not one per
/// phrase.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Phrases {
    text: String,
    /// Where each phrase ends in `text`.
    ends: Vec<usize>,
}

impl Phrases {
    fn push(&mut self, phrase: &str) {
        self.text.push_str(phrase);
        self.ends.push(self.text.len());
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Phrase `i`.
    fn get(&self, i: usize) -> &str {
        let start = i.checked_sub(1).map_or(0, |before| self.ends[before]);
        &self.text[start..self.ends[i]]
    }

    fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

/// Where each phrase of a [`PhraseSet`] can match.
///
/// A phrase that starts with a word character matches only where a word starts (the
/// character before it is not a word character), so it is found by looking up the
/// text's words: by the phrase's whole first word, or for a one-word stem (`frustrat*`)
/// by the stem's first [`WordIndex::stem_key`] bytes. The few phrases that start with
/// punctuation or a symbol (`->`, `≤`) are searched for anywhere.
///
/// Phrases are filed by a hash of that key ([`Buckets`]), with no key of their own to
/// allocate: a look-up may turn up a phrase of another key with the same hash, which
/// the comparison of the phrase with the text then turns down (a phrase that equals the
/// text where a word starts has that word as its first word).
#[derive(Clone, Debug, Default)]
struct WordIndex {
    /// Phrases by their first word, lowercased, each with the byte that follows the
    /// separator after that word (0 for a one-word phrase): a text whose byte there
    /// differs cannot hold the phrase, and is passed over without comparing the rest
    /// (a common first word such as "i" or "we" starts dozens of phrases).
    by_first_word: Buckets<(u32, u8)>,
    /// One-word stems by their first `stem_key` bytes.
    stems: Buckets<u32>,
    /// The first two bytes of every key of `by_first_word`, and of `stems`: a word
    /// whose first two bytes are in neither is not looked up (most words).
    first_word_starts: Starts,
    stem_starts: Starts,
    /// The length of the keys of `stems`: the shortest stem's length in bytes.
    stem_key: usize,
    /// Phrases that start with a character that is not a word character.
    anywhere: Vec<u32>,
    /// The first bytes of the phrases of `anywhere`, each once, in the order first
    /// met: a text is searched for them with `memchr`, not once per phrase.
    anywhere_bytes: Vec<u8>,
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
    patterns: Vec<Option<Patterns>>,
}

impl PhraseBank {
    /// Joins `lists` (in that order) into one bank.
    pub fn new<'a>(lists: impl IntoIterator<Item = &'a PhraseList>) -> Self {
        let mut patterns = Vec::new();
        let mut parts = Vec::new();
        for (index, list) in lists.into_iter().enumerate() {
            for (set, except) in [(&list.phrases, false), (&list.except, true)] {
                parts.push((&*set.patterns, &*set.prefix, (index, except)));
            }
            patterns.push(list.patterns.clone());
        }
        let (all, owners) = PhraseSet::joined(parts);
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
        let text = Lowered::new(text);
        for (pattern, range) in self.all.find_all_patterns(&text) {
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
                // With no exception in the text, any match of a pattern counts: whether
                // there is one is all that is asked, not where.
                found[list].iter().any(counted)
                    || self.patterns[list].as_ref().is_some_and(|re| {
                        if except[list].is_empty() {
                            re.is_match_in(&text)
                        } else {
                            re.find_in(&text).iter().any(counted)
                        }
                    })
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
        let phrases = phrases.into_iter();
        // Room for most lists at once: a phrase is a word or three.
        let (count, _) = phrases.size_hint();
        let mut patterns = Phrases {
            text: String::with_capacity(count * 16),
            ends: Vec::with_capacity(count),
        };
        let mut prefix = Vec::with_capacity(count);
        let mut lowered: String;
        for phrase in phrases {
            let phrase = phrase.as_ref().trim();
            let (text, is_prefix) = match phrase.strip_suffix('*') {
                Some(stem) => (stem.trim_end(), true),
                None => (phrase, false),
            };
            if text.is_empty() {
                continue;
            }
            // Most phrases are lowercase ASCII already.
            let text = if text
                .bytes()
                .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
            {
                text
            } else {
                lowered = text.to_lowercase();
                &lowered
            };
            if text.contains('\'') {
                patterns.push(&text.replace('\'', "’"));
                prefix.push(is_prefix);
            }
            patterns.push(text);
            prefix.push(is_prefix);
        }
        Self::from_parts(patterns, prefix)
    }

    /// One set of the patterns of several `parts` (patterns, prefix flags, and what
    /// their matches are credited to), and for each of its patterns, whose it is.
    fn joined<'p, T: Copy>(
        parts: impl IntoIterator<Item = (&'p Phrases, &'p [bool], T)>,
    ) -> (Self, Vec<T>) {
        let (mut patterns, mut prefix, mut owners) = (Phrases::default(), Vec::new(), Vec::new());
        for (part_patterns, part_prefix, owner) in parts {
            for phrase in part_patterns.iter() {
                patterns.push(phrase);
            }
            prefix.extend(part_prefix.iter().copied());
            owners.extend(std::iter::repeat_n(owner, part_patterns.len()));
        }
        (Self::from_parts(patterns, prefix), owners)
    }

    /// A set of lowercased `patterns` and their prefix flags.
    fn from_parts(patterns: Phrases, prefix: Vec<bool>) -> Self {
        Self {
            patterns: Arc::new(patterns),
            prefix: prefix.into(),
            index: OnceLock::new(),
            joint: None,
        }
    }

    /// Compiles built-in `phrases` (rule data). A built-in set is searched together with
    /// every other one: each text is scanned once for all of them, and each set reads
    /// its own matches from that scan (see `joint`). User phrases stay in sets of
    /// their own ([`PhraseSet::new`]).
    pub fn builtin<I, S>(phrases: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut set = Self::new(phrases);
        set.joint = joint::register(&set);
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

    /// Every whole-word match in `text`, with the index of its pattern: each
    /// occurrence of each phrase that starts where a word starts (or with a symbol) and
    /// ends where a word ends (or, for a stem, runs to the end of its word).
    fn find_all_patterns(&self, text: &Lowered<'_>) -> Vec<(usize, Range<usize>)> {
        if self.is_empty() {
            return Vec::new();
        }
        let index = self.index();
        let lower = text.lower().as_bytes();
        let text = text.text;
        let mut found = Vec::new();
        let mut accept = |pattern: u32, start: usize| {
            let pattern = pattern as usize;
            let phrase = self.patterns.get(pattern).as_bytes();
            let end = start + phrase.len();
            // The last byte first: most candidates differ there, and it costs no call.
            match lower.get(start..end) {
                Some(candidate) if candidate.last() == phrase.last() && candidate == phrase => {}
                _ => return,
            }
            if self.prefix[pattern] {
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
            for &pattern in &index.anywhere {
                if self.patterns.get(pattern as usize).as_bytes().first() == Some(&byte) {
                    accept(pattern, start);
                }
            }
        };
        // Where a phrase of `anywhere` can start, in order: found with `memchr`, three
        // bytes at a time (they are rare in a text).
        match *index.anywhere_bytes.as_slice() {
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

    /// The first whole-word match in `text`.
    pub fn find(&self, text: &str) -> Option<Range<usize>> {
        self.find_all(text).into_iter().next()
    }

    /// Whether any phrase occurs in `text` as whole words.
    pub fn is_match(&self, text: &str) -> bool {
        self.find(text).is_some()
    }
}

/// Which ASCII bytes are word characters ([`is_word_char`]).
const WORD_BYTES: [bool; 128] = {
    let mut table = [false; 128];
    let mut byte = 0;
    while byte < 128 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || b == b'\'' || b == b'_';
        byte += 1;
    }
    table
};

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

/// The length in bytes of the first word of `phrase` (0 when it starts with a symbol).
fn first_word_len(phrase: &str) -> usize {
    // ASCII bytes by the table, the rest (if any) by character.
    let ascii = phrase.bytes().take_while(u8::is_ascii);
    if let Some(at) = ascii.clone().position(|b| !WORD_BYTES[usize::from(b)]) {
        return at;
    }
    let at = ascii.count();
    phrase[at..]
        .char_indices()
        .find(|&(_, c)| !is_word_char(c))
        .map_or(phrase.len(), |(i, _)| at + i)
}

impl WordIndex {
    /// Indexes `patterns` (lowercased phrases; `prefix` marks the stems).
    fn new(patterns: &Phrases, prefix: &[bool]) -> Self {
        let mut index = Self::default();
        let is_stem = |i: usize| {
            let phrase = patterns.get(i);
            prefix[i] && first_word_len(phrase) == phrase.len()
        };
        index.stem_key = (0..patterns.len())
            .filter(|&i| is_stem(i))
            .map(|i| patterns.get(i).len())
            .min()
            .unwrap_or(0);
        let mut first_words = Vec::with_capacity(patterns.len());
        let mut stems = Vec::new();
        for (i, phrase) in patterns.iter().enumerate() {
            let id = u32::try_from(i).unwrap_or(u32::MAX);
            let first = first_word_len(phrase);
            if first == 0 {
                index.anywhere.push(id);
                if let Some(&byte) = phrase.as_bytes().first() {
                    if !index.anywhere_bytes.contains(&byte) {
                        index.anywhere_bytes.push(byte);
                    }
                }
            } else if is_stem(i) {
                let key = &phrase.as_bytes()[..index.stem_key];
                index.stem_starts.add(key);
                stems.push((key_hash(key), id));
            } else {
                let key = &phrase.as_bytes()[..first];
                index.first_word_starts.add(key);
                let second = phrase.as_bytes().get(first + 1).copied().unwrap_or(0);
                first_words.push((key_hash(key), (id, second)));
            }
        }
        index.by_first_word = Buckets::new(&first_words);
        index.stems = Buckets::new(&stems);
        index
    }
}

/// The hash a [`WordIndex`] files a key by.
fn key_hash(key: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(key);
    hasher.finish()
}

/// Values filed by the hash of a key: one flat list, grouped by the hash's low bits,
/// each value with the hash's high bits to tell it from the others of its group.
/// Built in two passes over the values, with no allocation per key.
#[derive(Clone, Debug)]
struct Buckets<T> {
    /// Group `g` is `entries[starts[g]..starts[g + 1]]`.
    starts: Vec<u32>,
    entries: Vec<(u32, T)>,
    /// The number of groups less one (a power of two less one).
    mask: u64,
}

impl<T> Default for Buckets<T> {
    fn default() -> Self {
        Self {
            starts: Vec::new(),
            entries: Vec::new(),
            mask: 0,
        }
    }
}

impl<T: Copy + Default> Buckets<T> {
    /// Files `values` by their hashes, each group in the order given.
    fn new(values: &[(u64, T)]) -> Self {
        if values.is_empty() {
            return Self::default();
        }
        let groups = (values.len() * 2).next_power_of_two().max(16);
        let mask = groups as u64 - 1;
        let group = |hash: u64| usize::try_from(hash & mask).unwrap_or(0);
        let mut starts = vec![0u32; groups + 1];
        for &(hash, _) in values {
            starts[group(hash) + 1] += 1;
        }
        for g in 0..groups {
            starts[g + 1] += starts[g];
        }
        let mut next = starts.clone();
        let mut entries = vec![(0, T::default()); values.len()];
        for &(hash, value) in values {
            let at = &mut next[group(hash)];
            entries[*at as usize] = (tag(hash), value);
            *at += 1;
        }
        Self {
            starts,
            entries,
            mask,
        }
    }

    /// The values filed under `key` (and, rarely, some of a key with the same hash).
    fn get(&self, key: &[u8]) -> impl Iterator<Item = T> + '_ {
        let (group, wanted) = if self.starts.is_empty() {
            (&self.entries[..0], 0)
        } else {
            let hash = key_hash(key);
            let g = usize::try_from(hash & self.mask).unwrap_or(0);
            let (from, to) = (self.starts[g] as usize, self.starts[g + 1] as usize);
            (&self.entries[from..to], tag(hash))
        };
        group
            .iter()
            .filter(move |(t, _)| *t == wanted)
            .map(|&(_, value)| value)
    }
}

/// The high bits of a hash, kept with a value to tell it from others in its group.
fn tag(hash: u64) -> u32 {
    u32::try_from(hash >> 32).unwrap_or(0)
}

/// A set of words' first two bytes, folded into 4,096 bits: it may say a word is in
/// when it is not (the look-up then finds nothing), never the other way.
#[derive(Clone, Debug)]
struct Starts([u64; 64]);

impl Default for Starts {
    fn default() -> Self {
        Self([0; 64])
    }
}

impl Starts {
    fn bit(word: &[u8]) -> usize {
        let first = usize::from(word.first().copied().unwrap_or(0));
        let second = usize::from(word.get(1).copied().unwrap_or(0));
        (first * 67 + second) % 4096
    }

    fn add(&mut self, word: &[u8]) {
        let bit = Self::bit(word);
        self.0[bit / 64] |= 1 << (bit % 64);
    }

    fn may_hold(&self, word: &[u8]) -> bool {
        let bit = Self::bit(word);
        self.0[bit / 64] & (1 << (bit % 64)) != 0
    }
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
        let sets: Vec<PhraseSet> = every_rule_data_list().iter().map(PhraseSet::new).collect();
        let lists: Vec<joint::Registered> = sets
            .iter()
            .map(|set| (Arc::clone(&set.patterns), Arc::clone(&set.prefix)))
            .collect();
        let joint = joint::Joint::new(&lists);
        let mut texts = vec![
            "pages->rotation, ≤ 5 min, ~30%, it’s fine; IT'S FINE! frustrating-ly".to_string(),
            "Ünïcode wörds and émigré caf\u{e9}s, x≥3, b/c, a→b, -> ->".to_string(),
        ];
        texts.extend(labelled_bullets(4));
        let mut found = 0usize;
        for text in &texts {
            let lowered = Lowered::new(text);
            let hits = joint.hits(&lowered);
            for (place, set) in sets.iter().enumerate() {
                let alone = set.find_in(&lowered);
                let place = u32::try_from(place).expect("few lists");
                assert_eq!(
                    joint::of_list(&hits, place),
                    alone,
                    "list {place} in {text:?}"
                );
                found += alone.len();
            }
        }
        assert!(found > 1000, "the texts hold matches to compare ({found})");
    }

    #[test]
    fn a_built_in_set_finds_what_a_set_of_its_own_finds() {
        search_lists_together();
        let phrases = ["keeps ignoring", "frustrat*", "->", "it's fine"];
        let builtin = PhraseSet::builtin(phrases);
        let alone = PhraseSet::new(phrases);
        for text in [
            "Finance keeps ignoring us -> frustrating; it’s fine",
            "nothing here",
            "Frustrated. KEEPS IGNORING. -> ->",
        ] {
            // Twice: the second reads the hits the thread kept.
            assert_eq!(builtin.find_all(text), alone.find_all(text), "{text}");
            assert_eq!(builtin.find_all(text), alone.find_all(text), "{text}");
        }
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
    fn empty_set_matches_nothing() {
        let set = PhraseSet::new(Vec::<String>::new());
        assert!(set.is_empty());
        assert!(!set.is_match("anything"));
    }
}
