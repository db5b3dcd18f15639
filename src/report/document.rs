//! The report document: the aggregate `agendalint report` computes, as plain data.
//!
//! `--format json` writes it as it is (serde), `agendalint schema --report` prints its
//! JSON Schema (schemars), and the HTML and Markdown views only lay it out: every number
//! they show is a field here. Fields are never renamed or removed within a `version`;
//! new ones may appear.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

/// The version of the document's shape; raised when a field changes meaning or goes.
pub const VERSION: u32 = 1;

/// The whole report.
#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "agendalint report")]
pub struct Report {
    /// The document's version: 1.
    pub version: u32,
    /// What was asked for.
    pub scope: Scope,
    /// How much the report covers.
    pub summary: Summary,
    /// The guidelines judged, in the order every `guidelines` object lists them.
    pub guideline_info: Vec<GuidelineInfo>,
    /// Every meeting in scope together.
    pub totals: Period,
    /// Month by month, from the first meeting's month to the last's, empty months
    /// included.
    pub months: Vec<Month>,
    /// Each meeting series: the meetings with one person, by name.
    pub series: Vec<Series>,
    /// Action items carried over three or more times, oldest first.
    pub stale_action_items: Vec<StaleItem>,
    /// The contributions to bring to a review.
    pub digest: Digest,
}

/// What the report was asked to cover.
#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// The files and folders given.
    pub paths: Vec<String>,
    /// `--since`: the first day covered (`YYYY-MM-DD`).
    pub since: Option<String>,
    /// `--until`: the last day covered (`YYYY-MM-DD`).
    pub until: Option<String>,
    /// `--with`: the series covered, as its meetings name the person.
    pub with: Option<String>,
}

/// How much the report covers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    /// Meetings in scope: agendas with a real `date` and a `with`.
    pub meetings: usize,
    /// Meeting series in scope.
    pub series: usize,
    /// The first meeting's date.
    pub first: Option<String>,
    /// The last meeting's date.
    pub last: Option<String>,
    /// Findings in the meetings in scope.
    pub findings: usize,
    /// Agendas read that are no meeting of any series (no real `date`, or no `with`),
    /// wherever they are dated.
    pub unplaced: usize,
    /// The first few of them (at most 3), in path order.
    pub unplaced_files: Vec<String>,
    /// Markdown files skipped as not agendas by their look (a README, a journal), as
    /// `check` skips them.
    pub not_agendas: usize,
    /// Files that could not be read (they are left out of everything else).
    pub file_errors: usize,
}

/// One guideline of the prep guidance, as the report judges it.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GuidelineInfo {
    /// Its key in every `guidelines` object.
    pub id: String,
    /// What it asks, in a few words.
    pub title: String,
    /// How an agenda is judged to meet it.
    pub judged_by: String,
    /// The rules that check it; when the config turns them all off, an agenda is not
    /// judged on it.
    pub rules: Vec<String>,
}

/// Counts for a stretch of meetings: every meeting, a month, a series, or a series'
/// month.
#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// Meetings held.
    pub meetings: usize,
    /// How many of them meet each guideline.
    pub guidelines: Guidelines,
    /// Findings per rule (rules with none are left out), by rule id.
    pub findings: BTreeMap<String, usize>,
    /// What happened to action items (task-list items).
    pub action_items: ActionCounts,
}

/// A [`Period`] of one calendar month.
#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Month {
    /// `YYYY-MM`.
    pub month: String,
    /// Its counts.
    #[serde(flatten)]
    pub period: Period,
}

/// The share of agendas meeting each guideline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Guidelines {
    /// At least `min` (too-few-projects' option, default 2) projects that each state
    /// a decision and a lesson.
    pub two_projects: Share,
    /// An initiative with a measurable target and a deadline.
    pub initiative: Share,
    /// A skill gap with a learning path.
    pub skill_gap: Share,
    /// Career came up in this meeting or in the `every - 1` before it.
    pub career_cadence: Share,
    /// Non-technical topics within `max_percent` of the meeting.
    pub non_technical_share: Share,
}

