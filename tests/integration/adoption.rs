//! Adopting agendalint on a notes folder with history (issue 12): fixes that stay in
//! the flagged file, text copied by a fix that makes no new finding, skeletons that
//! keep the action items last.

use crate::common::{run_in, temp_tree};

const PREVIOUS: &str = "---
date: 2026-11-10
with: Alex Kim
---
# 1:1

## Action items
- [ ] Get the API spec from the platform team, still waiting on them
- [ ] Book the load-test window
";

const LATEST: &str = "---
date: 2026-11-24
with: Alex Kim
---
# 1:1

## Action items
- [ ] Send the migration RFC by Friday
";

/// Issue 12: a carried item's note "still waiting on them" fired complaint-phrasing in
/// the meeting it was carried into.
#[test]
fn an_item_carried_over_is_not_judged_again_where_it_lands() {
    let (_tmp, dir) = temp_tree(&[("notes/a.md", PREVIOUS), ("notes/b.md", LATEST)]);
    let select = ["--select", "complaint-phrasing,open-action-items"];
    let (code, stdout, _) = run_in(
        &dir,
        &[&["check", "notes", "--format", "concise"][..], &select].concat(),
    );
    assert_eq!(code, 1);
    assert!(
        stdout.contains("notes/a.md:8:48: warning[complaint-phrasing]"),
        "judged where it was written: {stdout}"
    );
    let (_, stdout, _) = run_in(&dir, &[&["check", "notes", "--fix"][..], &select].concat());
    assert!(stdout.contains("Fixed 2 problems in 1 file"), "{stdout}");
    let fixed = std::fs::read_to_string(dir.join("notes/b.md")).expect("read");
    assert!(
        fixed.ends_with(
            "- [ ] Send the migration RFC by Friday\n- [ ] Get the API spec from the platform team, still waiting on them\n- [ ] Book the load-test window\n"
        ),
        "carried in the previous meeting's order:\n{fixed}"
    );
    let (_, stdout, _) = run_in(
        &dir,
        &[&["check", "notes", "--format", "concise"][..], &select].concat(),
    );
    assert!(
        !stdout.contains("notes/b.md"),
        "nothing new in the meeting it landed in: {stdout}"
    );
    assert!(stdout.contains("notes/a.md:8:48"), "{stdout}");
}

/// Issue 12: `--unsafe-fixes` appended skeleton sections after `## Action items`.
#[test]
fn unsafe_fixes_add_sections_before_the_action_items() {
    let agenda = "---
date: 2026-11-24
with: Alex Kim
---
# 1:1 with Alex

## Follow-ups
- [x] Shared the canary doc

## Projects
### Checkout rewrite
- Decision: queue over polling, trading latency for resilience
- Lesson learned: load-test before the cut-over

## Action items
- [ ] Send the migration RFC by Friday
";
    let (_tmp, dir) = temp_tree(&[("a.md", agenda)]);
    let (_, stdout, _) = run_in(
        &dir,
        &[
            "check",
            "a.md",
            "--fix",
            "--unsafe-fixes",
            "--format",
            "concise",
        ],
    );
    assert!(stdout.contains("Fixed"), "{stdout}");
    let fixed = std::fs::read_to_string(dir.join("a.md")).expect("read");
    let headings: Vec<&str> = fixed.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(headings.first(), Some(&"## Follow-ups"), "{fixed}");
    assert_eq!(
        headings.last(),
        Some(&"## Action items"),
        "the action items stay last:\n{fixed}"
    );
    for added in ["## Initiatives", "## Skills"] {
        assert!(headings.contains(&added), "{added} added:\n{fixed}");
    }
    assert!(
        fixed.ends_with("## Action items\n- [ ] Send the migration RFC by Friday\n"),
        "{fixed}"
    );
}
