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
//! to 5-grams, padded with a space on each side. A word read as a name (written with a
//! capital, and not a word the model's writers also wrote in lower case; see
//! [`super::known`]) is the token `<name>`, without character grams: the letters of a
//! name the scorers never saw would move a score as far as a word of grievance does.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

use super::known::KnownWords;
use crate::detect::{PhraseBank, PhraseList, metric, skills::SkillWords};
use crate::model::SectionKind;

/// Version of the feature extraction; stored in every model file.
pub const FEATURE_VERSION: u16 = 2;

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

/// The phrase lists behind the lexicon facts, taken from the rule data on first use;
/// they read their matches from each text's one joint scan of the built-in lists.
struct Lexicon {
    /// For each list of `bank`, the fact it reads (a fact may be read by several lists:
    /// it holds when one of them matches).
    fact_of: Vec<Fact>,
    bank: PhraseBank,
}

/// The embedded word classes.
pub const LEXICON: &str = include_str!("../../rules/wording-lexicon.yaml");

impl Lexicon {
    fn get() -> &'static Lexicon {
        static LEXICON_LISTS: OnceLock<Lexicon> = OnceLock::new();
        LEXICON_LISTS.get_or_init(|| {
            let lists = Self::build();
            Lexicon {
                fact_of: lists.iter().map(|(fact, _)| *fact).collect(),
                bank: PhraseBank::new(lists.iter().map(|(_, list)| list)),
            }
        })
    }

    /// The lexicon's lists, each with its fact. Each is a list of the rule data as
    /// written there, so that it reads its matches from the joint scan of the built-in
    /// lists: a fact that two lists make up is read by both.
    fn build() -> Vec<(Fact, PhraseList)> {
        let own = lists(LEXICON);
        let complaint = lists(crate::rules::complaint_phrasing::DATA);
        let promotion = lists(include_str!("../../rules/promotion-ask.yaml"));
        let feedback = lists(include_str!("../../rules/vague-feedback-request.yaml"));
        let aspiration = lists(include_str!("../../rules/vague-aspiration.yaml"));
        let get = |map: &Lists, key: &str| -> Vec<&'static str> {
            map.get(key).cloned().unwrap_or_default()
        };
        let plain = |words: Vec<&str>| PhraseList::new(words, Vec::<String>::new());
        let patterns = |map: &Lists, key: &str| -> Vec<String> {
            get(map, key).into_iter().map(str::to_string).collect()
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
                    .with_patterns(&patterns(&complaint, "patterns")),
            ),
            (
                Fact::ProposalMarker,
                plain(get(&complaint, "proposal_markers")),
            ),
            (
                Fact::PromotionTopic,
                PhraseList::new(get(&promotion, "topics"), get(&promotion, "neutral")),
            ),
            (
                Fact::PromotionTopic,
                PhraseList::new(get(&promotion, "personal"), get(&promotion, "neutral")),
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
                    .with_patterns(&patterns(&feedback, "self_questions")),
            ),
            (Fact::FeedbackTarget, plain(get(&feedback, "targets"))),
            (Fact::FeedbackTarget, plain(get(&feedback, "elsewhere"))),
            (Fact::Aspiration, plain(get(&aspiration, "aspiration"))),
            (
                Fact::Role,
                PhraseList::new(get(&aspiration, "roles"), get(&aspiration, "roles_except")),
            ),
            (Fact::Step, plain(get(&aspiration, "steps"))),
        ];
        lists
    }
}

/// The top-level word lists of an embedded rule data file, by key.
type Lists = BTreeMap<&'static str, Vec<&'static str>>;

/// The word lists of embedded rule data `yaml` (every caller passes an embedded text:
/// `lexicon_lists_are_read_from_the_embedded_data` checks them).
fn lists(yaml: &str) -> Lists {
    crate::rules::data::string_lists(yaml).unwrap_or_default()
}

/// One token of a unit's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Normalised text: lowercase, digits as `0`, `’` as `'`; or a marker (`<code>`).
    pub text: TokenText,
    /// Byte range in the unit's text.
    pub range: Range<usize>,
    /// Whether it is a word (letters or digits), not punctuation or a marker.
    pub word: bool,
    /// Whether the word is read as a name: written with a capital and then a small
    /// letter ("Zoë", "Kafka"), and not a word the model's writers also wrote in lower
    /// case ("Nobody", "Honestly"); set by [`mark_names`], which gives it the text
    /// [`NAME_MARK`]. A name is read by that unigram and its bigrams only, not by its
    /// letters, so that which name it is does not move a score.
    pub name: bool,
}

impl Token {
    /// A token of `text` at `range`, a word or not, not (yet) read as a name.
    pub fn new(text: TokenText, range: Range<usize>, word: bool) -> Self {
        Self {
            text,
            range,
            word,
            name: false,
        }
    }
}

/// A token's normalised text, kept in place when it is short (nearly every word and
/// every marker is) and on the heap otherwise: a unit's tokens are made by the
/// thousand, and one allocation each was most of the cost of splitting a text.
#[derive(Clone, PartialEq, Eq)]
pub enum TokenText {
    /// Up to [`TokenText::INLINE`] bytes, in place.
    Inline {
        /// How many bytes of `bytes` are the text.
        len: u8,
        /// The text's bytes, then zeros.
        bytes: [u8; TokenText::INLINE],
    },
    /// A longer text.
    Heap(Box<str>),
}

impl TokenText {
    /// The longest text kept in place, in bytes.
    pub const INLINE: usize = 22;

