//! Learned scorers for the rules that judge free wording: `complaint-phrasing`,
//! `vague-feedback-request`, `promotion-ask`, `vague-aspiration`, `generic-skill-wish`,
//! and the learning path `missing-skill-gap` looks for.
//!
//! Each scorer is a logistic regression over hashed word and character n-grams of one
//! unit of text (an item with its nested items, a paragraph, a sub-heading with its
//! content), the kind of section it stands in, and a few facts the other detectors
//! establish (a deadline, a metric, a named skill). The weights are trained offline from
//! the labelled notes under `tests/labelled/writers/` by `scripts/train/train.sh`, and
//! embedded as `rules/wording.model`, read in place. The rules keep their phrase lists
//! for what the user adds or allows (`extra_phrases`, `allow_phrases` win over a score)
//! and for pointing at the words that carry a finding.

pub mod corpus;
pub mod features;
pub mod known;
pub mod model;
pub mod summed;
pub mod train;

use std::cell::{OnceCell, RefCell};
use std::ops::Range;
use std::rc::Rc;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::diagnostic::Span;
use crate::model::{Agenda, Block, SectionKind};

pub use features::{Detected, Features};
pub use model::WordingModel;

/// The embedded model file.
pub const BUILTIN_MODEL: &[u8] = include_bytes!("../../rules/wording.model");

/// The rules that judge wording with the scorers: the wording pass.
pub const RULES: [&str; 6] = [
    "complaint-phrasing",
    "vague-feedback-request",
    "promotion-ask",
    "vague-aspiration",
    "generic-skill-wish",
    "missing-skill-gap",
];

/// What a scorer judges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Scorer {
    /// A grievance with no proposal (`complaint-phrasing`).
    ComplaintPhrasing,
    /// A generic request for feedback (`vague-feedback-request`).
    VagueFeedbackRequest,
    /// A direct ask about one's own promotion, title, level or pay (`promotion-ask`).
    PromotionAsk,
    /// A career aspiration with no time frame and no first step (`vague-aspiration`).
    VagueAspiration,
    /// A skills item with no specific skill, or no plan (`generic-skill-wish`).
    GenericSkillWish,
    /// A skill to deepen with a step or resource and a time frame (what
    /// `missing-skill-gap` looks for).
    LearningPath,
}

impl Scorer {
    /// How many scorers there are.
    pub const COUNT: usize = 6;

    /// Every scorer, in model order.
    pub const ALL: [Scorer; Self::COUNT] = [
        Scorer::ComplaintPhrasing,
        Scorer::VagueFeedbackRequest,
        Scorer::PromotionAsk,
        Scorer::VagueAspiration,
        Scorer::GenericSkillWish,
        Scorer::LearningPath,
    ];

    /// The label of its examples: the rule id, or `learning-path`.
    pub const fn label(self) -> &'static str {
        match self {
            Scorer::ComplaintPhrasing => "complaint-phrasing",
            Scorer::VagueFeedbackRequest => "vague-feedback-request",
            Scorer::PromotionAsk => "promotion-ask",
            Scorer::VagueAspiration => "vague-aspiration",
            Scorer::GenericSkillWish => "generic-skill-wish",
            Scorer::LearningPath => "learning-path",
        }
    }

    /// The scorer of a label.
    pub fn from_label(label: &str) -> Option<Scorer> {
        Self::ALL.into_iter().find(|s| s.label() == label)
    }

    /// Whether the scorer judges units of this section kind (its rule applies there).
    pub fn applies_to(self, kind: SectionKind) -> bool {
        match self {
            Scorer::VagueAspiration => kind == SectionKind::Career,
            Scorer::GenericSkillWish => kind == SectionKind::Skills,
            Scorer::ComplaintPhrasing
            | Scorer::VagueFeedbackRequest
            | Scorer::PromotionAsk
            | Scorer::LearningPath => true,
        }
    }
}

/// The embedded model.
///
/// # Panics
///
/// When the embedded file does not read: a test reads it.
pub fn builtin() -> WordingModel<'static> {
    static MODEL: OnceLock<WordingModel<'static>> = OnceLock::new();
    *MODEL.get_or_init(|| {
        WordingModel::from_bytes(BUILTIN_MODEL).expect("the embedded model is read by a test")
    })
}

