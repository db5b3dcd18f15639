//! Code actions: a quick fix for each finding with a fix (safe ones preferred, unsafe
//! ones only with `unsafeFixes`), "Disable RULE for this line" (the inline comment), and
//! `source.fixAll.agendalint`, which applies exactly what `agendalint check --fix` would.

use std::collections::HashSet;

use lsp_types::{
    CodeAction, CodeActionKind, OneOf, OptionalVersionedTextDocumentIdentifier, TextDocumentEdit,
    TextEdit, Uri, WorkspaceEdit,
};

use super::diagnostics::Place;
use crate::diagnostic::{Applicability, Diagnostic};

/// The kind of the fix-all action.
pub const FIX_ALL_KIND: &str = "source.fixAll.agendalint";

/// The title of the fix-all action: the command line it does what of.
pub fn fix_all_title(unsafe_fixes: bool) -> &'static str {
    if unsafe_fixes {
        "Fix all agendalint problems (as `agendalint check --fix --unsafe-fixes`)"
    } else {
        "Fix all agendalint problems (as `agendalint check --fix`)"
    }
}

/// How to shape a workspace edit for this client.
#[derive(Clone, Copy)]
pub struct EditStyle {
    /// `documentChanges` with the document version, rather than `changes`.
    pub document_changes: bool,
}

impl EditStyle {
    /// A workspace edit of `edits` in one document at `version`.
    pub fn edit(self, uri: &Uri, version: i32, edits: Vec<TextEdit>) -> WorkspaceEdit {
        if self.document_changes {
            WorkspaceEdit {
                document_changes: Some(lsp_types::DocumentChanges::Edits(vec![TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier {
                        uri: uri.clone(),
                        version: Some(version),
                    },
                    edits: edits.into_iter().map(OneOf::Left).collect(),
                }])),
                ..WorkspaceEdit::default()
            }
        } else {
            WorkspaceEdit {
                changes: Some(std::iter::once((uri.clone(), edits)).collect()),
                ..WorkspaceEdit::default()
            }
        }
    }
}

/// Whether an action of `kind` is among those the client asked for (`only`).
pub fn wanted(only: Option<&[CodeActionKind]>, kind: &str) -> bool {
    only.is_none_or(|kinds| {
        kinds.iter().any(|asked| {
            let asked = asked.as_str();
            kind == asked
                || kind
                    .strip_prefix(asked)
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    })
}

/// Whether a finding's fix may be offered.
pub fn offered(diagnostic: &Diagnostic, unsafe_fixes: bool) -> bool {
    diagnostic.is_fixable(unsafe_fixes)
}

/// The quick fixes for the findings among `findings` that `in_range` accepts: each one's
/// fix, then one "disable" action per rule and line. `lsp` gives the diagnostic a
/// finding is shown as.
pub fn quick_fixes(
    findings: &[Diagnostic],
    in_range: &dyn Fn(&Diagnostic) -> bool,
    lsp: &dyn Fn(&Diagnostic) -> lsp_types::Diagnostic,
    place: Place<'_>,
    version: i32,
    unsafe_fixes: bool,
    style: EditStyle,
) -> Vec<CodeAction> {
    let mut actions = Vec::new();
    let mut disables = Vec::new();
    let mut seen_lines: HashSet<(String, usize)> = HashSet::new();
    for diagnostic in findings.iter().filter(|d| in_range(d)) {
        if let Some(fix) = diagnostic
            .fix
            .as_ref()
            .filter(|_| offered(diagnostic, unsafe_fixes))
        {
            let safe = fix.applicability == Applicability::Safe;
            let edits = fix
                .edits
                .iter()
                .map(|edit| TextEdit {
                    range: place.range(edit.span.start, edit.span.end),
                    new_text: edit.replacement.clone(),
                })
                .collect();
            let title = if safe {
                format!("Fix: {}", diagnostic.message)
            } else {
                format!("Fix (unsafe, review it): {}", diagnostic.message)
            };
            actions.push(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp(diagnostic)]),
                edit: Some(style.edit(place.uri, version, edits)),
                is_preferred: Some(safe),
                ..CodeAction::default()
            });
        }
        let line = place.lines.line_of(diagnostic.span.start);
        if seen_lines.insert((diagnostic.rule.to_string(), line)) {
            if let Some(action) = disable(diagnostic, line, lsp, place, version, style) {
                disables.push(action);
            }
        }
    }
    actions.extend(disables);
    actions
}

