//! The output formats agree: for the same fixtures, `json`, `concise`, `github` and
//! `sarif` report the same findings at the same positions; the SARIF is valid against
//! the official 2.1.0 schema; every config the project ships validates against
//! `agendalint schema`.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::common::{root, run};

/// (path, rule, line, column, end line, end column)
type Finding = (String, String, u64, u64, u64, u64);

fn from_json(text: &str) -> BTreeSet<Finding> {
    let json: Value = serde_json::from_str(text).expect("JSON");
    json["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .map(|d| {
            let n = |k: &str| d["span"][k].as_u64().expect("number");
            (
                d["path"].as_str().expect("path").to_string(),
                d["rule"].as_str().expect("rule").to_string(),
                n("line"),
                n("column"),
                n("end_line"),
                n("end_column"),
            )
        })
        .collect()
}

fn from_sarif(text: &str) -> BTreeSet<Finding> {
    let sarif: Value = serde_json::from_str(text).expect("SARIF is JSON");
    sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            let location = &r["locations"][0]["physicalLocation"];
            let n = |k: &str| location["region"][k].as_u64().expect("number");
            (
                location["artifactLocation"]["uri"]
                    .as_str()
                    .expect("uri")
                    .to_string(),
                r["ruleId"].as_str().expect("rule").to_string(),
                n("startLine"),
                n("startColumn"),
                n("endLine"),
                n("endColumn"),
            )
        })
        .collect()
}

fn from_github(text: &str) -> BTreeSet<Finding> {
    text.lines()
        .filter(|l| l.starts_with("::"))
        .map(|l| {
            let properties = l.split_once(' ').expect("command and properties").1;
            let properties = properties.split("::").next().expect("properties");
            let field = |name: &str| {
                properties
                    .split(',')
                    .find_map(|p| p.strip_prefix(&format!("{name}=")))
                    .unwrap_or_else(|| panic!("{name} missing in {l}"))
                    .replace("%2C", ",")
                    .replace("%3A", ":")
                    .replace("%25", "%")
            };
            let n = |name: &str| field(name).parse::<u64>().expect("number");
            let title = field("title");
            let rule = title
                .strip_prefix("agendalint (")
                .and_then(|t| t.strip_suffix(')'))
                .expect("title names the rule")
                .to_string();
            (
                field("file"),
                rule,
                n("line"),
                n("col"),
                n("endLine"),
                n("endColumn"),
            )
        })
        .collect()
}

/// Concise output has no end positions: compare what it has.
fn without_ends(findings: &BTreeSet<Finding>) -> BTreeSet<(String, String, u64, u64)> {
    findings
        .iter()
        .map(|(p, r, l, c, _, _)| (p.clone(), r.clone(), *l, *c))
        .collect()
}

fn from_concise(text: &str) -> BTreeSet<(String, String, u64, u64)> {
    text.lines()
        .filter_map(|l| {
            let (location, rest) = l.split_once(": ")?;
            let mut parts = location.rsplitn(3, ':');
            let column = parts.next()?.parse().ok()?;
            let line = parts.next()?.parse().ok()?;
            let path = parts.next()?.to_string();
            let rule = rest.split_once('[')?.1.split_once(']')?.0.to_string();
            Some((path, rule, line, column))
        })
        .collect()
}

#[test]
fn every_format_reports_the_same_findings_at_the_same_places() {
    for target in ["fixtures/rules", "fixtures/notes"] {
        let (_, json, _) = run(&["check", target, "--format", "json"]);
        let (_, sarif, _) = run(&["check", target, "--format", "sarif"]);
        let (_, github, _) = run(&["check", target, "--format", "github"]);
        let (_, concise, _) = run(&["check", target, "--format", "concise"]);
        let expected = from_json(&json);
        assert!(expected.len() > 10, "{target}: expected findings");
        assert_eq!(from_sarif(&sarif), expected, "{target}: sarif");
        assert_eq!(from_github(&github), expected, "{target}: github");
        assert_eq!(
            from_concise(&concise),
            without_ends(&expected),
            "{target}: concise"
        );
    }
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let Some(path) = std::env::var_os("AGENDALINT_SARIF_SCHEMA") else {
        eprintln!(
            "SKIPPED: set AGENDALINT_SARIF_SCHEMA to sarif-schema-2.1.0.json (../shared/schemas) to run this test"
        );
        return;
    };
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("schema file"))
        .expect("schema JSON");
    let validator = jsonschema::validator_for(&schema).expect("a usable schema");
    for target in ["fixtures/rules", "fixtures/notes"] {
        let (_, sarif, _) = run(&["check", target, "--format", "sarif"]);
        let document: Value = serde_json::from_str(&sarif).expect("SARIF is JSON");
        let errors: Vec<String> = validator
            .iter_errors(&document)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{target}: SARIF does not validate:\n{}",
            errors.join("\n")
        );
        let rules = document["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .expect("rules");
        for entry in agendalint::rules::REGISTRY {
            let rule = rules
                .iter()
                .find(|r| r["id"] == entry.meta.id)
                .expect("every rule is described");
            for field in ["shortDescription", "fullDescription", "help"] {
                assert!(
                    rule[field]["text"].as_str().is_some_and(|t| !t.is_empty()),
                    "{}: {field}",
                    entry.meta.id
                );
            }
        }
    }
}

#[test]
fn shipped_and_starter_configs_validate_against_the_schema() {
    let (code, schema, _) = run(&["schema"]);
    assert_eq!(code, 0);
    let schema: Value = serde_json::from_str(&schema).expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("a usable schema");
    let mut configs: Vec<(String, String)> = walkdir::WalkDir::new(root().join("fixtures"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".agendalint.y"))
        .map(|e| {
            (
                e.path().display().to_string(),
                std::fs::read_to_string(e.path()).expect("read"),
            )
        })
        .collect();
    configs.push(("init".to_string(), agendalint::scaffold::starter_config()));
    assert!(configs.len() > 5);
    for (name, text) in configs {
        let value: Value = serde_yaml::from_str::<Option<Value>>(&text)
            .expect("YAML")
            .unwrap_or(Value::Object(serde_json::Map::new()));
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{name} does not validate:\n{}",
            errors.join("\n")
        );
    }
    // And the schema refuses what the config loader refuses.
    let bad: Value = serde_yaml::from_str("rules:\n  compliant-phrasing: off\n").expect("YAML");
    assert!(!validator.is_valid(&bad), "an unknown rule is refused");
}
