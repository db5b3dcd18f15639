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
/// order of `Detector::signals`): a pay scorer needs a pay term (one that is pay only
/// about a person needs a person word or a roster name too), a health or life
/// scorer a word of its lexicon, a colleague-performance scorer a roster name. The
/// scorer widens the lexicons' context conditions; it does not invent their words.
pub fn gate(category: Category, dense: &[f32]) -> bool {
    let on = |i: usize| dense.get(i).is_some_and(|&v| v > 0.5);
    match category {
        Category::Pay => on(3) || (on(4) && (on(6) || on(7))),
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
        MODEL.get_or_init(|| Model::parse(MODEL_TEXT))
    }

    /// The scorer of `category`, if the model adopts one.
    pub fn scorer(&self, category: Category) -> Option<&Scorer> {
        self.scorers
            .iter()
            .find(|(c, _)| *c == category)
            .map(|(_, s)| s)
    }

    /// Reads the text format written by [`Model::write`]; a malformed category is
    /// dropped (left to the lexicons).
    pub fn parse(text: &str) -> Self {
        let mut scorers = Vec::new();
        let mut current: Option<(Category, Scorer, bool)> = None;
        let mut finish = |current: &mut Option<(Category, Scorer, bool)>| {
            if let Some((category, scorer, ok)) = current.take() {
                if ok
                    && scorer.dense.len() == DENSE
                    && scorer.weights.len() == scorer.buckets as usize
                {
                    scorers.push((category, scorer));
                }
            }
        };
        // Lines split on bytes: most are short bucket weights, and a search per line for
        // its end costs more than reading it.
        let lines = text
            .as_bytes()
            .split(|b| *b == b'\n')
            .filter_map(|line| std::str::from_utf8(line).ok());
        for line in lines {
            // Most lines are bucket weights: read them without the general parse.
            if let Some(rest) = line.strip_prefix("w ") {
                if let Some((_, scorer, ok)) = current.as_mut() {
                    match weight_line(rest) {
                        Some((at, v)) if at < scorer.weights.len() => scorer.weights[at] = v,
                        _ => *ok = false,
                    }
                }
                continue;
            }
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split_whitespace();
            let key = fields.next().unwrap_or("");
            if key == "category" {
                finish(&mut current);
                current = fields
                    .next()
                    .and_then(Category::of_rule)
                    .map(|c| (c, Scorer::default(), true));
                continue;
            }
            let Some((_, scorer, ok)) = current.as_mut() else {
                continue;
            };
            let number = |s: Option<&str>| s.and_then(|s| s.parse::<f32>().ok());
            match key {
                "buckets" => match fields.next().and_then(|s| s.parse::<u32>().ok()) {
                    Some(n) if n <= 1 << 20 => {
                        scorer.buckets = n;
                        scorer.weights = vec![0.0; n as usize];
                    }
                    _ => *ok = false,
                },
                "bias" => match number(fields.next()) {
                    Some(v) => scorer.bias = v,
                    None => *ok = false,
                },
                "threshold" => match number(fields.next()) {
                    Some(v) => scorer.threshold = v,
                    None => *ok = false,
                },
                "dense" => {
                    scorer.dense = fields.filter_map(|s| s.parse::<f32>().ok()).collect();
                }
                "w" => {
                    let at = fields.next().and_then(|s| s.parse::<usize>().ok());
                    match (at, number(fields.next())) {
                        (Some(at), Some(v)) if at < scorer.weights.len() => {
                            scorer.weights[at] = v;
                        }
                        _ => *ok = false,
                    }
                }
                _ => *ok = false,
            }
        }
        finish(&mut current);
        Self { scorers }
    }
}

/// `INDEX WEIGHT` of a `w` line, the weight a plain decimal (`-0.1203`, `2`, `0.5`): read
/// digit by digit, as the model is read at start-up. `None` for anything else (the
/// general parse then sees a line it does not know).
fn weight_line(rest: &str) -> Option<(usize, f32)> {
    let rest = rest.trim_end();
    let space = rest.bytes().position(|b| b == b' ')?;
    let (index, weight) = (&rest[..space], &rest[space + 1..]);
    if index.is_empty() || !index.bytes().all(|b| b.is_ascii_digit()) || index.len() > 9 {
        return None;
    }
    let at = index
        .bytes()
        .fold(0_usize, |n, b| n * 10 + usize::from(b - b'0'));
    let (negative, digits) = match weight.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, weight),
    };
    let (whole, fraction) = match digits.bytes().position(|b| b == b'.') {
        Some(dot) => (&digits[..dot], &digits[dot + 1..]),
        None => (digits, ""),
    };
    if whole.is_empty()
        || whole.len() + fraction.len() > 15
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mantissa = whole
        .bytes()
        .chain(fraction.bytes())
        .fold(0_i64, |n, b| n * 10 + i64::from(b - b'0'));
    let scale = 10_i64.checked_pow(u32::try_from(fraction.len()).ok()?)?;
    // Exact in f64 (both under 2^53), then rounded once to f32.
    #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
    let value = (mantissa as f64 / scale as f64) as f32;
    Some((at, if negative { -value } else { value }))
}

