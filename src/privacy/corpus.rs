//! The labelled privacy set (`tests/labelled/privacy/pNN.yaml`): what its writers wrote,
//! read the one way the evaluation, the training and the tests read it.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::Roster;

/// The writers the detectors and scorers were built on.
pub const DEVELOPMENT: [&str; 37] = [
    "p02", "p03", "p04", "p05", "p07", "p08", "p09", "p10", "p11", "p12", "p13", "p14", "p15",
    "p16", "p17", "p18", "p19", "p20", "p21", "p22", "p23", "p24", "p25", "p26", "p27", "p28",
    "p29", "p30", "p31", "p32", "p33", "p34", "p35", "p36", "p37", "p38", "p39",
];

/// The writers nothing was built on, drawn before any file was written.
pub const FROZEN: [&str; 2] = ["p01", "p06"];

/// One agenda of a writer.
#[derive(Debug, Deserialize)]
pub struct LabelledAgenda {
    /// Who the meeting is with.
    #[serde(default)]
    pub with: Option<String>,
    /// The colleagues the agenda names (its roster besides `with`).
    #[serde(default)]
    pub people: Vec<String>,
    /// Its sections, in order.
    #[serde(default)]
    pub sections: Vec<LabelledSection>,
}

impl LabelledAgenda {
    /// The roster of the agenda: `with` and `people`, no owner.
    pub fn roster(&self) -> Roster {
        Roster::new(
            self.with.iter().chain(&self.people).cloned(),
            Vec::<String>::new(),
        )
    }
}

/// One section: its heading and bullets.
#[derive(Debug, Deserialize)]
pub struct LabelledSection {
    /// The heading, without `#`.
    #[serde(default)]
    pub heading: String,
    /// Its bullets.
    #[serde(default)]
    pub items: Vec<LabelledItem>,
}

/// One bullet (sub-bullets on its following lines) and the rules it should fire.
#[derive(Debug, Deserialize)]
pub struct LabelledItem {
    /// The text after `- `.
    pub text: String,
    /// The ids of the privacy rules it discloses for.
    #[serde(default)]
    pub fires: Vec<String>,
}

/// The folder of the set in this repository.
pub fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/labelled/privacy")
}

/// Reads one writer's file (`p03`).
///
/// # Errors
///
/// When the file cannot be read or is not a list of agendas; the message names the file.
pub fn read_writer(writer: &str) -> Result<Vec<LabelledAgenda>, String> {
    read_file(&folder().join(format!("{writer}.yaml")))
}

/// Reads a writer's file wherever it is (a new writer's, before it joins the set).
///
/// # Errors
///
/// When the file cannot be read or is not a list of agendas; the message names the file.
pub fn read_file(path: &Path) -> Result<Vec<LabelledAgenda>, String> {
    read_yaml(path)
}

/// Reads a YAML file of the set into `T` (the writers' files, and the other labelled
/// files beside them).
///
/// # Errors
///
/// When the file cannot be read or does not hold a `T`; the message names the file.
pub fn read_yaml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, String> {
    std::fs::read_to_string(path)
        .map_err(|e| e.to_string())
        .and_then(|text| serde_yaml::from_str(&text).map_err(|e| e.to_string()))
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// The confusion counts of one rule, as the wording rules are measured.
pub use crate::wording::corpus::Counts;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_writer_reads_and_labels_only_privacy_rules() {
        for writer in DEVELOPMENT.iter().chain(&FROZEN) {
            let agendas = read_writer(writer).expect("the writer's file reads");
            assert!(agendas.len() >= 20, "{writer}");
            for item in agendas
                .iter()
                .flat_map(|a| &a.sections)
                .flat_map(|s| &s.items)
            {
                for label in &item.fires {
                    assert!(super::super::is_privacy_rule(label), "{writer}: {label}");
                }
            }
        }
    }
}
