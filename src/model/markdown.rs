//! One pass of pulldown-cmark over the body, building blocks, items, sections and
//! inline-control comments with file-absolute byte spans.
//!
//! pulldown-cmark runs on the body only (front matter already split off); every range it
//! gives is shifted by the body's offset. Metadata blocks are not enabled: the front
//! matter is handled by `front_matter.rs`.

use std::borrow::Cow;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::timebox;
use super::{Block, BlockKind, Directive, DirectiveKind, Item, Section, Segment, Segments, Until};
use crate::diagnostic::Span;

/// The parser options: an explicit allowlist, without metadata blocks (see module docs).
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH
}

/// What one pass over the body produces.
pub(crate) struct Parsed<'a> {
    pub blocks: Vec<Block<'a>>,
    pub items: Vec<Item>,
    pub sections: Vec<Section>,
    pub directives: Vec<Directive>,
    pub top_level_starts: Vec<usize>,
}

struct BlockBuilder {
    kind: BlockKind,
    text: BuilderText,
    segments: Segments,
    code: Vec<std::ops::Range<usize>>,
    fallback: Span,
}

/// A block's text while it is read: nothing yet, one verbatim run of the source (kept
/// as its range, copied never), or text put together from several runs.
enum BuilderText {
    Empty,
    Source(std::ops::Range<usize>),
    Owned(String),
}

impl BuilderText {
    fn len(&self) -> usize {
        match self {
            BuilderText::Empty => 0,
            BuilderText::Source(range) => range.len(),
            BuilderText::Owned(text) => text.len(),
        }
    }

    fn as_str<'s>(&'s self, source: &'s str) -> &'s str {
        match self {
            BuilderText::Empty => "",
            BuilderText::Source(range) => source.get(range.clone()).unwrap_or(""),
            BuilderText::Owned(text) => text,
        }
    }

    /// Adds `piece` after the text so far, copying a verbatim run into one allocation
    /// sized for the whole block (`span`) the first time.
    fn push(&mut self, source: &str, span: Span, piece: &str) {
        match self {
            BuilderText::Owned(text) => text.push_str(piece),
            BuilderText::Empty | BuilderText::Source(_) => {
                let so_far = self.as_str(source);
                let capacity = span.end.saturating_sub(span.start);
                let mut text = String::with_capacity(capacity.max(so_far.len() + piece.len()));
                text.push_str(so_far);
                text.push_str(piece);
                *self = BuilderText::Owned(text);
            }
        }
    }

    fn finish(self, source: &str) -> Cow<'_, str> {
        match self {
            BuilderText::Empty => Cow::Borrowed(""),
            BuilderText::Source(range) => Cow::Borrowed(source.get(range).unwrap_or("")),
            BuilderText::Owned(text) => Cow::Owned(text),
        }
    }
}

struct Walker<'a> {
    source: &'a str,
    blocks: Vec<Block<'a>>,
    items: Vec<Item>,
    sections: Vec<Section>,
    directives: Vec<Directive>,
    open_block: Option<BlockBuilder>,
    open_items: Vec<usize>,
    /// For each item, its own first block (kept as blocks are finished, so that closing
    /// a deeply nested item does not search its whole subtree).
    first_own_block: Vec<Option<usize>>,
    /// (level, section index) of the headings enclosing the current position.
    heading_stack: Vec<(u8, usize)>,
    current_section: Option<usize>,
    heading: Option<(u8, Span)>,
    code_depth: usize,
    image_depth: usize,
    /// Where each `<` of the source is: a block whose lines hold none is no prompt.
    angles: Vec<usize>,
}

