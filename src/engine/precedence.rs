//! One finding per problem: the post-passes that drop findings another finding already
//! covers, run on one agenda's findings after every rule has run and before inline
//! control.
//!
//! Rules stay independent (each reports what it sees); which of two findings on the
//! same problem is kept is decided here, in one table.

use crate::diagnostic::{Diagnostic, Span};
use crate::model::{Agenda, FrontMatterState};

/// Pairs of rules that fire together on one problem: when a finding of the first
/// overlaps a finding of the second, only the second, more specific one is kept.
///
/// - A career item with neither a time frame nor a first step is a vague aspiration;
///   that it has no time frame is part of that.
/// - A skills item that names no specific skill is a generic wish; that it has no time
///   frame is part of that.
/// - A project whose lesson is still a template prompt (or whose heading is one) lacks
///   a lesson because the prompt is not filled in: the prompt is the finding.
/// - A template prompt is not the writer's words: what its example text would earn
///   from a wording rule (no time frame, no metric, a vague aspiration...) is not a
///   finding; that it is not filled in is.
pub const PRECEDENCE: [(&str, &str); 10] = [
    ("no-time-bound", "vague-aspiration"),
    ("no-time-bound", "generic-skill-wish"),
    ("project-missing-lesson", "unfilled-prompt"),
    ("vague-aspiration", "unfilled-prompt"),
    ("generic-skill-wish", "unfilled-prompt"),
    ("no-time-bound", "unfilled-prompt"),
    ("missing-metric", "unfilled-prompt"),
    ("complaint-phrasing", "unfilled-prompt"),
    ("vague-feedback-request", "unfilled-prompt"),
    ("promotion-ask", "unfilled-prompt"),
];

/// Drops each finding that a more specific finding on an overlapping span covers (see
/// [`PRECEDENCE`]). The kept finding keeps its own rule and severity.
pub fn keep_most_specific(out: &mut Vec<Diagnostic>) {
    if out.len() < 2 {
        return;
    }
    // The spans of each pair's specific findings, indexed once, when the pair's general
    // rule has a finding at all: each general finding then costs a binary search, not
    // a walk over every finding (a long career section has tens of thousands of both).
    let specifics: Vec<Option<SpanIndex>> = PRECEDENCE
        .iter()
        .map(|(general, specific)| {
            out.iter()
                .any(|d| d.rule == *general)
                .then(|| SpanIndex::new(out.iter().filter(|d| d.rule == *specific).map(|d| d.span)))
        })
        .collect();
    let covered: Vec<bool> = out
        .iter()
        .map(|d| {
            PRECEDENCE
                .iter()
                .zip(&specifics)
                .any(|((general, _), index)| {
                    d.rule == *general && index.as_ref().is_some_and(|i| i.overlaps(d.span))
                })
        })
        .collect();
    let mut index = 0;
    out.retain(|_| {
        index += 1;
        !covered[index - 1]
    });
}

/// Spans sorted by start, with the furthest end reached up to each: whether one of them
/// overlaps a span (as [`Span::overlaps`] says) is a binary search.
struct SpanIndex {
    sorted: Vec<Span>,
    furthest_end: Vec<usize>,
}

impl SpanIndex {
    fn new(spans: impl Iterator<Item = Span>) -> Self {
        let mut sorted: Vec<Span> = spans.collect();
        sorted.sort_unstable();
        let mut furthest = 0;
        let furthest_end = sorted
            .iter()
            .map(|s| {
                furthest = furthest.max(s.end);
                furthest
            })
            .collect();
        Self {
            sorted,
            furthest_end,
        }
    }

    fn overlaps(&self, span: Span) -> bool {
        // One that starts before `span` ends and ends after it starts...
        let before = self.sorted.partition_point(|s| s.start < span.end);
        before
            .checked_sub(1)
            .is_some_and(|last| self.furthest_end[last] > span.start)
            // ...or the very same span (two empty spans at one place).
            || self.sorted.binary_search(&span).is_ok()
    }
}

/// Rules whose findings stand on a file with nothing in its body: they are about the
/// front matter, or say the agenda is empty.
const ABOUT_AN_EMPTY_FILE: [&str; 4] = [
    "empty-agenda",
    "front-matter-missing",
    "front-matter-invalid",
    "front-matter-field",
];

/// Findings about a file that is not an agenda's body say one thing:
///
/// - an empty body (an empty file, or front matter only) is reported by
///   `empty-agenda` (and front matter problems, if any), not by every rule that misses
///   its section; an empty file is not also missing its front matter;
/// - a file with no front matter that does not look like an agenda (a README or a
///   journal entry named on the command line; see [`Agenda::looks_like_an_agenda`])
///   gets `front-matter-missing` and nothing else (unless that rule is off: then the
///   file is judged as it is).
pub fn narrow_to_the_document(agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
    if out.is_empty() {
        return;
    }
    if agenda.body_is_empty() {
        let empty = out.iter().any(|d| d.rule == "empty-agenda");
        out.retain(|d| {
            ABOUT_AN_EMPTY_FILE.contains(&d.rule.as_ref())
                && !(empty && d.rule == "front-matter-missing")
        });
    } else if matches!(agenda.front_matter, FrontMatterState::Missing)
        && !agenda.looks_like_an_agenda()
        && out.iter().any(|d| d.rule == "front-matter-missing")
    {
        out.retain(|d| d.rule == "front-matter-missing");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn finding(rule: &'static str, start: usize, end: usize) -> Diagnostic {
        Diagnostic::new(rule, Severity::Warning, Span::new(start, end), "m", "h")
    }

    fn rules(out: &[Diagnostic]) -> Vec<&str> {
        out.iter().map(|d| d.rule.as_ref()).collect()
    }

    #[test]
    fn the_specific_finding_covers_the_general_one_on_the_same_span() {
        let mut out = vec![
            finding("no-time-bound", 10, 20),
            finding("vague-aspiration", 10, 20),
            finding("no-time-bound", 30, 40),
            finding("generic-skill-wish", 35, 50),
            finding("no-time-bound", 60, 70),
            finding("project-missing-lesson", 80, 90),
            finding("unfilled-prompt", 84, 90),
        ];
        keep_most_specific(&mut out);
        assert_eq!(
            rules(&out),
            [
                "vague-aspiration",
                "generic-skill-wish",
                "no-time-bound",
                "unfilled-prompt"
            ]
        );
    }

    #[test]
    fn findings_elsewhere_are_kept() {
        let mut out = vec![
            finding("no-time-bound", 10, 20),
            finding("vague-aspiration", 21, 30),
            finding("unfilled-prompt", 40, 50),
            finding("project-missing-lesson", 0, 5),
        ];
        keep_most_specific(&mut out);
        assert_eq!(out.len(), 4);
    }

    #[test]
    fn overlap_is_found_past_shorter_spans_and_on_equal_empty_ones() {
        let mut out = vec![
            finding("vague-aspiration", 0, 100),
            finding("vague-aspiration", 10, 12),
            finding("no-time-bound", 50, 60),
            finding("generic-skill-wish", 200, 200),
            finding("no-time-bound", 200, 200),
            finding("no-time-bound", 100, 110),
        ];
        keep_most_specific(&mut out);
        assert_eq!(
            rules(&out),
            [
                "vague-aspiration",
                "vague-aspiration",
                "generic-skill-wish",
                "no-time-bound"
            ]
        );
    }
}
