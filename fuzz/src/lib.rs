// The in-memory checks shared by the fuzz targets (`fuzz/fuzz_targets/`) and by the
// regression test `tests/integration/robustness.rs`, which pulls this file in with
// `include!` so that both run exactly the same code. Because of that `include!`, this
// file holds items only: no inner attributes, no `//!` comments, no `mod` declarations,
// and only the `agendalint` crate, `serde_json` (a dependency of agendalint, so also
// available to its tests) and the standard library as dependencies.
//
// Each function panics (through `assert!`) when an invariant breaks; a fuzzer reports
// that panic as a crash, and a test as a failure.

/// Separates earlier meetings of the same series from the checked agenda in a fuzz input:
/// `previous\n%%%%\nprevious\n%%%%\nchecked`. Without it the whole input is the agenda.
pub const MEETING_SEPARATOR: &str = "\n%%%%\n";

/// How many check-and-fix passes the fix loop runs at most (as `agendalint::fix`).
pub const MAX_FIX_PASSES: usize = agendalint::fix::MAX_PASSES;

/// Which invariants a check asserts. Tests assert all of them; a fuzzing campaign can
/// waive known, already reported failures so that it keeps looking for new ones.
#[derive(Clone, Copy, Debug)]
pub struct Checks {
    /// The fixes converge: after at most [`MAX_FIX_PASSES`] passes no fix applies.
    pub convergence: bool,
}

impl Checks {
    /// Every invariant.
    pub const ALL: Checks = Checks { convergence: true };

    /// What the fuzz targets assert in this process: every invariant but those
    /// `AGENDALINT_FUZZ_WAIVE=convergence` waives to keep fuzzing past known failures
    /// (see `fuzz/README.md`).
    pub fn from_env() -> Checks {
        static CHECKS: std::sync::OnceLock<Checks> = std::sync::OnceLock::new();
        *CHECKS.get_or_init(|| {
            std::env::var("AGENDALINT_FUZZ_WAIVE")
                .map_or(Checks::ALL, |list| Checks::waiving(&list))
        })
    }

    /// From a comma-separated list of waived invariants (`convergence`), as the fuzz
    /// targets read it from `AGENDALINT_FUZZ_WAIVE`.
    pub fn waiving(list: &str) -> Checks {
        let waived: Vec<&str> = list.split(',').map(str::trim).collect();
        Checks {
            convergence: !waived.contains(&"convergence"),
        }
    }
}

/// What one in-memory check found, for tests that want to look closer.
#[derive(Debug, Default)]
pub struct CheckOutcome {
    /// Findings on the text as given.
    pub findings: usize,
    /// Fix passes that changed the text.
    pub fix_passes: usize,
    /// The text after every fix (unsafe ones included) was applied.
    pub fixed: Option<String>,
}

/// Every built-in rule with its default settings (`Config::parse("")`).
pub fn default_rule_set() -> agendalint::engine::RuleSet {
    let file = agendalint::config::Config::parse("", std::path::Path::new(".agendalint.yaml"))
        .expect("the empty config parses");
    agendalint::engine::RuleSet::for_config(&file, &|_| true)
}

/// Checks one fuzz input: earlier meetings (see [`MEETING_SEPARATOR`]) and the agenda.
pub fn check_input(input: &str, checks: Checks) -> CheckOutcome {
    static RULES: std::sync::OnceLock<agendalint::engine::RuleSet> = std::sync::OnceLock::new();
    let rules = RULES.get_or_init(default_rule_set);
    let vocabulary = agendalint::model::SectionVocabulary::builtin();
    let mut parts: Vec<&str> = input.split(MEETING_SEPARATOR).collect();
    let agenda = parts.pop().unwrap_or("");
    check_text(agenda, &parts, rules, vocabulary, checks)
}