impl Guidelines {
    /// The shares in the order of [`Guideline::ALL`].
    pub fn get(&self, guideline: Guideline) -> Share {
        match guideline {
            Guideline::TwoProjects => self.two_projects,
            Guideline::Initiative => self.initiative,
            Guideline::SkillGap => self.skill_gap,
            Guideline::CareerCadence => self.career_cadence,
            Guideline::NonTechnicalShare => self.non_technical_share,
        }
    }

    /// The share of one guideline, to count into.
    pub fn get_mut(&mut self, guideline: Guideline) -> &mut Share {
        match guideline {
            Guideline::TwoProjects => &mut self.two_projects,
            Guideline::Initiative => &mut self.initiative,
            Guideline::SkillGap => &mut self.skill_gap,
            Guideline::CareerCadence => &mut self.career_cadence,
            Guideline::NonTechnicalShare => &mut self.non_technical_share,
        }
    }
}

/// The guidelines, as an enum to iterate over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Guideline {
    /// See [`Guidelines::two_projects`].
    TwoProjects,
    /// See [`Guidelines::initiative`].
    Initiative,
    /// See [`Guidelines::skill_gap`].
    SkillGap,
    /// See [`Guidelines::career_cadence`].
    CareerCadence,
    /// See [`Guidelines::non_technical_share`].
    NonTechnicalShare,
}

impl Guideline {
    /// Every guideline, in the order the report lists them.
    pub const ALL: [Guideline; 5] = [
        Guideline::TwoProjects,
        Guideline::Initiative,
        Guideline::SkillGap,
        Guideline::CareerCadence,
        Guideline::NonTechnicalShare,
    ];

    /// Its key in JSON.
    pub const fn id(self) -> &'static str {
        match self {
            Guideline::TwoProjects => "two_projects",
            Guideline::Initiative => "initiative",
            Guideline::SkillGap => "skill_gap",
            Guideline::CareerCadence => "career_cadence",
            Guideline::NonTechnicalShare => "non_technical_share",
        }
    }

    /// What it asks, in a few words.
    pub const fn title(self) -> &'static str {
        match self {
            Guideline::TwoProjects => "Two projects with a decision and a lesson",
            Guideline::Initiative => "An initiative with a metric and a deadline",
            Guideline::SkillGap => "A skill gap with a learning path",
            Guideline::CareerCadence => "Career on cadence",
            Guideline::NonTechnicalShare => "Non-technical share within the cap",
        }
    }

    /// How an agenda is judged to meet it.
    pub const fn judged_by(self) -> &'static str {
        match self {
            Guideline::TwoProjects => {
                "at least `min` projects (too-few-projects, default 2) each state a decision and a lesson: project-missing-decision and project-missing-lesson report nothing on them (their wording decides when either is turned off)"
            }
            Guideline::Initiative => {
                "an initiatives item, or an item outside projects, skills and action items that proposes something, states a measurable quantity and a deadline (the detectors of missing-metric and no-time-bound)"
            }
            Guideline::SkillGap => "missing-skill-gap reports nothing on the agenda",
            Guideline::CareerCadence => {
                "career came up in the meeting or in the `every - 1` meetings before it with the same person (career-cadence's test, default every 3)"
            }
            Guideline::NonTechnicalShare => "non-technical-share reports nothing on the agenda",
        }
    }

    /// The rules that check it.
    pub const fn rules(self) -> &'static [&'static str] {
        match self {
            Guideline::TwoProjects => &[
                "too-few-projects",
                "project-missing-decision",
                "project-missing-lesson",
            ],
            Guideline::Initiative => &["missing-initiative", "missing-metric", "no-time-bound"],
            Guideline::SkillGap => &["missing-skill-gap"],
            Guideline::CareerCadence => &["career-cadence"],
            Guideline::NonTechnicalShare => &["non-technical-share"],
        }
    }

    /// Its description for [`Report::guideline_info`].
    pub fn info(self) -> GuidelineInfo {
        GuidelineInfo {
            id: self.id().to_string(),
            title: self.title().to_string(),
            judged_by: self.judged_by().to_string(),
            rules: self.rules().iter().map(ToString::to_string).collect(),
        }
    }
}

