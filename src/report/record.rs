//! What the report keeps of one agenda, learned on the worker thread that checked it:
//! its place in a series, which guidelines it meets, its findings per rule, its action
//! items, and its projects, initiatives and skills for the digest.
//!
//! Everything is read from the model the rules read and with the detectors they use
//! (the decision and lesson wording of `project-missing-decision` and
//! `project-missing-lesson`, the metric and time-bound detectors, the proposal wording
//! of `missing-initiative`, the skill vocabulary): no wording of its own. How the
//! records add up is `fold`'s business.

use std::any::Any;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::detect::skills::SkillWords;
use crate::detect::{self, PhraseList};
use crate::diagnostic::RuleId;
use crate::model::{Agenda, Block, BlockKind, Entry, EntryOrigin, IsoDate, SectionKind};
use crate::rules::project_missing_decision::{ListData, states};
use crate::rules::{
    RuleSetting, missing_initiative, project_missing_decision, project_missing_lesson,
};
use crate::runner::{Checked, Examiner};

use super::document::Guideline;

/// The longest text the digest keeps of one line, in characters.
const TEXT_CHARS: usize = 400;

/// What the report keeps of one agenda.
#[derive(Clone, Debug, Default)]
pub struct Record {
    /// The meeting date, when it is a real date.
    pub date: Option<IsoDate>,
    /// Who the meeting is with, as written.
    pub with: Option<String>,
    /// The notes root of its series.
    pub root: std::path::PathBuf,
    /// Whether career came up (as `career-cadence` reads it).
    pub career: bool,
    /// `career-cadence`'s `every`, when the rule runs.
    pub cadence: Option<usize>,
    /// Per guideline (in [`Guideline::ALL`] order, career cadence left to the fold):
    /// met, not met, or not judged.
    pub guidelines: [Option<bool>; 5],
    /// Findings per rule, in order of first appearance.
    pub findings: Vec<(RuleId, usize)>,
    /// Task-list items, in order.
    pub tasks: Vec<Task>,
    /// Projects, for the digest.
    pub projects: Vec<ProjectNote>,
    /// Initiatives and proposals, for the digest.
    pub initiatives: Vec<InitiativeNote>,
    /// Skills to deepen, for the digest.
    pub skills: Vec<SkillNote>,
}

/// A task-list item.
#[derive(Clone, Debug)]
pub struct Task {
    /// Its text.
    pub text: String,
    /// `- [x]`.
    pub checked: bool,
    /// Its line.
    pub line: usize,
}

/// A line of a project: its text and line.
#[derive(Clone, Debug)]
pub struct Line {
    /// The text, Markdown removed.
    pub text: String,
    /// 1-based.
    pub line: usize,
}

/// A project as one agenda discusses it.
#[derive(Clone, Debug)]
pub struct ProjectNote {
    /// Its name: the sub-heading, or the item's first line up to a colon.
    pub name: String,
    /// Its name's words, to know it again in another meeting (`fold::key_of`).
    pub key: String,
    /// Where it starts.
    pub line: usize,
    /// Lines stating a decision or trade-off.
    pub decisions: Vec<Line>,
    /// Lines stating a lesson.
    pub lessons: Vec<Line>,
    /// Lines stating a measured outcome, with the quantity.
    pub outcomes: Vec<(Line, String)>,
}

/// An initiative or proposal as one agenda states it.
#[derive(Clone, Debug)]
pub struct InitiativeNote {
    /// Its first line.
    pub text: Line,
    /// The measurable quantity in it or its nested items.
    pub metric: Option<String>,
    /// The deadline or duration in it or its nested items.
    pub deadline: Option<String>,
}

/// A skills item.
#[derive(Clone, Debug)]
pub struct SkillNote {
    /// Its text, nested items included.
    pub text: Line,
    /// Whether it has a learning path.
    pub learning_path: bool,
    /// Its time frame.
    pub deadline: Option<String>,
}

/// The wording the report shares with the rules, compiled once per process.
struct Words {
    decisions: PhraseList,
    lessons: PhraseList,
    proposals: PhraseList,
}

fn words() -> &'static Words {
    static WORDS: OnceLock<Words> = OnceLock::new();
    WORDS.get_or_init(|| Words {
        decisions: ListData::compile(project_missing_decision::WORDS),
        lessons: ListData::compile(project_missing_lesson::WORDS),
        proposals: ListData::compile(missing_initiative::PROPOSALS),
    })
}

