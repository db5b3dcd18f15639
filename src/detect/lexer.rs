//! A small tokenizer for the terse prose of agenda items.
//!
//! Detectors for metrics and time bounds look at a word's neighbours ("by Q3" versus
//! "Q3 planning", "3 PRs a week" versus "in a week"), which a token stream makes cheap and
//! exact, with no regex compiled at start-up. Tokens carry byte ranges into the text they
//! came from; their text is ASCII-lowercased (non-ASCII letters are kept as they are).

use std::ops::Range;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// Letters, with inner `-` or `'` (`on-call`, `it's`, `mid-march`).
    Word,
    /// Letters mixed with digits, starting with a letter (`k8s`, `q3`, `p99`, `v2`,
    /// `jira-1234`, `ec2`).
    Ident,
    /// Digits, possibly with inner `.` or `,` (`3`, `3.12`, `1,000`).
    Number(f64),
    /// A number glued to letters (`200ms`, `2x`, `5k`, `90d`, `2fa`, `3rd`), or joined by
    /// a hyphen (`30-day`); `unit` is the byte range of the letters.
    NumberUnit {
        /// The number.
        value: f64,
        /// Where the letters start, relative to the token start.
        unit_at: usize,
    },
    /// `2026-11-23`, `2026-11`, `2026/11/23`.
    Date,
    /// `11/30`, `1/3`, `24/7`: two numbers around a slash.
    Fraction,
    /// `10:30`, `1:1`: numbers around a colon.
    Clock,
    /// Digits with several dots (`1.2.3`), or a number range (`2-3`).
    Version,
    /// Any other single character that is not whitespace (`%`, `$`, `<`, `(`, `→`).
    Symbol(char),
}

/// One token.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// What it is.
    pub kind: Kind,
    /// Its byte range in the original text.
    pub range: Range<usize>,
}

/// A text and its tokens, with lowercase and original forms at hand.
#[derive(Debug)]
pub struct Lexed<'t> {
    /// The original text.
    pub original: &'t str,
    lower: String,
    /// The tokens, in order.
    pub tokens: Vec<Token>,
}

impl<'t> Lexed<'t> {
    /// Tokenizes `text`.
    pub fn new(text: &'t str) -> Self {
        let lower = text.to_ascii_lowercase();
        let tokens = tokenize(&lower);
        Self {
            original: text,
            lower,
            tokens,
        }
    }

    /// The lowercase text of token `i` (empty past the end).
    pub fn word(&self, i: usize) -> &str {
        self.tokens
            .get(i)
            .and_then(|t| self.lower.get(t.range.clone()))
            .unwrap_or("")
    }

    /// The kind of token `i`.
    pub fn kind(&self, i: usize) -> Option<Kind> {
        self.tokens.get(i).map(|t| t.kind)
    }

    /// Whether token `i` is a [`Kind::Word`] equal to one of `words`.
    pub fn is_word(&self, i: usize, words: &[&str]) -> bool {
        matches!(self.kind(i), Some(Kind::Word)) && words.contains(&self.word(i))
    }

    /// Whether token `i` is the symbol `c`.
    pub fn is_symbol(&self, i: usize, c: char) -> bool {
        matches!(self.kind(i), Some(Kind::Symbol(s)) if s == c)
    }