/// How many agendas meet a guideline, of those judged on it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Share {
    /// Agendas that meet it.
    pub met: usize,
    /// Agendas judged on it (meetings whose config runs at least one of its rules).
    pub judged: usize,
    /// `met` of `judged` in percent, rounded to the nearest whole; `null` when none
    /// was judged.
    pub percent: Option<u32>,
}

impl Share {
    /// Counts one agenda: `None` when it is not judged.
    pub fn add(&mut self, met: Option<bool>) {
        if let Some(met) = met {
            self.judged += 1;
            self.met += usize::from(met);
        }
        self.percent = percent(self.met, self.judged);
    }
}

/// `part` of `whole` in percent, rounded half up; `None` for an empty whole.
pub fn percent(part: usize, whole: usize) -> Option<u32> {
    if whole == 0 {
        return None;
    }
    let rounded = (part * 200 + whole) / (whole * 2);
    Some(u32::try_from(rounded).unwrap_or(u32::MAX))
}

/// What happened to action items in a stretch of meetings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionCounts {
    /// Task-list items that first appear (not carried from the previous meeting).
    pub opened: usize,
    /// Items checked off (`- [x]`) that were not already checked in the previous
    /// meeting.
    pub closed: usize,
    /// Open items of the previous meeting carried, still open, into this one.
    pub carried_over: usize,
    /// Of those, items carried for the third time or more.
    pub stale: usize,
    /// Open items of the previous meeting neither carried over nor checked off.
    pub dropped: usize,
}

impl ActionCounts {
    /// Adds another stretch's counts.
    pub fn add(&mut self, other: &ActionCounts) {
        self.opened += other.opened;
        self.closed += other.closed;
        self.carried_over += other.carried_over;
        self.stale += other.stale;
        self.dropped += other.dropped;
    }
}

/// The meetings with one person.
#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Series {
    /// Who the meetings are with, as the latest one writes it.
    pub with: String,
    /// The notes root the series lives under.
    pub root: String,
    /// Every meeting in scope, by date.
    pub meetings: Vec<Meeting>,
    /// The usual number of days between two meetings (the median); `null` with fewer
    /// than two meetings.
    pub interval_days: Option<u32>,
    /// Gaps more than one and a half times the usual interval: meetings were missed.
    pub long_gaps: Vec<Gap>,
    /// Every meeting of the series together.
    pub totals: Period,
    /// Month by month, from the month of its first meeting in scope to that of its
    /// last, empty months included.
    pub months: Vec<Month>,
}

/// One meeting, as a mark on the cadence strip.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    /// Its date.
    pub date: String,
    /// Its agenda.
    pub path: String,
    /// Whether career came up.
    pub career: bool,
    /// How many findings its agenda has.
    pub findings: usize,
}

/// A long gap between two meetings of a series.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Gap {
    /// The meeting before the gap.
    pub from: String,
    /// The meeting after it.
    pub to: String,
    /// Days between the two.
    pub days: u32,
    /// Meetings missed at the usual interval.
    pub missed: u32,
}

/// An action item carried over three or more times.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StaleItem {
    /// Its text, as last written.
    pub text: String,
    /// Who the meetings are with.
    pub with: String,
    /// Where it first appeared.
    pub first: Source,
    /// Where it was last seen open.
    pub last: Source,
    /// How many times it was carried over.
    pub carried: usize,
    /// `open` (still open in the last meeting in scope), `closed` or `dropped`.
    pub status: ItemStatus,
    /// The date of the meeting that checked it off or dropped it.
    pub ended: Option<String>,
}

/// Where a stale action item ended up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ItemStatus {
    /// Still open.
    #[default]
    Open,
    /// Checked off.
    Closed,
    /// Left out of a later meeting while still open.
    Dropped,
}

