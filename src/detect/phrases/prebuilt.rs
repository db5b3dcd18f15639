//! The built-in phrase lists, normalized and indexed by `build.rs`.
//!
//! For every list of strings in the rule data (`rules/*.yaml`, the pattern lists
//! aside), `build.rs` writes the list as written, its normalized [`Phrases`], their
//! prefix flags and their [`WordIndex`] as constants, built by the same code a run
//! uses (`index.rs`). A list a rule builds from its data is found here by its strings
//! and read in place: nothing is normalized, hashed or allocated at start-up but the
//! set's handle, and a list no enabled rule asks for is never touched. `build.rs` also
//! joins the lists into one index per group ([`joint`]), which scans a text once for
//! all of them (see `super::joint`): the privacy rules' lists, which most runs do not
//! ask for, form a group of their own.

use std::borrow::Cow;

use super::index::{Buckets, Phrases, Starts, WordIndex};

/// A list of strings of the rule data and what a search reads of it.
#[derive(Debug)]
pub(super) struct PrebuiltList {
    /// The list's strings as written, end to end.
    source: &'static str,
    /// The joint index that holds the list (see [`joint`]).
    pub(super) group: u8,
    /// Where each string ends in `source`.
    source_ends: &'static [u32],
    /// The normalized phrases ([`Phrases::normalized`]).
    pub(super) phrases: Phrases,
    /// For each phrase: whether it is a prefix.
    pub(super) prefix: &'static [bool],
    /// The phrases' word index ([`WordIndex::new`]).
    pub(super) index: WordIndex,
}

/// The prebuilt lists of one group joined into one: their phrases, in the order of
/// the lists, and for each phrase the place of its list.
#[derive(Debug)]
pub(super) struct PrebuiltJoint {
    pub(super) phrases: Phrases,
    pub(super) prefix: &'static [bool],
    pub(super) index: WordIndex,
    /// For each phrase: the place of its list in the prebuilt lists.
    pub(super) owner: &'static [u32],
}

impl PrebuiltList {
    /// The list's strings as written.
    fn strings(&self) -> impl Iterator<Item = &'static str> + '_ {
        let source = self.source;
        self.source_ends.iter().scan(0, move |start, &end| {
            let string = &source[*start..end as usize];
            *start = end as usize;
            Some(string)
        })
    }
}

/// The constants `build.rs` writes: `PREBUILT_LISTS` and `PREBUILT_JOINTS`.
mod written {
    #![allow(clippy::pedantic, clippy::all)]
    use super::{Buckets, Cow, Phrases, PrebuiltJoint, PrebuiltList, Starts, WordIndex};

    include!(concat!(env!("OUT_DIR"), "/prebuilt_phrases.rs"));
}

use written::{PREBUILT_JOINTS, PREBUILT_LISTS};

/// The prebuilt list whose strings are `strings`, if there is one, and its place
/// among the prebuilt lists (its place in [`joint`]).
pub(super) fn find(strings: &[&str]) -> Option<(u32, &'static PrebuiltList)> {
    let bytes: usize = strings.iter().map(|s| s.len()).sum();
    let key = |list: &PrebuiltList| (list.source_ends.len(), list.source.len());
    let wanted = (strings.len(), bytes);
    let from = PREBUILT_LISTS.partition_point(|list| key(list) < wanted);
    PREBUILT_LISTS[from..]
        .iter()
        .take_while(|list| key(list) == wanted)
        .position(|list| list.strings().eq(strings.iter().copied()))
        .map(|at| {
            let place = from + at;
            (
                u32::try_from(place).unwrap_or(u32::MAX),
                &PREBUILT_LISTS[place],
            )
        })
}

/// The prebuilt lists of group `group` joined.
pub(super) fn joint(group: usize) -> Option<&'static PrebuiltJoint> {
    PREBUILT_JOINTS.get(group)
}

/// The group of the prebuilt list at `place`.
pub(super) fn group_of(place: u32) -> usize {
    PREBUILT_LISTS
        .get(place as usize)
        .map_or(0, |list| usize::from(list.group))
}

/// How many groups of lists are joined.
#[cfg(test)]
pub(super) fn groups() -> usize {
    PREBUILT_JOINTS.len()
}

/// How many lists are prebuilt.
#[cfg(test)]
pub(super) fn lists() -> usize {
    PREBUILT_LISTS.len()
}

/// Every prebuilt list's strings as written.
#[cfg(test)]
pub(super) fn all_sources() -> impl Iterator<Item = Vec<&'static str>> {
    PREBUILT_LISTS.iter().map(|list| list.strings().collect())
}
