//! Adding up the records of every agenda into the report document.
//!
//! Records come in path order, as the run hands them on; each is kept small (its digest
//! notes only when the meeting is in scope) until every file is read. Then each series
//! is put in date order: career cadence and action items are followed over its whole
//! history (meetings before `--since` still count, as they do for the series rules),
//! and only meetings in scope are counted into the periods and the digest.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::actions::{self, MeetingTasks};
use super::document::{
    Digest, Gap, Guideline, Initiative, Meeting, Month, Outcome, Period, Project, Report,
    ReportedAs, Scope, Series, Skill, Source, Statement, Summary, VERSION,
};
use super::record::{InitiativeNote, ProjectNote, Record, SkillNote, Task};
use crate::diagnostic::RuleId;
use crate::model::IsoDate;
use crate::series;

/// What the report covers.
#[derive(Clone, Debug, Default)]
pub struct Range {
    /// The first day covered.
    pub since: Option<IsoDate>,
    /// The last day covered.
    pub until: Option<IsoDate>,
}

impl Range {
    fn covers(&self, date: IsoDate) -> bool {
        self.since.is_none_or(|s| s <= date) && self.until.is_none_or(|u| date <= u)
    }
}

/// One meeting, as kept until every file is read.
struct Kept {
    date: IsoDate,
    path: Box<str>,
    with: Box<str>,
    career: bool,
    cadence: Option<usize>,
    guidelines: [Option<bool>; 5],
    findings: Vec<(RuleId, usize)>,
    tasks: Vec<Task>,
    in_range: bool,
    /// Projects: all of them in range; out of range, only those with a measured
    /// outcome, for finding where an initiative was reported.
    projects: Vec<ProjectNote>,
    initiatives: Vec<InitiativeNote>,
    skills: Vec<SkillNote>,
}

/// The records read so far.
#[derive(Default)]
pub struct Fold {
    range: Range,
    series: HashMap<(Box<Path>, String), Vec<Kept>>,
    unplaced: usize,
    unplaced_files: Vec<String>,
    not_agendas: usize,
    file_errors: usize,
}

/// Why the report cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Nothing {
    /// `--with` names no series; the series there are, by name.
    NoSuchSeries {
        /// What was asked.
        asked: String,
        /// The names of the series read.
        known: Vec<String>,
    },
    /// `--with` names more than one series.
    Ambiguous {
        /// What was asked.
        asked: String,
        /// The series it could mean.
        matches: Vec<String>,
    },
    /// No meeting is in scope.
    NoMeetings {
        /// Agendas read.
        read: usize,
        /// Of those, agendas that are no meeting (no real `date`, or no `with`).
        unplaced: usize,
        /// Markdown files skipped as not agendas.
        not_agendas: usize,
    },
}

impl Fold {
    /// An empty fold for `range`.
    pub fn new(range: Range) -> Self {
        Self {
            range,
            ..Self::default()
        }
    }

    /// Counts a Markdown file skipped as not an agenda.
    pub fn add_not_agenda(&mut self) {
        self.not_agendas += 1;
    }

    /// Counts a file that could not be read.
    pub fn add_file_error(&mut self) {
        self.file_errors += 1;
    }

    /// Adds the record of the agenda at `path` (as shown).
    pub fn add(&mut self, path: &str, record: Record) {
        let (Some(date), Some(with)) = (record.date, record.with.as_deref()) else {
            self.unplaced += 1;
            self.unplaced_files.push(path.to_string());
            self.unplaced_files.sort();
            self.unplaced_files.truncate(crate::brief::FEW);
            return;
        };
        let in_range = self.range.covers(date);
        let key = (record.root.into_boxed_path(), with.trim().to_lowercase());
        let mut projects = record.projects;
        let (initiatives, skills) = if in_range {
            (record.initiatives, record.skills)
        } else {
            projects.retain(|p| !p.outcomes.is_empty());
            for project in &mut projects {
                project.decisions.clear();
                project.lessons.clear();
                project.outcomes.truncate(1);
            }
            (Vec::new(), Vec::new())
        };
        self.series.entry(key).or_default().push(Kept {
            date,
            path: path.into(),
            with: with.trim().into(),
            career: record.career,
            cadence: record.cadence,
            guidelines: record.guidelines,
            findings: record.findings,
            tasks: record.tasks,
            in_range,
            projects,
            initiatives,
            skills,
        });
    }

