//! Inline control: which rule is off where, from `<!-- agendalint-... -->` comments and
//! the front matter's `agendalint: {disable: [...]}`, and what is wrong with those
//! suppressions themselves — a name that is no rule, one that suppresses nothing, no
//! reason where the config asks for one, a date it expired on.
//!
//! Suppressions are applied after every rule has run; each remembers what it
//! suppressed, so that the ones that suppress nothing can be reported.

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::model::{Agenda, DirectiveKind, IsoDate, Until};
use crate::suggest::did_you_mean;

/// The rules about suppressions: the engine reports their findings, and a suppression
/// cannot silence them (set them in the config).
pub const SUPPRESSION_RULES: [&str; 4] = [
    "unused-suppression",
    "unknown-rule",
    "missing-suppression-reason",
    "expired-suppression",
];

/// Where a suppression applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    /// The whole file (`disable-file`, the front matter).
    File,
    /// One line, 0-based (`disable-line`, `disable-next-line`).
    Line(usize),
    /// From this line on until an `enable` (`disable`).
    From(usize),
    /// An `enable` comment at this line: no suppression, it ends one.
    Enable(usize),
}

/// A rule named in a suppression: where, and whether it suppressed a finding.
#[derive(Debug)]
struct Name {
    rule: String,
    span: Span,
    used: bool,
}

/// One suppression: a comment, or the front matter's `agendalint:` block.
#[derive(Debug)]
struct Entry {
    scope: Scope,
    /// The comment, or the `agendalint` key.
    span: Span,
    /// The rules it names; none means every rule.
    names: Vec<Name>,
    /// With no names: whether it suppressed anything.
    used_all: bool,
    reason: Option<String>,
    until: Option<Until>,
    /// A comment (not the front matter): what the help quotes.
    comment: bool,
}

impl Entry {
    /// Whether it is about `rule`: names it, or names no rule.
    fn names(&self, rule: &str) -> bool {
        self.names.is_empty() || self.names.iter().any(|n| n.rule == rule)
    }

    /// Whether it covers `rule`; if so, what covers it is marked as used.
    fn hides(&mut self, rule: &str) -> bool {
        if self.names.is_empty() {
            self.used_all = true;
            return true;
        }
        let mut covered = false;
        for name in self.names.iter_mut().filter(|n| n.rule == rule) {
            name.used = true;
            covered = true;
        }
        covered
    }
}

/// What the reports about suppressions need to know of the run.
pub struct SuppressionContext<'a> {
    /// Whether a rule ran on this agenda (a suppression of a rule that did not run
    /// cannot be judged unused).
    pub ran: &'a dyn Fn(&str) -> bool,
    /// Every rule name the config knows: built-in and custom.
    pub known: &'a [&'a str],
    /// The severity of each suppression rule that runs (`None`: it does not).
    pub severity: &'a dyn Fn(&str) -> Option<Severity>,
    /// The config's `require_reason`.
    pub require_reason: bool,
    /// Today, for `until:`.
    pub today: IsoDate,
}

/// The suppressions of one agenda, indexed so that each finding costs a few binary
/// searches, not a walk over every comment (an agenda can hold tens of thousands).
#[derive(Debug)]
pub struct InlineControl {
    entries: Vec<Entry>,
    /// The entries that cover the whole file.
    files: Vec<usize>,
    /// The one-line entries, as (line, entry), by line.
    lines: Vec<(usize, usize)>,
    /// Per rule, the `disable`/`enable` comments about it, as (line, entry), by line:
    /// made on first use.
    toggles: HashMap<String, Vec<(usize, usize)>>,
}

