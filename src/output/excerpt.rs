//! The part of a file a human report shows for one finding: the lines around its spans,
//! each long line clipped to a window around the spans on it (as rustc and ruff clip),
//! handed to miette as its source with the file's own line and column numbers.
//!
//! miette is given a few short lines instead of the whole file: it never sees a
//! 100,000-character line (its underline code panics on columns past 65,535), and a
//! file with thousands of findings is not scanned from its start for each of them.
//! Lines that need no clipping are passed on byte for byte, so the report reads exactly
//! as if miette had the whole file.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::diagnostic::Span;

/// Lines up to this many characters are shown whole: a paragraph written as one line
/// reads as written, a line of generated or pasted data is clipped.
pub(super) const MAX_LINE_CHARS: usize = 400;

/// A clipped line keeps this many characters before the first span point on it.
const LEAD_CHARS: usize = 60;

/// A clipped line keeps at least this many characters, and at most [`MAX_LINE_CHARS`].
const WINDOW_CHARS: usize = 240;

/// Lines shown around the spans: more than the renderer's one line of context, which
/// costs nothing and keeps its context reads inside the excerpt.
const CONTEXT_LINES: usize = 2;

/// Marks text clipped from a line.
const ELLIPSIS: &str = "…";

/// Where each line of a file starts, with miette's idea of a line break (`\n`, `\r\n`
/// or a lone `\r`); made once per file.
pub(super) struct LineStarts(Vec<usize>);

impl LineStarts {
    /// The line starts of `text`.
    pub(super) fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 1;
                }
                b'\n' | b'\r' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        Self(starts)
    }

    /// The 0-based line holding `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.0
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }
}

/// One line of an excerpt.
struct ExcerptLine {
    /// Where it starts in the excerpt.
    start: usize,
    /// Where it starts in the file.
    file_start: usize,
    /// The part of the file's line kept (without its line break), from `file_start`.
    kept: std::ops::Range<usize>,
    /// Bytes of `…` before the kept part (0 or 3).
    prefix: usize,
    /// Bytes of `…` after the kept part (0 or 3).
    suffix: usize,
    /// Bytes of the file's line without its line break.
    content_len: usize,
}

/// A few lines of a file around a finding's spans, clipped, as miette's source.
pub(super) struct Excerpt {
    name: String,
    text: String,
    /// The file's 0-based line number of the excerpt's first line.
    first_line: usize,
    lines: Vec<ExcerptLine>,
}

impl Excerpt {
    /// The lines of `source` around `spans` (a finding's primary span and labels), named
    /// `name`; long lines are clipped around the span points on them.
    pub(super) fn new(name: &str, source: &str, starts: &LineStarts, spans: &[Span]) -> Self {
        let last_line = starts.0.len() - 1;
        let lowest = spans.iter().map(|s| s.start).min().unwrap_or(0);
        let highest = spans.iter().map(|s| s.end).max().unwrap_or(0);
        let first = starts.line_of(lowest).saturating_sub(CONTEXT_LINES);
        let last = (starts.line_of(highest) + CONTEXT_LINES).min(last_line);
        let mut excerpt = Excerpt {
            name: name.to_string(),
            text: String::new(),
            first_line: first,
            lines: Vec::with_capacity(last - first + 1),
        };
        for line in first..=last {
            let file_start = starts.0[line];
            let next = starts.0.get(line + 1).copied().unwrap_or(source.len());
            let whole = &source[file_start..next];
            let content = whole.trim_end_matches(['\n', '\r']);
            let points: Vec<usize> = spans
                .iter()
                .flat_map(|s| [s.start, s.end])
                .filter(|&p| p >= file_start && p <= file_start + content.len())
                .map(|p| p - file_start)
                .collect();
            let kept = window(content, &points);
            let clipped = |yes: bool| if yes { ELLIPSIS } else { "" };
            let (prefix, suffix) = (clipped(kept.start > 0), clipped(kept.end < content.len()));
            excerpt.lines.push(ExcerptLine {
                start: excerpt.text.len(),
                file_start,
                kept: kept.clone(),
                prefix: prefix.len(),
                suffix: suffix.len(),
                content_len: content.len(),
            });
            excerpt.text.push_str(prefix);
            excerpt.text.push_str(&content[kept]);
            excerpt.text.push_str(suffix);
            excerpt.text.push_str(&whole[content.len()..]);
        }
        excerpt
    }

    /// Where a file offset falls in the excerpt: on the same character of a kept part
    /// or line break, at the nearest end of the kept part otherwise.
    pub(super) fn offset(&self, offset: usize) -> usize {
        let index = self
            .lines
            .partition_point(|l| l.file_start <= offset)
            .saturating_sub(1);
        let Some(line) = self.lines.get(index) else {
            return 0;
        };
        let in_line = offset.saturating_sub(line.file_start);
        if in_line < line.kept.start {
            return line.start;
        }
        if in_line <= line.kept.end {
            return line.start + line.prefix + (in_line - line.kept.start);
        }
        let after_kept = line.start + line.prefix + line.kept.len() + line.suffix;
        after_kept + in_line.saturating_sub(line.content_len)
    }

