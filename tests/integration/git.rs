//! `check --staged` and `hook install|uninstall`, driven through the real `git` in
//! temporary repositories.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{GOOD_AGENDA, run_in};

const BAD_AGENDA: &str =
    "---\ndate: 2026-11-23\nwith: Alex Kim\n---\n## Initiatives\n- Improve CI reliability\n";

/// The folder of the binary under test, to put it on `PATH` for hooks.
fn binary_dir() -> PathBuf {
    let binary = assert_cmd::cargo::cargo_bin("agendalint");
    binary
        .parent()
        .map(Path::to_path_buf)
        .expect("the binary has a folder")
}

fn path_with_binary() -> std::ffi::OsString {
    let mut paths = vec![binary_dir()];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).expect("joinable PATH")
}

pub(crate) fn git(dir: &Path, args: &[&str]) -> (bool, String) {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("PATH", path_with_binary())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

/// A new repository with one commit and a notes folder.
pub(crate) fn repo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["config", "user.email", "me@example.com"],
        &["config", "user.name", "Me"],
        &["config", "commit.gpgsign", "false"],
    ] {
        assert!(git(dir, args).0);
    }
    std::fs::write(dir.join("README.txt"), "notes\n").expect("write");
    git(dir, &["add", "README.txt"]);
    assert!(git(dir, &["commit", "-q", "-m", "start"]).0);
    std::fs::create_dir_all(dir.join("notes")).expect("mkdir");
    tmp
}

pub(crate) fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
}

