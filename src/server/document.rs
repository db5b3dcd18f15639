//! An open document: its text as the editor has it, kept in step with full and
//! incremental `textDocument/didChange`, and what was last found in it.

use std::path::PathBuf;
use std::sync::Arc;

use lsp_types::{TextDocumentContentChangeEvent, Uri};

use super::position::{Encoding, Lines};
use super::uri;
use crate::diagnostic::Diagnostic;
use crate::runner::Resolution;
use crate::series::SeriesIndex;

/// One open document.
pub struct Document {
    /// How the client names it.
    pub uri: Uri,
    /// Where it is on disk (for a `file:` URI): for its config and meeting series.
    pub path: Option<PathBuf>,
    /// The client's language id (`markdown`).
    pub language_id: String,
    /// The client's version of the text.
    pub version: i32,
    text: String,
    lines: Lines,
    /// What it is checked with, and the settings generation that resolved it.
    pub resolution: Option<(u64, Resolution)>,
    /// The meetings of its series, for the generation of the series store and the
    /// series it was built for.
    pub series: Option<(SeriesKey, Arc<SeriesIndex>)>,
    /// The findings in this version of the text, once checked.
    pub findings: Option<Findings>,
}

/// What a series index was built for: the store's generation, the notes root and the
/// meeting's series key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeriesKey {
    /// The generation of the series store.
    pub generation: u64,
    /// The notes root.
    pub root: PathBuf,
    /// `with`, lowercased.
    pub series: Option<String>,
}

/// The findings in one version of a document.
#[derive(Clone, Debug)]
pub struct Findings {
    /// The document version checked.
    pub version: i32,
    /// The workspace generation checked against (settings, configs, series on disk).
    pub generation: u64,
    /// The findings, sorted by offset.
    pub diagnostics: Vec<Diagnostic>,
    /// Why the document could not be checked, when it could not.
    pub unusable: Option<crate::runner::Unusable>,
}

impl Document {
    /// A document as `didOpen` gives it.
    pub fn new(uri: Uri, language_id: String, version: i32, text: String) -> Self {
        let path = uri::to_path(&uri);
        let lines = Lines::new(&text);
        Self {
            uri,
            path,
            language_id,
            version,
            text,
            lines,
            resolution: None,
            series: None,
            findings: None,
        }
    }

    /// Its current text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Where its lines start.
    pub fn lines(&self) -> &Lines {
        &self.lines
    }

    /// Applies `didChange` content changes in order: a change without a range replaces
    /// the whole text; a ranged one replaces that range of the text as the changes
    /// before it left it.
    pub fn apply(
        &mut self,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) {
        for change in changes {
            match change.range {
                None => self.text = change.text,
                Some(range) => {
                    let start = self.lines.offset(&self.text, range.start, encoding);
                    let end = self.lines.offset(&self.text, range.end, encoding);
                    let (start, end) = (start.min(end), start.max(end));
                    self.text.replace_range(start..end, &change.text);
                }
            }
            self.lines = Lines::new(&self.text);
        }
        self.version = version;
        self.findings = None;
    }

    /// Whether it is Markdown by the client's word.
    pub fn is_markdown(&self) -> bool {
        self.language_id.eq_ignore_ascii_case("markdown")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};
    use std::str::FromStr;

    fn change(
        range: Option<((u32, u32), (u32, u32))>,
        text: &str,
    ) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range.map(|((l1, c1), (l2, c2))| Range {
                start: Position {
                    line: l1,
                    character: c1,
                },
                end: Position {
                    line: l2,
                    character: c2,
                },
            }),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn incremental_changes_apply_in_order_and_full_text_replaces() {
        let uri = Uri::from_str("file:///notes/a.md").expect("uri");
        let mut document = Document::new(uri, "markdown".into(), 1, "# Zoë\n- one\n".into());
        assert_eq!(
            document.path.as_deref(),
            Some(std::path::Path::new("/notes/a.md"))
        );
        document.apply(
            2,
            vec![
                change(Some(((0, 5), (0, 5))), "!"),
                change(Some(((1, 2), (1, 5))), "two"),
                change(Some(((2, 0), (2, 0))), "- three\n"),
            ],
            Encoding::Utf16,
        );
        assert_eq!(document.text(), "# Zoë!\n- two\n- three\n");
        assert_eq!(document.version, 2);
        document.apply(3, vec![change(None, "new")], Encoding::Utf16);
        assert_eq!(document.text(), "new");
        assert_eq!(document.lines().count(), 1);
    }
}
