//! `series-name`: an agenda's `with` looks like another spelling of a person who has a
//! meeting series under the same notes root (`Dana` and `Dana Whitfield`).

use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity, Span};
use crate::model::Agenda;
use crate::model::front_matter::known_key_like;
use crate::series::SeriesView;

/// Checks that one person has one meeting series: an agenda whose `with` is another
/// spelling of a name used under the same notes root — a first name alone
/// (`Dana` / `Dana Whitfield`), initials (`DW`), a typo or accents (`Jose` / `José`) —
/// starts a series of its own, and the series rules judge each half apart. The
/// finding goes on the less established spelling (fewer meetings; on a tie, the
/// shorter), with a did-you-mean. Names listed under the config's `people` are
/// never reported: list aliases there, or list two people with similar names.
///
/// Why: career cadence and open action items follow a series; split in two, both
/// halves miss what the other holds.
///
/// ```yaml
/// with: Dana            # fires when other agendas have `with: Dana Whitfield`
/// ```
///
/// The fix writes the other spelling (unsafe: it changes what the user wrote).
pub struct SeriesName {
    /// Every spelling the config's `people` lists, lowercased.
    declared: Vec<String>,
}

impl RuleDef for SeriesName {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "series-name",
        summary: "The person an agenda is `with` looks like another spelling of a name in other agendas",
        default_severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
        doc: include_str!("../../rules/series-name.md"),
        options: &[],
    };

    fn build(_: &LevelOnly, context: &BuildContext<'_>) -> Self {
        let declared = context
            .people
            .iter()
            .flat_map(|(name, aliases)| std::iter::once(name).chain(aliases))
            .map(|n| n.trim().to_lowercase())
            .collect();
        Self { declared }
    }
}

impl Rule for SeriesName {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, _: &Agenda<'_>, _: &mut Vec<Diagnostic>) {}

    fn uses_series(&self) -> bool {
        true
    }

    fn runs_on_date_clash(&self) -> bool {
        true
    }

    fn check_series(&self, agenda: &Agenda<'_>, series: &SeriesView<'_>, out: &mut Vec<Diagnostic>) {
        let Some(with) = series.this.with.as_deref() else {
            return;
        };
        let declared = |name: &str| self.declared.contains(&name.trim().to_lowercase());
        if declared(with) {
            return;
        }
        let similar: Vec<(&str, u32)> = series
            .others
            .iter()
            .copied()
            .filter(|(name, _)| !declared(name) && same_person(with, name))
            .collect();
        let standing = |name: &str, count: usize| (count, words(name).len(), name.chars().count());
        let Some(&(best, best_count)) = similar
            .iter()
            .max_by_key(|(name, count)| standing(name, *count as usize))
        else {
            return;
        };
        if standing(with, series.meetings) >= standing(best, best_count as usize) {
            return;
        }
        let span = with_value(agenda).unwrap_or_else(|| agenda.anchor());
        let candidates: Vec<String> = similar.iter().map(|(n, _)| format!("`{n}`")).collect();
        let message = format!(
            "`{with}` looks like another spelling of {}: this agenda starts a meeting series of its own",
            candidates.join(" or ")
        );
        let help = if similar.len() == 1 {
            format!(
                "Write `with: {best}`, as {best_count} other {} do; or list the spellings under `people:` in .agendalint.yaml (`people: {{{best}: [{with}]}}`), or both names if they are two people",
                if best_count == 1 { "agenda" } else { "agendas" }
            )
        } else {
            format!(
                "Write the full name in `with`, or list the spellings under `people:` in .agendalint.yaml (`people: {{{best}: [{with}]}}`)"
            )
        };
        let finding = super::diagnostic::<Self>(span, message, help);
        let fix = (similar.len() == 1 && span != agenda.anchor()).then(|| {
            Fix::unsafe_edits(vec![Edit::replacement(
                span,
                crate::scaffold::yaml_scalar(best),
            )])
        });
        out.push(finding.with_optional_fix(fix));
    }
}

/// The `with` value in the front matter (a near-miss spelling of the key counts).
fn with_value(agenda: &Agenda<'_>) -> Option<Span> {
    let fm = agenda.front_matter()?;
    let key = fm
        .keys
        .iter()
        .find(|k| k.name == "with")
        .or_else(|| fm.keys.iter().find(|k| known_key_like(&k.name) == Some("with")))?;
    (!key.value.is_empty()).then_some(key.value)
}

/// A name's words: lowercase, accents dropped, punctuation gone.
fn words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.chars()
                .map(crate::scaffold::fold_accent)
                .flat_map(char::to_lowercase)
                .collect()
        })
        .collect()
}

/// Whether two names look like one person: the same words (accents, case and
/// punctuation aside), one the first words of the other (`Dana` / `Dana Whitfield`),
/// initials (`DW` / `Dana Whitfield`), or a typo (`Whitfeld` / `Whitfield`).
fn same_person(a: &str, b: &str) -> bool {
    let (a, b) = (words(a), words(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    if short.as_slice() == &long[..short.len()] {
        return true;
    }
    let initials: String = long.iter().filter_map(|w| w.chars().next()).collect();
    if short.len() == 1 && long.len() >= 2 && short[0] == initials {
        return true;
    }
    // A name with a word cut to its initial: `Priya N.` / `Priya Natarajan`.
    let initial_of = |x: &String, y: &String| x.chars().count() == 1 && y.starts_with(x.as_str());
    if a.len() == b.len()
        && a.len() >= 2
        && a.iter().zip(&b).all(|(x, y)| x == y || initial_of(x, y) || initial_of(y, x))
        && a.first() == b.first()
    {
        return true;
    }
    let (a, b) = (a.join(" "), b.join(" "));
    let (a_chars, b_chars) = (a.chars().count(), b.chars().count());
    let length = a_chars.min(b_chars);
    let allowed = match length {
        0..4 => return false,
        4..8 => 1,
        _ => 2,
    };
    // Each insertion or deletion changes the length by one: names further apart in
    // length are further apart than the typos allowed (and most are).
    if a_chars.abs_diff(b_chars) > allowed {
        return false;
    }
    crate::suggest::edit_distance(&a, &b) <= allowed
}

#[cfg(test)]
mod tests {
    use super::same_person;

    #[test]
    fn spellings_of_one_person() {
        for (a, b) in [
            ("Dana", "Dana Whitfield"),
            ("Marco Rossi", "marco"),
            ("DW", "Dana Whitfield"),
            ("José García", "Jose Garcia"),
            ("Dana Whitfeld", "Dana Whitfield"),
            ("Dana  Whitfield", "Dana Whitfield"),
            ("Priya N.", "Priya Natarajan"),
        ] {
            assert!(same_person(a, b), "{a} / {b}");
        }
        for (a, b) in [
            ("Dana", "Dan"),
            ("Alex", "Alexandra"),
            ("Alex Kim", "Alex Chen"),
            ("Sam", "Pat"),
            ("Dana Whitfield", "Priya Natarajan"),
            ("Marco Rossi", "Rossi"),
        ] {
            assert!(!same_person(a, b), "{a} / {b}");
        }
    }
}
