//! `--fix` and `--diff` over a whole run: rounds of fixes until no meeting changes what
//! the next must carry over, then the fixed texts written, or the reason they could not
//! be.

use std::collections::HashMap;
use std::path::PathBuf;

use rayon::prelude::*;

use super::file::run_job;
use super::index::{SeriesSources, index_root};
use super::plan::{Contexts, Job};
use super::read::{absolute, file_error_finding};
use super::{CheckOptions, no_fix};
use crate::fix::{self, FixMode};
use crate::outcome::{Change, FileResult};
use crate::series::SeriesIndex;

/// With fixes on, a meeting's fixes can change what the next meeting must carry over:
/// repeats whole rounds over the fixed texts until no file changes.
///
/// Fixes stay in the files the first round found something to fix in: a file with
/// nothing fixable reported (nothing at all, only baselined findings, or dated before
/// `--since`) is never changed by a later round, and a file that cannot be written
/// (read-only) is left out from the start, so that no other meeting carries over text
/// from a fix that will not be made.
pub(super) fn check_and_fix_all(
    jobs: &[Job],
    options: &CheckOptions,
    contexts: &mut Contexts,
    sources: &SeriesSources<'_>,
) -> Vec<FileResult> {
    let mut texts = sources.texts.clone();
    let series_fixes = jobs
        .iter()
        .filter_map(Job::series_root)
        .any(|(_, c)| c.rules.uses_series());
    let writes = matches!(options.fix, FixMode::Apply { .. });
    let without_fixes = no_fix(options);
    // Per job: whether it may be fixed, and why it cannot be written when it cannot.
    let mut may_fix = vec![true; jobs.len()];
    let mut refused: Vec<Option<String>> = vec![None; jobs.len()];
    let mut originals: HashMap<PathBuf, (String, usize)> = HashMap::new();
    let mut files = Vec::new();
    let mut index = SeriesIndex::default();
    for round in 0..fix::MAX_PASSES {
        let sources = SeriesSources {
            texts: &texts,
            ..*sources
        };
        index = SeriesIndex::default();
        for (root, context) in jobs.iter().filter_map(Job::series_root) {
            if context.rules.uses_series() && !index.covers(root) {
                index_root(&mut index, root, contexts, &sources);
            }
        }
        files = jobs
            .par_iter()
            .zip(&may_fix)
            .map(|(job, &fixes)| {
                let options = if fixes { options } else { &without_fixes };
                run_job(job, options, &index, &texts)
            })
            .collect();
        if round == 0 {
            for (i, (job, result)) in jobs.iter().zip(&files).enumerate() {
                may_fix[i] = result.change.is_some();
                if let (true, true, Job::File { path, .. }) = (may_fix[i], writes, job) {
                    if let Err(reason) = fix::writable(path) {
                        may_fix[i] = false;
                        refused[i] = Some(reason);
                    }
                }
            }
        }
        if !series_fixes {
            break;
        }
        let mut changed = false;
        for ((job, result), &fixes) in jobs.iter().zip(&mut files).zip(&may_fix) {
            let (Some(path), true) = (job.path(), fixes) else {
                continue;
            };
            let Some(change) = result.change.take() else {
                continue;
            };
            let key = absolute(path);
            let entry = originals
                .entry(key.clone())
                .or_insert_with(|| (change.before.clone(), 0));
            entry.1 += result.fixed;
            texts.insert(key, change.after);
            changed = true;
        }
        if !changed {
            break;
        }
    }
    if series_fixes {
        for (job, result) in jobs.iter().zip(&mut files) {
            let Some(key) = job.path().map(absolute) else {
                continue;
            };
            if let (Some((before, fixed)), Some(after)) = (originals.get(&key), texts.get(&key)) {
                result.fixed = *fixed;
                result.change = Some(Change {
                    before: before.clone(),
                    after: after.clone(),
                });
            }
        }
    }
    for (i, reason) in refused.iter().enumerate() {
        if let Some(reason) = reason {
            files[i] = unfixed(&jobs[i], reason, options, &index, &texts);
        }
    }
    if writes {
        files = jobs
            .par_iter()
            .zip(files)
            .map(|(job, result)| write_fixes(job, result, options, &index, &texts))
            .collect();
    }
    files
}

/// `--fix`: writes a file's fixed text; when that fails, reports the file as it is on
/// disk, with the reason.
fn write_fixes(
    job: &Job,
    result: FileResult,
    options: &CheckOptions,
    index: &SeriesIndex,
    texts: &HashMap<PathBuf, String>,
) -> FileResult {
    let (Job::File { path, .. }, Some(change)) = (job, &result.change) else {
        return result;
    };
    match fix::write_atomically(path, &change.before, &change.after) {
        Ok(()) => result,
        Err(reason) => unfixed(job, &reason, options, index, texts),
    }
}

/// The report of a file whose fixes were not written: its findings as it is on disk,
/// after a `file-error` saying why.
fn unfixed(
    job: &Job,
    reason: &str,
    options: &CheckOptions,
    index: &SeriesIndex,
    texts: &HashMap<PathBuf, String>,
) -> FileResult {
    let on_disk: HashMap<PathBuf, String> = match job.path() {
        // The text it had before any round fixed it in memory.
        Some(path) => texts
            .iter()
            .filter(|(p, _)| **p != absolute(path))
            .map(|(p, t)| (p.clone(), t.clone()))
            .collect(),
        None => HashMap::new(),
    };
    let mut report = run_job(job, &no_fix(options), index, &on_disk);
    report.diagnostics.insert(
        0,
        file_error_finding(&format!("Cannot apply fixes: {reason}")),
    );
    report
}
