//! The weights of the wording scorers, read in place from bytes.
//!
//! The file is little-endian: a 16-byte header (`AGWM`, format version, feature version,
//! bucket bits, number of scorers, bits of the known words' set or 0 for none,
//! reserved), then per scorer its bias, decision threshold and weight scale (three
//! `f32`), then the weights as `i16`, bucket-major (the scorers' weights of one bucket
//! side by side, so one feature reads one cache line), then the bitmap of the words the
//! writers wrote in lower case ([`super::known`]). Nothing is parsed at start-up: the
//! header is checked and the weights and the bitmap are read where they lie.

use super::Scorer;
use super::features::Features;
use super::known::KnownWords;

/// The first bytes of a model file.
pub const MAGIC: &[u8; 4] = b"AGWM";
/// Version of the file layout.
pub const FORMAT_VERSION: u16 = 2;
/// Bytes before the per-scorer parameters.
const HEADER_LEN: usize = 16;
/// Bytes of one scorer's parameters.
const SCORER_LEN: usize = 12;

/// A model file that does not fit the layout.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ModelError {
    /// Not a model file, or a layout this build does not read.
    #[error("not a wording model of format {FORMAT_VERSION}")]
    Format,
    /// Trained on other features than this build extracts.
    #[error("the model was trained with feature version {found}, this build extracts {expected}")]
    FeatureVersion {
        /// In the file.
        found: u16,
        /// What this build extracts.
        expected: u16,
    },
    /// The weights are not as long as the header says.
    #[error("the model file is {found} bytes, its header says {expected}")]
    Length {
        /// Actual length.
        found: usize,
        /// Length the header implies.
        expected: usize,
    },
}

/// One scorer's parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScorerParams {
    /// Added to every score.
    pub bias: f32,
    /// Scores at or above it fire.
    pub threshold: f32,
    /// What one step of a quantised weight is worth.
    pub scale: f32,
}

/// The wording scorers' weights, borrowed from the bytes they were read from.
#[derive(Clone, Copy, Debug)]
pub struct WordingModel<'b> {
    bits: u8,
    params: [ScorerParams; Scorer::COUNT],
    weights: &'b [u8],
    /// The words its writers wrote in lower case.
    known: KnownWords<'b>,
    /// What tells it from another model ([`WordingModel::identity`]).
    identity: u64,
    /// What tells how it reads a text from how another model does
    /// ([`WordingModel::reader`]).
    reader: u64,
}

fn u16_at(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([bytes[at], bytes[at + 1]])
}