/// The text a scorer reads for a run of blocks: their texts joined by `\n` (template
/// prompts left out), with the inline code ranges moved to match; at most
/// [`READ_WINDOW`] bytes of it.
pub fn unit_text(blocks: &[Block]) -> (String, Vec<Range<usize>>) {
    let mut text = String::new();
    let mut code = Vec::new();
    for block in blocks.iter().filter(|b| !b.placeholder) {
        if text.len() >= READ_WINDOW {
            break;
        }
        if !text.is_empty() {
            text.push('\n');
        }
        let at = text.len();
        text.push_str(&block.text);
        code.extend(block.code.iter().map(|r| r.start + at..r.end + at));
    }
    if text.len() > READ_WINDOW {
        let mut cut = READ_WINDOW;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        code.retain(|r| r.start < cut);
        for r in &mut code {
            r.end = r.end.min(cut);
        }
    }
    (text, code)
}

/// How much of a unit the scorers read, in bytes: the longest item in the labelled
/// notes is under 600 bytes, so this is far beyond anything written by hand, and it
/// keeps the cost of a pathological megabyte-long item to that of an ordinary one.
pub const READ_WINDOW: usize = 4096;

/// A unit's text and features, shared by the rules that read the same unit.
#[derive(Debug)]
struct Reading {
    text: String,
    /// The inline code of `text` it was read with.
    code: Vec<Range<usize>>,
    /// The kind of section it was read in, and what of the model the reading depends
    /// on ([`WordingModel::reader`]).
    kind: SectionKind,
    reader: u64,
    /// Its n-grams and the facts of its tokens ([`features::extract_partial`]).
    features: Features,
    /// The facts the lexicon and the detectors read, each read only when a score
    /// depends on them.
    facts: LazyFacts,
}

/// The facts of a text that [`features::extract_partial`] leaves out, each kind read
/// on first need; and its n-grams' summed weights for every scorer of the model that
/// first asked.
#[derive(Debug, Default)]
struct LazyFacts {
    lexicon: OnceCell<Vec<u32>>,
    detectors: OnceCell<Vec<u32>>,
    sums: OnceCell<(u64, [i64; Scorer::COUNT])>,
}

impl LazyFacts {
    /// Whether `scorer` fires on a text's `features`, reading its other facts only as
    /// far as the answer depends on them: the lexicon's first (one scan), then the
    /// detectors'.
    fn decide(
        &self,
        model: &WordingModel<'_>,
        scorer: Scorer,
        features: &Features,
        text: &str,
    ) -> bool {
        let bits = model.bits();
        let cached = self
            .sums
            .get_or_init(|| (model.identity(), model.gram_sums(features)));
        let own;
        let sums = if cached.0 == model.identity() {
            &cached.1
        } else {
            own = model.gram_sums(features);
            &own
        };
        let lexicon = unknown_buckets(Detected::Lexicon, bits);
        let detectors = unknown_buckets(Detected::Detectors, bits);
        // At most one bucket per fact each: kept on the stack, since this runs for
        // every scorer on every unit.
        let mut known = Buckets::default();
        let mut unknown = Buckets::default();
        for (cell, buckets) in [(&self.lexicon, &lexicon), (&self.detectors, &detectors)] {
            match cell.get() {
                Some(facts) => known.extend(facts),
                None => unknown.extend(buckets),
            }
        }
        if let Some(answer) =
            model.fires_regardless(scorer, features, sums, known.get(), unknown.get())
        {
            return answer;
        }
        if self.lexicon.get().is_none() {
            known.extend(
                self.lexicon
                    .get_or_init(|| Detected::Lexicon.facts(text, bits)),
            );
            if self.detectors.get().is_none() {
                if let Some(answer) =
                    model.fires_regardless(scorer, features, sums, known.get(), &detectors)
                {
                    return answer;
                }
            }
        }
        if self.detectors.get().is_none() {
            known.extend(
                self.detectors
                    .get_or_init(|| Detected::Detectors.facts(text, bits)),
            );
        }
        model.fires_given(scorer, features, sums, known.get())
    }
}

