//! `--fix` and `--diff` on temporary copies of every fixture: files change only where an
//! edit applies, nothing else is touched, a second pass changes nothing, and the diff
//! applied with `git apply` gives the same files as `--fix`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use agendalint::diagnostic::{Diagnostic, Edit, Fix, Severity, Span};
use serde_json::Value;

use crate::common::{root, run_in};

/// Copies `fixtures/` into a temporary folder; returns it and the relative paths of
/// every file in it.
fn copy_fixtures() -> (tempfile::TempDir, Vec<PathBuf>) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let source = root().join("fixtures");
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&source)
        .into_iter()
        // What earlier runs over the fixtures kept between runs is not a fixture.
        .filter_entry(|e| e.file_name() != agendalint::runner::CACHE_DIR)
        .filter_map(Result::ok)
    {
        let relative = entry
            .path()
            .strip_prefix(root())
            .expect("inside the repository")
            .to_path_buf();
        let target = tmp.path().join(&relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).expect("copy");
            files.push(relative);
        }
    }
    files.sort();
    (tmp, files)
}

#[derive(Clone, PartialEq, Eq, Debug)]
struct Snapshot {
    bytes: Vec<u8>,
    modified: SystemTime,
}

fn snapshot(dir: &Path, files: &[PathBuf]) -> BTreeMap<PathBuf, Snapshot> {
    files
        .iter()
        .map(|f| {
            let path = dir.join(f);
            let bytes = std::fs::read(&path).expect("read");
            let modified = std::fs::metadata(&path)
                .and_then(|m| m.modified())
                .expect("mtime");
            (f.clone(), Snapshot { bytes, modified })
        })
        .collect()
}

