//! The aggregate, number by number: on the sample notes in `fixtures/notes`, and on a
//! generated year of meetings whose every count follows from how it was written.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::document::{Gap, Guideline, ItemStatus, Report, Share};
use super::{Range, ReportOptions, build};
use crate::model::IsoDate;
use crate::runner::ConfigChoice;

fn options(paths: &[&Path]) -> ReportOptions {
    ReportOptions {
        paths: paths.iter().map(|p| p.to_path_buf()).collect(),
        config: ConfigChoice::Discover,
        range: Range::default(),
        with: None,
        max_file_size: 10 * 1024 * 1024,
    }
}

fn report_of(options: &ReportOptions) -> Report {
    let built = build(options, &mut || {}).expect("the paths exist");
    assert!(
        built.end.config_errors.is_empty(),
        "{:?}",
        built.end.config_errors
    );
    assert!(built.file_errors.is_empty(), "{:?}", built.file_errors);
    built.report.expect("there are meetings in scope")
}

fn date(text: &str) -> IsoDate {
    IsoDate::parse(text).expect("a date")
}

fn share(met: usize, judged: usize) -> Share {
    let mut share = Share::default();
    for i in 0..judged {
        share.add(Some(i < met));
    }
    share
}

/// `(met, judged)` of every guideline, in [`Guideline::ALL`] order.
fn shares(guidelines: &super::document::Guidelines) -> Vec<(usize, usize)> {
    Guideline::ALL
        .iter()
        .map(|g| {
            let s = guidelines.get(*g);
            (s.met, s.judged)
        })
        .collect()
}

fn notes() -> Report {
    report_of(&options(&[Path::new("fixtures/notes")]))
}

#[test]
fn sample_notes_summary_and_series() {
    let report = notes();
    let summary = &report.summary;
    assert_eq!(report.version, 1);
    assert_eq!(summary.meetings, 9);
    assert_eq!(summary.series, 2);
    assert_eq!(summary.first.as_deref(), Some("2026-09-01"));
    assert_eq!(summary.last.as_deref(), Some("2026-11-24"));
    assert_eq!(
        summary.findings, 17,
        "as `check fixtures/notes` counts them"
    );
    assert_eq!(summary.unplaced, 0, "the template and README are excluded");
    assert_eq!(summary.file_errors, 0);

    let names: Vec<&str> = report.series.iter().map(|s| s.with.as_str()).collect();
    assert_eq!(names, ["Alex Kim", "Priya Natarajan"]);
    let alex = &report.series[0];
    let dates: Vec<&str> = alex.meetings.iter().map(|m| m.date.as_str()).collect();
    assert_eq!(
        dates,
        [
            "2026-09-01",
            "2026-09-15",
            "2026-09-29",
            "2026-10-13",
            "2026-10-27",
            "2026-11-10",
            "2026-11-24"
        ]
    );
    let career: Vec<bool> = alex.meetings.iter().map(|m| m.career).collect();
    assert_eq!(career, [true, true, false, false, false, true, true]);
    let findings: Vec<usize> = alex.meetings.iter().map(|m| m.findings).collect();
    assert_eq!(findings, [0, 3, 4, 1, 4, 0, 3]);
    assert_eq!(alex.interval_days, Some(14));
    assert!(alex.long_gaps.is_empty());
    let priya = &report.series[1];
    assert_eq!(priya.meetings.len(), 2);
    assert_eq!(priya.interval_days, Some(56));
    assert!(priya.meetings.iter().all(|m| m.career));
}

#[test]
fn sample_notes_guidelines_per_month() {
    let report = notes();
    assert_eq!(
        shares(&report.totals.guidelines),
        [(8, 9), (7, 9), (4, 9), (8, 9), (9, 9)]
    );
    assert_eq!(report.totals.guidelines.two_projects, share(8, 9));
    assert_eq!(report.totals.guidelines.two_projects.percent, Some(89));
    let months: Vec<&str> = report.months.iter().map(|m| m.month.as_str()).collect();
    assert_eq!(months, ["2026-09", "2026-10", "2026-11"]);
    let meetings: Vec<usize> = report.months.iter().map(|m| m.period.meetings).collect();
    assert_eq!(meetings, [4, 2, 3]);
    let per_month: Vec<Vec<(usize, usize)>> = report
        .months
        .iter()
        .map(|m| shares(&m.period.guidelines))
        .collect();
    assert_eq!(
        per_month,
        [
            // September: the runbook initiative has no deadline; 09-15 and 09-29 name
            // no skill gap.
            vec![(4, 4), (3, 4), (2, 4), (4, 4), (4, 4)],
            // October: 10-27's initiative has no metric, and career has not come up
            // for three meetings.
            vec![(2, 2), (1, 2), (1, 2), (1, 2), (2, 2)],
            // November: 11-24 has one project and names no skill gap; Priya's skill
            // has no time frame.
            vec![(2, 3), (3, 3), (1, 3), (3, 3), (3, 3)],
        ]
    );
}

