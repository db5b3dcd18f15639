//! Robustness of the check-and-fix pipeline on any input: the inputs the fuzz targets
//! found (`fuzz/regressions/<target>/*`) and property tests over generated agenda-like
//! text.
//!
//! Both run the fuzz targets' own checks, `fuzz/src/lib.rs`, pulled in with `include!`:
//! parse, every rule (with a meeting series when the input holds earlier meetings before
//! `\n%%%%\n` separators), every fix (unsafe included) pass after pass until nothing
//! changes, each fixed text re-parsed and re-checked, and the findings printed in every
//! output format. They panic when a span, label or edit leaves the text or cuts a
//! character, when a line/column of the JSON output disagrees with an independent count,
//! when fixing moves the byte-order mark, or when the fixes do not converge in
//! `fix::MAX_PASSES` passes.
//!
//! A failing property test prints its minimal input; save it (as bytes) under
//! `fuzz/regressions/check_bytes/` so that it stays checked, and so that the fuzzers
//! start from it.

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use agendalint::fix::{self, FixMode};
use agendalint::model::SectionVocabulary;
use agendalint::output::{Format, OutputOptions, write_run};
use agendalint::runner::{self, CheckOptions, ConfigChoice, VirtualFile};
use proptest::prelude::*;

use crate::common::root;

// The fuzz targets' checks, shared so that a regression fails here exactly as it
// crashed there. Some of its items only the fuzz targets use.
#[allow(dead_code)]
pub(crate) mod harness {
    include!("../../fuzz/src/lib.rs");
}

use harness::Checks;

/// Cases per property: enough to find the usual suspects, few enough to stay fast.
const CASES: u32 = 256;

fn files_under(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(ToString::to_string))
        .unwrap_or_else(|| "a panic without a message".to_string())
}

/// What a fuzz target checks of one input, every invariant asserted.
type TargetCheck = fn(&[u8]);

