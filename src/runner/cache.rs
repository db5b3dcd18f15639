//! What the series rules know of each agenda under a notes root, kept on disk between
//! runs (`.agendalint-cache/series` under the root), so that a run checking one file in
//! a root of thousands (the pre-commit hook) reads only the files that changed.
//!
//! A record is used only when it is exactly right:
//! - the file's size and modification time are the ones recorded, and that time is
//!   older than the run that wrote the record by more than [`RACY_MARGIN_NANOS`] (a file
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

use std::cmp::Ordering;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};
use tempfile::NamedTempFile;

use crate::model::IsoDate;
use crate::series::Listing;

/// The folder under a notes root that holds the cache.
pub const CACHE_DIR: &str = ".agendalint-cache";

/// The cache file in [`CACHE_DIR`].
const CACHE_FILE: &str = "series";

/// The first line of a cache file: what wrote it.
fn header() -> String {
    format!(
        "agendalint series cache 2 {} {}",
        env!("CARGO_PKG_VERSION"),
        env!("AGENDALINT_SERIES_CODE")
    )
}

/// How much older than the run that recorded it a file's time stamp must be for the
/// stamp alone to vouch for its content (file systems that keep seconds, or two).
const RACY_MARGIN_NANOS: u128 = 2_000_000_000;

/// The most of a cache file read (256 MiB; about two million agendas): past it, the
/// agendas are read.
const CACHE_LIMIT: u64 = 256 * 1024 * 1024;

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

/// The cache of one notes root: the records of the last run, read one at a time in the
/// order of the walk (the order they were written in), and the records of this run,
/// written as they come. Neither is ever held whole, so memory does not grow with the
/// number of agendas.
pub(super) struct SeriesCache {
    /// The last run's records, after the header; `None` once they run out (or when
    /// there are none, or one is not a record).
    old: Option<std::io::Lines<BufReader<std::io::Take<File>>>>,
    /// The next of the last run's records, read but not yet matched to a file.
    pending: Option<(String, Record)>,
    /// When the last run's records were written (the start of the run that wrote them).
    written: u128,
    /// When this run started reading files.
    started: u128,
    /// This run's records: how many of the last run's it keeps as they were, until
    /// the first that differs; then written beside the cache.
    new: NewRecords,
    /// Where the cache is.
    file: PathBuf,
    /// Whether this run's records differ from the last run's (then they replace them).
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

/// The order in which the walk meets files: path components compared in turn, which is
/// the order of the keys' bytes with the separator below every other byte.
fn walk_order(a: &str, b: &str) -> Ordering {
    let rank = |byte: u8| if byte == b'/' { 0 } else { u16::from(byte) + 1 };
    a.bytes().map(rank).cmp(b.bytes().map(rank))
}

impl SeriesCache {
    /// The cache of the notes root `root`: the last run's records when the file is there
    /// and was written by this build, and a file beside it for this run's.
    pub(super) fn open(root: &Path) -> SeriesCache {
        let dir = root.join(CACHE_DIR);
        let file = dir.join(CACHE_FILE);
        let started = now();
        let mut written = 0;
        let old = crate::read::open_regular(&file).ok().and_then(|opened| {
            let mut lines = BufReader::new(opened.take(CACHE_LIMIT)).lines();
            if lines.next()?.ok()? != header() {
                return None;
            }
            written = lines.next()?.ok()?.parse().ok()?;
            Some(lines)
        });
        let mut cache = SeriesCache {
            changed: old.is_none(),
            old,
            pending: None,
            written,
            started,
            new: NewRecords::Same {
                lines: 0,
                keys: KEY_DIGEST_START,
            },
            file,
        };
        cache.advance();
        cache
    }

    /// Reads the next of the last run's records into `pending`; a line that is not a
    /// record ends them (the rest will be read again from the agendas).
    fn advance(&mut self) {
        self.pending = None;
        let Some(lines) = self.old.as_mut() else {
            return;
        };
        match lines.next() {
            Some(Ok(line)) if line.len() as u64 <= LINE_LIMIT => {
                if let Some(record) = parse_record(&line) {
                    self.pending = Some(record);
                    return;
                }
                self.changed = true;
            }
            None => {}
            Some(_) => self.changed = true,
        }
        self.old = None;
    }

    /// The key of a file under `root`: its path relative to the root, when it can be
    /// written on one line of the cache.
    pub(super) fn key(root: &Path, path: &Path) -> Option<String> {
        let relative = crate::files::strip_root(root, path)?.to_str()?;
        (!relative.is_empty() && fits_on_a_line(relative)).then(|| relative.to_string())
    }

