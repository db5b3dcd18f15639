//! Arbitrary bytes → when UTF-8, `Config::parse` as `.agendalint.yaml`; when it parses,
//! the rule set (built-in rules with their options, custom rules) and the section
//! vocabulary are built and run over small probe agendas. Any panic is a crash.
#![no_main]

use agendalint_fuzz::Checks;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        agendalint_fuzz::check_config(text, Checks::from_env());
    }
});
