//! Meeting series: every agenda with the same person (`with`, case-insensitive) under a
//! notes root, ordered by `date`.
//!
//! A series is built from small per-file summaries made by a light pass over each file
//! — front matter keys, headings and list items found line by line, no Markdown parser,
//! no YAML parser — so it stays cheap for thousands of files. The series rules
//! (`career-cadence`, `open-action-items`) read a [`SeriesView`]: the summary of the
//! meeting being checked and those of the meetings before it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::model::front_matter::{self, FrontMatterState};
use crate::model::{IsoDate, SectionKind, SectionVocabulary};

/// What the series rules need to know of one agenda.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// The file.
    pub path: PathBuf,
    /// The meeting date, when it is a real date.
    pub date: Option<IsoDate>,
    /// Who the meeting is with, as written (trimmed).
    pub with: Option<String>,
    /// Whether career came up: a career section with content, or an item about career.
    pub career: bool,
    /// Whether a career section holds a `<...>` prompt (career is being prepared).
    pub career_prompt: bool,
    /// Task-list items, in order.
    pub tasks: Vec<Task>,
    /// Every list item's normalised words (to find carried-over items).
    pub items: Vec<Vec<String>>,
}

/// A task-list item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    /// Its text, without the marker and checkbox.
    pub text: String,
    /// `- [x]`.
    pub checked: bool,
}

impl Summary {
    /// The series key: `with`, trimmed and lowercased.
    pub fn series_key(&self) -> Option<String> {
        self.with.as_ref().map(|w| w.trim().to_lowercase())
    }

    /// Whether an item of this agenda matches `text` (normalised, small edits allowed),
    /// and if so whether it is a checked task.
    pub fn find_item(&self, text: &str) -> Option<bool> {
        let wanted = normalise(text);
        if self
            .tasks
            .iter()
            .any(|t| t.checked && similar(&normalise(&t.text), &wanted))
        {
            return Some(true);
        }
        self.items
            .iter()
            .any(|words| similar(words, &wanted))
            .then_some(false)
    }
}

/// Reads the summary of one agenda from its text, line by line.
pub fn summarize(path: &Path, text: &str, vocabulary: &SectionVocabulary) -> Summary {
    let split = front_matter::split(text);
    let mut summary = Summary {
        path: path.to_path_buf(),
        ..Summary::default()
    };
    if let FrontMatterState::Present(fm) = &split.state {
        for key in &fm.keys {
            let value = unquote(text.get(key.value.start..key.value.end).unwrap_or(""));
            match key.name.as_str() {
                "date" => summary.date = IsoDate::parse(value),
                "with" if !value.is_empty() && !front_matter::is_placeholder(value) => {
                    summary.with = Some(value.to_string());
                }
                _ => {}
            }
        }
    }
    let body = text.get(split.body_start..).unwrap_or("");
    let mut kind = SectionKind::Other;
    let mut kinds: Vec<(usize, SectionKind)> = Vec::new();
    let mut fence: Option<&str> = None;
    for line in body.lines() {
        let trimmed = line.trim_start();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            continue;
        }
        if let Some((level, title)) = heading(trimmed) {
            let own = vocabulary.classify(title);
            while kinds.last().is_some_and(|&(l, _)| l >= level) {
                kinds.pop();
            }
            let inherited = kinds.last().map_or(SectionKind::Other, |&(_, k)| k);
            kind = if own == SectionKind::Other {
                inherited
            } else {
                own
            };
            kinds.push((level, kind));
            if own == SectionKind::Other && mentions_career(title) {
                summary.career = true;
            }
            continue;
        }
        if let Some(item) = list_item(trimmed) {
            let (task, rest) = task_box(item);
            if let Some(checked) = task {
                summary.tasks.push(Task {
                    text: rest.trim().to_string(),
                    checked,
                });
            }
            summary.items.push(normalise(rest));
            if mentions_career(rest) && !front_matter::is_placeholder(rest) {
                summary.career = true;
            }
        }
        if kind == SectionKind::Career && !trimmed.is_empty() && !trimmed.starts_with("<!--") {
            if is_prompt_line(trimmed) {
                summary.career_prompt = true;
            } else {
                summary.career = true;
            }
        }
    }
    summary
}

fn unquote(value: &str) -> &str {
    let value = value.trim();
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            return inner.trim();
        }
    }
    value
}

/// `## Projects (15 min)` → (2, "Projects (15 min)").
fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &line[level..];
    (rest.is_empty() || rest.starts_with([' ', '\t']))
        .then(|| (level, rest.trim().trim_end_matches('#').trim()))
}

/// The text of a list item line (`- x`, `* x`, `+ x`, `1. x`, `1) x`).
fn list_item(line: &str) -> Option<&str> {
    if let Some(rest) = line.strip_prefix(['-', '*', '+']) {
        return rest.strip_prefix([' ', '\t']);
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 {
        return None;
    }
    line[digits..]
        .strip_prefix(['.', ')'])?
        .strip_prefix([' ', '\t'])
}

/// `[ ] text` → (Some(false), "text"); `[x] text` → (Some(true), "text").
fn task_box(item: &str) -> (Option<bool>, &str) {
    let item = item.trim_start();
    for (box_text, checked) in [("[ ]", false), ("[x]", true), ("[X]", true)] {
        if let Some(rest) = item.strip_prefix(box_text) {
            if rest.is_empty() || rest.starts_with([' ', '\t']) {
                return (Some(checked), rest);
            }
        }
    }
    (None, item)
}

fn is_prompt_line(line: &str) -> bool {
    let text = list_item(line).unwrap_or(line).trim();
    text.starts_with('<') && text.ends_with('>')
}

fn mentions_career(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| w.eq_ignore_ascii_case("career"))
}