/// The fixes the binary reports for one file, as library diagnostics.
fn reported_fixes(dir: &Path, file: &Path) -> Vec<Diagnostic> {
    let shown = file.to_string_lossy().replace('\\', "/");
    let (_, stdout, _) = run_in(dir, &["check", &shown, "--format", "json"]);
    let json: Value = serde_json::from_str(&stdout).expect("JSON");
    json["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|d| !d["fix"].is_null())
        .map(|d| {
            let edits = d["fix"]["edits"]
                .as_array()
                .expect("edits")
                .iter()
                .map(|e| {
                    let start = e["start"].as_u64().expect("start") as usize;
                    let end = e["end"].as_u64().expect("end") as usize;
                    Edit::replacement(
                        Span::new(start, end),
                        e["replacement"].as_str().expect("text"),
                    )
                })
                .collect();
            let fix = if d["fix"]["applicability"] == "safe" {
                Fix::safe(edits)
            } else {
                Fix::unsafe_edits(edits)
            };
            Diagnostic::new("reported", Severity::Warning, Span::empty(0), "m", "h").with_fix(fix)
        })
        .collect()
}

/// Applies, pass after pass, exactly the edits the binary reports in its JSON output —
/// the reference for what `--fix` may change.
fn fix_by_reported_edits(dir: &Path, file: &Path) -> Vec<u8> {
    let path = dir.join(file);
    for _ in 0..agendalint::fix::MAX_PASSES {
        let text = std::fs::read_to_string(&path).expect("UTF-8");
        let reported = reported_fixes(dir, file);
        let Some(applied) = agendalint::fix::apply(&text, &reported, true) else {
            break;
        };
        std::fs::write(&path, applied.text).expect("write");
    }
    std::fs::read(&path).expect("read")
}

#[test]
fn fix_changes_only_what_edits_say_and_converges() {
    let (tmp, files) = copy_fixtures();
    let dir = tmp.path();
    let before = snapshot(dir, &files);
    let (reference, _) = copy_fixtures();
    let (code, _, stderr) = run_in(
        dir,
        &[
            "check",
            "fixtures",
            "--fix",
            "--unsafe-fixes",
            "--format",
            "concise",
        ],
    );
    assert!(matches!(code, 0..=2), "{stderr}");
    let after = snapshot(dir, &files);
    let mut changed = 0;
    for file in &files {
        let (old, new) = (&before[file], &after[file]);
        let shown = file.to_string_lossy().replace('\\', "/");
        if old.bytes == new.bytes {
            assert_eq!(
                old.modified, new.modified,
                "{shown}: untouched files keep their modification time"
            );
            continue;
        }
        changed += 1;
        let old_text = String::from_utf8(old.bytes.clone()).expect("UTF-8 fixture");
        let new_text = String::from_utf8(new.bytes.clone()).expect("fixed text stays UTF-8");
        let reference_bytes = fix_by_reported_edits(reference.path(), file);
        assert!(
            reference_bytes == new.bytes,
            "{shown}: --fix changed more or less than the edits it reports:\n--- by the reported edits\n{}\n--- by --fix\n{}",
            String::from_utf8_lossy(&reference_bytes),
            String::from_utf8_lossy(&new.bytes)
        );
        if old_text.starts_with('\u{feff}') {
            assert!(
                new_text.starts_with('\u{feff}'),
                "{shown}: the byte-order mark is kept"
            );
        }
        let crlf = |t: &str| t.contains("\r\n") && !t.replace("\r\n", "").contains('\n');
        if crlf(&old_text) {
            assert!(crlf(&new_text), "{shown}: CRLF stays CRLF");
        }
    }
    assert!(
        changed >= 5,
        "expected several fixture files to be fixable, got {changed}"
    );

    // A second pass changes nothing.
    run_in(dir, &["check", "fixtures", "--fix", "--unsafe-fixes"]);
    let again = snapshot(dir, &files);
    let moved: Vec<&PathBuf> = files.iter().filter(|f| again[*f] != after[*f]).collect();
    assert!(moved.is_empty(), "a second --fix changed {moved:?}");

    // Nothing fixable is left.
    let (_, stdout, _) = run_in(dir, &["check", "fixtures", "--format", "json"]);
    let json: Value = serde_json::from_str(&stdout).expect("JSON");
    let fixable: Vec<&Value> = json["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|d| !d["fix"].is_null())
        .collect();
    assert!(
        fixable.is_empty(),
        "fixable findings left after --fix: {fixable:?}"
    );
}

/// Fixable findings of a JSON run: (safe, unsafe).
fn fixable_counts(dir: &Path) -> (usize, usize) {
    let (_, stdout, _) = run_in(dir, &["check", "fixtures", "--format", "json"]);
    let json: Value = serde_json::from_str(&stdout).expect("JSON");
    let diagnostics = json["diagnostics"].as_array().expect("list");
    let count = |kind: &str| {
        diagnostics
            .iter()
            .filter(|d| d["fix"]["applicability"] == kind)
            .count()
    };
    (count("safe"), count("unsafe"))
}

#[test]
fn safe_fix_mode_applies_safe_fixes_only() {
    let (tmp, files) = copy_fixtures();
    let dir = tmp.path();
    let (safe, risky) = fixable_counts(dir);
    assert!(
        safe > 0 && risky > 0,
        "the fixtures have both kinds: {safe} safe, {risky} unsafe"
    );
    let before = snapshot(dir, &files);
    let (_, stdout, _) = run_in(dir, &["check", "fixtures", "--fix"]);
    // Carrying an item over can make the next meeting carry it too: at least the first
    // ones are fixed, and no safe fix is left.
    let fixed: usize = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Fixed ")?.split(' ').next()?.parse().ok())
        .unwrap_or_else(|| panic!("no fix summary in:\n{stdout}"));
    assert!(fixed >= safe, "{stdout}");
    assert_eq!(fixable_counts(dir).0, 0, "no safe fix is left");
    let after = snapshot(dir, &files);
    let changed: Vec<&PathBuf> = files.iter().filter(|f| before[*f] != after[*f]).collect();
    assert!(!changed.is_empty());
    for file in changed {
        let old = String::from_utf8_lossy(&before[file].bytes).into_owned();
        let new = String::from_utf8_lossy(&after[file].bytes).into_owned();
        // Safe fixes only add carried-over items: every old line is still there.
        let kept = old.lines().all(|line| new.contains(line));
        assert!(kept, "{}: a safe fix removed text", file.display());
        let added_prompt = new
            .lines()
            .any(|line| !old.contains(line) && line.contains('<'));
        assert!(
            !added_prompt,
            "{}: a safe fix added a prompt",
            file.display()
        );
    }
}

#[test]
fn diff_applies_with_git_apply_and_matches_fix() {
    let (fixed_dir, files) = copy_fixtures();
    let (patched_dir, _) = copy_fixtures();
    let (code, diff, stderr) = run_in(
        patched_dir.path(),
        &["check", "fixtures", "--diff", "--unsafe-fixes"],
    );
    assert_eq!(code, 1, "there are changes: {stderr}");
    assert!(stderr.contains("Would fix"), "{stderr}");
    let before = snapshot(patched_dir.path(), &files);
    assert!(diff.starts_with("--- a/fixtures/"), "{diff}");
    std::fs::write(patched_dir.path().join("fixes.patch"), &diff).expect("write patch");
    let applied = std::process::Command::new("git")
        .args(["apply", "--unidiff-zero", "fixes.patch"])
        .current_dir(patched_dir.path())
        .output()
        .expect("git runs");
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
    assert_ne!(snapshot(patched_dir.path(), &files), before);
    run_in(
        fixed_dir.path(),
        &["check", "fixtures", "--fix", "--unsafe-fixes"],
    );
    for file in &files {
        let a = std::fs::read(fixed_dir.path().join(file)).expect("read");
        let b = std::fs::read(patched_dir.path().join(file)).expect("read");
        assert!(
            a == b,
            "{}: --diff applied differs from --fix",
            file.display()
        );
    }
    let (code, _, _) = run_in(
        fixed_dir.path(),
        &["check", "fixtures", "--diff", "--unsafe-fixes"],
    );
    assert_eq!(code, 0, "nothing left to diff after --fix");
}

#[test]
fn read_only_files_are_reported_not_lost() {
    let (tmp, _) = copy_fixtures();
    let path = tmp
        .path()
        .join("fixtures/rules/too-few-projects/fires-no-projects-section.md");
    let original = std::fs::read(&path).expect("read");
    let mut permissions = std::fs::metadata(&path).expect("meta").permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&path, permissions).expect("chmod");
    let shown = "fixtures/rules/too-few-projects/fires-no-projects-section.md";
    let (code, stdout, _) = run_in(
        tmp.path(),
        &[
            "check",
            shown,
            "--fix",
            "--unsafe-fixes",
            "--format",
            "concise",
        ],
    );
    assert_eq!(code, 2, "{stdout}");
    assert!(
        stdout.contains("error[file-error] Cannot apply fixes: the file is read-only"),
        "{stdout}"
    );
    assert!(
        stdout.contains("too-few-projects"),
        "the findings are still reported: {stdout}"
    );
    assert_eq!(std::fs::read(&path).expect("read"), original);
}

#[test]
fn stdin_fix_prints_the_fixed_text() {
    let agenda = "# 1:1\n\n## Projects\n- One project\n";
    let output = crate::common::agendalint()
        .args([
            "check",
            "-",
            "--stdin-filename",
            "notes/2026-11-23-alex.md",
            "--fix",
            "--unsafe-fixes",
            "--select",
            "front-matter-missing",
        ])
        .write_stdin(agenda)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.starts_with("---\ndate: 2026-11-23\nwith: <who the 1:1 is with>\n---\n\n# 1:1\n"),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("Fixed 1 problem in 1 file"), "{stderr}");
}

#[test]
fn stdin_fix_with_nothing_to_fix_prints_the_text_unchanged() {
    // An editor replaces its buffer with standard output: it must never come back empty.
    for format in ["human", "concise", "json"] {
        let agenda = "---\ndate: 2026-11-23\nwith: Alex Kim\n---\n# 1:1\n";
        let output = crate::common::agendalint()
            .args(["check", "-", "--fix", "--no-config", "--format", format])
            .args(["--select", "front-matter-missing"])
            .write_stdin(agenda)
            .output()
            .expect("runs");
        assert_eq!(String::from_utf8_lossy(&output.stdout), agenda, "{format}");
        assert_eq!(output.status.code(), Some(0), "{format}");
    }
}
