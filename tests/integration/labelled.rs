//! Precision and recall of the detection rules on the hand-labelled examples of
//! `tests/labelled/` (see its README). A problem that the engine reports under a more
//! specific rule (`engine::PRECEDENCE`) counts as found for the rule it covers.
//!
//! - The frozen writers' bullets (`tests/labelled/writers/`, writers named in
//!   `FROZEN_WRITERS`): every rule measured there must keep precision 0.95 and recall
//!   0.90 (see the README for the rules that do not reach it yet and their floors).
//! - The older example sets: every rule not judged by a learned scorer must keep
//!   precision 0.95 and recall 0.90; the learned rules' figures there are printed, not
//!   held to a bar (those sets were written to tune phrase lists, and label some cases
//!   the writers' guide labels otherwise).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use agendalint::config::Config;
use agendalint::engine::RuleSet;
use agendalint::model::{Agenda, SectionKind};
use agendalint::privacy::corpus as privacy_corpus;
use agendalint::rules;
use agendalint::wording::corpus::{self, FROZEN_WRITERS};
use serde::Deserialize;

const MIN_PRECISION: f64 = 0.95;
const MIN_RECALL: f64 = 0.90;

/// Rules judged by a learned scorer (`src/wording/`): held to their bars on the frozen
/// writers, not on the older sets.
const LEARNED: &[&str] = &agendalint::wording::RULES;

/// Floors below the bars for the rules that do not reach them yet on the frozen
/// writers (rule, precision, recall): each is reported in `tests/labelled/README.md`
/// with its figures. A floor rises with its figure; one set below a bar the rule had met says why.
const FLOORS: &[(&str, f64, f64)] = &[
    // 0.962 / 0.630 on 2026-12-07 with 57 development writers (0.987 / 0.622 with 49,
    // 0.971 / 0.563 with 41, 0.973 / 0.613 with 33, 0.962 / 0.630 with 24): more than
    // one grievance in three is missed, far under the bar. The floor rises with the figure.
    ("complaint-phrasing", 0.95, 0.62),
    // 0.902 / 0.939: a phrase-list rule, unchanged by the learned scorers.
    ("missing-metric", 0.88, 0.90),
    // 0.943 / 0.957 on 2026-12-07 with 57 development writers (0.956 / 0.942 with 49):
    // one false alarm more than the precision bar allows. Set below a bar the rule had
    // met when w52-w59 joined; nothing was changed back for it (choosing the corpus by
    // the frozen score would tune on it). The notes and the README say so.
    ("promotion-ask", 0.94, 0.90),
];

#[test]
fn frozen_writers_meet_precision_and_recall() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/labelled/writers");
    let mut bullets = Vec::new();
    for writer in FROZEN_WRITERS {
        let path = dir.join(format!("{writer}.yaml"));
        let text = std::fs::read_to_string(&path).expect("the frozen writers' files exist");
        bullets.extend(corpus::read_writer(writer, &text).expect("the frozen writers' files read"));
    }
    let refs: Vec<&corpus::Bullet> = bullets.iter().collect();
    let mut misses = Vec::new();
    let counts = corpus::measure(&refs, &rule_set(None), |miss| {
        misses.push(format!(
            "[{}] {}: {}",
            miss.rule,
            if miss.expected {
                "missed"
            } else {
                "false alarm"
            },
            miss.bullet.text.trim().replace('\n', " ⏎ ")
        ));
    });
    let mut report = format!("{} bullets of the frozen writers\n", bullets.len());
    let mut failed = Vec::new();
    for (rule, c) in &counts {
        let (min_p, min_r) = FLOORS
            .iter()
            .find(|(r, _, _)| r == rule)
            .map_or((MIN_PRECISION, MIN_RECALL), |&(_, p, r)| (p, r));
        writeln!(
            report,
            "{rule:<26} tp {:>4} fp {:>4} fn {:>4}  precision {:.3} (min {min_p})  recall {:.3} (min {min_r})",
            c.tp,
            c.fp,
            c.fn_,
            c.precision(),
            c.recall()
        )
        .expect("write");
        if c.precision() < min_p || c.recall() < min_r {
            failed.push(*rule);
        }
    }
    eprintln!("{report}");
    if std::env::var_os("LABELLED_VERBOSE").is_some() {
        for miss in &misses {
            eprintln!("{miss}");
        }
    }
    assert!(
        failed.is_empty(),
        "below the bar on the frozen writers: {failed:?}\n{report}\n(set LABELLED_VERBOSE=1 to list the misclassified bullets)"
    );
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Example {
    section: Option<String>,
    text: Option<String>,
    project: Option<String>,
    agenda: Option<String>,
    front_matter: Option<String>,
    config: Option<String>,
    expect: BTreeMap<String, bool>,
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Default)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
    misses: Vec<String>,
}

