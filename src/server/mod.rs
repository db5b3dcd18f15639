//! `agendalint server`: a language server over stdio, for every editor that speaks the
//! Language Server Protocol.
//!
//! One synchronous main loop over `lsp-server`'s channels handles every message in the
//! order it came; checks take well under a millisecond per agenda, so they run right
//! there. Messages that arrive while one is handled are taken as a batch: every edit is
//! applied in order, requests are answered in order against the text as it stands, and
//! pushed diagnostics go out once per document at the end of the batch, for its last
//! version.
//!
//! Diagnostics are pulled (`textDocument/diagnostic`) when the client can, else pushed
//! on open, change and save. What each file is checked with comes from the runner,
//! exactly as `agendalint check` finds it ([`workspace`]); the fix-all action is a
//! `check --fix` run on the buffer ([`crate::runner::fixed_text`]).

mod actions;
mod diagnostics;
mod docs;
mod document;
mod hover;
mod position;
mod settings;
mod uri;
mod workspace;

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as notify, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, ConfigurationItem, ConfigurationParams, DiagnosticOptions,
    DiagnosticServerCapabilities, DidChangeConfigurationParams, DidChangeTextDocumentParams,
    DidChangeWatchedFilesParams, DidChangeWatchedFilesRegistrationOptions,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams,
    DocumentDiagnosticParams, DocumentDiagnosticReport, DocumentDiagnosticReportResult,
    FileSystemWatcher, FullDocumentDiagnosticReport, GlobPattern, Hover, HoverContents,
    HoverParams, HoverProviderCapability, InitializeParams, InitializeResult, LogMessageParams,
    MarkupContent, MarkupKind, MessageType, NumberOrString, ProgressParams, ProgressParamsValue,
    PublishDiagnosticsParams, Registration, RegistrationParams,
    RelatedFullDocumentDiagnosticReport, RelatedUnchangedDocumentDiagnosticReport, SaveOptions,
    ServerCapabilities, ServerInfo, ShowMessageParams, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
    UnchangedDocumentDiagnosticReport, Uri, WorkDoneProgress, WorkDoneProgressBegin,
    WorkDoneProgressCreateParams, WorkDoneProgressEnd,
};
use serde_json::Value;

use crate::error::ExitStatus;
use crate::rules::RuleDef;
use crate::rules::complaint_phrasing::ComplaintPhrasing;
pub use docs::RuleDocs;
use document::Document;
use position::Encoding;
use settings::Settings;
pub use workspace::READ_ALONGSIDE_ABOVE;
use workspace::Workspace;

/// How a session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// `exit` after `shutdown`, as the protocol asks.
    Exited,
    /// `exit` without `shutdown`.
    ExitedWithoutShutdown,
    /// The client went away (end of input) without `exit`.
    Disconnected,
}

/// Why a session could not go on.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The handshake or the transport failed.
    #[error(transparent)]
    Protocol(#[from] lsp_server::ProtocolError),
    /// `initialize` came with parameters that cannot be read.
    #[error("invalid initialize parameters: {0}")]
    InvalidInitialize(String),
    /// The client's end of the connection is gone.
    #[error("the client closed the connection")]
    Disconnected,
}

/// What a session is started with besides the client's messages.
#[derive(Clone, Debug, Default)]
pub struct ServeOptions {
    /// Where diagnostics link rule pages to.
    pub rule_docs: RuleDocs,
}

/// Runs the server on standard input and output until the client says `exit` or goes
/// away. Exit status 0 after `shutdown` and `exit`, 1 otherwise (as the protocol asks),
/// 2 when the protocol broke down.
pub fn run_stdio() -> ExitStatus {
    warm_up_in_background();
    let (connection, io_threads) = Connection::stdio();
    let options = ServeOptions {
        rule_docs: RuleDocs::write_to_cache(),
    };
    let ending = serve(&connection, options);
    drop(connection);
    match ending {
        Ok(ending) => {
            // The reader has stopped (at `exit` or the end of input) and the writer
            // stops once every sender is gone: joining waits for the last message out.
            if let Err(error) = io_threads.join() {
                crate::output::write_stderr(&format!("agendalint server: {error}\n"));
            }
            if ending == Ending::Exited {
                ExitStatus::Success
            } else {
                ExitStatus::Failure
            }
        }
        Err(error) => {
            crate::output::write_stderr(&format!("agendalint server: {error}\n"));
            ExitStatus::Error
        }
    }
}

