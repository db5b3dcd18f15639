//! Meta tests: every registered rule has a documentation page with the expected
//! sections, fixtures that fire it and fixtures that must not, and a README row that
//! matches the registry.

use std::path::Path;

use agendalint::rules::REGISTRY;

use crate::common::root;

const PAGE_SECTIONS: [&str; 6] = [
    "## Why",
    "## Fires on",
    "## Passes",
    "## Options",
    "## Default severity",
    "## Fix",
];

#[test]
fn every_rule_has_a_documentation_page() {
    for entry in REGISTRY {
        let meta = entry.meta;
        let page = std::fs::read_to_string(root().join("rules").join(format!("{}.md", meta.id)))
            .unwrap_or_else(|e| panic!("rules/{}.md: {e}", meta.id));
        assert_eq!(page, meta.doc, "{}: the embedded page is the file", meta.id);
        assert!(
            page.starts_with(&format!("# {}\n", meta.id)),
            "{}: page title",
            meta.id
        );
        let mut last = 0;
        for section in PAGE_SECTIONS {
            let at = page
                .find(&format!("\n{section}\n"))
                .unwrap_or_else(|| panic!("{}: page lacks `{section}`", meta.id));
            assert!(at > last, "{}: `{section}` out of order", meta.id);
            last = at;
        }
        assert!(
            page.contains(meta.default_severity.as_str()),
            "{}: page names its default severity",
            meta.id
        );
    }
}

fn fixture_files(dir: &Path, prefix: &str) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy();
            name.starts_with(prefix) && name.ends_with(".md")
        })
        .count()
}

/// Rules that fire only in `check --staged`, on what a commit brings in.
const STAGED_ONLY: [&str; 1] = ["private-commit"];

#[test]
fn every_rule_has_fixtures_both_ways() {
    for entry in REGISTRY {
        let dir = root().join("fixtures/rules").join(entry.meta.id);
        if STAGED_ONLY.contains(&entry.meta.id) {
            // It fires only on a commit: its page names the test that commits.
            assert!(
                entry.meta.doc.contains("tests/integration/privacy.rs"),
                "{}: page names the test that fires it",
                entry.meta.id
            );
        } else {
            assert!(
                fixture_files(&dir, "fires-") >= 1,
                "{}: no fires-*.md fixture",
                entry.meta.id
            );
        }
        assert!(
            fixture_files(&dir, "passes-") >= 1,
            "{}: no passes-*.md fixture",
            entry.meta.id
        );
    }
}

#[test]
fn the_readme_rule_table_matches_the_registry() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let start = readme
        .find("<!-- rules-table:start -->")
        .expect("table start marker");
    let end = readme
        .find("<!-- rules-table:end -->")
        .expect("table end marker");
    let rows: Vec<Vec<String>> = readme[start..end]
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let mut cells: Vec<String> = l
                .trim_matches('|')
                .split(" | ")
                .map(|cell| cell.trim().replace("\\|", "|"))
                .collect();
            if let Some(id) = cells.first_mut() {
                *id = id.trim_matches('`').to_string();
            }
            cells
        })
        .collect();
    let expected: Vec<Vec<String>> = REGISTRY
        .iter()
        .map(|e| {
            vec![
                e.meta.id.to_string(),
                e.meta.default_severity.as_str().to_string(),
                e.meta.fix.as_str().to_string(),
                e.meta.summary.to_string(),
            ]
        })
        .collect();
    assert_eq!(
        rows, expected,
        "README rule table differs from the registry"
    );
}

#[test]
fn summaries_are_sentence_case_without_a_full_stop() {
    for entry in REGISTRY {
        let summary = entry.meta.summary;
        assert!(
            summary.chars().next().is_some_and(char::is_uppercase),
            "{summary}"
        );
        assert!(!summary.ends_with('.'), "{summary}");
    }
}

/// The fenced blocks of a page section: (language, text). The section ends at the next
/// `## ` heading outside a fence.
fn fenced_blocks(page: &str, heading: &str) -> Vec<(String, String)> {
    let mut lines = page.lines().skip_while(|l| *l != heading).skip(1);
    let mut blocks = Vec::new();
    while let Some(line) = lines.next() {
        if line.starts_with("## ") {
            break;
        }
        if let Some(language) = line.trim_start().strip_prefix("```") {
            let body: Vec<&str> = lines
                .by_ref()
                .take_while(|l| !l.trim_start().starts_with("```"))
                .collect();
            blocks.push((language.trim().to_string(), body.join("\n") + "\n"));
        }
    }
    blocks
}

