//! Messages a user understands (issue 12, section 6): errors in the config's own words,
//! dates, usage errors, summary lines that mean one thing, completions and `explain`.

use serde_json::Value;

use crate::common::{GOOD_AGENDA, run_in, temp_tree, unwrapped};
use crate::git::{git, repo, write};

#[test]
fn config_errors_name_no_rust_types() {
    for (config, wanted) in [
        (
            "rules:\n  too-few-projects: { min: two }\n",
            "expected a whole number of 0 or more, found the text \"two\"",
        ),
        (
            "rules:\n  career-cadence: { every: 3.5 }\n",
            "expected a whole number of 0 or more, found `3.5`",
        ),
        (
            "company_goals: reliability\n",
            "expected a list, found the text \"reliability\"",
        ),
        (
            "rules: [too-few-projects]\n",
            "expected a mapping of rule ids to settings, found a list",
        ),
    ] {
        let (_tmp, dir) = temp_tree(&[("a.md", GOOD_AGENDA), (".agendalint.yaml", config)]);
        let (code, _, stderr) = run_in(&dir, &["check", "--color", "never"]);
        assert_eq!(code, 2, "{config}");
        let stderr = unwrapped(&stderr);
        assert!(stderr.contains(wanted), "{config}\n{stderr}");
        for rust in ["u32", "usize", "struct", "sequence"] {
            assert!(!stderr.contains(rust), "{config}: `{rust}` in\n{stderr}");
        }
    }
}

