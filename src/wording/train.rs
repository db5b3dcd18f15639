//! Training the wording scorers: one L2-regularised logistic regression per scorer over
//! the features of [`super::features`], fitted by stochastic gradient descent with
//! per-feature step sizes (`AdaGrad`), in a fixed order.
//!
//! Training is deterministic to the bit on every platform: the order comes from a seeded
//! generator, and the only floating-point functions used are IEEE basic operations and
//! `sqrt` (the exponential is computed here, not by the platform's maths library). So
//! the script in `scripts/train/` reproduces the committed model file exactly, and a
//! test checks that it does.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use super::Scorer;
use super::corpus::{self, Bullet, FROZEN_WRITERS};
use super::features::{self, Features};
use super::known::{self, KnownWords};
use super::model::{ScorerParams, WordingModel};

/// Bits of the feature buckets of the shipped model.
pub const BITS: u8 = 16;

/// The precision each threshold aims at, on writers the scorer was not trained on.
pub const MIN_PRECISION: f64 = 0.95;

/// Settings of one training run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Params {
    /// Passes over the examples.
    pub epochs: u32,
    /// Strength of the L2 penalty.
    pub l2: f64,
    /// Base step size.
    pub learning_rate: f64,
    /// How much more a positive example weighs than a negative one.
    pub balance: Balance,
    /// Seed of the example order.
    pub seed: u64,
}

impl Default for Params {
    fn default() -> Self {
        Self {
            epochs: 8,
            l2: 3e-4,
            learning_rate: 0.5,
            balance: Balance::Sqrt,
            seed: 0x5eed_a9e1,
        }
    }
}

/// How positive examples are weighed against negative ones, by the ratio of negatives
/// to positives in the training set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Balance {
    /// Every example weighs the same.
    None,
    /// Positives weigh the square root of the ratio.
    Sqrt,
    /// Positives weigh the ratio: both classes weigh the same in all.
    Full,
}

/// One fitted scorer, in full precision.
#[derive(Clone, Debug, PartialEq)]
pub struct Fitted {
    /// A weight per bucket.
    pub weights: Vec<f64>,
    /// The intercept.
    pub bias: f64,
}

/// `e^x`, computed the same way everywhere: range reduction to `|r| <= ln 2 / 2` and a
/// Taylor polynomial, exact to a few units in the last place over the range used.
pub fn exp(x: f64) -> f64 {
    const LN2: f64 = std::f64::consts::LN_2;
    let x = x.clamp(-700.0, 700.0);
    let n = (x / LN2).round();
    let r = x - n * LN2;
    // Horner form of sum r^k / k!, k = 0..=13.
    let mut sum = 1.0;
    for k in (1..=13).rev() {
        sum = 1.0 + sum * r / f64::from(k);
    }
    // 2^n by building the exponent bits; n is within the normal range after the clamp.
    #[allow(clippy::cast_sign_loss)] // n + 1023 is positive after the clamp
    let bits = ((n as i64 + 1023) as u64) << 52;
    sum * f64::from_bits(bits)
}

/// The logistic function.
fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + exp(-z))
}

/// A small, seeded generator (xorshift64*), for the example order.
struct Order(u64);

