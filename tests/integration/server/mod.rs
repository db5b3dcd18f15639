//! `agendalint server`, in process: documents, pull and push diagnostics, code actions,
//! fix-all, hover, settings and config changes, broken and hostile input, shutdown.
//! `parity` checks the server against the command line on every fixture.

mod harness;
mod parity;

use std::path::Path;
use std::time::Duration;

use agendalint::server::{Ending, RuleDocs};
use harness::{Mode, TestServer, apply_edits, edits_of, uri_of};
use lsp_types::{
    CodeAction, CodeActionOrCommand, DiagnosticSeverity, Hover, HoverContents, NumberOrString,
};
use serde_json::{Value, json};

use crate::common::{GOOD_AGENDA, temp_tree};

/// A meeting of the series, with one typo in its front matter (`duraton`).
const MEETING: &str = "---
date: 2026-11-24
with: Alex Kim
duraton: 30
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

/// An earlier meeting of the same series with an open task.
const PREVIOUS: &str = "---
date: 2026-11-17
with: Alex Kim
---
# 1:1 with Alex

## Action items
- [ ] Send the migration RFC to the platform team
";

fn codes(diagnostics: &[lsp_types::Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .filter_map(|d| match &d.code {
            Some(NumberOrString::String(code)) => Some(code.clone()),
            _ => None,
        })
        .collect()
}

fn code_actions(
    lsp: &mut TestServer,
    uri: &lsp_types::Uri,
    only: Option<&[&str]>,
) -> Vec<CodeAction> {
    let text = lsp.texts[uri.as_str()].clone();
    let end = harness::position_of(&text, text.len());
    let mut context = json!({"diagnostics": []});
    if let Some(only) = only {
        context["only"] = json!(only);
    }
    let result = lsp.request_raw(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri.as_str()},
               "range": {"start": {"line": 0, "character": 0}, "end": end},
               "context": context}),
    );
    let actions: Vec<CodeActionOrCommand> = serde_json::from_value(result).expect("actions");
    actions
        .into_iter()
        .map(|a| match a {
            CodeActionOrCommand::CodeAction(action) => action,
            CodeActionOrCommand::Command(c) => panic!("a bare command: {c:?}"),
        })
        .collect()
}

#[test]
fn push_diagnostics_follow_open_change_and_close() {
    let (_dir, root) = temp_tree(&[("notes/2026-11-24.md", MEETING)]);
    let path = root.join("notes/2026-11-24.md");
    let mut lsp = TestServer::start(Mode::Push, &root, Value::Null);
    let uri = lsp.open(&path, MEETING);
    let found = lsp.diagnostics(&uri);
    assert!(
        codes(&found).contains(&"front-matter-field".to_string()),
        "{found:?}"
    );
    // An incremental change fixes the typo.
    lsp.change_part(&uri, "duraton", "duration");
    let found = lsp.diagnostics(&uri);
    assert!(
        !codes(&found).contains(&"front-matter-field".to_string()),
        "{found:?}"
    );
    // A full-text change brings a problem back.
    lsp.change_all(
        &uri,
        &MEETING.replace("date: 2026-11-24", "date: 2026-13-45"),
    );
    let found = lsp.diagnostics(&uri);
    assert!(codes(&found).contains(&"front-matter-field".to_string()));
    lsp.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri.as_str()}}),
    );
    assert!(lsp.published(&uri, None).is_empty(), "closing clears");
    assert_eq!(lsp.shutdown(), Ending::Exited);
}

