//! `vague-aspiration`: a career aspiration with neither a time frame nor a concrete
//! first step.

use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use serde::Deserialize;

use crate::detect::{PhraseSet, time_bound};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Agenda, Block, EntryOrigin, SectionKind};
use crate::wording::{Scorer, Unit, WordingModel};

/// Checks career aspirations — "I want to lead", "would like to be staff someday" — for
/// a time frame or a concrete first step. Each unit of a career section is read (a
/// sub-heading with its content, or a top-level item with its nested items) by the
/// learned `vague-aspiration` scorer.
///
/// Why: "I want to lead" gives a manager nothing to act on; a horizon and a first step
/// turn it into a plan they can support.
///
/// ```markdown
/// ## Career
/// - I want to lead a team someday                                         <- fires
/// - In 18 months I aim to lead a team, first taking on a trial project
///   within the next 6 months                                              <- passes
/// ```
pub struct VagueAspiration {
    model: WordingModel<'static>,
    steps: PhraseSet,
    step_markers: PhraseSet,
    not_concrete: PhraseSet,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'static"))]
struct Data {
    // Word classes of the wording scorers (`crate::wording::features`), not read here.
    #[allow(dead_code)]
    aspiration: Vec<&'static str>,
    #[allow(dead_code)]
    roles_except: Vec<&'static str>,
    #[allow(dead_code)]
    roles: Vec<&'static str>,
    steps: Vec<&'static str>,
    step_markers: Vec<&'static str>,
    not_concrete: Vec<&'static str>,
}

impl RuleDef for VagueAspiration {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "vague-aspiration",
        summary: "A career aspiration with neither a time frame nor a concrete first step",
        default_severity: Severity::Warning,
        fix: FixAvailability::Never,
        doc: include_str!("../../rules/vague-aspiration.md"),
        options: &[],
    };

    fn build(_: &LevelOnly, context: &BuildContext<'_>) -> Self {
        let data: Data = crate::rules::data::embedded(include_str!("../../rules/vague-aspiration.yaml"));
        Self {
            model: context.wording(),
            steps: PhraseSet::builtin(&data.steps),
            step_markers: PhraseSet::builtin(&data.step_markers),
            not_concrete: PhraseSet::builtin(&data.not_concrete),
        }
    }
}

impl VagueAspiration {
    /// Whether the text names a concrete first step.
    fn has_step(&self, text: &str) -> bool {
        if self.steps.is_match(text) {
            return true;
        }
        // "first step: shadow the incident reviews" states a step; "the first step would
        // be..." and "first step: tbd" do not.
        self.step_markers.find_all(text).iter().any(|marker| {
            let after = text[marker.end..].trim_start();
            let rest = after
                .strip_prefix("->")
                .or_else(|| after.strip_prefix([':', ',', '-', '—', '–', '=', '→']));
            // The marker may carry its own colon ("plan:").
            let rest = rest.or_else(|| text[..marker.end].ends_with(':').then_some(after));
            let Some(rest) = rest else {
                return false;
            };
            let rest = rest.trim();
            !rest.is_empty()
                && self.not_concrete.find(rest).is_none_or(|m| m.start > 0)
                && rest != "?"
        })
    }

    /// Whether some part of the unit states a time frame or a concrete first step: then
    /// it is a plan, whatever the scorer makes of the rest.
    fn has_plan(&self, blocks: &[Block]) -> bool {
        blocks
            .iter()
            .any(|b| time_bound::has_time_bound(&b.text) || self.has_step(&b.text))
    }
}

impl Rule for VagueAspiration {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
        // Career sub-headings with their content, and the items and paragraphs of
        // career sections.
        let career_headings = agenda
            .entries_of(SectionKind::Career)
            .filter(|e| matches!(e.origin, EntryOrigin::Heading(_)))
            .map(|e| (e.head, e.blocks.clone()));
        let units = agenda
            .units()
            .into_iter()
            .filter(|u| agenda.kind_of(u.section) == SectionKind::Career)
            .map(|u| (u.head, u.blocks));
        for (head, range) in career_headings.chain(units) {
            let read = Unit::read(&self.model, agenda, SectionKind::Career, range.clone());
            if read.fires(&self.model, Scorer::VagueAspiration) && !self.has_plan(agenda.blocks(range)) {
                out.push(super::diagnostic::<Self>(
                    head,
                    "Career aspiration has no time frame and no first step",
                    "Make it a plan, e.g. \"in 18 months lead a team; first step: run the Q1 migration as tech lead\"",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_and_passes() {
        super::super::assert_table(
            "vague-aspiration",
            &[
                "## Career\n- I want to lead a team someday\n",
                "## Career\nI want to lead a team someday.\n",
                "## Career\n- want to be staff; plan: tbd\n",
            ],
            &[
                "## Career\n- In 18 months I aim to lead a team, first taking on a trial project within the next 6 months\n",
                "## Career\n- want to lead: first step, shadow Priya on incident reviews\n",
                "## Notes\n- I want to lead with data in the pricing discussion\n",
                "## Questions\n- would like to become an EM eventually\n",
            ],
        );
    }
}