/// Every page's "Fires on" example fires its rule and its "Passes" example does not, so
/// the pages cannot drift from what the rules do.
#[test]
fn page_examples_fire_and_pass() {
    // Series rules need several files; their pages point at their fixture folders.
    let series_rules = [
        "career-cadence",
        "open-action-items",
        "duplicate-meeting-date",
        "series-name",
    ];
    for entry in REGISTRY {
        let id = entry.meta.id;
        if STAGED_ONLY.contains(&id) {
            // The page's examples need a commit: the test it names runs them.
            assert!(
                entry.meta.doc.contains("tests/integration/privacy.rs"),
                "{id}"
            );
            continue;
        }
        if series_rules.contains(&id) {
            assert!(
                entry.meta.doc.contains(&format!("fixtures/rules/{id}/")),
                "{id}: page names its fixtures"
            );
            continue;
        }
        for (heading, should_fire) in [("## Fires on", true), ("## Passes", false)] {
            let blocks = fenced_blocks(entry.meta.doc, heading);
            let config = blocks
                .iter()
                .find(|(l, _)| l == "yaml")
                .map(|(_, t)| t.clone());
            let Some((_, markdown)) = blocks.iter().find(|(l, _)| l == "markdown") else {
                panic!("{id}: `{heading}` has no markdown example");
            };
            let text = if markdown.starts_with("---") || id == "front-matter-missing" {
                markdown.clone()
            } else {
                format!("---\ndate: 2026-11-23\nwith: Alex Kim\n---\n{markdown}")
            };
            let mut files = vec![("2026-11-23-alex.md", text.as_str())];
            if let Some(config) = &config {
                if !config.trim_start().starts_with("---") {
                    files.push((".agendalint.yaml", config.as_str()));
                }
            }
            let (_tmp, dir) = crate::common::temp_tree(&files);
            // The file is named: a walked file with no front matter is not an agenda.
            let (_, stdout, stderr) = crate::common::run_in(
                &dir,
                &[
                    "check",
                    "2026-11-23-alex.md",
                    "--select",
                    id,
                    "--format",
                    "concise",
                ],
            );
            let fired = stdout.lines().any(|l| l.contains(&format!("[{id}]")));
            assert_eq!(
                fired, should_fire,
                "{id}: `{heading}` example\n{text}\n{stdout}{stderr}"
            );
        }
    }
}

/// The README's table of which finding is kept when two overlap is the engine's.
#[test]
fn the_readme_precedence_table_matches_the_engine() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let start = readme
        .find("<!-- precedence:start -->")
        .expect("precedence start marker");
    let end = readme
        .find("<!-- precedence:end -->")
        .expect("precedence end marker");
    let rows: Vec<(String, String)> = readme[start..end]
        .lines()
        .filter(|l| l.starts_with("| `"))
        .filter_map(|l| {
            let cells: Vec<String> = l
                .trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().trim_matches('`').to_string())
                .collect();
            Some((cells.first()?.clone(), cells.get(1)?.clone()))
        })
        .collect();
    let expected: Vec<(String, String)> = agendalint::engine::PRECEDENCE
        .iter()
        .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
        .collect();
    assert_eq!(rows, expected);
    for (general, specific) in agendalint::engine::PRECEDENCE {
        assert!(agendalint::rules::find(general).is_some(), "{general}");
        assert!(agendalint::rules::find(specific).is_some(), "{specific}");
    }
}

/// Every heading the README's section table names maps to the kind it is listed
/// under, so that the table cannot promise what the vocabulary does not do.
#[test]
fn the_readme_section_table_matches_the_vocabulary() {
    use agendalint::model::{SectionKind, SectionVocabulary};
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let start = readme
        .find("<!-- sections:start -->")
        .expect("sections start marker");
    let end = readme
        .find("<!-- sections:end -->")
        .expect("sections end marker");
    let vocabulary = SectionVocabulary::builtin();
    let mut kinds = Vec::new();
    for line in readme[start..end].lines().filter(|l| l.starts_with("| ")) {
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
        let Some(kind) = SectionKind::ALL
            .into_iter()
            .find(|k| k.as_str() == cells[0])
        else {
            continue;
        };
        kinds.push(kind);
        for heading in cells[1].split(", ") {
            assert_eq!(vocabulary.classify(heading), kind, "README: `{heading}`");
        }
    }
    let listed: Vec<SectionKind> = SectionKind::ALL
        .into_iter()
        .filter(|k| *k != SectionKind::Other)
        .collect();
    assert_eq!(kinds, listed, "every kind has a row, in order");
}
