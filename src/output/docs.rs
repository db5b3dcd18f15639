//! `agendalint rules` (a table of every rule) and `agendalint explain` (a rule's page,
//! rendered for the terminal).

use std::io::{self, Write};

use crate::config::CustomRuleConfig;
use crate::rules::RuleEntry;

/// The page of `file-error`, the finding of a file that could not be checked.
pub const FILE_ERROR_DOC: &str = include_str!("../../rules/file-error.md");

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

/// Writes a rule's documentation page (`doc`, Markdown). Headings are set off (bold when
/// `color`), code blocks indented, and the Markdown markers dropped so the page reads
/// as plain text.
pub fn write_doc(doc: &str, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let (bold, reset, dim) = if color {
        ("\x1b[1m", "\x1b[0m", "\x1b[2m")
    } else {
        ("", "", "")
    };
    let mut in_code = false;
    for line in doc.lines() {
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

/// Writes the page of a custom rule: what its config entry says, in the shape of a
/// built-in rule's page.
pub fn write_custom_doc(
    rule: &CustomRuleConfig,
    config: Option<&std::path::Path>,
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    use std::fmt::Write as _;
    let mut page = format!("# {}\n\n", rule.id.0);
    let _ = writeln!(
        page,
        "A custom rule, defined under `custom_rules` in {}.\n",
        config.map_or_else(|| "the config".to_string(), crate::files::display_path)
    );
    let _ = writeln!(page, "## What it checks");
    let where_ = if rule.sections.is_empty() {
        "anywhere in the agenda".to_string()
    } else {
        let kinds: Vec<&str> = rule.sections.iter().map(|k| k.as_str()).collect();
        format!("in {} sections", kinds.join(", "))
    };
    let _ = writeln!(
        page,
        "Text matching this regular expression, {where_}:\n\n```\n{}\n```\n",
        rule.pattern.0.as_str()
    );
    let _ = writeln!(page, "## Message\n{}\n", rule.message.0);
    let _ = writeln!(page, "## Help\n{}\n", rule.help.0);
    let level = rule
        .level
        .map_or_else(|| "warning".to_string(), |l| l.describe().to_string());
    let _ = writeln!(page, "## Severity\n{level}\n");
    let _ = writeln!(page, "## Fix\nHelp only.");
    write_doc(&page, color, out)
}
