//! The rule data embedded in the binary (`rules/*.yaml`), read from the JSON form
//! `build.rs` makes of each file.

use serde::de::DeserializeOwned;

include!(concat!(env!("OUT_DIR"), "/rule_data.rs"));

/// Reads embedded rule data: `yaml` is one of the `rules/*.yaml` texts
/// (`include_str!`), read from its JSON form; any other text is read as YAML.
///
/// # Panics
///
/// When the data does not fit `T`: the files are embedded, and a test reads each.
pub fn embedded<T: DeserializeOwned>(yaml: &str) -> T {
    let json = RULE_DATA
        .iter()
        .find(|(text, _)| *text == yaml)
        .map(|(_, json)| *json);
    match json {
        Some(json) => serde_json::from_str(json).expect("embedded rule data is checked by a test"),
        None => serde_yaml::from_str(yaml).expect("embedded rule data is checked by a test"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_data_file_reads_the_same_from_json_as_from_yaml() {
        let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/rules"))
            .expect("the rules folder")
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
            .count();
        assert_eq!(RULE_DATA.len(), files);
        for (yaml, json) in RULE_DATA {
            let from_yaml: serde_json::Value = serde_yaml::from_str(yaml).expect("YAML");
            let from_json: serde_json::Value = serde_json::from_str(json).expect("JSON");
            assert_eq!(from_yaml, from_json);
        }
    }

    #[test]
    fn text_that_is_not_embedded_is_read_as_yaml() {
        let words: Vec<String> = embedded("- one\n- two\n");
        assert_eq!(words, ["one", "two"]);
    }
}
