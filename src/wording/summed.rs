//! A unit read for checking: its tokens, the facts of its tokens and section, and its
//! n-grams' weights already summed for every scorer, without listing the n-grams.
//!
//! A word's own n-grams (its unigram and its character grams) depend on the word alone,
//! and the same few thousand words make up nearly every text; so each word's weights
//! are summed once per thread and model, and a unit's sums are its words' sums plus the
//! weights of its bigrams and of its other tokens. The sums are of integers (the
//! quantised weights), so they are the same in any order: exactly what
//! [`WordingModel::gram_sums`] gives for the listed n-grams of
//! [`features::extract_partial`].

use std::cell::RefCell;
use std::ops::Range;

use rustc_hash::FxHashMap;

use super::Scorer;
use super::features::{self, Fact, Features, GramRoom, Token};
use super::model::WordingModel;
use crate::model::SectionKind;

/// A word's own n-grams: how many, and their weights summed for every scorer; and what
/// else a unit reads of the word alone.
#[derive(Clone, Copy)]
struct Weighed {
    count: usize,
    sums: [i64; Scorer::COUNT],
    /// The hash state of a bigram the word starts ([`features::bigram_prefix`]).
    bigram_prefix: u64,
    /// Whether the word is the writer speaking of themselves.
    first_person: bool,
}

/// The summed weights of the words this thread read lately, for one model.
#[derive(Default)]
struct WordWeights {
    /// The model ([`WordingModel::identity`]) the sums were taken with.
    model: u64,
    by_word: FxHashMap<Box<[u8]>, Weighed>,
    /// Room to hash a word in, kept from word to word.
    room: GramRoom,
    /// A word's buckets.
    buckets: Vec<u32>,
}

impl WordWeights {
    /// How many words are kept (about 100 bytes each): the first ones read, which in a
    /// notes folder are its common words.
    const KEPT: usize = 8192;

    /// Starts reading with `model`: the sums kept for another one are dropped.
    fn start(&mut self, model: &WordingModel<'_>) {
        if self.model != model.identity() {
            self.model = model.identity();
            self.by_word.clear();
        }
    }

    /// The weights of `word`'s own n-grams.
    fn of(&mut self, model: &WordingModel<'_>, word: &Token) -> Weighed {
        let bytes = word.text.as_bytes();
        if let Some(weighed) = self.by_word.get(bytes) {
            return *weighed;
        }
        self.buckets.clear();
        let mask = (1u32 << model.bits()) - 1;
        features::word_grams(word.text.as_str(), mask, &mut self.room, &mut self.buckets);
        let mut sums = [0; Scorer::COUNT];
        for &bucket in &self.buckets {
            model.add_weights(bucket, &mut sums);
        }
        let weighed = Weighed {
            count: self.buckets.len(),
            sums,
            bigram_prefix: features::bigram_prefix(bytes),
            first_person: features::is_first_person(bytes),
        };
        if self.by_word.len() < Self::KEPT {
            self.by_word.insert(bytes.into(), weighed);
        }
        weighed
    }
}

thread_local! {
    static WORD_WEIGHTS: RefCell<WordWeights> = RefCell::new(WordWeights::default());
}

