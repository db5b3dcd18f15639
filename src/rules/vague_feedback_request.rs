//! `vague-feedback-request`: a generic request for feedback.

use serde::Deserialize;

use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::detect::PhraseSet;
use crate::detect::skills::SkillWords;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Agenda;

/// Checks every item and paragraph for a generic feedback request — "any feedback?",
/// "how am I doing?", "anything I should improve?" — that names no skill or piece of
/// work to assess.
///
/// Why: "any feedback?" invites "you're doing great"; a targeted question gets an
/// assessment you can act on.
///
/// ```markdown
/// - Any feedback?                                                      <- fires
/// - Feedback on how I ran Tuesday's incident review: was the timeline clear?  <- passes
/// ```
pub struct VagueFeedbackRequest {
    requests: PhraseSet,
    self_questions: Option<regex::Regex>,
    targets: PhraseSet,
    elsewhere: PhraseSet,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    requests: Vec<String>,
    self_questions: Vec<String>,
    targets: Vec<String>,
    elsewhere: Vec<String>,
}

impl RuleDef for VagueFeedbackRequest {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "vague-feedback-request",
        summary: "A generic feedback request (\"any feedback?\")",
        default_severity: Severity::Warning,
        fix: FixAvailability::Never,
        doc: include_str!("../../rules/vague-feedback-request.md"),
        options: &[],
    };

    fn build(_: &LevelOnly, _: &BuildContext<'_>) -> Self {
        let data: Data =
            serde_yaml::from_str(include_str!("../../rules/vague-feedback-request.yaml"))
                .expect("embedded rule data is checked by a test");
        Self {
            requests: PhraseSet::new(&data.requests),
            self_questions: crate::detect::phrases::compile_patterns(&data.self_questions),
            targets: PhraseSet::new(&data.targets),
            elsewhere: PhraseSet::new(&data.elsewhere),
        }
    }
}

impl Rule for VagueFeedbackRequest {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
        for unit in agenda.units() {
            let blocks = agenda.blocks(unit.blocks);
            // Requests inside inline code (`POST /feedback`) are names, not requests.
            let found = blocks.iter().find_map(|block| {
                let in_code = |r: &std::ops::Range<usize>| {
                    block
                        .code
                        .iter()
                        .any(|c| c.start < r.end && r.start < c.end)
                };
                let questions = self
                    .self_questions
                    .iter()
                    .flat_map(|re| re.find_iter(&block.text).map(|m| m.range()));
                self.requests
                    .find_all(&block.text)
                    .into_iter()
                    .chain(questions)
                    .find(|r| !in_code(r))
                    .map(|request| (block, request))
            });
            let Some((block, request)) = found else {
                continue;
            };
            let words = SkillWords::get();
            let targeted = blocks.iter().any(|b| {
                self.targets.is_match(&b.text)
                    || self.elsewhere.is_match(&b.text)
                    || words.names_technology(&b.text)
            });
            if !targeted {
                out.push(super::diagnostic::<Self>(
                    block.source_span(request),
                    "Generic feedback request",
                    "Ask for a targeted assessment, e.g. \"how can I improve my architecture design skills — was the queue RFC's trade-off section convincing?\"",
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
            "vague-feedback-request",
            &[
                "- Any feedback?\n",
                "- How am I doing? FYI I'm OOO next week\n",
                "- Any feedback before my PTO?\n",
            ],
            &[
                "- Feedback on how I ran the incident review on Tuesday: was the timeline clear?\n",
                "- Collect feedback from beta users\n",
                "- `POST /feedback` returns 500\n",
                "- How can I improve my architecture design skills?\n",
            ],
        );
    }
}