/// The full in-memory check of one agenda with `rules`: parse, check (with a meeting
/// series built from `previous` when there is one), check every span, then apply every
/// fix (unsafe included) pass after pass, re-parsing and re-checking the fixed text each
/// time, until nothing changes; the fixes must converge within [`MAX_FIX_PASSES`].
pub fn check_text(
    text: &str,
    previous: &[&str],
    rules: &agendalint::engine::RuleSet,
    vocabulary: &agendalint::model::SectionVocabulary,
    checks: Checks,
) -> CheckOutcome {
    let first = check_once(text, previous, rules, vocabulary);
    render_outputs(text, &first);
    let mut outcome = CheckOutcome {
        findings: first.len(),
        ..CheckOutcome::default()
    };
    let mut current = text.to_string();
    let mut diagnostics = first;
    let mut converged = false;
    // A campaign that waives convergence stops early: the known loops only grow the text.
    let passes = if checks.convergence {
        MAX_FIX_PASSES
    } else {
        8
    };
    for _ in 0..passes {
        let Some(applied) = agendalint::fix::apply(&current, &diagnostics, true) else {
            converged = true;
            break;
        };
        assert!(applied.fixed > 0, "a fix pass reported nothing fixed");
        assert!(
            !checks.convergence || applied.text != current,
            "a fix pass left the text as it was (a finding whose fix changes nothing)\n\
             text: {current:?}\nfixes: {:#?}",
            diagnostics
                .iter()
                .filter(|d| d.fix.is_some())
                .collect::<Vec<_>>()
        );
        if applied.text == current {
            // As the runner does: a pass that changes nothing ends the loop.
            converged = true;
            break;
        }
        assert!(
            !text.starts_with('\u{feff}') || applied.text.starts_with('\u{feff}'),
            "fixing moved the byte-order mark away from the start: {:?}",
            applied.text
        );
        current = applied.text;
        outcome.fix_passes += 1;
        diagnostics = check_once(&current, previous, rules, vocabulary);
    }
    assert!(
        converged || !checks.convergence,
        "fixes did not converge in {MAX_FIX_PASSES} passes; text now {} bytes: {:?}",
        current.len(),
        current.get(..current.len().min(2000)).unwrap_or("")
    );
    if outcome.fix_passes > 0 {
        render_outputs(&current, &diagnostics);
        outcome.fixed = Some(current);
    }
    outcome
}

/// Prints the findings of `text` in the output formats (and as statistics), as
/// `agendalint check` would, into memory; checks that the JSON document is valid and
/// that its spans and line/column pairs are the ones [`expected_location`] gives.
/// SARIF is left out: its constant cost (every rule's descriptor) would triple the time
/// of a fuzz run, and it shows the same line/column pairs as JSON.
pub fn render_outputs(text: &str, diagnostics: &[agendalint::diagnostic::Diagnostic]) {
    use agendalint::model::LineIndex;
    use agendalint::outcome::{CheckRun, FileResult, Located};
    use agendalint::output::{Format, OutputOptions, write_run};

    let lines = LineIndex::new(text);
    // As `runner::file::check_and_fix` locates findings for output.
    let located: Vec<Located> = diagnostics
        .iter()
        .map(|d| Located {
            start: lines.location(text, d.span.start),
            end: lines.location(text, d.span.end),
            diagnostic: d.clone(),
        })
        .collect();
    let run = CheckRun {
        files: vec![FileResult {
            path: "notes/agenda.md".to_string(),
            source: Some(std::sync::Arc::from(text)),
            diagnostics: located,
            fixed: 0,
            ..FileResult::default()
        }],
        ..CheckRun::default()
    };
    let mut json = Vec::new();
    for format in [Format::Human, Format::Concise, Format::Json, Format::Github] {
        for (statistics, color) in [(false, format == Format::Human), (true, false)] {
            let options = OutputOptions {
                format,
                color,
                statistics,
                width: 80,
            };
            let mut out = Vec::new();
            write_run(&run, &options, &mut out).expect("writing to memory cannot fail");
            assert!(
                std::str::from_utf8(&out).is_ok(),
                "{format:?} output is not UTF-8"
            );
            if format == Format::Json && !statistics {
                json = out;
            }
        }
    }
    let document: serde_json::Value =
        serde_json::from_slice(&json).expect("the JSON output is valid JSON");
    let shown = document["diagnostics"]
        .as_array()
        .expect("the JSON output has a diagnostics array");
    assert_eq!(
        shown.len(),
        diagnostics.len(),
        "every finding is in the JSON output"
    );
    for entry in shown {
        let span = &entry["span"];
        let field = |name: &str| -> usize {
            span[name]
                .as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .unwrap_or_else(|| panic!("JSON span field `{name}` is not a count: {span}"))
        };
        let (start, end) = (field("start"), field("end"));
        assert_span(
            text,
            agendalint::diagnostic::Span::new(start, end),
            "JSON span",
        );
        assert_eq!(
            (field("line"), field("column")),
            expected_location(text, start),
            "JSON line/column of {entry}"
        );
        assert_eq!(
            (field("end_line"), field("end_column")),
            expected_location(text, end),
            "JSON end_line/end_column of {entry}"
        );
        if let Some(edits) = entry["fix"]["edits"].as_array() {
            for edit in edits {
                let at = |name: &str| edit[name].as_u64().and_then(|n| usize::try_from(n).ok());
                let (Some(start), Some(end)) = (at("start"), at("end")) else {
                    panic!("JSON edit without offsets: {edit}");
                };
                assert_span(
                    text,
                    agendalint::diagnostic::Span::new(start, end),
                    "JSON edit",
                );
            }
        }
    }
}