/// The examiner `agendalint report` runs the check with.
#[derive(Debug, Default)]
pub struct Recorder;

impl Examiner for Recorder {
    fn examine(&self, checked: &Checked<'_, '_>) -> Arc<dyn Any + Send + Sync> {
        Arc::new(record(checked))
    }
}

/// Whether the config runs a built-in rule.
fn runs<T>(setting: Option<&RuleSetting<T>>) -> bool {
    setting.is_none_or(|s| !matches!(s, RuleSetting::Off))
}

/// The examiner of a second reading of the agendas, which runs no rule: it keeps what
/// following a series needs, for the series read out of date order the first time, and
/// the projects, when the meetings outside the report are searched for where its
/// initiatives were reported (see `fold::Fold::add_again`).
#[derive(Debug, Default)]
pub struct SecondRecorder {
    /// Whether to read the projects too.
    pub projects: bool,
}

impl Examiner for SecondRecorder {
    fn examine(&self, checked: &Checked<'_, '_>) -> Arc<dyn Any + Send + Sync> {
        let mut record = follow_record(checked);
        if self.projects {
            // Only the measured outcomes are read from them: they do not depend on
            // whether a project is complete, which needs findings this reading has not.
            let agenda = checked.agenda;
            let line = |offset: usize| agenda.lines().location(agenda.source, offset).line;
            read_projects(checked, &mut record, &line);
        }
        mask_private(checked, &mut record);
        Arc::new(record)
    }
}

/// What following a series needs of one agenda: its place in a series, whether career
/// came up, `career-cadence`'s `every`, and its task-list items.
fn follow_record(checked: &Checked<'_, '_>) -> Record {
    let agenda = checked.agenda;
    let rules = &checked.config.file.rules;
    // The series as the series rules place it: `people` aliases name one person.
    let mut summary = crate::series::identify(Path::new(agenda.path), agenda.source);
    checked.config.file.people.apply(&mut summary);
    let line = |offset: usize| agenda.lines().location(agenda.source, offset).line;
    Record {
        date: summary.date,
        with: summary.with,
        root: checked.root.to_path_buf(),
        career: crate::series::career_in(agenda).0,
        cadence: rules.career_cadence.as_ref().map_or(Some(3), |s| match s {
            RuleSetting::Off => None,
            RuleSetting::Options(o) => Some(o.every as usize),
            _ => Some(3),
        }),
        tasks: agenda
            .items
            .iter()
            .filter_map(|item| {
                Some(Task {
                    text: clip(agenda.text(item.head).trim()),
                    checked: item.checked?,
                    line: line(item.head.start),
                })
            })
            .filter(|task| !task.text.is_empty())
            .collect(),
        ..Record::default()
    }
}

/// Masks in `record` every word the privacy detectors flag in its agenda (unless the
/// config turns privacy off): a report is made to be shared, and must not carry what
/// the hook keeps out of the repository.
fn mask_private(checked: &Checked<'_, '_>, record: &mut Record) {
    let privacy = &checked.config.file.privacy;
    if privacy.checks == crate::config::PrivacyChecks::Off {
        return;
    }
    let agenda = checked.agenda;
    let roster = crate::privacy::rule::roster(agenda, &privacy.people, &privacy.owner);
    let spans = crate::privacy::rule::detected_spans(agenda, &roster);
    if spans.is_empty() {
        return;
    }
    let words = crate::privacy::mask::flagged_words(agenda.source, &spans);
    let mask = |text: &mut String| crate::privacy::mask::redact_words(text, &words);
    for task in &mut record.tasks {
        mask(&mut task.text);
    }
    for project in &mut record.projects {
        mask(&mut project.name);
        mask(&mut project.key);
        for line in project.decisions.iter_mut().chain(&mut project.lessons) {
            mask(&mut line.text);
        }
        for (line, quantity) in &mut project.outcomes {
            mask(&mut line.text);
            mask(quantity);
        }
    }
    for initiative in &mut record.initiatives {
        mask(&mut initiative.text.text);
        initiative.metric.iter_mut().for_each(mask);
        initiative.deadline.iter_mut().for_each(mask);
    }
    for skill in &mut record.skills {
        mask(&mut skill.text.text);
        skill.deadline.iter_mut().for_each(mask);
    }
}