/// Builds the wording rule and checks a small agenda with it on another thread, so that
/// the pattern lists, the wording lexicon and model and the detectors' word tables that
/// every rule set shares are ready (or nearly) by the time the first document arrives.
fn warm_up_in_background() {
    let _ = std::thread::Builder::new()
        .name("agendalint-warm-up".to_string())
        .spawn(|| {
            let config = crate::config::ConfigFile::default();
            // One rule reads the wording scorer and, through its features, every
            // detector: building the other rules would be work the first real check
            // does again for its own rule set.
            let wording = <ComplaintPhrasing as RuleDef>::META.id;
            let rules = crate::engine::RuleSet::for_config(&config, &|id| id == wording);
            let agenda = crate::model::Agenda::parse(
                "warm-up.md",
                WARM_UP_AGENDA,
                crate::model::SectionVocabulary::builtin(),
            );
            let _ = rules.check(&agenda);
        });
}

/// An agenda that reaches the wording scorer and the deadline, measure and skill
/// detectors, in as few words as it can: the warm-up may still be running when the first
/// real check starts, and on the two cores of a small machine a longer text takes CPU
/// from it.
const WARM_UP_AGENDA: &str = "---\ndate: 2026-01-05\nwith: Sam\n---\n## Projects\n### Search\n- Decision: queue\n## Skills\n- Learn Kafka by March\n## Initiatives\n- Cut CI by 20%\n";

/// Serves one client on `connection` until it says `exit` or goes away.
pub fn serve(connection: &Connection, options: ServeOptions) -> Result<Ending, ServerError> {
    // An editor session reads the same agendas again and again.
    crate::detect::phrases::search_lists_together();
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = match serde_json::from_value(params) {
        Ok(params) => params,
        Err(error) => {
            let message = error.to_string();
            let _ = connection.sender.send(
                Response::new_err(id, ErrorCode::InvalidParams as i32, message.clone()).into(),
            );
            return Err(ServerError::InvalidInitialize(message));
        }
    };
    let client = Client::from_params(&params);
    let folder = workspace_folder(&params);
    let init_options = params.initialization_options.unwrap_or(Value::Null);
    let (settings, mut notes) = Settings::from_value(&init_options);
    let result = InitializeResult {
        capabilities: capabilities(&client),
        server_info: Some(ServerInfo {
            name: "agendalint".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    };
    let result = serde_json::to_value(result).unwrap_or(Value::Null);
    send(connection, Response::new_ok(id, result).into())?;
    let (mut workspace, more) = Workspace::new(settings, folder.clone());
    notes.extend(more);
    workspace.prepare();
    let mut server = Server {
        connection,
        reading: HashMap::new(),
        client,
        folder,
        workspace,
        documents: HashMap::new(),
        docs: options.rule_docs,
        next_id: 0,
        pending: HashMap::new(),
        shutdown: false,
        dirty: Vec::new(),
        refresh: false,
        published_files: HashMap::new(),
        wants_configuration: !Settings::mentions_any(&init_options),
    };
    for note in notes {
        server.show(
            MessageType::WARNING,
            &format!("agendalint settings: {note}"),
        );
    }
    server.main_loop()
}

fn send(connection: &Connection, message: Message) -> Result<(), ServerError> {
    connection
        .sender
        .send(message)
        .map_err(|_| ServerError::Disconnected)
}

/// The first workspace folder (or the root the client gave), as a path.
#[allow(deprecated)] // `root_uri` and `root_path`: older clients send only these.
fn workspace_folder(params: &InitializeParams) -> Option<PathBuf> {
    params
        .workspace_folders
        .as_ref()
        .and_then(|folders| folders.first())
        .and_then(|folder| uri::to_path(&folder.uri))
        .or_else(|| params.root_uri.as_ref().and_then(uri::to_path))
        .or_else(|| params.root_path.as_ref().map(PathBuf::from))
}

/// What the client can do, as far as the server cares.
#[derive(Clone, Copy, Debug, Default)]
struct Client {
    /// It pulls diagnostics (`textDocument/diagnostic`).
    pull: bool,
    /// It honours `workspace/diagnostic/refresh`.
    refresh: bool,
    /// It lets the server register file watchers.
    watch: bool,
    /// It answers `workspace/configuration`.
    configuration: bool,
    /// It takes versioned `documentChanges` in workspace edits.
    document_changes: bool,
    /// It resolves a code action's edit lazily (`codeAction/resolve`).
    resolve_edit: bool,
    /// It takes code action literals (not only commands).
    code_action_literals: bool,
    /// It shows Markdown in hovers.
    hover_markdown: bool,
    /// How positions count.
    encoding: Encoding,
    /// It shows progress the server reports (`window/workDoneProgress/create`).
    progress: bool,
}

impl Client {
    fn from_params(params: &InitializeParams) -> Self {
        let caps = &params.capabilities;
        let text = caps.text_document.as_ref();
        let workspace = caps.workspace.as_ref();
        let code_action = text.and_then(|t| t.code_action.as_ref());
        Self {
            pull: text.is_some_and(|t| t.diagnostic.is_some()),
            refresh: workspace
                .and_then(|w| w.diagnostic.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            watch: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
            configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
            document_changes: workspace
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
            resolve_edit: code_action
                .and_then(|c| c.resolve_support.as_ref())
                .is_some_and(|r| r.properties.iter().any(|p| p == "edit")),
            code_action_literals: code_action
                .is_some_and(|c| c.code_action_literal_support.is_some()),
            hover_markdown: text
                .and_then(|t| t.hover.as_ref())
                .and_then(|h| h.content_format.as_ref())
                .is_some_and(|formats| formats.contains(&MarkupKind::Markdown)),
            progress: caps
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            encoding: Encoding::negotiate(
                caps.general
                    .as_ref()
                    .and_then(|g| g.position_encodings.as_deref()),
            ),
        }
    }
}

fn capabilities(client: &Client) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(client.encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                will_save: None,
                will_save_wait_until: None,
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::new(actions::FIX_ALL_KIND),
            ]),
            resolve_provider: Some(client.resolve_edit),
            work_done_progress_options: lsp_types::WorkDoneProgressOptions::default(),
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        diagnostic_provider: client.pull.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("agendalint".to_string()),
                inter_file_dependencies: true,
                workspace_diagnostics: false,
                work_done_progress_options: lsp_types::WorkDoneProgressOptions::default(),
            })
        }),
        ..ServerCapabilities::default()
    }
}

