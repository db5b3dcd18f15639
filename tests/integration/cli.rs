//! The command line, driven through the real binary: exit codes, formats, config
//! errors, discovery, inline control.

use serde_json::Value;

use crate::common::{GOOD_AGENDA, run, run_in, temp_tree, unwrapped};

const BAD_INITIATIVE: &str = "---
date: 2026-11-23
with: Alex Kim
---
## Initiatives
- Improve CI reliability
";

#[test]
fn a_clean_agenda_exits_zero() {
    let (_tmp, root) = temp_tree(&[("2026-11-23.md", GOOD_AGENDA)]);
    let (code, stdout, stderr) = run_in(&root, &["check", "--no-config"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("No problems found in 1 file"), "{stdout}");
}

#[test]
fn findings_exit_one_and_fail_on_moves_the_bar() {
    let (_tmp, root) = temp_tree(&[("a.md", BAD_INITIATIVE)]);
    let (code, stdout, _) = run_in(&root, &["check", "a.md"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("warning[missing-metric]"), "{stdout}");
    let (code, _, _) = run_in(&root, &["check", "a.md", "--fail-on", "error"]);
    assert_eq!(code, 0);
}

#[test]
fn human_output_shows_the_line_the_span_and_the_help() {
    let (_tmp, root) = temp_tree(&[("a.md", BAD_INITIATIVE)]);
    let (_, stdout, _) = run_in(&root, &["check", "a.md", "--select", "missing-metric"]);
    assert!(stdout.contains("╭─[a.md:6:3]"), "{stdout}");
    assert!(stdout.contains("6 │ - Improve CI reliability"), "{stdout}");
    assert!(stdout.contains("──────────────────────"), "{stdout}");
    assert!(
        stdout.contains("help: Say how much of what will change"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Found 1 problem (1 warning) in 1 file"),
        "{stdout}"
    );
    assert!(
        !stdout.contains('\u{1b}'),
        "no colour when not on a terminal"
    );
}

#[test]
fn concise_output_is_one_line_each() {
    let (_tmp, root) = temp_tree(&[("a.md", BAD_INITIATIVE)]);
    let (_, stdout, _) = run_in(&root, &["check", "a.md", "--format", "concise"]);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines.contains(&"a.md:6:3: warning[missing-metric] Initiative has no measurable target"),
        "{stdout}"
    );
    assert!(
        lines.contains(&"a.md:6:3: warning[no-time-bound] Initiative has no deadline or duration"),
        "{stdout}"
    );
}

/// SPEC §5, field by field, on a CRLF file with non-ASCII text before the span.
#[test]
fn json_output_matches_the_spec_field_by_field() {
    let text = "---\r\ndate: 2026-11-23\r\nwith: José García\r\n---\r\n## Initiatives — 5 min\r\n- Réduire les « reruns » — sans délai\r\n";
    let (_tmp, root) = temp_tree(&[("notes/2026-11-23.md", text)]);
    let (code, stdout, stderr) = run_in(
        &root,
        &[
            "check",
            "notes",
            "--format",
            "json",
            "--select",
            "missing-metric",
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    let json: Value = serde_json::from_str(&stdout).expect("one JSON document");
    assert_eq!(json["version"], 1);
    assert_eq!(
        json["summary"],
        serde_json::json!({"files": 1, "errors": 0, "warnings": 1, "infos": 0, "fixable": 0})
    );
    let diagnostics = json["diagnostics"].as_array().expect("a list");
    assert_eq!(diagnostics.len(), 1);
    let d = &diagnostics[0];
    let item = "Réduire les « reruns » — sans délai";
    let start = text.find(item).expect("item in text");
    let end = start + item.len();
    assert_eq!(d["rule"], "missing-metric");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["path"], "notes/2026-11-23.md");
    assert_eq!(d["message"], "Initiative has no measurable target");
    assert!(d["help"].as_str().is_some_and(|h| h.contains("20%")));
    assert_eq!(d["span"]["start"], start);
    assert_eq!(d["span"]["end"], end);
    assert_eq!(d["span"]["line"], 6);
    assert_eq!(d["span"]["column"], 3);
    assert_eq!(d["span"]["end_line"], 6);
    assert_eq!(d["span"]["end_column"], 3 + item.chars().count());
    assert_eq!(d["fix"], Value::Null);
    assert_eq!(
        d.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()),
        Some(
            ["fix", "help", "message", "path", "rule", "severity", "span"]
                .map(String::from)
                .to_vec()
        )
    );
}

#[test]
fn json_carries_fixes_with_their_applicability() {
    let (_tmp, root) = temp_tree(&[("2026-11-23-alex.md", "# 1:1\n")]);
    let (_, stdout, _) = run_in(
        &root,
        &[
            "check",
            "2026-11-23-alex.md",
            "--format",
            "json",
            "--select",
            "front-matter-missing",
        ],
    );
    let json: Value = serde_json::from_str(&stdout).expect("JSON");
    let fix = &json["diagnostics"][0]["fix"];
    assert_eq!(fix["applicability"], "unsafe");
    assert_eq!(fix["edits"][0]["start"], 0);
    assert_eq!(fix["edits"][0]["end"], 0);
    assert!(
        fix["edits"][0]["replacement"]
            .as_str()
            .is_some_and(|r| r.starts_with("---\ndate: 2026-11-23\n")),
        "{fix}"
    );
}

#[test]
fn a_misspelled_rule_in_the_config_points_at_its_line() {
    let config =
        "# team settings\nrules:\n  too-few-projects: warning\n  compliant-phrasing: off\n";
    let (_tmp, root) = temp_tree(&[(".agendalint.yaml", config), ("a.md", GOOD_AGENDA)]);
    let (code, stdout, stderr) = run_in(&root, &["check"]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(
        stderr.contains("unknown rule `compliant-phrasing`"),
        "{stderr}"
    );
    assert!(stderr.contains(".agendalint.yaml:4:3"), "{stderr}");
    assert!(stderr.contains("4 │   compliant-phrasing: off"), "{stderr}");
    assert!(
        stderr.contains("did you mean `complaint-phrasing`?"),
        "{stderr}"
    );
}

#[test]
fn a_bad_option_value_points_at_it() {
    let config = "rules:\n  too-few-projects: { min: lots }\n";
    let (_tmp, root) = temp_tree(&[(".agendalint.yaml", config), ("a.md", GOOD_AGENDA)]);
    let (code, _, stderr) = run_in(&root, &["check"]);
    let stderr = unwrapped(&stderr);
    assert_eq!(code, 2);
    assert!(stderr.contains("rules.too-few-projects.min"), "{stderr}");
    assert!(stderr.contains(".agendalint.yaml:2:"), "{stderr}");
}

#[test]
fn config_is_found_upward_and_options_apply() {
    let config = "rules:\n  too-few-projects: { min: 3, level: error }\n";
    let (_tmp, root) = temp_tree(&[
        (".agendalint.yml", config),
        ("notes/2026/a.md", GOOD_AGENDA),
    ]);
    let (code, stdout, _) = run_in(&root.join("notes"), &["check", "--format", "concise"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("error[too-few-projects] Only 2 projects to deep-dive; prepare at least 3"),
        "{stdout}"
    );
    let (code, _, _) = run_in(&root.join("notes"), &["check", "--no-config"]);
    assert_eq!(code, 0);
}

#[test]
fn rules_can_be_turned_off_in_the_config() {
    let config = "rules:\n  missing-metric: off\n  no-time-bound: false\n";
    let (_tmp, root) = temp_tree(&[(".agendalint.yaml", config), ("a.md", BAD_INITIATIVE)]);
    let (_, stdout, _) = run_in(&root, &["check", "--format", "concise"]);
    assert!(!stdout.contains("missing-metric"), "{stdout}");
    assert!(!stdout.contains("no-time-bound"), "{stdout}");
}

#[test]
fn config_sections_add_heading_synonyms() {
    let config = "sections:\n  initiatives: [\"Bets\"]\n";
    let agenda = BAD_INITIATIVE.replace("## Initiatives", "## Bets");
    let (_tmp, root) = temp_tree(&[(".agendalint.yaml", config), ("a.md", &agenda)]);
    let (_, stdout, _) = run_in(&root, &["check", "--format", "concise"]);
    assert!(stdout.contains("missing-metric"), "{stdout}");
    let (_, stdout, _) = run_in(&root, &["check", "--format", "concise", "--no-config"]);
    assert!(!stdout.contains("missing-metric"), "{stdout}");
}

#[test]
fn exclude_applies_to_named_files_and_include_to_walked_ones() {
    let config = "exclude: [\"templates/**\", \"README.md\"]\n";
    let (_tmp, root) = temp_tree(&[
        (".agendalint.yaml", config),
        ("README.md", "# readme\n"),
        ("templates/t.md", "# template\n"),
        ("notes/a.md", GOOD_AGENDA),
        ("notes/b.txt", "not markdown"),
    ]);
    let (code, stdout, stderr) = run_in(&root, &["check", "README.md", "templates/t.md", "notes"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("No problems found in 1 file"), "{stdout}");
}

#[test]
fn a_missing_path_is_an_error_but_the_rest_is_checked() {
    let (_tmp, root) = temp_tree(&[("a.md", BAD_INITIATIVE)]);
    let (code, stdout, _) = run_in(&root, &["check", "nope.md", "a.md", "--format", "concise"]);
    assert_eq!(code, 2);
    assert!(
        stdout.contains(
            "nope.md:1:1: error[file-error] Cannot check this file: no such file or folder"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("a.md:6:3: warning[missing-metric]"),
        "{stdout}"
    );
}

#[test]
fn files_that_are_not_utf8_are_reported_and_skipped() {
    let (_tmp, root) = temp_tree(&[("good.md", GOOD_AGENDA)]);
    std::fs::write(
        root.join("latin1.md"),
        b"---\ndate: 2026-11-23\nwith: Jos\xe9\n---\n",
    )
    .expect("write");
    let (code, stdout, _) = run_in(&root, &["check", "--format", "concise"]);
    assert_eq!(code, 2);
    assert!(
        stdout.contains("latin1.md:1:1: error[file-error] Cannot check this file: not valid UTF-8"),
        "{stdout}"
    );
}

#[test]
fn hidden_vendor_and_build_folders_are_skipped() {
    let (_tmp, root) = temp_tree(&[
        (".git/x.md", BAD_INITIATIVE),
        ("node_modules/x.md", BAD_INITIATIVE),
        ("target/x.md", BAD_INITIATIVE),
        ("a.md", GOOD_AGENDA),
    ]);
    let (code, stdout, _) = run_in(&root, &["check"]);
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn select_and_ignore_filter_rules_and_typos_are_usage_errors() {
    let (_tmp, root) = temp_tree(&[("a.md", BAD_INITIATIVE)]);
    let (_, stdout, _) = run_in(
        &root,
        &["check", "--format", "concise", "--select", "no-time-bound"],
    );
    assert!(
        stdout.contains("no-time-bound") && !stdout.contains("missing-metric"),
        "{stdout}"
    );
    let (_, stdout, _) = run_in(
        &root,
        &[
            "check",
            "--format",
            "concise",
            "--ignore",
            "no-time-bound,too-few-projects",
        ],
    );
    assert!(
        !stdout.contains("no-time-bound") && stdout.contains("missing-metric"),
        "{stdout}"
    );
    let (code, _, stderr) = run_in(&root, &["check", "--select", "missing-metrics"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("unknown rule `missing-metrics` in --select"),
        "{stderr}"
    );
    assert!(
        stderr.contains("did you mean `missing-metric`?"),
        "{stderr}"
    );
}

#[test]
fn statistics_count_per_rule() {
    let (_tmp, root) = temp_tree(&[("a.md", BAD_INITIATIVE), ("b.md", BAD_INITIATIVE)]);
    let (code, stdout, _) = run_in(&root, &["check", "--statistics"]);
    assert_eq!(code, 1);
    let line = stdout
        .lines()
        .find(|l| l.contains("missing-metric"))
        .expect("a row for missing-metric");
    assert_eq!(
        line.split_whitespace().collect::<Vec<_>>(),
        ["2", "missing-metric", "warning", "0", "0"]
    );
    let (_, stdout, _) = run_in(&root, &["check", "--statistics", "--format", "json"]);
    let json: Value = serde_json::from_str(&stdout).expect("JSON");
    assert!(json["statistics"].as_array().is_some_and(|rows| {
        rows.iter()
            .any(|r| r["rule"] == "missing-metric" && r["count"] == 2)
    }));
}

#[test]
fn inline_comments_silence_rules() {
    let agenda = "---
date: 2026-11-23
with: Alex Kim
---
## Initiatives
<!-- agendalint-disable-next-line missing-metric -->
- Improve CI reliability by Q3
- Improve deploys by Q3 <!-- agendalint-disable-line -->
<!-- agendalint-disable no-time-bound -->
- Cut reruns by 40%
";
    let (_tmp, root) = temp_tree(&[("a.md", agenda)]);
    let (_, stdout, _) = run_in(
        &root,
        &[
            "check",
            "--format",
            "concise",
            "--select",
            "missing-metric,no-time-bound",
        ],
    );
    assert_eq!(stdout.lines().count(), 1, "only the summary line: {stdout}");
}

#[test]
fn no_color_and_color_flags() {
    let (_tmp, root) = temp_tree(&[("a.md", BAD_INITIATIVE)]);
    let (_, stdout, _) = run_in(&root, &["check", "--color", "always"]);
    assert!(stdout.contains('\u{1b}'), "colour forced on");
    let (_, stdout, _) = run_in(&root, &["check", "--color", "never"]);
    assert!(!stdout.contains('\u{1b}'));
}

#[test]
fn help_explains_the_check_command() {
    let (code, stdout, _) = run(&["check", "--help"]);
    assert_eq!(code, 0);
    for needle in [
        "--format",
        "--fail-on",
        "--select",
        "--config",
        "--no-config",
        "Exit status",
    ] {
        assert!(stdout.contains(needle), "{needle} missing from:\n{stdout}");
    }
}

#[test]
fn rules_lists_every_rule_and_explain_shows_a_page() {
    let (code, stdout, _) = run(&["rules"]);
    assert_eq!(code, 0);
    for id in agendalint::rules::ids() {
        assert!(stdout.contains(id), "{id} missing");
    }
    let (code, stdout, _) = run(&["explain", "complaint-phrasing"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("complaint-phrasing\n"), "{stdout}");
    let (code, _, stderr) = run(&["explain", "compliant-phrasing"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("did you mean `complaint-phrasing`?"),
        "{stderr}"
    );
}

const CUSTOM_RULE_CONFIG: &str = r#"custom_rules:
  - id: no-jargon
    level: error
    pattern: '(?i)\bsynergy\b'
    message: "Say what you mean instead of 'synergy'"
    help: "Name the concrete outcome"
    sections: [initiatives]
"#;

#[test]
fn custom_rules_fire_with_their_span_severity_and_help() {
    let agenda = "---\ndate: 2026-11-23\nwith: Alex Kim\n---\n## Initiatives\n- Find Synergy with the data team, cut duplicate pipelines by 3 in Q1\n## Notes\n- synergy everywhere\n";
    let (_tmp, root) = temp_tree(&[(".agendalint.yaml", CUSTOM_RULE_CONFIG), ("a.md", agenda)]);
    let (code, stdout, stderr) = run_in(
        &root,
        &["check", "--format", "json", "--select", "no-jargon"],
    );
    assert_eq!(code, 1, "{stderr}");
    let json: Value = serde_json::from_str(&stdout).expect("JSON");
    let diagnostics = json["diagnostics"].as_array().expect("list");
    assert_eq!(
        diagnostics.len(),
        1,
        "only the initiatives section is in scope: {stdout}"
    );
    let d = &diagnostics[0];
    assert_eq!(d["rule"], "no-jargon");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["message"], "Say what you mean instead of 'synergy'");
    assert_eq!(d["help"], "Name the concrete outcome");
    let start = agenda.find("Synergy").expect("in text");
    assert_eq!(d["span"]["start"], start);
    assert_eq!(d["span"]["end"], start + "Synergy".len());
    assert_eq!(d["span"]["line"], 6);
    assert_eq!(d["span"]["column"], 8);
}

#[test]
fn an_invalid_custom_pattern_points_at_its_line() {
    let config =
        "custom_rules:\n  - id: broken\n    pattern: '(unclosed'\n    message: m\n    help: h\n";
    let (_tmp, root) = temp_tree(&[(".agendalint.yaml", config), ("a.md", GOOD_AGENDA)]);
    let (code, _, stderr) = run_in(&root, &["check"]);
    let stderr = unwrapped(&stderr);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("is not a valid regular expression"),
        "{stderr}"
    );
    assert!(stderr.contains(".agendalint.yaml:3:"), "{stderr}");
}

#[test]
fn custom_rules_cannot_take_a_built_in_id_or_eat_memory() {
    let clash =
        "custom_rules:\n  - id: missing-metric\n    pattern: x\n    message: m\n    help: h\n";
    let (_tmp, root) = temp_tree(&[(".agendalint.yaml", clash), ("a.md", GOOD_AGENDA)]);
    let (code, _, stderr) = run_in(&root, &["check"]);
    let stderr = unwrapped(&stderr);
    assert_eq!(code, 2);
    assert!(stderr.contains("clashes with a built-in rule"), "{stderr}");
    assert!(stderr.contains(".agendalint.yaml:2:"), "{stderr}");

    let huge = "custom_rules:\n  - id: huge\n    pattern: '(\\w{100}){100}'\n    message: m\n    help: h\n";
    let (_tmp, root) = temp_tree(&[(".agendalint.yaml", huge), ("a.md", GOOD_AGENDA)]);
    let (code, _, stderr) = run_in(&root, &["check"]);
    let stderr = unwrapped(&stderr);
    assert_eq!(code, 2);
    assert!(stderr.contains("simplify it"), "{stderr}");
}

#[test]
fn custom_rule_section_kinds_get_a_suggestion() {
    let config = "custom_rules:\n  - id: x\n    pattern: x\n    message: m\n    help: h\n    sections: [initiative]\n";
    let (_tmp, root) = temp_tree(&[(".agendalint.yaml", config), ("a.md", GOOD_AGENDA)]);
    let (code, _, stderr) = run_in(&root, &["check"]);
    let stderr = unwrapped(&stderr);
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown value `initiative`"), "{stderr}");
    assert!(stderr.contains("did you mean `initiatives`?"), "{stderr}");
}
