//! `missing-skill-gap`: no item names one skill to deepen with a learning path.

use super::skeleton;
use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::detect::skills::SkillWords;
use crate::detect::time_bound;
use crate::model::{Agenda, SectionKind};
use crate::wording::{self, Scorer, Unit, WordingModel};

/// Checks that one item of a skills section names a skill to deepen with a learning
/// path: a specific technology or skill, a concrete step or resource, and a time frame.
/// A skills section holding only generic wishes, or technologies with no path, counts
/// as missing.
///
/// Why: the guidance is to name one skill gap with a learning path ("master Kafka within
/// the next 9 months"), so the manager can back it with work and time.
///
/// ```markdown
/// ## Skills
/// - Learn Rust                       <- the agenda fires: no path, no time frame
/// - Deepen Kafka: finish the internals course and own one consumer by March  <- passes
/// ```
///
/// The fix appends a skills section skeleton (or an item to the skills section).
pub struct MissingSkillGap {
    model: WordingModel<'static>,
    words: &'static SkillWords,
}

impl RuleDef for MissingSkillGap {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "missing-skill-gap",
        summary: "No item names one skill to deepen with a learning path (a step or resource and a time frame)",
        default_severity: Severity::Info,
        fix: FixAvailability::Always,
        doc: include_str!("../../rules/missing-skill-gap.md"),
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

/// The prompt of the skeleton item.
const PROMPT: &str = "<one skill to deepen, with a course, book or project and a deadline, e.g. master Kafka: finish the internals course and own one consumer by March>";

impl Rule for MissingSkillGap {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
        // Skills items and every unit of a skills section. Learning paths written under
        // other headings are not looked for: writers almost never put them there, and
        // reading other sections' items as skills mistook project work for learning
        // (see `tests/labelled/README.md`).
        // A section without sub-headings has its items as both entries and units: each
        // is read once.
        let mut ranges: Vec<(usize, usize)> = agenda
            .entries_of(SectionKind::Skills)
            .map(|e| (e.blocks.start, e.blocks.end))
            .chain(
                agenda
                    .units()
                    .into_iter()
                    .filter(|u| agenda.kind_of(u.section) == SectionKind::Skills)
                    .map(|u| (u.blocks.start, u.blocks.end)),
            )
            .collect();
        ranges.sort_unstable();
        ranges.dedup();
        let words = self.words;
        let found = ranges.into_iter().map(|(start, end)| start..end).any(|range| {
            // What the scorer reads, no more: a megabyte-long item costs no more
            // than an ordinary one.
            let (text, _) = wording::unit_text(agenda.blocks(range.clone()));
            // A learning path has a time frame: a unit without one is none, whatever
            // the scorer makes of the rest.
            if !time_bound::has_time_bound(&text) {
                return false;
            }
            // The guidance's own form ("master Kafka within the next 9 months") is one.
            if words.is_mastery_goal(&text) {
                return true;
            }
            // Nor is a unit that reads as a generic skill wish.
            let read = Unit::read(&self.model, agenda, SectionKind::Skills, range.clone());
            read.fires(&self.model, Scorer::LearningPath)
                && !super::generic_skill_wish::reads_as_generic_wish(
                    &self.model,
                    agenda.blocks(range),
                    &read,
                )
        });
        // A skills item still holding its prompt is a skill gap being prepared: the
        // prompt itself is flagged by `generic-skill-wish` and `no-time-bound`.
        let prompted = agenda.entries_of(SectionKind::Skills).any(|e| {
            agenda
                .blocks(e.blocks.clone())
                .iter()
                .any(|b| b.placeholder)
        });
        if found || prompted {
            return;
        }
        let help = "Name one skill gap with a learning path, e.g. \"master Kafka: finish the internals course and own one consumer by March\"";
        let (span, edit) = skeleton::add_prompt(agenda, SectionKind::Skills, PROMPT);
        out.push(
            super::diagnostic::<Self>(span, "No skill gap with a learning path", help)
                .with_optional_fix(edit.map(|e| Fix::unsafe_edits(vec![e]))),
        );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_and_passes() {
        super::super::assert_table(
            "missing-skill-gap",
            &[
                "## Skills\n- Learn Rust\n",
                "## Career\n- By Q3 lead the Payments migration\n",
            ],
            &[
                "## Skills\n- Deepen Kafka: finish the internals course and own one consumer by March\n",
                "## Skills\n- Learn Kafka internals by tuning our consumer lag alerts, by March\n",
                "## Skills\n- <one skill to deepen, with a course and a deadline>\n",
            ],
        );
    }
}
