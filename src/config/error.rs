//! Errors in reading a config file, rendered by miette with a label on the spot.

use std::path::Path;

use miette::{NamedSource, SourceSpan};

use super::TOP_LEVEL_KEYS;
use crate::model::line_index::offset_of;
use crate::suggest::did_you_mean;

/// A config file that cannot be used. The run stops with exit status 2.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ConfigError {
    /// The privacy allowlist next to the config is broken.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Allowlist(#[from] crate::privacy::allowlist::AllowlistError),
    /// The file could not be read: missing, unreadable, not a regular file (a named
    /// pipe, a device, a folder), over the size limit, or not UTF-8.
    #[error("cannot read config file {path}: {reason}")]
    #[diagnostic(
        code(agendalint::config),
        help(
            "a config file is a regular UTF-8 file of at most 1 MiB; fix or remove it, or pass --config FILE or --no-config"
        )
    )]
    Read {
        /// The config file.
        path: String,
        /// Why.
        reason: crate::read::ReadError,
    },
    /// The file says something invalid.
    #[error("invalid config {path}: {message}")]
    #[diagnostic(code(agendalint::config))]
    Invalid {
        /// The config file, as given.
        path: String,
        /// What is wrong.
        message: String,
        /// The file text, for the snippet.
        #[source_code]
        source_code: NamedSource<String>,
        /// Where.
        #[label("{label}")]
        span: SourceSpan,
        /// The label under the spot.
        label: String,
        /// A did-you-mean or a hint.
        #[help]
        help: Option<String>,
    },
}

impl ConfigError {
    /// Turns a `serde_yaml` error into a located, friendly error.
    pub(crate) fn from_yaml(error: &serde_yaml::Error, text: &str, path: &Path) -> Self {
        let offset = error
            .location()
            .map_or(0, |l| offset_of(text, l.line(), l.column()));
        let raw = error.to_string();
        let raw = raw
            .rfind(" at line ")
            .map_or(raw.as_str(), |cut| &raw[..cut]);
        let (key_path, detail) = split_key_path(raw);
        let (message, label, help) = explain(key_path, detail);
        let offset = refine_offset(text, offset, detail);
        let length = token_length(text, offset);
        let display = path.display().to_string();
        ConfigError::Invalid {
            path: display.clone(),
            message,
            source_code: NamedSource::new(display, text.to_string()),
            span: SourceSpan::new(offset.into(), length),
            label,
            help,
        }
    }
}

/// `serde_yaml` prefixes messages with the key path (`rules.too-few-projects: ...`).
fn split_key_path(raw: &str) -> (&str, &str) {
    match raw.split_once(": ") {
        Some((path, rest))
            if !path.is_empty()
                && path.chars().all(|c| {
                    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '[' | ']')
                }) =>
        {
            (path, rest)
        }
        _ => ("", raw),
    }
}

fn explain(key_path: &str, detail: &str) -> (String, String, Option<String>) {
    if let Some((variant, expected)) = unknown_variant(detail) {
        let suggestion = did_you_mean(&variant, expected.iter().map(String::as_str));
        let help = suggestion.map_or_else(
            || format!("expected one of: {}", expected.join(", ")),
            |s| format!("did you mean `{s}`?"),
        );
        let message = if key_path.is_empty() {
            format!("unknown value `{variant}`")
        } else {
            format!("{key_path}: unknown value `{variant}`")
        };
        return (message, "unknown value".to_string(), Some(help));
    }
    if let Some((field, expected)) = unknown_field(detail) {
        let suggestion = did_you_mean(&field, expected.iter().map(String::as_str));
        let hint = |what: &str| {
            suggestion.map_or_else(
                || Some(format!("known {what}: {}", expected.join(", "))),
                |s| Some(format!("did you mean `{s}`?")),
            )
        };
        return match key_path {
            "rules" => (
                format!("unknown rule `{field}`"),
                "unknown rule".to_string(),
                suggestion.map_or_else(
                    || Some("run `agendalint rules` to list every rule".to_string()),
                    |s| Some(format!("did you mean `{s}`?")),
                ),
            ),
            "" => (
                format!("unknown key `{field}`"),
                "unknown key".to_string(),
                hint("keys"),
            ),
            "sections" => (
                format!("unknown section kind `{field}`"),
                "unknown section kind".to_string(),
                hint("kinds"),
            ),
            path => (
                format!("unknown option `{field}` in `{path}`"),
                "unknown option".to_string(),
                hint("options"),
            ),
        };
    }
    let detail = plain_types(detail);
    let message = if key_path.is_empty() {
        detail
    } else {
        format!("{key_path}: {detail}")
    };
    (message, "here".to_string(), None)
}

/// Rewrites serde's "invalid type: string \"two\", expected u32" in the words of the
/// config file: "expected a whole number of 0 or more, found the text \"two\"". No Rust
/// type name reaches the user.
fn plain_types(detail: &str) -> String {
    let parsed = ["invalid type: ", "invalid value: "]
        .iter()
        .find_map(|prefix| detail.strip_prefix(prefix))
        .and_then(|rest| rest.rsplit_once(", expected "));
    let Some((found, expected)) = parsed else {
        return detail.to_string();
    };
    format!(
        "expected {}, found {}",
        expected_in_words(expected),
        found_in_words(found)
    )
}

