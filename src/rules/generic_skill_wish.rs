//! `generic-skill-wish`: a skills item with no specific technology or skill, or no
//! plan.

use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::detect::skills::SkillWords;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Agenda, Block, SectionKind};
use crate::wording::{Scorer, Unit, WordingModel};

/// Checks every item of a skills section for a specific technology or skill ("Kafka",
/// "system design") and a plan: a concrete step or resource (a course, a book, pairing,
/// a piece of work to own). "Get better at backend" has neither; "learn Kafka" has no
/// plan; a deadline alone is not a plan.
///
/// Why: a skill gap with a learning path is something a manager can staff and fund; a
/// wish is not.
///
/// ```markdown
/// ## Skills
/// - Get better at backend                                             <- fires
/// - Deepen Kafka: finish the internals course and own one consumer by March  <- passes
/// ```
pub struct GenericSkillWish {
    model: WordingModel<'static>,
    words: &'static SkillWords,
}

impl RuleDef for GenericSkillWish {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "generic-skill-wish",
        summary: "A skills item with no specific technology or skill, or no plan",
        default_severity: Severity::Warning,
        fix: FixAvailability::Never,
        doc: include_str!("../../rules/generic-skill-wish.md"),
        options: &[],
    };

    fn build(_: &LevelOnly, context: &BuildContext<'_>) -> Self {
        Self {
            model: context.wording(),
            // Built with the rule, so that its lists join the other built-in lists
            // before the first text is searched.
            words: SkillWords::get(),
        }
    }
}

impl Rule for GenericSkillWish {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
        let words = self.words;
        for entry in agenda.entries_of(SectionKind::Skills) {
            if agenda.is_prompt(entry.blocks.clone()) {
                continue;
            }
            let blocks = agenda.blocks(entry.blocks.clone());
            let read = Unit::read(&self.model, agenda, SectionKind::Skills, entry.blocks.clone());
            if !reads_as_generic_wish(&self.model, blocks, &read) {
                continue;
            }
            let specific = blocks.iter().any(|b| words.is_specific(&b.text));
            let message = if specific {
                "Skill goal has no plan: no step or resource"
            } else {
                "Skill goal names no specific technology or skill"
            };
            out.push(super::diagnostic::<Self>(
                entry.head,
                message,
                "Name one skill and how you will learn it, e.g. \"Deepen Kafka: finish the internals course and own one consumer by March\"",
            ));
        }
    }
}

/// Whether the skills text of `blocks`, read by the scorers as `read`, is a generic
/// wish. A known skill with a known step or resource is a plan, whatever the scorer makes
/// of the rest. `missing-skill-gap` asks the same question of its learning paths, so an
/// item this rule passes is never a wish there.
pub(super) fn reads_as_generic_wish(
    model: &WordingModel<'_>,
    blocks: &[Block],
    read: &Unit<'_>,
) -> bool {
    let words = SkillWords::get();
    let specific = || blocks.iter().any(|b| words.is_specific(&b.text));
    let plan = || {
        blocks
            .iter()
            .any(|b| words.has_plan(&b.text) || words.is_mastery_goal(&b.text))
    };
    read.fires(model, Scorer::GenericSkillWish) && !(specific() && plan())
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_and_passes() {
        super::super::assert_table(
            "generic-skill-wish",
            &[
                "## Skills\n- Get better at backend\n",
                "## Skills\n- Learn Kafka by Q3\n",
                "## Skills\n- Become a better Engineer\n",
            ],
            &[
                "## Skills\n- Deepen Kafka: finish the internals course and own one consumer by March\n",
                "## Skills\n- ML basics: fast.ai part 1, then build the triage classifier prototype\n",
                "## Skills\n- Learn eBPF by profiling our ingest service, by end of Q1\n",
            ],
        );
    }
}
