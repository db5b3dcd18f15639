//! The agenda model: one parse of one file that every rule reads.
//!
//! [`Agenda::parse`] never fails. Missing or broken front matter is recorded as data and
//! reported by the front-matter rules; the body is still parsed. Every span is a byte
//! range into the whole file (BOM and front matter included) on `char` boundaries.

pub mod front_matter;
pub mod line_index;
mod markdown;
mod plain_yaml;

pub(crate) use markdown::options as markdown_options;

pub mod sections;
pub mod timebox;

use std::borrow::Cow;
use std::ops::Range;

pub use front_matter::{Field, FrontMatter, FrontMatterState, IsoDate, KeyEntry, Suppression};
pub use line_index::{LineColumn, LineIndex};
pub use sections::{SectionKind, SectionVocabulary};

use crate::diagnostic::Span;

/// One agenda file, parsed.
#[derive(Debug)]
pub struct Agenda<'a> {
    /// The path as reported (forward slashes).
    pub path: &'a str,
    /// The whole file text, BOM included.
    pub source: &'a str,
    /// 3 when the file starts with a UTF-8 byte-order mark, else 0.
    pub bom_len: usize,
    /// Byte offset where the Markdown body starts (after the front matter).
    pub body_start: usize,
    /// The front matter block, or why there is none.
    pub front_matter: FrontMatterState,
    /// Every run of text (paragraph, heading, item text, table cell), in document order.
    pub blocks: Vec<Block<'a>>,
    /// Every list item, in document order (a parent before its children).
    pub items: Vec<Item>,
    /// Every heading and the section it starts, in document order.
    pub sections: Vec<Section>,
    /// The units of each known section: projects, initiatives, and so on.
    pub entries: Vec<Entry>,
    /// `<!-- agendalint-... -->` comments.
    pub directives: Vec<Directive>,
    /// Lines of the file, for inline control and output: built on first use
    /// ([`Agenda::lines`]), since a file with no finding and no directive needs none.
    lines: std::sync::OnceLock<LineIndex>,
    /// Where each top-level block of the body starts (file offsets, ascending): places
    /// where no container is open, from which a parse of the rest of the file can start.
    pub top_level_starts: Vec<usize>,
    /// A number no other parse in this process has: the key of caches of work several
    /// rules would otherwise repeat on the same agenda.
    pub id: u64,
}

/// What kind of text a [`Block`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// A paragraph outside any list item.
    Paragraph,
    /// A heading's text.
    Heading,
    /// The text of a list item (its paragraph, or the bare text of a tight item).
    ItemText,
    /// A table cell.
    TableCell,
}

/// A run of plain text with a map back to the source.
#[derive(Clone, Debug)]
pub struct Block<'a> {
    /// What it is.
    pub kind: BlockKind,
    /// The text with Markdown syntax removed; line breaks become spaces. Borrowed from
    /// the source when it is one verbatim run of it (most blocks), so that parsing copies
    /// nothing.
    pub text: Cow<'a, str>,
    segments: Segments,
    /// The source span of the text.
    pub span: Span,
    /// The section it stands in, if any heading comes before it.
    pub section: Option<usize>,
    /// The innermost list item it belongs to.
    pub item: Option<usize>,
    /// A time box at its end.
    pub timebox: Option<timebox::Found>,
    /// Ranges of [`Block::text`] that were inline code (identifiers, not prose).
    pub code: Vec<Range<usize>>,
    /// Whether the block is an unfilled template prompt (`<what you decided and why>`).
    /// Its text is left empty, so that no rule counts a prompt as content.
    pub placeholder: bool,
    /// What the detectors found in it, worked out on first use.
    facts: std::cell::OnceCell<BlockFacts>,
}

/// What the detectors found in one block of text.
#[derive(Debug, Default, Clone)]
pub struct BlockFacts {
    /// Deadlines and durations (byte ranges in the block's text).
    pub time_bounds: Vec<Range<usize>>,
    /// The first measurable quantity, if any.
    pub metric: Option<Range<usize>>,
}

