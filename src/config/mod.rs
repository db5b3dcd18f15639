//! The configuration file `.agendalint.yaml`: its schema, loading with errors that point
//! into the file, and discovery upward from each checked path.
//!
//! The schema is plain serde types with `deny_unknown_fields`; the per-rule table is
//! generated from the rule registry. `serde_yaml` reports where a problem is; this module
//! turns that into a [`ConfigError`] with a label on the spot and a did-you-mean.

mod discovery;
mod error;

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Deserializer};

pub use discovery::Discovery;
pub use error::ConfigError;

use crate::model::{SectionKind, SectionVocabulary};
use crate::rules::RulesConfig;

/// The file names looked for, in order of preference.
pub const FILE_NAMES: [&str; 2] = [".agendalint.yaml", ".agendalint.yml"];

/// The top-level keys of the config file (for did-you-mean).
pub const TOP_LEVEL_KEYS: [&str; 5] = ["include", "exclude", "company_goals", "sections", "rules"];

/// What `.agendalint.yaml` may say.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Globs of files to check when walking folders (default `**/*.md`, `**/*.markdown`),
    /// relative to the config file's folder.
    #[serde(default)]
    pub include: Option<Vec<GlobPattern>>,
    /// Globs of files never to check, even when named on the command line.
    #[serde(default, deserialize_with = "null_as_default")]
    pub exclude: Vec<GlobPattern>,
    /// The company's goals; an initiative naming one counts as aligned.
    #[serde(default, deserialize_with = "null_as_default")]
    pub company_goals: Vec<String>,
    /// Extra headings per section kind.
    #[serde(default, deserialize_with = "null_as_default")]
    pub sections: SectionsConfig,
    /// Per-rule settings: `off`, a severity, or options.
    #[serde(default, deserialize_with = "null_as_default")]
    pub rules: RulesConfig,
}

/// Extra section headings, per kind (SPEC §1).
#[derive(Debug, Default, Deserialize)]
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

    /// Reads and validates a config file.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.display().to_string(),
            source,
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
        let vocabulary = if file.sections.is_empty() {
            SectionVocabulary::builtin().clone()
        } else {
            SectionVocabulary::with_extra(file.sections.extra())
        };
        Self {
            path,
            root,
            file,
            include,
            exclude,
            vocabulary,
        }
    }

    /// The path used to match globs: relative to the config's folder when inside it.
    fn relative<'p>(&self, path: &'p Path) -> std::borrow::Cow<'p, Path> {
        let absolute_root = std::path::absolute(&self.root).unwrap_or_else(|_| self.root.clone());
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        match absolute.strip_prefix(&absolute_root) {
            Ok(relative) => std::borrow::Cow::Owned(relative.to_path_buf()),
            Err(_) => std::borrow::Cow::Borrowed(path),
        }
    }

    /// Whether a file found by walking a folder should be checked.
    pub fn includes(&self, path: &Path) -> bool {
        let relative = self.relative(path);
        self.include.is_match(&*relative) && !self.exclude.is_match(&*relative)
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
    }
}