/// "Disable RULE for this line": `<!-- agendalint-disable-line RULE -->` at the end of
/// the finding's line. In the front matter, where a comment would break the YAML, the
/// rule is disabled for the file instead, by a comment after the front matter.
fn disable(
    diagnostic: &Diagnostic,
    line: usize,
    lsp: &dyn Fn(&Diagnostic) -> lsp_types::Diagnostic,
    place: Place<'_>,
    version: i32,
    style: EditStyle,
) -> Option<CodeAction> {
    let rule = diagnostic.rule.as_ref();
    if rule == crate::diagnostic::FILE_ERROR {
        return None;
    }
    let body_start = crate::model::front_matter::body_start(place.text);
    let (title, offset, text) = if diagnostic.span.start < body_start {
        let newline = if place.text.contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let before = if place.text[..body_start].ends_with('\n') {
            ""
        } else {
            newline
        };
        (
            format!("Disable {rule} for this file"),
            body_start,
            format!("{before}<!-- agendalint-disable-file {rule} -->{newline}"),
        )
    } else {
        let (_, end) = place.lines.bounds(place.text, line);
        (
            format!("Disable {rule} for this line"),
            end,
            format!(" <!-- agendalint-disable-line {rule} -->"),
        )
    };
    let edit = TextEdit {
        range: place.range(offset, offset),
        new_text: text,
    };
    Some(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![lsp(diagnostic)]),
        edit: Some(style.edit(place.uri, version, vec![edit])),
        is_preferred: Some(false),
        ..CodeAction::default()
    })
}

/// The edits that turn `old` into `new`: one per run of changed lines, so that the
/// editor keeps the cursor and folds outside them.
pub fn minimal_edits(old: &str, new: &str, place: Place<'_>) -> Vec<TextEdit> {
    let diff = similar::TextDiff::from_lines(old, new);
    let old_starts = token_starts(diff.old_slices());
    let new_starts = token_starts(diff.new_slices());
    let mut edits: Vec<TextEdit> = Vec::new();
    let mut last: Option<(usize, usize, String)> = None;
    for op in diff.ops() {
        if let similar::DiffOp::Equal { .. } = op {
            continue;
        }
        let (old_range, new_range) = (op.old_range(), op.new_range());
        let start = old_starts[old_range.start];
        let end = old_starts[old_range.end];
        let text = &new[new_starts[new_range.start]..new_starts[new_range.end]];
        match &mut last {
            Some((_, last_end, replacement)) if *last_end == start => {
                *last_end = end;
                replacement.push_str(text);
            }
            _ => {
                if let Some((s, e, r)) = last.take() {
                    edits.push(TextEdit {
                        range: place.range(s, e),
                        new_text: r,
                    });
                }
                last = Some((start, end, text.to_string()));
            }
        }
    }
    if let Some((s, e, r)) = last {
        edits.push(TextEdit {
            range: place.range(s, e),
            new_text: r,
        });
    }
    edits
}

/// Byte offsets of each token's start, and of the end.
fn token_starts(tokens: &[&str]) -> Vec<usize> {
    let mut starts = Vec::with_capacity(tokens.len() + 1);
    let mut offset = 0;
    starts.push(0);
    for token in tokens {
        offset += token.len();
        starts.push(offset);
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::position::{Encoding, Lines};
    use std::str::FromStr;

    fn apply(text: &str, edits: &[TextEdit], lines: &Lines) -> String {
        let mut out = text.to_string();
        let mut sorted = edits.to_vec();
        sorted.sort_by_key(|e| (e.range.start.line, e.range.start.character));
        for edit in sorted.iter().rev() {
            let start = lines.offset(text, edit.range.start, Encoding::Utf16);
            let end = lines.offset(text, edit.range.end, Encoding::Utf16);
            out.replace_range(start..end, &edit.new_text);
        }
        out
    }

    #[test]
    fn minimal_edits_rebuild_the_new_text() {
        let uri = Uri::from_str("file:///a.md").expect("uri");
        let cases = [
            ("a\nb\nc\n", "a\nB\nc\nd\n"),
            ("zoë\n", "---\ndate: x\n---\nzoë\n"),
            ("one\ntwo", "one\ntwo\nthree"),
            ("x\r\ny\r\n", "x\r\n\r\ny\r\n"),
            ("same\n", "same\n"),
        ];
        for (old, new) in cases {
            let lines = Lines::new(old);
            let place = Place {
                uri: &uri,
                text: old,
                lines: &lines,
                encoding: Encoding::Utf16,
            };
            let edits = minimal_edits(old, new, place);
            assert_eq!(apply(old, &edits, &lines), new, "{old:?} -> {new:?}");
            if old == new {
                assert!(edits.is_empty());
            }
        }
    }

    #[test]
    fn only_filters_by_kind_prefix() {
        let kinds = [CodeActionKind::SOURCE];
        assert!(wanted(Some(&kinds), FIX_ALL_KIND));
        assert!(!wanted(Some(&kinds), "quickfix"));
        let kinds = [CodeActionKind::SOURCE_FIX_ALL];
        assert!(wanted(Some(&kinds), FIX_ALL_KIND));
        let kinds = [CodeActionKind::new("source.fix")];
        assert!(!wanted(Some(&kinds), FIX_ALL_KIND), "not a prefix on a dot");
        assert!(wanted(None, "quickfix"));
    }
}