impl Counts {
    fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }

    fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
}

fn heading_for(section: &str) -> &'static str {
    let kind = SectionKind::ALL
        .into_iter()
        .find(|k| k.as_str() == section)
        .unwrap_or_else(|| panic!("unknown section kind `{section}` in a labelled example"));
    kind.default_heading()
}

/// The file text of an example, and the byte range a finding must fall in to count.
fn render(example: &Example) -> (String, std::ops::Range<usize>) {
    let mut text = String::from("---\ndate: 2026-11-23\nwith: Alex Kim\n");
    if let Some(extra) = &example.front_matter {
        text.push_str(extra.trim_end());
        text.push('\n');
    }
    text.push_str("---\n");
    if let (Some(section), Some(item)) = (&example.section, &example.text) {
        write!(text, "## {}\n\n", heading_for(section)).expect("write to string");
        let start = text.len();
        corpus::push_item(&mut text, item);
        let end = text.len();
        return (text, start..end);
    }
    if let Some(project) = &example.project {
        text.push_str("## Projects\n\n");
        let start = text.len();
        text.push_str(project.trim_end());
        text.push('\n');
        let end = text.len();
        return (text, start..end);
    }
    let body = example
        .agenda
        .as_deref()
        .expect("an example is an item, a project or an agenda");
    text.push_str(body);
    let end = text.len();
    (text, 0..end)
}

fn rule_set(config_text: Option<&str>) -> RuleSet {
    let file = Config::parse(config_text.unwrap_or(""), Path::new("labelled.yaml"))
        .expect("example config is valid");
    RuleSet::for_config(&file, &|_| true)
}

/// Scores. Per rule: the confusion counts; per unregistered rule: labels skipped.
struct Scores {
    total: usize,
    counts: BTreeMap<String, Counts>,
    unregistered: BTreeMap<String, usize>,
}

/// The folder of examples: `tests/labelled`, or the one `LABELLED_DIR` names (to score
/// another set, such as a held-out one, with the same harness).
fn labelled_files() -> Vec<std::path::PathBuf> {
    let dir = std::env::var_os("LABELLED_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/labelled"),
        std::path::PathBuf::from,
    );
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/labelled exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no labelled examples found");
    files
}

