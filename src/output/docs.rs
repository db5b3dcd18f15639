//! `agendalint rules` (a table of every rule) and `agendalint explain` (a rule's page,
//! rendered for the terminal).

use std::io::{self, Write};

use crate::rules::{RuleEntry, RuleMeta};

/// Writes the rule table: id, default severity, fix availability, summary.
pub fn write_rules(registry: &[RuleEntry], out: &mut dyn Write) -> io::Result<()> {
    let width = registry.iter().map(|e| e.meta.id.len()).max().unwrap_or(4);
    writeln!(
        out,
        "{:<width$}  {:<8}  {:<9}  summary",
        "rule", "severity", "fix"
    )?;
    for entry in registry {
        let meta = entry.meta;
        writeln!(
            out,
            "{:<width$}  {:<8}  {:<9}  {}",
            meta.id,
            meta.default_severity.as_str(),
            meta.fix.as_str(),
            meta.summary
        )?;
    }
    writeln!(out)?;
    writeln!(out, "Run `agendalint explain RULE` for a rule's page.")
}

/// Writes a rule's documentation page. Headings are set off (bold when `color`), code
/// blocks indented, and the Markdown markers dropped so the page reads as plain text.
pub fn write_doc(meta: &RuleMeta, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let (bold, reset, dim) = if color {
        ("\x1b[1m", "\x1b[0m", "\x1b[2m")
    } else {
        ("", "", "")
    };
    let mut in_code = false;
    for line in meta.doc.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            writeln!(out, "    {dim}{line}{reset}")?;
            continue;
        }
        if let Some(title) = line.strip_prefix("# ") {
            writeln!(out, "{bold}{title}{reset}")?;
            writeln!(out, "{}", "=".repeat(title.chars().count()))?;
        } else if let Some(heading) = line
            .trim_start_matches('#')
            .strip_prefix(' ')
            .filter(|_| line.starts_with("##"))
        {
            writeln!(out, "{bold}{heading}{reset}")?;
        } else {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}
