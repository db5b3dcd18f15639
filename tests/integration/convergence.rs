//! `--fix` reaches its fixed point in one run across whole meeting series (issue 13,
//! case 5): a second `--fix` changes nothing, however long the series and whatever the
//! folder.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use agendalint::fix::FixMode;
use agendalint::runner::{self, CheckOptions, ConfigChoice};
use proptest::prelude::*;

use crate::common::run_in;

/// Every file under `dir` and its bytes.
fn contents(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let bytes = std::fs::read(e.path()).expect("read");
            (e.path().to_path_buf(), bytes)
        })
        .collect()
}

/// The files whose bytes differ between two snapshots.
fn changed(
    before: &BTreeMap<PathBuf, Vec<u8>>,
    after: &BTreeMap<PathBuf, Vec<u8>>,
) -> Vec<PathBuf> {
    after
        .iter()
        .filter(|(path, bytes)| before.get(*path) != Some(*bytes))
        .map(|(path, _)| path.clone())
        .collect()
}

/// Day `n` (0-based) of a run of dates, one meeting a day from 2020-01-01 on, as
/// `YYYY-MM-DD` (28-day months keep it simple and every date real).
fn date(n: usize) -> String {
    let (year, rest) = (2020 + n / (12 * 28), n % (12 * 28));
    format!("{year}-{:02}-{:02}", rest / 28 + 1, rest % 28 + 1)
}

/// Item `item` of meeting `meeting`: its own word, so that no two items look alike.
fn task(meeting: usize, item: usize) -> String {
    let mut n = meeting * 1_000 + item;
    let mut word = String::from("x");
    while n > 0 || word.len() < 4 {
        word.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
    }
    format!("Follow up on {word}")
}

/// Regression test for issue 13, case 5: 2,000 meetings of one series, each with 50
/// open action items of its own that were never carried over. `--fix` used to carry
/// meeting k−1's items into meeting k from the texts before fixing, so every run found
/// new items to carry and rewrote hundreds of files again.
#[test]
fn one_fix_run_reaches_the_fixed_point_across_a_long_series() {
    const MEETINGS: usize = 2_000;
    const ITEMS: usize = 50;
    let tmp = tempfile::tempdir().expect("temp dir");
    let notes = tmp.path().join("notes");
    std::fs::create_dir_all(&notes).expect("mkdir");
    for meeting in 0..MEETINGS {
        let mut text = format!(
            "---\ndate: {}\nwith: Alex Kim\n---\n# 1:1\n\n## Action items\n",
            date(meeting)
        );
        for item in 0..ITEMS {
            writeln!(text, "- [ ] {}", task(meeting, item)).expect("to a String");
        }
        std::fs::write(notes.join(format!("{}.md", date(meeting))), text).expect("write");
    }
    let args = [
        "check",
        "notes",
        "--select",
        "open-action-items",
        "--format",
        "concise",
    ];
    let (code, stdout, stderr) = run_in(tmp.path(), &args);
    assert_eq!(code, 1, "{stderr}");
    let findings = stdout
        .lines()
        .filter(|l| l.contains("[open-action-items]"))
        .count();
    assert_eq!(
        findings,
        (MEETINGS - 1) * ITEMS,
        "every meeting dropped its predecessor's items"
    );
    let fixable: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("fixable with --fix"))
        .collect();
    assert!(
        stdout.contains(&format!("; {ITEMS} fixable with --fix")),
        "only the latest meeting is offered the carry-over: {fixable:?}"
    );

    let before = contents(tmp.path());
    let mut fix = args.to_vec();
    fix.push("--fix");
    let (_, stdout, stderr) = run_in(tmp.path(), &fix);
    assert!(
        stdout.contains(&format!("Fixed {ITEMS} problems in 1 file")),
        "{stdout}{stderr}"
    );
    let after = contents(tmp.path());
    let latest = notes.join(format!("{}.md", date(MEETINGS - 1)));
    assert_eq!(
        changed(&before, &after),
        std::slice::from_ref(&latest),
        "only the latest meeting changes"
    );
    let text = String::from_utf8(after[&latest].clone()).expect("UTF-8");
    for item in 0..ITEMS {
        assert!(
            text.contains(&format!("- [ ] {}\n", task(MEETINGS - 2, item))),
            "item {item} carried over:\n{text}"
        );
    }

    let (_, stdout, _) = run_in(tmp.path(), &fix);
    assert!(!stdout.contains("Fixed"), "{stdout}");
    assert_eq!(
        changed(&after, &contents(tmp.path())),
        Vec::<PathBuf>::new(),
        "a second --fix changes nothing"
    );
}

/// People of the generated series: two spellings of one series, and another.
const PEOPLE: [&str; 3] = ["Alex Kim", "alex kim", "Dana Whitfield"];

