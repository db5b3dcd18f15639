//! `unused-suppression`: a suppression hides no finding.

use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Agenda;

/// Checks that every suppression hides a finding of each rule it names (or, naming
/// none, of some rule). Only rules that ran are judged: a rule turned off or left out by
/// `--select` says nothing of its suppressions.
///
/// Why: a suppression left behind after the text was fixed would hide the next real
/// problem on that line.
///
/// ```markdown
/// - Cut CI reruns by 40% in 60 days <!-- agendalint-disable-line missing-metric -->   <- fires
/// ```
///
/// The engine reports its findings once it has applied every suppression of the
/// agenda (`engine::inline`); the rule itself checks nothing, so that it can be turned
/// off, given a severity, selected and explained like any other.
pub struct UnusedSuppression;

impl RuleDef for UnusedSuppression {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "unused-suppression",
        summary: "A suppression hides no finding",
        default_severity: Severity::Warning,
        fix: FixAvailability::Never,
        doc: include_str!("../../rules/unused-suppression.md"),
        options: &[],
    };

    fn build(_: &LevelOnly, _: &BuildContext<'_>) -> Self {
        Self
    }
}

impl Rule for UnusedSuppression {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, _: &Agenda<'_>, _: &mut Vec<Diagnostic>) {}
}
