//! Text detectors shared by several rules: deadlines and durations, measurable
//! quantities, and literal phrase lists.
//!
//! Each detector reads its vocabulary from a YAML file under `rules/`, written into the
//! binary as constants by the build and read on first use, so a run that never needs a
//! detector never pays for it.

pub mod lexer;
pub mod metric;
pub mod pattern_source;
pub mod phrases;
pub mod skills;
pub mod time_bound;

use std::ops::Range;

use crate::model::{Agenda, Block, BlockFacts};

pub use lexer::Lexed;
pub use phrases::{PhraseBank, PhraseList, PhraseSet};

/// The deadlines, durations and measurable quantities in a block's text; several rules
/// ask, the detectors run once (the block keeps what they found).
pub fn facts<'b>(block: &'b Block<'_>) -> &'b BlockFacts {
    block.facts_with(find_facts)
}

/// Runs the time-bound and metric detectors over a block, leaving out its time box.
fn find_facts(block: &Block) -> BlockFacts {
    let lexed = Lexed::new(&block.text);
    let mut time_bounds = time_bound::find(&lexed);
    let mut masked = time_bounds.clone();
    if let Some(found) = block.timebox {
        masked.push(found.text_start..block.text.len());
        time_bounds.retain(|r| r.start < found.text_start);
    }
    let metric = metric::find(&lexed, &masked);
    BlockFacts {
        time_bounds,
        metric,
    }
}

/// Whether any block in `range` states a deadline or duration.
pub fn blocks_have_time_bound(agenda: &Agenda<'_>, range: Range<usize>) -> bool {
    agenda
        .blocks(range)
        .iter()
        .any(|b| !facts(b).time_bounds.is_empty())
}

/// Whether any block in `range` states a measurable quantity.
pub fn blocks_have_metric(agenda: &Agenda<'_>, range: Range<usize>) -> bool {
    agenda
        .blocks(range)
        .iter()
        .any(|b| facts(b).metric.is_some())
}
