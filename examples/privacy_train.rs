//! Trains the learned privacy scorers (`src/privacy/scorer.rs`) on the dev writers
//! of `tests/labelled/privacy/` and measures them leave-one-writer-out.
//!
//! ```sh
//! cargo run --release --example privacy_train            # the leave-one-writer-out table
//! cargo run --release --example privacy_train -- write   # and rewrite rules/privacy.model
//! ```
//!
//! `PRIVACY_SUBSET=p09,p10` also prints each category's figures pooled over those
//! held-out writers only, to compare with a study scored on the same writers.
//!
//! Per category, a logistic regression over hashed word unigrams and bigrams and the
//! lexicons' dense signals, trained by SGD with L2 in a fixed order (deterministic).
//! For each held-out writer the model is trained on the others, and its threshold is
//! the lowest whose precision reaches `TARGET_PRECISION` on the out-of-fold scores of
//! those writers (each scored by a model trained on the rest); the held-out writer
//! is scored once. Pooled over the folds, three decisions are compared: the lexicon
//! alone (tuned on these writers, which flatters it), the scorer alone, and lexicon OR
//! scorer. A category's scorer is adopted (written to the model file, used by
//! `Detector::find` as lexicon OR scorer) only when the union wins: precision at least
//! `MIN_PRECISION` and recall higher than the lexicon's by `MIN_GAIN`. `write` trains the
//! adopted scorers on all the dev writers, with thresholds from their leave-one-writer-out
//! scores. The frozen writers are never read.

// A command-line tool: its output is the report on standard output.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::Path;

use agendalint::privacy::corpus::{self, Counts};
use agendalint::privacy::scorer::{DENSE, Features, Model, Scorer, gate};
use agendalint::privacy::{Category, Roster};

const DEV: [&str; corpus::DEVELOPMENT.len()] = corpus::DEVELOPMENT;
const BUCKETS: u32 = 16384;
const EPOCHS: usize = 30;
const LEARNING_RATE: f32 = 0.2;
const L2: f32 = 1e-4;
const TARGET_PRECISION: f64 = 0.96;
const MIN_PRECISION: f64 = 0.95;
/// A scorer flags a whole text, and on ordinary notes a small gain costs more than it
/// shows here: with 22 writers the health scorer gained 1.1 points of recall and flagged
/// 24 more of the 27,264 wording writers' bullets (engineering text: "ICU plurals",
/// "X-ray images of J3", "treatment effects"), the lexicon 15.
const MIN_GAIN: f64 = 0.02;
const GATED: bool = true;

/// One labelled text of one category.
struct Example {
    writer: usize,
    category: Category,
    features: Features,
    label: bool,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let write = match args.first().map(String::as_str) {
        None | Some("lowo") => false,
        Some("write") => true,
        Some(other) => {
            eprintln!("unknown command {other:?}: lowo or write");
            std::process::exit(2);
        }
    };
    let items = load();
    let subset = match writers_named(&std::env::var("PRIVACY_SUBSET").unwrap_or_default()) {
        Ok(subset) => subset,
        Err(unknown) => {
            eprintln!(
                "PRIVACY_SUBSET: {unknown:?} is not a development writer ({})",
                DEV.join(", ")
            );
            std::process::exit(2);
        }
    };
    println!(
        "leave-one-writer-out over {} ({} texts), pooled over the held-out folds",
        DEV.join(", "),
        items.len()
    );
    println!(
        "{:<22} {:>13} {:>13} {:>13}   adopt",
        "category", "lexicon P/R", "scorer P/R", "union P/R"
    );
    let mut model = Model::default();
    for category in Category::ALL {
        let examples: Vec<Example> = items
            .iter()
            .map(|(writer, text, roster, labels)| Example {
                writer: *writer,
                category,
                features: agendalint::privacy::scorer::features(category, text, roster, BUCKETS),
                label: labels.contains(&category.rule_id().to_string()),
            })
            .collect();
        let mut lexicon = Counts::default();
        let mut alone = Counts::default();
        let mut union = Counts::default();
        let mut in_subset = [Counts::default(), Counts::default(), Counts::default()];
        for held in 0..DEV.len() {
            let train: Vec<usize> = (0..DEV.len()).filter(|&w| w != held).collect();
            let scorer_alone = fit(&examples, &train, false);
            let scorer_union = fit(&examples, &train, true);
            for e in examples.iter().filter(|e| e.writer == held) {
                let decisions = [
                    fires(e),
                    decide(&scorer_alone, e, false),
                    decide(&scorer_union, e, true),
                ];
                for (counts, decision) in [&mut lexicon, &mut alone, &mut union]
                    .into_iter()
                    .zip(decisions)
                {
                    counts.record(decision, e.label);
                }
                if subset.contains(&held) {
                    for (counts, decision) in in_subset.iter_mut().zip(decisions) {
                        counts.record(decision, e.label);
                    }
                }
            }
        }
        let adopt = union.precision() >= MIN_PRECISION
            && union.recall() >= lexicon.recall() + MIN_GAIN
            && union.f1() > lexicon.f1();
        let verdict = if adopt {
            "yes (lexicon OR scorer)"
        } else {
            "no"
        };
        print_row(category.rule_id(), [&lexicon, &alone, &union], verdict);
        if !subset.is_empty() {
            let [lexicon, alone, union] = &in_subset;
            print_row("", [lexicon, alone, union], "(PRIVACY_SUBSET)");
        }
        if adopt && write {
            let all: Vec<usize> = (0..DEV.len()).collect();
            model.scorers.push((category, fit(&examples, &all, true)));
        }
    }
    if write {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/privacy.model");
        let header = format!(
            "Learned privacy scorers (src/privacy/scorer.rs), one per adopted category.\n\
             Written by `cargo run --release --example privacy_train -- write` from the\n\
             dev writers {}; do not edit by hand.",
            DEV.join(", ")
        );
        if let Err(e) = std::fs::write(&path, model.write(&header)) {
            eprintln!("{}: {e}", path.display());
            std::process::exit(1);
        }
        println!("wrote {}", path.display());
    }
}

