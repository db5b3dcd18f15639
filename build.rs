//! Prepares the rule data (`rules/*.yaml`) at build time:
//!
//! - writes each file's value as Rust constants (`rules::data::Node`): the rules read
//!   their word lists at start-up straight from the binary, with nothing to parse. The
//!   YAML files stay the source (they hold the comments); `src/rules/data.rs` finds the
//!   value of an embedded YAML text.
//! - parses each pattern of the built-in pattern lists (the lists under
//!   `pattern_source::PATTERN_KEYS`) into a regex syntax tree and writes it as Rust code
//!   that builds the tree, with the literals every match of it holds: parsing a regex is
//!   most of its compile time, and `src/detect/phrases/patterns.rs` starts from the tree,
//!   compiling a pattern only for a text that holds its literals.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use regex_syntax::hir::{Class, Hir, HirKind};

#[path = "src/detect/pattern_source.rs"]
mod pattern_source;

// The build uses the half of the module that builds an index, a run the half that
// searches one.
#[allow(dead_code)]
#[path = "src/detect/phrases/index.rs"]
mod phrase_index;

fn main() {
    if let Err(message) = build() {
        println!("cargo::error={message}");
    }
}

/// One rule data file: where it is and what it holds.
struct RuleFile {
    path: PathBuf,
    value: serde_yaml::Value,
}

/// Reads the rule data once and writes what the crate includes from `OUT_DIR`.
fn build() -> Result<(), String> {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").map_err(|e| e.to_string())?);
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(|e| e.to_string())?);
    println!("cargo::rerun-if-changed=rules");
    println!("cargo::rerun-if-changed=src/detect/pattern_source.rs");
    println!("cargo::rerun-if-changed=src/detect/phrases/index.rs");
    let files = rule_files(&manifest.join("rules"))?;
    convert(&files, &out)?;
    prebuild_patterns(&files, &out)?;
    prebuild_phrases(&files, &out)?;
    digest_series_code(&manifest)
}

