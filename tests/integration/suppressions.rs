//! One finding per problem, and suppressions with a reason (issue 12, section 4).

use serde_json::Value;

use crate::common::{run_in, temp_tree};
use crate::git::{git, repo, write};

/// The findings of `check --format json` on one named file: (rule, line).
fn findings(dir: &std::path::Path, file: &str, extra: &[&str]) -> Vec<(String, u64)> {
    let mut args = vec!["check", file, "--format", "json"];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = run_in(dir, &args);
    assert_ne!(code, 2, "{stdout}{stderr}");
    let document: Value = serde_json::from_str(&stdout).expect("JSON");
    document["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or_default().to_string(),
                d["span"]["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

fn on_line(found: &[(String, u64)], line: u64) -> Vec<&str> {
    found
        .iter()
        .filter(|(_, l)| *l == line)
        .map(|(r, _)| r.as_str())
        .collect()
}

const PAIRS: &str = "---
date: 2026-11-23
with: Alex Kim
---
## Projects
### Billing
- Decision: chose Stripe over Adyen because of the fees
- Lesson learned: <what you would do differently>

### <Project 2>
- Decision: moved to queues, trading latency for resilience

## Career
- I want to lead a team someday

## Skills
- Get better at backend
";

#[test]
fn findings_on_one_problem_become_the_most_specific_one() {
    let (_tmp, dir) = temp_tree(&[("a.md", PAIRS)]);
    let select = [
        "--select",
        "no-time-bound,vague-aspiration,generic-skill-wish,project-missing-lesson,unfilled-prompt",
    ];
    let found = findings(&dir, "a.md", &select);
    assert_eq!(on_line(&found, 14), ["vague-aspiration"], "{found:?}");
    assert_eq!(on_line(&found, 17), ["generic-skill-wish"], "{found:?}");
    assert_eq!(on_line(&found, 8), ["unfilled-prompt"], "{found:?}");
    assert_eq!(on_line(&found, 10), ["unfilled-prompt"], "{found:?}");
    assert!(
        !found
            .iter()
            .any(|(r, _)| r == "project-missing-lesson" || r == "no-time-bound"),
        "{found:?}"
    );
    // With the specific rule off, the general one reports the item again.
    let found = findings(
        &dir,
        "a.md",
        &["--select", "no-time-bound,project-missing-lesson"],
    );
    assert_eq!(on_line(&found, 14), ["no-time-bound"], "{found:?}");
    assert_eq!(on_line(&found, 17), ["no-time-bound"], "{found:?}");
    assert_eq!(on_line(&found, 8), ["project-missing-lesson"], "{found:?}");
    // Suppressing the kept finding does not bring the other back.
    let suppressed = PAIRS.replace(
        "- I want to lead a team someday",
        "- I want to lead a team someday <!-- agendalint-disable-line vague-aspiration -- a first draft -->",
    );
    let (_tmp, dir) = temp_tree(&[("a.md", suppressed.as_str())]);
    let found = findings(&dir, "a.md", &select);
    assert!(on_line(&found, 14).is_empty(), "{found:?}");
}

const INITIATIVE: &str = "---
date: 2026-11-23
with: Alex Kim
---
## Initiatives
- Improve CI reliability by next sprint, for the developer productivity OKR COMMENT
";

fn with_comment(comment: &str) -> String {
    INITIATIVE.replace("COMMENT", comment)
}

#[test]
fn a_reason_after_two_dashes_is_not_a_rule_name() {
    let text = with_comment(
        "<!-- agendalint-disable-line missing-metric -- quoting the team's goal, word for word -->",
    );
    let (_tmp, dir) = temp_tree(&[("a.md", text.as_str())]);
    let found = findings(&dir, "a.md", &[]);
    assert!(
        on_line(&found, 6).is_empty(),
        "suppressed, nothing else: {found:?}"
    );
}

#[test]
fn require_reason_makes_a_reason_mandatory() {
    let config = "require_reason: true\n";
    let bare = with_comment("<!-- agendalint-disable-line missing-metric -->");
    let reasoned = with_comment(
        "<!-- agendalint-disable-line missing-metric -- the goal is set by the team -->",
    );
    let (_tmp, dir) = temp_tree(&[
        ("bare.md", bare.as_str()),
        ("reasoned.md", reasoned.as_str()),
        (".agendalint.yaml", config),
    ]);
    let found = findings(&dir, "bare.md", &[]);
    assert_eq!(
        on_line(&found, 6),
        ["missing-suppression-reason"],
        "{found:?}"
    );
    let found = findings(&dir, "reasoned.md", &[]);
    assert!(on_line(&found, 6).is_empty(), "{found:?}");
    let (_, stdout, _) = run_in(&dir, &["check", "bare.md"]);
    assert!(
        stdout.contains("error[missing-suppression-reason]"),
        "{stdout}"
    );
    // Without the setting a bare suppression is fine.
    std::fs::write(dir.join(".agendalint.yaml"), "").expect("write");
    let found = findings(&dir, "bare.md", &[]);
    assert!(on_line(&found, 6).is_empty(), "{found:?}");
    // Front matter suppressions need a `reason:` too.
    let front = "---\ndate: 2026-11-23\nwith: Alex Kim\nagendalint: {disable: [missing-metric]}\n---\n## Initiatives\n- Improve CI reliability by next sprint\n";
    let (_tmp, dir) = temp_tree(&[("a.md", front), (".agendalint.yaml", config)]);
    let found = findings(&dir, "a.md", &[]);
    assert_eq!(
        on_line(&found, 4),
        ["missing-suppression-reason"],
        "{found:?}"
    );
}

#[test]
fn an_expired_suppression_still_applies_and_warns() {
    let text = with_comment(
        "<!-- agendalint-disable-line missing-metric until: 2026-01-31 -- until the OKRs are set -->",
    );
    let (_tmp, dir) = temp_tree(&[("a.md", text.as_str())]);
    let found = findings(&dir, "a.md", &[]);
    assert_eq!(on_line(&found, 6), ["expired-suppression"], "{found:?}");
    let (_, stdout, _) = run_in(&dir, &["check", "a.md", "--format", "concise"]);
    assert!(
        stdout.contains(
            "warning[expired-suppression] Suppression expired on 2026-01-31; it still applies"
        ),
        "{stdout}"
    );
    let later = with_comment(
        "<!-- agendalint-disable-line missing-metric until: 2099-01-31 -- until the OKRs are set -->",
    );
    std::fs::write(dir.join("a.md"), later).expect("write");
    let found = findings(&dir, "a.md", &[]);
    assert!(on_line(&found, 6).is_empty(), "{found:?}");
}

#[test]
fn an_expiry_date_never_breaks_an_unrelated_commit() {
    let tmp = repo();
    let dir = tmp.path();
    // A past meeting with a suppression that has since expired.
    let old = "---\ndate: 2026-09-01\nwith: Alex Kim\n---\n## Initiatives\n- Improve CI reliability by next sprint, for the developer productivity OKR <!-- agendalint-disable-line missing-metric until: 2026-10-01 -- until the OKRs are set -->\n\n## Notes\n- Book the room\n";
    write(dir, "notes/2026-09-01.md", old);
    git(dir, &["add", "."]);
    assert!(git(dir, &["commit", "-q", "--no-verify", "-m", "old"]).0);
    // A typo fix elsewhere in it passes the hook's check.
    write(
        dir,
        "notes/2026-09-01.md",
        &old.replace("Book the room", "Book the room for Thursday"),
    );
    git(dir, &["add", "."]);
    let (code, stdout, stderr) = run_in(dir, &["check", "--staged"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
}

#[test]
fn unused_and_unknown_suppressions_are_reported() {
    let text = "---
date: 2026-11-23
with: Alex Kim
agendalint: {disable: [missing-alignment, time-budgets], reason: no goals yet}
---
## Initiatives
- Improve CI reliability by next sprint <!-- agendalint-disable-line missing-metric, no-time-bound -- the team sets it -->

## Notes
- Book the room <!-- agendalint-disable-line compliant-phrasing -- a typo -->
<!-- agendalint-disable -->
- Ask about the offsite
<!-- agendalint-enable -->
";
    let (_tmp, dir) = temp_tree(&[("a.md", text)]);
    let (_, stdout, _) = run_in(&dir, &["check", "a.md", "--format", "concise"]);
    let lines: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("suppression]") || l.contains("[unknown-rule]"))
        .collect();
    assert_eq!(
        lines,
        [
            "a.md:4:43: error[unknown-rule] `time-budgets` is not a rule",
            "a.md:7:86: warning[unused-suppression] Suppression of `no-time-bound` hides nothing",
            "a.md:10:46: error[unknown-rule] `compliant-phrasing` is not a rule",
            "a.md:11:1: warning[unused-suppression] Suppression of every rule hides nothing",
        ],
        "{stdout}"
    );
    let (_, json, _) = run_in(&dir, &["check", "a.md", "--format", "json"]);
    assert!(json.contains("Did you mean `time-budget`?"), "{json}");
    assert!(
        json.contains("Did you mean `complaint-phrasing`?"),
        "{json}"
    );
    // A suppression of a rule that did not run is not judged; unknown names always are.
    let (_, stdout, _) = run_in(
        &dir,
        &[
            "check",
            "a.md",
            "--select",
            "unused-suppression,unknown-rule",
            "--format",
            "concise",
        ],
    );
    assert!(!stdout.contains("no-time-bound"), "{stdout}");
    assert!(
        stdout.contains("`compliant-phrasing` is not a rule"),
        "{stdout}"
    );
    // Custom rules are known names.
    let custom = "custom_rules:\n  - id: time-budgets\n    pattern: 'zzz'\n    message: Zzz\n    help: Wake up\n";
    std::fs::write(dir.join(".agendalint.yaml"), custom).expect("write");
    let (_, stdout, _) = run_in(&dir, &["check", "a.md", "--format", "concise"]);
    assert!(!stdout.contains("`time-budgets` is not a rule"), "{stdout}");
    // The rules about suppressions are set in the config, like any rule.
    std::fs::write(
        dir.join(".agendalint.yaml"),
        "rules:\n  unknown-rule: warning\n  unused-suppression: off\n",
    )
    .expect("write");
    let (_, stdout, _) = run_in(&dir, &["check", "a.md", "--format", "concise"]);
    assert!(stdout.contains("warning[unknown-rule]"), "{stdout}");
    assert!(!stdout.contains("[unused-suppression]"), "{stdout}");
}
