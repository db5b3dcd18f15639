//! The server's settings, from `initializationOptions` and
//! `workspace/didChangeConfiguration` (or `workspace/configuration`, section
//! `agendalint`): the command line's `--config`, `--no-config`, `--unsafe-fixes`,
//! `--select` and `--ignore`, plus severities shown in the editor.
//!
//! Settings are read leniently: a key of the wrong type is reported and left at its
//! default, the others still apply; unknown keys are ignored, since editors pass their
//! own alongside.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lsp_types::DiagnosticSeverity;
use serde_json::Value;

use crate::runner::{CheckOptions, ConfigChoice};

/// The keys the server reads, for messages.
pub const KEYS: [&str; 6] = [
    "configPath",
    "noConfig",
    "unsafeFixes",
    "select",
    "ignore",
    "severityOverrides",
];

/// What the client asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// A config file for every agenda (`--config`); relative to the workspace folder.
    pub config_path: Option<String>,
    /// Built-in defaults only (`--no-config`).
    pub no_config: bool,
    /// Offer unsafe fixes as quick fixes, and apply them in the fix-all action
    /// (`--unsafe-fixes`).
    pub unsafe_fixes: bool,
    /// Only these rules (`--select`).
    pub select: Vec<String>,
    /// Not these rules (`--ignore`).
    pub ignore: Vec<String>,
    /// The severity the editor shows for a rule's findings, by rule id.
    pub severity_overrides: BTreeMap<String, DiagnosticSeverity>,
}

impl Settings {
    /// Reads settings from what a client sent: the settings themselves, or an object
    /// with an `agendalint` key holding them. Returns them with a note for each value
    /// that could not be used.
    pub fn from_value(value: &Value) -> (Self, Vec<String>) {
        let mut settings = Settings::default();
        let mut problems = Vec::new();
        let object = match value {
            Value::Object(map) => match map.get("agendalint") {
                Some(Value::Object(inner)) => inner,
                _ => map,
            },
            Value::Null => return (settings, problems),
            _ => {
                problems.push("settings must be an object".to_string());
                return (settings, problems);
            }
        };
        for (key, value) in object {
            if value.is_null() {
                continue;
            }
            let outcome = match key.as_str() {
                "configPath" => string(value).map(|s| {
                    settings.config_path = Some(s).filter(|s| !s.trim().is_empty());
                }),
                "noConfig" => boolean(value).map(|b| settings.no_config = b),
                "unsafeFixes" => boolean(value).map(|b| settings.unsafe_fixes = b),
                "select" => rule_list(value).map(|list| settings.select = list),
                "ignore" => rule_list(value).map(|list| settings.ignore = list),
                "severityOverrides" => {
                    severities(value).map(|map| settings.severity_overrides = map)
                }
                _ => Ok(()),
            };
            if let Err(problem) = outcome {
                problems.push(format!("`{key}` {problem}; it is left at its default"));
            }
        }
        (settings, problems)
    }

    /// Whether any key the server reads is present in `value` (so that an object of
    /// other settings is not taken for an empty set of ours).
    pub fn mentions_any(value: &Value) -> bool {
        match value {
            Value::Object(map) => {
                map.contains_key("agendalint") || KEYS.iter().any(|k| map.contains_key(*k))
            }
            _ => false,
        }
    }

    /// The check options these settings stand for; `workspace` places a relative
    /// `configPath`. Also says when both `configPath` and `noConfig` are set.
    pub fn check_options(&self, workspace: Option<&Path>) -> (CheckOptions, Option<String>) {
        let mut note = None;
        let config = match (&self.config_path, self.no_config) {
            (Some(path), no_config) => {
                if no_config {
                    note = Some(
                        "both `configPath` and `noConfig` are set; `configPath` is used"
                            .to_string(),
                    );
                }
                let path = PathBuf::from(path);
                let path = match workspace {
                    Some(root) if path.is_relative() => root.join(path),
                    _ => path,
                };
                ConfigChoice::File(path)
            }
            (None, true) => ConfigChoice::Defaults,
            (None, false) => ConfigChoice::Discover,
        };
        let options = CheckOptions {
            config,
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            keep_sources: false,
            ..CheckOptions::default()
        };
        (options, note)
    }
}

fn string(value: &Value) -> Result<String, String> {
    value
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| "must be a string".to_string())
}

fn boolean(value: &Value) -> Result<bool, String> {
    value
        .as_bool()
        .ok_or_else(|| "must be true or false".to_string())
}

/// A list of rule ids: an array of strings, or one comma-separated string.
fn rule_list(value: &Value) -> Result<Vec<String>, String> {
    let names: Vec<String> = match value {
        Value::String(text) => text.split(',').map(str::to_string).collect(),
        Value::Array(items) => items
            .iter()
            .map(|item| item.as_str().map(str::to_string))
            .collect::<Option<_>>()
            .ok_or_else(|| "must be a list of rule ids".to_string())?,
        _ => return Err("must be a list of rule ids".to_string()),
    };
    Ok(names
        .into_iter()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect())
}

/// `{"missing-metric": "info"}`: `error`, `warning`, `info` (or `information`) or `hint`.
fn severities(value: &Value) -> Result<BTreeMap<String, DiagnosticSeverity>, String> {
    let Value::Object(map) = value else {
        return Err("must map rule ids to error, warning, info or hint".to_string());
    };
    map.iter()
        .map(|(rule, level)| {
            let severity = match level.as_str() {
                Some("error") => DiagnosticSeverity::ERROR,
                Some("warning") => DiagnosticSeverity::WARNING,
                Some("info" | "information") => DiagnosticSeverity::INFORMATION,
                Some("hint") => DiagnosticSeverity::HINT,
                _ => {
                    return Err(format!(
                        "maps `{rule}` to {level}, not one of error, warning, info or hint"
                    ));
                }
            };
            Ok((rule.clone(), severity))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_every_key_directly_or_under_agendalint() {
        let value = json!({"agendalint": {
            "configPath": "notes/.agendalint.yaml",
            "unsafeFixes": true,
            "select": "missing-metric, no-time-bound",
            "ignore": ["promotion-ask"],
            "severityOverrides": {"missing-metric": "hint"},
        }});
        let (settings, problems) = Settings::from_value(&value);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(settings.select, ["missing-metric", "no-time-bound"]);
        assert_eq!(settings.ignore, ["promotion-ask"]);
        assert!(settings.unsafe_fixes);
        assert_eq!(
            settings.severity_overrides.get("missing-metric"),
            Some(&DiagnosticSeverity::HINT)
        );
        let (options, note) = settings.check_options(Some(Path::new("/work")));
        assert_eq!(
            options.config,
            ConfigChoice::File(PathBuf::from("/work/notes/.agendalint.yaml"))
        );
        assert_eq!(note, None);
        let (direct, _) = Settings::from_value(&json!({"noConfig": true}));
        assert_eq!(direct.check_options(None).0.config, ConfigChoice::Defaults);
    }

    #[test]
    fn a_bad_value_is_reported_and_the_rest_still_applies() {
        let value = json!({"noConfig": "yes", "ignore": ["x"], "severityOverrides": {"a": "loud"}});
        let (settings, problems) = Settings::from_value(&value);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("`noConfig`")));
        assert!(problems.iter().any(|p| p.contains("loud")));
        assert!(!settings.no_config);
        assert_eq!(settings.ignore, ["x"]);
    }
}
