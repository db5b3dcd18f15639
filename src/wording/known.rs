//! The words the writers of a model's notes also wrote in lower case, kept in the model
//! as a set of hashed bits.
//!
//! A word written with a capital and then a small letter is either a word that opens a
//! sentence ("Honestly", "Nobody") or a name ("Zoë", "Kafka"). The scorers read a name
//! by its unigram and bigram only, not by its letters ([`super::features::mark_names`]):
//! the letters of a name no writer used would move a score as far as a word of grievance
//! does, so "Zoe keeps changing the criteria" would be reported and "Zoë keeps changing
//! the criteria" not. A capitalised word is read as a name when its lower-case form is
//! not in this set, which is gathered from the training notes: a word that at least
//! [`MIN_WRITERS`] writers wrote in lower case is an ordinary word.
//!
//! The set is a bitmap of `1 << bits` bits over hashed words; a name whose hash lands on
//! a set bit is read as a word (its letters count), as every name was read before.

use std::collections::{BTreeMap, BTreeSet};

use super::features;

/// Bits of the set's hash (`1 << KNOWN_BITS` bits, 32 KiB).
pub const KNOWN_BITS: u8 = 18;

/// How many writers must have written a word in lower case for it to be an ordinary
/// word, not a name: one writer who writes every name in lower case does not make
/// every name a word.
pub const MIN_WRITERS: usize = 2;

/// The words a model knows in lower case, borrowed from the bytes of its file.
#[derive(Clone, Copy, Debug)]
pub struct KnownWords<'b> {
    /// The bitmap, `1 << bits` bits; empty when the model keeps no set.
    bitmap: &'b [u8],
}

impl<'b> KnownWords<'b> {
    /// The set that knows every word: every capitalised word is read by its letters.
    pub const EVERY_WORD: KnownWords<'static> = KnownWords { bitmap: &[] };

    /// The set held in `bitmap`, whose length in bytes must be a power of two of at
    /// least one byte.
    pub fn from_bitmap(bitmap: &'b [u8]) -> Option<Self> {
        (bitmap.len().is_power_of_two()).then_some(Self { bitmap })
    }

    /// The bitmap's bytes.
    pub fn bitmap(&self) -> &'b [u8] {
        self.bitmap
    }

    /// Whether the normalised word `word` (lower case, as [`features::Token::text`]
    /// holds it) is known.
    pub fn knows(&self, word: &[u8]) -> bool {
        if self.bitmap.is_empty() {
            return true;
        }
        let mask = (self.bitmap.len() * 8 - 1) as u32;
        let bit = features::known_bucket(word, mask) as usize;
        self.bitmap[bit / 8] & (1 << (bit % 8)) != 0
    }
}

/// Gathers the words written in lower case by at least [`MIN_WRITERS`] of the writers
/// of `texts` (each a writer and a unit's text, with its inline code ranges) into a
/// bitmap of `1 << bits` bits.
pub fn gather<'t>(
    texts: impl IntoIterator<Item = (&'t str, &'t str, &'t [std::ops::Range<usize>])>,
    bits: u8,
) -> Vec<u8> {
    let mut writers_of: BTreeMap<Vec<u8>, BTreeSet<&'t str>> = BTreeMap::new();
    for (writer, text, code) in texts {
        for token in features::tokenize(text, code) {
            let written = &text[token.range.clone()];
            if token.word
                && written.chars().any(char::is_alphabetic)
                && !written.chars().any(char::is_uppercase)
            {
                writers_of
                    .entry(token.text.as_bytes().to_vec())
                    .or_default()
                    .insert(writer);
            }
        }
    }
    let size = 1usize << bits;
    let mut bitmap = vec![0u8; size / 8];
    let mask = (size - 1) as u32;
    for (word, writers) in writers_of {
        if writers.len() >= MIN_WRITERS {
            let bit = features::known_bucket(&word, mask) as usize;
            bitmap[bit / 8] |= 1 << (bit % 8);
        }
    }
    bitmap
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_two_writers_wrote_in_lower_case_are_known() {
        let texts = [
            ("a", "honestly the deploy broke, zoë said so"),
            ("b", "Honestly? the Deploy broke again"),
            ("c", "deploy is fine, ask Zoë"),
            ("c", "zoë again"),
        ];
        let bitmap = gather(texts.iter().map(|(w, t)| (*w, *t, &[][..])), 12);
        assert_eq!(bitmap.len(), 512);
        let known = KnownWords::from_bitmap(&bitmap).expect("a power of two");
        assert!(known.knows(b"deploy"), "three writers");
        assert!(known.knows(b"broke"), "two writers");
        assert!(!known.knows(b"honestly"), "one writer in lower case");
        // "zoë" in lower case by a and c: two writers.
        assert!(known.knows("zoë".as_bytes()));
        assert!(!known.knows(b"ask"), "one writer");
        assert!(KnownWords::EVERY_WORD.knows(b"anything"));
        assert!(KnownWords::from_bitmap(&[0; 3]).is_none());
    }
}
