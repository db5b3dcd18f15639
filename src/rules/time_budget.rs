//! `time-budget`: the time boxes plan more minutes than the meeting has.

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
        let mut diagnostic = super::diagnostic::<Self>(
            span,
            format!("Time boxes add up to {planned} min, over the {duration}-min duration"),
            format!(
                "Trim {} min from the time boxes, or raise `duration` if the meeting really is longer",
                planned - duration
            ),
        );
        for b in boxes {
            diagnostic = diagnostic.with_label(b.span, format!("{} min", b.minutes));
        }
        out.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
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
