//! What the server knows of the files on disk: each agenda's config (through the
//! runner's [`Resolver`], as `agendalint check` finds it) and the meeting series of every
//! notes root an open agenda belongs to.
//!
//! A notes root is read from disk once, the first time an open agenda needs its series:
//! every agenda's summary is kept (a root of more than [`READ_ALONGSIDE_ABOVE`] files is
//! read on another thread, and its agendas are checked as if alone in it until the read
//! is done), and a document's series index is built from them with
//! the open buffer standing in for its own file. A change on disk (a watched file, or a
//! save) re-reads that one file; a change to a config or baseline file starts over.
//! Typing never reads another meeting.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crossbeam_channel::{Receiver, Sender};

use super::document::{Document, Findings, SeriesKey};
use super::settings::Settings;
use crate::config::ConfigError;
use crate::runner::{CheckOptions, FileTarget, Resolution, Resolver, Unusable};
use crate::series::{self, SeriesIndex, Summary};

/// The agendas of one notes root, as last read from disk.
#[derive(Default)]
struct NotesRoot {
    /// Every agenda's summary, by absolute path.
    meetings: HashMap<PathBuf, Summary>,
}

/// A notes root with more files than this is read on another thread: the first answer
/// does not wait for it.
pub const READ_ALONGSIDE_ABOVE: usize = 100;

/// A notes root read on another thread.
pub struct RootRead {
    root: PathBuf,
    /// The config generation it was read under: a read from before a config change is
    /// dropped.
    config_generation: u64,
    meetings: HashMap<PathBuf, Summary>,
}

/// The settings in force, the configs they lead to, and the series read so far.
pub struct Workspace {
    settings: Settings,
    /// The first workspace folder: a relative `configPath` is placed in it.
    folder: Option<PathBuf>,
    options: CheckOptions,
    /// `Err` when the config file given for everything cannot be used.
    resolver: Result<Resolver, Arc<ConfigError>>,
    /// Notes roots read so far.
    roots: HashMap<PathBuf, NotesRoot>,
    /// Notes roots being read on another thread, with the agendas that changed on disk
    /// since the read began (read again once it is done).
    reading: HashMap<PathBuf, Vec<PathBuf>>,
    /// Where the reading threads send what they read.
    reads: (Sender<RootRead>, Receiver<RootRead>),
    /// Roots whose read began since [`Workspace::take_started_reads`] was last called.
    started: Vec<PathBuf>,
    /// Roots to read alongside once the answer at hand is out ([`Workspace::start_reads`]).
    deferred: Vec<PathBuf>,
    /// Bumped when settings or a config or baseline file change: every document is
    /// resolved again.
    pub config_generation: u64,
    /// Bumped when an agenda on disk changes: every series index is built again.
    pub series_generation: u64,
}

/// A note for the user about the settings.
pub type Note = String;

impl Workspace {
    /// A workspace with these settings; notes say what could not be used.
    pub fn new(settings: Settings, folder: Option<PathBuf>) -> (Self, Vec<Note>) {
        let (options, note) = settings.check_options(folder.as_deref());
        let resolver = Resolver::new(&options).map_err(Arc::new);
        let workspace = Self {
            settings,
            folder,
            options,
            resolver,
            roots: HashMap::new(),
            reading: HashMap::new(),
            reads: crossbeam_channel::unbounded(),
            started: Vec::new(),
            deferred: Vec::new(),
            config_generation: 0,
            series_generation: 0,
        };
        let mut notes: Vec<Note> = note.into_iter().collect();
        notes.extend(workspace.unknown_rules());
        (workspace, notes)
    }

    /// Builds the config of the workspace folder before any document arrives: the
    /// client is reading the answer to `initialize` meanwhile, and the first document
    /// most likely lives under the folder.
    pub fn prepare(&mut self) {
        if let (Ok(resolver), Some(folder)) = (&mut self.resolver, &self.folder) {
            resolver.prepare(folder);
        }
    }

    /// The settings in force.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The options of a check under these settings.
    pub fn options(&self) -> &CheckOptions {
        &self.options
    }

    /// Applies new settings: every document is resolved and checked again.
    pub fn set_settings(&mut self, settings: Settings) -> Vec<Note> {
        let (options, note) = settings.check_options(self.folder.as_deref());
        self.settings = settings;
        self.options = options;
        let mut notes: Vec<Note> = note.into_iter().collect();
        notes.extend(self.unknown_rules());
        self.reload();
        notes
    }

    /// Names given to `select`/`ignore` that are no built-in rule (custom rules are
    /// known only once their config is read, so those are only mentioned).
    fn unknown_rules(&self) -> Option<Note> {
        let unknown: Vec<&str> = self
            .settings
            .select
            .iter()
            .chain(&self.settings.ignore)
            .map(String::as_str)
            .filter(|name| crate::rules::find(name).is_none())
            .collect();
        (!unknown.is_empty()).then(|| {
            format!(
                "`select`/`ignore` name no built-in rule: {} (fine if they are custom rules of a config)",
                unknown.join(", ")
            )
        })
    }

