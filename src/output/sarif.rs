//! `--format sarif`: SARIF 2.1.0 for code-scanning tools — the rules with their
//! descriptions and help, and each finding with its region and fix.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{FileWriter, Tally};
use crate::diagnostic::Severity;
use crate::rules::REGISTRY;
use crate::runner::{FILE_ERROR, FileResult};

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

/// Collects the results as they come; the document (rules first) is written at the end.
pub(super) struct SarifWriter {
    /// Every built-in rule, then the other ids the results use; a result's `ruleIndex`
    /// is its rule's place here.
    ids: Vec<String>,
    results: Vec<Value>,
}

impl Default for SarifWriter {
    fn default() -> Self {
        Self {
            ids: REGISTRY.iter().map(|e| e.meta.id.to_string()).collect(),
            results: Vec::new(),
        }
    }
}

impl SarifWriter {
    fn rule_index(&mut self, id: &str) -> usize {
        if let Some(index) = self.ids.iter().position(|known| known == id) {
            return index;
        }
        self.ids.push(id.to_string());
        self.ids.len() - 1
    }
}

impl FileWriter for SarifWriter {
    fn file(&mut self, file: &FileResult, _: &mut dyn Write) -> io::Result<()> {
        for located in &file.diagnostics {
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
            self.results.push(result);
        }
        Ok(())
    }

    fn finish(&mut self, _: &Tally, out: &mut dyn Write) -> io::Result<()> {
        let document = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {
                    "driver": {
                        "name": "agendalint",
                        "version": env!("CARGO_PKG_VERSION"),
                        "rules": self.ids.iter().map(|id| rule_descriptor(id)).collect::<Vec<_>>(),
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": std::mem::take(&mut self.results),
            }]
        });
        serde_json::to_writer_pretty(&mut *out, &document).map_err(super::json::json_to_io)?;
        writeln!(out)
    }
}
