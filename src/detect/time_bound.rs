//! Finds explicit deadlines and durations in a piece of text.
//!
//! The vocabulary is `rules/time-words.yaml`; the logic is here, over the tokens of
//! [`Lexed`], so that context decides: "by Q3" is a deadline, "Q3 planning" a topic; "in a
//! week" a duration, "3 PRs a week" a rate; "in 6 weeks" a deadline, "from 5 days to 2" a
//! measure.

use rustc_hash::{FxHashMap, FxHashSet};
use std::ops::Range;
use std::sync::OnceLock;

use serde::Deserialize;

use super::lexer::{Kind, Lexed};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TimeWordsData {
    months: Vec<String>,
    months_in_context: Vec<String>,
    weekdays: Vec<String>,
    weekdays_in_context: Vec<String>,
    standalone: Vec<String>,
    periods: Vec<String>,
    duration_units: FxHashMap<String, Vec<String>>,
    number_words: FxHashMap<String, u32>,
    deadline_words: Vec<String>,
    measure_words: Vec<String>,
    past_or_cadence: Vec<String>,
    period_topics: Vec<String>,
    service_levels: Vec<String>,
}

/// The time vocabulary, loaded once from `rules/time-words.yaml`.
pub struct TimeWords {
    months: FxHashSet<String>,
    months_in_context: FxHashSet<String>,
    weekdays: FxHashSet<String>,
    weekdays_in_context: FxHashSet<String>,
    standalone: FxHashSet<String>,
    /// Every word of `months`, `months_in_context`, `weekdays`, `weekdays_in_context`
    /// and `standalone`: most words are none of them, told by one look-up.
    named: FxHashSet<String>,
    periods: FxHashSet<String>,
    /// Unit spelling → unit name (`wks` → `week`).
    units: FxHashMap<String, String>,
    number_words: FxHashMap<String, u32>,
    deadline_words: FxHashSet<String>,
    measure_words: FxHashSet<String>,
    past_or_cadence: FxHashSet<String>,
    period_topics: FxHashSet<String>,
    service_levels: FxHashSet<String>,
}

/// The embedded data file, for tests and docs.
pub const DATA: &str = include_str!("../../rules/time-words.yaml");

/// Prepositions that make almost anything after them a deadline.
const STRONG_DEADLINE: &[&str] = &[
    "by",
    "before",
    "until",
    "till",
    "til",
    "due",
    "eta",
    "deadline",
    "target",
    "targeting",
    "thru",
    "through",
    "latest",
    "ahead",
    "prior",
];

/// Compact units that also mean minutes, hours or millions: a duration only after `in`,
/// `within`, `for`, `next` or `over`.
const AMBIGUOUS_UNITS: &[&str] = &["m", "h", "hr", "hrs", "hour", "hours", "q", "w", "y"];

impl TimeWords {
    /// The shared instance.
    pub fn get() -> &'static TimeWords {
        static WORDS: OnceLock<TimeWords> = OnceLock::new();
        WORDS.get_or_init(|| {
            let data: TimeWordsData = crate::rules::data::embedded(DATA);
            let set = |list: Vec<String>| list.into_iter().collect::<FxHashSet<_>>();
            let mut units = FxHashMap::default();
            for (unit, spellings) in data.duration_units {
                for spelling in spellings {
                    units.insert(spelling, unit.clone());
                }
            }
            let named = data
                .months
                .iter()
                .chain(&data.months_in_context)
                .chain(&data.weekdays)
                .chain(&data.weekdays_in_context)
                .chain(&data.standalone)
                .cloned()
                .collect();
            TimeWords {
                named,
                months: set(data.months),
                months_in_context: set(data.months_in_context),
                weekdays: set(data.weekdays),
                weekdays_in_context: set(data.weekdays_in_context),
                standalone: set(data.standalone),
                periods: set(data.periods),
                units,
                number_words: data.number_words,
                deadline_words: set(data.deadline_words),
                measure_words: set(data.measure_words),
                past_or_cadence: set(data.past_or_cadence),
                period_topics: set(data.period_topics),
                service_levels: set(data.service_levels),
            }
        })
    }
}

