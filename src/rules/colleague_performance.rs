//! `colleague-performance`: a judgement of a named colleague's performance or standing (underperforming, on a PIP, to be let go), a colleague being one of the agenda's attendees or the config's `privacy.people`.

use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Agenda;
use crate::privacy::Category;
use crate::privacy::rule::PrivacyCheck;

/// Checks every paragraph, heading, item and table cell for a judgement of a named colleague's performance or standing (underperforming, on a PIP, to be let go), a colleague being one of the agenda's attendees or the config's `privacy.people`.
///
/// Why: 1:1 notes live in a repository that gets pushed and shared; this must never
/// leave the laptop. The finding names the kind of detail and points at it; no output
/// prints the flagged words. Runs in `check --staged` (the pre-commit hook) unless the
/// config's `privacy:` says otherwise; a file with `private: true` is left alone.
///
/// ```markdown
/// - Raj is underperforming on the migration (Raj an attendee) <- fires
/// - Raj did great on the migration <- passes
/// ```
pub struct ColleaguePerformance {
    check: PrivacyCheck,
}

impl RuleDef for ColleaguePerformance {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "colleague-performance",
        summary: "A judgement of a named colleague's performance or standing",
        default_severity: Severity::Warning,
        fix: FixAvailability::Never,
        doc: include_str!("../../rules/colleague-performance.md"),
        options: &[],
    };

    fn build(_: &LevelOnly, context: &BuildContext<'_>) -> Self {
        Self {
            check: PrivacyCheck::new(Category::ColleaguePerformance, context),
        }
    }
}

impl Rule for ColleaguePerformance {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
        self.check
            .check(Self::META.id, Self::META.default_severity, agenda, out);
    }
}
