//! Section kinds and the vocabulary that maps headings to them (SPEC §1).
//!
//! The default synonyms live in `rules/sections.yaml`; the config may add more. This
//! module only classifies heading text; building the section tree is `markdown.rs`'s job.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{OnceLock, RwLock};

use rustc_hash::FxHashMap;
use serde::Deserialize;

use super::timebox;

/// What a section of an agenda is about.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// Project deep dives.
    Projects,
    /// Proposals the engineer brings.
    Initiatives,
    /// Career aspirations and growth.
    Career,
    /// Skills to deepen.
    Skills,
    /// Feedback, asks and questions.
    Feedback,
    /// Alignment with company goals.
    Alignment,
    /// Topics not about the work.
    NonTechnical,
    /// Action items and follow-ups.
    Actions,
    /// Anything else.
    Other,
}

impl SectionKind {
    /// Every kind, in the order the docs list them.
    pub const ALL: [SectionKind; 9] = [
        SectionKind::Projects,
        SectionKind::Initiatives,
        SectionKind::Career,
        SectionKind::Skills,
        SectionKind::Feedback,
        SectionKind::Alignment,
        SectionKind::NonTechnical,
        SectionKind::Actions,
        SectionKind::Other,
    ];

    /// The name used in the config (`non_technical`).
    pub const fn as_str(self) -> &'static str {
        match self {
            SectionKind::Projects => "projects",
            SectionKind::Initiatives => "initiatives",
            SectionKind::Career => "career",
            SectionKind::Skills => "skills",
            SectionKind::Feedback => "feedback",
            SectionKind::Alignment => "alignment",
            SectionKind::NonTechnical => "non_technical",
            SectionKind::Actions => "actions",
            SectionKind::Other => "other",
        }
    }

    /// A heading that maps to this kind, for skeletons (`Projects`).
    pub const fn default_heading(self) -> &'static str {
        match self {
            SectionKind::Projects => "Projects",
            SectionKind::Initiatives => "Initiatives",
            SectionKind::Career => "Career",
            SectionKind::Skills => "Skills",
            SectionKind::Feedback => "Feedback",
            SectionKind::Alignment => "Alignment",
            SectionKind::NonTechnical => "Non-technical",
            SectionKind::Actions => "Action items",
            SectionKind::Other => "Notes",
        }
    }
}

impl fmt::Display for SectionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionsData {
    kinds: BTreeMap<SectionKind, Vec<String>>,
    modifiers: Vec<String>,
}

/// Maps heading text to a [`SectionKind`].
#[derive(Debug)]
pub struct SectionVocabulary {
    /// Synonyms as word lists, longest first.
    synonyms: Vec<(Vec<String>, SectionKind)>,
    /// The synonyms (indices, in order) by their first word.
    by_first_word: FxHashMap<String, Vec<usize>>,
    modifiers: Vec<String>,
    /// Headings already classified. Notes written from a template repeat the same
    /// headings in every file, and the series pass classifies every heading under the
    /// notes root; bounded by [`CACHED_HEADINGS`].
    cache: RwLock<FxHashMap<Box<str>, SectionKind>>,
}

/// At most this many distinct headings are remembered per vocabulary.
const CACHED_HEADINGS: usize = 4096;

impl Clone for SectionVocabulary {
    fn clone(&self) -> Self {
        Self {
            synonyms: self.synonyms.clone(),
            by_first_word: self.by_first_word.clone(),
            modifiers: self.modifiers.clone(),
            cache: RwLock::default(),
        }
    }
}