impl Order {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// Fits one scorer on `examples` (features and whether the rule holds) with features
/// hashed into `1 << bits` buckets.
pub fn fit(examples: &[(&Features, bool)], bits: u8, params: &Params) -> Fitted {
    let size = 1usize << bits;
    let mut weights = vec![0f64; size];
    let mut squares = vec![1e-8f64; size];
    let mut intercept = 0f64;
    let mut intercept_squares = 1e-8f64;
    let positives = examples.iter().filter(|(_, y)| *y).count().max(1);
    let negatives = examples.len().saturating_sub(positives).max(1);
    let ratio = negatives as f64 / positives as f64;
    let positive_weight = match params.balance {
        Balance::None => 1.0,
        Balance::Sqrt => ratio.sqrt(),
        Balance::Full => ratio,
    };
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Order(params.seed | 1);
    let mut active: Vec<(usize, f64)> = Vec::new();
    for _ in 0..params.epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let (features, label) = examples[i];
            active.clear();
            let value = f64::from(features.gram_value());
            active.extend(features.grams.iter().map(|&(b, _)| (b as usize, value)));
            active.extend(features.facts.iter().map(|&b| (b as usize, 1.0)));
            let z = intercept + active.iter().map(|&(b, v)| weights[b] * v).sum::<f64>();
            let target = if label { 1.0 } else { 0.0 };
            let weight = if label { positive_weight } else { 1.0 };
            let error = (sigmoid(z) - target) * weight;
            for &(b, v) in &active {
                let gradient = error * v + params.l2 * weights[b];
                squares[b] += gradient * gradient;
                weights[b] -= params.learning_rate * gradient / squares[b].sqrt();
            }
            intercept_squares += error * error;
            intercept -= params.learning_rate * error / intercept_squares.sqrt();
        }
    }
    Fitted {
        weights,
        bias: intercept,
    }
}

/// Quantises fitted scorers into a model file, with each scorer's decision threshold
/// (a score, in log-odds) and the bitmap of the words its writers wrote in lower case
/// ([`known::gather`]).
///
/// # Panics
///
/// When `fitted` and `thresholds` do not hold one entry per scorer.
pub fn assemble(bits: u8, fitted: &[Fitted], thresholds: &[f32], known: &[u8]) -> Vec<u8> {
    assert_eq!(fitted.len(), Scorer::COUNT, "one fitted scorer per scorer");
    assert_eq!(thresholds.len(), Scorer::COUNT, "one threshold per scorer");
    let size = 1usize << bits;
    let mut params = Vec::with_capacity(Scorer::COUNT);
    let mut weights = vec![0i16; size * Scorer::COUNT];
    for (s, (f, &threshold)) in fitted.iter().zip(thresholds).enumerate() {
        let largest = f.weights.iter().fold(0f64, |m, w| m.max(w.abs()));
        let scale = if largest > 0.0 {
            largest / f64::from(i16::MAX)
        } else {
            1.0
        };
        for (b, w) in f.weights.iter().enumerate() {
            weights[b * Scorer::COUNT + s] = (w / scale).round() as i16;
        }
        params.push(ScorerParams {
            bias: f.bias as f32,
            threshold,
            scale: scale as f32,
        });
    }
    WordingModel::to_bytes(bits, &params, &weights, known)
}

/// The score threshold that keeps precision at or above `min_precision` with the most
/// recall, from scores of examples the scorer was not trained on; when no threshold
/// reaches that precision, the one with the best F1. `None` without positives.
pub fn pick_threshold(scored: &[(f32, bool)], min_precision: f64) -> Option<f32> {
    let positives = scored.iter().filter(|(_, y)| *y).count();
    if positives == 0 {
        return None;
    }
    let mut sorted: Vec<(f32, bool)> = scored.to_vec();
    sorted.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (mut tp, mut fp) = (0usize, 0usize);
    let mut best_precise: Option<(usize, f32)> = None;
    let mut best_f1: Option<(f64, f32)> = None;
    let mut i = 0;
    while i < sorted.len() {
        let score = sorted[i].0;
        // Every example with this score fires together.
        while i < sorted.len() && sorted[i].0.total_cmp(&score).is_eq() {
            if sorted[i].1 {
                tp += 1;
            } else {
                fp += 1;
            }
            i += 1;
        }
        let precision = tp as f64 / (tp + fp) as f64;
        let recall = tp as f64 / positives as f64;
        // Halfway to the next lower score, so that a small shift does not flip it.
        #[allow(clippy::manual_midpoint)] // the shipped thresholds were computed this way
        let cut = sorted.get(i).map_or(score, |next| (score + next.0) / 2.0);
        if precision >= min_precision && best_precise.is_none_or(|(best, _)| tp > best) {
            best_precise = Some((tp, cut));
        }
        let f1 = if tp == 0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        if best_f1.is_none_or(|(best, _)| f1 > best) {
            best_f1 = Some((f1, cut));
        }
    }
    best_precise.map(|(_, t)| t).or(best_f1.map(|(_, t)| t))
}

