//! The configuration file `.agendalint.yaml`: its schema, loading with errors that point
//! into the file, and discovery upward from each checked path.
//!
//! The schema is plain serde types with `deny_unknown_fields`; the per-rule table is
//! generated from the rule registry. `serde_yaml` reports where a problem is; this module
//! turns that into a [`ConfigError`] with a label on the spot and a did-you-mean.

mod discovery;
mod error;
mod privacy;

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Deserializer};

pub use discovery::Discovery;
pub(crate) use discovery::config_in;
pub use error::ConfigError;
pub use privacy::{PrivacyChecks, PrivacyConfig};

use crate::model::{SectionKind, SectionVocabulary};
use crate::rules::RulesConfig;

/// The file names looked for, in order of preference.
pub const FILE_NAMES: [&str; 2] = [".agendalint.yaml", ".agendalint.yml"];

/// The top-level keys of the config file (for did-you-mean).
pub const TOP_LEVEL_KEYS: [&str; 11] = [
    "include",
    "exclude",
    "since",
    "company_goals",
    "sections",
    "rules",
    "custom_rules",
    "require_reason",
    "people",
    "template",
    "privacy",
];

/// What `.agendalint.yaml` may say.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Globs of files to check when walking folders (default `**/*.md`, `**/*.markdown`),
    /// relative to the config file's folder.
    #[serde(default)]
    pub include: Option<Vec<GlobPattern>>,
    /// Globs of files never to check, even when named on the command line. An excluded
    /// agenda still counts as a meeting of its series; leave it out of `include` to take
    /// it out of the series too.
    #[serde(default, deserialize_with = "null_as_default")]
    pub exclude: Vec<GlobPattern>,
    /// Agendas dated before this day (`YYYY-MM-DD`) are read for the series rules but not
    /// reported (`--since` overrides it).
    #[serde(default)]
    pub since: Option<ConfigDate>,
    /// The company's goals; an initiative naming one counts as aligned.
    #[serde(default, deserialize_with = "null_as_default")]
    pub company_goals: Vec<String>,
    /// Extra headings per section kind.
    #[serde(default, deserialize_with = "null_as_default")]
    pub sections: SectionsConfig,
    /// Per-rule settings: `off`, a severity, or options.
    #[serde(default, deserialize_with = "null_as_default")]
    pub rules: RulesConfig,
    /// User-defined rules.
    #[serde(default, deserialize_with = "null_as_default")]
    pub custom_rules: CustomRules,
    /// Whether every suppression (`agendalint-disable...` comment, front matter
    /// `agendalint: {disable: ...}`) must say why, after `--` or with `reason:`.
    #[serde(default)]
    pub require_reason: bool,
    /// The people of the notes, each with the other ways their name is written
    /// (`Dana Whitfield: [Dana, DW]`): every spelling is one meeting series. Names
    /// listed here are never reported as spellings of each other.
    #[serde(default, deserialize_with = "null_as_default")]
    pub people: People,
    /// The agenda template `agendalint new` starts from (a Markdown file, relative to
    /// the config's folder); the built-in prep template when not set.
    #[serde(default)]
    pub template: Option<PathBuf>,
    /// When the privacy rules run (`staged`, the default: only in `check --staged`;
    /// `on`; `off`), the colleagues they know besides each agenda's attendees, the
    /// notes' owner, and whether a `private: true` file may be committed.
    #[serde(default, deserialize_with = "null_as_default")]
    pub privacy: PrivacyConfig,
}

/// The config's `people`: each person's name, and the other ways it is written.
#[derive(Debug, Default, Clone)]
pub struct People {
    /// Each person as written, with their aliases.
    pub names: Vec<(String, Vec<String>)>,
}

impl People {
    /// The name a series goes by: the person `name` is an alias of, else `name`.
    pub fn canonical<'a>(&'a self, name: &'a str) -> &'a str {
        if self.names.is_empty() {
            return name;
        }
        let wanted = name.trim().to_lowercase();
        self.names
            .iter()
            .find(|(person, aliases)| {
                person.trim().to_lowercase() == wanted
                    || aliases.iter().any(|a| a.trim().to_lowercase() == wanted)
            })
            .map_or(name, |(person, _)| person.as_str())
    }

