//! What the wording rules cost per bullet, counted in instructions rather than timed,
//! so that a busy machine does not blur it.
//!
//! ```sh
//! cargo build --release --example wording_cost
//! scripts/wording-cost.sh            # runs it under callgrind, with and without them
//! ```
//!
//! Reads one writer's labelled bullets (`tests/labelled/writers/w02.yaml`, or the file
//! given), renders each as a one-item agenda as the labelled test does, and checks
//! every agenda four times: three warm-up passes (lazy compilation, first-use tables,
//! the phrase lists' DFAs built after their first searches, the regexes' lazy DFA
//! states), then the measured pass inside [`measured`]: the steady state of a folder
//! run, as criterion measures it. With `without` as the first argument the
//! wording rules are left out. callgrind's `--toggle-collect=*measured*` counts only
//! the measured pass; the difference between the two counts, per bullet, is what the
//! wording rules add.
//!
//! The rules are those of a folder run: the privacy guard off, the built-in phrase
//! lists searched together.
//!
//! With `agendas` as an argument, each of the writer's agendas is checked whole (its
//! bullets under a heading per section, in the order written) instead of each bullet
//! on its own: closer to a real notes folder, where the per-agenda rules run once for
//! many bullets.

// A measuring tool: its one output is a count on standard output.
#![allow(clippy::print_stdout)]

use std::path::{Path, PathBuf};

use agendalint::config::Config;
use agendalint::engine::RuleSet;
use agendalint::model::{Agenda, SectionVocabulary};

/// Checks every agenda once; the findings counted so that nothing is optimised away.
#[inline(never)]
fn measured(rules: &RuleSet, agendas: &[Agenda<'_>]) -> usize {
    agendas.iter().map(|a| rules.check(a).len()).sum()
}

/// The same work as [`measured`], outside the counted function (it counts the agendas
/// with findings, so that the two functions are not folded into one).
#[inline(never)]
fn warm_up(rules: &RuleSet, agendas: &[Agenda<'_>]) -> usize {
    agendas
        .iter()
        .filter(|a| !rules.check(a).is_empty())
        .count()
}

/// Each agenda of the writer as one Markdown file: its bullets under a heading for
/// each run of one section kind.
fn whole_agendas(bullets: &[agendalint::wording::corpus::Bullet]) -> Vec<String> {
    let mut agendas: Vec<(String, String)> = Vec::new();
    let mut last_kind = None;
    for bullet in bullets {
        if agendas.last().is_none_or(|(id, _)| *id != bullet.agenda) {
            agendas.push((
                bullet.agenda.clone(),
                "---\ndate: 2026-11-23\nwith: Alex Kim\n---\n".to_string(),
            ));
            last_kind = None;
        }
        let Some((_, text)) = agendas.last_mut() else {
            continue;
        };
        if last_kind != Some(bullet.kind) {
            text.push_str("\n## ");
            text.push_str(bullet.kind.default_heading());
            text.push_str("\n\n");
            last_kind = Some(bullet.kind);
        }
        agendalint::wording::corpus::push_item(text, &bullet.text);
    }
    agendas.into_iter().map(|(_, text)| text).collect()
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let without = args.iter().any(|a| a == "without");
    let whole = args.iter().any(|a| a == "agendas");
    let path = args
        .iter()
        .find(|a| *a != "without" && *a != "agendas")
        .map_or_else(
            || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/labelled/writers/w02.yaml"),
            PathBuf::from,
        );
    let yaml = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let writer = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("writer");
    let bullets = agendalint::wording::corpus::read_writer(writer, &yaml)?;
    let texts: Vec<String> = if whole {
        whole_agendas(&bullets)
    } else {
        bullets.iter().map(|b| b.render().0).collect()
    };
    let file = Config::parse("", Path::new(".agendalint.yaml")).map_err(|e| e.to_string())?;
    // A folder run: the privacy guard is off (its default outside `check --staged`),
    // and the built-in phrase lists are searched together, as over more than a hook's
    // files.
    agendalint::detect::phrases::search_lists_together();
    let folder_rule = |id: &str| !agendalint::privacy::is_guard_rule(id);
    let rules = if without {
        RuleSet::for_config(&file, &|id| {
            folder_rule(id) && !agendalint::wording::RULES.contains(&id)
        })
    } else {
        RuleSet::for_config(&file, &folder_rule)
    };
    let vocabulary = SectionVocabulary::builtin();
    let agendas: Vec<Agenda<'_>> = texts
        .iter()
        .map(|t| Agenda::parse("a.md", t, vocabulary))
        .collect();
    let warm: usize = (0..3).map(|_| warm_up(&rules, &agendas)).sum();
    let found = measured(&rules, &agendas);
    println!(
        "{} bullets in {} agendas, {found} findings (warm-up passes {warm})",
        bullets.len(),
        agendas.len()
    );
    Ok(())
}