/// Reads a unit as [`features::extract_partial`] does, standing in a section of
/// `section`, with its n-grams' summed weights for every scorer of `model`: the
/// features hold no list of n-grams, only their number
/// ([`Features::listed_grams`] lists them again when a finding quotes its words).
pub fn read(
    model: &WordingModel<'_>,
    section: SectionKind,
    text: &str,
    code: &[Range<usize>],
) -> (Features, [i64; Scorer::COUNT]) {
    let mask = (1u32 << model.bits()) - 1;
    let mut tokens = features::tokenize(text, code);
    features::mark_names(text, &mut tokens, model.known());
    let mut sums = [0i64; Scorer::COUNT];
    let mut count = 0;
    let (mut question, mut first_person, mut nested) = (false, false, false);
    WORD_WEIGHTS.with_borrow_mut(|words| {
        words.start(model);
        let mut prefix = features::bigram_prefix(features::BIGRAM_START);
        for token in &tokens {
            let bytes = token.text.as_bytes();
            let bigram = features::bigram_from(prefix, bytes, mask);
            model.add_weights(bigram, &mut sums);
            if token.word && !token.name {
                let own = words.of(model, token);
                for (sum, add) in sums.iter_mut().zip(own.sums) {
                    *sum += add;
                }
                count += 1 + own.count;
                first_person |= own.first_person;
                prefix = own.bigram_prefix;
            } else {
                // A marker or a name ([`features::Token::name`]): its unigram only.
                model.add_weights(features::unigram_bucket(bytes, mask), &mut sums);
                count += 2;
                question |= token.text == features::QUESTION_MARK;
                nested |= token.text == features::NESTED_MARK;
                prefix = features::bigram_prefix(bytes);
            }
        }
    });
    let holds = |fact| match fact {
        Fact::Question => question,
        Fact::FirstPerson => first_person,
        Fact::Nested => nested,
        _ => false,
    };
    let features = Features {
        facts: features::facts_of_tokens(section, holds, mask),
        tokens,
        grams: Vec::new(),
        gram_count: count,
    };
    (features, sums)
}

/// The words that push `scorer`'s score up the most ([`WordingModel::top_words`]),
/// each word's weights taken from the sums kept for it.
pub fn top_words(
    model: &WordingModel<'_>,
    scorer: Scorer,
    features: &Features,
    limit: usize,
) -> Vec<(usize, f32)> {
    let mask = (1u32 << model.bits()) - 1;
    let tokens = &features.tokens;
    let by_token: Vec<i64> = WORD_WEIGHTS.with_borrow_mut(|words| {
        words.start(model);
        (0..tokens.len())
            .map(|index| {
                let token = &tokens[index];
                let bigram =
                    model.bucket_weight(features::bigram_bucket(tokens, index, mask), scorer);
                let own = if token.word && !token.name {
                    words.of(model, token).sums[scorer as usize]
                } else {
                    let unigram = features::unigram_bucket(token.text.as_bytes(), mask);
                    model.bucket_weight(unigram, scorer)
                };
                bigram + own
            })
            .collect()
    });
    model.rank_words(scorer, features, &by_token, limit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wording::builtin;

    /// Summed word by word, every bullet of three writers has the sums and the number
    /// of n-grams its listed n-grams give, and the same words quoted; also past the
    /// words kept, and for words that are not ASCII.
    #[test]
    fn sums_read_word_by_word_are_those_of_the_listed_grams() {
        let model = builtin();
        let mut texts = crate::wording::writer_units(&["w02", "w16", "w24"]);
        texts.push((
            SectionKind::Career,
            "Café → naïve résumé, ünïcode 東京?".into(),
            vec![],
        ));
        // Words beyond those kept are summed without being kept.
        texts.extend((0..WordWeights::KEPT + 50).map(|i| {
            let word: String = format!("{i:x}")
                .chars()
                .map(|c| char::from(b'g' + c.to_digit(16).unwrap_or(0) as u8))
                .collect();
            (
                SectionKind::Other,
                format!("x{word} and `code` {word}"),
                vec![],
            )
        }));
        let mut fixed = 0;
        for (kind, text, code) in &texts {
            let listed = features::extract_partial(*kind, text, code, model.bits(), model.known());
            let (summed, sums) = read(&model, *kind, text, code);
            assert_eq!(sums, model.gram_sums(&listed), "{text}");
            assert_eq!(summed.gram_count, listed.grams.len(), "{text}");
            assert_eq!(summed.facts, listed.facts, "{text}");
            assert_eq!(summed.tokens, listed.tokens, "{text}");
            assert_eq!(*summed.listed_grams(model.bits()), *listed.grams, "{text}");
            for scorer in Scorer::ALL {
                assert_eq!(
                    top_words(&model, scorer, &summed, 3),
                    model.top_words(scorer, &listed, 3),
                    "{text}"
                );
            }
            fixed += usize::from(sums.iter().any(|&s| s != 0));
        }
        assert!(fixed > 10_000, "{fixed}");
    }
}
