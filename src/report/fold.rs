//! Adding up the records of every agenda into the report document, as they are read.
//!
//! Records come in path order, as the run hands them on, and are not kept: each is
//! counted into its series' months at once, its projects, initiatives and skills go
//! into the contributions digest ([`digest`](super::digest)), which keeps each entry
//! where it first came up whatever the order of reading, and its projects with a
//! measured outcome into the index that finds where initiatives were reported
//! ([`reported`](super::reported)). Career cadence and action items are followed over
//! a series' whole history in date order (meetings before `--since` still count, as
//! they do for the series rules): as meetings come when they come in date order, else
//! in a second reading ([`follow`](super::follow)). What the fold holds is thus the
//! report itself — its meeting lists, counts and digest — and per series a few items.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::rc::Rc;

use super::actions::Item;
use super::digest::{self, DigestFold};
use super::document::{
    Gap, Guideline, Meeting, Month, Period, Report, Scope, Series, StaleItem, Summary, VERSION,
};
use super::follow::{Followed, Follower, Kept, Pushed};
use super::record::Record;
use super::reported::{Mentions, Outside};
use crate::diagnostic::RuleId;
use crate::model::IsoDate;
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

/// A meeting series: (notes root, `with` trimmed and lowercased).
type Key = (Box<Path>, String);

/// A meeting in scope, for the series' list.
struct Listed {
    date: IsoDate,
    path: Rc<str>,
    career: bool,
    findings: usize,
}

/// One series, as read so far.
struct SeriesFold {
    /// Which digest its meetings go to (see [`Fold::digests`]); `None` when `--with`
    /// cannot pick it, and then only its name is kept.
    digest: Option<usize>,
    /// Its latest meeting's date and agenda, and `with` as that meeting writes it: the
    /// series' name.
    latest: (IsoDate, Rc<str>, Box<str>),
    /// Its meetings in scope, in the order read.
    listed: Vec<Listed>,
    /// Per month (year, month), what its meetings in scope count.
    months: BTreeMap<(u16, u8), Period>,
    follower: Follower,
}

