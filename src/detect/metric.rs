//! Finds a measurable quantity: a number tied to a measure.
//!
//! The vocabulary is `rules/measures.yaml`. Deadlines and durations found by
//! [`super::time_bound`] are masked first: "in 60 days" is a deadline, not a measure,
//! while "from 5 days to 2" is a measure.

use rustc_hash::FxHashSet;
use std::ops::Range;
use std::sync::OnceLock;

use serde::Deserialize;

use super::lexer::{Kind, Lexed};
use super::time_bound;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MeasuresData {
    units: Vec<String>,
    count_nouns: Vec<String>,
    modifiers: Vec<String>,
    comparators: Vec<String>,
    labels: Vec<String>,
    number_words: Vec<String>,
    measure_verbs: Vec<String>,
}

/// The measure vocabulary, loaded once from `rules/measures.yaml`.
pub struct Measures {
    units: FxHashSet<String>,
    count_nouns: FxHashSet<String>,
    modifiers: FxHashSet<String>,
    comparators: FxHashSet<String>,
    labels: FxHashSet<String>,
    number_words: FxHashSet<String>,
    measure_verbs: FxHashSet<String>,
}

/// The embedded data file.
pub const DATA: &str = include_str!("../../rules/measures.yaml");

/// Words ending in `s` that are not plurals.
const NOT_PLURAL: &[&str] = &[
    "this",
    "was",
    "has",
    "does",
    "its",
    "yes",
    "plus",
    "always",
    "perhaps",
    "across",
    "sometimes",
    "less",
    "unless",
    "whereas",
    "thus",
    "towards",
    "afterwards",
    "besides",
    "series",
    "news",
    "status",
    "analysis",
    "basis",
    "focus",
    "process",
    "access",
    "progress",
    "success",
    "business",
    "address",
    "class",
    "bus",
    "gas",
    "bonus",
    "campus",
    "corpus",
    "canvas",
    "alias",
    "atlas",
    "chaos",
    "ethos",
    "redis",
    "kubernetes",
    "postgres",
    "aws",
    "is",
    "as",
    "us",
    "his",
    "hers",
    "ours",
    "yours",
    "theirs",
    "goes",
    "says",
    "makes",
    "takes",
    "gets",
    "needs",
    "means",
    "lets",
    "keeps",
    "works",
    "runs",
    "helps",
    "wants",
    "looks",
    "feels",
    "seems",
    "ios",
    "macos",
    "graphql",
    "js",
    "nodejs",
    "nextjs",
    "vuejs",
    "css",
    "sass",
    "saas",
    "paas",
    "iaas",
    "dns",
    "https",
    "cors",
    "ses",
    "sqs",
    "sns",
    "eks",
    "ecs",
    "gcs",
    "nfs",
    "ks",
    "it's",
    "that's",
    "what's",
    "let's",
    "there's",
    "here's",
    "who's",
    "he's",
    "she's",
];

/// Words that end the search for the noun a number counts.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "to", "by", "in", "for", "of", "on", "at", "from", "with", "w", "and", "or",
    "per", "than", "into", "over", "under", "within", "is", "are", "was", "were", "be", "been",
    "it", "this", "that", "these", "those", "as", "so", "but", "if", "then", "vs", "via", "after",
    "before", "until", "till", "by", "next", "last", "each", "every", "ago", "i", "we", "you",
    "they", "he", "she", "me", "us", "them", "my", "our", "your", "their",
];

impl Measures {
    /// The shared instance.
    pub fn get() -> &'static Measures {
        static MEASURES: OnceLock<Measures> = OnceLock::new();
        MEASURES.get_or_init(|| {
            let data: MeasuresData = crate::rules::data::embedded(DATA);
            let set = |list: Vec<String>| list.into_iter().collect::<FxHashSet<_>>();
            Measures {
                units: set(data.units),
                count_nouns: set(data.count_nouns),
                modifiers: set(data.modifiers),
                comparators: set(data.comparators),
                labels: set(data.labels),
                number_words: set(data.number_words),
                measure_verbs: set(data.measure_verbs),
            }
        })
    }
}

/// Whether `text` holds a measurable quantity (deadlines and a trailing time box aside).
pub fn has_metric(text: &str) -> bool {
    let lexed = Lexed::new(text);
    let masked = time_bound::find(&lexed);
    find(&lexed, &masked).is_some()
}

