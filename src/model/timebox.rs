//! Time boxes: a heading or item that ends in `(10 min)`, `(10m)`, `[15 min]` or
//! `— 10 min` plans that many minutes (SPEC §1). Hours are accepted too (`(1h)`).

/// A time box found at the end of a piece of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    /// Byte offset in the text where the time box (with its brackets or dash) starts,
    /// after the whitespace before it.
    pub text_start: usize,
    /// The planned minutes.
    pub minutes: u32,
}

/// Finds a time box at the end of `text` (trailing whitespace and `:` ignored).
pub fn find(text: &str) -> Option<Found> {
    let trailing = |c: char| c.is_whitespace() || c == ':';
    let trimmed = match text.as_bytes().last() {
        // Most texts end in a letter or a digit: nothing to trim.
        Some(&last) if last.is_ascii() && !trailing(char::from(last)) => text,
        _ => text.trim_end_matches(trailing),
    };
    // A time box ends in a bracket, or in a unit (letters, perhaps a dot).
    match trimmed.as_bytes().last()? {
        b')' | b']' => bracketed(trimmed),
        last if last.is_ascii_alphabetic() || *last == b'.' => dashed(trimmed),
        _ => None,
    }
}

fn bracketed(text: &str) -> Option<Found> {
    let close = text.chars().last()?;
    let open = match close {
        ')' => '(',
        ']' => '[',
        _ => return None,
    };
    let inner_end = text.len() - 1;
    let open_at = text[..inner_end].rfind(open)?;
    let minutes = duration(&text[open_at + 1..inner_end])?;
    Some(Found {
        text_start: open_at,
        minutes,
    })
}

fn dashed(text: &str) -> Option<Found> {
    // The text must end in a unit: look there before searching the whole text for a dash.
    if !ends_in_unit(text) {
        return None;
    }
    dashed_anywhere(text)
}

/// [`dashed`] without its first look at the ending.
fn dashed_anywhere(text: &str) -> Option<Found> {
    let dash_at = text.rfind(['—', '–', '-'])?;
    let before = &text[..dash_at];
    // A dash glued to a word ("Follow-ups 5 min") is not a separator.
    if !(before.is_empty() || before.ends_with(char::is_whitespace)) {
        return None;
    }
    let dash_len = text[dash_at..].chars().next().map_or(1, char::len_utf8);
    let minutes = duration(&text[dash_at + dash_len..])?;
    Some(Found {
        text_start: dash_at,
        minutes,
    })
}

/// The units [`duration`] reads, lowercased, each with its length in minutes.
const UNITS: [(&str, f64); 11] = [
    ("m", 1.0),
    ("min", 1.0),
    ("mins", 1.0),
    ("min.", 1.0),
    ("minute", 1.0),
    ("minutes", 1.0),
    ("h", 60.0),
    ("hr", 60.0),
    ("hrs", 60.0),
    ("hour", 60.0),
    ("hours", 60.0),
];

/// The minutes in one `unit` (any case), if it is one of [`UNITS`].
fn unit_minutes(unit: &str) -> Option<f64> {
    UNITS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(unit))
        .map(|&(_, minutes)| minutes)
}

/// Whether `text` ends in one of [`UNITS`] (any case) with no letter right before it:
/// the ending every time box after a dash has.
fn ends_in_unit(text: &str) -> bool {
    let bytes = text.as_bytes();
    let end = bytes.len();
    let letters_end = if bytes.last() == Some(&b'.') {
        end - 1
    } else {
        end
    };
    let start = bytes[..letters_end]
        .iter()
        .rposition(|b| !b.is_ascii_alphabetic())
        .map_or(0, |at| at + 1);
    // Units are short: anything longer cannot be one. And a number (digits and dots)
    // stands right before a unit ("10 min", "1.5h", "5.m"): most texts end in a short
    // word after another word.
    if end - start > "minutes".len()
        || !text[..start]
            .trim_end()
            .ends_with(|c: char| c.is_ascii_digit() || c == '.')
    {
        return false;
    }
    unit_minutes(&text[start..]).is_some()
}

/// `10 min`, `10m`, `10 mins`, `10 minutes`, `1h`, `1 hr`, `1.5 h`: minutes, if that is all.
fn duration(text: &str) -> Option<u32> {
    let text = text.trim();
    let digits = text.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    if digits == 0 {
        return None;
    }
    let number: f64 = text[..digits].parse().ok()?;
    let factor = unit_minutes(text[digits..].trim_start())?;
    let minutes = number * factor;
    if !minutes.is_finite() || minutes <= 0.0 || minutes > 24.0 * 60.0 {
        return None;
    }
    #[allow(clippy::cast_sign_loss)]
    Some(minutes.round() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unit_is_read_and_ends_a_dashed_time_box() {
        for (unit, _) in UNITS {
            for spelt in [unit.to_string(), unit.to_ascii_uppercase()] {
                let text = format!("Misc — 5 {spelt}");
                assert!(duration(&format!("5 {spelt}")).is_some(), "{spelt}");
                assert!(ends_in_unit(&text), "{text}");
                assert_eq!(dashed(&text), dashed_anywhere(&text), "{text}");
            }
        }
    }

    #[test]
    fn the_look_at_the_ending_passes_every_dashed_time_box() {
        let endings = [
            "",
            " ",
            "5",
            "5 ",
            "5m",
            "5 m",
            "5.m",
            "5.",
            "1.5h",
            "1.5 hours",
            "10 min.",
            "10 m.",
            "10 xmin",
            "10 émin",
            "10 minutesx",
            "10 MINUTES",
            "10 min:",
            "x min",
            "—",
            "- 5",
            "ab",
            "é",
            "🚀 5 min",
            "10minutes",
            "10 min 5",
        ];
        for head in [
            "", "Plan", "Plan ", "Plan -", "Plan - ", "Plan —", "a-b ", "– ",
        ] {
            for tail in endings {
                for text in [format!("{head}{tail}"), format!("{head} - {tail}")] {
                    let text = text.trim_end();
                    assert_eq!(dashed(text), dashed_anywhere(text), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn every_accepted_form() {
        for (text, minutes) in [
            ("Projects (10 min)", 10),
            ("Projects (10m)", 10),
            ("Projects [15 min]", 15),
            ("Projects — 10 min", 10),
            ("Projects – 10 mins", 10),
            ("Projects - 5 minutes", 5),
            ("Projects (1h)", 60),
            ("Projects (1.5 hrs):", 90),
            ("(5 min)", 5),
        ] {
            assert_eq!(find(text).map(|f| f.minutes), Some(minutes), "{text}");
        }
    }

    #[test]
    fn not_time_boxes() {
        for text in [
            "Cut build time to 10 min",
            "p99 (200 ms)",
            "Follow-ups 5 min",
            "Projects (ten min)",
            "Budget (0 min)",
            "Latency (p99)",
        ] {
            assert_eq!(find(text), None, "{text}");
        }
    }

    #[test]
    fn start_is_where_the_box_begins() {
        let text = "Flaky tests (5 min)";
        assert_eq!(
            find(text).map(|f| &text[..f.text_start]),
            Some("Flaky tests ")
        );
    }
}
