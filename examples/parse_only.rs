//! The parse-only baseline for the benchmarks: the least work any agenda linter built on
//! agendalint's crates must do, at the same thread count.
//!
//! ```sh
//! cargo build --release --example parse_only
//! target/release/examples/parse_only DIR_OR_FILE...
//! ```
//!
//! Walks the paths with walkdir as agendalint does (sorted, hidden folders,
//! `node_modules` and `target` skipped, `*.md`/`*.markdown` only), then on rayon's global
//! pool (one thread per CPU, as in `agendalint check`) reads each file, splits off the
//! YAML front matter and parses it with `serde_yaml`, and runs pulldown-cmark over the
//! body with the options of `src/model/markdown.rs`, consuming every event with its
//! offsets. It prints only a count (files, and events, so that nothing is optimised
//! away). No config, no rules, no output formatting.

// A command-line tool: its one output is the count on standard output.
#![allow(clippy::print_stdout)]

use std::path::{Path, PathBuf};

use pulldown_cmark::{Options, Parser};
use rayon::prelude::*;
use walkdir::WalkDir;

/// The same options as `src/model/markdown.rs`.
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH
}

fn skipped(entry: &walkdir::DirEntry) -> bool {
    let name = entry.file_name().to_string_lossy();
    let hidden = name.starts_with('.') && name != "." && name != "..";
    hidden || (entry.file_type().is_dir() && (name == "node_modules" || name == "target"))
}

fn is_agenda(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

fn collect(root: &Path, out: &mut Vec<PathBuf>) {
    let walker = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !skipped(e));
    for entry in walker.filter_map(Result::ok) {
        if entry.file_type().is_file() && is_agenda(entry.path()) {
            out.push(entry.into_path());
        }
    }
}

/// Splits `---` front matter off the start of `text`: (yaml, body offset).
fn split(text: &str) -> (Option<&str>, usize) {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let Some(after_open) = rest
        .strip_prefix("---\n")
        .or_else(|| rest.strip_prefix("---\r\n"))
    else {
        return (None, start);
    };
    let open_len = rest.len() - after_open.len();
    let mut pos = 0;
    for line in after_open.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r', ' ', '\t']);
        if content == "---" || content == "..." {
            let yaml = &after_open[..pos];
            return (Some(yaml), start + open_len + pos + line.len());
        }
        pos += line.len();
    }
    (None, start)
}

fn process(path: &Path) -> usize {
    let Ok(text) = std::fs::read_to_string(path) else {
        return 0;
    };
    let (yaml, body_start) = split(&text);
    let mut count = 1;
    if let Some(yaml) = yaml {
        if let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(yaml) {
            count += value.as_mapping().map_or(0, serde_yaml::Mapping::len);
        }
    }
    for (_event, range) in Parser::new_ext(&text[body_start..], options()).into_offset_iter() {
        count += usize::from(range.end >= range.start);
    }
    count
}

fn main() {
    let mut files = Vec::new();
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let args = if args.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args
    };
    for path in &args {
        if path.is_dir() {
            collect(path, &mut files);
        } else {
            files.push(path.clone());
        }
    }
    let events: usize = files.par_iter().map(|p| process(p)).sum();
    println!("{} files, {events} items", files.len());
}
