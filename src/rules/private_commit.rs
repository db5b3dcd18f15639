//! `private-commit`: a `private: true` agenda staged for a commit to a repository that
//! has a remote.

use super::{BuildContext, FixAvailability, LevelOnly, Rule, RuleDef, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Agenda, FrontMatterState};

/// In `check --staged` (the pre-commit hook), checks that no agenda marked
/// `private: true` is being committed to a repository with a remote, unless the config
/// says `privacy: {allow_private_commits: true}`.
///
/// Why: `private: true` exempts a file from the privacy rules because it is meant to stay
/// on this machine; committed to a repository that gets pushed, it would carry exactly
/// what the privacy rules keep out.
///
/// ```markdown
/// ---
/// date: 2026-11-23
/// with: Alex Kim
/// private: true     <- fires when staged in a repository with a remote
/// ---
/// ```
pub struct PrivateCommit {
    remote: Option<String>,
}

impl RuleDef for PrivateCommit {
    type Options = LevelOnly;

    const META: RuleMeta = RuleMeta {
        id: "private-commit",
        summary: "A `private: true` agenda staged for a repository that has a remote",
        default_severity: Severity::Error,
        fix: FixAvailability::Never,
        doc: include_str!("../../rules/private-commit.md"),
        options: &[],
    };

    fn build(_: &LevelOnly, context: &BuildContext<'_>) -> Self {
        let allowed = context
            .privacy
            .config
            .is_some_and(|c| c.allow_private_commits);
        Self {
            remote: if allowed {
                None
            } else {
                context.privacy.remote.clone()
            },
        }
    }
}

impl Rule for PrivateCommit {
    fn id(&self) -> &str {
        Self::META.id
    }

    fn check(&self, agenda: &Agenda<'_>, out: &mut Vec<Diagnostic>) {
        let Some(remote) = &self.remote else {
            return;
        };
        let FrontMatterState::Present(fm) = &agenda.front_matter else {
            return;
        };
        if !fm.private {
            return;
        }
        let span = fm
            .keys
            .iter()
            .find(|k| k.name == "private")
            .map_or(fm.open, |k| k.span);
        out.push(super::diagnostic::<Self>(
            span,
            format!("A private note (`private: true`) is being committed to a repository that pushes to `{remote}`"),
            "Unstage it (`git restore --staged FILE`) and add it to `.gitignore`; to commit private notes on purpose, set `privacy: {allow_private_commits: true}` in the config",
        ));
    }
}
