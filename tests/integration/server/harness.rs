//! An in-process client for `agendalint server`: the server runs on a thread over a
//! `Connection::memory()` pair; every request is matched to its response by id, every
//! wait is bounded, requests from the server are answered as an editor would, and at
//! the end nothing may be left unanswered either way.

use std::collections::{HashMap, VecDeque};
use std::path::Path;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use agendalint::server::{Ending, RuleDocs, ServeOptions};
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::{
    ClientCapabilities, Diagnostic, InitializeParams, PublishDiagnosticsParams, Uri,
    WorkspaceFolder,
};
use serde_json::{Value, json};

/// How long any one wait may take.
pub const WAIT: Duration = Duration::from_secs(20);

/// How the test client takes diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The server publishes them.
    Push,
    /// The client asks for them.
    Pull,
}

/// A client talking to a server on a thread.
pub struct TestServer {
    client: Connection,
    thread: Option<JoinHandle<Result<Ending, String>>>,
    next_id: i32,
    /// Responses not yet taken, by id.
    responses: HashMap<RequestId, Response>,
    /// Our requests not yet answered.
    awaiting: Vec<RequestId>,
    /// Notifications not yet taken, in order.
    pub notifications: VecDeque<Notification>,
    /// Every request the server sent (each was answered).
    pub server_requests: Vec<Request>,
    /// What `workspace/configuration` answers.
    pub configuration: Value,
    /// How diagnostics are taken.
    pub mode: Mode,
    /// Text of open documents, to compute positions in tests.
    pub texts: HashMap<String, String>,
    versions: HashMap<String, i32>,
    /// How long any one wait may take ([`WAIT`] unless a test needs longer).
    pub wait: Duration,
    ended: bool,
}

/// Client capabilities of an editor that pulls diagnostics or takes pushed ones.
pub fn capabilities(mode: Mode) -> ClientCapabilities {
    let mut caps = json!({
        "general": {"positionEncodings": ["utf-16"]},
        "window": {"workDoneProgress": true},
        "workspace": {
            "configuration": true,
            "didChangeWatchedFiles": {"dynamicRegistration": true},
            "workspaceEdit": {"documentChanges": true},
        },
        "textDocument": {
            "synchronization": {"didSave": true, "dynamicRegistration": false},
            "publishDiagnostics": {"relatedInformation": true, "versionSupport": true},
            "codeAction": {
                "codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "source", "source.fixAll"]}},
                "isPreferredSupport": true,
                "resolveSupport": {"properties": ["edit"]},
                "dataSupport": true,
            },
            "hover": {"contentFormat": ["markdown", "plaintext"]},
        },
    });
    if mode == Mode::Pull {
        caps["textDocument"]["diagnostic"] = json!({"dynamicRegistration": false});
        caps["workspace"]["diagnostics"] = json!({"refreshSupport": true});
    }
    serde_json::from_value(caps).expect("valid capabilities")
}

impl TestServer {
    /// Starts a server for a workspace at `root` and completes the handshake.
    pub fn start(mode: Mode, root: &Path, init_options: Value) -> Self {
        Self::start_with(
            mode,
            root,
            init_options,
            capabilities(mode),
            RuleDocs::none(),
        )
    }

    /// [`TestServer::start`] with given capabilities and rule pages.
    pub fn start_with(
        mode: Mode,
        root: &Path,
        init_options: Value,
        capabilities: ClientCapabilities,
        rule_docs: RuleDocs,
    ) -> Self {
        let (server, client) = Connection::memory();
        let thread = std::thread::spawn(move || {
            agendalint::server::serve(&server, ServeOptions { rule_docs })
                .map_err(|e| e.to_string())
        });
        let mut lsp = Self {
            client,
            thread: Some(thread),
            next_id: 0,
            responses: HashMap::new(),
            awaiting: Vec::new(),
            notifications: VecDeque::new(),
            server_requests: Vec::new(),
            configuration: init_options.clone(),
            mode,
            texts: HashMap::new(),
            versions: HashMap::new(),
            wait: WAIT,
            ended: false,
        };
        let folder = uri_of(root);
        #[allow(deprecated)]
        let params = InitializeParams {
            capabilities,
            initialization_options: Some(init_options),
            workspace_folders: Some(vec![WorkspaceFolder {
                uri: folder,
                name: "notes".to_string(),
            }]),
            ..InitializeParams::default()
        };
        let result = lsp.request_raw("initialize", serde_json::to_value(params).expect("json"));
        assert!(result["capabilities"].is_object(), "{result}");
        lsp.notify("initialized", json!({}));
        lsp
    }

