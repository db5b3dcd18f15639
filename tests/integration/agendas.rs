//! Only agendas are agendas (issue 12, section 2): a notes folder with a README, a
//! journal and templates is quiet; empty files and files that are not agendas get one
//! finding; `init` excludes what is not an agenda; headings people use are recognised
//! and `agendalint sections` shows how each was read.

use serde_json::Value;

use crate::common::{GOOD_AGENDA, run_in, temp_tree};

const README: &str = "# My 1:1 notes\n\nOne file per meeting, under the manager's name.\n\n## Development\n\nRun `agendalint check`.\n";
const JOURNAL: &str =
    "# 2026-10-02\n\nLearned how the ledger shards. Questions for Alex next week.\n";
const TEMPLATE: &str = "---\ndate: YYYY-MM-DD\nwith: <who>\nduration: 30\n---\n# 1:1 with <who>\n\n## Projects (15 min)\n### <Project 1>\n- Decision: <what we chose, and why>\n";
const TAGGED_NOTE: &str =
    "---\ntags: [reading]\n---\n# Designing Data-Intensive Applications\n\nChapter 5 notes.\n";

/// A notes folder as a new user has it: agendas, a README, a journal, a template, and
/// a note whose front matter names no meeting.
fn notes_folder() -> (tempfile::TempDir, std::path::PathBuf) {
    temp_tree(&[
        ("alex/2026-11-23.md", GOOD_AGENDA),
        ("README.md", README),
        ("journal/2026-10-02.md", JOURNAL),
        ("journal/2026-10-09.md", JOURNAL),
        ("templates/agenda.md", TEMPLATE),
        ("reading/ddia.md", TAGGED_NOTE),
    ])
}