fn f32_at(bytes: &[u8], at: usize) -> f32 {
    f32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

impl<'b> WordingModel<'b> {
    /// Reads a model from its bytes (checks the header and the length only).
    pub fn from_bytes(bytes: &'b [u8]) -> Result<Self, ModelError> {
        if bytes.len() < HEADER_LEN || &bytes[..4] != MAGIC || u16_at(bytes, 4) != FORMAT_VERSION {
            return Err(ModelError::Format);
        }
        let features = u16_at(bytes, 6);
        if features != super::features::FEATURE_VERSION {
            return Err(ModelError::FeatureVersion {
                found: features,
                expected: super::features::FEATURE_VERSION,
            });
        }
        let bits = bytes[8];
        let count = usize::from(bytes[9]);
        let known_bits = bytes[10];
        if count != Scorer::COUNT
            || !(8..=24).contains(&bits)
            || !(known_bits == 0 || (3..=24).contains(&known_bits))
        {
            return Err(ModelError::Format);
        }
        let weights_at = HEADER_LEN + SCORER_LEN * count;
        let known_at = weights_at + (1usize << bits) * count * 2;
        let known_len = if known_bits == 0 {
            0
        } else {
            (1usize << known_bits) / 8
        };
        let expected = known_at + known_len;
        if bytes.len() != expected {
            return Err(ModelError::Length {
                found: bytes.len(),
                expected,
            });
        }
        let mut params = [ScorerParams {
            bias: 0.0,
            threshold: 0.0,
            scale: 0.0,
        }; Scorer::COUNT];
        for (i, p) in params.iter_mut().enumerate() {
            let at = HEADER_LEN + SCORER_LEN * i;
            *p = ScorerParams {
                bias: f32_at(bytes, at),
                threshold: f32_at(bytes, at + 4),
                scale: f32_at(bytes, at + 8),
            };
        }
        let weights = &bytes[weights_at..known_at];
        let known = if known_len == 0 {
            KnownWords::EVERY_WORD
        } else {
            KnownWords::from_bitmap(&bytes[known_at..]).ok_or(ModelError::Format)?
        };
        Ok(Self {
            bits,
            params,
            weights,
            known,
            identity: identity_of(weights, bits, &params, known),
            reader: reader_of(bits, known),
        })
    }

    /// Writes a model file; `known` is the bitmap of the words its writers wrote in
    /// lower case ([`super::known::gather`]), empty for none.
    ///
    /// # Panics
    ///
    /// When `known` is neither empty nor a power of two of bytes.
    pub fn to_bytes(bits: u8, params: &[ScorerParams], weights: &[i16], known: &[u8]) -> Vec<u8> {
        assert!(
            known.is_empty() || known.len().is_power_of_two(),
            "the known words' bitmap is a power of two of bytes"
        );
        let known_bits = if known.is_empty() {
            0
        } else {
            (known.len() * 8).trailing_zeros() as u8
        };
        let mut out = Vec::with_capacity(
            HEADER_LEN + params.len() * SCORER_LEN + weights.len() * 2 + known.len(),
        );
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&super::features::FEATURE_VERSION.to_le_bytes());
        out.push(bits);
        out.push(params.len() as u8);
        out.push(known_bits);
        out.extend_from_slice(&[0; 5]);
        for p in params {
            out.extend_from_slice(&p.bias.to_le_bytes());
            out.extend_from_slice(&p.threshold.to_le_bytes());
            out.extend_from_slice(&p.scale.to_le_bytes());
        }
        for w in weights {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out.extend_from_slice(known);
        out
    }

    /// How many bits the feature buckets have.
    pub fn bits(&self) -> u8 {
        self.bits
    }

    /// The words its writers wrote in lower case, which tell a name from a word.
    pub fn known(&self) -> KnownWords<'b> {
        self.known
    }

    /// The parameters of one scorer.
    pub fn params(&self, scorer: Scorer) -> ScorerParams {
        self.params[scorer as usize]
    }

    /// The quantised weight of `bucket` for `scorer`.
    fn weight(&self, bucket: u32, scorer: Scorer) -> i32 {
        let at = (bucket as usize * Scorer::COUNT + scorer as usize) * 2;
        match self.weights.get(at..at + 2) {
            Some(&[lo, hi]) => i32::from(i16::from_le_bytes([lo, hi])),
            _ => 0,
        }
    }

    /// The score of `features` for `scorer`: the log-odds that the scorer's rule holds.
    pub fn score(&self, scorer: Scorer, features: &Features) -> f32 {
        self.score_with(scorer, features, &[])
    }

    /// The score of `features` with the fact buckets `more` added to its facts.
    pub fn score_with(&self, scorer: Scorer, features: &Features, more: &[u32]) -> f32 {
        let grams = self.gram_sum(scorer, features);
        self.score_of(
            scorer,
            features,
            grams,
            self.fact_sum(scorer, features, more),
        )
    }

    /// The summed weights, for `scorer`, of `features`' n-gram occurrences.
    fn gram_sum(&self, scorer: Scorer, features: &Features) -> i64 {
        features
            .listed_grams(self.bits)
            .iter()
            .map(|&(b, _)| i64::from(self.weight(b, scorer)))
            .sum()
    }

    /// The summed weights of `features`' n-gram occurrences for every scorer, in one
    /// pass (a bucket's weights lie side by side): what [`WordingModel::fires_given`]
    /// and [`WordingModel::fires_regardless`] take.
    pub fn gram_sums(&self, features: &Features) -> [i64; Scorer::COUNT] {
        let mut sums = [0i64; Scorer::COUNT];
        for &(bucket, _) in features.listed_grams(self.bits).iter() {
            self.add_weights(bucket, &mut sums);
        }
        sums
    }

    /// Adds the weights of `bucket`, one per scorer, to `sums`.
    pub fn add_weights(&self, bucket: u32, sums: &mut [i64; Scorer::COUNT]) {
        let at = bucket as usize * Scorer::COUNT * 2;
        if let Some(weights) = self.weights.get(at..at + Scorer::COUNT * 2) {
            for (sum, w) in sums.iter_mut().zip(weights.chunks_exact(2)) {
                *sum += i64::from(i16::from_le_bytes([w[0], w[1]]));
            }
        }
    }

    /// The summed weights, for `scorer`, of `features`' facts and the buckets `more`.
    fn fact_sum(&self, scorer: Scorer, features: &Features, more: &[u32]) -> i64 {
        features
            .facts
            .iter()
            .chain(more)
            .map(|&b| i64::from(self.weight(b, scorer)))
            .sum()
    }

    /// The score from the summed weights of the n-grams and of the facts.
    fn score_of(&self, scorer: Scorer, features: &Features, grams: i64, facts: i64) -> f32 {
        let p = self.params(scorer);
        p.bias + p.scale * (grams as f32 * features.gram_value() + facts as f32)
    }

    /// Whether the score of `features` reaches the scorer's threshold.
    pub fn fires(&self, scorer: Scorer, features: &Features) -> bool {
        self.fires_with(scorer, features, &[])
    }

    /// Whether the score of `features` with the fact buckets `more` reaches the
    /// scorer's threshold.
    pub fn fires_with(&self, scorer: Scorer, features: &Features, more: &[u32]) -> bool {
        self.score_with(scorer, features, more) >= self.params(scorer).threshold
    }

    /// [`WordingModel::fires_with`], with the n-grams' sums already taken
    /// ([`WordingModel::gram_sums`]).
    pub fn fires_given(
        &self,
        scorer: Scorer,
        features: &Features,
        sums: &[i64; Scorer::COUNT],
        more: &[u32],
    ) -> bool {
        let facts = self.fact_sum(scorer, features, more);
        self.score_of(scorer, features, sums[scorer as usize], facts)
            >= self.params(scorer).threshold
    }

    /// Whether the scorer fires on `features` with the fact buckets `more`, whichever
    /// of the fact buckets `unknown` turn out to hold too: `Some` answer when it is the
    /// same for all of them (the score with every weight that could lift it stays under
    /// the threshold, or the score with every weight that could lower it reaches it),
    /// `None` when it depends on them. The score only grows with the facts' weights, in
    /// floating point too, so the answer is the one [`WordingModel::fires_given`] gives
    /// once they are known. `sums` are the n-grams' ([`WordingModel::gram_sums`]).
    pub fn fires_regardless(
        &self,
        scorer: Scorer,
        features: &Features,
        sums: &[i64; Scorer::COUNT],
        more: &[u32],
        unknown: &[u32],
    ) -> Option<bool> {
        let p = self.params(scorer);
        if p.scale.is_nan() || p.scale <= 0.0 {
            return None;
        }
        let known = self.fact_sum(scorer, features, more);
        let (lowest, highest) = unknown.iter().fold((0i64, 0i64), |(low, high), &b| {
            let w = i64::from(self.weight(b, scorer));
            (low + w.min(0), high + w.max(0))
        });
        let grams = sums[scorer as usize];
        if self.score_of(scorer, features, grams, known + highest) < p.threshold {
            Some(false)
        } else if self.score_of(scorer, features, grams, known + lowest) >= p.threshold {
            Some(true)
        } else {
            None
        }
    }

    /// What tells this model from another, for what is kept from one reading to the
    /// next: where its weights lie, how many there are, and its scorers' parameters (a
    /// model built after another one was dropped may lie at the same address).
    pub fn identity(&self) -> u64 {
        self.identity
    }

    /// What a text's features depend on besides the text: the hash width and the
    /// words known in lower case. Two models with the same reader read every text
    /// alike (their weights may differ).
    pub fn reader(&self) -> u64 {
        self.reader
    }

    /// The words that push the score up the most, strongest first: at most `limit`, each
    /// with its weight, only those that count for the rule.
    pub fn top_words(
        &self,
        scorer: Scorer,
        features: &Features,
        limit: usize,
    ) -> Vec<(usize, f32)> {
        let mut by_token = vec![0i64; features.tokens.len()];
        for &(bucket, token) in features.listed_grams(self.bits).iter() {
            if let Some(slot) = by_token.get_mut(token as usize) {
                *slot += i64::from(self.weight(bucket, scorer));
            }
        }
        self.rank_words(scorer, features, &by_token, limit)
    }

    /// [`WordingModel::top_words`], given the summed weights of each token's n-grams
    /// for `scorer`.
    pub fn rank_words(
        &self,
        scorer: Scorer,
        features: &Features,
        by_token: &[i64],
        limit: usize,
    ) -> Vec<(usize, f32)> {
        let value = features.gram_value() * self.params(scorer).scale;
        let mut ranked: Vec<(usize, f32)> = by_token
            .iter()
            .enumerate()
            .map(|(i, &sum)| (i, sum as f32 * value))
            .filter(|&(i, w)| w > 0.0 && features.tokens.get(i).is_some_and(telling))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(limit);
        ranked
    }

    /// The weight of `bucket` for `scorer`, unscaled.
    pub fn bucket_weight(&self, bucket: u32, scorer: Scorer) -> i64 {
        i64::from(self.weight(bucket, scorer))
    }
}

