//! Meeting series through the binary: the series rules on the sample notes (whole folder
//! and one file), `agendalint new` and `agendalint init`.

use std::path::Path;

use crate::common::{root, run, run_in};

/// Copies `fixtures/notes` into a temporary folder.
fn copy_notes() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    let source = root().join("fixtures/notes");
    for entry in walkdir::WalkDir::new(&source)
        .into_iter()
        // What earlier runs over the fixtures kept between runs is not a fixture.
        .filter_entry(|e| e.file_name() != agendalint::runner::CACHE_DIR)
        .filter_map(Result::ok)
    {
        let target = tmp
            .path()
            .join(entry.path().strip_prefix(&source).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
    tmp
}

#[test]
fn series_rules_fire_on_the_sample_notes() {
    let (code, stdout, _) = run(&[
        "check",
        "fixtures/notes",
        "--select",
        "career-cadence,open-action-items",
        "--format",
        "concise",
    ]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("fixtures/notes/alex/2026-10-27.md:")
                && l.contains("[career-cadence]")),
        "{stdout}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("fixtures/notes/alex/2026-10-13.md:")
                && l.contains("[open-action-items]")),
        "{stdout}"
    );
    assert_eq!(lines.len(), 3, "two findings and the summary: {stdout}");
}

/// A pre-commit hook checks one file; the rest of the notes root is still read.
#[test]
fn one_file_checked_still_sees_its_series() {
    let (code, human, _) = run(&[
        "check",
        "fixtures/notes/alex/2026-10-27.md",
        "--select",
        "career-cadence",
    ]);
    assert_eq!(code, 1, "{human}");
    insta::assert_snapshot!("one_file_career_cadence", human);
    let (code, human, _) = run(&[
        "check",
        "fixtures/notes/alex/2026-10-13.md",
        "--select",
        "open-action-items",
    ]);
    assert_eq!(code, 1, "{human}");
    insta::assert_snapshot!("one_file_open_action_items", human);
}

/// A hook's run reads the bodies of its own series only: an earlier meeting that
/// spells the name in another case is of that series all the same, and its open tasks
/// still count. (Without a config there is no cache, so the files are read each time.)
#[test]
fn one_file_checked_reads_its_series_whatever_the_case_of_its_name() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let alex = tmp.path().join("alex");
    std::fs::create_dir_all(&alex).expect("mkdir");
    std::fs::write(
        alex.join("2026-11-02.md"),
        "---\ndate: 2026-11-02\nwith: ALEX KIM\n---\n## Action items\n- [ ] Send the RFC to the platform team\n",
    )
    .expect("write");
    std::fs::write(
        alex.join("2026-11-09.md"),
        "---\ndate: 2026-11-09\nwith: Alex Kim\n---\n## Action items\n- [ ] Book the offsite room\n",
    )
    .expect("write");
    std::fs::write(
        tmp.path().join("priya.md"),
        "---\ndate: 2026-11-03\nwith: Priya\n---\n## Action items\n- [ ] Review the budget\n",
    )
    .expect("write");
    for extra in [&[][..], &["--no-cache"][..]] {
        let mut args = vec![
            "check",
            "alex/2026-11-09.md",
            "--select",
            "open-action-items",
        ];
        args.extend_from_slice(extra);
        let (code, out, err) = run_in(tmp.path(), &args);
        assert_eq!(code, 1, "{out}{err}");
        assert!(out.contains("Send the RFC to the platform team"), "{out}");
    }
}

