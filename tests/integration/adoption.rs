//! Adopting agendalint on a notes folder with history (issue 12): fixes that stay in
//! the flagged file, text copied by a fix that makes no new finding, skeletons that
//! keep the action items last.

use std::fmt::Write as _;

use crate::common::{run_in, temp_tree};

const PREVIOUS: &str = "---
date: 2026-11-10
with: Alex Kim
---
# 1:1

## Action items
- [ ] Get the API spec from the platform team, still waiting on them
- [ ] Book the load-test window
";

const LATEST: &str = "---
date: 2026-11-24
with: Alex Kim
---
# 1:1

## Action items
- [ ] Send the migration RFC by Friday
";

/// Issue 12: a carried item's note "still waiting on them" fired complaint-phrasing in
/// the meeting it was carried into. (The learned scorer no longer reads that note as a
/// grievance; the config makes it one, so that the carried copy is tested.)
#[test]
fn an_item_carried_over_is_not_judged_again_where_it_lands() {
    let (_tmp, dir) = temp_tree(&[
        ("notes/a.md", PREVIOUS),
        ("notes/b.md", LATEST),
        (
            ".agendalint.yaml",
            "rules:\n  complaint-phrasing: { extra_phrases: [still waiting] }\n",
        ),
    ]);
    let select = ["--select", "complaint-phrasing,open-action-items"];
    let (code, stdout, _) = run_in(
        &dir,
        &[&["check", "notes", "--format", "concise"][..], &select].concat(),
    );
    assert_eq!(code, 1);
    assert!(
        stdout.contains("notes/a.md:8:48: warning[complaint-phrasing]"),
        "judged where it was written: {stdout}"
    );
    let (_, stdout, _) = run_in(&dir, &[&["check", "notes", "--fix"][..], &select].concat());
    assert!(stdout.contains("Fixed 2 problems in 1 file"), "{stdout}");
    let fixed = std::fs::read_to_string(dir.join("notes/b.md")).expect("read");
    assert!(
        fixed.ends_with(
            "- [ ] Send the migration RFC by Friday\n- [ ] Get the API spec from the platform team, still waiting on them\n- [ ] Book the load-test window\n"
        ),
        "carried in the previous meeting's order:\n{fixed}"
    );
    let (_, stdout, _) = run_in(
        &dir,
        &[&["check", "notes", "--format", "concise"][..], &select].concat(),
    );
    assert!(
        !stdout.contains("notes/b.md"),
        "nothing new in the meeting it landed in: {stdout}"
    );
    assert!(stdout.contains("notes/a.md:8:48"), "{stdout}");
}

/// Issue 12: `--unsafe-fixes` appended skeleton sections after `## Action items`.
#[test]
fn unsafe_fixes_add_sections_before_the_action_items() {
    let agenda = "---
date: 2026-11-24
with: Alex Kim
---
# 1:1 with Alex

## Follow-ups
- [x] Shared the canary doc

## Projects
### Checkout rewrite
- Decision: queue over polling, trading latency for resilience
- Lesson learned: load-test before the cut-over

## Action items
- [ ] Send the migration RFC by Friday
";
    let (_tmp, dir) = temp_tree(&[("a.md", agenda)]);
    let (_, stdout, _) = run_in(
        &dir,
        &[
            "check",
            "a.md",
            "--fix",
            "--unsafe-fixes",
            "--format",
            "concise",
        ],
    );
    assert!(stdout.contains("Fixed"), "{stdout}");
    let fixed = std::fs::read_to_string(dir.join("a.md")).expect("read");
    let headings: Vec<&str> = fixed.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(headings.first(), Some(&"## Follow-ups"), "{fixed}");
    assert_eq!(
        headings.last(),
        Some(&"## Action items"),
        "the action items stay last:\n{fixed}"
    );
    for added in ["## Initiatives", "## Skills"] {
        assert!(headings.contains(&added), "{added} added:\n{fixed}");
    }
    assert!(
        fixed.ends_with("## Action items\n- [ ] Send the migration RFC by Friday\n"),
        "{fixed}"
    );
}

