//! The contributions digest, gathered as meetings are read.
//!
//! The digest lists each project, initiative and skill once, where it first came up,
//! and each line of a project once, where it was first written: "first" in date order
//! (then path order, then order within the agenda). Agendas arrive in path order, not
//! date order, so every entry carries the place it came from ([`At`]) and an
//! occurrence from an earlier place takes over an entry when it comes: the result is
//! the same whatever the order of reading, and nothing but the digest is kept.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::rc::Rc;

use super::document::{Digest, Initiative, Outcome, Project, ReportedAs, Skill, Source, Statement};
use super::record::{InitiativeNote, Line, ProjectNote, SkillNote};
use crate::model::IsoDate;

/// A meeting whose notes are added.
pub struct Meeting<'m> {
    /// Its date.
    pub date: IsoDate,
    /// Its agenda, as shown.
    pub path: &'m Rc<str>,
    /// Who it is with, as it writes it.
    pub with: &'m str,
    /// A number no other meeting added has.
    pub serial: u64,
}

/// Where something was said: a meeting, and a place in it (`index`, in the order the
/// digest reads the agenda).
#[derive(Clone, Debug)]
struct At {
    date: IsoDate,
    path: Rc<str>,
    index: u64,
    /// The line, 1-based.
    line: usize,
}

impl At {
    fn new(meeting: &Meeting<'_>, index: u64, line: usize) -> Self {
        At {
            date: meeting.date,
            path: Rc::clone(meeting.path),
            index,
            line,
        }
    }

    /// Its place in the digest's order.
    fn order(&self) -> (IsoDate, Rc<str>, u64) {
        (self.date, Rc::clone(&self.path), self.index)
    }

    /// Whether it comes before `other` in the digest's order.
    fn before(&self, other: &At) -> bool {
        (self.date, &*self.path, self.index) < (other.date, &*other.path, other.index)
    }

    fn source(&self) -> Source {
        Source {
            date: self.date.to_string(),
            path: self.path.to_string(),
            line: self.line,
        }
    }
}

/// What a line of a project says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Decision,
    Lesson,
    Outcome,
}

/// A line of a project, where it was first written.
struct LineEntry {
    at: At,
    kind: Kind,
    text: Rc<str>,
    /// An outcome's measurable quantity.
    metric: Option<String>,
}

/// A project, over every meeting read so far that names it alike.
struct ProjectEntry {
    /// Its name where it first came up.
    name: String,
    first: At,
    last: At,
    meetings: usize,
    /// The serial of the last meeting that named it.
    seen_in: u64,
    lines: Vec<LineEntry>,
    /// Each line's place in `lines`, by [`text_hash`]: a line carried from one agenda to
    /// the next is listed once.
    by_hash: HashMap<u64, usize>,
}

impl ProjectEntry {
    /// Adds a line said at `at`; returns its text.
    fn add_line(&mut self, at: At, kind: Kind, text: String, metric: Option<String>) -> Rc<str> {
        match self.by_hash.entry(text_hash(&text)) {
            Entry::Occupied(slot) => {
                let entry = &mut self.lines[*slot.get()];
                if at.before(&entry.at) {
                    entry.at = at;
                    entry.kind = kind;
                    entry.metric = metric;
                    if *entry.text != *text {
                        entry.text = Rc::from(text);
                    }
                }
                Rc::clone(&entry.text)
            }
            Entry::Vacant(slot) => {
                slot.insert(self.lines.len());
                let text: Rc<str> = Rc::from(text);
                self.lines.push(LineEntry {
                    at,
                    kind,
                    text: Rc::clone(&text),
                    metric,
                });
                text
            }
        }
    }