    /// Forgets every config, baseline and series read: after a config or baseline file
    /// changed, or new settings.
    pub fn reload(&mut self) {
        self.resolver = Resolver::new(&self.options).map_err(Arc::new);
        self.roots.clear();
        self.reading.clear();
        self.config_generation += 1;
        self.series_generation += 1;
    }

    /// The config given for everything, when it cannot be used.
    pub fn broken_config_choice(&self) -> Option<(Option<PathBuf>, Arc<ConfigError>)> {
        let error = self.resolver.as_ref().err()?;
        let file = match &self.options.config {
            crate::runner::ConfigChoice::File(path) => Some(path.clone()),
            _ => None,
        };
        Some((file, Arc::clone(error)))
    }

    /// An agenda on disk changed (or appeared, or went): its summary is read again in
    /// every notes root read so far that holds it. Returns whether any did.
    pub fn agenda_changed(&mut self, path: &Path) -> bool {
        for (root, changed) in &mut self.reading {
            if path.starts_with(root) {
                changed.push(path.to_path_buf());
            }
        }
        let Ok(resolver) = &mut self.resolver else {
            return false;
        };
        let mut changed = false;
        for (root, notes) in &mut self.roots {
            if !path.starts_with(root) {
                continue;
            }
            match resolver.summarize(path) {
                Some(summary) => {
                    notes.meetings.insert(path.to_path_buf(), summary);
                }
                None => {
                    notes.meetings.remove(path);
                }
            }
            changed = true;
        }
        if changed {
            self.series_generation += 1;
        }
        changed
    }

    /// Where roots read on another thread arrive: hand each to [`Workspace::root_read`].
    pub fn finished_reads(&self) -> Receiver<RootRead> {
        self.reads.1.clone()
    }

    /// The notes roots whose read on another thread began since the last call.
    pub fn take_started_reads(&mut self) -> Vec<PathBuf> {
        std::mem::take(&mut self.started)
    }

    /// Takes in a notes root read on another thread. Returns the root, and whether the
    /// series changed (every open document is then to be checked again).
    pub fn root_read(&mut self, read: RootRead) -> (PathBuf, bool) {
        if read.config_generation != self.config_generation {
            return (read.root, false);
        }
        let Some(changed) = self.reading.remove(&read.root) else {
            return (read.root, false);
        };
        self.roots.insert(
            read.root.clone(),
            NotesRoot {
                meetings: read.meetings,
            },
        );
        for path in changed {
            self.agenda_changed(&path);
        }
        self.series_generation += 1;
        (read.root, true)
    }

    /// Starts reading a large notes root on another thread; returns whether it is being
    /// read there (a small one is read on the spot).
    fn read_alongside(&mut self, root: &Path) -> bool {
        if self.reading.contains_key(root) {
            return true;
        }
        let files = crate::files::candidates(&[root.to_path_buf()])
            .filter(|c| matches!(c, crate::files::Candidate::File { .. }))
            .take(READ_ALONGSIDE_ABOVE + 1)
            .count();
        if files <= READ_ALONGSIDE_ABOVE {
            return false;
        }
        self.reading.insert(root.to_path_buf(), Vec::new());
        self.started.push(root.to_path_buf());
        self.deferred.push(root.to_path_buf());
        true
    }

    /// Starts reading the roots that checks asked for since the last call, each on a
    /// thread of its own. The server calls this once the answers to a batch of messages
    /// are out: on two cores a read that starts during the first check takes half the
    /// machine from it. A root that gets no thread is read here.
    pub fn start_reads(&mut self) {
        for root in std::mem::take(&mut self.deferred) {
            let options = self.options.clone();
            let sender = self.reads.0.clone();
            let config_generation = self.config_generation;
            let thread_root = root.clone();
            let spawned = std::thread::Builder::new()
                .name("agendalint-read-notes".to_string())
                .spawn(move || {
                    let _ = sender.send(read_root(&options, thread_root, config_generation));
                });
            if spawned.is_err() {
                let read = read_root(&self.options, root, config_generation);
                let _ = self.reads.0.send(read);
            }
        }
    }

