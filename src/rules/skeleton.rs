//! Text that fixes append: section and project skeletons written in the file's own
//! style (its line ending, list marker and heading level).
//!
//! Skeletons hold `<...>` prompts, so the edits that add them are `unsafe`.

use pulldown_cmark::{Event, Parser, Tag};

use crate::diagnostic::{Edit, Span};
use crate::model::{Agenda, SectionKind, markdown_options};

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

/// The title of a project skeleton. Not `<Project name>`: that is an HTML tag, and on a
/// line of its own an HTML block that swallows the prompts below it.
pub const PROJECT_NAME_PROMPT: &str = "<Project name, e.g. checkout retries>";

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
    let mut lines = vec![format!("{hashes} {PROJECT_NAME_PROMPT}"), String::new()];
    lines.extend(PROJECT_PROMPTS.iter().map(|p| format!("{marker} {p}")));
    lines
}

/// A project written as a top-level item with its prompts nested under it.
pub fn project_item(agenda: &Agenda<'_>) -> Lines {
    let marker = agenda.list_marker();
    let mut lines = vec![format!("{marker} {PROJECT_NAME_PROMPT}")];
    lines.extend(PROJECT_PROMPTS.iter().map(|p| format!("  {marker} {p}")));
    lines
}

/// An edit inserting `lines` at byte `at`, which must be the start of a line or the end
/// of the file. With `separate`, a blank line sets them apart from the text before and
/// after (a new block); without, they continue what comes before (more list items).
///
/// `None` when the lines would not become the Markdown they are written as (see
/// [`lands_as_written`]): a fix that changes nothing a reader sees is no fix.
pub fn insert_lines(
    agenda: &Agenda<'_>,
    at: usize,
    lines: &[String],
    separate: bool,
) -> Option<Edit> {
    let eol = agenda.line_ending();
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
    lands_as_written(agenda, at, &text).then(|| Edit::insertion(at, text))
}

/// Whether `text` inserted at byte `at` of the agenda becomes what it is written as:
/// each heading line a heading, each list line a list item. It does not when the file
/// around it swallows it: an unclosed code fence or HTML block, a comment, a processing
/// instruction, an indented code block. The text is parsed in place, which no
/// line-by-line guess can match for every such case; the parse starts at the last
/// top-level block before `at` (no container is open there, so the parser sees what it
/// would see from the start of the file) and stops at the end of the inserted text.
pub fn lands_as_written(agenda: &Agenda<'_>, at: usize, text: &str) -> bool {
    let source = agenda.source;
    let starts = &agenda.top_level_starts;
    let restart = starts
        .partition_point(|&start| start < at)
        .checked_sub(1)
        .map_or(agenda.body_start, |i| starts[i])
        .min(at);
    let Some(before) = source.get(restart..at) else {
        return false;
    };
    let mut body = String::with_capacity(before.len() + text.len());
    body.push_str(before);
    body.push_str(text);

    let mut expected = Vec::new();
    let mut offset = before.len();
    for line in text.split_inclusive('\n') {
        let content = line.trim_start_matches([' ', '\t']);
        let start = offset + (line.len() - content.len());
        if content.starts_with('#') {
            expected.push((start, true));
        } else if starts_list_item(content) {
            expected.push((start, false));
        }
        offset += line.len();
    }
    let inserted = before.len()..before.len() + text.len();
    let found: Vec<(usize, bool)> = Parser::new_ext(&body, markdown_options())
        .into_offset_iter()
        .filter(|(_, range)| inserted.contains(&range.start))
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Heading { .. }) => Some((range.start, true)),
            Event::Start(Tag::Item) => Some((range.start, false)),
            _ => None,
        })
        .collect();
    expected.iter().all(|e| found.contains(e))
}

/// Whether a line (indentation removed) starts with a bullet list marker.
fn starts_list_item(content: &str) -> bool {
    let mut chars = content.chars();
    matches!(chars.next(), Some('-' | '*' | '+')) && matches!(chars.next(), Some(' ' | '\t'))
}

