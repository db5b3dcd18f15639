//! What the four privacy rules share: the roster of an agenda, the scan of its text, the
//! allowlist, and a finding that names the category and never the words.

use std::sync::Arc;

use super::allowlist::Allowlist;
use super::detect::Detector;
use super::{Category, Roster};
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::model::{Agenda, FrontMatterState};
use crate::rules::BuildContext;

/// One privacy rule, ready to check agendas.
pub struct PrivacyCheck {
    category: Category,
    people: Vec<String>,
    owner: Vec<String>,
    allowlist: Option<Arc<Allowlist>>,
}

impl PrivacyCheck {
    /// The check of `category` with what the config says.
    pub fn new(category: Category, context: &BuildContext<'_>) -> Self {
        let config = context.privacy.config;
        Self {
            category,
            people: config.map(|c| c.people.clone()).unwrap_or_default(),
            owner: config.map(|c| c.owner.clone()).unwrap_or_default(),
            allowlist: context.privacy.allowlist.clone(),
        }
    }

    /// The people a judgement in `agenda` may name.
    fn roster(&self, agenda: &Agenda<'_>) -> Roster {
        roster(agenda, &self.people, &self.owner)
    }

    /// Pushes a finding of `rule` for each span of `agenda` that discloses the category.
    pub fn check(
        &self,
        rule: &'static str,
        severity: Severity,
        agenda: &Agenda<'_>,
        out: &mut Vec<Diagnostic>,
    ) {
        // A `private: true` file never gets here: the rule set runs only `private-commit`
        // on it (`engine::RuleSet::check_with_series`).
        //
        // Every category reads the roster: a figure right after a colleague's name is
        // their pay, a condition next to it their health.
        let roster = self.roster(agenda);
        if self.category == Category::ColleaguePerformance && roster.people.is_empty() {
            return;
        }
        for span in found(agenda, self.category, &roster) {
            if self
                .allowlist
                .as_ref()
                .is_some_and(|list| list.allows(rule, agenda.text(span)))
            {
                continue;
            }
            out.push(finding(self.category, rule, severity, span));
        }
    }
}

/// The people a judgement in `agenda` may name: its `with` and `attendees`, and
/// `people`, less `owner`.
pub fn roster(agenda: &Agenda<'_>, people: &[String], owner: &[String]) -> Roster {
    let mut names = people.to_vec();
    if let FrontMatterState::Present(fm) = &agenda.front_matter {
        names.extend(fm.with.valid().cloned());
        names.extend(fm.attendees.iter().cloned());
    }
    Roster::new(names, owner.iter().cloned())
}

/// The spans of `agenda`'s text (every paragraph, heading, item and table cell but
/// unfilled prompts) that disclose `category`.
fn found<'a>(
    agenda: &'a Agenda<'_>,
    category: Category,
    roster: &'a Roster,
) -> impl Iterator<Item = Span> + 'a {
    let detector = Detector::get();
    agenda
        .blocks
        .iter()
        .filter(|block| !block.placeholder && !block.text.is_empty())
        .flat_map(move |block| {
            detector
                .find(category, &block.text, roster)
                .into_iter()
                .map(|range| block.source_span(range))
        })
}

/// Every span of `agenda` that discloses private content of any category, whatever the
/// rules and the allowlist say: what a document made from the notes masks.
pub fn detected_spans(agenda: &Agenda<'_>, roster: &Roster) -> Vec<Span> {
    Category::ALL
        .into_iter()
        .flat_map(|category| found(agenda, category, roster))
        .collect()
}

/// Whether the agenda says `private: true`: it is meant to stay on this machine.
pub fn is_private_file(agenda: &Agenda<'_>) -> bool {
    matches!(&agenda.front_matter, FrontMatterState::Present(fm) if fm.private)
}

/// The finding: the category and where, never the words.
fn finding(category: Category, rule: &'static str, severity: Severity, span: Span) -> Diagnostic {
    let (message, reword) = match category {
        Category::Pay => (
            "Pay details (a figure next to a pay term) in notes that get committed",
            "or say it without the figures (\"I'd like to talk about my compensation\")",
        ),
        Category::Health => (
            "Health details (a condition, treatment or medical leave) in notes that get committed",
            "or say only what affects the work (\"I'm out Thursday and Friday\")",
        ),
        Category::Life => (
            "Private-life details (family, pregnancy, bereavement, visa) in notes that get committed",
            "or say only what affects the work (\"I need flexible hours next month\")",
        ),
        Category::ColleaguePerformance => (
            "A judgement of a colleague's performance in notes that get committed",
            "or raise it in the meeting without writing it down",
        ),
    };
    Diagnostic::new(
        rule,
        severity,
        span,
        message,
        format!(
            "Move this line to a private note (`private: true` in its front matter, kept out of the repository), {reword}; to keep it, `agendalint privacy allow FILE:LINE`"
        ),
    )
}