#[test]
fn sample_notes_findings_and_action_items() {
    let report = notes();
    let totals: Vec<(&str, usize)> = report
        .totals
        .findings
        .iter()
        .map(|(r, n)| (r.as_str(), *n))
        .collect();
    assert_eq!(
        totals,
        [
            ("career-cadence", 1),
            ("complaint-phrasing", 1),
            ("front-matter-field", 1),
            ("missing-alignment", 3),
            ("missing-metric", 1),
            ("missing-skill-gap", 5),
            ("no-time-bound", 2),
            ("open-action-items", 1),
            ("too-few-projects", 1),
            ("vague-aspiration", 1),
        ]
    );
    let october = &report.months[1].period.findings;
    assert_eq!(october.get("career-cadence"), Some(&1));
    assert_eq!(october.get("open-action-items"), Some(&1));
    assert_eq!(october.values().sum::<usize>(), 5);

    let actions: Vec<[usize; 5]> = report
        .months
        .iter()
        .map(|m| {
            let a = m.period.action_items;
            [a.opened, a.closed, a.carried_over, a.stale, a.dropped]
        })
        .collect();
    // October: the RFC v2 item is carried (lightly edited) and the question for Zoë
    // is dropped, as `open-action-items` says.
    assert_eq!(actions, [[7, 3, 0, 0, 0], [2, 2, 1, 0, 1], [3, 4, 0, 0, 0]]);
    assert!(report.stale_action_items.is_empty());
}

#[test]
fn sample_notes_digest() {
    let report = notes();
    let digest = &report.digest;
    assert_eq!(digest.projects.len(), 15);
    let first = &digest.projects[0];
    assert_eq!(first.name, "Checkout idempotency keys");
    assert_eq!(first.meetings, 2, "discussed with Alex, then with Priya");
    assert_eq!(
        (
            first.decisions.len(),
            first.lessons.len(),
            first.outcomes.len()
        ),
        (3, 2, 2)
    );
    assert_eq!(first.outcomes[0].metric, "from ~30 a week to zero");
    assert_eq!(
        first.outcomes[0].source.path,
        "fixtures/notes/alex/2026-09-01.md"
    );
    assert_eq!(first.outcomes[0].source.line, 13);
    // "Outcome: the spike replaced 1,400 lines …" is an outcome, whatever its verbs.
    let spike = digest
        .projects
        .iter()
        .find(|p| p.name == "Shared Kafka consumer library (spike)")
        .expect("the spike is in the digest");
    assert_eq!((spike.decisions.len(), spike.outcomes.len()), (1, 1));
    assert_eq!(spike.outcomes[0].source.line, 14);
    // Every project of the sample states a decision and a lesson.
    assert!(
        digest
            .projects
            .iter()
            .all(|p| !p.decisions.is_empty() && !p.lessons.is_empty())
    );
}

