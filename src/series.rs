//! Meeting series: every agenda with the same person (`with`, case-insensitive) under a
//! notes root, ordered by `date`.
//!
//! A series is built from small per-file summaries made by a light pass over each file
//! — front matter keys, headings and list items found line by line, no Markdown parser,
//! no YAML parser — so it stays cheap for thousands of files. The series rules
//! (`career-cadence`, `open-action-items`) read a [`SeriesView`]: the summary of the
//! meeting being checked and those of the meetings before it.

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use crate::model::front_matter;
use crate::model::{Agenda, BlockKind, IsoDate, SectionKind, SectionVocabulary};

/// What the series rules need to know of one agenda.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// The file.
    pub path: PathBuf,
    /// The meeting date, when it is a real date.
    pub date: Option<IsoDate>,
    /// Who the meeting is with, as written (trimmed).
    pub with: Option<String>,
    /// The planned minutes (`duration`), when given as a positive number of minutes.
    pub duration: Option<u32>,
    /// Whether career came up: a career section with content, or an item about career.
    pub career: bool,
    /// Whether a career section holds a `<...>` prompt (career is being prepared).
    pub career_prompt: bool,
    /// Task-list items, in order.
    pub tasks: Vec<Task>,
}

/// What the series index keeps of one agenda: a [`Summary`] without its file and with
/// its tasks counted. Small enough to keep on disk between runs for every agenda of a
/// notes root.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Listing {
    /// The meeting date, when it is a real date.
    pub date: Option<IsoDate>,
    /// Who the meeting is with, as written (trimmed).
    pub with: Option<String>,
    /// Whether career came up.
    pub career: bool,
    /// How many task-list items are still to do.
    pub open_tasks: u32,
}

/// A task-list item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    /// Its text, without the marker and checkbox.
    pub text: String,
    /// `- [x]`.
    pub checked: bool,
}

impl Task {
    /// Whether the task is still to do (unchecked, with text).
    pub fn is_open(&self) -> bool {
        !self.checked && !self.text.is_empty()
    }
}

/// The key of the series of the meetings `with` someone: the name trimmed and
/// lowercased (`Alex` and `alex` are one series).
pub fn series_key(with: &str) -> String {
    with.trim().to_lowercase()
}

impl Summary {
    /// The series key: `with`, trimmed and lowercased.
    pub fn series_key(&self) -> Option<String> {
        self.with.as_deref().map(series_key)
    }

    /// What the series index keeps of this agenda.
    pub fn listing(&self) -> Listing {
        Listing {
            date: self.date,
            with: self.with.clone(),
            career: self.career,
            open_tasks: u32::try_from(self.open_tasks().count()).unwrap_or(u32::MAX),
        }
    }

    /// The tasks still to do.
    pub fn open_tasks(&self) -> impl Iterator<Item = &Task> {
        self.tasks.iter().filter(|t| t.is_open())
    }
}

/// The list items of one agenda, normalised, to find items carried over from an
/// earlier meeting.
#[derive(Debug, Default)]
pub struct ItemMatcher {
    /// Which of `items` are checked tasks.
    checked: Vec<usize>,
    /// Normalised words of each list item.
    items: Vec<Vec<String>>,
}

impl ItemMatcher {
    /// The list items of a parsed agenda: for the agenda being checked, read as the rules
    /// read it (a line scan can disagree with the parser about
    /// where a code block inside a list ends), so that an item a fix carried over is
    /// found by the next check.
    pub fn of_agenda(agenda: &Agenda<'_>) -> Self {
        let mut matcher = ItemMatcher::default();
        for item in &agenda.items {
            let text = agenda
                .source
                .get(item.head.start..item.head.end)
                .unwrap_or("");
            if item.checked == Some(true) {
                matcher.checked.push(matcher.items.len());
            }
            matcher.items.push(normalise(text));
        }
        matcher
    }

    /// Whether an item matches `text` (normalised, small edits allowed), and if so
    /// whether it is a checked task.
    pub fn find(&self, text: &str) -> Option<bool> {
        let wanted = normalise(text);
        if self
            .checked
            .iter()
            .any(|&item| similar(&self.items[item], &wanted))
        {
            return Some(true);
        }
        self.items
            .iter()
            .any(|words| similar(words, &wanted))
            .then_some(false)
    }
}

