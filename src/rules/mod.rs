//! The rule abstraction and the registry of built-in rules.
//!
//! A rule reads one [`Agenda`] and pushes [`Diagnostic`]s. Each rule lives in its own file
//! named after its id, with its options beside it, its data under `rules/<id>.yaml` and
//! its documentation page at `rules/<id>.md`. The registry below is the one list of
//! built-in rules: it generates the config table of per-rule settings (so the config can
//! never name a rule that does not exist) and the entries `agendalint rules` lists.
//! Severity overrides and inline control are applied by `engine`, not by rules.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Agenda;
use crate::series::SeriesView;
use crate::suggest::did_you_mean;

/// A check over one agenda.
pub trait Rule: Send + Sync {
    /// The rule's id (`missing-metric`, or a custom rule's id).
    fn id(&self) -> &str;

    /// Pushes a diagnostic for every problem found in `agenda`.
    fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>);

    /// Whether the rule reads the meeting series ([`Rule::check_series`]).
    fn uses_series(&self) -> bool {
        false
    }

    /// Whether the rule's series check still runs when another agenda of the series has
    /// the same date (the other series rules leave such a meeting out).
    fn runs_on_date_clash(&self) -> bool {
        false
    }

    /// The second entry point of series rules: `series` holds this meeting's summary and
    /// those of the earlier meetings with the same person.
    fn check_series(
        &self,
        _agenda: &Agenda<'_>,
        _series: &SeriesView<'_>,
        _out: &mut Vec<Diagnostic>,
    ) {
    }
}

/// Whether a rule offers machine-applicable fixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixAvailability {
    /// Only help text.
    Never,
    /// Some of its findings carry an edit.
    Sometimes,
    /// Every finding carries an edit.
    Always,
}

impl FixAvailability {
    /// A short word for tables.
    pub const fn as_str(self) -> &'static str {
        match self {
            FixAvailability::Never => "no",
            FixAvailability::Sometimes => "sometimes",
            FixAvailability::Always => "yes",
        }
    }
}

/// What is known about a built-in rule without running it.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable id, `kebab-case`, naming the problem.
    pub id: &'static str,
    /// One line for `agendalint rules`.
    pub summary: &'static str,
    /// Severity unless the config says otherwise.
    pub default_severity: Severity,
    /// Whether findings carry edits.
    pub fix: FixAvailability,
    /// The documentation page, `rules/<id>.md`.
    pub doc: &'static str,
    /// The rule's own options (besides `level`), for `agendalint init` and the docs.
    pub options: &'static [OptionDoc],
}

/// One option of a rule: its name, its default as YAML, and what it does.
#[derive(Debug)]
pub struct OptionDoc {
    /// The key under the rule (`min`).
    pub name: &'static str,
    /// The default, written as YAML (`2`, `[]`).
    pub default: &'static str,
    /// One line on what it does.
    pub doc: &'static str,
}

/// A built-in rule type: its metadata, options and constructor.
pub trait RuleDef: Rule + Sized + 'static {
    /// The rule's options in the config (`{ level: ..., min: 2 }`); `level` is common.
    type Options: DeserializeOwned + Default + HasLevel;

    /// The rule's metadata.
    const META: RuleMeta;

    /// Builds the rule from its options; compiles what it needs once per run.
    fn build(options: &Self::Options, context: &BuildContext<'_>) -> Self;
}

/// What every rule's options share: an optional severity override.
pub trait HasLevel {
    /// The `level` option, if given.
    fn level(&self) -> Option<Severity>;
}

/// The options of a rule that has none but `level`.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LevelOnly {
    /// Severity override.
    #[serde(default, deserialize_with = "deserialize_level")]
    pub level: Option<Severity>,
}

impl HasLevel for LevelOnly {
    fn level(&self) -> Option<Severity> {
        self.level
    }
}

/// Config-wide values some rules need when they are built.
#[derive(Debug, Default)]
pub struct BuildContext<'a> {
    /// The config's `company_goals`.
    pub company_goals: &'a [String],
    /// The wording scorers' weights; `None` for the embedded ones.
    pub wording: Option<crate::wording::WordingModel<'static>>,
    /// The config's `people`: each person's name and aliases.
    pub people: &'a [(String, Vec<String>)],
    /// What the privacy rules need besides the agenda.
    pub privacy: PrivacyContext<'a>,
}

/// What the privacy rules know of the run: the config's `privacy:` section, the lines
/// accepted in the allowlist, and where a staged commit goes.
#[derive(Debug, Default, Clone)]
pub struct PrivacyContext<'a> {
    /// The config's `privacy:` section; `None` for the defaults.
    pub config: Option<&'a crate::config::PrivacyConfig>,
    /// The accepted findings of the notes folder.
    pub allowlist: Option<std::sync::Arc<crate::privacy::allowlist::Allowlist>>,
    /// In `check --staged`, the remote the repository pushes to, when it has one.
    pub remote: Option<String>,
}