    /// A token text holding `text`.
    pub fn new(text: &str) -> Self {
        if text.len() <= Self::INLINE {
            let mut bytes = [0; Self::INLINE];
            bytes[..text.len()].copy_from_slice(text.as_bytes());
            TokenText::Inline {
                len: text.len() as u8,
                bytes,
            }
        } else {
            TokenText::Heap(text.into())
        }
    }

    /// The token text of an ASCII word of at most [`TokenText::INLINE`] bytes:
    /// lowercased, every digit read as `0`. (Longer ones are cut.)
    fn ascii_word(word: &[u8]) -> Self {
        let mut bytes = [0; Self::INLINE];
        for (to, &from) in bytes.iter_mut().zip(word) {
            *to = NORMAL_ASCII[usize::from(from)];
        }
        TokenText::Inline {
            len: word.len().min(Self::INLINE) as u8,
            bytes,
        }
    }

    /// An ASCII byte of a word as tokens hold it: lowercase, a digit as `0`.
    const fn normal_ascii(byte: u8) -> u8 {
        if byte.is_ascii_digit() {
            b'0'
        } else {
            byte.to_ascii_lowercase()
        }
    }

    /// The text's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            TokenText::Inline { len, bytes } => &bytes[..usize::from(*len)],
            TokenText::Heap(text) => text.as_bytes(),
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        match self {
            // Made from a `&str` cut at its end: always UTF-8.
            TokenText::Inline { .. } => std::str::from_utf8(self.as_bytes()).unwrap_or(""),
            TokenText::Heap(text) => text,
        }
    }
}

impl std::ops::Deref for TokenText {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<&str> for TokenText {
    fn eq(&self, other: &&str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl std::fmt::Debug for TokenText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

/// The features of one unit: a bucket per n-gram occurrence, with the token it belongs
/// to, plus the facts that hold.
#[derive(Clone, Debug, Default)]
pub struct Features {
    /// The unit's tokens.
    pub tokens: Vec<Token>,
    /// `(bucket, token index)` for every n-gram occurrence; empty when the unit was
    /// read with its weights summed as it was read (see [`Features::listed_grams`]).
    pub grams: Vec<(u32, u32)>,
    /// The facts that hold, one bucket each.
    pub facts: Vec<u32>,
    /// How many n-gram occurrences the unit has (`grams.len()` when they are listed).
    pub gram_count: usize,
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
        if self.gram_count == 0 {
            0.0
        } else {
            1.0 / (self.gram_count as f32).sqrt()
        }
    }

    /// `(bucket, token index)` for every n-gram occurrence, hashed into `1 << bits`
    /// buckets: the listed ones, or, for a unit read with its weights summed, listed
    /// again from its tokens.
    pub fn listed_grams(&self, bits: u8) -> std::borrow::Cow<'_, [(u32, u32)]> {
        if self.grams.len() == self.gram_count {
            std::borrow::Cow::Borrowed(&self.grams)
        } else {
            std::borrow::Cow::Owned(grams_of_tokens(&self.tokens, (1u32 << bits) - 1))
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

/// Each byte as a word token holds it ([`TokenText::normal_ascii`] for ASCII bytes;
/// any other byte as it is).
const NORMAL_ASCII: [u8; 256] = {
    let mut table = [0; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = if b.is_ascii() {
            TokenText::normal_ascii(b)
        } else {
            b
        };
        byte += 1;
    }
    table
};

/// The bytes of ASCII word characters (letters, digits, `_`); every other byte is
/// `false`.
const ASCII_WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 128 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || b == b'_';
        byte += 1;
    }
    table
};

/// Where the run of ASCII word characters starting at `at` (one of them) ends: at the
/// first other byte, or where an inline code span of `code` starts. (None of the run
/// can be inside a span: the caller looked for a span holding `at`, and one starting
/// later ends the run.)
fn ascii_run_end(bytes: &[u8], at: usize, code: &[Range<usize>]) -> usize {
    let stop = code
        .iter()
        .filter(|r| r.start > at)
        .map(|r| r.start)
        .min()
        .unwrap_or(bytes.len())
        .min(bytes.len());
    let mut run = at + 1;
    while run < stop && ASCII_WORD_BYTES[usize::from(bytes[run])] {
        run += 1;
    }
    run
}

/// The marker token a character other than a word character stands for, if any (the
/// two-character arrow `->` is told by the caller).
const fn marker(c: char) -> Option<&'static str> {
    match c {
        '?' => Some("?"),
        '!' => Some("!"),
        ':' => Some(":"),
        '$' | '€' | '£' => Some("$"),
        '%' => Some("%"),
        '→' | '⇒' => Some("->"),
        '\n' => Some("<sub>"),
        _ => None,
    }
}

/// Splits `text` into tokens. `code` holds the byte ranges of inline code, each read as
/// one `<code>` token; a `\n` (between a unit's blocks) is a `<sub>` token.
pub fn tokenize(text: &str, code: &[Range<usize>]) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::with_capacity(text.len() / 4 + 2);
    let mut word = String::new();
    let mut word_start = 0;
    let flush = |word: &mut String, start: usize, end: usize, tokens: &mut Vec<Token>| {
        if !word.is_empty() {
            tokens.push(Token::new(TokenText::new(word), start..end, true));
            word.clear();
        }
    };
    // The character at byte `at` (a character boundary) and its length: an ASCII byte
    // is its own character, anything else is decoded.
    let char_at = |at: usize| -> Option<(char, usize)> {
        let &byte = bytes.get(at)?;
        if byte.is_ascii() {
            Some((char::from(byte), 1))
        } else {
            text[at..].chars().next().map(|c| (c, c.len_utf8()))
        }
    };
    let mut at = 0;
    loop {
        // A space between words is most of what is not a word: passed over at once.
        if code.is_empty() && word.is_empty() && bytes.get(at) == Some(&b' ') {
            at += 1;
            continue;
        }
        let Some((c, len)) = char_at(at) else {
            break;
        };
        let next = at + len;
        if let Some(span) = code.iter().find(|r| r.start <= at && at < r.end) {
            flush(&mut word, word_start, at, &mut tokens);
            tokens.push(Token::new(TokenText::new("<code>"), span.clone(), false));
            // On at the first character that starts at or after the span's end.
            at = next.max(span.end);
            while at < bytes.len() && !text.is_char_boundary(at) {
                at += 1;
            }
            continue;
        }
        if c.is_ascii_alphanumeric() || c == '_' {
            let run = ascii_run_end(bytes, at, code);
            // The common case: a whole word in one run, short enough to keep in place,
            // made with no buffer.
            let goes_on = bytes.get(run).is_some_and(|&b| b == b'\'' || !b.is_ascii());
            if word.is_empty() && !goes_on && run - at <= TokenText::INLINE {
                let text = TokenText::ascii_word(&bytes[at..run]);
                tokens.push(Token::new(text, at..run, true));
                at = run;
                continue;
            }
            if word.is_empty() {
                word_start = at;
            }
            word.extend(
                bytes[at..run]
                    .iter()
                    .map(|&b| char::from(TokenText::normal_ascii(b))),
            );
            at = run;
            continue;
        }
        // Any other word character is not ASCII.
        if !c.is_ascii() && c.is_alphanumeric() {
            if word.is_empty() {
                word_start = at;
            }
            word.extend(c.to_lowercase());
            at = next;
            continue;
        }
        // An apostrophe inside a word ("don't", "I’m") belongs to it.
        if (c == '\'' || c == '’')
            && !word.is_empty()
            && char_at(next).is_some_and(|(n, _)| n.is_alphanumeric())
        {
            word.push('\'');
            at = next;
            continue;
        }
        flush(&mut word, word_start, at, &mut tokens);
        let arrow = c == '-' && char_at(next).is_some_and(|(n, _)| n == '>');
        let end = next + usize::from(arrow);
        let marker = if arrow { Some("->") } else { marker(c) };
        if let Some(text) = marker {
            tokens.push(Token::new(TokenText::new(text), at..end, false));
        }
        at = end;
    }
    flush(&mut word, word_start, text.len(), &mut tokens);
    tokens
}

