//! `front-matter-invalid`: the front matter is not valid YAML, not a mapping, or never
//! closed.

use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Agenda, FrontMatterState};

/// Checks that the front matter block parses as a YAML mapping of keys to values.
///
/// Why: an agenda whose front matter cannot be read has no date and no person, so it
/// drops out of its meeting series.
///
/// ```markdown
/// ---
/// date: 2026-11-23
/// with: [Alex          <- fires here: the list is never closed
/// ---
/// ```
pub struct FrontMatterInvalid;

impl RuleDef for FrontMatterInvalid {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "front-matter-invalid",
        summary: "The front matter is not valid YAML, or not a mapping",
        default_severity: Severity::Error,
        fix: FixAvailability::Never,
        doc: include_str!("../../rules/front-matter-invalid.md"),
        options: &[],
    };

    fn build(_: &LevelOnly, _: &BuildContext<'_>) -> Self {
        Self
    }
}

impl Rule for FrontMatterInvalid {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
        match &agenda.front_matter {
            FrontMatterState::Unclosed { open } => out.push(super::diagnostic::<Self>(
                *open,
                "Front matter is never closed",
                "End the front matter with a line holding only `---` after its last key",
            )),
            FrontMatterState::Present(fm) => {
                if let Some(problem) = &fm.problem {
                    out.push(super::diagnostic::<Self>(
                        problem.span,
                        format!(
                            "Front matter is not valid: {}",
                            crate::brief::clip(&problem.message)
                        ),
                        "Write one `key: value` per line, e.g. `date: 2026-11-23` and `with: Alex Kim`",
                    ));
                }
            }
            FrontMatterState::Missing => {}
        }
    }
}
