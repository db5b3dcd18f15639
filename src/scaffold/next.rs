//! What `agendalint new` takes from the meeting series it continues: the date of the
//! next meeting (by the series' cadence), the file name (by the series' naming), the
//! open items still to carry over, and a user's template filled in.

use std::fmt::Write as _;
use std::path::Path;

use crate::model::{IsoDate, SectionKind, SectionVocabulary};
use crate::series::{self, Summary};

/// How many of the latest gaps between meetings set the cadence.
const CADENCE_GAPS: usize = 6;

/// The next meeting date of a series whose meetings are on `dates` (sorted): the last
/// one plus the series' usual gap (the median of its latest gaps), moved on by whole
/// gaps until it is not before `today`. `None` with fewer than two meetings; then the
/// meeting is today. Returns the date and the gap in days.
pub fn next_date(dates: &[IsoDate], today: IsoDate) -> Option<(IsoDate, i64)> {
    let days: Vec<i64> = dates.iter().map(|d| d.days_since_epoch()).collect();
    let mut gaps: Vec<i64> = days
        .windows(2)
        .map(|pair| pair[1] - pair[0])
        .filter(|gap| *gap > 0)
        .collect();
    let start = gaps.len().saturating_sub(CADENCE_GAPS);
    let mut recent = gaps.split_off(start);
    if recent.is_empty() {
        return None;
    }
    recent.sort_unstable();
    let gap = recent[recent.len() / 2];
    let mut next = *days.last()? + gap;
    let today = today.days_since_epoch();
    if next < today {
        next += (today - next + gap - 1) / gap * gap;
    }
    Some((IsoDate::from_days_since_epoch(next), gap))
}

/// The file name of the next meeting, after the series' last one: its date replaced by
/// `date` (`2026-11-24.md` → `2026-12-08.md`, `alex-2026-11-24.md` →
/// `alex-2026-12-08.md`); `<date>-<slug>.md` when it has no date in its name.
pub fn file_name(previous: Option<&Path>, date: IsoDate, slug: &str) -> String {
    let named = previous
        .and_then(Path::file_name)
        .and_then(|n| n.to_str())
        .and_then(|name| {
            let old = IsoDate::find_in(name)?.to_string();
            let at = name.find(&old)?;
            Some(format!("{}{date}{}", &name[..at], &name[at + old.len()..]))
        });
    named.unwrap_or_else(|| format!("{date}-{slug}.md"))
}

/// The open items of the series' last meeting before the new one, leaving out those
/// checked off in any meeting of the series (an item done later, or done in a
/// meeting written after the one that left it open).
pub fn open_items<'s>(series: &[&'s Summary], last: Option<&'s Summary>) -> Vec<&'s str> {
    let done: Vec<Vec<String>> = series
        .iter()
        .flat_map(|s| &s.tasks)
        .filter(|t| t.checked)
        .map(|t| series::normalise(&t.text))
        .collect();
    last.into_iter()
        .flat_map(Summary::open_tasks)
        .filter(|t| {
            let words = series::normalise(&t.text);
            !done.iter().any(|d| series::similar(d, &words))
        })
        .map(|t| t.text.as_str())
        .collect()
}

/// What a template is filled in with.
pub struct Filling<'a> {
    /// The meeting date.
    pub date: IsoDate,
    /// Who it is with.
    pub with: &'a str,
    /// Planned minutes.
    pub duration: u32,
    /// Open items to carry over.
    pub open_items: &'a [&'a str],
}

/// Fills a user's template: `{{date}}`, `{{with}}`, `{{duration}}` and
/// `{{open_items}}` anywhere; the front matter's `date`, `with` and `duration` set
/// (and `date` and `with` added when missing, the block too); the open items, when
/// the template has no `{{open_items}}`, put under its first action items heading (a
/// new `## Action items` section at the end when it has none).
pub fn fill_template(
    template: &str,
    filling: &Filling<'_>,
    vocabulary: &SectionVocabulary,
) -> String {
    let eol = if template.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let mut items = String::new();
    for item in filling.open_items {
        let _ = write!(items, "- [ ] {item}{eol}");
    }
    let mut text = template
        .replace("{{date}}", &filling.date.to_string())
        .replace("{{with}}", filling.with)
        .replace("{{duration}}", &filling.duration.to_string());
    let has_token = text.contains("{{open_items}}");
    if has_token {
        // A line holding only the token becomes the items; elsewhere they go inline.
        let mut out = String::with_capacity(text.len() + items.len());
        for line in text.split_inclusive('\n') {
            if line.trim() == "{{open_items}}" {
                out.push_str(&items);
            } else {
                out.push_str(&line.replace("{{open_items}}", items.trim_end()));
            }
        }
        text = out;
    }
    let mut text = with_front_matter(&text, filling, eol);
    if !has_token && !items.is_empty() {
        text = with_items(&text, &items, vocabulary, eol);
    }
    text
}

