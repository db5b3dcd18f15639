//! Every file of the public Markdown and front-matter test suites in the shared corpus
//! goes through the binary: no panic, no hang, exit status 0, 1 or 2, valid JSON, and no
//! file touched. The corpus is not part of the project; `AGENDALINT_CORPUS` names its
//! folder (`.ci/run` sets it). Without it the test says so and skips.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::agendalint;

const CORPUS_VARIABLE: &str = "AGENDALINT_CORPUS";

fn corpus_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    files
}

fn check_one(path: &Path) -> Result<(), String> {
    let output = agendalint()
        .args(["check", "--no-config", "--format", "json"])
        .arg(path)
        .timeout(Duration::from_secs(20))
        .output()
        .map_err(|e| format!("{}: did not finish: {e}", path.display()))?;
    let code = output.status.code();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !matches!(code, Some(0..=2)) || stderr.contains("panicked") {
        return Err(format!("{}: exit {code:?}\n{stderr}", path.display()));
    }
    serde_json::from_slice::<serde_json::Value>(&output.stdout)
        .map_err(|e| format!("{}: output is not JSON: {e}", path.display()))?;
    Ok(())
}

#[test]
fn every_corpus_file_is_checked_without_crashing() {
    let Some(root) = std::env::var_os(CORPUS_VARIABLE).map(PathBuf::from) else {
        eprintln!(
            "SKIPPED: set {CORPUS_VARIABLE} to the corpus folder (../shared/corpus) to run this test"
        );
        return;
    };
    let files = corpus_files(&root);
    assert!(
        files.len() > 100,
        "expected the whole corpus under {}",
        root.display()
    );
    let before: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(f).unwrap_or_default())
        .collect();

    let failures: Vec<String> = std::thread::scope(|scope| {
        let half = files.len() / 2;
        let (a, b) = files.split_at(half);
        let workers: Vec<_> = [a, b]
            .into_iter()
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .filter_map(|f| check_one(f).err())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|_| vec!["a worker thread panicked".to_string()])
            })
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );

    // The whole folder in one run, human format, with config discovery.
    let output = agendalint()
        .arg("check")
        .arg(&root)
        .timeout(Duration::from_secs(120))
        .output()
        .expect("the folder run finishes");
    assert!(matches!(output.status.code(), Some(0..=2)), "{output:?}");
    assert!(!String::from_utf8_lossy(&output.stderr).contains("panicked"));

    let after: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(f).unwrap_or_default())
        .collect();
    assert!(before == after, "a corpus file was modified");
    eprintln!("checked {} corpus files", files.len());
}
