//! `complaint-phrasing`: grievance wording about workload, people or process, with no
//! proposal beside it.

use std::ops::Range;

use serde::Deserialize;

use super::{BuildContext, FixAvailability, HasLevel, OptionDoc, Rule, RuleDef, RuleMeta};
use crate::detect::PhraseSet;
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::model::{Agenda, Block};
use crate::wording::{Scorer, Unit, WordingModel};

/// Checks every list item (with its nested items) and paragraph for grievance phrasing
/// — "swamped with on-call again", "too many meetings", "nobody reviews my PRs", "it's
/// unfair that…" — that comes with no proposal.
///
/// Why: complaints put the manager on the defensive and end the topic; a proposal with
/// a metric starts work on it.
///
/// ```markdown
/// - Too many meetings this sprint                                            <- fires
/// - Propose a meeting-free Wednesday to cut meeting load by 20% this quarter <- passes
/// ```
pub struct ComplaintPhrasing {
    model: WordingModel<'static>,
    /// The user's `extra_phrases`: always a grievance.
    extra: PhraseSet,
    /// The user's `allow_phrases`: never read as words.
    user_allowed: PhraseSet,
    /// The built-in grievance phrases (the user's are `extra`).
    phrases: PhraseSet,
    patterns: Option<crate::detect::phrases::Patterns>,
    /// The built-in exceptions (the user's are `user_allowed`).
    allowed: PhraseSet,
    proposals: PhraseSet,
    weak_proposals: PhraseSet,
}

/// Options of `complaint-phrasing`.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "ComplaintPhrasingOptions")]
pub struct Options {
    /// Severity override.
    #[serde(default, deserialize_with = "super::deserialize_level")]
    pub level: Option<Severity>,
    /// More grievance phrases to flag (whole words, case-insensitive, `*` for any ending).
    #[serde(default)]
    pub extra_phrases: Vec<String>,
    /// Phrases never to flag, even when they contain a grievance phrase ("fire drill").
    #[serde(default)]
    pub allow_phrases: Vec<String>,
}