    /// Whether `name` is a person listed here (by name or alias).
    pub fn knows(&self, name: &str) -> bool {
        let wanted = name.trim().to_lowercase();
        self.names.iter().any(|(person, aliases)| {
            person.trim().to_lowercase() == wanted
                || aliases.iter().any(|a| a.trim().to_lowercase() == wanted)
        })
    }

    /// Puts a meeting under the person its `with` names.
    pub fn apply(&self, summary: &mut crate::series::Summary) {
        if let Some(with) = &summary.with {
            let canonical = self.canonical(with);
            if canonical != with {
                summary.with = Some(canonical.to_string());
            }
        }
    }
}

impl<'de> Deserialize<'de> for People {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PeopleVisitor;

        impl<'de> serde::de::Visitor<'de> for PeopleVisitor {
            type Value = People;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a mapping of names to lists of aliases")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<People, A::Error> {
                let mut people = People::default();
                let mut seen: Vec<(String, String)> = Vec::new();
                while let Some((name, aliases)) = map.next_entry::<String, Option<Vec<String>>>()? {
                    let aliases = aliases.unwrap_or_default();
                    for spelling in std::iter::once(&name).chain(&aliases) {
                        let key = spelling.trim().to_lowercase();
                        if key.is_empty() {
                            return Err(serde::de::Error::custom(format!(
                                "people: an empty name under `{name}`"
                            )));
                        }
                        if let Some((_, other)) = seen.iter().find(|(k, _)| *k == key) {
                            return Err(serde::de::Error::custom(format!(
                                "people: `{spelling}` is listed under both `{other}` and `{name}`"
                            )));
                        }
                        seen.push((key, name.clone()));
                    }
                    people.names.push((name, aliases));
                }
                Ok(people)
            }
        }

        deserializer.deserialize_map(PeopleVisitor)
    }
}

impl schemars::JsonSchema for People {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "People".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": ["object", "null"],
            "description": "Each person's name, with the other ways it is written",
            "additionalProperties": {
                "type": ["array", "null"],
                "items": { "type": "string" }
            }
        })
    }
}

impl ConfigFile {
    /// Its section headings: the built-in ones plus its `sections`.
    pub fn vocabulary(&self) -> SectionVocabulary {
        if self.sections.is_empty() {
            SectionVocabulary::builtin().clone()
        } else {
            SectionVocabulary::with_extra(self.sections.extra())
        }
    }
}

/// The most memory a user's pattern may compile to (bytes), so that a pathological
/// pattern is refused instead of eating memory.
pub const PATTERN_SIZE_LIMIT: usize = 1 << 20;

/// A user-defined rule (an entry of `custom_rules`).
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomRuleConfig {
    /// Its id: lowercase words joined by `-`, unlike any built-in rule.
    pub id: CustomRuleId,
    /// Severity of its findings (default `warning`), or `off`.
    #[serde(default)]
    pub level: Option<crate::rules::RuleLevel>,
    /// The regular expression that flags text.
    pub pattern: Pattern,
    /// What is wrong.
    pub message: NonEmpty,
    /// How to fix it.
    pub help: NonEmpty,
    /// Only these section kinds (default: everywhere).
    #[serde(default)]
    pub sections: Vec<SectionKind>,
}

/// The `custom_rules` list; ids are unique.
#[derive(Debug, Default)]
pub struct CustomRules(pub Vec<CustomRuleConfig>);

/// A string schema with a description, for the config types checked when read.
fn string_schema(description: &str, pattern: Option<&str>) -> schemars::Schema {
    let mut schema = schemars::json_schema!({ "type": "string", "description": description });
    if let Some(pattern) = pattern {
        schema.insert("pattern".to_string(), pattern.into());
    }
    schema
}