/// Reads one checked agenda.
pub fn record(checked: &Checked<'_, '_>) -> Record {
    let agenda = checked.agenda;
    let rules = &checked.config.file.rules;
    let line = |offset: usize| agenda.lines().location(agenda.source, offset).line;
    let mut record = follow_record(checked);
    for finding in checked.findings {
        match record
            .findings
            .iter_mut()
            .find(|(rule, _)| *rule == finding.rule)
        {
            Some((_, count)) => *count += 1,
            None => record.findings.push((finding.rule.clone(), 1)),
        }
    }
    let found = |rule: &str| checked.findings.iter().any(|f| f.rule == rule);

    let words = words();
    let complete_projects = read_projects(checked, &mut record, &line);
    let min_projects = match &rules.too_few_projects {
        Some(RuleSetting::Options(o)) => o.min as usize,
        _ => 2,
    };
    record.initiatives = initiatives(agenda, words, &line);
    record.skills = skills(agenda, &line);

    let judged = |ids: &[&str]| {
        ids.iter().any(|id| match *id {
            "too-few-projects" => runs(rules.too_few_projects.as_ref()),
            "project-missing-decision" => runs(rules.project_missing_decision.as_ref()),
            "project-missing-lesson" => runs(rules.project_missing_lesson.as_ref()),
            "missing-initiative" => runs(rules.missing_initiative.as_ref()),
            "missing-metric" => runs(rules.missing_metric.as_ref()),
            "no-time-bound" => runs(rules.no_time_bound.as_ref()),
            "missing-skill-gap" => runs(rules.missing_skill_gap.as_ref()),
            "career-cadence" => runs(rules.career_cadence.as_ref()),
            "non-technical-share" => runs(rules.non_technical_share.as_ref()),
            _ => false,
        })
    };
    for (slot, guideline) in record.guidelines.iter_mut().zip(Guideline::ALL) {
        if !judged(guideline.rules()) {
            continue;
        }
        *slot = match guideline {
            Guideline::TwoProjects => Some(complete_projects >= min_projects),
            Guideline::Initiative => Some(
                record
                    .initiatives
                    .iter()
                    .any(|i| i.metric.is_some() && i.deadline.is_some()),
            ),
            Guideline::SkillGap => Some(!found("missing-skill-gap")),
            // Judged across the series, once every meeting is known.
            Guideline::CareerCadence => None,
            Guideline::NonTechnicalShare => Some(!found("non-technical-share")),
        };
    }
    mask_private(checked, &mut record);
    record
}

/// Reads the agenda's projects into `record`; returns how many state a decision and a
/// lesson.
fn read_projects(
    checked: &Checked<'_, '_>,
    record: &mut Record,
    line: &dyn Fn(usize) -> usize,
) -> usize {
    let agenda = checked.agenda;
    let rules = &checked.config.file.rules;
    let words = words();
    // When both project rules run, their findings say which projects lack a decision
    // or a lesson (a lesson still a template prompt is reported as the prompt); the
    // wording is then read only to sort the digest's lines.
    let judged_by_rules = runs(rules.project_missing_decision.as_ref())
        && runs(rules.project_missing_lesson.as_ref());
    let lacks = |rule: &str, project: &Entry| {
        checked.findings.iter().any(|f| {
            f.rule == rule && project.span.start <= f.span.start && f.span.start < project.span.end
        })
    };
    let mut complete_projects = 0;
    for project in agenda.entries_of(SectionKind::Projects) {
        if agenda.is_prompt(project.blocks.clone()) {
            continue;
        }
        let known = judged_by_rules.then(|| {
            [
                "project-missing-decision",
                "project-missing-lesson",
                "unfilled-prompt",
            ]
            .iter()
            .all(|rule| !lacks(rule, project))
        });
        let (note, complete) = project_note(agenda, project, words, line, known);
        complete_projects += usize::from(complete);
        record.projects.push(note);
    }
    complete_projects
}

/// A project's name: its sub-heading without a time box, or its item's first line up to
/// a colon.
fn project_name(agenda: &Agenda<'_>, project: &Entry) -> String {
    let block = agenda.blocks(project.blocks.clone()).first();
    let text = block.map_or("", |b| {
        let end = b.timebox.map_or(b.text.len(), |t| t.text_start);
        b.text.get(..end).unwrap_or(&b.text)
    });
    let text = match project.origin {
        EntryOrigin::Heading(_) => text,
        EntryOrigin::Item(_) => text.split(':').next().unwrap_or(text),
    };
    clip(text.trim())
}