fn score_example(example: &Example, default_rules: &RuleSet, scores: &mut Scores) {
    let (source, region) = render(example);
    let custom;
    let rule_set = match &example.config {
        Some(config) => {
            custom = rule_set(Some(config));
            &custom
        }
        None => default_rules,
    };
    let vocabulary = agendalint::model::SectionVocabulary::builtin();
    let agenda = Agenda::parse("labelled.md", &source, vocabulary);
    let found = rule_set.check(&agenda);
    for (rule, &expected) in &example.expect {
        if rules::find(rule).is_none() {
            *scores.unregistered.entry(rule.clone()).or_default() += 1;
            continue;
        }
        // A problem reported under a more specific rule (one finding per problem: the
        // engine's precedence) is found for the rule it covers; a false alarm is the
        // rule's own finding.
        let covering: Vec<&str> = agendalint::engine::PRECEDENCE
            .iter()
            .filter(|(general, _)| expected && general == rule)
            .map(|(_, specific)| *specific)
            .collect();
        let fired = found.iter().any(|d| {
            (d.rule == rule.as_str() || covering.contains(&d.rule.as_ref()))
                && region.start <= d.span.start
                && d.span.end <= region.end
        });
        let c = scores.counts.entry(rule.clone()).or_default();
        let shown = || source[region.clone()].trim().replace('\n', " ⏎ ");
        match (expected, fired) {
            (true, true) => c.tp += 1,
            (false, false) => c.tn += 1,
            (true, false) => {
                c.fn_ += 1;
                c.misses.push(format!("missed: {}", shown()));
            }
            (false, true) => {
                c.fp += 1;
                c.misses.push(format!("false alarm: {}", shown()));
            }
        }
    }
}

fn report(scores: &Scores) -> String {
    let mut report = format!("{} labelled examples\n", scores.total);
    writeln!(
        report,
        "{:<26} {:>4} {:>4} {:>4} {:>4} {:>9} {:>7}",
        "rule", "tp", "fp", "fn", "tn", "precision", "recall"
    )
    .expect("write");
    for (rule, c) in &scores.counts {
        writeln!(
            report,
            "{rule:<26} {:>4} {:>4} {:>4} {:>4} {:>9.3} {:>7.3}",
            c.tp,
            c.fp,
            c.fn_,
            c.tn,
            c.precision(),
            c.recall()
        )
        .expect("write");
    }
    for (rule, n) in &scores.unregistered {
        writeln!(
            report,
            "{rule:<26} {n} labels skipped: rule not registered yet"
        )
        .expect("write");
    }
    report
}

#[test]
fn labelled_examples_meet_precision_and_recall() {
    let default_rules = rule_set(None);
    let mut scores = Scores {
        total: 0,
        counts: BTreeMap::new(),
        unregistered: BTreeMap::new(),
    };
    for file in labelled_files() {
        let text = std::fs::read_to_string(&file).expect("readable");
        let examples: Vec<Example> =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for example in &examples {
            scores.total += 1;
            score_example(example, &default_rules, &mut scores);
        }
    }
    let report = report(&scores);
    eprintln!("{report}");
    if std::env::var_os("LABELLED_VERBOSE").is_some() {
        for (rule, c) in &scores.counts {
            for miss in &c.misses {
                eprintln!("[{rule}] {miss}");
            }
        }
    }
    let failed: Vec<&String> = scores
        .counts
        .iter()
        .filter(|(rule, _)| !LEARNED.contains(&rule.as_str()))
        .filter(|(_, c)| c.precision() < MIN_PRECISION || c.recall() < MIN_RECALL)
        .map(|(rule, _)| rule)
        .collect();
    assert!(
        failed.is_empty(),
        "below precision {MIN_PRECISION} or recall {MIN_RECALL}: {failed:?}\n{report}\n(set LABELLED_VERBOSE=1 to list the misclassified examples)"
    );
}

/// `scripts/train/train.sh` reproduces `rules/wording.model` byte for byte: the weights
/// the binary embeds are the ones the labelled bullets give. Training takes about a
/// minute in a release build, so `.ci/run` runs this with `--release --ignored`.
#[test]
#[ignore = "trains the wording scorers; run by .ci/run in a release build"]
fn the_training_script_reproduces_the_shipped_model() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/labelled/writers");
    let built = agendalint::wording::train::build_shipped(&dir).expect("the labelled bullets read");
    let shipped = agendalint::wording::BUILTIN_MODEL;
    let differing = built.iter().zip(shipped).filter(|(a, b)| a != b).count();
    assert!(
        built == shipped,
        "rules/wording.model is not what training gives ({} bytes vs {}, {differing} differ): run scripts/train/train.sh",
        built.len(),
        shipped.len()
    );
}