impl schemars::JsonSchema for CustomRules {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CustomRules".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let item = generator.subschema_for::<CustomRuleConfig>();
        schemars::json_schema!({ "type": ["array", "null"], "items": item })
    }
}

impl schemars::JsonSchema for CustomRuleId {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CustomRuleId".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        string_schema(
            "Lowercase words joined by `-`, unlike any built-in rule id",
            Some("^[a-z0-9]+(-[a-z0-9]+)*$"),
        )
    }
}

impl schemars::JsonSchema for Pattern {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Pattern".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        string_schema("A regular expression (Rust regex syntax)", None)
    }
}

impl schemars::JsonSchema for NonEmpty {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "NonEmpty".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "minLength": 1 })
    }
}

impl schemars::JsonSchema for GlobPattern {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "GlobPattern".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        string_schema(
            "A glob, relative to the config file's folder (`templates/**`)",
            None,
        )
    }
}

/// The JSON Schema of `.agendalint.yaml`, generated from the types the config is read
/// into.
pub fn json_schema() -> serde_json::Value {
    let mut schema = schemars::schema_for!(ConfigFile);
    schema.insert("title".to_string(), ".agendalint.yaml".into());
    schema.insert(
        "description".to_string(),
        "Configuration of agendalint, the linter for 1:1-meeting agendas".into(),
    );
    schema.to_value()
}

impl<'de> Deserialize<'de> for CustomRules {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RulesVisitor;

        impl<'de> serde::de::Visitor<'de> for RulesVisitor {
            type Value = CustomRules;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list of custom rules")
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<CustomRules, A::Error> {
                let mut rules: Vec<CustomRuleConfig> = Vec::new();
                while let Some(rule) = seq.next_element::<CustomRuleConfig>()? {
                    if rules.iter().any(|r| r.id.0 == rule.id.0) {
                        return Err(serde::de::Error::custom(format!(
                            "custom rule id `{}` is used twice",
                            rule.id.0
                        )));
                    }
                    rules.push(rule);
                }
                Ok(CustomRules(rules))
            }
        }

        deserializer.deserialize_seq(RulesVisitor)
    }
}

/// A custom rule's id, checked when read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomRuleId(pub String);

impl<'de> Deserialize<'de> for CustomRuleId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = String::deserialize(deserializer)?;
        let well_formed = !id.is_empty()
            && !id.starts_with('-')
            && !id.ends_with('-')
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !well_formed {
            return Err(serde::de::Error::custom(format!(
                "custom rule id `{id}` must be lowercase words joined by `-`, e.g. `no-jargon`"
            )));
        }
        if crate::rules::find(&id).is_some() || id == crate::diagnostic::FILE_ERROR {
            return Err(serde::de::Error::custom(format!(
                "custom rule id `{id}` clashes with a built-in rule; pick another id"
            )));
        }
        Ok(Self(id))
    }
}

/// A user's regular expression, compiled (with size limits) when the config is read.
#[derive(Debug, Clone)]
pub struct Pattern(pub regex::Regex);

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        regex::RegexBuilder::new(&text)
            .size_limit(PATTERN_SIZE_LIMIT)
            .dfa_size_limit(PATTERN_SIZE_LIMIT)
            .build()
            .map(Pattern)
            .map_err(|e| {
                let detail = match e {
                    regex::Error::CompiledTooBig(limit) => {
                        format!("it compiles to more than {limit} bytes; simplify it")
                    }
                    other => other
                        .to_string()
                        .lines()
                        .filter(|l| l.starts_with("error:"))
                        .map(|l| l.trim_start_matches("error:").trim().to_string())
                        .next()
                        .unwrap_or_else(|| "it does not parse".to_string()),
                };
                serde::de::Error::custom(format!(
                    "`{text}` is not a valid regular expression: {detail}"
                ))
            })
    }
}

/// A `YYYY-MM-DD` date from the config, checked to be a real day when read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConfigDate(pub crate::model::IsoDate);

