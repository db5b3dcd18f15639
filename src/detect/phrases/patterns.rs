//! Regular expressions from rule data: a list of patterns that counts like one
//! alternation.
//!
//! Compiling a long list is most of the start-up of a run over one file, yet most
//! patterns need a word or two that few texts hold (`too many`, `nobody`, `feedback`).
//! The build lists, for each built-in pattern, the literals every match of it holds
//! ([`pattern_source::gate`]). In a short run a search first looks for the list's
//! literals in one pass over the text, then searches only the patterns whose literals
//! the text holds, each compiled on the first text that needs it: a run over one file
//! compiles the few patterns its text reaches. In runs over many texts
//! ([`super::search_lists_together`]) the list is compiled once as one alternation,
//! whose lazy DFA tells in one pass whether a text holds a match at all; the few texts
//! that do are then searched pattern by pattern, as in a short run. Both ways find the
//! same matches (a test compares them with one regex of the whole list on every
//! labelled bullet).

use std::borrow::Cow;
use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock};

use regex_automata::dfa::{Automaton as _, sparse};
use regex_syntax::hir::Hir;
use rustc_hash::FxHashMap;

use super::Lowered;
use crate::detect::pattern_source;

/// Regular expressions from rule data, matched as one alternation: the successive
/// leftmost matches, and where several patterns match from the same place, the first
/// pattern's.
///
/// Lists written in lowercase (all of the built-in ones) are compiled without Unicode
/// case folding and search an ASCII-lowercased copy of the text (same byte offsets):
/// case folding multiplies the regex's states and is most of its compile time, and the
/// rule data spells its words in ASCII. The regexes search bytes, so that a negated
/// class of ASCII characters (`[^.;]`) can be one byte class (see
/// [`pattern_source::ascii_classes`]); matches are widened to whole characters.
#[derive(Clone, Debug)]
pub struct Patterns {
    list: Arc<PatternList>,
    /// Whether the regexes expect lowercased text.
    lowercase: bool,
}

/// The patterns of a list, the literals their gates name, and the list compiled whole.
#[derive(Debug)]
struct PatternList {
    patterns: Vec<Pattern>,
    /// Every literal some pattern's gate names, once, lowercased.
    literals: Vec<Vec<u8>>,
    /// Finds which of `literals` a text holds, built on the first gated search.
    scan: OnceLock<LiteralScan>,
    /// The whole list as one alternation, for runs over many texts.
    whole: OnceLock<Compiled>,
}

/// One pattern of a list, compiled on the first search that needs it.
#[derive(Debug)]
struct Pattern {
    /// Its regex source ([`pattern_source::pattern_regex_source`]).
    source: Cow<'static, str>,
    /// The function that builds its syntax tree, for a built-in pattern.
    tree: Option<fn() -> Hir>,
    /// Its forward and reverse sparse DFAs as `build.rs` wrote them, for a built-in
    /// pattern that determinizes within the build's size limit.
    dfas: Option<Dfas>,
    /// Conditions on the lowercased text, each a list of indexes into
    /// [`PatternList::literals`] of which the text must hold one (none: always searched).
    gate: Vec<Vec<u32>>,
    compiled: OnceLock<PatternRegex>,
}

