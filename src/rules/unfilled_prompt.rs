//! `unfilled-prompt`: a template prompt (`<...>`) left in the agenda.

use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Agenda;

/// Checks that no `<...>` prompt from `agendalint new` or a fix skeleton is left
/// unfilled. Other rules leave an entry made only of prompts to this one, so each prompt
/// is reported once, here.
///
/// Why: a prompt is a reminder of what good prep looks like; left in, it hides that the
/// point was never prepared.
///
/// ```markdown
/// ## Initiatives
/// - <one proposal with a metric and a deadline>        <- fires
/// ```
pub struct UnfilledPrompt;

impl RuleDef for UnfilledPrompt {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "unfilled-prompt",
        summary: "A template prompt (`<...>`) is left unfilled",
        default_severity: Severity::Warning,
        fix: FixAvailability::Never,
        doc: include_str!("../../rules/unfilled-prompt.md"),
        options: &[],
    };

    fn build(_: &LevelOnly, _: &BuildContext<'_>) -> Self {
        Self
    }
}

impl Rule for UnfilledPrompt {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
        for block in agenda.blocks.iter().filter(|b| b.placeholder) {
            out.push(super::diagnostic::<Self>(
                block.span,
                "Template prompt is not filled in",
                "Replace the prompt with your own words, or delete the line",
            ));
        }
    }
}