/// A project's note for the digest, and whether it states a decision and a lesson as
/// `project-missing-decision` and `project-missing-lesson` judge it (whatever the
/// digest makes of each line): `complete` when the rules' findings already say.
fn project_note(
    agenda: &Agenda<'_>,
    project: &Entry,
    words: &Words,
    line: &dyn Fn(usize) -> usize,
    complete: Option<bool>,
) -> (ProjectNote, bool) {
    let name = project_name(agenda, project);
    let mut note = ProjectNote {
        key: super::digest::key_of(&name),
        name,
        line: line(project.head.start),
        decisions: Vec::new(),
        lessons: Vec::new(),
        outcomes: Vec::new(),
    };
    // Known completeness needs no wording looked for on its account.
    let (mut any_decision, mut any_lesson) = (complete.is_some(), complete.is_some());
    for block in agenda.blocks(project.blocks.clone()) {
        if block.placeholder || block.text.trim().is_empty() {
            continue;
        }
        // Each wording is looked for only where it still decides something: the line's
        // kind when it has no label, the project's completeness until it is known.
        let label = label(&block.text);
        let lesson = (label.is_none() || !any_lesson) && states(&words.lessons, project, block);
        let decision = ((label.is_none() && !lesson) || !any_decision)
            && states(&words.decisions, project, block);
        any_lesson |= lesson;
        any_decision |= decision;
        let kind = match label {
            Some(kind) => Some(kind),
            None if lesson => Some(Said::Lesson),
            None if decision => Some(Said::Decision),
            // A sub-heading names the project, or a part of it, unless it states something.
            None if block.kind == BlockKind::Heading => None,
            None => Some(Said::Outcome),
        };
        let Some(kind) = kind else {
            continue;
        };
        // "Outcome: shipped on time" states no measure: not a measured outcome.
        let metric = match kind {
            Said::Outcome => match detect::facts(block).metric.clone() {
                Some(metric) => Some(metric),
                None => continue,
            },
            Said::Decision | Said::Lesson => None,
        };
        let text = Line {
            text: clip(block.text.trim()),
            line: line(block.span.start),
        };
        match (kind, metric) {
            (Said::Lesson, _) => note.lessons.push(text),
            (Said::Decision, _) => note.decisions.push(text),
            (Said::Outcome, Some(metric)) => {
                let quantity = widen_change(&block.text, metric);
                note.outcomes
                    .push((text, block.text[quantity].trim().to_string()));
            }
            (Said::Outcome, None) => {}
        }
    }
    (note, complete.unwrap_or(any_decision && any_lesson))
}

/// What a line of a project says, for the digest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Said {
    Decision,
    Lesson,
    Outcome,
}

/// Whether a line starts with a label that names what it is ("Decision:", "Lesson
/// learned:", "Outcome:").
pub fn has_label(text: &str) -> bool {
    label(text).is_some()
}

/// What a line's leading label ("Decision:", "Trade-off:", "Lesson learned:",
/// "Outcome:", "Result:") says it is. The label wins over the wording after it:
/// "Outcome: the spike replaced 1,400 lines with 200" is an outcome, whatever verbs
/// it uses.
fn label(text: &str) -> Option<Said> {
    let (head, _) = text.split_once(':')?;
    let head = head.trim().to_lowercase();
    if head.split_whitespace().count() > 3 {
        return None;
    }
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| head.starts_with(p));
    if starts(&[
        "decision",
        "decided",
        "trade-off",
        "tradeoff",
        "trade off",
        "choice",
        "chose",
        "why",
    ]) {
        Some(Said::Decision)
    } else if starts(&[
        "lesson",
        "learned",
        "learnt",
        "learning",
        "takeaway",
        "take-away",
        "in hindsight",
        "next time",
    ]) {
        Some(Said::Lesson)
    } else if starts(&[
        "outcome", "result", "impact", "measured", "metric", "numbers", "effect",
    ]) {
        Some(Said::Outcome)
    } else {
        None
    }
}

/// Words that end the far side of a change ("from 40 to 15 minutes *and* …").
const CHANGE_ENDS: &[&str] = &[
    "and", "by", "in", "within", "before", "after", "over", "since", "so", "for", "with", "at",
    "during", "across", "on", "while", "but", "because", "when", "once", "than",
];