/// Action items shared between meetings, so that some are carried over, some checked
/// off, some dropped, and some worded as complaints.
const TASKS: [&str; 8] = [
    "Send the migration RFC to Alex by Friday",
    "Book the load-test window",
    "Get the API spec from the platform team, still waiting on them",
    "Draft the on-call rota for Q1",
    "Review the flaky-test budget numbers",
    "Ask about the promotion timeline",
    "Share the offsite notes",
    "Pair with Sam on the Kafka consumer",
];

/// Sections a generated agenda is made of (each may appear or not).
const SECTIONS: [&str; 5] = [
    "## Projects\n### Checkout rewrite\n- Decision: queue over polling\n- Lesson learned: load-test first\n",
    "## Initiatives\n- Cut CI reruns by 40% within 60 days\n",
    "## Career\n- In 18 months lead a team; first step: run the Q1 migration\n",
    "## Skills\n- Deepen Kafka: finish the internals course by March\n",
    "## Notes\n- The team is overloaded and nobody listens\n",
];

/// One generated agenda: front matter (or not), some sections, and an action-items
/// section (or not) with tasks open or checked.
#[derive(Clone, Debug)]
struct Meeting {
    front_matter: bool,
    person: usize,
    day: usize,
    sections: Vec<bool>,
    actions_heading: bool,
    /// (a task of [`TASKS`], or else one of this meeting's own; checked).
    tasks: Vec<(Option<usize>, bool)>,
    crlf: bool,
}

impl Meeting {
    fn text(&self, index: usize) -> String {
        let mut text = String::new();
        if self.front_matter {
            let _ = write!(
                text,
                "---\ndate: {}\nwith: {}\n---\n",
                date(self.day),
                PEOPLE[self.person]
            );
        }
        text.push_str("# 1:1\n\n");
        for (section, present) in SECTIONS.iter().zip(&self.sections) {
            if *present {
                text.push_str(section);
                text.push('\n');
            }
        }
        if self.actions_heading {
            text.push_str("## Action items\n");
        }
        for (number, (shared, done)) in self.tasks.iter().enumerate() {
            let words = shared.map_or_else(|| task(index, number), |t| TASKS[t].to_string());
            let _ = writeln!(text, "- [{}] {words}", if *done { 'x' } else { ' ' });
        }
        if self.crlf {
            text = text.replace('\n', "\r\n");
        }
        text
    }
}

fn meeting() -> impl Strategy<Value = Meeting> {
    (
        prop::bool::weighted(0.9),
        0..PEOPLE.len(),
        0usize..5_000,
        prop::collection::vec(any::<bool>(), SECTIONS.len()),
        prop::bool::weighted(0.8),
        prop::collection::vec(
            (
                prop::option::weighted(0.5, 0..TASKS.len()),
                prop::bool::weighted(0.3),
            ),
            0..6,
        ),
        prop::bool::weighted(0.1),
    )
        .prop_map(
            |(front_matter, person, day, sections, actions_heading, tasks, crlf)| Meeting {
                front_matter,
                person,
                day,
                sections,
                actions_heading,
                tasks,
                crlf,
            },
        )
}

/// Runs `check --fix` on `dir` in-process; returns the files it changed.
fn fix_once(dir: &Path, unsafe_fixes: bool) -> Vec<PathBuf> {
    let before = contents(dir);
    let options = CheckOptions {
        paths: vec![dir.to_path_buf()],
        config: ConfigChoice::Defaults,
        keep_sources: false,
        fix: FixMode::Apply { unsafe_fixes },
        ..CheckOptions::default()
    };
    runner::check(&options).expect("the run starts");
    changed(&before, &contents(dir))
}

proptest! {
    #![proptest_config(ProptestConfig {
        // Each case writes a folder and runs two whole fix runs over it.
        cases: 32,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// For a random folder of agendas, `--fix` once, then again: the second run changes
    /// nothing (with safe fixes, and with unsafe ones too).
    #[test]
    fn a_second_fix_run_changes_nothing(
        meetings in prop::collection::vec(meeting(), 1..250),
        unsafe_fixes in any::<bool>(),
    ) {
        let tmp = tempfile::tempdir().expect("temp dir");
        for (i, meeting) in meetings.iter().enumerate() {
            let folder = tmp.path().join(if i % 3 == 0 { "a" } else { "b" });
            std::fs::create_dir_all(&folder).expect("mkdir");
            std::fs::write(folder.join(format!("{i:03}.md")), meeting.text(i)).expect("write");
        }
        fix_once(tmp.path(), unsafe_fixes);
        let again = fix_once(tmp.path(), unsafe_fixes);
        prop_assert!(again.is_empty(), "a second --fix changed {:?}", again);
    }
}