/// An agenda with findings of several rules: no metric, no time bound, a complaint.
const OLD_AGENDA: &str = "---
date: 2026-09-01
with: Alex Kim
---
# 1:1 with Alex

## Initiatives
- Improve CI reliability
- The on-call load is unfair and nobody listens

## Action items
- [ ] Send the migration RFC to Alex by Friday
";

fn json(dir: &std::path::Path, args: &[&str]) -> (i32, serde_json::Value) {
    let (code, stdout, stderr) = run_in(dir, &[args, &["--format", "json"]].concat());
    let document =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}{stderr}"));
    (code, document)
}

fn rules_in(document: &serde_json::Value) -> Vec<String> {
    document["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| {
            format!(
                "{}:{}",
                d["path"].as_str().unwrap_or(""),
                d["rule"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn a_baseline_hides_todays_findings_and_only_new_ones_are_reported() {
    let (_tmp, dir) = temp_tree(&[
        (".agendalint.yaml", ""),
        ("notes/2026-09-01.md", OLD_AGENDA),
    ]);
    let (code, before) = json(&dir, &["check", "notes"]);
    assert_eq!(code, 1);
    let found = before["diagnostics"].as_array().expect("list").len();
    assert!(found >= 3, "{before}");

    let (code, stdout, stderr) = run_in(&dir, &["baseline", "notes"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        format!("Wrote {found} findings in 1 file to .agendalint-baseline.json\n")
    );
    let written =
        std::fs::read_to_string(dir.join(".agendalint-baseline.json")).expect("next to the config");
    let document: serde_json::Value = serde_json::from_str(&written).expect("JSON");
    let entries = document["entries"].as_array().expect("entries");
    let keys: Vec<(String, String, String)> = entries
        .iter()
        .map(|e| {
            assert!(e.get("line").is_none(), "no line numbers: {e}");
            let field = |k: &str| e[k].as_str().unwrap_or("").to_string();
            (field("path"), field("rule"), field("hash"))
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "entries are sorted, so the file diffs well");
    assert!(
        keys.iter()
            .all(|(path, _, _)| path == "notes/2026-09-01.md"),
        "{written}"
    );
    // Deterministic: a second baseline writes the same bytes.
    run_in(&dir, &["baseline", "notes"]);
    assert_eq!(
        std::fs::read_to_string(dir.join(".agendalint-baseline.json")).expect("read"),
        written
    );

    let (code, stdout, _) = run_in(&dir, &["check", "notes"]);
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(
        stdout,
        format!("No problems found in 1 file (not shown: {found} baselined)\n")
    );
    let (_, after) = json(&dir, &["check", "notes"]);
    assert_eq!(after["summary"]["baselined"], found, "{after}");
    assert_eq!(after["diagnostics"].as_array().map(Vec::len), Some(0));
    let (code, everything) = json(&dir, &["check", "notes", "--no-baseline"]);
    assert_eq!(code, 1);
    assert_eq!(
        rules_in(&everything),
        rules_in(&before),
        "--no-baseline shows everything"
    );

    // Lines added above the flagged text do not revive it; a new problem is reported.
    let edited = OLD_AGENDA.replace(
        "## Initiatives\n",
        "Prep notes, written the night before.\n\n## Initiatives\n- Cut CI reruns by 40% within 60 days\n- Get better at everything\n",
    );
    std::fs::write(dir.join("notes/2026-09-01.md"), &edited).expect("write");
    let (code, stdout, _) = run_in(&dir, &["check", "notes", "--format", "concise"]);
    assert_eq!(code, 1);
    let reported: Vec<&str> = stdout.lines().filter(|l| l.starts_with("notes/")).collect();
    assert!(
        !reported.is_empty() && reported.iter().all(|l| l.contains(":11:")),
        "only the new item: {stdout}"
    );

    // A fixed problem leaves a stale entry, reported until `baseline` drops it.
    let fixed = edited.replace("- The on-call load is unfair and nobody listens\n", "");
    std::fs::write(dir.join("notes/2026-09-01.md"), &fixed).expect("write");
    let (_, stdout, _) = run_in(&dir, &["check", "notes", "--format", "concise"]);
    assert!(
        stdout.contains("baselined finding")
            && stdout.contains("no longer occur")
            && stdout.contains("agendalint baseline"),
        "{stdout}"
    );
    let (_, stale) = json(&dir, &["check", "notes"]);
    let stale_count = stale["summary"]["stale_baseline"]
        .as_u64()
        .expect("a count");
    assert!(stale_count >= 1, "{stale}");
    run_in(&dir, &["baseline", "notes"]);
    let (code, stdout, _) = run_in(&dir, &["check", "notes"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        !stdout.contains("no longer"),
        "the baseline shrank: {stdout}"
    );
    let shrunk = std::fs::read_to_string(dir.join(".agendalint-baseline.json")).expect("read");
    assert!(!shrunk.contains("complaint-phrasing"), "{shrunk}");
}

#[test]
fn baselining_some_files_keeps_the_entries_of_the_others() {
    let other = OLD_AGENDA.replace("2026-09-01", "2026-09-15");
    let (_tmp, dir) = temp_tree(&[
        (".agendalint.yaml", ""),
        ("notes/2026-09-01.md", OLD_AGENDA),
        ("notes/2026-09-15.md", &other),
    ]);
    run_in(&dir, &["baseline"]);
    std::fs::write(dir.join("notes/2026-09-15.md"), GOOD_ENOUGH).expect("write");
    let (code, stdout, _) = run_in(&dir, &["baseline", "notes/2026-09-15.md"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("kept from files not checked this time"),
        "{stdout}"
    );
    let (code, stdout, _) = run_in(&dir, &["check", "--format", "concise"]);
    assert_eq!(code, 0, "{stdout}");
    // A file that is gone leaves stale entries behind.
    std::fs::remove_file(dir.join("notes/2026-09-01.md")).expect("remove");
    let (_, stdout, _) = run_in(&dir, &["check"]);
    assert!(stdout.contains("no longer occur"), "{stdout}");
}

/// An agenda the other rules leave alone, but for a few infos.
const GOOD_ENOUGH: &str = crate::common::GOOD_AGENDA;

#[test]
fn a_broken_baseline_is_a_tool_error() {
    let (_tmp, dir) = temp_tree(&[
        ("notes/2026-09-01.md", OLD_AGENDA),
        ("notes/.agendalint-baseline.json", "{\"entries\": 3}"),
    ]);
    let (code, _, stderr) = run_in(&dir, &["check", "notes"]);
    let stderr = crate::common::unwrapped(&stderr);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("invalid baseline notes/.agendalint-baseline.json"),
        "{stderr}"
    );
    assert!(stderr.contains("agendalint baseline"), "{stderr}");
    let (code, _, _) = run_in(&dir, &["check", "notes", "--no-baseline"]);
    assert_eq!(code, 1, "--no-baseline does not read it");
    let (code, stdout, _) = run_in(&dir, &["baseline", "notes"]);
    assert_eq!(code, 0, "baseline replaces a broken file");
    assert!(
        stdout.contains("notes/.agendalint-baseline.json"),
        "{stdout}"
    );
    let (code, _, _) = run_in(&dir, &["check", "notes"]);
    assert_eq!(code, 0);
}

/// Three meetings with Alex: the first leaves an open item that the second drops.
fn series_tree() -> Vec<(&'static str, String)> {
    vec![
        ("notes/2026-09-01.md", OLD_AGENDA.to_string()),
        (
            "notes/2026-10-06.md",
            "---\ndate: 2026-10-06\nwith: Alex Kim\n---\n# 1:1\n\n## Action items\n- [ ] Book the load-test window\n".to_string(),
        ),
    ]
}

#[test]
fn since_skips_older_agendas_which_still_feed_the_series() {
    let files = series_tree();
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let (_tmp, dir) = temp_tree(&files);
    let (code, stdout, _) = run_in(
        &dir,
        &[
            "check",
            "notes",
            "--since",
            "2026-10-01",
            "--format",
            "concise",
        ],
    );
    assert_eq!(code, 1);
    assert!(!stdout.contains("2026-09-01.md"), "not reported: {stdout}");
    assert!(
        stdout.contains(
            "notes/2026-10-06.md:7:1: warning[open-action-items] Open action item from 2026-09-01"
        ),
        "the older agenda is still read for the series: {stdout}"
    );
    assert!(
        stdout.contains("in 1 file") && stdout.contains("1 agenda dated before the since date"),
        "{stdout}"
    );
    let (_, document) = json(&dir, &["check", "notes", "--since", "2026-10-01"]);
    assert_eq!(document["summary"]["before_since"], 1);
    assert_eq!(document["summary"]["files"], 1);

    // The config says the same.
    std::fs::write(dir.join(".agendalint.yaml"), "since: 2026-10-01\n").expect("write");
    let (_, again, _) = run_in(&dir, &["check", "notes", "--format", "concise"]);
    assert_eq!(again, stdout);
    // --since wins over the config.
    let (_, all, _) = run_in(
        &dir,
        &[
            "check",
            "notes",
            "--since",
            "2026-01-01",
            "--format",
            "concise",
        ],
    );
    assert!(all.contains("2026-09-01.md"), "{all}");
    // A date that does not exist is refused.
    let (code, _, stderr) = run_in(&dir, &["check", "notes", "--since", "2026-02-30"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not a real date"), "{stderr}");
    std::fs::write(dir.join(".agendalint.yaml"), "since: 2026-13-01\n").expect("write");
    let (code, _, stderr) = run_in(&dir, &["check", "notes"]);
    assert_eq!(code, 2);
    assert!(
        crate::common::unwrapped(&stderr).contains("not a real date"),
        "{stderr}"
    );
}

#[test]
fn excluded_agendas_still_feed_the_series() {
    let files = series_tree();
    let mut files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    files.push((".agendalint.yaml", "exclude: [\"notes/2026-09-*\"]\n"));
    let (_tmp, dir) = temp_tree(&files);
    let (code, stdout, _) = run_in(&dir, &["check", "--format", "concise"]);
    assert_eq!(code, 1);
    assert!(!stdout.contains("2026-09-01.md:"), "excluded: {stdout}");
    assert!(
        stdout.contains("notes/2026-10-06.md:7:1: warning[open-action-items]"),
        "an excluded agenda is still a meeting of its series: {stdout}"
    );
}

#[test]
fn fix_edits_only_files_with_a_reported_finding() {
    let files = series_tree();
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let (_tmp, dir) = temp_tree(&files);
    let latest = dir.join("notes/2026-10-06.md");
    let original = std::fs::read_to_string(&latest).expect("read");

    // Baselined: nothing to fix, nothing changes.
    run_in(&dir, &["baseline", "notes"]);
    let (_, stdout, _) = run_in(&dir, &["check", "notes", "--fix"]);
    assert!(!stdout.contains("Fixed"), "{stdout}");
    assert_eq!(std::fs::read_to_string(&latest).expect("read"), original);

    // Dated before --since: not checked, not fixed.
    // No config: the baseline is in the folder checked.
    std::fs::remove_file(dir.join("notes/.agendalint-baseline.json")).expect("remove");
    let (_, stdout, _) = run_in(&dir, &["check", "notes", "--fix", "--since", "2026-12-01"]);
    assert!(!stdout.contains("Fixed"), "{stdout}");
    assert_eq!(std::fs::read_to_string(&latest).expect("read"), original);

    // Reported: the counts match what `check` said.
    let (_, stdout, _) = run_in(&dir, &["check", "notes"]);
    let fixable: usize = stdout
        .lines()
        .last()
        .unwrap_or_default()
        .split("; ")
        .find_map(|part| part.split(" fixable with --fix").next()?.parse().ok())
        .unwrap_or_else(|| panic!("a fixable count: {stdout}"));
    let (_, stdout, _) = run_in(&dir, &["check", "notes", "--fix"]);
    assert!(
        stdout.contains(&format!("Fixed {fixable} problem")),
        "{stdout}"
    );
    assert!(
        std::fs::read_to_string(&latest)
            .expect("read")
            .contains("- [ ] Send the migration RFC to Alex by Friday")
    );
}

/// Issue 12: a fix that could not be written (a read-only file) changes no other
/// meeting. A misspelled `wiht:` keeps the agenda in its series (issue 12, section 3),
/// so the next meeting carries over its open items whether or not the rename is
/// written: the run with the read-only file changes the next meeting exactly as a run
/// where the rename is written does.
#[test]
fn a_refused_fix_carries_nothing_into_other_meetings() {
    let refused = "---\ndate: 2026-10-01\nwiht: Alex Kim\n---\n# 1:1\n\n## Action items\n- [ ] Draft the on-call rota\n";
    let latest = "---\ndate: 2026-11-01\nwith: Alex Kim\n---\n# 1:1\n\n## Action items\n- [ ] Book the room\n";
    let files = [
        ("notes/a.md", OLD_AGENDA),
        ("notes/b.md", refused),
        ("notes/c.md", latest),
    ];
    let args = [
        "check",
        "notes",
        "--fix",
        "--unsafe-fixes",
        "--format",
        "concise",
    ];
    let (_writable_tmp, writable) = temp_tree(&files);
    run_in(&writable, &args);
    assert_ne!(
        std::fs::read_to_string(writable.join("notes/b.md")).expect("read"),
        refused,
        "with write access the key is renamed"
    );
    let expected = std::fs::read_to_string(writable.join("notes/c.md")).expect("read");

    let (_tmp, dir) = temp_tree(&files);
    let path = dir.join("notes/b.md");
    let mut permissions = std::fs::metadata(&path).expect("meta").permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&path, permissions).expect("chmod");
    let (code, stdout, _) = run_in(&dir, &args);
    assert_eq!(code, 2, "{stdout}");
    assert!(
        stdout.contains(
            "notes/b.md:1:1: error[file-error] Cannot apply fixes: the file is read-only"
        ),
        "{stdout}"
    );
    assert_eq!(std::fs::read_to_string(&path).expect("read"), refused);
    let fixed = std::fs::read_to_string(dir.join("notes/c.md")).expect("read");
    assert_eq!(fixed, expected, "the refused fix changed nothing else");
    assert!(
        fixed.contains("- [ ] Draft the on-call rota"),
        "b.md is the previous meeting, as written:\n{fixed}"
    );
    assert!(
        !fixed.contains("migration RFC"),
        "a.md is not the previous meeting:\n{fixed}"
    );
}

/// One past meeting of a realistic notes repository: some good points, some of what
/// the rules flag, and open action items.
fn past_meeting(date: &str, with: &str, open: &[&str]) -> String {
    let mut text = format!(
        "---\ndate: {date}\nwith: {with}\nduration: 30\n---\n# 1:1 with {with} — {date}\n\n\
         ## Projects (15 min)\n### Checkout retries\n\
         - Decision: moved to an event queue instead of polling, trading latency for resilience\n\
         - Outcome: p99 from 800 ms to 200 ms\n\n\
         ## Initiatives (5 min)\n- Improve CI reliability\n\n\
         ## Career (5 min)\n- I want to lead a team someday\n\n\
         ## Other (5 min)\n- Too many meetings again, I am exhausted\n\n\
         ## Action items\n"
    );
    for item in open {
        let _ = writeln!(text, "- [ ] {item}");
    }
    text.push_str("- [x] Book the design review\n");
    text
}

/// Three months of notes with two managers, a README, a journal entry and a template,
/// written under `dir`. One old agenda has a typo on a line with a finding; one
/// meeting with Dana Whitfield is written `with: Dana`.
fn write_history(dir: &std::path::Path) {
    use crate::git::write;
    let alex = [
        ("2026-09-01", vec!["Draft the on-call rota"]),
        (
            "2026-09-15",
            vec!["Draft the on-call rota", "Share the canary doc"],
        ),
        ("2026-09-29", vec!["Share the canary doc"]),
        ("2026-10-13", vec!["Write up the refund-events postmortem"]),
        ("2026-10-27", vec!["Write up the refund-events postmortem"]),
        (
            "2026-11-10",
            vec!["Send the Q1 capacity plan to Alex by Friday"],
        ),
    ];
    for (date, open) in &alex {
        let mut text = past_meeting(date, "Alex Kim", open);
        if *date == "2026-09-15" {
            text = text.replace("Improve CI reliability", "Improve CI reliabilty");
        }
        write(dir, &format!("notes/alex/{date}.md"), &text);
    }
    for (date, open) in [
        ("2026-09-08", vec!["Pair with Sam on the Kafka consumer"]),
        ("2026-10-06", vec!["Pair with Sam on the Kafka consumer"]),
        ("2026-11-03", vec![]),
        ("2026-12-01", vec!["Review the flaky-test budget numbers"]),
    ] {
        write(
            dir,
            &format!("notes/dana/{date}.md"),
            &past_meeting(date, "Dana Whitfield", &open),
        );
    }
    // One meeting with Dana written under her first name only.
    write(
        dir,
        "notes/dana/2026-11-17.md",
        &past_meeting("2026-11-17", "Dana", &[]),
    );
    write(
        dir,
        "notes/README.md",
        "# My 1:1 notes\n\nOne file per meeting, by person.\n",
    );
    write(
        dir,
        "notes/journal/2026-10-02.md",
        "# Thursday\n\nLong day. The migration slipped again.\n",
    );
    write(
        dir,
        "notes/templates/agenda.md",
        "---\ndate: <YYYY-MM-DD>\nwith: <who>\n---\n## Projects\n- <project>\n",
    );
}

/// The next agenda: judged whole; it drops an open item of the last meeting.
const NEW_AGENDA: &str = "---\ndate: 2026-12-08\nwith: Alex Kim\nduration: 30\n---\n# 1:1 with Alex Kim — 2026-12-08\n\n\
        ## Projects (15 min)\n### Checkout retries\n\
        - Decision: moved to an event queue instead of polling, trading latency for resilience\n\
        - Lesson learned: load-test before the cut-over\n\n\
        ### Search relevance\n- Chose BM25 over embeddings because the index had to ship in 2 weeks\n\
        - Lesson: label a test set first next time\n\n\
        ## Initiatives (5 min)\n- Improve CI reliability\n\n\
        ## Action items\n- [ ] Book the load-test window\n";

/// Every file under `dir/notes` and its bytes, in path order.
fn notes_files(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir.join("notes"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().to_path_buf(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    files.sort();
    files
}

/// The first check of the history: the README, the journal and the template are
/// skipped as not agendas, and the split name is said once, where it is written.
fn assert_only_agendas_are_judged(stdout: &str) {
    for other in ["README", "journal", "templates"] {
        assert!(!stdout.contains(other), "{other}: {stdout}");
    }
    assert!(
        stdout.contains("3 Markdown files skipped as not agendas"),
        "{stdout}"
    );
    assert!(
        stdout.contains("notes/dana/2026-11-17.md:3:7: warning[series-name] `Dana` looks like another spelling of `Dana Whitfield`"),
        "{stdout}"
    );
}

/// Issue 12, "Done when": a notes repository with history adopts agendalint — baseline,
/// a clean check, a typo fix in an old agenda that the real pre-commit hook lets
/// through, a new agenda judged whole, and a `--fix` that changes only the new agenda.
#[test]
fn adopting_agendalint_on_a_notes_repository_with_history() {
    use crate::git::{git, repo, write};

    let tmp = repo();
    let dir = tmp.path();
    write_history(dir);
    git(dir, &["add", "-A"]);
    assert!(git(dir, &["commit", "-q", "-m", "three months of notes"]).0);

    let (code, stdout, _) = run_in(dir, &["check", "--format", "concise"]);
    assert_eq!(code, 1);
    let before = stdout.lines().filter(|l| l.starts_with("notes/")).count();
    assert!(before > 30, "history has plenty to say: {stdout}");
    assert_only_agendas_are_judged(&stdout);

    // 1. Accept today's findings.
    let (code, stdout, stderr) = run_in(dir, &["baseline"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with(&format!("Wrote {before} findings in ")),
        "{stdout}"
    );
    assert!(dir.join(".agendalint-baseline.json").is_file());
    // 2. A clean check.
    let (code, stdout, _) = run_in(dir, &["check"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.starts_with("No problems found in "), "{stdout}");
    assert!(
        stdout.contains(&format!("(not shown: {before} baselined)")),
        "{stdout}"
    );
    // 3. The real hook; the baseline is committed with the notes.
    assert_eq!(run_in(dir, &["hook", "install"]).0, 0);
    git(dir, &["add", ".agendalint-baseline.json"]);
    let (committed, output) = git(dir, &["commit", "-m", "agendalint baseline"]);
    assert!(committed, "{output}");
    // A typo fixed in an old agenda goes through, even on a line with a finding.
    let old = dir.join("notes/alex/2026-09-15.md");
    let text = std::fs::read_to_string(&old).expect("read");
    write(
        dir,
        "notes/alex/2026-09-15.md",
        &text.replace("reliabilty", "reliability"),
    );
    git(dir, &["add", "-A"]);
    let (committed, output) = git(dir, &["commit", "-m", "fix a typo in an old agenda"]);
    assert!(
        committed,
        "the hook lets an edit of history through:\n{output}"
    );
    let (code, stdout, _) = run_in(dir, &["check"]);
    assert_eq!(
        code, 0,
        "the baseline still accepts the edited line: {stdout}"
    );

    // 4. A new agenda is judged whole: the hook refuses it and says how to go on.
    write(dir, "notes/alex/2026-12-08.md", NEW_AGENDA);
    git(dir, &["add", "notes/alex/2026-12-08.md"]);
    let (committed, output) = git(dir, &["commit", "-m", "next agenda"]);
    assert!(!committed, "{output}");
    assert!(output.contains("notes/alex/2026-12-08.md"), "{output}");
    assert!(output.contains("missing-metric"), "judged whole: {output}");
    assert!(output.contains("open-action-items"), "{output}");
    assert!(
        output.contains("git commit --no-verify") && output.contains("agendalint baseline"),
        "{output}"
    );

    // 5. --fix changes the new agenda only.
    let before_fix = notes_files(dir);
    let (_, stdout, _) = run_in(dir, &["check"]);
    assert!(stdout.contains("; 1 fixable with --fix"), "{stdout}");
    let (code, stdout, _) = run_in(dir, &["check", "--fix", "--format", "concise"]);
    assert_eq!(
        code, 1,
        "the vague initiative is left for a person: {stdout}"
    );
    assert!(stdout.contains("Fixed 1 problem in 1 file"), "{stdout}");
    let after_fix = notes_files(dir);
    let changed: Vec<&std::path::PathBuf> = before_fix
        .iter()
        .zip(&after_fix)
        .filter(|(a, b)| a != b)
        .map(|((path, _), _)| path)
        .collect();
    assert_eq!(
        changed,
        [&dir.join("notes/alex/2026-12-08.md")],
        "only the new agenda"
    );
    let fixed = std::fs::read_to_string(dir.join("notes/alex/2026-12-08.md")).expect("read");
    assert!(
        fixed.ends_with(
            "- [ ] Book the load-test window\n- [ ] Send the Q1 capacity plan to Alex by Friday\n"
        ),
        "{fixed}"
    );
    let (_, stdout, _) = run_in(dir, &["check", "--fix", "--format", "concise"]);
    assert!(
        !stdout.contains("Fixed"),
        "a second --fix changes nothing: {stdout}"
    );
    assert_eq!(notes_files(dir), after_fix);
}