/// Parses the body `source[offset..]`; every span in the result is file-absolute.
pub(crate) fn parse(source: &str, offset: usize) -> Parsed<'_> {
    let body = source.get(offset..).unwrap_or("");
    let mut walker = Walker::new(source);
    // About one block and one top-level element per line of 60 bytes: a guess that
    // spares most of the growing (capped: a huge one-line file reserves little).
    let lines = (body.len() / 60 + 4).min(1024);
    walker.blocks.reserve(lines);
    walker.items.reserve(lines);
    walker.first_own_block.reserve(lines);
    walker.sections.reserve(lines / 8 + 2);
    let mut top_level_starts = Vec::with_capacity(lines);
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let span = Span::new(range.start + offset, range.end + offset);
        match event {
            Event::Start(_) => {
                if depth == 0 {
                    top_level_starts.push(span.start);
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Rule | Event::Html(_) if depth == 0 => top_level_starts.push(span.start),
            _ => {}
        }
        walker.event(event, span);
    }
    walker.finish_block();
    walker.finish_sections();
    Parsed {
        blocks: walker.blocks,
        items: walker.items,
        sections: walker.sections,
        directives: walker.directives,
        top_level_starts,
    }
}

impl<'a> Walker<'a> {
    fn new(source: &'a str) -> Self {
        Walker {
            source,
            blocks: Vec::new(),
            items: Vec::new(),
            sections: Vec::new(),
            directives: Vec::new(),
            open_block: None,
            open_items: Vec::new(),
            first_own_block: Vec::new(),
            heading_stack: Vec::new(),
            current_section: None,
            heading: None,
            code_depth: 0,
            image_depth: 0,
            angles: memchr::memchr_iter(b'<', source.as_bytes()).collect(),
        }
    }
}