/// The template with its front matter's `date`, `with` and `duration` set.
fn with_front_matter(text: &str, filling: &Filling<'_>, eol: &str) -> String {
    let values = [
        ("date", filling.date.to_string()),
        ("with", crate::scaffold::yaml_scalar(filling.with)),
        ("duration", filling.duration.to_string()),
    ];
    let body_start = crate::model::front_matter::body_start(text);
    let bom = usize::from(text.starts_with('\u{feff}')) * 3;
    let has_block = body_start > bom;
    if !has_block {
        let mut out = format!("---{eol}");
        for (key, value) in &values {
            let _ = write!(out, "{key}: {value}{eol}");
        }
        let _ = write!(out, "---{eol}");
        return format!("{}{out}{}", &text[..bom], &text[bom..]);
    }
    let block = &text[..body_start];
    let mut seen = Vec::new();
    let mut out = String::with_capacity(text.len());
    let lines: Vec<&str> = block.split_inclusive('\n').collect();
    for (index, line) in lines.iter().enumerate() {
        let key = line
            .split(':')
            .next()
            .unwrap_or("")
            .trim_start_matches('\u{feff}');
        let value = values
            .iter()
            .find(|(k, _)| *k == key && !line.starts_with([' ', '\t']));
        match value {
            Some((key, value)) if index > 0 => {
                seen.push(*key);
                let _ = write!(out, "{key}: {value}{eol}");
            }
            _ => {
                // Missing keys go just before the closing line.
                if index + 1 == lines.len() {
                    for (key, value) in values.iter().filter(|(k, _)| *k != "duration") {
                        if !seen.contains(key) {
                            let _ = write!(out, "{key}: {value}{eol}");
                        }
                    }
                }
                out.push_str(line);
            }
        }
    }
    out.push_str(&text[body_start..]);
    out
}

/// The template with `items` under its first action items heading, or in a new
/// section at its end.
fn with_items(text: &str, items: &str, vocabulary: &SectionVocabulary, eol: &str) -> String {
    let body_start = crate::model::front_matter::body_start(text);
    let mut offset = body_start;
    let mut fence = false;
    for line in text[body_start..].split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = !fence;
        }
        let level = trimmed.bytes().take_while(|b| *b == b'#').count();
        let is_heading =
            !fence && (1..=6).contains(&level) && trimmed[level..].starts_with([' ', '\t']);
        offset += line.len();
        if is_heading && vocabulary.classify(trimmed[level..].trim()) == SectionKind::Actions {
            let newline = if line.ends_with('\n') { "" } else { eol };
            return format!("{}{newline}{items}{}", &text[..offset], &text[offset..]);
        }
    }
    let mut out = text.to_string();
    if !out.ends_with('\n') {
        out.push_str(eol);
    }
    let _ = write!(out, "{eol}## Action items{eol}{eol}{items}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> IsoDate {
        IsoDate::parse(text).expect("a date")
    }

    #[test]
    fn the_next_date_follows_the_cadence() {
        let biweekly = [
            date("2026-10-13"),
            date("2026-10-27"),
            date("2026-11-10"),
            date("2026-11-24"),
        ];
        assert_eq!(
            next_date(&biweekly, date("2026-11-25")),
            Some((date("2026-12-08"), 14))
        );
        // Months later, the next date on the cadence not before today.
        assert_eq!(
            next_date(&biweekly, date("2027-01-10")),
            Some((date("2027-01-19"), 14))
        );
        assert_eq!(
            next_date(&biweekly, date("2026-12-08")),
            Some((date("2026-12-08"), 14))
        );
        // One odd gap does not change a weekly series.
        let weekly = [
            date("2026-11-02"),
            date("2026-11-09"),
            date("2026-11-23"),
            date("2026-11-30"),
        ];
        assert_eq!(
            next_date(&weekly, date("2026-12-01")),
            Some((date("2026-12-07"), 7))
        );
        assert_eq!(next_date(&[date("2026-11-02")], date("2026-12-01")), None);
    }

    #[test]
    fn file_names_follow_the_series() {
        let d = date("2026-12-08");
        assert_eq!(
            file_name(Some(Path::new("alex/2026-11-24.md")), d, "alex-kim"),
            "2026-12-08.md"
        );
        assert_eq!(
            file_name(
                Some(Path::new("1on1-alex-2026-11-24.markdown")),
                d,
                "alex-kim"
            ),
            "1on1-alex-2026-12-08.markdown"
        );
        assert_eq!(
            file_name(Some(Path::new("latest.md")), d, "alex-kim"),
            "2026-12-08-alex-kim.md"
        );
        assert_eq!(file_name(None, d, "alex-kim"), "2026-12-08-alex-kim.md");
    }

    #[test]
    fn templates_are_filled_in() {
        let vocabulary = SectionVocabulary::builtin();
        let filling = Filling {
            date: date("2026-12-08"),
            with: "Dana Whitfield",
            duration: 45,
            open_items: &["Send the RFC", "Book the room"],
        };
        let template = "---\ndate: YYYY-MM-DD\nwith: <who>\nduration: 30\ntags: [1on1]\n---\n# 1:1 with {{with}} — {{date}}\n\n## Follow-ups\n<!-- last time -->\n\n## Projects\n";
        assert_eq!(
            fill_template(template, &filling, vocabulary),
            "---\ndate: 2026-12-08\nwith: Dana Whitfield\nduration: 45\ntags: [1on1]\n---\n# 1:1 with Dana Whitfield — 2026-12-08\n\n## Follow-ups\n- [ ] Send the RFC\n- [ ] Book the room\n<!-- last time -->\n\n## Projects\n"
        );
        let token = "---\ntags: [1on1]\n---\n## Carried over\n{{open_items}}\n";
        assert_eq!(
            fill_template(token, &filling, vocabulary),
            "---\ntags: [1on1]\ndate: 2026-12-08\nwith: Dana Whitfield\n---\n## Carried over\n- [ ] Send the RFC\n- [ ] Book the room\n"
        );
        assert_eq!(
            fill_template("# Notes\n", &filling, vocabulary),
            "---\ndate: 2026-12-08\nwith: Dana Whitfield\nduration: 45\n---\n# Notes\n\n## Action items\n\n- [ ] Send the RFC\n- [ ] Book the room\n"
        );
    }
}
