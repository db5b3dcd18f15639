//! Trains and measures the wording scorers (see `scripts/train/README.md`).
//!
//! ```text
//! cargo run --release --example train_wording -- train [OUT]   # writes rules/wording.model
//! cargo run --release --example train_wording -- lowo          # leave-one-writer-out table
//! cargo run --release --example train_wording -- frozen [MODEL] # the frozen writers' scores
//! cargo run --release --example train_wording -- new DIR     # writers not yet in the corpus
//! cargo run --release --example train_wording -- relabelled [MODEL] # the relabelled privacy writers
//! cargo run --release --example train_wording -- relabelled-lowo # the same, held out in groups
//! cargo run --release --example train_wording -- score KIND TEXT [MODEL] # one bullet's scores
//! ```
//!
//! Every figure is measured through the real rules (the engine run on each bullet
//! rendered as an agenda), with scorers trained without the writer being measured.
//! Frozen writers are never trained on, and nothing here picks anything by their score.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use agendalint::config::Config;
use agendalint::engine::RuleSet;
use agendalint::wording::corpus::{self, Bullet, Counts, FROZEN_WRITERS, MEASURED};
use agendalint::wording::train::{self, Params, Sample};
use agendalint::wording::{Scorer, WordingModel};
use rayon::prelude::*;

/// Bits of the feature buckets (`AGW_BITS` to compare).
fn bits() -> u8 {
    std::env::var("AGW_BITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(16)
}

/// The training settings: the defaults, or `AGW_EPOCHS`, `AGW_L2`, `AGW_LR` and
/// `AGW_BALANCE` (`none`, `sqrt`, `full`) from the environment, to compare settings by
/// their leave-one-writer-out scores.
fn params() -> Params {
    let mut params = Params::default();
    let var = |name: &str| std::env::var(name).ok();
    if let Some(v) = var("AGW_EPOCHS").and_then(|v| v.parse().ok()) {
        params.epochs = v;
    }
    if let Some(v) = var("AGW_L2").and_then(|v| v.parse().ok()) {
        params.l2 = v;
    }
    if let Some(v) = var("AGW_LR").and_then(|v| v.parse().ok()) {
        params.learning_rate = v;
    }
    match var("AGW_BALANCE").as_deref() {
        Some("none") => params.balance = train::Balance::None,
        Some("full") => params.balance = train::Balance::Full,
        Some("sqrt") => params.balance = train::Balance::Sqrt,
        _ => {}
    }
    params
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every writer's bullets, by writer.
fn load_writers() -> Result<BTreeMap<String, Vec<Bullet>>, String> {
    train::load_writers(&root().join("tests/labelled/writers"))
}

/// The privacy writers' bullets relabelled for the wording rules that apply anywhere
/// ([`train::load_relabelled`]), by writer.
fn load_relabelled() -> Result<BTreeMap<String, Vec<Bullet>>, String> {
    let labelled = root().join("tests/labelled");
    train::load_relabelled(
        &labelled.join(train::RELABELLED_DIR),
        &labelled.join("privacy"),
    )
}

/// The relabelled bullets when `AGW_WITH_RELABELLED` is set (to measure training on them
/// too), else none: the shipped design trains on the wording writers only.
fn relabelled_if_asked() -> Result<BTreeMap<String, Vec<Bullet>>, String> {
    if std::env::var_os("AGW_WITH_RELABELLED").is_some() {
        load_relabelled()
    } else {
        Ok(BTreeMap::new())
    }
}

/// The features of `bullets` as `model` reads them (its known words tell names).
fn featurize<'c>(bullets: &[&'c Bullet], model: &WordingModel<'_>) -> Vec<Sample<'c>> {
    train::featurize(bullets, bits(), model.known())
}

/// Runs the rules (with `model`, or the embedded one) over `bullets`; counts per rule.
/// `AGW_MISSES=RULE` prints that rule's misses.
fn run_rules(
    bullets: &[&Bullet],
    model: Option<WordingModel<'static>>,
) -> BTreeMap<&'static str, Counts> {
    let file = Config::parse("", Path::new("measure.yaml")).expect("the empty config is valid");
    let wanted = |id: &str| MEASURED.iter().any(|(rule, _)| *rule == id);
    let rules = RuleSet::for_config_with_wording(&file, &wanted, model);
    let shown = std::env::var("AGW_MISSES").ok();
    corpus::measure(bullets, &rules, |miss| {
        if shown.as_deref() == Some(miss.rule) {
            println!(
                "{} {}: {}",
                if miss.expected { "FN" } else { "FP" },
                miss.bullet.writer,
                miss.bullet.text.trim_end().replace('\n', " / ")
            );
        }
    })
}

