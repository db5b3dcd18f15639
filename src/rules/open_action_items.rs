//! `open-action-items`: unchecked action items of the previous meeting that this one
//! neither carries over nor checks off.

use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::model::{Agenda, SectionKind};
use crate::series::{ItemMatcher, SeriesView};

/// Checks, across a meeting series, that every unchecked task (`- [ ]`) of the previous
/// meeting with the same person shows up in this one: carried over (small edits still
/// match) or checked off. One finding per dropped item, at this agenda's action-items
/// section (or its first heading).
///
/// Why: each meeting should build on the last; a promise that silently disappears is
/// the quickest way to lose a manager's trust.
///
/// ```markdown
/// 2026-11-10.md:  - [ ] Send the migration RFC to Alex by Friday
/// 2026-11-24.md:  (no such item)          <- fires on 2026-11-24.md
/// ```
///
/// The fix carries the item over under Action items, in the user's own words (safe).
pub struct OpenActionItems;

impl RuleDef for OpenActionItems {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "open-action-items",
        summary: "Unchecked action items of the previous meeting are neither carried over nor checked off",
        default_severity: Severity::Warning,
        fix: FixAvailability::Always,
        doc: include_str!("../../rules/open-action-items.md"),
        options: &[],
    };

    fn build(_: &LevelOnly, _: &BuildContext<'_>) -> Self {
        Self
    }
}

impl Rule for OpenActionItems {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, _: &Agenda<'_>, _: &mut Vec<Diagnostic>) {}

    fn uses_series(&self) -> bool {
        true
    }

    fn check_series(
        &self,
        agenda: &Agenda<'_>,
        series: &SeriesView<'_>,
        out: &mut Vec<Diagnostic>,
    ) {
        let Some(previous) = series.previous.last() else {
            return;
        };
        if series.previous_tasks.is_empty() {
            return;
        }
        let date = previous.date.to_string();
        let section = agenda.sections_of(SectionKind::Actions).next();
        let span = section.map_or_else(|| agenda.anchor(), |(_, s)| s.heading);
        let this = ItemMatcher::of_agenda(agenda);
        for task in series.previous_tasks.iter().filter(|t| t.is_open()) {
            if this.find(&task.text).is_some() {
                continue;
            }
            out.push(
                super::diagnostic::<Self>(
                    span,
                    format!(
                        "Open action item from {date} is not carried over: \"{}\"",
                        crate::brief::clip(&task.text)
                    ),
                    "Carry it over under Action items, or check it off in the last agenda if it is done",
                )
                .with_optional_fix(carry_over(agenda, &task.text).map(|e| Fix::safe(vec![e]))),
            );
        }
    }
}

/// An edit adding `- [ ] text` at the end of the action items (a new section when there
/// is none).
pub fn carry_over(agenda: &Agenda<'_>, text: &str) -> Option<Edit> {
    let line = format!("{} [ ] {text}", agenda.list_marker());
    if let Some((index, _)) = agenda.sections_of(SectionKind::Actions).next() {
        let (at, has_items) = super::skeleton::items_append_point(agenda, index);
        super::skeleton::insert_lines(agenda, at, &[line], !has_items)
    } else {
        let mut lines = super::skeleton::section(agenda, SectionKind::Actions, &[]);
        lines.push(line);
        super::skeleton::insert_lines(agenda, agenda.source.len(), &lines, true)
    }
}
