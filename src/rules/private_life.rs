//! `private-life`: private-life details: divorce or separation, pregnancy, custody, bereavement, immigration or visa status.

use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Agenda;
use crate::privacy::Category;
use crate::privacy::rule::PrivacyCheck;

/// Checks every paragraph, heading, item and table cell for private-life details: divorce or separation, pregnancy, custody, bereavement, immigration or visa status.
///
/// Why: 1:1 notes live in a repository that gets pushed and shared; this must never
/// leave the laptop. The finding names the kind of detail and points at it; no output
/// prints the flagged words. Runs in `check --staged` (the pre-commit hook) unless the
/// config's `privacy:` says otherwise; a file with `private: true` is left alone.
///
/// ```markdown
/// - my visa expires in June, need the sponsorship letter <- fires
/// - divorce the invoice writer from the orders service <- passes
/// ```
pub struct PrivateLife {
    check: PrivacyCheck,
}

impl RuleDef for PrivateLife {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "private-life",
        summary: "Private-life details: divorce, pregnancy, custody, bereavement, visa status",
        default_severity: Severity::Warning,
        fix: FixAvailability::Never,
        doc: include_str!("../../rules/private-life.md"),
        options: &[],
    };

    fn build(_: &LevelOnly, context: &BuildContext<'_>) -> Self {
        Self {
            check: PrivacyCheck::new(Category::Life, context),
        }
    }
}

impl Rule for PrivateLife {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
        self.check
            .check(Self::META.id, Self::META.default_severity, agenda, out);
    }
}
