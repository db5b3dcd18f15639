//! Arbitrary bytes → when UTF-8, `Config::parse` as `.agendalint.yaml`; when it parses,
//! the rule set (built-in rules with their options, custom rules) and the section
//! vocabulary are built and run over small probe agendas. Any panic is a crash.
#![no_main]

use std::sync::OnceLock;

use agendalint_fuzz::Checks;
use libfuzzer_sys::fuzz_target;

/// Invariants waived for this campaign: `AGENDALINT_FUZZ_WAIVE=convergence` keeps
/// fuzzing past the known non-converging fixes (see `fuzz/README.md`).
fn checks() -> Checks {
    static CHECKS: OnceLock<Checks> = OnceLock::new();
    *CHECKS.get_or_init(|| {
        std::env::var("AGENDALINT_FUZZ_WAIVE").map_or(Checks::ALL, |list| Checks::waiving(&list))
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        agendalint_fuzz::check_config(text, checks());
    }
});
