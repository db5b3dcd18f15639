//! `missing-metric`: an initiative with no measurable target, or a project with no
//! measured outcome.

use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::detect;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Agenda, SectionKind};

/// Checks that every initiative states a measurable quantity — a number tied to a
/// measure (`30%`, `2x`, `p99 under 200 ms`, `from 20 to 10 minutes`, `3 PRs a week`) —
/// and, at `info`, that every project reports a measured outcome.
///
/// Why: SMART framing; a proposal without a number cannot be judged or followed up.
/// Versions (`Python 3.12`), ticket ids, `k8s`, `1:1` and deadlines are not measures.
///
/// ```markdown
/// ## Initiatives
/// - Improve CI reliability by Q3             <- fires
/// - Cut CI reruns by 40% within 60 days      <- passes
/// ```
pub struct MissingMetric;

impl RuleDef for MissingMetric {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "missing-metric",
        summary: "An initiative has no measurable target (a project no measured outcome, at info)",
        default_severity: Severity::Warning,
        fix: FixAvailability::Never,
        doc: include_str!("../../rules/missing-metric.md"),
        options: &[],
    };

    fn build(_: &LevelOnly, _: &BuildContext<'_>) -> Self {
        Self
    }
}

impl Rule for MissingMetric {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
        for entry in &agenda.entries {
            if agenda.is_prompt(entry.blocks.clone()) {
                continue;
            }
            let (severity, message, help) = match entry.kind {
                SectionKind::Initiatives => (
                    Severity::Warning,
                    "Initiative has no measurable target",
                    "Say how much of what will change, e.g. \"reduce deployment time by 20% in 90 days\"",
                ),
                SectionKind::Projects => (
                    Severity::Info,
                    "Project has no measured outcome",
                    "Quantify the result, e.g. \"p99 from 800 ms to 200 ms\" or \"cut CI reruns by 40%\"",
                ),
                _ => continue,
            };
            if !detect::blocks_have_metric(agenda, entry.blocks.clone()) {
                let mut diagnostic = super::diagnostic::<Self>(entry.head, message, help);
                diagnostic.severity = severity;
                out.push(diagnostic);
            }
        }
    }
}