    /// The report of the series `with` names (all when `None`).
    pub fn finish(mut self, scope: Scope) -> Result<Report, Nothing> {
        for meetings in self.series.values_mut() {
            meetings.sort_by(|a, b| (a.date, &a.path).cmp(&(b.date, &b.path)));
        }
        let mut keys: Vec<&(Box<Path>, String)> = self.series.keys().collect();
        keys.sort_by(|a, b| (&a.1, &a.0).cmp(&(&b.1, &b.0)));
        let selected = select(&self.series, keys, scope.with.as_deref())?;
        let in_scope = |key: &&(Box<Path>, String)| self.series[*key].iter().any(|m| m.in_range);
        let selected: Vec<&(Box<Path>, String)> = selected.into_iter().filter(in_scope).collect();
        let (Some(first), Some(last)) = (
            selected
                .iter()
                .flat_map(|k| self.series[*k].iter().filter(|m| m.in_range))
                .map(|m| m.date)
                .min(),
            selected
                .iter()
                .flat_map(|k| self.series[*k].iter().filter(|m| m.in_range))
                .map(|m| m.date)
                .max(),
        ) else {
            let placed: usize = self.series.values().map(Vec::len).sum();
            return Err(Nothing::NoMeetings {
                read: placed + self.unplaced,
                unplaced: self.unplaced,
                not_agendas: self.not_agendas,
            });
        };
        let months = months_between(first, last);
        let mut report = Report {
            version: VERSION,
            scope,
            guideline_info: Guideline::ALL.iter().map(|g| g.info()).collect(),
            months: months
                .iter()
                .map(|&(y, m)| Month {
                    month: month_key(y, m),
                    period: Period::default(),
                })
                .collect(),
            ..Report::default()
        };
        for key in &selected {
            let meetings = &self.series[*key];
            let (series, stale) = series_report(&key.0, meetings);
            // The series' months are a run of the report's.
            let offset = report
                .months
                .iter()
                .position(|m| series.months.first().is_some_and(|f| f.month == m.month))
                .unwrap_or(0);
            for (total, month) in report.months[offset..].iter_mut().zip(&series.months) {
                add_period(&mut total.period, &month.period);
            }
            add_period(&mut report.totals, &series.totals);
            report.stale_action_items.extend(stale);
            report.series.push(series);
        }
        report
            .stale_action_items
            .sort_by(|a, b| (&a.first, &a.text).cmp(&(&b.first, &b.text)));
        let selected: Vec<(Box<Path>, String)> = selected.into_iter().cloned().collect();
        report.digest = digest(&mut self.series, &selected);
        report.summary = Summary {
            meetings: report.totals.meetings,
            series: report.series.len(),
            first: Some(first.to_string()),
            last: Some(last.to_string()),
            findings: report.totals.findings.values().sum(),
            unplaced: self.unplaced,
            unplaced_files: self.unplaced_files,
            not_agendas: self.not_agendas,
            file_errors: self.file_errors,
        };
        Ok(report)
    }
}

