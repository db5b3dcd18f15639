//! `vague-feedback-request`: a generic request for feedback.

use serde::Deserialize;

use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::detect::PhraseSet;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Agenda;
use crate::wording::{Scorer, Unit, WordingModel};

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
    model: WordingModel<'static>,
    requests: PhraseSet,
    self_questions: Option<crate::detect::phrases::Patterns>,
    targets: PhraseSet,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'static"))]
struct Data {
    requests: Vec<&'static str>,
    self_questions: Vec<String>,
    /// What a request may name to assess (also a word class of the wording scorers,
    /// `crate::wording::features`).
    targets: Vec<&'static str>,
    // A word class of the wording scorers, not read here.
    #[allow(dead_code)]
    elsewhere: Vec<&'static str>,
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

    fn build(_: &LevelOnly, context: &BuildContext<'_>) -> Self {
        let data: Data =
            crate::rules::data::embedded(include_str!("../../rules/vague-feedback-request.yaml"));
        Self {
            model: context.wording(),
            requests: PhraseSet::builtin(&data.requests),
            self_questions: crate::detect::phrases::compile_patterns(&data.self_questions),
            targets: PhraseSet::builtin(&data.targets),
        }
    }
}

impl VagueFeedbackRequest {
    /// Whether the block names what to assess as the object of its request: a target
    /// word right after "on", "with", "at" or "about" (and "my", "the", "our", "this").
    fn scoped(&self, block: &crate::model::Block) -> bool {
        self.targets.find_all(&block.text).iter().any(|range| {
            if block.in_code(range) {
                return false;
            }
            let mut before = block.text[..range.start]
                .split(|c: char| !c.is_alphanumeric())
                .rev()
                .filter(|w| !w.is_empty());
            let is = |word: Option<&str>, words: &[&str]| {
                word.is_some_and(|w| words.iter().any(|x| w.eq_ignore_ascii_case(x)))
            };
            let prepositions = ["on", "with", "at", "about"];
            let mut word = before.next();
            if is(word, &["my", "the", "our", "this"]) {
                word = before.next();
            }
            is(word, &prepositions)
        })
    }
}

impl Rule for VagueFeedbackRequest {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
        for unit in agenda.units() {
            let kind = agenda.kind_of(unit.section);
            let read = Unit::read(&self.model, agenda, kind, unit.blocks.clone());
            let blocks = agenda.blocks(unit.blocks);
            // One finding per problem: a question about one's own promotion or pay is a
            // promotion ask, reported by `promotion-ask`.
            if !read.fires(&self.model, Scorer::VagueFeedbackRequest)
                || read.fires(&self.model, Scorer::PromotionAsk)
            {
                continue;
            }
            // A request scoped to what to assess ("am I doing OK on estimation?") is
            // targeted, whatever the scorer says.
            if blocks.iter().any(|block| self.scoped(block)) {
                continue;
            }
            // Point at the request when a list knows its words, else at the words the
            // scorer weighed most.
            let request = blocks.iter().find_map(|block| {
                let questions = self
                    .self_questions
                    .iter()
                    .flat_map(|re| re.find_iter(&block.text));
                self.requests
                    .find_all(&block.text)
                    .into_iter()
                    .chain(questions)
                    .find(|r| !block.in_code(r))
                    .map(|r| block.source_span(r))
            });
            let (span, words) = read.evidence(&self.model, Scorer::VagueFeedbackRequest);
            out.push(super::diagnostic::<Self>(
                request.unwrap_or(span),
                if words.is_empty() {
                    "Generic feedback request".to_string()
                } else {
                    format!("Generic feedback request ({words})")
                },
                "Ask for a targeted assessment, e.g. \"how can I improve my architecture design skills — was the queue RFC's trade-off section convincing?\"",
            ));
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
                // Scoped to a target: "on estimation", "on my mentoring".
                "- Am I doing OK on estimation? Two of my last three tickets slipped\n",
                "- Any feedback on my mentoring so far?\n",
            ],
        );
    }
}
