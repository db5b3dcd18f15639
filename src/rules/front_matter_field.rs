//! `front-matter-field`: a required front matter field is missing or unusable, or a key
//! is one typo away from a known one.

use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity, Span};
use crate::model::front_matter::{KNOWN_KEYS, known_key_like};
use crate::model::{Agenda, Field, FrontMatter, KeyEntry};

/// Checks `date` (a real `YYYY-MM-DD` day), `with` (a name) and `duration` (positive
/// minutes), and flags keys that look like misspellings of those.
///
/// Why: the series rules group agendas by `with` and order them by `date`; a typo'd key
/// silently drops the field.
///
/// ```yaml
/// ---
/// date: 2026-02-30     # fires: no such day
/// wiht: Alex Kim       # fires: `with` is missing, `wiht` looks like it
/// ---
/// ```
///
/// The fix renames a typo'd key (unsafe: it changes what the user wrote).
pub struct FrontMatterField;

impl RuleDef for FrontMatterField {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "front-matter-field",
        summary: "A required front matter field is missing or ill-typed, or a key is misspelled",
        default_severity: Severity::Error,
        fix: FixAvailability::Sometimes,
        doc: include_str!("../../rules/front-matter-field.md"),
        options: &[],
    };

    fn build(_: &LevelOnly, _: &BuildContext<'_>) -> Self {
        Self
    }
}

struct Required {
    key: &'static str,
    example: &'static str,
    why: &'static str,
}

const DATE: Required = Required {
    key: "date",
    example: "date: 2026-11-23",
    why: "the meeting date orders the series",
};
const WITH: Required = Required {
    key: "with",
    example: "with: Alex Kim",
    why: "who the 1:1 is with names the series",
};

impl Rule for FrontMatterField {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
        let Some(fm) = agenda.front_matter() else {
            return;
        };
        if fm.mapping.is_none() {
            return;
        }
        let typos: Vec<(&KeyEntry, &'static str)> = fm
            .keys
            .iter()
            .filter_map(|key| typo_of(fm, key).map(|known| (key, known)))
            .collect();
        let mut reported_typos = Vec::new();
        for (required, field_state) in [
            (&DATE, field_problem(&fm.date)),
            (&WITH, field_problem(&fm.with)),
        ] {
            match field_state {
                FieldState::Fine => {}
                FieldState::Absent => {
                    if let Some(&(key, known)) =
                        typos.iter().find(|(_, known)| *known == required.key)
                    {
                        reported_typos.push(key.span);
                        out.push(rename(
                            agenda,
                            key,
                            known,
                            Severity::Error,
                            format!(
                                "Front matter has no `{known}`; `{}` looks like a misspelling of it",
                                key.name
                            ),
                        ));
                    } else {
                        out.push(super::diagnostic::<Self>(
                            fm.open,
                            format!("Front matter has no `{}`", required.key),
                            format!("Add `{}`: {}", required.example, required.why),
                        ));
                    }
                }
                FieldState::Invalid(why) => out.push(super::diagnostic::<Self>(
                    value_span(fm, required.key),
                    capitalize(&why),
                    format!("Write it as `{}`", required.example),
                )),
            }
        }
        if let Field::Invalid(why) = &fm.duration {
            out.push(super::diagnostic::<Self>(
                value_span(fm, "duration"),
                capitalize(why),
                "Give the planned minutes, e.g. `duration: 30` or `duration: 45 min`",
            ));
        }
        for (key, known) in typos {
            if !reported_typos.contains(&key.span) {
                out.push(rename(
                    agenda,
                    key,
                    known,
                    Severity::Info,
                    format!("`{}` looks like a misspelling of `{known}`", key.name),
                ));
            }
        }
    }
}

enum FieldState {
    Fine,
    Absent,
    Invalid(String),
}

fn field_problem<T>(field: &Field<T>) -> FieldState {
    match field {
        Field::Valid(_) => FieldState::Fine,
        Field::Absent => FieldState::Absent,
        Field::Invalid(why) => FieldState::Invalid(why.clone()),
    }
}

/// The known key that `key` is one edit away from, when that key is not present itself.
fn typo_of(fm: &FrontMatter, key: &KeyEntry) -> Option<&'static str> {
    if KNOWN_KEYS.contains(&key.name.as_str()) {
        return None;
    }
    known_key_like(&key.name).filter(|known| !fm.keys.iter().any(|k| k.name == *known))
}

fn rename(
    agenda: &Agenda<'_>,
    key: &KeyEntry,
    known: &str,
    severity: Severity,
    message: String,
) -> Diagnostic {
    let quoted = agenda.text(key.span).starts_with(['"', '\'']);
    let replacement = if quoted {
        let quote = &agenda.text(key.span)[..1];
        format!("{quote}{known}{quote}")
    } else {
        known.to_string()
    };
    Diagnostic::new(
        FrontMatterField::META.id,
        severity,
        key.span,
        message,
        format!("Rename `{}` to `{known}`", key.name),
    )
    .with_fix(Fix::unsafe_edits(vec![Edit::replacement(
        key.span,
        replacement,
    )]))
}

fn value_span(fm: &FrontMatter, key: &str) -> Span {
    fm.keys.iter().find(|k| k.name == key).map_or(fm.open, |k| {
        if k.value.is_empty() { k.span } else { k.value }
    })
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
