//! The meeting series as a run reads it: the index of every agenda under a notes root
//! (read from disk, or from the texts given or fixed), and where a checked file sits in
//! it for the series rules.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::cache::{self, Lookup, Record, SeriesCache, Stamp, content_hash};
use super::plan::{Context, Contexts, Job};
use super::read::{absolute, read_text, text_of};
use super::{CHUNK, map_in_order};
use crate::files::{self, Candidate};
use crate::series::{self, Listing, SeriesIndex, SeriesView, Summary};

/// Where the series index reads agendas from besides the disk.
#[derive(Clone, Copy)]
pub(super) struct SeriesSources<'a> {
    /// Current texts of files given as text or fixed in an earlier round, by absolute
    /// path.
    pub(super) texts: &'a HashMap<PathBuf, String>,
    /// Files given as text: root, path, context.
    pub(super) virtual_jobs: &'a [(Arc<Path>, PathBuf, Arc<Context>)],
    /// Files above this size are not read.
    pub(super) max_file_size: u64,
    /// Whether a notes root's series records are read from and kept in its cache.
    pub(super) cache: bool,
    /// The series (keys of canonical `with` names) of every file the run checks, when the run
    /// knows them all before the index is built (a pre-commit hook's few files). An
    /// agenda of another series is then read for its front matter only: the series
    /// rules want its date and name, not its body. `None`: every agenda is summarised.
    /// Not used with a cache, whose records must be whole.
    pub(super) focus: Option<&'a HashSet<String>>,
}

/// The series of the files a run checks (see [`SeriesSources::focus`]): each job's
/// `with` as its text says, with its config's people applied.
pub(super) fn series_of(jobs: &[Job], sources: &SeriesSources<'_>) -> HashSet<String> {
    let mut names = HashSet::new();
    for job in jobs {
        let (Some(path), Some((_, context))) = (job.path(), job.series_root()) else {
            continue;
        };
        let read;
        let text: Option<&str> = match job {
            Job::Text { file, .. } => file.text.as_deref().ok(),
            _ => {
                if let Some(text) = text_of(sources.texts, path) {
                    Some(text.as_str())
                } else {
                    read = read_text(path, sources.max_file_size).ok();
                    read.as_deref()
                }
            }
        };
        let Some(with) = text.and_then(|text| series::identify(path, text).with) else {
            continue;
        };
        names.insert(series::series_key(
            context.config.file.people.canonical(&with),
        ));
    }
    names
}

/// Adds every agenda under `root` to the series index, a chunk at a time; files given
/// as text are summarised from that text. When the run keeps a cache and the root is set
/// up with a config file, a file whose record in `.agendalint-cache/` still holds is not
/// read (see [`super::cache`]).
pub(super) fn index_root(
    index: &mut SeriesIndex,
    root: &Path,
    contexts: &mut Contexts,
    sources: &SeriesSources<'_>,
) {
    index.cover(root);
    let mut cache = (sources.cache && cache::has_config(root)).then(|| SeriesCache::open(root));
    // Files on disk whose current text is given: summarised from that text.
    let mut from_text: Vec<PathBuf> = Vec::new();
    series_files(root, contexts, &mut |work| {
        // The last run's records, matched to the files in the order of the walk.
        let (keys, olds): (Vec<Option<String>>, Vec<Option<Record>>) = work
            .iter()
            .map(|(path, _)| {
                let Some(cache) = cache.as_mut() else {
                    return (None, None);
                };
                let key = SeriesCache::key(root, path);
                let old = key.as_deref().and_then(|key| cache.take(key));
                (key, old)
            })
            .unzip();
        let pairs: Vec<_> = work.iter().zip(&olds).collect();
        let listed: Vec<Option<Listed>> = map_in_order(&pairs, |&((path, context), old)| {
            let mut listed = if let Some(text) = text_of(sources.texts, path) {
                Listed {
                    listing: series::summarize(path, text, &context.config.vocabulary).listing(),
                    given_as_text: true,
                    record: None,
                }
            } else {
                let known = cache.as_ref().map(|cache| (cache, old.as_ref()));
                list_file(path, context, known, sources)?
            };
            // Records keep `with` as written; the config's people are applied to it
            // on every run.
            if let Some(with) = &listed.listing.with {
                let canonical = context.config.file.people.canonical(with);
                if canonical != with {
                    listed.listing.with = Some(canonical.to_string());
                }
            }
            Some(listed)
        });
        for (((mut listed, key), old), (path, _)) in
            listed.into_iter().zip(keys).zip(olds).zip(&work)
        {
            let fresh = listed.as_mut().and_then(|l| l.record.take());
            if let (Some(cache), Some(key)) = (cache.as_mut(), key) {
                cache.keep(&key, old, fresh);
            }
            let Some(listed) = listed else { continue };
            if listed.given_as_text {
                from_text.push(absolute(path));
            }
            index.add_listing(root, path, &listed.listing);
        }
    });
    if let Some(cache) = cache {
        cache.save();
    }
    // Files given as text and not found above (not on disk, say): they belong to the
    // series as their text says.
    for (file_root, path, context) in sources.virtual_jobs {
        if **file_root != *root || from_text.contains(&absolute(path)) {
            continue;
        }
        if let Some(text) = text_of(sources.texts, path) {
            let mut summary = series::summarize(path, text, &context.config.vocabulary);
            context.config.file.people.apply(&mut summary);
            index.add(root, &summary);
        }
    }
    index.finish();
}

