//! Every built-in phrase list searched in one scan per text.
//!
//! The rules ask many lists about the same text: a grievance list, its exceptions, two
//! lists of proposal words, a feedback target list, and so on, block after block. Each
//! list on its own splits the text into words and looks every word up. Here the lists
//! built from rule data ([`PhraseSet::builtin`]) are joined into one word index whose
//! patterns each know the list they come from: a text is lowercased and scanned once,
//! and every list reads its own matches from the shared hits.
//!
//! Searching together is switched on by the runs that read many texts
//! ([`search_lists_together`]); until then each list searches on its own.
//!
//! A thread keeps the hits of the texts it scanned last (a direct-mapped table keyed by
//! the text's hash, checked against the text itself), so the next rule that asks about
//! the same block finds them. A list registered after the joint index was built (none
//! in a run: rules are built before any text is read) is searched on its own; both
//! ways give the same matches (a test compares them on every rule list).
//!
//! Example: `proposals.is_match("keeps ignoring us, propose a rota")` and then
//! `weak_proposals.find_all(...)` on the same text scan it once between them.

use std::cell::RefCell;
use std::hash::Hasher;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use super::{Lowered, PhraseSet, Phrases};

/// A built-in list's patterns and prefix flags, shared with the set.
pub(super) type Registered = (Arc<Phrases>, Arc<[bool]>);

/// The built-in lists by their place in the joint index, each list once however many
/// rules build it.
static REGISTRY: Mutex<Vec<Registered>> = Mutex::new(Vec::new());

/// Whether built-in lists are searched together ([`search_lists_together`]).
static TOGETHER: AtomicBool = AtomicBool::new(false);

/// The joint index of every list registered before the first search.
static JOINT: OnceLock<Joint> = OnceLock::new();

/// Texts longer than this are searched list by list, not kept.
const LONGEST_KEPT_TEXT: usize = 4096;

/// How many texts a thread keeps the hits of.
const KEPT_TEXTS: usize = 256;

/// Several lists joined: one set of every pattern, and the list each comes from.
#[derive(Debug)]
pub(super) struct Joint {
    all: PhraseSet,
    /// For each pattern of `all`: the list it belongs to.
    owner: Vec<u32>,
    /// How many lists were joined (lists with a later place are not in it).
    lists: u32,
}

impl Joint {
    /// Joins `lists` (patterns and prefix flags), in that order.
    pub(super) fn new(lists: &[Registered]) -> Self {
        let (all, owner) =
            PhraseSet::joined(lists.iter().enumerate().map(|(index, (patterns, prefix))| {
                let place = u32::try_from(index).unwrap_or(u32::MAX);
                (&**patterns, &**prefix, place)
            }));
        Self {
            all,
            owner,
            lists: u32::try_from(lists.len()).unwrap_or(u32::MAX),
        }
    }

    /// Every match of every joined list in `text`, as (list, range), sorted by list and
    /// then as each list sorts its own matches (by start, longer first).
    pub(super) fn hits(&self, text: &Lowered<'_>) -> Vec<(u32, Range<usize>)> {
        let mut hits: Vec<(u32, Range<usize>)> = self
            .all
            .find_all_patterns(text)
            .into_iter()
            .map(|(pattern, range)| (self.owner[pattern], range))
            .collect();
        hits.sort_by_key(|(list, r)| (*list, r.start, std::cmp::Reverse(r.end)));
        hits
    }
}

/// The matches of list `list` among `hits` (as [`Joint::hits`] sorts them).
pub(super) fn of_list(hits: &[(u32, Range<usize>)], list: u32) -> Vec<Range<usize>> {
    let from = hits.partition_point(|(owner, _)| *owner < list);
    let to = hits.partition_point(|(owner, _)| *owner <= list);
    hits[from..to].iter().map(|(_, r)| r.clone()).collect()
}

/// Gives `set`'s patterns a place in the joint index (the place of an identical list
/// when one is registered already).
pub(super) fn register(set: &PhraseSet) -> Option<u32> {
    if set.is_empty() {
        return None;
    }
    let mut registry = REGISTRY.lock().unwrap_or_else(PoisonError::into_inner);
    let place = registry
        .iter()
        .position(|(patterns, prefix)| *patterns == set.patterns && *prefix == set.prefix)
        .unwrap_or_else(|| {
            registry.push((Arc::clone(&set.patterns), Arc::clone(&set.prefix)));
            registry.len() - 1
        });
    u32::try_from(place).ok()
}

/// Searches the built-in lists together from now on in this process. Indexing every
/// built-in list at once pays over many texts (a folder, an editor session); a run over
/// a few files indexes only the lists its text reaches, each on its first search.
pub fn search_lists_together() {
    TOGETHER.store(true, Ordering::Relaxed);
}

/// Whether built-in lists are searched together ([`search_lists_together`]).
pub(super) fn searching_together() -> bool {
    TOGETHER.load(Ordering::Relaxed)
}

fn joint() -> &'static Joint {
    JOINT.get_or_init(|| {
        let registry = REGISTRY.lock().unwrap_or_else(PoisonError::into_inner);
        Joint::new(&registry)
    })
}

/// The hits a thread kept: slot `hash % KEPT_TEXTS` holds the last text with that hash.
struct Kept {
    slots: Vec<Option<KeptScan>>,
}

struct KeptScan {
    hash: u64,
    text: Box<str>,
    hits: Vec<(u32, Range<usize>)>,
}

thread_local! {
    static KEPT: RefCell<Kept> = const { RefCell::new(Kept { slots: Vec::new() }) };
}

/// The matches of the list at `place` in `text`, read from the text's joint scan; `None`
/// when the list is not in the joint index or the text is too long to keep (then the
/// list searches on its own).
pub(super) fn find(place: u32, text: &Lowered<'_>) -> Option<Vec<Range<usize>>> {
    if !searching_together() {
        return None;
    }
    let joint = joint();
    if place >= joint.lists || text.text.len() > LONGEST_KEPT_TEXT {
        return None;
    }
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(text.text.as_bytes());
    let hash = hasher.finish();
    KEPT.with(|kept| {
        let mut kept = kept.borrow_mut();
        if kept.slots.is_empty() {
            kept.slots.resize_with(KEPT_TEXTS, || None);
        }
        let slot = &mut kept.slots[(hash % KEPT_TEXTS as u64) as usize];
        let fresh = !slot
            .as_ref()
            .is_some_and(|scan| scan.hash == hash && *scan.text == *text.text);
        if fresh {
            *slot = Some(KeptScan {
                hash,
                text: text.text.into(),
                hits: joint.hits(text),
            });
        }
        slot.as_ref().map(|scan| of_list(&scan.hits, place))
    })
}