#[test]
fn sample_notes_initiatives_and_skills() {
    let report = notes();
    let digest = &report.digest;

    let initiatives: Vec<(&str, Option<&str>, Option<&str>)> = digest
        .initiatives
        .iter()
        .map(|i| {
            (
                i.source.date.as_str(),
                i.metric.as_deref(),
                i.deadline.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        initiatives,
        [
            (
                "2026-09-01",
                Some("from 40 to 15 minutes"),
                Some("end of Q4")
            ),
            ("2026-09-15", Some("15-minute"), Some("end of Q4")),
            ("2026-09-22", Some("2 days"), Some("end of Q1")),
            ("2026-09-29", Some("from 14 to 5 minutes"), None),
            ("2026-10-13", Some("30 s"), Some("end of November")),
            ("2026-10-13", Some("25%"), Some("60 days")),
            ("2026-10-27", None, Some("end of Q1")),
            ("2026-11-10", Some("50%"), Some("end of Q1")),
            (
                "2026-11-17",
                Some("from 45 to 20 minutes"),
                Some("two quarters")
            ),
            (
                "2026-11-24",
                Some("from 3 days to half a day"),
                Some("end of February")
            ),
        ]
    );
    let reported: Vec<(&str, &str, &str)> = digest
        .initiatives
        .iter()
        .filter_map(|i| {
            let r = i.reported.as_ref()?;
            Some((
                i.source.date.as_str(),
                r.project.as_str(),
                r.source.date.as_str(),
            ))
        })
        .collect();
    assert_eq!(
        reported,
        [
            ("2026-09-29", "Runbook-first on-call (pilot)", "2026-10-13"),
            ("2026-10-13", "Consumer-lag SLO", "2026-10-27"),
            ("2026-10-13", "Shared CI cache, week 2", "2026-10-27"),
            (
                "2026-10-27",
                "Shared Kafka consumer library (spike)",
                "2026-11-10"
            ),
        ]
    );
    let skills: Vec<(&str, bool)> = digest
        .skills
        .iter()
        .map(|s| (s.source.date.as_str(), s.learning_path))
        .collect();
    assert_eq!(
        skills,
        [
            ("2026-09-01", true),
            ("2026-09-22", true),
            ("2026-10-13", true),
            ("2026-11-10", true),
            ("2026-11-17", false),
        ]
    );
}

#[test]
fn sample_notes_scoped_by_date_and_person() {
    let mut since = options(&[Path::new("fixtures/notes")]);
    since.range.since = Some(date("2026-10-01"));
    let report = report_of(&since);
    assert_eq!(report.summary.meetings, 5);
    assert_eq!(report.summary.first.as_deref(), Some("2026-10-13"));
    // Meetings before --since still count for the cadence and for what is carried:
    // 10-13 is on cadence thanks to 09-15, and carries 09-29's RFC item.
    assert_eq!(report.totals.guidelines.career_cadence, share(4, 5));
    assert_eq!(report.months[0].period.action_items.carried_over, 1);
    assert_eq!(report.months[0].period.action_items.dropped, 1);
    assert!(
        report
            .digest
            .projects
            .iter()
            .all(|p| p.first.date.as_str() >= "2026-10-01")
    );
    // A series' months run from its first meeting in scope to its last, and add into
    // the report's months at their place.
    let priya = &report.series[1];
    let months: Vec<&str> = priya.months.iter().map(|m| m.month.as_str()).collect();
    assert_eq!(months, ["2026-11"]);
    let all: Vec<(&str, usize)> = report
        .months
        .iter()
        .map(|m| (m.month.as_str(), m.period.meetings))
        .collect();
    assert_eq!(all, [("2026-10", 2), ("2026-11", 3)]);

    let mut until = options(&[Path::new("fixtures/notes")]);
    until.range.until = Some(date("2026-09-22"));
    until.with = Some("priya".to_string());
    let report = report_of(&until);
    assert_eq!(report.summary.meetings, 1);
    assert_eq!(report.series.len(), 1);
    assert_eq!(report.series[0].with, "Priya Natarajan");
    assert_eq!(report.scope.with.as_deref(), Some("priya"));
    assert_eq!(report.digest.projects.len(), 2);
}

#[test]
fn asking_for_nobody_or_for_anybody_is_no_report() {
    let mut nobody = options(&[Path::new("fixtures/notes")]);
    nobody.with = Some("Zoë".to_string());
    let built = build(&nobody, &mut || {}).expect("the paths exist");
    assert_eq!(
        built.report,
        Err(super::Nothing::NoSuchSeries {
            asked: "Zoë".to_string(),
            known: vec!["Alex Kim".to_string(), "Priya Natarajan".to_string()],
        })
    );
    let mut anybody = options(&[Path::new("fixtures/notes")]);
    anybody.with = Some("a".to_string());
    let built = build(&anybody, &mut || {}).expect("the paths exist");
    assert!(matches!(
        built.report,
        Err(super::Nothing::Ambiguous { .. })
    ));
    let mut later = options(&[Path::new("fixtures/notes")]);
    later.range.since = Some(date("2027-01-01"));
    let built = build(&later, &mut || {}).expect("the paths exist");
    assert_eq!(
        built.report,
        Err(super::Nothing::NoMeetings {
            read: 9,
            unplaced: 0,
            not_agendas: 0,
        })
    );
}

// ---------------------------------------------------------------------------------------
// A generated year: Sam every two weeks (two meetings missed in spring), Dana every four.

/// Sam's meetings: every 14 days from 2026-01-05, the 9th and 10th missed.
const SAM_SKIPPED: [usize; 2] = [8, 9];

/// Tasks opened one meeting and checked off the next; no two alike.
const TASKS: [&str; 26] = [
    "Book the design review room",
    "Update the on-call rota",
    "Share the latency dashboard",
    "Draft the hiring rubric",
    "Review the API changelog",
    "Order load-test credits",
    "Email the vendor about quotas",
    "Publish the postmortem summary",
    "Fix the flaky login test",
    "Archive old runbooks",
    "Schedule security training",
    "Renew TLS certificates",
    "Write quarterly goals",
    "Clean up stale feature flags",
    "Migrate cron jobs",
    "Tag the release candidate",
    "Rotate database passwords",
    "Interview the backend candidate",
    "Prepare the demo script",
    "Measure cold start time",
    "Document the retry policy",
    "Plan the team offsite",
    "Audit IAM roles",
    "Benchmark the new serializer",
    "Triage the bug backlog",
    "Present at the guild",
];

fn add_days(date: IsoDate, days: u32) -> IsoDate {
    let mut d = date;
    for _ in 0..days {
        let length = match d.month {
            2 if d.year % 4 == 0 => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if d.day < length {
            d.day += 1;
        } else if d.month < 12 {
            d = IsoDate {
                year: d.year,
                month: d.month + 1,
                day: 1,
            };
        } else {
            d = IsoDate {
                year: d.year + 1,
                month: 1,
                day: 1,
            };
        }
    }
    d
}

/// How one generated meeting is written.
#[derive(Clone, Copy)]
struct Plan {
    two_projects: bool,
    deadline: bool,
    career: bool,
    skill: bool,
    chatty: bool,
}

impl Plan {
    fn sam(i: usize) -> Self {
        Plan {
            two_projects: i % 5 != 4,
            deadline: i % 3 != 2,
            career: i % 4 == 0,
            skill: i % 3 == 0,
            chatty: i % 6 == 5,
        }
    }

    const DANA: Plan = Plan {
        two_projects: true,
        deadline: true,
        career: true,
        skill: true,
        chatty: false,
    };
}

fn agenda(
    with: &str,
    date: IsoDate,
    plan: Plan,
    projects: &[(String, usize)],
    tasks: &str,
) -> String {
    let mut text = format!(
        "---\ndate: {date}\nwith: {with}\nduration: 60\n---\n# 1:1 with {with}\n\n## Projects (20 min)\n"
    );
    for (name, n) in projects {
        let _ = write!(
            text,
            "\n### {name}\n- Decision: chose option {n} instead of the hosted service, because it keeps latency down\n- Outcome: build time from {} to 12 minutes\n- Lesson learned: measure step {n} before tuning it\n",
            20 + n
        );
    }
    let deadline = if plan.deadline { " by end of June" } else { "" };
    let _ = write!(
        text,
        "\n## Initiatives (10 min)\n- Cut flaky CI reruns by 30%{deadline}, for reliability\n"
    );
    if plan.career {
        text.push_str(
            "\n## Career (5 min)\n- Within 12 months, lead the payments migration; first step: write its plan by March 31\n",
        );
    }
    if plan.skill {
        text.push_str(
            "\n## Skills (5 min)\n- Kafka internals: finish the Confluent course and own one consumer by June 30\n",
        );
    }
    let minutes = if plan.chatty { 25 } else { 5 };
    let _ = write!(
        text,
        "\n## Non-technical ({minutes} min)\n- Team lunch on Friday\n\n## Action items\n{tasks}"
    );
    text
}

/// Writes the year into `root`; returns Sam's and Dana's meeting dates.
fn write_year(root: &Path) -> (Vec<IsoDate>, Vec<IsoDate>) {
    let write = |path: PathBuf, text: &str| {
        std::fs::create_dir_all(path.parent().expect("a file in a folder")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write(
        root.join(".agendalint.yaml"),
        "company_goals: [reliability]\n",
    );
    let mut sam = Vec::new();
    let mut previous: Option<usize> = None;
    let mut b = 0;
    for (i, task) in TASKS.iter().enumerate() {
        if SAM_SKIPPED.contains(&i) {
            continue;
        }
        let date = add_days(date("2026-01-05"), 14 * i as u32);
        let mut tasks = String::new();
        // One item opened at the first meeting, carried four times, done at the sixth.
        match i {
            0..=4 => tasks.push_str("- [ ] Write the migration RFC\n"),
            5 => tasks.push_str("- [x] Write the migration RFC\n"),
            _ => {}
        }
        // One item left out of the next meeting while still open.
        if i == 12 {
            tasks.push_str("- [ ] Ask finance about the budget\n");
        }
        if let Some(p) = previous {
            let _ = writeln!(tasks, "- [x] {}", TASKS[p]);
        }
        let _ = writeln!(tasks, "- [ ] {task}");
        previous = Some(i);
        let plan = Plan::sam(i);
        let mut projects = vec![("Payments migration".to_string(), i)];
        if plan.two_projects {
            b += 1;
            projects.push((format!("Tooling task {b}"), 100 + i));
        }
        let text = agenda("Sam Rivera", date, plan, &projects, &tasks);
        write(root.join(format!("sam/{date}.md")), &text);
        sam.push(date);
    }
    let mut dana = Vec::new();
    for j in 0..13 {
        let date = add_days(date("2026-01-14"), 28 * j as u32);
        let mut tasks = String::new();
        if j > 0 {
            let _ = writeln!(tasks, "- [x] {} for Dana", TASKS[25 - (j - 1)]);
        }
        let _ = writeln!(tasks, "- [ ] {} for Dana", TASKS[25 - j]);
        let second = if j >= 6 {
            "Shared load-test harness".to_string()
        } else {
            format!("Guild talk {j}")
        };
        let projects = [("Platform roadmap".to_string(), 200 + j), (second, 300 + j)];
        let mut text = agenda("Dana Okafor", date, Plan::DANA, &projects, &tasks);
        if j < 3 {
            text = text.replace(
                "- Cut flaky CI reruns by 30% by end of June, for reliability",
                "- Shared load-test harness: cut peak prep from 3 days to 1 by end of Q3, for reliability",
            );
        }
        write(root.join(format!("dana/{date}.md")), &text);
        dana.push(date);
    }
    (sam, dana)
}

/// `career-cadence` (every 3) on a series' career flags: on cadence when career came
/// up in the meeting or one of the two before it, or fewer than two came before.
fn on_cadence(career: &[bool]) -> Vec<bool> {
    (0..career.len())
        .map(|k| k < 2 || career[k - 2..=k].iter().any(|&c| c))
        .collect()
}

#[test]
fn a_generated_year_counts_meetings_gaps_and_guidelines() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (sam_dates, dana_dates) = write_year(dir.path());
    let report = report_of(&options(&[dir.path()]));
    let held: Vec<usize> = (0..26).filter(|i| !SAM_SKIPPED.contains(i)).collect();
    let plans: Vec<Plan> = held.iter().map(|&i| Plan::sam(i)).collect();

    assert_eq!(report.summary.meetings, 24 + 13);
    assert_eq!(report.summary.series, 2);
    assert_eq!(report.summary.first.as_deref(), Some("2026-01-05"));
    assert_eq!(report.summary.last.as_deref(), Some("2026-12-21"));
    let months: Vec<&str> = report.months.iter().map(|m| m.month.as_str()).collect();
    let twelve: Vec<String> = (1..=12).map(|m| format!("2026-{m:02}")).collect();
    assert_eq!(months, twelve);
    let meetings: Vec<usize> = report.months.iter().map(|m| m.period.meetings).collect();
    // Sam's fortnights fall 2, 2, 3, 1, 1, 2, 2, 3, 2, 2, 2, 2 a month (April and May
    // lose the missed two); Dana meets once a month, twice in July.
    assert_eq!(meetings, [3, 3, 4, 2, 2, 3, 4, 4, 3, 3, 3, 3]);

    let names: Vec<&str> = report.series.iter().map(|s| s.with.as_str()).collect();
    assert_eq!(names, ["Dana Okafor", "Sam Rivera"]);
    let (dana, sam) = (&report.series[0], &report.series[1]);
    let dates = |s: &super::document::Series| -> Vec<String> {
        s.meetings.iter().map(|m| m.date.clone()).collect()
    };
    let expected = |d: &[IsoDate]| -> Vec<String> { d.iter().map(ToString::to_string).collect() };
    assert_eq!(dates(sam), expected(&sam_dates));
    assert_eq!(dates(dana), expected(&dana_dates));
    assert_eq!(sam.interval_days, Some(14));
    assert_eq!(
        sam.long_gaps,
        [Gap {
            from: "2026-04-13".to_string(),
            to: "2026-05-25".to_string(),
            days: 42,
            missed: 2,
        }],
        "the missed fortnights show"
    );
    assert_eq!(dana.interval_days, Some(28));
    assert!(dana.long_gaps.is_empty());

    // Guidelines: Dana's meetings meet every one; Sam's as planned.
    let count = |test: fn(&Plan) -> bool| plans.iter().filter(|p| test(p)).count();
    let sam_cadence = on_cadence(&plans.iter().map(|p| p.career).collect::<Vec<_>>());
    let sam_on_cadence = sam_cadence.iter().filter(|&&c| c).count();
    assert_eq!(
        shares(&sam.totals.guidelines),
        [
            (count(|p| p.two_projects), 24),
            (count(|p| p.deadline), 24),
            (count(|p| p.skill), 24),
            (sam_on_cadence, 24),
            (count(|p| !p.chatty), 24),
        ]
    );
    assert_eq!(
        shares(&sam.totals.guidelines),
        [(20, 24), (17, 24), (8, 24), (17, 24), (20, 24)]
    );
    assert_eq!(shares(&dana.totals.guidelines), [(13, 13); 5]);
    assert_eq!(
        shares(&report.totals.guidelines),
        [(33, 37), (30, 37), (21, 37), (30, 37), (33, 37)]
    );
    // March: Sam on 03-02 (i=4: one project, career), 03-16 (i=5: no deadline,
    // chatty), 03-30 (i=6: skill); Dana on 03-11.
    assert_eq!(
        shares(&report.months[2].period.guidelines),
        [(3, 4), (3, 4), (2, 4), (4, 4), (3, 4)]
    );
}

#[test]
fn a_generated_year_counts_findings_action_items_and_contributions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, dana_dates) = write_year(dir.path());
    let report = report_of(&options(&[dir.path()]));
    let findings = &report.totals.findings;
    assert_eq!(findings.get("too-few-projects"), Some(&4));
    assert_eq!(
        findings.get("career-cadence"),
        Some(&7),
        "Sam's 24 - 17 on cadence"
    );
    assert_eq!(findings.get("missing-skill-gap"), Some(&16));
    assert_eq!(findings.get("non-technical-share"), Some(&4));
    assert_eq!(findings.get("no-time-bound"), Some(&7));
    assert_eq!(findings.get("open-action-items"), Some(&1));

    let a = report.totals.action_items;
    assert_eq!(
        [a.opened, a.closed, a.carried_over, a.stale, a.dropped],
        // Opened: a task a meeting, the RFC and the budget question. Closed: each
        // meeting's task at the next, and the RFC. Carried four times, stale from
        // the third. Dropped: the budget question.
        [24 + 2 + 13, 23 + 1 + 12, 4, 2, 1]
    );
    let stale = &report.stale_action_items;
    assert_eq!(stale.len(), 1);
    assert_eq!(stale[0].text, "Write the migration RFC");
    assert_eq!(stale[0].with, "Sam Rivera");
    assert_eq!(stale[0].carried, 4);
    assert_eq!(stale[0].first.date, "2026-01-05");
    assert_eq!(stale[0].last.date, "2026-03-02");
    assert_eq!(stale[0].status, ItemStatus::Closed);
    assert_eq!(stale[0].ended.as_deref(), Some("2026-03-16"));

    let digest = &report.digest;
    // One migration project across Sam's year, 20 tooling tasks, Dana's roadmap, six
    // guild talks and the harness.
    assert_eq!(digest.projects.len(), 1 + 20 + 1 + 6 + 1);
    let migration = &digest.projects[0];
    assert_eq!(migration.name, "Payments migration");
    assert_eq!(migration.meetings, 24);
    assert_eq!(
        (
            migration.decisions.len(),
            migration.lessons.len(),
            migration.outcomes.len()
        ),
        (24, 24, 24)
    );
    assert_eq!(migration.outcomes[0].metric, "from 20 to 12 minutes");
    assert_eq!(migration.last.date, "2026-12-21");
    let raised: Vec<(&str, usize, Option<&str>)> = digest
        .initiatives
        .iter()
        .map(|i| (i.source.date.as_str(), i.raised, i.deadline.as_deref()))
        .collect();
    assert_eq!(
        raised,
        [
            ("2026-01-05", 17 + 10, Some("end of June")),
            ("2026-01-14", 3, Some("end of Q3")),
            ("2026-02-02", 7, None),
        ]
    );
    let harness = &digest.initiatives[1];
    let reported = harness.reported.as_ref().expect("the harness is reported");
    assert_eq!(reported.project, "Shared load-test harness");
    assert_eq!(reported.source.date, dana_dates[6].to_string());
    assert!(digest.initiatives[0].reported.is_none());
    assert_eq!(
        digest.skills.len(),
        1,
        "one skill, named the same every time"
    );
    assert!(digest.skills[0].learning_path);
}

#[test]
fn a_project_is_complete_as_the_project_rules_judge_it() {
    let agenda = |lesson: &str| {
        format!(
            "---\ndate: 2026-03-02\nwith: Sam Rivera\n---\n# 1:1\n\n## Projects\n\n### Search ranking\n- Decision: BM25 instead of embeddings, because of latency\n- {lesson}\n\n### Billing export\n- Decision: Parquet over CSV, because Finance queries it\n- Lesson learned: ask the consumer first\n"
        )
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let write =
        |name: &str, text: &str| std::fs::write(dir.path().join(name), text).expect("write");
    write(
        "a.md",
        &agenda("Lesson learned: label a test set before tuning"),
    );
    let report = report_of(&options(&[dir.path()]));
    assert_eq!(report.totals.guidelines.two_projects, share(1, 1));
    // A lesson left as the template's prompt is no lesson, though the engine reports
    // the prompt rather than the missing lesson.
    write(
        "a.md",
        &agenda("Lesson learned: <what you would do differently>"),
    );
    let report = report_of(&options(&[dir.path()]));
    assert_eq!(report.totals.findings.get("project-missing-lesson"), None);
    assert_eq!(report.totals.findings.get("unfilled-prompt"), Some(&1));
    assert_eq!(report.totals.guidelines.two_projects, share(0, 1));
    // With the project rules off, the wording decides.
    write(
        ".agendalint.yaml",
        "rules:\n  project-missing-lesson: off\n",
    );
    let report = report_of(&options(&[dir.path()]));
    assert_eq!(report.totals.guidelines.two_projects, share(0, 1));
    write(
        "a.md",
        &agenda("Lesson learned: label a test set before tuning"),
    );
    let report = report_of(&options(&[dir.path()]));
    assert_eq!(report.totals.guidelines.two_projects, share(1, 1));
}

/// Every agenda under `root` as the report reads it: its path as shown and its record,
/// in the order read (path order).
fn records(root: &Path) -> Vec<(String, super::record::Record)> {
    use std::ops::ControlFlow;
    use std::sync::Arc;
    let check = crate::runner::CheckOptions {
        paths: vec![root.to_path_buf()],
        keep_sources: false,
        since: Some(super::EVERY_AGENDA),
        use_baseline: false,
        examiner: Some(Arc::new(super::record::Recorder)),
        ..crate::runner::CheckOptions::default()
    };
    let mut read = Vec::new();
    crate::runner::stream(&check, &mut |file| {
        let record = file
            .examined
            .and_then(|any| any.downcast::<super::record::Record>().ok());
        if let Some(record) = record {
            read.push((file.path, Arc::unwrap_or_clone(record)));
        }
        ControlFlow::Continue(())
    })
    .expect("the folder exists");
    read
}

/// The report of `records` added in `order`, read a second time in the same order when
/// the fold asks for it; and whether it did.
fn folded(
    records: &[(String, super::record::Record)],
    order: &[usize],
    range: &Range,
    with: Option<&str>,
) -> (Result<Report, super::Nothing>, bool) {
    let mut fold = super::fold::Fold::new(range.clone(), with);
    for &i in order {
        fold.add(&records[i].0, i, records[i].1.clone());
    }
    let again = fold.needs_second_reading();
    let outside = fold.begin_outside();
    if again || outside.is_some() {
        // Read again as the command does: every agenda to follow a series again, else
        // only those at the places asked for.
        let wanted = |i: &usize| again || outside.as_ref().is_some_and(|p| p.contains(i));
        for &i in order.iter().filter(|i| wanted(i)) {
            fold.add_again(&records[i].0, records[i].1.clone());
        }
    }
    let scope = super::document::Scope {
        with: with.map(ToString::to_string),
        ..super::document::Scope::default()
    };
    (fold.finish(scope), again)
}

/// A fixed shuffle of `0..n` (a linear congruential generator; no two runs differ).
fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut state = seed;
    for i in (1..n).rev() {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let j = usize::try_from(state >> 33).expect("31 bits fit") % (i + 1);
        order.swap(i, j);
    }
    order
}

/// Two agendas of one series named against their dates (`a.md` is the later meeting),
/// naming one project two ways and carrying its lines, with a stale action item.
fn write_crossed(root: &Path) {
    let meeting = |date: &str, name: &str, extra: &str, tasks: &str| {
        format!(
            "---\ndate: {date}\nwith: Lee Chen\n---\n# 1:1\n\n## Projects\n\n### {name}\n- Decision: kept the old ledger for one more quarter, because rollback is cheap\n- Outcome: p99 latency from 900 ms to 300 ms\n{extra}\n## Initiatives\n- Cut the ledger p99 latency by 50% by end of Q2\n\n## Action items\n{tasks}"
        )
    };
    let carried = "- [ ] Write the ledger runbook\n";
    for (file, date, name, extra, tasks) in [
        ("e.md", "2026-01-05", "payments-migration", "", carried),
        ("d.md", "2026-01-19", "Payments migration", "", carried),
        (
            "c.md",
            "2026-02-02",
            "Payments migration",
            "- Lesson learned: load-test the cutover first\n",
            carried,
        ),
        ("b.md", "2026-02-16", "Ledger p99 latency", "", carried),
        (
            "a.md",
            "2026-03-02",
            "Payments Migration",
            "- Lesson learned: load-test the cutover first\n",
            "- [x] Write the ledger runbook\n",
        ),
    ] {
        std::fs::write(root.join(file), meeting(date, name, extra, tasks)).expect("write");
    }
}

#[test]
fn the_report_is_the_same_whatever_the_order_agendas_are_read_in() {
    let year = tempfile::tempdir().expect("temp dir");
    write_year(year.path());
    let crossed = tempfile::tempdir().expect("temp dir");
    write_crossed(crossed.path());
    let ranges = [
        Range::default(),
        Range {
            since: Some(date("2026-06-01")),
            until: None,
        },
        Range {
            since: None,
            until: Some(date("2026-02-10")),
        },
        Range {
            since: Some(date("2026-01-19")),
            until: Some(date("2026-10-31")),
        },
    ];
    for root in [Path::new("fixtures/notes"), year.path(), crossed.path()] {
        let records = records(root);
        let n = records.len();
        let by_path: Vec<usize> = (0..n).collect();
        let orders = [
            by_path.iter().rev().copied().collect(),
            shuffled(n, 1),
            shuffled(n, 2),
        ];
        for range in &ranges {
            for with in [
                None,
                Some("sam rivera"),
                Some("dana"),
                Some("alex"),
                Some("lee"),
            ] {
                let (expected, again) = folded(&records, &by_path, range, with);
                // Named by date, a folder needs no second reading.
                assert!(!again || root == crossed.path(), "{}", root.display());
                for order in &orders {
                    let (report, _) = folded(&records, order, range, with);
                    assert_eq!(
                        report,
                        expected,
                        "{} read as {order:?}, {range:?}, --with {with:?}",
                        root.display()
                    );
                }
            }
        }
    }
    // The crossed folder is read out of date order, and followed in date order.
    let records = records(crossed.path());
    let by_path: Vec<usize> = (0..records.len()).collect();
    let (report, again) = folded(&records, &by_path, &Range::default(), None);
    assert!(again);
    let report = report.expect("meetings in scope");
    let stale = &report.stale_action_items;
    assert_eq!(stale.len(), 1);
    assert_eq!(
        (stale[0].carried, stale[0].first.date.as_str()),
        (3, "2026-01-05")
    );
    assert_eq!(stale[0].last.date, "2026-02-16");
    assert_eq!(stale[0].status, ItemStatus::Closed);
    // The project is named as it first was, with each line where it was first written.
    let migration = &report.digest.projects[0];
    assert_eq!(migration.name, "payments-migration");
    assert_eq!(migration.meetings, 4);
    assert_eq!(migration.last.date, "2026-03-02");
    assert_eq!(migration.decisions.len(), 1);
    assert_eq!(migration.decisions[0].source.date, "2026-01-05");
    assert_eq!(migration.lessons[0].source.date, "2026-02-02");
    let initiative = &report.digest.initiatives[0];
    assert_eq!(initiative.raised, 5);
    let reported = initiative.reported.as_ref().expect("reported");
    assert_eq!(
        (reported.project.as_str(), reported.source.date.as_str()),
        ("Ledger p99 latency", "2026-02-16")
    );
}

#[test]
fn agendas_named_out_of_date_order_give_the_report_of_agendas_named_by_date() {
    let by_date = tempfile::tempdir().expect("temp dir");
    write_year(by_date.path());
    // The same agendas, each series' files named so that path order is the reverse of
    // date order.
    let crossed = tempfile::tempdir().expect("temp dir");
    let mut renamed: Vec<(String, String)> = Vec::new();
    for person in ["sam", "dana"] {
        let folder = by_date.path().join(person);
        let mut names: Vec<String> = std::fs::read_dir(&folder)
            .expect("the folder exists")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        std::fs::create_dir_all(crossed.path().join(person)).expect("mkdir");
        for (i, name) in names.iter().enumerate() {
            let new = format!("{person}/m{:02}.md", names.len() - i);
            std::fs::copy(folder.join(name), crossed.path().join(&new)).expect("copy");
            renamed.push((new, format!("{person}/{name}")));
        }
    }
    std::fs::copy(
        by_date.path().join(".agendalint.yaml"),
        crossed.path().join(".agendalint.yaml"),
    )
    .expect("copy");
    let json = |dir: &Path| {
        let report = report_of(&options(&[dir]));
        serde_json::to_string_pretty(&report).expect("serialisable")
    };
    let mut crossed_json = json(crossed.path());
    for (new, old) in &renamed {
        crossed_json = crossed_json.replace(new.as_str(), old);
    }
    let crossed_json = crossed_json.replace(
        &crossed.path().display().to_string(),
        &by_date.path().display().to_string(),
    );
    assert_eq!(crossed_json, json(by_date.path()));
}

/// Two series: Ana's proposes an initiative; Ben's and a later one of Ana's report it,
/// in the order `ben` and `ana` date them.
fn write_two_series(root: &Path, ben: &str, ana: &str) {
    let project = "### Ledger p99 latency\n- Decision: cache the balance lookups, because reads dominate\n- Outcome: p99 latency from 900 ms to 300 ms\n";
    for (file, date, with, body) in [
        (
            "ana/2026-01-05.md",
            "2026-01-05",
            "Ana Diaz",
            "## Initiatives\n- Cut the ledger p99 latency by 50% by end of Q2\n".to_string(),
        ),
        (
            "ana/later.md",
            ana,
            "Ana Diaz",
            format!("## Projects\n\n{project}"),
        ),
        (
            "ben/later.md",
            ben,
            "Ben Ode",
            format!("## Projects\n\n{project}"),
        ),
    ] {
        let path = root.join(file);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
        std::fs::write(
            path,
            format!("---\ndate: {date}\nwith: {with}\n---\n# 1:1\n\n{body}"),
        )
        .expect("write");
    }
}

#[test]
fn an_initiative_is_reported_by_the_first_later_project_in_or_outside_the_report() {
    for (ben, ana, first) in [
        ("2026-02-02", "2026-03-02", "ben/later.md"),
        ("2026-03-02", "2026-02-02", "ana/later.md"),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        write_two_series(dir.path(), ben, ana);
        let records = records(dir.path());
        let n = records.len();
        let orders = [(0..n).collect(), (0..n).rev().collect(), shuffled(n, 3)];
        for order in &orders {
            for with in [None, Some("ana diaz")] {
                let (report, _) = folded(&records, order, &Range::default(), with);
                let report = report.expect("meetings in scope");
                let reported = report.digest.initiatives[0].reported.as_ref();
                let reported = reported.expect("reported");
                assert!(
                    reported.source.path.ends_with(first),
                    "{order:?} --with {with:?}: {reported:?}"
                );
                assert_eq!(reported.project, "Ledger p99 latency");
                assert_eq!(
                    reported.outcome,
                    "Outcome: p99 latency from 900 ms to 300 ms"
                );
            }
        }
        // Through the command's own reading too.
        let mut with_ana = options(&[dir.path()]);
        with_ana.with = Some("Ana Diaz".to_string());
        let report = report_of(&with_ana);
        let reported = report.digest.initiatives[0].reported.as_ref();
        assert!(reported.expect("reported").source.path.ends_with(first));
    }
}