/// The literals every match of a built-in pattern holds, as `build.rs` writes them.
type Gate = &'static [&'static [&'static [u8]]];

/// A built-in pattern's forward and reverse sparse DFAs, serialized by `build.rs`.
type Dfas = (&'static [u8], &'static [u8]);

/// The syntax trees and gates of the built-in patterns, written as code by `build.rs`:
/// building a tree costs a small part of parsing its source.
mod prebuilt {
    #![allow(clippy::pedantic, clippy::all)]
    use super::{Dfas, Gate};
    use regex_syntax::hir::{
        Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, Look,
        Repetition,
    };

    include!(concat!(env!("OUT_DIR"), "/prebuilt_patterns.rs"));

    /// What the build wrote for a built-in pattern.
    pub(super) struct Built {
        /// Its regex source.
        pub(super) source: &'static str,
        pub(super) tree: fn() -> Hir,
        pub(super) gate: Gate,
        pub(super) dfas: Option<Dfas>,
    }

    /// What the build wrote for `pattern` as the rule data writes it, in a list that is
    /// in lowercase or not: the key a run looks it up by, with no regex source to make.
    pub(super) fn find(pattern: &str, lowercase: bool) -> Option<Built> {
        PREBUILT
            .iter()
            .find(|(key, ..)| *key == (pattern, lowercase))
            .map(|&(_, source, tree, gate, dfas)| Built {
                source,
                tree,
                gate,
                dfas,
            })
    }

    /// Every built-in pattern's key (as [`find`] takes it).
    #[cfg(test)]
    pub(super) fn keys() -> impl Iterator<Item = (&'static str, bool)> {
        PREBUILT.iter().map(|(key, ..)| *key)
    }
}

/// Every pattern list made so far, by its patterns. Several rules and the wording
/// features read the same lists: each is compiled once per process and shared, with
/// its search caches.
static LISTS: Mutex<Vec<(Vec<String>, Arc<PatternList>)>> = Mutex::new(Vec::new());

/// The lazy DFA cache of each regex, in bytes.
pub(super) const DFA_CACHE_BYTES: usize = 32 << 20;

/// Makes a list of regular expressions from rule data, matched case-insensitively as
/// one alternation with ASCII word boundaries and ASCII `\w`, `\s` and `\d` (see
/// [`pattern_source::ascii_classes`]). Nothing is compiled until a search needs it.
///
/// # Panics
///
/// On an invalid pattern, when it is first searched: patterns are embedded data, each
/// compiled by a test.
pub fn compile_patterns(patterns: &[String]) -> Option<Patterns> {
    if patterns.is_empty() {
        return None;
    }
    let lowercase = pattern_source::is_lowercase(patterns);
    let mut lists = LISTS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let list = if let Some((_, list)) = lists.iter().find(|(known, _)| known == patterns) {
        Arc::clone(list)
    } else {
        let list = Arc::new(PatternList::new(patterns, lowercase));
        lists.push((patterns.to_vec(), Arc::clone(&list)));
        list
    };
    Some(Patterns { list, lowercase })
}

impl PatternList {
    /// The list of `patterns`, with their trees and gates from the build when they are
    /// built in, else with gates worked out here.
    fn new(patterns: &[String], lowercase: bool) -> Self {
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut ids: FxHashMap<Vec<u8>, u32> = FxHashMap::default();
        let mut literal_id = |literal: &[u8]| -> u32 {
            *ids.entry(literal.to_vec()).or_insert_with(|| {
                literals.push(literal.to_vec());
                u32::try_from(literals.len() - 1).unwrap_or(u32::MAX)
            })
        };
        let mut list = Vec::with_capacity(patterns.len());
        for pattern in patterns {
            let built = prebuilt::find(pattern, lowercase);
            let source = match &built {
                Some(built) => Cow::Borrowed(built.source),
                None => Cow::Owned(pattern_source::pattern_regex_source(pattern, lowercase)),
            };
            let worked_out;
            let conditions: Vec<Vec<&[u8]>> = if let Some(built) = &built {
                built
                    .gate
                    .iter()
                    .map(|condition| condition.to_vec())
                    .collect()
            } else {
                worked_out = gate_of_source(&source);
                worked_out
                    .iter()
                    .map(|condition| condition.iter().map(Vec::as_slice).collect())
                    .collect()
            };
            let gate = conditions
                .iter()
                .map(|condition| {
                    condition
                        .iter()
                        .map(|literal| literal_id(literal))
                        .collect()
                })
                .collect();
            list.push(Pattern {
                source,
                tree: built.as_ref().map(|built| built.tree),
                dfas: built.as_ref().and_then(|built| built.dfas),
                gate,
                compiled: OnceLock::new(),
            });
        }
        Self {
            patterns: list,
            literals,
            scan: OnceLock::new(),
            whole: OnceLock::new(),
        }
    }

    /// The patterns that `text` may hold a match of (their indexes, in order): those
    /// whose every gate condition names a literal the lowercased text holds.
    fn candidates(&self, text: &Lowered<'_>) -> Vec<usize> {
        let scan = self.scan.get_or_init(|| LiteralScan::new(&self.literals));
        let held = scan.held(&self.literals, text.lower().as_bytes());
        (0..self.patterns.len())
            .filter(|&at| {
                self.patterns[at].gate.iter().all(|condition| {
                    condition
                        .iter()
                        .any(|&literal| held.get(literal as usize).copied().unwrap_or(true))
                })
            })
            .collect()
    }

    /// The whole list compiled as one alternation, on the first call.
    fn whole(&self) -> &Compiled {
        self.whole.get_or_init(|| {
            let trees: Result<Vec<Hir>, String> = self.patterns.iter().map(Pattern::tree).collect();
            trees
                .and_then(|trees| Compiled::from_tree(&Hir::alternation(trees)))
                .expect("embedded patterns are checked by a test")
        })
    }
}

/// The gate of a pattern that is not built in, from its regex source (none when the
/// source does not parse: compiling it will say why).
fn gate_of_source(source: &str) -> Vec<Vec<Vec<u8>>> {
    parse(source)
        .map(|tree| pattern_source::gate(&tree))
        .unwrap_or_default()
}

/// The syntax tree of a regex source, as the build parses it.
fn parse(source: &str) -> Result<Hir, String> {
    regex_syntax::ParserBuilder::new()
        .utf8(false)
        .build()
        .parse(source)
        .map_err(|e| e.to_string())
}

impl Pattern {
    /// The pattern's syntax tree: built by the code the build wrote, or parsed.
    fn tree(&self) -> Result<Hir, String> {
        match self.tree {
            Some(tree) => Ok(tree()),
            None => parse(&self.source),
        }
    }

    /// The pattern's regex: its DFAs from the build read in place, or else compiled
    /// from its tree, on the first call.
    fn compiled(&self) -> &PatternRegex {
        self.compiled.get_or_init(|| {
            if let Some(regex) = self.dfas.and_then(read_dfas) {
                return PatternRegex::Prebuilt(Box::new(regex));
            }
            PatternRegex::Compiled(Box::new(self.compile()))
        })
    }

    /// The pattern compiled from its tree.
    fn compile(&self) -> Compiled {
        self.tree()
            .and_then(|tree| Compiled::from_tree(&tree))
            .expect("embedded patterns are checked by a test")
    }
}

/// A DFA regex read in place from a built-in pattern's bytes (`None` if they do not
/// read, which a test rules out: the pattern is then compiled from its tree).
fn read_dfas((forward, reverse): Dfas) -> Option<DfaRegex> {
    let (forward, _) = sparse::DFA::from_bytes(forward).ok()?;
    let (reverse, _) = sparse::DFA::from_bytes(reverse).ok()?;
    Some(regex_automata::dfa::regex::Builder::new().build_from_dfas(forward, reverse))
}

/// A DFA regex over DFAs borrowed from the binary.
type DfaRegex = regex_automata::dfa::regex::Regex<sparse::DFA<&'static [u8]>>;

/// One pattern's regex: its DFAs from the build, or compiled at run time.
#[derive(Debug)]
enum PatternRegex {
    /// A forward DFA finds where a match ends, a reverse one where it starts; nothing
    /// to build and no cache to keep.
    Prebuilt(Box<DfaRegex>),
    Compiled(Box<Compiled>),
}

impl PatternRegex {
    /// The leftmost match in `haystack` from `start` on.
    fn find_from(&self, haystack: &str, start: usize) -> Option<regex_automata::Match> {
        match self {
            Self::Prebuilt(regex) => {
                let input = regex_automata::Input::new(haystack).range(start..);
                // The built-in patterns use ASCII word boundaries and no quit byte, so a
                // DFA search cannot fail; were it to, nothing is found.
                regex.try_search(&input).ok().flatten()
            }
            Self::Compiled(compiled) => compiled.find_from(haystack, start),
        }
    }

    /// Whether a match ends anywhere in `haystack`.
    fn matches(&self, haystack: &str) -> bool {
        match self {
            Self::Prebuilt(regex) => {
                let input = regex_automata::Input::new(haystack).earliest(true);
                matches!(regex.forward().try_search_fwd(&input), Ok(Some(_)))
            }
            Self::Compiled(compiled) => compiled.matches(haystack),
        }
    }
}

/// Which of a list's literals a text holds, found in one pass: each place in the text
/// whose two bytes start a literal is compared with the literals that start so. Cheap
/// to build (a run over one file searches few texts); a text is read a byte at a time.
#[derive(Debug)]
struct LiteralScan {
    /// One bit per pair of bytes: whether some literal starts with it.
    pairs: Box<[u64]>,
    /// The literals of two bytes or more, by their first two bytes, sorted.
    by_pair: Vec<(u16, u32)>,
    /// The literals of one byte.
    single: Vec<(u8, u32)>,
}

impl LiteralScan {
    fn new(literals: &[Vec<u8>]) -> Self {
        let mut scan = Self {
            pairs: vec![0; 1 << 10].into_boxed_slice(),
            by_pair: Vec::with_capacity(literals.len()),
            single: Vec::new(),
        };
        for (id, literal) in literals.iter().enumerate() {
            let id = u32::try_from(id).unwrap_or(u32::MAX);
            match literal.as_slice() {
                [] => {}
                [byte] => scan.single.push((*byte, id)),
                [first, second, ..] => {
                    let pair = u16::from_be_bytes([*first, *second]);
                    scan.pairs[usize::from(pair >> 6)] |= 1 << (pair & 63);
                    scan.by_pair.push((pair, id));
                }
            }
        }
        scan.by_pair.sort_unstable();
        scan
    }

    /// For each of `literals` (those the scan was built from): whether `text` holds it
    /// (an empty literal, which no gate names, is held by every text).
    fn held(&self, literals: &[Vec<u8>], text: &[u8]) -> Vec<bool> {
        let mut held: Vec<bool> = literals.iter().map(Vec::is_empty).collect();
        for &(byte, id) in &self.single {
            held[id as usize] = memchr::memchr(byte, text).is_some();
        }
        for (at, window) in text.windows(2).enumerate() {
            let pair = u16::from_be_bytes([window[0], window[1]]);
            if self.pairs[usize::from(pair >> 6)] & (1 << (pair & 63)) == 0 {
                continue;
            }
            let from = self.by_pair.partition_point(|&(known, _)| known < pair);
            for &(known, id) in &self.by_pair[from..] {
                if known != pair {
                    break;
                }
                if text[at..].starts_with(&literals[id as usize]) {
                    held[id as usize] = true;
                }
            }
        }
        held
    }
}

/// A compiled regex (a pattern, or a whole list) and the search caches of its lazy
/// DFA, shared by every thread that searches with it.
///
/// A search takes a cache from the regex and puts it back: the states one thread's
/// searches built serve the next search on any thread, so the server's first check
/// finds the states its warm-up built (a regex's own caches stay with their thread).
///
/// Engines over one forward NFA: a lazy DFA finds whether and where a match ends, and
/// only then a bounded backtracker finds where it starts, within the text up to that
/// end (the Pike VM when that text is too long for it). Matches are rare, and this
/// spares compiling the reverse NFA a full regex would build to find starts (a third
/// of its compile time). The Pike VM also answers when the lazy DFA gives
/// up.
#[derive(Debug)]
struct Compiled {
    dfa: regex_automata::hybrid::dfa::DFA,
    backtracker: regex_automata::nfa::thompson::backtrack::BoundedBacktracker,
    vm: regex_automata::nfa::thompson::pikevm::PikeVM,
    caches: Mutex<Vec<PatternCache>>,
}

/// The search state of the engines of a compiled regex.
#[derive(Debug)]
struct PatternCache {
    dfa: regex_automata::hybrid::dfa::Cache,
    backtracker: regex_automata::nfa::thompson::backtrack::Cache,
    vm: regex_automata::nfa::thompson::pikevm::Cache,
}

impl Compiled {
    /// Compiles the regex of syntax tree `tree`.
    fn from_tree(tree: &Hir) -> Result<Self, String> {
        use regex_automata::nfa::thompson;
        let mut compiler = thompson::Compiler::new();
        compiler
            .syntax(regex_automata::util::syntax::Config::new().utf8(false))
            .configure(
                thompson::Config::new()
                    .utf8(false)
                    .which_captures(thompson::WhichCaptures::Implicit),
            );
        let nfa = compiler.build_from_hir(tree).map_err(|e| e.to_string())?;
        let dfa = regex_automata::hybrid::dfa::DFA::builder()
            .configure(
                regex_automata::hybrid::dfa::Config::new()
                    // The lazy DFA of a pattern with bounded repeats can need more
                    // states than the default cache holds: with the default it is
                    // cleared and rebuilt over and over, and building states becomes
                    // most of the search.
                    .cache_capacity(DFA_CACHE_BYTES)
                    .minimum_cache_clear_count(Some(3))
                    .minimum_bytes_per_state(Some(10)),
            )
            .build_from_nfa(nfa.clone())
            .map_err(|e| e.to_string())?;
        let backtracker = thompson::backtrack::BoundedBacktracker::new_from_nfa(nfa.clone())
            .map_err(|e| e.to_string())?;
        let vm = thompson::pikevm::PikeVM::new_from_nfa(nfa).map_err(|e| e.to_string())?;
        Ok(Self {
            dfa,
            backtracker,
            vm,
            caches: Mutex::new(Vec::new()),
        })
    }

    fn create_cache(&self) -> PatternCache {
        PatternCache {
            dfa: self.dfa.create_cache(),
            backtracker: self.backtracker.create_cache(),
            vm: self.vm.create_cache(),
        }
    }

    /// Runs `search` with a cache taken from the shared ones (a new one when every
    /// cache is in use), and puts the cache back.
    fn with_cache<T>(&self, search: impl FnOnce(&Self, &mut PatternCache) -> T) -> T {
        let caches = || {
            self.caches
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        let taken = caches().pop();
        let mut cache = taken.unwrap_or_else(|| self.create_cache());
        let result = search(self, &mut cache);
        caches().push(cache);
        result
    }

    /// The leftmost match in `haystack` from `start` on.
    fn find_from(&self, haystack: &str, start: usize) -> Option<regex_automata::Match> {
        let input = regex_automata::Input::new(haystack).range(start..);
        self.with_cache(|compiled, cache| compiled.search(cache, &input))
    }

    /// Whether a match ends anywhere in `haystack`.
    fn matches(&self, haystack: &str) -> bool {
        let input = regex_automata::Input::new(haystack);
        self.with_cache(|compiled, cache| compiled.is_match(cache, &input))
    }

    /// Whether a match ends in `input`'s span.
    fn is_match(&self, cache: &mut PatternCache, input: &regex_automata::Input<'_>) -> bool {
        let input = input.clone().earliest(true);
        match self.dfa.try_search_fwd(&mut cache.dfa, &input) {
            Ok(found) => found.is_some(),
            Err(_) => self.vm.is_match(&mut cache.vm, input),
        }
    }

    /// The leftmost-first match in `input`'s span.
    fn search(
        &self,
        cache: &mut PatternCache,
        input: &regex_automata::Input<'_>,
    ) -> Option<regex_automata::Match> {
        match self.dfa.try_search_fwd(&mut cache.dfa, input) {
            Ok(None) => None,
            // The leftmost-first match ends where the lazy DFA stopped: the backtracker
            // finds its start in the text up to there (look-around still sees the
            // whole text).
            Ok(Some(end)) => {
                let upto = input.clone().range(input.start()..end.offset());
                match self
                    .backtracker
                    .try_find(&mut cache.backtracker, upto.clone())
                {
                    Ok(Some(found)) => Some(found),
                    _ => self
                        .vm
                        .find(&mut cache.vm, upto)
                        .or_else(|| self.vm.find(&mut cache.vm, input.clone())),
                }
            }
            Err(_) => self.vm.find(&mut cache.vm, input.clone()),
        }
    }
}

impl Patterns {
    /// The byte ranges of the successive non-overlapping matches in `text`.
    pub fn find_iter(&self, text: &str) -> Vec<Range<usize>> {
        self.find_in(&Lowered::new(text))
    }

    /// Whether the regex matches anywhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.is_match_in(&Lowered::new(text))
    }

    /// [`Patterns::is_match`] in a text whose lowercased copy is already made.
    pub(super) fn is_match_in(&self, text: &Lowered<'_>) -> bool {
        if super::joint::searching_together() {
            self.whole_matches(text)
        } else {
            self.gated_matches(text)
        }
    }

    /// The matches in a text whose lowercased copy is already made: the successive
    /// leftmost matches of any pattern, the first pattern's where several start at one
    /// place (what one alternation of the patterns finds).
    pub(super) fn find_in(&self, text: &Lowered<'_>) -> Vec<Range<usize>> {
        if super::joint::searching_together() {
            self.whole_find(text)
        } else {
            self.gated_find(text)
        }
    }

    /// [`Patterns::is_match`] by the whole list's regex.
    fn whole_matches(&self, text: &Lowered<'_>) -> bool {
        self.list.whole().matches(self.haystack(text))
    }

    /// [`Patterns::is_match`] by the patterns whose gates `text` passes.
    fn gated_matches(&self, text: &Lowered<'_>) -> bool {
        let haystack = self.haystack(text);
        self.list
            .candidates(text)
            .into_iter()
            .any(|at| self.list.patterns[at].compiled().matches(haystack))
    }

    /// [`Patterns::find_in`] with the whole list's regex as a filter: most texts hold no
    /// match, and its lazy DFA tells so in one pass; a text that holds one is searched
    /// pattern by pattern. (Finding where a match of the whole list starts, with no
    /// reverse automaton, takes a backtracker over every pattern at every place before
    /// the match: several times the forward pass.)
    fn whole_find(&self, text: &Lowered<'_>) -> Vec<Range<usize>> {
        if self.whole_matches(text) {
            self.gated_find(text)
        } else {
            Vec::new()
        }
    }

    /// [`Patterns::find_in`] by the patterns whose gates `text` passes, each searched
    /// on its own.
    fn gated_find(&self, text: &Lowered<'_>) -> Vec<Range<usize>> {
        let candidates = self.list.candidates(text);
        if candidates.is_empty() {
            return Vec::new();
        }
        // Each candidate's leftmost match from where the search is: a match that starts
        // at or after that place stays the candidate's leftmost one as the search moves
        // up to it.
        let mut next: Vec<Option<Option<regex_automata::Match>>> = vec![None; candidates.len()];
        successive_matches(self.haystack(text), |haystack, from| {
            let mut first: Option<regex_automata::Match> = None;
            for (slot, &at) in candidates.iter().enumerate() {
                let stale = match next[slot] {
                    None => true,
                    Some(Some(m)) => m.start() < from,
                    Some(None) => false,
                };
                if stale {
                    next[slot] = Some(self.list.patterns[at].compiled().find_from(haystack, from));
                }
                if let Some(Some(m)) = next[slot] {
                    if first.is_none_or(|best| m.start() < best.start()) {
                        first = Some(m);
                    }
                }
            }
            first
        })
    }

    fn haystack<'t>(&self, text: &'t Lowered<'_>) -> &'t str {
        if self.lowercase {
            text.lower()
        } else {
            text.text
        }
    }
}

/// The successive non-overlapping matches in `haystack`, each the leftmost match from
/// where the one before ended (`leftmost` from a place), widened to whole characters.
fn successive_matches(
    haystack: &str,
    mut leftmost: impl FnMut(&str, usize) -> Option<regex_automata::Match>,
) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(m) = leftmost(haystack, from) {
        found.push(whole_characters(haystack, m.range()));
        // An empty match moves the search on by one byte.
        from = m.end() + usize::from(m.is_empty());
        if from > haystack.len() {
            break;
        }
    }
    found
}

