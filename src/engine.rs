//! Runs a rule set over one agenda: collects findings, applies severity overrides and
//! inline control, and sorts the result by offset.
//!
//! Rules never look at severities or `agendalint-disable` comments; that is done here,
//! once, after every rule has run. So is the choice between findings on one problem
//! (`precedence`): the most specific is kept.

mod inline;
mod precedence;

pub use inline::SUPPRESSION_RULES;
pub use precedence::PRECEDENCE;

use crate::config::ConfigFile;
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::model::{Agenda, IsoDate};
use crate::rules::custom::CustomRule;
use crate::rules::{ActiveRule, BuildContext, PrivacyContext, Rule, RuleLevel};
use crate::series::{self, SeriesView};

use inline::{InlineControl, SuppressionContext};

/// The rules that run on a private note (`private: true`): it is left alone, but may not
/// be committed to a repository with a remote.
const RULES_ON_PRIVATE_NOTES: [&str; 1] = ["private-commit"];

/// The rules that run on one agenda, built once per configuration.
pub struct RuleSet {
    rules: Vec<ActiveRule>,
    /// Every rule a suppression may name: the built-in rules and the config's custom
    /// rules, whether they run or not.
    known: Vec<String>,
    /// The config's `require_reason`: a suppression must say why.
    require_reason: bool,
    /// Today, for the `until:` of suppressions.
    today: IsoDate,
}

impl Default for RuleSet {
    fn default() -> Self {
        Self::new(Vec::new())
    }
}

impl RuleSet {
    /// The rules a config asks for: its built-in rules (with their options) and its
    /// custom rules, those whose id `wanted` accepts (`--select`/`--ignore`).
    pub fn for_config(file: &ConfigFile, wanted: &dyn Fn(&str) -> bool) -> Self {
        Self::for_config_with_wording(file, wanted, None)
    }

    /// [`RuleSet::for_config`] with other wording scorers than the embedded ones (to
    /// measure a model trained without some writers).
    pub fn for_config_with_wording(
        file: &ConfigFile,
        wanted: &dyn Fn(&str) -> bool,
        wording: Option<crate::wording::WordingModel<'static>>,
    ) -> Self {
        Self::build(file, wanted, wording, PrivacyContext::default())
    }

    /// [`RuleSet::for_config`] for a run that knows the notes folder's privacy allowlist
    /// and, in `check --staged`, the remote the commit will be pushed to.
    pub fn for_config_with_privacy(
        file: &ConfigFile,
        wanted: &dyn Fn(&str) -> bool,
        privacy: PrivacyContext<'_>,
    ) -> Self {
        Self::build(file, wanted, None, privacy)
    }

    fn build(
        file: &ConfigFile,
        wanted: &dyn Fn(&str) -> bool,
        wording: Option<crate::wording::WordingModel<'static>>,
        privacy: PrivacyContext<'_>,
    ) -> Self {
        let context = BuildContext {
            company_goals: &file.company_goals,
            wording,
            people: &file.people.names,
            privacy: PrivacyContext {
                config: Some(&file.privacy),
                ..privacy
            },
        };
        let mut rules = Self::new(file.rules.build(&context, wanted));
        rules.require_reason = file.require_reason;
        rules
            .known
            .extend(file.custom_rules.0.iter().map(|c| c.id.0.clone()));
        for custom in file.custom_rules.0.iter().filter(|c| wanted(&c.id.0)) {
            let level = custom.level.unwrap_or(RuleLevel::On);
            let Some(severity) = level.severity_or(Severity::Warning) else {
                continue;
            };
            let rule = CustomRule::new(
                custom.id.0.clone(),
                severity,
                custom.pattern.0.clone(),
                custom.message.0.clone(),
                custom.help.0.clone(),
                custom.sections.clone(),
            );
            rules.push(Box::new(rule), None);
        }
        rules
    }

