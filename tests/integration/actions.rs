//! The GitHub Action, the workflows and the README's copy-paste workflows: valid, as
//! checked by `action-validator` (the `SchemaStore` schemas for actions and workflows),
//! free of placeholders and retired runners, and the action's shell steps doing what
//! they say when run. `.ci/run` installs `action-validator` from npm and sets
//! `AGENDALINT_ACTION_VALIDATOR`; without it that test says so and skips.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::root;

/// The YAML of every workflow the README shows (between `<!-- workflow:start -->` and
/// `<!-- workflow:end -->`).
fn readme_workflows() -> Vec<String> {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let mut workflows = Vec::new();
    let mut rest = readme.as_str();
    while let Some(start) = rest.find("<!-- workflow:start -->") {
        let end = rest[start..]
            .find("<!-- workflow:end -->")
            .expect("workflow end marker")
            + start;
        let block = &rest[start..end];
        let yaml_start = block.find("```yaml\n").expect("a yaml block") + "```yaml\n".len();
        let yaml_end = block[yaml_start..].find("```").expect("closed block") + yaml_start;
        workflows.push(block[yaml_start..yaml_end].to_string());
        rest = &rest[end..];
    }
    workflows
}

fn workflow_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(".github/workflows"))
        .expect("workflows")
        .map(|entry| entry.expect("entry").path())
        .collect();
    files.sort();
    files
}

#[test]
fn action_and_workflows_are_valid() {
    let Some(validator) = std::env::var_os("AGENDALINT_ACTION_VALIDATOR") else {
        eprintln!(
            "SKIPPED: set AGENDALINT_ACTION_VALIDATOR to the action-validator program (.ci/run installs it) to run this test"
        );
        return;
    };
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut files = vec![root().join("action.yml")];
    files.extend(workflow_files());
    for (i, workflow) in readme_workflows().iter().enumerate() {
        let file = tmp.path().join(format!("readme-workflow-{i}.yml"));
        std::fs::write(&file, workflow).expect("write");
        files.push(file);
    }
    for file in files {
        let output = Command::new(&validator)
            .arg(&file)
            .output()
            .expect("action-validator runs");
        assert!(
            output.status.success(),
            "{} is not valid:\n{}{}",
            file.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// Issue 12: the README named an `<owner>` and a tag that does not exist; its CI recipe
/// uploaded SARIF, which a private repository cannot take without Advanced Security.
#[test]
fn the_readme_recipes_work_as_pasted_on_a_private_repository() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    assert!(!readme.contains("<owner>"), "no placeholder owner");
    assert!(
        !readme.contains("@v0.1.0") && !readme.contains("rev: v0.1.0"),
        "no tag that was never published"
    );
    let workflows = readme_workflows();
    assert_eq!(workflows.len(), 2, "checks only, then with code scanning");
    let (checks, sarif) = (&workflows[0], &workflows[1]);
    assert!(
        !checks.contains("sarif") && !checks.contains("security-events"),
        "the first recipe needs no code scanning:\n{checks}"
    );
    assert!(
        checks.contains("changed-since:") && checks.contains("fetch-depth: 0"),
        "pull requests check the agendas they change:\n{checks}"
    );
    assert!(sarif.contains("upload-sarif"), "{sarif}");
    for workflow in &workflows {
        assert!(
            workflow.contains("uses: your-name/agendalint@main"),
            "{workflow}"
        );
    }
    assert!(
        readme.contains("replace `your-name` with that account"),
        "the README says where the user's own copy goes"
    );
}

#[test]
fn no_workflow_runs_on_a_retired_runner() {
    const RETIRED: [&str; 5] = [
        "macos-13",
        "macos-12",
        "ubuntu-20.04",
        "windows-2019",
        "macos-11",
    ];
    for file in workflow_files() {
        let text = std::fs::read_to_string(&file).expect("read");
        for runner in RETIRED {
            assert!(
                !text.contains(runner),
                "{} runs on {runner}",
                file.display()
            );
        }
    }
    let release = std::fs::read_to_string(root().join(".github/workflows/release.yml"))
        .expect("the release workflow");
    for target in [
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "aarch64-apple-darwin",
        "x86_64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(
            release.contains(target),
            "the release still builds {target}"
        );
    }
}

/// One `run:` step of action.yml.
fn action_step(name: &str) -> String {
    let text = std::fs::read_to_string(root().join("action.yml")).expect("action.yml");
    let action: serde_yaml::Value = serde_yaml::from_str(&text).expect("YAML");
    action["runs"]["steps"]
        .as_sequence()
        .expect("steps")
        .iter()
        .find(|step| step["name"].as_str() == Some(name))
        .and_then(|step| step["run"].as_str())
        .unwrap_or_else(|| panic!("no step {name:?} with a script"))
        .to_string()
}

/// A folder of stand-in programs, put first on `PATH`.
fn stubs(dir: &Path, programs: &[(&str, &str)]) -> std::ffi::OsString {
    let bin = dir.join("stubs");
    std::fs::create_dir_all(&bin).expect("mkdir");
    for (name, script) in programs {
        let path = bin.join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        }
    }
    let mut paths = vec![bin];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).expect("joinable PATH")
}