impl SectionVocabulary {
    /// The built-in vocabulary of `rules/sections.yaml`.
    pub fn builtin() -> &'static SectionVocabulary {
        static BUILTIN: OnceLock<SectionVocabulary> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let data: SectionsData =
                crate::rules::data::embedded(include_str!("../../rules/sections.yaml"));
            let mut vocabulary = SectionVocabulary {
                synonyms: Vec::new(),
                by_first_word: FxHashMap::default(),
                cache: RwLock::default(),
                modifiers: data.modifiers.iter().map(|m| m.to_lowercase()).collect(),
            };
            for (kind, headings) in data.kinds {
                vocabulary.extend(kind, headings.iter().map(String::as_str));
            }
            vocabulary
        })
    }

    /// The built-in vocabulary plus extra headings per kind (from the config).
    pub fn with_extra<'a>(
        extra: impl IntoIterator<Item = (SectionKind, &'a [String])>,
    ) -> SectionVocabulary {
        let mut vocabulary = Self::builtin().clone();
        for (kind, headings) in extra {
            vocabulary.extend(kind, headings.iter().map(String::as_str));
        }
        vocabulary
    }

    fn extend<'a>(&mut self, kind: SectionKind, headings: impl IntoIterator<Item = &'a str>) {
        for heading in headings {
            let words: Vec<String> = tokens(heading)
                .into_iter()
                .filter_map(Token::into_word)
                .collect();
            if !words.is_empty() {
                self.synonyms.push((words, kind));
            }
        }
        self.synonyms.sort_by_key(|s| std::cmp::Reverse(s.0.len()));
        self.by_first_word.clear();
        if let Ok(cache) = self.cache.get_mut() {
            cache.clear();
        }
        for (index, (words, _)) in self.synonyms.iter().enumerate() {
            self.by_first_word
                .entry(words[0].clone())
                .or_default()
                .push(index);
        }
    }

    /// A digest of what this vocabulary maps to which kind, the same from run to run
    /// and build to build: two vocabularies with the same digest classify every heading
    /// alike (what a record kept on disk was read with is told by it).
    pub fn fingerprint(&self) -> u64 {
        use sha2::{Digest, Sha256};
        let mut digest = Sha256::new();
        for (words, kind) in &self.synonyms {
            for word in words {
                digest.update(word.as_bytes());
                digest.update(b" ");
            }
            digest.update(format!("{kind:?}\n").as_bytes());
        }
        for modifier in &self.modifiers {
            digest.update(modifier.as_bytes());
            digest.update(b"\n");
        }
        let bytes = digest.finalize();
        let mut first = [0u8; 8];
        first.copy_from_slice(&bytes[..8]);
        u64::from_le_bytes(first)
    }

    /// The kind of a heading with this text.
    pub fn classify(&self, heading: &str) -> SectionKind {
        if let Some(kind) = self.cache.read().ok().and_then(|c| c.get(heading).copied()) {
            return kind;
        }
        let kind = self.classify_uncached(heading);
        if let Ok(mut cache) = self.cache.write() {
            if cache.len() < CACHED_HEADINGS {
                cache.insert(heading.into(), kind);
            }
        }
        kind
    }

    fn classify_uncached(&self, heading: &str) -> SectionKind {
        let without_box = match timebox::find(heading) {
            Some(found) => &heading[..found.text_start],
            None => heading,
        };
        // Most headings that name no section ("1:1 with Sam — 2026-05-27") are told by
        // their first word, before the rest is read.
        let mut rest = Tokens::new(strip_numbering(without_box));
        let Some(Token::Word(first)) = rest.next() else {
            return SectionKind::Other;
        };
        let modifier = self.modifiers.contains(&first);
        if !modifier && !self.by_first_word.contains_key(&first) {
            return SectionKind::Other;
        }
        let tokens: Vec<Token> = std::iter::once(Token::Word(first)).chain(rest).collect();
        if let Some(kind) = self.match_tokens(&tokens) {
            return kind;
        }
        if modifier {
            self.match_tokens(&tokens[1..])
                .unwrap_or(SectionKind::Other)
        } else {
            SectionKind::Other
        }
    }

    fn match_tokens(&self, tokens: &[Token]) -> Option<SectionKind> {
        let Some(Token::Word(first)) = tokens.first() else {
            return None;
        };
        let candidates = self.by_first_word.get(first)?;
        candidates.iter().find_map(|&index| {
            let (words, kind) = &self.synonyms[index];
            let prefix_matches = words.len() <= tokens.len()
                && words
                    .iter()
                    .zip(tokens)
                    .all(|(w, t)| matches!(t, Token::Word(tw) if tw == w));
            let ends_there = tokens
                .get(words.len())
                .is_none_or(|next| matches!(next, Token::Separator) || next.is_word("and"));
            (prefix_matches && ends_there).then_some(*kind)
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Word(String),
    Separator,
}

impl Token {
    fn into_word(self) -> Option<String> {
        match self {
            Token::Word(word) => Some(word),
            Token::Separator => None,
        }
    }

    fn is_word(&self, word: &str) -> bool {
        matches!(self, Token::Word(w) if w == word)
    }
}

/// Drops leading list-style numbering: `2.`, `2)`, `II.`, `#3`, `1 -`.
fn strip_numbering(text: &str) -> &str {
    let trimmed = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    let numbering_len = trimmed
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, 'I' | 'V' | 'X' | 'i' | 'v' | 'x')))
        .unwrap_or(trimmed.len());
    let rest = &trimmed[numbering_len..];
    if numbering_len > 0 && (rest.starts_with(['.', ')', ':']) || rest.starts_with(" - ")) {
        rest.trim_start_matches(|c: char| !c.is_alphanumeric())
    } else if numbering_len > 0
        && trimmed[..numbering_len].bytes().all(|b| b.is_ascii_digit())
        && rest.starts_with(' ')
    {
        rest.trim_start()
    } else {
        trimmed
    }
}

/// Lowercase words (letters and digits, with inner `-` or `'`) and separators.
fn tokens(text: &str) -> Vec<Token> {
    Tokens::new(text).collect()
}