    /// Whether token `i` starts with an uppercase letter in the original text.
    pub fn is_capitalized(&self, i: usize) -> bool {
        self.tokens
            .get(i)
            .and_then(|t| self.original.get(t.range.clone()))
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_uppercase)
    }

    /// The letters of a [`Kind::NumberUnit`] token (`ms` in `200ms`), else "".
    pub fn unit(&self, i: usize) -> &str {
        match self.tokens.get(i) {
            Some(Token {
                kind: Kind::NumberUnit { unit_at, .. },
                range,
            }) => self
                .lower
                .get(range.start + unit_at..range.end)
                .unwrap_or(""),
            _ => "",
        }
    }

    /// The number of token `i`, for numbers and numbers with units.
    pub fn number(&self, i: usize) -> Option<f64> {
        match self.kind(i)? {
            Kind::Number(value) | Kind::NumberUnit { value, .. } => Some(value),
            _ => None,
        }
    }

    /// Whether tokens `i - 1` and `i` touch (no space between them).
    pub fn glued(&self, i: usize) -> bool {
        i > 0
            && self
                .tokens
                .get(i)
                .zip(self.tokens.get(i - 1))
                .is_some_and(|(t, p)| p.range.end == t.range.start)
    }

    /// The byte range from token `a` to token `b`, both included.
    pub fn range(&self, a: usize, b: usize) -> Range<usize> {
        let start = self.tokens.get(a).map_or(0, |t| t.range.start);
        let end = self.tokens.get(b).map_or(start, |t| t.range.end);
        start..end.max(start)
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether there are no tokens.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

fn is_letter(c: char) -> bool {
    c.is_alphabetic()
}

fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let offset = |i: usize| chars.get(i).map_or(text.len(), |&(o, _)| o);
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(c) = at(i) {
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if c.is_ascii_digit() {
            i = lex_number(&chars, i, &mut tokens, text);
            debug_assert!(i > start);
            continue;
        }
        if is_letter(c) {
            let mut has_digit = false;
            i += 1;
            while let Some(c) = at(i) {
                if is_letter(c) || c.is_ascii_digit() {
                    has_digit |= c.is_ascii_digit();
                    i += 1;
                } else if matches!(c, '-' | '\'' | '’' | '_')
                    && at(i + 1).is_some_and(|n| is_letter(n) || n.is_ascii_digit())
                {
                    has_digit |= at(i + 1).is_some_and(|n| n.is_ascii_digit());
                    i += 1;
                } else {
                    break;
                }
            }
            let kind = if has_digit { Kind::Ident } else { Kind::Word };
            tokens.push(Token {
                kind,
                range: offset(start)..offset(i),
            });
            continue;
        }
        // `->` is one arrow symbol.
        let (symbol, width) = if c == '-' && at(i + 1) == Some('>') {
            ('→', 2)
        } else {
            (c, 1)
        };
        i += width;
        tokens.push(Token {
            kind: Kind::Symbol(symbol),
            range: offset(start)..offset(i),
        });
    }
    tokens
}

/// Where a date that started with four digits ends, when the digits are followed by
/// `-MM`, `-MM-DD` or `/MM/DD` (`i` is the index after the four digits).
fn date_end(chars: &[(usize, char)], i: usize) -> Option<usize> {
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let digits_from = |mut i: usize| {
        while at(i).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
        }
        i
    };
    let sep = at(i).filter(|c| matches!(c, '-' | '/'))?;
    let month_end = digits_from(i + 1);
    if month_end - (i + 1) != 2 {
        return None;
    }
    let mut end = month_end;
    if at(end) == Some(sep) {
        let day_end = digits_from(end + 1);
        if day_end - (end + 1) == 2 {
            end = day_end;
        }
    }
    Some(end)
}

