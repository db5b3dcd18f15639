//! Keeps flagged words out of every output: the text a human report shows is masked
//! where a privacy finding points, and no other finding may quote those words.

use crate::diagnostic::{Diagnostic, Span};

/// What each masked character becomes: one byte, so every offset into the text stays
/// valid.
pub const MASK: char = '*';

/// The spans of the privacy findings among `diagnostics`.
pub fn private_spans<'d>(diagnostics: impl IntoIterator<Item = &'d Diagnostic>) -> Vec<Span> {
    diagnostics
        .into_iter()
        .filter(|d| super::is_privacy_rule(&d.rule))
        .map(|d| d.span)
        .collect()
}

/// `text` with every byte inside `spans` replaced by [`MASK`], line breaks kept. The
/// spans lie on character boundaries, so the result is valid UTF-8 of the same length.
pub fn masked(text: &str, spans: &[Span]) -> String {
    if spans.is_empty() {
        return text.to_string();
    }
    let mut bytes = text.as_bytes().to_vec();
    for span in spans {
        let end = span.end.min(bytes.len());
        for byte in bytes.iter_mut().take(end).skip(span.start) {
            if !matches!(*byte, b'\n' | b'\r' | b' ' | b'\t') {
                *byte = MASK as u8;
            }
        }
    }
    // Every byte of a multi-byte character was replaced whole (spans are on character
    // boundaries), so the bytes are still UTF-8; the lossy form never allocates anew.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The words of `text` inside `spans`, lowercase and sorted, as a finding could quote
/// them.
pub fn flagged_words(text: &str, spans: &[Span]) -> Vec<String> {
    let mut words: Vec<String> = spans
        .iter()
        .filter_map(|s| text.get(s.start..s.end))
        .flat_map(|t| word_ranges(t).map(move |r| &t[r]))
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(str::to_lowercase)
        .collect();
    words.sort();
    words.dedup();
    words
}

/// Short words that say nothing private on their own ("is", "the", "his"): masking them
/// in another finding's message would only garble it.
const PLAIN_WORDS: [&str; 40] = [
    "about", "after", "and", "are", "been", "but", "can", "for", "from", "got", "had", "has",
    "have", "her", "him", "his", "into", "its", "not", "now", "our", "out", "she", "that", "the",
    "their", "them", "then", "they", "this", "too", "very", "was", "were", "what", "when", "will",
    "with", "you", "your",
];

/// Whether a flagged word could disclose something when quoted alone: it holds a digit,
/// or it is three letters or more and not a plain word.
fn telling(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit())
        || (word.chars().count() >= 3 && !PLAIN_WORDS.contains(&word))
}

/// Takes the flagged words out of what other findings say about the same lines: a
/// telling word of a privacy span (digits, or three letters or more that are not a
/// plain word) quoted in the message, help or a label of a finding on one of its lines
/// becomes [`MASK`]s, and such a finding's fix is dropped when its edits would write one
/// (the line is to be moved or reworded first).
pub fn redact(text: &str, diagnostics: &mut [Diagnostic]) {
    let spans = private_spans(diagnostics.iter());
    if spans.is_empty() {
        return;
    }
    // The private spans widened to whole lines: what a finding there may quote.
    let lines: Vec<Span> = spans.iter().map(|s| whole_lines(text, *s)).collect();
    let mut words = flagged_words(text, &spans);
    words.retain(|w| telling(w));
    for diagnostic in diagnostics.iter_mut() {
        if super::is_privacy_rule(&diagnostic.rule) {
            continue;
        }
        let near = std::iter::once(diagnostic.span)
            .chain(diagnostic.labels.iter().map(|(span, _)| *span))
            .any(|span| lines.iter().any(|l| l.overlaps(span) || l.contains(span)));
        if !near {
            continue;
        }
        redact_words(&mut diagnostic.message, &words);
        redact_words(&mut diagnostic.help, &words);
        for (_, note) in &mut diagnostic.labels {
            redact_words(note, &words);
        }
        let writes_flagged = diagnostic.fix.as_ref().is_some_and(|fix| {
            fix.edits
                .iter()
                .any(|e| contains_any_word(&e.replacement, &words))
        });
        if writes_flagged {
            diagnostic.fix = None;
        }
    }
}

/// `span` widened to the start of its first line and the end of its last.
fn whole_lines(text: &str, span: Span) -> Span {
    let start = text
        .get(..span.start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let end = text
        .get(span.end..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| span.end + i);
    Span::new(start, end)
}

/// Whether `haystack` holds one of `words` as a whole word (case-insensitive).
fn contains_any_word(haystack: &str, words: &[String]) -> bool {
    word_ranges(haystack).any(|r| words.binary_search(&haystack[r].to_lowercase()).is_ok())
}

/// The ranges of the words of `text`: runs of letters, digits, `$` and `%`.
fn word_ranges(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let is_word = |c: char| c.is_alphanumeric() || c == '$' || c == '%';
    let mut ranges = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (is_word(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                ranges.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        ranges.push(s..text.len());
    }
    ranges.into_iter()
}

/// Replaces each of `words` (lowercase, sorted) in `text`, whole words in any case, by
/// [`MASK`]s.
pub fn redact_words(text: &mut String, words: &[String]) {
    let hits: Vec<_> = word_ranges(text)
        .filter(|r| words.binary_search(&text[r.clone()].to_lowercase()).is_ok())
        .collect();
    for range in hits.into_iter().rev() {
        let stars = MASK.to_string().repeat(text[range.clone()].chars().count());
        text.replace_range(range, &stars);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Edit, Fix, Severity};

    #[test]
    fn masking_keeps_offsets_and_line_breaks() {
        let text = "- my base is 145k\n- ok é\n";
        let masked = masked(text, &[Span::new(5, 17), Span::new(23, 25)]);
        assert_eq!(masked.len(), text.len());
        assert_eq!(masked, "- my **** ** ****\n- ok **\n");
    }

    #[test]
    fn other_findings_lose_the_flagged_words_and_fixes_that_write_them() {
        let text = "- my base is 145k, annoying\n";
        let private = Diagnostic::new(
            "private-pay",
            Severity::Warning,
            Span::new(5, 17),
            "Pay details",
            "",
        );
        let other = Diagnostic::new(
            "complaint-phrasing",
            Severity::Warning,
            Span::new(2, 27),
            "Complaint phrasing (145k, annoying)",
            "Say what base would help",
        )
        .with_fix(Fix::unsafe_edits(vec![Edit::replacement(
            Span::new(2, 27),
            "base 145k",
        )]));
        let mut all = vec![private, other];
        redact(text, &mut all);
        assert_eq!(all[1].message, "Complaint phrasing (****, annoying)");
        assert_eq!(all[1].help, "Say what **** would help");
        assert!(all[1].fix.is_none());
        assert_eq!(all[0].message, "Pay details");
    }

    #[test]
    fn findings_elsewhere_and_plain_words_are_left_alone() {
        let text = "- my base is 145k\n- the rollout is late\n";
        let private = Diagnostic::new(
            "private-pay",
            Severity::Warning,
            Span::new(5, 17),
            "Pay details",
            "",
        );
        let same_line = Diagnostic::new(
            "no-time-bound",
            Severity::Warning,
            Span::new(2, 17),
            "It is 145k",
            "",
        );
        let other_line = Diagnostic::new(
            "no-time-bound",
            Severity::Warning,
            Span::new(20, 38),
            "Base is late",
            "",
        );
        let mut all = vec![private, same_line, other_line];
        redact(text, &mut all);
        assert_eq!(all[1].message, "It is ****");
        assert_eq!(all[2].message, "Base is late");
    }
}
