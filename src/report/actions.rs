//! Following action items (task-list items) from meeting to meeting in one series:
//! which are new, checked off, carried over, carried for the third time or more
//! (stale), or dropped.
//!
//! An item of one meeting is the same item as one of the meeting before when their
//! words match as `open-action-items` matches them (small edits allowed).

use super::document::{ActionCounts, ItemStatus, Source, StaleItem};
use super::record::Task;
use crate::series;

/// An item is stale once carried over this many times.
pub const STALE_AFTER: usize = 3;

/// One meeting's items, as the follower needs them.
pub struct MeetingTasks<'m> {
    /// Its date, `YYYY-MM-DD`.
    pub date: String,
    /// Its agenda.
    pub path: &'m str,
    /// Its task-list items.
    pub tasks: &'m [Task],
    /// Whether it is in the report's scope (its counts and stale items are reported).
    pub in_scope: bool,
}

/// An item of the previous meeting.
struct Previous {
    words: Vec<String>,
    open: bool,
    /// How many times it has been carried over so far.
    carried: usize,
    /// Where it was first written: its meeting (index) and line.
    first: (usize, usize),
    /// Its entry in the stale list, once it has one.
    stale: Option<usize>,
}

/// What following a series' items gives.
pub struct Followed {
    /// Per meeting, in the order given.
    pub counts: Vec<ActionCounts>,
    /// Items carried over [`STALE_AFTER`] times or more while in scope, in the order
    /// they became stale.
    pub stale: Vec<StaleItem>,
}

/// Follows the items of a series' meetings, given oldest first.
pub fn follow(with: &str, meetings: &[MeetingTasks<'_>]) -> Followed {
    let mut counts = Vec::with_capacity(meetings.len());
    let mut stale: Vec<(StaleItem, bool)> = Vec::new();
    let mut previous: Vec<Previous> = Vec::new();
    let source = |(meeting, line): (usize, usize)| {
        let m: &MeetingTasks<'_> = &meetings[meeting];
        Source {
            date: m.date.clone(),
            path: m.path.to_string(),
            line,
        }
    };
    for (index, meeting) in meetings.iter().enumerate() {
        let mut count = ActionCounts::default();
        let mut used = vec![false; previous.len()];
        let mut current = Vec::with_capacity(meeting.tasks.len());
        for task in meeting.tasks {
            let words = series::normalise(&task.text);
            let here = (index, task.line);
            let matched = previous
                .iter()
                .enumerate()
                .position(|(i, p)| !used[i] && series::similar(&p.words, &words));
            let mut item = Previous {
                words,
                open: !task.checked,
                carried: 0,
                first: here,
                stale: None,
            };
            match matched {
                Some(i) if previous[i].open => {
                    used[i] = true;
                    let before = &previous[i];
                    if task.checked {
                        count.closed += 1;
                        if let Some(s) = before.stale {
                            stale[s].0.status = ItemStatus::Closed;
                            stale[s].0.ended = Some(meeting.date.clone());
                        }
                    } else {
                        count.carried_over += 1;
                        item.carried = before.carried + 1;
                        item.first = before.first;
                        item.stale = before.stale;
                        if item.carried >= STALE_AFTER {
                            count.stale += 1;
                            let entry = StaleItem {
                                text: task.text.clone(),
                                with: with.to_string(),
                                first: source(item.first),
                                last: source(here),
                                carried: item.carried,
                                status: ItemStatus::Open,
                                ended: None,
                            };
                            if let Some(s) = item.stale {
                                stale[s].0 = entry;
                                stale[s].1 |= meeting.in_scope;
                            } else {
                                item.stale = Some(stale.len());
                                stale.push((entry, meeting.in_scope));
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
        for (i, before) in previous.iter().enumerate() {
            if before.open && !used[i] {
                count.dropped += 1;
                if let Some(s) = before.stale {
                    stale[s].0.status = ItemStatus::Dropped;
                    stale[s].0.ended = Some(meeting.date.clone());
                }
            }
        }
        previous = current;
        counts.push(count);
    }
    Followed {
        counts,
        stale: stale
            .into_iter()
            .filter_map(|(item, in_scope)| in_scope.then_some(item))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tasks(list: &[(&str, bool)]) -> Vec<Task> {
        list.iter()
            .enumerate()
            .map(|(i, (text, checked))| Task {
                text: (*text).to_string(),
                checked: *checked,
                line: i + 1,
            })
            .collect()
    }

    #[test]
    fn items_are_opened_carried_closed_dropped_and_go_stale() {
        let rfc = "Send the migration RFC to Alex by Friday";
        let room = "Book the offsite room";
        let meetings = [
            tasks(&[(rfc, false), (room, false)]),
            tasks(&[("Send migration RFC to Alex (by Friday)", false)]),
            tasks(&[(rfc, false), ("Write the postmortem", true)]),
            tasks(&[(rfc, false)]),
            tasks(&[(rfc, true)]),
        ];
        let dates = [
            "2026-01-05",
            "2026-01-12",
            "2026-01-19",
            "2026-01-26",
            "2026-02-02",
        ];
        let followed: Vec<MeetingTasks<'_>> = meetings
            .iter()
            .zip(dates)
            .map(|(tasks, date)| MeetingTasks {
                date: date.to_string(),
                path: "a.md",
                tasks,
                in_scope: true,
            })
            .collect();
        let result = follow("Alex", &followed);
        let opened: Vec<usize> = result.counts.iter().map(|c| c.opened).collect();
        let carried: Vec<usize> = result.counts.iter().map(|c| c.carried_over).collect();
        let stale: Vec<usize> = result.counts.iter().map(|c| c.stale).collect();
        let closed: Vec<usize> = result.counts.iter().map(|c| c.closed).collect();
        let dropped: Vec<usize> = result.counts.iter().map(|c| c.dropped).collect();
        assert_eq!(opened, [2, 0, 1, 0, 0]);
        assert_eq!(carried, [0, 1, 1, 1, 0]);
        assert_eq!(stale, [0, 0, 0, 1, 0]);
        assert_eq!(closed, [0, 0, 1, 0, 1]);
        assert_eq!(dropped, [0, 1, 0, 0, 0]);
        assert_eq!(result.stale.len(), 1);
        let item = &result.stale[0];
        assert_eq!(item.carried, 3);
        assert_eq!(item.first.date, "2026-01-05");
        assert_eq!(item.last.date, "2026-01-26");
        assert_eq!(item.status, ItemStatus::Closed);
        assert_eq!(item.ended.as_deref(), Some("2026-02-02"));
    }
}
