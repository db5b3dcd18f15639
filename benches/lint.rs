#![allow(missing_docs)] // criterion_group! generates an undocumented pub fn
//! Criterion benchmarks: lint throughput per document, and the start-up path.
//!
//! ```sh
//! cargo bench --bench lint                 # everything
//! cargo bench --bench lint -- document     # only the per-document group
//! ```
//!
//! - `document/*`: one generated agenda (from `examples/gen_corpus.rs`, so the same
//!   vocabulary as the corpus benchmarks) of about 1, 3 and 6 KB. `parse_only` is the
//!   baseline of `examples/parse_only.rs` (front matter with `serde_yaml`, body with
//!   pulldown-cmark); `agenda_parse` is `Agenda::parse`; `lint` is `Agenda::parse` plus
//!   every rule (`RuleSet::check`, no series); `lint_with_series` adds what the runner
//!   does per file when series rules run (the series pass's `series::summarize`).
//! - `startup/*`: building the rule set from the default config (`Config::parse("")` and
//!   `RuleSet::for_config`), and one `runner::check` of a single small file on disk.
//!   Process-wide lazy statics (the built-in vocabulary, embedded rule data) are initialised by the
//!   first iteration only, so these figures leave out that one-time cost; the
//!   whole-process timing in `scripts/bench.sh` includes it.

use std::hint::black_box;
use std::path::Path;

use agendalint::config::Config;
use agendalint::engine::RuleSet;
use agendalint::model::Agenda;
use agendalint::runner::{self, CheckOptions, ConfigChoice};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

#[allow(dead_code)]
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;

#[path = "support/parse_only.rs"]
mod support;
use support::parse_only;

/// Three agendas of the 10,000-file corpus, nearest to 1, 3 and 6 KB.
fn samples() -> Vec<(&'static str, String)> {
    let corpus = gen_corpus::Corpus::new(10_000);
    let texts: Vec<String> = (0..400).map(|i| corpus.file(i).2).collect();
    let nearest = |size: usize| {
        texts
            .iter()
            .min_by_key(|t| t.len().abs_diff(size))
            .expect("agendas")
            .clone()
    };
    vec![
        ("1KB", nearest(1100)),
        ("3KB", nearest(3000)),
        ("6KB", nearest(5900)),
    ]
}

/// The corpus config, loaded as the runner would load it.
fn corpus_config() -> (tempfile::TempDir, Config) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(".agendalint.yaml");
    std::fs::write(&path, gen_corpus::CONFIG).expect("write config");
    let config = Config::load(&path).expect("corpus config is valid");
    (dir, config)
}

fn every_rule(config: &Config) -> RuleSet {
    RuleSet::for_config(&config.file, &|_| true)
}

fn document(c: &mut Criterion) {
    let (_dir, config) = corpus_config();
    let rules = every_rule(&config);
    let vocabulary = &config.vocabulary;
    let mut group = c.benchmark_group("document");
    for (name, text) in samples() {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("parse_only", name), &text, |b, text| {
            b.iter(|| parse_only(black_box(text)));
        });
        group.bench_with_input(BenchmarkId::new("agenda_parse", name), &text, |b, text| {
            b.iter(|| {
                Agenda::parse("a.md", black_box(text), vocabulary)
                    .blocks
                    .len()
            });
        });
        group.bench_with_input(BenchmarkId::new("lint", name), &text, |b, text| {
            b.iter(|| {
                let agenda = Agenda::parse("a.md", black_box(text), vocabulary);
                rules.check(&agenda).len()
            });
        });
        group.bench_with_input(
            BenchmarkId::new("lint_with_series", name),
            &text,
            |b, text| {
                b.iter(|| {
                    let agenda = Agenda::parse("a.md", black_box(text), vocabulary);
                    let summary =
                        agendalint::series::summarize(Path::new("a.md"), text, vocabulary);
                    rules.check(&agenda).len() + summary.tasks.len()
                });
            },
        );
    }
    group.finish();
}

fn startup(c: &mut Criterion) {
    let mut group = c.benchmark_group("startup");
    group.bench_function("build_rules_default_config", |b| {
        b.iter(|| {
            let file = Config::parse(black_box(""), Path::new(".agendalint.yaml"))
                .expect("empty config is valid");
            RuleSet::for_config(&file, &|_| true)
        });
    });

    // One small agenda alone in a folder, checked as `agendalint check FILE` would.
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, _, text) = gen_corpus::Corpus::new(10_000).file(0);
    let file = dir.path().join("2026-11-23-alex-kim.md");
    std::fs::write(&file, text).expect("write agenda");
    let options = CheckOptions {
        paths: vec![file],
        config: ConfigChoice::Discover,
        keep_sources: false,
        ..CheckOptions::default()
    };
    group.bench_function("check_one_file", |b| {
        b.iter(|| {
            let run = runner::check(black_box(&options)).expect("check runs");
            run.files.len()
        });
    });
    group.finish();
}

/// The labelled bullets of one writer, as the agendas the labelled test renders.
fn writer_bullets() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/labelled/writers/w02.yaml");
    let text = std::fs::read_to_string(path).expect("the labelled bullets are in the repository");
    agendalint::wording::corpus::read_writer("w02", &text)
        .expect("the labelled bullets read")
        .iter()
        .map(|b| b.render().0)
        .collect()
}

/// The wording pass per bullet: what the six wording rules add to the other rules,
/// over a writer's bullets each checked as a one-item agenda (criterion reports the
/// time per bullet). The rules are a folder run's: the privacy guard off, the built-in
/// phrase lists searched together.
fn wording(c: &mut Criterion) {
    let agendas = writer_bullets();
    let file = Config::parse("", Path::new(".agendalint.yaml")).expect("empty config is valid");
    agendalint::detect::phrases::search_lists_together();
    let folder_rule = |id: &str| !agendalint::privacy::is_guard_rule(id);
    let all = RuleSet::for_config(&file, &folder_rule);
    let without = RuleSet::for_config(&file, &|id| {
        folder_rule(id) && !agendalint::wording::RULES.contains(&id)
    });
    let vocabulary = agendalint::model::SectionVocabulary::builtin();
    let parsed: Vec<Agenda<'_>> = agendas
        .iter()
        .map(|t| Agenda::parse("a.md", t, vocabulary))
        .collect();
    let mut group = c.benchmark_group("wording");
    group.throughput(Throughput::Elements(parsed.len() as u64));
    group.bench_function("rules_per_bullet/all", |b| {
        b.iter(|| {
            parsed
                .iter()
                .map(|a| all.check(black_box(a)).len())
                .sum::<usize>()
        });
    });
    group.bench_function("rules_per_bullet/without_wording", |b| {
        b.iter(|| {
            parsed
                .iter()
                .map(|a| without.check(black_box(a)).len())
                .sum::<usize>()
        });
    });
    group.finish();
}

criterion_group!(benches, document, startup, wording);
criterion_main!(benches);