/// Marks the words of `tokens` read as names ([`Token::name`]): written with a capital
/// and then a small letter, and not among the words `known` holds in lower case. A
/// name's text becomes [`NAME_MARK`]: every name reads alike.
pub fn mark_names(text: &str, tokens: &mut [Token], known: KnownWords<'_>) {
    for token in tokens.iter_mut().filter(|t| t.word) {
        if is_capitalised(&text[token.range.clone()]) && !known.knows(token.text.as_bytes()) {
            token.name = true;
            token.text = TokenText::new(NAME_MARK);
        }
    }
}

/// The text of every word read as a name ([`mark_names`]).
pub const NAME_MARK: &str = "<name>";

/// Whether `word` starts with a capital and then a small letter ("Zoë", "Kafka", not
/// "PR", "iOS" or "I").
pub fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    matches!(
        (chars.next(), chars.next()),
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase()
    )
}

/// Family bytes, so that a word and a character gram with the same letters hash apart.
const UNIGRAM: u8 = b'u';
const BIGRAM: u8 = b'b';
const CHARGRAM: u8 = b'c';
const SECTION: u8 = b's';
const FACT: u8 = b'f';
const KNOWN: u8 = b'k';

/// A unit's tokens, its n-grams (bucket and token index) and its section's bucket.
fn grams(
    section: SectionKind,
    text: &str,
    code: &[Range<usize>],
    bits: u8,
    known: KnownWords<'_>,
) -> (Vec<Token>, Vec<(u32, u32)>, u32) {
    let mask = (1u32 << bits) - 1;
    let mut tokens = tokenize(text, code);
    mark_names(text, &mut tokens, known);
    let grams = grams_of_tokens(&tokens, mask);
    (tokens, grams, section_bucket(section, mask))
}

/// The n-grams of `tokens` (bucket and token index), in order: for each token, its
/// unigram, its bigram with the token before, then, for a word that is not a name, its
/// character grams.
fn grams_of_tokens(tokens: &[Token], mask: u32) -> Vec<(u32, u32)> {
    // A word of n characters has about 4n character grams, plus its unigram and bigram.
    let letters: usize = tokens.iter().map(|t| t.range.len()).sum();
    let mut grams = Vec::with_capacity(letters * 4 + tokens.len() * 2);
    WORD_GRAMS.with_borrow_mut(|words| {
        words.start(mask);
        for (index, token) in tokens.iter().enumerate() {
            let bigram = bigram_bucket(tokens, index, mask);
            let index = index as u32;
            // A marker or a name: its unigram and bigram only.
            if !token.word || token.name {
                grams.push((unigram_bucket(token.text.as_bytes(), mask), index));
                grams.push((bigram, index));
                continue;
            }
            // The word's own grams: its unigram, then its character grams.
            let own = words.of(&token.text);
            grams.push((own[0], index));
            grams.push((bigram, index));
            grams.extend(own[1..].iter().map(|&bucket| (bucket, index)));
        }
    });
    grams
}