impl InlineControl {
    /// The suppressions written in `agenda`, in document order (the front matter first).
    pub fn new(agenda: &Agenda<'_>) -> Self {
        let mut entries = Vec::new();
        if let Some(block) = agenda.front_matter().and_then(|fm| fm.suppression.as_ref()) {
            if !block.rules.is_empty() {
                entries.push(Entry {
                    scope: Scope::File,
                    span: block.key,
                    names: block
                        .rules
                        .iter()
                        .map(|(rule, span)| Name {
                            rule: rule.clone(),
                            span: *span,
                            used: false,
                        })
                        .collect(),
                    used_all: false,
                    reason: block.reason.clone(),
                    until: block.until.clone(),
                    comment: false,
                });
            }
        }
        for directive in &agenda.directives {
            let line = agenda.lines().line_of(directive.span.start);
            let scope = match directive.kind {
                DirectiveKind::DisableFile => Scope::File,
                DirectiveKind::Disable => Scope::From(line),
                DirectiveKind::Enable => Scope::Enable(line),
                DirectiveKind::DisableLine => Scope::Line(line),
                // The comment may span lines; the next line is after its end.
                DirectiveKind::DisableNextLine => {
                    Scope::Line(agenda.lines().line_of(directive.span.end.saturating_sub(1)) + 1)
                }
            };
            entries.push(Entry {
                scope,
                span: directive.span,
                names: directive
                    .rules
                    .iter()
                    .zip(&directive.rule_spans)
                    .map(|(rule, span)| Name {
                        rule: rule.clone(),
                        span: *span,
                        used: false,
                    })
                    .collect(),
                used_all: false,
                reason: directive.reason.clone(),
                until: directive.until.clone(),
                comment: true,
            });
        }
        let files = (0..entries.len())
            .filter(|&i| entries[i].scope == Scope::File)
            .collect();
        let mut lines: Vec<(usize, usize)> = entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| match e.scope {
                Scope::Line(l) => Some((l, i)),
                _ => None,
            })
            .collect();
        lines.sort_unstable();
        Self {
            entries,
            files,
            lines,
            toggles: HashMap::new(),
        }
    }

    /// Whether a suppression covers `diagnostic`; every suppression that does is marked
    /// as used.
    pub fn suppresses(&mut self, agenda: &Agenda<'_>, diagnostic: &Diagnostic) -> bool {
        let rule = diagnostic.rule.as_ref();
        if SUPPRESSION_RULES.contains(&rule) {
            return false;
        }
        let line = agenda.lines().line_of(diagnostic.span.start);
        let mut suppressed = false;
        for &index in &self.files {
            suppressed |= self.entries[index].hides(rule);
        }
        let from = self.lines.partition_point(|&(l, _)| l < line);
        for &(_, index) in self.lines[from..].iter().take_while(|&&(l, _)| l == line) {
            suppressed |= self.entries[index].hides(rule);
        }
        // The `disable`/`enable` comment in force at the line, for this rule: the last
        // one about it at or above the line.
        let entries = &self.entries;
        let toggles = self.toggles.entry(rule.to_string()).or_insert_with(|| {
            let mut toggles: Vec<(usize, usize)> = entries
                .iter()
                .enumerate()
                .filter_map(|(i, e)| match e.scope {
                    Scope::From(l) | Scope::Enable(l) if e.names(rule) => Some((l, i)),
                    _ => None,
                })
                .collect();
            toggles.sort_unstable();
            toggles
        });
        let applied = toggles.partition_point(|&(l, _)| l <= line);
        if let Some(&(_, index)) = applied.checked_sub(1).and_then(|last| toggles.get(last)) {
            let entry = &mut self.entries[index];
            if matches!(entry.scope, Scope::From(_)) {
                entry.hides(rule);
                suppressed = true;
            }
        }
        suppressed
    }

    /// The findings about the suppressions themselves, once every finding of the
    /// agenda has been through [`InlineControl::suppresses`].
    pub fn report(&self, context: &SuppressionContext<'_>, out: &mut Vec<Diagnostic>) {
        let finding = |rule: &'static str, span: Span, message: String, help: String| {
            (context.severity)(rule)
                .map(|severity| Diagnostic::new(rule, severity, span, message, help))
        };
        for entry in &self.entries {
            for name in &entry.names {
                let found = if !context.known.contains(&name.rule.as_str()) {
                    let hint = did_you_mean(&name.rule, context.known.iter().copied()).map_or_else(
                        || "Run `agendalint rules` to list every rule".to_string(),
                        |s| format!("Did you mean `{s}`? (`agendalint rules` lists every rule)"),
                    );
                    finding(
                        "unknown-rule",
                        name.span,
                        format!("`{}` is not a rule", name.rule),
                        hint,
                    )
                } else if matches!(entry.scope, Scope::Enable(_)) {
                    None
                } else if SUPPRESSION_RULES.contains(&name.rule.as_str()) {
                    finding(
                        "unused-suppression",
                        name.span,
                        format!("`{}` cannot be turned off by a suppression", name.rule),
                        format!(
                            "Remove it here; to turn it off, set `{}: off` under `rules:` in .agendalint.yaml",
                            name.rule
                        ),
                    )
                } else if !name.used && (context.ran)(&name.rule) {
                    finding(
                        "unused-suppression",
                        name.span,
                        format!("Suppression of `{}` hides nothing", name.rule),
                        format!(
                            "Remove `{}` from the {}: there is nothing left for it to hide",
                            name.rule,
                            if entry.comment {
                                "comment"
                            } else {
                                "front matter's `disable` list"
                            }
                        ),
                    )
                } else {
                    None
                };
                out.extend(found);
            }
            if matches!(entry.scope, Scope::Enable(_)) {
                continue;
            }
            if entry.names.is_empty() && !entry.used_all {
                out.extend(finding(
                    "unused-suppression",
                    entry.span,
                    "Suppression of every rule hides nothing".to_string(),
                    "Remove the comment, or name the rule it is for".to_string(),
                ));
            }
            if context.require_reason && entry.reason.is_none() {
                let help = if entry.comment {
                    "Say why after `--`, e.g. <!-- agendalint-disable-line complaint-phrasing -- quoting my manager -->"
                } else {
                    "Say why with `reason:`, e.g. agendalint: {disable: [complaint-phrasing], reason: quoting my manager}"
                };
                out.extend(finding(
                    "missing-suppression-reason",
                    entry.span,
                    "Suppression gives no reason".to_string(),
                    help.to_string(),
                ));
            }
            match &entry.until {
                Some(Until::Date(date)) if context.today > *date => {
                    out.extend(finding(
                        "expired-suppression",
                        entry.span,
                        format!("Suppression expired on {date}; it still applies"),
                        "Fix what it hides and remove it, or give it a later `until:`".to_string(),
                    ));
                }
                Some(Until::Invalid(text)) => {
                    out.extend(finding(
                        "expired-suppression",
                        entry.span,
                        format!(
                            "{}, so this suppression never expires",
                            capitalise(&IsoDate::problem(text))
                        ),
                        "Write the date as `until: YYYY-MM-DD`, e.g. `until: 2027-03-01`"
                            .to_string(),
                    ));
                }
                _ => {}
            }
        }
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
