//! Keeping what a message says short whatever the input: a list names a few and counts
//! the rest, a quote of the user's text is clipped.
//!
//! A message, label or help must never grow with the number of files (a folder of 20,000
//! agendas of one date once made each finding list the 19,999 others, and the JSON
//! output grow as n²), nor with the length of a line: rules build their lists and quotes
//! with these helpers.

use std::fmt::Display;

/// How many items a list in a message names before counting the rest.
pub const FEW: usize = 3;

/// The longest quote of the user's text in a message, in characters.
pub const QUOTE_CHARS: usize = 120;

/// `a, b, c … and 19,996 more` for `total` items of which `items` yields the first ones
/// (at most [`FEW`] of them are taken, each [`clip`]ped); `a, b` when there are no more.
pub fn name_a_few<T: Display>(items: impl IntoIterator<Item = T>, total: usize) -> String {
    let named: Vec<String> = items
        .into_iter()
        .take(FEW)
        .map(|item| clip(&item.to_string()).into_owned())
        .collect();
    let mut text = named.join(", ");
    let more = total.saturating_sub(named.len());
    if more > 0 {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str("… and ");
        text.push_str(&count(more));
        text.push_str(" more");
    }
    text
}

/// A count with thousands separators: `19,996`.
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut text = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            text.push(',');
        }
        text.push(digit);
    }
    text
}

/// The user's text for a quote in a message: whole when it is short, else its first
/// [`QUOTE_CHARS`] characters and `…`.
pub fn clip(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(QUOTE_CHARS) {
        None => std::borrow::Cow::Borrowed(text),
        Some((cut, _)) => std::borrow::Cow::Owned(format!("{}…", text[..cut].trim_end())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_name_a_few_and_count_the_rest() {
        assert_eq!(name_a_few(["a"], 1), "a");
        assert_eq!(name_a_few(["a", "b", "c"], 3), "a, b, c");
        assert_eq!(name_a_few(["a", "b", "c", "d"], 4), "a, b, c … and 1 more");
        assert_eq!(
            name_a_few((0..).map(|i| format!("f{i}.md")), 19_999),
            "f0.md, f1.md, f2.md … and 19,996 more"
        );
        assert_eq!(name_a_few(Vec::<String>::new(), 5), "… and 5 more");
        assert_eq!(name_a_few(Vec::<String>::new(), 0), "");
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        for (n, text) in [
            (0, "0"),
            (999, "999"),
            (1_000, "1,000"),
            (19_996, "19,996"),
            (1_234_567, "1,234,567"),
        ] {
            assert_eq!(count(n), text);
        }
    }

    #[test]
    fn long_quotes_are_clipped_on_a_character() {
        assert_eq!(clip("short"), "short");
        let long = "é".repeat(QUOTE_CHARS + 1);
        let clipped = clip(&long);
        assert_eq!(clipped.chars().count(), QUOTE_CHARS + 1);
        assert!(clipped.ends_with('…'));
        assert_eq!(clip(&"x".repeat(QUOTE_CHARS)).len(), QUOTE_CHARS);
    }
}