    /// The last run's record of the file `key`, if it has one. Files are asked in the
    /// order of the walk; records of files passed over (gone since) are dropped.
    pub(super) fn take(&mut self, key: &str) -> Option<Record> {
        while let Some((pending, _)) = &self.pending {
            match walk_order(pending, key) {
                Ordering::Less => {
                    self.changed = true;
                    self.advance();
                }
                Ordering::Equal => {
                    let record = self.pending.take().map(|(_, record)| record);
                    self.advance();
                    return record;
                }
                Ordering::Greater => return None,
            }
        }
        None
    }

    /// What the last run's `record` says of a file whose stamp is now `stamp`, read with
    /// a vocabulary of fingerprint `vocabulary`.
    pub(super) fn lookup(
        &self,
        record: Option<&Record>,
        stamp: Option<Stamp>,
        vocabulary: u64,
    ) -> Lookup {
        let Some(record) = record.filter(|r| r.vocabulary == vocabulary) else {
            return Lookup::Miss;
        };
        if stamp == Some(record.stamp) && settled(record, self.written) {
            Lookup::Hit(record.listing.clone())
        } else {
            Lookup::Verify {
                hash: record.hash,
                listing: record.listing.clone(),
            }
        }
    }

    /// Keeps the record of the file `key`, next in the walk: `fresh` when this run read
    /// the file, else the last run's `old` one when its stamp was settled then (it is
    /// for this run's time too).
    pub(super) fn keep(&mut self, key: &str, old: Option<Record>, fresh: Option<Record>) {
        // `same`: the record kept is the last run's, as it was.
        let (kept, same) = if let Some(fresh) = fresh {
            let unchanged = old.as_ref() == Some(&fresh);
            let settles = settled(&fresh, self.started);
            self.changed |= !unchanged
                || (settles && old.as_ref().is_some_and(|old| !settled(old, self.written)));
            // A `with` that cannot be written on one line: the file is read at every run.
            let writable = fresh
                .listing
                .with
                .as_deref()
                .is_none_or(|w| !w.is_empty() && fits_on_a_line(w));
            (writable.then_some(fresh), unchanged && writable)
        } else {
            let had = old.is_some();
            let kept = old.filter(|old| settled(old, self.written));
            self.changed |= had && kept.is_none();
            let same = kept.is_some();
            (kept, same)
        };
        let same = same && !self.changed;
        if same {
            if let NewRecords::Same { lines, keys } = &mut self.new {
                *lines += 1;
                *keys = key_digest(*keys, key);
                return;
            }
        }
        self.start_writing();
        if let (Some(record), NewRecords::Writing(new)) = (kept, &mut self.new) {
            let mut line = String::with_capacity(128);
            write_record(&mut line, key, &record);
            if new.write_all(line.as_bytes()).is_err() {
                self.new = NewRecords::Failed;
            }
        }
    }

    /// Starts writing this run's records, if it has not: the header, then the last
    /// run's records kept as they were so far, copied from its file.
    fn start_writing(&mut self) {
        let NewRecords::Same { lines, keys } = self.new else {
            return;
        };
        self.new = match start_writing(&self.file, self.started, lines, keys) {
            Ok(new) => NewRecords::Writing(new),
            Err(_) => NewRecords::Failed,
        };
    }

    /// Puts this run's records in place of the last run's when they differ (records of
    /// files no longer there are dropped); nothing is written when the folder cannot be
    /// written (a read-only notes root, say).
    pub(super) fn save(mut self) {
        if self.pending.is_some() {
            self.changed = true;
        }
        if !self.changed {
            return;
        }
        self.start_writing();
        if let NewRecords::Writing(new) = self.new {
            let _ = new
                .into_inner()
                .map_err(std::io::IntoInnerError::into_error)
                .and_then(|temp| temp.persist(&self.file).map(|_| ()).map_err(|e| e.error));
        }
    }
}

/// This run's records, as far as they went.
enum NewRecords {
    /// The same as the last run's first `lines` records: nothing written yet.
    Same {
        /// How many.
        lines: usize,
        /// A digest of their keys ([`key_digest`]), to check that the lines copied
        /// from the file are those records (another run may have replaced it).
        keys: u64,
    },
    /// Being written beside the cache.
    Writing(BufWriter<NamedTempFile>),
    /// The folder cannot be written: nothing will be.
    Failed,
}

/// The largest line of a cache file read: a record is a path and a name.
const LINE_LIMIT: u64 = 64 * 1024;

/// Opens the file for this run's records beside the cache `file`, and writes its
/// header and the first `lines` records of the last run's file, which this run keeps.
fn start_writing(
    file: &Path,
    started: u128,
    lines: usize,
    keys: u64,
) -> std::io::Result<BufWriter<NamedTempFile>> {
    let dir = crate::files::parent_of(file);
    std::fs::create_dir_all(&dir)?;
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        std::fs::write(
            &ignore,
            "# Written by agendalint: nothing here belongs in git.\n*\n",
        )?;
    }
    let mut new = BufWriter::new(NamedTempFile::new_in(&dir)?);
    writeln!(new, "{}", header())?;
    writeln!(new, "{started}")?;
    if lines > 0 {
        let old = crate::read::open_regular(file).map_err(std::io::Error::other)?;
        let mut copied = KEY_DIGEST_START;
        for line in BufReader::new(old.take(CACHE_LIMIT))
            .lines()
            .skip(2)
            .take(lines)
        {
            let line = line?;
            copied = key_digest(copied, line.split('\t').next().unwrap_or(""));
            writeln!(new, "{line}")?;
        }
        if copied != keys {
            return Err(std::io::Error::other(
                "the cache was replaced while it was read",
            ));
        }
    }
    Ok(new)
}

