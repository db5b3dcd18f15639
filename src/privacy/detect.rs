//! Finds private content in one block of prose.
//!
//! Each category is a closed lexicon (`rules/privacy.yaml`) and a context condition,
//! checked clause by clause (a clause runs between sentence ends: `. `, `;`, `!`, `?`
//! or a line break):
//!
//! - pay: an amount (`145k`, `$7.9k`, `3%`, `40,000`, `175-190`) a few words from a pay
//!   term (base, raise, RSUs, offer, band...), unless the amount sits next to a word of
//!   money that is not pay (budget, cost, quote...);
//! - health and life: a word that names a condition, treatment or event alone, or a
//!   word that only does so about a person (therapy, surgery, died) with a pronoun, a
//!   relative or a roster name in the clause; technical senses ("health check",
//!   "divorce the services") never count;
//! - colleague performance: a roster name (whole word, possessive too, in any case
//!   unless the name is also an everyday word such as Will or Grace; never the owner)
//!   with a judgement anywhere in the bullet, or a weaker judgement word (late, slipped)
//!   a few words after the name in its clause.
//!
//! A finding covers the clause's words from the first trigger to the last, so masking
//! it hides the figure, the condition or the judgement together with its subject.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

use super::{Category, Roster};
use crate::detect::PhraseList;

/// How many words apart a pay term and an amount may be.
const PAY_WINDOW: usize = 8;
/// How many words apart a pay term and a bare figure may be.
const BARE_WINDOW: usize = 3;
/// How many words from an amount a word of non-pay money makes it not pay.
const MONEY_WINDOW: usize = 3;
/// How many words before a salary-sized figure its person and anchor may be.
const ANCHOR_WINDOW: usize = 4;
/// How many words after a roster name a weak judgement may be.
const WEAK_WINDOW: usize = 7;
/// How many dense features [`Detector::signals`] gives the learned scorer.
pub(crate) const SIGNALS: usize = 12;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'static"))]
struct Data {
    pay: PayData,
    health: TieredData,
    life: TieredData,
    people_words: Vec<&'static str>,
    colleague_performance: PerformanceData,
    common_word_names: Vec<&'static str>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'static"))]
struct PayData {
    terms: Vec<&'static str>,
    personal_terms: Vec<&'static str>,
    patterns: Vec<String>,
    not_terms: Vec<&'static str>,
    anchors: Vec<&'static str>,
    units: Vec<&'static str>,
    money_not_pay: Vec<&'static str>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'static"))]
struct TieredData {
    conditions: Option<Vec<&'static str>>,
    events: Option<Vec<&'static str>>,
    personal: Vec<&'static str>,
    ambiguous: Option<Vec<&'static str>>,
    systems: Option<Vec<&'static str>>,
    technical: Vec<&'static str>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'static"))]
struct PerformanceData {
    judgements: Vec<&'static str>,
    weak: Vec<&'static str>,
    patterns: Vec<String>,
    praise: Vec<&'static str>,
    technical: Vec<&'static str>,
}

/// A lexicon whose words count alone, one whose words count about a person, and one
/// whose words count about a person in a clause that names no system.
struct Tiered {
    alone: PhraseList,
    personal: PhraseList,
    ambiguous: PhraseList,
    systems: PhraseList,
}

impl Tiered {
    fn new(data: TieredData) -> Self {
        let alone = data.conditions.or(data.events).unwrap_or_default();
        let none = Vec::<String>::new();
        Self {
            alone: PhraseList::new(&alone, &data.technical),
            personal: PhraseList::new(&data.personal, &data.technical),
            ambiguous: PhraseList::new(data.ambiguous.unwrap_or_default(), &data.technical),
            systems: PhraseList::new(data.systems.unwrap_or_default(), none),
        }
    }
}

/// The compiled lexicons of the four categories.
pub struct Detector {
    pay_terms: PhraseList,
    personal_pay_terms: PhraseList,
    pay_anchors: PhraseList,
    units: PhraseList,
    money_not_pay: PhraseList,
    amount: Option<Regex>,
    health: Tiered,
    life: Tiered,
    people_words: PhraseList,
    judgements: PhraseList,
    weak_judgements: PhraseList,
    pronouns: PhraseList,
    /// Names that are also everyday words, lower-cased: matched capitalised only.
    common_word_names: rustc_hash::FxHashSet<String>,
}

impl Detector {
    /// The detector of the embedded lexicons, built on first use.
    pub fn get() -> &'static Detector {
        static DETECTOR: OnceLock<Detector> = OnceLock::new();
        DETECTOR.get_or_init(Detector::new)
    }