#[test]
fn diagnostics_carry_code_link_severity_help_and_position() {
    let (_dir, root) = temp_tree(&[("notes/2026-11-24.md", MEETING)]);
    let docs = tempfile::tempdir().expect("temp dir");
    let path = root.join("notes/2026-11-24.md");
    let mut lsp = TestServer::start_with(
        Mode::Push,
        &root,
        Value::Null,
        harness::capabilities(Mode::Push),
        RuleDocs::write_to(docs.path()),
    );
    let uri = lsp.open(&path, MEETING);
    let found = lsp.diagnostics(&uri);
    let typo = found
        .iter()
        .find(|d| d.code == Some(NumberOrString::String("front-matter-field".into())))
        .expect("the typo is found");
    assert_eq!(typo.source.as_deref(), Some("agendalint"));
    assert!(typo.message.contains("\nhelp: "), "{}", typo.message);
    let start = MEETING.find("duraton").expect("typo");
    assert_eq!(
        serde_json::to_value(typo.range.start).expect("json"),
        harness::position_of(MEETING, start)
    );
    let href = &typo.code_description.as_ref().expect("a link").href;
    let page = std::fs::read_to_string(harness::path_of(href)).expect("the page exists");
    let source = crate::common::root().join("rules/front-matter-field.md");
    assert_eq!(
        page,
        std::fs::read_to_string(source).expect("the rule's page")
    );
    for diagnostic in &found {
        assert!(diagnostic.severity.is_some());
        assert!(diagnostic.code.is_some());
    }
    lsp.shutdown();
}

#[test]
fn pull_diagnostics_report_unchanged_until_the_text_changes() {
    let (_dir, root) = temp_tree(&[("notes/2026-11-24.md", MEETING)]);
    let path = root.join("notes/2026-11-24.md");
    let mut lsp = TestServer::start(Mode::Pull, &root, Value::Null);
    let uri = lsp.open(&path, MEETING);
    let first = lsp.request_raw(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri.as_str()}}),
    );
    assert_eq!(first["kind"], "full");
    assert!(!first["items"].as_array().expect("items").is_empty());
    let id = first["resultId"].clone();
    let again = lsp.request_raw(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri.as_str()}, "previousResultId": id}),
    );
    assert_eq!(again["kind"], "unchanged", "{again}");
    lsp.change_part(&uri, "duraton", "duration");
    let changed = lsp.request_raw(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri.as_str()}, "previousResultId": id}),
    );
    assert_eq!(changed["kind"], "full");
    assert_ne!(changed["resultId"], id);
    lsp.drain(Duration::from_millis(100));
    assert!(
        !lsp.notifications
            .iter()
            .any(|n| n.method == "textDocument/publishDiagnostics"),
        "a pulling client gets no pushed diagnostics for agendas"
    );
    lsp.shutdown();
}