/// Floors of the privacy rules, measured through the rules themselves on each split
/// (rule, frozen precision, frozen recall, development precision, development recall):
/// just under the figures in `tests/labelled/README.md`, "Privacy". A floor rises with
/// its figure; when a change lowers one, the comment below says which and why.
const PRIVACY_FLOORS: &[(&str, f64, f64, f64, f64)] = &[
    // 2026-12-07 22:08 UTC, 37 development writers (p33-p39 joined), the lexicons as
    // they were, the scorers retrained on the 37. Leaving one writer out, pay's union
    // reached 0.955 / 0.785 and colleague performance's 0.951 / 0.711 (its lexicon alone
    // 0.951 / 0.622): both adopted. With 30 writers colleague performance's union was
    // under the adoption bar (0.949 / 0.703) and its scorer unused. Development figures
    // of pay and colleague performance are in-sample. The development set grew with
    // seven writers the detectors missed more often (scored on arrival: recall
    // 0.63-0.74), so the development floors of health and life follow their figures down.
    // Frozen 0.879 / 0.699, development 0.965 / 0.822.
    ("private-pay", 0.87, 0.69, 0.96, 0.81),
    // Frozen 0.920 / 0.890, development 0.969 / 0.875.
    ("private-health", 0.91, 0.88, 0.96, 0.86),
    // Frozen 0.946 / 0.814, development 0.961 / 0.762.
    ("private-life", 0.93, 0.80, 0.95, 0.75),
    // Frozen 0.962 / 0.680, development 0.965 / 0.901.
    ("colleague-performance", 0.95, 0.67, 0.95, 0.89),
];

/// Runs the privacy rules over every item of the writers' agendas, each agenda written
/// out as a file (front matter `with` and `attendees`, its headings and bullets); an item
/// is found for a rule when a finding of it starts on one of the item's lines.
fn privacy_counts(writers: &[&str]) -> BTreeMap<&'static str, privacy_corpus::Counts> {
    let config = Config::defaults(".".into());
    let ids = agendalint::privacy::Category::ALL.map(agendalint::privacy::Category::rule_id);
    let rules = RuleSet::for_config(&config.file, &|id| ids.contains(&id));
    let mut counts: BTreeMap<&'static str, privacy_corpus::Counts> = ids
        .iter()
        .map(|id| (*id, privacy_corpus::Counts::default()))
        .collect();
    for writer in writers {
        let agendas = privacy_corpus::read_writer(writer).expect("a privacy writer's file");
        for (n, agenda) in agendas.iter().enumerate() {
            let mut file = format!(
                "---\ndate: 2026-01-{:02}\nwith: {}\nattendees: {}\n---\n",
                n % 28 + 1,
                agenda.with.as_deref().unwrap_or("Alex Kim"),
                serde_json::to_string(&agenda.people).expect("names")
            );
            // (first line, last line, labels) of each item, 0-based.
            let mut items: Vec<(usize, usize, &[String])> = Vec::new();
            for section in &agenda.sections {
                let _ = write!(file, "\n## {}\n", section.heading);
                for item in &section.items {
                    let first = file.lines().count();
                    for (i, line) in item.text.trim_end().lines().enumerate() {
                        let indent = if i == 0 { "- " } else { "  " };
                        file.push_str(indent);
                        file.push_str(line.trim_start());
                        file.push('\n');
                    }
                    items.push((first, file.lines().count() - 1, &item.fires));
                }
            }
            let parsed = Agenda::parse("t.md", &file, &config.vocabulary);
            let findings = rules.check(&parsed);
            for (first, last, labels) in items {
                for id in ids {
                    let expected = labels.iter().any(|l| l == id);
                    let found = findings.iter().any(|d| {
                        d.rule == id
                            && (first..=last).contains(&parsed.lines().line_of(d.span.start))
                    });
                    counts
                        .get_mut(id)
                        .expect("every rule counted")
                        .record(found, expected);
                }
            }
        }
    }
    counts
}