/// An edit adding `prompt` as an item to the first section of `kind`, or, when there is
/// none, a new section of that kind at the end of the file; and where a finding about
/// it should point (the section's heading, or the agenda's anchor).
pub fn add_prompt(agenda: &Agenda<'_>, kind: SectionKind, prompt: &str) -> (Span, Option<Edit>) {
    if let Some((index, section)) = agenda.sections_of(kind).next() {
        let (at, has_items) = items_append_point(agenda, index);
        let line = format!("{} {prompt}", agenda.list_marker());
        // Below existing items the prompt continues their list; in an empty section it
        // starts one.
        (
            section.heading,
            insert_lines(agenda, at, &[line], !has_items),
        )
    } else {
        let lines = self::section(agenda, kind, &[prompt]);
        (agenda.anchor(), insert_section(agenda, &lines))
    }
}

/// An edit adding a new section (`lines`, a heading first) where the file's sections
/// end: before its action items, which stay last, or else at the end of the file.
/// `None` when the section would not land as written there.
pub fn insert_section(agenda: &Agenda<'_>, lines: &[String]) -> Option<Edit> {
    insert_lines(agenda, new_section_point(agenda), lines, true)
}

/// Where a new section goes: at the heading of the last action-items section (or of its
/// ancestor at the level new sections are written at, so that the new heading does not
/// split the section that holds it), when no section of another kind follows it; else
/// the end of the file. The action items are what the meeting ends with, and what the
/// next meeting carries over; a "Follow-ups" section at the top, reviewing the last
/// meeting's items, is no place for new sections.
fn new_section_point(agenda: &Agenda<'_>) -> usize {
    let level = agenda.section_level();
    let Some((mut index, _)) = agenda.sections_of(SectionKind::Actions).last() else {
        return agenda.source.len();
    };
    while let Some(parent) = agenda.sections[index].parent {
        if agenda.sections[parent].level < level {
            break;
        }
        index = parent;
    }
    let end = agenda.sections[index].end;
    let other_follows = agenda.sections.iter().any(|s| {
        s.heading.start >= end && !matches!(s.own_kind, SectionKind::Other | SectionKind::Actions)
    });
    if other_follows {
        agenda.source.len()
    } else {
        agenda.sections[index].heading.start
    }
}

/// Where sub-headings appended to section `index` go: after the last non-blank line of
/// its subtree. A heading one level below the section's is its child wherever it lands.
pub fn headings_append_point(agenda: &Agenda<'_>, index: usize) -> usize {
    after_last_line(agenda, agenda.sections[index].end)
}

/// Where list items appended to section `index` still count as its own: after the last
/// non-blank line of the last part of its subtree that has its kind (the section itself,
/// or its last sub-heading that inherits the kind), so neither in a sub-section of another
/// kind nor, when its sub-headings are its entries, between the heading and them. Also
/// whether that part already holds list items (new ones then continue their list).
pub fn items_append_point(agenda: &Agenda<'_>, index: usize) -> (usize, bool) {
    let section = &agenda.sections[index];
    let part = (index + 1..agenda.sections.len())
        .take_while(|&s| agenda.sections[s].heading.start < section.end)
        .filter(|&s| agenda.sections[s].kind == section.kind)
        .last()
        .unwrap_or(index);
    let at = after_last_line(agenda, agenda.sections[part].content_end);
    let has_items = agenda.items.iter().any(|i| i.section == Some(part));
    (at, has_items)
}

