//! `empty-agenda`: the file is empty, or holds front matter and nothing else.

use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Agenda, FrontMatterState};

/// Checks that an agenda has something in it besides its front matter. An empty body
/// gets this one finding, not one from every rule that misses its section.
///
/// Why: an agenda created and never written is the one meeting nobody prepared for;
/// saying so once is clearer than a list of missing sections.
///
/// ```markdown
/// ---
/// date: 2026-11-23
/// with: Alex Kim
/// ---
///                               <- fires: nothing after the front matter
/// ```
pub struct EmptyAgenda;

impl RuleDef for EmptyAgenda {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "empty-agenda",
        summary: "The file is empty, or has front matter and nothing else",
        default_severity: Severity::Warning,
        fix: FixAvailability::Never,
        doc: include_str!("../../rules/empty-agenda.md"),
        options: &[],
    };

    fn build(_: &LevelOnly, _: &BuildContext<'_>) -> Self {
        Self
    }
}

impl Rule for EmptyAgenda {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
        if !agenda.body_is_empty() {
            return;
        }
        let finding = match &agenda.front_matter {
            FrontMatterState::Missing => super::diagnostic::<Self>(
                agenda.first_line(),
                "File is empty",
                "Write the agenda: front matter with `date` and `with`, then its sections; `agendalint new --with \"Alex Kim\"` starts one from the prep template. Or delete the file",
            ),
            FrontMatterState::Present(fm) => super::diagnostic::<Self>(
                fm.open,
                "Agenda has front matter and nothing else",
                "Add the sections of the meeting: two projects, an initiative, a skill to deepen; `agendalint new` writes an agenda with them as prompts",
            ),
            // An unclosed block makes the whole file body: not empty.
            FrontMatterState::Unclosed { .. } => return,
        };
        out.push(finding);
    }
}