/// The lines of an agenda's body outside code fences, with leading blanks trimmed.
fn body_lines(body: &str) -> impl Iterator<Item = &str> {
    let mut fence: Option<&str> = None;
    body.lines().filter_map(move |line| {
        let trimmed = line.trim_start();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
            return None;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            return None;
        }
        Some(trimmed)
    })
}

/// The open tasks of an agenda (task-list items outside code fences).
pub fn open_tasks(text: &str) -> Vec<Task> {
    let body = text.get(front_matter::body_start(text)..).unwrap_or("");
    body_lines(body)
        .filter_map(list_item)
        .filter_map(|item| match task_box(item) {
            (Some(false), rest) => Some(Task {
                text: rest.trim().to_string(),
                checked: false,
            }),
            _ => None,
        })
        .filter(Task::is_open)
        .collect()
}

/// What places an agenda in its series: its file, `date` and `with`, read from the
/// front matter without parsing the YAML (the rest of the summary is left empty). The
/// agenda being checked needs no more: the series rules read it from its parsed model.
pub fn identify(path: &Path, text: &str) -> Summary {
    identify_with_body(path, text).0
}

/// [`identify`], and where the body starts.
fn identify_with_body(path: &Path, text: &str) -> (Summary, usize) {
    let (keys, body_start) = front_matter::keys_and_body(text);
    let mut summary = Summary {
        path: path.to_path_buf(),
        ..Summary::default()
    };
    // A key spelled another way (`With:`, `wiht:`) still places the agenda in its
    // series, unless the key itself is there too; `front-matter-field` reports it.
    let mut near: (Option<&str>, Option<&str>) = (None, None);
    for key in &keys {
        let value = unquote(text.get(key.value.start..key.value.end).unwrap_or(""));
        let exact = matches!(key.name.as_str(), "date" | "with");
        match (front_matter::known_key_like(&key.name), exact) {
            (Some("date"), true) => summary.date = IsoDate::parse_date_or_datetime(value),
            (Some("with"), true) => summary.with = person(value),
            (Some("date"), false) => near.0 = near.0.or(Some(value)),
            (Some("with"), false) => near.1 = near.1.or(Some(value)),
            _ => {}
        }
        if key.name == "duration" {
            summary.duration = front_matter::parse_minutes(value).filter(|m| *m > 0);
        }
    }
    let has = |name: &str| keys.iter().any(|k| k.name == name);
    if let (Some(value), false) = (near.0, has("date")) {
        summary.date = IsoDate::parse_date_or_datetime(value);
    }
    if let (Some(value), false) = (near.1, has("with")) {
        summary.with = person(value);
    }
    // A private note (`private: true`) sits beside the meeting's agenda, with the lines
    // that must not be committed: it is not another meeting of the series.
    if front_matter::says_private(text, &keys) {
        summary.with = None;
    }
    (summary, body_start)
}

/// A `with` value that names someone: not empty, not a placeholder.
fn person(value: &str) -> Option<String> {
    (!value.is_empty() && !front_matter::is_placeholder(value)).then(|| value.to_string())
}

