//! `no-time-bound`: an initiative, career goal or skill goal with no deadline or
//! duration.

use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::detect;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Agenda, SectionKind};

/// Checks that every item of the initiatives, career and skills sections says by when or
/// for how long: "in 60 days", "within 9 months", "by Q3", "by 2027-03-31", "next
/// sprint", "by Friday". "Soon", "ASAP" and "Q3 planning" (a topic) are not deadlines.
///
/// Why: SMART framing; a goal without a time bound never comes due.
///
/// ```markdown
/// ## Skills
/// - Get deeper into Kafka soon                         <- fires
/// - Master Kafka within the next 9 months              <- passes
/// ```
pub struct NoTimeBound;

impl RuleDef for NoTimeBound {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "no-time-bound",
        summary: "An initiative, career or skills item has no explicit deadline or duration",
        default_severity: Severity::Warning,
        fix: FixAvailability::Never,
        doc: include_str!("../../rules/no-time-bound.md"),
        options: &[],
    };

    fn build(_: &LevelOnly, _: &BuildContext<'_>) -> Self {
        Self
    }
}

impl Rule for NoTimeBound {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
        for entry in &agenda.entries {
            if agenda.is_prompt(entry.blocks.clone()) {
                continue;
            }
            let (message, help) = match entry.kind {
                SectionKind::Initiatives => (
                    "Initiative has no deadline or duration",
                    "Bound it in time, e.g. \"cut CI reruns by 40% within 60 days\" or \"by end of Q1\"",
                ),
                SectionKind::Career => (
                    "Career goal has no time frame",
                    "Give it a horizon, e.g. \"in 18 months lead a team; first step: run the Q1 migration as tech lead\"",
                ),
                SectionKind::Skills => (
                    "Skill goal has no time frame",
                    "Give it a horizon, e.g. \"master Kafka within the next 9 months\"",
                ),
                _ => continue,
            };
            if !detect::blocks_have_time_bound(agenda, entry.blocks.clone()) {
                out.push(super::diagnostic::<Self>(entry.head, message, help));
            }
        }
    }
}