impl<'de> Deserialize<'de> for ConfigDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        crate::model::IsoDate::parse(text.trim())
            .map(ConfigDate)
            .ok_or_else(|| serde::de::Error::custom(crate::model::IsoDate::problem(&text)))
    }
}

impl schemars::JsonSchema for ConfigDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ConfigDate".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        string_schema("A day, YYYY-MM-DD", Some("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))
    }
}

/// A string that must not be blank.
#[derive(Debug, Clone)]
pub struct NonEmpty(pub String);

impl<'de> Deserialize<'de> for NonEmpty {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text.trim().is_empty() {
            return Err(serde::de::Error::custom("must not be empty"));
        }
        Ok(Self(text))
    }
}

/// Extra section headings, per kind.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct SectionsConfig {
    #[serde(default)]
    pub projects: Vec<String>,
    #[serde(default)]
    pub initiatives: Vec<String>,
    #[serde(default)]
    pub career: Vec<String>,
    #[serde(default)]
    pub skills: Vec<String>,
    #[serde(default)]
    pub feedback: Vec<String>,
    #[serde(default)]
    pub alignment: Vec<String>,
    #[serde(default)]
    pub non_technical: Vec<String>,
    #[serde(default)]
    pub actions: Vec<String>,
}

impl SectionsConfig {
    fn extra(&self) -> [(SectionKind, &[String]); 8] {
        [
            (SectionKind::Projects, &self.projects),
            (SectionKind::Initiatives, &self.initiatives),
            (SectionKind::Career, &self.career),
            (SectionKind::Skills, &self.skills),
            (SectionKind::Feedback, &self.feedback),
            (SectionKind::Alignment, &self.alignment),
            (SectionKind::NonTechnical, &self.non_technical),
            (SectionKind::Actions, &self.actions),
        ]
    }

    fn is_empty(&self) -> bool {
        self.extra().iter().all(|(_, list)| list.is_empty())
    }
}

/// A glob from the config, compiled when the config is read.
#[derive(Debug, Clone)]
pub struct GlobPattern {
    /// As written.
    pub text: String,
    glob: Glob,
}

impl<'de> Deserialize<'de> for GlobPattern {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let glob = globset::GlobBuilder::new(&text)
            .literal_separator(true)
            .build()
            .map_err(|e| {
                serde::de::Error::custom(format!("`{text}` is not a valid glob: {}", e.kind()))
            })?;
        Ok(Self { text, glob })
    }
}

fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// A loaded configuration: the file's settings plus what they compile to.
#[derive(Debug)]
pub struct Config {
    /// The file it came from; `None` for the built-in defaults.
    pub path: Option<PathBuf>,
    /// The folder that `include`/`exclude` globs are relative to.
    pub root: PathBuf,
    /// The settings as written.
    pub file: ConfigFile,
    include: GlobSet,
    exclude: GlobSet,
    /// `root` made absolute once, for matching every checked path against the globs.
    absolute_root: PathBuf,
    /// Section headings, built-in plus the config's.
    pub vocabulary: SectionVocabulary,
}

/// The default `include` globs.
pub const DEFAULT_INCLUDE: [&str; 2] = ["**/*.md", "**/*.markdown"];

impl Config {
    /// The built-in defaults, with globs relative to `root`.
    pub fn defaults(root: PathBuf) -> Self {
        Self::from_file(None, root, ConfigFile::default())
    }

