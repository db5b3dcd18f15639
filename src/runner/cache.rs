//! What the series rules know of each agenda under a notes root, kept on disk between
//! runs (`.agendalint-cache/series` under the root), so that a run checking one file in
//! a root of thousands (the pre-commit hook) reads only the files that changed.
//!
//! A record is used only when it is exactly right:
//! - the file's size and modification time are the ones recorded, and that time is
//!   older than the run that wrote the record by more than [`RACY_MARGIN`] (a file
//!   written in the same moment as it was read may have changed again with the same
//!   time stamp); or, failing that,
//! - the file's content hashes to the one recorded (the file is read, not summarised);
//! - and in both cases the file is read with the same section vocabulary, by a build of
//!   the same summarising code (`AGENDALINT_SERIES_CODE`, a digest `build.rs` takes of
//!   the code that summarises an agenda).
//!
//! The cache is a convenience: a file that cannot be read or parsed is ignored, one that
//! cannot be written is not written, and `--no-cache` leaves it alone. It is replaced
//! whole (written beside, then renamed), so a run never reads a half-written one.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};

use crate::model::IsoDate;
use crate::series::Listing;

/// The folder under a notes root that holds the cache.
pub const CACHE_DIR: &str = ".agendalint-cache";

/// The cache file in [`CACHE_DIR`].
const CACHE_FILE: &str = "series";

/// The first line of a cache file: what wrote it.
fn header() -> String {
    format!(
        "agendalint series cache 1 {} {}",
        env!("CARGO_PKG_VERSION"),
        env!("AGENDALINT_SERIES_CODE")
    )
}

/// How much older than the run that recorded it a file's time stamp must be for the
/// stamp alone to vouch for its content (file systems that keep seconds, or two).
const RACY_MARGIN_NANOS: u128 = 2_000_000_000;

/// The largest cache file read (64 MiB; about 600,000 agendas).
const CACHE_LIMIT: u64 = 64 * 1024 * 1024;

/// A file's size and modification time, as the cache compares them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Stamp {
    size: u64,
    modified: u128,
}

impl Stamp {
    /// The stamp of the file at `path` (following a symbolic link), when it has one.
    pub(super) fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        let modified = meta
            .modified()
            .ok()?
            .duration_since(UNIX_EPOCH)
            .ok()?
            .as_nanos();
        Some(Stamp {
            size: meta.len(),
            modified,
        })
    }
}

/// One agenda as recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Record {
    stamp: Stamp,
    /// The first 16 hex digits of the SHA-256 of its content.
    hash: u64,
    /// The fingerprint of the section vocabulary it was read with.
    vocabulary: u64,
    listing: Listing,
}

impl Record {
    /// The record of a file read: its stamp before it was read, the hash of its
    /// content ([`content_hash`]), the fingerprint of the vocabulary it was read with,
    /// and its listing.
    pub(super) fn new(stamp: Stamp, hash: u64, vocabulary: u64, listing: Listing) -> Record {
        Record {
            stamp,
            hash,
            vocabulary,
            listing,
        }
    }
}

/// What the cache knows of one file.
pub(super) enum Lookup {
    /// Its listing, good as it is: the file need not be read.
    Hit(Listing),
    /// The file must be read; if its content hashes to `hash`, this listing holds.
    Verify {
        /// The hash of the content recorded.
        hash: u64,
        /// The listing recorded.
        listing: Listing,
    },
    /// Nothing usable: read and summarise the file.
    Miss,
}

/// The cache of one notes root, as read at the start of a run, and what the run learns.
#[derive(Debug)]
pub(super) struct SeriesCache {
    dir: PathBuf,
    records: HashMap<String, Record>,
    /// When the records read were written (the start of the run that wrote them).
    written: u128,
    /// When this run started reading files.
    started: u128,
    /// The files of the root this run met, by relative path.
    seen: HashSet<String>,
    /// Records of the files this run read.
    fresh: HashMap<String, Record>,
    /// Whether what this run read differs from the records (or settles one).
    changed: bool,
}

