//! The regex source of the patterns of a list from rule data, in ASCII classes and
//! case-insensitive unless written in lowercase, and what every match of one holds.
//!
//! `build.rs` reads this module too: it turns each pattern of the built-in lists into a
//! regex syntax tree and the literals that every match of it holds ([`gate`]) at build
//! time (see `detect::phrases`), from the same source the binary would parse.

use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};

/// The keys whose lists of text in the rule data are regexes (each list compiled by
/// `detect::phrases::compile_patterns`), at any depth.
pub const PATTERN_KEYS: [&str; 2] = ["patterns", "self_questions"];

/// Whether `patterns` are written without an upper-case letter, so that their regex
/// matches a lowercased copy of the text without case folding.
pub fn is_lowercase(patterns: &[String]) -> bool {
    !patterns
        .iter()
        .any(|p| p.bytes().any(|b| b.is_ascii_uppercase()))
}

/// The patterns as one alternation, each in ASCII classes ([`ascii_classes`]): what a
/// list of patterns matches as a whole.
#[cfg(test)]
pub fn alternation(patterns: &[String]) -> String {
    patterns
        .iter()
        .map(|p| format!("(?:{})", ascii_classes(p)))
        .collect::<Vec<_>>()
        .join("|")
}

/// The regex source of one pattern of a list: in ASCII classes ([`ascii_classes`]),
/// case-insensitive unless the list is written in `lowercase` ([`is_lowercase`]).
///
/// ```text
/// ("\bwhy me\b", true) -> "(?:(?-u:\b)why me(?-u:\b))"
/// ```
pub fn pattern_regex_source(pattern: &str, lowercase: bool) -> String {
    let flags = if lowercase { "" } else { "(?i)" };
    format!("{flags}(?:{})", ascii_classes(pattern))
}

/// What every match of a pattern holds: a list of conditions, each a list of
/// lowercased literals of which a match holds at least one (so a lowercased text that
/// fails a condition cannot hold a match, and the pattern need not be searched, nor
/// compiled, for it).
///
/// The conditions are the literals a match must start with and end with, and those
/// each required part of the pattern must start with, where `regex-syntax` can list
/// them in a few short literals (none of them a lone letter, digit or space). A
/// pattern with no such part has no condition: it is searched in every text.
///
/// ```text
/// \bwhy (am i|me)\b -> [["am i", "me"], ["why "], ["why am i", "why me"]]
/// ```
pub fn gate(tree: &Hir) -> Vec<Vec<Vec<u8>>> {
    let tree = without_groups(tree);
    let mut conditions = Vec::new();
    conditions.extend(held_literals(tree, ExtractKind::Prefix));
    conditions.extend(held_literals(tree, ExtractKind::Suffix));
    if let HirKind::Concat(parts) = tree.kind() {
        for part in parts {
            conditions.extend(held_literals(without_groups(part), ExtractKind::Prefix));
        }
    }
    conditions.sort();
    conditions.dedup();
    conditions
}

/// `tree` without the capture groups around it.
fn without_groups(tree: &Hir) -> &Hir {
    match tree.kind() {
        HirKind::Capture(capture) => without_groups(&capture.sub),
        _ => tree,
    }
}

/// The literals (lowercased) that every match of `tree` starts or ends with, each
/// minimal (none holds another), when they are few and telling.
fn held_literals(tree: &Hir, kind: ExtractKind) -> Option<Vec<Vec<u8>>> {
    let mut extractor = Extractor::new();
    extractor
        .kind(kind)
        .limit_class(10)
        .limit_literal_len(8)
        .limit_total(64)
        .limit_repeat(4);
    let sequence = extractor.extract(tree);
    let mut literals: Vec<Vec<u8>> = sequence
        .literals()?
        .iter()
        .map(|literal| literal.as_bytes().to_ascii_lowercase())
        .collect();
    let untelling = |literal: &Vec<u8>| match literal.as_slice() {
        [] => true,
        [byte] => byte.is_ascii_alphanumeric() || byte.is_ascii_whitespace(),
        _ => false,
    };
    if literals.is_empty() || literals.iter().any(untelling) {
        return None;
    }
    literals.sort();
    literals.dedup();
    // A literal that holds another is found only where that one is: the shorter says it.
    let all = literals.clone();
    literals.retain(|long| {
        !all.iter()
            .any(|short| short != long && long.windows(short.len()).any(|w| w == short))
    });
    Some(literals)
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

    fn gate_of(pattern: &str) -> Vec<Vec<String>> {
        let source = pattern_regex_source(pattern, true);
        let tree = regex_syntax::ParserBuilder::new()
            .utf8(false)
            .build()
            .parse(&source)
            .expect("a pattern");
        gate(&tree)
            .into_iter()
            .map(|condition| {
                condition
                    .into_iter()
                    .map(|literal| String::from_utf8_lossy(&literal).into_owned())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_gate_lists_what_every_match_holds() {
        assert_eq!(
            gate_of(r"\bwhy (am i|me)\b"),
            [vec!["am i", "me"], vec!["why "], vec!["why am i", "why me"]]
        );
        // A part that may be empty, or a lone letter, says nothing.
        assert_eq!(
            gate_of(r"(^|, )(nobody|no one)\b\w*"),
            [vec!["no one", "nobody"]]
        );
        assert_eq!(gate_of(r"\b[a-z]+ (>|over) [a-z]+"), [vec![">", "over"]]);
        assert_eq!(gate_of(r"\w+ (i|me)"), [vec![" i", " me"]]);
        assert!(gate_of(r"\w+ (i|x)\w*").is_empty());
    }

    #[test]
    fn a_list_with_an_upper_case_letter_keeps_case_folding() {
        let lower = [r"\bwhy me\b".to_string()];
        assert!(is_lowercase(&lower));
        assert_eq!(
            pattern_regex_source(&lower[0], true),
            r"(?:(?-u:\b)why me(?-u:\b))"
        );
        let folded = ["a".to_string(), r"b\W".to_string()];
        assert!(!is_lowercase(&folded));
        assert_eq!(pattern_regex_source(&folded[1], false), r"(?i)(?:b\W)");
    }
}
