//! `private-pay`: pay details: an amount, percentage or band next to a pay term (salary, base, raise, bonus, RSUs, equity, band, offer, comp).

use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Agenda;
use crate::privacy::Category;
use crate::privacy::rule::PrivacyCheck;

/// Checks every paragraph, heading, item and table cell for pay details: an amount, percentage or band next to a pay term (salary, base, raise, bonus, RSUs, equity, band, offer, comp).
///
/// Why: 1:1 notes live in a repository that gets pushed and shared; this must never
/// leave the laptop. The finding names the kind of detail and points at it; no output
/// prints the flagged words. Runs in `check --staged` (the pre-commit hook) unless the
/// config's `privacy:` says otherwise; a file with `private: true` is left alone.
///
/// ```markdown
/// - my base is 145k and they offered 160k <- fires
/// - the cluster budget is $4k/mo <- passes
/// ```
pub struct PrivatePay {
    check: PrivacyCheck,
}

impl RuleDef for PrivatePay {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "private-pay",
        summary: "Pay details: a figure or band next to a pay term",
        default_severity: Severity::Warning,
        fix: FixAvailability::Never,
        doc: include_str!("../../rules/private-pay.md"),
        options: &[],
    };

    fn build(_: &LevelOnly, context: &BuildContext<'_>) -> Self {
        Self {
            check: PrivacyCheck::new(Category::Pay, context),
        }
    }
}

impl Rule for PrivatePay {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
        self.check
            .check(Self::META.id, Self::META.default_severity, agenda, out);
    }
}
