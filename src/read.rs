//! Every read of outside data goes through here, with a bound: agendas, config files, the
//! previous meeting's file, a file about to be overwritten by `--fix`, standard input,
//! what `git` prints, the pre-commit hook.
//!
//! A path is read only when it is a regular file (or a symbolic link to one): a named
//! pipe would block the run until someone writes to it, and a device such as
//! `/dev/zero` never ends. The file is checked before it is opened, opened without
//! blocking, and checked again once open, so a file swapped for a pipe in between is
//! refused too. No more than `limit` bytes are ever read, whatever the file's size
//! claims (a file can grow while it is read; a stream has no size).
//!
//! Reasons are short, stable sentences without OS error numbers, so that they read well
//! after "Cannot check this file: " and "cannot read config file PATH: ".

use std::fs::{File, FileType, Metadata};
use std::io::{self, Read};
use std::path::Path;

/// The largest config file read (1 MiB): far above any real one.
pub const CONFIG_LIMIT: u64 = 1024 * 1024;

/// Why a file (or stream) was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Opening or reading failed.
    #[error("{}", crate::files::describe_io(.0))]
    Io(#[from] io::Error),
    /// A symbolic link whose target does not exist.
    #[error("broken symbolic link ({})", crate::files::describe_io(.0))]
    BrokenLink(io::Error),
    /// Not a regular file: what it is instead (`a named pipe (FIFO)`, `a folder`, ...).
    #[error("not a regular file but {0}; only regular files are read")]
    NotRegular(&'static str),
    /// Larger than the limit, by its size on disk.
    #[error("file is {size} bytes, over the {limit}-byte limit; it was not read")]
    TooLarge {
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// More than the limit came (a stream, or a file that grew while read).
    #[error("file is over the {limit}-byte limit; it was not read")]
    OverLimit {
        /// The limit.
        limit: u64,
    },
    /// Not UTF-8.
    #[error("not valid UTF-8 (first invalid byte at offset {valid_up_to}); save it as UTF-8")]
    NotUtf8 {
        /// Where the first invalid byte is.
        valid_up_to: usize,
    },
}

/// The bytes of the regular file at `path`, at most `limit` of them.
pub fn bytes(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let before = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(error) if std::fs::symlink_metadata(path).is_ok() => {
            return Err(ReadError::BrokenLink(error));
        }
        Err(error) => return Err(error.into()),
    };
    regular(&before)?;
    if before.len() > limit {
        return Err(ReadError::TooLarge {
            size: before.len(),
            limit,
        });
    }
    let file = open(path)?;
    let opened = file.metadata()?;
    regular(&opened)?;
    let capacity = usize::try_from(opened.len().min(limit)).unwrap_or(0);
    bounded(file, limit, capacity)
}

/// The regular file at `path`, opened for reading and checked before and after it is
/// opened (as [`bytes`] does), for a reader that takes it a line at a time; the caller
/// bounds what it reads.
pub fn open_regular(path: &Path) -> Result<File, ReadError> {
    let before = std::fs::metadata(path)?;
    regular(&before)?;
    let file = open(path)?;
    regular(&file.metadata()?)?;
    Ok(file)
}

/// The text of the regular file at `path`, at most `limit` bytes of UTF-8.
pub fn text(path: &Path, limit: u64) -> Result<String, ReadError> {
    utf8(bytes(path, limit)?)
}

/// Everything `reader` yields, as long as it is at most `limit` bytes; reading stops
/// one byte past the limit.
pub fn stream(reader: impl Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    bounded(reader, limit, 0)
}

/// Bytes as UTF-8 text.
pub fn utf8(bytes: Vec<u8>) -> Result<String, ReadError> {
    String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
        valid_up_to: e.utf8_error().valid_up_to(),
    })
}

fn bounded(reader: impl Read, limit: u64, capacity: usize) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(capacity);
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::OverLimit { limit });
    }
    Ok(bytes)
}

fn regular(meta: &Metadata) -> Result<(), ReadError> {
    if meta.is_file() {
        Ok(())
    } else {
        Err(ReadError::NotRegular(kind(meta.file_type())))
    }
}

/// What a file that is not a regular file is, for the reason.
pub fn kind(file_type: FileType) -> &'static str {
    if file_type.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    "a special file"
}

/// Opens for reading without waiting: opening a named pipe otherwise blocks until a
/// writer comes. Reads from a regular file do not look at the flag.
#[cfg(unix)]
fn open(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// Makes a named pipe at `path`, for the tests that a pipe is never waited on; false
/// where `mkfifo` is missing (as on Windows).
#[cfg(test)]
pub(crate) fn make_fifo(path: &Path) -> bool {
    std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_are_read_up_to_the_limit() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.md");
        std::fs::write(&path, "12345").expect("write");
        assert_eq!(text(&path, 5).expect("at the limit"), "12345");
        assert_eq!(
            text(&path, 4).expect_err("over").to_string(),
            "file is 5 bytes, over the 4-byte limit; it was not read"
        );
        std::fs::write(&path, b"ok\xff").expect("write");
        assert_eq!(
            text(&path, 10).expect_err("latin-1").to_string(),
            "not valid UTF-8 (first invalid byte at offset 2); save it as UTF-8"
        );
        assert_eq!(
            text(&dir.path().join("missing.md"), 10)
                .expect_err("missing")
                .to_string(),
            "no such file or folder"
        );
        assert_eq!(
            text(dir.path(), 10).expect_err("folder").to_string(),
            "not a regular file but a folder; only regular files are read"
        );
    }

    #[test]
    fn streams_stop_one_byte_past_the_limit() {
        let endless = std::io::repeat(b'x');
        assert_eq!(
            stream(endless, 1000).expect_err("endless").to_string(),
            "file is over the 1000-byte limit; it was not read"
        );
        assert_eq!(stream(&b"abc"[..], 3).expect("at the limit"), b"abc");
    }

    #[cfg(unix)]
    #[test]
    fn pipes_devices_and_broken_links_are_refused_unopened() {
        let dir = tempfile::tempdir().expect("temp dir");
        let link = dir.path().join("link.yaml");
        std::os::unix::fs::symlink("nowhere", &link).expect("symlink");
        assert_eq!(
            text(&link, 10).expect_err("dangling").to_string(),
            "broken symbolic link (no such file or folder)"
        );
        if Path::new("/dev/zero").exists() {
            assert_eq!(
                bytes(Path::new("/dev/zero"), 10)
                    .expect_err("device")
                    .to_string(),
                "not a regular file but a character device; only regular files are read"
            );
        }
        let fifo = dir.path().join("pipe.md");
        if make_fifo(&fifo) {
            assert!(matches!(
                bytes(&fifo, 10),
                Err(ReadError::NotRegular("a named pipe (FIFO)"))
            ));
            // Opened without waiting for a writer, then refused by the second check.
            let file = open(&fifo).expect("opens at once");
            assert!(matches!(
                regular(&file.metadata().expect("meta")),
                Err(ReadError::NotRegular("a named pipe (FIFO)"))
            ));
        }
    }
}
