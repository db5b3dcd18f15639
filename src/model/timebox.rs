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
    let trimmed = text.trim_end_matches(|c: char| c.is_whitespace() || c == ':');
    bracketed(trimmed).or_else(|| dashed(trimmed))
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

/// `10 min`, `10m`, `10 mins`, `10 minutes`, `1h`, `1 hr`, `1.5 h`: minutes, if that is all.
fn duration(text: &str) -> Option<u32> {
    let text = text.trim();
    let digits = text.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    if digits == 0 {
        return None;
    }
    let number: f64 = text[..digits].parse().ok()?;
    let unit = text[digits..].trim_start().to_ascii_lowercase();
    let factor = match unit.as_str() {
        "m" | "min" | "mins" | "min." | "minute" | "minutes" => 1.0,
        "h" | "hr" | "hrs" | "hour" | "hours" => 60.0,
        _ => return None,
    };
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
