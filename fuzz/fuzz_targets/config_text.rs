//! Arbitrary bytes → a config file loaded as `.agendalint.yaml` (`Config::load`): a
//! regular file holding the bytes (any bytes: not UTF-8 is an error, not a crash), or,
//! after a 0xFF marker, a symbolic link to one, a folder or a broken link; when it loads,
//! the rule set (built-in rules with their options, custom rules) and the section
//! vocabulary are built and run over small probe agendas. Any panic is a crash.
#![no_main]

use agendalint_fuzz::Checks;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    agendalint_fuzz::check_config_file(data, Checks::from_env());
});