/// Runs an action step's script with bash in `dir`, the runner's variables set.
fn run_step(script: &str, dir: &Path, path: &std::ffi::OsStr, env: &[(&str, &str)]) -> String {
    let output = Command::new("bash")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .env("PATH", path)
        .env("HOME", dir.join("home"))
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64")
        .env("RUNNER_TEMP", dir.join("runner-temp"))
        .env("GITHUB_PATH", dir.join("github-path"))
        .env("GITHUB_OUTPUT", dir.join("github-output"))
        .env("GITHUB_ACTION_PATH", root())
        .envs(env.iter().copied())
        .output()
        .expect("bash runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "the step failed:\n{text}");
    text
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// Issue 12: with no release published, the action failed; it builds its own source.
#[cfg(unix)]
#[test]
fn with_no_release_the_action_builds_its_own_source_once() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("home")).expect("mkdir");
    let env = [
        ("VERSION", ""),
        ("ACTION_REF", "main"),
        ("ACTION_REPOSITORY", "someone/agendalint"),
    ];
    // No release: the download fails (as curl -f does on a 404).
    let path = stubs(
        dir,
        &[
            ("curl", "exit 22"),
            (
                "cargo",
                "echo \"$@\" >> \"$HOME/cargo-calls\"\nmkdir -p \"$6/bin\" && touch \"$6/bin/agendalint\"",
            ),
        ],
    );
    let log = run_step(&action_step("Look for a release binary"), dir, &path, &env);
    assert!(
        log.contains("building agendalint from the action's source"),
        "{log}"
    );
    let outputs = read(&dir.join("github-output"));
    assert!(outputs.contains("found=false\n"), "{outputs}");
    let key = outputs
        .lines()
        .find_map(|l| l.strip_prefix("key=agendalint-Linux-X64-"))
        .unwrap_or_else(|| panic!("a cache key: {outputs}"));
    assert!(
        key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit()),
        "a hash of the source: {key}"
    );
    // The same source gives the same key.
    std::fs::remove_file(dir.join("github-output")).expect("remove");
    run_step(&action_step("Look for a release binary"), dir, &path, &env);
    assert!(read(&dir.join("github-output")).contains(key));

    let build = action_step("Build agendalint from the action's source");
    run_step(&build, dir, &path, &[]);
    let calls = read(&dir.join("home/cargo-calls"));
    assert_eq!(
        calls.trim(),
        format!(
            "install --locked --path {} --root {}",
            root().display(),
            dir.join("home/.agendalint-action").display()
        )
    );
    assert!(read(&dir.join("github-path")).contains(".agendalint-action/bin"));
    // Cached: no second build.
    let log = run_step(&build, dir, &path, &[]);
    assert!(log.contains("cached build"), "{log}");
    assert_eq!(read(&dir.join("home/cargo-calls")).lines().count(), 1);
}

#[cfg(unix)]
#[test]
fn with_a_release_the_action_downloads_its_binary() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    // A release archive holding a stand-in binary.
    let package = dir.join("package");
    std::fs::create_dir_all(&package).expect("mkdir");
    std::fs::write(package.join("agendalint"), "#!/bin/sh\n").expect("write");
    let archive = dir.join("release.tar.gz");
    let made = Command::new("tar")
        .arg("-czf")
        .arg(&archive)
        .arg("-C")
        .arg(&package)
        .arg("agendalint")
        .status()
        .expect("tar runs");
    assert!(made.success());
    let curl = format!(
        "echo \"$2\" > \"{}\"\ncp \"{}\" \"$4\"",
        dir.join("url").display(),
        archive.display()
    );
    let path = stubs(dir, &[("curl", &curl)]);
    let env = [
        ("VERSION", "v1.2.0"),
        ("ACTION_REF", "main"),
        ("ACTION_REPOSITORY", "someone/agendalint"),
    ];
    run_step(&action_step("Look for a release binary"), dir, &path, &env);
    assert_eq!(
        read(&dir.join("url")).trim(),
        "https://github.com/someone/agendalint/releases/download/v1.2.0/agendalint-x86_64-unknown-linux-gnu.tar.gz"
    );
    assert!(read(&dir.join("github-output")).contains("found=true"));
    assert!(
        dir.join("runner-temp/agendalint-release/bin/agendalint")
            .is_file()
    );
    assert!(read(&dir.join("github-path")).contains("agendalint-release/bin"));
}

#[cfg(unix)]
#[test]
fn the_action_passes_changed_since_on() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    let calls = dir.join("calls");
    let path = stubs(
        dir,
        &[(
            "agendalint",
            &format!("echo \"$@\" >> \"{}\"", calls.display()),
        )],
    );
    let step = action_step("Check agendas");
    let inputs = |changed: &'static str| {
        [
            ("PATHS", "notes extra"),
            ("FORMAT", "github"),
            ("FAIL_ON", "warning"),
            ("OUTPUT", ""),
            ("CHANGED_SINCE", changed),
        ]
    };
    run_step(&step, dir, &path, &inputs("origin/main"));
    run_step(&step, dir, &path, &inputs(""));
    assert_eq!(
        read(&calls),
        "check notes extra --format github --fail-on warning --changed-since origin/main\n\
         check notes extra --format github --fail-on warning\n"
    );
}
