//! The privacy guard: where its rules run, that no output repeats what they flag, the
//! allowlist, and private notes in the pre-commit hook.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use crate::common::{GOOD_AGENDA, run_in, temp_tree};
use crate::git::{git, repo, write};

/// The four privacy rules.
const PRIVACY_RULES: [&str; 4] = [
    "private-pay",
    "private-health",
    "private-life",
    "colleague-performance",
];

/// A good agenda, dated ahead so that a commit judges it whole, with `extra` bullets at
/// the end of its first project.
fn agenda_with(extra: &[&str]) -> String {
    let mut bullets = String::new();
    for line in extra {
        bullets.push_str("- ");
        bullets.push_str(line);
        bullets.push('\n');
    }
    GOOD_AGENDA
        .replace("date: 2026-11-23", "date: 2027-01-11")
        .replace(
            "with: Alex Kim\n",
            "with: Alex Kim\nattendees: [Raj Patel]\n",
        )
        .replace(
            "- Outcome: p99 from 800 ms to 200 ms\n",
            &format!("- Outcome: p99 from 800 ms to 200 ms\n{bullets}"),
        )
}

/// One bullet of each category, each with words found nowhere else in the agenda.
const PRIVATE_BULLETS: [&str; 4] = [
    "my base is 187k and they offered 203k",
    "back surgery is on the 12th, then physiotherapy for my herniated disc",
    "going through a divorce, custody hearing is on Tuesday",
    "Raj is underperforming and should be on a PIP",
];

/// The words of `source` inside the spans of the privacy findings of a JSON report that
/// occur nowhere else in the file: what no output may print.
fn flagged_words(json: &str, source: &str) -> BTreeSet<String> {
    let document: Value = serde_json::from_str(json).expect("JSON output");
    let spans: Vec<(usize, usize)> = document["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| PRIVACY_RULES.iter().any(|r| d["rule"] == *r))
        .map(|d| {
            (
                d["span"]["start"].as_u64().expect("start") as usize,
                d["span"]["end"].as_u64().expect("end") as usize,
            )
        })
        .collect();
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 3)
            .map(str::to_lowercase)
            .collect()
    };
    let mut outside = source.to_string();
    for (start, end) in &spans {
        outside.replace_range(*start..*end, &" ".repeat(end - start));
    }
    let elsewhere: BTreeSet<String> = words(&outside).into_iter().collect();
    spans
        .iter()
        .flat_map(|(start, end)| words(&source[*start..*end]))
        .filter(|w| !elsewhere.contains(w))
        .collect()
}

/// The words of `words` that `output` holds as whole words (any case).
fn leaked<'w>(output: &str, words: &'w BTreeSet<String>) -> Vec<&'w str> {
    let said: BTreeSet<String> = output
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    words
        .iter()
        .filter(|w| said.contains(*w))
        .map(String::as_str)
        .collect()
}

/// `words` less those `clean` (the same output for the agenda without its private
/// bullets) already holds: the rule pages SARIF embeds, the help texts.
fn not_in(words: &BTreeSet<String>, clean: &str) -> BTreeSet<String> {
    let said: BTreeSet<String> = clean
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    words
        .iter()
        .filter(|w| !said.contains(*w))
        .cloned()
        .collect()
}

#[test]
fn no_output_format_prints_the_flagged_words() {
    let agenda = agenda_with(&PRIVATE_BULLETS);
    let (_tmp, dir) = temp_tree(&[
        (".agendalint.yaml", "privacy: on\n"),
        ("notes/2027-01-11-alex.md", &agenda),
        ("clean/2027-01-11-alex.md", &agenda_with(&[])),
    ]);
    let (code, json, stderr) = run_in(&dir, &["check", "notes", "--format", "json"]);
    assert_eq!(code, 1, "{stderr}");
    let found: Value = serde_json::from_str(&json).expect("JSON");
    for rule in PRIVACY_RULES {
        assert!(
            found["diagnostics"]
                .as_array()
                .expect("diagnostics")
                .iter()
                .any(|d| d["rule"] == rule),
            "{rule} fires on the private agenda:\n{json}"
        );
    }
    let words = flagged_words(&json, &agenda);
    for expected in ["187k", "203k", "surgery", "divorce", "underperforming"] {
        assert!(
            words.contains(expected),
            "`{expected}` is flagged: {words:?}"
        );
    }
    let outputs = |folder: &str| -> Vec<(String, String)> {
        let mut all = Vec::new();
        for format in ["human", "concise", "json", "github", "sarif"] {
            let (_, stdout, stderr) = run_in(&dir, &["check", folder, "--format", format]);
            all.push((format!("check --format {format}"), stdout + &stderr));
        }
        for format in ["markdown", "html", "json"] {
            let (_, stdout, stderr) = run_in(&dir, &["report", folder, "--format", format]);
            all.push((format!("report --format {format}"), stdout + &stderr));
        }
        all
    };
    let clean = outputs("clean");
    for ((what, output), (_, clean)) in outputs("notes").iter().zip(&clean) {
        let checked = not_in(&words, clean);
        assert!(
            checked.contains("187k") && checked.contains("203k"),
            "{what}: the clean run already says them?"
        );
        assert!(
            leaked(output, &checked).is_empty(),
            "{what} prints {:?}:\n{output}",
            leaked(output, &checked)
        );
        if what.starts_with("check") {
            assert!(
                output.contains("private-pay"),
                "{what} reports the finding:\n{output}"
            );
        }
    }
    let (_, human, _) = run_in(&dir, &["check", "notes"]);
    assert!(
        human.contains("****"),
        "the snippet masks the words:\n{human}"
    );
    let (_, plain_json, _) = run_in(&dir, &["check", "notes", "--format", "json", "--no-config"]);
    assert!(
        !plain_json.contains("private-pay"),
        "plain folder checks leave the privacy rules off:\n{plain_json}"
    );
}