    /// Sends a request and waits for its result.
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_response(method, params);
        match response.response_result {
            Ok(result) => result,
            Err(error) => panic!("{method} failed: {} ({})", error.message, error.code),
        }
    }

    /// Sends a request and waits for its response, error or not.
    pub fn request_response(&mut self, method: &str, params: Value) -> Response {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.awaiting.push(id.clone());
        self.send(Request::new(id.clone(), method.to_string(), params).into());
        self.wait_for(&format!("the response to {method}"), |lsp| {
            lsp.responses.remove(&id)
        })
    }

    /// Sends a notification.
    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(Notification::new(method.to_string(), params).into());
    }

    fn send(&mut self, message: Message) {
        self.client
            .sender
            .send(message)
            .expect("the server is listening");
    }

    /// Takes messages until `found` returns something, for at most `self.wait`.
    pub fn wait_for<T>(&mut self, what: &str, mut found: impl FnMut(&mut Self) -> Option<T>) -> T {
        let deadline = Instant::now() + self.wait;
        loop {
            if let Some(value) = found(self) {
                return value;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "timed out waiting for {what}");
            let message = self
                .client
                .receiver
                .recv_timeout(left)
                .unwrap_or_else(|error| panic!("waiting for {what}: {error}"));
            self.take(message);
        }
    }

    /// Waits for the end of every work-done progress that has begun (a notes folder read
    /// alongside); returns whether any had begun. The progress notifications are taken.
    pub fn wait_for_progress(&mut self) -> bool {
        let is_progress = |n: &Notification, kind: &str| {
            n.method == "$/progress" && n.params["value"]["kind"] == kind
        };
        let begun: Vec<Value> = self
            .notifications
            .iter()
            .filter(|n| is_progress(n, "begin"))
            .map(|n| n.params["token"].clone())
            .collect();
        for token in &begun {
            self.wait_for("the end of a progress", |lsp| {
                lsp.notifications
                    .iter()
                    .any(|n| is_progress(n, "end") && n.params["token"] == *token)
                    .then_some(())
            });
        }
        self.notifications.retain(|n| n.method != "$/progress");
        !begun.is_empty()
    }

    /// Takes whatever arrives within `quiet` of silence.
    pub fn drain(&mut self, quiet: Duration) {
        while let Ok(message) = self.client.receiver.recv_timeout(quiet) {
            self.take(message);
        }
    }

    fn take(&mut self, message: Message) {
        match message {
            Message::Response(response) => {
                let known = self.awaiting.iter().position(|id| *id == response.id);
                let index = known
                    .unwrap_or_else(|| panic!("a response to no request of ours: {response:?}"));
                self.awaiting.remove(index);
                self.responses.insert(response.id.clone(), response);
            }
            Message::Notification(notification) => self.notifications.push_back(notification),
            Message::Request(request) => {
                let result = match request.method.as_str() {
                    "workspace/configuration" => json!([self.configuration.clone()]),
                    _ => Value::Null,
                };
                let answer = Response::new_ok(request.id.clone(), result).into();
                if self.ended {
                    // Sent just before the server stopped listening: nothing to answer.
                    let _ = self.client.sender.send(answer);
                } else {
                    self.send(answer);
                }
                self.server_requests.push(request);
            }
        }
    }

    /// Opens a document (Markdown) with `text`; returns its URI.
    pub fn open(&mut self, path: &Path, text: &str) -> Uri {
        self.open_as(path, text, "markdown")
    }

    /// Opens a document of a language.
    pub fn open_as(&mut self, path: &Path, text: &str, language: &str) -> Uri {
        let uri = uri_of(path);
        self.texts
            .insert(uri.as_str().to_string(), text.to_string());
        self.versions.insert(uri.as_str().to_string(), 1);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri.as_str(), "languageId": language, "version": 1, "text": text}}),
        );
        uri
    }

    /// Replaces a document's whole text.
    pub fn change_all(&mut self, uri: &Uri, text: &str) {
        let version = self.bump(uri);
        self.texts
            .insert(uri.as_str().to_string(), text.to_string());
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri.as_str(), "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    /// Replaces `old` (its first occurrence) with `new` by an incremental change.
    pub fn change_part(&mut self, uri: &Uri, old: &str, new: &str) {
        let text = self.texts[uri.as_str()].clone();
        let start = text.find(old).expect("the text to replace");
        let range = range_of(&text, start, start + old.len());
        let version = self.bump(uri);
        let mut changed = text.clone();
        changed.replace_range(start..start + old.len(), new);
        self.texts.insert(uri.as_str().to_string(), changed);
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri.as_str(), "version": version},
                   "contentChanges": [{"range": range, "text": new}]}),
        );
    }

    fn bump(&mut self, uri: &Uri) -> i32 {
        let version = self.versions.entry(uri.as_str().to_string()).or_insert(1);
        *version += 1;
        *version
    }

    /// The current version of an open document.
    pub fn version(&self, uri: &Uri) -> i32 {
        self.versions[uri.as_str()]
    }

    /// The diagnostics of the document's current version: pulled, or waited for.
    pub fn diagnostics(&mut self, uri: &Uri) -> Vec<Diagnostic> {
        match self.mode {
            Mode::Pull => {
                let report = self.request_raw(
                    "textDocument/diagnostic",
                    json!({"textDocument": {"uri": uri.as_str()}}),
                );
                assert_eq!(report["kind"], "full", "{report}");
                serde_json::from_value(report["items"].clone()).expect("diagnostics")
            }
            Mode::Push => {
                let version = self.version(uri);
                self.published(uri, Some(version))
            }
        }
    }

    /// Waits for diagnostics published for `uri` (at `version`, when given); returns the
    /// last such publication, leaving other notifications in place.
    pub fn published(&mut self, uri: &Uri, version: Option<i32>) -> Vec<Diagnostic> {
        let wanted = uri.as_str().to_string();
        self.wait_for(&format!("diagnostics for {wanted} at {version:?}"), |lsp| {
            let position = lsp.notifications.iter().rposition(|n| {
                n.method == lsp_types::notification::PublishDiagnostics::METHOD
                    && n.params["uri"] == wanted
                    && version.is_none_or(|v| n.params["version"] == v)
            })?;
            let found = lsp.notifications.remove(position)?;
            // Older publications for the same document are stale.
            lsp.notifications.retain(|n| {
                !(n.method == lsp_types::notification::PublishDiagnostics::METHOD
                    && n.params["uri"] == wanted)
            });
            let params: PublishDiagnosticsParams =
                serde_json::from_value(found.params).expect("diagnostics");
            Some(params.diagnostics)
        })
    }

    /// Shuts down and exits as an editor does; checks that nothing went unanswered.
    pub fn shutdown(mut self) -> Ending {
        self.request_raw("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.finish()
    }

    /// Waits for the server thread to end; checks that nothing went unanswered.
    pub fn finish(&mut self) -> Ending {
        self.ended = true;
        let thread = self.thread.take().expect("running");
        let (done, ended) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = done.send(thread.join());
        });
        let outcome = ended
            .recv_timeout(self.wait)
            .expect("the server thread ends")
            .expect("the server thread does not panic")
            .expect("the server ends without a protocol error");
        // Whatever it sent last.
        while let Ok(message) = self.client.receiver.try_recv() {
            self.take(message);
        }
        assert!(
            self.awaiting.is_empty(),
            "requests left unanswered: {:?}",
            self.awaiting
        );
        outcome
    }

    /// Ends the session by dropping the connection (the editor went away).
    pub fn disconnect(mut self) -> Ending {
        // Swapping in a sender to nowhere drops the one the server listens to.
        let (nowhere, _) = Connection::memory();
        self.client.sender = nowhere.sender;
        self.finish()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if !self.ended && !std::thread::panicking() {
            let (nowhere, _) = Connection::memory();
            self.client.sender = nowhere.sender;
            let _ = self.finish();
        }
    }
}