#[test]
fn same_day_agendas_are_reported_and_left_out() {
    let tmp = copy_notes();
    let dir = tmp.path();
    std::fs::copy(
        dir.join("alex/2026-10-27.md"),
        dir.join("alex/2026-10-27-copy.md"),
    )
    .expect("copy");
    let (_, stdout, _) = run_in(
        dir,
        &[
            "check",
            "alex/2026-10-27.md",
            "--select",
            "career-cadence,open-action-items,duplicate-meeting-date",
            "--format",
            "concise",
        ],
    );
    assert!(
        stdout.contains("[duplicate-meeting-date] Another agenda with Alex Kim is dated 2026-10-27 (alex/2026-10-27-copy.md)"),
        "{stdout}"
    );
    assert!(stdout.contains("left out of the series checks"), "{stdout}");
    assert_eq!(
        stdout.lines().count(),
        2,
        "one finding, not the series rules: {stdout}"
    );
    // Without the date clash, career-cadence fires on this meeting; with it, the
    // meeting is left out even when the clash itself is not reported.
    let (code, stdout, _) = run_in(
        dir,
        &["check", "alex/2026-10-27.md", "--select", "career-cadence"],
    );
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn stdin_is_placed_in_its_series() {
    let text =
        std::fs::read_to_string(root().join("fixtures/notes/alex/2026-10-27.md")).expect("read");
    let output = crate::common::agendalint()
        .args([
            "check",
            "-",
            "--stdin-filename",
            "fixtures/notes/alex/2026-10-27.md",
            "--select",
            "career-cadence",
            "--format",
            "concise",
        ])
        .write_stdin(text)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("fixtures/notes/alex/2026-10-27.md:6:1: warning[career-cadence]"),
        "{stdout}"
    );
}

fn unchecked_tasks(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .expect("read")
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("- [ ] "))
        .map(str::to_string)
        .collect()
}

#[test]
fn new_writes_an_agenda_whose_only_findings_are_its_prompts() {
    let tmp = copy_notes();
    let dir = tmp.path();
    let (code, stdout, stderr) = run_in(dir, &["new", "--dir", "alex", "--date", "2026-12-08"]);
    assert_eq!(code, 0, "{stderr}");
    // Named as the series' files are.
    assert_eq!(stdout.trim(), "alex/2026-12-08.md");
    let written = dir.join("alex/2026-12-08.md");
    let text = std::fs::read_to_string(&written).expect("written");
    assert!(
        text.starts_with("---\ndate: 2026-12-08\nwith: Alex Kim\n"),
        "{text}"
    );
    assert_eq!(
        unchecked_tasks(&written),
        unchecked_tasks(&dir.join("alex/2026-11-24.md")),
        "the open items of the last meeting are carried over"
    );
    let (code, stdout, _) = run_in(dir, &["check", "alex/2026-12-08.md", "--format", "concise"]);
    assert_eq!(code, 1);
    let findings: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains(": warning[") || l.contains(": error[") || l.contains(": info["))
        .collect();
    assert!(!findings.is_empty());
    assert!(
        findings.iter().all(|l| l.contains("[unfilled-prompt]")),
        "only prompts are reported:\n{stdout}"
    );

    let (code, _, stderr) = run_in(dir, &["new", "--dir", "alex", "--date", "2026-12-08"]);
    assert_eq!(code, 2, "a second run refuses");
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&written).expect("read"),
        text,
        "the file is untouched"
    );
}