/// The tokens of a heading, read one at a time: lowercase words (a `-` or `'` between
/// letters joins a word) and the separators between them.
struct Tokens<'t> {
    chars: std::iter::Peekable<std::str::Chars<'t>>,
    /// A separator read with the end of the word before it.
    pending: Option<Token>,
}

impl<'t> Tokens<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            chars: text.chars().peekable(),
            pending: None,
        }
    }
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        if let Some(token) = self.pending.take() {
            return Some(token);
        }
        let mut word = String::new();
        while let Some(c) = self.chars.next() {
            let joins_word = matches!(c, '-' | '\'' | '’')
                && !word.is_empty()
                && self.chars.peek().is_some_and(|n| n.is_alphanumeric());
            if c.is_alphanumeric() || joins_word {
                word.extend(c.to_lowercase());
                continue;
            }
            let separator = matches!(
                c,
                '&' | '/' | ':' | '+' | ',' | '—' | '–' | '-' | '|' | '(' | ')' | ';'
            );
            if !word.is_empty() {
                if separator {
                    self.pending = Some(Token::Separator);
                }
                return Some(Token::Word(word));
            }
            if separator {
                return Some(Token::Separator);
            }
        }
        (!word.is_empty()).then_some(Token::Word(word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_synonyms_map_to_their_kinds() {
        let v = SectionVocabulary::builtin();
        for (heading, kind) in [
            ("Projects", SectionKind::Projects),
            ("Project deep dives (15 min)", SectionKind::Projects),
            ("2. What I shipped", SectionKind::Projects),
            ("🚀 Deep dives", SectionKind::Projects),
            ("Initiative", SectionKind::Initiatives),
            ("Ideas & improvements", SectionKind::Initiatives),
            ("Career & growth [5 min]", SectionKind::Career),
            ("Skill gap(s)", SectionKind::Skills),
            ("Skill gaps", SectionKind::Skills),
            ("Learning", SectionKind::Skills),
            ("Asks", SectionKind::Feedback),
            ("Open questions", SectionKind::Feedback),
            ("OKRs", SectionKind::Alignment),
            ("Company goals", SectionKind::Alignment),
            ("Non-technical — 5 min", SectionKind::NonTechnical),
            ("Work-life", SectionKind::NonTechnical),
            ("Other topics", SectionKind::NonTechnical),
            ("Action items", SectionKind::Actions),
            ("Follow-ups", SectionKind::Actions),
            ("II. Next steps", SectionKind::Actions),
            ("Updates", SectionKind::Projects),
            ("Status", SectionKind::Projects),
            ("Wins (10 min)", SectionKind::Projects),
            ("Highlights", SectionKind::Projects),
            ("Project updates", SectionKind::Projects),
            ("Accomplishments", SectionKind::Projects),
            ("Team updates", SectionKind::Projects),
            ("Other", SectionKind::NonTechnical),
            ("Admin", SectionKind::NonTechnical),
            ("Logistics — 5 min", SectionKind::NonTechnical),
            ("Other projects", SectionKind::Projects),
        ] {
            assert_eq!(v.classify(heading), kind, "{heading}");
        }
    }

    #[test]
    fn headings_that_merely_contain_a_synonym_are_other() {
        let v = SectionVocabulary::builtin();
        for heading in [
            "1:1 with Alex",
            "Machine learning platform",
            "Learning platform migration",
            "Frontend development",
            "Career fair booth",
            "Projects I ignored last year were fun",
            "Status page outage",
            "Admin console rewrite",
        ] {
            assert_eq!(v.classify(heading), SectionKind::Other, "{heading}");
        }
    }

    #[test]
    fn the_config_adds_synonyms() {
        let extra = vec!["What I built".to_string()];
        let v = SectionVocabulary::with_extra([(SectionKind::Projects, extra.as_slice())]);
        assert_eq!(v.classify("What I built this month"), SectionKind::Other);
        assert_eq!(v.classify("What I built: payments"), SectionKind::Projects);
        assert_eq!(v.classify("what i built"), SectionKind::Projects);
    }

    #[test]
    fn remembered_headings_stay_with_their_vocabulary() {
        let builtin = SectionVocabulary::builtin();
        for _ in 0..2 {
            assert_eq!(builtin.classify("Shipped"), SectionKind::Other);
            assert_eq!(builtin.classify("Projects (15 min)"), SectionKind::Projects);
        }
        let extra = vec!["Shipped".to_string()];
        let v = SectionVocabulary::with_extra([(SectionKind::Projects, extra.as_slice())]);
        assert_eq!(v.classify("Shipped"), SectionKind::Projects);
        assert_eq!(builtin.classify("Shipped"), SectionKind::Other);
    }
}