/// Fact buckets gathered on the stack: room for one per fact.
struct Buckets {
    len: usize,
    buckets: [u32; features::Fact::ALL.len()],
}

impl Default for Buckets {
    fn default() -> Self {
        Self {
            len: 0,
            buckets: [0; features::Fact::ALL.len()],
        }
    }
}

impl Buckets {
    /// Adds `more` (what does not fit is left out: each fact has one bucket, and the
    /// two kinds gathered have no fact in common).
    fn extend(&mut self, more: &[u32]) {
        for &bucket in more {
            if let Some(slot) = self.buckets.get_mut(self.len) {
                *slot = bucket;
                self.len += 1;
            }
        }
    }

    fn get(&self) -> &[u32] {
        &self.buckets[..self.len]
    }
}

/// The buckets of the facts of `kind`, for a hash width.
fn unknown_buckets(kind: Detected, bits: u8) -> std::borrow::Cow<'static, [u32]> {
    static BUILTIN: OnceLock<(u8, Vec<u32>, Vec<u32>)> = OnceLock::new();
    let (builtin_bits, lexicon, detectors) = BUILTIN.get_or_init(|| {
        let bits = builtin().bits();
        (
            bits,
            Detected::Lexicon.buckets(bits),
            Detected::Detectors.buckets(bits),
        )
    });
    match kind {
        _ if *builtin_bits != bits => std::borrow::Cow::Owned(kind.buckets(bits)),
        Detected::Lexicon => std::borrow::Cow::Borrowed(lexicon),
        Detected::Detectors => std::borrow::Cow::Borrowed(detectors),
    }
}

impl Reading {
    /// Whether it was read from this text, code and section kind, by a model that reads
    /// alike (`reader`).
    fn read_from(&self, text: &str, code: &[Range<usize>], kind: SectionKind, reader: u64) -> bool {
        self.kind == kind && self.reader == reader && self.text == text && self.code == code
    }
}

/// The readings of the units of the last agenda checked on this thread. The wording
/// rules run one after the other on an agenda and read many of the same units: each is
/// read once. The readings of the agenda before it are kept by content too: an editor
/// checks one agenda again at each keystroke, and only the units that changed are read
/// again.
#[derive(Default)]
struct Readings {
    agenda: u64,
    by_unit: FxHashMap<UnitKey, Rc<Reading>>,
    /// The readings of the agenda checked before, by a hash of what they were read
    /// from (checked in full on a hit; a collision only loses a reading).
    previous: FxHashMap<u64, Rc<Reading>>,
}

impl Readings {
    /// Starts on `agenda`: the readings of the one before are kept by content.
    fn start(&mut self, agenda: u64) {
        if self.agenda == agenda {
            return;
        }
        self.agenda = agenda;
        self.previous.clear();
        for (_, reading) in self.by_unit.drain() {
            let key = content_hash(&reading.text, &reading.code, reading.kind, reading.reader);
            self.previous.insert(key, reading);
        }
    }

    /// The reading of the unit `key` of the current agenda, if it was read.
    fn of_unit(&mut self, agenda: u64, key: &UnitKey) -> Option<Rc<Reading>> {
        self.start(agenda);
        self.by_unit.get(key).cloned()
    }
}

/// A unit of an agenda as the readings know it: its blocks' range, its section's kind and
/// the model's [`WordingModel::reader`].
type UnitKey = (usize, usize, SectionKind, u64);

/// A hash of what a reading depends on: the unit's text, its inline code, the kind of
/// section it stands in and the model's [`WordingModel::reader`].
fn content_hash(text: &str, code: &[Range<usize>], kind: SectionKind, reader: u64) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    text.hash(&mut hasher);
    for range in code {
        (range.start, range.end).hash(&mut hasher);
    }
    kind.hash(&mut hasher);
    reader.hash(&mut hasher);
    hasher.finish()
}

thread_local! {
    static READINGS: RefCell<Readings> = RefCell::new(Readings::default());
}