/// Reads the summary of one agenda from its text, line by line.
pub fn summarize(path: &Path, text: &str, vocabulary: &SectionVocabulary) -> Summary {
    let (mut summary, body_start) = identify_with_body(path, text);
    let mut kind = SectionKind::Other;
    let mut kinds: Vec<(usize, SectionKind)> = Vec::new();
    let body = text.get(body_start..).unwrap_or("");
    // Most agendas never say "career": one search of the whole body (the standard
    // library's, which is fast) spares looking for it line by line.
    let says_career = body.to_ascii_lowercase().contains("career");
    let mentions_career = |text: &str| says_career && mentions_career(text);
    for trimmed in body_lines(body) {
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

/// Whether career comes up in a parsed agenda, and whether a career prompt waits in it:
/// what [`summarize`] finds for the other meetings of a series, asked of the model of the
/// agenda being checked, so that the result of a fix is judged as the rules read it.
pub fn career_in(agenda: &Agenda<'_>) -> (bool, bool) {
    let (mut career, mut prompt) = (false, false);
    for block in &agenda.blocks {
        if block.kind == BlockKind::Heading {
            let own = block.section.map(|s| agenda.sections[s].own_kind);
            if own == Some(SectionKind::Other) && mentions_career(&block.text) {
                career = true;
            }
        } else if agenda.kind_of(block.section) == SectionKind::Career {
            if block.placeholder {
                prompt = true;
            } else if !block.text.trim().is_empty() {
                career = true;
            }
        } else if block.item.is_some() && !block.placeholder && mentions_career(&block.text) {
            career = true;
        }
    }
    (career, prompt)
}

/// Whether `text` has the word "career" (any ASCII case, not inside a longer word).
/// Runs over every line of every agenda under the notes root, so it looks for the
/// letters first and decodes characters only around a hit.
fn mentions_career(text: &str) -> bool {
    const WORD: &[u8] = b"career";
    let bytes = text.as_bytes();
    let is_word_char = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut from = 0;
    while let Some(offset) = bytes[from..].iter().position(|b| (b | 0x20) == b'c') {
        let start = from + offset;
        let end = start + WORD.len();
        if bytes
            .get(start..end)
            .is_some_and(|w| w.eq_ignore_ascii_case(WORD))
            && !is_word_char(text[..start].chars().next_back())
            && !is_word_char(text[end..].chars().next())
        {
            return true;
        }
        from = start + 1;
    }
    false
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

/// One meeting of a series as the index keeps it: a few bytes, so that folders with
/// years of notes stay small in memory. The open tasks themselves are read again from
/// the file when a later meeting needs them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Meeting {
    /// The file, relative to the notes root.
    relative: Box<Path>,
    /// The meeting date.
    pub date: IsoDate,
    /// Whether career came up.
    pub career: bool,
    /// How many task-list items are still to do.
    pub open_tasks: u32,
}

/// The meetings under each notes root, grouped into series.
#[derive(Debug, Default)]
pub struct SeriesIndex {
    /// The notes roots (a few at most), each with its series.
    roots: Vec<RootSeries>,
}

/// The meetings under one notes root.
#[derive(Debug)]
struct RootSeries {
    root: PathBuf,
    /// Whether the agendas under the root are being (or were) indexed ([`SeriesIndex::cover`]).
    covered: bool,
    /// Per series key: meetings sorted by date, then path.
    series: FxHashMap<String, Vec<Meeting>>,
    /// Per series key: its name as first written and its number of meetings.
    names: FxHashMap<String, (String, u32)>,
}

/// What the series rules see of one meeting.
#[derive(Debug)]
pub struct SeriesView<'a> {
    /// This meeting's file, date and `with`, as its current text says ([`identify`]).
    pub this: &'a Summary,
    /// The earlier meetings of the series, oldest first.
    pub previous: &'a [Meeting],
    /// Other agendas of the series dated the same day, when there are any: the meeting
    /// is then left out of the series rules.
    pub same_day: SameDay,
    /// The open tasks of the last earlier meeting (filled in by whoever can read it;
    /// see [`SeriesView::previous_path`]).
    pub previous_tasks: Vec<Task>,
    /// How many meetings of the series are dated after this one: 0 for the latest, the
    /// agenda being prepared; more for a meeting that is already history.
    pub later: usize,
    /// The other series under the notes root: each one's name and number of meetings.
    pub others: Vec<(&'a str, u32)>,
    /// How many meetings this series has (this one included, when it is indexed).
    pub meetings: usize,
    /// The notes root.
    root: &'a Path,
}

/// The other agendas of a series dated the same day as the meeting: how many, and the
/// first few files (a message names a few, however many there are).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SameDay {
    /// The first files, in path order: at most [`crate::brief::FEW`].
    pub first: Vec<PathBuf>,
    /// How many there are.
    pub count: usize,
}

impl SameDay {
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}

impl SeriesView<'_> {
    /// The file of the last earlier meeting.
    pub fn previous_path(&self) -> Option<PathBuf> {
        self.previous.last().map(|m| self.root.join(&m.relative))
    }
}

impl SeriesIndex {
    /// The entry of `root`, if it has one (paths compared as bytes first: the same root
    /// is asked of every file of a walk).
    fn of_root(&self, root: &Path) -> Option<&RootSeries> {
        self.roots
            .iter()
            .find(|r| r.root.as_os_str() == root.as_os_str() || r.root == root)
    }

