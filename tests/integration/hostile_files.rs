//! Files the tool reads besides the agendas it checks — the config, standard input — that
//! are not what they should be: a named pipe (FIFO), a device, a huge file. Each is
//! refused at once with its path and the reason (a config error, exit status 2); none
//! is waited on or read without bound. The staged blobs and the pre-commit hook are in
//! `git.rs`, the previous meeting's file in `runner.rs`'s unit tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{agendalint, unwrapped};

const AGENDA: &str = "---\ndate: 2026-11-23\nwith: Alex Kim\n---\n# 1:1\n";

/// The largest config file read, as documented.
const CONFIG_LIMIT: usize = 1024 * 1024;

/// Runs `agendalint` in `dir` with a hang guard; returns (exit code, stdout, stderr). A
/// run killed by the guard has exit code -1.
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = agendalint()
        .current_dir(dir)
        .args(args)
        .timeout(Duration::from_secs(20))
        .output()
        .expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        unwrapped(&String::from_utf8_lossy(&output.stderr)),
    )
}

/// A folder with one agenda, `a.md`.
fn notes() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::write(tmp.path().join("a.md"), AGENDA).expect("write");
    tmp
}

/// Makes a named pipe at `path`; false where `mkfifo` is missing.
fn mkfifo(path: &Path) -> bool {
    Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

#[cfg(unix)]
#[test]
fn a_config_that_is_a_fifo_is_a_config_error_not_a_hang() {
    let tmp = notes();
    let dir = tmp.path();
    if !mkfifo(&dir.join("pipe.yaml")) {
        eprintln!("note: mkfifo is missing; the FIFO config case is not exercised");
        return;
    }
    let (code, stdout, stderr) = run(dir, &["check", "--config", "pipe.yaml", "a.md"]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(
        stderr.contains(
            "cannot read config file pipe.yaml: not a regular file but a named pipe (FIFO)"
        ),
        "{stderr}"
    );
    assert!(stdout.is_empty(), "nothing is checked: {stdout}");

    // Discovered: a `.agendalint.yaml` that is a pipe governs the folder, and is refused.
    std::fs::remove_file(dir.join("pipe.yaml")).expect("remove");
    assert!(mkfifo(&dir.join(".agendalint.yaml")));
    let (code, stdout, stderr) = run(dir, &["check", "a.md", "--format", "concise"]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(
        stderr.contains(".agendalint.yaml: not a regular file but a named pipe (FIFO)"),
        "{stderr}"
    );
    assert!(
        !stdout.contains("a.md"),
        "the file it governs is skipped: {stdout}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_config_that_is_a_device_is_a_config_error_not_an_endless_read() {
    let tmp = notes();
    let dir = tmp.path();
    let (code, stdout, stderr) = run(dir, &["check", "--config", "/dev/zero", "a.md"]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(
        stderr.contains(
            "cannot read config file /dev/zero: not a regular file but a character device"
        ),
        "{stderr}"
    );

    // Discovered through a symbolic link.
    std::os::unix::fs::symlink("/dev/zero", dir.join(".agendalint.yaml")).expect("symlink");
    let (code, _, stderr) = run(dir, &["check", "a.md"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(".agendalint.yaml: not a regular file but a character device"),
        "{stderr}"
    );
}

#[test]
fn configs_over_one_mebibyte_are_refused_unread() {
    let tmp = notes();
    let dir = tmp.path();
    let line = format!("# {}\n", "x".repeat(77));
    let at_limit = line.repeat(CONFIG_LIMIT / line.len());
    let at_limit = format!("{at_limit}{}", "#".repeat(CONFIG_LIMIT - at_limit.len()));
    assert_eq!(at_limit.len(), CONFIG_LIMIT);
    std::fs::write(dir.join("big.yaml"), &at_limit).expect("write");
    let (code, stdout, stderr) = run(
        dir,
        &[
            "check", "--config", "big.yaml", "a.md", "--format", "concise",
        ],
    );
    assert_eq!(
        code, 1,
        "a config of exactly 1 MiB is read: {stdout}{stderr}"
    );

    std::fs::write(dir.join("big.yaml"), format!("{at_limit}\n")).expect("write");
    let (code, stdout, stderr) = run(dir, &["check", "--config", "big.yaml", "a.md"]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(
        stderr.contains(&format!(
            "cannot read config file big.yaml: file is {} bytes, over the {CONFIG_LIMIT}-byte limit",
            CONFIG_LIMIT + 1
        )),
        "{stderr}"
    );

    std::fs::rename(dir.join("big.yaml"), dir.join(".agendalint.yaml")).expect("rename");
    let (code, _, stderr) = run(dir, &["check", "a.md"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("over the 1048576-byte limit"), "{stderr}");
}

#[test]
fn a_config_that_is_a_folder_or_a_broken_link_is_a_config_error() {
    let tmp = notes();
    let dir = tmp.path();
    std::fs::create_dir(dir.join(".agendalint.yaml")).expect("mkdir");
    let (code, _, stderr) = run(dir, &["check", "a.md"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(".agendalint.yaml: not a regular file but a folder"),
        "{stderr}"
    );
    #[cfg(unix)]
    {
        std::fs::remove_dir(dir.join(".agendalint.yaml")).expect("rmdir");
        std::os::unix::fs::symlink("nowhere.yaml", dir.join(".agendalint.yaml")).expect("link");
        let (code, _, stderr) = run(dir, &["check", "a.md"]);
        assert_eq!(code, 2, "{stderr}");
        assert!(
            stderr.contains(".agendalint.yaml: broken symbolic link"),
            "{stderr}"
        );
    }
}

/// The binary under test.
fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("agendalint")
}

/// Runs `agendalint check -` with `stdin` as standard input; kills it after 20 s.
/// Returns (exit code, stdout, how long it took).
fn check_stdin(stdin: Stdio, args: &[&str]) -> (Option<i32>, String, Duration) {
    let started = Instant::now();
    let mut child = Command::new(binary())
        .args(["check", "-", "--format", "concise", "--no-config"])
        .args(args)
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs");
    let deadline = started + Duration::from_secs(20);
    loop {
        if let Some(status) = child.try_wait().expect("waitable") {
            let mut stdout = String::new();
            if let Some(mut out) = child.stdout.take() {
                std::io::Read::read_to_string(&mut out, &mut stdout).expect("readable");
            }
            return (status.code(), stdout, started.elapsed());
        }
        if Instant::now() > deadline {
            child.kill().expect("killable");
            child.wait().expect("waitable");
            return (None, String::new(), started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(target_os = "linux")]
#[test]
fn standard_input_is_read_up_to_the_size_cap() {
    let zero = std::fs::File::open("/dev/zero").expect("/dev/zero opens");
    let (code, stdout, took) = check_stdin(zero.into(), &["--max-file-size", "1M"]);
    assert_eq!(
        code,
        Some(2),
        "endless input is cut at the cap ({took:?}): {stdout}"
    );
    assert!(
        stdout.contains(
            "<stdin>:1:1: error[file-error] Cannot check this file: file is over the 1048576-byte limit; it was not read"
        ),
        "{stdout}"
    );
}

#[test]
fn standard_input_over_the_cap_is_a_file_error() {
    let mut child = Command::new(binary())
        .args([
            "check",
            "-",
            "--format",
            "concise",
            "--no-config",
            "--max-file-size",
            "1K",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let text = format!("{AGENDA}{}", "- item\n".repeat(200));
    if let Some(mut stdin) = child.stdin.take() {
        // The tool stops reading at the cap: the rest may meet a closed pipe.
        let _ = std::io::Write::write_all(&mut stdin, text.as_bytes());
    }
    let output = child.wait_with_output().expect("finishes");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(2), "{stdout}");
    assert!(
        stdout.contains("Cannot check this file: file is over the 1024-byte limit"),
        "{stdout}"
    );
}

/// A config error on a 150 KB line: miette cannot draw it (its underline panics past
/// column 65,535), so the error is reported as plain lines, with its place.
#[test]
fn a_config_error_on_a_very_long_line_is_reported_not_a_crash() {
    let tmp = notes();
    let dir = tmp.path();
    let line = format!("company_goals: [{}{{a: b}}]\n", "\"x\", ".repeat(30_000));
    std::fs::write(dir.join(".agendalint.yaml"), &line).expect("write");
    let (code, _, stderr) = run(dir, &["check", "a.md"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains("company_goals[30000]: expected text, found a mapping"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            ".agendalint.yaml:1:{}",
            line.find("{a").unwrap_or(0) + 1
        )),
        "{stderr}"
    );
}

/// The `config_text` fuzz target's checks on a config of each kind it can make: a
/// regular file (YAML, not UTF-8, empty, over the limit), a link to one, a folder, a
/// broken link. Each loads as `Config::parse` says, or is a read error naming the path.
#[test]
fn config_files_of_every_kind_pass_the_fuzz_checks() {
    use crate::robustness::harness::{CONFIG_KIND_MARKER, Checks, check_config_file};
    let over_limit = vec![b'#'; CONFIG_LIMIT + 1];
    let inputs: [&[u8]; 9] = [
        b"rules:\n  promotion-ask: off\n",
        b"rules: [",
        b"",
        b"company_goals: [caf\xe9]\n",
        &over_limit,
        &[CONFIG_KIND_MARKER, 0, b'#'],
        &[CONFIG_KIND_MARKER, 1, b'r', b'u', b'l', b'e', b's', b':'],
        &[CONFIG_KIND_MARKER, 2],
        &[CONFIG_KIND_MARKER, 3],
    ];
    for input in inputs {
        check_config_file(input, Checks::ALL);
    }
}