#[test]
fn every_fuzz_regression_passes_the_fuzz_checks() {
    let regressions = root().join("fuzz/regressions");
    let targets: [(&str, TargetCheck); 2] = [
        ("check_bytes", |bytes| {
            // The target only looks at UTF-8 input, as the tool reports other files.
            if let Ok(text) = std::str::from_utf8(bytes) {
                harness::check_input(text, Checks::ALL);
            }
        }),
        ("config_text", |bytes| {
            harness::check_config_file(bytes, Checks::ALL);
        }),
    ];
    let mut checked = 0;
    let mut failures = Vec::new();
    for (target, check) in targets {
        for path in files_under(&regressions.join(target)) {
            let bytes = std::fs::read(&path).expect("a regression input is readable");
            checked += 1;
            if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(|| check(&bytes))) {
                let message = panic_message(payload.as_ref());
                let first: String = message
                    .lines()
                    .next()
                    .unwrap_or("")
                    .chars()
                    .take(300)
                    .collect();
                failures.push(format!("{target}/{}: {first}", display_name(&path)));
            }
        }
    }
    assert!(
        checked > 0,
        "no regression inputs under {}",
        regressions.display()
    );
    assert!(
        failures.is_empty(),
        "{} of {checked} fuzz regressions fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn display_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

// ---------------------------------------------------------------------------------------
// Agenda-like text.

/// The section headings of the README's agenda format, and some that name no kind.
const HEADINGS: &[&str] = &[
    "Projects",
    "Project deep dives",
    "Deep dives",
    "Recent work",
    "What I shipped",
    "Technical topics",
    "Initiatives",
    "Proposals",
    "Ideas",
    "Improvements",
    "Career",
    "Growth",
    "Aspirations",
    "Skills",
    "Skill gaps",
    "Learning",
    "Development",
    "Feedback",
    "Asks",
    "Questions",
    "Alignment",
    "Company goals",
    "OKRs",
    "Objectives",
    "Non-technical",
    "Personal",
    "Wellbeing",
    "Work-life",
    "Misc",
    "Other topics",
    "Action items",
    "Actions",
    "Follow-ups",
    "Next steps",
    "To do",
    "1:1 with Alex",
    "Checkout service rewrite",
    "Notes",
    "<Project name>",
    "Carrière & croissance",
    "🚀 Deep dives",
];

/// Words the rules look for, filler, Markdown inline syntax and non-ASCII text.
const WORDS: &[&str] = &[
    "reduce",
    "deployment",
    "time",
    "by",
    "30%",
    "in",
    "60",
    "days",
    "within",
    "90",
    "Decision:",
    "chose",
    "over",
    "trade-off:",
    "Lesson",
    "learned:",
    "Outcome:",
    "p99",
    "from",
    "800",
    "ms",
    "to",
    "200",
    "I",
    "want",
    "lead",
    "a",
    "team",
    "promotion",
    "raise",
    "Staff",
    "any",
    "feedback?",
    "swamped",
    "too",
    "many",
    "meetings",
    "blame",
    "get",
    "better",
    "at",
    "backend",
    "Kafka",
    "course",
    "by March",
    "Q1",
    "reliability",
    "cost",
    "first step:",
    "propose",
    "<what you decided and why>",
    "<br>",
    "`code`",
    "`POST /feedback`",
    "**bold**",
    "_em_",
    "[link](https://example.com)",
    "\\*",
    "&amp;",
    "—",
    "–",
    "→",
    "é",
    "naïve",
    "Réduire",
    "日本語",
    "😀",
    "\u{200b}",
    "\t",
    "career",
];

/// Time boxes, well formed and not.
const TIME_BOXES: &[&str] = &[
    " (10 min)",
    " (10m)",
    " [15 min]",
    " — 10 min",
    " (0 min)",
    " (1.5 min)",
    " (99999999999 min)",
    " (4294967295 min)",
    " (  min)",
    " (10 minutes)",
];

const FRONT_MATTER_KEYS: &[&str] = &[
    "date",
    "with",
    "duration",
    "agendalint",
    "Date",
    "wiht",
    "duraton",
    "title",
    "tags",
    "clé",
];

const FRONT_MATTER_VALUES: &[&str] = &[
    "2026-11-23",
    "2026-02-30",
    "11/23/2026",
    "<YYYY-MM-DD>",
    "Alex Kim",
    "José Núñez",
    "",
    "30",
    "30m",
    "30 min",
    "0",
    "-5",
    "thirty",
    "18446744073709551616",
    "[a, b]",
    "{disable: [complaint-phrasing]}",
    "{disable: missing-metric}",
    "'quoted'",
    "\"Alex Kim\"",
    "&a 1",
    "*a",
    "|",
    "{",
    "null",
];

fn pick(list: &'static [&'static str]) -> impl Strategy<Value = &'static str> + Clone {
    prop::sample::select(list)
}

fn words() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(pick(WORDS), 0..9),
        prop::option::of(0u32..100_000),
    )
        .prop_map(|(mut words, number)| {
            let number = number.map(|n| n.to_string());
            if let Some(n) = &number {
                words.insert(words.len() / 2, n);
            }
            words.join(" ")
        })
}

fn time_box() -> impl Strategy<Value = &'static str> {
    prop_oneof![3 => Just(""), 1 => pick(TIME_BOXES)]
}

fn heading() -> impl Strategy<Value = Vec<String>> {
    (
        1usize..=4,
        prop_oneof![Just(""), Just("2. "), Just("🚀 ")],
        pick(HEADINGS),
        time_box(),
    )
        .prop_map(|(level, prefix, title, timebox)| {
            vec![format!("{} {prefix}{title}{timebox}", "#".repeat(level))]
        })
}

fn item() -> impl Strategy<Value = Vec<String>> {
    (
        prop_oneof![Just(""), Just("  "), Just("    "), Just("\t")],
        prop_oneof![Just("-"), Just("*"), Just("+"), Just("1."), Just("2)")],
        prop_oneof![3 => Just(""), 1 => Just("[ ] "), 1 => Just("[x] "), 1 => Just("[X] ")],
        words(),
        time_box(),
    )
        .prop_map(|(indent, marker, task, words, timebox)| {
            vec![format!("{indent}{marker} {task}{words}{timebox}")]
        })
}