/// A block's segments: most blocks are one run of text, kept without an allocation.
#[derive(Clone, Debug, Default)]
pub(crate) enum Segments {
    /// No text (a prompt, or a heading with no words).
    #[default]
    Empty,
    /// One run of text.
    One(Segment),
    /// Several runs (markup, inline code or line breaks between them).
    Many(Vec<Segment>),
}

impl Segments {
    /// Adds a run after the others.
    pub(crate) fn push(&mut self, segment: Segment) {
        *self = match std::mem::take(self) {
            Segments::Empty => Segments::One(segment),
            Segments::One(first) => Segments::Many(vec![first, segment]),
            Segments::Many(mut all) => {
                all.push(segment);
                Segments::Many(all)
            }
        };
    }

    /// The runs, in order.
    pub(crate) fn as_slice(&self) -> &[Segment] {
        match self {
            Segments::Empty => &[],
            Segments::One(one) => std::slice::from_ref(one),
            Segments::Many(all) => all,
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Segment {
    text_start: usize,
    text_len: usize,
    source: Span,
    /// Whether the text is byte-for-byte the source (so inner offsets map exactly).
    exact: bool,
}

impl Block<'_> {
    /// What the detectors found in the text: `find` runs them on first use and the
    /// block keeps the answer, so however many rules ask, they run once. The model does
    /// not know the detectors; they hand themselves in as `find`.
    pub(crate) fn facts_with(&self, find: impl FnOnce(&Self) -> BlockFacts) -> &BlockFacts {
        self.facts.get_or_init(|| find(self))
    }

    /// Whether `range` of the text touches inline code that is an identifier
    /// (`promotion_id`, `POST /feedback`), not quoted words (`Staff Engineer`).
    pub fn in_code(&self, range: &Range<usize>) -> bool {
        self.code.iter().any(|c| {
            let identifier = self
                .text
                .get(c.clone())
                .is_some_and(|t| !t.trim().contains(' ') || t.contains('/'));
            identifier && c.start < range.end && range.start < c.end
        })
    }

    /// Maps a byte range of [`Block::text`] to a span of the file.
    ///
    /// Ranges inside verbatim text map exactly; ranges that touch escaped or synthetic
    /// text widen to the nearest source boundaries, so the result is always on `char`
    /// boundaries.
    pub fn source_span(&self, range: Range<usize>) -> Span {
        if self.segments.as_slice().is_empty() {
            return self.span;
        }
        let start = self.map(range.start, false);
        let end = self.map(range.end, true).max(start);
        Span::new(start, end)
    }

    fn map(&self, offset: usize, is_end: bool) -> usize {
        let segments = self.segments.as_slice();
        if is_end {
            // The segment holding the byte just before `offset`.
            let count = segments.partition_point(|s| s.text_start < offset);
            let Some(segment) = count.checked_sub(1).map(|i| &segments[i]) else {
                return segments.first().map_or(self.span.start, |s| s.source.start);
            };
            let inner = offset - segment.text_start;
            if inner >= segment.text_len {
                segment.source.end
            } else if segment.exact {
                segment.source.start + inner
            } else {
                segment.source.end
            }
        } else {
            // The segment holding `offset`, or the next one after synthetic text.
            let index = segments.partition_point(|s| s.text_start + s.text_len <= offset);
            let Some(segment) = segments.get(index) else {
                return segments.last().map_or(self.span.end, |s| s.source.end);
            };
            match offset.checked_sub(segment.text_start) {
                Some(inner) if segment.exact => segment.source.start + inner,
                _ => segment.source.start,
            }
        }
    }
}

/// A list item.
#[derive(Clone, Debug)]
pub struct Item {
    /// The whole item, marker and nested items included, without trailing whitespace.
    pub span: Span,
    /// The item's own first text (where diagnostics about the item point).
    pub head: Span,
    /// 0 for a top-level item, 1 for its children, and so on.
    pub depth: usize,
    /// The enclosing item.
    pub parent: Option<usize>,
    /// The section it stands in.
    pub section: Option<usize>,
    /// `Some(checked)` for a task-list item.
    pub checked: Option<bool>,
    /// The blocks of the item and everything nested in it.
    pub blocks: Range<usize>,
    /// Minutes of a time box ending its first line.
    pub timebox: Option<u32>,
}

/// A heading and the section it starts.
#[derive(Clone, Debug)]
pub struct Section {
    /// The heading line, without its line end.
    pub heading: Span,
    /// The heading text.
    pub title: String,
    /// 1 for `#`, 2 for `##`, ...
    pub level: u8,
    /// The kind its own heading text names.
    pub own_kind: SectionKind,
    /// The kind it counts as: its own, or, for an unnamed sub-heading, its parent's.
    pub kind: SectionKind,
    /// The nearest enclosing heading of a lower level.
    pub parent: Option<usize>,
    /// Where its subtree ends: the next heading of the same or a lower level.
    pub end: usize,
    /// Where its own content ends: the next heading of any level.
    pub content_end: usize,
    /// The heading's block.
    pub block: usize,
    /// The blocks of the whole subtree, heading included.
    pub blocks: Range<usize>,
    /// Minutes of a time box ending the heading.
    pub timebox: Option<u32>,
}

/// One unit of a known section: a project, an initiative, a career goal...
///
/// A section's units are its sub-headings when it has any, else its top-level items.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The kind of the section it belongs to.
    pub kind: SectionKind,
    /// The section it belongs to.
    pub section: usize,
    /// Where diagnostics about it point: the sub-heading or the item's text.
    pub head: Span,
    /// The whole unit.
    pub span: Span,
    /// Its blocks, nested ones included.
    pub blocks: Range<usize>,
    /// What it is made of.
    pub origin: EntryOrigin,
}

/// Whether an [`Entry`] is a sub-heading or a list item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryOrigin {
    /// A sub-heading (index into [`Agenda::sections`]).
    Heading(usize),
    /// A top-level list item (index into [`Agenda::items`]).
    Item(usize),
}