/// The bit of a normalised word in a [`KnownWords`] set of `mask + 1` bits.
pub(super) fn known_bucket(word: &[u8], mask: u32) -> u32 {
    Hasher::new(KNOWN).bytes(word).bucket(mask)
}

/// The bucket of the unigram of a token's text.
pub(super) fn unigram_bucket(text: &[u8], mask: u32) -> u32 {
    Hasher::new(UNIGRAM).bytes(text).bucket(mask)
}

/// The bucket of the bigram of `tokens[index]` with the token before it (`<s>` before
/// the first).
pub(super) fn bigram_bucket(tokens: &[Token], index: usize, mask: u32) -> u32 {
    let previous = match index.checked_sub(1).and_then(|p| tokens.get(p)) {
        Some(p) => p.text.as_bytes(),
        None => BIGRAM_START,
    };
    let bytes = tokens.get(index).map_or(&[][..], |t| t.text.as_bytes());
    bigram_from(bigram_prefix(previous), bytes, mask)
}

/// What stands before the first token in its bigram.
pub(super) const BIGRAM_START: &[u8] = b"<s>";

/// The hash state of a bigram whose first token is `previous`, before the second
/// token's bytes ([`bigram_from`] goes on from it): it depends on the first token
/// alone, so it can be kept with it.
pub(super) fn bigram_prefix(previous: &[u8]) -> u64 {
    Hasher::new(BIGRAM).bytes(previous).bytes(&[0x1f]).0
}

/// The bucket of the bigram of the token `bytes` after the token whose
/// [`bigram_prefix`] is `prefix`.
pub(super) fn bigram_from(prefix: u64, bytes: &[u8], mask: u32) -> u32 {
    Hasher(prefix).bytes(bytes).bucket(mask)
}

/// The bucket of a section kind.
fn section_bucket(section: SectionKind, mask: u32) -> u32 {
    Hasher::new(SECTION)
        .bytes(section.as_str().as_bytes())
        .bucket(mask)
}

thread_local! {
    /// The grams of the words this thread read lately.
    static WORD_GRAMS: std::cell::RefCell<WordGrams> = std::cell::RefCell::new(WordGrams::default());
}

/// The buckets of a word's own grams (its unigram, then its character grams), which
/// depend on the word alone: kept for the most frequent words, since the same few
/// thousand words make up nearly every text and hashing their grams was the largest
/// cost of reading one.
#[derive(Default)]
struct WordGrams {
    /// The mask the buckets were taken with.
    mask: u32,
    /// Where each kept word's buckets are in `buckets`.
    by_word: rustc_hash::FxHashMap<Box<[u8]>, (u32, u32)>,
    buckets: Vec<u32>,
    /// The buckets of a word that is not kept.
    scratch: Vec<u32>,
    /// Room to hash a word in, kept from word to word.
    room: GramRoom,
}

/// The buffers [`word_grams`] works in: " word " and the places of its characters, or
/// its ASCII grams by length.
#[derive(Default)]
pub(super) struct GramRoom {
    padded: Vec<u8>,
    bounds: Vec<usize>,
    by_length: Vec<u32>,
}

impl WordGrams {
    /// How many words are kept (about 100 bytes each): the first ones read, which in
    /// a notes folder are its common words.
    const KEPT: usize = 4096;

    /// Starts reading with `mask`: the words kept with another one are dropped.
    fn start(&mut self, mask: u32) {
        if self.mask != mask {
            self.mask = mask;
            self.by_word.clear();
            self.buckets.clear();
        }
    }

    /// The buckets of `word`'s own grams.
    fn of(&mut self, word: &TokenText) -> &[u32] {
        let bytes = word.as_bytes();
        if let Some(&(at, len)) = self.by_word.get(bytes) {
            return &self.buckets[at as usize..(at + len) as usize];
        }
        if self.by_word.len() < Self::KEPT {
            let at = self.buckets.len();
            word_grams(word.as_str(), self.mask, &mut self.room, &mut self.buckets);
            let len = self.buckets.len() - at;
            self.by_word.insert(bytes.into(), (at as u32, len as u32));
            return &self.buckets[at..];
        }
        self.scratch.clear();
        word_grams(word.as_str(), self.mask, &mut self.room, &mut self.scratch);
        &self.scratch
    }
}

