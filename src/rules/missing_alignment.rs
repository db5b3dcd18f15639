//! `missing-alignment`: nothing ties the agenda's initiatives to a company goal.

use super::missing_initiative::PROPOSALS;
use super::project_missing_decision::ListData;
use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::detect::PhraseList;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Agenda, SectionKind};

/// Checks that the agenda has an alignment section with content (Alignment, Company
/// goals, OKRs, Objectives), or an initiative that names a company goal: one of the
/// config's `company_goals` when it sets them, else OKR, objective or goal wording.
///
/// Why: an initiative aligned with what the company is trying to do is one a manager can
/// get funded.
///
/// ```yaml
/// company_goals: [reliability, cost]
/// ```
/// ```markdown
/// ## Initiatives
/// - Cut CI reruns by 40% within 60 days                    <- fires: no goal named
/// - Cut infra cost 15% by Q2, for the cost goal            <- passes
/// ```
pub struct MissingAlignment {
    goals: PhraseList,
    proposals: PhraseList,
    configured: Vec<String>,
}

impl RuleDef for MissingAlignment {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "missing-alignment",
        summary: "No alignment section, and no initiative names a company goal",
        default_severity: Severity::Info,
        fix: FixAvailability::Never,
        doc: include_str!("../../rules/missing-alignment.md"),
        options: &[],
    };

    fn build(_: &LevelOnly, context: &BuildContext<'_>) -> Self {
        let goals = if context.company_goals.is_empty() {
            ListData::compile(include_str!("../../rules/missing-alignment.yaml"))
        } else {
            let forms = context
                .company_goals
                .iter()
                .flat_map(|goal| [goal.clone(), format!("{goal}s")]);
            PhraseList::new(forms, Vec::<String>::new())
        };
        Self {
            goals,
            proposals: ListData::compile(PROPOSALS),
            configured: context.company_goals.to_vec(),
        }
    }
}

impl Rule for MissingAlignment {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
        let aligned_section = agenda
            .sections_of(SectionKind::Alignment)
            .any(|(_, section)| {
                agenda
                    .blocks(section.blocks.clone())
                    .iter()
                    .skip(1)
                    .any(|b| !b.text.trim().is_empty() || b.placeholder)
            });
        // An initiative still to be written is reported by `unfilled-prompt`.
        let prompted = agenda
            .entries_of(SectionKind::Initiatives)
            .any(|e| agenda.is_prompt(e.blocks.clone()));
        if aligned_section || prompted {
            return;
        }
        let initiatives = agenda
            .entries_of(SectionKind::Initiatives)
            .map(|e| e.blocks.clone())
            .chain(agenda.units().into_iter().filter_map(|u| {
                let proposes = agenda.kind_of(u.section) != SectionKind::Actions
                    && agenda
                        .blocks(u.blocks.clone())
                        .iter()
                        .any(|b| self.proposals.is_match(&b.text));
                proposes.then_some(u.blocks)
            }));
        let named = initiatives
            .flat_map(|range| agenda.blocks(range).iter())
            .any(|b| self.goals.is_match(&b.text));
        if named {
            return;
        }
        let span = agenda
            .sections_of(SectionKind::Initiatives)
            .next()
            .map_or_else(|| agenda.anchor(), |(_, s)| s.heading);
        let help = if self.configured.is_empty() {
            "Tie an initiative to a company goal or OKR, e.g. \"cut p99 by 30% by Q2 — supports the reliability OKR\"".to_string()
        } else {
            format!(
                "Say which company goal an initiative serves ({}), e.g. \"cut CI reruns by 40% within 60 days — for {}\"",
                crate::brief::name_a_few(&self.configured, self.configured.len()),
                crate::brief::clip(&self.configured[0])
            )
        };
        out.push(super::diagnostic::<Self>(
            span,
            "No initiative is tied to a company goal",
            help,
        ));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_and_passes() {
        super::super::assert_table(
            "missing-alignment",
            &[
                "## Initiatives\n- Cut CI reruns by 40% within 60 days\n",
                "## Alignment\n\n## Initiatives\n- x\n",
                "## Action items\n- [ ] Propose the reruns budget for the reliability OKR\n",
            ],
            &[
                "## Initiatives\n- Cut CI reruns by 40% within 60 days, for the developer productivity OKR\n",
                "## Company goals\n- reliability: my DLQ work cuts incidents\n",
            ],
        );
    }
}
