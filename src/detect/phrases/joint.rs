//! Every built-in phrase list searched in one scan per text.
//!
//! The rules ask many lists about the same text: a grievance list, its exceptions, two
//! lists of proposal words, a feedback target list, the wording lexicon's lists, and so
//! on, block after block. Each list on its own splits the text into words and looks
//! every word up. Here every list of the rule data is joined into one word index whose
//! phrases each know the list they come from, built by `build.rs`
//! ([`prebuilt::joint`]): a text is lowercased and scanned once, and every list reads
//! its own matches from the shared hits.
//!
//! A thread keeps the hits of the texts it scanned last (a direct-mapped table keyed by
//! the text's hash, checked against the text itself), so the next rule that asks about
//! the same block finds them. A list that is not in the rule data (the user's phrases)
//! is searched on its own; both ways give the same matches (a test compares them on
//! every list of the rule data).
//!
//! Example: `proposals.is_match("keeps ignoring us, propose a rota")` and then
//! `weak_proposals.find_all(...)` on the same text scan it once between them.

use super::{Lowered, find_phrases, prebuilt};
use std::cell::RefCell;
use std::hash::Hasher;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether runs read many texts ([`search_lists_together`]).
static TOGETHER: AtomicBool = AtomicBool::new(false);

/// Texts longer than this are searched list by list, not kept.
const LONGEST_KEPT_TEXT: usize = 4096;

/// How many texts a thread keeps the hits of.
const KEPT_TEXTS: usize = 256;

/// The lists of one group joined, as `build.rs` wrote them: one index of every
/// phrase, and the list each comes from.
#[derive(Clone, Copy, Debug)]
pub(super) struct Joint(&'static prebuilt::PrebuiltJoint);

impl Joint {
    /// Every match of every joined list in `text`, as (list, range), sorted by list and
    /// then as each list sorts its own matches (by start, longer first).
    pub(super) fn hits(self, text: &Lowered<'_>) -> Vec<(u32, Range<usize>)> {
        let joint = self.0;
        let mut hits: Vec<(u32, Range<usize>)> =
            find_phrases(&joint.phrases, joint.prefix, &joint.index, text)
                .into_iter()
                .map(|(pattern, range)| (joint.owner[pattern], range))
                .collect();
        hits.sort_by_key(|(list, r)| (*list, r.start, std::cmp::Reverse(r.end)));
        hits
    }
}

/// The matches of the list at `place` (its place among the prebuilt lists) in `text`,
/// read from the text's joint scan; `None` when the text is too long to keep (then the
/// list searches on its own).
pub(super) fn find(place: u32, text: &Lowered<'_>) -> Option<Vec<Range<usize>>> {
    with_hits(prebuilt::group_of(place), text, |hits| {
        list_slice(hits, place)
            .iter()
            .map(|(_, r)| r.clone())
            .collect()
    })
}

/// Tells the searches that this process reads many texts (a folder, an editor session).
/// The phrase lists are searched together either way; a pattern list is then compiled
/// whole, once, rather than pattern by pattern as the texts need them (see
/// `super::patterns`).
pub fn search_lists_together() {
    TOGETHER.store(true, Ordering::Relaxed);
}

/// Whether this process reads many texts ([`search_lists_together`]).
pub(super) fn searching_together() -> bool {
    TOGETHER.load(Ordering::Relaxed)
}

/// The joint index of group `group`, read in place (`None` for a group the build did
/// not write).
pub(super) fn joint(group: usize) -> Option<Joint> {
    prebuilt::joint(group).map(Joint)
}

/// The hits a thread kept: slot `hash % KEPT_TEXTS` holds the last text with that hash
/// (and group), and `last` the slot read last, looked at first: the rules ask about one
/// text many times in a row.
struct Kept {
    slots: Vec<Option<KeptScan>>,
    last: usize,
}

struct KeptScan {
    hash: u64,
    group: usize,
    text: Box<str>,
    hits: Vec<(u32, Range<usize>)>,
}

impl KeptScan {
    fn holds(&self, group: usize, text: &str) -> bool {
        self.group == group && *self.text == *text
    }
}

thread_local! {
    static KEPT: RefCell<Kept> = const { RefCell::new(Kept { slots: Vec::new(), last: 0 }) };
}

/// The hits of list `list` among `hits` (as [`Joint::hits`] sorts them).
pub(super) fn list_slice(hits: &[(u32, Range<usize>)], list: u32) -> &[(u32, Range<usize>)] {
    let from = hits.partition_point(|(owner, _)| *owner < list);
    let to = from + hits[from..].partition_point(|(owner, _)| *owner <= list);
    &hits[from..to]
}

/// Runs `read` on the hits of the joint scan of group `group` in `text` (scanned now
/// unless this thread kept them); `None` when the text is too long to keep. `read`
/// must not search phrases itself.
pub(super) fn with_hits<T>(
    group: usize,
    text: &Lowered<'_>,
    read: impl FnOnce(&[(u32, Range<usize>)]) -> T,
) -> Option<T> {
    if text.text.len() > LONGEST_KEPT_TEXT {
        return None;
    }
    let joint = joint(group)?;
    KEPT.with(|kept| {
        let mut kept = kept.borrow_mut();
        if kept.slots.is_empty() {
            kept.slots.resize_with(KEPT_TEXTS, || None);
        }
        let last = kept.last;
        if let Some(scan) = &kept.slots[last] {
            if scan.holds(group, text.text) {
                return Some(read(&scan.hits));
            }
        }
        let mut hasher = rustc_hash::FxHasher::default();
        hasher.write(text.text.as_bytes());
        hasher.write_usize(group);
        let hash = hasher.finish();
        let at = (hash % KEPT_TEXTS as u64) as usize;
        kept.last = at;
        let slot = &mut kept.slots[at];
        let fresh = !slot
            .as_ref()
            .is_some_and(|scan| scan.hash == hash && scan.holds(group, text.text));
        if fresh {
            *slot = Some(KeptScan {
                hash,
                group,
                text: text.text.into(),
                hits: joint.hits(text),
            });
        }
        slot.as_ref().map(|scan| read(&scan.hits))
    })
}