#[test]
fn quick_fixes_disable_comments_and_fix_all_do_what_they_say() {
    let tree = [
        ("notes/2026-11-17.md", PREVIOUS),
        ("notes/2026-11-24.md", MEETING),
    ];
    let (_dir, root) = temp_tree(&tree);
    let path = root.join("notes/2026-11-24.md");
    let mut lsp = TestServer::start(Mode::Push, &root, Value::Null);
    let uri = lsp.open(&path, MEETING);
    let before = lsp.diagnostics(&uri);
    let count = |list: &[lsp_types::Diagnostic], code: &str| {
        codes(list).iter().filter(|c| *c == code).count()
    };
    assert_eq!(count(&before, "open-action-items"), 1, "{before:?}");
    let actions = code_actions(&mut lsp, &uri, Some(&["quickfix"]));
    // The carry-over is a safe fix: offered, and preferred.
    let carry = actions
        .iter()
        .find(|a| a.title.starts_with("Fix: ") && a.title.contains("action item"))
        .unwrap_or_else(|| panic!("a quick fix for the open action item: {actions:#?}"));
    assert_eq!(
        carry.kind.as_ref().map(lsp_types::CodeActionKind::as_str),
        Some("quickfix")
    );
    assert_eq!(carry.is_preferred, Some(true));
    let carried = apply_edits(
        MEETING,
        &edits_of(carry.edit.as_ref().expect("an edit"), &uri),
    );
    assert!(
        carried.contains("- [ ] Send the migration RFC"),
        "{carried}"
    );
    lsp.change_all(&uri, &carried);
    assert_eq!(count(&lsp.diagnostics(&uri), "open-action-items"), 0);
    lsp.change_all(&uri, MEETING);
    lsp.diagnostics(&uri);
    // The rename of a misspelt key is unsafe: not offered without `unsafeFixes`.
    assert!(
        !actions
            .iter()
            .any(|a| a.title.starts_with("Fix") && a.title.contains("duraton")),
        "{actions:#?}"
    );
    // Every "disable" action silences its finding and nothing else.
    for action in actions.iter().filter(|a| a.title.starts_with("Disable ")) {
        let rule = action.title.split(' ').nth(1).expect("a rule").to_string();
        let silenced = apply_edits(
            MEETING,
            &edits_of(action.edit.as_ref().expect("an edit"), &uri),
        );
        lsp.change_all(&uri, &silenced);
        let after = lsp.diagnostics(&uri);
        let count = |list: &[lsp_types::Diagnostic], code: &str| {
            codes(list).iter().filter(|c| *c == code).count()
        };
        assert_eq!(
            count(&after, &rule) + 1,
            count(&before, &rule),
            "{} removes one {rule} finding:\n{silenced}",
            action.title
        );
        assert_eq!(
            after.len() + 1,
            before.len(),
            "{}: nothing else changes",
            action.title
        );
        lsp.change_all(&uri, MEETING);
        lsp.diagnostics(&uri);
    }
    // Fix-all is resolved lazily for a client that can, and applies `check --fix`.
    let actions = code_actions(&mut lsp, &uri, Some(&["source.fixAll"]));
    assert_eq!(actions.len(), 1, "{actions:?}");
    let lazy = actions[0].clone();
    assert_eq!(
        lazy.kind.as_ref().map(lsp_types::CodeActionKind::as_str),
        Some("source.fixAll.agendalint")
    );
    assert!(lazy.edit.is_none());
    let resolved: CodeAction = serde_json::from_value(lsp.request_raw(
        "codeAction/resolve",
        serde_json::to_value(&lazy).expect("json"),
    ))
    .expect("an action");
    let all = apply_edits(
        MEETING,
        &edits_of(resolved.edit.as_ref().expect("an edit"), &uri),
    );
    let (_cli_dir, cli_root) = temp_tree(&tree);
    let cli_path = cli_root.join("notes/2026-11-24.md");
    let (code, _, stderr) =
        crate::common::run(&["check", "--fix", cli_path.to_str().expect("utf-8")]);
    assert!(code <= 1, "{stderr}");
    let by_cli = std::fs::read_to_string(&cli_path).expect("fixed file");
    assert_ne!(by_cli, MEETING, "the CLI fixes something");
    assert_eq!(all, by_cli);
    lsp.shutdown();
}

#[test]
fn unsafe_fixes_are_offered_only_when_asked_for() {
    let text = "# 1:1 with Alex\n\n## Projects\n- Search\n";
    let (_dir, root) = temp_tree(&[("notes/2026-11-24.md", text)]);
    let path = root.join("notes/2026-11-24.md");
    let unsafe_titles = |lsp: &mut TestServer| {
        let uri = lsp.open(&path, text);
        lsp.diagnostics(&uri);
        let titles: Vec<String> = code_actions(lsp, &uri, Some(&["quickfix"]))
            .into_iter()
            .filter(|a| a.title.starts_with("Fix (unsafe"))
            .inspect(|a| assert_eq!(a.is_preferred, Some(false), "{}", a.title))
            .map(|a| a.title)
            .collect();
        titles
    };
    let mut lsp = TestServer::start(Mode::Push, &root, Value::Null);
    assert!(unsafe_titles(&mut lsp).is_empty());
    lsp.shutdown();
    let mut lsp = TestServer::start(Mode::Push, &root, json!({"unsafeFixes": true}));
    assert!(!unsafe_titles(&mut lsp).is_empty(), "unsafe fixes offered");
    lsp.shutdown();
}

#[test]
fn hover_on_a_rule_id_shows_its_page() {
    let text = format!("{GOOD_AGENDA}\n- x <!-- agendalint-disable-line missing-metric -->\n");
    let (_dir, root) = temp_tree(&[("notes/2026-11-23.md", &text)]);
    let path = root.join("notes/2026-11-23.md");
    let mut lsp = TestServer::start(Mode::Pull, &root, Value::Null);
    let uri = lsp.open(&path, &text);
    let at = text.find("missing-metric -->").expect("id") + 3;
    let hover: Option<Hover> = serde_json::from_value(lsp.request_raw(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri.as_str()}, "position": harness::position_of(&text, at)}),
    ))
    .expect("a hover");
    let Some(Hover {
        contents: HoverContents::Markup(markup),
        ..
    }) = hover
    else {
        panic!("a markup hover")
    };
    assert!(markup.value.contains("missing-metric"), "{}", markup.value);
    let elsewhere = lsp.request_raw(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri.as_str()}, "position": {"line": 1, "character": 2}}),
    );
    assert!(elsewhere.is_null());
    lsp.shutdown();
}

