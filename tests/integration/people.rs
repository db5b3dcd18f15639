//! One series per person, whatever the spelling (issue 12, section 3): split names are
//! reported, `people` aliases join them, a misspelled `with` key keeps its agenda in
//! the series, and `new` continues a series as it is kept.

use crate::common::{run_in, temp_tree};

fn agenda(date: &str, with: &str, body: &str) -> String {
    format!("---\ndate: {date}\nwith: {with}\nduration: 45\n---\n# 1:1\n\n{body}")
}

#[test]
fn a_split_name_is_reported_with_a_did_you_mean_and_fixed() {
    let first = agenda(
        "2026-10-01",
        "Dana Whitfield",
        "## Action items\n- [ ] Draft the on-call rota\n",
    );
    let second = agenda(
        "2026-10-15",
        "Dana Whitfield",
        "## Action items\n- [ ] Draft the on-call rota\n",
    );
    let third = agenda("2026-10-29", "Dana", "## Notes\n- Book the room\n");
    let marco = agenda("2026-10-02", "Marco Rossi", "## Notes\n- Hello\n");
    let marco_short = agenda("2026-10-16", "Marco", "## Notes\n- Hello\n");
    let (_tmp, dir) = temp_tree(&[
        ("dana/1.md", first.as_str()),
        ("dana/2.md", second.as_str()),
        ("dana/3.md", third.as_str()),
        ("marco/1.md", marco.as_str()),
        ("marco/2.md", marco_short.as_str()),
        (".agendalint.yaml", ""),
    ]);
    let (code, stdout, _) = run_in(
        &dir,
        &["check", "--select", "series-name", "--format", "concise"],
    );
    assert_eq!(code, 1, "{stdout}");
    let findings: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("[series-name]"))
        .collect();
    assert_eq!(
        findings,
        [
            "dana/3.md:3:7: warning[series-name] `Dana` looks like another spelling of `Dana Whitfield`: this agenda starts a meeting series of its own",
            "marco/2.md:3:7: warning[series-name] `Marco` looks like another spelling of `Marco Rossi`: this agenda starts a meeting series of its own",
        ],
        "{stdout}"
    );
    let (_, json, _) = run_in(
        &dir,
        &[
            "check",
            "dana/3.md",
            "--select",
            "series-name",
            "--format",
            "json",
        ],
    );
    assert!(
        json.contains("Write `with: Dana Whitfield`, as 2 other agendas do"),
        "{json}"
    );
    // Before the fix, the Dana meeting is a series of one: nothing to carry over.
    let (_, stdout, _) = run_in(
        &dir,
        &[
            "check",
            "dana/3.md",
            "--select",
            "open-action-items",
            "--format",
            "concise",
        ],
    );
    assert!(!stdout.contains("[open-action-items]"), "{stdout}");
    // The fix writes the established spelling; then the series is one.
    let (_, stdout, _) = run_in(
        &dir,
        &[
            "check",
            "dana/3.md",
            "--select",
            "series-name",
            "--fix",
            "--unsafe-fixes",
        ],
    );
    assert!(stdout.contains("Fixed 1 problem"), "{stdout}");
    let fixed = std::fs::read_to_string(dir.join("dana/3.md")).expect("read");
    assert!(fixed.contains("\nwith: Dana Whitfield\n"), "{fixed}");
    let (_, stdout, _) = run_in(
        &dir,
        &[
            "check",
            "dana/3.md",
            "--select",
            "open-action-items",
            "--format",
            "concise",
        ],
    );
    assert!(stdout.contains("Draft the on-call rota"), "{stdout}");
}