    /// The entry of `root`, made if it has none.
    fn of_root_mut(&mut self, root: &Path) -> &mut RootSeries {
        let at = self
            .roots
            .iter()
            .position(|r| r.root.as_os_str() == root.as_os_str() || r.root == root);
        let at = at.unwrap_or_else(|| {
            self.roots.push(RootSeries {
                root: root.to_path_buf(),
                covered: false,
                series: FxHashMap::default(),
                names: FxHashMap::default(),
            });
            self.roots.len() - 1
        });
        &mut self.roots[at]
    }

    /// Whether the agendas under `root` were indexed.
    pub fn covers(&self, root: &Path) -> bool {
        self.of_root(root).is_some_and(|r| r.covered)
    }

    /// Records that the agendas under `root` are being indexed.
    pub fn cover(&mut self, root: &Path) {
        self.of_root_mut(root).covered = true;
    }

    /// Adds the summary of a file under `root`; files without a date or a person are
    /// not part of any series.
    pub fn add(&mut self, root: &Path, summary: &Summary) {
        self.add_listing(root, &summary.path, &summary.listing());
    }

    /// Adds the agenda at `path` under `root`, as listed; one without a date or a person
    /// is not part of any series.
    pub fn add_listing(&mut self, root: &Path, path: &Path, listing: &Listing) {
        let (Some(with), Some(date)) = (&listing.with, listing.date) else {
            return;
        };
        let key = series_key(with);
        let relative = crate::files::strip_root(root, path).unwrap_or(path).into();
        let entry = self.of_root_mut(root);
        match entry.names.get_mut(&key) {
            Some(name) => name.1 += 1,
            None => {
                entry.names.insert(key.clone(), (with.clone(), 1));
            }
        }
        entry.series.entry(key).or_default().push(Meeting {
            relative,
            date,
            career: listing.career,
            open_tasks: listing.open_tasks,
        });
    }

    /// Sorts every series by date, then path.
    pub fn finish(&mut self) {
        for meetings in self.roots.iter_mut().flat_map(|r| r.series.values_mut()) {
            meetings.sort_by(|a, b| (a.date, &a.relative).cmp(&(b.date, &b.relative)));
            meetings.shrink_to_fit();
        }
    }

    /// The view of a meeting whose current summary is `this`, under `root`.
    pub fn view<'a>(&'a self, root: &'a Path, this: &'a Summary) -> Option<SeriesView<'a>> {
        let key = this.series_key()?;
        let date = this.date?;
        let entry = self.of_root(root);
        let mut others: Vec<(&str, u32)> = entry
            .into_iter()
            .flat_map(|r| &r.names)
            .filter(|(other, _)| **other != key)
            .map(|(_, (name, count))| (name.as_str(), *count))
            .collect();
        others.sort_unstable();
        let meetings = entry
            .and_then(|r| r.series.get(&key))
            .map_or(&[][..], Vec::as_slice);
        let first_same = meetings.partition_point(|m| m.date < date);
        let after_same = meetings.partition_point(|m| m.date <= date);
        let same = &meetings[first_same..after_same];
        // One date's meetings are sorted by path: finding this one among them is a
        // binary search, so that a folder of thousands of agendas of one date costs
        // n log n, not n².
        let this_one = relative_forms(root, &this.path)
            .into_iter()
            .find_map(|relative| same.binary_search_by(|m| (*m.relative).cmp(&relative)).ok());
        let same_day = SameDay {
            first: same
                .iter()
                .enumerate()
                .filter(|&(i, _)| Some(i) != this_one)
                .take(crate::brief::FEW)
                .map(|(_, m)| root.join(&m.relative))
                .collect(),
            count: same.len() - usize::from(this_one.is_some()),
        };
        Some(SeriesView {
            this,
            previous: &meetings[..first_same],
            same_day,
            previous_tasks: Vec::new(),
            later: meetings.len() - after_same,
            others,
            meetings: meetings.len(),
            root,
        })
    }
}

