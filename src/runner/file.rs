//! One job checked: its text read, the rules (and with fixes on, the fix passes) run
//! over it, and what its baseline and the commit being made leave of its findings.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::index::SeriesPlace;
use super::plan::{Context, Job, Target};
use super::read::{file_error, not_checked, read_text, text_of};
use super::{CheckOptions, Checked, CommitChange, VirtualFile, no_fix};
use crate::baseline::{Baseline, FileBaseline};
use crate::files;
use crate::fix;
use crate::model::Agenda;
use crate::outcome::{BaselinePlace, Change, FileResult, Located, Omitted};
use crate::series::{self, SeriesIndex};

/// Checks (and, with fixes on, fixes in memory) one job; `texts` holds the current text
/// of files given as text or already fixed in an earlier round.
pub(super) fn run_job(
    job: &Job,
    options: &CheckOptions,
    index: &SeriesIndex,
    texts: &HashMap<PathBuf, String>,
) -> FileResult {
    let (path, target) = match job {
        Job::Problem { path, reason } => return file_error(&files::display_path(path), reason),
        Job::Text { file, target } => (&file.path, target),
        Job::File { path, target, .. } => (path, target),
    };
    let display = match job {
        Job::Text { file, .. } => file
            .display
            .clone()
            .unwrap_or_else(|| files::display_path(path)),
        _ => files::display_path(path),
    };
    if let Job::Text {
        file: VirtualFile {
            text: Err(reason), ..
        },
        ..
    } = job
    {
        return file_error(&display, reason);
    }
    let text = match text_of(texts, path) {
        Some(text) => text.clone(),
        None => match read_text(path, options.max_file_size) {
            Ok(text) => text,
            Err(reason) => return file_error(&display, &reason),
        },
    };
    let series_place = SeriesPlace {
        index,
        root: &target.root,
        path,
        texts,
        known_tasks: None,
        max_file_size: options.max_file_size,
    };
    let commit = match job {
        Job::Text { file, .. } => file.commit.as_ref(),
        _ => None,
    };
    let walked = match job {
        Job::File { explicit, .. } => !explicit,
        Job::Text { file, .. } => file.walked,
        Job::Problem { .. } => false,
    };
    check_file_text(
        &display,
        text,
        walked,
        target,
        options,
        &series_place,
        commit,
    )
}

/// Checks (and, with fixes on, fixes in memory) the text of a file at `place.path` with
/// `target`: leaves out a file found by walking (`walked`) that is not an agenda by its
/// look and an agenda dated before `since`, applies its baseline, and with `commit`,
/// keeps only the findings the commit brings in.
pub(super) fn check_file_text(
    display: &str,
    text: String,
    walked: bool,
    target: &Target,
    options: &CheckOptions,
    series_place: &SeriesPlace<'_>,
    commit: Option<&CommitChange>,
) -> FileResult {
    let path = series_place.path;
    let place = BaselinePlace {
        dir: Arc::clone(&target.baseline_dir),
        path: Baseline::relative(&target.baseline_dir, path),
    };
    if let Some(unchecked) = not_checked(walked, target, options, path, &text) {
        return FileResult {
            path: display.to_string(),
            baseline: unchecked.skipped.is_none().then_some(place),
            ..unchecked
        };
    }
    let baseline = target
        .baseline
        .as_ref()
        .map(|b| b.for_file(&place.path))
        .unwrap_or_default();
    let mut result = check_and_fix(
        display,
        text,
        &target.context,
        options,
        series_place,
        &baseline,
    );
    result.baseline = Some(place);
    if let Some(commit) = commit {
        keep_what_the_commit_brings(&mut result, commit, |previous| {
            let options = CheckOptions {
                keep_sources: false,
                examiner: None,
                ..no_fix(options)
            };
            let unjudged = FileBaseline::default();
            check_and_fix(
                display,
                previous.to_string(),
                &target.context,
                &options,
                series_place,
                &unjudged,
            )
        });
    }
    result
}

/// Whether a finding touches one of `lines` (1-based, inclusive ranges).
fn touches(located: &Located, lines: &[(usize, usize)]) -> bool {
    let (first, last) = (located.start.line, located.end.line.max(located.start.line));
    lines.iter().any(|&(from, to)| first <= to && from <= last)
}