/// serde's name of what it expected, as a user would say it.
fn expected_in_words(expected: &str) -> String {
    match expected.trim() {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => {
            "a whole number of 0 or more".to_string()
        }
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "a whole number".to_string(),
        "f32" | "f64" => "a number".to_string(),
        "a sequence" => "a list".to_string(),
        "a map" => "a mapping of keys to values".to_string(),
        "a string" | "a borrowed string" | "a str" => "text".to_string(),
        "a boolean" | "bool" => "`true` or `false`".to_string(),
        "struct RulesConfig" => "a mapping of rule ids to settings".to_string(),
        other if other.starts_with("struct ") => "a mapping of keys to values".to_string(),
        other if other.starts_with("enum ") || other.starts_with("variant ") => {
            "one of the listed values".to_string()
        }
        other => other.to_string(),
    }
}

/// serde's description of the value it found, as a user would say it.
fn found_in_words(found: &str) -> String {
    let found = found.trim();
    let value = |prefix: &str| {
        found
            .strip_prefix(prefix)
            .map(|v| v.trim().trim_matches('`').to_string())
    };
    if let Some(text) = value("string ") {
        return format!("the text {text}");
    }
    for prefix in ["integer ", "floating point ", "boolean ", "char "] {
        if let Some(v) = value(prefix) {
            return format!("`{v}`");
        }
    }
    match found {
        "map" => "a mapping".to_string(),
        "sequence" => "a list".to_string(),
        "unit value" | "null" => "nothing".to_string(),
        other => other.to_string(),
    }
}

/// Parses serde's "unknown variant `x`, expected one of `a`, `b`".
fn unknown_variant(detail: &str) -> Option<(String, Vec<String>)> {
    let rest = detail.strip_prefix("unknown variant `")?;
    let (variant, rest) = rest.split_once('`')?;
    let expected = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((variant.to_string(), expected))
}

/// Parses serde's "unknown field `x`, expected one of `a`, `b`" (or "expected `a` or
/// `b`", or "there are no fields").
fn unknown_field(detail: &str) -> Option<(String, Vec<String>)> {
    let rest = detail.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected: Vec<String> = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    let expected = if expected.is_empty() && field.is_empty() {
        TOP_LEVEL_KEYS.iter().map(|k| (*k).to_string()).collect()
    } else {
        expected
    };
    Some((field.to_string(), expected))
}

/// `serde_yaml` places errors raised while reading a value (a bad pattern, a clashing
/// id) at the start of the enclosing mapping; the value itself, quoted in the message,
/// is a better spot. Looks for the message's first `quoted` token after `offset`.
fn refine_offset(text: &str, offset: usize, detail: &str) -> usize {
    let Some(token) = detail.split('`').nth(1).filter(|t| !t.is_empty()) else {
        return offset;
    };
    let rest = text.get(offset..).unwrap_or("");
    // Stay within the next few lines: the value belongs to the mapping that failed.
    let window = rest
        .char_indices()
        .filter(|&(_, c)| c == '\n')
        .nth(12)
        .map_or(rest.len(), |(i, _)| i);
    rest[..window].find(token).map_or(offset, |at| offset + at)
}

/// The length of the key or value token at `offset`, for the underline.
fn token_length(text: &str, offset: usize) -> usize {
    let rest = text.get(offset..).unwrap_or("");
    let line = rest.lines().next().unwrap_or("");
    let token = if let Some(quote) = line.chars().next().filter(|c| *c == '"' || *c == '\'') {
        line[1..].find(quote).map_or(line, |end| &line[..end + 2])
    } else {
        let end = line.find([':', ',', ']', '}', '#']).unwrap_or(line.len());
        line[..end].trim_end()
    };
    token.len().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_are_split_and_explained() {
        let (message, _, help) = explain(
            "rules",
            "unknown field `compliant-phrasing`, expected one of `too-few-projects`, `complaint-phrasing`",
        );
        assert_eq!(message, "unknown rule `compliant-phrasing`");
        assert_eq!(help.as_deref(), Some("did you mean `complaint-phrasing`?"));
        assert_eq!(
            split_key_path("rules.too-few-projects: bad"),
            ("rules.too-few-projects", "bad")
        );
        assert_eq!(
            split_key_path("invalid type: string"),
            ("", "invalid type: string")
        );
    }

    #[test]
    fn no_rust_type_names_reach_the_user() {
        for (detail, wanted) in [
            (
                "invalid type: string \"two\", expected u32",
                "expected a whole number of 0 or more, found the text \"two\"",
            ),
            (
                "invalid type: integer `-1`, expected u32",
                "expected a whole number of 0 or more, found `-1`",
            ),
            (
                "invalid type: floating point `3.5`, expected u32",
                "expected a whole number of 0 or more, found `3.5`",
            ),
            (
                "invalid type: string \"reliability\", expected a sequence",
                "expected a list, found the text \"reliability\"",
            ),
            (
                "invalid type: sequence, expected struct RulesConfig",
                "expected a mapping of rule ids to settings, found a list",
            ),
        ] {
            let (message, _, _) = explain("rules.x", detail);
            assert_eq!(message, format!("rules.x: {wanted}"));
        }
    }
}