/// What a request the server sent was for.
enum Pending {
    /// `workspace/configuration`: the answer is the settings.
    Configuration,
    /// Anything else: only an error is worth a note.
    Other(&'static str),
}

struct Server<'c> {
    connection: &'c Connection,
    /// The progress tokens of each notes root being read alongside, oldest first (a
    /// config change while a root is read starts a second read; each read that lands
    /// ends one).
    reading: HashMap<PathBuf, VecDeque<String>>,
    client: Client,
    folder: Option<PathBuf>,
    workspace: Workspace,
    /// Open documents, by URI.
    documents: HashMap<String, Document>,
    docs: RuleDocs,
    next_id: i32,
    pending: HashMap<RequestId, Pending>,
    shutdown: bool,
    /// Documents whose diagnostics are to be pushed at the end of the batch.
    dirty: Vec<Uri>,
    /// Whether to ask a pulling client to pull again at the end of the batch.
    refresh: bool,
    /// Config and baseline files that were given diagnostics.
    published_files: HashMap<String, (Uri, Vec<lsp_types::Diagnostic>)>,
    /// Whether to ask the client for its settings once initialized.
    wants_configuration: bool,
}

/// A handler's failure, answered as a response error.
struct Failure {
    code: ErrorCode,
    message: String,
}

impl Failure {
    fn invalid_params(error: &serde_json::Error) -> Self {
        Self {
            code: ErrorCode::InvalidParams,
            message: error.to_string(),
        }
    }
}