    fn new() -> Self {
        let data: Data = crate::rules::data::embedded(include_str!("../../rules/privacy.yaml"));
        let perf = data.colleague_performance;
        let mut not_judgements = perf.praise;
        not_judgements.extend(perf.technical);
        Self {
            pay_terms: PhraseList::new(&data.pay.terms, &data.pay.not_terms)
                .with_patterns(&data.pay.patterns),
            personal_pay_terms: PhraseList::new(&data.pay.personal_terms, &data.pay.not_terms),
            pay_anchors: PhraseList::new(&data.pay.anchors, Vec::<String>::new()),
            units: PhraseList::new(&data.pay.units, Vec::<String>::new()),
            money_not_pay: PhraseList::new(&data.pay.money_not_pay, Vec::<String>::new()),
            amount: amount_regex(),
            health: Tiered::new(data.health),
            life: Tiered::new(data.life),
            people_words: PhraseList::new(&data.people_words, Vec::<String>::new()),
            judgements: PhraseList::new(&perf.judgements, &not_judgements)
                .with_patterns(&perf.patterns),
            weak_judgements: PhraseList::new(&perf.weak, &not_judgements),
            pronouns: PhraseList::new(
                ["he", "he's", "she", "she's", "his", "her", "him"],
                Vec::<String>::new(),
            ),
            common_word_names: data
                .common_word_names
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
        }
    }

    /// The byte ranges of `text` that disclose `category`: each covers the words that
    /// make it private (the pay term and the amount, the condition, the name and the
    /// judgement), so masking the range hides them.
    ///
    /// Where the embedded model (`rules/privacy.model`) adopts a learned scorer for a
    /// category, a text the lexicon leaves alone but the scorer flags is found whole.
    pub fn find(&self, category: Category, text: &str, roster: &Roster) -> Vec<Range<usize>> {
        let found = self.lexicon(category, text, roster);
        if found.is_empty() && super::scorer::flags(self, category, text, roster) {
            return whole(text).into_iter().collect();
        }
        found
    }

    /// The ranges the lexicons alone find (see [`Detector::find`]).
    pub(crate) fn lexicon(
        &self,
        category: Category,
        text: &str,
        roster: &Roster,
    ) -> Vec<Range<usize>> {
        let found = match category {
            Category::Pay => self.pay(text, roster),
            Category::Health => self.tiered(&self.health, text, roster),
            Category::Life => self.tiered(&self.life, text, roster),
            Category::ColleaguePerformance => self.performance(text, roster),
        };
        merge(found)
    }

    /// What the lexicons see in `text`, as the dense features of the learned scorer:
    /// whether the lexicon fires for `category` (`fires`), then whether the text holds
    /// an amount, a salary-sized amount, a pay term, a pay term about a person, a word of
    /// money that is not pay, a person word, a roster name, a health word, a life word,
    /// a strong judgement and a weak one.
    pub(crate) fn signals(&self, fires: bool, text: &str, roster: &Roster) -> [f32; SIGNALS] {
        let flag = |b: bool| if b { 1.0 } else { 0.0 };
        let (amount, salary) = self.amounts(text);
        let tiered = |t: &Tiered| {
            t.alone.is_match(text) || t.personal.is_match(text) || t.ambiguous.is_match(text)
        };
        [
            flag(fires),
            flag(amount),
            flag(salary),
            flag(self.pay_terms.is_match(text)),
            flag(self.personal_pay_terms.is_match(text)),
            flag(self.money_not_pay.is_match(text)),
            flag(self.people_words.is_match(text)),
            flag(!self.names(text, roster).is_empty()),
            flag(tiered(&self.health)),
            flag(tiered(&self.life)),
            flag(self.judgements.is_match(text)),
            flag(self.weak_judgements.is_match(text)),
        ]
    }

    /// Whether `text` holds an amount that is not a count of things, and whether one
    /// is salary-sized (in a text that counts no things).
    fn amounts(&self, text: &str) -> (bool, bool) {
        let mut amount = false;
        let mut salary = false;
        let mut counts = false;
        for (r, counted) in self.figures(text) {
            if counted {
                counts = true;
            } else {
                amount = true;
                salary |= text.get(r).is_some_and(salary_sized);
            }
        }
        // A bare figure beside a count of things is more likely another count
        // ("96k context instead of 128k") than a salary.
        (amount, salary && !counts)
    }

    /// The figures of `text` outside codes, each with whether it counts things
    /// ("12k steps"); nothing without a digit.
    fn figures(&self, text: &str) -> Vec<(Range<usize>, bool)> {
        let Some(regex) = self.amount.as_ref() else {
            return Vec::new();
        };
        if !text.bytes().any(|b| b.is_ascii_digit()) {
            return Vec::new();
        }
        regex
            .find_iter(text)
            .map(|m| trim_amount(text, m.range()))
            .filter(|r| !r.is_empty() && !inside_a_code(text, r))
            .map(|r| {
                let counted = self.counts_things(text, &r);
                (r, counted)
            })
            .collect()
    }