    /// Checks a document's current text (reusing what it already knows).
    pub fn check(&mut self, document: &mut Document, folder_for_untitled: Option<&Path>) {
        let generation = self.config_generation;
        if document
            .findings
            .as_ref()
            .is_some_and(|f| f.version == document.version && f.generation == self.generation())
        {
            return;
        }
        let findings_generation = self.generation();
        if let Some((file, error)) = self.broken_config_choice() {
            document.findings = Some(Findings {
                version: document.version,
                generation: findings_generation,
                diagnostics: Vec::new(),
                unusable: Some(Unusable::Config { file, error }),
            });
            return;
        }
        let Ok(resolver) = &mut self.resolver else {
            return;
        };
        let path = document_path(document, folder_for_untitled);
        if document
            .resolution
            .as_ref()
            .is_none_or(|(g, _)| *g != generation)
        {
            let walked = !document.is_markdown();
            document.resolution = Some((generation, resolver.resolve(&path, walked)));
        }
        let resolution = document
            .resolution
            .as_ref()
            .map(|(_, r)| r.clone())
            .expect("resolved just above");
        let empty = |unusable: Option<Unusable>| Findings {
            version: document.version,
            generation: findings_generation,
            diagnostics: Vec::new(),
            unusable,
        };
        let target = match resolution {
            Resolution::Checked(target) => target,
            Resolution::Excluded => {
                document.findings = Some(empty(None));
                return;
            }
            Resolution::Unusable(unusable) => {
                document.findings = Some(empty(Some(unusable)));
                return;
            }
        };
        let index = self.series_of(document, &path, &target);
        let roots = &self.roots;
        let root = target.notes_root();
        let known_tasks = |previous: &Path| -> Option<Vec<series::Task>> {
            let summary = roots.get(root)?.meetings.get(previous)?;
            Some(summary.open_tasks().cloned().collect())
        };
        let Ok(resolver) = &self.resolver else {
            return;
        };
        let result = resolver.check(
            &target,
            &path,
            document.text().to_string(),
            !document.is_markdown(),
            &index,
            &known_tasks,
        );
        document.findings = Some(Findings {
            version: document.version,
            generation: findings_generation,
            diagnostics: result
                .diagnostics
                .into_iter()
                .map(|d| d.diagnostic)
                .collect(),
            unusable: None,
        });
    }

    /// Both generations in one number, for telling when findings went stale.
    pub fn generation(&self) -> u64 {
        self.config_generation
            .wrapping_mul(1_000_003)
            .wrapping_add(self.series_generation)
    }

    /// The series index of a document: every agenda under its notes root but its own
    /// file, whose place the open buffer takes. Reads the notes root on first use.
    fn series_of(
        &mut self,
        document: &mut Document,
        path: &Path,
        target: &FileTarget,
    ) -> Arc<SeriesIndex> {
        if !target.uses_series() {
            return Arc::new(SeriesIndex::default());
        }
        let root = target.notes_root().to_path_buf();
        let key = SeriesKey {
            generation: self.series_generation,
            root: root.clone(),
            series: {
                let mut this = series::identify(path, document.text());
                target.config().file.people.apply(&mut this);
                this.series_key()
            },
        };
        if let Some((built_for, index)) = &document.series {
            if *built_for == key {
                return Arc::clone(index);
            }
        }
        if !self.roots.contains_key(&root) && self.read_alongside(&root) {
            // Until the root is read, the agenda is checked as if alone in it: the series
            // rules find nothing they would not find with the other meetings.
            let mut alone = SeriesIndex::default();
            alone.cover(&root);
            alone.finish();
            return Arc::new(alone);
        }
        if !self.roots.contains_key(&root) {
            let meetings = match &mut self.resolver {
                Ok(resolver) => meetings_of(resolver, &root),
                Err(_) => HashMap::new(),
            };
            self.roots.insert(root.clone(), NotesRoot { meetings });
        }
        let mut index = SeriesIndex::default();
        index.cover(&root);
        // Every other agenda of the root, as a run indexes them: the series rules look at
        // other series too (a name spelt two ways).
        if let Some(notes) = self.roots.get(&root) {
            let mut others: Vec<&Summary> =
                notes.meetings.values().filter(|s| s.path != path).collect();
            others.sort_by(|a, b| a.path.cmp(&b.path));
            for summary in others {
                index.add(&root, summary);
            }
        }
        index.finish();
        let index = Arc::new(index);
        document.series = Some((key, Arc::clone(&index)));
        index
    }
}

/// Where a document is checked as being: its own path, or for a document with no file
/// (an unsaved buffer), a file of its name in the workspace folder.
pub fn document_path(document: &Document, folder: Option<&Path>) -> PathBuf {
    if let Some(path) = &document.path {
        return path.clone();
    }
    let name = document
        .uri
        .as_str()
        .rsplit(['/', ':'])
        .next()
        .filter(|n| !n.is_empty())
        .unwrap_or("untitled.md");
    let folder = folder
        .map(Path::to_path_buf)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_default();
    folder.join(name)
}

/// Reads every agenda of the notes root `root` into its series summaries, under the
/// config generation `config_generation`.
fn read_root(options: &CheckOptions, root: PathBuf, config_generation: u64) -> RootRead {
    let meetings = Resolver::new(options)
        .map(|mut resolver| meetings_of(&mut resolver, &root))
        .unwrap_or_default();
    RootRead {
        root,
        config_generation,
        meetings,
    }
}

/// The series summary of every agenda under `root`, by path.
fn meetings_of(resolver: &mut Resolver, root: &Path) -> HashMap<PathBuf, Summary> {
    resolver
        .summarize_root(root)
        .into_iter()
        .map(|s| (s.path.clone(), s))
        .collect()
}
