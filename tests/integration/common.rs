//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The repository root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The `agendalint` binary, run from the repository root with a fixed environment:
/// no colour, 80 columns.
pub fn agendalint() -> Command {
    let mut command = Command::cargo_bin("agendalint").expect("the binary is built");
    command
        .current_dir(root())
        .env_remove("NO_COLOR")
        .env("COLUMNS", "80")
        .timeout(std::time::Duration::from_secs(60));
    command
}

/// Runs `agendalint` with `args`; returns (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    run_in(root(), args)
}

/// Runs `agendalint` in `dir` with `args`; returns (exit code, stdout, stderr).
pub fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = agendalint()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A temporary folder holding `files` (path, content).
pub fn temp_tree(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().to_path_buf();
    for (path, content) in files {
        let path = root.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, content).expect("write");
    }
    (dir, root)
}

/// A well-formed agenda that no implemented rule objects to.
pub const GOOD_AGENDA: &str = "---
date: 2026-11-23
with: Alex Kim
duration: 30
---
# 1:1 with Alex

## Projects (15 min)
### Checkout service rewrite
- Decision: moved to an event queue instead of polling, trading latency for resilience
- Lesson learned: load-test before the cut-over
- Outcome: p99 from 800 ms to 200 ms

### Search relevance
- Chose BM25 over embeddings because the index had to ship in 2 weeks
- Lesson: label a test set first next time
- Outcome: click-through up 12%

## Initiatives (5 min)
- Propose a flaky-test budget: cut CI reruns by 40% within 60 days, for the developer productivity OKR

## Career (5 min)
- In 18 months lead a team; first step: run the Q1 migration as tech lead

## Skills (5 min)
- Deepen Kafka: finish the internals course and own one consumer by March
";

/// Joins the lines miette wraps in a report header, so tests can search whole sentences.
pub fn unwrapped(report: &str) -> String {
    report.replace("\n  │ ", " ")
}