/// Whether `word` (lowercase) names a month, a weekday or a period: such words are
/// capitalised for being names of time, not of technologies.
pub fn is_time_word(word: &str) -> bool {
    let w = TimeWords::get();
    w.months.contains(word)
        || w.months_in_context.contains(word)
        || w.weekdays.contains(word)
        || w.weekdays_in_context.contains(word)
        || w.standalone.contains(word)
        || w.periods.contains(word)
}

/// Whether `text` states an explicit deadline or duration.
pub fn has_time_bound(text: &str) -> bool {
    !find(&Lexed::new(text)).is_empty()
}

/// Words that open a deadline (`by Feb 16`, `starting Jun 1`), read before a bound or as
/// its first word.
const DEADLINE_OPENERS: &[&str] = &["by", "before", "until", "starting", "from"];

/// Every deadline or duration in the text, as byte ranges.
///
/// A window (`within 1 business day`, `in 30 days`) in a text that has a deadline of its
/// own besides is left out: in "first response within 1 business day, live by Feb 16"
/// the deadline is Feb 16, and the window says how fast, a measure.
pub fn find(lexed: &Lexed) -> Vec<Range<usize>> {
    let words = TimeWords::get();
    let scan = Scan { lexed, words };
    let mut found = Vec::new();
    let mut i = 0;
    while i < lexed.len() {
        if let Some((start, end)) = scan.bound_at(i) {
            found.push((start, end));
            i = end + 1;
        } else {
            i += 1;
        }
    }
    let opens_deadline = |&(start, _): &(usize, usize)| {
        lexed.is_word(start, DEADLINE_OPENERS)
            || (start > 0 && lexed.is_word(start - 1, DEADLINE_OPENERS))
    };
    if found.iter().any(opens_deadline) {
        found.retain(|&(start, _)| {
            let window = start > 0
                && lexed.is_word(start - 1, &["within", "in"])
                && matches!(
                    lexed.kind(start),
                    Some(Kind::Number(_) | Kind::NumberUnit { .. })
                );
            !window
        });
    }
    found
        .into_iter()
        .map(|(start, end)| lexed.range(start, end))
        .collect()
}

struct Scan<'a, 't> {
    lexed: &'a Lexed<'t>,
    words: &'a TimeWords,
}

impl Scan<'_, '_> {
    fn word(&self, i: usize) -> &str {
        self.lexed.word(i)
    }

    fn is_word(&self, i: usize) -> bool {
        matches!(self.lexed.kind(i), Some(Kind::Word))
    }

    /// The word before `i`, skipping `the`.
    fn prev_word(&self, i: usize) -> Option<usize> {
        let mut j = i.checked_sub(1)?;
        while self.lexed.is_word(j, &["the", "a", "an"]) || self.lexed.is_symbol(j, '~') {
            j = j.checked_sub(1)?;
        }
        Some(j)
    }

    fn prev_in(&self, i: usize, set: &FxHashSet<String>) -> bool {
        self.prev_word(i)
            .is_some_and(|p| set.contains(self.word(p)))
    }

    fn prev_is(&self, i: usize, words: &[&str]) -> bool {
        self.prev_word(i)
            .is_some_and(|p| words.contains(&self.word(p)))
    }

    fn is_past(&self, i: usize) -> bool {
        self.prev_in(i, &self.words.past_or_cadence)
            || self
                .prev_word(i)
                .and_then(|p| self.prev_word(p))
                .is_some_and(|pp| {
                    self.words.past_or_cadence.contains(self.word(pp))
                        && !self.lexed.is_word(pp, &["per"])
                })
                && self.prev_is(i, &["few", "couple", "2", "3"])
    }

