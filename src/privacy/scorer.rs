//! A learned scorer per category: logistic regression over one text's lower-cased word
//! unigrams and bigrams, hashed (FNV-1a) into a fixed number of buckets, and a few
//! dense features from the lexicons (`Detector::signals`).
//!
//! Roster names become the token `<name>` and figures `<num>` (`<numk>` for `145k`)
//! before hashing, so a model learns "a name and a judgement", not the names or the
//! figures of its writers. The weights live in `rules/privacy.model`, written by
//! `cargo run --release --example privacy_train -- write` and read once on first use.
//! A category the model does not list is left to the lexicons.

use std::sync::OnceLock;

use super::detect::{Detector, SIGNALS};
use super::{Category, Roster};

/// How many dense features precede the hashed ones.
pub const DENSE: usize = SIGNALS;

/// The features of one text for one category: the dense values and the hashed buckets
/// (one entry per occurrence).
#[derive(Clone, Debug, Default)]
pub struct Features {
    /// The dense features, in the order of `Detector::signals`.
    pub dense: Vec<f32>,
    /// The bucket of each unigram and bigram.
    pub buckets: Vec<u32>,
}

/// The features of `text` for `category`, with `buckets` hash buckets.
pub fn features(category: Category, text: &str, roster: &Roster, buckets: u32) -> Features {
    let detector = Detector::get();
    let fires = !detector.lexicon(category, text, roster).is_empty();
    let mut out = Features {
        dense: detector.signals(fires, text, roster).to_vec(),
        buckets: Vec::new(),
    };
    for_each_bucket(detector, text, roster, buckets, |b| out.buckets.push(b));
    out
}

/// Calls `each` with the bucket of every unigram and bigram of `text`.
fn for_each_bucket(
    detector: &Detector,
    text: &str,
    roster: &Roster,
    buckets: u32,
    mut each: impl FnMut(u32),
) {
    if buckets == 0 {
        return;
    }
    let names = detector.names(text, roster);
    let mut previous: Option<u32> = None;
    let mut step = |token: Token<'_>| {
        let unigram = token.hash(FNV_OFFSET);
        each(mix(unigram ^ 0x75) % buckets);
        if let Some(before) = previous {
            each(mix(token.hash(fnv_byte(before, b' '))) % buckets);
        }
        previous = Some(unigram);
    };
    let word = |from: usize, to: usize| {
        let word = text.get(from..to).unwrap_or("");
        if names.iter().any(|n| n.start <= from && to <= n.end) {
            Token::Name
        } else if word.bytes().any(|b| b.is_ascii_digit()) {
            if word.ends_with(['k', 'K']) {
                Token::ThousandsFigure
            } else {
                Token::Figure
            }
        } else {
            Token::Word(word)
        }
    };
    let mut start = None;
    for (i, c) in text.char_indices() {
        let part = c.is_alphanumeric() || c == '\'' || c == '’';
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                step(word(s, i));
                start = None;
            }
            _ => {}
        }
        if c == '%' {
            step(Token::Word("<pct>"));
        } else if matches!(c, '$' | '€' | '£' | '₹') {
            step(Token::Word("<cur>"));
        }
    }
    if let Some(s) = start {
        step(word(s, text.len()));
    }
}

/// One word of a text as the scorer sees it.
enum Token<'t> {
    Name,
    Figure,
    ThousandsFigure,
    Word(&'t str),
}

impl Token<'_> {
    /// FNV-1a of the lower-cased token, continuing from `seed`.
    fn hash(&self, seed: u32) -> u32 {
        match self {
            Token::Name => fnv(seed, "<name>"),
            Token::Figure => fnv(seed, "<num>"),
            Token::ThousandsFigure => fnv(seed, "<numk>"),
            Token::Word(word) => {
                let mut h = seed;
                for c in word.chars().flat_map(char::to_lowercase) {
                    let c = if c == '’' { '\'' } else { c };
                    let mut buf = [0u8; 4];
                    for &b in c.encode_utf8(&mut buf).as_bytes() {
                        h = fnv_byte(h, b);
                    }
                }
                h
            }
        }
    }
}

const FNV_OFFSET: u32 = 0x811c_9dc5;
const FNV_PRIME: u32 = 0x0100_0193;

fn fnv_byte(h: u32, b: u8) -> u32 {
    (h ^ u32::from(b)).wrapping_mul(FNV_PRIME)
}

fn fnv(seed: u32, s: &str) -> u32 {
    s.bytes().fold(seed, fnv_byte)
}

/// A final avalanche so that the low bits of a bucket spread well.
fn mix(mut h: u32) -> u32 {
    h ^= h >> 16;
    h = h.wrapping_mul(0x7feb_352d);
    h ^= h >> 15;
    h
}

