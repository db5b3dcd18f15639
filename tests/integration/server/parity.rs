//! The server and the command line must not drift apart: for every fixture, the
//! diagnostics the server gives equal the findings of `agendalint check FILE --format
//! json` (rule, severity, span, message, help), and the fix-all action leaves the same
//! text as `agendalint check --fix FILE` on a copy of the fixtures (and with
//! `unsafeFixes`, as `--fix --unsafe-fixes`).

use std::path::{Path, PathBuf};

use lsp_types::{CodeAction, CodeActionOrCommand, DiagnosticSeverity, NumberOrString};
use serde_json::{Value, json};

use super::harness::{Mode, TestServer, apply_edits, edits_of, offset_of, position_of};
use crate::common::{root, run};

/// One finding as both sides can state it.
type Finding = (String, String, usize, usize, String);

fn fixture_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root().join("fixtures"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

fn cli_findings(path: &Path) -> (Vec<Finding>, bool, bool) {
    let (code, stdout, stderr) = run(&["check", path.to_str().expect("utf-8"), "--format", "json"]);
    assert!(code <= 1, "{}: {stderr}", path.display());
    let report: Value = serde_json::from_str(&stdout).expect("json");
    let mut safe = false;
    let mut any_fix = false;
    let findings = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            if let Some(applicability) = d["fix"]["applicability"].as_str() {
                any_fix = true;
                safe |= applicability == "safe";
            }
            (
                d["rule"].as_str().expect("rule").to_string(),
                d["severity"].as_str().expect("severity").to_string(),
                d["span"]["start"].as_u64().expect("start") as usize,
                d["span"]["end"].as_u64().expect("end") as usize,
                format!(
                    "{}\nhelp: {}",
                    d["message"].as_str().expect("message"),
                    d["help"].as_str().expect("help")
                ),
            )
        })
        .collect();
    (findings, safe, any_fix)
}

/// The server's findings for an open document; when its notes folder is being read
/// alongside (the first answer lacks the series findings), once the folder is read.
fn server_findings(lsp: &mut TestServer, uri: &lsp_types::Uri, text: &str) -> Vec<Finding> {
    let mut found = lsp.diagnostics(uri);
    if lsp.wait_for_progress() {
        found = lsp.diagnostics(uri);
    }
    found
        .into_iter()
        .map(|d| {
            let severity = match d.severity {
                Some(DiagnosticSeverity::ERROR) => "error",
                Some(DiagnosticSeverity::WARNING) => "warning",
                Some(DiagnosticSeverity::INFORMATION) => "info",
                other => panic!("unexpected severity {other:?}"),
            };
            let Some(NumberOrString::String(rule)) = d.code else {
                panic!("a rule id as code")
            };
            (
                rule,
                severity.to_string(),
                offset_of(text, d.range.start.line, d.range.start.character),
                offset_of(text, d.range.end.line, d.range.end.character),
                d.message,
            )
        })
        .collect()
}

/// The fix-all action's result on `text`, if the server offers one.
fn server_fix_all(lsp: &mut TestServer, uri: &lsp_types::Uri, text: &str) -> Option<String> {
    let result = lsp.request_raw(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri.as_str()},
               "range": {"start": {"line": 0, "character": 0}, "end": position_of(text, text.len())},
               "context": {"diagnostics": [], "only": ["source.fixAll.agendalint"]}}),
    );
    let actions: Vec<CodeActionOrCommand> = serde_json::from_value(result).expect("actions");
    let CodeActionOrCommand::CodeAction(action) = actions.into_iter().next()? else {
        panic!("a code action")
    };
    let resolved: CodeAction = serde_json::from_value(lsp.request_raw(
        "codeAction/resolve",
        serde_json::to_value(&action).expect("json"),
    ))
    .expect("an action");
    let edit = resolved.edit?;
    Some(apply_edits(text, &edits_of(&edit, uri)))
}

/// A copy of the fixtures, so that `check --fix` can write into it.
fn copy_of_fixtures() -> tempfile::TempDir {
    let fixtures = root().join("fixtures");
    let copy = tempfile::tempdir().expect("temp dir");
    for entry in walkdir::WalkDir::new(&fixtures)
        .into_iter()
        .filter_map(Result::ok)
    {
        let relative = entry.path().strip_prefix(&fixtures).expect("inside");
        let target = copy.path().join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
    copy
}

/// What `check --fix` (and `--unsafe-fixes`) makes of a fixture, run on its place in
/// `copy` (so that its series is the same); the copy is put back as it was.
fn cli_fixed(copy: &Path, path: &Path, unsafe_fixes: bool) -> String {
    let fixtures = root().join("fixtures");
    let target = copy.join(path.strip_prefix(&fixtures).expect("a fixture"));
    let original = std::fs::read(&target).expect("the copy");
    let target_text = target.to_str().expect("utf-8");
    let mut args = vec!["check", "--fix", target_text];
    if unsafe_fixes {
        args.push("--unsafe-fixes");
    }
    let (code, _, stderr) = run(&args);
    assert!(code <= 1, "{}: {stderr}", path.display());
    let fixed = std::fs::read_to_string(&target).expect("the fixed file");
    std::fs::write(&target, original).expect("put the copy back");
    fixed
}

#[test]
fn server_and_command_line_agree_on_every_fixture() {
    let files = fixture_files();
    assert!(files.len() > 50, "the fixtures are found");
    let fixtures = root().join("fixtures");
    let copy = copy_of_fixtures();
    let mut safe_server = lsp_for(&fixtures, Value::Null);
    let mut unsafe_server = lsp_for(&fixtures, json!({"unsafeFixes": true}));
    let mut compared_fixes = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).expect("fixture");
        let (cli, safe, any_fix) = cli_findings(path);
        let uri = safe_server.open(path, &text);
        assert_eq!(
            server_findings(&mut safe_server, &uri, &text),
            cli,
            "findings differ for {}",
            path.display()
        );
        let fixed = server_fix_all(&mut safe_server, &uri, &text);
        if safe {
            assert_eq!(
                fixed.as_deref().unwrap_or(&text),
                cli_fixed(copy.path(), path, false),
                "fixed text differs for {}",
                path.display()
            );
            compared_fixes += 1;
        } else {
            assert_eq!(
                fixed,
                None,
                "no fix-all without a safe fix: {}",
                path.display()
            );
        }
        unsafe_server.open(path, &text);
        unsafe_server.diagnostics(&uri);
        let fixed = server_fix_all(&mut unsafe_server, &uri, &text);
        if any_fix {
            assert_eq!(
                fixed.as_deref().unwrap_or(&text),
                cli_fixed(copy.path(), path, true),
                "unsafe fixed text differs for {}",
                path.display()
            );
            compared_fixes += 1;
        } else {
            assert_eq!(fixed, None, "{}", path.display());
        }
        for server in [&mut safe_server, &mut unsafe_server] {
            server.notify(
                "textDocument/didClose",
                json!({"textDocument": {"uri": uri.as_str()}}),
            );
        }
    }
    assert!(compared_fixes >= 10, "fixes compared: {compared_fixes}");
    safe_server.shutdown();
    unsafe_server.shutdown();
}

fn lsp_for(root: &Path, settings: Value) -> TestServer {
    TestServer::start(Mode::Pull, root, settings)
}
