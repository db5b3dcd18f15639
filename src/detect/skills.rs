//! Whether a skill goal names a specific technology or skill, and whether it comes with
//! a plan (a concrete step or a resource). Shared by `generic-skill-wish` and
//! `missing-skill-gap`; the vocabulary is `rules/skills.yaml`.

use rustc_hash::FxHashSet;
use std::sync::OnceLock;

use serde::Deserialize;

use super::lexer::{Kind, Lexed};
use super::{PhraseList, PhraseSet};

/// The embedded data file.
pub const DATA: &str = include_str!("../../rules/skills.yaml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'static"))]
struct Data {
    technologies: Vec<&'static str>,
    skills: Vec<&'static str>,
    generic: Vec<&'static str>,
    common_words: Vec<&'static str>,
    plan: Vec<&'static str>,
    plan_except: Vec<&'static str>,
    learning: Vec<&'static str>,
}

/// The compiled vocabulary.
pub struct SkillWords {
    technologies: PhraseSet,
    skills: PhraseSet,
    generic: FxHashSet<String>,
    common: FxHashSet<String>,
    plan: PhraseList,
    learning: PhraseSet,
}

impl SkillWords {
    /// The shared instance, compiled on first use.
    pub fn get() -> &'static SkillWords {
        static WORDS: OnceLock<SkillWords> = OnceLock::new();
        WORDS.get_or_init(|| {
            let data: Data = crate::rules::data::embedded(DATA);
            SkillWords {
                technologies: PhraseSet::builtin(&data.technologies),
                skills: PhraseSet::builtin(&data.skills),
                generic: data.generic.iter().map(|g| g.to_lowercase()).collect(),
                common: data.common_words.iter().map(|g| g.to_lowercase()).collect(),
                plan: PhraseList::builtin(&data.plan, &data.plan_except),
                learning: PhraseSet::builtin(&data.learning),
            }
        })
    }

    /// Whether `text` names a specific technology or skill: a known one, or a
    /// capitalised name or identifier (`Kafka`, `k8s`, `OAuth2`) that is not generic.
    pub fn is_specific(&self, text: &str) -> bool {
        if self.technologies.is_match(text) || self.skills.is_match(text) || has_dotted_name(text) {
            return true;
        }
        let lexed = Lexed::new(text);
        (0..lexed.len()).any(|i| {
            let word = lexed.word(i);
            if self.generic.contains(word) || word.len() < 2 {
                return false;
            }
            match lexed.kind(i) {
                // `k8s`, `OAuth2`, `S3`; not ticket ids or quarters.
                Some(Kind::Ident) => {
                    !word.contains('-') && !matches!(word, "q1" | "q2" | "q3" | "q4" | "h1" | "h2")
                }
                // A capitalised word that is not an everyday word capitalised for starting
                // a sentence ("Learn", "Get"), nor a month or weekday.
                // A name after "with", "from", "shadow"... is a person, not a technology.
                Some(Kind::Word) => {
                    lexed.is_capitalized(i)
                        && !self.common.contains(word)
                        && !super::time_bound::is_time_word(word)
                        && !lexed.is_word(i.wrapping_sub(1), PERSON_BEFORE)
                        && !lexed.is_symbol(i.wrapping_sub(1), '@')
                        && !(lexed.is_symbol(i + 1, '\'')
                            || lexed.word(i).ends_with("'s")
                            || lexed.word(i).ends_with("’s"))
                }
                _ => false,
            }
        })
    }

    /// Whether `text` names a technology or skill by something other than a capital
    /// letter (names of people are capitalised too): a known technology or skill, an
    /// acronym (`ARIA`), an identifier (`k8s`) or a dotted name (`Next.js`).
    pub fn names_technology(&self, text: &str) -> bool {
        if self.technologies.is_match(text) || self.skills.is_match(text) || has_dotted_name(text) {
            return true;
        }
        let lexed = Lexed::new(text);
        (0..lexed.len()).any(|i| {
            let word = lexed.word(i);
            !self.generic.contains(word)
                && !self.common.contains(word)
                && match lexed.kind(i) {
                    Some(Kind::Ident) => {
                        !word.contains('-')
                            && !matches!(word, "q1" | "q2" | "q3" | "q4" | "h1" | "h2")
                    }
                    Some(Kind::Word) => is_acronym(&lexed, i) && word.len() >= 2,
                    _ => false,
                }
        })
    }

    /// Whether `text` gives a plan: a concrete step or a resource.
    pub fn has_plan(&self, text: &str) -> bool {
        self.plan.is_match(text)
    }

    /// Whether `text` reads as a learning goal.
    pub fn is_learning(&self, text: &str) -> bool {
        self.learning.is_match(text)
    }

    /// Whether a line of `text` is a mastery goal with a horizon, the guidance's own form
    /// of a skill gap with a learning path: it opens with "master" (a list marker or task
    /// box before it is fine), names a specific skill after it, and has a time frame — "Master Kafka
    /// within the next 9 months". A wish ("I'd like to master it someday") is not one.
    pub fn is_mastery_goal(&self, text: &str) -> bool {
        text.lines().any(|line| {
            let line = line.trim_start();
            let line = line
                .strip_prefix(['-', '*', '+'])
                .unwrap_or(line)
                .trim_start();
            let line = ["[ ]", "[x]", "[X]"]
                .into_iter()
                .find_map(|box_| line.strip_prefix(box_))
                .unwrap_or(line)
                .trim_start();
            line.get(..7)
                .is_some_and(|head| head.eq_ignore_ascii_case("master "))
                && self.is_specific(&line[7..])
                && super::time_bound::has_time_bound(line)
        })
    }
}