impl HasLevel for Options {
    fn level(&self) -> Option<Severity> {
        self.level
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'static"))]
struct Data {
    phrases: Vec<&'static str>,
    patterns: Vec<String>,
    except: Vec<&'static str>,
    proposal_markers: Vec<&'static str>,
    weak_proposal_markers: Vec<&'static str>,
}

/// How far after a proposal word (in bytes) a grievance makes it no proposal.
const PROPOSAL_REACH: usize = 40;

/// The embedded data file.
pub const DATA: &str = include_str!("../../rules/complaint-phrasing.yaml");

impl RuleDef for ComplaintPhrasing {
    type Options = Options;

    const META: RuleMeta = RuleMeta {
        id: "complaint-phrasing",
        summary: "Grievance phrasing about workload, people or process with no proposal",
        default_severity: Severity::Warning,
        fix: FixAvailability::Never,
        doc: include_str!("../../rules/complaint-phrasing.md"),
        options: &[
            OptionDoc {
                name: "extra_phrases",
                default: "[]",
                doc: "more grievance phrases to flag (whole words; `*` matches any ending)",
            },
            OptionDoc {
                name: "allow_phrases",
                default: "[]",
                doc: "phrases never flagged, even when they hold a grievance phrase",
            },
        ],
    };

    fn build(options: &Options, context: &BuildContext<'_>) -> Self {
        let data: Data = crate::rules::data::embedded(DATA);
        Self {
            model: context.wording(),
            extra: PhraseSet::new(&options.extra_phrases),
            user_allowed: PhraseSet::new(&options.allow_phrases),
            phrases: PhraseSet::builtin(&data.phrases),
            patterns: crate::detect::phrases::compile_patterns(&data.patterns),
            allowed: PhraseSet::builtin(&data.except),
            proposals: PhraseSet::builtin(&data.proposal_markers),
            weak_proposals: PhraseSet::builtin(&data.weak_proposal_markers),
        }
    }
}

impl ComplaintPhrasing {
    /// Every grievance in `text` that no allowed phrase overlaps and that is not inside
    /// inline code (`code` ranges), sorted by start.
    fn grievances(&self, text: &str, code: &[Range<usize>]) -> Vec<Range<usize>> {
        let mut found: Vec<Range<usize>> = self
            .phrases
            .find_all(text)
            .into_iter()
            .chain(self.extra.find_all(text))
            .chain(
                self.patterns
                    .iter()
                    .flat_map(|re| re.find_iter(text)),
            )
            .collect();
        if found.is_empty() {
            return found;
        }
        let mut allowed = self.allowed.find_all(text);
        allowed.extend(self.user_allowed.find_all(text));
        let overlaps = |a: &Range<usize>, r: &Range<usize>| a.start < r.end && r.start < a.end;
        found.retain(|r| !allowed.iter().chain(code).any(|a| overlaps(a, r)));
        found.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        found
    }

    /// The first grievance in `text`, for tests.
    #[cfg(test)]
    fn grievance(&self, text: &str) -> Option<Range<usize>> {
        self.grievances(text, &[]).into_iter().next()
    }

    /// Whether `text` proposes something. A weak proposal word right before a grievance
    /// ("→ nothing changes", "I'll be honest: I'm burned out") does not count.
    fn proposes(&self, text: &str, grievances: &[Range<usize>]) -> bool {
        self.proposals.is_match(text)
            || self.weak_proposals.find_all(text).iter().any(|p| {
                !grievances
                    .iter()
                    .any(|g| g.start >= p.end && g.start <= p.end + PROPOSAL_REACH)
            })
    }
}

impl Rule for ComplaintPhrasing {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
        // Headings are checked against their whole section by the phrase lists: a
        // proposal under "## Too many meetings" answers it.
        for section in &agenda.sections {
            let blocks = agenda.blocks(section.block..section.block + 1);
            let Some((block, range)) = self.first_grievance(blocks) else {
                continue;
            };
            if !self.any_proposes(agenda.blocks(section.blocks.clone())) {
                out.push(finding(block.source_span(range.clone()), &block.text[range]));
            }
        }
        // Items and paragraphs: the learned scorer, with the user's own phrases first.
        for unit in agenda.units() {
            let blocks = agenda.blocks(unit.blocks.clone());
            if let Some((block, range)) = self.user_grievance(blocks) {
                let grievances = self.grievances(&block.text, &block.code);
                if !blocks.iter().any(|b| self.proposes(&b.text, &grievances)) {
                    out.push(finding(block.source_span(range.clone()), &block.text[range]));
                }
                continue;
            }
            let kind = agenda.kind_of(unit.section);
            let read = Unit::read_masked(&self.model, agenda, kind, unit.blocks.clone(), |t| {
                self.user_allowed.find_all(t)
            });
            if !read.fires(&self.model, Scorer::ComplaintPhrasing) {
                self.check_nested(agenda, &unit, kind, out);
                continue;
            }
            self.report(&read, blocks, out);
        }
    }
}

/// The help of every finding.
const HELP: &str = "Reframe it as an initiative with a metric, e.g. \"propose a meeting-free Wednesday to cut meeting load by 20% this quarter\"";

/// A finding quoting a grievance phrase.
fn finding(span: Span, phrase: &str) -> Diagnostic {
    super::diagnostic::<ComplaintPhrasing>(
        span,
        format!(
            "Complaint with no proposal: \"{}\"",
            crate::brief::clip(phrase)
        ),
        HELP,
    )
}

impl ComplaintPhrasing {
    /// A task item's own line is a to-do; its sub-items are the notes about it. A
    /// grievance there ("- [ ] refund question / - finance keeps ignoring us") weighs
    /// little in the whole item, so each child of a top-level task item is read on its
    /// own too, and fires when the item proposes nothing. (Read for every item, children
    /// out of their context gained as many false alarms as grievances across the
    /// writers, left out one at a time; for task items they change nothing there.)
    fn check_nested(
        &self,
        agenda: &Agenda<'_>,
        unit: &crate::model::Unit,
        kind: crate::model::SectionKind,
        out: &mut Vec<Diagnostic>,
    ) {
        let Some(top) = unit.item else {
            return;
        };
        if agenda.items[top].checked.is_none() {
            return;
        }
        let fired = agenda.items[top + 1..]
            .iter()
            .take_while(|item| item.blocks.start < unit.blocks.end)
            .filter(|item| item.parent == Some(top))
            .find_map(|child| {
                let read = Unit::read_masked(&self.model, agenda, kind, child.blocks.clone(), |t| {
                    self.user_allowed.find_all(t)
                });
                read.fires(&self.model, Scorer::ComplaintPhrasing)
                    .then_some((child, read))
            });
        if let Some((child, read)) = fired
            && !self.any_proposes(agenda.blocks(unit.blocks.clone()))
        {
            self.report(&read, agenda.blocks(child.blocks.clone()), out);
        }
    }