/// The `file:` URI of an absolute path (`file:///C:/...` on Windows).
pub fn uri_of(path: &Path) -> Uri {
    let slashed = path.to_string_lossy().replace('\\', "/");
    let rooted = if slashed.starts_with('/') {
        slashed
    } else {
        format!("/{slashed}")
    };
    let mut text = String::from("file://");
    for c in rooted.chars() {
        match c {
            ' ' => text.push_str("%20"),
            '#' => text.push_str("%23"),
            '%' => text.push_str("%25"),
            _ => text.push(c),
        }
    }
    text.parse().expect("a file URI")
}

/// The path of a `file:` URI made by [`uri_of`] or the server.
pub fn path_of(uri: &Uri) -> std::path::PathBuf {
    let rest = uri.as_str().strip_prefix("file://").expect("a file URI");
    let decoded = rest
        .replace("%20", " ")
        .replace("%23", "#")
        .replace("%3A", ":")
        .replace("%25", "%");
    if cfg!(windows) {
        std::path::PathBuf::from(decoded.trim_start_matches('/'))
    } else {
        std::path::PathBuf::from(decoded)
    }
}

/// The LSP range (UTF-16) of bytes `start..end` of `text`, as JSON.
pub fn range_of(text: &str, start: usize, end: usize) -> Value {
    json!({"start": position_of(text, start), "end": position_of(text, end)})
}