impl BuildContext<'_> {
    /// The wording scorers' weights the rules use.
    pub fn wording(&self) -> crate::wording::WordingModel<'static> {
        self.wording.unwrap_or_else(crate::wording::builtin)
    }
}

/// A rule's entry in the config: `off`, `on`, a severity, or a mapping of options.
#[derive(Debug)]
pub enum RuleSetting<T> {
    /// `off`, `no` or `false` (or `level: off`): the rule does not run.
    Off,
    /// `on`, `yes` or `true`: the rule runs with its defaults.
    On,
    /// `error`, `warning` or `info`: the rule runs at that severity.
    Level(Severity),
    /// A mapping: options, with `level` among them.
    Options(T),
}

impl<T: HasLevel> RuleSetting<T> {
    /// Whether the rule runs.
    pub fn enabled(&self) -> bool {
        !matches!(self, RuleSetting::Off)
    }

    /// The severity override, if any.
    pub fn level(&self) -> Option<Severity> {
        match self {
            RuleSetting::Level(level) => Some(*level),
            RuleSetting::Options(options) => options.level(),
            RuleSetting::Off | RuleSetting::On => None,
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for RuleSetting<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SettingVisitor<T>(std::marker::PhantomData<T>);

        impl<'de, T: DeserializeOwned> Visitor<'de> for SettingVisitor<T> {
            type Value = RuleSetting<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("`off`, `on`, `error`, `warning`, `info`, or a mapping of options")
            }

            fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
                Ok(if value {
                    RuleSetting::On
                } else {
                    RuleSetting::Off
                })
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
                match RuleLevel::parse(value) {
                    Some(RuleLevel::Off) => Ok(RuleSetting::Off),
                    Some(RuleLevel::On) => Ok(RuleSetting::On),
                    Some(RuleLevel::Severity(severity)) => Ok(RuleSetting::Level(severity)),
                    None => {
                        let hint = did_you_mean(value, ["off", "on", "error", "warning", "info"])
                            .map(|s| format!("; did you mean `{s}`?"))
                            .unwrap_or_default();
                        Err(E::custom(format!(
                            "`{value}` is not a rule setting: use `off`, `on`, `error`, `warning`, `info`, or a mapping of options{hint}"
                        )))
                    }
                }
            }

            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(RuleSetting::On)
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let mut level = LevelIntercept {
                    inner: map,
                    off: false,
                    pending: None,
                };
                let options = T::deserialize(de::value::MapAccessDeserializer::new(&mut level))?;
                // `level: off` turns the rule off; its other options are still checked.
                Ok(if level.off {
                    RuleSetting::Off
                } else {
                    RuleSetting::Options(options)
                })
            }
        }

        deserializer.deserialize_any(SettingVisitor(std::marker::PhantomData))
    }
}

/// What a rule's `level` may say: a severity, or whether the rule runs at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleLevel {
    /// `off`, `no`, `false`: the rule does not run.
    Off,
    /// `on`, `yes`, `true`: the rule runs at its default severity.
    On,
    /// `error`, `warning`, `info`.
    Severity(Severity),
}

impl RuleLevel {
    /// As written in the config, for docs.
    pub const fn describe(self) -> &'static str {
        match self {
            RuleLevel::Off => "off",
            RuleLevel::On => "on (the default severity)",
            RuleLevel::Severity(severity) => severity.as_str(),
        }
    }

    /// The severity findings get: `default` unless a severity is given; `None` when
    /// the rule is off.
    pub fn severity_or(self, default: Severity) -> Option<Severity> {
        match self {
            RuleLevel::Off => None,
            RuleLevel::On => Some(default),
            RuleLevel::Severity(severity) => Some(severity),
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text {
            "off" | "no" | "false" => Some(RuleLevel::Off),
            "on" | "yes" | "true" => Some(RuleLevel::On),
            other => Severity::parse(other).map(RuleLevel::Severity),
        }
    }
}

impl schemars::JsonSchema for RuleLevel {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Severity".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        Severity::json_schema(generator)
    }
}

impl<'de> Deserialize<'de> for RuleLevel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LevelVisitor;

        impl Visitor<'_> for LevelVisitor {
            type Value = RuleLevel;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("`error`, `warning`, `info` or `off`")
            }

            fn visit_bool<E: de::Error>(self, value: bool) -> Result<RuleLevel, E> {
                Ok(if value { RuleLevel::On } else { RuleLevel::Off })
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<RuleLevel, E> {
                RuleLevel::parse(value).ok_or_else(|| {
                    let hint = did_you_mean(value, ["error", "warning", "info", "off"])
                        .map(|s| format!("; did you mean `{s}`?"))
                        .unwrap_or_default();
                    E::custom(format!(
                        "`{value}` is not a severity: use `error`, `warning` or `info`, or `off` to turn the rule off{hint}"
                    ))
                })
            }
        }

        deserializer.deserialize_any(LevelVisitor)
    }
}