/// The series `with` picks: one whose name is it (any case), else the one whose name
/// contains it; every series when `with` is `None`.
fn select<'k>(
    series: &HashMap<(Box<Path>, String), Vec<Kept>>,
    keys: Vec<&'k (Box<Path>, String)>,
    with: Option<&str>,
) -> Result<Vec<&'k (Box<Path>, String)>, Nothing> {
    let Some(asked) = with else {
        return Ok(keys);
    };
    let wanted = asked.trim().to_lowercase();
    let exact: Vec<_> = keys.iter().copied().filter(|k| k.1 == wanted).collect();
    if !exact.is_empty() {
        return Ok(exact);
    }
    let partial: Vec<_> = keys
        .iter()
        .copied()
        .filter(|k| k.1.contains(&wanted))
        .collect();
    let name = |k: &(Box<Path>, String)| {
        series[k]
            .last()
            .map_or_else(|| k.1.clone(), |m| m.with.to_string())
    };
    let mut names: Vec<String> = partial.iter().map(|k| name(k)).collect();
    names.dedup();
    match names.len() {
        0 => {
            let mut known: Vec<String> = keys.iter().map(|k| name(k)).collect();
            known.dedup();
            Err(Nothing::NoSuchSeries {
                asked: asked.to_string(),
                known,
            })
        }
        1 => Ok(partial),
        _ => Err(Nothing::Ambiguous {
            asked: asked.to_string(),
            matches: names,
        }),
    }
}

/// One series' part of the report, and its stale action items.
fn series_report(root: &Path, meetings: &[Kept]) -> (Series, Vec<super::document::StaleItem>) {
    let in_range = || meetings.iter().filter(|m| m.in_range).map(|m| m.date);
    let months = match (in_range().min(), in_range().max()) {
        (Some(first), Some(last)) => months_between(first, last),
        _ => Vec::new(),
    };
    let with = meetings
        .last()
        .map_or_else(String::new, |m| m.with.to_string());
    let tasks: Vec<MeetingTasks<'_>> = meetings
        .iter()
        .map(|m| MeetingTasks {
            date: m.date.to_string(),
            path: &m.path,
            tasks: &m.tasks,
            in_scope: m.in_range,
        })
        .collect();
    let followed = actions::follow(&with, &tasks);
    let mut series = Series {
        with,
        root: shown_root(root),
        months: months
            .iter()
            .map(|&(y, m)| Month {
                month: month_key(y, m),
                period: Period::default(),
            })
            .collect(),
        ..Series::default()
    };
    for (index, meeting) in meetings.iter().enumerate() {
        if !meeting.in_range {
            continue;
        }
        let mut guidelines = meeting.guidelines;
        guidelines[3] = meeting
            .cadence
            .map(|every| on_cadence(&meetings[..=index], every));
        let mut period = Period {
            meetings: 1,
            action_items: followed.counts[index],
            ..Period::default()
        };
        for (guideline, met) in Guideline::ALL.iter().zip(guidelines) {
            period.guidelines.get_mut(*guideline).add(met);
        }
        let month = months
            .iter()
            .position(|&ym| ym == (meeting.date.year, meeting.date.month))
            .and_then(|i| series.months.get_mut(i));
        if let Some(month) = month {
            add_period(&mut month.period, &period);
            add_findings(&mut month.period, &meeting.findings);
        }
        add_period(&mut series.totals, &period);
        add_findings(&mut series.totals, &meeting.findings);
        series.meetings.push(Meeting {
            date: meeting.date.to_string(),
            path: meeting.path.to_string(),
            career: meeting.career,
            findings: meeting.findings.iter().map(|(_, n)| n).sum(),
        });
    }
    let dates: Vec<IsoDate> = meetings
        .iter()
        .filter(|m| m.in_range)
        .map(|m| m.date)
        .collect();
    (series.interval_days, series.long_gaps) = gaps(&dates);
    (series, followed.stale)
}

/// A notes root as the report names it: relative to the current folder when it is
/// inside it (as `check` names files), else whole.
fn shown_root(root: &Path) -> String {
    let Ok(cwd) = std::env::current_dir() else {
        return crate::files::display_path(root);
    };
    let canonical = cwd.canonicalize().unwrap_or_else(|_| cwd.clone());
    [cwd, canonical]
        .iter()
        .find_map(|base| root.strip_prefix(base).ok())
        .map_or_else(
            || crate::files::display_path(root),
            |inside| crate::files::display_path(&Path::new(".").join(inside)),
        )
}

