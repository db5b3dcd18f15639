//! `vague-aspiration`: a career aspiration with neither a time frame nor a concrete
//! first step.

use serde::Deserialize;

use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::detect::{PhraseList, PhraseSet, time_bound};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Agenda, Block, EntryOrigin, SectionKind};

/// Checks career aspirations — "I want to lead", "would like to be staff someday" — for
/// a time frame or a concrete first step. Items of career sections and, anywhere else,
/// items that pair aspiration wording with a role ("want to become an EM") are read.
///
/// Why: "I want to lead" gives a manager nothing to act on; a horizon and a first step
/// turn it into a plan they can support.
///
/// ```markdown
/// ## Career
/// - I want to lead a team someday                                         <- fires
/// - In 18 months I aim to lead a team, first taking on a trial project
///   within the next 6 months                                              <- passes
/// ```
pub struct VagueAspiration {
    aspiration: PhraseSet,
    roles: PhraseList,
    steps: PhraseSet,
    step_markers: PhraseSet,
    not_concrete: PhraseSet,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    aspiration: Vec<String>,
    roles_except: Vec<String>,
    roles: Vec<String>,
    steps: Vec<String>,
    step_markers: Vec<String>,
    not_concrete: Vec<String>,
}

impl RuleDef for VagueAspiration {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "vague-aspiration",
        summary: "A career aspiration with neither a time frame nor a concrete first step",
        default_severity: Severity::Warning,
        fix: FixAvailability::Never,
        doc: include_str!("../../rules/vague-aspiration.md"),
        options: &[],
    };

    fn build(_: &LevelOnly, _: &BuildContext<'_>) -> Self {
        let data: Data = serde_yaml::from_str(include_str!("../../rules/vague-aspiration.yaml"))
            .expect("embedded rule data is checked by a test");
        Self {
            aspiration: PhraseSet::new(&data.aspiration),
            roles: PhraseList::new(&data.roles, &data.roles_except),
            steps: PhraseSet::new(&data.steps),
            step_markers: PhraseSet::new(&data.step_markers),
            not_concrete: PhraseSet::new(&data.not_concrete),
        }
    }
}

impl VagueAspiration {
    /// Whether the text names a concrete first step.
    fn has_step(&self, text: &str) -> bool {
        if self.steps.is_match(text) {
            return true;
        }
        // "first step: shadow the incident reviews" states a step; "the first step would
        // be..." and "first step: tbd" do not.
        self.step_markers.find_all(text).iter().any(|marker| {
            let after = text[marker.end..].trim_start();
            let rest = after
                .strip_prefix("->")
                .or_else(|| after.strip_prefix([':', ',', '-', '—', '–', '=', '→']));
            // The marker may carry its own colon ("plan:").
            let rest = rest.or_else(|| text[..marker.end].ends_with(':').then_some(after));
            let Some(rest) = rest else {
                return false;
            };
            let rest = rest.trim();
            !rest.is_empty()
                && self.not_concrete.find(rest).is_none_or(|m| m.start > 0)
                && rest != "?"
        })
    }

    fn is_vague(&self, blocks: &[Block]) -> bool {
        !blocks
            .iter()
            .any(|b| time_bound::has_time_bound(&b.text) || self.has_step(&b.text))
    }
}

/// Whether the text speaks for the team ("we", "our") and not for the engineer.
fn collective(text: &str) -> bool {
    let words: Vec<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(str::to_ascii_lowercase)
        .collect();
    let has = |set: &[&str]| words.iter().any(|w| set.contains(&w.as_str()));
    has(&[
        "we", "we're", "we’re", "we'd", "we’d", "we'll", "we’ll", "we've", "we’ve", "our", "us",
    ]) && !has(&[
        "i", "i'm", "i’m", "i'd", "i’d", "i've", "i’ve", "me", "my", "myself",
    ])
}

impl Rule for VagueAspiration {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
        // Career sub-headings, and every item or paragraph (in a career section or not).
        let career_headings = agenda
            .entries_of(SectionKind::Career)
            .filter(|e| matches!(e.origin, EntryOrigin::Heading(_)))
            .map(|e| (e.head, e.blocks.clone(), true));
        let units = agenda.units().into_iter().map(|u| {
            (
                u.head,
                u.blocks,
                agenda.kind_of(u.section) == SectionKind::Career,
            )
        });
        for (head, range, in_career) in career_headings.chain(units) {
            let blocks = agenda.blocks(range);
            // In a career section, aspiration wording that is not about the team ("we
            // should eventually…"); elsewhere, aspiration wording with a role.
            let aspires = blocks.iter().any(|b| self.aspiration.is_match(&b.text))
                && blocks
                    .iter()
                    .any(|b| self.roles.is_match(&b.text) || (in_career && !collective(&b.text)));
            if aspires && self.is_vague(blocks) {
                out.push(super::diagnostic::<Self>(
                    head,
                    "Career aspiration has no time frame and no first step",
                    "Make it a plan, e.g. \"in 18 months lead a team; first step: run the Q1 migration as tech lead\"",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_and_passes() {
        super::super::assert_table(
            "vague-aspiration",
            &[
                "## Career\n- I want to lead a team someday\n",
                "## Career\nI want to lead a team someday.\n",
                "## Career\n- want to be staff; plan: tbd\n",
                "## Questions\n- would like to become an EM eventually\n",
            ],
            &[
                "## Career\n- In 18 months I aim to lead a team, first taking on a trial project within the next 6 months\n",
                "## Career\n- We'd like to become the platform team everyone trusts\n",
                "## Career\n- want to lead: first step, shadow Priya on incident reviews\n",
                "## Notes\n- I want to lead with data in the pricing discussion\n",
            ],
        );
    }
}