/// Appends to `out` the buckets of `word`'s unigram and of its character 2- to 5-grams
/// over " word ", by length, then start; `room` is worked in.
pub(super) fn word_grams(word: &str, mask: u32, room: &mut GramRoom, out: &mut Vec<u32>) {
    let bytes = word.as_bytes();
    out.push(Hasher::new(UNIGRAM).bytes(bytes).bucket(mask));
    let GramRoom {
        padded,
        bounds,
        by_length,
    } = room;
    padded.clear();
    padded.push(b' ');
    padded.extend_from_slice(bytes);
    padded.push(b' ');
    if word.is_ascii() {
        // A character is a byte: the grams starting at one byte are hashed in one
        // pass, since FNV reads bytes in order and the hash of a gram continues into
        // the next longer one; they are handed on by length, then start, as the model
        // was trained.
        let chars = padded.len();
        by_length.clear();
        by_length.resize(4 * chars, 0);
        for start in 0..chars {
            let mut hash = Hasher::new(CHARGRAM).0;
            for (n, &byte) in padded[start..chars.min(start + 5)].iter().enumerate() {
                hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
                if n >= 1 {
                    by_length[(n - 1) * chars + start] = Hasher(hash).bucket(mask);
                }
            }
        }
        for n in 2..=chars.min(5) {
            let row = (n - 2) * chars;
            out.extend_from_slice(&by_length[row..=row + chars - n]);
        }
        return;
    }
    // Where each character of " word " starts, and where the last one ends.
    bounds.clear();
    bounds.push(0);
    bounds.extend(word.char_indices().map(|(i, _)| i + 1));
    bounds.push(bytes.len() + 1);
    bounds.push(padded.len());
    let chars = bounds.len() - 1;
    for n in 2..=5usize {
        if n > chars {
            break;
        }
        for start in 0..=chars - n {
            let gram = &padded[bounds[start]..bounds[start + n]];
            out.push(Hasher::new(CHARGRAM).bytes(gram).bucket(mask));
        }
    }
}

/// Whether `fact` is read from the tokens alone (cheap: read with the n-grams), rather
/// than by a detector or the lexicon.
const fn from_tokens(fact: Fact) -> bool {
    matches!(fact, Fact::Question | Fact::FirstPerson | Fact::Nested)
}

/// The bucket of a fact.
fn fact_bucket(fact: Fact, mask: u32) -> u32 {
    Hasher::new(FACT).bytes(&[fact as u8]).bucket(mask)
}

/// Turns a unit into features hashed into `1 << bits` buckets.
///
/// `text` is the unit's text, its blocks joined by `\n`; `code` the byte ranges of
/// inline code in it; `known` the words the model knows in lower case, which tell a
/// name from a word ([`mark_names`]).
pub fn extract(
    section: SectionKind,
    text: &str,
    code: &[Range<usize>],
    bits: u8,
    known: KnownWords<'_>,
) -> Features {
    let mask = (1u32 << bits) - 1;
    let (tokens, grams, section) = grams(section, text, code, bits, known);
    let detected = detected_holds(text);
    let mut facts = vec![section];
    for (index, fact) in Fact::ALL.into_iter().enumerate() {
        let holds = if from_tokens(fact) {
            token_fact_holds(fact, &tokens)
        } else {
            detected[index]
        };
        if holds {
            facts.push(fact_bucket(fact, mask));
        }
    }
    Features {
        tokens,
        gram_count: grams.len(),
        grams,
        facts,
    }
}

/// [`extract`] without the facts that detectors and the lexicon read: the n-grams, the
/// section and the facts of the tokens. [`Detected::facts`] gives the rest, when a
/// score depends on them ([`Detected::buckets`] are the buckets they can take).
pub fn extract_partial(
    section: SectionKind,
    text: &str,
    code: &[Range<usize>],
    bits: u8,
    known: KnownWords<'_>,
) -> Features {
    let mask = (1u32 << bits) - 1;
    let (tokens, grams, _) = grams(section, text, code, bits, known);
    Features {
        facts: token_facts(section, &tokens, mask),
        gram_count: grams.len(),
        tokens,
        grams,
    }
}

/// The buckets of the facts [`extract_partial`] reads: the section's, then those of the
/// facts of `tokens` that hold.
pub(super) fn token_facts(section: SectionKind, tokens: &[Token], mask: u32) -> Vec<u32> {
    facts_of_tokens(section, |fact| token_fact_holds(fact, tokens), mask)
}

/// [`token_facts`], told by `holds` which facts of the tokens hold.
pub(super) fn facts_of_tokens(
    section: SectionKind,
    holds: impl Fn(Fact) -> bool,
    mask: u32,
) -> Vec<u32> {
    let mut facts = Vec::with_capacity(4);
    facts.push(section_bucket(section, mask));
    for fact in Fact::ALL {
        if from_tokens(fact) && holds(fact) {
            facts.push(fact_bucket(fact, mask));
        }
    }
    facts
}

/// The two kinds of facts [`extract_partial`] leaves out, in the order they are worth
/// reading: the lexicon's word classes (one scan), then the detectors' deadlines,
/// measures, skills and plans (a lexer and several scans per line).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detected {
    /// The facts of the lexicon's word classes.
    Lexicon,
    /// Deadlines, measures, named skills and learning steps.
    Detectors,
}

impl Detected {
    /// Whether `fact` is of this kind.
    fn covers(self, fact: Fact) -> bool {
        let detector = matches!(
            fact,
            Fact::TimeBound | Fact::Metric | Fact::SpecificSkill | Fact::Plan
        );
        match self {
            Detected::Detectors => detector,
            Detected::Lexicon => !detector && !from_tokens(fact),
        }
    }

    /// The buckets of the facts of this kind that hold of `text`.
    pub fn facts(self, text: &str, bits: u8) -> Vec<u32> {
        let mask = (1u32 << bits) - 1;
        let holds = match self {
            Detected::Lexicon => lexicon_holds(text),
            Detected::Detectors => detectors_hold(text),
        };
        Fact::ALL
            .into_iter()
            .zip(holds)
            .filter(|&(fact, holds)| holds && self.covers(fact))
            .map(|(fact, _)| fact_bucket(fact, mask))
            .collect()
    }

    /// The buckets every fact of this kind would take.
    pub fn buckets(self, bits: u8) -> Vec<u32> {
        let mask = (1u32 << bits) - 1;
        Fact::ALL
            .into_iter()
            .filter(|&fact| self.covers(fact))
            .map(|fact| fact_bucket(fact, mask))
            .collect()
    }
}