impl ItemStatus {
    /// The word used in JSON and in the views.
    pub const fn as_str(self) -> &'static str {
        match self {
            ItemStatus::Open => "open",
            ItemStatus::Closed => "closed",
            ItemStatus::Dropped => "dropped",
        }
    }
}

/// A place in an agenda.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The meeting date.
    pub date: String,
    /// The agenda, as `check` names it.
    pub path: String,
    /// The line, 1-based.
    pub line: usize,
}

/// The contributions digest: what to bring to a review instead of a promotion ask.
#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Digest {
    /// Every project discussed, with its decisions, lessons and measured outcomes.
    pub projects: Vec<Project>,
    /// Every initiative proposed, with its target and whether it was reported done.
    pub initiatives: Vec<Initiative>,
    /// Every skill named to deepen, with its learning path.
    pub skills: Vec<Skill>,
}

/// A project, gathered over every meeting that discussed it (same name, any case or
/// punctuation).
#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// Its name, as first written.
    pub name: String,
    /// How many meetings discussed it.
    pub meetings: usize,
    /// Where it first came up.
    pub first: Source,
    /// Where it last came up.
    pub last: Source,
    /// Decisions and trade-offs, each once, oldest first.
    pub decisions: Vec<Statement>,
    /// Lessons learned, each once, oldest first.
    pub lessons: Vec<Statement>,
    /// Measured outcomes, each once, oldest first.
    pub outcomes: Vec<Outcome>,
}

impl Project {
    /// What was said of it, in the order the digest shows: decisions, lessons, then
    /// measured outcomes; each as (kind, text, metric of an outcome, where).
    pub fn points<'s>(
        &'s self,
    ) -> impl Iterator<Item = (&'static str, &'s str, Option<&'s str>, &'s Source)> {
        let said = |kind: &'static str, statement: &'s Statement| {
            (kind, statement.text.as_str(), None, &statement.source)
        };
        self.decisions
            .iter()
            .map(move |s| said("Decision", s))
            .chain(self.lessons.iter().map(move |s| said("Lesson", s)))
            .chain(self.outcomes.iter().map(|o| {
                (
                    "Outcome",
                    o.text.as_str(),
                    Some(o.metric.as_str()),
                    &o.source,
                )
            }))
    }
}

/// A line of an agenda, where it was first written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// The text, Markdown removed.
    pub text: String,
    /// Where.
    #[serde(flatten)]
    pub source: Source,
}

/// A measured outcome.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// The text, Markdown removed.
    pub text: String,
    /// The measurable quantity in it, as `missing-metric` finds it.
    pub metric: String,
    /// Where.
    #[serde(flatten)]
    pub source: Source,
}

/// An initiative or proposal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Initiative {
    /// Its text (its first line), Markdown removed.
    pub text: String,
    /// Who it was proposed to.
    pub with: String,
    /// How many meetings brought it up with these same words.
    pub raised: usize,
    /// Its measurable target, as `missing-metric` finds it.
    pub metric: Option<String>,
    /// Its deadline or duration, as `no-time-bound` finds it.
    pub deadline: Option<String>,
    /// A later meeting's project that reports it: named like it, with a measured
    /// outcome.
    pub reported: Option<ReportedAs>,
    /// Where it was first proposed.
    #[serde(flatten)]
    pub source: Source,
}

/// A later project that reports on an initiative.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportedAs {
    /// The project's name.
    pub project: String,
    /// Its measured outcome.
    pub outcome: String,
    /// Where.
    #[serde(flatten)]
    pub source: Source,
}

/// A skill to deepen.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Skill {
    /// Its text, nested items included, Markdown removed.
    pub text: String,
    /// Who it was discussed with.
    pub with: String,
    /// Whether it has a learning path: a specific skill, a step or resource, and a time
    /// frame (`missing-skill-gap`'s test).
    pub learning_path: bool,
    /// Its time frame, as `no-time-bound` finds it.
    pub deadline: Option<String>,
    /// Where it was first named.
    #[serde(flatten)]
    pub source: Source,
}