/// Lexes a token starting with a digit at `chars[i]`; returns the index after it.
fn lex_number(chars: &[(usize, char)], start: usize, tokens: &mut Vec<Token>, text: &str) -> usize {
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let offset = |i: usize| chars.get(i).map_or(text.len(), |&(o, _)| o);
    let digits_from = |mut i: usize| {
        while at(i).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
        }
        i
    };
    let mut i = digits_from(start);
    let first_len = i - start;
    let mut dots = 0;
    // Inner `.` or `,` followed by a digit continue the number.
    while matches!(at(i), Some('.' | ',')) && at(i + 1).is_some_and(|c| c.is_ascii_digit()) {
        dots += usize::from(at(i) == Some('.'));
        i = digits_from(i + 1);
    }
    let number_end = i;
    let number_text: String = text[offset(start)..offset(number_end)]
        .chars()
        .filter(|c| *c != ',')
        .collect();
    let value = number_text.parse::<f64>().unwrap_or(0.0);
    let push = |tokens: &mut Vec<Token>, kind: Kind, end: usize| {
        tokens.push(Token {
            kind,
            range: offset(start)..offset(end),
        });
    };

    if first_len == 4 && dots == 0 {
        if let Some(end) = date_end(chars, i) {
            push(tokens, Kind::Date, end);
            return end;
        }
    }
    // `1.9.x`, `2.x`: a version with a wildcard.
    if matches!(at(i), Some('.'))
        && matches!(at(i + 1), Some('x' | 'X' | '*'))
        && !at(i + 2).is_some_and(is_letter)
    {
        push(tokens, Kind::Version, i + 2);
        return i + 2;
    }
    if dots >= 2 {
        push(tokens, Kind::Version, i);
        return i;
    }
    let letters_from = |mut i: usize| {
        while at(i).is_some_and(|c| is_letter(c) || c.is_ascii_digit()) {
            i += 1;
        }
        i
    };
    let with_unit = |tokens: &mut Vec<Token>, value: f64, unit_start: usize| {
        let end = letters_from(unit_start);
        let unit_at = offset(unit_start) - offset(start);
        push(tokens, Kind::NumberUnit { value, unit_at }, end);
        end
    };
    match at(i) {
        // 200ms, 2x, 5k, 3rd, 2fa, 90d, 6wks; also 1.5h
        Some(c) if is_letter(c) => with_unit(tokens, value, i),
        // 30-day, 6-month
        Some('-') if at(i + 1).is_some_and(is_letter) => with_unit(tokens, value, i + 1),
        // 2-3 (a range), read as its upper bound; a unit may follow (2-3x, 2-3d).
        Some('-' | '–') if at(i + 1).is_some_and(|c| c.is_ascii_digit()) => {
            let end = digits_from(i + 1);
            let upper: f64 = text[offset(i + 1)..offset(end)].parse().unwrap_or(value);
            if at(end).is_some_and(is_letter) {
                return with_unit(tokens, upper, end);
            }
            push(tokens, Kind::Number(upper), end);
            end
        }
        Some('/') if at(i + 1).is_some_and(|c| c.is_ascii_digit()) => {
            let end = digits_from(i + 1);
            push(tokens, Kind::Fraction, end);
            end
        }
        Some(':') if at(i + 1).is_some_and(|c| c.is_ascii_digit()) => {
            let end = digits_from(i + 1);
            push(tokens, Kind::Clock, end);
            end
        }
        _ => {
            push(tokens, Kind::Number(value), number_end);
            number_end
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(String, Kind)> {
        let lexed = Lexed::new(text);
        (0..lexed.len())
            .map(|i| (lexed.word(i).to_string(), lexed.tokens[i].kind))
            .collect()
    }

    #[test]
    fn numbers_units_and_identifiers() {
        let k = kinds("Cut p99 to 200ms, 2x faster; 30-day trial on k8s v2 by 2026-11-23 (1:1)");
        let find = |w: &str| k.iter().find(|(t, _)| t == w).map(|(_, k)| *k);
        assert_eq!(find("p99"), Some(Kind::Ident));
        assert!(
            matches!(find("200ms"), Some(Kind::NumberUnit { value, unit_at: 3 }) if (value - 200.0).abs() < f64::EPSILON)
        );
        assert!(matches!(find("2x"), Some(Kind::NumberUnit { .. })));
        assert!(matches!(
            find("30-day"),
            Some(Kind::NumberUnit { unit_at: 3, .. })
        ));
        assert_eq!(find("k8s"), Some(Kind::Ident));
        assert_eq!(find("v2"), Some(Kind::Ident));
        assert_eq!(find("2026-11-23"), Some(Kind::Date));
        assert_eq!(find("1:1"), Some(Kind::Clock));
    }

    #[test]
    fn versions_fractions_and_thousands() {
        let k = kinds("1.2.3 3.12 1,000 11/30 2-3 JIRA-1234 on-call");
        let kinds: Vec<Kind> = k.iter().map(|(_, k)| *k).collect();
        assert_eq!(kinds[0], Kind::Version);
        assert_eq!(kinds[1], Kind::Number(3.12));
        assert_eq!(kinds[2], Kind::Number(1000.0));
        assert_eq!(kinds[3], Kind::Fraction);
        assert_eq!(kinds[4], Kind::Number(3.0));
        assert_eq!(kinds[5], Kind::Ident);
        assert_eq!(kinds[6], Kind::Word);
    }

    #[test]
    fn non_ascii_words_and_arrows() {
        let lexed = Lexed::new("García → Zoë -> naïve");
        let words: Vec<&str> = (0..lexed.len()).map(|i| lexed.word(i)).collect();
        assert_eq!(words, ["garcía", "→", "zoë", "->", "naïve"]);
        assert!(lexed.is_symbol(3, '→'));
        assert!(lexed.is_capitalized(0));
    }
}
