//! The GitHub Action, the workflows and the README's copy-paste workflow are valid, as
//! checked by `action-validator` (the `SchemaStore` schemas for actions and workflows).
//! `.ci/run` installs it from npm and sets `AGENDALINT_ACTION_VALIDATOR`; without it the
//! test says so and skips.

use std::process::Command;

use crate::common::root;

#[test]
fn action_and_workflows_are_valid() {
    let Some(validator) = std::env::var_os("AGENDALINT_ACTION_VALIDATOR") else {
        eprintln!(
            "SKIPPED: set AGENDALINT_ACTION_VALIDATOR to the action-validator program (.ci/run installs it) to run this test"
        );
        return;
    };
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let start = readme
        .find("<!-- workflow:start -->")
        .expect("workflow start marker");
    let end = readme
        .find("<!-- workflow:end -->")
        .expect("workflow end marker");
    let block = &readme[start..end];
    let yaml_start = block.find("```yaml\n").expect("a yaml block") + "```yaml\n".len();
    let yaml_end = block[yaml_start..].find("```").expect("closed block") + yaml_start;
    let tmp = tempfile::tempdir().expect("temp dir");
    let readme_workflow = tmp.path().join("readme-workflow.yml");
    // The placeholder owner is not a valid `uses:` reference; any real one is.
    std::fs::write(
        &readme_workflow,
        block[yaml_start..yaml_end].replace("<owner>", "example"),
    )
    .expect("write");

    let mut files = vec![root().join("action.yml"), readme_workflow];
    for entry in std::fs::read_dir(root().join(".github/workflows")).expect("workflows") {
        files.push(entry.expect("entry").path());
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