impl Model {
    /// The text format: per category its id, buckets, bias, threshold, the dense
    /// weights, and each non-zero bucket weight as `w INDEX WEIGHT`.
    pub fn write(&self, header: &str) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        for line in header.lines() {
            let _ = writeln!(out, "# {line}");
        }
        for (category, s) in &self.scorers {
            let _ = writeln!(out, "category {}", category.rule_id());
            let _ = writeln!(out, "buckets {}", s.buckets);
            let _ = writeln!(out, "bias {}", s.bias);
            let _ = writeln!(out, "threshold {}", s.threshold);
            let dense: Vec<String> = s.dense.iter().map(f32::to_string).collect();
            let _ = writeln!(out, "dense {}", dense.join(" "));
            for (i, w) in s.weights.iter().enumerate() {
                let rounded = (w * 10_000.0).round() / 10_000.0;
                if rounded != 0.0 {
                    let _ = writeln!(out, "w {i} {rounded}");
                }
            }
        }
        out
    }
}

/// Whether the embedded model's scorer of `category` flags `text` (false when the
/// model adopts none for it).
pub(crate) fn flags(detector: &Detector, category: Category, text: &str, roster: &Roster) -> bool {
    if !adopts(category) {
        return false;
    }
    // The scorer is asked only when the lexicon found nothing, and may flag only a text
    // that passes its gate: most never reach the signals or the model, which is read on
    // first use.
    if !detector.admits(category, text, roster) {
        return false;
    }
    let signals = detector.signals(false, text, roster);
    Model::get()
        .scorer(category)
        .is_some_and(|s| s.probability_of(detector, signals, text, roster) >= s.threshold)
}

/// The embedded model's text.
const MODEL_TEXT: &str = include_str!("../../rules/privacy.model");

/// Whether the embedded model lists a scorer for `category`, known from its `category`
/// lines alone: reading its weights costs more than the rest of a one-file check.
fn adopts(category: Category) -> bool {
    static ADOPTED: OnceLock<Vec<Category>> = OnceLock::new();
    ADOPTED
        .get_or_init(|| {
            MODEL_TEXT
                .match_indices("\ncategory ")
                .filter_map(|(at, found)| {
                    let rest = MODEL_TEXT.get(at + found.len()..)?;
                    Category::of_rule(rest.lines().next()?.trim())
                })
                .collect()
        })
        .contains(&category)
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_categories_listed_are_the_ones_the_model_reads() {
        for category in super::Category::ALL {
            assert_eq!(
                super::adopts(category),
                super::Model::get().scorer(category).is_some(),
                "{category:?}"
            );
        }
    }

    #[test]
    fn weight_lines_read_as_the_general_parse_reads_them() {
        let model = super::MODEL_TEXT;
        let mut lines = 0;
        for rest in model.lines().filter_map(|l| l.strip_prefix("w ")) {
            let mut fields = rest.split_whitespace();
            let at = fields.next().and_then(|s| s.parse::<usize>().ok());
            let value = fields.next().and_then(|s| s.parse::<f32>().ok());
            assert_eq!(super::weight_line(rest), at.zip(value), "{rest}");
            lines += 1;
        }
        assert!(lines > 1000, "the model has its weights");
        for bad in ["", "12", "x 0.5", "3 0.5.1", "3 1e5", "3 -", "3 .5"] {
            assert_eq!(super::weight_line(bad), None, "{bad}");
        }
    }

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
        assert_eq!(Model::parse(&model.write("test")), model);
        assert!(
            Model::parse("category private-pay\nbuckets x\n")
                .scorers
                .is_empty()
        );
    }

    #[test]
    fn the_embedded_model_loads() {
        let model = Model::get();
        for (_, s) in &model.scorers {
            assert_eq!(s.weights.len(), s.buckets as usize);
        }
    }
}