/// The quantity `metric` (a range of `text`) widened to the whole change it opens,
/// when it is one: "from ~30 a week to zero", "from 40 to 15 minutes". Otherwise the
/// range as the detector found it.
fn widen_change(text: &str, metric: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let before = text[..metric.start].trim_end_matches(['~', ' ']);
    let Some(from) = before
        .len()
        .checked_sub(4)
        .filter(|&at| before.is_char_boundary(at) && before[at..].eq_ignore_ascii_case("from"))
        .filter(|&at| at == 0 || !text[..at].ends_with(char::is_alphanumeric))
    else {
        return metric;
    };
    // " to " soon after the first quantity, with no clause break before it.
    let rest = &text[metric.end..];
    let near: String = rest.chars().take(24).collect();
    let Some(to) = near.find(" to ") else {
        return metric;
    };
    if near[..to].contains([',', ';', '—', '–', '(', ')']) {
        return metric;
    }
    let far_start = metric.end + to + 4;
    // Up to five words after "to", stopping at a clause break or a word that starts
    // the next phrase.
    let mut end = far_start;
    let mut offset = far_start;
    for (taken, word) in text[far_start..].split(' ').enumerate() {
        let bare = word.trim_end_matches([',', ';', '.', ')', ':']);
        if taken >= 5 || bare.is_empty() || CHANGE_ENDS.contains(&bare.to_lowercase().as_str()) {
            break;
        }
        end = offset + bare.len();
        if bare.len() != word.len() {
            break;
        }
        offset += word.len() + 1;
    }
    if end == far_start {
        return metric;
    }
    from..end
}

/// The measurable quantity and the deadline stated in `blocks`, looked for block by
/// block and no further than needed: the first quantity (widened to the change it
/// opens), and, in the first block that states a time bound, the bound that follows a
/// deadline word ("by end of Q1", "within 60 days"), else its last one ("a new
/// consumer ships in 2 days … piloted by end of Q1" has its deadline last).
fn target(blocks: &[Block]) -> (Option<String>, Option<String>) {
    let metric = blocks.iter().find_map(|b| {
        detect::facts(b).metric.as_ref()?;
        let range = target_quantity(b);
        Some(b.text.get(range?)?.trim().to_string())
    });
    let deadline = blocks.iter().find_map(|b| {
        let bounds = &detect::facts(b).time_bounds;
        let range = bounds
            .iter()
            .find(|r| after_deadline_word(&b.text[..r.start]))
            .or_else(|| bounds.last())?;
        Some(b.text.get(range.clone())?.trim().to_string())
    });
    (metric, deadline)
}

/// The quantity of a block that reads as its target: the first change ("from 40 to
/// 15 minutes") or quantity next to a word that sets a goal ("cut ... by 30%",
/// "targeting 50% fewer pages"), else the first quantity. "Roll the library out to all
/// 6 payments consumers, targeting 50% fewer DLQ pages" aims at the 50%.
fn target_quantity(block: &Block) -> Option<std::ops::Range<usize>> {
    let text = &block.text;
    let facts = detect::facts(block);
    let first = facts.metric.clone()?;
    // Numerals only: "target zero refund delays" is read no better than the first.
    let aims = |range: &std::ops::Range<usize>| {
        text[range.clone()].contains(|c: char| c.is_ascii_digit())
            && (widen_change(text, range.clone()) != *range || goal_word_next_to(text, range))
    };
    if aims(&first) {
        return Some(widen_change(text, first));
    }
    // Only when the first does not aim are the others looked for.
    let mut masked = facts.time_bounds.clone();
    if let Some(found) = block.timebox {
        masked.push(found.text_start..text.len());
    }
    let lexed = crate::detect::lexer::Lexed::new(text);
    let all = crate::detect::metric::find_all(&lexed, &masked);
    let aimed = all
        .into_iter()
        .find(|range| range.start > first.start && aims(range));
    Some(widen_change(text, aimed.unwrap_or(first)))
}

/// Whether the quantity at `range` of `text` has a word that sets a goal just before
/// it ("by 30%", "targeting 50%", "aiming for 15 minutes", "under 250 ms") or just
/// after it ("50% fewer", "2x faster").
fn goal_word_next_to(text: &str, range: &std::ops::Range<usize>) -> bool {
    let mut before = text[..range.start]
        .trim_end_matches(['~', ' '])
        .rsplit(|c: char| !c.is_alphanumeric());
    let last = before.next().unwrap_or("");
    let after = text[range.end..].trim_start();
    let next = after
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let is = |word: &str, words: &[&str]| words.iter().any(|w| word.eq_ignore_ascii_case(w));
    is(
        last,
        &[
            "by",
            "target",
            "targeting",
            "aiming",
            "under",
            "below",
            "above",
        ],
    ) || (is(last, &["for"]) && is(before.next().unwrap_or(""), &["aiming"]))
        || is(
            next,
            &[
                "fewer",
                "less",
                "more",
                "faster",
                "lower",
                "higher",
                "reduction",
            ],
        )
}