    /// Reads and validates a config file: a regular file of at most
    /// [`crate::read::CONFIG_LIMIT`] bytes of UTF-8.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = crate::read::text(path, crate::read::CONFIG_LIMIT).map_err(|reason| {
            ConfigError::Read {
                path: path.display().to_string(),
                reason,
            }
        })?;
        let file = Self::parse(&text, path)?;
        let root = path
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let root = if root.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            root
        };
        Ok(Self::from_file(Some(path.to_path_buf()), root, file))
    }

    /// Parses config text; `path` is only used in errors.
    pub fn parse(text: &str, path: &Path) -> Result<ConfigFile, ConfigError> {
        serde_yaml::from_str::<Option<ConfigFile>>(text)
            .map(Option::unwrap_or_default)
            .map_err(|e| ConfigError::from_yaml(&e, text, path))
    }

    fn from_file(path: Option<PathBuf>, root: PathBuf, file: ConfigFile) -> Self {
        let include_globs: Vec<Glob> = match &file.include {
            Some(patterns) => patterns.iter().map(|p| p.glob.clone()).collect(),
            None => DEFAULT_INCLUDE
                .iter()
                .filter_map(|g| Glob::new(g).ok())
                .collect(),
        };
        let include = build_set(include_globs);
        let exclude = build_set(file.exclude.iter().map(|p| p.glob.clone()).collect());
        let vocabulary = file.vocabulary();
        let absolute_root = std::path::absolute(&root).unwrap_or_else(|_| root.clone());
        Self {
            path,
            root,
            file,
            include,
            exclude,
            absolute_root,
            vocabulary,
        }
    }

    /// The path used to match globs: relative to the config's folder when inside it.
    fn relative<'p>(&self, path: &'p Path) -> std::borrow::Cow<'p, Path> {
        // The walk of a notes root asks this of every file: most are plain paths under
        // the root, told apart as bytes.
        if path.is_absolute() {
            if let Some(relative) = crate::files::plain_rest(&self.absolute_root, path) {
                return std::borrow::Cow::Borrowed(relative);
            }
        }
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        match absolute.strip_prefix(&self.absolute_root) {
            Ok(relative) => std::borrow::Cow::Owned(relative.to_path_buf()),
            Err(_) => std::borrow::Cow::Borrowed(path),
        }
    }

    /// Whether a file found by walking a folder should be checked.
    pub fn includes(&self, path: &Path) -> bool {
        let relative = self.relative(path);
        self.include.is_match(&*relative) && !self.exclude.is_match(&*relative)
    }

    /// Whether a file is an agenda of the notes root for the series rules: matched by
    /// `include`. An excluded agenda still is one: `exclude` keeps it from being
    /// reported, not from being a meeting of its series.
    pub fn in_series(&self, path: &Path) -> bool {
        self.include.is_match(&*self.relative(path))
    }

    /// Whether a Markdown file found by walking a folder is taken for an agenda by its
    /// look (front matter naming a meeting) rather than by where it is: when the config
    /// does not set `include`. A config that sets `include` says which files are
    /// agendas, and every one of them is checked as one.
    pub fn tells_agendas_by_look(&self) -> bool {
        self.file.include.is_none()
    }

    /// Whether a file is excluded (applies to files named on the command line too).
    pub fn excludes(&self, path: &Path) -> bool {
        self.exclude.is_match(&*self.relative(path))
    }
}

