//! Arbitrary bytes → when UTF-8, the full in-memory check of one agenda: parse, every
//! rule (with a meeting series when the input holds earlier meetings before
//! `\n%%%%\n` separators), every fix (unsafe included) until nothing changes, and a
//! re-check after each pass. Spans, labels and edits must lie in the text on char
//! boundaries, line/column pairs must agree with an independent count, and the fixes
//! must converge. Any panic is a crash.
#![no_main]

use agendalint_fuzz::Checks;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        agendalint_fuzz::check_input(text, Checks::from_env());
    }
});