/// `career-cadence`'s test on the last of `meetings`: career came up in it or in the
/// `every - 1` before it, or there are not yet that many before it.
fn on_cadence(meetings: &[Kept], every: usize) -> bool {
    let earlier = every.saturating_sub(1);
    let Some((this, before)) = meetings.split_last() else {
        return true;
    };
    this.career
        || before.len() < earlier
        || before[before.len() - earlier..].iter().any(|m| m.career)
}

/// The usual interval between `dates` (sorted) and the gaps much longer than it.
fn gaps(dates: &[IsoDate]) -> (Option<u32>, Vec<Gap>) {
    let days: Vec<u32> = dates.windows(2).map(|w| days_between(w[0], w[1])).collect();
    let mut sorted = days.clone();
    sorted.sort_unstable();
    let Some(&interval) = sorted.get(sorted.len().saturating_sub(1) / 2) else {
        return (None, Vec::new());
    };
    if interval == 0 {
        return (Some(0), Vec::new());
    }
    let long = dates
        .windows(2)
        .zip(&days)
        .filter(|&(_, &d)| d * 2 > interval * 3)
        .map(|(w, &d)| Gap {
            from: w[0].to_string(),
            to: w[1].to_string(),
            days: d,
            missed: ((d + interval / 2) / interval).saturating_sub(1).max(1),
        })
        .collect();
    (Some(interval), long)
}

/// Days from 1970-01-01 (proleptic Gregorian calendar).
fn day_number(date: IsoDate) -> i64 {
    let (y, m, d) = (
        i64::from(date.year),
        i64::from(date.month),
        i64::from(date.day),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Whole days from `a` to `b` (`b` not before `a`).
pub fn days_between(a: IsoDate, b: IsoDate) -> u32 {
    u32::try_from(day_number(b) - day_number(a)).unwrap_or(0)
}

/// Every month from `first`'s to `last`'s.
fn months_between(first: IsoDate, last: IsoDate) -> Vec<(u16, u8)> {
    let mut months = Vec::new();
    let (mut year, mut month) = (first.year, first.month);
    while (year, month) <= (last.year, last.month) {
        months.push((year, month));
        if month == 12 {
            year += 1;
            month = 1;
        } else {
            month += 1;
        }
    }
    months
}

fn month_key(year: u16, month: u8) -> String {
    format!("{year:04}-{month:02}")
}

/// Counts one meeting's findings into `total`.
fn add_findings(total: &mut Period, findings: &[(RuleId, usize)]) {
    for (rule, count) in findings {
        if let Some(total) = total.findings.get_mut(rule.as_ref()) {
            *total += count;
        } else {
            total.findings.insert(rule.to_string(), *count);
        }
    }
}

fn add_period(total: &mut Period, part: &Period) {
    total.meetings += part.meetings;
    for guideline in Guideline::ALL {
        let from = part.guidelines.get(guideline);
        let into = total.guidelines.get_mut(guideline);
        into.met += from.met;
        into.judged += from.judged;
        into.percent = super::document::percent(into.met, into.judged);
    }
    for (rule, count) in &part.findings {
        if let Some(total) = total.findings.get_mut(rule) {
            *total += count;
        } else {
            total.findings.insert(rule.clone(), *count);
        }
    }
    total.action_items.add(&part.action_items);
}

/// Words that name a thing, for matching it across meetings: the words of
/// [`series::normalise`], joined by spaces, built in one string.
pub(super) fn key_of(text: &str) -> String {
    const FILLER: &[&str] = &[
        "the", "a", "an", "to", "for", "of", "and", "by", "on", "in", "with", "w", "my", "our",
    ];
    let mut key = String::with_capacity(text.len());
    let mut last = 0..0;
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        let start = key.len() + usize::from(!key.is_empty());
        if !key.is_empty() {
            key.push(' ');
        }
        if word.is_ascii() {
            key.push_str(word);
            key[start..].make_ascii_lowercase();
        } else {
            key.extend(word.chars().flat_map(char::to_lowercase));
        }
        let this = start..key.len();
        if FILLER.contains(&&key[this.clone()]) || key[this.clone()] == key[last.clone()] {
            key.truncate(start.saturating_sub(1).max(last.end));
            continue;
        }
        last = this;
    }
    if key.is_empty() {
        text.trim().to_lowercase()
    } else {
        key
    }
}

fn source(meeting: &Kept, line: usize) -> Source {
    Source {
        date: meeting.date.to_string(),
        path: meeting.path.to_string(),
        line,
    }
}

/// A project with a measured outcome, where an initiative may have been reported.
struct Reported<'k> {
    words: Vec<String>,
    /// Its meetings, oldest first: date, name, outcome and where.
    mentions: Vec<(IsoDate, &'k str, &'k str, Source)>,
}

