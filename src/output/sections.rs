//! `agendalint sections`: how each heading of an agenda is read.

use std::io::{self, Write};

use crate::model::{Agenda, SectionKind};

/// Writes one agenda's headings: line, the heading as written (indented by level), and
/// the section kind it counts as — named by its own words, inherited from the heading
/// above it, or none.
pub fn write_sections(agenda: &Agenda<'_>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", agenda.path)?;
    if agenda.sections.is_empty() {
        return writeln!(out, "  no headings");
    }
    let rows: Vec<(usize, String, String)> = agenda
        .sections
        .iter()
        .map(|section| {
            let line = agenda.lines().line_of(section.heading.start) + 1;
            let indent = "  ".repeat(usize::from(section.level.saturating_sub(1)));
            let heading = format!(
                "{indent}{} {}",
                "#".repeat(usize::from(section.level)),
                section.title
            );
            let kind = match (section.own_kind, section.kind) {
                (SectionKind::Other, SectionKind::Other) => "other (no section kind)".to_string(),
                (SectionKind::Other, inherited) => {
                    let parent = section
                        .parent
                        .map(|p| agenda.sections[p].title.as_str())
                        .unwrap_or_default();
                    format!("{inherited} (under \"{parent}\")")
                }
                (own, _) => own.to_string(),
            };
            (line, heading, kind)
        })
        .collect();
    let line_width = rows
        .iter()
        .map(|r| r.0.to_string().len())
        .max()
        .unwrap_or(1);
    let heading_width = rows
        .iter()
        .map(|r| r.1.chars().count())
        .max()
        .unwrap_or(0)
        .min(60);
    for (line, heading, kind) in rows {
        let pad = heading_width.saturating_sub(heading.chars().count());
        writeln!(
            out,
            "  {line:>line_width$}  {heading}{}  {kind}",
            " ".repeat(pad)
        )?;
    }
    Ok(())
}
