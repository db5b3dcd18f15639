//! The features the wording scorers read: hashed word and character n-grams of a unit's
//! text, its section kind, and a few facts the other detectors establish.
//!
//! One function, [`extract`], turns a unit into features, for training and for checking
//! alike, so the two can never disagree. It is versioned by [`FEATURE_VERSION`]: a
//! model file records the version it was trained with, and a change here that moves any
//! bucket must bump it (the model test then asks for the weights to be trained again).
//!
//! Words are runs of letters and digits (with inner apostrophes), lowercased, every
//! digit read as `0` (so "14 pages" and "3 pages" share their features). `?`, `!`, `:`,
//! arrows and currency signs are tokens of their own; inline code is one `<code>` token;
//! a nested item starts with a `<sub>` token. Each token gives its unigram and the bigram
//! with the token before it (`<s>` before the first); each word gives its character 2-
//! to 5-grams, padded with a space on each side.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

use crate::detect::{PhraseList, metric, skills::SkillWords, time_bound};
use crate::model::SectionKind;

/// Version of the feature extraction; stored in every model file.
pub const FEATURE_VERSION: u16 = 1;

/// Facts from the other detectors, given to the scorers as features of their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Fact {
    /// A deadline or duration ("by Q3", "in 60 days").
    TimeBound,
    /// A measurable quantity ("by 20%", "from 20 to 10 min").
    Metric,
    /// A specific technology or skill ("Kafka", "system design").
    SpecificSkill,
    /// A concrete learning step or resource ("course", "pair with").
    Plan,
    /// A question mark.
    Question,
    /// The writer speaks for themselves ("I", "my", "me").
    FirstPerson,
    /// Nested sub-items.
    Nested,
    /// An absolute or a repetition ("never", "again", "third time").
    Absolute,
    /// A word that judges something as bad ("awful", "pointless").
    Negative,
    /// Someone else doing something to the writer ("without asking").
    Blame,
    /// A way of putting something forward ("propose", "could we").
    Proposal,
    /// The manager addressed ("you", "your take").
    SecondPerson,
    /// The writer as the thing judged ("how am I", "my performance").
    SelfJudged,
    /// A phrase of `complaint-phrasing`'s list.
    GrievancePhrase,
    /// A proposal marker of `complaint-phrasing`'s list.
    ProposalMarker,
    /// Promotion, pay or a title, as `promotion-ask`'s lists name them.
    PromotionTopic,
    /// A level or title ("senior", "staff", "L5").
    Ladder,
    /// An ask marker of `promotion-ask`'s list.
    AskMarker,
    /// A roadmap marker of `promotion-ask`'s list.
    Roadmap,
    /// A feedback request of `vague-feedback-request`'s lists.
    FeedbackRequest,
    /// What a feedback request can be about ("my RFC", "user feedback").
    FeedbackTarget,
    /// Aspiration wording ("want to", "someday").
    Aspiration,
    /// A role ("tech lead", "manager").
    Role,
    /// A concrete step ("shadow", "take on").
    Step,
}

impl Fact {
    /// Every fact, in feature order.
    pub const ALL: [Fact; 24] = [
        Fact::TimeBound,
        Fact::Metric,
        Fact::SpecificSkill,
        Fact::Plan,
        Fact::Question,
        Fact::FirstPerson,
        Fact::Nested,
        Fact::Absolute,
        Fact::Negative,
        Fact::Blame,
        Fact::Proposal,
        Fact::SecondPerson,
        Fact::SelfJudged,
        Fact::GrievancePhrase,
        Fact::ProposalMarker,
        Fact::PromotionTopic,
        Fact::Ladder,
        Fact::AskMarker,
        Fact::Roadmap,
        Fact::FeedbackRequest,
        Fact::FeedbackTarget,
        Fact::Aspiration,
        Fact::Role,
        Fact::Step,
    ];
}

/// The phrase lists behind the lexicon facts, compiled on first use.
struct Lexicon {
    lists: Vec<(Fact, PhraseList)>,
}

/// The embedded word classes.
pub const LEXICON: &str = include_str!("../../rules/wording-lexicon.yaml");