/// For each fact of [`Fact::ALL`], whether it holds of `text`: the lexicon's facts and
/// the detectors' (false for the facts of the tokens).
fn detected_holds(text: &str) -> [bool; Fact::ALL.len()] {
    let lexicon = lexicon_holds(text);
    let detectors = detectors_hold(text);
    std::array::from_fn(|i| lexicon[i] || detectors[i])
}

/// For each fact of [`Fact::ALL`], whether it is a fact of the lexicon that holds.
fn lexicon_holds(text: &str) -> [bool; Fact::ALL.len()] {
    let lexicon = Lexicon::get();
    let mut holds = [false; Fact::ALL.len()];
    for (fact, matched) in lexicon.fact_of.iter().zip(lexicon.bank.matching(text)) {
        holds[*fact as usize] |= matched;
    }
    holds
}

/// For each fact of [`Fact::ALL`], whether it is a detector's fact that holds.
fn detectors_hold(text: &str) -> [bool; Fact::ALL.len()] {
    // Deadlines and measures, line by line (each line lexed once for both).
    let (mut time_bound, mut metric) = (false, false);
    for line in text.split('\n') {
        let (t, m) = metric::time_bound_and_metric(line);
        time_bound |= t;
        metric |= m;
        if time_bound && metric {
            break;
        }
    }
    let skills = SkillWords::get();
    Fact::ALL.map(|fact| match fact {
        Fact::TimeBound => time_bound,
        Fact::Metric => metric,
        Fact::SpecificSkill => text.split('\n').any(|t| skills.is_specific(t)),
        Fact::Plan => text.split('\n').any(|t| skills.has_plan(t)),
        _ => false,
    })
}

/// Whether a fact of the tokens ([`from_tokens`]) holds.
fn token_fact_holds(fact: Fact, tokens: &[Token]) -> bool {
    match fact {
        Fact::Question => tokens.iter().any(|t| t.text == QUESTION_MARK),
        Fact::FirstPerson => tokens.iter().any(|t| is_first_person(t.text.as_bytes())),
        Fact::Nested => tokens.iter().any(|t| t.text == NESTED_MARK),
        _ => false,
    }
}

/// The token of a question mark ([`Fact::Question`]).
pub(super) const QUESTION_MARK: &str = "?";
/// The token that starts a nested item ([`Fact::Nested`]).
pub(super) const NESTED_MARK: &str = "<sub>";

