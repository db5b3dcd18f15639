//! Findings as LSP diagnostics: the rule id as `code`, a link to the rule's page, the
//! severity (or the one `severityOverrides` asks for), the message with the help under
//! it, and labels as related information. Also the diagnostics of a config or baseline
//! file that cannot be used, and the one an agenda shows when it was not checked for
//! that reason.

use lsp_types::{
    CodeDescription, Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, DiagnosticSeverity,
    Location, NumberOrString, Position, Range, Uri,
};

use super::docs::RuleDocs;
use super::position::{Encoding, Lines};
use super::settings::Settings;
use super::uri;
use crate::config::ConfigError;
use crate::diagnostic::{Diagnostic, Severity};
use crate::runner::Unusable;

/// The `source` of every diagnostic.
pub const SOURCE: &str = "agendalint";

/// The `code` of the diagnostic an agenda shows when its config or baseline cannot be
/// used.
pub const NOT_CHECKED: &str = "not-checked";

/// One version of a document's text, to place diagnostics in.
#[derive(Clone, Copy)]
pub struct Place<'a> {
    /// The document.
    pub uri: &'a Uri,
    /// Its text.
    pub text: &'a str,
    /// Its line starts.
    pub lines: &'a Lines,
    /// How positions count.
    pub encoding: Encoding,
}

impl Place<'_> {
    /// The range of a byte span.
    pub fn range(&self, start: usize, end: usize) -> Range {
        self.lines.range(self.text, start, end, self.encoding)
    }
}

/// The severity a finding shows with.
fn severity(diagnostic: &Diagnostic, settings: &Settings) -> DiagnosticSeverity {
    if let Some(severity) = settings.severity_overrides.get(diagnostic.rule.as_ref()) {
        return *severity;
    }
    match diagnostic.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The LSP diagnostic of a finding.
pub fn to_lsp(
    diagnostic: &Diagnostic,
    place: Place<'_>,
    settings: &Settings,
    docs: &RuleDocs,
) -> LspDiagnostic {
    let related: Vec<DiagnosticRelatedInformation> = diagnostic
        .labels
        .iter()
        .map(|(span, note)| DiagnosticRelatedInformation {
            location: Location::new(place.uri.clone(), place.range(span.start, span.end)),
            message: note.clone(),
        })
        .collect();
    let message = if diagnostic.help.is_empty() {
        diagnostic.message.clone()
    } else {
        format!("{}\nhelp: {}", diagnostic.message, diagnostic.help)
    };
    LspDiagnostic {
        range: place.range(diagnostic.span.start, diagnostic.span.end),
        severity: Some(severity(diagnostic, settings)),
        code: Some(NumberOrString::String(diagnostic.rule.to_string())),
        code_description: docs
            .href(&diagnostic.rule)
            .map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// The diagnostic an agenda shows when it was not checked: its config or baseline
/// cannot be used. It points at the problem in that file.
pub fn not_checked(unusable: &Unusable) -> LspDiagnostic {
    let (file, what) = match unusable {
        Unusable::Config { file, error } => (file.clone(), error.to_string()),
        Unusable::Baseline { file, error } => (Some(file.clone()), error.to_string()),
    };
    let related = file.as_deref().and_then(uri::from_path).map(|uri| {
        let range = match unusable {
            Unusable::Config { error, .. } => config_problem(error).map(|(range, _)| range),
            Unusable::Baseline { .. } => None,
        }
        .unwrap_or_default();
        vec![DiagnosticRelatedInformation {
            location: Location::new(uri, range),
            message: "the problem is here".to_string(),
        }]
    });
    LspDiagnostic {
        range: Range::default(),
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String(NOT_CHECKED.to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message: format!("This agenda was not checked: {what}"),
        related_information: related,
        tags: None,
        data: None,
    }
}

/// Where in a config file its problem is (UTF-16 positions, the protocol's default:
/// a config file is not an open document whose encoding was agreed), and the message.
fn config_problem(error: &ConfigError) -> Option<(Range, String)> {
    match error {
        ConfigError::Invalid {
            message,
            source_code,
            span,
            help,
            ..
        } => {
            let text = source_code.inner();
            let lines = Lines::new(text);
            let start = span.offset();
            let range = lines.range(text, start, start + span.len(), Encoding::Utf16);
            let message = match help {
                Some(help) => format!("{message}\nhelp: {help}"),
                None => message.clone(),
            };
            Some((range, message))
        }
        ConfigError::Read { .. } | ConfigError::Allowlist(_) => None,
    }
}

/// The diagnostics of a config file that cannot be used, in UTF-16 positions.
pub fn config_file(error: &ConfigError, encoding: Encoding) -> Vec<LspDiagnostic> {
    let (range, message) = match error {
        ConfigError::Invalid {
            source_code, span, ..
        } if encoding != Encoding::Utf16 => {
            let text = source_code.inner();
            let lines = Lines::new(text);
            let start = span.offset();
            let range = lines.range(text, start, start + span.len(), encoding);
            let message = config_problem(error).map(|(_, m)| m).unwrap_or_default();
            (range, message)
        }
        ConfigError::Invalid { .. } => config_problem(error).unwrap_or_default(),
        ConfigError::Read { .. } | ConfigError::Allowlist(_) => (
            Range::new(Position::new(0, 0), Position::new(0, 0)),
            error.to_string(),
        ),
    };
    vec![LspDiagnostic {
        range,
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String("invalid-config".to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message,
        related_information: None,
        tags: None,
        data: None,
    }]
}

/// The diagnostic of a baseline file that cannot be used.
pub fn baseline_file(error: &crate::baseline::BaselineError) -> Vec<LspDiagnostic> {
    vec![LspDiagnostic {
        range: Range::default(),
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String("invalid-baseline".to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message: error.to_string(),
        related_information: None,
        tags: None,
        data: None,
    }]
}