/// What the index learns of one file under a notes root.
struct Listed {
    /// What the series rules know of it.
    listing: Listing,
    /// Whether it was read from the text given for it rather than from disk.
    given_as_text: bool,
    /// What the cache should keep of it, when the file was read from disk (its record
    /// before the config's people are applied).
    record: Option<Record>,
}

/// Lists one agenda on disk: from its cache record when that still holds, else read
/// (and recorded). `None` when it cannot be read.
fn list_file(
    path: &Path,
    context: &Context,
    known: Option<(&SeriesCache, Option<&Record>)>,
    sources: &SeriesSources<'_>,
) -> Option<Listed> {
    let vocabulary = &context.config.vocabulary;
    let max_file_size = sources.max_file_size;
    let Some((cache, old)) = known else {
        let text = read_text(path, max_file_size).ok()?;
        let listing = match sources.focus {
            Some(focus) => {
                let head = series::identify(path, &text).listing();
                let people = &context.config.file.people;
                let ours = head.with.as_deref().is_some_and(|with| {
                    focus.contains(&series::series_key(people.canonical(with)))
                });
                if ours {
                    series::summarize(path, &text, vocabulary).listing()
                } else {
                    head
                }
            }
            None => series::summarize(path, &text, vocabulary).listing(),
        };
        return Some(Listed {
            listing,
            given_as_text: false,
            record: None,
        });
    };
    let fingerprint = context.vocabulary_fingerprint();
    let stamp = Stamp::of(path);
    let recorded = match cache.lookup(old, stamp, fingerprint) {
        Lookup::Hit(listing) => {
            return Some(Listed {
                listing,
                given_as_text: false,
                record: None,
            });
        }
        Lookup::Verify { hash, listing } => Some((hash, listing)),
        Lookup::Miss => None,
    };
    let text = read_text(path, max_file_size).ok()?;
    let hash = content_hash(&text);
    let listing = match recorded {
        Some((recorded_hash, listing)) if recorded_hash == hash => listing,
        _ => series::summarize(path, &text, vocabulary).listing(),
    };
    let record = stamp.map(|stamp| Record::new(stamp, hash, fingerprint, listing.clone()));
    Some(Listed {
        listing,
        given_as_text: false,
        record,
    })
}

/// The agendas under `root` that belong to its meeting series, handed to `each` a chunk
/// at a time with the context of each: the files the `include` of their own config
/// matches (excluded ones too).
fn series_files(
    root: &Path,
    contexts: &mut Contexts,
    each: &mut dyn FnMut(Vec<(PathBuf, Arc<Context>)>),
) {
    let mut candidates = files::candidates(&[root.to_path_buf()]);
    loop {
        let mut work: Vec<(PathBuf, Arc<Context>)> = Vec::with_capacity(CHUNK);
        for candidate in candidates.by_ref() {
            let Candidate::File { path, .. } = candidate else {
                continue;
            };
            if let Some(context) = contexts.for_file(&path) {
                // Excluded agendas are meetings of their series too: `exclude` keeps a
                // file from being reported, not from being read here.
                if context.config.in_series(&path) {
                    work.push((path, context));
                    if work.len() == CHUNK {
                        break;
                    }
                }
            }
        }
        if work.is_empty() {
            break;
        }
        each(work);
    }
}

/// Summarises every agenda under `root` for the series rules, handing them to `sink` a
/// chunk at a time: the files the `include` of their own config matches (excluded ones
/// too), each read with that config's section headings; files given as text are read
/// from that text.
pub(super) fn summarize_root(
    root: &Path,
    contexts: &mut Contexts,
    sources: &SeriesSources<'_>,
    sink: &mut dyn FnMut(&[Summary]),
) {
    series_files(root, contexts, &mut |work| {
        let summaries: Vec<Summary> = map_in_order(&work, |(path, context)| {
            let vocabulary = &context.config.vocabulary;
            let mut summary = if let Some(text) = text_of(sources.texts, path) {
                series::summarize(path, text, vocabulary)
            } else {
                let text = read_text(path, sources.max_file_size).ok()?;
                series::summarize(path, &text, vocabulary)
            };
            context.config.file.people.apply(&mut summary);
            Some(summary)
        })
        .into_iter()
        .flatten()
        .collect();
        sink(&summaries);
    });
}

/// The open tasks of another meeting, when the caller keeps them; `None` means "read
/// its file".
type KnownTasks<'a> = dyn Fn(&Path) -> Option<Vec<series::Task>> + 'a;