/// The records read so far.
pub struct Fold {
    range: Range,
    /// `--with`, trimmed and lowercased.
    wanted: Option<String>,
    series: HashMap<Key, SeriesFold>,
    /// The digest of the series `--with` names exactly (or of every series, without
    /// it), and that of the series whose name only contains it: which of the two is
    /// reported is known once every series is.
    digests: [DigestFold; 2],
    mentions: Mentions,
    /// The report's initiatives, while the meetings outside it are read again.
    outside: Option<Outside>,
    /// Meetings read: agendas with a real date and a person.
    placed: usize,
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
    /// An empty fold for `range`, and for the series `with` names (all when `None`).
    pub fn new(range: Range, with: Option<&str>) -> Self {
        Self {
            mentions: Mentions::new(range.since, range.until),
            outside: None,
            range,
            wanted: with.map(|w| w.trim().to_lowercase()),
            series: HashMap::new(),
            digests: [DigestFold::default(), DigestFold::default()],
            placed: 0,
            unplaced: 0,
            unplaced_files: Vec::new(),
            not_agendas: 0,
            file_errors: 0,
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

    /// Which digest a series' meetings go to, if `--with` can pick it: the first when
    /// it names the series exactly (or is not given), the second when the name only
    /// contains it.
    fn digest_of(&self, key: &str) -> Option<usize> {
        match &self.wanted {
            None => Some(0),
            Some(wanted) if key == wanted => Some(0),
            Some(wanted) if key.contains(wanted.as_str()) => Some(1),
            Some(_) => None,
        }
    }

    /// Adds the record of the agenda at `path` (as shown), which came `place`th in the
    /// run.
    pub fn add(&mut self, path: &str, place: usize, record: Record) {
        let (Some(date), Some(with)) = (record.date, record.with.as_deref()) else {
            self.unplaced += 1;
            self.unplaced_files.push(path.to_string());
            self.unplaced_files.sort();
            self.unplaced_files.truncate(crate::brief::FEW);
            return;
        };
        self.placed += 1;
        let with = with.trim();
        let in_range = self.range.covers(date);
        let key = (record.root.into_boxed_path(), with.to_lowercase());
        let digest = self.digest_of(&key.1);
        let path: Rc<str> = Rc::from(path);
        let series = self.series.entry(key).or_insert_with(|| SeriesFold {
            digest,
            latest: (date, Rc::clone(&path), with.into()),
            listed: Vec::new(),
            months: BTreeMap::new(),
            follower: Follower::default(),
        });
        if (series.latest.0, &*series.latest.1) < (date, &*path) {
            series.latest = (date, Rc::clone(&path), with.into());
        }
        let Some(digest) = digest else {
            // Never reported: only where its projects report an initiative, which a
            // second reading finds once the initiatives are known (`begin_outside`).
            for note in &record.projects {
                if !note.outcomes.is_empty() {
                    self.mentions
                        .add_outside((&note.key, &note.name), date, place);
                }
            }
            return;
        };
        if in_range {
            series.listed.push(Listed {
                date,
                path: Rc::clone(&path),
                career: record.career,
                findings: record.findings.iter().map(|(_, n)| n).sum(),
            });
            let month = series.months.entry((date.year, date.month)).or_default();
            month.meetings += 1;
            for (guideline, met) in Guideline::ALL.iter().zip(record.guidelines) {
                // Career cadence is judged by following the series.
                if *guideline != Guideline::CareerCadence {
                    month.guidelines.get_mut(*guideline).add(met);
                }
            }
            add_findings(month, &record.findings);
        }
        let followed = series.follower.push(Kept {
            date,
            path: Rc::clone(&path),
            in_scope: in_range,
            career: record.career,
            cadence: record.cadence,
            items: record.tasks.into_iter().map(Item::of).collect(),
        });
        match followed {
            Pushed::Followed(followed) if in_range => {
                if let Some(month) = series.months.get_mut(&(date.year, date.month)) {
                    followed.count_into(month);
                }
            }
            Pushed::Disordered => {
                // To be followed again, in a second reading.
                series.months.values_mut().for_each(Followed::clear);
            }
            Pushed::Followed(_) | Pushed::Waiting => {}
        }
        let meeting = digest::Meeting {
            date,
            path: &path,
            with,
            serial: self.placed as u64,
        };
        for (nth, mut note) in record.projects.into_iter().enumerate() {
            let first_outcome = if in_range {
                self.digests[digest].add_project(&meeting, nth, &mut note)
            } else {
                note.outcomes
                    .first()
                    .map(|(line, _)| (line.line, Rc::from(line.text.as_str())))
            };
            if let Some((line, outcome)) = first_outcome {
                self.mentions
                    .add((&note.key, &note.name), (date, &path), line, outcome);
            }
        }
        if in_range {
            for (nth, note) in record.initiatives.into_iter().enumerate() {
                self.digests[digest].add_initiative(&meeting, nth, note);
            }
            for (nth, note) in record.skills.into_iter().enumerate() {
                self.digests[digest].add_skill(&meeting, nth, note);
            }
        }
    }

    /// Whether a series that may be reported was read out of date order: its meetings
    /// must then be read again ([`Fold::add_again`]) to follow it.
    pub fn needs_second_reading(&self) -> bool {
        self.series
            .values()
            .any(|s| s.digest.is_some() && !s.listed.is_empty() && s.follower.is_disordered())
    }

    /// The places in the run of the agendas outside the report that must be read again
    /// to find where its initiatives were reported, if any; gets ready for them
    /// ([`Fold::add_again`]).
    pub fn begin_outside(&mut self) -> Option<BTreeSet<usize>> {
        let initiatives = || self.digests.iter().flat_map(DigestFold::initiatives);
        let places = self.mentions.outside_places(initiatives());
        if places.is_empty() {
            return None;
        }
        self.outside = Some(Outside::new(initiatives()));
        Some(places)
    }

    /// Adds the record of the agenda at `path` read a second time (see
    /// `record::SecondRecorder`): for the series read out of date order the first time,
    /// and for the meetings outside the report once [`Fold::begin_outside`] asked for
    /// them.
    pub fn add_again(&mut self, path: &str, record: Record) {
        let (Some(date), Some(with)) = (record.date, record.with.as_deref()) else {
            return;
        };
        let key = (record.root.into_boxed_path(), with.trim().to_lowercase());
        let Some(series) = self.series.get_mut(&key) else {
            return;
        };
        if series.digest.is_none() {
            if let Some(outside) = &mut self.outside {
                for note in &record.projects {
                    if let Some((line, _)) = note.outcomes.first() {
                        outside.offer(&note.name, (date, path), line.line, &line.text);
                    }
                }
            }
            return;
        }
        if series.follower.is_disordered() {
            series.follower.refollow(Kept {
                date,
                path: Rc::from(path),
                in_scope: self.range.covers(date),
                career: record.career,
                cadence: record.cadence,
                items: record.tasks.into_iter().map(Item::of).collect(),
            });
        }
    }

    /// The report of the series `with` names (all when `None`).
    pub fn finish(mut self, scope: Scope) -> Result<Report, Nothing> {
        let mut keys: Vec<&Key> = self.series.keys().collect();
        keys.sort_by(|a, b| (&a.1, &a.0).cmp(&(&b.1, &b.0)));
        let selected = select(&self.series, keys, scope.with.as_deref())?;
        let selected: Vec<Key> = selected
            .into_iter()
            .filter(|key| !self.series[*key].listed.is_empty())
            .cloned()
            .collect();
        let dates = || {
            selected
                .iter()
                .flat_map(|k| self.series[k].listed.iter().map(|m| m.date))
        };
        let (Some(first), Some(last)) = (dates().min(), dates().max()) else {
            return Err(Nothing::NoMeetings {
                read: self.placed + self.unplaced,
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
        // Every series picked goes to the same digest (`--with` names them all exactly,
        // or all only in part).
        let chosen = selected
            .first()
            .and_then(|key| self.series[key].digest)
            .unwrap_or(0);
        let [mut exact, mut partial] = self.digests;
        // Where initiatives were reported is found first, so that the index of projects
        // is gone before the report's documents are built: outside the report (found in
        // the second reading), then in it, where it comes earlier.
        if let Some(outside) = self.outside.take() {
            let mut found = outside.into_found().into_iter();
            for digest in [&mut exact, &mut partial] {
                digest.set_reported(&mut found);
            }
        }
        let mut digest = if chosen == 0 { exact } else { partial };
        let (mut initiatives, dates) = digest.take_initiatives();
        self.mentions.mark(&mut initiatives, &dates);
        for key in &selected {
            let Some(series) = self.series.remove(key) else {
                continue;
            };
            let (series, stale) = series_report(&key.0, series);
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
        drop(self.series);
        report
            .stale_action_items
            .sort_by(|a, b| (&a.first, &a.text).cmp(&(&b.first, &b.text)));
        report.digest = digest.finish(initiatives);
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
    series: &HashMap<Key, SeriesFold>,
    keys: Vec<&'k Key>,
    with: Option<&str>,
) -> Result<Vec<&'k Key>, Nothing> {
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
    let name = |k: &Key| series[k].latest.2.to_string();
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
fn series_report(root: &Path, series: SeriesFold) -> (Series, Vec<StaleItem>) {
    let SeriesFold {
        latest,
        mut listed,
        mut months,
        follower,
        ..
    } = series;
    listed.sort_by(|a, b| (a.date, &a.path).cmp(&(b.date, &b.path)));
    let with = latest.2.to_string();
    let stale = follower.finish(&with, &mut |date, followed| {
        if let Some(month) = months.get_mut(&(date.year, date.month)) {
            followed.count_into(month);
        }
    });
    let spanned = match (listed.first(), listed.last()) {
        (Some(first), Some(last)) => months_between(first.date, last.date),
        _ => Vec::new(),
    };
    let mut report = Series {
        with,
        root: shown_root(root),
        months: spanned
            .iter()
            .map(|&(y, m)| Month {
                month: month_key(y, m),
                period: months.remove(&(y, m)).unwrap_or_default(),
            })
            .collect(),
        ..Series::default()
    };
    for month in &report.months {
        add_period(&mut report.totals, &month.period);
    }
    let dates: Vec<IsoDate> = listed.iter().map(|m| m.date).collect();
    (report.interval_days, report.long_gaps) = gaps(&dates);
    report.meetings = listed
        .into_iter()
        .map(|m| Meeting {
            date: m.date.to_string(),
            path: m.path.to_string(),
            career: m.career,
            findings: m.findings,
        })
        .collect();
    (report, stale)
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
}
