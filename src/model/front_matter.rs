//! The YAML front matter block: where it is, what it says, and where each top-level key
//! sits in the file.
//!
//! The block is split off by hand (a UTF-8 BOM, `---` on the first line, `---` or `...`
//! to close it, LF or CRLF) rather than by pulldown-cmark, whose metadata option can
//! mistake a thematic break for a block. `serde_yaml` reports where a syntax error is but
//! not where keys are, so the top-level keys are located here by scanning the lines.
//! Interpreting the known fields (`date`, `with`, `duration`, `agendalint`) is done once
//! here too; rules only read the results.

use std::fmt;

use serde_yaml::{Mapping, Value};

use crate::brief::clip;
use crate::diagnostic::Span;

/// The known top-level front matter keys.
pub const KNOWN_KEYS: [&str; 6] = [
    "date",
    "with",
    "duration",
    "attendees",
    "private",
    "agendalint",
];

/// What the start of the file holds.
#[derive(Clone, Debug)]
pub enum FrontMatterState {
    /// No `---` on the first line.
    Missing,
    /// A `---` on the first line that is never closed; the whole file is treated as body.
    Unclosed {
        /// The opening `---` line.
        open: Span,
    },
    /// A complete block.
    Present(Box<FrontMatter>),
}

/// A complete front matter block.
#[derive(Clone, Debug)]
pub struct FrontMatter {
    /// From the opening `---` to the end of the closing line, including its newline.
    pub block: Span,
    /// The opening `---` line, without its newline.
    pub open: Span,
    /// The YAML text between the delimiters.
    pub content: Span,
    /// The parsed mapping; `None` when the YAML is invalid or not a mapping.
    pub mapping: Option<Mapping>,
    /// Why the YAML could not be used, if it could not.
    pub problem: Option<YamlProblem>,
    /// Every top-level key found in the text, in order.
    pub keys: Vec<KeyEntry>,
    /// The `date` field.
    pub date: Field<IsoDate>,
    /// The `with` field, trimmed.
    pub with: Field<String>,
    /// The `duration` field, in minutes.
    pub duration: Field<u32>,
    /// The `attendees` field: the other people of the meeting, as written (a list, or
    /// one name); empty when absent or unusable.
    pub attendees: Vec<String>,
    /// `private: true`: the file is meant to stay on this machine, and the privacy rules
    /// leave it alone.
    pub private: bool,
    /// Rules disabled for the whole file by `agendalint: {disable: [...]}`.
    pub disabled_rules: Vec<String>,
    /// The `agendalint:` block, with where each name is written and why, when the
    /// front matter has one.
    pub suppression: Option<Suppression>,
}

/// The front matter's `agendalint:` block:
/// `agendalint: {disable: [RULE...], reason: "...", until: YYYY-MM-DD}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    /// The `agendalint` key.
    pub key: Span,
    /// The rules disabled for the whole file, each with where its name is written (the
    /// key, when it cannot be found).
    pub rules: Vec<(String, Span)>,
    /// Its `reason`, if any.
    pub reason: Option<String>,
    /// Its `until`, if any.
    pub until: Option<super::Until>,
}

/// Why the front matter YAML could not be used.
#[derive(Clone, Debug)]
pub struct YamlProblem {
    /// What the YAML parser said, or why the value is unusable.
    pub message: String,
    /// Where (an empty or short span on a char boundary).
    pub span: Span,
}

/// One top-level key of the front matter, located in the file.
#[derive(Clone, Debug)]
pub struct KeyEntry {
    /// The key as written, without quotes.
    pub name: String,
    /// The key token (with quotes, if any).
    pub span: Span,
    /// The value text after the colon on the same line, trimmed (may be empty).
    pub value: Span,
}

/// A known front matter field: absent, usable, or present but unusable.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Field<T> {
    /// The key is not there.
    #[default]
    Absent,
    /// The key is there and its value is usable.
    Valid(T),
    /// The key is there but its value is not usable; says why.
    Invalid(String),
}

impl<T> Field<T> {
    /// The value, when usable.
    pub fn valid(&self) -> Option<&T> {
        match self {
            Field::Valid(value) => Some(value),
            _ => None,
        }
    }
}

/// A calendar date checked to exist (`2026-02-30` is rejected).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoDate {
    /// Year, 1000–9999.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, valid for the month and year.
    pub day: u8,
}