/// The learned scorer of one category.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scorer {
    /// The hash buckets of the sparse features.
    pub buckets: u32,
    /// The intercept.
    pub bias: f32,
    /// The probability at or above which the scorer flags a text.
    pub threshold: f32,
    /// The weights of the dense features.
    pub dense: Vec<f32>,
    /// The weight of each bucket (`buckets` of them).
    pub weights: Vec<f32>,
}

impl Scorer {
    /// The probability that a text with `features` belongs to the category.
    pub fn probability(&self, features: &Features) -> f32 {
        let mut z = self.bias;
        for (w, x) in self.dense.iter().zip(&features.dense) {
            z += w * x;
        }
        for &b in &features.buckets {
            z += self.weights.get(b as usize).copied().unwrap_or(0.0);
        }
        sigmoid(z)
    }

    /// The probability of `text` whose lexicon signals are `signals`, without collecting
    /// its features.
    fn probability_of(
        &self,
        detector: &Detector,
        signals: [f32; SIGNALS],
        text: &str,
        roster: &Roster,
    ) -> f32 {
        let mut z = self.bias;
        for (w, x) in self.dense.iter().zip(signals) {
            z += w * x;
        }
        for_each_bucket(detector, text, roster, self.buckets, |b| {
            z += self.weights.get(b as usize).copied().unwrap_or(0.0);
        });
        sigmoid(z)
    }
}

/// Whether the scorer of `category` may flag a text with these dense features (in the
/// order of `Detector::signals`): a pay scorer needs a figure (the rule is about amounts)
/// and a pay term, or a salary-sized figure or a term that is pay only about a person
/// with a person word or a roster name, a health or life
/// scorer a word of its lexicon, a colleague-performance scorer a roster name. The
/// scorer widens the lexicons' context conditions; it does not invent their words.
pub fn gate(category: Category, dense: &[f32]) -> bool {
    let on = |i: usize| dense.get(i).is_some_and(|&v| v > 0.5);
    match category {
        Category::Pay => on(1) && (on(3) || ((on(4) || on(2)) && (on(6) || on(7)))),
        Category::Health => on(8),
        Category::Life => on(9),
        Category::ColleaguePerformance => on(7),
    }
}

/// The logistic function.
pub fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// The scorers of a model file, one per category it adopts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Model {
    /// Each adopted category and its scorer.
    pub scorers: Vec<(Category, Scorer)>,
}

impl Model {
    /// The model embedded in the binary.
    pub fn get() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| Model::parse(MODEL_BYTES))
    }

    /// The scorer of `category`, if the model adopts one.
    pub fn scorer(&self, category: Category) -> Option<&Scorer> {
        self.scorers
            .iter()
            .find(|(c, _)| *c == category)
            .map(|(_, s)| s)
    }

    /// Reads the format written by [`Model::write`]. A category that does not read
    /// whole, and every one after it, is dropped (left to the lexicons).
    pub fn parse(bytes: &[u8]) -> Self {
        let mut scorers = Vec::new();
        let mut reader = Reader::new(bytes);
        let Some(count) = reader.preamble() else {
            return Self { scorers };
        };
        for _ in 0..count {
            let Some(id) = reader.category() else {
                break;
            };
            let Some(scorer) = reader.scorer() else {
                break;
            };
            if let Some(category) = known_category(id) {
                scorers.push((category, scorer));
            }
        }
        Self { scorers }
    }
}

/// The category of a rule id read from a model file, if this build knows it.
fn known_category(id: &[u8]) -> Option<Category> {
    std::str::from_utf8(id).ok().and_then(Category::of_rule)
}

/// The magic bytes and version that open a model file.
const MAGIC: &[u8; 6] = b"AGPM\x01\x00";