/// Hands a rule's options to its own deserializer, reading `level` on the way: `off`,
/// `no` or `false` there turns the rule off and is not passed on (each rule's options
/// know only severities), `on` is dropped, and a severity is passed on as written.
/// Reading through the file's own deserializer keeps every error located in the file.
struct LevelIntercept<A> {
    inner: A,
    off: bool,
    pending: Option<Severity>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for &mut LevelIntercept<A> {
    type Error = A::Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        use de::IntoDeserializer as _;
        loop {
            let Some(key) = self.inner.next_key::<String>()? else {
                return Ok(None);
            };
            if key != "level" {
                return seed.deserialize(key.into_deserializer()).map(Some);
            }
            match self.inner.next_value::<RuleLevel>()? {
                RuleLevel::Off => self.off = true,
                RuleLevel::On => {}
                RuleLevel::Severity(severity) => {
                    self.pending = Some(severity);
                    return seed.deserialize(key.into_deserializer()).map(Some);
                }
            }
        }
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, A::Error> {
        use de::IntoDeserializer as _;
        match self.pending.take() {
            Some(severity) => seed.deserialize(severity.as_str().into_deserializer()),
            None => self.inner.next_value_seed(seed),
        }
    }
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for RuleSetting<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("RuleSetting_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let options = generator.subschema_for::<T>();
        schemars::json_schema!({
            "description": "`off`, `on`, a severity, or a mapping of options",
            "anyOf": [
                { "type": "string", "enum": ["off", "on", "no", "yes", "error", "warning", "info"] },
                { "type": "boolean" },
                { "type": "null" },
                options
            ]
        })
    }
}

/// Deserializes a `level` option with a did-you-mean for near misses (`warn`).
pub fn deserialize_level<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Severity>, D::Error> {
    let text = String::deserialize(deserializer)?;
    Severity::parse(&text).map(Some).ok_or_else(|| {
        let hint = did_you_mean(&text, ["error", "warning", "info"])
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        de::Error::custom(format!(
            "`{text}` is not a severity: use `error`, `warning` or `info`{hint}"
        ))
    })
}

/// A rule that will run, with its severity override.
pub struct ActiveRule {
    /// The rule.
    pub rule: Box<dyn Rule>,
    /// The severity all its findings get, when the config sets one.
    pub severity: Option<Severity>,
}

/// One built-in rule in the registry.
#[derive(Debug)]
pub struct RuleEntry {
    /// Its metadata.
    pub meta: &'static RuleMeta,
}

pub mod custom;
pub mod data;
pub(crate) mod skeleton;

macro_rules! registry {
    ($( $id:literal => $module:ident :: $ty:ident ),* $(,)?) => {
        $(pub mod $module;)*

        /// Per-rule settings in the config, one optional field per built-in rule.
        #[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct RulesConfig {
            $(
                #[doc = concat!("Settings of `", $id, "`.")]
                #[serde(rename = $id, default)]
                pub $module: Option<RuleSetting<<$module::$ty as RuleDef>::Options>>,
            )*
        }

        /// Every built-in rule, in the order the docs list them.
        pub static REGISTRY: &[RuleEntry] = &[
            $( RuleEntry { meta: &<$module::$ty as RuleDef>::META }, )*
        ];

        impl RulesConfig {
            /// Builds every rule that `wanted` accepts and the config does not turn off.
            pub fn build(
                &self,
                context: &BuildContext<'_>,
                wanted: &dyn Fn(&str) -> bool,
            ) -> Vec<ActiveRule> {
                let mut active = Vec::new();
                $(
                    let setting = self.$module.as_ref();
                    if wanted($id) && setting.is_none_or(RuleSetting::enabled) {
                        let defaults = Default::default();
                        let options = match setting {
                            Some(RuleSetting::Options(options)) => options,
                            _ => &defaults,
                        };
                        active.push(ActiveRule {
                            rule: Box::new(<$module::$ty as RuleDef>::build(options, context)),
                            severity: setting.and_then(RuleSetting::level),
                        });
                    }
                )*
                active
            }
        }

        #[cfg(test)]
        mod registry_tests {
            use super::*;

            #[test]
            fn every_rule_builds_from_its_embedded_data() {
                let context = BuildContext::default();
                let built = RulesConfig::default().build(&context, &|_| true);
                assert_eq!(built.len(), REGISTRY.len());
                let goals = vec!["reliability".to_string()];
                let with_goals = BuildContext { company_goals: &goals, ..BuildContext::default() };
                assert_eq!(RulesConfig::default().build(&with_goals, &|_| true).len(), REGISTRY.len());
            }

            #[test]
            fn ids_match_their_modules() {
                $(
                    assert_eq!(<$module::$ty as RuleDef>::META.id, $id);
                    assert_eq!(stringify!($module).replace('_', "-"), $id);
                )*
            }
        }
    };
}

