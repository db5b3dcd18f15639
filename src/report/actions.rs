//! Following action items (task-list items) from meeting to meeting in one series:
//! which are new, checked off, carried over, carried for the third time or more
//! (stale), or dropped.
//!
//! An item of one meeting is the same item as one of the meeting before when their
//! words match as `open-action-items` matches them (small edits allowed). A [`Tracker`]
//! is handed a series' meetings one at a time, oldest first, and keeps only the items
//! of the last one and the stale items that may still be reported: what comes before
//! the last meeting never needs to be seen again.

use std::collections::BTreeMap;
use std::rc::Rc;

use super::document::{ActionCounts, ItemStatus, Source, StaleItem};
use super::record::Task;
use crate::model::IsoDate;
use crate::series;

/// An item is stale once carried over this many times.
pub const STALE_AFTER: usize = 3;

/// A task-list item, as following needs it.
#[derive(Clone, Debug)]
pub struct Item {
    /// Its normalised words ([`series::normalise`]).
    pub words: Vec<String>,
    /// `- [x]`.
    pub checked: bool,
    /// Its line.
    pub line: usize,
    /// Its text, kept only while it is open: a stale item is named by the text of the
    /// meeting that last carried it, and only an open item is carried.
    pub text: Option<Box<str>>,
}

impl Item {
    /// The item of a task as the record reads it.
    pub fn of(task: Task) -> Self {
        Item {
            words: series::normalise(&task.text),
            checked: task.checked,
            line: task.line,
            text: (!task.checked).then(|| task.text.into_boxed_str()),
        }
    }
}

/// One meeting, as the tracker is handed it.
pub struct Meeting<'m> {
    /// Its date.
    pub date: IsoDate,
    /// Its agenda, as shown.
    pub path: &'m Rc<str>,
    /// Whether it is in the report's scope (its stale items are reported).
    pub in_scope: bool,
    /// Its task-list items, in order.
    pub items: Vec<Item>,
}

/// Where an item was written.
#[derive(Clone, Debug)]
struct Place {
    date: IsoDate,
    path: Rc<str>,
    line: usize,
}

impl Place {
    fn source(&self) -> Source {
        Source {
            date: self.date.to_string(),
            path: self.path.to_string(),
            line: self.line,
        }
    }
}

/// An item of the previous meeting.
struct Previous {
    words: Vec<String>,
    open: bool,
    /// How many times it has been carried over so far.
    carried: usize,
    /// Where it was first written.
    first: Place,
    /// Its entry among the stale items, once it has one.
    stale: Option<u32>,
}

/// What following a series' items needs to keep between two meetings.
#[derive(Default)]
pub struct Tracker {
    /// The items of the last meeting handed on.
    previous: Vec<Previous>,
    /// Items carried over [`STALE_AFTER`] times or more, by the order they became
    /// stale, with whether they were ever stale while in scope. One that never was is
    /// forgotten as soon as it is checked off or dropped: nothing can bring it into
    /// scope after that.
    stale: BTreeMap<u32, (StaleItem, bool)>,
    /// The number of the next stale entry.
    next_stale: u32,
}

impl Tracker {
    /// Follows the items of the next meeting (no earlier than any handed on before) and
    /// says what happened to them there.
    pub fn push(&mut self, meeting: Meeting<'_>) -> ActionCounts {
        let mut count = ActionCounts::default();
        let mut used = vec![false; self.previous.len()];
        let mut current = Vec::with_capacity(meeting.items.len());
        let date = meeting.date.to_string();
        for task in meeting.items {
            let here = Place {
                date: meeting.date,
                path: Rc::clone(meeting.path),
                line: task.line,
            };
            let matched = self
                .previous
                .iter()
                .enumerate()
                .position(|(i, p)| !used[i] && series::similar(&p.words, &task.words));
            let mut item = Previous {
                words: task.words,
                open: !task.checked,
                carried: 0,
                first: here.clone(),
                stale: None,
            };
            match matched {
                Some(i) if self.previous[i].open => {
                    used[i] = true;
                    let before = &self.previous[i];
                    if task.checked {
                        count.closed += 1;
                        if let Some(s) = before.stale {
                            self.end(s, ItemStatus::Closed, &date);
                        }
                    } else {
                        count.carried_over += 1;
                        item.carried = before.carried + 1;
                        item.first = before.first.clone();
                        item.stale = before.stale;
                        if item.carried >= STALE_AFTER {
                            count.stale += 1;
                            let entry = StaleItem {
                                text: task.text.as_deref().unwrap_or_default().to_string(),
                                // The series' name is known once every meeting is read.
                                with: String::new(),
                                first: item.first.source(),
                                last: here.source(),
                                carried: item.carried,
                                status: ItemStatus::Open,
                                ended: None,
                            };
                            if let Some(s) = item.stale {
                                if let Some(stale) = self.stale.get_mut(&s) {
                                    stale.0 = entry;
                                    stale.1 |= meeting.in_scope;
                                }
                            } else {
                                item.stale = Some(self.next_stale);
                                self.stale
                                    .insert(self.next_stale, (entry, meeting.in_scope));
                                self.next_stale += 1;
                            }
                        }
                    }
                }
                Some(i) => {
                    // The same item, already checked in the meeting before: reopened, or
                    // the checked item kept.
                    used[i] = true;
                    if !task.checked {
                        count.opened += 1;
                    }
                }
                None => {
                    count.opened += 1;
                    if task.checked {
                        count.closed += 1;
                    }
                }
            }
            current.push(item);
        }
        let previous = std::mem::replace(&mut self.previous, current);
        for (i, before) in previous.iter().enumerate() {
            if before.open && !used[i] {
                count.dropped += 1;
                if let Some(s) = before.stale {
                    self.end(s, ItemStatus::Dropped, &date);
                }
            }
        }
        count
    }

