//! Byte offsets and LSP positions (line, character), in the encoding agreed with the
//! client: UTF-8 bytes when it offers them, else UTF-16 code units, the protocol's
//! default.
//!
//! Findings carry byte spans; a [`Lines`] built once per version of a text turns them
//! into positions, and turns the positions of incremental edits back into offsets. Lines
//! end at `\n`, `\r\n` or a lone `\r`, as the protocol counts them.

use lsp_types::{Position, PositionEncodingKind, Range};

/// How the `character` of a position counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units (the protocol's default).
    #[default]
    Utf16,
    /// Unicode scalar values.
    Utf32,
}

impl Encoding {
    /// The best encoding among those the client offers (UTF-8 needs no counting).
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Self {
        let offered = offered.unwrap_or_default();
        if offered.contains(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else if offered.contains(&PositionEncodingKind::UTF16) || offered.is_empty() {
            Encoding::Utf16
        } else if offered.contains(&PositionEncodingKind::UTF32) {
            Encoding::Utf32
        } else {
            Encoding::Utf16
        }
    }

    /// Its name in the protocol.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }
}

/// Where each line of one text starts (bytes).
#[derive(Clone, Debug, Default)]
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    /// The line starts of `text`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(bytes.len() / 40 + 1);
        starts.push(0);
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        Self { starts }
    }

    /// How many lines there are (a text ending in a line break has an empty last line).
    #[cfg(test)]
    pub fn count(&self) -> usize {
        self.starts.len()
    }

    /// The 0-based line that holds byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) - 1
    }

    /// Where line `line` starts, and where its content ends (before its line break).
    pub fn bounds(&self, text: &str, line: usize) -> (usize, usize) {
        let start = self.starts.get(line).copied().unwrap_or(text.len());
        let next = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let content = &text[start..next];
        let end = start + content.trim_end_matches(['\n', '\r']).len();
        (start, end)
    }

    /// The position of byte `offset` (clamped to the text and to a character boundary).
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.starts[line];
        let character = match encoding {
            Encoding::Utf8 => offset - start,
            _ => text[start..offset].chars().map(|c| encoding.width(c)).sum(),
        };
        Position {
            line: line as u32,
            character: character as u32,
        }
    }

    /// The range of bytes `start..end`.
    pub fn range(&self, text: &str, start: usize, end: usize, encoding: Encoding) -> Range {
        Range {
            start: self.position(text, start, encoding),
            end: self.position(text, end.max(start), encoding),
        }
    }

    /// The byte offset of `position`: a line past the end is the end of the text, a
    /// character past the end of its line is the end of the line, and a position inside
    /// a character (half of a UTF-16 surrogate pair) is the start of that character.
    pub fn offset(&self, text: &str, position: Position, encoding: Encoding) -> usize {
        let line = position.line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let (start, end) = self.bounds(text, line);
        let wanted = position.character as usize;
        if encoding == Encoding::Utf8 {
            let mut offset = (start + wanted).min(end);
            while !text.is_char_boundary(offset) {
                offset -= 1;
            }
            return offset;
        }
        let mut units = 0;
        for (i, c) in text[start..end].char_indices() {
            let width = encoding.width(c);
            if units + width > wanted {
                return start + i;
            }
            units += width;
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn utf16_counts_surrogate_pairs_and_utf8_counts_bytes() {
        let text = "a\nzoë 😀 x\r\nlast";
        let lines = Lines::new(text);
        assert_eq!(lines.count(), 3);
        let x = text.find('x').expect("x");
        assert_eq!(lines.position(text, x, Encoding::Utf16), at(1, 7));
        assert_eq!(lines.position(text, x, Encoding::Utf8), at(1, 10));
        assert_eq!(lines.position(text, x, Encoding::Utf32), at(1, 6));
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            // Every offset but the middle of a `\r\n`, which no position names.
            for (offset, _) in text
                .char_indices()
                .filter(|&(i, _)| !text[..i].ends_with('\r'))
            {
                let position = lines.position(text, offset, encoding);
                assert_eq!(
                    lines.offset(text, position, encoding),
                    offset,
                    "{encoding:?}"
                );
            }
        }
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let text = "ab\r\ncd";
        let lines = Lines::new(text);
        assert_eq!(
            lines.offset(text, at(0, 99), Encoding::Utf16),
            2,
            "before \\r\\n"
        );
        assert_eq!(lines.offset(text, at(9, 0), Encoding::Utf16), text.len());
        let emoji = "😀";
        let lines = Lines::new(emoji);
        assert_eq!(
            lines.offset(emoji, at(0, 1), Encoding::Utf16),
            0,
            "inside a pair"
        );
        assert_eq!(lines.offset(emoji, at(0, 2), Encoding::Utf16), 4);
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let text = "a\rb\n";
        let lines = Lines::new(text);
        assert_eq!(lines.count(), 3);
        assert_eq!(lines.position(text, 2, Encoding::Utf16), at(1, 0));
    }

    #[test]
    fn the_client_offer_decides_the_encoding() {
        let utf8 = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&utf8)), Encoding::Utf8);
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        let utf32 = [PositionEncodingKind::UTF32];
        assert_eq!(Encoding::negotiate(Some(&utf32)), Encoding::Utf32);
    }
}