/// Words after which a capitalised word is a person's name.
const PERSON_BEFORE: &[&str] = &[
    "with",
    "w",
    "from",
    "to",
    "by",
    "and",
    "ask",
    "asked",
    "shadow",
    "shadowing",
    "pair",
    "pairing",
    "mentor",
    "mentored",
    "mentoring",
    "via",
    "cc",
    "thanks",
    "thank",
    "per",
    "like",
];

/// `fast.ai`, `Next.js`, `grpc.io`: a name with a dot inside it.
fn has_dotted_name(text: &str) -> bool {
    let bytes = text.as_bytes();
    (1..bytes.len().saturating_sub(1)).any(|i| {
        bytes[i] == b'.' && bytes[i - 1].is_ascii_alphabetic() && bytes[i + 1].is_ascii_alphabetic()
    })
}

/// `SQL`, `AWS`, `gRPC`: a word with more than one capital.
fn is_acronym(lexed: &Lexed<'_>, i: usize) -> bool {
    lexed
        .tokens
        .get(i)
        .and_then(|t| lexed.original.get(t.range.clone()))
        .is_some_and(|w| w.chars().filter(|c| c.is_uppercase()).count() >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mastery_goals_need_a_skill_and_a_horizon() {
        let words = SkillWords::get();
        for text in [
            "Master Kafka within the next 9 months",
            "[ ] master Terraform modules by March",
            "master SQL window functions in 6 weeks\n- first: the query plans of our reports",
        ] {
            assert!(words.is_mastery_goal(text), "{text}");
        }
        for text in [
            "Master Kafka",
            "master the basics by March",
            "I would like to master Kafka Streams by end of 2025",
            "mastering Kafka within 9 months",
            "Get better at backend by Q3",
        ] {
            assert!(!words.is_mastery_goal(text), "{text}");
        }
    }

    #[test]
    fn specific_and_generic_goals() {
        let words = SkillWords::get();
        for text in [
            "Deepen Kafka",
            "learn k8s",
            "get better at system design",
            "Rust: read the book",
            "learn SQL window functions",
            "study terraform",
        ] {
            assert!(words.is_specific(text), "specific: {text}");
        }
        for text in [
            "get better at backend",
            "learn more cloud stuff",
            "Improve coding",
            "Backend: get better",
            "learn more by Q3",
        ] {
            assert!(!words.is_specific(text), "generic: {text}");
        }
    }

    #[test]
    fn plans_are_steps_or_resources() {
        let words = SkillWords::get();
        assert!(words.has_plan("finish the internals course and own one consumer by March"));
        assert!(!words.has_plan("learn Kafka by Q3"));
        // A hands-on step on the team's own system, in its -ing form.
        assert!(words.has_plan("learn Kafka internals by tuning our consumer lag alerts"));
        assert!(words.has_plan("get deeper into query planning by debugging our slow reports"));
        // Alone, the same word names the skill.
        assert!(!words.has_plan("get better at debugging"));
        assert!(!words.has_plan("Postgres autovacuum tuning"));
    }
}
