//! Findings as plain data: [`Diagnostic`], its [`Severity`], and the machine-applicable
//! [`Fix`] it may carry. Rules build these; `engine` filters and sorts them; only `output`
//! turns them into text.

use std::borrow::Cow;
use std::fmt;

/// A byte range into a file, always on `char` boundaries; `end` is exclusive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// An empty span at `offset`, used for insertions.
    pub const fn empty(offset: usize) -> Self {
        Self {
            start: offset,
            end: offset,
        }
    }

    /// Length in bytes.
    pub const fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no byte.
    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// Whether `other` lies entirely inside `self`.
    pub const fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two spans share at least one byte (or are the same empty point).
    pub const fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
            || (self.start == other.start && self.end == other.end)
    }

    /// This span shifted right by `offset` bytes.
    #[must_use]
    pub const fn shifted(self, offset: usize) -> Self {
        Self {
            start: self.start + offset,
            end: self.end + offset,
        }
    }
}

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; never fails a run unless `--fail-on info`.
    Info,
    /// Should be fixed before the meeting; fails a run by default.
    Warning,
    /// The agenda is broken (for example its front matter).
    Error,
}

impl Severity {
    /// Every severity, mildest first.
    pub const ALL: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Error];

    /// The lowercase name used in config, CLI and JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `error`, `warning` or `info` (exactly, lowercase).
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

impl schemars::JsonSchema for Severity {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Severity".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        // In the config a severity is a rule's `level`, which may also turn it off.
        schemars::json_schema!({
            "anyOf": [
                { "type": "string", "enum": ["error", "warning", "info", "off", "on", "no", "yes"] },
                { "type": "boolean" }
            ],
            "description": "A severity (`error`, `warning`, `info`), or `off` to turn the rule off"
        })
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether `--fix` may apply an edit on its own (SPEC §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applicability {
    /// Adds or changes nothing the user wrote; the result is what they would have typed.
    Safe,
    /// Changes the user's words or adds placeholders; needs `--unsafe-fixes`.
    Unsafe,
}

impl Applicability {
    /// The lowercase name used in JSON and SARIF.
    pub const fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// Replace the bytes of `span` with `replacement` (an insertion when the span is empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// The bytes replaced.
    pub span: Span,
    /// The text put in their place.
    pub replacement: String,
}

impl Edit {
    /// Inserts `text` at byte `offset`.
    pub fn insertion(offset: usize, text: impl Into<String>) -> Self {
        Self {
            span: Span::empty(offset),
            replacement: text.into(),
        }
    }

    /// Replaces `span` with `text`.
    pub fn replacement(span: Span, text: impl Into<String>) -> Self {
        Self {
            span,
            replacement: text.into(),
        }
    }
}

/// A machine-applicable fix: its edits are applied all together or not at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// Whether `--fix` applies it without `--unsafe-fixes`.
    pub applicability: Applicability,
    /// Non-overlapping edits, sorted by offset.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix that `--fix` applies on its own.
    pub fn safe(edits: Vec<Edit>) -> Self {
        Self::new(Applicability::Safe, edits)
    }

    /// A fix that needs `--unsafe-fixes`.
    pub fn unsafe_edits(edits: Vec<Edit>) -> Self {
        Self::new(Applicability::Unsafe, edits)
    }

    fn new(applicability: Applicability, mut edits: Vec<Edit>) -> Self {
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        Self {
            applicability,
            edits,
        }
    }
}

/// The identifier of a rule: a built-in id, or a user-defined one from the config.
pub type RuleId = Cow<'static, str>;

/// The pseudo-rule of files that could not be checked (unreadable, not UTF-8, ...).
pub const FILE_ERROR: &str = "file-error";

/// One finding in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The id of the rule that found it (`missing-metric`).
    pub rule: RuleId,
    /// How serious it is, after config overrides.
    pub severity: Severity,
    /// Where in the file (bytes).
    pub span: Span,
    /// What is wrong, in sentence case with no trailing full stop.
    pub message: String,
    /// How to fix it, with a concrete example.
    pub help: String,
    /// Secondary spans with a short note each.
    pub labels: Vec<(Span, String)>,
    /// The machine-applicable edit, where the fix is mechanical.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A finding of `rule` at `span` with its message and help; no labels, no fix.
    pub fn new(
        rule: impl Into<RuleId>,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Self {
            rule: rule.into(),
            severity,
            span,
            message: message.into(),
            help: help.into(),
            labels: Vec::new(),
            fix: None,
        }
    }

    /// Attaches a machine-applicable fix.
    #[must_use]
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// Attaches a fix when there is one.
    #[must_use]
    pub fn with_optional_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }

    /// Adds a secondary span with a note.
    #[must_use]
    pub fn with_label(mut self, span: Span, note: impl Into<String>) -> Self {
        self.labels.push((span, note.into()));
        self
    }

    /// Whether `--fix` (with or without `--unsafe-fixes`) could apply this finding's fix.
    pub fn is_fixable(&self, unsafe_fixes: bool) -> bool {
        self.fix
            .as_ref()
            .is_some_and(|f| unsafe_fixes || f.applicability == Applicability::Safe)
    }
}
