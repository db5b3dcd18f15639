//! Converts the rule data (`rules/*.yaml`) to JSON at build time: the rules read their
//! word lists at start-up, and JSON reads several times faster than YAML. The YAML files
//! stay the source (they hold the comments); `src/rules/data.rs` finds the JSON form of
//! an embedded YAML text.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    if let Err(message) = convert() {
        println!("cargo::error={message}");
    }
}

fn convert() -> Result<(), String> {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").map_err(|e| e.to_string())?);
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(|e| e.to_string())?);
    let rules = manifest.join("rules");
    println!("cargo::rerun-if-changed=rules");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&rules)
        .map_err(|e| format!("{}: {e}", rules.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    paths.sort();
    let mut table = String::from(
        "/// Each embedded rule data file's YAML text and its JSON form.\n\
         pub(crate) static RULE_DATA: &[(&str, &str)] = &[\n",
    );
    for path in &paths {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let value: serde_yaml::Value =
            serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let json = serde_json::to_string(&value).map_err(|e| format!("{}: {e}", path.display()))?;
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or_else(|| format!("{}: not a UTF-8 name", path.display()))?;
        let json_path = out.join(format!("{name}.json"));
        std::fs::write(&json_path, json).map_err(|e| format!("{}: {e}", json_path.display()))?;
        let _ = writeln!(
            table,
            "    (include_str!({:?}), include_str!({:?})),",
            path.display().to_string(),
            json_path.display().to_string()
        );
    }
    table.push_str("];\n");
    let table_path = out.join("rule_data.rs");
    std::fs::write(&table_path, table).map_err(|e| format!("{}: {e}", table_path.display()))
}