/// `range` widened to the characters it cuts into: a byte class may stop a match inside
/// a character (`[^.;]{0,40}` counts bytes).
fn whole_characters(text: &str, range: Range<usize>) -> Range<usize> {
    let mut start = range.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = range.end.min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::super::tests::{every_rule_data_list, labelled_bullets};
    use super::*;

    /// The patterns as a regex over text, with character classes where
    /// [`compile_patterns`] has byte classes.
    fn text_regex(patterns: &[String]) -> regex::Regex {
        let joined = pattern_source::alternation(patterns).replace("(?-u:[^", "([^");
        regex::RegexBuilder::new(&format!("(?i){joined}"))
            .dfa_size_limit(DFA_CACHE_BYTES)
            .build()
            .expect("a regex")
    }

    /// Every list of regexes in the rule data.
    fn built_in_pattern_lists() -> Vec<Vec<String>> {
        let mut built_in = Vec::new();
        for (yaml, _) in crate::rules::data::RULE_DATA {
            let doc: serde_json::Value = crate::rules::data::embedded(yaml);
            every_pattern_list(&doc, &mut built_in);
        }
        built_in
    }

    #[test]
    fn every_pattern_list_finds_on_the_labelled_bullets_what_one_alternation_finds() {
        let lists = built_in_pattern_lists();
        assert!(lists.len() >= 5, "only {} pattern lists", lists.len());
        let mut texts = labelled_bullets(1);
        texts.push("they dump the on-call rotation — every single week — on me".to_string());
        texts.push("Postgres over MySQL: fewer moving parts, not Redis (cost)".to_string());
        let mut compared = 0usize;
        for list in &lists {
            let patterns = compile_patterns(list).expect("patterns");
            let reference = text_regex(list);
            for text in &texts {
                let expected: Vec<Range<usize>> =
                    reference.find_iter(text).map(|m| m.range()).collect();
                let text = Lowered::new(text);
                assert_eq!(patterns.gated_find(&text), expected, "{:?}", text.text);
                assert_eq!(patterns.whole_find(&text), expected, "{:?}", text.text);
                let holds = !expected.is_empty();
                assert_eq!(patterns.gated_matches(&text), holds, "{:?}", text.text);
                assert_eq!(patterns.whole_matches(&text), holds, "{:?}", text.text);
                compared += expected.len();
            }
        }
        assert!(compared > 1_000, "only {compared} matches compared");
    }

    #[test]
    fn where_several_patterns_match_the_leftmost_then_the_first_listed_wins() {
        let lists: [&[&str]; 4] = [
            &[r"\bb c\b", r"\ba b c d\b", r"\ba b\b"],
            &[r"\ba b\b", r"\ba b c d\b", r"c d e"],
            &[r"\bx\w*", r"\bxy\b", r"\bxyz\b"],
            &[
                r"\bwhy (am i|me)\b",
                r"\bme\b[^.]{0,10}again",
                r"(^|, )nobody\b",
            ],
        ];
        for list in lists {
            let list: Vec<String> = list.iter().map(ToString::to_string).collect();
            let patterns = compile_patterns(&list).expect("patterns");
            for text in [
                "a b c d e",
                "xy xyz x",
                "why me? me again. nobody, nobody",
                "",
                "b c a b c d",
            ] {
                let expected: Vec<Range<usize>> = text_regex(&list)
                    .find_iter(text)
                    .map(|m| m.range())
                    .collect();
                let lowered = Lowered::new(text);
                assert_eq!(
                    patterns.gated_find(&lowered),
                    expected,
                    "{list:?} in {text:?}"
                );
                assert_eq!(
                    patterns.whole_find(&lowered),
                    expected,
                    "{list:?} in {text:?}"
                );
            }
        }
    }

    #[test]
    fn a_pattern_is_compiled_only_for_a_text_that_holds_its_literals() {
        let list = [
            r"\bzebra crossing\b".to_string(),
            r"\bquokka\w*".to_string(),
        ];
        let patterns = compile_patterns(&list).expect("patterns");
        let compiled = |at: usize| patterns.list.patterns[at].compiled.get().is_some();
        let text = Lowered::new("Quokkas, and a zebra");
        assert_eq!(patterns.gated_find(&text), vec![0..7]);
        assert!(!compiled(0), "no text held \"zebra crossing\"");
        assert!(compiled(1));
        assert!(!patterns.gated_matches(&Lowered::new("a zebra, crossing")));
        assert!(!compiled(0));
        assert!(patterns.gated_matches(&Lowered::new("A ZEBRA CROSSING")));
        assert!(compiled(0));
    }

    #[test]
    fn threads_searching_one_after_the_other_share_one_cache() {
        let patterns =
            compile_patterns(&[r"\bshared cache test\b[^.]{0,3}x".to_string()]).expect("a regex");
        let cached = |p: &Patterns| {
            p.list.patterns[0].compiled.get().map_or(0, |c| match c {
                PatternRegex::Compiled(c) => c.caches.lock().map_or(0, |c| c.len()),
                PatternRegex::Prebuilt(_) => usize::MAX,
            })
        };
        assert_eq!(cached(&patterns), 0);
        let copy = patterns.clone();
        std::thread::spawn(move || {
            assert!(copy.gated_matches(&Lowered::new("a shared cache test x")));
        })
        .join()
        .expect("the searching thread");
        assert_eq!(cached(&patterns), 1);
        assert_eq!(
            patterns.gated_find(&Lowered::new("shared cache test. x; shared cache test x")),
            vec![22..41]
        );
        assert_eq!(cached(&patterns), 1);
    }

    #[test]
    fn a_match_far_into_a_long_text_starts_where_a_full_regex_says() {
        // Past a few hundred bytes the bounded backtracker declines the long lists and
        // the Pike VM finds where a match starts.
        let lists: Vec<Vec<String>> = every_rule_data_list()
            .into_iter()
            .filter(|list| list.len() >= 10 && list.iter().any(|p| p.contains("[^")))
            .collect();
        assert!(!lists.is_empty());
        let filler = "the rollout went fine and the dashboards look calm, ".repeat(400);
        let text = format!(
            "{filler}nobody reviews my PRs and they sit for weeks; {filler}why does nobody answer"
        );
        let mut found = 0;
        for list in &lists {
            let patterns = compile_patterns(list).expect("patterns");
            let expected: Vec<Range<usize>> = text_regex(list)
                .find_iter(&text)
                .map(|m| m.range())
                .collect();
            let lowered = Lowered::new(&text);
            assert_eq!(patterns.gated_find(&lowered), expected);
            assert_eq!(patterns.whole_find(&lowered), expected);
            assert_eq!(patterns.gated_matches(&lowered), !expected.is_empty());
            assert_eq!(patterns.whole_matches(&lowered), !expected.is_empty());
            found += expected.len();
        }
        assert!(found >= 2, "{found} matches");
    }

    #[test]
    fn a_byte_class_gap_counts_bytes_and_a_match_keeps_whole_characters() {
        let patterns =
            compile_patterns(&[r"\bon (me|us)\b[^.]{0,6}".to_string()]).expect("a regex");
        // Six bytes are three characters of two bytes each.
        assert_eq!(patterns.find_iter("on me éééé"), vec![0..12]);
        assert_eq!(patterns.find_iter("on me ééééé"), vec![0..12]);
        // A gap that ends inside a character is widened to the character's end.
        assert_eq!(patterns.find_iter("on meéééé"), vec![0..11]);
    }

    #[test]
    fn a_pattern_list_matches_in_ascii_classes_whatever_the_case() {
        let re =
            compile_patterns(&[r"\bkeeps? ([\w/-]+ ){0,2}ignor\w*".to_string()]).expect("a regex");
        assert!(re.is_match("Platform KEEPS our tickets ignoring"));
        assert!(!re.is_match("keepsake ignored"));
    }

    /// Every list of regexes in the rule data: the lists under one of
    /// [`pattern_source::PATTERN_KEYS`], at any depth.
    fn every_pattern_list(value: &serde_json::Value, out: &mut Vec<Vec<String>>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, item) in map {
                    match item.as_array() {
                        Some(list) if pattern_source::PATTERN_KEYS.contains(&key.as_str()) => out
                            .push(
                                list.iter()
                                    .map(|p| p.as_str().expect("a pattern").to_string())
                                    .collect(),
                            ),
                        _ => every_pattern_list(item, out),
                    }
                }
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    every_pattern_list(item, out);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn every_built_in_pattern_has_the_tree_and_gate_its_source_gives() {
        let built_in = built_in_pattern_lists();
        assert!(built_in.len() >= 5, "{} lists", built_in.len());
        let mut expected = Vec::new();
        for list in &built_in {
            let lowercase = pattern_source::is_lowercase(list);
            for pattern in list {
                expected.push((pattern.clone(), lowercase));
            }
        }
        let keys: Vec<(&str, bool)> = prebuilt::keys().collect();
        assert_eq!(keys.len(), expected.len());
        let mut gated = 0;
        for (pattern, lowercase) in &expected {
            let built = prebuilt::find(pattern, *lowercase).expect("built");
            let source = pattern_source::pattern_regex_source(pattern, *lowercase);
            assert_eq!(built.source, source);
            let parsed = regex_syntax::ParserBuilder::new()
                .utf8(false)
                .build()
                .parse(&source)
                .expect("a built-in pattern parses");
            assert_eq!((built.tree)(), parsed, "{source}");
            let gate: Vec<Vec<Vec<u8>>> = built
                .gate
                .iter()
                .map(|condition| condition.iter().map(|l| l.to_vec()).collect())
                .collect();
            assert_eq!(gate, pattern_source::gate(&parsed), "{source}");
            gated += usize::from(!gate.is_empty());
        }
        assert!(
            gated * 10 >= expected.len() * 9,
            "{gated} of {} gated",
            expected.len()
        );
        assert!(prebuilt::find("why me", true).is_none());
    }

    #[test]
    fn a_pattern_read_from_its_dfas_finds_what_it_finds_compiled() {
        let lists = built_in_pattern_lists();
        let mut texts: Vec<String> = labelled_bullets(3)
            .into_iter()
            .map(|t| t.to_lowercase())
            .collect();
        texts.push("ünïcode — nobody answers; way too many → pages at 3am".to_string());
        let (mut with_dfas, mut found) = (0, 0);
        for list in &lists {
            let patterns = compile_patterns(list).expect("patterns");
            for pattern in &patterns.list.patterns {
                let Some(dfas) = pattern.dfas else { continue };
                let read =
                    PatternRegex::Prebuilt(Box::new(read_dfas(dfas).expect("the DFAs read")));
                let compiled = PatternRegex::Compiled(Box::new(pattern.compile()));
                with_dfas += 1;
                for text in &texts {
                    assert_eq!(
                        read.matches(text),
                        compiled.matches(text),
                        "{}",
                        pattern.source
                    );
                    for from in [0, text.len() / 2] {
                        let (a, b) = (read.find_from(text, from), compiled.find_from(text, from));
                        assert_eq!(a, b, "{} in {text:?}", pattern.source);
                        found += usize::from(a.is_some());
                    }
                }
            }
        }
        let total: usize = lists.iter().map(Vec::len).sum();
        // Most built-in patterns determinize within the build's limit.
        assert!(
            with_dfas * 4 >= total * 3,
            "{with_dfas} of {total} have DFAs"
        );
        assert!(found > 100, "the texts hold matches to compare ({found})");
    }
}