/// The content hash a record keeps.
pub(super) fn content_hash(text: &str) -> u64 {
    let digest = Sha256::digest(text.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_le_bytes(first)
}

fn now() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

impl SeriesCache {
    /// The cache of the notes root `root`: its records when the file is there and was
    /// written by this build, else none.
    pub(super) fn open(root: &Path) -> SeriesCache {
        let dir = root.join(CACHE_DIR);
        let started = now();
        let (records, written) = crate::read::text(&dir.join(CACHE_FILE), CACHE_LIMIT)
            .ok()
            .and_then(|text| parse(&text))
            .unwrap_or_default();
        SeriesCache {
            dir,
            records,
            written,
            started,
            seen: HashSet::default(),
            fresh: HashMap::default(),
            changed: false,
        }
    }

    /// The key of a file under `root`: its path relative to the root, when it can be
    /// written on one line of the cache.
    pub(super) fn key(root: &Path, path: &Path) -> Option<String> {
        let relative = crate::files::strip_root(root, path)?.to_str()?;
        (!relative.is_empty() && !relative.contains(['\t', '\n', '\r']))
            .then(|| relative.to_string())
    }

    /// Notes that the run met the file `key` (a record of a file no run meets again is
    /// dropped when the cache is saved).
    pub(super) fn saw(&mut self, key: &str) {
        if !self.seen.contains(key) {
            self.seen.insert(key.to_string());
        }
    }

    /// What the cache knows of the file `key`, whose stamp is now `stamp`, read with a
    /// vocabulary of fingerprint `vocabulary`.
    pub(super) fn lookup(&self, key: &str, stamp: Option<Stamp>, vocabulary: u64) -> Lookup {
        let Some(record) = self.records.get(key) else {
            return Lookup::Miss;
        };
        if record.vocabulary != vocabulary {
            return Lookup::Miss;
        }
        if stamp == Some(record.stamp) && settled(record, self.written) {
            Lookup::Hit(record.listing.clone())
        } else {
            Lookup::Verify {
                hash: record.hash,
                listing: record.listing.clone(),
            }
        }
    }

    /// Records what the run read of the file `key` (read after the run started).
    pub(super) fn record(&mut self, key: String, record: Record) {
        if record
            .listing
            .with
            .as_deref()
            .is_some_and(|w| w.is_empty() || w.contains(['\t', '\n', '\r']))
        {
            // Not written on one line: the file is read at every run.
            self.changed |= self.records.contains_key(&key);
            self.seen.remove(&key);
            return;
        }
        let settles = settled(&record, self.started);
        let changed = self
            .records
            .get(&key)
            .is_none_or(|old| *old != record || (settles && !settled(old, self.written)));
        self.changed |= changed;
        self.fresh.insert(key, record);
    }

    /// Writes the records of the files this run met, when they differ from what was
    /// read: into a file beside the cache, renamed over it. Nothing is written when the
    /// folder cannot be made or written (a read-only notes root, say).
    pub(super) fn save(self) {
        let SeriesCache {
            dir,
            records,
            written,
            started,
            seen,
            fresh,
            changed,
        } = self;
        if !changed && records.len() == seen.len() && records.keys().all(|k| seen.contains(k)) {
            return;
        }
        // A record kept from the last run without being read again stays only when its
        // stamp was settled then: it is then settled for this run's time too.
        let mut kept: Vec<(&String, &Record)> = seen
            .iter()
            .filter_map(|key| match fresh.get(key) {
                Some(record) => Some((key, record)),
                None => records
                    .get(key)
                    .filter(|old| settled(old, written))
                    .map(|old| (key, old)),
            })
            .collect();
        kept.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut text = String::with_capacity(kept.len() * 120);
        let _ = writeln!(text, "{}", header());
        let _ = writeln!(text, "{started}");
        for (key, record) in kept {
            write_record(&mut text, key, record);
        }
        let _ = write_atomically(&dir, &text);
    }
}

/// Whether a record's stamp alone vouches for its content in a cache written at
/// `written` (the start of the run that read the file).
fn settled(record: &Record, written: u128) -> bool {
    record.stamp.modified.saturating_add(RACY_MARGIN_NANOS) < written
}

fn write_record(text: &mut String, key: &str, record: &Record) {
    let stamp = record.stamp;
    let listing = &record.listing;
    let date = listing.date.map(|d| d.to_string()).unwrap_or_default();
    let with = listing.with.as_deref().unwrap_or("");
    let _ = writeln!(
        text,
        "{key}\t{}\t{}\t{:016x}\t{:016x}\t{date}\t{}\t{}\t{with}",
        stamp.size,
        stamp.modified,
        record.hash,
        record.vocabulary,
        u8::from(listing.career),
        listing.open_tasks,
    );
}

fn write_atomically(dir: &Path, text: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        std::fs::write(
            &ignore,
            "# Written by agendalint: nothing here belongs in git.\n*\n",
        )?;
    }
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut file, text.as_bytes())?;
    file.persist(dir.join(CACHE_FILE)).map_err(|e| e.error)?;
    Ok(())
}