/// Whether `before` ends with a word that opens a deadline ("by", "within", "before",
/// "until", "due").
fn after_deadline_word(before: &str) -> bool {
    let before = before.trim_end();
    let last = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase();
    let last = if last == "the" {
        let rest = before[..before.len() - 3].trim_end();
        rest.rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
            .to_lowercase()
    } else {
        last
    };
    matches!(
        last.as_str(),
        "by" | "within" | "before" | "until" | "till" | "due" | "deadline"
    )
}

/// The items of initiatives sections, and the items outside projects, skills and action
/// items that propose something (in `missing-initiative`'s wording), in document order.
fn initiatives(
    agenda: &Agenda<'_>,
    words: &Words,
    line: &dyn Fn(usize) -> usize,
) -> Vec<InitiativeNote> {
    let mut notes = Vec::new();
    let mut add = |head: crate::diagnostic::Span, blocks: &[Block]| {
        let (metric, deadline) = target(blocks);
        let first = blocks
            .iter()
            .find(|b| !b.placeholder && !b.text.trim().is_empty());
        if let Some(first) = first {
            notes.push(InitiativeNote {
                text: Line {
                    text: clip(first.text.trim()),
                    line: line(head.start),
                },
                metric,
                deadline,
            });
        }
    };
    for entry in agenda.entries_of(SectionKind::Initiatives) {
        if !agenda.is_prompt(entry.blocks.clone()) {
            add(entry.head, agenda.blocks(entry.blocks.clone()));
        }
    }
    for unit in agenda.units() {
        let kind = agenda.kind_of(unit.section);
        // Projects and skills have digests of their own, however they word a plan.
        if matches!(
            kind,
            SectionKind::Actions
                | SectionKind::Initiatives
                | SectionKind::Skills
                | SectionKind::Projects
        ) {
            continue;
        }
        let blocks = agenda.blocks(unit.blocks.clone());
        if blocks.iter().any(|b| words.proposals.is_match(&b.text)) {
            add(unit.head, blocks);
        }
    }
    notes.sort_by_key(|n| n.text.line);
    notes
}

/// The items of skills sections, with whether each has a learning path
/// (`missing-skill-gap`'s test for an item of a skills section, with the time frame
/// found outside the item's time box).
fn skills(agenda: &Agenda<'_>, line: &dyn Fn(usize) -> usize) -> Vec<SkillNote> {
    let words = SkillWords::get();
    agenda
        .entries_of(SectionKind::Skills)
        .filter(|e| !agenda.is_prompt(e.blocks.clone()))
        .filter_map(|entry| {
            let blocks = agenda.blocks(entry.blocks.clone());
            let any = |test: &dyn Fn(&Block) -> bool| blocks.iter().any(test);
            // Cheapest test first: the time bounds are found once per block and
            // shared with the rules; the skill vocabulary is the dearest to look for.
            let learning_path = any(&|b| !detect::facts(b).time_bounds.is_empty())
                && any(&|b| words.has_plan(&b.text))
                && any(&|b| words.is_specific(&b.text));
            let text: Vec<&str> = blocks
                .iter()
                .filter(|b| b.kind != BlockKind::Heading || blocks.len() == 1)
                .map(|b| b.text.trim())
                .filter(|t| !t.is_empty())
                .collect();
            let text = clip(&text.join(" — "));
            if text.is_empty() {
                return None;
            }
            let (_, deadline) = target(blocks);
            Some(SkillNote {
                text: Line {
                    text,
                    line: line(entry.head.start),
                },
                learning_path,
                deadline,
            })
        })
        .collect()
}