/// Where a checked file sits for the series rules.
pub(super) struct SeriesPlace<'i> {
    pub(super) index: &'i SeriesIndex,
    pub(super) root: &'i Path,
    pub(super) path: &'i Path,
    /// Current texts of files given as text or already fixed.
    pub(super) texts: &'i HashMap<PathBuf, String>,
    /// The open tasks of other meetings, when the caller keeps them (so that no file is
    /// read); `None` from it means "read the file".
    pub(super) known_tasks: Option<&'i KnownTasks<'i>>,
    /// Files above this size are not read.
    pub(super) max_file_size: u64,
}

impl SeriesPlace<'_> {
    /// The open tasks of the last earlier meeting, read from its file.
    pub(super) fn previous_tasks(&self, view: &SeriesView<'_>) -> Vec<series::Task> {
        if view.previous.last().is_none_or(|m| m.open_tasks == 0) {
            return Vec::new();
        }
        let Some(path) = view.previous_path() else {
            return Vec::new();
        };
        if let Some(tasks) = self.known_tasks.and_then(|known| known(&path)) {
            return tasks;
        }
        match text_of(self.texts, &path) {
            Some(text) => series::open_tasks(text),
            None => read_text(&path, self.max_file_size)
                .map(|text| series::open_tasks(&text))
                .unwrap_or_default(),
        }
    }
}

// Named pipes are a unix matter: on other systems the module would hold no test and its
// import would be unused.
#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// The previous meeting's file is read again for its open tasks; a file that became
    /// a named pipe since the series was indexed is skipped at once, not waited on.
    #[test]
    fn a_previous_meeting_that_became_a_fifo_is_not_waited_on() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().to_path_buf();
        let previous = root.join("2026-11-16.md");
        if !crate::read::make_fifo(&previous) {
            return;
        }
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let vocabulary = crate::model::SectionVocabulary::builtin();
            let mut index = SeriesIndex::default();
            let text = "---\ndate: 2026-11-16\nwith: Alex\n---\n- [ ] Send the RFC\n";
            index.add(&root, &series::summarize(&previous, text, vocabulary));
            index.finish();
            let path = root.join("2026-11-23.md");
            let this = series::identify(&path, "---\ndate: 2026-11-23\nwith: Alex\n---\n");
            let view = index.view(&root, &this).expect("a series");
            let texts = HashMap::new();
            let place = SeriesPlace {
                index: &index,
                root: &root,
                path: &path,
                texts: &texts,
                known_tasks: None,
                max_file_size: crate::runner::DEFAULT_MAX_FILE_SIZE,
            };
            let _ = sender.send(place.previous_tasks(&view));
        });
        let tasks = receiver
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the previous meeting's file is not waited on");
        assert!(tasks.is_empty());
    }
}

#[cfg(test)]
mod focus_tests {
    use super::*;
    use crate::runner::{CheckOptions, DEFAULT_MAX_FILE_SIZE};

    /// With a focus, the meetings of the series in it are summarised in full and the
    /// others are known by their front matter only; without one, all in full.
    #[test]
    fn a_focus_reads_the_bodies_of_its_own_series_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        // The earlier meetings spell the names in another case: one series all the same.
        for person in ["ALEX", "PRIYA"] {
            let folder = root.join(person.to_lowercase());
            std::fs::create_dir_all(&folder).expect("folder");
            let text = format!(
                "---\ndate: 2026-11-02\nwith: {person}\n---\n## Career\n- staff path by Q2\n- [ ] Send the RFC\n"
            );
            std::fs::write(folder.join("2026-11-02.md"), text).expect("write");
        }
        let options = CheckOptions {
            paths: vec![root.to_path_buf()],
            ..CheckOptions::default()
        };
        let mut contexts = Contexts::new(&options).expect("contexts");
        let texts = HashMap::new();
        let alex: HashSet<String> = std::iter::once(series::series_key("Alex")).collect();
        for focus in [None, Some(&alex)] {
            let sources = SeriesSources {
                texts: &texts,
                virtual_jobs: &[],
                max_file_size: DEFAULT_MAX_FILE_SIZE,
                cache: false,
                focus,
            };
            let mut index = SeriesIndex::default();
            index_root(&mut index, root, &mut contexts, &sources);
            for person in ["Alex", "Priya"] {
                let path = root.join(person.to_lowercase()).join("2026-11-09.md");
                let text = format!("---\ndate: 2026-11-09\nwith: {person}\n---\n");
                let this = series::identify(&path, &text);
                let view = index.view(root, &this).expect("a series");
                let whole = focus.is_none() || person == "Alex";
                assert_eq!(view.previous.len(), 1, "{person}");
                assert_eq!(view.previous[0].career, whole, "{person} {focus:?}");
                assert_eq!(view.previous[0].open_tasks, u32::from(whole), "{person}");
                assert_eq!(view.others.len(), 1, "{person}");
            }
        }
    }
}