impl Walker<'_> {
    fn event(&mut self, event: Event<'_>, span: Span) {
        match event {
            Event::Start(tag) => self.start(&tag, span),
            Event::End(tag) => self.end(tag, span),
            Event::Text(text) if self.code_depth == 0 => self.text(&text, span, false),
            Event::Code(text) if self.code_depth == 0 => self.text(&text, span, true),
            Event::SoftBreak if self.code_depth == 0 => self.synthetic(" "),
            Event::HardBreak if self.code_depth == 0 => self.synthetic("\n"),
            Event::Html(html) | Event::InlineHtml(html) => {
                // A prompt such as `<one proposal with a metric>` parses as an HTML tag;
                // keep it as text so the block exists and is marked as a prompt.
                if self.code_depth == 0
                    && !html.trim_start().starts_with("<!--")
                    && has_placeholder(&html)
                {
                    self.text(&html, span, false);
                }
                self.html(&html, span);
            }
            Event::TaskListMarker(checked) => {
                if let Some(&item) = self.open_items.last() {
                    self.items[item].checked = Some(checked);
                }
            }
            Event::Rule => self.finish_block(),
            _ => {}
        }
    }

    fn start(&mut self, tag: &Tag<'_>, span: Span) {
        match tag {
            Tag::Heading { level, .. } => {
                self.finish_block();
                self.heading = Some((*level as u8, self.trim(span)));
                self.open(BlockKind::Heading, span);
            }
            Tag::Paragraph => {
                self.finish_block();
                let kind = if self.open_items.is_empty() {
                    BlockKind::Paragraph
                } else {
                    BlockKind::ItemText
                };
                self.open(kind, span);
            }
            Tag::TableCell => {
                self.finish_block();
                self.open(BlockKind::TableCell, span);
            }
            Tag::Item => {
                self.finish_block();
                let index = self.items.len();
                self.items.push(Item {
                    span: self.trim(span),
                    head: Span::empty(span.start),
                    depth: self.open_items.len(),
                    parent: self.open_items.last().copied(),
                    section: self.current_section,
                    checked: None,
                    blocks: self.blocks.len()..self.blocks.len(),
                    timebox: None,
                });
                self.open_items.push(index);
                self.first_own_block.push(None);
            }
            Tag::CodeBlock(_) => {
                self.finish_block();
                self.code_depth += 1;
            }
            Tag::Image { .. } => self.image_depth += 1,
            Tag::List(_) | Tag::BlockQuote(_) | Tag::Table(_) | Tag::FootnoteDefinition(_) => {
                self.finish_block();
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, span: Span) {
        match tag {
            TagEnd::Heading(_) => {
                self.finish_block();
                self.push_section(span);
            }
            TagEnd::Paragraph | TagEnd::TableCell | TagEnd::List(_) | TagEnd::BlockQuote(_) => {
                self.finish_block();
            }
            TagEnd::Item => {
                self.finish_block();
                if let Some(index) = self.open_items.pop() {
                    let end = self.blocks.len();
                    let first_own = self.first_own_block.get(index).copied().flatten();
                    let first_child = self
                        .items
                        .get(index + 1)
                        .filter(|c| c.parent == Some(index))
                        .map(|c| c.span.start);
                    let item = &mut self.items[index];
                    item.blocks.end = end;
                    if let Some(first) = first_own.map(|b| &self.blocks[b]) {
                        item.head = first.span;
                        item.timebox = first.timebox.map(|t| t.minutes);
                    } else {
                        // No text of its own: its first line, up to where nested content
                        // starts (so a deep "- - - x" stays linear).
                        let child = first_child.unwrap_or(usize::MAX);
                        let nested = self
                            .blocks
                            .get(item.blocks.start)
                            .map_or(item.span.end, |b| b.span.start);
                        let limit = nested.min(child).clamp(item.span.start, item.span.end);
                        item.head = first_line(self.source, Span::new(item.span.start, limit));
                    }
                }
            }
            TagEnd::CodeBlock => self.code_depth = self.code_depth.saturating_sub(1),
            TagEnd::Image => self.image_depth = self.image_depth.saturating_sub(1),
            _ => {}
        }
    }

    fn open(&mut self, kind: BlockKind, span: Span) {
        self.open_block = Some(BlockBuilder {
            kind,
            text: BuilderText::Empty,
            segments: Segments::Empty,
            code: Vec::new(),
            fallback: self.trim(span),
        });
    }

    fn text(&mut self, text: &str, span: Span, is_code: bool) {
        if self.image_depth > 0 {
            return;
        }
        if self.open_block.is_none() {
            // Text of a tight list item arrives without a paragraph around it.
            let kind = if self.open_items.is_empty() {
                BlockKind::Paragraph
            } else {
                BlockKind::ItemText
            };
            self.open(kind, span);
        }
        let source = self.source;
        let Some(block) = self.open_block.as_mut() else {
            return;
        };
        let raw = source.get(span.start..span.end).unwrap_or("");
        let (source_span, exact) = if raw == text {
            (span, true)
        } else if let Some(at) = inside_backticks(raw, text)
            .or_else(|| raw.find(text))
            .filter(|_| !text.is_empty())
        {
            // Inline code: the text sits inside its backticks.
            (
                Span::new(span.start + at, span.start + at + text.len()),
                true,
            )
        } else {
            (span, false)
        };
        let start = block.text.len();
        if is_code {
            block.code.push(start..start + text.len());
        }
        block.segments.push(Segment {
            text_start: start,
            text_len: text.len(),
            source: source_span,
            exact,
        });
        if exact && start == 0 {
            block.text = BuilderText::Source(source_span.start..source_span.end);
        } else {
            let whole = block.fallback;
            block.text.push(source, whole, text);
        }
    }

    fn synthetic(&mut self, text: &str) {
        let source = self.source;
        if let Some(block) = self.open_block.as_mut() {
            let whole = block.fallback;
            block.text.push(source, whole, text);
        }
    }

    fn finish_block(&mut self) {
        let Some(mut builder) = self.open_block.take() else {
            return;
        };
        let segments = builder.segments.as_slice();
        let span = match (segments.first(), segments.last()) {
            (Some(first), Some(last)) => Span::new(first.source.start, last.source.end),
            _ => builder.fallback,
        };
        let timebox = match builder.kind {
            BlockKind::Heading | BlockKind::ItemText => {
                timebox::find(builder.text.as_str(self.source))
            }
            BlockKind::Paragraph | BlockKind::TableCell => None,
        };
        let (start, end) = (
            span.start.min(builder.fallback.start),
            span.end.max(builder.fallback.end),
        );
        let placeholder =
            self.lines_hold_angle(start, end) && has_placeholder(self.lines_of(start, end));
        if placeholder {
            builder.text = BuilderText::Empty;
            builder.segments = Segments::Empty;
            builder.code.clear();
        }
        if let Some(&item) = self.open_items.last() {
            if let Some(slot @ None) = self.first_own_block.get_mut(item) {
                *slot = Some(self.blocks.len());
            }
        }
        self.blocks.push(Block {
            kind: builder.kind,
            text: builder.text.finish(self.source),
            segments: builder.segments,
            span,
            section: self.current_section,
            item: self.open_items.last().copied(),
            timebox: if placeholder { None } else { timebox },
            code: builder.code,
            placeholder,
            facts: std::cell::OnceCell::new(),
        });
    }

    /// Whether the whole lines that hold bytes `start..end` hold a `<`.
    fn lines_hold_angle(&self, start: usize, end: usize) -> bool {
        let source = self.source.as_bytes();
        let no_newline = |from: usize, to: usize| {
            source
                .get(from..to)
                .is_some_and(|between| memchr::memchr(b'\n', between).is_none())
        };
        let next = self.angles.partition_point(|&at| at < start);
        // The first `<` at or after `start`: inside, or on the last line after `end`.
        let after = self
            .angles
            .get(next)
            .is_some_and(|&at| at < end || no_newline(end, at));
        // The last `<` before `start`, on the first line.
        let before = next
            .checked_sub(1)
            .is_some_and(|i| no_newline(self.angles[i], start));
        after || before
    }

    /// The whole lines that hold bytes `start..end`.
    fn lines_of(&self, start: usize, end: usize) -> &str {
        let source = self.source;
        let start = source[..start.min(source.len())]
            .rfind('\n')
            .map_or(0, |nl| nl + 1);
        let end = end.min(source.len());
        let end = source[end..].find('\n').map_or(source.len(), |nl| end + nl);
        source.get(start..end).unwrap_or("")
    }

    fn push_section(&mut self, span: Span) {
        let Some((level, heading)) = self.heading.take() else {
            return;
        };
        let heading = if heading.is_empty() {
            self.trim(span)
        } else {
            heading
        };
        let block = self.blocks.len().checked_sub(1).filter(|&b| {
            self.blocks[b].kind == BlockKind::Heading && heading.contains(self.blocks[b].span)
        });
        // A heading with no text still starts a section; give it an empty block.
        let block = block.unwrap_or_else(|| {
            self.blocks.push(Block {
                kind: BlockKind::Heading,
                text: Cow::Borrowed(""),
                segments: Segments::Empty,
                span: heading,
                section: self.current_section,
                item: None,
                timebox: None,
                code: Vec::new(),
                placeholder: has_placeholder(
                    self.source.get(heading.start..heading.end).unwrap_or(""),
                ),
                facts: std::cell::OnceCell::new(),
            });
            self.blocks.len() - 1
        });
        while self
            .heading_stack
            .last()
            .is_some_and(|&(open_level, _)| open_level >= level)
        {
            self.heading_stack.pop();
        }
        let index = self.sections.len();
        self.blocks[block].section = Some(index);
        self.sections.push(Section {
            heading,
            title: self.blocks[block].text.trim().to_string(),
            level,
            own_kind: super::SectionKind::Other,
            kind: super::SectionKind::Other,
            parent: self.heading_stack.last().map(|&(_, s)| s),
            end: 0,
            content_end: 0,
            block,
            blocks: block..block,
            timebox: self.blocks[block].timebox.map(|t| t.minutes),
        });
        self.heading_stack.push((level, index));
        self.current_section = Some(index);
    }

    /// Sets each section's extent and block range now that every heading is known.
    fn finish_sections(&mut self) {
        let text_end = self.source.len();
        let starts: Vec<(u8, usize)> = self
            .sections
            .iter()
            .map(|s| (s.level, s.heading.start))
            .collect();
        for (i, section) in self.sections.iter_mut().enumerate() {
            section.content_end = starts.get(i + 1).map_or(text_end, |&(_, start)| start);
            section.end = starts[i + 1..]
                .iter()
                .find(|&&(level, _)| level <= section.level)
                .map_or(text_end, |&(_, start)| start);
            let end_block = self.blocks[section.block..]
                .iter()
                .position(|b| b.span.start >= section.end)
                .map_or(self.blocks.len(), |p| p + section.block);
            section.blocks = section.block..end_block;
        }
    }

    fn html(&mut self, html: &str, span: Span) {
        let mut rest = html;
        let mut consumed = 0;
        while let Some(open) = rest.find("<!--") {
            let after_open = &rest[open + 4..];
            let Some(close) = after_open.find("-->") else {
                break;
            };
            let inner = &after_open[..close];
            let start = span.start + consumed + open;
            let end = start + 4 + close + 3;
            if let Some(directive) = parse_directive(inner, start + 4, Span::new(start, end)) {
                self.directives.push(directive);
            }
            let advance = open + 4 + close + 3;
            consumed += advance;
            rest = &rest[advance..];
        }
    }

    /// The span without trailing whitespace and line ends.
    fn trim(&self, span: Span) -> Span {
        let text = self.source.get(span.start..span.end).unwrap_or("");
        Span::new(span.start, span.start + text.trim_end().len())
    }
}

/// Where inline code's `text` starts in its source `raw` (after the opening backticks,
/// and the one space that may follow them): what `raw.find(text)` finds, without
/// building a substring searcher. `None` when it is not there (or starts with a
/// backtick, which could stand earlier).
fn inside_backticks(raw: &str, text: &str) -> Option<usize> {
    if text.starts_with('`') {
        return None;
    }
    let ticks = raw.bytes().take_while(|&b| b == b'`').count();
    [ticks, ticks + 1]
        .into_iter()
        .find(|&at| raw.get(at..).is_some_and(|rest| rest.starts_with(text)))
}

/// Whether `text` holds a template prompt: `<` and `>` around words with a space between
/// and no HTML attribute syntax (`<what you decided and why>`, not `<a href="x">`).
pub(crate) fn has_placeholder(text: &str) -> bool {
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let Some(close) = memchr::memchr3(b'>', b'<', b'\n', after.as_bytes()) else {
            return false;
        };
        let inner = &after[..close];
        if after[close..].starts_with('>')
            && inner.starts_with(|c: char| c.is_alphabetic() || c == '…')
            && inner.contains(' ')
            && !inner.contains(['=', '"', '/'])
        {
            return true;
        }
        rest = &after[close..];
    }
    false
}

