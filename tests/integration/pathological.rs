//! Inputs built to be slow or to break things, and files that cannot be read: each is
//! reported with its path and a reason, nothing hangs, and the other files are still
//! checked. (How long each takes is measured in docs/PERFORMANCE.md, not asserted here:
//! the timeout is only a guard against hangs.)

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use crate::common::{GOOD_AGENDA, agendalint};

const FRONT_MATTER: &str = "---\ndate: 2026-11-23\nwith: Alex Kim\n---\n";

/// Runs `agendalint check` in `dir` with a hang guard; returns (exit code, stdout). The
/// guard is generous (an unoptimised build on a busy machine takes seconds on the
/// largest case; a quadratic pass would take hours).
fn check(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = agendalint()
        .current_dir(dir)
        .arg("check")
        .args(args)
        .args(["--format", "concise"])
        .timeout(Duration::from_secs(120))
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

/// A config in which `swamped` is always a grievance: tests that need a finding on
/// every item rely on it, not on the learned scorer's judgement of each.
fn flag_swamped(dir: &Path) {
    std::fs::write(
        dir.join(".agendalint.yaml"),
        "rules:\n  complaint-phrasing: { extra_phrases: [swamped] }\n",
    )
    .expect("write config");
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

/// Time boxes are summed once each: 100,000 boxed headings (and as many boxed items
/// under one unboxed heading) are checked well inside the hang guard. Finding which
/// boxes count used to compare every section with every other one. Only `time-budget`
/// runs: what each of 200,000 items costs the other rules is measured by the benchmarks.
#[test]
fn a_hundred_thousand_time_boxes_are_linear() {
    let mut text = String::from("---\ndate: 2026-11-23\nwith: Alex Kim\nduration: 30\n---\n");
    for i in 0..100_000 {
        writeln!(text, "## Topic {i} (5 min)").expect("writing to a String");
    }
    writeln!(text, "# Notes").expect("writing to a String");
    for i in 0..100_000 {
        writeln!(text, "- item {i} (1 min)").expect("writing to a String");
    }
    let (tmp, file) = case("boxes", &text);
    let (code, stdout) = check(tmp.path(), &[&file, "--select", "time-budget"]);
    assert_eq!(code, 1, "{}", &stdout[..stdout.len().min(2_000)]);
    assert!(
        stdout.contains(
            "warning[time-budget] Time boxes add up to 600000 min, over the 30-min duration"
        ),
        "{}",
        &stdout[..stdout.len().min(2_000)]
    );
}

/// 100,000 career items, each a vague aspiration with no time frame: each of the
/// 100,000 `no-time-bound` findings is matched with the aspiration that covers it by a
/// binary search. It used to compare every finding with every other one.
#[test]
fn a_hundred_thousand_covered_findings_are_linear() {
    let mut text = String::from(FRONT_MATTER);
    writeln!(text, "## Career").expect("writing to a String");
    for i in 0..100_000 {
        writeln!(text, "- I want to lead team {i} someday").expect("writing to a String");
    }
    let (tmp, file) = case("career", &text);
    let (code, stdout) = check(
        tmp.path(),
        &[&file, "--select", "vague-aspiration,no-time-bound"],
    );
    assert_eq!(code, 1, "{}", &stdout[..stdout.len().min(2_000)]);
    assert!(
        stdout.contains("Found 100000 problems"),
        "one finding per item: {}",
        &stdout[stdout.len().saturating_sub(300)..]
    );
}

/// 100,000 sections of a known kind, each with an item: each section's parts are found
/// in one pass over the file, not by a scan of every other section and item.
#[test]
fn a_hundred_thousand_sections_are_linear() {
    let mut text = String::from(FRONT_MATTER);
    for i in 0..100_000 {
        writeln!(text, "## Projects\n- Checkout service {i}").expect("writing to a String");
    }
    let (tmp, file) = case("sections", &text);
    let (code, stdout) = check(tmp.path(), &[&file, "--select", "project-missing-decision"]);
    assert_eq!(code, 1, "{}", &stdout[..stdout.len().min(2_000)]);
    assert!(
        stdout.contains("Found 100000 problems"),
        "{}",
        &stdout[stdout.len().saturating_sub(300)..]
    );
}

/// Inline control with a comment on every line: each finding looks up the comments
/// that apply to its line, it does not walk all of them.
#[test]
fn a_hundred_thousand_inline_comments_are_linear() {
    let mut toggles = String::from(FRONT_MATTER);
    let mut per_line = String::from(FRONT_MATTER);
    for i in 0..100_000 {
        writeln!(
            toggles,
            "<!-- agendalint-disable promotion-ask -->\n- I am swamped {i}"
        )
        .expect("writing to a String");
        writeln!(
            per_line,
            "- I am swamped {i} <!-- agendalint-disable-line promotion-ask -->"
        )
        .expect("writing to a String");
    }
    for (name, text) in [("toggles", toggles), ("per-line", per_line)] {
        let (tmp, file) = case(name, &text);
        flag_swamped(tmp.path());
        let (code, stdout) = check(tmp.path(), &[&file, "--select", "complaint-phrasing"]);
        assert_eq!(code, 1, "{name}: {}", &stdout[..stdout.len().min(2_000)]);
        assert!(
            stdout.contains("Found 100000 problems"),
            "{name}: {}",
            &stdout[stdout.len().saturating_sub(300)..]
        );
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

/// Runs `agendalint check --format human` on one file with a hang guard; returns (exit
/// code, stdout, stderr).
fn check_human(dir: &Path, file: &str) -> (i32, String, String) {
    let output = agendalint()
        .current_dir(dir)
        .args(["check", file, "--format", "human", "--color", "never"])
        .timeout(Duration::from_secs(120))
        .output()
        .expect("finishes");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Issue 13: a 100,000-character key in the front matter (which YAML refuses: implicit
/// keys stop at 1,024 characters) made the human report panic inside miette.
#[test]
fn a_finding_on_a_hundred_thousand_character_key_renders() {
    let key = "k".repeat(100_000);
    let (tmp, file) = case(
        "long-key",
        &format!("---\ndate: 2026-11-23\nwith: Alex Kim\n{key}: value\n---\n# 1:1\n"),
    );
    let (code, stdout, stderr) = check_human(tmp.path(), &file);
    assert_eq!(code, 1, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stdout.contains("error[front-matter-invalid]"),
        "{}",
        &stdout[..stdout.len().min(2_000)]
    );
    assert!(
        stdout.contains(&format!("[{file}:4:100001]")),
        "the header has the file's line and column: {}",
        &stdout[..stdout.len().min(2_000)]
    );
    assert!(
        stdout.contains(&format!(" 4 │ …{}: value\n", "k".repeat(60))),
        "the line is clipped to the span: {}",
        &stdout[..stdout.len().min(2_000)]
    );
    assert!(
        stdout.len() < 20_000,
        "the long line is not printed whole: {} bytes",
        stdout.len()
    );
}

/// Findings on and around a 200 KB line of the body: each shows a window of the line
/// around its span, with the file's own line and column.
#[test]
fn findings_on_a_two_hundred_kilobyte_line_render_clipped() {
    let filler = "we discussed the roadmap at length ".repeat(6_000);
    let line = format!("- {filler}and I am swamped with too many meetings");
    assert!(line.len() > 200_000);
    let text = format!("{FRONT_MATTER}## Notes\n{line}\n- short item\n");
    let (tmp, file) = case("long-body", &text);
    flag_swamped(tmp.path());
    let (code, stdout, stderr) = check_human(tmp.path(), &file);
    assert_eq!(code, 1, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let column = line.find("swamped").expect("the phrase") + 1;
    assert!(
        stdout.contains(&format!("[{file}:6:{column}]")),
        "the header has the file's line and column: {}",
        &stdout[..stdout.len().min(3_000)]
    );
    assert!(
        stdout.contains(&format!(" 6 │ …{}\n", &line[column - 1 - 60..])),
        "{}",
        &stdout[..stdout.len().min(3_000)]
    );
    assert!(
        stdout.len() < 20_000,
        "the long line is not printed whole: {} bytes",
        stdout.len()
    );
}

/// `agendalint check | head -1`: the output closes early; the run ends at once, quietly,
/// with status 0 (as ripgrep does), in a line format and in a whole-document one.
#[test]
fn a_closed_output_pipe_ends_the_run_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    let tmp = tempfile::tempdir().expect("temp dir");
    for i in 0..400 {
        std::fs::write(
            tmp.path().join(format!("a{i:03}.md")),
            format!("{FRONT_MATTER}## Initiatives\n- Improve CI number {i}\n"),
        )
        .expect("write");
    }
    for format in ["concise", "json"] {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("agendalint"))
            .current_dir(tmp.path())
            .args(["check", ".", "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        let stdout = child.stdout.take().expect("piped");
        let mut first = String::new();
        BufReader::new(stdout)
            .read_line(&mut first)
            .expect("a first line");
        // The reading end is closed here, with most of the output unread.
        let output = child.wait_with_output().expect("finishes");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "--format {format}: {stderr}");
        assert!(stderr.is_empty(), "--format {format}: {stderr}");
    }
}