    fn finish(mut self) -> Project {
        self.lines.sort_by(|a, b| {
            (a.at.date, &*a.at.path, a.at.index).cmp(&(b.at.date, &*b.at.path, b.at.index))
        });
        let mut project = Project {
            name: self.name,
            meetings: self.meetings,
            first: self.first.source(),
            last: self.last.source(),
            ..Project::default()
        };
        for line in self.lines {
            let source = line.at.source();
            let text = line.text.to_string();
            match line.kind {
                Kind::Decision => project.decisions.push(Statement { text, source }),
                Kind::Lesson => project.lessons.push(Statement { text, source }),
                Kind::Outcome => project.outcomes.push(Outcome {
                    text,
                    metric: line.metric.unwrap_or_default(),
                    source,
                }),
            }
        }
        project
    }
}

/// An initiative, where it was first proposed, and how often it was.
struct InitiativeEntry {
    at: At,
    initiative: Initiative,
}

/// A skill, where it was first named.
struct SkillEntry {
    at: At,
    skill: Skill,
}

/// The digest of the meetings added so far.
#[derive(Default)]
pub struct DigestFold {
    projects: Vec<ProjectEntry>,
    by_key: HashMap<String, usize>,
    initiatives: Vec<InitiativeEntry>,
    initiative_by_hash: HashMap<u64, usize>,
    skills: Vec<SkillEntry>,
    skill_by_hash: HashMap<u64, usize>,
}

/// A place within an agenda, in the digest's order: the project (its place among the
/// agenda's projects), then decisions, lessons and outcomes, each in order.
fn line_index(project: usize, kind: Kind, nth: usize) -> u64 {
    let rank = match kind {
        Kind::Decision => 0,
        Kind::Lesson => 1,
        Kind::Outcome => 2,
    };
    // An agenda has far fewer than 2^30 lines.
    ((project as u64) << 32) | (rank << 30) | (nth as u64 & ((1 << 30) - 1))
}

impl DigestFold {
    /// Adds the `nth` project of a meeting. Its lines are moved into the digest; its
    /// key and name stay in `note`. Returns the line and text of its first measured
    /// outcome, if it states one.
    pub fn add_project(
        &mut self,
        meeting: &Meeting<'_>,
        nth: usize,
        note: &mut ProjectNote,
    ) -> Option<(usize, Rc<str>)> {
        let at = At::new(meeting, line_index(nth, Kind::Decision, 0), note.line);
        let slot = if let Some(&slot) = self.by_key.get(&note.key) {
            slot
        } else {
            self.by_key.insert(note.key.clone(), self.projects.len());
            self.projects.push(ProjectEntry {
                name: note.name.clone(),
                first: at.clone(),
                last: at.clone(),
                meetings: 0,
                seen_in: u64::MAX,
                lines: Vec::new(),
                by_hash: HashMap::new(),
            });
            self.projects.len() - 1
        };
        let project = &mut self.projects[slot];
        if at.before(&project.first) {
            project.name.clone_from(&note.name);
            project.first = at.clone();
        }
        if project.last.before(&at) {
            project.last = at;
        }
        if project.seen_in != meeting.serial {
            project.seen_in = meeting.serial;
            project.meetings += 1;
        }
        let mut add = |kind: Kind, k: usize, line: Line, metric: Option<String>| {
            let at = At::new(meeting, line_index(nth, kind, k), line.line);
            project.add_line(at, kind, line.text, metric)
        };
        for (k, line) in std::mem::take(&mut note.decisions).into_iter().enumerate() {
            add(Kind::Decision, k, line, None);
        }
        for (k, line) in std::mem::take(&mut note.lessons).into_iter().enumerate() {
            add(Kind::Lesson, k, line, None);
        }
        let mut first_outcome = None;
        for (k, (line, metric)) in std::mem::take(&mut note.outcomes).into_iter().enumerate() {
            let number = line.line;
            let text = add(Kind::Outcome, k, line, Some(metric));
            first_outcome.get_or_insert((number, text));
        }
        first_outcome
    }