    /// Whether the learned scorer of `category` may flag `text`: the decision of
    /// [`super::scorer::gate`] on the signals, without working out the others.
    pub(crate) fn admits(&self, category: Category, text: &str, roster: &Roster) -> bool {
        let tiered = |t: &Tiered| {
            t.alone.is_match(text) || t.personal.is_match(text) || t.ambiguous.is_match(text)
        };
        let named = || !self.names(text, roster).is_empty();
        match category {
            Category::Pay => {
                let (amount, salary) = self.amounts(text);
                amount
                    && (self.pay_terms.is_match(text)
                        || ((salary || self.personal_pay_terms.is_match(text))
                            && (self.people_words.is_match(text) || named())))
            }
            Category::Health => tiered(&self.health),
            Category::Life => tiered(&self.life),
            Category::ColleaguePerformance => named(),
        }
    }

    /// The roster names of `text` (capitalised roster entries, less the owner).
    pub(crate) fn names(&self, text: &str, roster: &Roster) -> Vec<Range<usize>> {
        Names::new(roster, true, &self.common_word_names).find(text)
    }

    /// Amounts next to a pay term, or a salary-sized figure right after a person,
    /// clause by clause.
    fn pay(&self, text: &str, roster: &Roster) -> Vec<Range<usize>> {
        let names = Names::new(roster, true, &self.common_word_names);
        let mut found = Vec::new();
        for clause in clauses(text) {
            let Some(part) = text.get(clause.clone()) else {
                continue;
            };
            let amounts: Vec<Range<usize>> = self
                .figures(part)
                .into_iter()
                .filter_map(|(r, counted)| (!counted).then_some(r))
                .collect();
            if amounts.is_empty() {
                continue;
            }
            let has_person = self.people_words.is_match(part) || !names.find(part).is_empty();
            let strong = self.pay_terms.find_all(part);
            let mut terms = strong.clone();
            if has_person {
                terms.extend(self.personal_pay_terms.find_all(part));
            }
            let words = word_starts(part);
            let money = self.money_not_pay.find_all(part);
            let mut hits: Vec<Range<usize>> = Vec::new();
            for amount in &amounts {
                let at = word_index(&words, amount.start);
                let nearest_money = money
                    .iter()
                    .filter(|m| !overlaps(m, amount))
                    .map(|m| distance(at, word_index(&words, m.start)))
                    .min()
                    .unwrap_or(usize::MAX);
                if nearest_money <= MONEY_WINDOW {
                    continue;
                }
                // A bare figure ("240", "175-190") is pay only right next to a pay term.
                let bare = part.get(amount.clone()).is_some_and(|a| {
                    a.bytes().all(|b| {
                        b.is_ascii_digit() || b" .-to>\xe2\x86\x92\xe2\x80\x93".contains(&b)
                    })
                });
                let (candidates, window) = if bare {
                    (&strong, BARE_WINDOW)
                } else {
                    (&terms, PAY_WINDOW)
                };
                let near: Vec<&Range<usize>> = candidates
                    .iter()
                    .filter(|t| {
                        overlaps(t, amount) || distance(at, word_index(&words, t.start)) <= window
                    })
                    .collect();
                if near.is_empty() {
                    if let Some(person) = self.pay_anchor(part, &words, amount, &names) {
                        hits.push(person.start..amount.end);
                    }
                    continue;
                }
                hits.push(amount.clone());
                hits.extend(near.into_iter().cloned());
            }
            if let Some(span) = span(&hits) {
                found.push(clause.start + span.start..clause.start + span.end);
            }
        }
        found
    }

    /// Whether the word right after `amount` is a unit of count ("12k steps").
    fn counts_things(&self, part: &str, amount: &Range<usize>) -> bool {
        let Some(after) = part.get(amount.end..) else {
            return false;
        };
        let rest = after.trim_start_matches([' ', '-']);
        let next = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '-'))
            .map_or(rest, |end| &rest[..end]);
        !next.is_empty()
            && self
                .units
                .find(next)
                .is_some_and(|r| r.start == 0 && r.end == next.len())
    }

    /// The person a salary-sized `amount` is tied to by the few words before it ("she's
    /// at 148k", "Oskar to 210k", "her current 115k"), if any.
    fn pay_anchor(
        &self,
        part: &str,
        words: &[usize],
        amount: &Range<usize>,
        names: &Names<'_>,
    ) -> Option<Range<usize>> {
        if !salary_sized(part.get(amount.clone())?) {
            return None;
        }
        let at = word_index(words, amount.start);
        let from = *words.get(at.saturating_sub(ANCHOR_WINDOW))?;
        let before = part.get(from..amount.start)?;
        let mut people = self.people_words.find_all(before);
        people.extend(names.find(before));
        let person = people.into_iter().min_by_key(|r| r.start)?;
        let possessive = {
            let last = before.trim_end().rsplit(' ').next().unwrap_or("");
            let last = last.trim_start_matches(|c: char| !c.is_alphanumeric());
            matches!(
                last.to_ascii_lowercase().as_str(),
                "my" | "her" | "his" | "their"
            ) || last.ends_with("'s")
                || last.ends_with("’s")
        };
        (possessive || self.pay_anchors.is_match(before))
            .then(|| from + person.start..from + person.end)
    }