/// Parses and checks `text` once; asserts that every span, label and edit lies in the
/// text on char boundaries and that the line/column pairs of the JSON output agree
/// with an independent count.
pub fn check_once(
    text: &str,
    previous: &[&str],
    rules: &agendalint::engine::RuleSet,
    vocabulary: &agendalint::model::SectionVocabulary,
) -> Vec<agendalint::diagnostic::Diagnostic> {
    use agendalint::model::Agenda;
    use agendalint::series::{self, SeriesIndex};
    use std::path::Path;

    let agenda = Agenda::parse("agenda.md", text, vocabulary);
    let root = Path::new("fuzz-notes");
    let this_path = root.join("agenda.md");
    let this = series::summarize(&this_path, text, vocabulary);
    let earlier: Vec<(std::path::PathBuf, &str)> = previous
        .iter()
        .enumerate()
        .map(|(i, text)| (root.join(format!("previous-{i}.md")), *text))
        .collect();
    let mut index = SeriesIndex::default();
    index.cover(root);
    for (path, earlier_text) in &earlier {
        index.add(root, &series::summarize(path, earlier_text, vocabulary));
    }
    index.finish();
    let mut view = if previous.is_empty() {
        None
    } else {
        index.view(root, &this)
    };
    if let Some(view) = &mut view {
        // As the runner does: the open tasks of the last earlier meeting, from its text.
        if view.previous.last().is_some_and(|m| m.open_tasks > 0) {
            let last = view.previous_path();
            if let Some((_, last_text)) = earlier.iter().find(|(p, _)| Some(p) == last.as_ref()) {
                view.previous_tasks = series::open_tasks(last_text);
            }
        }
    }
    let diagnostics = rules.check_with_series(&agenda, view.as_ref());
    for d in &diagnostics {
        assert_span(text, d.span, &format!("span of {}", d.rule));
        assert_location(text, agenda.lines(), d.span, &d.rule);
        for (span, note) in &d.labels {
            assert_span(text, *span, &format!("label {note:?} of {}", d.rule));
        }
        if let Some(fix) = &d.fix {
            assert!(!fix.edits.is_empty(), "{}: a fix with no edits", d.rule);
            let mut previous_end = 0;
            for edit in &fix.edits {
                assert_span(text, edit.span, &format!("edit of {}", d.rule));
                assert!(
                    edit.span.start >= previous_end,
                    "{}: edits overlap or are out of order: {:?}",
                    d.rule,
                    fix.edits
                );
                previous_end = edit.span.end;
            }
        }
    }
    diagnostics
}

/// A span must lie in `text`, start before it ends, and cut it on char boundaries.
pub fn assert_span(text: &str, span: agendalint::diagnostic::Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: {span:?} is not inside the {}-byte text",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: {span:?} cuts a character of {:?}",
        text.get(span.start.saturating_sub(8)..)
            .map(|t| t.chars().take(16).collect::<String>())
    );
}

/// The line and column the JSON output shows for `offset`, counted independently of
/// `LineIndex`: 1-based; lines end at `\n`; columns count characters; a byte-order mark
/// at the start of the file is not a column.
pub fn expected_location(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |nl| nl + 1);
    let mut column = before[line_start..].chars().count() + 1;
    if line == 1 && text.starts_with('\u{feff}') && offset > 0 {
        column -= 1;
    }
    (line, column)
}

/// The JSON output's `line`/`column`/`end_line`/`end_column` of `span` agree with
/// [`expected_location`], name a line of the file, and do not end before they start.
pub fn assert_location(
    text: &str,
    lines: &agendalint::model::LineIndex,
    span: agendalint::diagnostic::Span,
    rule: &str,
) {
    let start = lines.location(text, span.start);
    let end = lines.location(text, span.end);
    for (offset, found) in [(span.start, start), (span.end, end)] {
        let expected = expected_location(text, offset);
        assert_eq!(
            (found.line, found.column),
            expected,
            "{rule}: the line/column of byte {offset} of {span:?}"
        );
        assert!(found.line >= 1 && found.line <= lines.line_count());
        assert!(found.column >= 1);
    }
    assert!(
        (start.line, start.column) <= (end.line, end.column),
        "{rule}: {span:?} ends ({end:?}) before it starts ({start:?})"
    );
}

/// Parses config text and, when it parses, builds its rules and vocabulary and runs
/// them over a few small agendas (so that options and custom patterns are exercised).
/// Returns whether the config parsed.
pub fn check_config(text: &str, checks: Checks) -> bool {
    let Ok(file) =
        agendalint::config::Config::parse(text, std::path::Path::new(".agendalint.yaml"))
    else {
        return false;
    };
    let rules = agendalint::engine::RuleSet::for_config(&file, &|_| true);
    let vocabulary = file.vocabulary();
    for agenda in CONFIG_PROBES {
        check_text(agenda, &[], &rules, &vocabulary, checks);
    }
    true
}