#[test]
fn settings_and_config_changes_apply_without_a_restart() {
    let (_dir, root) = temp_tree(&[
        ("notes/.agendalint.yaml", "rules: {}\n"),
        ("notes/2026-11-24.md", MEETING),
    ]);
    let path = root.join("notes/2026-11-24.md");
    let config = root.join("notes/.agendalint.yaml");
    let mut lsp = TestServer::start(Mode::Push, &root, Value::Null);
    let uri = lsp.open(&path, MEETING);
    assert!(codes(&lsp.diagnostics(&uri)).contains(&"front-matter-field".to_string()));
    // The config on disk turns the rule off.
    std::fs::write(&config, "rules:\n  front-matter-field: off\n").expect("write");
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(&config).as_str(), "type": 2}]}),
    );
    let found = lsp.published(&uri, None);
    assert!(
        !codes(&found).contains(&"front-matter-field".to_string()),
        "{found:?}"
    );
    // Settings: severity overrides, then ignore.
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"agendalint": {"severityOverrides": {"missing-alignment": "hint"}}}}),
    );
    let found = lsp.published(&uri, None);
    assert!(
        found
            .iter()
            .filter(|d| d.code == Some(NumberOrString::String("missing-alignment".into())))
            .all(|d| d.severity == Some(DiagnosticSeverity::HINT))
    );
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"agendalint": {"ignore": ["missing-alignment", "time-budget"]}}}),
    );
    let found = lsp.published(&uri, None);
    assert!(!codes(&found).contains(&"missing-alignment".to_string()));
    lsp.shutdown();
}

#[test]
fn settings_come_from_workspace_configuration_when_the_client_has_them() {
    let (_dir, root) = temp_tree(&[("notes/2026-11-24.md", MEETING)]);
    let path = root.join("notes/2026-11-24.md");
    let mut lsp = TestServer::start(Mode::Push, &root, Value::Null);
    lsp.configuration = json!({"select": ["front-matter-field"]});
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    );
    lsp.wait_for("a configuration request answered", |t| {
        t.server_requests
            .iter()
            .any(|r| r.method == "workspace/configuration")
            .then_some(())
    });
    let uri = lsp.open(&path, MEETING);
    let found = lsp.diagnostics(&uri);
    assert_eq!(codes(&found), ["front-matter-field"], "{found:?}");
    assert!(
        lsp.server_requests
            .iter()
            .any(|r| r.method == "client/registerCapability"),
        "file watchers were registered"
    );
    lsp.shutdown();
}

#[test]
fn a_bad_config_is_a_diagnostic_on_the_config_file_not_a_crash() {
    let (_dir, root) = temp_tree(&[
        (
            "notes/.agendalint.yaml",
            "rules:\n  compliant-phrasing: off\n",
        ),
        ("notes/2026-11-24.md", MEETING),
    ]);
    let path = root.join("notes/2026-11-24.md");
    let config = root.join("notes/.agendalint.yaml");
    let mut lsp = TestServer::start(Mode::Push, &root, Value::Null);
    let uri = lsp.open(&path, MEETING);
    let found = lsp.diagnostics(&uri);
    assert_eq!(codes(&found), ["not-checked"], "{found:?}");
    let on_config = lsp.published(&uri_of(&config), None);
    assert_eq!(on_config.len(), 1);
    assert!(on_config[0].message.contains("compliant-phrasing"));
    assert!(
        on_config[0].message.contains("complaint-phrasing"),
        "did you mean"
    );
    assert_eq!(on_config[0].range.start.line, 1, "on the bad key");
    // Fixed on disk: the config's diagnostics clear and the agenda is checked.
    std::fs::write(&config, "rules:\n  complaint-phrasing: off\n").expect("write");
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(&config).as_str(), "type": 2}]}),
    );
    assert!(lsp.published(&uri_of(&config), None).is_empty());
    assert!(codes(&lsp.published(&uri, None)).contains(&"front-matter-field".to_string()));
    // A config file given in the settings that does not exist.
    let mut other = TestServer::start(
        Mode::Pull,
        &root,
        json!({"configPath": "missing/.agendalint.yaml"}),
    );
    let uri = other.open(&path, MEETING);
    assert_eq!(codes(&other.diagnostics(&uri)), ["not-checked"]);
    other.shutdown();
    lsp.shutdown();
}

