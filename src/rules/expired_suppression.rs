//! `expired-suppression`: a suppression is past its `until:` date.

use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Agenda;

/// Checks the `until: YYYY-MM-DD` of suppressions: after that day the suppression still
/// applies, and this finding says it has expired. An `until:` that is no real date is
/// reported too.
///
/// Why: a suppression meant for a while (until the reorg, until the migration ships)
/// should come back up when the while is over, without failing an unrelated commit
/// the day it expires.
///
/// ```markdown
/// <!-- agendalint-disable-next-line no-time-bound until: 2026-03-01 -- waiting for the reorg -->
/// ```
///
/// The engine reports its findings once it has applied every suppression of the
/// agenda (`engine::inline`); the rule itself checks nothing, so that it can be turned
/// off, given a severity, selected and explained like any other.
pub struct ExpiredSuppression;

impl RuleDef for ExpiredSuppression {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "expired-suppression",
        summary: "A suppression is past its `until:` date",
        default_severity: Severity::Warning,
        fix: FixAvailability::Never,
        doc: include_str!("../../rules/expired-suppression.md"),
        options: &[],
    };

    fn build(_: &LevelOnly, _: &BuildContext<'_>) -> Self {
        Self
    }
}

impl Rule for ExpiredSuppression {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, _: &Agenda<'_>, _: &mut Vec<Diagnostic>) {}
}
