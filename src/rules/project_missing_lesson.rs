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
                // A lesson line left as a template prompt ("Lesson learned: <...>"): the
                // finding is that prompt (and `unfilled-prompt`, on the same line, is
                // the one the engine keeps).
                let prompt = agenda.blocks(project.blocks.clone()).iter().find(|b| {
                    b.placeholder && !self.words.find_all(agenda.text(b.span)).is_empty()
                });
                out.push(super::diagnostic::<Self>(
                    prompt.map_or(project.head, |b| b.span),
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
    fn a_lesson_prompt_is_where_the_finding_points() {
        let text = "## Projects\n### Search\n- Decision: BM25\n- Lesson learned: <what you would do differently>\n";
        let found = super::super::findings("project-missing-lesson", text, "");
        let source = format!("---\ndate: 2026-11-23\nwith: Alex Kim\n---\n{text}");
        assert_eq!(found.len(), 1);
        let span = found[0].span;
        assert!(
            source[span.start..span.end].starts_with("Lesson learned: <"),
            "{:?}",
            &source[span.start..span.end]
        );
    }

    #[test]
    fn fires_and_passes() {
        super::super::assert_table(
            "project-missing-lesson",
            &[
                "## Projects\n### Search\n- Shipped BM25 ranking, CTR +12%\n",
                "## Projects\n### Lessons service\n- shipped the API\n",
                "## Projects\n### ML\n- tuned the learning rate; next time we meet, demo\n",
                "## Projects\n### Search\n- Decision: BM25\n- Lesson learned: <what you would do differently>\n",
            ],
            &[
                "## Projects\n### Search\n- shipped\n  - lesson: label a test set first\n",
                "## Projects\n- Kafka upgrade\n  - If I did it again I would upgrade the clients first\n",
            ],
        );
    }
}