/// The meetings in scope of the `chosen` series, by date.
fn by_date<'k>(series: impl Iterator<Item = &'k mut Vec<Kept>>) -> Vec<&'k mut Kept> {
    let mut in_scope: Vec<&mut Kept> = series
        .flat_map(|meetings| meetings.iter_mut().filter(|m| m.in_range))
        .collect();
    in_scope.sort_by(|a, b| (a.date, &a.path).cmp(&(b.date, &b.path)));
    in_scope
}

/// The contributions digest of the `chosen` series' meetings in scope; initiatives
/// are looked for in the projects of every meeting read. The projects' and skills'
/// notes are moved into it, not copied: they are the bulk of what the report holds.
fn digest(
    series: &mut HashMap<(Box<Path>, String), Vec<Kept>>,
    chosen: &[(Box<Path>, String)],
) -> Digest {
    let (mut initiatives, dates) = {
        let mut in_scope: Vec<&Kept> = chosen
            .iter()
            .filter_map(|key| series.get(key))
            .flat_map(|meetings| meetings.iter().filter(|m| m.in_range))
            .collect();
        in_scope.sort_by(|a, b| (a.date, &a.path).cmp(&(b.date, &b.path)));
        digest_initiatives(&in_scope)
    };
    mark_reported(&mut initiatives, &dates, series.values().flatten());
    let mut in_scope = by_date(
        series
            .iter_mut()
            .filter(|(key, _)| chosen.contains(key))
            .map(|(_, meetings)| meetings),
    );
    Digest {
        projects: digest_projects(&mut in_scope),
        initiatives,
        skills: digest_skills(&in_scope),
    }
}

/// Every project of `meetings` (by date), each gathered over the meetings that name it
/// alike, every line once.
fn digest_projects(meetings: &mut [&mut Kept]) -> Vec<Project> {
    let mut projects: Vec<Project> = Vec::new();
    let mut project_keys: HashMap<String, (usize, DigestSeen)> = HashMap::new();
    for (index, meeting) in meetings.iter_mut().enumerate() {
        for mut note in std::mem::take(&mut meeting.projects) {
            let at = source(meeting, note.line);
            let (slot, seen) = project_keys
                .entry(std::mem::take(&mut note.key))
                .or_insert_with(|| (projects.len(), DigestSeen::default()));
            if *slot == projects.len() {
                projects.push(Project {
                    name: note.name,
                    first: at.clone(),
                    ..Project::default()
                });
            }
            let project = &mut projects[*slot];
            if seen.last_meeting != Some(index) {
                project.meetings += 1;
                seen.last_meeting = Some(index);
            }
            project.last = at;
            let mut said = |line: super::record::Line| {
                seen.lines.insert(text_hash(&line.text)).then(|| Statement {
                    source: source(meeting, line.line),
                    text: line.text,
                })
            };
            project
                .decisions
                .extend(note.decisions.into_iter().filter_map(&mut said));
            project
                .lessons
                .extend(note.lessons.into_iter().filter_map(&mut said));
            for (line, metric) in note.outcomes {
                if let Some(said) = said(line) {
                    project.outcomes.push(Outcome {
                        text: said.text,
                        metric,
                        source: said.source,
                    });
                }
            }
        }
    }
    projects
}

