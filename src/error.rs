//! Tool errors — the tool could not do its job — as opposed to findings, and the exit
//! status a run ends with.

use crate::config::ConfigError;

/// How a run ends (SPEC §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: no finding at or above `--fail-on`.
    Success,
    /// 1: findings at or above `--fail-on`.
    Failure,
    /// 2: bad usage or config, or a file that could not be checked.
    Error,
}

impl ExitStatus {
    /// The process exit code.
    pub const fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
        }
    }
}

/// A problem with the command line or its config (exit status 2, nothing checked).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum UsageError {
    /// `--select`, `--ignore` or `explain` named a rule that does not exist.
    #[error("unknown rule `{name}`{context}")]
    #[diagnostic(code(agendalint::usage))]
    UnknownRule {
        /// The name given.
        name: String,
        /// Where it was given (" in --select"), or empty.
        context: String,
        /// A did-you-mean, or a hint.
        #[help]
        help: String,
    },
    /// Flags that do not go together, or input that cannot be read.
    #[error("{message}")]
    #[diagnostic(code(agendalint::usage))]
    Usage {
        /// What is wrong.
        message: String,
        /// What to do instead.
        #[help]
        help: String,
    },
    /// The config file given with `--config` cannot be used.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(#[from] ConfigError),
}

impl UsageError {
    /// An unknown rule name, with a did-you-mean among the built-in rules.
    pub fn unknown_rule(name: &str, context: &str) -> Self {
        Self::unknown_rule_among(name, context, std::iter::empty())
    }

    /// An unknown rule name, with a did-you-mean among the built-in rules, `file-error`
    /// and `custom` (the custom rules of the configs read).
    pub fn unknown_rule_among<'a>(
        name: &str,
        context: &str,
        custom: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        let known = crate::rules::ids()
            .chain([crate::diagnostic::FILE_ERROR])
            .map(|id| -> &'a str { id })
            .chain(custom);
        let help = crate::suggest::did_you_mean(name, known).map_or_else(
            || "run `agendalint rules` to list every rule".to_string(),
            |s| format!("did you mean `{s}`?"),
        );
        UsageError::UnknownRule {
            name: name.to_string(),
            context: context.to_string(),
            help,
        }
    }
}