/// The code that summarises an agenda for the meeting series, and the cache that keeps
/// the summaries: `src/runner/cache.rs` trusts a summary only from a build of the same
/// code, told by this digest (`AGENDALINT_SERIES_CODE`). Not a cryptographic digest: it
/// only has to change when the code does.
fn digest_series_code(manifest: &Path) -> Result<(), String> {
    const SOURCES: [&str; 5] = [
        "src/series.rs",
        "src/runner/cache.rs",
        "src/model/front_matter.rs",
        "src/model/sections.rs",
        "src/model/timebox.rs",
    ];
    // FNV-1a, 64 bits: the same value from build to build and compiler to compiler.
    let mut digest: u64 = 0xcbf2_9ce4_8422_2325;
    for source in SOURCES {
        println!("cargo::rerun-if-changed={source}");
        let text = std::fs::read(manifest.join(source)).map_err(|e| format!("{source}: {e}"))?;
        for byte in source.bytes().chain(text) {
            digest = (digest ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    println!("cargo::rustc-env=AGENDALINT_SERIES_CODE={digest:016x}");
    Ok(())
}

/// Every `rules/*.yaml` file, read, in the order of their paths.
fn rule_files(rules: &Path) -> Result<Vec<RuleFile>, String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(rules)
        .map_err(|e| format!("{}: {e}", rules.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let value: serde_yaml::Value =
                serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            Ok(RuleFile { path, value })
        })
        .collect()
}

/// Writes `prebuilt_patterns.rs`: for each pattern of each built-in pattern list, its
/// regex source, a function that builds the syntax tree `regex-syntax` parses from it,
/// the literals every match of it holds (`pattern_source::gate`), and, when it
/// determinizes within `DFA_SIZE_LIMIT`, its forward and reverse sparse DFAs (written
/// beside it as `pattern_N.fwd` and `pattern_N.rev`, in the target's byte order).
fn prebuild_patterns(files: &[RuleFile], out: &Path) -> Result<(), String> {
    let big_endian = std::env::var("CARGO_CFG_TARGET_ENDIAN").is_ok_and(|e| e == "big");
    let mut code = String::new();
    let mut table = String::from(
        "/// Each built-in pattern as written and whether its list is in lowercase, its regex\n\
         /// source, the function that builds its tree, its gate, and its forward and\n\
         /// reverse sparse DFAs when it has them.\n\
         pub(super) static PREBUILT: &[((&str, bool), &str, fn() -> Hir, Gate, Option<(&[u8], &[u8])>)] = &[\n",
    );
    let mut lists = Vec::new();
    for file in files {
        let name = file
            .path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("?");
        pattern_lists(&file.value, name, &mut Vec::new(), &mut lists)?;
    }
    let mut index = 0;
    for (place, patterns) in &lists {
        let lowercase = pattern_source::is_lowercase(patterns);
        for pattern in patterns {
            let source = pattern_source::pattern_regex_source(pattern, lowercase);
            let hir = regex_syntax::ParserBuilder::new()
                .utf8(false)
                .build()
                .parse(&source)
                .map_err(|e| format!("{place}: {e}"))?;
            let _ = writeln!(code, "/// The tree of {source:?} ({place}).");
            let _ = write!(code, "fn pattern_{index}() -> Hir {{\n    ");
            hir_code(&hir, &mut code);
            code.push_str("\n}\n\n");
            let _ = write!(
                table,
                "    (({pattern:?}, {lowercase}), {source:?}, pattern_{index}, &["
            );
            for condition in pattern_source::gate(&hir) {
                table.push_str("&[");
                for literal in condition {
                    let _ = write!(table, "b\"{}\", ", literal.escape_ascii());
                }
                table.push_str("], ");
            }
            table.push_str("], ");
            match pattern_dfas(&source, big_endian) {
                Some((forward, reverse)) => {
                    for (bytes, end) in [(forward, "fwd"), (reverse, "rev")] {
                        let path = out.join(format!("pattern_{index}.{end}"));
                        std::fs::write(&path, bytes)
                            .map_err(|e| format!("{}: {e}", path.display()))?;
                    }
                    let _ = write!(
                        table,
                        "Some((include_bytes!(concat!(env!(\"OUT_DIR\"), \"/pattern_{index}.fwd\")) as &[u8], \
                         include_bytes!(concat!(env!(\"OUT_DIR\"), \"/pattern_{index}.rev\")) as &[u8]))"
                    );
                }
                None => table.push_str("None"),
            }
            table.push_str("),\n");
            index += 1;
        }
    }
    table.push_str("];\n");
    code.push_str(&table);
    let path = out.join("prebuilt_patterns.rs");
    std::fs::write(&path, code).map_err(|e| format!("{}: {e}", path.display()))
}

/// Writes `prebuilt_phrases.rs`: for every list of strings in the rule data (the
/// pattern lists, the vocabulary files and the word sets aside), each once, the list
/// as written, its normalized phrases, their prefix flags and their word index
/// (`src/detect/phrases/index.rs`), sorted by the number of strings and their total
/// length, the key a run looks a list up by; and the lists joined into one index per
/// group whose phrases each name their list, which a run scans each text with once for
/// all of them.
fn prebuild_phrases(files: &[RuleFile], out: &Path) -> Result<(), String> {
    // Each list with its group: the privacy rules' lists are joined apart, as most runs
    // do not ask for them. The vocabulary files, and the word sets below, hold words
    // that the lexer, the section headings, the measures and the skill words read one
    // at a time, not phrase lists: joined, their common words ("to", "by", "day",
    // "learn") would be hits in every text.
    const VOCABULARY_FILES: [&str; 3] = ["measures.yaml", "sections.yaml", "time-words.yaml"];
    const WORD_SETS: [(&str, &str); 2] =
        [("skills.yaml", "generic"), ("skills.yaml", "common_words")];
    let mut lists: Vec<(usize, Vec<String>)> = Vec::new();
    for file in files {
        let name = file
            .path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if VOCABULARY_FILES.contains(&name) {
            continue;
        }
        let mut value = file.value.clone();
        if let serde_yaml::Value::Mapping(map) = &mut value {
            for (_, key) in WORD_SETS.iter().filter(|(file, _)| *file == name) {
                map.remove(*key);
            }
        }
        let group = usize::from(name == "privacy.yaml");
        let mut found = Vec::new();
        string_lists(&value, false, &mut found);
        lists.extend(found.into_iter().map(|list| (group, list)));
    }
    let key = |list: &[String]| (list.len(), list.iter().map(String::len).sum::<usize>());
    lists.sort_by(|(g1, l1), (g2, l2)| (key(l1), g1).cmp(&(key(l2), g2)));
    lists.dedup_by(|(_, later), (_, first)| later == first);
    let mut code = String::from(
        "/// Every list of strings of the rule data, indexed, by the number of strings\n\
         /// and their total length.\n\
         pub(super) static PREBUILT_LISTS: &[PrebuiltList] = &[\n",
    );
    let mut joints = vec![(phrase_index::Phrases::default(), Vec::new(), Vec::new()); 2];
    for (place, (group, list)) in lists.iter().enumerate() {
        let (phrases, prefix) = phrase_index::Phrases::normalized(list.iter().map(String::as_str));
        let mut ends = Vec::with_capacity(list.len());
        let mut end = 0;
        for string in list {
            end += string.len();
            ends.push(end);
        }
        let _ = writeln!(
            code,
            "PrebuiltList {{ source: {:?}, source_ends: &{ends:?}, group: {group}, {} }},",
            list.concat(),
            indexed_code(&phrases, &prefix)
        );
        let (joint, joint_prefix, owner) = &mut joints[*group];
        for phrase in phrases.iter() {
            joint.push(phrase);
            owner.push(place);
        }
        joint_prefix.extend_from_slice(&prefix);
    }
    code.push_str("];\n\n");
    code.push_str(
        "/// The lists of `PREBUILT_LISTS` joined by group (0: every rule's lists but the\n\
         /// privacy rules', 1: theirs), each in that order.\n\
         pub(super) static PREBUILT_JOINTS: &[PrebuiltJoint] = &[\n",
    );
    for (joint, joint_prefix, owner) in &joints {
        let _ = writeln!(
            code,
            "PrebuiltJoint {{ owner: &{owner:?}, {} }},",
            indexed_code(joint, joint_prefix)
        );
    }
    code.push_str("];\n");
    let path = out.join("prebuilt_phrases.rs");
    std::fs::write(&path, code).map_err(|e| format!("{}: {e}", path.display()))
}

/// The fields `phrases`, `prefix` and `index` of a prebuilt list, as Rust code that
/// borrows every array from the binary.
fn indexed_code(phrases: &phrase_index::Phrases, prefix: &[bool]) -> String {
    let index = phrase_index::WordIndex::new(phrases, prefix);
    format!(
        "phrases: Phrases {{ text: Cow::Borrowed({:?}), ends: Cow::Borrowed(&{:?}) }}, \
         prefix: &{prefix:?}, \
         index: WordIndex {{ by_first_word: {}, stems: {}, first_word_starts: Starts({:?}), \
         stem_starts: Starts({:?}), stem_key: {}, anywhere: Cow::Borrowed(&{:?}), \
         anywhere_bytes: Cow::Borrowed(&{:?}) }}",
        phrases.text,
        phrases.ends,
        buckets_code(&index.by_first_word),
        buckets_code(&index.stems),
        index.first_word_starts.0,
        index.stem_starts.0,
        index.stem_key,
        index.anywhere,
        index.anywhere_bytes,
    )
}

/// The Rust expression of `buckets`, borrowing its arrays from the binary.
fn buckets_code<T: Clone + std::fmt::Debug>(buckets: &phrase_index::Buckets<T>) -> String {
    format!(
        "Buckets {{ starts: Cow::Borrowed(&{:?}), entries: Cow::Borrowed(&{:?}), mask: {} }}",
        buckets.starts, buckets.entries, buckets.mask
    )
}

/// Every non-empty list of strings in `value`, however deep, but the lists under one of
/// `pattern_source::PATTERN_KEYS` (regexes, not phrases). `patterns` says whether
/// `value` is such a list.
fn string_lists(value: &serde_yaml::Value, patterns: bool, out: &mut Vec<Vec<String>>) {
    match value {
        serde_yaml::Value::Mapping(map) => {
            for (key, item) in map {
                let is_patterns = key
                    .as_str()
                    .is_some_and(|key| pattern_source::PATTERN_KEYS.contains(&key));
                string_lists(item, is_patterns, out);
            }
        }
        serde_yaml::Value::Sequence(items) => {
            let strings: Option<Vec<String>> = items
                .iter()
                .map(|item| item.as_str().map(str::to_string))
                .collect();
            match strings {
                Some(strings) if !strings.is_empty() && !patterns => out.push(strings),
                _ => items.iter().for_each(|item| string_lists(item, false, out)),
            }
        }
        _ => {}
    }
}

/// The largest DFA a pattern is determinized into at build time, in bytes, while it is
/// built (dense) and once built. Most built-in patterns need a few KB; the few with
/// long alternations inside bounded repeats (`[^.;]{0,40}`) grow past any size worth
/// shipping, and are compiled at run time instead, when a text needs them.
const DFA_SIZE_LIMIT: usize = 1 << 20;

/// The forward and reverse sparse DFAs of regex `source` as bytes (a leftmost-first
/// search finds where a match ends with the first, where it starts with the second),
/// with the options the run compiles patterns with (no UTF-8 requirement); `None` when
/// it does not determinize within [`DFA_SIZE_LIMIT`].
fn pattern_dfas(source: &str, big_endian: bool) -> Option<(Vec<u8>, Vec<u8>)> {
    use regex_automata::dfa::dense;
    use regex_automata::nfa::thompson;
    let regex = regex_automata::dfa::regex::Builder::new()
        .syntax(regex_automata::util::syntax::Config::new().utf8(false))
        .thompson(thompson::Config::new().utf8(false))
        .dense(
            dense::Config::new()
                .dfa_size_limit(Some(DFA_SIZE_LIMIT))
                .determinize_size_limit(Some(DFA_SIZE_LIMIT)),
        )
        .build_sparse(source)
        .ok()?;
    let bytes = |dfa: &regex_automata::dfa::sparse::DFA<Vec<u8>>| {
        if big_endian {
            dfa.to_bytes_big_endian()
        } else {
            dfa.to_bytes_little_endian()
        }
    };
    Some((bytes(regex.forward()), bytes(regex.reverse())))
}

/// Every list under one of `pattern_source::PATTERN_KEYS` in `value` (the data of
/// `rules/{file}`, at the keys `path`), with where it is
/// (`` `rules/privacy.yaml`: `pay.patterns` ``).
fn pattern_lists(
    value: &serde_yaml::Value,
    file: &str,
    path: &mut Vec<String>,
    out: &mut Vec<(String, Vec<String>)>,
) -> Result<(), String> {
    match value {
        serde_yaml::Value::Mapping(map) => {
            for (key, item) in map {
                let key = key.as_str().unwrap_or("?");
                path.push(key.to_string());
                match item {
                    serde_yaml::Value::Sequence(list)
                        if pattern_source::PATTERN_KEYS.contains(&key) =>
                    {
                        let here = format!("`rules/{file}`: `{}`", path.join("."));
                        let patterns = list
                            .iter()
                            .map(|p| p.as_str().map(str::to_string))
                            .collect::<Option<Vec<_>>>()
                            .ok_or_else(|| format!("{here} holds a value that is not text"))?;
                        out.push((here, patterns));
                    }
                    _ => pattern_lists(item, file, path, out)?,
                }
                path.pop();
            }
        }
        serde_yaml::Value::Sequence(items) => {
            for item in items {
                pattern_lists(item, file, path, out)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Appends to `out` a Rust expression that builds `hir` with `regex-syntax`'s own
/// constructors (which simplify as the parser does, so the tree comes out equal).
fn hir_code(hir: &Hir, out: &mut String) {
    match hir.kind() {
        HirKind::Empty => out.push_str("Hir::empty()"),
        HirKind::Literal(literal) => {
            let _ = write!(
                out,
                "Hir::literal(Box::<[u8]>::from(&{:?}[..]))",
                &literal.0[..]
            );
        }
        HirKind::Class(Class::Unicode(class)) => {
            out.push_str("Hir::class(Class::Unicode(ClassUnicode::new([");
            for range in class.iter() {
                let _ = write!(
                    out,
                    "ClassUnicodeRange::new('\\u{{{:x}}}', '\\u{{{:x}}}'),",
                    u32::from(range.start()),
                    u32::from(range.end())
                );
            }
            out.push_str("])))");
        }
        HirKind::Class(Class::Bytes(class)) => {
            out.push_str("Hir::class(Class::Bytes(ClassBytes::new([");
            for range in class.iter() {
                let _ = write!(
                    out,
                    "ClassBytesRange::new({}u8, {}u8),",
                    range.start(),
                    range.end()
                );
            }
            out.push_str("])))");
        }
        HirKind::Look(look) => {
            let _ = write!(out, "Hir::look(Look::{look:?})");
        }
        HirKind::Repetition(repetition) => {
            let _ = write!(
                out,
                "Hir::repetition(Repetition {{ min: {}, max: {:?}, greedy: {}, sub: Box::new(",
                repetition.min, repetition.max, repetition.greedy
            );
            hir_code(&repetition.sub, out);
            out.push_str(") })");
        }
        HirKind::Capture(capture) => {
            let _ = write!(
                out,
                "Hir::capture(Capture {{ index: {}, name: {}, sub: Box::new(",
                capture.index,
                match &capture.name {
                    Some(name) => format!("Some(Box::from({:?}))", &**name),
                    None => "None".to_string(),
                }
            );
            hir_code(&capture.sub, out);
            out.push_str(") })");
        }
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            let constructor = if matches!(hir.kind(), HirKind::Concat(_)) {
                "concat"
            } else {
                "alternation"
            };
            let _ = write!(out, "Hir::{constructor}(vec![");
            for sub in subs {
                hir_code(sub, out);
                out.push_str(", ");
            }
            out.push_str("])");
        }
    }
}

/// Writes `rule_data.rs`: each rule data file's YAML text and its value, written out
/// as a constant tree of `rules::data::Node`s, read in place at run time.
fn convert(files: &[RuleFile], out: &Path) -> Result<(), String> {
    let mut table = String::from(
        "/// Each embedded rule data file's YAML text and its value.\n\
         pub(crate) static RULE_DATA: &[(&str, Node)] = &[\n",
    );
    for RuleFile { path, value } in files {
        let _ = write!(
            table,
            "    (include_str!({:?}), ",
            path.display().to_string()
        );
        node_code(value, &mut table).map_err(|e| format!("{}: {e}", path.display()))?;
        table.push_str("),\n");
    }
    table.push_str("];\n");
    let table_path = out.join("rule_data.rs");
    std::fs::write(&table_path, table).map_err(|e| format!("{}: {e}", table_path.display()))
}

/// Writes the Rust expression of `value` as a `Node`.
fn node_code(value: &serde_yaml::Value, out: &mut String) -> Result<(), String> {
    use serde_yaml::Value;
    match value {
        Value::Null => out.push_str("Node::Null"),
        Value::Bool(b) => {
            let _ = write!(out, "Node::Bool({b})");
        }
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                let _ = write!(out, "Node::Int({i})");
            } else if let Some(f) = n.as_f64().filter(|f| f.is_finite()) {
                let _ = write!(out, "Node::Float({f:?})");
            } else {
                return Err(format!("the number {n} does not fit the rule data"));
            }
        }
        Value::String(text) => {
            let _ = write!(out, "Node::Str({text:?})");
        }
        Value::Sequence(items) => {
            out.push_str("Node::Seq(&[");
            for item in items {
                node_code(item, out)?;
                out.push_str(", ");
            }
            out.push_str("])");
        }
        Value::Mapping(pairs) => {
            out.push_str("Node::Map(&[");
            for (key, item) in pairs {
                let Value::String(key) = key else {
                    return Err(format!("a key that is not a string: {key:?}"));
                };
                let _ = write!(out, "({key:?}, ");
                node_code(item, out)?;
                out.push_str("), ");
            }
            out.push_str("])");
        }
        Value::Tagged(tagged) => return Err(format!("a tagged value: {}", tagged.tag)),
    }
    Ok(())
}