fn directive() -> impl Strategy<Value = Vec<String>> {
    (
        prop_oneof![
            Just("disable"),
            Just("enable"),
            Just("disable-line"),
            Just("disable-next-line"),
            Just("disable-file"),
        ],
        prop_oneof![
            Just(""),
            Just(" missing-metric"),
            Just(" no-time-bound, complaint-phrasing")
        ],
        words(),
    )
        .prop_map(|(kind, rules, words)| vec![format!("{words} <!-- agendalint-{kind}{rules} -->")])
}

fn block() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        4 => heading(),
        8 => item(),
        3 => words().prop_map(|w| vec![w]),
        3 => Just(vec![String::new()]),
        1 => directive(),
        1 => words().prop_map(|w| vec!["```".to_string(), w, "```".to_string()]),
        1 => (words(), words()).prop_map(|(a, b)| vec![
            "| topic | minutes |".to_string(),
            "|---|---|".to_string(),
            format!("| {a} | {b} |"),
        ]),
        1 => words().prop_map(|w| vec![format!("> {w}")]),
        1 => words().prop_map(|w| vec![format!("<!-- {w} -->")]),
    ]
}

fn front_matter() -> impl Strategy<Value = Vec<String>> {
    (
        prop::collection::vec((pick(FRONT_MATTER_KEYS), pick(FRONT_MATTER_VALUES)), 0..6),
        prop_oneof![6 => Just("---"), 1 => Just("..."), 1 => Just("")],
    )
        .prop_map(|(pairs, close)| {
            let mut lines = vec!["---".to_string()];
            lines.extend(pairs.into_iter().map(|(k, v)| format!("{k}: {v}")));
            if !close.is_empty() {
                lines.push(close.to_string());
            }
            lines
        })
}

/// An agenda-like file: a BOM sometimes, front matter mostly, then blocks; lines end in
/// `\n`, or in `\r\n`, or (rarely) in a mix of both; a final line end or not.
pub(crate) fn agenda_text() -> impl Strategy<Value = String> {
    (
        prop::bool::weighted(0.15),
        prop::option::weighted(0.85, front_matter()),
        prop::collection::vec(block(), 0..24),
        prop_oneof![6 => Just(Some("\n")), 3 => Just(Some("\r\n")), 1 => Just(None)],
        any::<u64>(),
        any::<bool>(),
    )
        .prop_map(|(bom, front_matter, blocks, eol, mix, final_eol)| {
            let lines: Vec<String> = front_matter
                .into_iter()
                .flatten()
                .chain(blocks.into_iter().flatten())
                .collect();
            let mut text = String::from(if bom { "\u{feff}" } else { "" });
            for (i, line) in lines.iter().enumerate() {
                text.push_str(line);
                if i + 1 < lines.len() || final_eol {
                    // Without a set line ending, each line picks one from the bits of `mix`.
                    let mixed = if (mix >> (i % 64)) & 1 == 1 {
                        "\r\n"
                    } else {
                        "\n"
                    };
                    text.push_str(eol.unwrap_or(mixed));
                }
            }
            text
        })
}

fn builtin_rules() -> &'static agendalint::engine::RuleSet {
    static RULES: std::sync::OnceLock<agendalint::engine::RuleSet> = std::sync::OnceLock::new();
    RULES.get_or_init(harness::default_rule_set)
}