    /// A bound starting at (or anchored on) token `i`: its first and last token.
    fn bound_at(&self, i: usize) -> Option<(usize, usize)> {
        match self.lexed.kind(i)? {
            Kind::Date => (!self.prev_is(i, &["since"])).then_some((i, i)),
            Kind::Ident => self.period_ident(i),
            Kind::Word => self
                .named_day_or_month(i)
                .or_else(|| self.season(i))
                .or_else(|| self.relative_period(i))
                .or_else(|| self.numbered_period(i))
                .or_else(|| self.word_duration(i)),
            Kind::Number(_) => self
                .number_duration(i)
                .or_else(|| self.year(i))
                .or_else(|| self.dotted_date(i)),
            Kind::NumberUnit { .. } => self.compact_duration(i).or_else(|| self.ordinal_day(i)),
            Kind::Fraction => self.prev_is(i, STRONG_DEADLINE).then_some((i, i)),
            _ => None,
        }
    }

    /// `Q3`, `H2`, `FY27`, `Q3'27`, `FY27Q1`, `mid-q3`: a deadline unless named as a topic.
    fn period_ident(&self, i: usize) -> Option<(usize, usize)> {
        let word = self.word(i);
        let core = word
            .rsplit('-')
            .find(|part| is_period_ident(part))
            .or_else(|| is_period_ident(word).then_some(word))?;
        let _ = core;
        if self.prev_in(i, &self.words.past_or_cadence) {
            return None;
        }
        let mut end = i;
        // `Q3 2027`, `Q3 '27`
        if matches!(self.lexed.kind(i + 1), Some(Kind::Number(v)) if (2000.0..2100.0).contains(&v))
        {
            end = i + 1;
        }
        let topic_follows = self.words.period_topics.contains(self.word(end + 1))
            || (self.lexed.is_symbol(end + 1, '\'') && self.word(end + 2) == "s");
        if topic_follows && !self.prev_is(i, STRONG_DEADLINE) {
            return None;
        }
        Some((i, end))
    }

    fn named_day_or_month(&self, i: usize) -> Option<(usize, usize)> {
        let word = self.word(i);
        let w = self.words;
        // Only a named day or month, "today", "tonight" or a hyphenated moment can be
        // one; the rest of the checks read the words around it.
        if !w.named.contains(word) && word != "today" && word != "tonight" && !word.contains('-') {
            return None;
        }
        let day_number = |j: usize| match self.lexed.kind(j) {
            Some(Kind::Number(v)) => (1.0..=31.0).contains(&v) || (2000.0..2100.0).contains(&v),
            Some(Kind::NumberUnit { value, .. }) => {
                (1.0..=31.0).contains(&value)
                    && matches!(self.lexed.unit(j), "st" | "nd" | "rd" | "th")
            }
            _ => false,
        };
        let after_deadline = self.prev_in(i, &w.deadline_words);
        let past = self.prev_is(i, &["since", "last", "every", "past", "previous"]);
        if w.standalone.contains(word) {
            return (!past).then_some((i, i));
        }
        if word == "today" || word == "tonight" {
            return self.prev_is(i, STRONG_DEADLINE).then_some((i, i));
        }
        let is_month = |j: usize| {
            w.months.contains(self.word(j)) || w.months_in_context.contains(self.word(j))
        };
        // "Jan–Mar", "Jan to Mar": a range of months.
        let month_range = (is_month(i + 2)
            && (self.lexed.is_symbol(i + 1, '–')
                || self.lexed.is_symbol(i + 1, '-')
                || self.lexed.is_word(i + 1, &["to", "through", "thru"])))
            || (i >= 2
                && is_month(i - 2)
                && (self.lexed.is_symbol(i - 1, '–')
                    || self.lexed.is_symbol(i - 1, '-')
                    || self.lexed.is_word(i - 1, &["to", "through", "thru"])));
        let month = w.months.contains(word)
            || (w.months_in_context.contains(word)
                && (after_deadline
                    || month_range
                    || day_number(i + 1)
                    || (i > 0 && day_number(i - 1))
                    || (word == "may" && self.lexed.is_capitalized(i) && i > 0)));
        if month && !past {
            let end = if day_number(i + 1) { i + 1 } else { i };
            let end = if day_number(end + 1) && end > i {
                end + 1
            } else {
                end
            };
            return Some((i, end));
        }
        let weekday = w.weekdays.contains(word)
            || (w.weekdays_in_context.contains(word) && self.prev_is(i, STRONG_DEADLINE));
        if weekday && !past {
            return Some((i, i));
        }
        // mid-march, end-of-quarter, early-2027
        if word.contains('-') {
            let mut parts = word.split('-');
            let first = parts.next().unwrap_or("");
            let last = word.rsplit('-').next().unwrap_or("");
            let named = w.months.contains(last)
                || w.months_in_context.contains(last)
                || w.weekdays.contains(last);
            // "mid-March" is a date, "mid-sprint" only a moment; "end-of-sprint" is a date.
            if (matches!(first, "mid" | "early" | "late" | "end") && named)
                || (first == "end" && w.periods.contains(last))
            {
                return Some((i, i));
            }
            // "by mid-year", "at year-end": a moment of the year after a deadline word.
            let moment = (first == "mid" && matches!(last, "year" | "quarter" | "month"))
                || (matches!(first, "year" | "quarter" | "month") && last == "end");
            if moment && (after_deadline || self.prev_is(i, &["at", "this", "next"])) && !past {
                return Some((i, i));
            }
        }
        None
    }