/// The records of a cache file and when they were written; `None` when it was written
/// by another build or is not a cache file at all.
fn parse(text: &str) -> Option<(HashMap<String, Record>, u128)> {
    let mut lines = text.lines();
    if lines.next()? != header() {
        return None;
    }
    let written: u128 = lines.next()?.parse().ok()?;
    let mut records = HashMap::default();
    for line in lines {
        let (key, record) = parse_record(line)?;
        records.insert(key, record);
    }
    Some((records, written))
}

/// The tab-separated fields of a line (a plain byte search: a cache holds a line per
/// agenda, read at every run).
struct Fields<'a> {
    rest: Option<&'a str>,
}

impl<'a> Iterator for Fields<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        if let Some(tab) = rest.bytes().position(|b| b == b'\t') {
            self.rest = rest.get(tab + 1..);
            rest.get(..tab)
        } else {
            self.rest = None;
            Some(rest)
        }
    }
}

fn parse_record(line: &str) -> Option<(String, Record)> {
    let mut fields = Fields { rest: Some(line) };
    let key = fields.next()?.to_string();
    let size = fields.next()?.parse().ok()?;
    let modified = fields.next()?.parse().ok()?;
    let hash = u64::from_str_radix(fields.next()?, 16).ok()?;
    let vocabulary = u64::from_str_radix(fields.next()?, 16).ok()?;
    let date = match fields.next()? {
        "" => None,
        text => Some(IsoDate::parse_date_or_datetime(text)?),
    };
    let career = match fields.next()? {
        "0" => false,
        "1" => true,
        _ => return None,
    };
    let open_tasks = fields.next()?.parse().ok()?;
    let with = Some(fields.next()?)
        .filter(|w| !w.is_empty())
        .map(str::to_string);
    if fields.next().is_some() || key.is_empty() {
        return None;
    }
    Some((
        key,
        Record {
            stamp: Stamp { size, modified },
            hash,
            vocabulary,
            listing: Listing {
                date,
                with,
                career,
                open_tasks,
            },
        },
    ))
}

