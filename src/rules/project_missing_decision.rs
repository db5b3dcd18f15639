//! `project-missing-decision`: a project that says nothing of the decisions or
//! trade-offs behind it.

use serde::Deserialize;

use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::detect::PhraseList;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Agenda, SectionKind};

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListData {
    pub phrases: Vec<String>,
    #[serde(default)]
    pub patterns: Vec<String>,
    #[serde(default)]
    pub except: Vec<String>,
}

impl ListData {
    pub(crate) fn compile(text: &str) -> PhraseList {
        let data: ListData = serde_yaml::from_str(text).expect("embedded rule data is checked by a test");
        PhraseList::new(&data.phrases, &data.except).with_patterns(&data.patterns)
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
    };

    fn build(_: &LevelOnly, _: &BuildContext<'_>) -> Self {
        Self {
            words: ListData::compile(include_str!("../../rules/project-missing-decision.yaml")),
        }
    }
}

impl Rule for ProjectMissingDecision {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
        for project in agenda.entries_of(SectionKind::Projects) {
            let blocks = agenda.blocks(project.blocks.clone());
            if !blocks.iter().any(|b| self.words.is_match(&b.text)) {
                out.push(super::diagnostic::<Self>(
                    project.head,
                    "Project states no architectural decision or trade-off",
                    "Say what you chose and why, e.g. \"chose an event queue over polling: absorbs spikes at the cost of one more service\"",
                ));
            }
        }
    }
}