/// The text whole when short, else its first [`TEXT_CHARS`] characters and `…`.
fn clip(text: &str) -> String {
    // No more bytes than the limit in characters: short, without counting.
    if text.len() <= TEXT_CHARS {
        return text.to_string();
    }
    match text.char_indices().nth(TEXT_CHARS) {
        None => text.to_string(),
        Some((cut, _)) => format!("{}…", text[..cut].trim_end()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn widened(text: &str, metric: &str) -> String {
        let start = text.find(metric).expect("the metric is in the text");
        text[widen_change(text, start..start + metric.len())].to_string()
    }

    #[test]
    fn a_change_is_widened_from_one_end_to_the_other() {
        let cases = [
            (
                "Outcome: duplicate charges went from ~30 a week to zero since the rollout",
                "30",
                "from ~30 a week to zero",
            ),
            (
                "cut deploy time from 40 to 15 minutes and rollbacks by 50% by end of Q4",
                "40",
                "from 40 to 15 minutes",
            ),
            (
                "Outcome: median pipeline time from 31 to 12 minutes, runner spend unchanged",
                "31",
                "from 31 to 12 minutes",
            ),
            (
                "p99 refund latency from 2.1 s to 450 ms after cutover",
                "2.1 s",
                "from 2.1 s to 450 ms",
            ),
            (
                "cutting manual prep from 3 days to half a day by end of February",
                "3 days",
                "from 3 days to half a day",
            ),
            (
                "to cut mean time to acknowledge from 14 to 5 minutes",
                "14",
                "from 14 to 5 minutes",
            ),
            (
                "refund delays from 9 in September to 1 in October",
                "9",
                "from 9 in September to 1",
            ),
        ];
        for (text, metric, expected) in cases {
            assert_eq!(widened(text, metric), expected, "{text}");
        }
    }

    #[test]
    fn the_target_is_the_quantity_aimed_at() {
        let target_of = |item: &str| {
            let text = format!("## Initiatives\n- {item}\n");
            let agenda = Agenda::parse("a.md", &text, crate::model::SectionVocabulary::builtin());
            let block = agenda.blocks.iter().find(|b| b.text.contains(item));
            let block = block.expect("the item's block");
            target_quantity(block).map(|range| block.text[range].to_string())
        };
        let cases = [
            // A count comes first, the goal after it.
            (
                "Roll the library out to all 6 payments consumers by end of Q1, targeting 50% fewer DLQ pages",
                Some("50%"),
            ),
            (
                "Migrate 14 cron jobs, cutting toil by 30% this quarter",
                Some("30%"),
            ),
            (
                "Pilot with 2 teams, cut build time from 14 to 10 minutes by March",
                Some("from 14 to 10 minutes"),
            ),
            // Nothing aims, or only a number word: the first quantity.
            (
                "Alert at 30 s lag instead of broker CPU by end of November",
                Some("30 s"),
            ),
            (
                "Alert at 30 s lag, target zero refund delays over the SLO",
                Some("30 s"),
            ),
            ("Propose a shared library by end of Q1", None),
        ];
        for (item, expected) in cases {
            assert_eq!(target_of(item).as_deref(), expected, "{item}");
        }
    }

    #[test]
    fn a_lone_quantity_stays_as_found() {
        let cases = [
            ("CI reruns on main down 35% in the first two weeks", "35%"),
            ("4 of 6 consumers have a migration date", "6 consumers"),
            // "from" must be a word of its own, and the far end must follow closely.
            ("Datafrom 40 to 15 minutes", "40"),
            (
                "from 40 requests a second, measured over the whole quarter, to 15",
                "40",
            ),
        ];
        for (text, metric) in cases {
            assert_eq!(widened(text, metric), metric, "{text}");
        }
    }

    #[test]
    fn a_leading_label_says_what_a_line_is() {
        assert_eq!(
            label("Outcome: the spike replaced 1,400 lines with 200"),
            Some(Said::Outcome)
        );
        assert_eq!(
            label("Trade-off: one extra write on the hot path"),
            Some(Said::Decision)
        );
        assert_eq!(label("Lesson learned: profile first"), Some(Said::Lesson));
        assert_eq!(label("Result: p99 down 40%"), Some(Said::Outcome));
        assert_eq!(label("Moved the export to S3: cheaper"), None);
        assert_eq!(label("No label at all"), None);
    }

    #[test]
    fn the_deadline_is_the_bound_after_a_deadline_word() {
        assert!(after_deadline_word("piloted with one team by "));
        assert!(after_deadline_word("cut build time by 25% within "));
        assert!(after_deadline_word("ship it by the "));
        assert!(!after_deadline_word("a new consumer ships in "));
        assert!(!after_deadline_word("Checkout Black "));
    }
}