/// A labelled bullet with its features.
#[derive(Debug)]
pub struct Sample<'c> {
    /// The bullet.
    pub bullet: &'c Bullet,
    /// Its features, as the rules extract them at check time.
    pub features: Features,
}

/// Each bullet with its unit's text and inline code, as the rules read it (bullets that
/// do not render as one item are left out).
fn units<'c>(bullets: &[&'c Bullet]) -> Vec<(&'c Bullet, String, Vec<Range<usize>>)> {
    bullets
        .iter()
        .filter_map(|b| {
            let (text, code) = b.unit_text()?;
            Some((*b, text, code))
        })
        .collect()
}

/// The features of `units`, names told from words by `known`.
fn features_of<'c>(
    units: &[(&'c Bullet, String, Vec<Range<usize>>)],
    bits: u8,
    known: KnownWords<'_>,
) -> Vec<Sample<'c>> {
    units
        .iter()
        .map(|(bullet, text, code)| Sample {
            bullet,
            features: features::extract(bullet.kind, text, code, bits, known),
        })
        .collect()
}

/// The features of each bullet (bullets that do not render as one item are left out),
/// names told from words by `known` (a model's: [`WordingModel::known`]).
pub fn featurize<'c>(bullets: &[&'c Bullet], bits: u8, known: KnownWords<'_>) -> Vec<Sample<'c>> {
    features_of(&units(bullets), bits, known)
}

/// The features of each bullet, names told from words by the words the writers of
/// `bullets` wrote in lower case; with that bitmap ([`known::gather`]), which a model
/// trained on them keeps. Each bullet is rendered once for both.
pub fn featurize_learning_names<'c>(
    bullets: &[&'c Bullet],
    bits: u8,
) -> (Vec<u8>, Vec<Sample<'c>>) {
    let units = units(bullets);
    let known = known::gather(
        units
            .iter()
            .map(|(bullet, text, code)| (bullet.writer.as_str(), text.as_str(), code.as_slice())),
        known::KNOWN_BITS,
    );
    let set = KnownWords::from_bitmap(&known).unwrap_or(KnownWords::EVERY_WORD);
    let samples = features_of(&units, bits, set);
    (known, samples)
}

/// A model trained on the bullets of `writers` and `extra` among `bullets`, names told
/// from words by the words those writers wrote in lower case
/// ([`featurize_learning_names`]), with [`build_model`]'s thresholds: `extra` writers
/// (partly labelled, from another corpus) train it but never set a threshold.
pub fn train_on(
    writers: &[&str],
    extra: &[&str],
    bullets: &[&Bullet],
    bits: u8,
    params: &Params,
) -> Vec<u8> {
    let mine: Vec<&Bullet> = bullets
        .iter()
        .copied()
        .filter(|b| trains(writers, extra, &b.writer))
        .collect();
    let (known, samples) = featurize_learning_names(&mine, bits);
    build_model(writers, extra, &samples, bits, params, &known)
}

/// Whether a bullet of `writer` is trained on when `writers` and `extra` are.
fn trains(writers: &[&str], extra: &[&str], writer: &str) -> bool {
    writers.contains(&writer) || extra.contains(&writer)
}