impl Lexicon {
    fn get() -> &'static Lexicon {
        static LEXICON_LISTS: OnceLock<Lexicon> = OnceLock::new();
        LEXICON_LISTS.get_or_init(|| {
            let own = lists(LEXICON);
            let complaint = lists(crate::rules::complaint_phrasing::DATA);
            let promotion = lists(include_str!("../../rules/promotion-ask.yaml"));
            let feedback = lists(include_str!("../../rules/vague-feedback-request.yaml"));
            let aspiration = lists(include_str!("../../rules/vague-aspiration.yaml"));
            let get = |map: &BTreeMap<String, Vec<String>>, key: &str| -> Vec<String> {
                map.get(key).cloned().unwrap_or_default()
            };
            let plain = |words: Vec<String>| PhraseList::new(words, Vec::<String>::new());
            let joined = |map: &BTreeMap<String, Vec<String>>, keys: &[&str]| -> Vec<String> {
                keys.iter().flat_map(|k| get(map, k)).collect()
            };
            let lists = vec![
                (Fact::Absolute, plain(get(&own, "absolutes"))),
                (Fact::Negative, plain(get(&own, "negative"))),
                (Fact::Blame, plain(get(&own, "blame"))),
                (Fact::Proposal, plain(get(&own, "proposals"))),
                (Fact::SecondPerson, plain(get(&own, "second_person"))),
                (Fact::SelfJudged, plain(get(&own, "self_judged"))),
                (
                    Fact::GrievancePhrase,
                    PhraseList::new(get(&complaint, "phrases"), get(&complaint, "except"))
                        .with_patterns(&get(&complaint, "patterns")),
                ),
                (
                    Fact::ProposalMarker,
                    plain(get(&complaint, "proposal_markers")),
                ),
                (
                    Fact::PromotionTopic,
                    PhraseList::new(
                        joined(&promotion, &["topics", "personal"]),
                        get(&promotion, "neutral"),
                    ),
                ),
                (
                    Fact::Ladder,
                    PhraseList::new(get(&promotion, "ladder"), get(&promotion, "neutral")),
                ),
                (Fact::AskMarker, plain(get(&promotion, "asks"))),
                (Fact::Roadmap, plain(get(&promotion, "roadmap"))),
                (
                    Fact::FeedbackRequest,
                    plain(get(&feedback, "requests"))
                        .with_patterns(&get(&feedback, "self_questions")),
                ),
                (
                    Fact::FeedbackTarget,
                    plain(joined(&feedback, &["targets", "elsewhere"])),
                ),
                (Fact::Aspiration, plain(get(&aspiration, "aspiration"))),
                (
                    Fact::Role,
                    PhraseList::new(get(&aspiration, "roles"), get(&aspiration, "roles_except")),
                ),
                (Fact::Step, plain(get(&aspiration, "steps"))),
            ];
            Lexicon { lists }
        })
    }
}

/// The lists of a rule data file, by key (keys that are not lists are left out).
fn lists(yaml: &str) -> BTreeMap<String, Vec<String>> {
    let value: serde_yaml::Value =
        serde_yaml::from_str(yaml).expect("embedded rule data is checked by a test");
    value
        .as_mapping()
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| {
            let words = v
                .as_sequence()?
                .iter()
                .filter_map(|w| w.as_str().map(str::to_string))
                .collect();
            Some((k.as_str()?.to_string(), words))
        })
        .collect()
}

/// One token of a unit's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Normalised text: lowercase, digits as `0`, `’` as `'`; or a marker (`<code>`).
    pub text: String,
    /// Byte range in the unit's text.
    pub range: Range<usize>,
    /// Whether it is a word (letters or digits), not punctuation or a marker.
    pub word: bool,
}

/// The features of one unit: a bucket per n-gram occurrence, with the token it belongs
/// to, plus the facts that hold.
#[derive(Clone, Debug, Default)]
pub struct Features {
    /// The unit's tokens.
    pub tokens: Vec<Token>,
    /// `(bucket, token index)` for every n-gram occurrence.
    pub grams: Vec<(u32, u32)>,
    /// The facts that hold, one bucket each.
    pub facts: Vec<u32>,
}

impl Features {
    /// Whether `fact` holds of the unit (features hashed into `1 << bits` buckets).
    pub fn holds(&self, fact: Fact, bits: u8) -> bool {
        let mask = (1u32 << bits) - 1;
        let bucket = Hasher::new(FACT).bytes(&[fact as u8]).bucket(mask);
        self.facts.contains(&bucket)
    }