    /// `this quarter`, `next sprint`, `end of (the) month`, `end of Q3`, `end of 2027`.
    fn relative_period(&self, i: usize) -> Option<(usize, usize)> {
        let word = self.word(i);
        let w = self.words;
        let period_at = |j: usize| {
            let text = self.word(j);
            let base = text
                .strip_suffix("'s")
                .or_else(|| text.strip_suffix("’s"))
                .unwrap_or(text);
            (self.is_word(j) && w.periods.contains(base))
                || w.months.contains(base)
                || w.months_in_context.contains(base)
                || matches!(self.lexed.kind(j), Some(Kind::Ident)) && is_period_ident(text)
                || matches!(self.lexed.kind(j), Some(Kind::Number(v)) if (2000.0..2100.0).contains(&v))
        };
        match word {
            "this" | "next" | "coming" | "following" | "upcoming" => {
                if self.prev_is(i, &["every", "each"]) {
                    return None;
                }
                let j = if self.lexed.is_word(i + 1, &["few", "couple"]) {
                    return None;
                } else {
                    i + 1
                };
                (period_at(j) && self.is_word(j)).then_some((i, j))
            }
            // "within the month", "by the end…" is handled below
            "within" | "in" | "by" | "during" | "before" if self.lexed.is_word(i + 1, &["the"]) => {
                let j = i + 2;
                let period = self.word(j);
                // Not "in the sprint 42 retro" (a meeting) nor "by the end of" (below).
                let named = matches!(self.lexed.kind(j + 1), Some(Kind::Number(_)))
                    || w.period_topics.contains(self.word(j + 1))
                    || self.lexed.is_word(j + 1, &["of"]);
                (self.is_word(j) && w.periods.contains(period) && !named).then_some((i, j))
            }
            "end" | "eo" => {
                let mut j = i + 1;
                if !self.lexed.is_word(j, &["of"]) {
                    return None;
                }
                j += 1;
                while self.lexed.is_word(j, &["the", "this", "next", "current"]) {
                    j += 1;
                }
                period_at(j).then_some((i, j))
            }
            _ => None,
        }
    }

    /// `by sprint 43`, `in wk 48`.
    fn numbered_period(&self, i: usize) -> Option<(usize, usize)> {
        if !self
            .lexed
            .is_word(i, &["sprint", "week", "wk", "iteration", "milestone"])
        {
            return None;
        }
        let numbered = matches!(self.lexed.kind(i + 1), Some(Kind::Number(_)));
        let deadline =
            self.prev_is(i, STRONG_DEADLINE) || self.prev_is(i, &["in", "during", "of", "end"]);
        // "in the sprint 42 retro" names a meeting, not a deadline.
        let topic = self.words.period_topics.contains(self.word(i + 2));
        (numbered && deadline && !topic).then_some((i, i + 1))
    }