/// Reads a model file's little-endian fields in order; `None` at the first one that
/// runs past the end.
struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    fn new(bytes: &'b [u8]) -> Self {
        Self { bytes, at: 0 }
    }

    fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        let end = self.at.checked_add(n)?;
        let out = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(out)
    }

    fn u16(&mut self) -> Option<u16> {
        self.take(2).map(|b| u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Option<u32> {
        self.take(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn f32(&mut self) -> Option<f32> {
        self.take(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn f32s(&mut self, n: usize) -> Option<Vec<f32>> {
        let bytes = self.take(n.checked_mul(4)?)?;
        Some(
            bytes
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect(),
        )
    }

    /// The magic, the header text (skipped) and the number of categories.
    fn preamble(&mut self) -> Option<u16> {
        if self.take(MAGIC.len())? != MAGIC {
            return None;
        }
        let header = self.u32()?;
        self.take(usize::try_from(header).ok()?)?;
        self.u16()
    }

    /// A category's rule id, as written (an id this build does not know is read too).
    fn category(&mut self) -> Option<&'b [u8]> {
        let len = self.u16()?;
        self.take(usize::from(len))
    }

    fn scorer(&mut self) -> Option<Scorer> {
        let buckets = self.u32()?;
        let bias = self.f32()?;
        let threshold = self.f32()?;
        let dense = usize::from(self.u16()?);
        let dense = self.f32s(dense)?;
        let weights = self.f32s(usize::try_from(buckets).ok()?)?;
        (dense.len() == DENSE).then_some(Scorer {
            buckets,
            bias,
            threshold,
            dense,
            weights,
        })
    }
}

impl Model {
    /// The binary format, little-endian: `AGPM`, version 1 (two bytes), the header
    /// text (u32 length, UTF-8), the number of categories (u16); per category its rule
    /// id (u16 length, UTF-8), buckets (u32), bias and threshold (f32), the dense
    /// weights (u16 count, f32 each) and every bucket's weight (f32), rounded to four
    /// decimals. Read at first use by one copy, not parsed.
    pub fn write(&self, header: &str) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        let header = header.as_bytes();
        out.extend(u32::try_from(header.len()).unwrap_or(0).to_le_bytes());
        out.extend(header);
        out.extend(u16::try_from(self.scorers.len()).unwrap_or(0).to_le_bytes());
        for (category, s) in &self.scorers {
            let id = category.rule_id().as_bytes();
            out.extend(u16::try_from(id.len()).unwrap_or(0).to_le_bytes());
            out.extend(id);
            out.extend(s.buckets.to_le_bytes());
            out.extend(s.bias.to_le_bytes());
            out.extend(s.threshold.to_le_bytes());
            out.extend(u16::try_from(s.dense.len()).unwrap_or(0).to_le_bytes());
            for w in &s.dense {
                out.extend(w.to_le_bytes());
            }
            for w in &s.weights {
                let rounded = (w * 10_000.0).round() / 10_000.0;
                out.extend(rounded.to_le_bytes());
            }
        }
        out
    }
}

/// Whether the embedded model's scorer of `category` flags `text` (false when the
/// model adopts none for it).
pub(crate) fn flags(detector: &Detector, category: Category, text: &str, roster: &Roster) -> bool {
    // The model is read once, by one copy of its bytes. Its scorer is asked only when
    // the lexicon found nothing, and may flag only a text that passes its gate: most
    // never reach the signals.
    let Some(scorer) = Model::get().scorer(category) else {
        return false;
    };
    if !detector.admits(category, text, roster) {
        return false;
    }
    let signals = detector.signals(false, text, roster);
    scorer.probability_of(detector, signals, text, roster) >= scorer.threshold
}

/// The embedded model.
const MODEL_BYTES: &[u8] = include_bytes!("../../rules/privacy.model");

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn features_are_deterministic_and_names_become_a_placeholder() {
        let roster = Roster::new(["Ana Lopes", "Raj"], Vec::<String>::new());
        let a = features(
            Category::ColleaguePerformance,
            "Ana is slipping",
            &roster,
            4096,
        );
        let b = features(
            Category::ColleaguePerformance,
            "Raj is slipping",
            &roster,
            4096,
        );
        assert_eq!(a.buckets, b.buckets);
        assert_eq!(a.dense.len(), DENSE);
        let c = features(Category::Pay, "my base is 145k", &Roster::default(), 4096);
        let d = features(Category::Pay, "MY BASE IS 150k", &Roster::default(), 4096);
        assert_eq!(c.buckets, d.buckets);
        assert!(c.buckets.iter().all(|&b| b < 4096));
    }

    #[test]
    fn the_model_format_round_trips() {
        let mut weights = vec![0.0; 8];
        weights[3] = 1.5;
        let model = Model {
            scorers: vec![(
                Category::Pay,
                Scorer {
                    buckets: 8,
                    bias: -2.0,
                    threshold: 0.5,
                    dense: vec![0.25; DENSE],
                    weights,
                },
            )],
        };
        let bytes = model.write("test");
        assert_eq!(Model::parse(&bytes), model);
        // Cut anywhere, the model reads as no scorer rather than a wrong one.
        for end in 0..bytes.len() {
            assert!(Model::parse(&bytes[..end]).scorers.is_empty(), "{end}");
        }
        assert!(
            Model::parse(b"category private-pay\nbuckets 8\n")
                .scorers
                .is_empty()
        );
    }

    #[test]
    fn the_embedded_model_loads() {
        let model = Model::get();
        assert_eq!(
            model.scorers.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
            vec![Category::Pay, Category::ColleaguePerformance],
            "the categories the training adopts"
        );
        for (_, s) in &model.scorers {
            assert_eq!(s.weights.len(), s.buckets as usize);
        }
    }
}