fn print_table(title: &str, rows: &BTreeMap<&'static str, Counts>) {
    println!("\n{title}\n");
    println!("| rule | precision | recall | tp | fp | fn |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for &(rule, _) in MEASURED {
        if let Some(c) = rows.get(rule) {
            println!(
                "| {rule} | {:.3} | {:.3} | {} | {} | {} |",
                c.precision(),
                c.recall(),
                c.tp,
                c.fp,
                c.fn_
            );
        }
    }
}

/// Precision and recall at every threshold.
fn curve(scored: &[(f32, bool)]) -> Vec<(f64, f64)> {
    let mut sorted = scored.to_vec();
    sorted.sort_by(|a, b| b.0.total_cmp(&a.0));
    let positives = sorted.iter().filter(|s| s.1).count().max(1) as f64;
    let (mut tp, mut fp) = (0f64, 0f64);
    sorted
        .iter()
        .map(|&(_, y)| {
            if y {
                tp += 1.0;
            } else {
                fp += 1.0;
            }
            (tp / (tp + fp), tp / positives)
        })
        .collect()
}

/// The most recall a threshold reaches on `curve` with precision `precision` or more.
fn best_recall(curve: &[(f64, f64)], precision: f64) -> f64 {
    curve
        .iter()
        .filter(|c| c.0 >= precision)
        .map(|c| c.1)
        .fold(0.0, f64::max)
}

fn leak(bytes: Vec<u8>) -> WordingModel<'static> {
    WordingModel::from_bytes(Box::leak(bytes.into_boxed_slice())).expect("just assembled")
}

/// The model in the file `path`, read for the rest of the run.
fn read_model(path: &str) -> Result<WordingModel<'static>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    WordingModel::from_bytes(Box::leak(bytes.into_boxed_slice()))
        .map_err(|e| format!("{path}: {e}"))
}

/// The model in the file `path` when one is given, else the embedded one.
fn model_or_builtin(path: Option<&String>) -> Result<WordingModel<'static>, String> {
    path.map_or_else(|| Ok(agendalint::wording::builtin()), |p| read_model(p))
}

/// A bullet of no writer, for scoring a text on its own.
fn unlabelled(kind: agendalint::model::SectionKind, text: String) -> Bullet {
    Bullet {
        writer: String::new(),
        agenda: String::new(),
        kind,
        text,
        fires: Vec::new(),
        known: Vec::new(),
    }
}