#[test]
fn new_includes_career_when_the_cadence_calls_for_it() {
    let tmp = copy_notes();
    let dir = tmp.path();
    // The last two Alex meetings talk career: not due.
    run_in(dir, &["new", "--dir", "alex", "--date", "2026-12-08"]);
    let text = std::fs::read_to_string(dir.join("alex/2026-12-08.md")).expect("read");
    assert!(!text.contains("## Career"), "{text}");
    // Right after the two career-less meetings of October: due.
    let (code, stdout, stderr) = run_in(
        dir,
        &[
            "new",
            "--dir",
            "alex",
            "--date",
            "2026-11-03",
            "--with",
            "Alex Kim",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let written = stdout.trim().to_string();
    let text = std::fs::read_to_string(dir.join(&written)).expect("read");
    assert!(text.contains("## Career"), "{text}");
    // The career prompt's example is not the writer's words: it is reported as a
    // prompt, not also as a vague aspiration.
    let (_, stdout, _) = run_in(dir, &["check", &written, "--format", "concise"]);
    let career_line = text
        .lines()
        .position(|l| l.starts_with("## Career"))
        .expect("career heading")
        + 2;
    let on_career_prompt: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains(&format!(":{}:", career_line + 1)))
        .collect();
    assert!(
        !on_career_prompt.is_empty()
            && on_career_prompt
                .iter()
                .all(|l| l.contains("[unfilled-prompt]")),
        "only the prompt is reported on line {}:\n{stdout}",
        career_line + 1
    );
}

#[test]
fn new_without_a_series_asks_for_a_name() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (code, _, stderr) = run_in(tmp.path(), &["new"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--with"), "{stderr}");
    let (code, stdout, _) = run_in(
        tmp.path(),
        &["new", "--with", "José García", "--date", "2026-11-23"],
    );
    assert_eq!(code, 0);
    assert_eq!(stdout.trim(), "2026-11-23-jose-garcia.md");
}

#[test]
fn init_writes_a_config_that_check_accepts_and_never_overwrites() {
    let tmp = copy_notes();
    let dir = tmp.path().join("alex");
    let (code, stdout, stderr) = run_in(&dir, &["init"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.trim(), ".agendalint.yaml");
    let written = std::fs::read_to_string(dir.join(".agendalint.yaml")).expect("written");
    let (code, _, stderr) = run_in(&dir, &["check"]);
    assert_ne!(code, 2, "the starter config is accepted: {stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    let (code, _, stderr) = run_in(&dir, &["init"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.join(".agendalint.yaml")).expect("read"),
        written
    );
}

/// Three meetings with Alex; the second leaves one task open, the third does not carry
/// it: `open-action-items` fires on the third, through the series index. No heading is a
/// career one by the built-in vocabulary: `career-cadence` fires on the third too.
fn cache_notes() -> (tempfile::TempDir, std::path::PathBuf) {
    let meeting = |date: &str, body: &str| format!("---\ndate: {date}\nwith: Alex\n---\n{body}");
    crate::common::temp_tree(&[
        (".agendalint.yaml", "# notes\n"),
        (
            "alex/2026-11-02.md",
            &meeting("2026-11-02", "## Projects\n- Checkout\n"),
        ),
        (
            "alex/2026-11-09.md",
            &meeting(
                "2026-11-09",
                "## Levels chat\n- staff scope by Q2\n## Action items\n- [ ] Send the RFC\n",
            ),
        ),
        (
            "alex/2026-11-16.md",
            &meeting("2026-11-16", "## Projects\n- Billing\n"),
        ),
    ])
}

fn set_modified(path: &Path, time: std::time::SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|file| file.set_modified(time))
        .expect("set the time stamp");
}

fn series_findings(dir: &Path, extra: &[&str]) -> String {
    let mut args = vec![
        "check",
        "alex/2026-11-16.md",
        "--select",
        "career-cadence,open-action-items",
        "--format",
        "concise",
    ];
    args.extend_from_slice(extra);
    run_in(dir, &args).1
}

/// What the series rules read of each agenda is kept under the notes root and read back;
/// an agenda that changed since is read again, and a change of the config's section
/// headings reads every agenda again.
#[test]
fn the_series_cache_is_kept_and_follows_every_change() {
    let (_tmp, dir) = cache_notes();
    let long_ago = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_600_000_000);
    for name in ["2026-11-02.md", "2026-11-09.md", "2026-11-16.md"] {
        set_modified(&dir.join("alex").join(name), long_ago);
    }
    let cache = dir.join(".agendalint-cache");
    let first = series_findings(&dir, &[]);
    assert!(first.contains("[open-action-items]"), "{first}");
    assert!(cache.join("series").is_file(), "the cache is written");
    let ignore = std::fs::read_to_string(cache.join(".gitignore")).expect("its .gitignore");
    assert!(ignore.lines().any(|l| l == "*"), "{ignore}");
    let written = std::fs::read_to_string(cache.join("series")).expect("cache");
    assert!(written.contains("2026-11-09.md\t"), "{written}");
    assert_eq!(
        series_findings(&dir, &[]),
        first,
        "read back from the cache"
    );
    assert_eq!(series_findings(&dir, &["--no-cache"]), first);

    // A career heading in the second meeting, same size, and the file's time stamp put
    // back: the stamp vouches for the content, so the file is not read again (as `git
    // status` would not look either). With a new time stamp it is read again.
    let path = dir.join("alex/2026-11-09.md");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, text.replace("Levels chat", "Career chat")).expect("write");
    set_modified(&path, long_ago);
    assert_eq!(series_findings(&dir, &[]), first, "not read again");
    let career = series_findings(&dir, &["--no-cache"]);
    assert!(!career.contains("[career-cadence]"), "{career}");
    set_modified(&path, std::time::SystemTime::now());
    assert_eq!(series_findings(&dir, &[]), career, "read again");

    // The heading back as it was, and the task checked off.
    std::fs::write(&path, text.replace("[ ]", "[x]")).expect("write");
    let after = series_findings(&dir, &[]);
    assert!(!after.contains("[open-action-items]"), "{after}");
    assert_eq!(after, series_findings(&dir, &["--no-cache"]));

    // "Levels chat" becomes a career heading: career came up in the second meeting,
    // whose file did not change.
    assert!(after.contains("[career-cadence]"), "{after}");
    std::fs::write(
        dir.join(".agendalint.yaml"),
        "sections:\n  career: [\"Levels chat\"]\n",
    )
    .expect("config");
    let later = series_findings(&dir, &[]);
    assert!(!later.contains("[career-cadence]"), "{later}");
    assert_eq!(later, series_findings(&dir, &["--no-cache"]));
}