/// Every line break of `text` is `\r\n`, and there is at least one.
fn is_pure_crlf(text: &str) -> bool {
    text.contains('\n')
        && text
            .match_indices('\n')
            .all(|(i, _)| i > 0 && text.as_bytes()[i - 1] == b'\r')
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: CASES,
        // Minimal failing inputs are printed; keep them under fuzz/regressions/ instead.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// (a) Every reported span, label and edit lies in the file on char boundaries, and
    /// every line/column pair the JSON output shows agrees with an independent count.
    #[test]
    fn spans_and_positions_are_consistent(text in agenda_text()) {
        let findings = harness::check_once(&text, &[], builtin_rules(), SectionVocabulary::builtin());
        harness::render_outputs(&text, &findings);
    }

    /// (b) Applying every fix (unsafe ones included) yields text that parses and checks
    /// with consistent spans, keeps the byte-order mark and a pure CRLF file's line
    /// endings, and converges: after at most `fix::MAX_PASSES` passes, one more pass of
    /// `fix::apply` finds nothing to apply.
    #[test]
    fn fixes_converge_and_keep_the_text_valid(text in agenda_text()) {
        let rules = builtin_rules();
        let vocabulary = SectionVocabulary::builtin();
        let outcome = harness::check_text(&text, &[], rules, vocabulary, Checks::ALL);
        let fixed = outcome.fixed.unwrap_or_else(|| text.clone());
        prop_assert!(std::str::from_utf8(fixed.as_bytes()).is_ok());
        let again = harness::check_once(&fixed, &[], rules, vocabulary);
        prop_assert_eq!(fix::apply(&fixed, &again, true), None, "a second fix pass changes the text");
        prop_assert_eq!(text.starts_with('\u{feff}'), fixed.starts_with('\u{feff}'));
        if is_pure_crlf(&text) {
            prop_assert!(is_pure_crlf(&fixed), "fixes brought bare \\n into a CRLF file: {:?}", fixed);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        // Each case is a whole `check` run: config, series, fix rounds, output.
        cases: CASES / 4,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// The same through the runner, as `agendalint check - --diff --unsafe-fixes
    /// --format json` runs it: the JSON document's positions point into the text its
    /// findings are about (the fixed text), and the fixed text is a fixed point.
    #[test]
    fn the_runner_reports_consistent_positions(text in agenda_text()) {
        // Texts whose fixes do not converge are (b)'s: the runner would repeat its fix
        // rounds on them (`fix::MAX_PASSES` squared passes over a growing text).
        let converges = panic::catch_unwind(|| {
            harness::check_text(&text, &[], builtin_rules(), SectionVocabulary::builtin(), Checks::ALL)
        })
        .is_ok();
        prop_assume!(converges);
        let dir = tempfile::tempdir().expect("temp dir");
        let options = CheckOptions {
            virtual_files: vec![VirtualFile {
                path: dir.path().join("2026-11-23.md"),
                display: Some("notes/2026-11-23.md".to_string()),
                text: Ok(text.clone()),
                walked: false,
                commit: None,
            }],
            config: ConfigChoice::Defaults,
            fix: FixMode::Diff { unsafe_fixes: true },
            ..CheckOptions::default()
        };
        let run = runner::check(&options).expect("a check of one text runs");
        prop_assert_eq!(run.files.len(), 1);
        let file = &run.files[0];
        let after = file.change.as_ref().map_or(text.as_str(), |c| c.after.as_str());
        let findings: Vec<_> = file.diagnostics.iter().map(|l| l.diagnostic.clone()).collect();
        harness::render_outputs(after, &findings);
        let mut json = Vec::new();
        let format = OutputOptions { format: Format::Json, color: false, statistics: false, width: 80 };
        write_run(&run, &format, &mut json).expect("writing to memory cannot fail");
        let document: serde_json::Value = serde_json::from_slice(&json).expect("valid JSON");
        for entry in document["diagnostics"].as_array().into_iter().flatten() {
            let number = |name: &str| entry["span"][name].as_u64().and_then(|n| usize::try_from(n).ok());
            let (Some(start), Some(end)) = (number("start"), number("end")) else {
                return Err(TestCaseError::fail(format!("a JSON span without offsets: {entry}")));
            };
            harness::assert_span(after, agendalint::diagnostic::Span::new(start, end), "JSON span");
            prop_assert_eq!(
                (number("line"), number("column")),
                {
                    let (line, column) = harness::expected_location(after, start);
                    (Some(line), Some(column))
                }
            );
        }
        prop_assert!(
            file.diagnostics.iter().all(|l| !l.diagnostic.is_fixable(true)),
            "findings still fixable after the runner's fix passes"
        );
    }
}