fn build_set(globs: Vec<Glob>) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        builder.add(glob);
    }
    builder.build().unwrap_or_else(|_| {
        GlobSetBuilder::new()
            .build()
            .expect("an empty glob set always builds")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> ConfigError {
        Config::parse(text, Path::new(".agendalint.yaml")).expect_err("config should be rejected")
    }

    #[test]
    fn the_spec_example_parses() {
        let text = r#"
include: ["**/*.md"]
exclude: ["templates/**", "README.md"]
company_goals: [reliability, cost]
sections:
  projects: ["What I built"]
rules:
  too-few-projects: { level: error, min: 2 }
  complaint-phrasing: { extra_phrases: ["on fire"], allow_phrases: ["fire drill"] }
  promotion-ask: off
"#;
        // `promotion-ask` is not a rule yet in every build; accept either outcome of that
        // line but nothing else.
        match Config::parse(text, Path::new("c.yaml")) {
            Ok(file) => assert_eq!(file.company_goals, ["reliability", "cost"]),
            Err(e) => assert!(e.to_string().contains("promotion-ask"), "{e}"),
        }
    }

    #[test]
    fn empty_and_comment_only_files_are_defaults() {
        for text in ["", "# nothing yet\n", "rules:\n"] {
            assert!(Config::parse(text, Path::new("c.yaml")).is_ok(), "{text:?}");
        }
    }

    #[test]
    fn unknown_rule_points_at_its_line_with_a_suggestion() {
        let text = "rules:\n  too-few-projects: warning\n  compliant-phrasing: off\n";
        let ConfigError::Invalid {
            message,
            span,
            help,
            ..
        } = error(text)
        else {
            panic!("expected an invalid-config error")
        };
        assert!(
            message.contains("unknown rule `compliant-phrasing`"),
            "{message}"
        );
        assert_eq!(span.offset(), text.find("compliant").unwrap_or(0));
        assert!(help.unwrap_or_default().contains("complaint-phrasing"));
    }

    #[test]
    fn bad_values_are_located() {
        let text = "rules:\n  too-few-projects: { min: 0 }\n";
        let ConfigError::Invalid { message, span, .. } = error(text) else {
            panic!("expected an invalid-config error")
        };
        assert!(message.contains("at least 1"), "{message}");
        assert_eq!(text[..span.offset()].lines().count(), 2);
        let text = "rules:\n  no-time-bound: warn\n";
        let ConfigError::Invalid { message, .. } = error(text) else {
            panic!("expected an invalid-config error")
        };
        assert!(message.contains("did you mean `warning`"), "{message}");
    }

    #[test]
    fn unknown_top_level_key_suggests() {
        let ConfigError::Invalid { message, help, .. } = error("exlude: [a]\n") else {
            panic!("expected an invalid-config error")
        };
        assert!(message.contains("unknown key `exlude`"), "{message}");
        assert!(help.unwrap_or_default().contains("`exclude`"));
    }

    #[test]
    fn since_is_a_real_date() {
        let file = Config::parse("since: 2026-10-01\n", Path::new("c.yaml")).expect("valid");
        assert_eq!(
            file.since.map(|d| d.0.to_string()).as_deref(),
            Some("2026-10-01")
        );
        let ConfigError::Invalid { message, .. } = error("since: 2026-02-30\n") else {
            panic!("expected an invalid-config error")
        };
        assert!(message.contains("not a real date"), "{message}");
    }

    #[test]
    fn people_and_their_aliases() {
        let file = Config::parse(
            "people:\n  Dana Whitfield: [Dana, DW]\n  Marco Rossi:\n",
            Path::new("c.yaml"),
        )
        .expect("valid");
        assert_eq!(file.people.canonical("dana"), "Dana Whitfield");
        assert_eq!(file.people.canonical(" DW "), "Dana Whitfield");
        assert_eq!(file.people.canonical("Marco Rossi"), "Marco Rossi");
        assert_eq!(file.people.canonical("Priya"), "Priya");
        assert!(file.people.knows("marco rossi"));
        let ConfigError::Invalid { message, .. } =
            error("people:\n  Dana Whitfield: [Dana]\n  Dana Lee: [dana]\n")
        else {
            panic!("expected an invalid-config error")
        };
        assert!(message.contains("`dana` is listed under both"), "{message}");
    }

    #[test]
    fn bad_globs_are_rejected() {
        let ConfigError::Invalid { message, .. } = error("exclude: ['a[']\n") else {
            panic!("expected an invalid-config error")
        };
        assert!(message.contains("not a valid glob"), "{message}");
    }

    #[test]
    fn include_and_exclude_are_relative_to_the_config() {
        let file =
            Config::parse("exclude: [\"templates/**\"]\n", Path::new("c.yaml")).expect("valid");
        let config = Config::from_file(None, PathBuf::from("notes"), file);
        assert!(config.includes(Path::new("notes/2026-11-23.md")));
        assert!(!config.includes(Path::new("notes/templates/t.md")));
        assert!(!config.includes(Path::new("notes/x.txt")));
        assert!(config.excludes(Path::new("notes/templates/t.md")));
        assert!(
            config.in_series(Path::new("notes/templates/t.md")),
            "excluded, still an agenda of its series"
        );
    }
}