    /// Adds the `nth` initiative of a meeting.
    pub fn add_initiative(&mut self, meeting: &Meeting<'_>, nth: usize, note: InitiativeNote) {
        let at = At::new(meeting, nth as u64, note.text.line);
        let hash = text_hash(&note.text.text);
        let initiative = |raised: usize| Initiative {
            with: meeting.with.to_string(),
            raised,
            metric: note.metric,
            deadline: note.deadline,
            reported: None,
            source: at.source(),
            text: note.text.text,
        };
        match self.initiative_by_hash.entry(hash) {
            Entry::Occupied(slot) => {
                let entry = &mut self.initiatives[*slot.get()];
                let raised = entry.initiative.raised + 1;
                if at.before(&entry.at) {
                    entry.initiative = initiative(raised);
                    entry.at = at;
                } else {
                    entry.initiative.raised = raised;
                }
            }
            Entry::Vacant(slot) => {
                slot.insert(self.initiatives.len());
                self.initiatives.push(InitiativeEntry {
                    initiative: initiative(1),
                    at,
                });
            }
        }
    }

    /// Adds the `nth` skill of a meeting.
    pub fn add_skill(&mut self, meeting: &Meeting<'_>, nth: usize, note: SkillNote) {
        let at = At::new(meeting, nth as u64, note.text.line);
        let hash = text_hash(&note.text.text);
        let skill = || Skill {
            with: meeting.with.to_string(),
            learning_path: note.learning_path,
            deadline: note.deadline,
            source: at.source(),
            text: note.text.text,
        };
        match self.skill_by_hash.entry(hash) {
            Entry::Occupied(slot) => {
                let entry = &mut self.skills[*slot.get()];
                if at.before(&entry.at) {
                    entry.skill = skill();
                    entry.at = at;
                }
            }
            Entry::Vacant(slot) => {
                slot.insert(self.skills.len());
                self.skills.push(SkillEntry { skill: skill(), at });
            }
        }
    }

    /// Each initiative's text and the date it was first proposed, in the order kept.
    pub fn initiatives(&self) -> impl Iterator<Item = (&str, IsoDate)> {
        self.initiatives
            .iter()
            .map(|entry| (entry.initiative.text.as_str(), entry.at.date))
    }

    /// Marks the initiatives, in the order of [`DigestFold::initiatives`], with where
    /// each was reported, taken from `found`.
    pub fn set_reported(&mut self, found: &mut impl Iterator<Item = Option<ReportedAs>>) {
        for (entry, reported) in self.initiatives.iter_mut().zip(found) {
            entry.initiative.reported = reported;
        }
    }

    /// The initiatives, in the order they were first proposed, and the date each was;
    /// they are no longer kept.
    pub fn take_initiatives(&mut self) -> (Vec<Initiative>, Vec<IsoDate>) {
        self.initiative_by_hash = HashMap::new();
        let mut initiatives = std::mem::take(&mut self.initiatives);
        initiatives.sort_by_cached_key(|i| i.at.order());
        let dates = initiatives.iter().map(|i| i.at.date).collect();
        (
            initiatives.into_iter().map(|i| i.initiative).collect(),
            dates,
        )
    }

    /// The digest, with `initiatives`: each list in the order its entries first came
    /// up.
    pub fn finish(self, initiatives: Vec<Initiative>) -> Digest {
        drop(self.by_key);
        let mut projects = self.projects;
        projects.sort_by_cached_key(|p| p.first.order());
        let mut skills = self.skills;
        skills.sort_by_cached_key(|s| s.at.order());
        Digest {
            projects: projects.into_iter().map(ProjectEntry::finish).collect(),
            initiatives,
            skills: skills.into_iter().map(|s| s.skill).collect(),
        }
    }
}

/// Words that name a thing, for matching it across meetings: the words of
/// [`crate::series::normalise`], joined by spaces, built in one string.
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

/// A hash of a digest line's text, to know it again without keeping a copy. (Lines
/// are told apart by their text as written: two lines worded apart are two lines.)
fn text_hash(text: &str) -> u64 {
    use std::hash::BuildHasher;
    std::hash::BuildHasherDefault::<std::hash::DefaultHasher>::default().hash_one(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::series;

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
