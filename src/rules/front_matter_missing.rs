//! `front-matter-missing`: the file does not start with a YAML front matter block.

use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::model::{Agenda, FrontMatterState, IsoDate};

/// Checks that the agenda starts with a front matter block naming its date and person.
///
/// Why: `date` and `with` place the agenda in its meeting series, which the series rules
/// and `agendalint new` depend on.
///
/// ```markdown
/// # 1:1 with Alex            <- fires: no `---` block first
/// ```
///
/// The fix inserts a skeleton, taking `date` from a `YYYY-MM-DD` in the file name.
pub struct FrontMatterMissing;

impl RuleDef for FrontMatterMissing {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "front-matter-missing",
        summary: "The file has no YAML front matter block at its start",
        default_severity: Severity::Error,
        fix: FixAvailability::Always,
        doc: include_str!("../../rules/front-matter-missing.md"),
        options: &[],
    };

    fn build(_: &LevelOnly, _: &BuildContext<'_>) -> Self {
        Self
    }
}

impl Rule for FrontMatterMissing {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
        if !matches!(agenda.front_matter, FrontMatterState::Missing) {
            return;
        }
        let file_name = agenda.path.rsplit('/').next().unwrap_or(agenda.path);
        let date = IsoDate::find_in(file_name);
        let date_text = date.map_or_else(|| "<YYYY-MM-DD>".to_string(), |d| d.to_string());
        let eol = agenda.line_ending();
        let skeleton =
            format!("---{eol}date: {date_text}{eol}with: <who the 1:1 is with>{eol}---{eol}{eol}");
        let mut help = format!(
            "Start the file with the meeting's date and who it is with:\n---\ndate: {}\nwith: Alex Kim\n---",
            date.map_or_else(|| "2026-11-23".to_string(), |d| d.to_string())
        );
        // A README or a journal entry named on the command line: one finding, that
        // says how to stop checking it (the engine drops the rest).
        let agenda_like = agenda.looks_like_an_agenda();
        let message = if agenda_like {
            "Agenda has no front matter"
        } else {
            help.push_str("\nIf it is not an agenda, list it under `exclude` in .agendalint.yaml");
            "File has no front matter and does not look like an agenda"
        };
        out.push(
            super::diagnostic::<Self>(agenda.first_line(), message, help)
                .with_fix(Fix::unsafe_edits(vec![Edit::insertion(
                    agenda.bom_len,
                    skeleton,
                )])),
        );
    }
}
