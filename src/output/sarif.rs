//! `--format sarif`: SARIF 2.1.0 for code-scanning tools — the rules with their
//! descriptions and help, and each finding with its region and fix.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{FileWriter, Tally};
use crate::diagnostic::{FILE_ERROR, Severity};
use crate::outcome::{FileResult, Located};
use crate::rules::REGISTRY;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The first paragraph of a rule page after its title: the full description.
fn full_description(doc: &str) -> String {
    doc.lines()
        .skip_while(|l| l.starts_with('#') || l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn rule_descriptor(id: &str) -> Value {
    if let Some(entry) = crate::rules::find(id) {
        let meta = entry.meta;
        return json!({
            "id": meta.id,
            "name": meta.id,
            "shortDescription": { "text": meta.summary },
            "fullDescription": { "text": full_description(meta.doc) },
            "help": { "text": meta.doc, "markdown": meta.doc },
            "defaultConfiguration": { "level": level(meta.default_severity) },
        });
    }
    let (short, help) = if id == FILE_ERROR {
        (
            "A file could not be checked",
            "The file could not be read, is not UTF-8, or is too large.",
        )
    } else {
        (
            "A rule defined in the project's .agendalint.yaml",
            "See custom_rules in .agendalint.yaml.",
        )
    };
    json!({
        "id": id,
        "name": id,
        "shortDescription": { "text": short },
        "fullDescription": { "text": short },
        "help": { "text": help },
    })
}

/// Writes the document as the results come: its head, each result, then — once every
/// rule the results used is known — the rules and the end. Nothing grows with the
/// number of findings but the count of custom rule ids.
///
/// The head and the end are cut from the whole document pretty-printed around a
/// placeholder for the results (see [`skeleton`]), so the output is byte for byte what
/// pretty-printing the whole document at once gives: `serde_json` writes an object's
/// keys in sorted order, which puts `results` before `tool` and the rules.
pub(super) struct SarifWriter {
    /// Every built-in rule, then the other ids the results use; a result's `ruleIndex`
    /// is its rule's place here.
    ids: Vec<String>,
    /// How many results were written.
    results: usize,
    /// Reused for each result's text.
    buffer: String,
}

impl Default for SarifWriter {
    fn default() -> Self {
        Self {
            ids: REGISTRY.iter().map(|e| e.meta.id.to_string()).collect(),
            results: 0,
            buffer: String::new(),
        }
    }
}

/// Stands for the results array in [`skeleton`].
const RESULTS: &str = "\u{0}results\u{0}";

/// The document with [`RESULTS`] for its results, pretty-printed and cut there: what
/// comes before the results array and what comes after it.
fn skeleton(ids: &[String]) -> io::Result<(String, String)> {
    let document = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "agendalint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": ids.iter().map(|id| rule_descriptor(id)).collect::<Vec<_>>(),
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": RESULTS,
        }]
    });
    let text = serde_json::to_string_pretty(&document).map_err(super::json::json_to_io)?;
    let placeholder = serde_json::to_string(RESULTS).map_err(super::json::json_to_io)?;
    let (head, tail) = text
        .split_once(&placeholder)
        .expect("the skeleton holds the results placeholder once");
    Ok((head.to_string(), tail.to_string()))
}

impl SarifWriter {
    fn rule_index(&mut self, id: &str) -> usize {
        if let Some(index) = self.ids.iter().position(|known| known == id) {
            return index;
        }
        self.ids.push(id.to_string());
        self.ids.len() - 1
    }

    /// One finding as a SARIF result.
    fn result(&mut self, file: &FileResult, located: &Located) -> Value {
        let d = &located.diagnostic;
        let location = json!({
            "physicalLocation": {
                "artifactLocation": { "uri": file.path },
                "region": {
                    "startLine": located.start.line,
                    "startColumn": located.start.column,
                    "endLine": located.end.line,
                    "endColumn": located.end.column,
                    "byteOffset": d.span.start,
                    "byteLength": d.span.len(),
                }
            }
        });
        let mut result = json!({
            "ruleId": d.rule,
            "ruleIndex": self.rule_index(&d.rule),
            "level": level(d.severity),
            "message": { "text": format!("{}\nhelp: {}", d.message, d.help) },
            "locations": [location],
        });
        if let Some(fix) = &d.fix {
            let replacements: Vec<Value> = fix
                .edits
                .iter()
                .map(|e| {
                    json!({
                        "deletedRegion": { "byteOffset": e.span.start, "byteLength": e.span.len() },
                        "insertedContent": { "text": e.replacement },
                    })
                })
                .collect();
            result["fixes"] = json!([{
                "description": { "text": format!("{} ({} fix)", d.help, fix.applicability.as_str()) },
                "artifactChanges": [{
                    "artifactLocation": { "uri": file.path },
                    "replacements": replacements,
                }],
            }]);
        }
        result
    }

