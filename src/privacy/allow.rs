//! `agendalint privacy allow FILE:LINE`: accepts the privacy findings on one line, by
//! storing salted hashes of their flagged text in the notes folder's allowlist.

use std::path::{Path, PathBuf};

use super::allowlist::{self, Allowlist};
use crate::engine::RuleSet;
use crate::model::Agenda;
use crate::rules::PrivacyContext;
use crate::runner::ConfigChoice;

/// What was accepted.
#[derive(Debug)]
pub struct Accepted {
    /// The rules of the findings on the line, one per finding, in order.
    pub rules: Vec<String>,
    /// How many of them were not accepted before.
    pub new: usize,
    /// The allowlist written.
    pub allowlist: PathBuf,
}

/// Why nothing was accepted.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum AllowError {
    /// Not `FILE:LINE`.
    #[error("`{0}` is not FILE:LINE")]
    #[diagnostic(
        code(agendalint::privacy),
        help(
            "name the line the finding is on, as `check` prints it: `agendalint privacy allow notes/2026-11-23.md:14`"
        )
    )]
    Place(String),
    /// The file could not be read.
    #[error("cannot read {path}: {reason}")]
    #[diagnostic(code(agendalint::privacy))]
    Read {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// The line is past the end of the file.
    #[error("{path} has {lines} lines; there is no line {line}")]
    #[diagnostic(code(agendalint::privacy))]
    NoSuchLine {
        /// The file.
        path: String,
        /// The line asked for.
        line: usize,
        /// How many lines the file has.
        lines: usize,
    },
    /// No privacy finding on that line.
    #[error("no privacy finding on {path}:{line}")]
    #[diagnostic(
        code(agendalint::privacy),
        help(
            "`agendalint check --select private-pay,private-health,private-life,colleague-performance FILE` lists them with their lines"
        )
    )]
    Nothing {
        /// The file.
        path: String,
        /// The line.
        line: usize,
    },
    /// The config or the allowlist is broken.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// The allowlist could not be written.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Allowlist(#[from] allowlist::AllowlistError),
}

/// Splits `FILE:LINE` at its last colon.
fn parse_place(place: &str) -> Result<(PathBuf, usize), AllowError> {
    let (file, line) = place
        .rsplit_once(':')
        .ok_or_else(|| AllowError::Place(place.to_string()))?;
    let line: usize = line
        .trim()
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| AllowError::Place(place.to_string()))?;
    if file.is_empty() {
        return Err(AllowError::Place(place.to_string()));
    }
    Ok((PathBuf::from(file), line))
}

/// Accepts every privacy finding on the line named by `place` (`FILE:LINE`), with the
/// config `choice` says (the nearest config file by default).
///
/// # Errors
///
/// When the place is malformed, the file unreadable, the line empty of privacy
/// findings, or the config or allowlist unusable.
pub fn allow(place: &str, choice: &ConfigChoice) -> Result<Accepted, AllowError> {
    let (path, line) = parse_place(place)?;
    let shown = crate::files::display_path(&path);
    let text = crate::read::text(&path, crate::runner::DEFAULT_MAX_FILE_SIZE).map_err(|e| {
        AllowError::Read {
            path: shown.clone(),
            reason: e.to_string(),
        }
    })?;
    let config = choice.load_for(&path)?;
    let home = allowlist::home(config.path.as_deref(), Path::new("."));
    let mut accepted = Allowlist::load(&home)?;
    // Every finding on the line, those already accepted included.
    let rules = RuleSet::for_config_with_privacy(
        &config.file,
        &super::is_privacy_rule,
        PrivacyContext::default(),
    );
    let agenda = Agenda::parse(&shown, &text, &config.vocabulary);
    let lines = agenda.lines().line_count();
    if line > lines {
        return Err(AllowError::NoSuchLine {
            path: shown,
            line,
            lines,
        });
    }
    let found: Vec<_> = rules
        .check(&agenda)
        .into_iter()
        .filter(|d| super::is_privacy_rule(&d.rule))
        .filter(|d| {
            let first = agenda.lines().line_of(d.span.start);
            let last = agenda.lines().line_of(d.span.end.max(d.span.start + 1) - 1);
            (first..=last).contains(&(line - 1))
        })
        .collect();
    if found.is_empty() {
        return Err(AllowError::Nothing { path: shown, line });
    }
    let mut new = 0;
    for finding in &found {
        let flagged = agenda.text(finding.span);
        if accepted.allow(&finding.rule, flagged).map_err(|reason| {
            allowlist::AllowlistError::Write {
                path: crate::files::display_path(&home.join(allowlist::FILE_NAME)),
                reason,
            }
        })? {
            new += 1;
        }
    }
    let written = accepted.save(&home)?;
    Ok(Accepted {
        rules: found.iter().map(|d| d.rule.to_string()).collect(),
        new,
        allowlist: written,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_file_colon_line() {
        assert_eq!(
            parse_place("notes/a.md:14").ok(),
            Some((PathBuf::from("notes/a.md"), 14))
        );
        assert_eq!(
            parse_place("C:/notes/a.md:3").ok(),
            Some((PathBuf::from("C:/notes/a.md"), 3))
        );
        for bad in ["notes/a.md", "notes/a.md:0", "notes/a.md:x", ":3"] {
            assert!(parse_place(bad).is_err(), "{bad}");
        }
    }
}
