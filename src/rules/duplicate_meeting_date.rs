//! `duplicate-meeting-date`: two agendas of one meeting series carry the same date.

use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Agenda;
use crate::series::SeriesView;

/// Checks that no two agendas of a meeting series (same `with` under the notes root)
/// are dated the same day. Such a meeting is left out of the other series rules, which
/// cannot tell which of the two came first.
///
/// Why: a series is ordered by date; two agendas on one day are usually a copy that was
/// never re-dated, and they hide the open action items and the career cadence of the
/// meetings around them.
///
/// ```markdown
/// alex/2026-11-23.md        date: 2026-11-23, with: Alex Kim
/// alex/2026-11-23-copy.md   date: 2026-11-23, with: Alex Kim   <- fires on both
/// ```
pub struct DuplicateMeetingDate;

impl RuleDef for DuplicateMeetingDate {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "duplicate-meeting-date",
        summary: "Another agenda of the same meeting series has the same date",
        default_severity: Severity::Warning,
        fix: FixAvailability::Never,
        doc: include_str!("../../rules/duplicate-meeting-date.md"),
        options: &[],
    };

    fn build(_: &LevelOnly, _: &BuildContext<'_>) -> Self {
        Self
    }
}

impl Rule for DuplicateMeetingDate {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, _: &Agenda<'_>, _: &mut Vec<Diagnostic>) {}

    fn uses_series(&self) -> bool {
        true
    }

    fn runs_on_date_clash(&self) -> bool {
        true
    }

    fn check_series(&self, agenda: &Agenda<'_>, series: &SeriesView<'_>, out: &mut Vec<Diagnostic>) {
        let same_day = &series.same_day;
        if same_day.count == 0 {
            return;
        }
        let others = crate::brief::name_a_few(
            same_day
                .first
                .iter()
                .map(|path| crate::files::display_path(&crate::files::relative_to_cwd(path))),
            same_day.count,
        );
        let date = series.this.date.map(|d| d.to_string()).unwrap_or_default();
        let with = crate::brief::clip(series.this.with.as_deref().unwrap_or_default());
        let span = agenda
            .front_matter()
            .and_then(|fm| fm.keys.iter().find(|k| k.name == "date"))
            .map_or_else(|| agenda.anchor(), |key| if key.value.is_empty() { key.span } else { key.value });
        out.push(super::diagnostic::<Self>(
            span,
            if same_day.count == 1 {
                format!(
                    "Another agenda with {with} is dated {date} ({others}); this meeting is left out of the series checks"
                )
            } else {
                format!(
                    "{} other agendas with {with} are dated {date} ({others}); this meeting is left out of the series checks",
                    crate::brief::count(same_day.count)
                )
            },
            "Give each meeting its own date, or merge the two agendas into one",
        ));
    }
}