fn first_line(source: &str, span: Span) -> Span {
    let text = source.get(span.start..span.end).unwrap_or("");
    let len = text.find(['\n', '\r']).unwrap_or(text.len());
    Span::new(span.start, span.start + len)
}

/// Parses `agendalint-disable RULE... [until: YYYY-MM-DD] [-- REASON]` and friends:
/// `inner` is the text inside `<!-- -->`, starting at file offset `inner_start`; `span`
/// is the whole comment.
fn parse_directive(inner: &str, inner_start: usize, span: Span) -> Option<Directive> {
    let leading = inner.len() - inner.trim_start().len();
    let body = inner.trim();
    let rest = body.strip_prefix("agendalint-")?;
    let kind_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let kind = match &rest[..kind_len] {
        "disable" => DirectiveKind::Disable,
        "enable" => DirectiveKind::Enable,
        "disable-line" => DirectiveKind::DisableLine,
        "disable-next-line" => DirectiveKind::DisableNextLine,
        "disable-file" => DirectiveKind::DisableFile,
        _ => return None,
    };
    // Offsets below are into `body`, which starts at this file offset.
    let body_start = inner_start + leading;
    let names_from = "agendalint-".len() + kind_len;
    // The reason follows a `--` standing as a word of its own.
    let dashes = word_starts(body, names_from).find(|&at| {
        let word = &body[at..];
        word.starts_with("--") && word[2..].chars().next().is_none_or(char::is_whitespace)
    });
    let names_end = dashes.unwrap_or(body.len());
    let mut reason = dashes.map(|at| body[at + 2..].trim().to_string());
    let mut until = None;
    // `until: YYYY-MM-DD`, among the names or in the reason.
    let mut names_text = body[names_from..names_end].to_string();
    if let Some(found) = find_until(body) {
        until = Some(found.until);
        if found.at < names_end {
            names_text = format!(
                "{}{}",
                &body[names_from..found.at],
                " ".repeat(found.end.min(names_end) - found.at)
            ) + body.get(found.end.min(names_end)..names_end).unwrap_or("");
        } else if let (Some(reason_text), Some(dashes)) = (&mut reason, dashes) {
            let reason_start =
                dashes + 2 + (body[dashes + 2..].len() - body[dashes + 2..].trim_start().len());
            let cut_start = found.at.saturating_sub(reason_start);
            let cut_end = found
                .end
                .saturating_sub(reason_start)
                .min(reason_text.len());
            if cut_start <= cut_end
                && reason_text.is_char_boundary(cut_start)
                && reason_text.is_char_boundary(cut_end)
            {
                reason_text.replace_range(cut_start..cut_end, "");
                *reason_text = reason_text
                    .trim()
                    .trim_end_matches([',', ';', '(', ')'])
                    .trim()
                    .to_string();
            }
        }
    }
    let mut rules = Vec::new();
    let mut rule_spans = Vec::new();
    let mut offset = names_from;
    for piece in names_text.split(|c: char| c.is_whitespace() || c == ',') {
        if !piece.is_empty() {
            let at = offset;
            rules.push(piece.to_string());
            rule_spans.push(Span::new(body_start + at, body_start + at + piece.len()));
        }
        offset += piece.len() + 1;
    }
    Some(Directive {
        kind,
        rules,
        rule_spans,
        reason: reason.filter(|r| !r.is_empty()),
        until,
        span,
    })
}

