//! Rule fixtures: every `fixtures/rules/<rule>/**/fires-*.md` must produce a finding of
//! its rule and every `passes-*.md` none; the human and JSON output of each is
//! snapshotted. The sample notes folder is snapshotted too.

use std::path::Path;

use serde_json::Value;

use crate::common::{root, run};

/// Checks findings in a JSON document: the rule's share, and that every finding is well
/// formed (sentence-case message without a full stop, a help, a span on char boundaries).
fn findings_of(json: &str, rule: &str, source: &str) -> usize {
    let document: Value = serde_json::from_str(json).expect("JSON output");
    let diagnostics = document["diagnostics"].as_array().expect("diagnostics");
    for d in diagnostics {
        let message = d["message"].as_str().expect("message");
        let help = d["help"].as_str().expect("help");
        assert!(
            !message.ends_with('.'),
            "message ends with a full stop: {message}"
        );
        assert!(
            message.starts_with(|c: char| c.is_uppercase() || c == '`'),
            "message not in sentence case: {message}"
        );
        assert!(!help.is_empty(), "no help for: {message}");
        assert!(
            help.starts_with(|c: char| c.is_uppercase() || c == '`'),
            "help not in sentence case: {help}"
        );
        let start = d["span"]["start"].as_u64().expect("start") as usize;
        let end = d["span"]["end"].as_u64().expect("end") as usize;
        assert!(
            start <= end && end <= source.len(),
            "span out of the file: {d}"
        );
        assert!(
            source.is_char_boundary(start) && source.is_char_boundary(end),
            "span off char boundaries: {d}"
        );
    }
    diagnostics.iter().filter(|d| d["rule"] == rule).count()
}

#[test]
fn rule_fixtures_fire_or_pass_and_match_their_snapshots() {
    insta::glob!("../../fixtures/rules", "**/*.md", |path| {
        let relative = path.strip_prefix(root()).expect("inside the repository");
        let shown = relative.to_string_lossy().replace('\\', "/");
        let rule = shown
            .strip_prefix("fixtures/rules/")
            .and_then(|rest| rest.split('/').next())
            .expect("fixtures/rules/<rule>/...");
        let name = relative
            .file_name()
            .and_then(|n| n.to_str())
            .expect("file name");
        let source = std::fs::read_to_string(path).expect("fixture is UTF-8");
        let (_, human, stderr) = run(&["check", &shown, "--select", rule]);
        assert!(stderr.is_empty(), "{shown}: {stderr}");
        let (_, json, _) = run(&["check", &shown, "--select", rule, "--format", "json"]);
        let found = findings_of(&json, rule, &source);
        if name.starts_with("fires-") {
            assert!(found > 0, "{shown} should fire {rule}:\n{human}");
        } else if name.starts_with("passes-") {
            assert_eq!(found, 0, "{shown} should not fire {rule}:\n{human}");
        } else {
            panic!("{shown}: fixture names start with fires- or passes-");
        }
        insta::assert_snapshot!("human", human);
        insta::assert_snapshot!("json", json);
        // What the rule's fixes (unsafe ones included) would change.
        let (code, diff, _) = run(&[
            "check",
            &shown,
            "--select",
            rule,
            "--diff",
            "--unsafe-fixes",
        ]);
        if code == 1 {
            insta::assert_snapshot!("fixed", diff);
        }
    });
}

#[test]
fn the_sample_notes_folder() {
    let (code, human, stderr) = run(&["check", "fixtures/notes"]);
    assert_eq!(
        code, 1,
        "the demo exits 1: some sample agendas have problems\n{stderr}"
    );
    assert!(stderr.is_empty(), "{stderr}");
    let (_, json, _) = run(&["check", "fixtures/notes", "--format", "json"]);
    insta::assert_snapshot!("notes_human", human);
    insta::assert_snapshot!("notes_json", json);
}

/// Snapshots of fixtures that no longer exist are stale: fail rather than keep them.
#[test]
fn no_snapshot_outlives_its_fixture() {
    let dir = root().join("tests/integration/snapshots");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let text = std::fs::read_to_string(entry.path()).expect("snapshot");
        if let Some(input) = text.lines().find_map(|l| l.strip_prefix("input_file: ")) {
            assert!(
                Path::new(root()).join(input.trim()).exists(),
                "{} refers to {input}, which no longer exists",
                entry.path().display()
            );
        }
    }
}
