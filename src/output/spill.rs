//! The body of a document whose head can only be written at the end (the JSON summary
//! comes before the diagnostics it counts): held in memory while it is small, then in an
//! anonymous temporary file, so that memory stays flat however many findings a run has.

use std::fs::File;
use std::io::{self, Seek, SeekFrom, Write};

/// How much is held in memory before the rest goes to a temporary file (1 MiB).
const IN_MEMORY: usize = 1024 * 1024;

/// Text written now and copied out later.
#[derive(Default)]
pub(super) struct Spill {
    /// The text, while it is small (or when no temporary file could be made).
    memory: Vec<u8>,
    /// The text, once it outgrew memory: an unnamed file, gone when dropped.
    file: Option<io::BufWriter<File>>,
    /// Whether nothing was written.
    empty: bool,
}

impl Spill {
    /// An empty spill.
    pub(super) fn new() -> Self {
        Self {
            empty: true,
            ..Self::default()
        }
    }

    /// Whether nothing was written yet.
    pub(super) fn is_empty(&self) -> bool {
        self.empty
    }

    /// Appends `text`.
    pub(super) fn push(&mut self, text: &str) -> io::Result<()> {
        self.empty &= text.is_empty();
        if let Some(file) = &mut self.file {
            return file.write_all(text.as_bytes());
        }
        self.memory.extend_from_slice(text.as_bytes());
        if self.memory.len() > IN_MEMORY {
            // Without a temporary folder the text stays in memory: a bigger process,
            // but still a report.
            if let Ok(file) = tempfile::tempfile() {
                let mut file = io::BufWriter::with_capacity(64 * 1024, file);
                file.write_all(&self.memory)?;
                self.memory = Vec::new();
                self.file = Some(file);
            }
        }
        Ok(())
    }

    /// Writes everything appended so far to `out`.
    pub(super) fn copy_to(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(&self.memory)?;
        if let Some(file) = self.file.take() {
            let mut file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
            file.seek(SeekFrom::Start(0))?;
            io::copy(&mut file, out)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_and_large_bodies_come_back_whole() {
        for pieces in [0, 1, 10, 40_000] {
            let mut spill = Spill::new();
            let mut expected = String::new();
            for i in 0..pieces {
                let piece = format!("piece {i} of a body that outgrows memory\n");
                spill.push(&piece).expect("written");
                expected.push_str(&piece);
            }
            assert_eq!(spill.is_empty(), pieces == 0);
            assert_eq!(
                spill.file.is_some(),
                expected.len() > IN_MEMORY,
                "spills past {IN_MEMORY} bytes"
            );
            let mut out = Vec::new();
            spill.copy_to(&mut out).expect("copied");
            assert_eq!(out, expected.as_bytes());
        }
    }
}
