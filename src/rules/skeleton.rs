//! Text that fixes append: section and project skeletons written in the file's own
//! style (its line ending, list marker and heading level).
//!
//! Skeletons hold `<...>` prompts, so the edits that add them are `unsafe`.

use crate::diagnostic::{Edit, Span};
use crate::model::{Agenda, SectionKind};

/// Lines of Markdown to insert, joined with the file's line ending by [`insert_lines`].
pub type Lines = Vec<String>;

/// A section skeleton: a heading for `kind` and one list item per prompt.
pub fn section(agenda: &Agenda<'_>, kind: SectionKind, prompts: &[&str]) -> Lines {
    let hashes = "#".repeat(usize::from(agenda.section_level()));
    let marker = agenda.list_marker();
    let mut lines = vec![
        format!("{hashes} {}", kind.default_heading()),
        String::new(),
    ];
    lines.extend(prompts.iter().map(|p| format!("{marker} {p}")));
    lines
}

/// The prompts of a project skeleton.
pub const PROJECT_PROMPTS: [&str; 3] = [
    "Decision: <what you chose, over which alternative, and why>",
    "Lesson learned: <what you would do differently next time>",
    "Outcome: <a measured result, e.g. p99 from 800 ms to 200 ms>",
];

/// A project written as a sub-heading at `level` with its prompts as items.
pub fn project_heading(agenda: &Agenda<'_>, level: u8) -> Lines {
    let hashes = "#".repeat(usize::from(level.clamp(1, 6)));
    let marker = agenda.list_marker();
    let mut lines = vec![format!("{hashes} <Project name>"), String::new()];
    lines.extend(PROJECT_PROMPTS.iter().map(|p| format!("{marker} {p}")));
    lines
}

/// A project written as a top-level item with its prompts nested under it.
pub fn project_item(agenda: &Agenda<'_>) -> Lines {
    let marker = agenda.list_marker();
    let mut lines = vec![format!("{marker} <Project name>")];
    lines.extend(PROJECT_PROMPTS.iter().map(|p| format!("  {marker} {p}")));
    lines
}

/// An edit inserting `lines` at byte `at`, which must be the start of a line or the end
/// of the file. With `separate`, a blank line sets them apart from the text before and
/// after (a new block); without, they continue what comes before (more list items).
///
/// `None` when `at` is the end of a file that ends inside an unclosed code fence, HTML
/// block or comment: text appended there would not become Markdown, so the fix would
/// change nothing a reader sees.
pub fn insert_lines(
    agenda: &Agenda<'_>,
    at: usize,
    lines: &[String],
    separate: bool,
) -> Option<Edit> {
    let eol = agenda.line_ending();
    if at >= agenda.source.len() && ends_open(agenda.source.get(agenda.body_start..).unwrap_or(""))
    {
        return None;
    }
    let source = agenda.source;
    let at = at.min(source.len());
    let before = &source[agenda.body_start.min(at)..at];
    let mut text = String::new();
    if !before.is_empty() && !before.ends_with('\n') {
        text.push_str(eol);
    }
    let before_trimmed = before.trim_end_matches([' ', '\t']);
    let blank_before = before.is_empty()
        || before_trimmed.ends_with("\n\n")
        || before_trimmed.ends_with("\n\r\n")
        || before_trimmed.trim().is_empty();
    if separate && !blank_before {
        text.push_str(eol);
    }
    for line in lines {
        text.push_str(line);
        text.push_str(eol);
    }
    let blank_after = source[at..].starts_with('\n') || source[at..].starts_with("\r\n");
    if separate && at < source.len() && !blank_after {
        text.push_str(eol);
    }
    Some(Edit::insertion(at, text))
}

/// Whether Markdown ends inside an unclosed code fence, HTML comment or raw-text HTML
/// block (`<script>`, `<pre>`, `<style>`, `<textarea>`), found line by line.
pub fn ends_open(body: &str) -> bool {
    let mut fence: Option<(char, usize)> = None;
    for line in body.lines() {
        let trimmed = line.trim_start();
        let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        if let Some(c) = marker {
            let run = trimmed.chars().take_while(|x| *x == c).count();
            // A backtick fence's info string holds no backtick (that is inline code).
            let info_ok = c == '~' || !trimmed[run..].contains('`');
            if run >= 3 && (info_ok || fence.is_some()) {
                match fence {
                    None => fence = Some((c, run)),
                    Some((open, len))
                        if open == c
                            && run >= len
                            && trimmed[run * c.len_utf8()..].trim().is_empty() =>
                    {
                        fence = None;
                    }
                    Some(_) => {}
                }
            }
        }
    }
    if fence.is_some() {
        return true;
    }
    let lower = body.to_ascii_lowercase();
    let unclosed = |open: &str, close: &str| {
        lower
            .rfind(open)
            .is_some_and(|o| lower[o..].find(close).is_none())
    };
    unclosed("<!--", "-->")
        || ["script", "pre", "style", "textarea"]
            .iter()
            .any(|tag| unclosed(&format!("<{tag}"), &format!("</{tag}>")))
}

/// An edit adding `prompt` as an item to the first section of `kind`, or, when there is
/// none, a new section of that kind at the end of the file; and where a finding about
/// it should point (the section's heading, or the agenda's anchor).
pub fn add_prompt(agenda: &Agenda<'_>, kind: SectionKind, prompt: &str) -> (Span, Option<Edit>) {
    if let Some((index, section)) = agenda.sections_of(kind).next() {
        let at = section_append_point(agenda, section.end);
        let line = format!("{} {prompt}", agenda.list_marker());
        // Below existing items the prompt continues their list; in an empty section it
        // starts one.
        let has_items = agenda.items.iter().any(|i| i.section == Some(index));
        (
            section.heading,
            insert_lines(agenda, at, &[line], !has_items),
        )
    } else {
        let lines = self::section(agenda, kind, &[prompt]);
        (
            agenda.anchor(),
            insert_lines(agenda, agenda.source.len(), &lines, true),
        )
    }
}

/// Where to append to a section: the start of the line after its last non-blank line.
pub fn section_append_point(agenda: &Agenda<'_>, section_end: usize) -> usize {
    let source = agenda.source;
    let end = section_end.min(source.len());
    let content = source[..end].trim_end();
    if content.len() < agenda.body_start {
        return end;
    }
    match source[content.len()..end].find('\n') {
        Some(nl) => content.len() + nl + 1,
        None => end,
    }
}

#[cfg(test)]
mod tests {
    use super::ends_open;

    #[test]
    fn open_blocks_at_the_end_are_found() {
        for body in [
            "```\ncode",
            "## A\n~~~~\nx\n~~~",
            "<!-- note",
            "<script>\nx",
            "- a\n  ```\n  b",
        ] {
            assert!(ends_open(body), "{body:?}");
        }
        for body in [
            "```\ncode\n```\n",
            "<!-- a -->\n",
            "<pre>x</pre>",
            "plain",
            "``` not a fence? no, ```",
        ] {
            assert!(!ends_open(body), "{body:?}");
        }
    }
}
