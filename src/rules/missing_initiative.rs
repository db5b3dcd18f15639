//! `missing-initiative`: no actionable proposal anywhere in the agenda.

use super::project_missing_decision::ListData;
use super::skeleton;
use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::detect::PhraseList;
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::model::{Agenda, SectionKind};

/// Checks that the agenda brings at least one actionable proposal: an item in an
/// initiatives section (Initiatives, Proposals, Ideas, Improvements), or an item
/// elsewhere that proposes something ("Propose…", "Pitch: …", "Idea: …").
///
/// Why: the guidance is to come with one actionable initiative ("reduce deployment time
/// by 20% in 90 days"); it turns the 1:1 from status into impact.
///
/// ```markdown
/// ## Projects ...
/// ## Career ...                  <- fires: nothing proposed anywhere
/// ```
///
/// The fix appends an initiatives section skeleton.
pub struct MissingInitiative {
    proposals: PhraseList,
}

/// The embedded proposal wording, shared with `missing-alignment`.
pub(crate) const PROPOSALS: &str = include_str!("../../rules/proposals.yaml");

impl RuleDef for MissingInitiative {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "missing-initiative",
        summary: "No actionable proposal anywhere: no initiatives item, and no item that proposes one",
        default_severity: Severity::Warning,
        fix: FixAvailability::Always,
        doc: include_str!("../../rules/missing-initiative.md"),
        options: &[],
    };

    fn build(_: &LevelOnly, _: &BuildContext<'_>) -> Self {
        Self {
            proposals: ListData::compile(PROPOSALS),
        }
    }
}

impl Rule for MissingInitiative {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
        if agenda.entries_of(SectionKind::Initiatives).next().is_some() {
            return;
        }
        let proposes = agenda.units().iter().any(|u| {
            agenda.kind_of(u.section) != SectionKind::Actions
                && agenda
                    .blocks(u.blocks.clone())
                    .iter()
                    .any(|b| self.proposals.is_match(&b.text))
        });
        if proposes {
            return;
        }
        let prompt = "<one proposal with a metric and a deadline, e.g. reduce deployment time by 20% in 90 days>";
        let (span, edit) = skeleton::add_prompt(agenda, SectionKind::Initiatives, prompt);
        out.push(
            super::diagnostic::<Self>(
                span,
                "Agenda proposes no initiative",
                "Bring one actionable proposal with a metric, e.g. \"propose a flaky-test budget: cut CI reruns by 40% within 60 days\"",
            )
            .with_optional_fix(edit.map(|e| Fix::unsafe_edits(vec![e]))),
        );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_and_passes() {
        super::super::assert_table(
            "missing-initiative",
            &[
                "## Projects\n- checkout\n",
                "## Initiatives\n\n## Action items\n- [ ] propose the budget\n",
                "## Notes\n- Experiment results: CTR +3%\n",
            ],
            &[
                "## Initiatives\n- Cut CI reruns by 40% within 60 days\n",
                "## Questions\n- What if we moved the nightly build to spot instances?\n",
            ],
        );
    }
}