/// One unit of text as the scorers read it.
#[derive(Debug)]
pub struct Unit<'b> {
    blocks: &'b [Block<'b>],
    reading: Rc<Reading>,
}

impl<'b> Unit<'b> {
    /// Reads the blocks `range` of `agenda`, standing in a section of `kind`.
    pub fn read(
        model: &WordingModel<'_>,
        agenda: &'b Agenda<'_>,
        kind: SectionKind,
        range: Range<usize>,
    ) -> Self {
        // Most reads are of a unit another rule has read already: look before building
        // its text.
        let key = (range.start, range.end, kind, model.reader());
        if let Some(reading) = READINGS.with(|r| r.borrow_mut().of_unit(agenda.id, &key)) {
            return Self {
                blocks: agenda.blocks(range),
                reading,
            };
        }
        Self::read_masked(model, agenda, kind, range, |_| Vec::new())
    }

    /// [`Unit::read`], where text in the ranges `masked` returns (phrases the user
    /// allows) is read like inline code: as a name, not as words.
    pub fn read_masked(
        model: &WordingModel<'_>,
        agenda: &'b Agenda<'_>,
        kind: SectionKind,
        range: Range<usize>,
        masked: impl Fn(&str) -> Vec<Range<usize>>,
    ) -> Self {
        let blocks = agenda.blocks(range.clone());
        let (text, mut code) = unit_text(blocks);
        let extra = masked(&text);
        let reader = model.reader();
        let key = (range.start, range.end, kind, reader);
        let shared = extra.is_empty();
        if shared {
            let cached = READINGS.with(|r| {
                let mut readings = r.borrow_mut();
                if let Some(reading) = readings.of_unit(agenda.id, &key) {
                    return Some(reading);
                }
                let before = readings
                    .previous
                    .get(&content_hash(&text, &code, kind, reader))
                    .filter(|r| r.read_from(&text, &code, kind, reader))
                    .cloned()?;
                readings.by_unit.insert(key, Rc::clone(&before));
                Some(before)
            });
            if let Some(reading) = cached {
                return Self { blocks, reading };
            }
        } else {
            code.extend(extra);
            code.sort_by_key(|r| r.start);
        }
        let (features, sums) = summed::read(model, kind, &text, &code);
        let reading = Rc::new(Reading {
            text,
            code,
            kind,
            reader,
            features,
            facts: LazyFacts {
                sums: OnceCell::from((model.identity(), sums)),
                ..LazyFacts::default()
            },
        });
        // Only unmasked readings are shared: a mask is one rule's own.
        if shared {
            READINGS.with(|r| r.borrow_mut().by_unit.insert(key, Rc::clone(&reading)));
        }
        Self { blocks, reading }
    }

    /// The unit's text: its blocks joined by `\n`.
    pub fn text(&self) -> &str {
        &self.reading.text
    }

    /// Whether `scorer` judges that its rule holds.
    pub fn fires(&self, model: &WordingModel<'_>, scorer: Scorer) -> bool {
        let reading = &*self.reading;
        reading
            .facts
            .decide(model, scorer, &reading.features, &reading.text)
    }

    /// Where a finding of `scorer` points (the word that weighs most, else the first
    /// block), and the words that weigh most, quoted: `'keeps', 'never'`.
    pub fn evidence(&self, model: &WordingModel<'_>, scorer: Scorer) -> (Span, String) {
        let features = &self.reading.features;
        let words = summed::top_words(model, scorer, features, 3);
        let span = words
            .first()
            .and_then(|&(token, _)| features.tokens.get(token))
            .and_then(|t| locate(self.blocks, &t.range))
            .and_then(|(block, range)| Some(self.blocks.get(block)?.source_span(range)))
            .or_else(|| self.blocks.iter().find(|b| !b.placeholder).map(|b| b.span))
            .unwrap_or_default();
        (span, quote_words(features, &self.reading.text, &words))
    }
}

