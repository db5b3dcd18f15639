//! Runs one kind of parse many times over the benchmark's sample agendas, for an
//! instruction count per parse that does not depend on the machine's load:
//!
//! ```text
//! cargo build --release --example parse_cost
//! valgrind --tool=callgrind target/release/examples/parse_cost agenda 6KB 0
//! valgrind --tool=callgrind target/release/examples/parse_cost agenda 6KB 2000
//! ```
//!
//! The difference of the two totals over 2,000 is one `Agenda::parse` (and dropping
//! it) of the 6 KB sample; `floor` instead of `agenda` runs the parse-only baseline
//! (front matter with `serde_yaml`, body with pulldown-cmark), as `benches/lint.rs`
//! does. The samples are the benchmark's: the generated agendas nearest 1, 3 and 6 KB.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::hint::black_box;

use agendalint::config::Config;
use agendalint::model::Agenda;

#[allow(dead_code)]
#[path = "gen_corpus.rs"]
mod gen_corpus;

#[path = "../benches/support/parse_only.rs"]
mod support;
use support::parse_only as floor;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(kind), Some(size), Some(runs)) = (args.first(), args.get(1), args.get(2)) else {
        eprintln!("usage: parse_cost agenda|floor 1KB|3KB|6KB RUNS");
        std::process::exit(2);
    };
    if kind != "agenda" && kind != "floor" {
        eprintln!("parse_cost: the kind is agenda or floor, not {kind}");
        std::process::exit(2);
    }
    let target = match size.as_str() {
        "1KB" => 1100,
        "3KB" => 3000,
        "6KB" => 5900,
        _ => {
            eprintln!("parse_cost: size is 1KB, 3KB or 6KB, not {size}");
            std::process::exit(2);
        }
    };
    let Ok(runs) = runs.parse::<usize>() else {
        eprintln!("parse_cost: RUNS is a whole number, not {runs}");
        std::process::exit(2);
    };
    let corpus = gen_corpus::Corpus::new(10_000);
    let text = (0..400)
        .map(|i| corpus.file(i).2)
        .min_by_key(|t| t.len().abs_diff(target))
        .unwrap_or_default();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join(".agendalint.yaml");
    std::fs::write(&path, gen_corpus::CONFIG).expect("the corpus config written");
    let config = Config::load(&path).expect("the corpus config is valid");
    let vocabulary = &config.vocabulary;
    // One parse of each kind before counting starts, so that lazy statics are built
    // whatever `runs` is.
    let mut total = floor(&text) + Agenda::parse("a.md", &text, vocabulary).blocks.len();
    for _ in 0..runs {
        total += match kind.as_str() {
            "agenda" => Agenda::parse("a.md", black_box(&text), vocabulary)
                .blocks
                .len(),
            _ => floor(black_box(&text)),
        };
    }
    println!("{} bytes, {total}", text.len());
}