fn train(args: &[String], dev: &[&str]) -> Result<(), String> {
    let out = args
        .get(1)
        .map_or_else(|| root().join("rules/wording.model"), PathBuf::from);
    // The shipped settings, whatever the environment says.
    let bytes = train::build_shipped(&root().join("tests/labelled/writers"))?;
    std::fs::write(&out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    println!(
        "wrote {} ({} bytes) from writers {}",
        out.display(),
        bytes.len(),
        dev.join(", ")
    );
    Ok(())
}

fn lowo(
    writers: &BTreeMap<String, Vec<Bullet>>,
    dev: &[&str],
    params: &Params,
) -> Result<(), String> {
    let relabelled = relabelled_if_asked()?;
    // `AGW_HELD=w03,w07` holds out only those writers (each fold still trains on all
    // the other development writers), to compare with a study scored on them.
    let held_only = std::env::var("AGW_HELD").ok();
    let held_out: Vec<&str> = match &held_only {
        None => dev.to_vec(),
        Some(only) => {
            let named: Vec<&str> = only
                .split(',')
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .collect();
            if let Some(unknown) = named.iter().find(|w| !dev.contains(w)) {
                return Err(format!(
                    "AGW_HELD: {unknown:?} is not a development writer ({})",
                    dev.join(", ")
                ));
            }
            dev.iter().copied().filter(|w| named.contains(w)).collect()
        }
    };
    // Folds are independent: they run in parallel and are printed in writer order.
    let folds: Vec<Result<BTreeMap<&'static str, Counts>, String>> = held_out
        .par_iter()
        .map(|&held| {
            let rest: Vec<&str> = dev.iter().copied().filter(|w| *w != held).collect();
            // `AGW_LOWO_CACHE=DIR` keeps each fold's model, to compare what the rules
            // do with the same scorers (the cache knows nothing of settings: clear
            // it when they change).
            let cached = std::env::var_os("AGW_LOWO_CACHE")
                .map(|dir| PathBuf::from(dir).join(format!("{held}.model")));
            let bytes = if let Some(bytes) = cached.as_ref().and_then(|p| std::fs::read(p).ok()) {
                bytes
            } else {
                let mut bullets: Vec<&Bullet> = rest.iter().flat_map(|w| &writers[*w]).collect();
                bullets.extend(relabelled.values().flatten());
                let extra: Vec<&str> = relabelled.keys().map(String::as_str).collect();
                let bytes = train::train_on(&rest, &extra, &bullets, bits(), params);
                if let Some(path) = &cached {
                    std::fs::write(path, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
                }
                bytes
            };
            let model = leak(bytes);
            let held_bullets: Vec<&Bullet> = writers[held].iter().collect();
            Ok(run_rules(&held_bullets, Some(model)))
        })
        .collect();
    let mut tables = Vec::new();
    for (&held, counts) in held_out.iter().zip(folds) {
        tables.push((held.to_string(), counts?));
    }
    let title = if held_only.is_some() {
        "leave one writer out, pooled over the writers in AGW_HELD"
    } else {
        "leave one writer out, pooled over the development writers"
    };
    print_folds(tables, title);
    Ok(())
}

/// Prints each held-out fold's table (`held out: NAME`), then `title` over them pooled.
fn print_folds(tables: Vec<(String, BTreeMap<&'static str, Counts>)>, title: &str) {
    let mut pooled: BTreeMap<&'static str, Counts> = BTreeMap::new();
    for (held, counts) in tables {
        print_table(&format!("held out: {held}"), &counts);
        for (rule, c) in counts {
            pooled.entry(rule).or_default().add(c);
        }
    }
    print_table(title, &pooled);
}

/// Ranking of each scorer on the writers of `AGW_HELD`, each scored by scorers fitted on
/// the other development writers (and the relabelled ones with `AGW_WITH_RELABELLED`),
/// without thresholds: the best recall at precision 0.95 and 0.90, pooled.
fn held_rank(
    writers: &BTreeMap<String, Vec<Bullet>>,
    dev: &[&str],
    params: &Params,
) -> Result<(), String> {
    let relabelled = relabelled_if_asked()?;
    let held: Vec<String> = std::env::var("AGW_HELD")
        .map_err(|_| "AGW_HELD is needed")?
        .split(',')
        .map(|s| s.trim().to_string())
        .collect();
    if let Some(unknown) = held.iter().find(|w| !dev.contains(&w.as_str())) {
        return Err(format!("AGW_HELD: {unknown:?} is not a development writer"));
    }
    let folds: Vec<Vec<Vec<(f32, bool)>>> = held
        .par_iter()
        .map(|h| {
            let mut bullets: Vec<&Bullet> = dev
                .iter()
                .filter(|w| **w != h.as_str())
                .flat_map(|w| &writers[*w])
                .collect();
            bullets.extend(relabelled.values().flatten());
            let (known, samples) = train::featurize_learning_names(&bullets, bits());
            let refs: Vec<&Sample<'_>> = samples.iter().collect();
            let fitted = train::fit_all(&refs, bits(), params);
            let bytes = train::assemble(bits(), &fitted, &[0.0; Scorer::COUNT], &known);
            let model = leak(bytes);
            let mine: Vec<&Bullet> = writers[h.as_str()].iter().collect();
            let samples = train::featurize(&mine, bits(), model.known());
            let mut scored = vec![Vec::new(); Scorer::COUNT];
            train::score_samples(&model, &samples, &mut scored);
            scored
        })
        .collect();
    for scorer in Scorer::ALL {
        let pooled: Vec<(f32, bool)> = folds
            .iter()
            .flat_map(|f| f[scorer as usize].clone())
            .collect();
        let c = curve(&pooled);
        let at = |p: f64| best_recall(&c, p);
        println!(
            "{:<24} R@P.95 {:.3}  R@P.90 {:.3}",
            scorer.label(),
            at(0.95),
            at(0.90)
        );
    }
    Ok(())
}

/// The rules on the relabelled writers ([`load_relabelled`]), held out in groups of
/// `AGW_GROUP` (default 5), each group scored by a model trained on every development
/// writer and the other relabelled writers (thresholds from the development writers).
fn relabelled_lowo(
    writers: &BTreeMap<String, Vec<Bullet>>,
    dev: &[&str],
    params: &Params,
) -> Result<(), String> {
    let relabelled = load_relabelled()?;
    let size: usize = std::env::var("AGW_GROUP")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let names: Vec<&str> = relabelled.keys().map(String::as_str).collect();
    let groups: Vec<Vec<&str>> = names.chunks(size).map(<[&str]>::to_vec).collect();
    let folds: Vec<BTreeMap<&'static str, Counts>> = groups
        .par_iter()
        .map(|group| {
            let others: Vec<&str> = names
                .iter()
                .copied()
                .filter(|w| !group.contains(w))
                .collect();
            let mut bullets: Vec<&Bullet> = dev.iter().flat_map(|w| &writers[*w]).collect();
            bullets.extend(others.iter().flat_map(|w| &relabelled[*w]));
            let bytes = train::train_on(dev, &others, &bullets, bits(), params);
            let model = leak(bytes);
            let mine: Vec<&Bullet> = group.iter().flat_map(|w| &relabelled[*w]).collect();
            run_rules(&mine, Some(model))
        })
        .collect();
    let tables = groups.iter().map(|g| g.join(",")).zip(folds).collect();
    print_folds(tables, "relabelled writers, held out in groups, pooled");
    Ok(())
}

fn rank(writers: &BTreeMap<String, Vec<Bullet>>, dev: &[&str], params: &Params) {
    // Ranking quality of each scorer, from out-of-fold scores (one fold per
    // development writer), before any threshold.
    let bullets: Vec<&Bullet> = dev.iter().flat_map(|w| &writers[*w]).collect();
    let (_, samples) = train::featurize_learning_names(&bullets, bits());
    let scored = train::out_of_fold(dev, &[], &samples, bits(), params);
    for scorer in Scorer::ALL {
        let curve = curve(&scored[scorer as usize]);
        let at = |p: f64| best_recall(&curve, p);
        let best = curve
            .iter()
            .map(|&(p, r)| {
                if p + r > 0.0 {
                    2.0 * p * r / (p + r)
                } else {
                    0.0
                }
            })
            .fold(0.0, f64::max);
        println!(
            "{:24} recall at P>=.95 {:.3}  at P>=.90 {:.3}  at P>=.80 {:.3}  best F1 {:.3}",
            scorer.label(),
            at(0.95),
            at(0.90),
            at(0.80),
            best
        );
    }
}

fn score(args: &[String]) -> Result<(), String> {
    // `score KIND TEXT [MODEL]`: every scorer's score of one bullet, with its threshold,
    // by the embedded model or the one in the file MODEL.
    let (Some(kind), Some(text)) = (args.get(1), args.get(2)) else {
        return Err("usage: train_wording score KIND TEXT [MODEL]".to_string());
    };
    let kind: agendalint::model::SectionKind =
        serde_yaml::from_str(kind).map_err(|e| format!("{kind}: {e}"))?;
    let bullet = unlabelled(kind, text.replace("\\n", "\n"));
    let model = model_or_builtin(args.get(3))?;
    let sample = featurize(&[&bullet], &model);
    let Some(sample) = sample.first() else {
        return Err("the text does not read as one list item".to_string());
    };
    for scorer in Scorer::ALL {
        println!(
            "{:24} {:>7.2} (threshold {:.2}){}",
            scorer.label(),
            model.score(scorer, &sample.features),
            model.params(scorer).threshold,
            if scorer.applies_to(kind) {
                ""
            } else {
                "  (not read in this section)"
            }
        );
    }
    Ok(())
}

/// The bullets and names of `scripts/train/names.yaml`.
#[derive(serde::Deserialize)]
struct NameProbe {
    names: Vec<String>,
    bullets: Vec<(agendalint::model::SectionKind, String)>,
}

fn names(args: &[String]) -> Result<(), String> {
    // `names [MODEL]`: how far a colleague's name alone moves each scorer. Every bullet
    // of `scripts/train/names.yaml` is scored with every name; per scorer that reads the
    // bullet's section: the spread of its scores over the names (highest less lowest),
    // and whether its finding depends on the name (fires for some names, not others).
    let path = root().join("scripts/train/names.yaml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let probe: NameProbe =
        serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let model = model_or_builtin(args.get(1))?;
    let mut spreads: BTreeMap<&'static str, Vec<f32>> = BTreeMap::new();
    let mut split: BTreeMap<&'static str, usize> = BTreeMap::new();
    println!("| bullet | scorer | lowest | highest | fires for |");
    println!("| --- | --- | ---: | ---: | ---: |");
    for (kind, template) in &probe.bullets {
        let bullets: Vec<Bullet> = probe
            .names
            .iter()
            .map(|name| unlabelled(*kind, template.replace("{name}", name)))
            .collect();
        let refs: Vec<&Bullet> = bullets.iter().collect();
        let samples = featurize(&refs, &model);
        for scorer in Scorer::ALL.into_iter().filter(|s| s.applies_to(*kind)) {
            let threshold = model.params(scorer).threshold;
            let scores: Vec<f32> = samples
                .iter()
                .map(|s| model.score(scorer, &s.features))
                .collect();
            let low = scores.iter().copied().fold(f32::INFINITY, f32::min);
            let high = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let fires = scores.iter().filter(|&&s| s >= threshold).count();
            println!(
                "| {template} | {} | {low:.2} | {high:.2} | {fires} of {} |",
                scorer.label(),
                scores.len()
            );
            spreads.entry(scorer.label()).or_default().push(high - low);
            if fires > 0 && fires < scores.len() {
                *split.entry(scorer.label()).or_default() += 1;
            }
        }
    }
    println!("\n| scorer | bullets | mean spread | widest | finding depends on the name |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    for (label, spread) in &spreads {
        let mean = spread.iter().sum::<f32>() / spread.len() as f32;
        let widest = spread.iter().copied().fold(0.0, f32::max);
        println!(
            "| {label} | {} | {mean:.2} | {widest:.2} | {} |",
            spread.len(),
            split.get(label).copied().unwrap_or(0)
        );
    }
    Ok(())
}

fn frozen(args: &[String], writers: &BTreeMap<String, Vec<Bullet>>) -> Result<(), String> {
    let model = args.get(1).map(|path| read_model(path)).transpose()?;
    let frozen = FROZEN_WRITERS
        .iter()
        .filter_map(|&w| Some((w, writers.get(w)?.as_slice())));
    score_writers("frozen", frozen, model);
    Ok(())
}

/// Runs the rules (with `model`, or the embedded one) over each writer's bullets, and
/// prints a table per writer (`KIND writer wNN`) and one pooled over them.
fn score_writers<'w>(
    kind: &str,
    writers: impl Iterator<Item = (&'w str, &'w [Bullet])>,
    model: Option<WordingModel<'static>>,
) {
    let mut pooled: BTreeMap<&'static str, Counts> = BTreeMap::new();
    for (name, bullets) in writers {
        let bullets: Vec<&Bullet> = bullets.iter().collect();
        let counts = run_rules(&bullets, model);
        print_table(&format!("{kind} writer {name}"), &counts);
        for (rule, c) in counts {
            pooled.entry(rule).or_default().add(c);
        }
    }
    print_table(&format!("{kind} writers, pooled"), &pooled);
}

/// Scores the shipped model on writers kept outside the corpus (`DIR/wNN.yaml`):
/// bullets nothing was trained or chosen on, measured before they join.
fn new_writers(args: &[String]) -> Result<(), String> {
    let dir = args
        .get(1)
        .ok_or("usage: train_wording new DIR (a folder of wNN.yaml files)")?;
    let writers = train::load_writers(Path::new(dir))?;
    let each = writers.iter().map(|(w, b)| (w.as_str(), b.as_slice()));
    score_writers("new", each, None);
    Ok(())
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let writers = load_writers()?;
    let dev: Vec<&str> = writers
        .keys()
        .map(String::as_str)
        .filter(|w| !FROZEN_WRITERS.contains(w))
        .collect();
    let params = params();
    match args.first().map(String::as_str) {
        Some("train") => train(&args, &dev),
        Some("lowo") => lowo(&writers, &dev, &params),
        Some("heldrank") => held_rank(&writers, &dev, &params),
        Some("relabelled-lowo") => relabelled_lowo(&writers, &dev, &params),
        Some("relabelled") => {
            let relabelled = load_relabelled()?;
            let model = args.get(1).map(|p| read_model(p)).transpose()?;
            let each = relabelled.iter().map(|(w, b)| (w.as_str(), b.as_slice()));
            score_writers("relabelled", each, model);
            Ok(())
        }
        Some("rank") => {
            rank(&writers, &dev, &params);
            Ok(())
        }
        Some("score") => score(&args),
        Some("names") => names(&args),
        Some("frozen") => frozen(&args, &writers),
        Some("new") => new_writers(&args),
        _ => Err(
            "usage: train_wording train [OUT] | lowo | heldrank | rank | frozen [MODEL] | new DIR | relabelled [MODEL] | relabelled-lowo | score KIND TEXT [MODEL] | names [MODEL]"
                .to_string(),
        ),
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
