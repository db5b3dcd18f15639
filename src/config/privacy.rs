//! The config's `privacy:` section: when the privacy rules run, who counts as a
//! colleague, and whether a private file may be committed.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use crate::suggest::did_you_mean;

/// When the privacy rules (`private-pay`, `private-health`, `private-life`,
/// `colleague-performance`) run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PrivacyChecks {
    /// In `check --staged` (the pre-commit hook), the last moment before the text enters
    /// history; not on plain folder checks, which read what is already committed.
    #[default]
    Staged,
    /// Everywhere: folder checks, the editor server, the hook.
    On,
    /// Nowhere, unless a rule is named with `--select`.
    Off,
}

impl PrivacyChecks {
    fn parse(text: &str) -> Option<Self> {
        match text {
            "staged" => Some(Self::Staged),
            "on" | "yes" | "true" => Some(Self::On),
            "off" | "no" | "false" => Some(Self::Off),
            _ => None,
        }
    }

    /// As written in the config.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Staged => "staged",
            Self::On => "on",
            Self::Off => "off",
        }
    }
}

/// The `privacy:` section: `on`, `off`, `staged`, or a mapping.
#[derive(Clone, Debug, Default)]
pub struct PrivacyConfig {
    /// When the privacy rules run (default `staged`).
    pub checks: PrivacyChecks,
    /// Colleagues a judgement may name, besides each agenda's `with` and `attendees`.
    pub people: Vec<String>,
    /// The notes' owner, by every name they go by: never taken for a colleague.
    pub owner: Vec<String>,
    /// Whether `check --staged` lets a `private: true` file be committed to a repository
    /// that has a remote.
    pub allow_private_commits: bool,
}

/// The mapping form, as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    #[serde(default)]
    checks: Option<Switch>,
    #[serde(default)]
    people: Option<Vec<String>>,
    #[serde(default)]
    owner: Option<OneOrMany>,
    #[serde(default)]
    allow_private_commits: Option<bool>,
}

/// A name, or a list of names.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// `on`, `off`, `staged` (or a boolean).
struct Switch(PrivacyChecks);

impl<'de> Deserialize<'de> for Switch {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SwitchVisitor)
    }
}

struct SwitchVisitor;

const SWITCH_WORDS: [&str; 3] = ["staged", "on", "off"];

impl Visitor<'_> for SwitchVisitor {
    type Value = Switch;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("`staged`, `on` or `off`")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Switch, E> {
        Ok(Switch(if value {
            PrivacyChecks::On
        } else {
            PrivacyChecks::Off
        }))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Switch, E> {
        PrivacyChecks::parse(value).map(Switch).ok_or_else(|| {
            let hint = did_you_mean(value, SWITCH_WORDS)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            E::custom(format!(
                "`{value}` is not a privacy setting: use `staged` (the default: only in the pre-commit hook), `on` or `off`{hint}"
            ))
        })
    }
}

impl<'de> Deserialize<'de> for PrivacyConfig {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PrivacyVisitor;

        impl<'de> Visitor<'de> for PrivacyVisitor {
            type Value = PrivacyConfig;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "`staged`, `on`, `off`, or a mapping with `checks`, `people`, `owner`, `allow_private_commits`",
                )
            }

            fn visit_bool<E: de::Error>(self, value: bool) -> Result<PrivacyConfig, E> {
                let Switch(checks) = SwitchVisitor.visit_bool(value)?;
                Ok(PrivacyConfig {
                    checks,
                    ..PrivacyConfig::default()
                })
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<PrivacyConfig, E> {
                let Switch(checks) = SwitchVisitor.visit_str(value)?;
                Ok(PrivacyConfig {
                    checks,
                    ..PrivacyConfig::default()
                })
            }

            fn visit_unit<E: de::Error>(self) -> Result<PrivacyConfig, E> {
                Ok(PrivacyConfig::default())
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<PrivacyConfig, A::Error> {
                let table = Table::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(PrivacyConfig {
                    checks: table.checks.map_or(PrivacyChecks::Staged, |Switch(c)| c),
                    people: table.people.unwrap_or_default(),
                    owner: match table.owner {
                        None => Vec::new(),
                        Some(OneOrMany::One(name)) => vec![name],
                        Some(OneOrMany::Many(names)) => names,
                    },
                    allow_private_commits: table.allow_private_commits.unwrap_or(false),
                })
            }
        }

        deserializer.deserialize_any(PrivacyVisitor)
    }
}

impl schemars::JsonSchema for PrivacyConfig {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Privacy".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "When the privacy rules run (`staged`: only in `check --staged`, the default; `on`; `off`), and who they know",
            "anyOf": [
                { "type": "string", "enum": ["staged", "on", "off", "yes", "no"] },
                { "type": "boolean" },
                { "type": "null" },
                {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {
                        "checks": {
                            "anyOf": [
                                { "type": "string", "enum": ["staged", "on", "off", "yes", "no"] },
                                { "type": "boolean" }
                            ]
                        },
                        "people": { "type": ["array", "null"], "items": { "type": "string" } },
                        "owner": {
                            "anyOf": [
                                { "type": "string" },
                                { "type": "array", "items": { "type": "string" } },
                                { "type": "null" }
                            ]
                        },
                        "allow_private_commits": { "type": ["boolean", "null"] }
                    }
                }
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(yaml: &str) -> Result<PrivacyConfig, String> {
        serde_yaml::from_str(yaml).map_err(|e| e.to_string())
    }

    #[test]
    fn the_short_forms_and_the_mapping_read() {
        assert_eq!(read("on").map(|c| c.checks), Ok(PrivacyChecks::On));
        assert_eq!(read("off").map(|c| c.checks), Ok(PrivacyChecks::Off));
        assert_eq!(read("true").map(|c| c.checks), Ok(PrivacyChecks::On));
        assert_eq!(read("~").map(|c| c.checks), Ok(PrivacyChecks::Staged));
        let full = read("checks: on\npeople: [Raj]\nowner: Sam Lee\nallow_private_commits: true")
            .expect("a full section");
        assert_eq!(full.checks, PrivacyChecks::On);
        assert_eq!(full.people, ["Raj"]);
        assert_eq!(full.owner, ["Sam Lee"]);
        assert!(full.allow_private_commits);
        assert_eq!(
            read("people: [Raj]").map(|c| c.checks),
            Ok(PrivacyChecks::Staged)
        );
    }

    #[test]
    fn mistakes_are_named() {
        let error = read("stagged").expect_err("a typo");
        assert!(error.contains("did you mean `staged`"), "{error}");
        assert!(read("chekcs: on").is_err());
    }
}