/// A unit of free text (see [`Agenda::units`]).
#[derive(Clone, Debug)]
pub struct Unit {
    /// Where a finding about it points: the item's own text, or the paragraph.
    pub head: Span,
    /// Its blocks, nested items included.
    pub blocks: Range<usize>,
    /// The section it stands in.
    pub section: Option<usize>,
    /// The top-level item it is, when it is one.
    pub item: Option<usize>,
}

/// A time box that counts toward the planned minutes.
#[derive(Clone, Copy, Debug)]
pub struct TimeBox {
    /// Planned minutes.
    pub minutes: u32,
    /// The heading or item text that carries it.
    pub span: Span,
    /// The section it is in (or heads).
    pub section: Option<usize>,
    /// The item that carries it, when an item does.
    pub item: Option<usize>,
}

/// An inline-control comment:
/// `<!-- agendalint-disable-line RULE... until: YYYY-MM-DD -- reason -->`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// What it does.
    pub kind: DirectiveKind,
    /// The rules it names; empty means all rules.
    pub rules: Vec<String>,
    /// Where each name of `rules` is in the file.
    pub rule_spans: Vec<Span>,
    /// The reason given after `--`, if any.
    pub reason: Option<String>,
    /// The date after which the suppression is reported as expired (`until:`).
    pub until: Option<Until>,
    /// The comment.
    pub span: Span,
}

/// The `until:` of a suppression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Until {
    /// A real day.
    Date(IsoDate),
    /// Text that is not one, as written.
    Invalid(String),
}

/// The inline-control comments of SPEC §2.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirectiveKind {
    /// `agendalint-disable`: from here on.
    Disable,
    /// `agendalint-enable`: from here on.
    Enable,
    /// `agendalint-disable-line`: this line.
    DisableLine,
    /// `agendalint-disable-next-line`: the next line.
    DisableNextLine,
    /// `agendalint-disable-file`: the whole file.
    DisableFile,
}

