//! The pre-commit framework (<https://pre-commit.com>), for real: `pre-commit try-repo` on
//! this checkout builds agendalint from source and runs it on a temporary repository's
//! staged agendas. `.ci/run` installs `pre-commit` from `PyPI` and sets
//! `AGENDALINT_PRE_COMMIT`; without it the test says so and skips.
//!
//! Each `try-repo` clones the checkout into a store of its own, and pre-commit's
//! `cargo install` would build agendalint there from nothing, once per run, in the
//! system's temporary folder. Here both runs build into one target folder under
//! cargo's `CARGO_TARGET_TMPDIR` (the second run only installs), without optimisation
//! (what is tested is the hook's wiring, not the speed of its build), and pre-commit's
//! temporary files go there too: a few hundred megabytes less on the disk and a
//! release build less on the clock.

use std::path::Path;
use std::process::Command;

use crate::common::{GOOD_AGENDA, root};

fn run(dir: &Path, program: &str, args: &[&str], home: &Path) -> (bool, String) {
    let output = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("PRE_COMMIT_HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("TMPDIR", home)
        .env("CARGO_TARGET_DIR", hook_build_dir())
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .output()
        .unwrap_or_else(|e| panic!("{program} runs: {e}"));
    (
        output.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    )
}

/// The target folder pre-commit's builds of the hook share, kept between test runs.
fn hook_build_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("pre-commit-build")
}

#[test]
fn pre_commit_try_repo_refuses_bad_agendas_and_passes_good_ones() {
    let Some(program) = std::env::var_os("AGENDALINT_PRE_COMMIT") else {
        eprintln!(
            "SKIPPED: set AGENDALINT_PRE_COMMIT to the pre-commit program (.ci/run installs it) to run this test"
        );
        return;
    };
    let program = program.to_string_lossy().into_owned();
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir");
    let repo = tmp.path().join("notes-repo");
    let home = tmp.path().join("pre-commit-home");
    std::fs::create_dir_all(repo.join("notes")).expect("mkdir");
    std::fs::create_dir_all(&home).expect("mkdir");
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["config", "user.email", "me@example.com"],
        &["config", "user.name", "Me"],
    ] {
        assert!(run(&repo, "git", args, &home).0);
    }
    let this_checkout = root().to_string_lossy().into_owned();

    std::fs::write(
        repo.join("notes/2026-11-23.md"),
        "---\ndate: 2026-11-23\nwith: Alex Kim\n---\n## Initiatives\n- Improve CI reliability\n",
    )
    .expect("write");
    std::fs::write(repo.join("notes/data.txt"), "not an agenda\n").expect("write");
    run(&repo, "git", &["add", "."], &home);
    let (passed, output) = run(
        &repo,
        &program,
        &["try-repo", &this_checkout, "agendalint"],
        &home,
    );
    assert!(!passed, "a bad agenda fails the hook:\n{output}");
    assert!(
        output.contains("missing-metric"),
        "the diagnostics are shown:\n{output}"
    );
    assert!(
        !output.contains("data.txt"),
        "only Markdown files are passed:\n{output}"
    );

    std::fs::write(repo.join("notes/2026-11-23.md"), GOOD_AGENDA).expect("write");
    // pre-commit names every staged Markdown file; a README is not an agenda.
    std::fs::write(
        repo.join("README.md"),
        "# My notes\n\nOne file per meeting.\n",
    )
    .expect("write");
    run(&repo, "git", &["add", "."], &home);
    let (passed, output) = run(
        &repo,
        &program,
        &["try-repo", &this_checkout, "agendalint"],
        &home,
    );
    assert!(passed, "a good agenda passes:\n{output}");
}
