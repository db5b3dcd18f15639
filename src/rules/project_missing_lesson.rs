//! `project-missing-lesson`: a project that states no lesson learned.

use super::project_missing_decision::{ListData, states};
use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::detect::PhraseList;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Agenda, SectionKind};

/// Checks that every project states a lesson learned somewhere in its subtree:
/// "learned", "lesson", "next time", "would do differently", "root cause", "5 whys",
/// "takeaway", "in hindsight", "should have".
///
/// Why: the guidance is to bring the lessons, not only the outcomes; they show judgement
/// and feed the next project.
///
/// ```markdown
/// ### Search relevance
/// - Shipped BM25 ranking, CTR +12%          <- fires: no lesson
/// - Lesson: label a test set before tuning  <- passes
/// ```
pub struct ProjectMissingLesson {
    words: PhraseList,
}

impl RuleDef for ProjectMissingLesson {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "project-missing-lesson",
        summary: "A project states no lesson learned",
        default_severity: Severity::Warning,
        fix: FixAvailability::Never,
        doc: include_str!("../../rules/project-missing-lesson.md"),
        options: &[],
    };

    fn build(_: &LevelOnly, _: &BuildContext<'_>) -> Self {
        Self {
            words: ListData::compile(WORDS),
        }
    }
}

/// The lesson wording (`rules/project-missing-lesson.yaml`).
pub(crate) const WORDS: &str = include_str!("../../rules/project-missing-lesson.yaml");

impl Rule for ProjectMissingLesson {
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
                    "Project states no lesson learned",
                    "Add what you would do differently, e.g. \"lesson: load-test the consumer before the cut-over; root cause of the outage was an unbounded retry\"",
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
            "project-missing-lesson",
            &[
                "## Projects\n### Search\n- Shipped BM25 ranking, CTR +12%\n",
                "## Projects\n### Lessons service\n- shipped the API\n",
                "## Projects\n### ML\n- tuned the learning rate; next time we meet, demo\n",
            ],
            &[
                "## Projects\n### Search\n- shipped\n  - lesson: label a test set first\n",
                "## Projects\n- Kafka upgrade\n  - If I did it again I would upgrade the clients first\n",
            ],
        );
    }
}
