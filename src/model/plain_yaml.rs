//! Front matter of the plain kind almost every agenda has (`date: 2026-09-01`,
//! `with: Alex Kim`, `duration: 30`), read without the YAML parser.
//!
//! Building `serde_yaml`'s parser and loader costs more than reading such a block line
//! by line, and front matter is read for every agenda. [`read`] accepts only text whose
//! meaning leaves no doubt: each line is blank, a comment, or `key: value` at the left
//! margin, with a key of letters, digits, `_` and `-` and a value that is empty, a date,
//! a decimal number or a word-initial scalar holding none of YAML's indicators. For such
//! text it builds the very value `serde_yaml::from_str::<Value>` would (the tests compare
//! the two on generated and real front matter). Anything else (nesting, lists, quotes,
//! comments after a value, tabs, `:` or `#` in a value, a repeated key) returns `None`,
//! and the caller parses the YAML.
//!
//! Example: `"date: 2026-09-01\nwith: Alex Kim\nduration: 30\n"` reads as a mapping of
//! two strings and the number 30; `"with: [Alex, Sam]\n"` returns `None`.

use serde_yaml::{Mapping, Number, Value};

/// The longest key read here; longer ones are left to the parser (which limits how long
/// a key may be).
const LONGEST_KEY: usize = 128;

/// The most keys read here; a longer block is left to the parser.
const MOST_KEYS: usize = 64;

/// The mapping `yaml` parses to, when every line of it is plain; `None` otherwise (then
/// parse it with `serde_yaml`).
pub(crate) fn read(yaml: &str) -> Option<Value> {
    if yaml.bytes().any(|b| (b < b' ' && b != b'\n') || b == 0x7f) || has_unprintable(yaml) {
        return None;
    }
    let mut mapping = Mapping::new();
    for line in yaml.split('\n') {
        if line.bytes().all(|b| b == b' ') || line.starts_with('#') {
            continue;
        }
        let (key, value) = entry(line)?;
        // A repeated key is an error to the parser; looked for among the few keys read
        // so far (a long block is left to the parser).
        if mapping.len() >= MOST_KEYS || mapping.keys().any(|k| k.as_str() == Some(key)) {
            return None;
        }
        mapping.insert(Value::String(key.to_string()), value);
    }
    // An empty block parses to null, which the caller reads as an empty mapping.
    (!mapping.is_empty()).then_some(Value::Mapping(mapping))
}

/// Characters YAML does not allow unescaped (C1 controls, the BOM, non-characters) or
/// reads as line breaks (U+2028, U+2029).
fn has_unprintable(yaml: &str) -> bool {
    !yaml.is_ascii()
        && yaml.chars().any(|c| {
            matches!(
                c,
                '\u{80}'
                    ..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
            )
        })
}

/// One `key: value` line at the left margin.
fn entry(line: &str) -> Option<(&str, Value)> {
    let colon = line.find(':')?;
    let key = &line[..colon];
    if !is_plain_key(key) {
        return None;
    }
    let rest = &line[colon + 1..];
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some((key, scalar(rest.trim_matches(' '))?))
}

/// A key that reads as itself: a letter or `_`, then letters, digits, `_` and `-`, and
/// not a word YAML reads as null or a boolean.
fn is_plain_key(key: &str) -> bool {
    let mut bytes = key.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && key.len() <= LONGEST_KEY
        && !is_null_or_bool(key)
}