/// Whether the text states a deadline or duration, and whether it states a measurable
/// quantity: [`time_bound::has_time_bound`] and [`has_metric`] at the cost of one of
/// them (the text is lexed once and its time bounds found once).
pub fn time_bound_and_metric(text: &str) -> (bool, bool) {
    let lexed = Lexed::new(text);
    let bounds = time_bound::find(&lexed);
    (!bounds.is_empty(), find(&lexed, &bounds).is_some())
}

/// The first measurable quantity in the text outside `masked` ranges.
pub fn find(lexed: &Lexed, masked: &[Range<usize>]) -> Option<Range<usize>> {
    let scan = Scan {
        lexed,
        m: Measures::get(),
        masked,
    };
    (0..lexed.len()).find_map(|i| scan.metric_at(i))
}

/// Every measurable quantity in the text outside `masked` ranges, in order, none
/// overlapping the one before.
pub fn find_all(lexed: &Lexed, masked: &[Range<usize>]) -> Vec<Range<usize>> {
    let scan = Scan {
        lexed,
        m: Measures::get(),
        masked,
    };
    let mut found: Vec<Range<usize>> = Vec::new();
    for i in 0..lexed.len() {
        if let Some(hit) = scan.metric_at(i) {
            if found.last().is_none_or(|last| last.end <= hit.start) {
                found.push(hit);
            }
        }
    }
    found
}

struct Scan<'a, 't> {
    lexed: &'a Lexed<'t>,
    m: &'a Measures,
    masked: &'a [Range<usize>],
}

impl Scan<'_, '_> {
    fn is_masked(&self, i: usize) -> bool {
        self.lexed.tokens.get(i).is_some_and(|t| {
            self.masked
                .iter()
                .any(|r| r.start <= t.range.start && t.range.end <= r.end)
        })
    }

    fn word(&self, i: usize) -> &str {
        self.lexed.word(i)
    }

    fn metric_at(&self, i: usize) -> Option<Range<usize>> {
        if self.is_masked(i) {
            return None;
        }
        let hit = match self.lexed.kind(i)? {
            Kind::NumberUnit { .. } => self.number_with_unit(i),
            Kind::Number(_) => self.number(i),
            Kind::Fraction => self.fraction(i),
            Kind::Word => self.number_word(i),
            Kind::Symbol('$' | '€' | '£' | '¥') => matches!(
                self.lexed.kind(i + 1),
                Some(Kind::Number(_) | Kind::NumberUnit { .. })
            )
            .then_some(i + 1),
            _ => None,
        }?;
        Some(self.lexed.range(i.min(hit), i.max(hit)))
    }

    fn is_plural_noun(&self, j: usize) -> bool {
        let word = self.word(j);
        if !matches!(self.lexed.kind(j), Some(Kind::Word | Kind::Ident)) || self.is_masked(j) {
            return false;
        }
        if self.m.count_nouns.contains(word) || self.m.units.contains(word) {
            return true;
        }
        let singular = word.strip_suffix('s').unwrap_or("");
        (word.ends_with('s')
            && !word.ends_with("ss")
            && word.len() >= 3
            && !NOT_PLURAL.contains(&word))
            && (word.len() >= 4 || self.m.count_nouns.contains(singular))
            || matches!(
                word,
                "people" | "children" | "men" | "women" | "data" | "criteria" | "ppl" | "folks"
            )
    }

    /// A count noun after the number, with up to two modifiers between (`2 additional
    /// projects`, `3 PR reviews`, `5 flaky e2e tests`).
    fn counted_noun_after(&self, i: usize) -> Option<usize> {
        for j in i + 1..i + 4 {
            if self.is_plural_noun(j) {
                return Some(j);
            }
            let word = self.word(j);
            // Adjectives and compound nouns may stand between: "5 biggest partner APIs",
            // "14 remaining cron jobs"; function words may not ("3 and ...", "2 to ...").
            let skippable = self.m.modifiers.contains(word)
                || matches!(self.lexed.kind(j), Some(Kind::Ident))
                || (matches!(self.lexed.kind(j), Some(Kind::Word))
                    && !FUNCTION_WORDS.contains(&word)
                    && !self.is_masked(j));
            if !skippable {
                return None;
            }
        }
        None
    }

    fn rate_after(&self, i: usize) -> bool {
        (self.lexed.is_symbol(i + 1, '/') && matches!(self.lexed.kind(i + 2), Some(Kind::Word)))
            || self.lexed.is_word(i + 1, &["per"])
    }

