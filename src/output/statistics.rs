//! `--statistics`: how many findings each rule produced, and how many are fixable.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::json::json_to_io;
use super::{FileWriter, Tally};
use crate::diagnostic::Severity;
use crate::outcome::FileResult;

#[derive(Serialize)]
struct Row {
    rule: String,
    severity: &'static str,
    count: usize,
    fixable: usize,
    /// Fixable only with `--unsafe-fixes`.
    unsafe_fixable: usize,
}

/// Counts findings per rule as the files pass; writes the table (or JSON) at the end.
pub(super) struct StatisticsWriter {
    json: bool,
    /// Per rule: the worst severity, the count, the safely fixable and the fixable only
    /// with `--unsafe-fixes`.
    by_rule: BTreeMap<String, (Severity, usize, usize, usize)>,
}

impl StatisticsWriter {
    pub(super) fn new(json: bool) -> Self {
        Self {
            json,
            by_rule: BTreeMap::new(),
        }
    }

    fn rows(&self) -> Vec<Row> {
        let mut rows: Vec<Row> = self
            .by_rule
            .iter()
            .map(|(rule, &(severity, count, fixable, unsafe_fixable))| Row {
                rule: rule.clone(),
                severity: severity.as_str(),
                count,
                fixable,
                unsafe_fixable,
            })
            .collect();
        rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.rule.cmp(&b.rule)));
        rows
    }
}

impl FileWriter for StatisticsWriter {
    fn file(&mut self, file: &FileResult, _: &mut dyn Write) -> io::Result<()> {
        for located in &file.diagnostics {
            let d = &located.diagnostic;
            let entry = match self.by_rule.get_mut(d.rule.as_ref()) {
                Some(entry) => entry,
                None => self
                    .by_rule
                    .entry(d.rule.to_string())
                    .or_insert((d.severity, 0, 0, 0)),
            };
            entry.0 = entry.0.max(d.severity);
            entry.1 += 1;
            entry.2 += usize::from(d.is_fixable(false));
            entry.3 += usize::from(!d.is_fixable(false) && d.is_fixable(true));
        }
        Ok(())
    }

    fn finish(&mut self, tally: &Tally, out: &mut dyn Write) -> io::Result<()> {
        let rows = self.rows();
        if self.json {
            #[derive(Serialize)]
            struct Document {
                version: u32,
                statistics: Vec<Row>,
            }
            let document = Document {
                version: super::json::VERSION,
                statistics: rows,
            };
            serde_json::to_writer_pretty(&mut *out, &document).map_err(json_to_io)?;
            return writeln!(out);
        }
        if !rows.is_empty() {
            let width = rows.iter().map(|r| r.rule.len()).max().unwrap_or(4).max(4);
            writeln!(
                out,
                "{:>5}  {:<width$}  {:<8}  fixable  unsafe",
                "count", "rule", "severity"
            )?;
            for row in &rows {
                writeln!(
                    out,
                    "{:>5}  {:<width$}  {:<8}  {:>7}  {:>6}",
                    row.count, row.rule, row.severity, row.fixable, row.unsafe_fixable
                )?;
            }
        }
        writeln!(out, "{}", tally.summary.line())?;
        for note in tally.summary.notes() {
            writeln!(out, "{note}")?;
        }
        Ok(())
    }
}