/// The value of a plain scalar, as `serde_yaml` resolves it, or `None` when the text
/// could be read another way.
fn scalar(text: &str) -> Option<Value> {
    if text.is_empty() || matches!(text, "null" | "Null" | "NULL") {
        return Some(Value::Null);
    }
    match text {
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    if text.contains([':', '#', '[', ']', '{', '}', '\t']) {
        return None;
    }
    let first = text.chars().next()?;
    if first.is_ascii_digit() {
        return number_or_date(text);
    }
    // A scalar that starts with a letter is a string: YAML's numbers start with a digit,
    // a sign or a dot, and its other readings (null, booleans) were taken above.
    first
        .is_alphabetic()
        .then(|| Value::String(text.to_string()))
}

/// A decimal number without leading zeros, or a `YYYY-MM-DD` date (a string to YAML 1.2).
fn number_or_date(text: &str) -> Option<Value> {
    let bytes = text.as_bytes();
    if bytes.iter().all(u8::is_ascii_digit) {
        if text.len() > 1 && text.starts_with('0') {
            return None;
        }
        return text
            .parse::<u64>()
            .ok()
            .map(|n| Value::Number(Number::from(n)));
    }
    let is_date = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    is_date.then(|| Value::String(text.to_string()))
}

fn is_null_or_bool(word: &str) -> bool {
    matches!(
        word,
        "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parsed(yaml: &str) -> Option<Value> {
        serde_yaml::from_str::<Value>(yaml).ok()
    }

    #[test]
    fn an_agendas_front_matter_reads_as_the_parser_reads_it() {
        let yaml = "date: 2026-09-01\nwith: Alex Kim\nduration: 30\n";
        let value = read(yaml).expect("plain front matter is read");
        assert_eq!(Some(value), parsed(yaml));
        let mapping = read(yaml).and_then(|v| v.as_mapping().cloned());
        assert_eq!(
            mapping.as_ref().and_then(|m| m.get("duration")),
            Some(&Value::Number(Number::from(30u64)))
        );
    }

    #[test]
    fn anything_but_plain_lines_is_left_to_the_parser() {
        for yaml in [
            "with: [Alex, Sam]\n",
            "attendees:\n  - Alex\n",
            "with: \"Alex\"\n",
            "with: 'Alex'\n",
            "with: Alex # the lead\n",
            "time: 10:30\n",
            "date: 2026-9-1\n",
            "duration: 030\n",
            "duration: -5\n",
            "ratio: 0.5\n",
            "with: Alex\nwith: Sam\n",
            "with:\tAlex\n",
            "with: Alex\r\n",
            "  with: Alex\n",
            "with : Alex\n",
            "\"with\": Alex\n",
            "true: Alex\n",
            "with: &a Alex\n",
            "with: *a\n",
            "with: !tag Alex\n",
            "with: |\n  Alex\n",
            "with: Al\u{85}ex\n",
            "with: -Alex\n",
            "",
            "\n\n",
        ] {
            assert_eq!(read(yaml), None, "{yaml:?}");
        }
    }

    #[test]
    fn words_yaml_reads_otherwise_become_what_yaml_makes_of_them() {
        for yaml in [
            "private: true\n",
            "private: False\n",
            "with: null\n",
            "with:\n",
            "with: inf\n",
            "with: nan\n",
            "with: Infinity\n",
            "with: yes\n",
            "with: José García\n",
            "with: Zoë — staff eng, she/her\n",
            "duration: 0\n",
            "duration: 18446744073709551615\n",
            "# a comment\nwith: Alex\n\n",
        ] {
            let read = read(yaml);
            assert!(read.is_some(), "{yaml:?} is plain");
            assert_eq!(read, parsed(yaml), "{yaml:?}");
        }
        // Past u64 the parser keeps a wider number; this reader leaves it alone.
        assert_eq!(read("duration: 18446744073709551616\n"), None);
    }

    /// Pieces of front matter, plain and not.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just("   ".to_string()),
            Just("# note".to_string()),
            "[a-zA-Z_][a-zA-Z0-9_-]{0,8}: [a-zA-Z][a-zA-Z0-9 ,.'\"&*!|>%@`?-]{0,20}",
            "[a-zA-Z_][a-zA-Z0-9_-]{0,8}: [0-9]{1,21}",
            "[a-zA-Z_][a-zA-Z0-9_-]{0,8}: [0-9]{4}-[0-9]{2}-[0-9]{2}",
            "[a-zA-Z_][a-zA-Z0-9_-]{0,8}: [ -~]{0,12}",
            "[a-z]{1,6}:",
            "[ -~]{0,16}",
            "[a-z]{1,4}: \\PC{0,6}",
            Just("private: TRUE".to_string()),
            Just("key: Null".to_string()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// Whenever the plain reader answers, the YAML parser agrees with it.
        #[test]
        fn the_plain_reader_agrees_with_the_yaml_parser(
            lines in proptest::collection::vec(piece(), 0..6),
            end in proptest::bool::ANY,
        ) {
            let mut yaml = lines.join("\n");
            if end {
                yaml.push('\n');
            }
            if let Some(value) = read(&yaml) {
                prop_assert_eq!(Some(value), parsed(&yaml), "{:?}", yaml);
            }
        }
    }
}
