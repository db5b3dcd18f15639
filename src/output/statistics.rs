//! `--statistics`: how many findings each rule produced, and how many are fixable.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::Summary;
use super::json::json_to_io;
use crate::diagnostic::Severity;
use crate::runner::CheckRun;

#[derive(Serialize)]
struct Row {
    rule: String,
    severity: &'static str,
    count: usize,
    fixable: usize,
}

fn rows(run: &CheckRun) -> Vec<Row> {
    let mut by_rule: BTreeMap<&str, (Severity, usize, usize)> = BTreeMap::new();
    for (_, located) in run.diagnostics() {
        let d = &located.diagnostic;
        let entry = by_rule.entry(&d.rule).or_insert((d.severity, 0, 0));
        entry.0 = entry.0.max(d.severity);
        entry.1 += 1;
        entry.2 += usize::from(d.is_fixable(false));
    }
    let mut rows: Vec<Row> = by_rule
        .into_iter()
        .map(|(rule, (severity, count, fixable))| Row {
            rule: rule.to_string(),
            severity: severity.as_str(),
            count,
            fixable,
        })
        .collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.rule.cmp(&b.rule)));
    rows
}

pub(super) fn write_table(run: &CheckRun, out: &mut dyn Write) -> io::Result<()> {
    let rows = rows(run);
    if !rows.is_empty() {
        let width = rows.iter().map(|r| r.rule.len()).max().unwrap_or(4).max(4);
        writeln!(
            out,
            "{:>5}  {:<width$}  {:<8}  fixable",
            "count", "rule", "severity"
        )?;
        for row in &rows {
            writeln!(
                out,
                "{:>5}  {:<width$}  {:<8}  {:>7}",
                row.count, row.rule, row.severity, row.fixable
            )?;
        }
    }
    writeln!(out, "{}", Summary::of(run).line())
}

pub(super) fn write_json(run: &CheckRun, out: &mut dyn Write) -> io::Result<()> {
    #[derive(Serialize)]
    struct Document {
        version: u32,
        statistics: Vec<Row>,
    }
    let document = Document {
        version: super::json::VERSION,
        statistics: rows(run),
    };
    serde_json::to_writer_pretty(&mut *out, &document).map_err(json_to_io)?;
    writeln!(out)
}