/// Leaves out the findings a commit does not bring in: those on lines it does not
/// change, and those on changed lines that the lines it replaced had too (same rule and
/// message). `check_previous` checks the last commit's version.
fn keep_what_the_commit_brings(
    result: &mut FileResult,
    commit: &CommitChange,
    check_previous: impl FnOnce(&str) -> FileResult,
) {
    let before = result.diagnostics.len();
    result.diagnostics.retain(|d| touches(d, &commit.lines));
    if let (false, Some((text, replaced))) = (result.diagnostics.is_empty(), &commit.previous) {
        let mut earlier: HashMap<(String, String), usize> = HashMap::new();
        for d in check_previous(text)
            .diagnostics
            .iter()
            .filter(|d| touches(d, replaced))
        {
            let key = (d.diagnostic.rule.to_string(), d.diagnostic.message.clone());
            *earlier.entry(key).or_insert(0) += 1;
        }
        result.diagnostics.retain(|d| {
            let key = (d.diagnostic.rule.to_string(), d.diagnostic.message.clone());
            match earlier.get_mut(&key) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    false
                }
                _ => true,
            }
        });
    }
    result.omitted.not_from_commit += before - result.diagnostics.len();
    if result.diagnostics.is_empty() {
        result.source = None;
    }
}

/// Checks a file's text; with fixes on, applies them pass after pass until nothing
/// changes, and reports what remains in the fixed text. Findings the file's baseline
/// accepts are neither reported nor fixed.
fn check_and_fix(
    display: &str,
    text: String,
    context: &Context,
    options: &CheckOptions,
    place: &SeriesPlace<'_>,
    baseline: &FileBaseline,
) -> FileResult {
    let uses_series = context.rules.uses_series() && !options.examine_only;
    let check = |text: &str| {
        let agenda = Agenda::parse(display, text, &context.config.vocabulary);
        // This meeting's place in its series comes from its current text (fix passes
        // change it); the series rules read the rest from `agenda`.
        let this = uses_series.then(|| {
            let mut this = series::identify(place.path, text);
            context.config.file.people.apply(&mut this);
            this
        });
        let mut view = this
            .as_ref()
            .and_then(|this| place.index.view(place.root, this));
        if let Some(view) = &mut view {
            view.previous_tasks = place.previous_tasks(view);
        }
        let mut diagnostics = if options.examine_only {
            Vec::new()
        } else {
            context.rules.check_with_series(&agenda, view.as_ref())
        };
        let mut accepted = baseline.clone();
        let baselined = accepted.filter(text, &mut diagnostics);
        let examined = options.examiner.as_ref().map(|examiner| {
            examiner.examine(&Checked {
                agenda: &agenda,
                findings: &diagnostics,
                config: &context.config,
                root: place.root,
            })
        });
        let stale = accepted.unmatched();
        // The line index only when there is a finding to place (or a directive built it).
        let lines = (!diagnostics.is_empty()).then(|| agenda.into_lines());
        (diagnostics, lines, baselined, stale, examined)
    };
    let mut current = text;
    let mut fixed = 0;
    let mut original = None;
    let (mut diagnostics, mut lines, mut baselined, mut stale, mut examined) = check(&current);
    if options.fix.is_on() {
        for _ in 0..fix::MAX_PASSES {
            let Some(applied) = fix::apply(&current, &diagnostics, options.fix.unsafe_fixes())
            else {
                break;
            };
            if applied.text == current {
                break;
            }
            fixed += applied.fixed;
            let before = std::mem::replace(&mut current, applied.text);
            original.get_or_insert(before);
            (diagnostics, lines, baselined, stale, examined) = check(&current);
        }
    }
    let located: Vec<Located> = diagnostics
        .into_iter()
        .map(|diagnostic| {
            let lines = lines.get_or_insert_with(|| crate::model::LineIndex::new(&current));
            Located {
                start: lines.location(&current, diagnostic.span.start),
                end: lines.location(&current, diagnostic.span.end),
                diagnostic,
            }
        })
        .collect();
    let keep = options.keep_sources && !located.is_empty();
    let source = keep.then(|| Arc::from(current.as_str()));
    FileResult {
        path: display.to_string(),
        source,
        diagnostics: located,
        fixed,
        change: original.map(|before| Change {
            before,
            after: current,
        }),
        omitted: Omitted {
            baselined,
            ..Omitted::default()
        },
        stale_baseline: stale,
        baseline: None,
        examined,
        skipped: None,
    }
}