/// The ways `path` can be recorded in the index under `root` (as [`SeriesIndex::add`]
/// records it): relative to the root as given, or, when the two are written differently
/// (`./notes/a.md` and an absolute root, say), relative to the absolute root.
fn relative_forms(root: &Path, path: &Path) -> Vec<PathBuf> {
    let mut forms = vec![path.strip_prefix(root).unwrap_or(path).to_path_buf()];
    if let (Ok(root), Ok(path)) = (std::path::absolute(root), std::path::absolute(path)) {
        if let Ok(relative) = path.strip_prefix(&root) {
            if !forms.iter().any(|f| f == relative) {
                forms.push(relative.to_path_buf());
            }
        }
    }
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_words_are_lowercase_non_filler_words_in_order() {
        // Every word lowercased (Unicode case), fillers left out, repeats in a row dropped.
        for (text, words) in [
            (
                "Send THE migration RFC to Alex by Friday",
                &["send", "migration", "rfc", "alex", "friday"][..],
            ),
            (
                "Pair w/ José García ON the ledger: ledger LEDGER consumer",
                &["pair", "josé", "garcía", "ledger", "consumer"][..],
            ),
            (
                "ΣΟΦΙΑ and İstanbul, Kelvin \u{212A} sign, The the THE",
                &["σοφια", "i\u{307}stanbul", "kelvin", "k", "sign"][..],
            ),
            ("", &[][..]),
        ] {
            assert_eq!(normalise(text), words, "{text}");
        }
    }

    fn summary(text: &str) -> Summary {
        summarize(Path::new("x.md"), text, SectionVocabulary::builtin())
    }

    #[test]
    fn career_is_found_as_a_word() {
        for text in [
            "career",
            "My Career plan",
            "CAREER: staff",
            "(career)",
            "é career",
        ] {
            assert!(mentions_career(text), "{text:?}");
        }
        for text in ["careers", "precareer", "caréer", "careeré", "car", "", "c"] {
            assert!(!mentions_career(text), "{text:?}");
        }
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
        assert_eq!(s.open_tasks().count(), 1);
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

    #[test]
    fn matcher_finds_carried_and_checked_items() {
        let text = "---\nwith: A\n---\n- [x] Send the migration RFC by Friday\n- book the room\n```\n- fenced item\n```\n";
        let agenda = Agenda::parse("a.md", text, SectionVocabulary::builtin());
        let matcher = ItemMatcher::of_agenda(&agenda);
        assert_eq!(matcher.find("send migration RFC by Friday"), Some(true));
        assert_eq!(matcher.find("Book the room"), Some(false));
        assert_eq!(matcher.find("fenced item"), None);
    }

    #[test]
    fn views_see_earlier_meetings_and_same_day_files() {
        let root = Path::new("notes");
        let meeting = |name: &str, date: &str, body: &str| {
            let text = format!("---\ndate: {date}\nwith: Alex\n---\n{body}");
            summarize(&root.join(name), &text, SectionVocabulary::builtin())
        };
        let mut index = SeriesIndex::default();
        let all = [
            meeting("c.md", "2026-03-01", "- [ ] a\n- [ ] b\n"),
            meeting("a.md", "2026-01-01", "## Career\n- lead a team\n"),
            meeting("b.md", "2026-02-01", ""),
            meeting("d.md", "2026-03-01", ""),
            meeting("e.md", "2026-04-01", ""),
        ];
        for summary in &all {
            index.add(root, summary);
        }
        index.finish();
        let view = index.view(root, &all[0]).expect("a series");
        let dates: Vec<String> = view.previous.iter().map(|m| m.date.to_string()).collect();
        assert_eq!(dates, ["2026-01-01", "2026-02-01"]);
        assert!(view.previous[0].career);
        assert_eq!(
            view.same_day,
            SameDay {
                first: vec![root.join("d.md")],
                count: 1
            }
        );
        assert_eq!(view.previous_path(), Some(root.join("b.md")));
        assert_eq!(view.later, 1, "e.md comes after");
        let last = index.view(root, &all[4]).expect("a series");
        assert_eq!(last.later, 0, "the latest meeting");
        assert_eq!(last.previous.len(), 4);
        assert_eq!(last.previous[3].open_tasks, 0);
        assert_eq!(last.previous[2].open_tasks, 2);
        assert!(
            index
                .view(Path::new("other"), &all[4])
                .expect("key")
                .previous
                .is_empty()
        );
    }
}