    /// The excerpt span of a file span.
    pub(super) fn span(&self, span: Span) -> std::ops::Range<usize> {
        let start = self.offset(span.start);
        start..self.offset(span.end).max(start)
    }

    /// The file's column (in bytes, as miette counts) of an excerpt offset that starts
    /// a span on one of the excerpt's lines.
    fn column(&self, offset: usize, column: usize) -> usize {
        let index = self
            .lines
            .partition_point(|l| l.start <= offset)
            .saturating_sub(1);
        match self.lines.get(index) {
            Some(line) if line.prefix > 0 => (column + line.kept.start).saturating_sub(line.prefix),
            _ => column,
        }
    }
}

/// The part of `line` to show: all of it when short, else a window around `points`
/// (offsets in the line), on character boundaries.
fn window(line: &str, points: &[usize]) -> std::ops::Range<usize> {
    if line.len() <= MAX_LINE_CHARS || line.chars().count() <= MAX_LINE_CHARS {
        return 0..line.len();
    }
    let first = points.iter().copied().min().unwrap_or(0);
    let last = points.iter().copied().max().unwrap_or(0);
    let start = back(line, first, LEAD_CHARS);
    let wanted_end = forward(line, last, LEAD_CHARS);
    let end = wanted_end
        .max(forward(line, start, WINDOW_CHARS))
        .min(forward(line, start, MAX_LINE_CHARS));
    start..end
}

/// The offset `chars` characters before `from` (or the line start).
fn back(line: &str, from: usize, chars: usize) -> usize {
    let from = floor(line, from);
    line[..from]
        .char_indices()
        .rev()
        .nth(chars.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

/// The offset `chars` characters after `from` (or the line end).
fn forward(line: &str, from: usize, chars: usize) -> usize {
    let from = floor(line, from);
    line[from..]
        .char_indices()
        .nth(chars)
        .map_or(line.len(), |(i, _)| from + i)
}

/// `offset` moved back onto a character boundary of `line` (and into it).
fn floor(line: &str, offset: usize) -> usize {
    let mut offset = offset.min(line.len());
    while !line.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner =
            self.text
                .as_str()
                .read_span(span, context_lines_before, context_lines_after)?;
        let column = if context_lines_before == 0 {
            self.column(inner.span().offset(), inner.column())
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            column,
            inner.line_count() + self.first_line,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excerpt(source: &str, spans: &[Span]) -> Excerpt {
        Excerpt::new("a.md", source, &LineStarts::new(source), spans)
    }

    #[test]
    fn short_lines_are_kept_whole_with_their_line_numbers() {
        let source = "l0\nl1\r\nl2\rl3\nl4\nl5\nl6\n";
        let at = source.find("l4").unwrap_or(0);
        let e = excerpt(source, &[Span::new(at, at + 2)]);
        assert_eq!(e.first_line, 2);
        assert_eq!(e.text, "l2\rl3\nl4\nl5\nl6\n");
        assert_eq!(e.span(Span::new(at, at + 2)), 6..8);
        let contents = e.read_span(&(6, 2).into(), 0, 0).expect("readable");
        assert_eq!((contents.line(), contents.column()), (4, 0));
    }

    #[test]
    fn long_lines_are_clipped_around_the_span() {
        let line = format!("{}TARGET{}", "a".repeat(100_000), "b".repeat(100_000));
        let source = format!("before\n{line}\nafter\n");
        let at = source.find("TARGET").unwrap_or(0);
        let e = excerpt(&source, &[Span::new(at, at + 6)]);
        assert!(e.text.len() < 1_000, "{}", e.text.len());
        let shown = e.span(Span::new(at, at + 6));
        assert_eq!(&e.text[shown.clone()], "TARGET");
        let contents = e.read_span(&shown.into(), 0, 0).expect("readable");
        assert_eq!(contents.line(), 1);
        assert_eq!(contents.column(), 100_000, "the file's column, in bytes");
        assert!(e.text.starts_with("before\n…"), "{}", &e.text[..20]);
        assert!(e.text.ends_with("…\nafter\n"));
    }

    #[test]
    fn clipping_keeps_whole_characters() {
        let line = "é".repeat(50_000);
        let at = line.len() / 2;
        let e = excerpt(&line, &[Span::new(at, at + 2)]);
        assert!(e.text.chars().count() <= MAX_LINE_CHARS + 2);
        assert_eq!(&e.text[e.span(Span::new(at, at + 2))], "é");
    }
}