/// Whether `root` is a notes root set up with a config file: only those get a cache
/// (checking a folder that is not set up leaves nothing behind in it).
pub(super) fn has_config(root: &Path) -> bool {
    crate::config::FILE_NAMES
        .iter()
        .any(|name| root.join(name).is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(with: &str, open_tasks: u32) -> Listing {
        Listing {
            date: IsoDate::parse_date_or_datetime("2026-11-23"),
            with: Some(with.to_string()),
            career: true,
            open_tasks,
        }
    }

    fn stamp(modified: u128) -> Stamp {
        Stamp {
            size: 120,
            modified,
        }
    }

    /// What a run records is read back by the next: a record whose stamp is settled is
    /// a hit, one written too close to the run that read it must be verified by its
    /// hash, and a record read with another vocabulary is no use.
    #[test]
    fn records_are_read_back_as_hits_or_to_verify() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut cache = SeriesCache::open(dir.path());
        let old = cache.started - 10 * RACY_MARGIN_NANOS;
        let recent = cache.started - RACY_MARGIN_NANOS / 2;
        for (key, modified) in [("a/old.md", old), ("a/recent.md", recent)] {
            cache.saw(key);
            let record = Record::new(stamp(modified), 7, 9, listing("Alex Kim", 2));
            cache.record(key.to_string(), record);
        }
        cache.save();
        let text =
            std::fs::read_to_string(dir.path().join(CACHE_DIR).join(CACHE_FILE)).expect("written");
        assert!(text.starts_with(&header()), "{text}");

        let cache = SeriesCache::open(dir.path());
        assert!(
            matches!(cache.lookup("a/old.md", Some(stamp(old)), 9), Lookup::Hit(l) if l == listing("Alex Kim", 2))
        );
        assert!(matches!(
            cache.lookup("a/recent.md", Some(stamp(recent)), 9),
            Lookup::Verify { hash: 7, .. }
        ));
        assert!(matches!(
            cache.lookup("a/old.md", Some(stamp(old + 1)), 9),
            Lookup::Verify { hash: 7, .. }
        ));
        assert!(matches!(
            cache.lookup("a/old.md", None, 9),
            Lookup::Verify { .. }
        ));
        assert!(matches!(
            cache.lookup("a/old.md", Some(stamp(old)), 8),
            Lookup::Miss
        ));
        assert!(matches!(
            cache.lookup("a/gone.md", Some(stamp(old)), 9),
            Lookup::Miss
        ));
    }

    /// A record of a file no run met is dropped; a run that met the same files and read
    /// nothing new leaves the file as it is.
    #[test]
    fn a_save_keeps_what_the_run_met_and_only_when_something_changed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut cache = SeriesCache::open(dir.path());
        let old = cache.started - 10 * RACY_MARGIN_NANOS;
        for key in ["a.md", "b.md"] {
            cache.saw(key);
            cache.record(
                key.to_string(),
                Record::new(stamp(old), 1, 2, listing("Sam", 0)),
            );
        }
        cache.save();
        let file = dir.path().join(CACHE_DIR).join(CACHE_FILE);
        let first = std::fs::read_to_string(&file).expect("written");

        let mut cache = SeriesCache::open(dir.path());
        cache.saw("a.md");
        cache.saw("b.md");
        cache.save();
        assert_eq!(std::fs::read_to_string(&file).expect("kept"), first);

        let mut cache = SeriesCache::open(dir.path());
        cache.saw("a.md");
        cache.save();
        let second = std::fs::read_to_string(&file).expect("rewritten");
        assert!(
            second.contains("a.md\t") && !second.contains("b.md\t"),
            "{second}"
        );
    }

    /// A line that is not a record, or a header of another build, makes the whole file
    /// worthless; keys are paths under the root that fit on one line.
    #[test]
    fn a_file_that_is_not_a_cache_of_this_build_holds_nothing() {
        let line = "a.md\t1\t2\t0000000000000007\t0000000000000009\t2026-11-23\t1\t0\tSam";
        assert!(parse(&format!("{}\n5\n{line}\n", header())).is_some());
        for text in [
            format!("{}\n5\n{line}\tmore\n", header()),
            format!("{}\n5\na.md\t1\n", header()),
            format!("{}\nnot a time\n", header()),
            format!("agendalint series cache 0\n5\n{line}\n"),
            String::new(),
        ] {
            assert!(parse(&text).is_none(), "{text:?}");
        }
        let root = Path::new("/notes");
        assert_eq!(
            SeriesCache::key(root, Path::new("/notes/alex/a.md")).as_deref(),
            Some("alex/a.md")
        );
        assert_eq!(SeriesCache::key(root, Path::new("/elsewhere/a.md")), None);
        assert_eq!(SeriesCache::key(root, Path::new("/notes/a\tb.md")), None);
    }
}