/// The LSP position (UTF-16) of byte `offset` of `text`: counted here independently of
/// the server's own conversion.
pub fn position_of(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let character: usize = text[line_start..offset].chars().map(char::len_utf16).sum();
    json!({"line": line, "character": character})
}

/// The byte offset of an LSP position (UTF-16) in `text`.
pub fn offset_of(text: &str, line: u32, character: u32) -> usize {
    let mut start = 0;
    for _ in 0..line {
        start += text[start..]
            .find('\n')
            .map_or(text.len() - start, |i| i + 1);
    }
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= character as usize || c == '\n' || c == '\r' {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// Applies LSP text edits (UTF-16) to `text`.
pub fn apply_edits(text: &str, edits: &[lsp_types::TextEdit]) -> String {
    let mut located: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset_of(text, e.range.start.line, e.range.start.character),
                offset_of(text, e.range.end.line, e.range.end.character),
                e.new_text.as_str(),
            )
        })
        .collect();
    located.sort_by_key(|&(start, end, _)| (start, end));
    let mut out = text.to_string();
    for (start, end, new) in located.into_iter().rev() {
        out.replace_range(start..end, new);
    }
    out
}

/// The text edits of a workspace edit for one document (either shape).
pub fn edits_of(edit: &lsp_types::WorkspaceEdit, uri: &Uri) -> Vec<lsp_types::TextEdit> {
    if let Some(changes) = &edit.changes {
        return changes.get(uri).cloned().unwrap_or_default();
    }
    match &edit.document_changes {
        Some(lsp_types::DocumentChanges::Edits(edits)) => edits
            .iter()
            .filter(|e| e.text_document.uri == *uri)
            .flat_map(|e| {
                e.edits.iter().map(|edit| match edit {
                    lsp_types::OneOf::Left(edit) => edit.clone(),
                    lsp_types::OneOf::Right(annotated) => annotated.text_edit.clone(),
                })
            })
            .collect(),
        _ => Vec::new(),
    }
}
