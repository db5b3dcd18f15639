//! `non-technical-share`: non-technical topics take more than `max_percent` of the
//! meeting.

use serde::{Deserialize, Deserializer};

use super::project_missing_decision::ListData;
use super::{BuildContext, FixAvailability, HasLevel, OptionDoc, Rule, RuleDef, RuleMeta};
use crate::detect::PhraseList;
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::model::{Agenda, SectionKind};

/// Checks that non-technical topics plan at most `max_percent` (default 20) of the
/// meeting: of the minutes when the agenda has time boxes, else of its top-level items
/// (action items aside). Non-technical means a non-technical section (Non-technical,
/// Personal, Wellbeing, Work-life, Misc, Other topics), or an item that is plainly not
/// about the work — travel, vacation, team lunch, the offsite's logistics — wherever it
/// stands. Exactly `max_percent` passes.
///
/// Why: the 1:1 is the engineer's best slot for technical depth and growth; logistics
/// can go to chat.
///
/// ```markdown
/// ## Projects (15 min)
/// ## Personal (10 min)        <- fires: 10 of 25 minutes is 40%
/// ```
pub struct NonTechnicalShare {
    max_percent: u32,
    non_work: PhraseList,
}

/// Options of `non-technical-share`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "NonTechnicalShareOptions")]
pub struct Options {
    /// Severity override.
    #[serde(default, deserialize_with = "super::deserialize_level")]
    pub level: Option<Severity>,
    /// The largest share of the meeting non-technical topics may plan, in percent
    /// (0–100; default 20).
    #[serde(default = "default_max_percent", deserialize_with = "percent")]
    #[schemars(range(max = 100))]
    pub max_percent: u32,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            level: None,
            max_percent: default_max_percent(),
        }
    }
}

fn default_max_percent() -> u32 {
    20
}

fn percent<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    let value = u32::deserialize(deserializer)?;
    if value > 100 {
        return Err(serde::de::Error::custom(
            "`max_percent` is a percentage: 0 to 100",
        ));
    }
    Ok(value)
}

impl HasLevel for Options {
    fn level(&self) -> Option<Severity> {
        self.level
    }
}

impl RuleDef for NonTechnicalShare {
    type Options = Options;

    const META: RuleMeta = RuleMeta {
        id: "non-technical-share",
        summary: "Non-technical topics plan more than `max_percent` (default 20) of the minutes",
        default_severity: Severity::Warning,
        fix: FixAvailability::Never,
        doc: include_str!("../../rules/non-technical-share.md"),
        options: &[OptionDoc {
            name: "max_percent",
            default: "20",
            doc: "the largest share of the meeting non-technical topics may plan (0-100)",
        }],
    };

    fn build(options: &Options, _: &BuildContext<'_>) -> Self {
        Self {
            max_percent: options.max_percent,
            non_work: ListData::compile(DATA),
        }
    }
}

const DATA: &str = include_str!("../../rules/non-technical-share.yaml");

/// Whether the match is part of a hyphenated compound ("travel-booking", "team-lunch
/// bot"): it then names a thing, not an activity.
fn in_compound(text: &str, range: &std::ops::Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    before == Some('-') || after == Some('-')
}

impl NonTechnicalShare {
    /// Whether the item's own text is plainly not about the work (its nested details
    /// do not count: a project that mentions a team lunch is still a project).
    fn is_non_work(&self, agenda: &Agenda<'_>, item: usize) -> bool {
        agenda
            .blocks(agenda.items[item].blocks.clone())
            .iter()
            .filter(|b| b.item == Some(item))
            .any(|b| {
                self.non_work
                    .find_all(&b.text)
                    .iter()
                    .any(|r| !in_compound(&b.text, r))
            })
    }

    fn heading_is_non_work(&self, agenda: &Agenda<'_>, section: usize) -> bool {
        let block = &agenda.blocks[agenda.sections[section].block];
        self.non_work
            .find_all(&block.text)
            .iter()
            .any(|r| !in_compound(&block.text, r))
    }

    fn section_chain_is_non_work(&self, agenda: &Agenda<'_>, mut section: Option<usize>) -> bool {
        while let Some(s) = section {
            if self.heading_is_non_work(agenda, s) {
                return true;
            }
            section = agenda.sections[s].parent;
        }
        false
    }