    fn unit_after(&self, i: usize) -> Option<usize> {
        let j = i + 1;
        if self.is_masked(j) {
            return None;
        }
        if self.lexed.is_symbol(j, '%') {
            return Some(j);
        }
        let word = self.word(j);
        (matches!(self.lexed.kind(j), Some(Kind::Word)) && self.m.units.contains(word)).then_some(j)
    }

    /// A number used as a name: `sprint 42`, `Python 3.12`, `#482`, `Node 20 → 22`.
    fn is_label(&self, i: usize) -> bool {
        let Some(p) = i.checked_sub(1) else {
            return false;
        };
        if self.lexed.is_symbol(p, '#') {
            return true;
        }
        let prev = self.word(p);
        if matches!(self.lexed.kind(p), Some(Kind::Word | Kind::Ident))
            && self.m.labels.contains(prev)
        {
            return true;
        }
        if matches!(self.lexed.kind(p), Some(Kind::Version)) {
            return true;
        }
        // `Postgres 13 → 16`: the number after an arrow from a label is a label too.
        if (self.lexed.is_symbol(p, '→') || self.lexed.is_word(p, &["to"]))
            && p > 0
            && matches!(
                self.lexed.kind(p - 1),
                Some(Kind::Number(_) | Kind::Version)
            )
            && (matches!(self.lexed.kind(p - 1), Some(Kind::Version)) || self.is_label(p - 1))
        {
            return true;
        }
        // `1.29 → 1.30`: dotted numbers on both sides of an arrow are versions.
        if (self.lexed.is_symbol(p, '→') || self.lexed.is_word(p, &["to"]))
            && p > 0
            && is_dotted(self.lexed.word(p - 1))
            && is_dotted(self.lexed.word(i))
            && self.unit_after(i).is_none()
        {
            return true;
        }
        if is_dotted(self.lexed.word(i))
            && (self.lexed.is_symbol(i + 1, '→') || self.lexed.is_word(i + 1, &["to"]))
            && is_dotted(self.lexed.word(i + 2))
        {
            return true;
        }
        // A capitalised product name mid-sentence (`Terraform 1.6`, `Elastic 8`).
        matches!(self.lexed.kind(p), Some(Kind::Word))
            && self.lexed.is_capitalized(p)
            && p > 0
            && !self.m.comparators.contains(prev)
            && matches!(self.lexed.kind(i), Some(Kind::Number(v)) if v.fract() != 0.0 || self.unit_after(i).is_none())
    }

    fn comparator_before(&self, i: usize) -> bool {
        let Some(mut p) = i.checked_sub(1) else {
            return false;
        };
        while self.lexed.is_word(p, &["the", "a", "just", "only"]) && p > 0 {
            p -= 1;
        }
        let word = self.word(p);
        let symbol = matches!(self.lexed.kind(p), Some(Kind::Symbol(c)) if matches!(c, '<' | '>' | '≤' | '≥' | '~' | '=' | '≈' | '→'));
        symbol
            || (matches!(self.lexed.kind(p), Some(Kind::Word | Kind::Ident))
                && self.m.comparators.contains(word))
            || matches!(word, "p50" | "p90" | "p95" | "p99" | "p999" | "p75")
    }

    fn number(&self, i: usize) -> Option<usize> {
        let value = self.lexed.number(i)?;
        if self.is_label(i) {
            return None;
        }
        if let Some(j) = self.unit_after(i) {
            // "the outage from 2 weeks ago" points at the past, not at a measure.
            return (!self.lexed.is_word(j + 1, &["ago"])).then_some(j);
        }
        if self.lexed.is_symbol(i + 1, '+') {
            return Some(i + 1);
        }
        if let Some(j) = self.counted_noun_after(i) {
            return Some(j);
        }
        if self.rate_after(i) {
            return Some(i + 2);
        }
        let year_like = value.fract() == 0.0 && (1990.0..2100.0).contains(&value);
        if year_like {
            return None;
        }
        if self.lexed.is_word(i + 1, &["x", "times"]) {
            return Some(i + 1);
        }
        if matches!(
            self.lexed.kind(i.wrapping_sub(1)),
            Some(Kind::Symbol('$' | '€' | '£' | '¥'))
        ) {
            return Some(i);
        }
        self.comparator_before(i).then_some(i)
    }