    /// `in two weeks`, `within a month`, `a couple of sprints`.
    fn word_duration(&self, i: usize) -> Option<(usize, usize)> {
        let word = self.word(i);
        let article = matches!(word, "a" | "an");
        if !article && !self.words.number_words.contains_key(word) {
            return None;
        }
        if article && !self.prev_is_duration_preposition(i) {
            return None;
        }
        // "one day I want to…" is an idiom for "someday", not a duration.
        if word == "one"
            && self.lexed.is_word(i + 1, &["day"])
            && !self.prev_is_duration_preposition(i)
        {
            return None;
        }
        let mut j = i + 1;
        while self.lexed.is_word(
            j,
            &[
                "couple",
                "of",
                "more",
                "full",
                "business",
                "working",
                "calendar",
                "additional",
                "extra",
            ],
        ) {
            j += 1;
        }
        self.duration_unit_at(i, j, false)
    }

    /// `6 weeks`, `in 3 sprints`, `90 days`.
    fn number_duration(&self, i: usize) -> Option<(usize, usize)> {
        let mut j = i + 1;
        while self.lexed.is_word(
            j,
            &[
                "more",
                "full",
                "business",
                "working",
                "calendar",
                "additional",
                "extra",
            ],
        ) {
            j += 1;
        }
        self.duration_unit_at(i, j, false)
    }

    /// `90d`, `6wks`, `30-day`, `3mo`.
    fn compact_duration(&self, i: usize) -> Option<(usize, usize)> {
        let unit = self.lexed.unit(i);
        if !self.words.units.contains_key(unit) {
            return None;
        }
        if AMBIGUOUS_UNITS.contains(&unit) && !self.prev_is_duration_preposition(i) {
            return None;
        }
        self.accept_duration(i, i)
    }

    /// Checks that the token at `j` is a duration unit for the quantity at `i`.
    fn duration_unit_at(&self, i: usize, j: usize, _compact: bool) -> Option<(usize, usize)> {
        let unit_word = self.word(j);
        let unit_word = unit_word.strip_suffix("'s").unwrap_or(unit_word);
        if !self.is_word(j) || !self.words.units.contains_key(unit_word) || unit_word.len() == 1 {
            return None;
        }
        if AMBIGUOUS_UNITS.contains(&unit_word) && !self.prev_is_duration_preposition(i) {
            return None;
        }
        self.accept_duration(i, j)
    }

    fn prev_is_duration_preposition(&self, i: usize) -> bool {
        self.prev_is(
            i,
            &[
                "in", "within", "for", "next", "over", "inside", "after", "under", "about",
                "around", "approx",
            ],
        ) && !self.prev_is(i, &["under", "about", "around", "approx"])
            || self.prev_is(i, &["next"])
    }

    /// Rejects a quantity+unit that is a measure, a rate or in the past.
    fn accept_duration(&self, i: usize, end: usize) -> Option<(usize, usize)> {
        if self.prev_in(i, &self.words.measure_words)
            || self.prev_is(i, &["by", "per", "each", "every"])
        {
            return None;
        }
        if self.prev_in(i, &self.words.past_or_cadence) || self.is_past(i) {
            return None;
        }
        if self.is_service_level(i, end) {
            return None;
        }
        let next = end + 1;
        if self.lexed.is_word(
            next,
            &[
                "ago", "old", "late", "behind", "overdue", "earlier", "back", "straight",
                "running", "in",
            ],
        ) || self.lexed.is_symbol(next, '/')
            || self.lexed.is_word(next, &["per", "each", "every"])
            || (self.lexed.is_word(next, &["a", "an"]) && self.is_period_word(next + 1))
        {
            return None;
        }
        if self.lexed.is_word(next, &["of"]) && !self.prev_is_duration_preposition(i) {
            return None;
        }
        // "been on call for 3 years": a duration in the past.
        if self.prev_is(i, &["for", "over"]) && self.perfect_tense_before(i) {
            return None;
        }
        Some((i, end))
    }