    /// Reports a unit the scorer read as a grievance: at a known grievance phrase when
    /// its blocks hold one, else at the words the scorer weighed most.
    fn report(&self, read: &Unit<'_>, blocks: &[Block], out: &mut Vec<Diagnostic>) {
        if let Some((block, range)) = self.first_grievance(blocks) {
            out.push(finding(block.source_span(range.clone()), &block.text[range]));
            return;
        }
        let (span, words) = read.evidence(&self.model, Scorer::ComplaintPhrasing);
        out.push(super::diagnostic::<Self>(
            span,
            if words.is_empty() {
                "Complaint with no proposal".to_string()
            } else {
                format!("Complaint with no proposal: reads as a grievance ({words})")
            },
            HELP,
        ));
    }

    /// The first grievance phrase of the rule's list in `blocks`, with its block.
    fn first_grievance<'b>(&self, blocks: &'b [Block<'b>]) -> Option<(&'b Block<'b>, Range<usize>)> {
        blocks.iter().find_map(|block| {
            let first = self.grievances(&block.text, &block.code).first().cloned();
            first.map(|r| (block, r))
        })
    }

    /// Whether any of `blocks` proposes something.
    fn any_proposes(&self, blocks: &[Block]) -> bool {
        blocks.iter().any(|b| {
            let grievances = self.grievances(&b.text, &b.code);
            self.proposes(&b.text, &grievances)
        })
    }

    /// The first of the user's own grievance phrases in `blocks`, outside inline code
    /// and allowed phrases.
    fn user_grievance<'b>(&self, blocks: &'b [Block<'b>]) -> Option<(&'b Block<'b>, Range<usize>)> {
        if self.extra.is_empty() {
            return None;
        }
        blocks.iter().find_map(|block| {
            let allowed = self.user_allowed.find_all(&block.text);
            let overlaps = |a: &Range<usize>, r: &Range<usize>| a.start < r.end && r.start < a.end;
            self.extra
                .find_all(&block.text)
                .into_iter()
                .find(|r| !allowed.iter().chain(&block.code).any(|a| overlaps(a, r)))
                .map(|r| (block, r))
        })
    }
}


#[cfg(test)]
mod tests {
    use super::*;

    fn rule() -> ComplaintPhrasing {
        ComplaintPhrasing::build(&Options::default(), &BuildContext::default())
    }

    #[test]
    fn grievances_fire() {
        let rule = rule();
        for text in [
            "swamped with on-call again",
            "too many meetings",
            "nobody reviews my PRs",
            "it's unfair that I always get the pager",
            "PM keeps changing reqs",
            "sick of firefighting",
        ] {
            assert!(rule.grievance(text).is_some(), "should fire: {text}");
        }
    }

    #[test]
    fn neutral_mentions_do_not() {
        let rule = rule();
        for text in [
            "review on-call rotation schedule",
            "meeting cadence for Q1 planning",
            "discuss reviewer assignment for the payments repo",
        ] {
            assert!(rule.grievance(text).is_none(), "should not fire: {text}");
        }
    }

    #[test]
    fn proposals_are_recognised() {
        let rule = rule();
        assert!(
            rule.proposals.is_match(
                "Propose a meeting-free Wednesday to cut meeting load by 20% this quarter"
            )
        );
    }

    #[test]
    fn everyday_engineering_wording_is_not_a_grievance() {
        let rule = rule();
        for text in [
            "Use git blame on the retry code",
            "Discuss the worst case for Black Friday capacity",
            "Handle endless retries in the refunds consumer",
            "The keys keep getting rotated by the vault job",
            "runbooks next to the alert rules instead of a wiki page nobody updates",
            "Why do we have two retry libraries?",
        ] {
            assert!(rule.grievance(text).is_none(), "should not fire: {text}");
        }
    }

    #[test]
    fn a_proposal_word_before_a_grievance_is_no_proposal() {
        let rule = rule();
        for text in [
            "Swamped with on-call again → nothing changes",
            "I'll be honest: I'm burned out",
        ] {
            let found = rule.grievances(text, &[]);
            assert!(!found.is_empty());
            assert!(!rule.proposes(text, &found), "{text}");
        }
        let text = "too many meetings -> propose a meeting-free Wednesday";
        assert!(rule.proposes(text, &rule.grievances(text, &[])));
    }

    #[test]
    fn allow_phrases_win() {
        let options = Options {
            allow_phrases: vec!["hate mail".to_string()],
            extra_phrases: vec!["on fire".to_string()],
            ..Options::default()
        };
        let rule = ComplaintPhrasing::build(&options, &BuildContext::default());
        assert!(rule.grievance("triage the hate mail filter").is_none());
        assert!(rule.grievance("prod is on fire").is_some());
    }
}