/// The development writers in a comma-separated list, as indexes into `DEV`; the
/// first name that is none of them is the error.
fn writers_named(list: &str) -> Result<Vec<usize>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(|w| {
            DEV.iter()
                .position(|d| *d == w)
                .ok_or_else(|| w.to_string())
        })
        .collect()
}

/// One row of the table: the lexicon's, the scorer's and the union's precision and
/// recall, then `verdict`.
fn print_row(label: &str, [lexicon, alone, union]: [&Counts; 3], verdict: &str) {
    println!(
        "{:<22} {:>6.3}/{:<6.3} {:>6.3}/{:<6.3} {:>6.3}/{:<6.3}   {verdict}",
        label,
        lexicon.precision(),
        lexicon.recall(),
        alone.precision(),
        alone.recall(),
        union.precision(),
        union.recall(),
    );
}

/// Whether the lexicon fires: the first dense feature.
fn fires(e: &Example) -> bool {
    e.features.dense.first().is_some_and(|&v| v > 0.5)
}

/// The scorer's probability, zero where its gate is shut.
fn probability(scorer: &Scorer, e: &Example) -> f32 {
    if GATED && !gate(e.category, &e.features.dense) {
        0.0
    } else {
        scorer.probability(&e.features)
    }
}

fn decide(scorer: &Scorer, e: &Example, with_lexicon: bool) -> bool {
    (with_lexicon && fires(e)) || probability(scorer, e) >= scorer.threshold
}

/// A scorer trained on `writers`, with the threshold that reaches the target precision
/// on their out-of-fold scores (each writer scored by a model trained on the others).
fn fit(examples: &[Example], writers: &[usize], with_lexicon: bool) -> Scorer {
    let mut out_of_fold: Vec<(f32, bool, bool)> = Vec::new();
    for &inner in writers {
        let rest: Vec<usize> = writers.iter().copied().filter(|&w| w != inner).collect();
        let scorer = train(examples, &rest);
        for e in examples.iter().filter(|e| e.writer == inner) {
            out_of_fold.push((probability(&scorer, e), fires(e), e.label));
        }
    }
    let mut scorer = train(examples, writers);
    scorer.threshold = threshold(&mut out_of_fold, with_lexicon);
    scorer
}

/// The lowest threshold whose decision reaches the target precision (above 1, never
/// firing, if none does). Beside the lexicon, the precision is that of what the scorer
/// adds (the texts the lexicon does not flag): measured on the union, a lexicon whose
/// own precision is under the target would leave no threshold at all, and the scorer
/// would never be used however good its additions were.
fn threshold(out_of_fold: &mut [(f32, bool, bool)], with_lexicon: bool) -> f32 {
    out_of_fold.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut candidates: Vec<f32> = out_of_fold.iter().map(|s| s.0).collect();
    candidates.dedup();
    let judged: Vec<(f32, bool)> = out_of_fold
        .iter()
        .filter(|&&(_, fires, _)| !(with_lexicon && fires))
        .map(|&(p, _, label)| (p, label))
        .collect();
    for t in candidates {
        let mut c = Counts::default();
        for &(p, label) in &judged {
            c.record(p >= t, label);
        }
        if c.tp > 0 && c.precision() >= TARGET_PRECISION {
            return t;
        }
    }
    1.1
}

/// Logistic regression by SGD with L2, in a fixed shuffled order.
fn train(examples: &[Example], writers: &[usize]) -> Scorer {
    let mut scorer = Scorer {
        buckets: BUCKETS,
        bias: 0.0,
        threshold: 0.5,
        dense: vec![0.0; DENSE],
        weights: vec![0.0; BUCKETS as usize],
    };
    let mut order: Vec<usize> = examples
        .iter()
        .enumerate()
        .filter(|(_, e)| writers.contains(&e.writer))
        .map(|(i, _)| i)
        .collect();
    let mut seed: u64 = 0x5eed_1234_abcd_0001;
    for epoch in 0..EPOCHS {
        // Fisher-Yates with a fixed linear congruential generator.
        for i in (1..order.len()).rev() {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let j = usize::try_from((seed >> 33) % (i as u64 + 1)).unwrap_or(0);
            order.swap(i, j);
        }
        #[allow(clippy::cast_precision_loss)]
        let rate = LEARNING_RATE / (1.0 + epoch as f32 * 0.2);
        for &i in &order {
            let e = &examples[i];
            let p = scorer.probability(&e.features);
            let g = p - if e.label { 1.0 } else { 0.0 };
            scorer.bias -= rate * g;
            for (w, x) in scorer.dense.iter_mut().zip(&e.features.dense) {
                *w -= rate * (g * x + L2 * *w);
            }
            for &b in &e.features.buckets {
                if let Some(w) = scorer.weights.get_mut(b as usize) {
                    *w -= rate * (g + L2 * *w);
                }
            }
        }
    }
    scorer
}

/// Every item of the dev writers: its writer, text, roster and labels.
fn load() -> Vec<(usize, String, Roster, Vec<String>)> {
    let mut out = Vec::new();
    for (w, writer) in DEV.iter().enumerate() {
        let agendas = match corpus::read_writer(writer) {
            Ok(agendas) => agendas,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        };
        for agenda in agendas {
            let roster = agenda.roster();
            for item in agenda.sections.into_iter().flat_map(|s| s.items) {
                out.push((w, item.text, roster.clone(), item.fires));
            }
        }
    }
    out
}