    /// What comes before the results: it names no rule, so it is known from the start.
    fn head() -> io::Result<String> {
        Ok(skeleton(&[])?.0)
    }
}

impl FileWriter for SarifWriter {
    fn file(&mut self, file: &FileResult, out: &mut dyn Write) -> io::Result<()> {
        for located in &file.diagnostics {
            let result = self.result(file, located);
            self.buffer.clear();
            if self.results == 0 {
                self.buffer.push_str(&Self::head()?);
                self.buffer.push_str("[\n");
            } else {
                self.buffer.push_str(",\n");
            }
            super::json::push_nested(&mut self.buffer, &result, 4, true)?;
            out.write_all(self.buffer.as_bytes())?;
            self.results += 1;
        }
        Ok(())
    }

    fn finish(&mut self, _: &Tally, out: &mut dyn Write) -> io::Result<()> {
        let (head, tail) = skeleton(&self.ids)?;
        debug_assert_eq!(
            head,
            Self::head()?,
            "the results come before the rules, so the head written first still holds"
        );
        if self.results == 0 {
            out.write_all(head.as_bytes())?;
            out.write_all(b"[]")?;
        } else {
            out.write_all(b"\n      ]")?;
        }
        out.write_all(tail.as_bytes())?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::diagnostic::{Diagnostic, Edit, Fix, Span};
    use crate::model::LineColumn;

    /// The document as it was built before it was streamed: every result in memory,
    /// then the whole document pretty-printed at once.
    fn whole_document(files: &[FileResult]) -> String {
        let mut writer = SarifWriter::default();
        let results: Vec<Value> = files
            .iter()
            .flat_map(|file| file.diagnostics.iter().map(move |d| (file, d)))
            .map(|(file, located)| writer.result(file, located))
            .collect();
        let document = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {
                    "driver": {
                        "name": "agendalint",
                        "version": env!("CARGO_PKG_VERSION"),
                        "rules": writer.ids.iter().map(|id| rule_descriptor(id)).collect::<Vec<_>>(),
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }]
        });
        let mut text = serde_json::to_string_pretty(&document).expect("prints");
        text.push('\n');
        text
    }

    fn file(path: &str, findings: &[(&str, usize)]) -> FileResult {
        let at = LineColumn { line: 1, column: 1 };
        FileResult {
            path: path.to_string(),
            source: Some(Arc::from("text")),
            diagnostics: findings
                .iter()
                .map(|&(rule, start)| Located {
                    diagnostic: Diagnostic::new(
                        rule.to_string(),
                        Severity::Warning,
                        Span::new(start, start + 1),
                        "Message \"quoted\"\nwith a line break",
                        "Help",
                    )
                    .with_optional_fix(Some(Fix::safe(vec![Edit::insertion(start, "x")]))),
                    start: at,
                    end: at,
                })
                .collect(),
            ..FileResult::default()
        }
    }

    #[test]
    fn the_streamed_document_is_the_whole_document_byte_for_byte() {
        for files in [
            vec![],
            vec![file("a.md", &[])],
            vec![file("a.md", &[("missing-metric", 0)])],
            vec![
                file("a.md", &[("missing-metric", 0), ("no-jargon", 2)]),
                file("b.md", &[]),
                file(
                    "c.md",
                    &[(FILE_ERROR, 0), ("no-jargon", 1), ("other-custom", 3)],
                ),
            ],
        ] {
            let mut writer = SarifWriter::default();
            let mut out = Vec::new();
            for f in &files {
                writer.file(f, &mut out).expect("written");
            }
            writer
                .finish(&Tally::default(), &mut out)
                .expect("finished");
            let streamed = String::from_utf8(out).expect("UTF-8");
            assert_eq!(streamed, whole_document(&files));
        }
    }
}