/// Fits every scorer on `samples`: each on the bullets of the sections its rule reads
/// whose label is known.
pub fn fit_all(samples: &[&Sample<'_>], bits: u8, params: &Params) -> Vec<Fitted> {
    Scorer::ALL
        .iter()
        .map(|&scorer| {
            let examples: Vec<(&Features, bool)> = samples
                .iter()
                .filter(|s| scorer.applies_to(s.bullet.kind))
                .filter_map(|s| Some((&s.features, s.bullet.label(scorer.label())?)))
                .collect();
            fit(&examples, bits, params)
        })
        .collect()
}

/// Scores of every scorer on the bullets of each writer in `writers`, by scorers fitted
/// on the other writers of `writers` and on the `extra` writers, which are never scored
/// (out-of-fold), with each bullet's label.
pub fn out_of_fold(
    writers: &[&str],
    extra: &[&str],
    samples: &[Sample<'_>],
    bits: u8,
    params: &Params,
) -> Vec<Vec<(f32, bool)>> {
    let mut scored: Vec<Vec<(f32, bool)>> = vec![Vec::new(); Scorer::COUNT];
    for &held in writers {
        let fold: Vec<&Sample<'_>> = samples
            .iter()
            .filter(|s| s.bullet.writer != held && trains(writers, extra, &s.bullet.writer))
            .collect();
        let bytes = assemble(
            bits,
            &fit_all(&fold, bits, params),
            &[0.0; Scorer::COUNT],
            &[],
        );
        let model = WordingModel::from_bytes(&bytes).expect("a model just assembled reads");
        let mine = samples.iter().filter(|s| s.bullet.writer == held);
        score_samples(&model, mine, &mut scored);
    }
    scored
}

/// Adds each scorer's score of every sample whose label it knows, in a section its rule
/// reads, to `scored` (one list per scorer), with the label.
pub fn score_samples<'s, 'c: 's>(
    model: &WordingModel<'_>,
    samples: impl IntoIterator<Item = &'s Sample<'c>>,
    scored: &mut [Vec<(f32, bool)>],
) {
    for s in samples {
        for scorer in Scorer::ALL {
            if !scorer.applies_to(s.bullet.kind) {
                continue;
            }
            if let Some(label) = s.bullet.label(scorer.label()) {
                scored[scorer as usize].push((model.score(scorer, &s.features), label));
            }
        }
    }
}

/// A model trained on the bullets of `writers` and `extra`, with thresholds picked from
/// out-of-fold scores of `writers` only (for each writer, scorers fitted on the others
/// and on `extra` score that writer's bullets) to keep precision at [`MIN_PRECISION`],
/// keeping `known`, the bitmap the samples' names were told by.
///
/// The out-of-fold scores read the samples as they are, names told by the words of
/// every writer of `writers`, the one scored too: a writer's own lower-case words can
/// make one of their capitalised words a word, for the thresholds only.
pub fn build_model(
    writers: &[&str],
    extra: &[&str],
    samples: &[Sample<'_>],
    bits: u8,
    params: &Params,
    known: &[u8],
) -> Vec<u8> {
    let thresholds: Vec<f32> = out_of_fold(writers, extra, samples, bits, params)
        .iter()
        .map(|scored| pick_threshold(scored, MIN_PRECISION).unwrap_or(0.0))
        .collect();
    let all: Vec<&Sample<'_>> = samples
        .iter()
        .filter(|s| trains(writers, extra, &s.bullet.writer))
        .collect();
    assemble(bits, &fit_all(&all, bits, params), &thresholds, known)
}

/// The files of `dir` whose name ends in `.ext` and whose stem `wanted` accepts, sorted,
/// each as its stem and its text.
fn files_in(
    dir: &Path,
    ext: &str,
    wanted: impl Fn(&str) -> bool,
) -> Result<Vec<(String, String)>, String> {
    let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == ext)
                && p.file_stem().and_then(|s| s.to_str()).is_some_and(&wanted)
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            Ok((stem, text))
        })
        .collect()
}

/// Every writer's bullets in `dir` (`wNN.yaml` files), by writer.
pub fn load_writers(dir: &Path) -> Result<BTreeMap<String, Vec<Bullet>>, String> {
    files_in(dir, "yaml", |_| true)?
        .into_iter()
        .map(|(writer, text)| {
            let bullets = corpus::read_writer(&writer, &text)?;
            Ok((writer, bullets))
        })
        .collect()
}

/// The labels the relabelled bullets carry: the wording rules that apply in any section.
pub const RELABELLED_LABELS: &[&str] = &[
    "complaint-phrasing",
    "promotion-ask",
    "vague-feedback-request",
];