/// A new [`Agenda::id`].
fn next_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl<'a> Agenda<'a> {
    /// Parses one file. Never fails.
    pub fn parse(path: &'a str, source: &'a str, vocabulary: &SectionVocabulary) -> Self {
        let split = front_matter::split(source);
        let parsed = markdown::parse(source, split.body_start);
        let mut agenda = Agenda {
            path,
            source,
            bom_len: if source.starts_with('\u{feff}') { 3 } else { 0 },
            body_start: split.body_start,
            front_matter: split.state,
            blocks: parsed.blocks,
            items: parsed.items,
            sections: parsed.sections,
            entries: Vec::new(),
            directives: parsed.directives,
            lines: std::sync::OnceLock::new(),
            top_level_starts: parsed.top_level_starts,
            id: next_id(),
        };
        agenda.classify_sections(vocabulary);
        agenda.entries = agenda.collect_entries();
        agenda
    }

    fn classify_sections(&mut self, vocabulary: &SectionVocabulary) {
        for index in 0..self.sections.len() {
            let own = vocabulary.classify(&self.sections[index].title);
            let inherited = self.sections[index]
                .parent
                .map_or(SectionKind::Other, |p| self.sections[p].kind);
            let section = &mut self.sections[index];
            section.own_kind = own;
            section.kind = if own == SectionKind::Other {
                inherited
            } else {
                own
            };
        }
    }

    fn collect_entries(&self) -> Vec<Entry> {
        // Each section's sub-sections of no kind, and its top-level items, gathered in
        // one pass each: an agenda with 40,000 sections is not 40,000 scans. Each list
        // is one flat run of (section, index) pairs grouped by section (a stable sort
        // keeps the document order within a section), not a vector per section.
        let mut children: Vec<(usize, usize)> = self
            .sections
            .iter()
            .enumerate()
            .filter(|(_, child)| child.own_kind == SectionKind::Other)
            .filter_map(|(c, child)| child.parent.map(|parent| (parent, c)))
            .collect();
        children.sort_by_key(|&(parent, _)| parent);
        let mut top_items: Vec<(usize, usize)> = self
            .items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| match (item.section, item.depth) {
                (Some(section), 0) => Some((section, i)),
                _ => None,
            })
            .collect();
        top_items.sort_by_key(|&(section, _)| section);
        let of = |pairs: &[(usize, usize)], index: usize| -> std::ops::Range<usize> {
            let start = pairs.partition_point(|&(owner, _)| owner < index);
            let end = pairs.partition_point(|&(owner, _)| owner <= index);
            start..end
        };
        let mut entries = Vec::with_capacity(top_items.len() + children.len());
        for (index, section) in self.sections.iter().enumerate() {
            if section.own_kind == SectionKind::Other {
                continue;
            }
            let own_children = &children[of(&children, index)];
            if own_children.is_empty() {
                for &(_, item_index) in &top_items[of(&top_items, index)] {
                    let item = &self.items[item_index];
                    entries.push(Entry {
                        kind: section.own_kind,
                        section: index,
                        head: item.head,
                        span: item.span,
                        blocks: item.blocks.clone(),
                        origin: EntryOrigin::Item(item_index),
                    });
                }
            } else {
                for &(_, child) in own_children {
                    let sub = &self.sections[child];
                    let end = trim_end(self.source, sub.heading.start, sub.end);
                    entries.push(Entry {
                        kind: section.own_kind,
                        section: index,
                        head: sub.heading,
                        span: Span::new(sub.heading.start, end),
                        blocks: sub.blocks.clone(),
                        origin: EntryOrigin::Heading(child),
                    });
                }
            }
        }
        entries.sort_by_key(|e| e.span.start);
        entries
    }

    /// The front matter, when there is a complete block.
    pub fn front_matter(&self) -> Option<&FrontMatter> {
        match &self.front_matter {
            FrontMatterState::Present(fm) => Some(fm),
            _ => None,
        }
    }

    /// Whether the headings look like an agenda's: at least two kinds of agenda section
    /// (projects and initiatives, say). A README's "Development" or a journal's
    /// "Questions" alone does not make one.
    pub fn looks_like_an_agenda(&self) -> bool {
        let mut kinds: Vec<SectionKind> = self
            .sections
            .iter()
            .map(|s| s.own_kind)
            .filter(|k| *k != SectionKind::Other)
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        kinds.len() >= 2
    }

    /// Whether the body (after the front matter) holds nothing but whitespace and HTML
    /// comments: an empty file, or front matter alone.
    pub fn body_is_empty(&self) -> bool {
        let mut rest = self.source.get(self.body_start..).unwrap_or("");
        loop {
            rest = rest.trim_start();
            match rest
                .strip_prefix("<!--")
                .and_then(|r| r.find("-->").map(|end| &r[end + 3..]))
            {
                Some(after) => rest = after,
                None => return rest.is_empty(),
            }
        }
    }

    /// The text of `span`.
    pub fn text(&self, span: Span) -> &'a str {
        self.source.get(span.start..span.end).unwrap_or("")
    }

    /// The entries (units) of sections of `kind`.
    pub fn entries_of(&self, kind: SectionKind) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(move |e| e.kind == kind)
    }

    /// Sections whose own heading names `kind`.
    pub fn sections_of(&self, kind: SectionKind) -> impl Iterator<Item = (usize, &Section)> {
        self.sections
            .iter()
            .enumerate()
            .filter(move |(_, s)| s.own_kind == kind)
    }

    /// The kind of the section a block or item stands in (`Other` before any heading).
    pub fn kind_of(&self, section: Option<usize>) -> SectionKind {
        section.map_or(SectionKind::Other, |s| self.sections[s].kind)
    }

    /// Whether the blocks in `range` are only template prompts (`<...>`): an entry still
    /// to be written, which `unfilled-prompt` reports and other rules leave alone.
    pub fn is_prompt(&self, range: Range<usize>) -> bool {
        let blocks = self.blocks(range);
        blocks.iter().any(|b| b.placeholder)
            && blocks
                .iter()
                .all(|b| b.placeholder || b.text.trim().is_empty())
    }

    /// The blocks in `range`.
    pub fn blocks(&self, range: Range<usize>) -> &[Block<'_>] {
        self.blocks.get(range).unwrap_or(&[])
    }

    /// The units of free text: each top-level list item with everything nested in it,
    /// and each paragraph or table cell outside lists. Rules that look "anywhere" read
    /// these, so that a proposal in a sub-item counts for the item above it.
    pub fn units(&self) -> Vec<Unit> {
        let mut units: Vec<Unit> = self
            .items
            .iter()
            .enumerate()
            .filter(|(_, item)| item.depth == 0)
            .map(|(index, item)| Unit {
                head: item.head,
                blocks: item.blocks.clone(),
                section: item.section,
                item: Some(index),
            })
            .collect();
        units.extend(self.blocks.iter().enumerate().filter_map(|(i, block)| {
            (block.item.is_none()
                && matches!(block.kind, BlockKind::Paragraph | BlockKind::TableCell))
            .then_some(Unit {
                head: block.span,
                blocks: i..i + 1,
                section: block.section,
                item: None,
            })
        }));
        units.sort_by_key(|u| u.head.start);
        units
    }

    /// Time boxes that no enclosing heading or item already boxes: the minutes the
    /// agenda plans, each counted once.
    pub fn top_time_boxes(&self) -> Vec<TimeBox> {
        // A box on a heading of no kind whose subtree holds boxes of its own
        // ("# 1:1 with Alex (30 min)") is the meeting's total, not a topic: its parts count.
        // Where the boxes are, sorted, so that "a box inside" is a binary search: an
        // agenda with 100,000 boxed headings is not n².
        let mut boxed_at: Vec<usize> = self
            .sections
            .iter()
            .filter(|c| c.timebox.is_some())
            .map(|c| c.heading.start)
            .chain(
                self.items
                    .iter()
                    .filter(|i| i.timebox.is_some())
                    .map(|i| i.span.start),
            )
            .collect();
        boxed_at.sort_unstable();
        let is_total = |s: usize| {
            let section = &self.sections[s];
            let after_heading = boxed_at.partition_point(|&at| at <= section.heading.start);
            section.kind == SectionKind::Other
                && boxed_at
                    .get(after_heading)
                    .is_some_and(|&at| at < section.end)
        };
        let section_boxed = |mut section: Option<usize>| {
            while let Some(s) = section {
                if self.sections[s].timebox.is_some() && !is_total(s) {
                    return true;
                }
                section = self.sections[s].parent;
            }
            false
        };
        let mut boxes = Vec::new();
        for (index, section) in self.sections.iter().enumerate() {
            if let Some(minutes) = section.timebox {
                if !section_boxed(section.parent) && !is_total(index) {
                    boxes.push(TimeBox {
                        minutes,
                        span: section.heading,
                        section: Some(index),
                        item: None,
                    });
                }
            }
        }
        for (index, item) in self.items.iter().enumerate() {
            let Some(minutes) = item.timebox else {
                continue;
            };
            let mut parent = item.parent;
            let mut item_boxed = false;
            while let Some(p) = parent {
                if self.items[p].timebox.is_some() {
                    item_boxed = true;
                    break;
                }
                parent = self.items[p].parent;
            }
            if !item_boxed && !section_boxed(item.section) {
                boxes.push(TimeBox {
                    minutes,
                    span: item.head,
                    section: item.section,
                    item: Some(index),
                });
            }
        }
        boxes.sort_by_key(|b| b.span.start);
        boxes
    }

    /// Where a finding about the agenda as a whole points: the first heading, else the
    /// front matter's opening line, else the first line of the file.
    pub fn anchor(&self) -> Span {
        if let Some(section) = self.sections.first() {
            return section.heading;
        }
        match &self.front_matter {
            FrontMatterState::Present(fm) => fm.open,
            FrontMatterState::Unclosed { open } => *open,
            FrontMatterState::Missing => self.first_line(),
        }
    }

    /// The lines of the file, indexed on the first call.
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.source))
    }

    /// The lines of the file, given up by the agenda.
    pub fn into_lines(self) -> LineIndex {
        let source = self.source;
        self.lines
            .into_inner()
            .unwrap_or_else(|| LineIndex::new(source))
    }

    /// The first line of the file (after a BOM), without its line end.
    pub fn first_line(&self) -> Span {
        Span::new(
            self.bom_len,
            self.lines().line_end(0, self.source).max(self.bom_len),
        )
    }

    /// The file's line ending: `\r\n` when its first line ends so, else `\n`.
    pub fn line_ending(&self) -> &'static str {
        match self.source.find('\n') {
            Some(nl) if nl > 0 && self.source.as_bytes()[nl - 1] == b'\r' => "\r\n",
            _ => "\n",
        }
    }

    /// The bullet the file uses for lists (`-`, `*` or `+`), `-` when it has none.
    pub fn list_marker(&self) -> char {
        self.items
            .iter()
            .find_map(|item| {
                self.text(item.span)
                    .chars()
                    .next()
                    .filter(|c| matches!(c, '-' | '*' | '+'))
            })
            .unwrap_or('-')
    }

    /// The heading level the file uses for its known sections, 2 when it has none.
    pub fn section_level(&self) -> u8 {
        self.sections
            .iter()
            .find(|s| s.own_kind != SectionKind::Other)
            .map_or(2, |s| s.level)
    }
}