/// Byte offsets in `text` where a word starts, from `from` on.
fn word_starts(text: &str, from: usize) -> impl Iterator<Item = usize> + '_ {
    text.char_indices()
        .filter(move |&(i, c)| {
            i >= from
                && !c.is_whitespace()
                && text[..i]
                    .chars()
                    .next_back()
                    .is_none_or(char::is_whitespace)
        })
        .map(|(i, _)| i)
}

/// An `until:` found in a directive: where it is (offsets into the text searched) and
/// the date it names.
struct FoundUntil {
    at: usize,
    end: usize,
    until: Until,
}

/// Finds `until: YYYY-MM-DD` (the colon required, spaces after it optional).
fn find_until(text: &str) -> Option<FoundUntil> {
    let at = text.find("until:")?;
    let after = &text[at + "until:".len()..];
    let value_start = at + "until:".len() + (after.len() - after.trim_start().len());
    let value = text[value_start..]
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ')'))
        .next()
        .unwrap_or("");
    let until = match super::IsoDate::parse(value) {
        Some(date) => Until::Date(date),
        None => Until::Invalid(value.to_string()),
    };
    Some(FoundUntil {
        at,
        end: value_start + value.len(),
        until,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_look_for_a_prompt_sign_agrees_with_reading_the_lines() {
        let sources = [
            "",
            "no sign here\nnor here\n",
            "- <what you decided>\n- plain\n",
            "a <b\nc\nd> e\n<\n\n<<\nx",
            "line one\nfoo < bar\nlast line <x y>",
            "<\n<\n<",
            "é <naïve>\n→ <ü x>\n",
        ];
        for source in sources {
            let walker = Walker::new(source);
            let bounds: Vec<usize> = (0..=source.len())
                .filter(|&i| source.is_char_boundary(i))
                .collect();
            for &start in &bounds {
                for &end in bounds.iter().filter(|&&end| end >= start) {
                    assert_eq!(
                        walker.lines_hold_angle(start, end),
                        walker.lines_of(start, end).contains('<'),
                        "{source:?} {start}..{end}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_block_of_one_run_maps_like_one_of_several() {
        let source = "- plain words here\n- with `code` inside\n";
        let parsed = parse(source, 0);
        let one = &parsed.blocks[0];
        assert!(matches!(one.segments, Segments::One(_)));
        assert_eq!(one.source_span(6..11), Span::new(8, 13));
        let several = &parsed.blocks[1];
        assert!(matches!(several.segments, Segments::Many(_)));
        let code = several.text.find("code").expect("code text");
        let span = several.source_span(code..code + 4);
        assert_eq!(&source[span.start..span.end], "code");
    }
}