/// [`WordingModel::identity`] of a model's weights, hash width and parameters, taken
/// once when it is read.
fn identity_of(weights: &[u8], bits: u8, params: &[ScorerParams], known: KnownWords<'_>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    (weights.as_ptr() as usize, weights.len(), bits).hash(&mut hasher);
    (known.bitmap().as_ptr() as usize, known.bitmap().len()).hash(&mut hasher);
    for p in params {
        (p.bias.to_bits(), p.threshold.to_bits(), p.scale.to_bits()).hash(&mut hasher);
    }
    hasher.finish()
}

/// [`WordingModel::reader`] of a model's hash width and known words, taken once when it
/// is read (the bitmap is hashed whole: 32 KiB, a few microseconds).
fn reader_of(bits: u8, known: KnownWords<'_>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    (bits, known.bitmap()).hash(&mut hasher);
    hasher.finish()
}

/// Whether a token is worth quoting to the user as evidence: a word that carries
/// meaning, not a function word ("the", "my"), a marker or a name (a finding is about
/// the wording, never about who is named).
fn telling(token: &super::features::Token) -> bool {
    token.word && !token.name && !FUNCTION_WORDS.contains(&token.text.as_str())
}

/// Words that carry grammar, not meaning: never quoted as evidence.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could", "did", "do",
    "does", "for", "from", "had", "has", "have", "he", "her", "his", "i", "i'm", "if", "in", "is",
    "it", "it's", "its", "me", "my", "of", "on", "or", "our", "she", "so", "that", "the", "their",
    "them", "then", "there", "they", "this", "to", "us", "was", "we", "were", "what", "when",
    "which", "who", "will", "with", "would", "you", "your",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_round_trip() {
        let params = [ScorerParams {
            bias: -1.5,
            threshold: 0.25,
            scale: 0.001,
        }; Scorer::COUNT];
        let weights = vec![7i16; (1 << 8) * Scorer::COUNT];
        let bytes = WordingModel::to_bytes(8, &params, &weights, &[]);
        let model = WordingModel::from_bytes(&bytes).expect("valid");
        assert_eq!(model.bits(), 8);
        assert_eq!(model.params(Scorer::PromotionAsk), params[0]);
        assert_eq!(model.weight(255, Scorer::LearningPath), 7);
        assert!(
            model.known().knows(b"zo\xc3\xab"),
            "no set: every word is known"
        );
        let known = super::super::known::gather([("a", "zoë", &[][..]), ("b", "zoë", &[][..])], 10);
        let bytes = WordingModel::to_bytes(8, &params, &weights, &known);
        let model = WordingModel::from_bytes(&bytes).expect("valid");
        assert_eq!(model.known().bitmap(), &known[..]);
        assert_eq!(model.weight(255, Scorer::LearningPath), 7);
        assert!(model.known().knows("zoë".as_bytes()));
        assert!(!model.known().knows(b"kafka"));
    }

    #[test]
    fn broken_files_are_refused() {
        assert_eq!(
            WordingModel::from_bytes(b"nope").expect_err("not a model"),
            ModelError::Format
        );
        let params = [ScorerParams {
            bias: 0.0,
            threshold: 0.0,
            scale: 1.0,
        }; Scorer::COUNT];
        let weights = vec![0; (1 << 8) * Scorer::COUNT];
        let mut bytes = WordingModel::to_bytes(8, &params, &weights, &[]);
        bytes.pop();
        assert!(matches!(
            WordingModel::from_bytes(&bytes),
            Err(ModelError::Length { .. })
        ));
        // A known words' set shorter than its header says.
        let mut bytes = WordingModel::to_bytes(8, &params, &weights, &[0; 64]);
        bytes.truncate(bytes.len() - 1);
        assert!(matches!(
            WordingModel::from_bytes(&bytes),
            Err(ModelError::Length { .. })
        ));
        // A set of a size no build writes.
        let mut bytes = WordingModel::to_bytes(8, &params, &weights, &[0; 64]);
        bytes[10] = 2;
        assert_eq!(
            WordingModel::from_bytes(&bytes).expect_err("two bits"),
            ModelError::Format
        );
    }
}
