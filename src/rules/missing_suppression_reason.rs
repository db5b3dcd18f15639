//! `missing-suppression-reason`: a suppression gives no reason, and the config's `require_reason` asks for one.

use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Agenda;

/// With `require_reason: true` in the config, checks that every suppression says why:
/// after `--` in a comment, or with `reason:` in the front matter's `agendalint:` block.
///
/// Why: a reason tells the next reader (and you, in three months) whether the
/// suppression still holds.
///
/// ```markdown
/// - On fire all week <!-- agendalint-disable-line complaint-phrasing -->   <- fires
/// - On fire all week <!-- agendalint-disable-line complaint-phrasing -- quoting my manager -->
/// ```
///
/// The engine reports its findings once it has applied every suppression of the
/// agenda (`engine::inline`); the rule itself checks nothing, so that it can be turned
/// off, given a severity, selected and explained like any other.
pub struct MissingSuppressionReason;

impl RuleDef for MissingSuppressionReason {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "missing-suppression-reason",
        summary: "A suppression gives no reason, and the config's `require_reason` asks for one",
        default_severity: Severity::Error,
        fix: FixAvailability::Never,
        doc: include_str!("../../rules/missing-suppression-reason.md"),
        options: &[],
    };

    fn build(_: &LevelOnly, _: &BuildContext<'_>) -> Self {
        Self
    }
}

impl Rule for MissingSuppressionReason {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, _: &Agenda<'_>, _: &mut Vec<Diagnostic>) {}
}
