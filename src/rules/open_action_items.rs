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
/// The fix carries the dropped items over under Action items, in the user's own words
/// (safe), and only into the latest meeting of the series: a past meeting is a record,
/// and is never rewritten.
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
        let dropped: Vec<&str> = series
            .previous_tasks
            .iter()
            .filter(|t| t.is_open() && this.find(&t.text).is_none())
            .map(|t| t.text.as_str())
            .collect();
        // One edit carries every dropped item, in the previous meeting's order; each
        // finding offers it, and applying it settles them all. Only the latest meeting
        // of the series is offered it: carrying items into a meeting that is already
        // history would rewrite the record, and would change what every later meeting
        // must carry in turn.
        let fix = if series.later == 0 {
            carry_over_all(agenda, &dropped).map(|e| Fix::safe(vec![e]))
        } else {
            None
        };
        let help = if series.later == 0 {
            "Carry it over under Action items, or check it off in the last agenda if it is done"
        } else {
            "Carry it over by hand, or check it off in the last agenda if it is done; --fix does not rewrite a meeting that a later one follows"
        };
        for text in dropped {
            out.push(
                super::diagnostic::<Self>(
                    span,
                    format!(
                        "Open action item from {date} is not carried over: \"{}\"",
                        crate::brief::clip(text)
                    ),
                    help,
                )
                .with_optional_fix(fix.clone()),
            );
        }
    }
}

/// An edit adding `- [ ] text` for each of `texts`, in order, at the end of the action
/// items (a new section when there is none); `None` when there is nothing to add.
pub fn carry_over_all(agenda: &Agenda<'_>, texts: &[&str]) -> Option<Edit> {
    if texts.is_empty() {
        return None;
    }
    let marker = agenda.list_marker();
    let items: Vec<String> = texts.iter().map(|t| format!("{marker} [ ] {t}")).collect();
    if let Some((index, _)) = agenda.sections_of(SectionKind::Actions).next() {
        let (at, has_items) = super::skeleton::items_append_point(agenda, index);
        super::skeleton::insert_lines(agenda, at, &items, !has_items)
    } else {
        let mut lines = super::skeleton::section(agenda, SectionKind::Actions, &[]);
        lines.extend(items);
        super::skeleton::insert_lines(agenda, agenda.source.len(), &lines, true)
    }
}