    /// The value every n-gram occurrence carries: one over the square root of their
    /// number, so that a long unit weighs no more than a short one.
    pub fn gram_value(&self) -> f32 {
        if self.grams.is_empty() {
            0.0
        } else {
            1.0 / (self.grams.len() as f32).sqrt()
        }
    }
}

/// FNV-1a, 64 bits: small, fast on short keys, and the same on every platform.
#[derive(Clone, Copy)]
struct Hasher(u64);

impl Hasher {
    const fn new(family: u8) -> Self {
        Self((0xcbf2_9ce4_8422_2325 ^ family as u64).wrapping_mul(0x0100_0000_01b3))
    }

    fn bytes(mut self, bytes: &[u8]) -> Self {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self
    }

    fn bucket(self, mask: u32) -> u32 {
        ((self.0 ^ (self.0 >> 32)) as u32) & mask
    }
}

/// Splits `text` into tokens. `code` holds the byte ranges of inline code, each read as
/// one `<code>` token; a `\n` (between a unit's blocks) is a `<sub>` token.
pub fn tokenize(text: &str, code: &[Range<usize>]) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
    let mut chars = text.char_indices().peekable();
    let mut word = String::new();
    let mut word_start = 0;
    let flush = |word: &mut String, start: usize, end: usize, tokens: &mut Vec<Token>| {
        if !word.is_empty() {
            tokens.push(Token {
                text: std::mem::take(word),
                range: start..end,
                word: true,
            });
        }
    };
    while let Some((at, c)) = chars.next() {
        if let Some(span) = code.iter().find(|r| r.start <= at && at < r.end) {
            flush(&mut word, word_start, at, &mut tokens);
            tokens.push(Token {
                text: "<code>".to_string(),
                range: span.clone(),
                word: false,
            });
            while chars.peek().is_some_and(|&(i, _)| i < span.end) {
                chars.next();
            }
            continue;
        }
        if c.is_alphanumeric() || c == '_' {
            if word.is_empty() {
                word_start = at;
            }
            if c.is_ascii_digit() {
                word.push('0');
            } else if c.is_ascii() {
                word.push(c.to_ascii_lowercase());
            } else {
                word.extend(c.to_lowercase());
            }
            continue;
        }
        // An apostrophe inside a word ("don't", "I’m") belongs to it.
        if (c == '\'' || c == '’')
            && !word.is_empty()
            && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric())
        {
            word.push('\'');
            continue;
        }
        flush(&mut word, word_start, at, &mut tokens);
        let mut end = at + c.len_utf8();
        let marker = match c {
            '?' | '!' | ':' => Some(c.to_string()),
            '$' | '€' | '£' => Some("$".to_string()),
            '%' => Some("%".to_string()),
            '→' | '⇒' => Some("->".to_string()),
            '-' if chars.peek().is_some_and(|&(_, n)| n == '>') => {
                chars.next();
                end += 1;
                Some("->".to_string())
            }
            '\n' => Some("<sub>".to_string()),
            _ => None,
        };
        if let Some(text) = marker {
            tokens.push(Token {
                text,
                range: at..end,
                word: false,
            });
        }
    }
    flush(&mut word, word_start, text.len(), &mut tokens);
    tokens
}

/// Family bytes, so that a word and a character gram with the same letters hash apart.
const UNIGRAM: u8 = b'u';
const BIGRAM: u8 = b'b';
const CHARGRAM: u8 = b'c';
const SECTION: u8 = b's';
const FACT: u8 = b'f';