registry! {
    "front-matter-missing" => front_matter_missing::FrontMatterMissing,
    "front-matter-invalid" => front_matter_invalid::FrontMatterInvalid,
    "front-matter-field" => front_matter_field::FrontMatterField,
    "empty-agenda" => empty_agenda::EmptyAgenda,
    "too-few-projects" => too_few_projects::TooFewProjects,
    "project-missing-decision" => project_missing_decision::ProjectMissingDecision,
    "project-missing-lesson" => project_missing_lesson::ProjectMissingLesson,
    "missing-metric" => missing_metric::MissingMetric,
    "no-time-bound" => no_time_bound::NoTimeBound,
    "complaint-phrasing" => complaint_phrasing::ComplaintPhrasing,
    "vague-aspiration" => vague_aspiration::VagueAspiration,
    "promotion-ask" => promotion_ask::PromotionAsk,
    "vague-feedback-request" => vague_feedback_request::VagueFeedbackRequest,
    "generic-skill-wish" => generic_skill_wish::GenericSkillWish,
    "missing-initiative" => missing_initiative::MissingInitiative,
    "missing-skill-gap" => missing_skill_gap::MissingSkillGap,
    "missing-alignment" => missing_alignment::MissingAlignment,
    "non-technical-share" => non_technical_share::NonTechnicalShare,
    "time-budget" => time_budget::TimeBudget,
    "career-cadence" => career_cadence::CareerCadence,
    "open-action-items" => open_action_items::OpenActionItems,
    "duplicate-meeting-date" => duplicate_meeting_date::DuplicateMeetingDate,
    "series-name" => series_name::SeriesName,
    "unfilled-prompt" => unfilled_prompt::UnfilledPrompt,
    "unknown-rule" => unknown_rule::UnknownRule,
    "unused-suppression" => unused_suppression::UnusedSuppression,
    "missing-suppression-reason" => missing_suppression_reason::MissingSuppressionReason,
    "expired-suppression" => expired_suppression::ExpiredSuppression,
    "private-pay" => private_pay::PrivatePay,
    "private-health" => private_health::PrivateHealth,
    "private-life" => private_life::PrivateLife,
    "colleague-performance" => colleague_performance::ColleaguePerformance,
    "private-commit" => private_commit::PrivateCommit,
}

/// Test support: the findings of one built-in rule on an agenda body (front matter is
/// added unless the body brings its own), with an optional config.
#[cfg(test)]
pub(crate) fn findings(rule: &str, body: &str, config: &str) -> Vec<Diagnostic> {
    let file = crate::config::Config::parse(config, std::path::Path::new("test.yaml"))
        .expect("valid test config");
    let context = BuildContext {
        company_goals: &file.company_goals,
        people: &file.people.names,
        ..BuildContext::default()
    };
    let rules = crate::engine::RuleSet::new(file.rules.build(&context, &|id| id == rule));
    let text = if body.starts_with("---") {
        body.to_string()
    } else {
        format!("---\ndate: 2026-11-23\nwith: Alex Kim\n---\n{body}")
    };
    let agenda = Agenda::parse("t.md", &text, crate::model::SectionVocabulary::builtin());
    rules.check(&agenda)
}

/// Test support: asserts that `rule` fires on every body of `fires` and on none of
/// `passes`.
#[cfg(test)]
pub(crate) fn assert_table(rule: &str, fires: &[&str], passes: &[&str]) {
    for body in fires {
        assert!(
            !findings(rule, body, "").is_empty(),
            "{rule} should fire on:\n{body}"
        );
    }
    for body in passes {
        let found = findings(rule, body, "");
        assert!(found.is_empty(), "{rule} should pass:\n{body}\n{found:?}");
    }
}

/// The registry entry of a built-in rule.
pub fn find(id: &str) -> Option<&'static RuleEntry> {
    REGISTRY.iter().find(|entry| entry.meta.id == id)
}

/// Every built-in rule id.
pub fn ids() -> impl Iterator<Item = &'static str> {
    REGISTRY.iter().map(|entry| entry.meta.id)
}

/// A `RuleId` for a built-in rule's diagnostics.
pub(crate) fn diagnostic<R: RuleDef>(
    span: crate::diagnostic::Span,
    message: impl Into<String>,
    help: impl Into<String>,
) -> Diagnostic {
    Diagnostic::new(R::META.id, R::META.default_severity, span, message, help)
}
