//! A phrase list's normalized phrases and its word index: the data a search reads.
//!
//! This module depends on nothing but `std`, so that `build.rs` includes it too and
//! builds, for every list of strings in the rule data, the same [`Phrases`] and
//! [`WordIndex`] a run would build, written out as constants (`prebuilt_phrases.rs`).
//! A run then reads a built-in list's index in place (see `super::prebuilt`); only a
//! list with no prebuilt index (the user's phrases, a list joined at run time) is
//! indexed at run time, by the same code.
//!
//! Example: the list `["keeps ignoring*", "I can't"]` normalizes to the phrases
//! `keeps ignoring` (a prefix), `i can’t` and `i can't`, filed under the first words
//! `keeps` and `i`.

use std::borrow::Cow;

/// Phrases stored end to end in one string: a list is one allocation, not one per
/// phrase (none for a prebuilt list, whose string is in the binary).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Phrases {
    pub(crate) text: Cow<'static, str>,
    /// Where each phrase ends in `text`.
    pub(crate) ends: Cow<'static, [u32]>,
}

impl Phrases {
    /// Normalizes a list as a search reads it: each phrase trimmed, a trailing `*`
    /// marking a prefix, lowercased, and a phrase with a straight apostrophe followed
    /// by a copy with a curly one (`’`) just before it. Empty phrases are left out.
    /// Returns the phrases and, for each, whether it is a prefix.
    pub(crate) fn normalized<'p>(phrases: impl IntoIterator<Item = &'p str>) -> (Self, Vec<bool>) {
        let phrases = phrases.into_iter();
        // Room for most lists at once: a phrase is a word or three.
        let (count, _) = phrases.size_hint();
        let mut patterns = Phrases {
            text: Cow::Owned(String::with_capacity(count * 16)),
            ends: Cow::Owned(Vec::with_capacity(count)),
        };
        let mut prefix = Vec::with_capacity(count);
        let mut lowered: String;
        for phrase in phrases {
            let phrase = phrase.trim();
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
        (patterns, prefix)
    }

    pub(crate) fn push(&mut self, phrase: &str) {
        let text = self.text.to_mut();
        text.push_str(phrase);
        let end = u32::try_from(text.len()).unwrap_or(u32::MAX);
        self.ends.to_mut().push(end);
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Phrase `i`.
    pub(crate) fn get(&self, i: usize) -> &str {
        let start = i
            .checked_sub(1)
            .map_or(0, |before| self.ends[before] as usize);
        &self.text[start..self.ends[i] as usize]
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

/// Where each phrase of a list can match.
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
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct WordIndex {
    /// Phrases by their first word, lowercased, each with the byte that follows the
    /// separator after that word (0 for a one-word phrase): a text whose byte there
    /// differs cannot hold the phrase, and is passed over without comparing the rest
    /// (a common first word such as "i" or "we" starts dozens of phrases).
    pub(crate) by_first_word: Buckets<(u32, u8)>,
    /// One-word stems by their first `stem_key` bytes.
    pub(crate) stems: Buckets<u32>,
    /// The first two bytes of every key of `by_first_word`, and of `stems`: a word
    /// whose first two bytes are in neither is not looked up (most words).
    pub(crate) first_word_starts: Starts,
    pub(crate) stem_starts: Starts,
    /// The length of the keys of `stems`: the shortest stem's length in bytes.
    pub(crate) stem_key: usize,
    /// Phrases that start with a character that is not a word character.
    pub(crate) anywhere: Cow<'static, [u32]>,
    /// The first bytes of the phrases of `anywhere`, each once, in the order first
    /// met: a text is searched for them with `memchr`, not once per phrase.
    pub(crate) anywhere_bytes: Cow<'static, [u8]>,
}

impl WordIndex {
    /// Indexes `patterns` (lowercased phrases; `prefix` marks the stems).
    pub(crate) fn new(patterns: &Phrases, prefix: &[bool]) -> Self {
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
        let (mut anywhere, mut anywhere_bytes) = (Vec::new(), Vec::new());
        for (i, phrase) in patterns.iter().enumerate() {
            let id = u32::try_from(i).unwrap_or(u32::MAX);
            let first = first_word_len(phrase);
            if first == 0 {
                anywhere.push(id);
                if let Some(&byte) = phrase.as_bytes().first() {
                    if !anywhere_bytes.contains(&byte) {
                        anywhere_bytes.push(byte);
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
        index.anywhere = Cow::Owned(anywhere);
        index.anywhere_bytes = Cow::Owned(anywhere_bytes);
        index
    }
}

/// The hash a [`WordIndex`] files a key by: the same on every platform, so that an
/// index built by `build.rs` on one machine is read on another. Eight bytes at a time
/// (keys are words), mixed at the end so that the low bits (the group) and the high
/// bits (the tag) both depend on every byte.
pub(crate) fn key_hash(key: &[u8]) -> u64 {
    const K: u64 = 0xf135_7aea_2e62_a9c5;
    let mut hash = key.len() as u64;
    let mut chunks = key.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        hash = (hash.rotate_left(26) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [0; 8];
        word[..rest.len()].copy_from_slice(rest);
        hash = (hash.rotate_left(26) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
    hash ^= hash >> 29;
    hash = hash.wrapping_mul(K);
    hash ^ (hash >> 32)
}

/// Values filed by the hash of a key: one flat list, grouped by the hash's low bits,
/// each value with the hash's high bits to tell it from the others of its group.
/// Built in two passes over the values, with no allocation per key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Buckets<T: Clone + 'static> {
    /// Group `g` is `entries[starts[g]..starts[g + 1]]`.
    pub(crate) starts: Cow<'static, [u32]>,
    pub(crate) entries: Cow<'static, [(u32, T)]>,
    /// The number of groups less one (a power of two less one).
    pub(crate) mask: u64,
}

impl<T: Clone> Default for Buckets<T> {
    fn default() -> Self {
        Self {
            starts: Cow::Borrowed(&[]),
            entries: Cow::Borrowed(&[]),
            mask: 0,
        }
    }
}

impl<T: Copy + Default> Buckets<T> {
    /// Files `values` by their hashes, each group in the order given.
    pub(crate) fn new(values: &[(u64, T)]) -> Self {
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
            starts: Cow::Owned(starts),
            entries: Cow::Owned(entries),
            mask,
        }
    }

    /// The values filed under `key` (and, rarely, some of a key with the same hash).
    pub(crate) fn get(&self, key: &[u8]) -> impl Iterator<Item = T> + '_ {
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Starts(pub(crate) [u64; 64]);

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

    pub(crate) fn add(&mut self, word: &[u8]) {
        let bit = Self::bit(word);
        self.0[bit / 64] |= 1 << (bit % 64);
    }

    pub(crate) fn may_hold(&self, word: &[u8]) -> bool {
        let bit = Self::bit(word);
        self.0[bit / 64] & (1 << (bit % 64)) != 0
    }
}

/// Word characters for boundary checks: letters, digits and apostrophes (so that "i can"
/// does not match inside "i can't").
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’' || c == '_'
}

/// Which ASCII bytes are word characters ([`is_word_char`]).
pub(crate) const WORD_BYTES: [bool; 128] = {
    let mut table = [false; 128];
    let mut byte = 0;
    while byte < 128 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || b == b'\'' || b == b'_';
        byte += 1;
    }
    table
};

/// The length in bytes of the first word of `phrase` (0 when it starts with a symbol).
pub(crate) fn first_word_len(phrase: &str) -> usize {
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