/// Where in `blocks` a token of [`unit_text`] lies: the block's index and the range in
/// its text.
pub fn locate(blocks: &[Block], range: &Range<usize>) -> Option<(usize, Range<usize>)> {
    let mut at = 0;
    let mut first = true;
    for (index, block) in blocks.iter().enumerate().filter(|(_, b)| !b.placeholder) {
        if !first {
            at += 1;
        }
        first = false;
        let end = at + block.text.len();
        if range.start >= at && range.end <= end {
            return Some((index, range.start - at..range.end - at));
        }
        at = end;
    }
    None
}

/// A short quote of the words that weigh most, for a finding's message:
/// `'keeps', 'never'`.
pub fn quote_words(features: &Features, text: &str, words: &[(usize, f32)]) -> String {
    let mut quoted: Vec<String> = Vec::new();
    for &(token, _) in words {
        let Some(t) = features.tokens.get(token) else {
            continue;
        };
        let shown = text.get(t.range.clone()).unwrap_or(&t.text);
        let shown = format!("'{}'", crate::brief::clip(shown));
        if !quoted.contains(&shown) {
            quoted.push(shown);
        }
    }
    quoted.join(", ")
}

/// The units of the labelled bullets of `writers`, as the rules read them: each with
/// its section kind, its text and the inline code in it.
#[cfg(test)]
pub(crate) fn writer_units(writers: &[&str]) -> Vec<(SectionKind, String, Vec<Range<usize>>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/labelled/writers");
    let mut units = Vec::new();
    for writer in writers {
        let yaml = std::fs::read_to_string(dir.join(format!("{writer}.yaml")))
            .expect("labelled notes are in the repository");
        for bullet in corpus::read_writer(writer, &yaml).expect("reads") {
            if let Some((text, code)) = bullet.unit_text() {
                units.push((bullet.kind, text, code));
            }
        }
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reading the detected facts only when a score depends on them gives every
    /// scorer's answer that the full features give, on every bullet of three writers.
    #[test]
    fn facts_read_on_need_give_the_answers_of_all_facts() {
        let model = builtin();
        let (mut decided_early, mut read) = (0, 0);
        for (kind, text, code) in writer_units(&["w02", "w16", "w24"]) {
            let full = features::extract(kind, &text, &code, model.bits(), model.known());
            let partial =
                features::extract_partial(kind, &text, &code, model.bits(), model.known());
            for scorer in Scorer::ALL {
                let facts = LazyFacts::default();
                let answer = facts.decide(&model, scorer, &partial, &text);
                assert_eq!(answer, model.fires(scorer, &full), "{scorer:?}: {text}");
                read += 1;
                decided_early += usize::from(facts.detectors.get().is_none());
            }
        }
        assert!(read > 10_000, "{read}");
        // Most answers need no detector.
        assert!(decided_early * 2 > read, "{decided_early} of {read}");
    }

    /// A unit read by one model is not handed to a model that tells names by other
    /// known words, though both hash as wide: the reading depends on the known words.
    #[test]
    fn readings_are_kept_per_way_of_reading_names() {
        let shipped = builtin();
        // The same weights, knowing no word: every capitalised word is a name.
        let mut bytes = BUILTIN_MODEL.to_vec();
        let known = shipped.known().bitmap().len();
        let at = bytes.len() - known;
        bytes[at..].fill(0);
        let blank = WordingModel::from_bytes(&bytes).expect("the same layout");
        assert_eq!(blank.bits(), shipped.bits());
        assert_ne!(blank.reader(), shipped.reader());
        let source =
            "---\ndate: 2026-11-23\n---\n# 1:1\n\n## Updates\n- Honestly the deploy broke again\n";
        let agenda = Agenda::parse("a.md", source, crate::model::SectionVocabulary::builtin());
        let unit = agenda
            .units()
            .into_iter()
            .find(|u| u.item.is_some())
            .expect("one item");
        let names = |model: &WordingModel<'_>| {
            let read = Unit::read(model, &agenda, SectionKind::Other, unit.blocks.clone());
            let tokens = &read.reading.features.tokens;
            tokens.iter().filter(|t| t.name).count()
        };
        assert_eq!(names(&shipped), 0, "'honestly' is a known word");
        assert_eq!(names(&blank), 1, "read again, by the blank set");
        assert_eq!(names(&shipped), 0, "and again by the shipped one");
    }
}