    /// Health or life: words that count alone, and words that count with a person in
    /// their clause.
    fn tiered(&self, lexicon: &Tiered, text: &str, roster: &Roster) -> Vec<Range<usize>> {
        let alone = lexicon.alone.find_all(text);
        let mut personal = lexicon.personal.find_all(text);
        let ambiguous = lexicon.ambiguous.find_all(text);
        if alone.is_empty() && personal.is_empty() && ambiguous.is_empty() {
            return Vec::new();
        }
        // The systems a clause names, less the words of the lexicon's own phrases ("card"
        // in "card of stay", "residence card").
        let systems: Vec<Range<usize>> = {
            let words = || alone.iter().chain(&personal).chain(&ambiguous);
            lexicon
                .systems
                .find_all(text)
                .into_iter()
                .filter(|s| !words().any(|w| w.start <= s.start && s.end <= w.end))
                .collect()
        };
        let names_a_system = |clause: &Range<usize>| {
            systems
                .iter()
                .any(|s| clause.start <= s.start && s.end <= clause.end)
        };
        if !ambiguous.is_empty() {
            // An ambiguous word counts like a personal one in a clause that names no system.
            let clauses = clauses(text);
            personal.extend(ambiguous.into_iter().filter(|word| {
                clauses
                    .iter()
                    .find(|c| c.start <= word.start && word.end <= c.end)
                    .is_some_and(|c| !names_a_system(c))
            }));
        }
        let names = Names::new(roster, false, &self.common_word_names);
        let mut found = Vec::new();
        for clause in clauses(text) {
            let Some(part) = text.get(clause.clone()) else {
                continue;
            };
            let inside = |r: &&Range<usize>| clause.start <= r.start && r.end <= clause.end;
            let mut hits: Vec<Range<usize>> = alone.iter().filter(inside).cloned().collect();
            let mine: Vec<Range<usize>> = personal.iter().filter(inside).cloned().collect();
            if hits.is_empty() && mine.is_empty() {
                continue;
            }
            let has_person = self.people_words.is_match(part) || !names.find(part).is_empty();
            // An event in a clause about a system (a leave type of a product) needs a person.
            if !hits.is_empty() && !has_person && names_a_system(&clause) {
                hits.clear();
            }
            if has_person {
                hits.extend(mine);
            }
            if let Some(span) = span(&hits) {
                found.push(span);
            }
        }
        found
    }

    /// A roster name with a judgement in the bullet, or a weak judgement in its clause.
    fn performance(&self, text: &str, roster: &Roster) -> Vec<Range<usize>> {
        let names = Names::new(roster, true, &self.common_word_names);
        if names.is_empty() {
            return Vec::new();
        }
        let found_names = names.find(text);
        if found_names.is_empty() {
            return Vec::new();
        }
        let mut found = Vec::new();
        let strong = self.judgements.find_all(text);
        if !strong.is_empty() {
            let mut hits = strong;
            hits.extend(found_names.iter().cloned());
            found.extend(span(&hits));
        }
        let mut weak = self.weak_judgements.find_all(text);
        if !weak.is_empty() {
            // "struggling with postpartum anxiety", "recovery is slow": a weak word about
            // health or private life is not a judgement of work.
            let mut private = self.tiered(&self.health, text, roster);
            private.extend(self.tiered(&self.life, text, roster));
            if !private.is_empty() {
                let clauses = clauses(text);
                let clause_of = |r: &Range<usize>| {
                    clauses
                        .iter()
                        .position(|c| c.start <= r.start && r.end <= c.end)
                };
                weak.retain(|w| {
                    let own = clause_of(w);
                    !private.iter().any(|p| own.is_some() && clause_of(p) == own)
                });
            }
        }
        if !weak.is_empty() {
            let words = word_starts(text);
            // In a bullet that names a colleague, "he"/"she" is most likely that colleague.
            let mut subjects = found_names.clone();
            subjects.extend(self.pronouns.find_all(text));
            for clause in clauses(text) {
                let in_clause = |r: &Range<usize>| clause.start <= r.start && r.end <= clause.end;
                for name in subjects.iter().filter(|r| in_clause(r)) {
                    let at = word_index(&words, name.start);
                    for judgement in weak.iter().filter(|r| in_clause(r)) {
                        let then = word_index(&words, judgement.start);
                        if then > at && then - at <= WEAK_WINDOW {
                            found
                                .push(name.start.min(judgement.start)..name.end.max(judgement.end));
                        }
                    }
                }
            }
        }
        found
    }
}

