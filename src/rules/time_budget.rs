//! `time-budget`: the time boxes plan more minutes than the meeting has.

use std::fmt::Write as _;

use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Agenda;

/// Checks that the time boxes — `(10 min)`, `(10m)`, `[15 min]`, `— 10 min` on headings
/// and items — add up to no more than the front matter's `duration`. A box inside a
/// boxed heading or item is part of it and is not counted again. Without a `duration`
/// the rule has nothing to check.
///
/// Why: an over-full agenda means the last topics — often career and initiatives — get
/// dropped.
///
/// ```markdown
/// ---
/// duration: 30
/// ---
/// ## Projects (20 min)
/// ## Initiatives (15 min)        <- fires: 35 minutes planned for a 30-minute meeting
/// ```
pub struct TimeBudget;

impl RuleDef for TimeBudget {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "time-budget",
        summary: "Time boxes add up to more than `duration`",
        default_severity: Severity::Warning,
        fix: FixAvailability::Never,
        doc: include_str!("../../rules/time-budget.md"),
        options: &[],
    };

    fn build(_: &LevelOnly, _: &BuildContext<'_>) -> Self {
        Self
    }
}

/// How many time boxes a finding marks: the report stays readable however many boxes
/// an agenda has.
const MARKED_BOXES: usize = 8;

impl Rule for TimeBudget {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
        let Some(fm) = agenda.front_matter() else {
            return;
        };
        let Some(&duration) = fm.duration.valid() else {
            return;
        };
        let boxes = agenda.top_time_boxes();
        let planned: u32 = boxes.iter().map(|b| b.minutes).sum();
        if planned <= duration {
            return;
        }
        let span = fm
            .keys
            .iter()
            .find(|k| k.name == "duration")
            .map_or(fm.open, |k| k.value);
        let mut help = format!(
            "Trim {} min from the time boxes, or raise `duration` if the meeting really is longer",
            planned - duration
        );
        if boxes.len() > MARKED_BOXES {
            let _ = write!(
                help,
                " (the first {MARKED_BOXES} of {} time boxes are marked)",
                crate::brief::count(boxes.len())
            );
        }
        let mut diagnostic = super::diagnostic::<Self>(
            span,
            format!("Time boxes add up to {planned} min, over the {duration}-min duration"),
            help,
        );
        for b in boxes.iter().take(MARKED_BOXES) {
            diagnostic = diagnostic.with_label(b.span, format!("{} min", b.minutes));
        }
        out.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    #[test]
    fn a_few_boxes_are_marked_however_many_there_are() {
        let mut body = String::from("---\ndate: 2026-11-23\nwith: A\nduration: 30\n---\n");
        for i in 0..2_000 {
            writeln!(body, "## Topic {i} (5 min)").expect("writing to a String");
        }
        let found = super::super::findings("time-budget", &body, "");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].labels.len(), super::MARKED_BOXES);
        assert!(
            found[0]
                .help
                .ends_with("(the first 8 of 2,000 time boxes are marked)"),
            "{}",
            found[0].help
        );
    }

    #[test]
    fn fires_and_passes() {
        super::super::assert_table(
            "time-budget",
            &[
                "---\ndate: 2026-11-23\nwith: A\nduration: 30\n---\n## Projects (20 min)\n## Initiatives [11 min]\n",
                "---\ndate: 2026-11-23\nwith: A\nduration: 30 min\n---\n# 1:1 (30 min)\n## Projects (20 min)\n## Career — 15 min\n",
            ],
            &[
                "---\ndate: 2026-11-23\nwith: A\nduration: 30\n---\n## Projects (20 min)\n- a (15 min)\n## Initiatives (10m)\n",
                "## Projects (90 min)\n",
            ],
        );
    }
}