#[test]
fn non_utf8_files_on_disk_are_skipped_and_reported_where_they_matter() {
    let (_dir, root) = temp_tree(&[("notes/2026-11-24.md", MEETING)]);
    std::fs::write(
        root.join("notes/2026-11-17.md"),
        b"---\ndate: 2026-11-17\nwith: Alex Kim\n---\n- [ ] caf\xe9\n",
    )
    .expect("write");
    let path = root.join("notes/2026-11-24.md");
    let mut lsp = TestServer::start(Mode::Push, &root, Value::Null);
    let uri = lsp.open(&path, MEETING);
    let found = lsp.diagnostics(&uri);
    assert!(codes(&found).contains(&"front-matter-field".to_string()));
    // A watched change to a file that is not UTF-8 is survived.
    let bad = root.join("notes/2026-11-10.md");
    std::fs::write(&bad, b"\xff\xfe not text").expect("write");
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(&bad).as_str(), "type": 1}]}),
    );
    lsp.published(&uri, None);
    // A config that is not UTF-8 is a diagnostic on it.
    let config = root.join("notes/.agendalint.yaml");
    std::fs::write(&config, b"rules: {}\n# caf\xe9\n").expect("write");
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(&config).as_str(), "type": 1}]}),
    );
    let on_config = lsp.published(&uri_of(&config), None);
    assert!(on_config[0].message.contains("UTF-8"), "{on_config:?}");
    lsp.shutdown();
}

#[test]
fn a_five_megabyte_buffer_is_checked_and_edited() {
    let mut text = format!("{GOOD_AGENDA}\n## Notes\n\n");
    let line = "Zoë: follow up on the checkout retries with the payments team\n";
    text.push_str(&line.repeat(5 * 1024 * 1024 / line.len() + 1));
    text.push_str("\n- Last point\n");
    let (_dir, root) = temp_tree(&[("notes/2026-11-23.md", GOOD_AGENDA)]);
    let path = root.join("notes/2026-11-23.md");
    let mut lsp = TestServer::start(Mode::Push, &root, Value::Null);
    // An unoptimised build takes seconds over 5 MB; the bound stays finite.
    lsp.wait = Duration::from_secs(240);
    let uri = lsp.open(&path, &text);
    let before = lsp.diagnostics(&uri);
    assert!(
        !codes(&before).contains(&"promotion-ask".to_string()),
        "{before:?}"
    );
    // An incremental change at the very end is placed where it was made.
    lsp.change_part(&uri, "Last point", "When is my promotion coming?");
    let after = lsp.diagnostics(&uri);
    let ask = after
        .iter()
        .find(|d| d.code == Some(NumberOrString::String("promotion-ask".into())))
        .unwrap_or_else(|| panic!("the ask is found: {after:?}"));
    let last_line = lsp.texts[uri.as_str()].trim_end().matches('\n').count();
    assert_eq!(ask.range.start.line as usize, last_line);
    lsp.shutdown();
}