#[test]
fn people_in_the_config_make_one_series_of_every_spelling() {
    let first = agenda(
        "2026-10-01",
        "Dana Whitfield",
        "## Action items\n- [ ] Draft the on-call rota\n",
    );
    let second = agenda("2026-10-15", "DW", "## Notes\n- Book the room\n");
    let (_tmp, dir) = temp_tree(&[
        ("dana/1.md", first.as_str()),
        ("dana/2.md", second.as_str()),
        (
            ".agendalint.yaml",
            "people:\n  Dana Whitfield: [Dana, DW]\n",
        ),
    ]);
    let (_, stdout, _) = run_in(
        &dir,
        &[
            "check",
            "--select",
            "series-name,open-action-items",
            "--format",
            "concise",
        ],
    );
    assert!(!stdout.contains("[series-name]"), "{stdout}");
    assert!(
        stdout.contains("dana/2.md") && stdout.contains("Draft the on-call rota"),
        "DW's meeting follows Dana Whitfield's: {stdout}"
    );
    // Two people with similar names, both listed: no finding.
    let alex = agenda("2026-10-01", "Alex", "## Notes\n- Hi\n");
    let alex_kim = agenda("2026-10-02", "Alex Kim", "## Notes\n- Hi\n");
    let (_tmp, dir) = temp_tree(&[
        ("a.md", alex.as_str()),
        ("b.md", alex_kim.as_str()),
        (".agendalint.yaml", "people:\n  Alex: []\n  Alex Kim: []\n"),
    ]);
    let (code, stdout, _) = run_in(&dir, &["check", "--select", "series-name"]);
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn a_misspelled_with_key_keeps_the_agenda_in_its_series() {
    let first = agenda("2026-10-01", "Dana Whitfield", "## Notes\n- Hi\n");
    let second = "---\ndate: 2026-10-15\nWith: Dana Whitfield\n---\n# 1:1\n\n## Action items\n- [ ] Draft the on-call rota\n";
    let third = agenda(
        "2026-10-29",
        "Dana Whitfield",
        "## Notes\n- Book the room\n",
    );
    let (_tmp, dir) = temp_tree(&[
        ("1.md", first.as_str()),
        ("2.md", second),
        ("3.md", third.as_str()),
    ]);
    let (_, stdout, _) = run_in(
        &dir,
        &[
            "check",
            "--select",
            "open-action-items,front-matter-field",
            "--format",
            "concise",
        ],
    );
    assert!(
        stdout.contains("2.md:3:1: error[front-matter-field] Front matter has no `with`; `With` looks like a misspelling of it"),
        "the key is reported: {stdout}"
    );
    assert!(
        stdout.contains("3.md:") && stdout.contains("Open action item from 2026-10-15"),
        "and the agenda is still the meeting before 3.md: {stdout}"
    );
}

/// A series kept its own way: in `people/dana/`, files named `1on1-<date>.md`,
/// 45-minute meetings every two weeks, a config alias, an item checked off in one
/// meeting but still open in a later copy.
fn kept_series() -> (tempfile::TempDir, std::path::PathBuf) {
    let first = agenda(
        "2099-01-05",
        "Dana Whitfield",
        "## Action items\n- [ ] Book the offsite room\n- [ ] Send the RFC to Dana\n",
    );
    let second = agenda(
        "2099-01-19",
        "Dana Whitfield",
        "## Follow-ups\n- [x] Book the offsite room\n\n## Action items\n- [ ] Send the RFC to Dana\n- [ ] Ask about the Q2 roadmap\n",
    );
    // A stale copy of an item already done, left open in the last meeting.
    let third = agenda(
        "2099-02-02",
        "Dana",
        "## Action items\n- [ ] Book the offsite room\n- [ ] Ask about the Q2 roadmap\n",
    );
    temp_tree(&[
        ("people/dana/1on1-2099-01-05.md", first.as_str()),
        ("people/dana/1on1-2099-01-19.md", second.as_str()),
        ("people/dana/1on1-2099-02-02.md", third.as_str()),
        ("journal/today.md", "# Today\n"),
        (".agendalint.yaml", "people:\n  Dana Whitfield: [Dana]\n"),
    ])
}

#[test]
fn new_continues_the_series_in_its_folder_naming_duration_and_cadence() {
    let (_tmp, dir) = kept_series();
    let (code, stdout, stderr) = run_in(&dir, &["new", "--with", "dana"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.trim(), "people/dana/1on1-2099-02-16.md");
    assert!(
        stderr.contains("dated 2099-02-16: the meetings with Dana Whitfield are 14 days apart"),
        "{stderr}"
    );
    let text = std::fs::read_to_string(dir.join(stdout.trim())).expect("written");
    assert!(
        text.starts_with("---\ndate: 2099-02-16\nwith: Dana Whitfield\nduration: 45\n---\n"),
        "{text}"
    );
    // Its time boxes fit the meeting.
    let (_, checked, _) = run_in(&dir, &["check", stdout.trim(), "--select", "time-budget"]);
    assert!(!checked.contains("[time-budget]"), "{checked}");
}

#[test]
fn new_never_carries_over_an_item_checked_off_in_the_series() {
    let (_tmp, dir) = kept_series();
    let (code, stdout, stderr) = run_in(
        &dir,
        &["new", "--with", "Dana Whitfield", "--date", "2099-02-16"],
    );
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(dir.join(stdout.trim())).expect("written");
    let carried: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("- [ ] "))
        .collect();
    assert_eq!(carried, ["Ask about the Q2 roadmap"], "{text}");
}

#[test]
fn new_fills_a_user_template() {
    let (_tmp, dir) = kept_series();
    let template = "---\ndate: YYYY-MM-DD\nwith: <who>\nduration: 30\n---\n# 1:1 with {{with}} ({{date}}, {{duration}} min)\n\n## Follow-ups\n{{open_items}}\n\n## Wins\n- <what shipped>\n";
    std::fs::create_dir_all(dir.join("templates")).expect("mkdir");
    std::fs::write(dir.join("templates/1on1.md"), template).expect("write");
    let (code, stdout, stderr) = run_in(
        &dir,
        &[
            "new",
            "--with",
            "Dana",
            "--date",
            "2099-02-16",
            "--template",
            "templates/1on1.md",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(dir.join(stdout.trim())).expect("written");
    assert_eq!(
        text,
        "---\ndate: 2099-02-16\nwith: Dana Whitfield\nduration: 45\n---\n# 1:1 with Dana Whitfield (2099-02-16, 45 min)\n\n## Follow-ups\n- [ ] Ask about the Q2 roadmap\n\n## Wins\n- <what shipped>\n"
    );
    // The config's `template`, relative to its folder, is used without --template.
    std::fs::write(
        dir.join(".agendalint.yaml"),
        "people:\n  Dana Whitfield: [Dana]\ntemplate: templates/1on1.md\n",
    )
    .expect("write");
    let (code, stdout, stderr) = run_in(
        &dir.join("people"),
        &["new", "--with", "Dana", "--date", "2099-03-02"],
    );
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(dir.join("people").join(stdout.trim())).expect("written");
    assert!(
        text.contains("# 1:1 with Dana Whitfield (2099-03-02, 45 min)"),
        "{text}"
    );
    // A template that cannot be read is an error that names it.
    let (code, _, stderr) = run_in(
        &dir,
        &[
            "new",
            "--with",
            "Dana",
            "--date",
            "2099-03-16",
            "--template",
            "nope.md",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("cannot read the template nope.md"),
        "{stderr}"
    );
}