#[test]
fn a_notes_folder_with_a_readme_journal_and_templates_is_quiet_by_default() {
    let (_tmp, dir) = notes_folder();
    let (code, stdout, stderr) = run_in(&dir, &["check"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    assert!(
        stdout.contains(
            "No problems found in 1 file; 5 Markdown files skipped as not agendas (--verbose lists them)"
        ),
        "{stdout}"
    );
    let (_, json, _) = run_in(&dir, &["check", "--format", "json"]);
    let document: Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(document["summary"]["files"], 1);
    assert_eq!(document["summary"]["not_agendas"], 5);
    let (code, _, stderr) = run_in(&dir, &["check", "--verbose"]);
    assert_eq!(code, 0);
    for (file, why) in [
        ("README.md", "no front matter"),
        ("journal/2026-10-02.md", "no front matter"),
        ("templates/agenda.md", "a template"),
        ("reading/ddia.md", "has no `date` or `with`"),
    ] {
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(&format!("skipped {file}: not an agenda")) && l.contains(why)),
            "{file}: {why}\n{stderr}"
        );
    }
    assert!(!stderr.contains("alex/2026-11-23.md"), "{stderr}");
    // A baseline of that folder has nothing to accept.
    let (code, stdout, stderr) = run_in(&dir, &["baseline"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("No findings to accept"), "{stdout}");
}

#[test]
fn an_agenda_with_a_misspelled_key_is_still_an_agenda() {
    let typo = GOOD_AGENDA.replace("with: Alex Kim", "With: Alex Kim");
    let (_tmp, dir) = temp_tree(&[("alex/2026-11-23.md", typo.as_str())]);
    let (code, stdout, _) = run_in(&dir, &["check", "--format", "concise"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("[front-matter-field]"), "{stdout}");
}

#[test]
fn include_says_which_files_are_agendas() {
    let (_tmp, dir) = temp_tree(&[
        ("alex/2026-11-23.md", GOOD_AGENDA),
        (
            "alex/2026-11-30.md",
            "# 1:1 with Alex\n\n## Projects\n- Checkout rewrite\n",
        ),
        ("README.md", README),
        (".agendalint.yaml", "include: [\"alex/**/*.md\"]\n"),
    ]);
    let (code, stdout, _) = run_in(&dir, &["check", "--format", "concise"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("alex/2026-11-30.md:1:1: error[front-matter-missing]"),
        "{stdout}"
    );
    assert!(!stdout.contains("README"), "{stdout}");
    assert!(!stdout.contains("skipped"), "{stdout}");
}

#[test]
fn a_named_file_that_is_not_an_agenda_gets_one_finding() {
    let (_tmp, dir) = notes_folder();
    let (code, stdout, _) = run_in(&dir, &["check", "README.md", "--format", "json"]);
    assert_eq!(code, 1, "{stdout}");
    let document: Value = serde_json::from_str(&stdout).expect("JSON");
    let findings = document["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(findings.len(), 1, "{stdout}");
    assert_eq!(findings[0]["rule"], "front-matter-missing");
    assert_eq!(
        findings[0]["message"],
        "File has no front matter and does not look like an agenda"
    );
    assert!(
        findings[0]["help"]
            .as_str()
            .is_some_and(|h| h.contains("list it under `exclude`")),
        "{stdout}"
    );
    // An agenda that only lacks its front matter is judged whole.
    let (_tmp, dir) = temp_tree(&[(
        "2026-11-23.md",
        "# 1:1\n\n## Projects\n- Checkout rewrite\n\n## Initiatives\n- Improve CI reliability\n",
    )]);
    let (_, stdout, _) = run_in(&dir, &["check", "2026-11-23.md", "--format", "concise"]);
    assert!(stdout.contains("Agenda has no front matter"), "{stdout}");
    assert!(stdout.contains("[missing-metric]"), "{stdout}");
}

#[test]
fn an_empty_file_and_front_matter_alone_get_one_finding_each() {
    let (_tmp, dir) = temp_tree(&[
        ("empty.md", ""),
        (
            "front-matter-only.md",
            "---\ndate: 2026-11-23\nwith: Alex Kim\nduration: 30\n---\n",
        ),
        (
            "bad-front-matter-only.md",
            "---\ndate: 2026-02-30\nwith: Alex Kim\n---\n\n",
        ),
    ]);
    let (_, stdout, _) = run_in(
        &dir,
        &[
            "check",
            "empty.md",
            "front-matter-only.md",
            "bad-front-matter-only.md",
            "--format",
            "concise",
        ],
    );
    let lines: Vec<&str> = stdout.lines().filter(|l| l.contains('[')).collect();
    assert_eq!(
        lines,
        [
            "bad-front-matter-only.md:1:1: warning[empty-agenda] Agenda has front matter and nothing else",
            "bad-front-matter-only.md:2:7: error[front-matter-field] `2026-02-30` is not a real date in YYYY-MM-DD form",
            "empty.md:1:1: warning[empty-agenda] File is empty",
            "front-matter-only.md:1:1: warning[empty-agenda] Agenda has front matter and nothing else",
        ],
        "{stdout}"
    );
}

#[test]
fn init_excludes_what_is_not_an_agenda() {
    let (_tmp, dir) = notes_folder();
    let (code, stdout, stderr) = run_in(&dir, &["init"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.trim(), ".agendalint.yaml");
    assert!(stderr.contains("README.md, journal/**"), "{stderr}");
    let config = std::fs::read_to_string(dir.join(".agendalint.yaml")).expect("written");
    let exclude = config
        .lines()
        .find(|l| l.starts_with("exclude:"))
        .expect("an exclude line");
    assert_eq!(
        exclude,
        "exclude: [\"README.md\", \"journal/**\", \"reading/**\", \"templates/**\"]"
    );
    let (code, stdout, stderr) = run_in(&dir, &["check"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("No problems found in 1 file\n"), "{stdout}");
}

#[test]
fn headings_people_use_are_recognised() {
    let agenda = "---\ndate: 2026-11-23\nwith: Alex Kim\nduration: 30\n---\n# 1:1 with Alex\n\n## Wins (15 min)\n### Checkout service rewrite\n- Decision: moved to an event queue instead of polling, trading latency for resilience\n- Lesson learned: load-test before the cut-over\n- Outcome: p99 from 800 ms to 200 ms\n\n### Search relevance\n- Chose BM25 over embeddings because the index had to ship in 2 weeks\n- Lesson: label a test set first next time\n- Outcome: click-through up 12%\n\n## Initiatives (5 min)\n- Propose a flaky-test budget: cut CI reruns by 40% within 60 days, for the developer productivity OKR\n\n## Career (5 min)\n- In 18 months lead a team; first step: run the Q1 migration as tech lead\n\n## Skills\n- Deepen Kafka: finish the internals course and own one consumer by March\n\n## Logistics (5 min)\n- Team offsite travel\n";
    let (_tmp, dir) = temp_tree(&[("a.md", agenda)]);
    let (code, stdout, _) = run_in(&dir, &["check", "a.md", "--format", "concise"]);
    assert_eq!(
        code, 0,
        "Wins are projects, Logistics non-technical: {stdout}"
    );
    for heading in [
        "Updates",
        "Status",
        "Highlights",
        "Project updates",
        "Accomplishments",
    ] {
        let text = agenda.replace("## Wins (15 min)", &format!("## {heading} (15 min)"));
        let (_tmp, dir) = temp_tree(&[("a.md", text.as_str())]);
        let (code, stdout, _) = run_in(&dir, &["check", "a.md", "--format", "concise"]);
        assert_eq!(code, 0, "{heading}: {stdout}");
    }
    for heading in ["Other", "Admin"] {
        let text = agenda.replace("## Logistics (5 min)", &format!("## {heading} (5 min)"));
        let (_tmp, dir) = temp_tree(&[("a.md", text.as_str())]);
        let (_, stdout, _) = run_in(&dir, &["sections", "a.md"]);
        assert!(
            stdout
                .lines()
                .any(|l| l.contains(&format!("## {heading} (5 min) "))
                    && l.ends_with(" non_technical")),
            "{heading}: {stdout}"
        );
    }
}

#[test]
fn sections_shows_how_each_heading_was_read() {
    let agenda = "---\ndate: 2026-11-23\nwith: Alex Kim\n---\n# 1:1 with Alex\n\n## Wins (15 min)\n### Checkout rewrite\n\n## What I built\n\n## Logistics\n";
    let (_tmp, dir) = temp_tree(&[
        ("notes/a.md", agenda),
        (
            "notes/.agendalint.yaml",
            "sections:\n  projects: [\"What I built\"]\n",
        ),
    ]);
    let (code, stdout, stderr) = run_in(&dir, &["sections", "notes/a.md"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "notes/a.md\n   5  # 1:1 with Alex           other (no section kind)\n   7    ## Wins (15 min)        projects\n   8      ### Checkout rewrite  projects (under \"Wins (15 min)\")\n  10    ## What I built         projects\n  12    ## Logistics            non_technical\n"
    );
    let (_, stdout, _) = run_in(&dir, &["sections", "notes/a.md", "--no-config"]);
    assert!(
        stdout.contains("## What I built         other (no section kind)"),
        "the config's headings count only with the config: {stdout}"
    );
    let (code, _, stderr) = run_in(&dir, &["sections", "notes/missing.md"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read notes/missing.md"), "{stderr}");
}

#[test]
fn only_agendas_skips_named_files_that_are_not_agendas() {
    let (_tmp, dir) = notes_folder();
    let named = [
        "check",
        "README.md",
        "templates/agenda.md",
        "alex/2026-11-23.md",
        "--format",
        "concise",
    ];
    let (code, stdout, _) = run_in(&dir, &named);
    assert_eq!(code, 1, "named files are checked: {stdout}");
    let (code, stdout, stderr) = run_in(
        &dir,
        &[&named[..], &["--only-agendas", "--verbose"]].concat(),
    );
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("No problems found in 1 file; 2 Markdown files skipped as not agendas"),
        "{stdout}"
    );
    assert!(
        stderr.contains("skipped README.md: not an agenda"),
        "{stderr}"
    );
    // With `include`, a named file outside it is left out too.
    std::fs::write(dir.join(".agendalint.yaml"), "include: [\"alex/**\"]\n").expect("write");
    let (code, stdout, _) = run_in(
        &dir,
        &["check", "README.md", "alex/2026-11-23.md", "--only-agendas"],
    );
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("No problems found in 1 file"), "{stdout}");
}