/// The names of a roster's people, less any word of the owner's names.
struct Names<'r> {
    /// Each name, and whether it matches in any case (it is not an everyday word).
    tokens: Vec<(&'r str, bool)>,
}

impl<'r> Names<'r> {
    /// `capitalised_only`: keep only names that start with an upper-case letter (a
    /// lower-case roster entry could be an everyday word). `common` lists the names
    /// that are also everyday words (lower-cased): those match only as written.
    fn new(
        roster: &'r Roster,
        capitalised_only: bool,
        common: &rustc_hash::FxHashSet<String>,
    ) -> Self {
        let owner: Vec<&str> = roster
            .owner
            .iter()
            .flat_map(|o| o.split_whitespace())
            .collect();
        let mut tokens: Vec<(&str, bool)> = roster
            .people
            .iter()
            .flat_map(|p| p.split_whitespace())
            .filter(|t| t.chars().count() >= 2)
            .filter(|t| !capitalised_only || t.chars().next().is_some_and(char::is_uppercase))
            .filter(|t| !owner.iter().any(|o| same_word(o, t)))
            .map(|t| (t, !common.contains(&t.to_lowercase())))
            .collect();
        tokens.sort_unstable();
        tokens.dedup();
        Self { tokens }
    }

    fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Each whole-word occurrence of a name (with a possessive `'s`): as written, or in
    /// any case when the name is not an everyday word.
    fn find(&self, text: &str) -> Vec<Range<usize>> {
        let mut found = Vec::new();
        if self.tokens.is_empty() {
            return found;
        }
        for word in name_words(text) {
            let Some(w) = text.get(word.clone()) else {
                continue;
            };
            let bare = w
                .strip_suffix("'s")
                .or_else(|| w.strip_suffix("’s"))
                .or_else(|| w.strip_suffix('\''))
                .or_else(|| w.strip_suffix('’'))
                .unwrap_or(w);
            if self
                .tokens
                .iter()
                .any(|&(t, any_case)| t == bare || (any_case && same_word(t, bare)))
            {
                found.push(word);
            }
        }
        found
    }
}

/// Whether two words are the same but for case.
fn same_word(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// Runs of letters, digits, hyphens and apostrophes: the candidate names of a text.
fn name_words(text: &str) -> Vec<Range<usize>> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let part = c.is_alphanumeric() || c == '\'' || c == '’' || c == '-';
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push(s..text.len());
    }
    words
}

/// The amounts of money, percentages, bands and counts a pay figure is written with.
fn amount_regex() -> Option<Regex> {
    let pattern = r"(?x)
        # currency amounts: $7.9k, €1,200, ~$3.3k
        [$€£₹](?-u:\s)?[0-9][0-9,]*(?:\.[0-9]+)?(?:(?-u:\s)?(?:[kKM]|mm|bn|lakh|lakhs|cr)(?-u:\b))?
        # 145k, 1.2M, 9.75k, 12 lakh, 18 LPA
        | (?-u:\b)[0-9]+(?:\.[0-9]+)?(?-u:\s)?(?:[kK]|M|mm|bn|lakh|lakhs|LPA|lpa|cr)(?-u:\b)
        # 3%, 12.4 %, +12%
        | [+-]?(?-u:\b)[0-9]+(?:\.[0-9]+)?(?-u:\s)?%
        # 40,000 and 1,600; 12,00,000 (lakh grouping); 72.000 € (a dot for thousands)
        | (?-u:\b)[0-9]{1,3}(?:,[0-9]{3})+(?-u:\b)
        | (?-u:\b)[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}(?-u:\b)
        | (?-u:\b)[0-9]{1,3}(?:\.[0-9]{3})+(?:(?-u:\s)?€)
        # Rs 45,000, INR 18 lakh, EUR 70k, 70k EUR, 70.5k euros
        | (?i:rs\.?|inr|usd|eur|gbp)(?-u:\s)?[0-9][0-9,.]*(?:(?-u:\s)?(?:k|lakhs?|cr)(?-u:\b))?
        | (?-u:\b)[0-9]+(?:\.[0-9]+)?(?:k|K)?(?-u:\s)?(?:€|(?i:eur|euros?|usd|inr)(?-u:\b))
        # a band or a bare three-digit figure: 175-190, 148 -> 170, 240
        | (?-u:\b)[0-9]{3}(?:\.[0-9])?(?:(?-u:\s)?(?:-|–|->|→|to)(?-u:\s)?[0-9]{3}(?:\.[0-9])?)?(?-u:\b)
    ";
    Regex::new(pattern).ok()
}

