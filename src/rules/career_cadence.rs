//! `career-cadence`: career has not come up in the last `every` meetings with the same
//! person.

use serde::{Deserialize, Deserializer};

use super::skeleton;
use super::{BuildContext, FixAvailability, HasLevel, OptionDoc, Rule, RuleDef, RuleMeta};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::model::{Agenda, SectionKind};
use crate::series::SeriesView;

/// Checks, across a meeting series, that career comes up at least every `every`
/// (default 3) meetings: a career section with content, or an item that mentions career.
/// The finding goes on the newest meeting of a stretch without it.
///
/// Why: career aspirations need a steady place in the 1:1s, each time building on the
/// last, or they only surface at review time.
///
/// ```markdown
/// 2026-10-13.md, 2026-10-27.md, 2026-11-10.md: no career section in any
///                                          <- fires on 2026-11-10.md
/// ```
///
/// The fix appends a Career section skeleton with a prompt.
pub struct CareerCadence {
    every: usize,
}

/// Options of `career-cadence`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "CareerCadenceOptions")]
pub struct Options {
    /// Severity override.
    #[serde(default, deserialize_with = "super::deserialize_level")]
    pub level: Option<Severity>,
    /// Career should come up at least once in this many meetings (at least 1; default 3).
    #[serde(default = "default_every", deserialize_with = "positive")]
    #[schemars(range(min = 1))]
    pub every: u32,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            level: None,
            every: default_every(),
        }
    }
}

fn default_every() -> u32 {
    3
}

fn positive<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    let value = u32::deserialize(deserializer)?;
    if value == 0 {
        return Err(serde::de::Error::custom(
            "`every` must be at least 1 (to stop the rule, set it to `off`)",
        ));
    }
    Ok(value)
}

impl HasLevel for Options {
    fn level(&self) -> Option<Severity> {
        self.level
    }
}

/// The prompt of the Career skeleton.
pub const PROMPT: &str = "<where you want to be and by when, and your first step, e.g. in 18 months lead a team; first step: run the Q1 migration as tech lead>";

impl RuleDef for CareerCadence {
    type Options = Options;

    const META: RuleMeta = RuleMeta {
        id: "career-cadence",
        summary: "Career has not come up in this meeting nor in the `every - 1` meetings before it",
        default_severity: Severity::Warning,
        fix: FixAvailability::Always,
        doc: include_str!("../../rules/career-cadence.md"),
        options: &[OptionDoc {
            name: "every",
            default: "3",
            doc: "career should come up at least once in this many meetings (at least 1)",
        }],
    };

    fn build(options: &Options, _: &BuildContext<'_>) -> Self {
        Self {
            every: options.every as usize,
        }
    }
}

impl Rule for CareerCadence {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, _: &Agenda<'_>, _: &mut Vec<Diagnostic>) {}

    fn uses_series(&self) -> bool {
        true
    }

    fn check_series(
        &self,
        agenda: &Agenda<'_>,
        series: &SeriesView<'_>,
        out: &mut Vec<Diagnostic>,
    ) {
        let earlier = self.every - 1;
        // A career prompt means the point is being prepared; `unfilled-prompt` reports it.
        let (career, prompt) = crate::series::career_in(agenda);
        if career || prompt || series.previous.len() < earlier {
            return;
        }
        let window = &series.previous[series.previous.len() - earlier..];
        if window.iter().any(|m| m.career) {
            return;
        }
        let with = crate::brief::clip(series.this.with.as_deref().unwrap_or("this person"));
        let message = if self.every == 1 {
            format!("Career does not come up in this meeting with {with}")
        } else {
            format!(
                "Career has not come up in the last {} meetings with {with}",
                self.every
            )
        };
        let (_, edit) = skeleton::add_prompt(agenda, SectionKind::Career, PROMPT);
        out.push(
            super::diagnostic::<Self>(
                agenda.anchor(),
                message,
                "Bring one career point that builds on the last, e.g. \"in 18 months lead a team; first step: run the Q1 migration as tech lead\"",
            )
            .with_optional_fix(edit.map(|e| Fix::unsafe_edits(vec![e]))),
        );
    }
}
