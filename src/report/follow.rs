//! Following one meeting series in date order: career cadence and action items.
//!
//! Both depend on the order of meetings, and agendas arrive in path order. Named by
//! date (`2026-01-05.md`, `2026/01/05-alex.md`), a series' agendas arrive in date
//! order, and each meeting is followed as it comes: a [`Follower`] then keeps the items
//! of the last meeting and two numbers for the cadence, however long the series. When
//! a meeting arrives before one already followed, what was followed is no longer
//! right: the series is marked for a second reading ([`Follower::is_disordered`]), in
//! which each meeting keeps only what following needs ([`Kept`]) until every one is
//! read, and is then followed in date order ([`Follower::refollow`]).

use std::rc::Rc;

use super::actions::{self, Item, Tracker};
use super::document::{ActionCounts, Guideline, Period, Share, StaleItem};
use crate::model::IsoDate;

/// One meeting, as following needs it.
#[derive(Clone, Debug)]
pub struct Kept {
    /// Its date.
    pub date: IsoDate,
    /// Its agenda, as shown.
    pub path: Rc<str>,
    /// Whether it is in the report's scope (its counts are reported).
    pub in_scope: bool,
    /// Whether career came up.
    pub career: bool,
    /// `career-cadence`'s `every`, when the rule runs.
    pub cadence: Option<usize>,
    /// Its task-list items.
    pub items: Vec<Item>,
}

/// `career-cadence`'s test, one meeting at a time: how many meetings came before, and
/// which of them last raised career.
#[derive(Default)]
struct Cadence {
    meetings: usize,
    last_career: Option<usize>,
}

impl Cadence {
    /// Whether the next meeting is on cadence: career came up in it or in the
    /// `every - 1` before it, or there are not yet that many before it. `None` when
    /// the rule does not run.
    fn push(&mut self, career: bool, every: Option<usize>) -> Option<bool> {
        let met = every.map(|every| {
            let earlier = every.saturating_sub(1);
            career
                || self.meetings < earlier
                || self
                    .last_career
                    .is_some_and(|last| last >= self.meetings - earlier)
        });
        if career {
            self.last_career = Some(self.meetings);
        }
        self.meetings += 1;
        met
    }
}

/// What following one meeting gives: what happened to its action items, and whether
/// it is on career cadence (`None` when `career-cadence` does not run).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Followed {
    /// Its action items.
    pub action_items: ActionCounts,
    /// Whether it is on career cadence.
    pub career_cadence: Option<bool>,
}

impl Followed {
    /// Counts it into `period`: the only parts of a period that following gives.
    pub fn count_into(self, period: &mut Period) {
        period.action_items.add(&self.action_items);
        period
            .guidelines
            .get_mut(Guideline::CareerCadence)
            .add(self.career_cadence);
    }

    /// Takes out of `period` all that following gave it.
    pub fn clear(period: &mut Period) {
        period.action_items = ActionCounts::default();
        *period.guidelines.get_mut(Guideline::CareerCadence) = Share::default();
    }
}

/// What following a series keeps between two meetings.
#[derive(Default)]
struct State {
    tracker: Tracker,
    cadence: Cadence,
}

impl State {
    fn push(&mut self, meeting: Kept) -> Followed {
        let career_cadence = self.cadence.push(meeting.career, meeting.cadence);
        let action_items = self.tracker.push(actions::Meeting {
            date: meeting.date,
            path: &meeting.path,
            in_scope: meeting.in_scope,
            items: meeting.items,
        });
        Followed {
            action_items,
            career_cadence,
        }
    }
}

/// What became of a meeting handed to a [`Follower`].
#[derive(Debug, PartialEq, Eq)]
pub enum Pushed {
    /// It was followed.
    Followed(Followed),
    /// It came before a meeting already followed: all that following gave so far is
    /// wrong, and the series is to be read again.
    Disordered,
    /// The series was already to be read again.
    Waiting,
}

/// Following one series.
#[derive(Default)]
pub struct Follower {
    way: Way,
}

/// How a series is being followed.
enum Way {
    /// Every meeting so far came in date order and was followed; the last one's date
    /// and agenda.
    InOrder {
        last: Option<(IsoDate, Rc<str>)>,
        state: Box<State>,
    },
    /// A meeting came out of date order: the meetings of a second reading, kept until
    /// every one is read.
    Disordered { kept: Vec<Kept> },
}