/// Starts a `config_text` input that asks for a config file of another kind than a
/// regular file holding the input: the next byte picks the kind (see
/// [`check_config_file`]). A config never starts with it: 0xFF is not UTF-8.
pub const CONFIG_KIND_MARKER: u8 = 0xFF;

/// Loads a config file made from fuzz input with `Config::load`, as a run loads
/// `.agendalint.yaml`: a regular file holding `data`, or, after
/// [`CONFIG_KIND_MARKER`], by the next byte (mod 4): 0 a regular file holding the rest,
/// 1 a symbolic link to one, 2 a folder, 3 a broken symbolic link. Asserts that loading
/// agrees with `Config::parse` on the text when the file is a regular UTF-8 file within
/// the size limit, and is otherwise a read error naming the path and the reason; that
/// the error renders; and, when the config loads, runs [`check_config`]'s probes.
/// Named pipes and devices are not fuzzable inputs: `tests/integration/hostile_files.rs`
/// tests them directly.
pub fn check_config_file(data: &[u8], checks: Checks) {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let (kind, content) = match data {
        [CONFIG_KIND_MARKER, kind, rest @ ..] => (kind % 4, rest),
        _ => (0, data),
    };
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("agendalint-fuzz-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let path = dir.join(".agendalint.yaml");
    let target = dir.join("config-target.yaml");
    let made = match kind {
        1 => std::fs::write(&target, content).is_ok() && symlink(&target, &path),
        2 => std::fs::create_dir(&path).is_ok(),
        3 => symlink(&dir.join("missing.yaml"), &path),
        _ => std::fs::write(&path, content).is_ok(),
    };
    if made {
        check_loaded(&path, kind, content, checks);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
fn symlink(target: &std::path::Path, link: &std::path::Path) -> bool {
    std::os::unix::fs::symlink(target, link).is_ok()
}

#[cfg(not(unix))]
fn symlink(_: &std::path::Path, _: &std::path::Path) -> bool {
    false
}

fn check_loaded(path: &std::path::Path, kind: u8, content: &[u8], checks: Checks) {
    use agendalint::config::{Config, ConfigError};
    let loaded = Config::load(path);
    let shown = path.display().to_string();
    let text = std::str::from_utf8(content)
        .ok()
        .filter(|_| kind <= 1 && content.len() as u64 <= agendalint::read::CONFIG_LIMIT);
    match (&loaded, text) {
        (Ok(_), Some(text)) => {
            assert!(
                Config::parse(text, path).is_ok(),
                "Config::load accepts what Config::parse refuses"
            );
            check_config(text, checks);
        }
        (Ok(_), None) => {
            panic!("a config that is not a regular UTF-8 file within the limit loaded")
        }
        (Err(error), text) => {
            if let Some(text) = text {
                assert!(
                    Config::parse(text, path).is_err(),
                    "Config::load refuses what Config::parse accepts: {error}"
                );
            } else {
                assert!(
                    matches!(error, ConfigError::Read { .. }),
                    "not a regular UTF-8 file within the limit, yet not a read error: {error}"
                );
            }
            let message = error.to_string();
            assert!(
                message.contains(&shown),
                "the error names the file: {message}"
            );
            let rendered = agendalint::output::render_error(error, false);
            assert!(
                rendered.contains(".agendalint.yaml"),
                "the rendered error names the file: {rendered}"
            );
        }
    }
}

/// Small agendas the rules of a fuzzed config are run over.
pub const CONFIG_PROBES: [&str; 2] = [
    "---\ndate: 2026-11-23\nwith: Alex Kim\nduration: 30\n---\n# 1:1 with Alex\n\n\
## Projects (15 min)\n### Checkout service rewrite\n\
- Decision: moved to an event queue instead of polling — trade-off: more moving parts\n\
- Lesson learned: load-test before the cut-over\n\n## Initiatives (5 min)\n\
- Improve CI reliability\n\n## Career (5 min)\n- I want to lead\n\n## Skills\n\
- get better at backend\n\n## Personal (20 min)\n- I'm swamped, too many meetings\n\n\
## Action items\n- [ ] Send the migration RFC to Alex by Friday\n",
    "\u{feff}# Notes\r\n\r\n## What I built\r\n- Réduire la latence — p99 de 800 à 200 ms\r\n\
| a | b |\r\n|---|---|\r\n| any feedback? | <fill me> |\r\n",
];