/// The start of the line after the last non-blank line before `end`.
fn after_last_line(agenda: &Agenda<'_>, end: usize) -> usize {
    let source = agenda.source;
    let end = end.min(source.len());
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
    use super::*;
    use crate::model::SectionVocabulary;

    fn added(text: &str, kind: SectionKind) -> Option<String> {
        let agenda = Agenda::parse("a.md", text, SectionVocabulary::builtin());
        let (_, edit) = add_prompt(&agenda, kind, "<prompt>");
        edit.map(|e| {
            let mut fixed = text.to_string();
            fixed.replace_range(e.span.start..e.span.end, &e.replacement);
            fixed
        })
    }

    #[test]
    fn nothing_is_appended_where_the_file_would_swallow_it() {
        for body in [
            "```\ncode",
            "## A\n~~~~\nx\n~~~",
            "<!-- note",
            "<script>\nx",
            "```\n```\u{b}\n",
            "```\n    ```\n",
            "<?\n",
            "## Initiatives\n```\n\n",
        ] {
            assert_eq!(added(body, SectionKind::Initiatives), None, "{body:?}");
        }
    }

    #[test]
    fn prompts_are_appended_after_closed_blocks() {
        // A fence inside a list item ends with the item, which a heading ends.
        for body in [
            "```\ncode\n```\n",
            "<!-- a -->\n",
            "<pre>x</pre>",
            "plain",
            "- a\n  ```\n  b",
        ] {
            let fixed = added(body, SectionKind::Initiatives).expect("an edit");
            assert!(fixed.ends_with("- <prompt>\n"), "{fixed:?}");
        }
    }

    #[test]
    fn new_sections_go_before_the_action_items() {
        let fixed = added(
            "# 1:1\n## Projects\n- A\n\n## Action items\n- [ ] B\n",
            SectionKind::Skills,
        );
        assert_eq!(
            fixed.as_deref(),
            Some(
                "# 1:1\n## Projects\n- A\n\n## Skills\n\n- <prompt>\n\n## Action items\n- [ ] B\n"
            )
        );
        let fixed = added(
            "## Projects\n- A\n## Notes\n### Action items\n- [ ] B\n",
            SectionKind::Skills,
        );
        assert_eq!(
            fixed.as_deref(),
            Some(
                "## Projects\n- A\n\n## Skills\n\n- <prompt>\n\n## Notes\n### Action items\n- [ ] B\n"
            ),
            "not between a heading and the action items it holds"
        );
        let fixed = added(
            "## Follow-ups\n- [x] B\n## Projects\n- A\n",
            SectionKind::Skills,
        );
        assert_eq!(
            fixed.as_deref(),
            Some("## Follow-ups\n- [x] B\n## Projects\n- A\n\n## Skills\n\n- <prompt>\n"),
            "follow-ups at the top: at the end"
        );
        let fixed = added("## Projects\n- A\n", SectionKind::Skills);
        assert_eq!(
            fixed.as_deref(),
            Some("## Projects\n- A\n\n## Skills\n\n- <prompt>\n"),
            "no action items: at the end"
        );
    }

    #[test]
    fn items_go_to_the_last_part_of_the_section_kind() {
        let fixed = added(
            "# Skills\n## Projects\n## 1:1 with Alex\n",
            SectionKind::Skills,
        );
        assert_eq!(
            fixed.as_deref(),
            Some("# Skills\n## Projects\n## 1:1 with Alex\n\n- <prompt>\n"),
            "an unnamed sub-heading of Skills is one of its entries"
        );
    }

    #[test]
    fn items_go_before_a_sub_section_of_another_kind() {
        let fixed = added(
            "# Initiatives\n## Projects\n- A\n",
            SectionKind::Initiatives,
        );
        assert_eq!(
            fixed.as_deref(),
            Some("# Initiatives\n\n- <prompt>\n\n## Projects\n- A\n")
        );
        let fixed = added("# Skills\n- Kafka\n### More\n- B\n", SectionKind::Skills);
        assert_eq!(
            fixed.as_deref(),
            Some("# Skills\n- Kafka\n### More\n- B\n- <prompt>\n"),
            "an unnamed sub-heading counts as its parent's kind"
        );
    }
}
