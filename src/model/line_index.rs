//! Byte offsets to 1-based lines and character columns, computed only at output time.
//!
//! Every span in the model is a byte range; a [`LineIndex`] is built once per file and
//! turns offsets into the line/column pairs that people and editors read. Columns count
//! characters, not bytes, and a UTF-8 byte-order mark is not counted as a column.

/// A 1-based line and character column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineColumn {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// The start offset of every line of one file.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    bom_len: usize,
}

impl LineIndex {
    /// Indexes `text`. Lines end at `\n`; a `\r` before it belongs to the line.
    pub fn new(text: &str) -> Self {
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0);
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let bom_len = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Self {
            line_starts,
            bom_len,
        }
    }

    /// Number of lines (a file ending in a newline has an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte offset where 0-based `line` starts (the end of the text past the last line).
    pub fn line_start(&self, line: usize, text: &str) -> usize {
        let start = self.line_starts.get(line).copied().unwrap_or(text.len());
        if line == 0 {
            start + self.bom_len
        } else {
            start
        }
    }

    /// Byte offset where 0-based `line` ends, before its `\r\n` or `\n`.
    pub fn line_end(&self, line: usize, text: &str) -> usize {
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(text.len(), |&next| next - 1);
        let bytes = text.as_bytes();
        if end > 0 && end <= bytes.len() && bytes.get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        }
    }

    /// The 1-based line and character column of byte `offset` in `text`.
    ///
    /// An offset inside a character (never produced by the model) is treated as the start
    /// of that character.
    pub fn location(&self, text: &str, offset: usize) -> LineColumn {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.line_start(line, text).min(offset);
        let column = text
            .get(start..offset)
            .map_or(0, |prefix| prefix.chars().count());
        LineColumn {
            line: line + 1,
            column: column + 1,
        }
    }
}

/// The byte offset of a 1-based `line` and character `column` in `text` (clamped to the
/// text; used to place parser errors that report lines and columns).
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut line_start = 0;
    for _ in 1..line.max(1) {
        match text[line_start..].find('\n') {
            Some(nl) => line_start += nl + 1,
            None => return text.len(),
        }
    }
    let line_text = &text[line_start..];
    let line_end = line_text.find('\n').unwrap_or(line_text.len());
    line_text[..line_end]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_start + line_end, |(i, _)| line_start + i)
}

#[cfg(test)]
mod tests {
    #[test]
    fn offsets_of_lines_and_columns() {
        let text = "ab\ncé d\n";
        assert_eq!(super::offset_of(text, 2, 4), text.find('d').unwrap_or(0));
        assert_eq!(super::offset_of(text, 1, 1), 0);
        assert_eq!(super::offset_of(text, 9, 1), text.len());
    }

    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "ab\ncafé x\n";
        let index = LineIndex::new(text);
        let x = text.find('x').expect("x is in the text");
        assert_eq!(index.location(text, x), LineColumn { line: 2, column: 6 });
    }

    #[test]
    fn byte_order_mark_is_not_a_column() {
        let text = "\u{feff}---\n";
        let index = LineIndex::new(text);
        assert_eq!(index.location(text, 3), LineColumn { line: 1, column: 1 });
        assert_eq!(index.location(text, 0), LineColumn { line: 1, column: 1 });
    }

    #[test]
    fn crlf_line_ends_exclude_the_carriage_return() {
        let text = "one\r\ntwo\r\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_end(0, text), 3);
        assert_eq!(index.location(text, 5), LineColumn { line: 2, column: 1 });
    }

    #[test]
    fn end_of_text_has_a_location() {
        let text = "a\nbc";
        let index = LineIndex::new(text);
        assert_eq!(index.location(text, 4), LineColumn { line: 2, column: 3 });
    }
}