    /// Whether the duration from `i` to `end` is a level of service, a measure rather
    /// than a deadline: `<=2 days`, `30d → 7d`, `a 2-day turnaround`, `inside the 4h
    /// RTO`, `first response within 1 business day`.
    fn is_service_level(&self, i: usize, end: usize) -> bool {
        let or_equal = i >= 2
            && self.lexed.is_symbol(i - 1, '=')
            && (self.lexed.is_symbol(i - 2, '<') || self.lexed.is_symbol(i - 2, '>'));
        let quantity = |k: usize| {
            matches!(
                self.lexed.kind(k),
                Some(Kind::Number(_) | Kind::NumberUnit { .. })
            )
        };
        let arrow = (i > 0 && self.lexed.is_symbol(i - 1, '→'))
            || (self.lexed.is_symbol(end + 1, '→') && quantity(end + 2));
        let levels = &self.words.service_levels;
        let level_after = self.is_word(end + 1) && levels.contains(self.word(end + 1));
        let level_before = self.prev_word(i).is_some_and(|p| {
            self.lexed.is_word(p, &["in", "within", "under", "inside"])
                && self
                    .prev_word(p)
                    .is_some_and(|pp| levels.contains(self.word(pp)))
        });
        or_equal || arrow || level_after || level_before
    }

    fn is_period_word(&self, j: usize) -> bool {
        let word = self.word(j);
        self.words.periods.contains(word) || self.words.units.contains_key(word)
    }

    fn perfect_tense_before(&self, i: usize) -> bool {
        (0..i).any(|j| {
            matches!(
                self.word(j),
                "been" | "was" | "were" | "had" | "did" | "spent" | "took"
            ) || self.word(j).ends_with("'ve")
                || self.word(j).ends_with("’ve")
        })
    }

    /// `by 2027`, `in 2027`, `end of 2027` (the last is also found by `relative_period`).
    fn year(&self, i: usize) -> Option<(usize, usize)> {
        let Some(Kind::Number(value)) = self.lexed.kind(i) else {
            return None;
        };
        let is_year = (2000.0..2100.0).contains(&value) && value.fract() == 0.0;
        let after = self.prev_is(i, STRONG_DEADLINE)
            || self.prev_is(
                i,
                &[
                    "in", "during", "for", "of", "early", "mid", "late", "fy", "end",
                ],
            );
        (is_year && after && !self.lexed.is_symbol(i + 1, '%')).then_some((i, i))
    }

    /// `by the 15th`; `24-Jan`, `30-Jun-2027` (a day and a month joined by `-`).
    fn ordinal_day(&self, i: usize) -> Option<(usize, usize)> {
        let unit = self.lexed.unit(i);
        let value = self.lexed.number(i)?;
        let day = (1.0..=31.0).contains(&value);
        if day && (self.words.months.contains(unit) || self.words.months_in_context.contains(unit))
        {
            if self.past(i) {
                return None;
            }
            // `30-Jun-2027`
            let year = self.lexed.is_symbol(i + 1, '-')
                && matches!(self.lexed.kind(i + 2), Some(Kind::Number(v)) if (2000.0..2100.0).contains(&v))
                && self.lexed.glued(i + 1);
            return Some((i, if year { i + 2 } else { i }));
        }
        let ordinal = matches!(unit, "st" | "nd" | "rd" | "th") && day;
        (ordinal && (self.prev_is(i, STRONG_DEADLINE) || self.prev_is(i, &["on"])))
            .then_some((i, i))
    }

    /// `27.1.`, `until 30.6.`, `by 28.11.`: a day and a month written with dots.
    fn dotted_date(&self, i: usize) -> Option<(usize, usize)> {
        let text = self
            .lexed
            .original
            .get(self.lexed.tokens.get(i)?.range.clone())?;
        let (day, month) = text.split_once('.')?;
        let small = |part: &str, max: u32| {
            (1..=2).contains(&part.len())
                && part.parse::<u32>().is_ok_and(|v| (1..=max).contains(&v))
        };
        if !small(day, 31) || !small(month, 12) {
            return None;
        }
        // The closing dot of the date, right after it ("5.12."), or a deadline word.
        let closed = self.lexed.is_symbol(i + 1, '.') && self.lexed.glued(i + 1);
        ((closed || self.prev_is(i, STRONG_DEADLINE)) && !self.past(i)).then_some((i, i))
    }