#[test]
fn no_or_false_for_a_rule_or_its_level_turns_it_off() {
    const ONE_PROJECT: &str =
        "---\ndate: 2026-11-23\nwith: Alex Kim\n---\n## Projects\n- Checkout rewrite\n";
    let fires = |config: &str| {
        let (_tmp, dir) = temp_tree(&[("a.md", ONE_PROJECT), (".agendalint.yaml", config)]);
        let (code, stdout, stderr) = run_in(
            &dir,
            &[
                "check",
                "--format",
                "concise",
                "--select",
                "too-few-projects",
            ],
        );
        assert_ne!(code, 2, "{config}: {stderr}");
        stdout.contains("[too-few-projects]")
    };
    assert!(fires(""), "fires by default");
    assert!(fires("rules:\n  too-few-projects: { level: error }\n"));
    for off in [
        "rules:\n  too-few-projects: no\n",
        "rules:\n  too-few-projects: false\n",
        "rules:\n  too-few-projects: off\n",
        "rules:\n  too-few-projects: { level: off }\n",
        "rules:\n  too-few-projects: { level: no, min: 3 }\n",
        "rules:\n  too-few-projects: { level: false }\n",
    ] {
        assert!(!fires(off), "{off}");
    }
    // The options of a rule turned off are still checked.
    let (_tmp, dir) = temp_tree(&[
        ("a.md", ONE_PROJECT),
        (
            ".agendalint.yaml",
            "rules:\n  too-few-projects: { level: off, mn: 3 }\n",
        ),
    ]);
    let (code, _, stderr) = run_in(&dir, &["check"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("did you mean `min`?"), "{stderr}");
    // And a custom rule's level too.
    let custom = "custom_rules:\n  - id: no-jargon\n    level: off\n    pattern: 'Checkout'\n    message: Jargon\n    help: Say it plainly\n";
    let (_tmp, dir) = temp_tree(&[("a.md", ONE_PROJECT), (".agendalint.yaml", custom)]);
    let (code, stdout, stderr) = run_in(&dir, &["check", "--format", "concise"]);
    assert_ne!(code, 2, "{stderr}");
    assert!(!stdout.contains("[no-jargon]"), "{stdout}");
}

#[test]
fn init_twice_says_the_config_exists_and_how_to_overwrite() {
    let (_tmp, dir) = temp_tree(&[("a.md", GOOD_AGENDA)]);
    let (code, _, stderr) = run_in(&dir, &["init"]);
    assert_eq!(code, 0, "{stderr}");
    std::fs::write(dir.join(".agendalint.yaml"), "company_goals: [cost]\n").expect("write");
    let (code, stdout, stderr) = run_in(&dir, &["init"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty(), "{stdout}");
    let stderr = unwrapped(&stderr);
    assert!(
        stderr.contains(".agendalint.yaml already exists"),
        "{stderr}"
    );
    assert!(stderr.contains("agendalint init --force"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.join(".agendalint.yaml")).expect("read"),
        "company_goals: [cost]\n",
        "left as it was"
    );
    let (code, _, stderr) = run_in(&dir, &["init", "--force"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.join(".agendalint.yaml")).expect("read"),
        agendalint::scaffold::starter_config(),
        "replaced by the starter config"
    );
}

#[test]
fn no_summary_of_zero_files_after_a_config_error() {
    let (_tmp, dir) = temp_tree(&[
        ("a.md", GOOD_AGENDA),
        (
            ".agendalint.yaml",
            "rules:\n  too-few-projects: { min: 0 }\n",
        ),
    ]);
    let (code, stdout, stderr) = run_in(&dir, &["check"]);
    assert_eq!(code, 2);
    assert!(!stdout.contains("0 files"), "{stdout}");
    assert!(!stdout.contains("No problems found"), "{stdout}");
    assert!(unwrapped(&stderr).contains("at least 1"), "{stderr}");
}

#[test]
fn a_hook_run_with_no_agenda_staged_reports_no_zero_files() {
    let tmp = repo();
    let dir = tmp.path();
    // Nothing staged at all.
    let (code, stdout, stderr) = run_in(dir, &["check", "--staged"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        !format!("{stdout}{stderr}").contains("0 files"),
        "{stdout}{stderr}"
    );
    // Only Markdown that is not an agenda staged.
    write(dir, "README.md", "# My notes\n\nHow I keep them.\n");
    git(dir, &["add", "README.md"]);
    let (code, stdout, stderr) = run_in(dir, &["check", "--staged"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        !format!("{stdout}{stderr}").contains("0 files"),
        "{stdout}{stderr}"
    );
    assert!(stdout.contains("No agendas to check"), "{stdout}");
}

#[test]
fn an_impossible_date_is_said_to_be_no_real_date() {
    let (_tmp, dir) = temp_tree(&[("a.md", GOOD_AGENDA)]);
    let (code, _, stderr) = run_in(&dir, &["new", "--with", "Alex Kim", "--date", "2026-02-30"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("`2026-02-30` is not a real date: February 2026 has 28 days"),
        "{stderr}"
    );
    let (code, _, stderr) = run_in(&dir, &["new", "--with", "Alex Kim", "--date", "30.02.2026"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("write it as YYYY-MM-DD"), "{stderr}");
    let (code, _, stderr) = run_in(&dir, &["check", "--since", "2026-04-31"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("not a real date: April 2026 has 30 days"),
        "{stderr}"
    );
    let (_tmp, dir) = temp_tree(&[
        ("a.md", GOOD_AGENDA),
        (".agendalint.yaml", "since: 2027-02-29\n"),
    ]);
    let (code, _, stderr) = run_in(&dir, &["check"]);
    assert_eq!(code, 2);
    assert!(
        unwrapped(&stderr).contains("February 2027 has 28 days"),
        "{stderr}"
    );
}

#[test]
fn a_date_with_a_time_is_a_date() {
    for date in [
        "2026-11-23 10:00",
        "2026-11-23T10:00:00Z",
        "2026-11-23T10:00:00+01:00",
        "'2026-11-23 10:00'",
    ] {
        let text = GOOD_AGENDA.replace("date: 2026-11-23", &format!("date: {date}"));
        let (_tmp, dir) = temp_tree(&[("a.md", &text)]);
        let (code, stdout, _) = run_in(&dir, &["check", "--format", "concise"]);
        assert_eq!(code, 0, "{date}: {stdout}");
    }
    // The series reads it too: the open item of a meeting dated with a time is carried.
    let earlier = "---\ndate: 2026-11-09 10:00\nwith: Alex Kim\n---\n## Action items\n- [ ] Send the RFC to Alex\n";
    let (_tmp, dir) = temp_tree(&[("a.md", GOOD_AGENDA), ("b.md", earlier)]);
    let (_, stdout, _) = run_in(&dir, &["check", "a.md", "--format", "concise"]);
    assert!(stdout.contains("[open-action-items]"), "{stdout}");
}

#[test]
fn unsafe_fixes_without_fix_or_diff_is_a_usage_error() {
    let (_tmp, dir) = temp_tree(&[("a.md", "# no front matter\n")]);
    let (code, stdout, stderr) = run_in(&dir, &["check", "a.md", "--unsafe-fixes"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("--unsafe-fixes needs --fix or --diff"),
        "{stderr}"
    );
    let (code, _, _) = run_in(&dir, &["check", "a.md", "--diff", "--unsafe-fixes"]);
    assert_eq!(code, 1, "with --diff it is fine");
}

#[test]
fn statistics_count_unsafe_fixes() {
    // No front matter (an unsafe fix), one open item not carried over (a safe fix).
    let earlier =
        "---\ndate: 2026-11-09\nwith: Alex Kim\n---\n## Action items\n- [ ] Send the RFC to Alex\n";
    let (_tmp, dir) = temp_tree(&[
        ("a.md", GOOD_AGENDA),
        ("b.md", earlier),
        ("c.md", "# Projects\n- one\n"),
    ]);
    let (_, stdout, _) = run_in(
        &dir,
        &[
            "check",
            "a.md",
            "c.md",
            "--statistics",
            "--select",
            "front-matter-missing,open-action-items",
        ],
    );
    let row = |rule: &str| {
        stdout
            .lines()
            .find(|l| l.contains(rule))
            .map(|l| l.split_whitespace().map(str::to_string).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    assert!(stdout.contains("fixable  unsafe"), "{stdout}");
    assert_eq!(row("front-matter-missing")[3..], ["0", "1"], "{stdout}");
    assert_eq!(row("open-action-items")[3..], ["1", "0"], "{stdout}");
    let (_, json, _) = run_in(
        &dir,
        &[
            "check",
            "c.md",
            "--statistics",
            "--format",
            "json",
            "--select",
            "front-matter-missing",
        ],
    );
    let document: Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(document["statistics"][0]["unsafe_fixable"], 1, "{json}");
}

#[test]
fn in_n_files_counts_the_same_files_in_human_and_json() {
    let bad =
        "---\ndate: 2026-11-23\nwith: Sam Lee\n---\n## Initiatives\n- Improve CI reliability\n";
    let (_tmp, dir) = temp_tree(&[
        ("a.md", GOOD_AGENDA),
        ("b.md", bad),
        ("c.md", GOOD_AGENDA.replace("Alex Kim", "Priya").as_str()),
    ]);
    let (_, human, _) = run_in(&dir, &["check"]);
    let (_, json, _) = run_in(&dir, &["check", "--format", "json"]);
    let document: Value = serde_json::from_str(&json).expect("JSON");
    let files = document["summary"]["files"].as_u64().expect("files");
    assert_eq!(files, 3);
    assert!(human.contains(&format!("in 1 of {files} files")), "{human}");
    let (_, clean, _) = run_in(&dir, &["check", "a.md", "c.md"]);
    assert!(clean.contains("No problems found in 2 files"), "{clean}");
}

#[test]
fn completions_offer_rule_ids() {
    let (code, script, _) = run_in(crate::common::root(), &["completions", "bash"]);
    assert_eq!(code, 0);
    let explain = script
        .split("agendalint__subcmd__explain)")
        .nth(1)
        .expect("an explain section");
    let explain = explain.split("return 0").next().unwrap_or("");
    for id in ["missing-metric", "duplicate-meeting-date", "file-error"] {
        assert!(explain.contains(id), "explain completes `{id}`:\n{explain}");
    }
    let check = script
        .split("agendalint__subcmd__check)")
        .nth(1)
        .expect("a check section");
    let select = check
        .split("--select)")
        .nth(1)
        .and_then(|s| s.split(";;").next())
        .unwrap_or("");
    let ignore = check
        .split("--ignore)")
        .nth(1)
        .and_then(|s| s.split(";;").next())
        .unwrap_or("");
    for section in [select, ignore] {
        assert!(section.contains("no-time-bound"), "{section}");
        assert!(!section.contains("file-error"), "{section}");
    }
    // Help stays readable: no list of every rule in it.
    let (_, help, _) = run_in(crate::common::root(), &["check", "--help"]);
    assert!(
        !help.contains("possible values: front-matter-missing"),
        "{help}"
    );
}

#[test]
fn explain_knows_custom_rules_and_file_error() {
    let config = "custom_rules:\n  - id: no-jargon\n    level: info\n    pattern: '(?i)\\bsynergy\\b'\n    message: \"Say what you mean instead of 'synergy'\"\n    help: Name the concrete outcome\n    sections: [initiatives]\n";
    let (_tmp, dir) = temp_tree(&[(".agendalint.yaml", config)]);
    let (code, page, stderr) = run_in(&dir, &["explain", "no-jargon"]);
    assert_eq!(code, 0, "{stderr}");
    for wanted in [
        "no-jargon",
        "custom rule",
        "(?i)\\bsynergy\\b",
        "Say what you mean instead of 'synergy'",
        "Name the concrete outcome",
        "initiatives",
        "info",
    ] {
        assert!(page.contains(wanted), "{wanted}:\n{page}");
    }
    let (code, page, _) = run_in(&dir, &["explain", "file-error"]);
    assert_eq!(code, 0);
    assert!(page.contains("UTF-8"), "{page}");
    let (code, _, stderr) = run_in(&dir, &["explain", "no-jargn"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("did you mean `no-jargon`?"), "{stderr}");
}
