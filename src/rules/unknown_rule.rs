//! `unknown-rule`: a suppression names a rule that does not exist.

use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Agenda;

/// Checks that every rule named in a suppression exists: in an `agendalint-disable`,
/// `-enable`, `-disable-line`, `-disable-next-line` or `-disable-file` comment, and in the
/// front matter's `agendalint: {disable: [...]}`.
///
/// Why: a misspelled name suppresses nothing, silently.
///
/// ```markdown
/// - On fire all week <!-- agendalint-disable-line compliant-phrasing -->   <- fires
/// ```
///
/// The engine reports its findings once it has applied every suppression of the
/// agenda (`engine::inline`); the rule itself checks nothing, so that it can be turned
/// off, given a severity, selected and explained like any other.
pub struct UnknownRule;

impl RuleDef for UnknownRule {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "unknown-rule",
        summary: "A suppression names a rule that does not exist",
        default_severity: Severity::Error,
        fix: FixAvailability::Never,
        doc: include_str!("../../rules/unknown-rule.md"),
        options: &[],
    };

    fn build(_: &LevelOnly, _: &BuildContext<'_>) -> Self {
        Self
    }
}

impl Rule for UnknownRule {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, _: &Agenda<'_>, _: &mut Vec<Diagnostic>) {}
}
