//! `check --staged` and `hook install|uninstall`, driven through the real `git` in
//! temporary repositories.

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

fn git(dir: &Path, args: &[&str]) -> (bool, String) {
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
fn repo() -> tempfile::TempDir {
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

fn write(dir: &Path, path: &str, text: &str) {
    std::fs::write(dir.join(path), text).expect("write");
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