/// Whether an amount is part of a code or an identifier (`PAY-771`, `v1.250`, `#400`).
fn inside_a_code(part: &str, amount: &Range<usize>) -> bool {
    let starts_with_sign = part
        .get(amount.clone())
        .and_then(|a| a.chars().next())
        .is_some_and(|c| !c.is_ascii_digit());
    !starts_with_sign
        && part
            .get(..amount.start)
            .and_then(|before| before.chars().next_back())
            .is_some_and(|c| c.is_alphanumeric() || "-_#/.:@".contains(c))
}

/// Whether an amount reads like a yearly salary: thousands between 20k and 2,000k.
fn salary_sized(amount: &str) -> bool {
    let lower = amount.trim().to_ascii_lowercase();
    let Some(number) = lower.strip_suffix('k') else {
        return false;
    };
    let digits: String = number
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    digits
        .parse::<f64>()
        .is_ok_and(|value| (20.0..=2000.0).contains(&value))
}

/// `range` of `part` without surrounding spaces.
fn trim_amount(part: &str, range: Range<usize>) -> Range<usize> {
    let Some(s) = part.get(range.clone()) else {
        return range.start..range.start;
    };
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    range.start + lead..range.end - trail
}

/// The clauses of `text`: byte ranges between sentence ends.
fn clauses(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let end = match b {
            b';' | b'!' | b'?' | b'\n' => true,
            b'.' => bytes.get(i + 1).is_none_or(u8::is_ascii_whitespace),
            _ => false,
        };
        if end {
            if i > start {
                out.push(start..i);
            }
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

/// Where each word of `text` starts (runs of ASCII alphanumerics or non-ASCII).
fn word_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        let part = c.is_alphanumeric() || c == '$' || c == '\'' || c == '’';
        if part && !in_word {
            starts.push(i);
        }
        in_word = part;
    }
    starts
}

/// The index of the word at or before byte `at`.
fn word_index(starts: &[usize], at: usize) -> usize {
    starts.partition_point(|&s| s <= at).saturating_sub(1)
}