    /// (non-technical, total, unit, where) by time boxes, or `None` without boxes.
    fn by_minutes(&self, agenda: &Agenda<'_>) -> Option<(u32, u32, &'static str, Option<Span>)> {
        let boxes = agenda.top_time_boxes();
        if boxes.is_empty() {
            return None;
        }
        let mut first = None;
        let mut non_technical = 0;
        for b in &boxes {
            let counted = agenda.kind_of(b.section) == SectionKind::NonTechnical
                || match b.item {
                    Some(i) => self.is_non_work(agenda, i),
                    // "### Offsite logistics (10 min)": a heading can be non-work too.
                    None => b
                        .section
                        .is_some_and(|s| self.heading_is_non_work(agenda, s)),
                };
            if counted {
                non_technical += b.minutes;
                first.get_or_insert(b.span);
            }
        }
        // A boxed non-work item inside a boxed technical part ("Team lunch (10 min)" under
        // "Projects (20 min)") takes its minutes from that part.
        let mut counted = vec![false; agenda.items.len()];
        for index in boxes.iter().filter_map(|b| b.item) {
            counted[index] = true;
        }
        for (index, item) in agenda.items.iter().enumerate() {
            let Some(minutes) = item.timebox else {
                continue;
            };
            let counted_already = counted[index];
            let in_non_technical = agenda.kind_of(item.section) == SectionKind::NonTechnical
                || self.section_chain_is_non_work(agenda, item.section);
            // Under a non-work item its minutes are that item's, already counted.
            let mut parent = item.parent;
            let mut under_non_work = false;
            while let Some(p) = parent {
                if self.is_non_work(agenda, p) {
                    under_non_work = true;
                    break;
                }
                parent = agenda.items[p].parent;
            }
            if !counted_already
                && !in_non_technical
                && !under_non_work
                && self.is_non_work(agenda, index)
            {
                non_technical += minutes;
                first.get_or_insert(item.head);
            }
        }
        let total = boxes.iter().map(|b| b.minutes).sum();
        Some((non_technical.min(total), total, "minutes", first))
    }

    fn by_items(&self, agenda: &Agenda<'_>) -> (u32, u32, &'static str, Option<Span>) {
        let mut first = None;
        let (mut non_technical, mut total) = (0, 0);
        for (index, item) in agenda.items.iter().enumerate() {
            let kind = agenda.kind_of(item.section);
            if item.depth != 0 || kind == SectionKind::Actions {
                continue;
            }
            total += 1;
            if kind == SectionKind::NonTechnical || self.is_non_work(agenda, index) {
                non_technical += 1;
                first.get_or_insert(item.head);
            }
        }
        (non_technical, total, "items", first)
    }
}

impl Rule for NonTechnicalShare {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
        let (non_technical, total, unit, first) = self
            .by_minutes(agenda)
            .unwrap_or_else(|| self.by_items(agenda));
        if total == 0
            || u64::from(non_technical) * 100 <= u64::from(self.max_percent) * u64::from(total)
        {
            return;
        }
        let percent = (u64::from(non_technical) * 100 + u64::from(total) / 2) / u64::from(total);
        let span = agenda
            .sections_of(SectionKind::NonTechnical)
            .next()
            .map(|(_, s)| s.heading)
            .or(first)
            .unwrap_or_else(|| agenda.anchor());
        out.push(super::diagnostic::<Self>(
            span,
            format!(
                "Non-technical topics take {percent}% of the planned {unit} ({non_technical} of {total}), over {}%",
                self.max_percent
            ),
            format!(
                "Keep them to {}% or less, e.g. move the offsite logistics to chat and give the time to a project deep dive",
                self.max_percent
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_and_passes() {
        super::super::assert_table(
            "non-technical-share",
            &[
                "## Projects (15 min)\n## Personal (10 min)\n",
                "# 1:1 (30 min)\n## Projects (10 min)\n## Personal (20 min)\n",
                "## Projects (20 min)\n- Team lunch on Friday (10 min)\n",
                "## Projects (10 min)\n## Notes\n### Offsite logistics (10 min)\n",
            ],
            &[
                "## Projects (20 min)\n## Personal (5 min)\n",
                "## Projects\n- a\n- b\n- c\n- d\n## Personal\n- vacation\n",
                "## Projects\n- Travel-booking service: migrate pricing\n- Holiday-calendar service: timezone bug\n",
                "## Projects (20 min)\n## Notes\n- Offsite logistics (5 min)\n  - Flights (5 min)\n",
            ],
        );
    }
}