impl Default for Way {
    fn default() -> Self {
        Way::InOrder {
            last: None,
            state: Box::default(),
        }
    }
}

impl Follower {
    /// Follows the next meeting read, if the series is still read in date order (then,
    /// dates equal, in path order, as the report lists meetings).
    pub fn push(&mut self, meeting: Kept) -> Pushed {
        let Way::InOrder { last, state } = &mut self.way else {
            return Pushed::Waiting;
        };
        let key = (meeting.date, &*meeting.path);
        if last.as_ref().is_some_and(|(d, p)| key <= (*d, &**p)) {
            self.way = Way::Disordered { kept: Vec::new() };
            return Pushed::Disordered;
        }
        *last = Some((meeting.date, Rc::clone(&meeting.path)));
        Pushed::Followed(state.push(meeting))
    }

    /// Whether a meeting came out of date order: the series must be read again.
    pub fn is_disordered(&self) -> bool {
        matches!(self.way, Way::Disordered { .. })
    }

    /// Keeps a meeting of the second reading.
    pub fn refollow(&mut self, meeting: Kept) {
        if let Way::Disordered { kept } = &mut self.way {
            kept.push(meeting);
        }
    }

    /// The stale action items, named after the series `with`. A series read again is
    /// followed first, in date order: `each` is told of every meeting in scope, its
    /// date, and what following it gave.
    pub fn finish(self, with: &str, each: &mut dyn FnMut(IsoDate, Followed)) -> Vec<StaleItem> {
        let state = match self.way {
            Way::InOrder { state, .. } => *state,
            Way::Disordered { mut kept } => {
                // Stable: two readings of one agenda stay in the order read.
                kept.sort_by(|a, b| (a.date, &a.path).cmp(&(b.date, &b.path)));
                let mut state = State::default();
                for meeting in kept {
                    let (date, in_scope) = (meeting.date, meeting.in_scope);
                    let followed = state.push(meeting);
                    if in_scope {
                        each(date, followed);
                    }
                }
                state
            }
        };
        state.tracker.finish(with)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on_cadence(career: &[bool], every: usize) -> Vec<bool> {
        let mut cadence = Cadence::default();
        career
            .iter()
            .map(|&c| cadence.push(c, Some(every)).expect("judged"))
            .collect()
    }

    /// The test as `career-cadence` words it, on the whole list.
    fn by_definition(career: &[bool], every: usize) -> Vec<bool> {
        let earlier = every.saturating_sub(1);
        (0..career.len())
            .map(|k| career[k] || k < earlier || career[k - earlier..k].iter().any(|&c| c))
            .collect()
    }

    #[test]
    fn cadence_one_meeting_at_a_time_is_the_rule_on_the_whole_series() {
        let career = [
            false, false, true, false, false, false, true, true, false, false, false, false,
        ];
        for every in 0..6 {
            assert_eq!(
                on_cadence(&career, every),
                by_definition(&career, every),
                "every {every}"
            );
        }
    }

    #[test]
    fn a_meeting_before_one_already_followed_asks_for_a_second_reading() {
        let meeting = |day: &str, path: &str| Kept {
            date: IsoDate::parse(day).expect("a date"),
            path: Rc::from(path),
            in_scope: true,
            career: false,
            cadence: Some(3),
            items: Vec::new(),
        };
        let mut follower = Follower::default();
        let first = follower.push(meeting("2026-01-05", "b.md"));
        assert_eq!(
            first,
            Pushed::Followed(Followed {
                action_items: ActionCounts::default(),
                career_cadence: Some(true),
            })
        );
        assert!(matches!(
            follower.push(meeting("2026-01-12", "a.md")),
            Pushed::Followed(_)
        ));
        assert!(!follower.is_disordered());
        assert_eq!(
            follower.push(meeting("2026-01-12", "a.md")),
            Pushed::Disordered,
            "the same agenda twice"
        );
        assert!(follower.is_disordered());
        assert_eq!(
            follower.push(meeting("2026-01-19", "c.md")),
            Pushed::Waiting
        );
        let mut follower = Follower::default();
        follower.push(meeting("2026-01-12", "a.md"));
        assert_eq!(
            follower.push(meeting("2026-01-05", "b.md")),
            Pushed::Disordered
        );
    }
}