    /// Marks the stale entry `s` as ended on `date`; one never stale in scope is
    /// forgotten.
    fn end(&mut self, s: u32, status: ItemStatus, date: &str) {
        let Some((item, in_scope)) = self.stale.get_mut(&s) else {
            return;
        };
        if *in_scope {
            item.status = status;
            item.ended = Some(date.to_string());
        } else {
            self.stale.remove(&s);
        }
    }

    /// The items carried over [`STALE_AFTER`] times or more while in scope, in the
    /// order they became stale, named after the series `with`.
    pub fn finish(self, with: &str) -> Vec<StaleItem> {
        self.stale
            .into_values()
            .filter_map(|(mut item, in_scope)| {
                in_scope.then(|| {
                    item.with = with.to_string();
                    item
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(list: &[(&str, bool)]) -> Vec<Item> {
        list.iter()
            .enumerate()
            .map(|(i, (text, checked))| {
                Item::of(Task {
                    text: (*text).to_string(),
                    checked: *checked,
                    line: i + 1,
                })
            })
            .collect()
    }

    fn date(text: &str) -> IsoDate {
        IsoDate::parse(text).expect("a date")
    }

    #[test]
    fn items_are_opened_carried_closed_dropped_and_go_stale() {
        let rfc = "Send the migration RFC to Alex by Friday";
        let room = "Book the offsite room";
        let meetings = [
            items(&[(rfc, false), (room, false)]),
            items(&[("Send migration RFC to Alex (by Friday)", false)]),
            items(&[(rfc, false), ("Write the postmortem", true)]),
            items(&[(rfc, false)]),
            items(&[(rfc, true)]),
        ];
        let dates = [
            "2026-01-05",
            "2026-01-12",
            "2026-01-19",
            "2026-01-26",
            "2026-02-02",
        ];
        let path: Rc<str> = Rc::from("a.md");
        let mut tracker = Tracker::default();
        let counts: Vec<ActionCounts> = meetings
            .into_iter()
            .zip(dates)
            .map(|(items, day)| {
                tracker.push(Meeting {
                    date: date(day),
                    path: &path,
                    in_scope: true,
                    items,
                })
            })
            .collect();
        let opened: Vec<usize> = counts.iter().map(|c| c.opened).collect();
        let carried: Vec<usize> = counts.iter().map(|c| c.carried_over).collect();
        let stale: Vec<usize> = counts.iter().map(|c| c.stale).collect();
        let closed: Vec<usize> = counts.iter().map(|c| c.closed).collect();
        let dropped: Vec<usize> = counts.iter().map(|c| c.dropped).collect();
        assert_eq!(opened, [2, 0, 1, 0, 0]);
        assert_eq!(carried, [0, 1, 1, 1, 0]);
        assert_eq!(stale, [0, 0, 0, 1, 0]);
        assert_eq!(closed, [0, 0, 1, 0, 1]);
        assert_eq!(dropped, [0, 1, 0, 0, 0]);
        let stale = tracker.finish("Alex");
        assert_eq!(stale.len(), 1);
        let item = &stale[0];
        assert_eq!(item.with, "Alex");
        assert_eq!(item.carried, 3);
        assert_eq!(item.first.date, "2026-01-05");
        assert_eq!(item.last.date, "2026-01-26");
        assert_eq!(item.status, ItemStatus::Closed);
        assert_eq!(item.ended.as_deref(), Some("2026-02-02"));
    }

    /// A tracker that followed `task` through five weekly meetings from 2026-01-05, each
    /// given as (whether the task is checked, whether the meeting is in scope).
    fn follow(task: &str, weeks: [(bool, bool); 5]) -> Tracker {
        let path: Rc<str> = Rc::from("a.md");
        let mut tracker = Tracker::default();
        let days = [
            "2026-01-05",
            "2026-01-12",
            "2026-01-19",
            "2026-01-26",
            "2026-02-02",
        ];
        for (day, (checked, in_scope)) in days.into_iter().zip(weeks) {
            tracker.push(Meeting {
                date: date(day),
                path: &path,
                in_scope,
                items: items(&[(task, checked)]),
            });
        }
        tracker
    }

    #[test]
    fn an_item_stale_only_out_of_scope_is_forgotten_once_it_ends() {
        let rfc = "Write the migration RFC";
        // Open, out of scope.
        let out = (false, false);
        // Stale at the fourth meeting, before the scope; done at the fifth.
        let tracker = follow(rfc, [out, out, out, out, (true, false)]);
        assert!(tracker.stale.is_empty(), "nothing left to report");
        // Carried into the scope, an item stale before it is reported.
        let tracker = follow(rfc, [out, out, out, out, (false, true)]);
        let stale = tracker.finish("Alex");
        assert_eq!(stale.len(), 1);
        assert_eq!(stale[0].carried, 4);
        assert_eq!(stale[0].last.date, "2026-02-02");
    }
}