/// Whether a token's text is the writer speaking of themselves ([`Fact::FirstPerson`]).
pub(super) fn is_first_person(text: &[u8]) -> bool {
    matches!(
        text,
        b"i" | b"i'm" | b"i've" | b"i'd" | b"i'll" | b"im" | b"me" | b"my" | b"mine" | b"myself"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_lists_are_read_from_the_embedded_data() {
        for yaml in [
            LEXICON,
            crate::rules::complaint_phrasing::DATA,
            include_str!("../../rules/promotion-ask.yaml"),
            include_str!("../../rules/vague-feedback-request.yaml"),
            include_str!("../../rules/vague-aspiration.yaml"),
        ] {
            let parsed: serde_yaml::Value = serde_yaml::from_str(yaml).expect("the data parses");
            let expected: BTreeMap<String, Vec<String>> = parsed
                .as_mapping()
                .expect("a mapping")
                .iter()
                .filter_map(|(key, value)| {
                    let words = value.as_sequence()?.iter();
                    let words = words.filter_map(|w| w.as_str().map(str::to_string));
                    Some((key.as_str()?.to_string(), words.collect()))
                })
                .collect();
            let read: BTreeMap<String, Vec<String>> = crate::rules::data::string_lists(yaml)
                .expect("embedded")
                .into_iter()
                .map(|(key, words)| {
                    (
                        key.to_string(),
                        words.into_iter().map(str::to_string).collect(),
                    )
                })
                .collect();
            assert!(!read.is_empty());
            assert_eq!(read, expected);
        }
        assert!(crate::rules::data::string_lists("words: [a]").is_none());
    }

    /// The tokens as first defined, a decoded character at a time.
    fn tokenize_by_characters(text: &str, code: &[Range<usize>]) -> Vec<Token> {
        let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
        let mut chars = text.char_indices().peekable();
        let mut word = String::new();
        let mut word_start = 0;
        let flush = |word: &mut String, start: usize, end: usize, tokens: &mut Vec<Token>| {
            if !word.is_empty() {
                tokens.push(Token {
                    text: TokenText::new(word),
                    range: start..end,
                    word: true,
                    name: false,
                });
                word.clear();
            }
        };
        while let Some((at, c)) = chars.next() {
            if let Some(span) = code.iter().find(|r| r.start <= at && at < r.end) {
                flush(&mut word, word_start, at, &mut tokens);
                tokens.push(Token {
                    text: TokenText::new("<code>"),
                    range: span.clone(),
                    word: false,
                    name: false,
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
                '?' => Some("?"),
                '!' => Some("!"),
                ':' => Some(":"),
                '$' | '€' | '£' => Some("$"),
                '%' => Some("%"),
                '→' | '⇒' => Some("->"),
                '-' if chars.peek().is_some_and(|&(_, n)| n == '>') => {
                    chars.next();
                    end += 1;
                    Some("->")
                }
                '\n' => Some("<sub>"),
                _ => None,
            };
            if let Some(text) = marker {
                tokens.push(Token {
                    text: TokenText::new(text),
                    range: at..end,
                    word: false,
                    name: false,
                });
            }
        }
        flush(&mut word, word_start, text.len(), &mut tokens);
        tokens
    }

    #[test]
    fn tokens_are_the_same_read_by_bytes_or_by_characters() {
        let mut texts: Vec<(String, Vec<Range<usize>>)> = [
            "don't won’t I'm ’tis '' x' 'y",
            "a->b -> → ⇒ - > $5 €3 £2 50% 3:30? yes!",
            "ünïcode ÉCOLE 東京 ٣ café_bar snake_case x\u{301}",
            "line one\nline two\n",
            "",
        ]
        .iter()
        .map(|t| (t.to_string(), Vec::new()))
        .collect();
        // Inline code, also ending inside a character and past the end.
        let coded = "use `foo_bar` → `naïve`!".to_string();
        let naive = coded.find("na").expect("word");
        texts.push((coded.clone(), vec![4..13, naive..naive + 3]));
        texts.push((coded.clone(), std::iter::once(0..coded.len() + 4).collect()));
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/labelled/writers");
        for writer in ["w02", "w14"] {
            let yaml = std::fs::read_to_string(dir.join(format!("{writer}.yaml")))
                .expect("labelled notes are in the repository");
            for bullet in crate::wording::corpus::read_writer(writer, &yaml).expect("reads") {
                texts.push((bullet.text, Vec::new()));
            }
        }
        for (text, code) in &texts {
            assert_eq!(
                tokenize(text, code),
                tokenize_by_characters(text, code),
                "{text:?}"
            );
        }
        assert!(texts.len() > 1000);
    }

    #[test]
    fn kept_word_grams_are_the_grams_of_the_word() {
        let fresh = |word: &str, mask: u32| {
            let mut out = Vec::new();
            word_grams(word, mask, &mut GramRoom::default(), &mut out);
            out
        };
        let mut words = WordGrams::default();
        words.start(0xffff);
        let names: Vec<String> = (0..=WordGrams::KEPT).map(|i| format!("w{i}é")).collect();
        for _ in 0..2 {
            for name in names.iter().chain([&"keeps".to_string()]) {
                let kept = words.of(&TokenText::new(name)).to_vec();
                assert_eq!(kept, fresh(name, 0xffff), "{name}");
            }
        }
        assert_eq!(words.by_word.len(), WordGrams::KEPT);
        // Another mask: nothing kept with the old one is handed out.
        words.start(0xff);
        assert_eq!(words.of(&TokenText::new("keeps")), fresh("keeps", 0xff));
        assert_eq!(words.by_word.len(), 1);
    }

    /// A word with a capital then a small letter that the writers never wrote in lower
    /// case is a name, read by its unigram and bigram only; a capitalised word they
    /// also wrote in lower case, an acronym, a lower-case word and "I" keep their
    /// character grams.
    #[test]
    fn names_are_read_without_their_character_grams() {
        let known = super::super::known::gather(
            [("a", "honestly, keep it"), ("b", "honestly the iOS build")]
                .map(|(writer, text)| (writer, text, &[][..])),
            12,
        );
        let known = KnownWords::from_bitmap(&known).expect("a power of two");
        let text = "Honestly Zoë and Søren keep changing the PRs, I think; iOS is fine";
        let mut tokens = tokenize(text, &[]);
        assert!(tokens.iter().all(|t| !t.name), "tokenize marks no names");
        mark_names(text, &mut tokens, known);
        let names: Vec<&str> = tokens
            .iter()
            .filter(|t| t.name)
            .map(|t| &text[t.range.clone()])
            .collect();
        assert_eq!(names, ["Zoë", "Søren"]);
        let mask = 0xffff;
        let grams = grams_of_tokens(&tokens, mask);
        for (index, token) in tokens.iter().enumerate() {
            let of_token = grams.iter().filter(|(_, i)| *i as usize == index).count();
            let expected = if token.name || !token.word {
                2
            } else {
                let mut own = Vec::new();
                word_grams(
                    token.text.as_str(),
                    mask,
                    &mut GramRoom::default(),
                    &mut own,
                );
                own.len() + 1
            };
            assert_eq!(of_token, expected, "{}", &text[token.range.clone()]);
        }
        assert!(
            tokens
                .iter()
                .filter(|t| t.name)
                .all(|t| t.text == NAME_MARK)
        );
        // The same name with and without its capital: only the capital makes it a name,
        // and every name reads alike.
        let read = |text: &str, known| extract(SectionKind::Other, text, &[], 16, known);
        let lower = read("zoë keeps changing", known);
        let upper = read("Zoë keeps changing", known);
        assert!(upper.grams.len() < lower.grams.len());
        assert_ne!(upper.grams[0], lower.grams[0]);
        assert_eq!(upper.grams, read("Søren keeps changing", known).grams);
        assert_eq!(upper.grams, read("Kwame keeps changing", known).grams);
        // A model that keeps no set reads every word by its letters.
        let every = read("Zoë keeps changing", KnownWords::EVERY_WORD);
        assert_eq!(every.grams, lower.grams);
    }

    #[test]
    fn a_token_text_reads_back_in_place_or_on_the_heap() {
        let long = "x".repeat(TokenText::INLINE + 1);
        let edge = "é".repeat(TokenText::INLINE / 2);
        for text in ["", "?", "<sub>", "don't", edge.as_str(), long.as_str()] {
            let token = TokenText::new(text);
            assert_eq!(token.as_str(), text);
            assert_eq!(token.as_bytes(), text.as_bytes());
            assert!(token == text);
            let in_place = matches!(token, TokenText::Inline { .. });
            assert_eq!(in_place, text.len() <= TokenText::INLINE, "{text}");
        }
        assert!(TokenText::new("ab") != "abc");
    }

    /// The character grams of one word, each hashed on its own, by length then start:
    /// what the one-pass hashing of ASCII words must give.
    fn char_grams_one_by_one(word: &str, mask: u32) -> Vec<u32> {
        let padded: Vec<char> = format!(" {word} ").chars().collect();
        let mut grams = Vec::new();
        for n in 2..=5usize.min(padded.len()) {
            for start in 0..=padded.len() - n {
                let gram: String = padded[start..start + n].iter().collect();
                grams.push(Hasher::new(CHARGRAM).bytes(gram.as_bytes()).bucket(mask));
            }
        }
        grams
    }

    #[test]
    fn character_grams_are_hashed_as_one_by_one() {
        for word in [
            "a",
            "ok",
            "pip",
            "keeps",
            "never",
            "backpressure",
            "k8s",
            "café",
            "naïve",
            "straße",
            "x",
        ] {
            let (tokens, grams, _) =
                grams(SectionKind::Other, word, &[], 16, KnownWords::EVERY_WORD);
            assert_eq!(tokens.len(), 1, "{word}");
            let chars: Vec<u32> = grams[2..].iter().map(|&(bucket, _)| bucket).collect();
            let expected = char_grams_one_by_one(&tokens[0].text, (1 << 16) - 1);
            assert_eq!(chars, expected, "{word}");
        }
    }

    fn words(text: &str) -> Vec<String> {
        tokenize(text, &[])
            .into_iter()
            .map(|t| t.text.to_string())
            .collect()
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
    fn the_lexicon_bank_reads_each_list_as_the_list_does() {
        let lexicon = Lexicon::get();
        let lists = Lexicon::build();
        assert_eq!(lists.len(), lexicon.bank.matching("").len());
        for (index, (fact, _)) in lists.iter().enumerate() {
            assert_eq!(lexicon.fact_of[index], *fact, "{fact:?}");
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/labelled/writers");
        let mut read = 0;
        for writer in ["w02", "w14", "w24"] {
            let yaml = std::fs::read_to_string(dir.join(format!("{writer}.yaml")))
                .expect("labelled notes are in the repository");
            for bullet in crate::wording::corpus::read_writer(writer, &yaml).expect("reads") {
                let expected: Vec<bool> = separate_lists()
                    .iter()
                    .map(|list| list.is_match(&bullet.text))
                    .collect();
                assert_eq!(
                    lexicon.bank.matching(&bullet.text),
                    expected,
                    "{}",
                    bullet.text
                );
                read += 1;
            }
        }
        assert!(read > 2000, "{read}");
    }

    /// The lexicon's lists, each searched on its own.
    fn separate_lists() -> &'static [PhraseList] {
        static LISTS: OnceLock<Vec<PhraseList>> = OnceLock::new();
        LISTS.get_or_init(|| Lexicon::build().into_iter().map(|(_, l)| l).collect())
    }

    /// The n-grams as their definition reads: each token, each pair of tokens, and every
    /// 2 to 5 characters of " word ", hashed from scratch, by length then start.
    fn plain_grams(text: &str, bits: u8) -> Vec<(u32, u32)> {
        let mask = (1u32 << bits) - 1;
        let tokens = tokenize(text, &[]);
        let mut out = Vec::new();
        for (index, token) in tokens.iter().enumerate() {
            let i = index as u32;
            out.push((
                Hasher::new(UNIGRAM)
                    .bytes(token.text.as_bytes())
                    .bucket(mask),
                i,
            ));
            let previous = index
                .checked_sub(1)
                .map_or("<s>", |p| tokens[p].text.as_str());
            let pair = Hasher::new(BIGRAM)
                .bytes(previous.as_bytes())
                .bytes(&[0x1f])
                .bytes(token.text.as_bytes())
                .bucket(mask);
            out.push((pair, i));
            if !token.word {
                continue;
            }
            let padded: Vec<char> = format!(" {} ", token.text.as_str()).chars().collect();
            for n in 2..=5 {
                for window in padded.windows(n) {
                    let gram: String = window.iter().collect();
                    out.push((Hasher::new(CHARGRAM).bytes(gram.as_bytes()).bucket(mask), i));
                }
            }
        }
        out
    }

    #[test]
    fn grams_follow_their_definition() {
        for text in [
            "I keep getting paged at 3am",
            "a b ünïcode 東京 don't x?",
            "Café → naïve résumé",
            "",
        ] {
            let features = extract(SectionKind::Other, text, &[], 16, KnownWords::EVERY_WORD);
            assert_eq!(features.grams, plain_grams(text, 16), "{text}");
        }
    }

    #[test]
    fn extraction_is_stable() {
        let a = extract(
            SectionKind::Career,
            "I want to lead",
            &[],
            16,
            KnownWords::EVERY_WORD,
        );
        let b = extract(
            SectionKind::Career,
            "I want to lead",
            &[],
            16,
            KnownWords::EVERY_WORD,
        );
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
        let b = extract(
            SectionKind::Career,
            "ship it",
            &[],
            16,
            KnownWords::EVERY_WORD,
        );
        assert!(!b.facts.contains(&first_person));
    }
}