    /// A rule set of the given active rules.
    pub fn new(rules: Vec<ActiveRule>) -> Self {
        Self {
            rules,
            known: crate::rules::ids().map(str::to_string).collect(),
            require_reason: false,
            today: crate::scaffold::today(),
        }
    }

    /// The same rules, with `today` as the day suppressions expire against.
    #[must_use]
    pub fn with_today(mut self, today: IsoDate) -> Self {
        self.today = today;
        self
    }

    /// Ids of the rules that will run, in order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|r| r.rule.id())
    }

    /// Whether no rule will run.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Whether any rule reads the meeting series.
    pub fn uses_series(&self) -> bool {
        self.rules.iter().any(|r| r.rule.uses_series())
    }

    /// Checks one agenda; the findings are sorted by offset, then rule id.
    pub fn check(&self, agenda: &Agenda<'_>) -> Vec<Diagnostic> {
        self.check_with_series(agenda, None)
    }

    /// Checks one agenda, with its meeting series when the run built one.
    pub fn check_with_series(
        &self,
        agenda: &Agenda<'_>,
        series: Option<&SeriesView<'_>>,
    ) -> Vec<Diagnostic> {
        let mut control = InlineControl::new(agenda);
        let carried = series.map_or_else(Vec::new, |view| carried_items(agenda, view));
        let private_note = crate::privacy::rule::is_private_file(agenda);
        let mut out = Vec::new();
        for active in &self.rules {
            // A private note holds the lines kept out of the agenda: it is not judged
            // as an agenda, and only `private-commit` looks at it.
            if private_note && !RULES_ON_PRIVATE_NOTES.contains(&active.rule.id()) {
                continue;
            }
            let first = out.len();
            active.rule.check(agenda, &mut out);
            // An item carried over from the previous meeting was judged where it was
            // written; it is not judged again in the meeting it is carried into.
            if !carried.is_empty() {
                let mut own = out.split_off(first);
                own.retain(|d| !carried.iter().any(|c| c.contains(d.span)));
                out.append(&mut own);
            }
            // A meeting dated the same day as another of its series is left out of the
            // series rules (`duplicate-meeting-date` says so).
            if let Some(view) = series {
                if active.rule.uses_series()
                    && (view.same_day.is_empty() || active.rule.runs_on_date_clash())
                {
                    active.rule.check_series(agenda, view, &mut out);
                }
            }
            if let Some(severity) = active.severity {
                for diagnostic in &mut out[first..] {
                    diagnostic.severity = severity;
                }
            }
        }
        precedence::narrow_to_the_document(agenda, &mut out);
        precedence::keep_most_specific(&mut out);
        out.retain(|d| !control.suppresses(agenda, d));
        if !private_note {
            self.report_suppressions(&control, &mut out);
        }
        // No other finding may quote what a privacy finding flags.
        crate::privacy::mask::redact(agenda.source, &mut out);
        sort(&mut out);
        out
    }

    /// The findings about the agenda's suppressions, from the suppression rules that run.
    fn report_suppressions(&self, control: &InlineControl, out: &mut Vec<Diagnostic>) {
        let active = |id: &str| self.rules.iter().find(|r| r.rule.id() == id);
        if !SUPPRESSION_RULES.iter().any(|id| active(id).is_some()) {
            return;
        }
        let known: Vec<&str> = self.known.iter().map(String::as_str).collect();
        let severity = |id: &str| {
            let rule = active(id)?;
            let default =
                crate::rules::find(id).map_or(Severity::Warning, |e| e.meta.default_severity);
            Some(rule.severity.unwrap_or(default))
        };
        let context = SuppressionContext {
            ran: &|id| active(id).is_some(),
            known: &known,
            severity: &severity,
            require_reason: self.require_reason,
            today: self.today,
        };
        control.report(&context, out);
    }

    /// Adds a rule (used for user-defined rules from the config).
    pub fn push(&mut self, rule: Box<dyn Rule>, severity: Option<Severity>) {
        self.rules.push(ActiveRule { rule, severity });
    }
}

