//! Measures the privacy detector against the labelled writers of
//! `tests/labelled/privacy/`.
//!
//! ```sh
//! cargo run --release --example privacy_eval -- dev            # the development writers
//! cargo run --release --example privacy_eval -- dev --errors   # and their errors
//! cargo run --release --example privacy_eval -- frozen         # p01 and p06, figures only
//! cargo run --release --example privacy_eval -- new DIR        # DIR/pNN.yaml, not yet joined
//! cargo run --release --example privacy_eval -- outside        # pay on others' notes
//! cargo run --release --example privacy_eval -- scan TEXTS.json [--names]  # other text
//! ```
//!
//! `new` scores writers' files that have not joined the set, per writer and pooled (the
//! cleanest figures: nothing was built on them yet).
//!
//! `outside` scores private-pay on `outside/pay-blind.yaml`: bullets of the wording
//! writers labelled blind for pay only, the precision a user meets on ordinary notes.
//!
//! `scan` reads a JSON list of strings (bullets of agendas that are not labelled for
//! privacy, say) and prints every finding of pay, health and life, to look for false
//! alarms outside the labelled set; `--names` takes every capitalised word for a roster
//! name.
//!
//! For each bullet and each category the detector runs with the agenda's roster
//! (`with` and `people`, no owner); a bullet is positive for a category when any range
//! is found, by `Detector::find` itself (the lexicons, and the learned scorers the
//! embedded `rules/privacy.model` adopts), so the figures are the product's. Figures are
//! per writer and pooled. The scorers are trained on the dev writers, so their dev
//! figures are in-sample: `examples/privacy_train.rs` prints the leave-one-writer-out
//! ones. The frozen split never prints a bullet.

// A command-line tool: its output is the report on standard output.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use agendalint::privacy::corpus::{self, Counts};
use agendalint::privacy::detect::Detector;
use agendalint::privacy::{Category, Roster};

const DEV: [&str; corpus::DEVELOPMENT.len()] = corpus::DEVELOPMENT;
const FROZEN: [&str; 2] = corpus::FROZEN;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let split = args.first().map_or("dev", String::as_str);
    let errors = args.iter().any(|a| a == "--errors");
    let in_set = |writers: &[&str]| -> Vec<(String, PathBuf)> {
        writers
            .iter()
            .map(|w| ((*w).to_string(), corpus::folder().join(format!("{w}.yaml"))))
            .collect()
    };
    let sources: Vec<(String, PathBuf)> = match split {
        "scan" => {
            scan(
                args.get(1).map_or("", String::as_str),
                args.iter().any(|a| a == "--names"),
            );
            return;
        }
        "dev" => in_set(&DEV),
        "frozen" => {
            if errors {
                eprintln!("the frozen split prints figures only");
                std::process::exit(2);
            }
            in_set(&FROZEN)
        }
        "new" => new_writers(args.get(1).map_or("", String::as_str)),
        "outside" => {
            outside();
            return;
        }
        other => {
            eprintln!("unknown split {other:?}: dev, frozen, new DIR or scan FILE");
            std::process::exit(2);
        }
    };
    let writers: Vec<&str> = sources.iter().map(|(w, _)| w.as_str()).collect();
    let detector = Detector::get();
    let mut table: BTreeMap<(usize, &str), Counts> = BTreeMap::new();
    for (writer, path) in &sources {
        let writer = writer.as_str();
        let agendas = match corpus::read_file(path) {
            Ok(agendas) => agendas,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        };
        for agenda in &agendas {
            let roster = agenda.roster();
            for item in agenda.sections.iter().flat_map(|s| &s.items) {
                for (i, category) in Category::ALL.into_iter().enumerate() {
                    let found = detector.find(category, &item.text, &roster);
                    let predicted = !found.is_empty();
                    let actual = item.fires.iter().any(|f| f == category.rule_id());
                    table
                        .entry((i, writer))
                        .or_default()
                        .record(predicted, actual);
                    if errors && predicted != actual {
                        let kind = if predicted { "FP" } else { "FN" };
                        let marked = mark(&item.text, &found);
                        println!("{kind} {:<22} {writer} {marked:?}", category.rule_id());
                    }
                }
            }
        }
    }
    println!("split: {split} ({})", writers.join(", "));
    println!(
        "{:<22} {:<7} {:>4} {:>4} {:>4} {:>6} {:>6}",
        "category", "writer", "TP", "FP", "FN", "prec", "recall"
    );
    for (i, category) in Category::ALL.into_iter().enumerate() {
        let mut pooled = Counts::default();
        let mut min_p = f64::INFINITY;
        let mut min_r = f64::INFINITY;
        for writer in &writers {
            let c = table.get(&(i, writer)).copied().unwrap_or_default();
            pooled.add(c);
            min_p = min_p.min(c.precision());
            min_r = min_r.min(c.recall());
            row(category.rule_id(), writer, c);
        }
        row(category.rule_id(), "pooled", pooled);
        println!(
            "{:<22} {:<7} min writer precision {min_p:.3}, recall {min_r:.3}\n",
            category.rule_id(),
            ""
        );
    }
}