const KEY_DIGEST_START: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a over the keys kept so far, each followed by a newline.
fn key_digest(digest: u64, key: &str) -> u64 {
    key.bytes()
        .chain(std::iter::once(b'\n'))
        .fold(digest, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
}

/// Whether a field holds no tab or line break: a record is one line of tab-separated
/// fields.
fn fits_on_a_line(field: &str) -> bool {
    !field.contains(['\t', '\n', '\r'])
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
    crate::config::config_in(root).is_some()
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

    fn cache_text(root: &Path) -> String {
        std::fs::read_to_string(root.join(CACHE_DIR).join(CACHE_FILE)).expect("written")
    }

    /// What a run records is read back by the next, in the order of the walk: a record
    /// whose stamp is settled is a hit, one written too close to the run that read it
    /// must be verified by its hash, one read with another vocabulary is no use, and a
    /// file the last run did not meet has none.
    #[test]
    fn records_are_read_back_as_hits_or_to_verify() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut cache = SeriesCache::open(dir.path());
        let old = cache.started - 10 * RACY_MARGIN_NANOS;
        let recent = cache.started - RACY_MARGIN_NANOS / 2;
        for (key, modified) in [("a/old.md", old), ("a/recent.md", recent)] {
            assert_eq!(cache.take(key), None);
            let record = Record::new(stamp(modified), 7, 9, listing("Alex Kim", 2));
            cache.keep(key, None, Some(record));
        }
        cache.save();
        assert!(cache_text(dir.path()).starts_with(&header()));

        let mut cache = SeriesCache::open(dir.path());
        assert_eq!(cache.take("a/gone.md"), None);
        let first = cache.take("a/old.md");
        assert!(
            matches!(cache.lookup(first.as_ref(), Some(stamp(old)), 9), Lookup::Hit(l) if l == listing("Alex Kim", 2))
        );
        assert!(matches!(
            cache.lookup(first.as_ref(), Some(stamp(old + 1)), 9),
            Lookup::Verify { hash: 7, .. }
        ));
        assert!(matches!(
            cache.lookup(first.as_ref(), None, 9),
            Lookup::Verify { .. }
        ));
        assert!(matches!(
            cache.lookup(first.as_ref(), Some(stamp(old)), 8),
            Lookup::Miss
        ));
        let second = cache.take("a/recent.md");
        assert!(matches!(
            cache.lookup(second.as_ref(), Some(stamp(recent)), 9),
            Lookup::Verify { hash: 7, .. }
        ));
        assert!(matches!(
            cache.lookup(None, Some(stamp(old)), 9),
            Lookup::Miss
        ));
    }

    /// A run that met the same files and read nothing new leaves the file as it was; a
    /// record of a file no run meets again is dropped.
    #[test]
    fn a_save_keeps_what_the_run_met_and_only_when_something_changed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut cache = SeriesCache::open(dir.path());
        let old = cache.started - 10 * RACY_MARGIN_NANOS;
        for key in ["a.md", "b.md"] {
            let record = Record::new(stamp(old), 1, 2, listing("Sam", 0));
            cache.keep(key, None, Some(record));
        }
        cache.save();
        let first = cache_text(dir.path());

        let mut cache = SeriesCache::open(dir.path());
        for key in ["a.md", "b.md"] {
            let record = cache.take(key);
            assert!(record.is_some(), "{key}");
            cache.keep(key, record, None);
        }
        cache.save();
        assert_eq!(cache_text(dir.path()), first, "unchanged");

        let mut cache = SeriesCache::open(dir.path());
        let record = cache.take("a.md");
        cache.keep("a.md", record, None);
        cache.save();
        let second = cache_text(dir.path());
        assert!(
            second.contains("a.md\t") && !second.contains("b.md\t"),
            "{second}"
        );
        let leftovers = std::fs::read_dir(dir.path().join(CACHE_DIR))
            .expect("listed")
            .count();
        assert_eq!(
            leftovers, 2,
            "the cache and its .gitignore, no temporary file"
        );
    }

    /// A change after records kept as they were: those are copied from the last file,
    /// the rest written; when another run replaced the file meanwhile, this run writes
    /// nothing rather than mix the two.
    #[test]
    fn records_kept_before_a_change_are_copied_and_checked() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut cache = SeriesCache::open(dir.path());
        let old = cache.started - 10 * RACY_MARGIN_NANOS;
        let record = |hash| Record::new(stamp(old), hash, 2, listing("Sam", 0));
        for key in ["a.md", "b.md", "c.md"] {
            cache.keep(key, None, Some(record(1)));
        }
        cache.save();

        let mut cache = SeriesCache::open(dir.path());
        for (key, fresh) in [("a.md", None), ("b.md", Some(record(5))), ("c.md", None)] {
            let old = cache.take(key);
            assert!(old.is_some(), "{key}");
            cache.keep(key, old, fresh);
        }
        cache.save();
        let text = cache_text(dir.path());
        let keys: Vec<&str> = text
            .lines()
            .skip(2)
            .filter_map(|l| l.split('\t').next())
            .collect();
        assert_eq!(keys, ["a.md", "b.md", "c.md"], "{text}");
        assert!(text.contains("\t0000000000000005\t"), "{text}");

        let mut cache = SeriesCache::open(dir.path());
        let replaced = text.replace("a.md", "z.md");
        std::fs::write(dir.path().join(CACHE_DIR).join(CACHE_FILE), &replaced).expect("write");
        let old = cache.take("a.md");
        cache.keep("a.md", old, None);
        let old = cache.take("b.md");
        cache.keep("b.md", old, Some(record(6)));
        cache.save();
        assert_eq!(
            cache_text(dir.path()),
            replaced,
            "left as the other run wrote it"
        );
    }

    /// A header of another build makes the file worthless; a line that is not a record
    /// ends the records (the files after it are read again).
    #[test]
    fn a_file_that_is_not_a_cache_of_this_build_holds_nothing() {
        let line = |key: &str| {
            format!("{key}\t1\t2\t0000000000000007\t0000000000000009\t2026-11-23\t1\t0\tSam")
        };
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join(CACHE_DIR).join(CACHE_FILE);
        std::fs::create_dir_all(dir.path().join(CACHE_DIR)).expect("mkdir");
        let good = format!(
            "{}\n5\n{}\nbroken\t1\n{}\n",
            header(),
            line("a.md"),
            line("c.md")
        );
        std::fs::write(&file, good).expect("write");
        let mut cache = SeriesCache::open(dir.path());
        assert!(cache.take("a.md").is_some());
        assert_eq!(cache.take("c.md"), None);
        for text in [
            format!("agendalint series cache 1\n5\n{}\n", line("a.md")),
            format!("{}\nnot a time\n{}\n", header(), line("a.md")),
            String::new(),
        ] {
            std::fs::write(&file, &text).expect("write");
            assert_eq!(SeriesCache::open(dir.path()).take("a.md"), None, "{text:?}");
        }
        let root = Path::new("/notes");
        assert_eq!(
            SeriesCache::key(root, Path::new("/notes/alex/a.md")).as_deref(),
            Some("alex/a.md")
        );
        assert_eq!(SeriesCache::key(root, Path::new("/elsewhere/a.md")), None);
        assert_eq!(SeriesCache::key(root, Path::new("/notes/a\tb.md")), None);
    }

    /// The walk meets a folder's files before the next name that sorts after the
    /// folder's own name.
    #[test]
    fn keys_follow_the_walk() {
        for (before, after) in [
            ("a/x.md", "a-b/y.md"),
            ("a/b/c.md", "a/bc.md"),
            ("a/b.md", "a.md"),
            ("alex/2026-01-02.md", "alex/2026-01-10.md"),
        ] {
            assert_eq!(
                walk_order(before, after),
                Ordering::Less,
                "{before} {after}"
            );
            assert_eq!(walk_order(after, before), Ordering::Greater);
        }
    }
}
