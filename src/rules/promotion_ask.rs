//! `promotion-ask`: a direct ask about promotion, title, level or raise.

use std::ops::Range;

use serde::Deserialize;

use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::detect::{PhraseList, PhraseSet};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Agenda, Block};

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
    topics: PhraseList,
    personal: PhraseList,
    ladder: PhraseList,
    asks: PhraseSet,
    roadmap: PhraseSet,
    about_others: PhraseSet,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    topics: Vec<String>,
    personal: Vec<String>,
    ladder: Vec<String>,
    asks: Vec<String>,
    roadmap: Vec<String>,
    about_others: Vec<String>,
    neutral: Vec<String>,
}

/// A topic bullet this short ("promo timeline", "raise pls") is an ask by itself.
const SHORT_TOPIC_WORDS: usize = 7;

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

    fn build(_: &LevelOnly, _: &BuildContext<'_>) -> Self {
        let data: Data = serde_yaml::from_str(include_str!("../../rules/promotion-ask.yaml"))
            .expect("embedded rule data is checked by a test");
        Self {
            topics: PhraseList::new(&data.topics, &data.neutral),
            personal: PhraseList::new(&data.personal, &data.neutral),
            ladder: PhraseList::new(&data.ladder, &data.neutral),
            asks: PhraseSet::new(&data.asks),
            roadmap: PhraseSet::new(&data.roadmap),
            about_others: PhraseSet::new(&data.about_others),
        }
    }
}

/// Whether the match at `range` follows a possessive ("Jin's promotion"): someone
/// else's.
fn after_possessive(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].trim_end();
    before.ends_with("'s") || before.ends_with("’s") || before.ends_with("s'")
}

/// Whether `text` speaks in the first person singular.
fn first_person(text: &str) -> bool {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .any(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "i" | "i'm"
                    | "i’m"
                    | "im"
                    | "i've"
                    | "i’ve"
                    | "i'd"
                    | "i’d"
                    | "me"
                    | "my"
                    | "mine"
                    | "myself"
            )
        })
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

/// What a block mentions, from the most to the least telling list.
enum Subject {
    /// A `topics` phrase: promotion, salary, a title change.
    Topic(Range<usize>),
    /// A `personal` phrase: "promoted", "level up", "a raise".
    Personal(Range<usize>),
    /// A `ladder` phrase: "senior", "staff", "L5", a title.
    Ladder(Range<usize>),
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
            let blocks = agenda.blocks(unit.blocks);
            // The subject of each block first: almost no unit mentions promotion, title,
            // level or pay, and the ask is only looked for in those that do.
            let subjects: Vec<Option<Subject>> = blocks
                .iter()
                .map(|block| {
                    if let Some(range) = self.subject(&self.topics, block) {
                        Some(Subject::Topic(range))
                    } else if let Some(range) = self.subject(&self.personal, block) {
                        Some(Subject::Personal(range))
                    } else {
                        self.subject(&self.ladder, block).map(Subject::Ladder)
                    }
                })
                .collect();
            if subjects.iter().all(Option::is_none) {
                continue;
            }
            let whole: String = blocks
                .iter()
                .map(|b| b.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let asks = self.asks.find_all(&whole);
            let explicit_ask = asks.iter().any(|a| &whole[a.clone()] != "?");
            // A roadmap answers an implied ask, not an explicit one ("what's blocking
            // my promotion?").
            if !explicit_ask && self.roadmap.is_match(&whole) {
                continue;
            }
            let question = whole.contains('?');
            let speaks_for_self = first_person(&whole);
            let short = whole.split_whitespace().count() <= SHORT_TOPIC_WORDS;
            let asked = explicit_ask || question || speaks_for_self;
            let found = blocks
                .iter()
                .zip(subjects)
                .enumerate()
                .find_map(|(index, (block, subject))| match subject? {
                    Subject::Topic(range) => {
                        // "Salary bump — it's been two years": a topic that leads the item.
                        let leading = index == 0
                            && block.text[..range.start].split_whitespace().count() <= 1;
                        (asked || short || leading).then_some((block, range))
                    }
                    Subject::Personal(range) => asked.then_some((block, range)),
                    Subject::Ladder(range) => {
                        (explicit_ask || (question && speaks_for_self)).then_some((block, range))
                    }
                });
            let Some((block, subject)) = found else {
                continue;
            };
            out.push(super::diagnostic::<Self>(
                block.source_span(subject),
                "Direct ask about promotion, title, level or pay",
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
                "- Promo timeline\n",
                "- What's blocking my promotion? I want to deliver more\n",
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
