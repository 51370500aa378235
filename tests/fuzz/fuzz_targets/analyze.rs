#![no_main]
//! The `analyze` target: see tests/fuzz/checks.rs for what it asserts.

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::analyze(data));