impl IsoDate {
    /// Parses exactly `YYYY-MM-DD` naming a real day.
    pub fn parse(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u16> {
            let part = text.get(range)?;
            if part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let year = number(0..4)?;
        let month = u8::try_from(number(5..7)?).ok()?;
        let day = u8::try_from(number(8..10)?).ok()?;
        if year < 1000 || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        (day <= days_in_month(year, month)).then_some(Self { year, month, day })
    }

    /// Parses the day of a front matter `date`: `YYYY-MM-DD`, or a date and time as
    /// people and tools write them — `2026-12-07 10:00`, `2026-12-07T10:00:00Z`,
    /// `2026-12-07T10:00+01:00`. The day is the one written; the time and zone are
    /// checked to be well formed and otherwise ignored.
    pub fn parse_date_or_datetime(text: &str) -> Option<Self> {
        let text = text.trim();
        let date = Self::parse(text.get(..10)?)?;
        let rest = &text[10..];
        if rest.is_empty() {
            return Some(date);
        }
        let time = rest.strip_prefix(['T', 't', ' '])?.trim_start();
        is_time_of_day(time).then_some(date)
    }

    /// Why `text` is not a day: not in `YYYY-MM-DD` form, or no such day. For messages
    /// about `--date`, `--since` and the config's `since`.
    pub fn problem(text: &str) -> String {
        let text = text.trim();
        let bytes = text.as_bytes();
        let shaped = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shaped {
            return format!("`{text}` is not a date: write it as YYYY-MM-DD, e.g. 2026-11-23");
        }
        let month: u8 = text[5..7].parse().unwrap_or(0);
        let year: u16 = text[..4].parse().unwrap_or(0);
        if (1..=12).contains(&month) && year >= 1000 {
            format!(
                "`{text}` is not a real date: {} {year} has {} days",
                MONTHS[usize::from(month - 1)],
                days_in_month(year, month)
            )
        } else if year < 1000 {
            format!("`{text}` is not a real date: the year must have four digits")
        } else {
            format!("`{text}` is not a real date: there is no month {month}")
        }
    }

    /// Days since 1970-01-01 (negative before it), for date arithmetic.
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's `days_from_civil`, on the proleptic Gregorian calendar.
        let month = i64::from(self.month);
        let year = i64::from(self.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let yoe = year - era * 400;
        let mp = (month + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01 (clamped to the years 1000–9999).
    pub fn from_days_since_epoch(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        if !(1000..=9999).contains(&year) {
            let (year, month, day) = if year < 1000 {
                (1000, 1, 1)
            } else {
                (9999, 12, 31)
            };
            return Self { year, month, day };
        }
        Self {
            year: u16::try_from(year).unwrap_or(1970),
            month: u8::try_from(month).unwrap_or(1),
            day: u8::try_from(day).unwrap_or(1),
        }
    }

    /// Finds the first `YYYY-MM-DD` naming a real day inside `text` (a file name).
    pub fn find_in(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        (0..bytes.len().saturating_sub(9)).find_map(|i| {
            let before_ok = i == 0 || !bytes[i - 1].is_ascii_digit();
            let after_ok = bytes.get(i + 10).is_none_or(|b| !b.is_ascii_digit());
            if before_ok && after_ok {
                text.get(i..i + 10).and_then(Self::parse)
            } else {
                None
            }
        })
    }
}

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `10:00`, `10:00:30`, `10:00:30.250`, each optionally followed by `Z` or an offset
/// (`+01:00`, `-0500`), with or without a space before it.
fn is_time_of_day(text: &str) -> bool {
    let two = |s: &str, max: u8| {
        s.len() == 2
            && s.bytes().all(|b| b.is_ascii_digit())
            && s.parse::<u8>().is_ok_and(|n| n <= max)
    };
    let (clock, zone) = match text.find(['Z', 'z', '+', '-']) {
        Some(at) => (text[..at].trim_end(), &text[at..]),
        None => (text.trim_end(), ""),
    };
    let (clock, fraction) = clock.split_once('.').unwrap_or((clock, ""));
    let parts: Vec<&str> = clock.split(':').collect();
    let clock_ok = match parts.as_slice() {
        [h, m] => two(h, 23) && two(m, 59),
        [h, m, sec] => two(h, 23) && two(m, 59) && two(sec, 60),
        _ => false,
    };
    let fraction_ok =
        fraction.bytes().all(|b| b.is_ascii_digit()) && (fraction.is_empty() || parts.len() == 3);
    let zone_ok = match zone {
        "" | "Z" | "z" => true,
        offset => {
            let digits = offset[1..].replace(':', "");
            digits.len() == 4 && two(&digits[..2], 23) && two(&digits[2..], 59)
        }
    };
    clock_ok && fraction_ok && zone_ok
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The result of splitting a file: its front matter state and where the body starts.
pub(crate) struct Split {
    pub state: FrontMatterState,
    pub body_start: usize,
}

/// Splits `text` (whole file, BOM included) into front matter and body, and interprets
/// the front matter.
pub(crate) fn split(text: &str) -> Split {
    match locate(text) {
        Located::Missing { body_start } => missing(body_start),
        Located::Unclosed { open, body_start } => Split {
            state: FrontMatterState::Unclosed { open },
            body_start,
        },
        Located::Present {
            block,
            open,
            content,
            body_start,
        } => Split {
            state: FrontMatterState::Present(Box::new(interpret(text, block, open, content))),
            body_start,
        },
    }
}

/// The front matter keys (names and value spans, found line by line) and where the
/// body starts, without parsing the YAML: for passes that only need a few plain
/// values, such as the meeting-series summaries.
pub(crate) fn keys_and_body(text: &str) -> (Vec<KeyEntry>, usize) {
    match locate(text) {
        Located::Missing { body_start } | Located::Unclosed { body_start, .. } => {
            (Vec::new(), body_start)
        }
        Located::Present {
            content,
            body_start,
            ..
        } => (scan_keys(text, content), body_start),
    }
}

/// Where the body starts (after the front matter), without parsing the YAML.
pub(crate) fn body_start(text: &str) -> usize {
    match locate(text) {
        Located::Missing { body_start }
        | Located::Unclosed { body_start, .. }
        | Located::Present { body_start, .. } => body_start,
    }
}

/// Where the front matter block is, if there is one.
enum Located {
    Missing {
        body_start: usize,
    },
    Unclosed {
        open: Span,
        body_start: usize,
    },
    Present {
        block: Span,
        open: Span,
        content: Span,
        body_start: usize,
    },
}

fn locate(text: &str) -> Located {
    let bom_len = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = Lines::new(text, bom_len);
    let Some(first) = lines.next() else {
        return Located::Missing {
            body_start: bom_len,
        };
    };
    if first.content(text).trim_end_matches([' ', '\t']) != "---" {
        return Located::Missing {
            body_start: bom_len,
        };
    }
    let open = Span::new(first.start, first.content_end);
    for line in lines {
        let content = line.content(text).trim_end_matches([' ', '\t']);
        if content == "---" || content == "..." {
            return Located::Present {
                block: Span::new(first.start, line.end),
                open,
                content: Span::new(first.end, line.start),
                body_start: line.end,
            };
        }
    }
    Located::Unclosed {
        open,
        body_start: bom_len,
    }
}

fn missing(bom_len: usize) -> Split {
    Split {
        state: FrontMatterState::Missing,
        body_start: bom_len,
    }
}

/// A line of the text: where it starts, where its content ends (before `\r\n`/`\n`) and
/// where the next line starts.
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    content_end: usize,
    end: usize,
}

impl Line {
    fn content(self, text: &str) -> &str {
        text.get(self.start..self.content_end).unwrap_or("")
    }
}

struct Lines<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str, start: usize) -> Self {
        Self { text, pos: start }
    }
}

impl Iterator for Lines<'_> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.text.as_bytes()[start..];
        let (content_end, end) = match rest.iter().position(|&b| b == b'\n') {
            Some(nl) => {
                let cr = nl > 0 && rest[nl - 1] == b'\r';
                (start + nl - usize::from(cr), start + nl + 1)
            }
            None => (self.text.len(), self.text.len()),
        };
        self.pos = end;
        Some(Line {
            start,
            content_end,
            end,
        })
    }
}

