//! Inputs built to be slow or to break things, and files that cannot be read: each is
//! reported with its path and a reason, nothing hangs, and the other files are still
//! checked. (How long each takes is measured in docs/PERFORMANCE.md, not asserted here:
//! the timeout is only a guard against hangs.)

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use crate::common::{GOOD_AGENDA, agendalint};

const FRONT_MATTER: &str = "---\ndate: 2026-11-23\nwith: Alex Kim\n---\n";

/// Runs `agendalint check` in `dir` with a hang guard; returns (exit code, stdout).
fn check(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = agendalint()
        .current_dir(dir)
        .arg("check")
        .args(args)
        .args(["--format", "concise"])
        .timeout(Duration::from_secs(30))
        .output()
        .expect("finishes");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

fn case(name: &str, text: &str) -> (tempfile::TempDir, String) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let file = format!("{name}.md");
    std::fs::write(tmp.path().join(&file), text).expect("write");
    (tmp, file)
}

#[test]
fn deep_nesting_in_markdown_is_linear() {
    for (name, body) in [
        ("quotes", "> ".repeat(100_000)),
        ("lists", "- ".repeat(100_000)),
    ] {
        let (tmp, file) = case(name, &format!("{FRONT_MATTER}{body}x\n"));
        let (code, stdout) = check(tmp.path(), &[&file]);
        assert!(matches!(code, 0 | 1), "{name}: {stdout}");
    }
}

#[test]
fn a_five_megabyte_line_is_checked() {
    let line = "cut p99 by 12% by Q3 ".repeat(250_000);
    let (tmp, file) = case("long", &format!("{FRONT_MATTER}## Initiatives\n- {line}\n"));
    let (code, stdout) = check(tmp.path(), &[&file]);
    assert!(matches!(code, 0 | 1), "{stdout}");
}

#[test]
fn yaml_bombs_are_refused_with_a_reason() {
    let mut bomb = String::from(
        "---\ndate: 2026-11-23\nwith: Alex Kim\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for (prev, cur) in ('a'..'i').zip('b'..'j') {
        let refs = vec![format!("*{prev}"); 9].join(", ");
        writeln!(bomb, "{cur}: &{cur} [{refs}]").expect("writing to a String");
    }
    bomb.push_str("---\n# 1:1\n");
    let (tmp, file) = case("bomb", &bomb);
    let (code, stdout) = check(tmp.path(), &[&file]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains(
            "error[front-matter-invalid] Front matter is not valid: its aliases expand too far"
        ),
        "{stdout}"
    );

    let deep = format!(
        "---\ndate: 2026-11-23\nx: {}{}\n---\n# 1:1\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let (tmp, file) = case("deep", &deep);
    let (code, stdout) = check(tmp.path(), &[&file]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("it is nested 10000 levels deep"),
        "{stdout}"
    );

    let mut indented = String::new();
    for i in 0..10_000 {
        let indent = " ".repeat(2 * (i % 200));
        writeln!(indented, "{indent}k{i}:").expect("writing to a String");
    }
    let (tmp, file) = case(
        "indented",
        &format!("---\ndate: 2026-11-23\n{indented}---\n# 1:1\n"),
    );
    let (code, stdout) = check(tmp.path(), &[&file]);
    assert_eq!(code, 1);
    assert!(stdout.contains("levels deep"), "{stdout}");
}

#[test]
fn files_over_the_size_cap_are_reported_not_read() {
    let (tmp, file) = case("big", &format!("{FRONT_MATTER}{}", "x".repeat(2_000)));
    std::fs::write(tmp.path().join("small.md"), GOOD_AGENDA).expect("write");
    let (code, stdout) = check(tmp.path(), &[".", "--max-file-size", "1K"]);
    assert_eq!(code, 2);
    assert!(
        stdout.contains(&format!(
            "{file}:1:1: error[file-error] Cannot check this file: file is"
        )),
        "{stdout}"
    );
    assert!(stdout.contains("over the 1024-byte limit"), "{stdout}");
    assert!(
        !stdout.contains("small.md"),
        "the small file is still checked, and clean: {stdout}"
    );
}

#[cfg(unix)]
#[test]
fn bad_files_are_reported_and_the_rest_is_checked() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    std::fs::write(dir.join("good.md"), GOOD_AGENDA).expect("write");
    std::fs::write(dir.join("latin1.md"), b"---\nwith: Jos\xe9\n---\n").expect("write");
    std::os::unix::fs::symlink(dir.join("nowhere.md"), dir.join("dangling.md")).expect("symlink");
    std::fs::create_dir_all(dir.join("folder.md")).expect("mkdir");
    let fifo = dir.join("pipe.md");
    let made_fifo = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let locked = dir.join("locked.md");
    std::fs::write(&locked, GOOD_AGENDA).expect("write");
    let mut permissions = std::fs::metadata(&locked).expect("meta").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o000);
    std::fs::set_permissions(&locked, permissions).expect("chmod");
    // Root reads anything: then the unreadable case cannot be made here.
    let unreadable = std::fs::read(&locked).is_err();

    // Two copies of one agenda on one day are a series finding of their own: not here.
    let (code, stdout) = check(
        dir,
        &[
            ".",
            "folder.md",
            "--ignore",
            "career-cadence,open-action-items,duplicate-meeting-date",
        ],
    );
    assert_eq!(code, 2, "{stdout}");
    assert!(
        stdout.contains("latin1.md:1:1: error[file-error] Cannot check this file: not valid UTF-8"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "dangling.md:1:1: error[file-error] Cannot check this file: broken symbolic link"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("folder.md:1:1: error[file-error] Cannot check this file: is a folder, not an agenda file"), "{stdout}");
    if made_fifo {
        assert!(
            stdout.contains(
                "pipe.md:1:1: error[file-error] Cannot check this file: not a regular file"
            ),
            "{stdout}"
        );
    }
    if unreadable {
        assert!(
            stdout.contains(
                "locked.md:1:1: error[file-error] Cannot check this file: permission denied"
            ),
            "{stdout}"
        );
    } else {
        eprintln!(
            "note: running as a user who can read mode-000 files; the unreadable case is not exercised"
        );
    }
    assert!(
        !stdout.contains("good.md"),
        "the good file is checked and clean: {stdout}"
    );
}