    /// `by summer`, `this autumn`, `before the winter`: a season after a deadline word.
    fn season(&self, i: usize) -> Option<(usize, usize)> {
        if !self
            .lexed
            .is_word(i, &["spring", "summer", "autumn", "fall", "winter"])
        {
            return None;
        }
        let anchored = self.prev_is(i, STRONG_DEADLINE)
            || self.prev_is(i, &["this", "next", "coming", "over", "mid"]);
        // "Spring Boot", "spring cleaning": a name, not a season.
        let named = self.lexed.is_capitalized(i)
            && matches!(self.lexed.kind(i + 1), Some(Kind::Word))
            && self.lexed.is_capitalized(i + 1);
        (anchored && !named && !self.past(i)).then_some((i, i))
    }

    /// Whether the word before `i` points to the past or a cadence.
    fn past(&self, i: usize) -> bool {
        self.prev_is(
            i,
            &["since", "last", "every", "past", "previous", "each", "per"],
        )
    }
}

/// `q1`–`q4`, `h1`/`h2`, `fy27`, `fy2027q1`, `q3'27`, `2027q1`: a named quarter or half.
fn is_period_ident(word: &str) -> bool {
    let word = word.split(['\'', '’']).next().unwrap_or(word);
    let quarter = |w: &str| matches!(w, "q1" | "q2" | "q3" | "q4" | "h1" | "h2");
    if quarter(word) {
        return true;
    }
    if let Some(rest) = word.strip_prefix("fy") {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        return (digits == 2 || digits == 4) && (rest.len() == digits || quarter(&rest[digits..]));
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_and_durations_are_found() {
        for text in [
            "Ship the migration by 2027-03-31",
            "by March",
            "Mar 15 demo",
            "by Q3",
            "in Q2 2027",
            "land it EOQ",
            "H2 goal: lead the rewrite",
            "in 60 days",
            "within two weeks",
            "within the next 6 months",
            "for 3 months",
            "by end of quarter",
            "by the end of the year",
            "next sprint",
            "this quarter",
            "by Friday",
            "by fri",
            "EOW",
            "by 2027",
            "a 30-day trial",
            "cut reruns in 90d",
            "within a month",
            "labs within the month",
            "skills plan: finish the course by end of Feb",
            "by mid-March",
            "by the 15th",
            "before sprint 43",
            "in may",
            "May 3",
            "tomorrow",
            "Run the incident-review program Jan–Mar",
            "VP nominations close 24-Jan",
            "GHES off by 30-Jun-2027",
            "until PVT freeze 27.1.",
            "call for papers closes 5.12.",
            "until 30.6.",
            "need to get a grip on it by the summer",
            "can I get the senior title this autumn?",
            "I'd like to be senior by summer",
            "senior EM title by mid-year",
        ] {
            assert!(has_time_bound(text), "should be a time bound: {text}");
        }
    }

    #[test]
    fn vague_words_topics_rates_and_the_past_are_not() {
        for text in [
            "soon",
            "eventually",
            "someday",
            "ASAP",
            "discuss Q3 planning",
            "Q3 OKRs draft",
            "3 PRs a week",
            "every sprint",
            "weekly sync",
            "2 weeks ago",
            "last sprint",
            "over the last 3 months",
            "cut lead time from 5 days to 2",
            "reduce by 2 days",
            "I may want to lead",
            "upgrade to Spring Boot 3",
            "since 24-Jan",
            "python 3.11 is out",
            "every summer we freeze",
            "been on call for 3 years",
            "pair with Jan on infra",
            "2 days a week",
            "3 days/week",
            "takes 3 weeks today",
            "Python 3.12 upgrade",
            "in a few weeks",
            "I'd love to be a manager one day",
            "PM keeps changing reqs mid-sprint",
            "came up in the sprint 42 retro",
            "time to first merged PR <=2 days",
            "deletion SLA 30d → 7d",
            "a 2-day turnaround on reviews",
            "restore inside the 4h RTO",
            "first response within 1 business day",
        ] {
            assert!(!has_time_bound(text), "should not be a time bound: {text}");
        }
    }

    #[test]
    fn data_file_parses() {
        let words = TimeWords::get();
        assert!(words.months.contains("march"));
        assert_eq!(words.units.get("wks").map(String::as_str), Some("week"));
    }
}