/// A cache that is not one (damaged, or from another build) is ignored and replaced;
/// `--no-cache` neither reads nor writes one; a folder that is not set up with a config
/// file gets none.
#[test]
fn a_damaged_cache_is_ignored_and_no_cache_leaves_none() {
    let (_tmp, dir) = cache_notes();
    let expected = series_findings(&dir, &["--no-cache"]);
    let cache = dir.join(".agendalint-cache");
    assert!(!cache.exists(), "--no-cache writes nothing");
    std::fs::create_dir_all(&cache).expect("mkdir");
    for damaged in [
        "garbage\n",
        "agendalint series cache 1 0.0.0 0000000000000000\n1\nalex/2026-11-09.md\t1\n",
        "",
    ] {
        std::fs::write(cache.join("series"), damaged).expect("write");
        assert_eq!(series_findings(&dir, &[]), expected, "{damaged:?}");
        let rewritten = std::fs::read_to_string(cache.join("series")).expect("cache");
        assert!(
            rewritten.starts_with("agendalint series cache "),
            "{rewritten}"
        );
        assert!(rewritten.contains("2026-11-16.md\t"), "{rewritten}");
    }

    let (_tmp, bare) = crate::common::temp_tree(&[(
        "2026-11-16.md",
        "---\ndate: 2026-11-16\nwith: Alex\n---\n- [ ] x\n",
    )]);
    let _ = run_in(&bare, &["check", "."]);
    assert!(
        !bare.join(".agendalint-cache").exists(),
        "no config, no cache"
    );
}

/// `init` lists the cache folder in `.gitignore`, once.
#[test]
fn init_lists_the_cache_in_gitignore_once() {
    let (_tmp, dir) = crate::common::temp_tree(&[(".gitignore", "target/")]);
    let (code, _, stderr) = run_in(&dir, &["init"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains(".agendalint-cache/"), "{stderr}");
    let (code, _, stderr) = run_in(&dir, &["init", "--force"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains(".agendalint-cache/"), "{stderr}");
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).expect("read");
    assert_eq!(
        ignore
            .lines()
            .filter(|l| *l == ".agendalint-cache/")
            .count(),
        1,
        "{ignore}"
    );
    assert!(ignore.starts_with("target/\n"), "{ignore}");
}