    fn number_with_unit(&self, i: usize) -> Option<usize> {
        let unit = self.lexed.unit(i);
        if matches!(unit, "st" | "nd" | "rd" | "th") || self.is_label(i) {
            return None;
        }
        if self.m.units.contains(unit) {
            return Some(i);
        }
        // Glued plural counts: `3prs`, `5tickets`; a hyphenated count: `3-person team`.
        let plural = unit.len() > 2 && unit.ends_with('s') && !unit.ends_with("ss");
        (plural || self.m.count_nouns.contains(unit)).then_some(i)
    }

    fn fraction(&self, i: usize) -> Option<usize> {
        let text = self.word(i);
        if text == "24/7" {
            return None;
        }
        (self.comparator_before(i) || self.lexed.is_word(i + 1, &["of"])).then_some(i)
    }

    fn number_word(&self, i: usize) -> Option<usize> {
        let word = self.word(i);
        if self.m.measure_verbs.contains(word) {
            return Some(i);
        }
        if let Some(rest) = word.strip_prefix("zero-") {
            return (!rest.is_empty()).then_some(i);
        }
        if word == "half" {
            return (self.lexed.is_word(i.wrapping_sub(1), &["in", "by", "cut"])
                || self.lexed.is_word(i + 1, &["the", "of"]))
            .then_some(i);
        }
        if word == "zero" {
            return matches!(self.lexed.kind(i + 1), Some(Kind::Word | Kind::Ident))
                .then_some(i + 1);
        }
        if !self.m.number_words.contains(word) {
            return None;
        }
        if self.lexed.is_word(i + 1, &["percent", "pct"]) {
            return Some(i + 1);
        }
        self.counted_noun_after(i).or_else(|| self.unit_after(i))
    }
}

fn is_dotted(word: &str) -> bool {
    word.contains('.') && word.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_are_found() {
        for text in [
            "reduce average bug resolution time by 30% in 60 days",
            "2x faster builds",
            "p99 under 200 ms",
            "cut build from 20 to 10 minutes",
            "3 PRs a week",
            "take on 2 additional projects",
            "save $5k a month",
            "halve the flaky tests",
            "zero pages at night",
            "cut reruns to 5",
            "p99 < 200",
            "10+ customers",
            "drop CI time to 8min",
            "two more engineers",
            "cut lead time from 5 days to 2",
            "99.9% uptime",
            "Add contract tests for our 5 biggest partner APIs",
            "Migrate the 14 remaining cron jobs to Airflow",
            "new hire ships first PR in ≤3 days",
            "time to first merged PR <=2 days, by Sep 30",
            "deletion SLA 30d → 7d, design by Sep 11",
            "a 2-day turnaround on reviews",
            "restore inside the 4h RTO",
            "first response within 1 business day, live by Feb 16",
            "sev1 action items closed in 30 days, starting Nov 1",
        ] {
            assert!(has_metric(text), "should be a metric: {text}");
            assert!(time_bound_and_metric(text).1, "{text}");
        }
    }

    #[test]
    fn names_versions_and_deadlines_are_not() {
        for text in [
            "Upgrade to Python 3.12 within 2 sprints",
            "move the API to v2",
            "close JIRA-1234",
            "adopt k8s by Q3",
            "enforce 2FA",
            "prep for the 1:1",
            "triage P1 incidents",
            "finish by 2027-03-31",
            "in 60 days",
            "sprint 42 retro",
            "Flaky test budget (5 min)",
            "fix #482",
            "Postgres 13 → 16",
            "k8s 1.29 → 1.30 upgrade",
            "Improve CI reliability by Q3",
            "by the 15th",
            "24/7 coverage",
            "S3 lifecycle rules",
            "EC2 to Graviton",
            "OAuth2 flow",
            "Write a k8s upgrade playbook for 1.29 → 1.30",
            "pin Terraform to 1.9.x",
            "Follow-up on the outage from 2 weeks ago",
            "ship the pilot within 2 weeks",
            "pilot in 2 weeks",
        ] {
            let lexed = Lexed::new(text);
            let mut masked = time_bound::find(&lexed);
            if let Some(found) = crate::model::timebox::find(text) {
                masked.push(found.text_start..text.len());
            }
            assert!(
                find(&lexed, &masked).is_none(),
                "should not be a metric: {text}"
            );
        }
    }

    #[test]
    fn data_file_parses() {
        assert!(Measures::get().units.contains("ms"));
    }
}
