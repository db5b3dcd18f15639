//! `promotion-ask`: a direct ask about promotion, title, level or raise.

use std::ops::Range;

use serde::Deserialize;

use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::detect::{PhraseList, PhraseSet};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Agenda, Block, SectionKind};
use crate::wording::{Scorer, Unit, WordingModel};

/// Checks every item (with its nested items) and paragraph for a direct ask about
/// promotion, title, level or pay — "when can I get promoted?", "am I on track for
/// senior?", "can we talk about a raise" — that outlines no contribution roadmap.
///
/// Why: asking for the promotion puts the manager on the spot; a roadmap of the
/// contributions that lead to it gives them something to agree to and sponsor.
///
/// ```markdown
/// - When can I get promoted?                                              <- fires
/// - Roadmap to senior: take on 2 high-visibility projects in the next 12 weeks <- passes
/// ```
pub struct PromotionAsk {
    model: WordingModel<'static>,
    topics: PhraseList,
    personal: PhraseList,
    ladder: PhraseList,
    about_others: PhraseSet,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'static"))]
struct Data {
    topics: Vec<&'static str>,
    personal: Vec<&'static str>,
    ladder: Vec<&'static str>,
    // Word classes of the wording scorers (`crate::wording::features`), not read here.
    #[allow(dead_code)]
    asks: Vec<&'static str>,
    #[allow(dead_code)]
    roadmap: Vec<&'static str>,
    about_others: Vec<&'static str>,
    neutral: Vec<&'static str>,
}

impl RuleDef for PromotionAsk {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "promotion-ask",
        summary: "A direct ask about promotion, title, level or raise",
        default_severity: Severity::Warning,
        fix: FixAvailability::Never,
        doc: include_str!("../../rules/promotion-ask.md"),
        options: &[],
    };

    fn build(_: &LevelOnly, context: &BuildContext<'_>) -> Self {
        let data: Data = crate::rules::data::embedded(include_str!("../../rules/promotion-ask.yaml"));
        Self {
            model: context.wording(),
            topics: PhraseList::builtin(&data.topics, &data.neutral),
            personal: PhraseList::builtin(&data.personal, &data.neutral),
            ladder: PhraseList::builtin(&data.ladder, &data.neutral),
            about_others: PhraseSet::builtin(&data.about_others),
        }
    }
}

/// Whether the match at `range` follows a possessive ("Jin's promotion"): someone
/// else's.
fn after_possessive(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].trim_end();
    before.ends_with("'s") || before.ends_with("’s") || before.ends_with("s'")
}

impl PromotionAsk {
    fn subject(&self, list: &PhraseList, block: &Block) -> Option<Range<usize>> {
        let text = &block.text;
        list.find_all(text).into_iter().find(|r| {
            !after_possessive(text, r)
                && !block.in_code(r)
                && !self.about_others.is_match(sentence(text, r))
        })
    }
}

/// The sentence around `range`: from the last `.`, `!`, `?` or `;` before it to the
/// next one after it.
fn sentence<'t>(text: &'t str, range: &Range<usize>) -> &'t str {
    let start = text[..range.start]
        .rfind(['.', '!', '?', ';'])
        .map_or(0, |i| i + 1);
    let end = text[range.end..]
        .find(['.', '!', '?', ';'])
        .map_or(text.len(), |i| range.end + i);
    &text[start..end]
}

impl Rule for PromotionAsk {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
        for unit in agenda.units() {
            let kind = agenda.kind_of(unit.section);
            let blocks = agenda.blocks(unit.blocks.clone());
            // No writer put an ask under a non-technical heading ("## Misc", "## Random"),
            // so the scorer learned that such a heading never holds one: it reads them
            // as a loose heading of no kind, where asks were written.
            let read_as = if kind == SectionKind::NonTechnical {
                SectionKind::Other
            } else {
                kind
            };
            let read = Unit::read(&self.model, agenda, read_as, unit.blocks.clone());
            if !read.fires(&self.model, Scorer::PromotionAsk) {
                continue;
            }
            // One finding per problem: a wish to reach a level some day is a vague
            // aspiration, reported by `vague-aspiration`.
            if kind == SectionKind::Career && read.fires(&self.model, Scorer::VagueAspiration) {
                continue;
            }
            // Point at what it asks about (promotion, pay, a level) when a list knows
            // the word, else at the words the scorer weighed most.
            let subject = blocks.iter().find_map(|block| {
                self.subject(&self.topics, block)
                    .or_else(|| self.subject(&self.personal, block))
                    .or_else(|| self.subject(&self.ladder, block))
                    .map(|range| block.source_span(range))
            });
            let (span, words) = read.evidence(&self.model, Scorer::PromotionAsk);
            out.push(super::diagnostic::<Self>(
                subject.unwrap_or(span),
                if words.is_empty() {
                    "Direct ask about promotion, title, level or pay".to_string()
                } else {
                    format!("Direct ask about promotion, title, level or pay ({words})")
                },
                "Bring the contribution roadmap instead, e.g. \"to reach senior: take on 2 high-visibility projects in the next 12 weeks — which would count most?\"",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_and_passes() {
        super::super::assert_table(
            "promotion-ask",
            &[
                "- When can I get promoted?\n",
                "- what's the raise % going to be this year?\n",
                "- am I on track for promo this cycle?\n",
                "- Can we talk about my promotion? Also kudos to the infra team\n",
            ],
            &[
                "- Promote the canary to prod\n",
                "- Raise the rate limit for partners\n",
                "- Congrats to Jin on the promotion!\n",
                "- Can we drop the `promotion_id` column?\n",
                "- Roadmap to senior: take on 2 high-visibility projects in the next 12 weeks\n",
            ],
        );
    }
}