#[test]
fn the_series_comes_from_disk_once_and_the_buffer_stands_in_for_its_file() {
    let (_dir, root) = temp_tree(&[
        ("notes/2026-11-17.md", PREVIOUS),
        ("notes/2026-11-24.md", MEETING),
    ]);
    let previous = root.join("notes/2026-11-17.md");
    let path = root.join("notes/2026-11-24.md");
    let mut lsp = TestServer::start(Mode::Push, &root, Value::Null);
    let uri = lsp.open(&path, MEETING);
    let open_items = |found: &[lsp_types::Diagnostic]| {
        codes(found)
            .iter()
            .filter(|c| *c == "open-action-items")
            .count()
    };
    assert_eq!(
        open_items(&lsp.diagnostics(&uri)),
        1,
        "the previous meeting's open task"
    );
    // The previous meeting changes on disk, unannounced: typing does not read it again.
    let done = PREVIOUS.replace("- [ ]", "- [x]");
    std::fs::write(&previous, &done).expect("write");
    lsp.change_part(&uri, "Lesson: label", "Lesson learned: label");
    assert_eq!(
        open_items(&lsp.diagnostics(&uri)),
        1,
        "typing reads no other meeting"
    );
    // Announced, it is read again.
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(&previous).as_str(), "type": 2}]}),
    );
    assert_eq!(open_items(&lsp.published(&uri, None)), 0);
    lsp.shutdown();
}

#[test]
fn a_large_notes_root_is_read_alongside_and_the_series_findings_follow() {
    // More files than the server reads before its first answer: the agenda is answered
    // as if alone in its notes root, then again once the root is read.
    let fillers: Vec<(String, String)> = (0..120)
        .map(|i| {
            (
                format!("notes/sam/2025-{:02}-{:02}.md", 1 + i / 28, 1 + i % 28),
                GOOD_AGENDA.replace(
                    "2026-11-23",
                    &format!("2025-{:02}-{:02}", 1 + i / 28, 1 + i % 28),
                ),
            )
        })
        .collect();
    let mut files: Vec<(&str, &str)> = fillers
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    files.push(("notes/2026-11-17.md", PREVIOUS));
    files.push(("notes/2026-11-24.md", MEETING));
    let (_dir, root) = temp_tree(&files);
    let path = root.join("notes/2026-11-24.md");
    let mut lsp = TestServer::start(Mode::Push, &root, Value::Null);
    let uri = lsp.open(&path, MEETING);
    let wanted = uri.as_str().to_string();
    let publications = |lsp: &TestServer| -> Vec<Vec<String>> {
        lsp.notifications
            .iter()
            .filter(|n| n.method == "textDocument/publishDiagnostics" && n.params["uri"] == wanted)
            .map(|n| {
                let params: lsp_types::PublishDiagnosticsParams =
                    serde_json::from_value(n.params.clone()).expect("diagnostics");
                codes(&params.diagnostics)
            })
            .collect()
    };
    let both = lsp.wait_for("two publications", |lsp| {
        let found = publications(lsp);
        (found.len() >= 2).then_some(found)
    });
    assert!(
        lsp.wait_for_progress(),
        "the read is reported as work in progress"
    );
    let open_items = |codes: &[String]| codes.iter().filter(|c| *c == "open-action-items").count();
    assert_eq!(
        open_items(&both[0]),
        0,
        "first answer, before the root is read: {both:?}"
    );
    assert_eq!(
        open_items(&both[1]),
        1,
        "once read, the previous meeting's open task: {both:?}"
    );
    let mut rest = both[0].clone();
    rest.retain(|c| c != "open-action-items");
    let mut full = both[1].clone();
    full.retain(|c| c != "open-action-items");
    assert_eq!(
        rest, full,
        "the rest of the findings do not wait for the series"
    );
    lsp.shutdown();
}

#[test]
fn the_open_buffer_takes_the_place_of_its_own_file_in_the_series() {
    // On disk the file is still an older meeting with an open task; the buffer moved it
    // to a later date. Its own old version must not count as its previous meeting.
    let (_dir, root) = temp_tree(&[("notes/2026-11-24.md", PREVIOUS)]);
    let path = root.join("notes/2026-11-24.md");
    let mut lsp = TestServer::start(Mode::Push, &root, Value::Null);
    let uri = lsp.open(&path, MEETING);
    let found = lsp.diagnostics(&uri);
    assert!(
        !codes(&found).contains(&"open-action-items".to_string()),
        "{found:?}"
    );
    lsp.shutdown();
}