impl Server<'_> {
    fn main_loop(&mut self) -> Result<Ending, ServerError> {
        let mut queue: VecDeque<Message> = VecDeque::new();
        let reads = self.workspace.finished_reads();
        loop {
            let first = crossbeam_channel::select! {
                recv(self.connection.receiver) -> message => match message {
                    Ok(message) => message,
                    Err(_) => return Ok(Ending::Disconnected),
                },
                recv(reads) -> read => {
                    if let Ok(read) = read {
                        let (root, changed) = self.workspace.root_read(read);
                        self.end_progress(&root);
                        if changed {
                            self.everything_changed();
                        }
                        self.end_of_batch();
                        self.workspace.start_reads();
                    }
                    continue;
                },
            };
            queue.push_back(first);
            while let Ok(more) = self.connection.receiver.try_recv() {
                queue.push_back(more);
            }
            while let Some(message) = queue.pop_front() {
                match message {
                    Message::Request(request) => {
                        let cancelled = queue.iter().any(|m| is_cancel_of(m, &request.id));
                        self.on_request(request, cancelled)?;
                    }
                    Message::Notification(notification) => {
                        if notification.method == notify::Exit::METHOD {
                            return Ok(if self.shutdown {
                                Ending::Exited
                            } else {
                                Ending::ExitedWithoutShutdown
                            });
                        }
                        self.guarded(&notification.method.clone(), |server| {
                            server.on_notification(notification);
                        });
                    }
                    Message::Response(response) => self.on_response(response),
                }
            }
            self.end_of_batch();
            self.workspace.start_reads();
        }
    }

    /// Runs a handler; a panic in it is reported to the client, not fatal.
    fn guarded<T>(&mut self, what: &str, handler: impl FnOnce(&mut Self) -> T) -> Option<T> {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler(self))) {
            Ok(value) => Some(value),
            Err(panic) => {
                let detail = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                self.log(
                    MessageType::ERROR,
                    &format!("agendalint: internal error while handling {what}: {detail}"),
                );
                None
            }
        }
    }

    fn on_request(&mut self, request: Request, cancelled: bool) -> Result<(), ServerError> {
        let id = request.id.clone();
        let reply = if cancelled {
            Err(Failure {
                code: ErrorCode::RequestCanceled,
                message: "cancelled".to_string(),
            })
        } else if self.shutdown {
            Err(Failure {
                code: ErrorCode::InvalidRequest,
                message: "the server is shutting down".to_string(),
            })
        } else if request.method == req::Shutdown::METHOD {
            self.shutdown = true;
            Ok(Value::Null)
        } else {
            let method = request.method.clone();
            self.guarded(&method, |server| server.handle_request(request))
                .unwrap_or_else(|| {
                    Err(Failure {
                        code: ErrorCode::InternalError,
                        message: format!("internal error while handling {method}"),
                    })
                })
        };
        let response = match reply {
            Ok(result) => Response::new_ok(id, result),
            Err(failure) => Response::new_err(id, failure.code as i32, failure.message),
        };
        send(self.connection, response.into())
    }

    fn handle_request(&mut self, request: Request) -> Result<Value, Failure> {
        fn params<P: serde::de::DeserializeOwned>(request: Request) -> Result<P, Failure> {
            serde_json::from_value(request.params).map_err(|e| Failure::invalid_params(&e))
        }
        fn to_value(value: &impl serde::Serialize) -> Result<Value, Failure> {
            serde_json::to_value(value).map_err(|e| Failure {
                code: ErrorCode::InternalError,
                message: e.to_string(),
            })
        }
        match request.method.as_str() {
            req::DocumentDiagnosticRequest::METHOD => {
                let report = self.pull_diagnostics(&params(request)?);
                to_value(&report)
            }
            req::CodeActionRequest::METHOD => {
                let actions = self.code_actions(&params(request)?);
                to_value(&actions)
            }
            req::CodeActionResolveRequest::METHOD => {
                let action = self.resolve_code_action(params(request)?);
                to_value(&action)
            }
            req::HoverRequest::METHOD => {
                let hover = self.hover(&params(request)?);
                to_value(&hover)
            }
            method => Err(Failure {
                code: ErrorCode::MethodNotFound,
                message: format!("agendalint does not handle {method}"),
            }),
        }
    }

    fn on_notification(&mut self, notification: Notification) {
        fn params<P: serde::de::DeserializeOwned>(notification: Notification) -> Option<P> {
            serde_json::from_value(notification.params).ok()
        }
        match notification.method.as_str() {
            notify::Initialized::METHOD => self.initialized(),
            notify::DidOpenTextDocument::METHOD => {
                if let Some(params) = params::<DidOpenTextDocumentParams>(notification) {
                    let item = params.text_document;
                    let document =
                        Document::new(item.uri.clone(), item.language_id, item.version, item.text);
                    self.documents
                        .insert(item.uri.as_str().to_string(), document);
                    self.mark_dirty(item.uri);
                }
            }
            notify::DidChangeTextDocument::METHOD => {
                if let Some(params) = params::<DidChangeTextDocumentParams>(notification) {
                    let uri = params.text_document.uri;
                    if let Some(document) = self.documents.get_mut(uri.as_str()) {
                        document.apply(
                            params.text_document.version,
                            params.content_changes,
                            self.client.encoding,
                        );
                        self.mark_dirty(uri);
                    }
                }
            }
            notify::DidSaveTextDocument::METHOD => {
                if let Some(params) = params::<DidSaveTextDocumentParams>(notification) {
                    if let Some(path) = uri::to_path(&params.text_document.uri) {
                        self.on_disk_change(&[path]);
                    }
                }
            }
            notify::DidCloseTextDocument::METHOD => {
                if let Some(params) = params::<DidCloseTextDocumentParams>(notification) {
                    let uri = params.text_document.uri;
                    self.documents.remove(uri.as_str());
                    self.dirty.retain(|u| *u != uri);
                    if !self.client.pull {
                        self.publish(uri, Vec::new(), None);
                    }
                }
            }
            notify::DidChangeWatchedFiles::METHOD => {
                if let Some(params) = params::<DidChangeWatchedFilesParams>(notification) {
                    let paths: Vec<PathBuf> = params
                        .changes
                        .iter()
                        .filter_map(|change| uri::to_path(&change.uri))
                        .collect();
                    self.on_disk_change(&paths);
                }
            }
            notify::DidChangeConfiguration::METHOD => {
                if let Some(params) = params::<DidChangeConfigurationParams>(notification) {
                    if Settings::mentions_any(&params.settings) {
                        self.apply_settings(&params.settings);
                    } else if self.client.configuration {
                        self.request_configuration();
                    }
                }
            }
            _ => {}
        }
    }

    fn on_response(&mut self, response: Response) {
        let Some(pending) = self.pending.remove(&response.id) else {
            return;
        };
        if let Err(error) = &response.response_result {
            let what = match pending {
                Pending::Configuration => "workspace/configuration",
                Pending::Other(what) => what,
            };
            self.log(
                MessageType::WARNING,
                &format!("agendalint: the client refused {what}: {}", error.message),
            );
            return;
        }
        if let (Pending::Configuration, Ok(Value::Array(items))) =
            (pending, response.response_result)
        {
            if let Some(settings) = items.into_iter().next().filter(|v| !v.is_null()) {
                self.apply_settings(&settings);
            }
        }
    }

    fn initialized(&mut self) {
        if self.client.watch {
            let watchers = ["**/*.md", "**/*.markdown", "**/.agendalint.{yaml,yml}"]
                .iter()
                .chain(std::iter::once(&"**/.agendalint-baseline.json"))
                .map(|glob| FileSystemWatcher {
                    glob_pattern: GlobPattern::String((*glob).to_string()),
                    kind: None,
                })
                .collect();
            let options = DidChangeWatchedFilesRegistrationOptions { watchers };
            let registration = Registration {
                id: "agendalint-watched-files".to_string(),
                method: notify::DidChangeWatchedFiles::METHOD.to_string(),
                register_options: serde_json::to_value(options).ok(),
            };
            self.request(
                req::RegisterCapability::METHOD,
                &RegistrationParams {
                    registrations: vec![registration],
                },
                Pending::Other("client/registerCapability"),
            );
        }
        if self.wants_configuration && self.client.configuration {
            self.request_configuration();
        }
    }

    fn request_configuration(&mut self) {
        let params = ConfigurationParams {
            items: vec![ConfigurationItem {
                scope_uri: None,
                section: Some("agendalint".to_string()),
            }],
        };
        self.request(
            req::WorkspaceConfiguration::METHOD,
            &params,
            Pending::Configuration,
        );
    }

    fn apply_settings(&mut self, value: &Value) {
        let (settings, notes) = Settings::from_value(value);
        for note in notes {
            self.show(
                MessageType::WARNING,
                &format!("agendalint settings: {note}"),
            );
        }
        if settings == *self.workspace.settings() {
            return;
        }
        for note in self.workspace.set_settings(settings) {
            self.show(
                MessageType::WARNING,
                &format!("agendalint settings: {note}"),
            );
        }
        self.everything_changed();
    }

    /// Files changed on disk: a config or baseline starts over; an agenda is read again
    /// into the series it belongs to.
    fn on_disk_change(&mut self, paths: &[PathBuf]) {
        let settings_file = |path: &Path| {
            path.file_name().is_some_and(|name| {
                crate::config::FILE_NAMES.iter().any(|n| name == *n)
                    || name == crate::baseline::FILE_NAME
            })
        };
        if paths.iter().any(|p| settings_file(p)) {
            self.workspace.reload();
            self.everything_changed();
            return;
        }
        let mut changed = false;
        for path in paths {
            changed |= self.workspace.agenda_changed(path);
        }
        if changed {
            self.everything_changed();
        }
    }

    /// Every open document is to be checked again.
    fn everything_changed(&mut self) {
        let uris: Vec<Uri> = self.documents.values().map(|d| d.uri.clone()).collect();
        for uri in uris {
            self.mark_dirty(uri);
        }
        if self.client.pull {
            self.refresh = true;
        }
    }

    fn mark_dirty(&mut self, uri: Uri) {
        if !self.dirty.contains(&uri) {
            self.dirty.push(uri);
        }
    }

    fn end_of_batch(&mut self) {
        let dirty = std::mem::take(&mut self.dirty);
        if !self.client.pull {
            for uri in dirty {
                self.guarded("diagnostics", |server| server.push_diagnostics(&uri));
            }
        }
        if self.refresh {
            self.refresh = false;
            if self.client.refresh {
                self.request(
                    req::WorkspaceDiagnosticRefresh::METHOD,
                    &(),
                    Pending::Other("workspace/diagnostic/refresh"),
                );
            }
        }
        self.guarded("config diagnostics", Self::publish_settings_files);
    }

    /// Checks a document if its findings are stale.
    fn check(&mut self, uri: &Uri) {
        let folder = self.folder.clone();
        if let Some(document) = self.documents.get_mut(uri.as_str()) {
            self.workspace.check(document, folder.as_deref());
        }
        self.begin_progress();
    }

    /// Reports the notes roots whose read alongside just began as work in progress
    /// (before the answer that lacks their series findings, so that a client that sees
    /// the answer has seen the progress begin).
    fn begin_progress(&mut self) {
        for root in self.workspace.take_started_reads() {
            if !self.client.progress {
                continue;
            }
            let token = format!("agendalint/read-notes/{}", self.next_id);
            self.request(
                req::WorkDoneProgressCreate::METHOD,
                &WorkDoneProgressCreateParams {
                    token: NumberOrString::String(token.clone()),
                },
                Pending::Other("window/workDoneProgress/create"),
            );
            self.notify(
                notify::Progress::METHOD,
                &ProgressParams {
                    token: NumberOrString::String(token.clone()),
                    value: ProgressParamsValue::WorkDone(WorkDoneProgress::Begin(
                        WorkDoneProgressBegin {
                            title: "Reading notes".to_string(),
                            message: Some(format!("{}: series findings follow", root.display())),
                            ..WorkDoneProgressBegin::default()
                        },
                    )),
                },
            );
            self.reading.entry(root).or_default().push_back(token);
        }
    }

    /// Ends the progress of a notes root read alongside.
    fn end_progress(&mut self, root: &Path) {
        let token = self.reading.get_mut(root).and_then(VecDeque::pop_front);
        if self.reading.get(root).is_some_and(VecDeque::is_empty) {
            self.reading.remove(root);
        }
        if let Some(token) = token {
            self.notify(
                notify::Progress::METHOD,
                &ProgressParams {
                    token: NumberOrString::String(token),
                    value: ProgressParamsValue::WorkDone(WorkDoneProgress::End(
                        WorkDoneProgressEnd::default(),
                    )),
                },
            );
        }
    }

    /// The LSP diagnostics of an open document, checked if need be.
    fn lsp_diagnostics(&mut self, uri: &Uri) -> Option<(i32, Vec<lsp_types::Diagnostic>)> {
        self.check(uri);
        let document = self.documents.get(uri.as_str())?;
        let findings = document.findings.as_ref()?;
        let place = diagnostics::Place {
            uri,
            text: document.text(),
            lines: document.lines(),
            encoding: self.client.encoding,
        };
        let mut items: Vec<lsp_types::Diagnostic> = findings
            .diagnostics
            .iter()
            .map(|d| diagnostics::to_lsp(d, place, self.workspace.settings(), &self.docs))
            .collect();
        if let Some(unusable) = &findings.unusable {
            items.insert(0, diagnostics::not_checked(unusable));
        }
        Some((document.version, items))
    }

    fn push_diagnostics(&mut self, uri: &Uri) {
        if let Some((version, items)) = self.lsp_diagnostics(uri) {
            self.publish(uri.clone(), items, Some(version));
        }
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.notify(notify::PublishDiagnostics::METHOD, &params);
    }

    /// Diagnostics on the config and baseline files that kept open agendas from being
    /// checked; cleared once they are fixed. Pushed in either mode: these files are not
    /// agendas, and may not be open.
    fn publish_settings_files(&mut self) {
        let mut now: HashMap<String, (Uri, Vec<lsp_types::Diagnostic>)> = HashMap::new();
        let encoding = self.client.encoding;
        let broken = self
            .documents
            .values()
            .filter_map(|d| d.findings.as_ref()?.unusable.clone());
        for unusable in broken {
            let (file, items) = match &unusable {
                crate::runner::Unusable::Config { file, error } => {
                    (file.clone(), diagnostics::config_file(error, encoding))
                }
                crate::runner::Unusable::Baseline { file, error } => {
                    (Some(file.clone()), diagnostics::baseline_file(error))
                }
            };
            if let Some(uri) = file.as_deref().and_then(uri::from_path) {
                now.insert(uri.as_str().to_string(), (uri, items));
            }
        }
        let gone: Vec<String> = self
            .published_files
            .keys()
            .filter(|key| !now.contains_key(*key))
            .cloned()
            .collect();
        for key in gone {
            if let Some((uri, _)) = self.published_files.remove(&key) {
                self.publish(uri, Vec::new(), None);
            }
        }
        for (key, (uri, items)) in now {
            // Published again only when they change, not at every keystroke.
            if self
                .published_files
                .get(&key)
                .is_some_and(|(_, old)| *old == items)
            {
                continue;
            }
            self.publish(uri.clone(), items.clone(), None);
            self.published_files.insert(key, (uri, items));
        }
    }

    fn pull_diagnostics(
        &mut self,
        params: &DocumentDiagnosticParams,
    ) -> DocumentDiagnosticReportResult {
        let uri = &params.text_document.uri;
        let (result_id, items) = match self.lsp_diagnostics(uri) {
            Some((version, items)) => (format!("{version}:{}", self.workspace.generation()), items),
            None => ("closed".to_string(), Vec::new()),
        };
        let report = if params.previous_result_id.as_deref() == Some(result_id.as_str()) {
            DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id,
                },
            })
        } else {
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: Some(result_id),
                    items,
                },
            })
        };
        DocumentDiagnosticReportResult::Report(report)
    }

    fn code_actions(&mut self, params: &CodeActionParams) -> Option<Vec<CodeActionOrCommand>> {
        if !self.client.code_action_literals {
            return None;
        }
        let uri = &params.text_document.uri;
        self.check(uri);
        let document = self.documents.get(uri.as_str())?;
        let findings = document.findings.as_ref()?;
        let only = params.context.only.as_deref();
        let place = diagnostics::Place {
            uri,
            text: document.text(),
            lines: document.lines(),
            encoding: self.client.encoding,
        };
        let settings = self.workspace.settings();
        let unsafe_fixes = settings.unsafe_fixes;
        let style = actions::EditStyle {
            document_changes: self.client.document_changes,
        };
        let mut out: Vec<CodeAction> = Vec::new();
        if actions::wanted(only, CodeActionKind::QUICKFIX.as_str()) {
            let lines = document.lines();
            let text = document.text();
            let from = lines.offset(text, params.range.start, self.client.encoding);
            let to = lines.offset(text, params.range.end, self.client.encoding);
            let in_range =
                |d: &crate::diagnostic::Diagnostic| d.span.start <= to && from <= d.span.end;
            let docs = &self.docs;
            let lsp =
                |d: &crate::diagnostic::Diagnostic| diagnostics::to_lsp(d, place, settings, docs);
            out.extend(actions::quick_fixes(
                &findings.diagnostics,
                &in_range,
                &lsp,
                place,
                document.version,
                unsafe_fixes,
                style,
            ));
        }
        let fixable = findings
            .diagnostics
            .iter()
            .any(|d| actions::offered(d, unsafe_fixes));
        if fixable && actions::wanted(only, actions::FIX_ALL_KIND) {
            let mut action = CodeAction {
                title: actions::fix_all_title(unsafe_fixes).to_string(),
                kind: Some(CodeActionKind::new(actions::FIX_ALL_KIND)),
                data: Some(serde_json::json!({ "uri": uri.as_str() })),
                ..CodeAction::default()
            };
            if !self.client.resolve_edit {
                action.edit = self.fix_all_edit(uri);
            }
            out.push(action);
        }
        Some(
            out.into_iter()
                .map(CodeActionOrCommand::CodeAction)
                .collect(),
        )
    }

    fn resolve_code_action(&mut self, mut action: CodeAction) -> CodeAction {
        let is_fix_all = action
            .kind
            .as_ref()
            .is_some_and(|k| k.as_str() == actions::FIX_ALL_KIND);
        let uri = action
            .data
            .as_ref()
            .and_then(|d| d.get("uri"))
            .and_then(Value::as_str)
            .and_then(|text| text.parse::<Uri>().ok());
        if let (true, None, Some(uri)) = (is_fix_all, &action.edit, uri) {
            action.edit = self.fix_all_edit(&uri);
        }
        action
    }

    /// The edit that makes the document what `agendalint check --fix` would make of it.
    fn fix_all_edit(&mut self, uri: &Uri) -> Option<lsp_types::WorkspaceEdit> {
        let document = self.documents.get(uri.as_str())?;
        let path = workspace::document_path(document, self.folder.as_deref());
        let settings = self.workspace.settings();
        let fixed = crate::runner::fixed_text(
            self.workspace.options(),
            &path,
            document.text(),
            settings.unsafe_fixes,
        );
        let fixed = match fixed {
            Ok(Some(fixed)) => fixed,
            Ok(None) => return None,
            Err(error) => {
                let message = format!("agendalint: cannot fix {}: {error}", path.display());
                self.log(MessageType::WARNING, &message);
                return None;
            }
        };
        let place = diagnostics::Place {
            uri,
            text: document.text(),
            lines: document.lines(),
            encoding: self.client.encoding,
        };
        let edits = actions::minimal_edits(document.text(), &fixed, place);
        let style = actions::EditStyle {
            document_changes: self.client.document_changes,
        };
        Some(style.edit(uri, document.version, edits))
    }

    fn hover(&mut self, params: &HoverParams) -> Option<Hover> {
        let position = &params.text_document_position_params;
        let uri = &position.text_document.uri;
        self.check(uri);
        let document = self.documents.get(uri.as_str())?;
        let text = document.text();
        let offset = document
            .lines()
            .offset(text, position.position, self.client.encoding);
        let config = match document.resolution.as_ref().map(|(_, r)| r) {
            Some(crate::runner::Resolution::Checked(target)) => Some(target.config()),
            _ => None,
        };
        let (page, start, end) = hover::at(text, offset, config)?;
        let kind = if self.client.hover_markdown {
            MarkupKind::Markdown
        } else {
            MarkupKind::PlainText
        };
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent { kind, value: page }),
            range: Some(
                document
                    .lines()
                    .range(text, start, end, self.client.encoding),
            ),
        })
    }

    fn request(&mut self, method: &'static str, params: &impl serde::Serialize, pending: Pending) {
        self.next_id += 1;
        let id = RequestId::from(format!("agendalint-{}", self.next_id));
        self.pending.insert(id.clone(), pending);
        let params = serde_json::to_value(params).unwrap_or(Value::Null);
        let request = Request::new(id, method.to_string(), params);
        let _ = self.connection.sender.send(request.into());
    }

    fn notify(&self, method: &str, params: &impl serde::Serialize) {
        let params = serde_json::to_value(params).unwrap_or(Value::Null);
        let notification = Notification::new(method.to_string(), params);
        let _ = self.connection.sender.send(notification.into());
    }

    fn show(&self, kind: MessageType, message: &str) {
        self.notify(
            notify::ShowMessage::METHOD,
            &ShowMessageParams {
                typ: kind,
                message: message.to_string(),
            },
        );
    }

    fn log(&self, kind: MessageType, message: &str) {
        self.notify(
            notify::LogMessage::METHOD,
            &LogMessageParams {
                typ: kind,
                message: message.to_string(),
            },
        );
    }
}

/// Whether `message` cancels the request `id`.
fn is_cancel_of(message: &Message, id: &RequestId) -> bool {
    let Message::Notification(notification) = message else {
        return false;
    };
    if notification.method != notify::Cancel::METHOD {
        return false;
    }
    let cancelled = notification.params.get("id");
    match cancelled {
        Some(Value::Number(n)) => n.as_i64().map(|n| RequestId::from(n as i32)) == Some(id.clone()),
        Some(Value::String(s)) => RequestId::from(s.clone()) == *id,
        _ => false,
    }
}