fn distance(a: usize, b: usize) -> usize {
    a.abs_diff(b)
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// The whole of `text` less surrounding white space, if anything is left.
fn whole(text: &str) -> Option<Range<usize>> {
    let start = text.len() - text.trim_start().len();
    let end = text.trim_end().len();
    (start < end).then_some(start..end)
}

/// From the first range's start to the last range's end.
fn span(ranges: &[Range<usize>]) -> Option<Range<usize>> {
    let start = ranges.iter().map(|r| r.start).min()?;
    let end = ranges.iter().map(|r| r.end).max()?;
    Some(start..end)
}

/// The ranges sorted, with overlapping or touching ones joined.
fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.retain(|r| r.start < r.end);
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn admits_is_the_scorers_gate_on_the_signals() {
        let detector = Detector::get();
        for writer in crate::privacy::corpus::DEVELOPMENT {
            let agendas = crate::privacy::corpus::read_writer(writer).expect("readable");
            for agenda in &agendas {
                let roster = agenda.roster();
                for item in agenda.sections.iter().flat_map(|s| &s.items) {
                    let signals = detector.signals(false, &item.text, &roster);
                    for category in Category::ALL {
                        assert_eq!(
                            detector.admits(category, &item.text, &roster),
                            crate::privacy::scorer::gate(category, &signals),
                            "{category:?}: {}",
                            item.text
                        );
                    }
                }
            }
        }
    }

    use super::*;

    fn roster(people: &[&str], owner: &[&str]) -> Roster {
        Roster::new(people.iter().copied(), owner.iter().copied())
    }

    fn fires(category: Category, text: &str) -> bool {
        let r = roster(
            &["Dana Whitfield", "Ana Lopes", "Raj", "Mei"],
            &["Sam Owner"],
        );
        !Detector::get().find(category, text, &r).is_empty()
    }

    fn none_fires(text: &str) {
        for category in Category::ALL {
            assert!(!fires(category, text), "{category:?} fired on {text:?}");
        }
    }

    fn covered(text: &str, found: &[Range<usize>], word: &str) -> bool {
        let at = text.find(word).expect("the word is in the text");
        found
            .iter()
            .any(|r| r.start <= at && at + word.len() <= r.end)
    }

    #[test]
    fn pay_covers_both_amounts_and_the_pay_terms() {
        let text = "my base is 145k and they offered 160k";
        let found = Detector::get().find(Category::Pay, text, &Roster::default());
        assert!(!found.is_empty());
        for word in ["base", "145k", "offered", "160k"] {
            assert!(covered(text, &found, word), "{word} in {found:?}");
        }
    }

    #[test]
    fn pay_fires_on_a_raise_a_band_and_an_offer() {
        assert!(fires(Category::Pay, "got a 3% raise"));
        assert!(fires(Category::Pay, "Priya's band tops out at 180k"));
        assert!(fires(Category::Pay, "the offer from Stripe was 20% more"));
        assert!(fires(
            Category::Pay,
            "bonus letter says 9% of base, ~$14.2k"
        ));
    }

    #[test]
    fn pay_is_silent_on_money_that_is_not_pay() {
        none_fires("raise the memory limit; the cluster budget is $4k/mo");
        assert!(!fires(Category::Pay, "vendor quote 30k for the new WAF"));
        assert!(!fires(Category::Pay, "cost per request down 12%"));
        assert!(!fires(Category::Pay, "can we talk about comp?"));
        assert!(!fires(
            Category::Pay,
            "on-call stipend policy changes next month"
        ));
    }

    #[test]
    fn pay_reads_a_figure_after_a_person_and_ignores_counts_and_codes() {
        assert!(fires(Category::Pay, "she's at 148k, the market is 160k+"));
        assert!(fires(Category::Pay, "Raj to 158k, matches the floor"));
        assert!(fires(Category::Pay, "my refresh was 30k over 4 years"));
        assert!(fires(Category::Pay, "a 12% hike this appraisal cycle"));
        assert!(fires(Category::Pay, "CTC revised to 18 LPA"));
        for text in [
            "I'm replanning to 96k context instead of 128k",
            "reproduced it in 12k steps, which makes iteration cheap",
            "Rewrite the flaky payment webhook handler (PAY-771) this quarter",
            "raise CDN cache hit ratio from 82% to 95% by Q3",
            "tap to pay at 27% of drop-ins",
            "refresh window 8h, freshness 84% -> 91%",
            "stock stream for 380 stores by 1 June",
        ] {
            assert!(!fires(Category::Pay, text), "{text}");
        }
    }

    #[test]
    fn health_fires_on_a_condition_or_a_treatment() {
        assert!(fires(Category::Health, "my back surgery is on the 12th"));
        assert!(fires(Category::Health, "Dev is out for chemo"));
        assert!(fires(Category::Health, "I've been on antidepressants"));
        assert!(fires(Category::Health, "sick leave for burnout since May"));
    }

    #[test]
    fn health_is_silent_on_technical_senses() {
        none_fires("health check on the payments cluster is flaky");
        for text in [
            "cluster health is green again",
            "sick build on main since Tuesday",
            "the service is unhealthy after the deploy",
            "healthy error budget this month",
            "out sick today",
            "OOO Friday",
        ] {
            assert!(!fires(Category::Health, text), "{text}");
        }
    }

    #[test]
    fn life_fires_on_events_and_is_silent_on_technical_senses() {
        for text in [
            "going through a divorce",
            "my wife is pregnant, due in May",
            "custody hearing Tuesday",
            "my dad passed away",
            "my visa expires in June, need the sponsorship letter",
        ] {
            assert!(fires(Category::Life, text), "{text}");
        }
        for text in [
            "divorce the two services",
            "parent/child process leaks fds",
            "the orphaned job was killed",
            "Visa card payments failing in EU",
            "permit the role to write to the bucket",
            "immigration of legacy data to the new store",
        ] {
            assert!(!fires(Category::Life, text), "{text}");
        }
    }

    #[test]
    fn words_of_later_writers_fire_and_their_engineering_senses_do_not() {
        for (category, text) in [
            (
                Category::Pay,
                "my day rate has been $420 since 2024, I want $500",
            ),
            (
                Category::Pay,
                "the pension lump sum is $312,000 plus $58k a year",
            ),
            (
                Category::Health,
                "Ana is still on leave for burnout, back in February",
            ),
            (
                Category::Health,
                "tinnitus flared again, hearing aid adjustment on the 20th",
            ),
            (Category::Life, "the custody evaluator visits on Thursday"),
            (Category::Life, "Raj's baby girl was born on Sunday"),
            (
                Category::ColleaguePerformance,
                "Raj is phoning it in since the reorg",
            ),
            (
                Category::ColleaguePerformance,
                "Mei doesn't know what she is doing in the refund API",
            ),
        ] {
            assert!(fires(category, text), "{category:?}: {text}");
        }
        for text in [
            "my rate limit is 100/s and the service is at 20% of it",
            "treatment arm looks fine at 50/50, SRM check passes",
            "Ana's team flagged burnout risk across the team after the cutover",
            "the agents died after the Windows update, Raj rolled it back",
            "proof of accommodation and my income for the residence form",
        ] {
            none_fires(text);
        }
    }

    #[test]
    fn a_word_of_an_event_is_not_a_system_the_clause_names() {
        // "card" is a system word ("card payments"), but not inside "card of stay".
        for text in [
            "Iryna's card of stay is ready, pickup Tuesday",
            "green card interview went well",
        ] {
            assert!(fires(Category::Life, text), "{text}");
        }
        // A system named beside the event still needs a person.
        for text in [
            "bereavement leave type for the PTO product",
            "accept the residence card as proof of address in the card flow",
        ] {
            assert!(!fires(Category::Life, text), "{text}");
        }
    }

    #[test]
    fn health_and_life_words_of_engineering_notes_do_not_fire() {
        for text in [
            "dentist Thursday morning, in by 11",
            "onboard 3 new hospital feeds this quarter",
            "driver workaround for the wave op crash",
            "the staging rehearsal caught the ACL issue",
            "pager fatigue is real",
            "benchmark FAISS IVF-PQ recall@100 vs latency",
            "I'd like your sponsorship for senior manager",
            "reduce notification opt-outs by 10%",
            "bereavement leave type for the PTO product, configurable per org",
            "my ex-colleague moved to a fintech",
        ] {
            assert!(!fires(Category::Health, text), "{text}");
            assert!(!fires(Category::Life, text), "{text}");
        }
        assert!(fires(Category::Health, "my dad has a minor op on the 9th"));
        assert!(fires(
            Category::Life,
            "Raj's divorce is final, he's moving flats"
        ));
    }

    #[test]
    fn performance_needs_a_roster_name_and_a_judgement() {
        let text = "Ana's not pulling her weight on the migration";
        let r = roster(&["Ana Lopes", "Raj"], &[]);
        let found = Detector::get().find(Category::ColleaguePerformance, text, &r);
        assert!(covered(text, &found, "Ana's"));
        assert!(covered(text, &found, "pulling her weight"));
        assert!(fires(
            Category::ColleaguePerformance,
            "Raj is underperforming"
        ));
        assert!(fires(Category::ColleaguePerformance, "Mei is on a PIP"));
        assert!(fires(
            Category::ColleaguePerformance,
            "I think we should let Raj go"
        ));
        assert!(fires(
            Category::ColleaguePerformance,
            "Ana Lopes missed every deadline"
        ));
    }

    #[test]
    fn performance_is_silent_on_praise_facts_and_strangers() {
        for text in [
            "Ana did great on the migration",
            "Raj owns the billing service",
            "Mei is out Friday",
            "the team missed the date",
            "Tomasz is underperforming",
            "query performance on Raj's dashboard",
        ] {
            assert!(!fires(Category::ColleaguePerformance, text), "{text}");
        }
    }

    #[test]
    fn roster_names_match_in_any_case_unless_they_are_everyday_words() {
        assert!(fires(
            Category::ColleaguePerformance,
            "raj is underperforming"
        ));
        assert!(fires(Category::ColleaguePerformance, "MEI is on a PIP"));
        assert!(fires(
            Category::ColleaguePerformance,
            "ana's not pulling her weight"
        ));
        let r = roster(&["Will Chen", "Grace", "Mark", "Kai"], &[]);
        let perf = |text: &str| {
            !Detector::get()
                .find(Category::ColleaguePerformance, text, &r)
                .is_empty()
        };
        assert!(perf("kai is underperforming"));
        assert!(perf("chen is on a PIP"));
        assert!(perf("Will is underperforming"));
        assert!(perf("Mark missed every deadline"));
        for text in [
            "will is underperforming",
            "mark missed every deadline",
            "grace period is underperforming",
        ] {
            assert!(!perf(text), "{text}");
        }
    }

    #[test]
    fn performance_never_names_the_owner() {
        let r = roster(&["Sam Owner", "Raj"], &["Sam Owner"]);
        let found = Detector::get().find(Category::ColleaguePerformance, "Sam is on a PIP", &r);
        assert!(found.is_empty());
    }

    #[test]
    fn ranges_are_sorted_disjoint_and_on_char_boundaries() {
        let r = roster(&["Zoë", "Ana"], &[]);
        for text in [
            "Zoë’s PIP — ugh; Zoë is underperforming, Ana too",
            "mój base 145k — €160k offer, ünïcode 3% raise; 40,000 RSUs",
            "€",
            "",
            "$",
            "145k",
            "ñ145k base",
        ] {
            for category in Category::ALL {
                let found = Detector::get().find(category, text, &r);
                for pair in found.windows(2) {
                    assert!(pair[0].end < pair[1].start, "{found:?}");
                }
                for range in &found {
                    assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
                    assert!(range.start < range.end);
                }
            }
        }
    }

    #[test]
    fn a_whole_text_finding_is_trimmed() {
        assert_eq!(whole("  my package went up  \n"), Some(2..20));
        assert_eq!(whole(" \t "), None);
        assert_eq!(whole(""), None);
    }

    #[test]
    fn the_amount_pattern_compiles() {
        assert!(amount_regex().is_some());
    }

    #[test]
    fn clauses_split_at_sentence_ends_but_not_decimals() {
        let text = "at $0.82 strike. then; more";
        let parts: Vec<&str> = clauses(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(parts, ["at $0.82 strike", " then", " more"]);
    }
}