/// Every initiative of `meetings` (by date), once per text, and the date each was
/// first proposed.
fn digest_initiatives(meetings: &[&Kept]) -> (Vec<Initiative>, Vec<IsoDate>) {
    let mut initiatives: Vec<Initiative> = Vec::new();
    let mut keys: HashMap<u64, usize> = HashMap::new();
    let mut dates: Vec<IsoDate> = Vec::new();
    for meeting in meetings {
        for note in &meeting.initiatives {
            match keys.entry(text_hash(&note.text.text)) {
                std::collections::hash_map::Entry::Occupied(entry) => {
                    initiatives[*entry.get()].raised += 1;
                }
                std::collections::hash_map::Entry::Vacant(entry) => {
                    entry.insert(initiatives.len());
                    dates.push(meeting.date);
                    initiatives.push(Initiative {
                        text: note.text.text.clone(),
                        with: meeting.with.to_string(),
                        raised: 1,
                        metric: note.metric.clone(),
                        deadline: note.deadline.clone(),
                        reported: None,
                        source: source(meeting, note.text.line),
                    });
                }
            }
        }
    }
    (initiatives, dates)
}

/// Every skill of `meetings` (by date), once per text.
fn digest_skills(meetings: &[&mut Kept]) -> Vec<Skill> {
    let mut skills: Vec<Skill> = Vec::new();
    let mut seen: HashSet<u64> = HashSet::new();
    for meeting in meetings {
        for note in &meeting.skills {
            if seen.insert(text_hash(&note.text.text)) {
                skills.push(Skill {
                    text: note.text.text.clone(),
                    with: meeting.with.to_string(),
                    learning_path: note.learning_path,
                    deadline: note.deadline.clone(),
                    source: source(meeting, note.text.line),
                });
            }
        }
    }
    skills
}

/// Marks each initiative (proposed on its date in `dates`) with the first later project
/// of `everything` read that is named like it and states a measured outcome.
fn mark_reported<'k>(
    initiatives: &mut [Initiative],
    dates: &[IsoDate],
    everything: impl Iterator<Item = &'k Kept>,
) {
    // Projects with a measured outcome in any meeting read, by name.
    let mut reported: HashMap<&'k str, Reported<'k>> = HashMap::new();
    for meeting in everything {
        for note in &meeting.projects {
            let Some((line, _)) = note.outcomes.first() else {
                continue;
            };
            let entry = reported
                .entry(note.key.as_str())
                .or_insert_with(|| Reported {
                    words: series::normalise(&note.name),
                    mentions: Vec::new(),
                });
            entry.mentions.push((
                meeting.date,
                &note.name,
                &line.text,
                source(meeting, line.line),
            ));
        }
    }
    let mut reported: Vec<Reported<'k>> = reported.into_values().collect();
    // Which projects name each word, so that an initiative is compared only with the
    // projects that share a word with it, not with every project read.
    for entry in &mut reported {
        entry.mentions.sort_by(|a, b| (a.0, &a.3).cmp(&(b.0, &b.3)));
    }
    let mut by_word: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, entry) in reported.iter().enumerate() {
        for word in &entry.words {
            by_word.entry(word.as_str()).or_default().push(i);
        }
    }
    let mut shared: HashMap<usize, usize> = HashMap::new();
    for (initiative, &date) in initiatives.iter_mut().zip(dates) {
        let mut words = series::normalise(&initiative.text);
        words.sort_unstable();
        words.dedup();
        shared.clear();
        for word in &words {
            for &i in by_word.get(word.as_str()).map_or(&[][..], Vec::as_slice) {
                *shared.entry(i).or_insert(0) += 1;
            }
        }
        let found = shared
            .iter()
            .filter(|&(&i, &n)| names_it(n, reported[i].words.len()))
            .filter_map(|(&i, _)| {
                let mentions = &reported[i].mentions;
                mentions.get(mentions.partition_point(|m| m.0 <= date))
            })
            .min_by(|a, b| (a.0, &a.3).cmp(&(b.0, &b.3)));
        initiative.reported = found.map(|(_, name, outcome, at)| ReportedAs {
            project: (*name).to_string(),
            outcome: (*outcome).to_string(),
            source: at.clone(),
        });
    }
}