/// One bullet of `outside/pay-blind.yaml`.
#[derive(serde::Deserialize)]
struct PayLabel {
    text: String,
    pay: bool,
}

/// Scores private-pay on the blind pay labels of bullets outside the set (no roster).
fn outside() {
    let path = corpus::folder().join("outside/pay-blind.yaml");
    let labels: Vec<PayLabel> = match corpus::read_yaml(&path) {
        Ok(labels) => labels,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let detector = Detector::get();
    let mut counts = Counts::default();
    for label in &labels {
        let found = !detector
            .find(Category::Pay, &label.text, &Roster::default())
            .is_empty();
        counts.record(found, label.pay);
    }
    println!(
        "split: outside ({} bullets, {})",
        labels.len(),
        path.display()
    );
    row("private-pay", "outside", counts);
}

/// The `pNN.yaml` files of `dir`, in name order.
fn new_writers(dir: &str) -> Vec<(String, PathBuf)> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            eprintln!("{dir}: {e}");
            std::process::exit(1);
        }
    };
    let mut out: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .filter_map(|p| {
            let stem = p.file_stem()?.to_str()?.to_string();
            stem.starts_with('p').then_some((stem, p))
        })
        .collect();
    out.sort();
    out
}

/// Prints each finding on a JSON list of texts, and the count per category. With
/// `names`, every capitalised word of a text counts as a roster name (the worst case
/// for colleague performance).
fn scan(path: &str, names: bool) {
    let texts: Vec<String> = match std::fs::read_to_string(path)
        .map_err(|e| e.to_string())
        .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
    {
        Ok(texts) => texts,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let detector = Detector::get();
    let mut counts = [0usize; 4];
    for text in &texts {
        let roster = if names {
            let capitalised = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                .map(str::to_string);
            Roster::new(capitalised, Vec::<String>::new())
        } else {
            Roster::default()
        };
        for (i, category) in Category::ALL.into_iter().enumerate() {
            let found = detector.find(category, text, &roster);
            if !found.is_empty() {
                counts[i] += 1;
                println!("{:<22} {:?}", category.rule_id(), mark(text, &found));
            }
        }
    }
    for (i, category) in Category::ALL.into_iter().enumerate() {
        println!(
            "{:<22} {} of {} texts",
            category.rule_id(),
            counts[i],
            texts.len()
        );
    }
}

fn row(category: &str, writer: &str, c: Counts) {
    println!(
        "{category:<22} {writer:<7} {:>4} {:>4} {:>4} {:>6.3} {:>6.3}",
        c.tp,
        c.fp,
        c.fn_,
        c.precision(),
        c.recall()
    );
}

/// The text with each found range in `[[...]]`.
fn mark(text: &str, found: &[std::ops::Range<usize>]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for r in found {
        if r.start < at || r.end > text.len() {
            continue;
        }
        out.push_str(text.get(at..r.start).unwrap_or(""));
        out.push_str("[[");
        out.push_str(text.get(r.clone()).unwrap_or(""));
        out.push_str("]]");
        at = r.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}
