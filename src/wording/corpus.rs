//! The labelled notes the wording scorers learn from and are measured on.
//!
//! `tests/labelled/writers/wNN.yaml` holds one writer's agendas, every bullet labelled
//! with the rules that hold for it (see `GUIDE.md` there): a full label matrix, so every
//! bullet is a positive or a negative for every rule. The older item sets beside them
//! (`tests/labelled/*.yaml`) name only some rules per example; their other labels are
//! unknown.
//!
//! Each bullet is rendered as a small agenda (front matter, one heading of its section
//! kind, the bullet) and parsed, so that a scorer learns from exactly the text a rule
//! reads at check time.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;

use crate::diagnostic::Severity;
use crate::engine::RuleSet;
use crate::model::{Agenda, SectionKind, SectionVocabulary};

/// Writers kept out of all tuning: a final test, scored once per change.
pub const FROZEN_WRITERS: &[&str] = &["w01", "w08"];

/// Every label a bullet can carry.
pub const LABELS: &[&str] = &[
    "complaint-phrasing",
    "vague-feedback-request",
    "promotion-ask",
    "vague-aspiration",
    "generic-skill-wish",
    "missing-metric",
    "no-time-bound",
    "learning-path",
];

/// One labelled bullet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bullet {
    /// Who wrote it (`w03`, or the older set's file name).
    pub writer: String,
    /// Which agenda of theirs it comes from.
    pub agenda: String,
    /// The kind of section it stands in.
    pub kind: SectionKind,
    /// The text after `- `; following lines are nested items (`- ...`).
    pub text: String,
    /// The labels that hold.
    pub fires: Vec<String>,
    /// The labels that are known: every label for a writer's bullet, the named ones for
    /// an older example.
    pub known: Vec<String>,
}

impl Bullet {
    /// Whether `label` is known for this bullet, and if so whether it holds.
    pub fn label(&self, label: &str) -> Option<bool> {
        self.known
            .iter()
            .any(|k| k == label)
            .then(|| self.fires.iter().any(|f| f == label))
    }

    /// The bullet as an agenda file, and the byte range of the item in it.
    pub fn render(&self) -> (String, Range<usize>) {
        let mut text = format!(
            "---\ndate: 2026-11-23\nwith: Alex Kim\n---\n## {}\n\n",
            self.kind.default_heading()
        );
        let start = text.len();
        push_item(&mut text, &self.text);
        let end = text.len();
        (text, start..end)
    }

    /// The bullet's unit as the rules read it: its text (blocks joined by `\n`) and
    /// inline code ranges. `None` when the rendered bullet is not one list item.
    pub fn unit_text(&self) -> Option<(String, Vec<Range<usize>>)> {
        let (text, _) = self.render();
        let agenda = Agenda::parse("bullet.md", &text, SectionVocabulary::builtin());
        let unit = agenda.units().into_iter().find(|u| u.item.is_some())?;
        Some(super::unit_text(agenda.blocks(unit.blocks)))
    }
}

/// Appends `item` as a Markdown list item: its first line after `- `, each following
/// line indented by two spaces (nested items written `- ...` become sub-items).
pub fn push_item(out: &mut String, item: &str) {
    let mut lines = item.trim_end().lines();
    out.push_str("- ");
    out.push_str(lines.next().unwrap_or(""));
    out.push('\n');
    for line in lines {
        out.push_str("  ");
        out.push_str(line);
        out.push('\n');
    }
}

/// The rules measured on the bullets, each with the label it is scored against.
/// `missing-skill-gap` fires on a one-bullet agenda when the bullet is no learning path:
/// it is scored on finding the learning paths (`!`: the label holds where the rule is
/// silent).
pub const MEASURED: &[(&str, &str)] = &[
    ("complaint-phrasing", "complaint-phrasing"),
    ("vague-feedback-request", "vague-feedback-request"),
    ("promotion-ask", "promotion-ask"),
    ("vague-aspiration", "vague-aspiration"),
    ("generic-skill-wish", "generic-skill-wish"),
    ("missing-metric", "missing-metric"),
    ("no-time-bound", "no-time-bound"),
    ("missing-skill-gap", "!learning-path"),
];