/// The privacy writers' bullets relabelled for [`RELABELLED_LABELS`], by writer: each
/// `pNN.txt` of `labels` ([`corpus::read_relabelled`]) with the agendas of `pNN.yaml`
/// in `agendas`.
pub fn load_relabelled(
    labels: &Path,
    agendas: &Path,
) -> Result<BTreeMap<String, Vec<Bullet>>, String> {
    let is_writer = |stem: &str| {
        stem.strip_prefix('p')
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    };
    files_in(labels, "txt", is_writer)?
        .into_iter()
        .map(|(writer, text)| {
            let source = agendas.join(format!("{writer}.yaml"));
            let yaml = std::fs::read_to_string(&source)
                .map_err(|e| format!("{}: {e}", source.display()))?;
            let bullets = corpus::read_relabelled(&writer, &yaml, &text, RELABELLED_LABELS)?;
            Ok((writer, bullets))
        })
        .collect()
}

/// Where the relabelled bullets' labels are, under the labelled sets' folder
/// (`tests/labelled`); their agendas are in `privacy/` there.
pub const RELABELLED_DIR: &str = "privacy/wording";

/// The shipped model: trained with the default settings on every writer of `dir` but the
/// frozen ones. `scripts/train/train.sh` writes it to `rules/wording.model`.
pub fn build_shipped(dir: &Path) -> Result<Vec<u8>, String> {
    let writers = load_writers(dir)?;
    let development: Vec<&str> = writers
        .keys()
        .map(String::as_str)
        .filter(|w| !FROZEN_WRITERS.contains(w))
        .collect();
    let bullets: Vec<&Bullet> = development.iter().flat_map(|w| &writers[*w]).collect();
    Ok(train_on(
        &development,
        &[],
        &bullets,
        BITS,
        &Params::default(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SectionKind;
    use crate::wording::features::extract;

    #[test]
    fn exp_matches_the_platform_closely() {
        for x in [-20.0, -3.3, -0.5, 0.0, 0.1, 1.0, 2.5, 9.0, 30.0] {
            let ours = exp(x);
            let theirs = f64::exp(x);
            assert!(
                ((ours - theirs) / theirs).abs() < 1e-13,
                "{x}: {ours} vs {theirs}"
            );
        }
    }

    #[test]
    fn learns_a_separable_word() {
        let texts = [
            ("swamped again this week", true),
            ("swamped with pages", true),
            ("swamped by reviews", true),
            ("shipped the retry job", false),
            ("shipped the cache", false),
            ("wrote the design doc", false),
            ("migrated the queue", false),
        ];
        let features: Vec<Features> = texts
            .iter()
            .map(|(t, _)| extract(SectionKind::Other, t, &[], 12, KnownWords::EVERY_WORD))
            .collect();
        let examples: Vec<(&Features, bool)> =
            features.iter().zip(texts.iter().map(|(_, y)| *y)).collect();
        let fitted = fit(&examples, 12, &Params::default());
        let again = fit(&examples, 12, &Params::default());
        assert_eq!(fitted, again, "training is deterministic");
        let score = |f: &Features| {
            fitted.bias
                + f.grams
                    .iter()
                    .map(|&(b, _)| fitted.weights[b as usize] * f64::from(f.gram_value()))
                    .sum::<f64>()
        };
        let every = KnownWords::EVERY_WORD;
        let unseen = extract(SectionKind::Other, "swamped all month", &[], 12, every);
        let neutral = extract(SectionKind::Other, "shipped the exporter", &[], 12, every);
        assert!(score(&unseen) > score(&neutral));
    }

    #[test]
    fn thresholds_keep_precision() {
        let scored = [
            (3.0, true),
            (2.5, true),
            (2.0, false),
            (1.5, true),
            (1.0, false),
            (0.5, false),
        ];
        let t = pick_threshold(&scored, 0.95).expect("positives");
        assert!(t < 2.5 && t > 2.0, "{t}");
        let t = pick_threshold(&scored, 0.7).expect("positives");
        assert!(t < 1.5 && t > 1.0, "{t}");
    }
}