/// Deeper nesting than this is refused before parsing: front matter holds a few flat
/// keys, and a deeply nested document only costs time.
const MAX_NESTING: usize = 64;

/// The deepest `[`/`{` nesting or indentation level (in steps of two spaces) of `yaml`,
/// and where it is first reached.
fn nesting(yaml: &str) -> (usize, usize) {
    let (mut depth, mut deepest, mut at) = (0usize, 0usize, 0usize);
    for (i, b) in yaml.bytes().enumerate() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > deepest {
                    (deepest, at) = (depth, i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let indent = line.bytes().take_while(|&b| b == b' ').count() / 2;
        if indent > deepest {
            (deepest, at) = (indent, offset);
        }
        offset += line.len();
    }
    (deepest, at)
}

fn interpret(text: &str, block: Span, open: Span, content: Span) -> FrontMatter {
    let yaml = text.get(content.start..content.end).unwrap_or("");
    let keys = scan_keys(text, content);
    let (depth, deepest_at) = nesting(yaml);
    let parsed = if depth > MAX_NESTING {
        let at = floor_char_boundary(text, content.start + deepest_at);
        Err(YamlProblem {
            message: format!(
                "it is nested {depth} levels deep (the limit is {MAX_NESTING}); it was not read"
            ),
            span: Span::new(at, next_char_end(text, at).max(at)),
        })
    } else {
        // Plain lines are read without the YAML parser, to the same value.
        Ok(super::plain_yaml::read(yaml).map_or_else(|| serde_yaml::from_str::<Value>(yaml), Ok))
    };
    let parsed = match parsed {
        Ok(result) => result,
        Err(problem) => {
            // Unreadable YAML still keeps a private file private.
            let private = says_private(text, &keys);
            return FrontMatter {
                block,
                open,
                content,
                mapping: None,
                problem: Some(problem),
                keys,
                date: Field::Absent,
                with: Field::Absent,
                duration: Field::Absent,
                attendees: Vec::new(),
                private,
                disabled_rules: Vec::new(),
                suppression: None,
            };
        }
    };
    let (mapping, problem) = match parsed {
        Ok(Value::Mapping(mapping)) => (Some(mapping), None),
        Ok(Value::Null) => (Some(Mapping::new()), None),
        Ok(other) => (
            None,
            Some(YamlProblem {
                message: format!(
                    "the front matter is {}, not a mapping of keys to values",
                    describe(&other)
                ),
                span: first_non_blank_line(text, content).unwrap_or(open),
            }),
        ),
        Err(error) => {
            let offset = error.location().map_or(0, |l| {
                super::line_index::offset_of(yaml, l.line(), l.column())
            });
            let start = floor_char_boundary(text, content.start + offset);
            let end = next_char_end(text, start).min(content.end.max(start));
            // An error at the very end (an unclosed bracket) points at the last line of
            // YAML rather than at nothing.
            let (start, end) = if end > start {
                (start, end)
            } else {
                last_non_blank_line(text, content).map_or((start, end), |l| (l.start, l.end))
            };
            let message = yaml_message(&error);
            // serde_yaml places a duplicate key at the first occurrence; the second is
            // the one to remove.
            let span = if message.contains("duplicate entry") {
                second_occurrence(&keys).unwrap_or(Span::new(start, end))
            } else {
                Span::new(start, end)
            };
            (None, Some(YamlProblem { message, span }))
        }
    };
    let fields = mapping.as_ref().map(Fields::read).unwrap_or_default();
    let suppression = mapping
        .as_ref()
        .and_then(|m| suppression(text, block, &keys, m));
    FrontMatter {
        block,
        open,
        content,
        mapping,
        problem,
        keys,
        date: fields.date,
        with: fields.with,
        duration: fields.duration,
        attendees: fields.attendees,
        private: fields.private,
        disabled_rules: fields.disabled_rules,
        suppression,
    }
}

/// Where `word` stands in `text` as a whole rule name (not inside a longer name).
fn find_word(text: &str, word: &str) -> Option<usize> {
    let part_of_name = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-');
    let mut from = 0;
    while let Some(offset) = text.get(from..)?.find(word) {
        let at = from + offset;
        let end = at + word.len();
        if !part_of_name(text[..at].chars().next_back())
            && !part_of_name(text[end..].chars().next())
        {
            return Some(at);
        }
        from = at + word.len().max(1);
    }
    None
}

/// Reads the `agendalint:` block, locating each rule name in the block's text.
fn suppression(
    text: &str,
    block: Span,
    keys: &[KeyEntry],
    mapping: &Mapping,
) -> Option<Suppression> {
    let value = mapping.get("agendalint")?;
    let key = keys.iter().find(|k| k.name == "agendalint")?.span;
    let names = disabled_names(value);
    // Each name is looked for after the key, and after the previous name.
    let mut from = key.end;
    let rules = names
        .into_iter()
        .map(|name| {
            let found = text
                .get(from..block.end)
                .and_then(|rest| find_word(rest, &name))
                .map(|at| Span::new(from + at, from + at + name.len()));
            if let Some(span) = found {
                from = span.end;
            }
            (name, found.unwrap_or(key))
        })
        .collect();
    let scalar = |name: &str| match value.get(name) {
        Some(Value::String(s)) => Some(s.trim().to_string()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let until = scalar("until").map(|text| match IsoDate::parse(&text) {
        Some(date) => super::Until::Date(date),
        None => super::Until::Invalid(text),
    });
    Some(Suppression {
        key,
        rules,
        reason: scalar("reason").filter(|r| !r.is_empty()),
        until,
    })
}

/// `serde_yaml` puts " at line L column C" into its messages; the span already says
/// where, so every such location is removed.
fn yaml_message(error: &serde_yaml::Error) -> String {
    let message = strip_locations(&error.to_string());
    match message.as_str() {
        "repetition limit exceeded" => {
            "its aliases expand too far (an alias bomb); it was not read".to_string()
        }
        "recursion limit exceeded" => "it is nested too deeply; it was not read".to_string(),
        _ => message,
    }
}

/// Removes " at line L column C" fragments from a parser message.
pub(crate) fn strip_locations(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(" at line ") {
        out.push_str(&rest[..at]);
        let tail = &rest[at + " at line ".len()..];
        let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
        let after_line = &tail[digits..];
        let skipped = after_line.strip_prefix(" column ").map_or(digits, |c| {
            digits + " column ".len() + c.bytes().take_while(u8::is_ascii_digit).count()
        });
        rest = &tail[skipped..];
    }
    out.push_str(rest);
    out
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "empty",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a single string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

fn second_occurrence(keys: &[KeyEntry]) -> Option<Span> {
    keys.iter()
        .enumerate()
        .find(|(i, key)| keys[..*i].iter().any(|k| k.name == key.name))
        .map(|(_, key)| key.span)
}

fn last_non_blank_line(text: &str, content: Span) -> Option<Span> {
    Lines::new(text, content.start)
        .take_while(|line| line.start < content.end)
        .filter(|line| !line.content(text).trim().is_empty())
        .last()
        .map(|line| Span::new(line.start, line.content_end))
}

fn first_non_blank_line(text: &str, content: Span) -> Option<Span> {
    Lines::new(text, content.start)
        .take_while(|line| line.start < content.end)
        .find(|line| !line.content(text).trim().is_empty())
        .map(|line| Span::new(line.start, line.content_end))
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn next_char_end(text: &str, offset: usize) -> usize {
    text.get(offset..)
        .and_then(|rest| rest.chars().next())
        .filter(|c| *c != '\n' && *c != '\r')
        .map_or(offset, |c| offset + c.len_utf8())
}

/// Finds top-level `key:` lines (no indentation, not a comment or list item).
fn scan_keys(text: &str, content: Span) -> Vec<KeyEntry> {
    Lines::new(text, content.start)
        .take_while(|line| line.start < content.end)
        .filter_map(|line| key_on_line(text, line))
        .collect()
}

fn key_on_line(text: &str, line: Line) -> Option<KeyEntry> {
    let content = line.content(text);
    let first = content.chars().next()?;
    if first.is_whitespace()
        || matches!(
            first,
            '#' | '-' | '[' | '{' | '?' | '&' | '*' | '!' | '|' | '>'
        )
    {
        return None;
    }
    let (name, key_len) = if first == '"' || first == '\'' {
        let close = content[1..].find(first)? + 1;
        (content[1..close].to_string(), close + 1)
    } else {
        let colon = find_key_colon(content)?;
        (
            content[..colon].trim_end().to_string(),
            content[..colon].trim_end().len(),
        )
    };
    let after_key = content[key_len..].trim_start();
    let value_text = after_key.strip_prefix(':')?;
    if !(value_text.is_empty() || value_text.starts_with([' ', '\t'])) {
        return None;
    }
    let value_start = line.start + (content.len() - value_text.trim_start().len());
    let value_trimmed = strip_comment(value_text.trim_start()).trim_end();
    Some(KeyEntry {
        name,
        span: Span::new(line.start, line.start + key_len),
        value: Span::new(value_start, value_start + value_trimmed.len()),
    })
}

/// The colon that ends a plain key: followed by a space, a tab or the end of the line.
fn find_key_colon(content: &str) -> Option<usize> {
    let bytes = content.as_bytes();
    bytes.iter().enumerate().find_map(|(i, &b)| {
        (b == b':' && bytes.get(i + 1).is_none_or(|n| *n == b' ' || *n == b'\t')).then_some(i)
    })
}

fn strip_comment(value: &str) -> &str {
    if value.starts_with(['"', '\'']) {
        return value;
    }
    let bytes = value.as_bytes();
    let comment = memchr::memchr_iter(b'#', bytes).find(|&at| at > 0 && bytes[at - 1] == b' ');
    match comment.map(|at| at - 1) {
        Some(cut) => &value[..cut],
        None if value.starts_with('#') => "",
        None => value,
    }
}

#[derive(Default)]
struct Fields {
    date: Field<IsoDate>,
    with: Field<String>,
    duration: Field<u32>,
    attendees: Vec<String>,
    private: bool,
    disabled_rules: Vec<String>,
}

impl Fields {
    /// The known fields of `mapping`, read in one pass over its entries.
    fn read(mapping: &Mapping) -> Self {
        let mut fields = Self::default();
        for (key, value) in mapping {
            match key.as_str() {
                Some("date") => fields.date = read_date(value),
                Some("with") => fields.with = read_with(value),
                Some("duration") => fields.duration = read_duration(value),
                Some("attendees") => fields.attendees = read_attendees(value),
                Some("private") => {
                    fields.private = match value {
                        Value::Bool(private) => *private,
                        Value::String(text) => says_yes(text),
                        _ => false,
                    };
                }
                Some("agendalint") => fields.disabled_rules = disabled_names(value),
                _ => {}
            }
        }
        fields
    }
}

/// The rule names under `disable:` of an `agendalint:` value: a list, or one name.
fn disabled_names(agendalint: &Value) -> Vec<String> {
    match agendalint.get("disable") {
        Some(Value::Sequence(names)) => names
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        Some(Value::String(name)) => vec![name.clone()],
        _ => Vec::new(),
    }
}

/// The names of `attendees:`, a list or one comma-separated string.
fn read_attendees(value: &Value) -> Vec<String> {
    match value {
        Value::Sequence(names) => names
            .iter()
            .filter_map(Value::as_str)
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map(str::to_string)
            .collect(),
        Value::String(names) => names
            .split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether a front matter value, as written, says yes: `true`, `yes` or `on` in any case,
/// quoted or not. How `private:` is read, from the parsed YAML or from the lines.
pub fn says_yes(value: &str) -> bool {
    let value = value.trim().trim_matches(['"', '\'']).trim();
    ["true", "yes", "on"]
        .iter()
        .any(|word| value.eq_ignore_ascii_case(word))
}

/// Whether the located top-level keys of `text` hold `private:` saying yes: read from
/// the lines, so unreadable YAML still keeps a private file private, and the meeting
/// series can tell without parsing the YAML.
pub fn says_private(text: &str, keys: &[KeyEntry]) -> bool {
    keys.iter().any(|key| {
        key.name == "private"
            && text
                .get(key.value.start..key.value.end)
                .is_some_and(says_yes)
    })
}

/// The known key a front matter key stands for: itself, or a near miss — another case
/// (`With`, `DATE`) or one typo away (`wiht`, `duraton`) from a known key of four
/// letters or more.
///
/// Runs for every key of every agenda under a notes root: a key spelled right is found
/// without measuring edit distances, and only keys of a length within one of a known
/// key's are measured against it.
pub fn known_key_like(name: &str) -> Option<&'static str> {
    let name = name.trim();
    if let Some(known) = KNOWN_KEYS.into_iter().find(|known| *known == name) {
        return Some(known);
    }
    let lower = name.to_lowercase();
    if let Some(known) = KNOWN_KEYS.into_iter().find(|known| *known == lower) {
        return Some(known);
    }
    let length = lower.chars().count();
    KNOWN_KEYS.into_iter().find(|known| {
        known.len() >= 4
            && length.abs_diff(known.len()) <= 1
            && crate::suggest::edit_distance(&lower, known) == 1
    })
}

/// Why a Markdown file is not taken for an agenda (see [`not_an_agenda`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotAgenda {
    /// No front matter block at the start.
    NoFrontMatter,
    /// Front matter without `date` or `with`.
    NoMeetingKeys,
    /// Front matter whose `date` and `with` are still placeholders: a template.
    Template,
}

impl NotAgenda {
    /// Why, in a few words, for `--verbose`.
    pub const fn describe(self) -> &'static str {
        match self {
            NotAgenda::NoFrontMatter => "no front matter",
            NotAgenda::NoMeetingKeys => "its front matter has no `date` or `with`",
            NotAgenda::Template => "a template: its `date` and `with` are placeholders",
        }
    }
}

/// Whether a Markdown file is an agenda by its look: it starts with front matter that
/// names a meeting — a `date` or a `with` key (or a near-miss spelling of one) — whose
/// values are not both template placeholders. `None` for an agenda; else why not. Read
/// line by line, without parsing the YAML.
pub fn not_an_agenda(text: &str) -> Option<NotAgenda> {
    let content = match locate(text) {
        Located::Missing { .. } => return Some(NotAgenda::NoFrontMatter),
        // An opened, never closed block is an agenda with broken front matter.
        Located::Unclosed { .. } => return None,
        Located::Present { content, .. } => content,
    };
    let mut meeting_keys = 0;
    let mut placeholders = 0;
    for key in scan_keys(text, content) {
        if !matches!(known_key_like(&key.name), Some("date" | "with")) {
            continue;
        }
        meeting_keys += 1;
        let value = text.get(key.value.start..key.value.end).unwrap_or("");
        let value = value.trim().trim_matches(['"', '\'']);
        if is_placeholder(value) || is_template_tag(value) {
            placeholders += 1;
        }
    }
    if meeting_keys == 0 {
        Some(NotAgenda::NoMeetingKeys)
    } else if placeholders == meeting_keys {
        Some(NotAgenda::Template)
    } else {
        None
    }
}

/// A value filled in by a templating tool: `{{date}}`, `<% tp.date.now() %>`.
fn is_template_tag(text: &str) -> bool {
    (text.starts_with("{{") && text.ends_with("}}"))
        || (text.starts_with("<%") && text.ends_with("%>"))
}

/// Whether a value is a template prompt left for the user to fill: `<YYYY-MM-DD>`,
/// `<who the 1:1 is with>`, or the bare `YYYY-MM-DD`.
pub fn is_placeholder(text: &str) -> bool {
    let text = text.trim();
    (text.len() >= 2 && text.starts_with('<') && text.ends_with('>'))
        || text.eq_ignore_ascii_case("YYYY-MM-DD")
}

fn read_date(value: &Value) -> Field<IsoDate> {
    match value {
        Value::String(text) if is_placeholder(text) => Field::Invalid(format!(
            "`date` is still the placeholder `{}`",
            clip(text.trim())
        )),
        Value::String(text) => IsoDate::parse_date_or_datetime(text).map_or_else(
            || {
                Field::Invalid(format!(
                    "`{}` is not a real date in YYYY-MM-DD form",
                    clip(text.trim())
                ))
            },
            Field::Valid,
        ),
        Value::Null => Field::Invalid("`date` is empty".to_string()),
        other => Field::Invalid(format!(
            "`date` is {}, not a YYYY-MM-DD date",
            describe(other)
        )),
    }
}

fn read_with(value: &Value) -> Field<String> {
    match value {
        Value::String(text) if is_placeholder(text) => Field::Invalid(format!(
            "`with` is still the placeholder `{}`",
            clip(text.trim())
        )),
        Value::String(text) if !text.trim().is_empty() => Field::Valid(text.trim().to_string()),
        Value::String(_) | Value::Null => Field::Invalid("`with` is empty".to_string()),
        other => Field::Invalid(format!("`with` is {}, not a name", describe(other))),
    }
}

fn read_duration(value: &Value) -> Field<u32> {
    let minutes = match value {
        Value::Number(n) => n.as_u64().and_then(|m| u32::try_from(m).ok()),
        Value::String(text) => parse_minutes(text),
        _ => None,
    };
    match minutes {
        Some(m) if m > 0 => Field::Valid(m),
        _ => Field::Invalid(match value {
            Value::String(text) => format!(
                "`duration: {}` is not a positive number of minutes",
                clip(text.trim())
            ),
            Value::Number(n) => format!("`duration: {n}` is not a positive number of minutes"),
            other => format!(
                "`duration` is {}, not a positive number of minutes",
                describe(other)
            ),
        }),
    }
}

/// Parses `30`, `30m`, `30 min`, `30 minutes`, `1h`, `1h30m`, `1.5 h`, `90 mins`.
pub fn parse_minutes(text: &str) -> Option<u32> {
    let text = text.trim().to_ascii_lowercase();
    let mut total = 0.0_f64;
    let mut rest = text.as_str();
    let mut any = false;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if digits == 0 {
            return None;
        }
        let number: f64 = rest[..digits].parse().ok()?;
        rest = rest[digits..].trim_start();
        let unit_len = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let factor = match &rest[..unit_len] {
            "" | "m" | "min" | "mins" | "minute" | "minutes" => 1.0,
            "h" | "hr" | "hrs" | "hour" | "hours" => 60.0,
            _ => return None,
        };
        total += number * factor;
        any = true;
        rest = rest[unit_len..].trim_start();
    }
    if !any || !total.is_finite() || total > f64::from(u32::MAX) {
        return None;
    }
    #[allow(clippy::cast_sign_loss)]
    let minutes = total.round() as u32;
    Some(minutes)
}

#[cfg(test)]
mod tests {

    #[test]
    fn private_reads_the_same_from_the_yaml_and_from_the_lines() {
        for (value, private) in [
            ("true", true),
            ("yes", true),
            ("'on'", true),
            ("True", true),
            ("\"yes\"", true),
            ("false", false),
            ("no", false),
            ("truthy", false),
        ] {
            let text = format!("---\ndate: 2026-11-23\nwith: Alex\nprivate: {value}\n---\n");
            let fm = present(&text);
            assert_eq!(fm.private, private, "{value}");
            assert_eq!(says_private(&text, &fm.keys), private, "{value}");
        }
    }

    use std::fmt::Write as _;

    use super::*;

    fn present(text: &str) -> FrontMatter {
        match split(text).state {
            FrontMatterState::Present(fm) => *fm,
            other => panic!("expected front matter, got {other:?}"),
        }
    }

    #[test]
    fn dates_must_exist() {
        assert!(IsoDate::parse("2028-02-29").is_some());
        assert!(IsoDate::parse("2026-02-29").is_none());
        assert!(IsoDate::parse("2026-13-01").is_none());
        assert!(IsoDate::parse("2026-1-01").is_none());
        assert_eq!(
            IsoDate::find_in("notes/2026-11-23-alex.md").map(|d| d.to_string()),
            Some("2026-11-23".to_string())
        );
        assert!(IsoDate::find_in("120260-11-23").is_none());
    }

    #[test]
    fn dates_with_a_time_are_dates() {
        for text in [
            "2026-12-07",
            "2026-12-07 10:00",
            "2026-12-07 10:00:30",
            "2026-12-07T10:00:00Z",
            "2026-12-07T10:00:00.250+01:00",
            "2026-12-07t10:00-0500",
            "2026-12-07 10:00 +01:00",
        ] {
            assert_eq!(
                IsoDate::parse_date_or_datetime(text)
                    .map(|d| d.to_string())
                    .as_deref(),
                Some("2026-12-07"),
                "{text}"
            );
        }
        for text in [
            "2026-12-07 25:00",
            "2026-12-07 10",
            "2026-12-07 soon",
            "2026-12-0710:00",
            "2026-02-30 10:00",
            "2026-12-07T10:00+1",
        ] {
            assert_eq!(IsoDate::parse_date_or_datetime(text), None, "{text}");
        }
        let fm = present("---\ndate: 2026-12-07 10:00\nwith: Alex\n---\n");
        assert_eq!(
            fm.date.valid().map(ToString::to_string).as_deref(),
            Some("2026-12-07")
        );
    }

    #[test]
    fn days_since_the_epoch_both_ways() {
        for (text, days) in [
            ("1970-01-01", 0),
            ("2026-11-23", 20_780),
            ("2000-02-29", 11_016),
            ("1969-12-31", -1),
        ] {
            let date = IsoDate::parse(text).expect("a date");
            assert_eq!(date.days_since_epoch(), days, "{text}");
            assert_eq!(IsoDate::from_days_since_epoch(days), date, "{text}");
        }
        let mut day = IsoDate::parse("2024-01-01").expect("a date");
        for _ in 0..800 {
            let next = IsoDate::from_days_since_epoch(day.days_since_epoch() + 1);
            assert!(next > day, "{day} then {next}");
            day = next;
        }
    }

    #[test]
    fn date_problems_say_what_is_wrong() {
        assert_eq!(
            IsoDate::problem("2026-02-30"),
            "`2026-02-30` is not a real date: February 2026 has 28 days"
        );
        assert!(IsoDate::problem("2026-13-01").contains("no month 13"));
        assert!(IsoDate::problem("30/02/2026").contains("write it as YYYY-MM-DD"));
    }

    #[test]
    fn agendas_are_told_from_other_markdown() {
        assert_eq!(not_an_agenda("# Notes\n"), Some(NotAgenda::NoFrontMatter));
        assert_eq!(
            not_an_agenda("---\ntitle: Journal\n---\n"),
            Some(NotAgenda::NoMeetingKeys)
        );
        assert_eq!(
            not_an_agenda("---\ndate: YYYY-MM-DD\nwith: <who>\n---\n"),
            Some(NotAgenda::Template)
        );
        assert_eq!(
            not_an_agenda("---\ndate: \"{{date}}\"\n---\n"),
            Some(NotAgenda::Template)
        );
        for agenda in [
            "---\ndate: 2026-11-23\n---\n",
            "---\nWith: Dana\n---\n",
            "---\ndate: <YYYY-MM-DD>\nwith: Dana\n---\n",
            "---\ndate: 2026-11-23\n",
        ] {
            assert_eq!(not_an_agenda(agenda), None, "{agenda}");
        }
        assert_eq!(known_key_like("With"), Some("with"));
        assert_eq!(known_key_like("wiht"), Some("with"));
        assert_eq!(known_key_like("title"), None);
        assert_eq!(known_key_like(" DATE "), Some("date"));
        assert_eq!(known_key_like("duraton"), Some("duration"));
        assert_eq!(known_key_like("dates"), Some("date"));
        assert_eq!(known_key_like("privaet"), Some("private"));
        assert_eq!(known_key_like("wit"), Some("with"));
        assert_eq!(known_key_like("wi"), None);
        assert_eq!(known_key_like("withh_"), None);
    }

    #[test]
    fn minutes_in_every_accepted_form() {
        for (text, minutes) in [
            ("30", 30),
            ("30m", 30),
            ("30 min", 30),
            ("45 minutes", 45),
            ("1h", 60),
            ("1h30m", 90),
            ("1.5 h", 90),
        ] {
            assert_eq!(parse_minutes(text), Some(minutes), "{text}");
        }
        for text in ["", "soon", "30 seconds", "m"] {
            assert_eq!(parse_minutes(text), None, "{text}");
        }
    }

    #[test]
    fn crlf_and_bom_front_matter_splits_with_file_offsets() {
        let text = "\u{feff}---\r\ndate: 2026-11-23\r\nwith: Zoë\r\n---\r\n# Title\r\n";
        let split = split(text);
        assert_eq!(&text[split.body_start..], "# Title\r\n");
        let FrontMatterState::Present(fm) = split.state else {
            panic!("front matter expected")
        };
        assert_eq!(
            fm.date.valid().map(ToString::to_string).as_deref(),
            Some("2026-11-23")
        );
        assert_eq!(fm.with, Field::Valid("Zoë".to_string()));
        let with = &fm.keys[1];
        assert_eq!(&text[with.span.start..with.span.end], "with");
        assert_eq!(&text[with.value.start..with.value.end], "Zoë");
    }

    #[test]
    fn a_thematic_break_later_is_not_front_matter() {
        assert!(matches!(
            split("# Hi\n---\n").state,
            FrontMatterState::Missing
        ));
        assert!(matches!(
            split("---\nno closing line\n").state,
            FrontMatterState::Unclosed { .. }
        ));
    }

    #[test]
    fn parser_locations_are_stripped_from_messages() {
        assert_eq!(
            strip_locations(
                "did not find expected ',' at line 3 column 1, while parsing a flow sequence at line 2 column 7"
            ),
            "did not find expected ',', while parsing a flow sequence"
        );
    }

    #[test]
    fn yaml_errors_are_located_in_the_file() {
        let text = "---\ndate: 2026-11-23\nwith: [unclosed\n---\n";
        let fm = present(text);
        let problem = fm.problem.expect("invalid YAML");
        assert!(problem.span.start >= fm.content.start);
        assert!(problem.span.end <= fm.content.end);
        assert!(!problem.span.is_empty(), "the error spans something");
        assert!(
            !problem.message.contains(" at line "),
            "{}",
            problem.message
        );
    }

    #[test]
    fn duplicate_keys_point_at_the_second() {
        let text = "---\ndate: 2026-11-23\nwith: Alex\ndate: 2026-11-24\n---\n";
        let fm = present(text);
        let problem = fm.problem.expect("duplicate key");
        assert_eq!(problem.span.start, text.rfind("date").unwrap_or(0));
    }

    #[test]
    fn deep_nesting_and_alias_bombs_are_refused_with_a_reason() {
        let deep = format!(
            "---\nx: {}{}\n---\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let problem = present(&deep).problem.expect("refused");
        assert!(
            problem.message.contains("nested 10000 levels deep"),
            "{}",
            problem.message
        );
        let mut bomb = String::from("---\na: &a [x, x, x, x, x, x, x, x, x]\n");
        for (prev, cur) in ('a'..'i').zip('b'..'j') {
            let refs = vec![format!("*{prev}"); 9].join(", ");
            writeln!(bomb, "{cur}: &{cur} [{refs}]").expect("writing to a String");
        }
        bomb.push_str("---\n");
        let problem = present(&bomb).problem.expect("refused");
        assert!(problem.message.contains("alias"), "{}", problem.message);
    }

    #[test]
    fn non_mappings_are_problems() {
        let fm = present("---\n- a\n- b\n---\n");
        assert!(fm.problem.expect("a list").message.contains("a list"));
        let empty = present("---\n---\n");
        assert!(empty.problem.is_none());
        assert_eq!(empty.date, Field::Absent);
    }

    #[test]
    fn field_values_are_checked() {
        let fm = present("---\ndate: 2026-02-30\nwith: 42\nduration: -5\n---\n");
        assert!(matches!(fm.date, Field::Invalid(_)));
        assert!(matches!(fm.with, Field::Invalid(_)));
        assert!(matches!(fm.duration, Field::Invalid(_)));
        let fm = present("---\ndate: YYYY-MM-DD\n---\n");
        assert!(matches!(fm.date, Field::Invalid(ref why) if why.contains("placeholder")));
        let fm = present("---\ndate: '<YYYY-MM-DD>'\nwith: \"<who>\"\nduration: 30 min\n---\n");
        assert!(matches!(fm.date, Field::Invalid(ref why) if why.contains("placeholder")));
        assert!(matches!(fm.with, Field::Invalid(ref why) if why.contains("placeholder")));
        assert_eq!(fm.duration, Field::Valid(30));
    }

    #[test]
    fn the_agendalint_block_is_located() {
        let text = "---\ndate: 2026-11-23\nagendalint:\n  disable: [able, no-time-bound]\n  reason: quoting\n  until: 2027-03-01\n---\n";
        let fm = present(text);
        let suppression = fm.suppression.expect("a block");
        let names: Vec<(&str, &str)> = suppression
            .rules
            .iter()
            .map(|(name, span)| (name.as_str(), &text[span.start..span.end]))
            .collect();
        assert_eq!(
            names,
            [("able", "able"), ("no-time-bound", "no-time-bound")]
        );
        assert!(
            text[..suppression.rules[0].1.start].ends_with('['),
            "not inside `disable`"
        );
        assert_eq!(suppression.reason.as_deref(), Some("quoting"));
        assert!(matches!(
            suppression.until,
            Some(super::super::Until::Date(_))
        ));
        let fm = present("---\nagendalint: {disable: promotion-ask}\n---\n");
        assert_eq!(fm.disabled_rules, ["promotion-ask"]);
    }

    #[test]
    fn keys_are_found_with_quotes_and_comments() {
        let text =
            "---\n\"with\": Alex # manager\ntags:\n  - a\n# comment\ndate: 2026-11-23\n---\n";
        let fm = present(text);
        let names: Vec<_> = fm.keys.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(names, ["with", "tags", "date"]);
        assert_eq!(&text[fm.keys[0].value.start..fm.keys[0].value.end], "Alex");
    }
}