#[test]
fn the_privacy_rules_run_staged_by_default_and_where_the_config_says() {
    let agenda = agenda_with(&["my base is 145k and they offered 160k"]);
    let fired = |config: &str, args: &[&str]| {
        let (_tmp, dir) = temp_tree(&[
            (".agendalint.yaml", config),
            ("notes/2027-01-11-alex.md", &agenda),
        ]);
        let mut all = vec!["check", "notes", "--format", "concise"];
        all.extend_from_slice(args);
        let (_, stdout, stderr) = run_in(&dir, &all);
        assert!(!stderr.contains("error"), "{stderr}");
        stdout.contains("[private-pay]")
    };
    assert!(
        !fired("{}\n", &[]),
        "off in a plain folder check by default"
    );
    assert!(!fired("privacy: staged\n", &[]));
    assert!(fired("privacy: on\n", &[]));
    assert!(fired("privacy: {checks: on}\n", &[]));
    assert!(!fired("privacy: off\n", &[]));
    assert!(
        fired("privacy: off\n", &["--select", "private-pay"]),
        "--select runs it"
    );
    assert!(!fired("privacy: on\n", &["--ignore", "private-pay"]));
}

#[test]
fn an_allowed_line_is_no_longer_reported_and_the_allowlist_names_no_word() {
    let agenda = agenda_with(&["my base is 145k and they offered 160k"]);
    let (_tmp, dir) = temp_tree(&[
        (".agendalint.yaml", "privacy: on\n"),
        ("notes/2027-01-11-alex.md", &agenda),
    ]);
    let (_, concise, _) = run_in(&dir, &["check", "notes", "--format", "concise"]);
    let line = concise
        .lines()
        .find(|l| l.contains("[private-pay]"))
        .and_then(|l| l.split(':').nth(1))
        .expect("a private-pay finding with its line")
        .to_string();
    let place = format!("notes/2027-01-11-alex.md:{line}");
    let (code, _, stderr) = run_in(&dir, &["privacy", "allow", &place]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("Accepted 1 finding of private-pay"),
        "{stderr}"
    );
    assert!(!stderr.contains("145k"), "{stderr}");
    let written = std::fs::read_to_string(dir.join(".agendalint-privacy.json")).expect("written");
    for word in ["145k", "160k", "base", "offered"] {
        assert!(
            !written.contains(word),
            "the allowlist holds `{word}`:\n{written}"
        );
    }
    let (_, concise, _) = run_in(&dir, &["check", "notes", "--format", "concise"]);
    assert!(!concise.contains("[private-pay]"), "{concise}");
    // Again: nothing new, and said so.
    let (code, _, stderr) = run_in(&dir, &["privacy", "allow", &place]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("already accepted"), "{stderr}");
    // A line with nothing private is refused by name.
    let (code, _, stderr) = run_in(&dir, &["privacy", "allow", "notes/2027-01-11-alex.md:1"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no privacy finding on notes/2027-01-11-alex.md:1"),
        "{stderr}"
    );
    // Another line with the same words is still the same accepted text.
    let edited = agenda.replace(
        "- my base is 145k and they offered 160k\n",
        "- my base is 145k and they offered 160k\n- my base is 150k\n",
    );
    std::fs::write(dir.join("notes/2027-01-11-alex.md"), edited).expect("write");
    let (_, concise, _) = run_in(&dir, &["check", "notes", "--format", "concise"]);
    assert_eq!(concise.matches("[private-pay]").count(), 1, "{concise}");
}

/// Stages `text` as a new agenda and tries to commit it; returns whether the commit went
/// through, and what git and the hook printed.
fn commit_agenda(dir: &Path, text: &str) -> (bool, String) {
    write(dir, "notes/2027-01-11-alex.md", text);
    git(dir, &["add", "notes/2027-01-11-alex.md"]);
    git(dir, &["commit", "-m", "agenda"])
}

#[test]
fn the_hook_refuses_pay_figures_without_printing_them_and_lets_jargon_through() {
    let tmp = repo();
    let dir = tmp.path();
    let (code, _, stderr) = run_in(dir, &["hook", "install"]);
    assert_eq!(code, 0, "{stderr}");
    let (committed, output) = commit_agenda(
        dir,
        &agenda_with(&["my base is 145k and they offered 160k"]),
    );
    assert!(!committed, "the commit is refused:\n{output}");
    assert!(output.contains("private-pay"), "{output}");
    assert!(
        !output.contains("145") && !output.contains("160"),
        "{output}"
    );
    let (committed, output) = commit_agenda(
        dir,
        &agenda_with(&[
            "raise the memory limit; the cluster budget is $4k/mo",
            "health check on the payments cluster is flaky",
        ]),
    );
    assert!(committed, "engineering jargon goes through:\n{output}");
}

#[test]
fn a_private_note_is_exempt_but_not_committed_to_a_repository_with_a_remote() {
    let private = agenda_with(&["my base is 145k and they offered 160k"])
        .replace("with: Alex Kim\n", "with: Alex Kim\nprivate: true\n");
    // No remote: the note is exempt from the privacy rules and may be committed.
    let tmp = repo();
    let dir = tmp.path();
    write(dir, "notes/2027-01-11-alex.md", &private);
    git(dir, &["add", "notes/2027-01-11-alex.md"]);
    let (code, stdout, stderr) = run_in(dir, &["check", "--staged", "--format", "concise"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    // A remote: refused, at the `private` key.
    assert!(
        git(
            dir,
            &["remote", "add", "origin", "https://example.com/notes.git"]
        )
        .0
    );
    let (code, stdout, stderr) = run_in(dir, &["check", "--staged", "--format", "concise"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.contains(":4:1: error[private-commit]"), "{stdout}");
    assert!(stdout.contains("`origin`"), "{stdout}");
    assert!(!stdout.contains("[private-pay]"), "{stdout}");
    // Unless the config allows it.
    write(
        dir,
        ".agendalint.yaml",
        "privacy: {allow_private_commits: true}\n",
    );
    git(dir, &["add", ".agendalint.yaml"]);
    let (code, stdout, stderr) = run_in(dir, &["check", "--staged", "--format", "concise"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
}

#[test]
fn a_private_note_is_not_judged_as_an_agenda() {
    let note = "---\ndate: 2027-01-11\nwith: Alex Kim\nprivate: true\n---\n\
                - Jordan keeps missing review deadlines and honestly isn't pulling his weight\n\
                <!-- agendalint-disable-next-line complaint-phrasing -- kept as written -->\n\
                - why am I always the one on call again\n";
    let (_tmp, dir) = temp_tree(&[("private/2027-01-11-alex.md", note)]);
    for args in [
        &["check", ".", "--format", "concise"][..],
        &["check", "private/2027-01-11-alex.md", "--format", "concise"][..],
        &["check", ".", "--privacy", "--format", "concise"][..],
    ] {
        let (code, concise, stderr) = run_in(&dir, args);
        assert_eq!(code, 0, "{args:?}: {concise}{stderr}");
        assert!(!concise.contains('['), "{args:?}: {concise}");
    }
    // The same lines in an agenda are judged as one.
    std::fs::write(
        dir.join("private/2027-01-11-alex.md"),
        note.replace("private: true\n", ""),
    )
    .expect("write");
    let (code, concise, _) = run_in(&dir, &["check", ".", "--format", "concise"]);
    assert_eq!(code, 1, "{concise}");
    assert!(concise.contains("[complaint-phrasing]"), "{concise}");
    assert!(concise.contains("[too-few-projects]"), "{concise}");
}

#[test]
fn a_private_note_beside_an_agenda_is_not_a_second_meeting() {
    let note = "---\ndate: 2027-01-11\nwith: Alex Kim\nprivate: true\n---\n- Raj is on a PIP\n";
    let (_tmp, dir) = temp_tree(&[
        ("notes/2027-01-11-alex.md", &agenda_with(&[])),
        ("private/2027-01-11-alex.md", note),
    ]);
    let (_, concise, stderr) = run_in(&dir, &["check", ".", "--privacy", "--format", "concise"]);
    assert!(
        !concise.contains("duplicate-meeting-date"),
        "{concise}{stderr}"
    );
    assert!(!concise.contains("[colleague-performance]"), "{concise}");
    // Without `private: true`, the same note is a second meeting that day.
    std::fs::write(
        dir.join("private/2027-01-11-alex.md"),
        note.replace("private: true\n", ""),
    )
    .expect("write");
    let (_, concise, _) = run_in(&dir, &["check", ".", "--format", "concise"]);
    assert!(concise.contains("duplicate-meeting-date"), "{concise}");
}