/// Lowercase words without Markdown, punctuation or filler words.
pub fn normalise(text: &str) -> Vec<String> {
    const FILLER: &[&str] = &[
        "the", "a", "an", "to", "for", "of", "and", "by", "on", "in", "with", "w", "my", "our",
    ];
    let mut words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !FILLER.contains(&w.as_str()))
        .collect();
    words.dedup();
    words
}

/// Whether two normalised items are the same item with small edits: most words shared.
pub fn similar(a: &[String], b: &[String]) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let shared = a.iter().filter(|w| b.contains(w)).count();
    let union = a.len() + b.len() - shared;
    // Jaccard similarity of at least 0.6, or one is the other plus a few words.
    shared * 5 >= union * 3 || (shared >= 3 && shared == a.len().min(b.len()))
}

/// The meetings under one notes root, grouped into series.
#[derive(Debug, Default)]
pub struct SeriesIndex {
    /// Per (root, series key): summaries sorted by date (then path).
    series: HashMap<(PathBuf, String), Vec<Summary>>,
}

/// What the series rules see of one meeting.
#[derive(Debug)]
pub struct SeriesView<'a> {
    /// This meeting, as its current text says.
    pub this: &'a Summary,
    /// The earlier meetings of the series, oldest first.
    pub previous: Vec<&'a Summary>,
    /// Other agendas of the series dated the same day, when there are any: the
    /// meeting is then left out of the series rules.
    pub same_day: Vec<&'a Summary>,
}

impl SeriesIndex {
    /// Groups summaries of the files under `root`.
    pub fn add(&mut self, root: &Path, summary: Summary) {
        let Some(key) = summary.series_key() else {
            return;
        };
        if summary.date.is_none() {
            return;
        }
        self.series
            .entry((root.to_path_buf(), key))
            .or_default()
            .push(summary);
    }

    /// Sorts every series by date, then path.
    pub fn finish(&mut self) {
        for meetings in self.series.values_mut() {
            meetings.sort_by(|a, b| (a.date, &a.path).cmp(&(b.date, &b.path)));
        }
    }

    /// The view of a meeting whose current summary is `this`, at `path` under `root`.
    pub fn view<'a>(&'a self, root: &Path, this: &'a Summary) -> Option<SeriesView<'a>> {
        let key = this.series_key()?;
        let date = this.date?;
        let meetings = self
            .series
            .get(&(root.to_path_buf(), key))
            .map_or(&[][..], Vec::as_slice);
        let others = meetings.iter().filter(|m| !same_file(&m.path, &this.path));
        let mut previous = Vec::new();
        let mut same_day = Vec::new();
        for meeting in others {
            match meeting.date {
                Some(d) if d < date => previous.push(meeting),
                Some(d) if d == date => same_day.push(meeting),
                _ => {}
            }
        }
        Some(SeriesView {
            this,
            previous,
            same_day,
        })
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b || std::path::absolute(a).ok() == std::path::absolute(b).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(text: &str) -> Summary {
        summarize(Path::new("x.md"), text, SectionVocabulary::builtin())
    }

    #[test]
    fn light_pass_reads_keys_tasks_and_career() {
        let s = summary(
            "---\ndate: '2026-11-23'\nwith: \"Alex Kim\"\n---\n## Career\n- lead the Q1 migration\n## Action items\n- [ ] Send the RFC by Friday\n- [x] Book the room\n```\n- [ ] not a task\n```\n",
        );
        assert_eq!(s.date.map(|d| d.to_string()).as_deref(), Some("2026-11-23"));
        assert_eq!(s.series_key().as_deref(), Some("alex kim"));
        assert!(s.career);
        assert_eq!(s.tasks.len(), 2);
        assert!(!s.tasks[0].checked && s.tasks[1].checked);
    }

    #[test]
    fn career_prompts_and_empty_sections_do_not_count() {
        assert!(
            !summary("---\nwith: A\n---\n## Career\n- <where you want to be>\n## Projects\n- x\n")
                .career
        );
        assert!(!summary("---\nwith: A\n---\n## Career\n\n## Projects\n- x\n").career);
        assert!(summary("---\nwith: A\n---\n## Notes\n- career chat: staff path\n").career);
    }

    #[test]
    fn small_edits_still_match() {
        let a = normalise("Send the migration RFC to Alex by Friday");
        assert!(similar(
            &a,
            &normalise("Send migration RFC to Alex (by Friday)")
        ));
        assert!(similar(
            &a,
            &normalise("send the migration RFC to Alex by Monday")
        ));
        assert!(!similar(&a, &normalise("Book the offsite room")));
    }
}