#[test]
fn staged_checks_the_index_not_the_work_tree() {
    let tmp = repo();
    let dir = tmp.path();
    write(dir, "notes/a.md", BAD_AGENDA);
    git(dir, &["add", "notes/a.md"]);
    write(dir, "notes/a.md", GOOD_AGENDA);
    let (code, stdout, _) = run_in(dir, &["check", "--staged", "--format", "concise"]);
    assert_eq!(code, 1, "the staged version is the bad one: {stdout}");
    assert!(
        stdout.contains("notes/a.md:6:3: warning[missing-metric]"),
        "{stdout}"
    );
    // The other way round passes.
    git(dir, &["add", "notes/a.md"]);
    write(dir, "notes/a.md", BAD_AGENDA);
    let (code, stdout, _) = run_in(dir, &["check", "--staged"]);
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn staged_paths_are_reported_as_in_the_repository() {
    let tmp = repo();
    let dir = tmp.path();
    write(dir, "notes/a.md", BAD_AGENDA);
    git(dir, &["add", "notes/a.md"]);
    let (_, stdout, _) = run_in(
        &dir.join("notes"),
        &["check", "--staged", "--format", "concise"],
    );
    assert!(stdout.contains("notes/a.md:6:3:"), "{stdout}");
}

#[test]
fn staged_renames_deletions_and_non_agendas() {
    let tmp = repo();
    let dir = tmp.path();
    write(dir, "notes/old.md", BAD_AGENDA);
    write(dir, "notes/gone.md", BAD_AGENDA);
    git(dir, &["add", "notes"]);
    git(dir, &["commit", "-q", "--no-verify", "-m", "two"]);
    git(dir, &["mv", "notes/old.md", "notes/new.md"]);
    git(dir, &["rm", "-q", "notes/gone.md"]);
    write(dir, "notes/data.json", "{\"not\": \"markdown\"}");
    git(dir, &["add", "notes/data.json"]);
    let (code, stdout, _) = run_in(dir, &["check", "--staged", "--format", "concise"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("notes/new.md:"),
        "the renamed file is checked: {stdout}"
    );
    assert!(
        !stdout.contains("gone.md") && !stdout.contains("old.md"),
        "{stdout}"
    );
    assert!(!stdout.contains("data.json"), "{stdout}");
}

#[test]
fn staged_with_nothing_staged_or_outside_a_repository() {
    let tmp = repo();
    let (code, _, stderr) = run_in(tmp.path(), &["check", "--staged"]);
    assert_eq!(code, 0);
    assert!(stderr.contains("No staged agendas"), "{stderr}");
    let outside = tempfile::tempdir().expect("temp dir");
    let (code, _, stderr) = run_in(outside.path(), &["check", "--staged"]);
    let stderr = crate::common::unwrapped(&stderr);
    assert_eq!(code, 2);
    assert!(stderr.contains("not inside a git repository"), "{stderr}");
    let (code, _, stderr) = run_in(tmp.path(), &["check", "--staged", "--fix"]);
    let stderr = crate::common::unwrapped(&stderr);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--staged checks the staged files only"),
        "{stderr}"
    );
}

#[test]
fn the_hook_refuses_bad_commits_and_lets_good_ones_through() {
    let tmp = repo();
    let dir = tmp.path();
    let (code, stdout, stderr) = run_in(dir, &["hook", "install"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Installed the pre-commit hook"), "{stdout}");

    write(dir, "notes/bad.md", BAD_AGENDA);
    git(dir, &["add", "notes/bad.md"]);
    let (committed, output) = git(dir, &["commit", "-m", "bad agenda"]);
    assert!(!committed, "the commit is refused:\n{output}");
    assert!(
        output.contains("missing-metric"),
        "the diagnostics are shown:\n{output}"
    );

    let (committed, output) = git(dir, &["commit", "--no-verify", "-m", "bad agenda anyway"]);
    assert!(committed, "--no-verify bypasses the hook:\n{output}");

    // Another day: two agendas with one person on one day are themselves a finding.
    write(
        dir,
        "notes/good.md",
        &GOOD_AGENDA.replace("2026-11-23", "2026-11-30"),
    );
    git(dir, &["add", "notes/good.md"]);
    let (committed, output) = git(dir, &["commit", "-m", "good agenda"]);
    assert!(committed, "a good agenda goes through:\n{output}");
}

#[test]
fn hooks_honour_core_hooks_path_and_never_clobber_a_foreign_hook() {
    let tmp = repo();
    let dir = tmp.path();
    git(dir, &["config", "core.hooksPath", ".githooks"]);
    std::fs::create_dir_all(dir.join(".githooks")).expect("mkdir");
    let foreign = "#!/bin/sh\necho my own hook\n";
    write(dir, ".githooks/pre-commit", foreign);

    let (code, _, stderr) = run_in(dir, &["hook", "install"]);
    let stderr = crate::common::unwrapped(&stderr);
    assert_eq!(code, 2);
    assert!(stderr.contains("agendalint did not write"), "{stderr}");
    assert!(
        stderr.contains("agendalint check --staged || exit 1"),
        "it says how to chain: {stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join(".githooks/pre-commit")).expect("read"),
        foreign
    );

    let (code, _, stderr) = run_in(dir, &["hook", "uninstall"]);
    let stderr = crate::common::unwrapped(&stderr);
    assert_eq!(code, 2, "a foreign hook is not removed");
    assert!(stderr.contains("was not removed"), "{stderr}");

    let (code, stdout, _) = run_in(dir, &["hook", "install", "--force"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("pre-commit.agendalint-backup"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(dir.join(".githooks/pre-commit.agendalint-backup"))
            .expect("backup"),
        foreign
    );
    assert!(
        std::fs::read_to_string(dir.join(".githooks/pre-commit"))
            .expect("hook")
            .contains("agendalint check --staged")
    );
    assert!(
        !dir.join(".git/hooks/pre-commit").exists(),
        "core.hooksPath is honoured"
    );

    let (code, stdout, _) = run_in(dir, &["hook", "uninstall"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("your earlier hook is back"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(dir.join(".githooks/pre-commit")).expect("read"),
        foreign
    );
}

#[test]
fn staged_files_over_the_size_cap_are_reported_not_read() {
    let tmp = repo();
    let dir = tmp.path();
    let big = format!("{GOOD_AGENDA}{}", "- more notes\n".repeat(200));
    write(dir, "notes/big.md", &big);
    write(dir, "notes/a.md", GOOD_AGENDA);
    git(dir, &["add", "notes"]);
    let (code, stdout, _) = run_in(
        dir,
        &[
            "check",
            "--staged",
            "--format",
            "concise",
            "--max-file-size",
            "1K",
        ],
    );
    assert_eq!(code, 2, "{stdout}");
    assert!(
        stdout.contains(
            "notes/big.md:1:1: error[file-error] Cannot check this file: file is over the 1024-byte limit; it was not read"
        ),
        "{stdout}"
    );
    assert!(
        !stdout.contains("notes/a.md"),
        "the other file is checked: {stdout}"
    );
}

#[cfg(unix)]
#[test]
fn a_pre_commit_hook_that_is_a_fifo_is_foreign_not_a_hang() {
    let tmp = repo();
    let dir = tmp.path();
    let hooks = dir.join(".git/hooks");
    std::fs::create_dir_all(&hooks).expect("mkdir");
    let made = Command::new("mkfifo")
        .arg(hooks.join("pre-commit"))
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("note: mkfifo is missing; the FIFO hook case is not exercised");
        return;
    }
    let output = crate::common::agendalint()
        .current_dir(dir)
        .args(["hook", "install"])
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .expect("runs");
    let stderr = crate::common::unwrapped(&String::from_utf8_lossy(&output.stderr));
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("agendalint did not write"), "{stderr}");
}

/// An agenda dated in the past with findings on several lines.
const PAST_AGENDA: &str = "---
date: 2026-09-01
with: Alex Kim
---
# 1:1 with Alex

## Initiatives
- Improve CI reliabilty
- Propose a flaky-test budget: cut CI reruns by 40% within 60 days

## Action items
- [x] Send the migration RFC to Alex by Friday
";

fn commit_all(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    let (committed, output) = git(dir, &["commit", "-q", "--no-verify", "-m", message]);
    assert!(committed, "{output}");
}

/// Issue 12: the hook refused a one-word typo fix in an old agenda.
#[test]
fn the_hook_judges_only_the_lines_a_commit_changes_in_a_past_agenda() {
    let tmp = repo();
    let dir = tmp.path();
    write(dir, "notes/2026-09-01.md", PAST_AGENDA);
    commit_all(dir, "old notes");
    assert_eq!(run_in(dir, &["hook", "install"]).0, 0);

    // Typos fixed in the title (where whole-agenda findings point) and on a line with a
    // finding: the findings were there before the commit, so they do not count.
    for (typo, fixed) in [
        ("# 1:1 with Alex\n", "# 1:1 with Alex Kim\n"),
        ("reliabilty", "reliability"),
    ] {
        let current = std::fs::read_to_string(dir.join("notes/2026-09-01.md")).expect("read");
        write(dir, "notes/2026-09-01.md", &current.replace(typo, fixed));
        git(dir, &["add", "notes/2026-09-01.md"]);
        let (code, stdout, _) = run_in(dir, &["check", "--staged", "--format", "concise"]);
        assert_eq!(code, 0, "{stdout}");
        assert!(stdout.contains("not brought in by this commit"), "{stdout}");
        let (committed, output) = git(dir, &["commit", "-m", "typo"]);
        assert!(committed, "the hook lets a typo fix through:\n{output}");
    }

    // A new problem on a changed line fails.
    write(
        dir,
        "notes/2026-09-01.md",
        &PAST_AGENDA.replace(
            "## Action items",
            "- Fix the flaky tests\n\n## Action items",
        ),
    );
    git(dir, &["add", "notes/2026-09-01.md"]);
    let (code, stdout, stderr) = run_in(dir, &["check", "--staged", "--format", "concise"]);
    assert_eq!(code, 1, "{stdout}");
    let flagged: Vec<&str> = stdout.lines().filter(|l| l.starts_with("notes/")).collect();
    assert!(
        !flagged.is_empty()
            && flagged
                .iter()
                .all(|l| l.starts_with("notes/2026-09-01.md:11:")),
        "only the changed line: {stdout}"
    );
    assert!(
        stderr.contains("git commit --no-verify"),
        "how to skip once: {stderr}"
    );
    assert!(
        stderr.contains("agendalint baseline"),
        "how to baseline: {stderr}"
    );
    let (committed, output) = git(dir, &["commit", "-m", "new problem"]);
    assert!(!committed, "{output}");
    assert!(
        output.contains("--no-verify") && output.contains("agendalint baseline"),
        "{output}"
    );
}

#[test]
fn a_new_agenda_is_judged_whole_even_when_dated_in_the_past() {
    let tmp = repo();
    let dir = tmp.path();
    write(dir, "notes/2026-09-01.md", PAST_AGENDA);
    git(dir, &["add", "notes/2026-09-01.md"]);
    let (code, stdout, _) = run_in(dir, &["check", "--staged", "--format", "concise"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("notes/2026-09-01.md:8:3: warning[missing-metric]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("notes/2026-09-01.md:5:1:"),
        "findings anywhere in the file: {stdout}"
    );
}

#[test]
fn changed_since_checks_only_what_changed() {
    let tmp = repo();
    let dir = tmp.path();
    write(dir, "notes/2026-09-01.md", PAST_AGENDA);
    write(
        dir,
        "notes/2026-09-15.md",
        &PAST_AGENDA.replace("2026-09-01", "2026-09-15"),
    );
    commit_all(dir, "notes");
    git(dir, &["checkout", "-q", "-b", "topic"]);
    write(
        dir,
        "notes/2026-09-15.md",
        &PAST_AGENDA
            .replace("2026-09-01", "2026-09-15")
            .replace("reliabilty", "reliability"),
    );
    commit_all(dir, "typo");
    write(
        dir,
        "notes/2026-09-29.md",
        &PAST_AGENDA.replace("2026-09-01", "2026-09-29"),
    );

    let (code, stdout, stderr) = run_in(
        dir,
        &[
            "check",
            "notes",
            "--changed-since",
            "main",
            "--format",
            "concise",
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(!stdout.contains("2026-09-01.md"), "unchanged: {stdout}");
    assert!(
        stdout.contains("notes/2026-09-15.md:"),
        "committed on the branch: {stdout}"
    );
    assert!(
        stdout.contains("notes/2026-09-29.md:"),
        "new, not yet committed: {stdout}"
    );
    assert!(stdout.contains("in 2 files"), "{stdout}");
    // Series rules still read every agenda: the same findings as checking the files.
    let (_, whole, _) = run_in(
        dir,
        &[
            "check",
            "notes/2026-09-15.md",
            "notes/2026-09-29.md",
            "--format",
            "concise",
        ],
    );
    assert_eq!(stdout, whole);

    let (code, _, stderr) = run_in(
        dir,
        &["check", "notes", "--changed-since", "no-such-branch"],
    );
    let stderr = crate::common::unwrapped(&stderr);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("`no-such-branch` is not a commit git knows"),
        "{stderr}"
    );
    assert!(stderr.contains("GitHub Actions"), "{stderr}");
    let outside = tempfile::tempdir().expect("temp dir");
    let (code, _, stderr) = run_in(outside.path(), &["check", "--changed-since", "main"]);
    assert_eq!(code, 2);
    assert!(
        crate::common::unwrapped(&stderr).contains("not inside a git repository"),
        "{stderr}"
    );
}

#[test]
fn github_format_writes_a_step_summary_when_asked() {
    let tmp = repo();
    let dir = tmp.path();
    let mut many =
        String::from("---\ndate: 2026-09-01\nwith: Alex Kim\n---\n# 1:1\n\n## Initiatives\n");
    for i in 0..60 {
        writeln!(many, "- Improve | thing {i}").expect("to a String");
    }
    write(dir, "notes/2026-09-01.md", &many);
    let summary = dir.join("summary.md");
    std::fs::write(&summary, "earlier step\n").expect("write");
    let output = crate::common::agendalint()
        .current_dir(dir)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["check", "notes", "--format", "github"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("::warning file=notes/2026-09-01.md,line=8"),
        "{stdout}"
    );
    let text = std::fs::read_to_string(&summary).expect("read");
    assert!(
        text.starts_with("earlier step\n### agendalint\n"),
        "appended: {text}"
    );
    assert!(
        text.contains("| notes/2026-09-01.md | 8 | warning | `missing-metric` |"),
        "{text}"
    );
    assert_eq!(
        text.lines().filter(|l| l.starts_with("| notes/")).count(),
        50,
        "{text}"
    );
    assert!(text.contains("… and "), "the rest are counted: {text}");
    assert!(
        !text.contains("Improve | thing"),
        "pipes in cells are escaped: {text}"
    );
    // Other formats leave it alone.
    std::fs::write(&summary, "").expect("write");
    crate::common::agendalint()
        .current_dir(dir)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["check", "notes", "--format", "concise"])
        .output()
        .expect("runs");
    assert_eq!(std::fs::read_to_string(&summary).expect("read"), "");
}
