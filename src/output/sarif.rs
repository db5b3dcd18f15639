//! `--format sarif`: SARIF 2.1.0 for code-scanning tools — the rules with their
//! descriptions and help, and each finding with its region and fix.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::{Value, json};

use crate::diagnostic::Severity;
use crate::rules::REGISTRY;
use crate::runner::{CheckRun, FILE_ERROR};

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

pub(super) fn write(run: &CheckRun, out: &mut dyn Write) -> io::Result<()> {
    // Every built-in rule, then the other ids the results use, each with its index.
    let mut ids: Vec<String> = REGISTRY.iter().map(|e| e.meta.id.to_string()).collect();
    for (_, located) in run.diagnostics() {
        if !ids.iter().any(|id| *id == located.diagnostic.rule) {
            ids.push(located.diagnostic.rule.to_string());
        }
    }
    let index: BTreeMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let results: Vec<Value> = run
        .diagnostics()
        .map(|(file, located)| {
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
                "ruleIndex": index.get(d.rule.as_ref()).copied().unwrap_or(0),
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
        })
        .collect();
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
            "results": results,
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &document).map_err(super::json::json_to_io)?;
    writeln!(out)
}