/// Confusion counts of one rule.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Fired where it should.
    pub tp: usize,
    /// Fired where it should not.
    pub fp: usize,
    /// Missed.
    pub fn_: usize,
}

impl Counts {
    /// Counts one decision: whether the rule fired, and whether it should have.
    pub fn record(&mut self, fired: bool, expected: bool) {
        match (expected, fired) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            (false, false) => {}
        }
    }

    /// Adds another set of counts.
    pub fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }

    /// Of the findings, how many are right (1 with none).
    pub fn precision(self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }

    /// Of the problems, how many are found (1 with none).
    pub fn recall(self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }

    /// The harmonic mean of precision and recall.
    pub fn f1(self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// A bullet a rule got wrong.
#[derive(Clone, Debug)]
pub struct Miss<'c> {
    /// The rule.
    pub rule: &'static str,
    /// The bullet.
    pub bullet: &'c Bullet,
    /// Whether the rule should have fired (a miss) or not (a false alarm).
    pub expected: bool,
}

/// Runs `rules` over each bullet (rendered as an agenda) and counts, per measured rule,
/// its findings against the labels. A rule fires on a bullet when it reports a span
/// inside the item (`missing-skill-gap`: anything; `missing-metric` at `info` is about a
/// project's outcome, which the labels do not cover). Every miss goes to `misses`.
pub fn measure<'c>(
    bullets: &[&'c Bullet],
    rules: &RuleSet,
    mut misses: impl FnMut(Miss<'c>),
) -> BTreeMap<&'static str, Counts> {
    let mut counts: BTreeMap<&'static str, Counts> = BTreeMap::new();
    for &bullet in bullets {
        let (source, region) = bullet.render();
        let agenda = Agenda::parse("bullet.md", &source, SectionVocabulary::builtin());
        let found = rules.check(&agenda);
        for &(rule, label) in MEASURED {
            let (label, negate) = match label.strip_prefix('!') {
                Some(l) => (l, true),
                None => (label, false),
            };
            let Some(expected) = bullet.label(label) else {
                continue;
            };
            // A problem reported under a more specific rule (the engine keeps one
            // finding per problem) is found for the rule it covers; a false alarm is
            // the rule's own finding.
            let covering: Vec<&str> = crate::engine::PRECEDENCE
                .iter()
                .filter(|(general, _)| expected && *general == rule)
                .map(|(_, specific)| *specific)
                .collect();
            let reported = found.iter().any(|d| {
                (d.rule == rule || covering.contains(&d.rule.as_ref()))
                    && !(rule == "missing-metric" && d.severity == Severity::Info)
                    && (rule == "missing-skill-gap"
                        || (region.start <= d.span.start && d.span.end <= region.end))
            });
            let fired = reported != negate;
            counts.entry(rule).or_default().record(fired, expected);
            if expected != fired {
                misses(Miss {
                    rule,
                    bullet,
                    expected,
                });
            }
        }
    }
    counts
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WriterAgenda {
    agenda: serde_yaml::Value,
    #[allow(dead_code)]
    date: Option<serde_yaml::Value>,
    #[allow(dead_code)]
    with: Option<String>,
    sections: Vec<WriterSection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WriterSection {
    #[allow(dead_code)]
    heading: String,
    kind: SectionKind,
    #[serde(default)]
    items: Vec<WriterItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WriterItem {
    text: String,
    #[serde(default)]
    fires: Vec<String>,
    #[allow(dead_code)]
    note: Option<String>,
}

/// An agenda's `agenda:` value as text: a string as it is, anything else as YAML.
fn agenda_id(value: &serde_yaml::Value) -> String {
    match value {
        serde_yaml::Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

/// Reads one writer's file.
pub fn read_writer(writer: &str, yaml: &str) -> Result<Vec<Bullet>, String> {
    let agendas: Vec<WriterAgenda> =
        serde_yaml::from_str(yaml).map_err(|e| format!("{writer}: {e}"))?;
    let mut bullets = Vec::new();
    for agenda in agendas {
        let id = agenda_id(&agenda.agenda);
        for section in agenda.sections {
            for item in section.items {
                if let Some(bad) = item.fires.iter().find(|f| !LABELS.contains(&f.as_str())) {
                    return Err(format!("{writer}, agenda {id}: unknown label `{bad}`"));
                }
                bullets.push(Bullet {
                    writer: writer.to_string(),
                    agenda: id.clone(),
                    kind: section.kind,
                    text: item.text,
                    fires: item.fires,
                    known: LABELS.iter().map(|l| (*l).to_string()).collect(),
                });
            }
        }
    }
    Ok(bullets)
}

/// Reads another corpus's agendas (`agenda_yaml`: a list of agendas whose sections have
/// a `heading` and `items` with a `text`; other fields are ignored) relabelled for some
/// wording labels only: `labels` holds a line per bullet, in order, `ID -` or `ID
/// LABEL...` (ids `WRITER.NNNN`, counted from 1 over the whole file; `#` starts a note).
/// Each bullet's section kind is its heading's, as the product reads it; only `known`
/// labels are known.
pub fn read_relabelled(
    writer: &str,
    agenda_yaml: &str,
    labels: &str,
    known: &[&str],
) -> Result<Vec<Bullet>, String> {
    let agendas: serde_yaml::Value =
        serde_yaml::from_str(agenda_yaml).map_err(|e| format!("{writer}: {e}"))?;
    let mut by_id: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (n, line) in labels.lines().enumerate() {
        let body = line.split('#').next().unwrap_or_default();
        let mut words = body.split_whitespace();
        let Some(id) = words.next() else { continue };
        let number = id
            .strip_prefix(writer)
            .and_then(|rest| rest.strip_prefix('.'))
            .and_then(|digits| digits.parse::<usize>().ok())
            .ok_or_else(|| format!("{writer} labels, line {}: bad id `{id}`", n + 1))?;
        let fires: Vec<String> = words.filter(|w| *w != "-").map(str::to_string).collect();
        if let Some(bad) = fires.iter().find(|f| !known.contains(&f.as_str())) {
            return Err(format!(
                "{writer} labels, line {}: unknown label `{bad}`",
                n + 1
            ));
        }
        by_id.insert(number, fires);
    }
    let vocabulary = SectionVocabulary::builtin();
    let mut bullets = Vec::new();
    let mut number = 0;
    for agenda in agendas.as_sequence().into_iter().flatten() {
        let id = agenda.get("agenda").map(agenda_id).unwrap_or_default();
        for section in agenda
            .get("sections")
            .and_then(|s| s.as_sequence())
            .into_iter()
            .flatten()
        {
            let heading = section
                .get("heading")
                .and_then(|h| h.as_str())
                .unwrap_or("");
            let kind = vocabulary.classify(heading);
            for item in section
                .get("items")
                .and_then(|i| i.as_sequence())
                .into_iter()
                .flatten()
            {
                number += 1;
                let text = item.get("text").and_then(|t| t.as_str()).unwrap_or("");
                let fires = by_id
                    .remove(&number)
                    .ok_or_else(|| format!("{writer}: bullet {number} has no labels"))?;
                bullets.push(Bullet {
                    writer: writer.to_string(),
                    agenda: id.clone(),
                    kind,
                    text: text.to_string(),
                    fires,
                    known: known.iter().map(|l| (*l).to_string()).collect(),
                });
            }
        }
    }
    if let Some(extra) = by_id.keys().next() {
        return Err(format!("{writer} labels: no bullet {extra}"));
    }
    Ok(bullets)
}

#[derive(Deserialize)]
struct OlderExample {
    section: Option<SectionKind>,
    text: Option<String>,
    #[serde(default)]
    expect: BTreeMap<String, bool>,
}

/// Reads the item examples of an older labelled set (other shapes are skipped); only
/// the labels an example names are known.
pub fn read_older(name: &str, yaml: &str) -> Result<Vec<Bullet>, String> {
    let examples: Vec<OlderExample> =
        serde_yaml::from_str(yaml).map_err(|e| format!("{name}: {e}"))?;
    Ok(examples
        .into_iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let (kind, text) = (e.section?, e.text?);
            let known: Vec<String> = e
                .expect
                .keys()
                .filter(|k| LABELS.contains(&k.as_str()))
                .cloned()
                .collect();
            (!known.is_empty()).then(|| Bullet {
                writer: name.to_string(),
                agenda: i.to_string(),
                kind,
                text,
                fires: e
                    .expect
                    .iter()
                    .filter(|(k, v)| **v && known.contains(k))
                    .map(|(k, _)| k.clone())
                    .collect(),
                known,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {

    #[test]
    fn relabelled_bullets_take_their_heading_kind_and_only_the_known_labels() {
        let agendas = "- agenda: 1\n  sections:\n    - heading: Comp\n      items:\n        - text: a\n          fires: [private-pay]\n        - text: b\n    - heading: Career goals\n      items: [{text: c}]\n";
        let known = ["complaint-phrasing", "promotion-ask"];
        let labels = "p99.0001 -\np99.0002 promotion-ask  # note\np99.0003 complaint-phrasing promotion-ask\n";
        let bullets = read_relabelled("p99", agendas, labels, &known).expect("reads");
        assert_eq!(bullets.len(), 3);
        assert_eq!(bullets[2].kind, SectionKind::Career);
        assert_eq!(bullets[0].label("promotion-ask"), Some(false));
        assert_eq!(bullets[1].label("promotion-ask"), Some(true));
        assert_eq!(bullets[1].label("private-pay"), None);
        assert_eq!(bullets[1].label("vague-aspiration"), None);
        let short = "p99.0001 -\np99.0002 -\n";
        assert!(
            read_relabelled("p99", agendas, short, &known).is_err(),
            "a bullet with no line"
        );
        let unknown = "p99.0001 -\np99.0002 -\np99.0003 vague-aspiration\n";
        assert!(
            read_relabelled("p99", agendas, unknown, &known).is_err(),
            "a label not known"
        );
        let stray = "p99.0001 -\np99.0002 -\np99.0003 -\np99.0004 -\n";
        assert!(
            read_relabelled("p99", agendas, stray, &known).is_err(),
            "a line of no bullet"
        );
    }

    #[test]
    fn counts_give_precision_and_recall() {
        let mut counts = Counts::default();
        for (p, a) in [(true, true), (true, true), (true, false), (false, true)] {
            counts.record(p, a);
        }
        assert_eq!((counts.tp, counts.fp, counts.fn_), (2, 1, 1));
        assert!((counts.precision() - 2.0 / 3.0).abs() < 1e-9);
        assert!((counts.recall() - 2.0 / 3.0).abs() < 1e-9);
        assert!((Counts::default().precision() - 1.0).abs() < 1e-9);
    }

    use super::*;

    #[test]
    fn a_writer_file_reads_into_bullets() {
        let yaml = r#"
- agenda: 1
  date: 2026-05-04
  with: Dana
  sections:
    - heading: Updates
      kind: other
      items:
        - text: "all good"
          fires: []
        - text: |
            on-call was brutal
            - propose: tune alerts by June
          fires: []
    - heading: Career
      kind: career
      items:
        - text: would like to be staff someday
          fires: [vague-aspiration, no-time-bound]
"#;
        let bullets = read_writer("w99", yaml).expect("reads");
        assert_eq!(bullets.len(), 3);
        assert_eq!(bullets[2].label("vague-aspiration"), Some(true));
        assert_eq!(bullets[2].label("promotion-ask"), Some(false));
        let (text, _) = bullets[1].unit_text().expect("one item");
        assert_eq!(text, "on-call was brutal\npropose: tune alerts by June");
        assert!(read_writer("w99", "- agenda: 1\n  sections: [{heading: x, kind: other, items: [{text: a, fires: [nope]}]}]").is_err());
    }
}
