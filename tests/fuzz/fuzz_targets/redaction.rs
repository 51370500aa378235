#![no_main]
//! The `redaction` target: see tests/fuzz/checks.rs for what it asserts.

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::redaction(data));