/// Turns a unit into features hashed into `1 << bits` buckets.
///
/// `text` is the unit's text, its blocks joined by `\n`; `code` the byte ranges of
/// inline code in it.
pub fn extract(section: SectionKind, text: &str, code: &[Range<usize>], bits: u8) -> Features {
    let mask = (1u32 << bits) - 1;
    let tokens = tokenize(text, code);
    let mut grams = Vec::with_capacity(tokens.len() * 8);
    let mut padded: Vec<u8> = Vec::with_capacity(32);
    let mut bounds: Vec<usize> = Vec::with_capacity(32);
    for (index, token) in tokens.iter().enumerate() {
        let index = index as u32;
        let bytes = token.text.as_bytes();
        grams.push((Hasher::new(UNIGRAM).bytes(bytes).bucket(mask), index));
        let previous = match index.checked_sub(1) {
            Some(p) => tokens[p as usize].text.as_bytes(),
            None => b"<s>",
        };
        let bigram = Hasher::new(BIGRAM)
            .bytes(previous)
            .bytes(&[0x1f])
            .bytes(bytes)
            .bucket(mask);
        grams.push((bigram, index));
        if !token.word {
            continue;
        }
        // Character grams over " word ", by characters.
        padded.clear();
        padded.push(b' ');
        padded.extend_from_slice(bytes);
        padded.push(b' ');
        // Where each character of " word " starts, and where the last one ends.
        bounds.clear();
        bounds.push(0);
        bounds.extend(token.text.char_indices().map(|(i, _)| i + 1));
        bounds.push(bytes.len() + 1);
        bounds.push(padded.len());
        let chars = bounds.len() - 1;
        for n in 2..=5usize {
            if n > chars {
                break;
            }
            for start in 0..=chars - n {
                let gram = &padded[bounds[start]..bounds[start + n]];
                grams.push((Hasher::new(CHARGRAM).bytes(gram).bucket(mask), index));
            }
        }
    }
    let mut facts = vec![
        Hasher::new(SECTION)
            .bytes(section.as_str().as_bytes())
            .bucket(mask),
    ];
    for fact in Fact::ALL {
        if holds(fact, text, &tokens) {
            facts.push(Hasher::new(FACT).bytes(&[fact as u8]).bucket(mask));
        }
    }
    Features {
        tokens,
        grams,
        facts,
    }
}

/// Whether `fact` holds of the unit.
fn holds(fact: Fact, text: &str, tokens: &[Token]) -> bool {
    match fact {
        Fact::TimeBound => text.split('\n').any(time_bound::has_time_bound),
        Fact::Metric => text.split('\n').any(metric::has_metric),
        Fact::SpecificSkill => text.split('\n').any(|t| SkillWords::get().is_specific(t)),
        Fact::Plan => text.split('\n').any(|t| SkillWords::get().has_plan(t)),
        Fact::Question => tokens.iter().any(|t| t.text == "?"),
        Fact::FirstPerson => tokens.iter().any(|t| {
            matches!(
                t.text.as_str(),
                "i" | "i'm" | "i've" | "i'd" | "i'll" | "im" | "me" | "my" | "mine" | "myself"
            )
        }),
        Fact::Nested => tokens.iter().any(|t| t.text == "<sub>"),
        lexical => Lexicon::get()
            .lists
            .iter()
            .find(|(f, _)| *f == lexical)
            .is_some_and(|(_, list)| list.is_match(text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokenize(text, &[]).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn tokens_are_normalised() {
        assert_eq!(
            words("I’m on 14 pages -> propose X?"),
            ["i'm", "on", "00", "pages", "->", "propose", "x", "?"]
        );
        assert_eq!(words("Ünïcode ÉTÉ"), ["ünïcode", "été"]);
        assert_eq!(words("a\nb"), ["a", "<sub>", "b"]);
    }

    #[test]
    fn token_ranges_point_into_the_text() {
        let text = "Café → don't?";
        for token in tokenize(text, &[]) {
            assert!(text.get(token.range.clone()).is_some(), "{token:?}");
        }
    }

    #[test]
    fn inline_code_is_one_token() {
        let text = "fix POST /feedback now";
        let tokens = tokenize(text, std::slice::from_ref(&(4..18)));
        let texts: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["fix", "<code>", "now"]);
        assert_eq!(tokens[1].range, 4..18);
    }

    #[test]
    fn extraction_is_stable() {
        let a = extract(SectionKind::Career, "I want to lead", &[], 16);
        let b = extract(SectionKind::Career, "I want to lead", &[], 16);
        assert_eq!(a.grams, b.grams);
        assert_eq!(a.facts, b.facts);
        assert!(a.grams.iter().all(|&(bucket, _)| bucket < 1 << 16));
        // The section comes first, then the facts that hold, first-person wording among
        // them.
        let mask = (1 << 16) - 1;
        assert_eq!(
            a.facts[0],
            Hasher::new(SECTION).bytes(b"career").bucket(mask)
        );
        let first_person = Hasher::new(FACT)
            .bytes(&[Fact::FirstPerson as u8])
            .bucket(mask);
        assert!(a.facts.contains(&first_person));
        let b = extract(SectionKind::Career, "ship it", &[], 16);
        assert!(!b.facts.contains(&first_person));
    }
}