#[test]
fn shutdown_exit_and_going_away_end_the_session_as_the_protocol_says() {
    let (_dir, root) = temp_tree(&[("notes/2026-11-23.md", GOOD_AGENDA)]);
    let mut lsp = TestServer::start(Mode::Pull, &root, Value::Null);
    let unknown = lsp.request_response("agendalint/nothing", Value::Null);
    assert_eq!(
        unknown.response_result.err().map(|e| e.code),
        Some(lsp_server::ErrorCode::MethodNotFound as i32)
    );
    lsp.request_raw("shutdown", Value::Null);
    let after = lsp.request_response("textDocument/hover", json!({}));
    assert_eq!(
        after.response_result.err().map(|e| e.code),
        Some(lsp_server::ErrorCode::InvalidRequest as i32)
    );
    lsp.notify("exit", Value::Null);
    assert_eq!(lsp.finish(), Ending::Exited);
    let mut lsp = TestServer::start(Mode::Pull, &root, Value::Null);
    lsp.notify("exit", Value::Null);
    assert_eq!(lsp.finish(), Ending::ExitedWithoutShutdown);
    let lsp = TestServer::start(Mode::Push, &root, Value::Null);
    assert_eq!(lsp.disconnect(), Ending::Disconnected);
}

#[test]
fn files_outside_markdown_are_checked_only_when_the_config_includes_them() {
    let (_dir, root) = temp_tree(&[
        (
            "notes/.agendalint.yaml",
            "include: [\"**/*.md\", \"**/*.txt\"]\nexclude: [\"drafts/**\"]\n",
        ),
        ("notes/2026-11-24.txt", MEETING),
    ]);
    let mut lsp = TestServer::start(Mode::Pull, &root, Value::Null);
    let txt = lsp.open_as(&root.join("notes/2026-11-24.txt"), MEETING, "plaintext");
    assert!(!lsp.diagnostics(&txt).is_empty(), "included");
    let other = lsp.open_as(&root.join("notes/2026-11-24.text"), MEETING, "plaintext");
    assert!(lsp.diagnostics(&other).is_empty(), "not included");
    let draft = lsp.open(&root.join("notes/drafts/2026-11-24.md"), MEETING);
    assert!(lsp.diagnostics(&draft).is_empty(), "excluded");
    lsp.shutdown();
}

/// The path of a fixture, absolute.
fn fixture(path: &str) -> std::path::PathBuf {
    crate::common::root().join(path)
}

#[test]
fn the_fixture_meeting_gets_its_findings_and_a_code_action() {
    let path = fixture("fixtures/notes/alex/2026-11-24.md");
    let text = std::fs::read_to_string(&path).expect("fixture");
    let mut lsp = TestServer::start(
        Mode::Push,
        Path::new(&fixture("fixtures/notes")),
        Value::Null,
    );
    let uri = lsp.open(&path, &text);
    let found = lsp.diagnostics(&uri);
    assert!(!found.is_empty());
    let actions = code_actions(&mut lsp, &uri, None);
    assert!(
        actions
            .iter()
            .any(|a| a.kind.as_ref().is_some_and(|k| k.as_str() == "quickfix"))
    );
    lsp.shutdown();
}

#[test]
fn privacy_findings_reach_the_editor_without_the_flagged_words() {
    let text = GOOD_AGENDA.replace(
        "- Outcome: p99 from 800 ms to 200 ms\n",
        "- Outcome: p99 from 800 ms to 200 ms\n- my base is 145k and they offered 160k\n",
    );
    let (_dir, root) = temp_tree(&[
        (".agendalint.yaml", "privacy: on\n"),
        ("notes/2026-11-23.md", &text),
    ]);
    let path = root.join("notes/2026-11-23.md");
    let mut lsp = TestServer::start(Mode::Push, &root, Value::Null);
    let uri = lsp.open(&path, &text);
    let found = lsp.diagnostics(&uri);
    assert!(
        codes(&found).contains(&"private-pay".to_string()),
        "{found:?}"
    );
    let everything = serde_json::to_string(&found).expect("JSON");
    assert!(
        !everything.contains("145k") && !everything.contains("160k"),
        "{everything}"
    );
    assert_eq!(lsp.shutdown(), Ending::Exited);
}