/// The text of each task-list item of `agenda` that carries over an open task of the
/// previous meeting (the same words, small edits allowed, as `open-action-items` reads
/// them).
fn carried_items(agenda: &Agenda<'_>, view: &SeriesView<'_>) -> Vec<Span> {
    if view.previous_tasks.is_empty() || !view.same_day.is_empty() {
        return Vec::new();
    }
    let previous: Vec<Vec<String>> = view
        .previous_tasks
        .iter()
        .filter(|t| t.is_open())
        .map(|t| series::normalise(&t.text))
        .collect();
    agenda
        .items
        .iter()
        .filter(|item| item.checked.is_some())
        .filter(|item| {
            let words = series::normalise(agenda.text(item.head));
            previous.iter().any(|p| series::similar(p, &words))
        })
        .map(|item| item.head)
        .collect()
}

/// Sorts findings by offset, then end, then rule id, then message: a total order, so
/// output never depends on the order rules ran in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.rule, &a.message).cmp(&(
            b.span.start,
            b.span.end,
            &b.rule,
            &b.message,
        ))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Span;
    use crate::model::SectionVocabulary;
    use crate::rules::Rule;

    /// Flags every capital Q.
    struct EveryQ;

    impl Rule for EveryQ {
        fn id(&self) -> &'static str {
            "every-q"
        }

        fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
            for (i, _) in agenda.source.match_indices('Q') {
                out.push(Diagnostic::new(
                    "every-q",
                    Severity::Warning,
                    Span::new(i, i + 1),
                    "x",
                    "y",
                ));
            }
        }
    }

    fn lines_flagged(text: &str) -> Vec<usize> {
        let agenda = Agenda::parse("t.md", text, SectionVocabulary::builtin());
        let mut set = RuleSet::default();
        set.push(Box::new(EveryQ), None);
        set.check(&agenda)
            .iter()
            .map(|d| agenda.lines().line_of(d.span.start) + 1)
            .collect()
    }

    #[test]
    fn disable_and_enable_ranges() {
        let text =
            "Q\n<!-- agendalint-disable every-q -->\nQ\n<!-- agendalint-enable every-q -->\nQ\n";
        assert_eq!(lines_flagged(text), [1, 5]);
    }

    #[test]
    fn disable_without_names_means_all() {
        let text = "Q\n<!-- agendalint-disable -->\nQ\n<!-- agendalint-enable -->\nQ\n";
        assert_eq!(lines_flagged(text), [1, 5]);
    }

    #[test]
    fn line_and_next_line() {
        let text = "Q <!-- agendalint-disable-line -->\n<!-- agendalint-disable-next-line every-q -->\nQ\nQ\n";
        assert_eq!(lines_flagged(text), [4]);
    }

    #[test]
    fn other_rules_are_unaffected() {
        let text = "<!-- agendalint-disable other-rule -->\nQ\n";
        assert_eq!(lines_flagged(text), [2]);
    }

    #[test]
    fn whole_file() {
        assert!(lines_flagged("Q\n<!-- agendalint-disable-file every-q -->\nQ\n").is_empty());
        assert!(lines_flagged("---\nagendalint: {disable: [every-q]}\n---\nQ\n").is_empty());
        assert_eq!(
            lines_flagged("---\nagendalint: {disable: [other]}\n---\nQ\n"),
            [4]
        );
    }

    #[test]
    fn severity_override_applies_to_every_finding() {
        let agenda = Agenda::parse("t.md", "Q Q", SectionVocabulary::builtin());
        let mut set = RuleSet::default();
        set.push(Box::new(EveryQ), Some(Severity::Error));
        assert!(
            set.check(&agenda)
                .iter()
                .all(|d| d.severity == Severity::Error)
        );
    }
}
