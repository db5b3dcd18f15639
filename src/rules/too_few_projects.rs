//! `too-few-projects`: fewer than `min` projects to deep-dive.

use serde::{Deserialize, Deserializer};

use super::skeleton;
use super::{BuildContext, FixAvailability, HasLevel, OptionDoc, Rule, RuleDef, RuleMeta};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::model::{Agenda, EntryOrigin, SectionKind};

/// Checks that the agenda prepares at least `min` (default 2) project deep dives.
///
/// Why: the guidance is to come ready to deep-dive two recent projects — the
/// architectural decisions behind them and the lessons learned, not only outcomes.
///
/// ```markdown
/// ## Projects
/// ### Checkout rewrite     <- fires on the Projects heading: one project, two expected
/// ```
///
/// The fix appends project skeletons to the projects section, or a new projects section.
pub struct TooFewProjects {
    min: usize,
}

/// Options of `too-few-projects`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "TooFewProjectsOptions")]
pub struct Options {
    /// Severity override.
    #[serde(default, deserialize_with = "super::deserialize_level")]
    pub level: Option<Severity>,
    /// How many projects an agenda should discuss (at least 1; default 2).
    #[serde(default = "default_min", deserialize_with = "positive")]
    #[schemars(range(min = 1))]
    pub min: u32,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            level: None,
            min: default_min(),
        }
    }
}

fn default_min() -> u32 {
    2
}

fn positive<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    let value = u32::deserialize(deserializer)?;
    if value == 0 {
        return Err(serde::de::Error::custom(
            "`min` must be at least 1 (to stop the rule, set it to `off`)",
        ));
    }
    Ok(value)
}

impl HasLevel for Options {
    fn level(&self) -> Option<Severity> {
        self.level
    }
}

impl RuleDef for TooFewProjects {
    type Options = Options;

    const META: RuleMeta = RuleMeta {
        id: "too-few-projects",
        summary: "Fewer than `min` (default 2) projects are discussed",
        default_severity: Severity::Warning,
        fix: FixAvailability::Always,
        doc: include_str!("../../rules/too-few-projects.md"),
        options: &[OptionDoc {
            name: "min",
            default: "2",
            doc: "how many projects an agenda should discuss (at least 1)",
        }],
    };

    fn build(options: &Options, _: &BuildContext<'_>) -> Self {
        Self {
            min: options.min as usize,
        }
    }
}

impl Rule for TooFewProjects {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
        let projects: Vec<_> = agenda.entries_of(SectionKind::Projects).collect();
        if projects.len() >= self.min {
            return;
        }
        let missing = self.min - projects.len();
        let help = format!(
            "Prepare {} recent project{}: for each, the architectural decision behind it (\"chose an event queue over polling to absorb spikes\") and the lesson learned",
            self.min,
            if self.min == 1 { "" } else { "s" }
        );
        let section = agenda.sections_of(SectionKind::Projects).next();
        let Some((index, section)) = section else {
            let mut lines = skeleton::section(agenda, SectionKind::Projects, &[]);
            lines.truncate(1);
            for _ in 0..missing {
                lines.push(String::new());
                lines.extend(skeleton::project_heading(
                    agenda,
                    agenda.section_level() + 1,
                ));
            }
            let edit = skeleton::insert_section(agenda, &lines);
            out.push(
                super::diagnostic::<Self>(
                    agenda.anchor(),
                    "Agenda has no projects to deep-dive",
                    help,
                )
                .with_optional_fix(edit.map(|e| Fix::unsafe_edits(vec![e]))),
            );
            return;
        };
        let as_items = projects
            .first()
            .is_some_and(|p| matches!(p.origin, EntryOrigin::Item(_)));
        let mut lines = Vec::new();
        for i in 0..missing {
            if as_items {
                lines.extend(skeleton::project_item(agenda));
            } else {
                if i > 0 {
                    lines.push(String::new());
                }
                lines.extend(skeleton::project_heading(agenda, section.level + 1));
            }
        }
        let at = if as_items {
            skeleton::items_append_point(agenda, index).0
        } else {
            skeleton::headings_append_point(agenda, index)
        };
        let edit = skeleton::insert_lines(agenda, at, &lines, !as_items);
        let message = match projects.len() {
            0 => "Projects section lists no project".to_string(),
            n => format!(
                "Only {n} project{} to deep-dive; prepare at least {}",
                if n == 1 { "" } else { "s" },
                self.min
            ),
        };
        out.push(
            super::diagnostic::<Self>(section.heading, message, help)
                .with_optional_fix(edit.map(|e| Fix::unsafe_edits(vec![e]))),
        );
    }
}
