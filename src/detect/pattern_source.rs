//! The regex source of a pattern list from rule data: one alternation, in ASCII
//! classes, case-insensitive unless written in lowercase.
//!
//! `build.rs` reads this module too: it turns the built-in lists into regex syntax trees
//! at build time (see `detect::phrases`), from the same source the binary would parse.

/// The keys whose lists of text in the rule data are regexes (each list compiled by
/// `detect::phrases::compile_patterns`), at any depth.
pub const PATTERN_KEYS: [&str; 2] = ["patterns", "self_questions"];

/// The regex source of `patterns` and whether it expects lowercased text.
///
/// A list written in lowercase (all of the built-in ones) is matched without case
/// folding against a lowercased copy of the text; a list with an upper-case letter
/// anywhere (a class such as `\W` or `[A-Z]`, a flag such as `(?-i)`) keeps case folding.
///
/// ```text
/// ["\bwhy me\b"] -> ("(?:(?-u:\b)why me(?-u:\b))", true)
/// ```
pub fn regex_source(patterns: &[String]) -> (String, bool) {
    let joined = alternation(patterns);
    if is_lowercase(patterns) {
        (joined, true)
    } else {
        (format!("(?i){joined}"), false)
    }
}

/// Whether `patterns` are written without an upper-case letter, so that their regex
/// matches a lowercased copy of the text without case folding.
pub fn is_lowercase(patterns: &[String]) -> bool {
    !patterns
        .iter()
        .any(|p| p.bytes().any(|b| b.is_ascii_uppercase()))
}

/// The patterns as one alternation, each in ASCII classes ([`ascii_classes`]).
pub fn alternation(patterns: &[String]) -> String {
    patterns
        .iter()
        .map(|p| format!("(?:{})", ascii_classes(p)))
        .collect::<Vec<_>>()
        .join("|")
}

/// Rewrites `\b`, `\w`, `\s` and `\d` in a pattern to their ASCII forms, inside and
/// outside character classes. Their Unicode forms cost far more to compile (a Unicode
/// `\w` is hundreds of ranges, and a bounded repeat copies it each time) and push the
/// search off its fast path, for no gain: the rule data spells its words in ASCII.
///
/// A negated class of ASCII characters becomes a byte class (`[^.;]` to
/// `(?-u:[^.;])`, for a bytes regex): as a Unicode class it is every other character,
/// compiled to a dozen UTF-8 byte sequences, and a bounded repeat (`[^.;]{0,40}`)
/// copies them forty times. As a byte class it matches each byte of a non-ASCII
/// character on its own, so a gap counts bytes rather than characters.
pub fn ascii_classes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() * 2);
    let mut in_class = false;
    // Where the open class starts in `out`, and whether it is negated and ASCII.
    let mut class_start = 0;
    let mut byte_class = false;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(escaped) = chars.next() else {
                    out.push(c);
                    break;
                };
                let class = match escaped {
                    'w' => Some("word"),
                    's' => Some("space"),
                    'd' => Some("digit"),
                    _ => None,
                };
                match class {
                    Some(name) if in_class => {
                        out.push_str("[:");
                        out.push_str(name);
                        out.push_str(":]");
                    }
                    Some(_) => {
                        out.push_str("(?-u:\\");
                        out.push(escaped);
                        out.push(')');
                    }
                    None if escaped == 'b' && !in_class => out.push_str("(?-u:\\b)"),
                    None => {
                        // `\p{L}`, `\x{e9}`, `\W`...: a class of characters, or one that
                        // may not be ASCII.
                        byte_class &= !(in_class && escaped.is_ascii_alphanumeric());
                        out.push(c);
                        out.push(escaped);
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                class_start = out.len();
                byte_class = chars.as_str().starts_with('^');
                out.push(c);
                // A `]` (or `^]`) right after the opening bracket is a literal.
                let rest = chars.as_str();
                let literal = if rest.starts_with("^]") {
                    2
                } else {
                    usize::from(rest.starts_with(']'))
                };
                for _ in 0..literal {
                    if let Some(next) = chars.next() {
                        out.push(next);
                    }
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
                if byte_class {
                    out.insert_str(class_start, "(?-u:");
                    out.push(')');
                }
            }
            _ => {
                byte_class &= c.is_ascii() || !in_class;
                out.push(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_classes_become_ascii() {
        assert_eq!(
            ascii_classes(r"\bfoo\w+[\w.-]\s*[^\d]\.\B"),
            r"(?-u:\b)foo(?-u:\w)+[[:word:].-](?-u:\s)*(?-u:[^[:digit:]])\.\B"
        );
        assert_eq!(ascii_classes(r"[]\w]"), r"[][:word:]]");
        assert_eq!(
            ascii_classes(r"a[^.;]{0,40}b[^\w.]c[^é]d[^\p{L}]e[^]x]"),
            r"a(?-u:[^.;]){0,40}b(?-u:[^[:word:].])c[^é]d[^\p{L}]e(?-u:[^]x])"
        );
    }

    #[test]
    fn a_list_with_an_upper_case_letter_keeps_case_folding() {
        let lower = regex_source(&[r"\bwhy me\b".to_string()]);
        assert_eq!(lower, (r"(?:(?-u:\b)why me(?-u:\b))".to_string(), true));
        let folded = regex_source(&["a".to_string(), r"b\W".to_string()]);
        assert_eq!(folded, (r"(?i)(?:a)|(?:b\W)".to_string(), false));
    }
}