#[test]
fn privacy_rules_keep_their_floors_on_frozen_and_development_writers() {
    let frozen = privacy_counts(&privacy_corpus::FROZEN);
    let dev = privacy_counts(&privacy_corpus::DEVELOPMENT);
    let mut report = String::new();
    let mut failures = Vec::new();
    for (rule, frozen_p, frozen_r, dev_p, dev_r) in PRIVACY_FLOORS {
        let (f, d) = (frozen[rule], dev[rule]);
        let (ftp, ffp, ffn) = (f.tp, f.fp, f.fn_);
        let (dtp, dfp, dfn) = (d.tp, d.fp, d.fn_);
        let figures = [
            ("frozen precision", f.precision(), *frozen_p),
            ("frozen recall", f.recall(), *frozen_r),
            ("development precision", d.precision(), *dev_p),
            ("development recall", d.recall(), *dev_r),
        ];
        let _ = writeln!(
            report,
            "{rule:<22} frozen {:.3} / {:.3} ({ftp} tp, {ffp} fp, {ffn} fn)   development {:.3} / {:.3} ({dtp} tp, {dfp} fp, {dfn} fn)",
            figures[0].1, figures[1].1, figures[2].1, figures[3].1
        );
        for (what, value, floor) in figures {
            if value < floor {
                failures.push(format!("{rule}: {what} {value:.3} < {floor}"));
            }
        }
    }
    eprintln!("{report}");
    assert!(failures.is_empty(), "{}\n{report}", failures.join("\n"));
}

/// The privacy writers' bullets relabelled for the wording rules that apply anywhere
/// (`tests/labelled/privacy/wording/`): every development writer of the privacy set has
/// a label file, each labels every bullet of its agendas with known labels only (the
/// reader refuses a missing or stray line), the frozen privacy writers have none, and
/// the second labeller's sample labels bullets that exist.
#[test]
fn relabelled_privacy_bullets_are_labelled_whole() {
    let labelled = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/labelled");
    let privacy = labelled.join("privacy");
    let relabelled = agendalint::wording::train::load_relabelled(
        &labelled.join(agendalint::wording::train::RELABELLED_DIR),
        &privacy,
    )
    .expect("every label file reads against its agendas");
    let mut expected: Vec<String> = std::fs::read_dir(&privacy)
        .expect("the privacy set")
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let writer = name.strip_suffix(".yaml")?.to_string();
            (writer.starts_with('p') && !privacy_corpus::FROZEN.contains(&writer.as_str()))
                .then_some(writer)
        })
        .collect();
    expected.sort();
    let got: Vec<String> = relabelled.keys().cloned().collect();
    assert_eq!(
        got, expected,
        "one label file per development writer of the privacy set"
    );
    for (writer, bullets) in &relabelled {
        assert!(!bullets.is_empty(), "{writer}: no bullet");
    }
    let second = std::fs::read_to_string(
        labelled
            .join(agendalint::wording::train::RELABELLED_DIR)
            .join("second-labeller.txt"),
    )
    .expect("the second labeller's sample");
    let mut lines = 0;
    for line in second.lines() {
        let mut words = line
            .split('#')
            .next()
            .unwrap_or_default()
            .split_whitespace();
        let Some(id) = words.next() else { continue };
        lines += 1;
        let (writer, number) = id.split_once('.').expect("ids are WRITER.NNNN");
        let number: usize = number.parse().expect("a bullet number");
        let bullets = relabelled.get(writer).expect("a relabelled writer");
        assert!(
            number >= 1 && number <= bullets.len(),
            "{id}: no such bullet"
        );
        for label in words.filter(|w| *w != "-") {
            assert!(
                agendalint::wording::train::RELABELLED_LABELS.contains(&label),
                "{id}: unknown label {label}"
            );
        }
    }
    assert!(lines >= 400, "the sample holds {lines} bullets");
}
