//! User-defined rules from the config's `custom_rules`: a regular expression, a message
//! and a help line, optionally limited to some section kinds. They run through the same
//! engine as the built-in rules (inline control, `--select`, severities).

use regex::Regex;

use super::Rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Agenda, SectionKind};

/// A rule defined in `.agendalint.yaml`.
#[derive(Debug)]
pub struct CustomRule {
    id: String,
    severity: Severity,
    pattern: Regex,
    message: String,
    help: String,
    sections: Vec<SectionKind>,
}

impl CustomRule {
    /// A custom rule; `sections` empty means every section.
    pub fn new(
        id: String,
        severity: Severity,
        pattern: Regex,
        message: String,
        help: String,
        sections: Vec<SectionKind>,
    ) -> Self {
        Self {
            id,
            severity,
            pattern,
            message,
            help,
            sections,
        }
    }
}

impl Rule for CustomRule {
    fn id(&self) -> &str {
        &self.id
    }

    fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
        for block in &agenda.blocks {
            if !self.sections.is_empty() && !self.sections.contains(&agenda.kind_of(block.section))
            {
                continue;
            }
            for found in self.pattern.find_iter(&block.text) {
                if found.as_str().is_empty() {
                    continue;
                }
                out.push(Diagnostic::new(
                    self.id.clone(),
                    self.severity,
                    block.source_span(found.range()),
                    self.message.clone(),
                    self.help.clone(),
                ));
            }
        }
    }
}