fn trim_end(source: &str, start: usize, end: usize) -> usize {
    let text = source.get(start..end).unwrap_or("");
    start + text.trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    const AGENDA: &str = "---\ndate: 2026-11-23\nwith: Alex Kim\nduration: 30\n---\n# 1:1 with Alex\n\n## Projects (15 min)\n### Checkout service rewrite\n- Decision: moved to an event queue instead of polling\n  - trade-off: more moving parts\n- Lesson learned: load-test first\n\n### Search relevance\nShipped v2 to 100%.\n\n## Initiatives (5 min)\n- Propose a flaky-test budget: cut CI reruns by 40% within 60 days\n\n## Action items\n- [ ] Send the RFC by Friday\n- [x] Book the room\n";

    fn parse(text: &str) -> Agenda<'_> {
        Agenda::parse("t.md", text, SectionVocabulary::builtin())
    }

    #[test]
    fn sections_get_kinds_and_sub_headings_inherit() {
        let agenda = parse(AGENDA);
        let kinds: Vec<_> = agenda
            .sections
            .iter()
            .map(|s| (s.title.as_str(), s.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                ("1:1 with Alex", SectionKind::Other),
                ("Projects (15 min)", SectionKind::Projects),
                ("Checkout service rewrite", SectionKind::Projects),
                ("Search relevance", SectionKind::Projects),
                ("Initiatives (5 min)", SectionKind::Initiatives),
                ("Action items", SectionKind::Actions),
            ]
        );
        assert_eq!(agenda.sections[1].timebox, Some(15));
    }

    #[test]
    fn projects_are_sub_headings_with_their_whole_subtree() {
        let agenda = parse(AGENDA);
        let projects: Vec<_> = agenda.entries_of(SectionKind::Projects).collect();
        assert_eq!(projects.len(), 2);
        let texts: Vec<&str> = agenda
            .blocks(projects[0].blocks.clone())
            .iter()
            .map(|b| b.text.as_ref())
            .collect();
        assert!(texts.contains(&"trade-off: more moving parts"));
        assert_eq!(agenda.text(projects[1].head), "### Search relevance");
    }

    #[test]
    fn projects_are_top_level_items_without_sub_headings() {
        let agenda = parse("## Projects\n- Billing\n  - chose Stripe over Adyen\n- Search\n");
        let heads: Vec<_> = agenda
            .entries_of(SectionKind::Projects)
            .map(|e| agenda.text(e.head))
            .collect();
        assert_eq!(heads, ["Billing", "Search"]);
    }

    #[test]
    fn items_carry_task_state_and_nested_text() {
        let agenda = parse(AGENDA);
        let tasks: Vec<_> = agenda.items.iter().filter_map(|i| i.checked).collect();
        assert_eq!(tasks, [false, true]);
        let first = &agenda.items[0];
        assert_eq!(first.depth, 0);
        assert_eq!(agenda.items[1].parent, Some(0));
        assert_eq!(agenda.blocks(first.blocks.clone()).len(), 2);
    }

    #[test]
    fn spans_map_back_into_the_source() {
        let text =
            "---\ndate: 2026-11-23\n---\n## Initiatives\n- Cut **CI** reruns by `40%` in 60 days\n";
        let agenda = parse(text);
        let block = agenda
            .blocks
            .iter()
            .find(|b| b.kind == BlockKind::ItemText)
            .expect("item");
        assert_eq!(block.text, "Cut CI reruns by 40% in 60 days");
        let at = block.text.find("40%").expect("40%");
        assert_eq!(agenda.text(block.source_span(at..at + 3)), "40%");
        let at = block.text.find("CI reruns").expect("CI");
        assert_eq!(agenda.text(block.source_span(at..at + 9)), "CI** reruns");
    }

    #[test]
    fn crlf_bom_and_non_ascii_spans_lie_on_char_boundaries() {
        let text = "\u{feff}---\r\ndate: 2026-11-23\r\nwith: José\r\n---\r\n## Initiatives — 5 min\r\n- Réduire la latence — p99 de 800 à 200 ms d’ici mars\r\n";
        let agenda = parse(text);
        assert_eq!(agenda.sections[0].kind, SectionKind::Initiatives);
        assert_eq!(agenda.sections[0].timebox, Some(5));
        for block in &agenda.blocks {
            assert!(
                text.is_char_boundary(block.span.start) && text.is_char_boundary(block.span.end)
            );
            for i in 0..=block.text.len() {
                if block.text.is_char_boundary(i) {
                    let span = block.source_span(i..block.text.len());
                    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                }
            }
        }
        assert_eq!(agenda.line_ending(), "\r\n");
    }

    #[test]
    fn directives_carry_reasons_and_expiry_dates() {
        let text = "- x <!-- agendalint-disable-line complaint-phrasing, promotion-ask -- quoting my manager -->\n<!-- agendalint-disable no-time-bound until: 2027-03-01 -- waiting for the reorg -->\n<!-- agendalint-disable-next-line -- until: 2026-02-30 -->\n";
        let agenda = parse(text);
        let [line, range, next] = agenda.directives.as_slice() else {
            panic!("three directives: {:?}", agenda.directives)
        };
        assert_eq!(line.rules, ["complaint-phrasing", "promotion-ask"]);
        let names: Vec<&str> = line.rule_spans.iter().map(|s| agenda.text(*s)).collect();
        assert_eq!(names, ["complaint-phrasing", "promotion-ask"]);
        assert_eq!(line.reason.as_deref(), Some("quoting my manager"));
        assert_eq!(line.until, None);
        assert_eq!(range.rules, ["no-time-bound"]);
        assert_eq!(agenda.text(range.rule_spans[0]), "no-time-bound");
        assert_eq!(range.reason.as_deref(), Some("waiting for the reorg"));
        assert_eq!(
            range.until,
            Some(Until::Date(IsoDate::parse("2027-03-01").expect("date")))
        );
        assert!(next.rules.is_empty());
        assert_eq!(next.reason, None, "an expiry date alone is no reason");
        assert_eq!(next.until, Some(Until::Invalid("2026-02-30".to_string())));
        let agenda = parse("<!-- agendalint-disable-line until: 2027-01-01 x-rule -->\n");
        assert_eq!(agenda.directives[0].rules, ["x-rule"]);
        assert_eq!(agenda.text(agenda.directives[0].rule_spans[0]), "x-rule");
    }

    #[test]
    fn directives_are_collected() {
        let agenda = parse(
            "<!-- agendalint-disable missing-metric, no-time-bound -->\n- x <!-- agendalint-disable-line -->\n",
        );
        assert_eq!(agenda.directives.len(), 2);
        assert_eq!(
            agenda.directives[0].rules,
            ["missing-metric", "no-time-bound"]
        );
        assert_eq!(agenda.directives[1].kind, DirectiveKind::DisableLine);
        assert!(agenda.directives[1].rules.is_empty());
    }

    #[test]
    fn units_and_top_time_boxes() {
        let agenda = parse(
            "intro paragraph\n\n## Projects (15 min)\n- a (5 min)\n  - nested\n## Misc\n- b (3 min)\n  - c (1 min)\n- d\n",
        );
        let units = agenda.units();
        assert_eq!(units.len(), 4);
        assert_eq!(agenda.text(units[0].head), "intro paragraph");
        let boxes: Vec<u32> = agenda.top_time_boxes().iter().map(|b| b.minutes).collect();
        assert_eq!(boxes, [15, 3]);
        let agenda =
            parse("# 1:1 with Alex (30 min)\n## Projects (10 min)\n## Personal (20 min)\n");
        let boxes: Vec<u32> = agenda.top_time_boxes().iter().map(|b| b.minutes).collect();
        assert_eq!(boxes, [10, 20], "a title's box is the total, not a topic");
        let agenda =
            parse("## Projects\n### Checkout (10 min)\n- Decision (5 min)\n### Search (10 min)\n");
        let boxes: Vec<u32> = agenda.top_time_boxes().iter().map(|b| b.minutes).collect();
        assert_eq!(boxes, [10, 10], "a project's box is a topic");
    }

    #[test]
    fn template_prompts_are_not_content() {
        let agenda = parse(
            "## Projects\n### <Project name>\n- Decision: <what you chose, over which alternative, and why>\n- shipped <br> v2\n",
        );
        let decision = agenda
            .blocks
            .iter()
            .find(|b| b.kind == BlockKind::ItemText)
            .expect("item");
        assert!(decision.placeholder && decision.text.is_empty());
        assert!(
            agenda
                .blocks
                .iter()
                .any(|b| b.text.contains("shipped") && !b.placeholder)
        );
    }

    #[test]
    fn empty_bodies() {
        for text in [
            "",
            "\n\n",
            "\u{feff}",
            "---\ndate: 2026-11-23\n---\n",
            "---\ndate: 2026-11-23\n---\n\n<!-- agendalint-disable-file -->\n",
        ] {
            assert!(parse(text).body_is_empty(), "{text:?}");
        }
        for text in ["# Notes\n", "---\nwith: A\n---\n- x\n", "<!-- a -->\ntext"] {
            assert!(!parse(text).body_is_empty(), "{text:?}");
        }
    }

    #[test]
    fn code_blocks_are_not_text() {
        let agenda = parse("## Initiatives\n```\ntoo many meetings\n```\n");
        assert!(agenda.blocks.iter().all(|b| !b.text.contains("meetings")));
    }
}
