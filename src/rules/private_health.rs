//! `private-health`: health details: a condition, treatment, medication, therapy or medical leave tied to a person.

use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Agenda;
use crate::privacy::Category;
use crate::privacy::rule::PrivacyCheck;

/// Checks every paragraph, heading, item and table cell for health details: a condition, treatment, medication, therapy or medical leave tied to a person.
///
/// Why: 1:1 notes live in a repository that gets pushed and shared; this must never
/// leave the laptop. The finding names the kind of detail and points at it; no output
/// prints the flagged words. Runs in `check --staged` (the pre-commit hook) unless the
/// config's `privacy:` says otherwise; a file with `private: true` is left alone.
///
/// ```markdown
/// - back surgery on the 12th, out for two weeks <- fires
/// - health check on the payments cluster is flaky <- passes
/// ```
pub struct PrivateHealth {
    check: PrivacyCheck,
}

impl RuleDef for PrivateHealth {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "private-health",
        summary: "Health details: a condition, treatment or medical leave of a person",
        default_severity: Severity::Warning,
        fix: FixAvailability::Never,
        doc: include_str!("../../rules/private-health.md"),
        options: &[],
    };

    fn build(_: &LevelOnly, context: &BuildContext<'_>) -> Self {
        Self {
            check: PrivacyCheck::new(Category::Health, context),
        }
    }
}

impl Rule for PrivateHealth {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
        self.check
            .check(Self::META.id, Self::META.default_severity, agenda, out);
    }
}
