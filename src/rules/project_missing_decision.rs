//! `project-missing-decision`: a project that says nothing of the decisions or
//! trade-offs behind it.

use serde::Deserialize;

use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::detect::PhraseList;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Agenda, Block, BlockKind, Entry, EntryOrigin, SectionKind};

/// Checks that every project (a sub-heading of a projects section, or a top-level item
/// when it has none) states an architectural decision or trade-off somewhere in its
/// subtree: "decided", "chose X over Y", "instead of", "trade-off", "because", design or
/// architecture wording.
///
/// Why: a deep dive is about the reasoning, not only the outcome; the decisions are what
/// a manager can vouch for.
///
/// ```markdown
/// ### Checkout rewrite
/// - Shipped to 100% on Oct 3                <- fires: outcome only
/// - Moved to an event queue instead of polling: spikes no longer drop orders  <- passes
/// ```
pub struct ProjectMissingDecision {
    words: PhraseList,
}

/// A phrase list file: `phrases`, optional `patterns` and `except`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'static"))]
pub(crate) struct ListData {
    pub phrases: Vec<&'static str>,
    #[serde(default)]
    pub patterns: Vec<String>,
    #[serde(default)]
    pub except: Vec<&'static str>,
}

impl ListData {
    pub(crate) fn compile(text: &'static str) -> PhraseList {
        let data: ListData =
            crate::rules::data::embedded(text);
        PhraseList::builtin(&data.phrases, &data.except).with_patterns(&data.patterns)
    }
}

impl RuleDef for ProjectMissingDecision {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "project-missing-decision",
        summary: "A project says nothing of the architectural decisions or trade-offs behind it",
        default_severity: Severity::Warning,
        fix: FixAvailability::Never,
        doc: include_str!("../../rules/project-missing-decision.md"),
        options: &[],
    };

    fn build(_: &LevelOnly, _: &BuildContext<'_>) -> Self {
        Self {
            words: ListData::compile(WORDS),
        }
    }
}

/// The decision and trade-off wording (`rules/project-missing-decision.yaml`).
pub(crate) const WORDS: &str = include_str!("../../rules/project-missing-decision.yaml");

/// Whether `block`, one of `project`'s blocks, states one of `words` (a decision, or a
/// lesson). A sub-heading names the project: a lone keyword there is part of a name
/// ("### Decision log service"), a phrase is a statement ("### Postgres over
/// Redis"). Inline code is an identifier.
pub(crate) fn states(words: &PhraseList, project: &Entry, block: &Block) -> bool {
    let naming =
        matches!(project.origin, EntryOrigin::Heading(_)) && block.kind == BlockKind::Heading;
    words
        .find_all(&block.text)
        .iter()
        .any(|m| !block.in_code(m) && (!naming || block.text[m.clone()].contains(' ')))
}

impl Rule for ProjectMissingDecision {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
        for project in agenda.entries_of(SectionKind::Projects) {
            if agenda.is_prompt(project.blocks.clone()) {
                continue;
            }
            let states = agenda
                .blocks(project.blocks.clone())
                .iter()
                .any(|b| states(&self.words, project, b));
            if !states {
                out.push(super::diagnostic::<Self>(
                    project.head,
                    "Project states no architectural decision or trade-off",
                    "Say what you chose and why, e.g. \"chose an event queue over polling: absorbs spikes at the cost of one more service\"",
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
            "project-missing-decision",
            &[
                "## Projects\n### Checkout rewrite\n- Shipped to 100% on Oct 3\n- Lesson: load-test first\n",
                "## Projects\n### Decision log service\n- shipped v2\n",
                "## Projects\n- Billing\n  - slipped two weeks because of the holiday code freeze\n",
            ],
            &[
                "## Projects\n### Checkout\n- shipped\n  - moved to an event queue instead of polling\n",
                "## Projects\n- Idempotency keys in PG, not redis: need them durable for 30d\n",
                "## Projects\n### Cache\n- Docusaurus over Confluence — docs live next to code\n",
            ],
        );
    }
}