/// What the digest has seen of one project.
#[derive(Default)]
struct DigestSeen {
    /// The meeting (its place in date order) that last discussed it.
    last_meeting: Option<usize>,
    /// Its lines so far, by [`text_hash`]: a line carried from one agenda to the next
    /// is listed once, where it was first written.
    lines: HashSet<u64>,
}

/// A hash of a digest line's text, to know it again without keeping a copy. (Lines
/// are told apart by their text as written: two lines worded apart are two lines.)
fn text_hash(text: &str) -> u64 {
    use std::hash::BuildHasher;
    std::hash::BuildHasherDefault::<std::hash::DefaultHasher>::default().hash_one(text)
}

/// Whether a project's name of `words` words, `shared` of which are the initiative's,
/// names the initiative: at least two shared, and three in five or more.
fn names_it(shared: usize, words: usize) -> bool {
    shared >= 2 && shared * 5 >= words * 3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> IsoDate {
        IsoDate::parse(text).expect("a date")
    }

    #[test]
    fn days_between_dates_across_months_and_leap_years() {
        assert_eq!(days_between(date("2026-09-01"), date("2026-09-15")), 14);
        assert_eq!(days_between(date("2024-02-28"), date("2024-03-01")), 2);
        assert_eq!(days_between(date("2025-12-29"), date("2026-01-05")), 7);
        assert_eq!(days_between(date("1999-12-31"), date("2000-12-31")), 366);
    }

    #[test]
    fn a_missed_fortnight_is_a_long_gap() {
        let dates: Vec<IsoDate> = [
            "2026-01-05",
            "2026-01-19",
            "2026-02-02",
            "2026-03-02",
            "2026-03-16",
        ]
        .iter()
        .map(|d| date(d))
        .collect();
        let (interval, long) = gaps(&dates);
        assert_eq!(interval, Some(14));
        assert_eq!(
            long,
            [Gap {
                from: "2026-02-02".to_string(),
                to: "2026-03-02".to_string(),
                days: 28,
                missed: 1
            }]
        );
    }

    #[test]
    fn project_names_name_initiatives() {
        let shared = |name: &str, initiative: &str| {
            let initiative = series::normalise(initiative);
            let name = series::normalise(name);
            let n = name.iter().filter(|w| initiative.contains(w)).count();
            names_it(n, name.len())
        };
        let runbooks =
            "Runbook-first on-call: every payments alert gets a linked runbook and a named owner";
        assert!(shared("Runbook-first on-call (pilot)", runbooks));
        assert!(!shared(
            "Consumer-library design review",
            "Roll the consumer library out to all 6 payments consumers"
        ));
        assert!(!shared("Runbooks", runbooks));
    }

    #[test]
    fn keys_are_the_normalised_words() {
        for text in [
            "Send the RFC to Alex and Priya (moved to Oct 16)",
            "The the  Checkout — checkout idempotency keys!",
            "a an the",
            "  Über-Größe: ÉTÉ 2026 ",
            "",
        ] {
            let words = series::normalise(text);
            let expected = if words.is_empty() {
                text.trim().to_lowercase()
            } else {
                words.join(" ")
            };
            assert_eq!(key_of(text), expected, "{text:?}");
        }
    }
}
