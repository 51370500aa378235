#![cfg(not(target_arch = "wasm32"))]
//! Every input a fuzz target crashed on, kept in tests/fuzz/regressions/<target>/, replayed
//! natively through the same checks as the target (tests/fuzz/checks.rs): a plain `cargo test`
//! fails if one of them breaks again.

#[path = "fuzz/checks.rs"]
mod checks;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

type Target = fn(&[u8]);

const TARGETS: &[(&str, Target)] =
    &[("analyze", checks::analyze), ("redaction", checks::redaction), ("twin", checks::twin)];

/// The files kept for one target (a folder with a README only is fine: no crash yet).
fn inputs(target: &str) -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/regressions").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    files
}

/// The failures of one target's check over some inputs.
fn failures(check: Target, files: &[std::path::PathBuf]) -> Vec<String> {
    let mut failed = Vec::new();
    for f in files {
        let data = std::fs::read(f).unwrap();
        if let Err(e) = catch_unwind(AssertUnwindSafe(|| check(&data))) {
            let why = e.downcast_ref::<String>().cloned().or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()));
            failed.push(format!("{}: {}", f.display(), why.unwrap_or_default()));
        }
    }
    failed
}

#[test]
fn every_kept_crash_input_passes_its_targets_checks() {
    let mut failed = Vec::new();
    for (target, check) in TARGETS {
        failed.extend(failures(*check, &inputs(target)));
    }
    assert!(failed.is_empty(), "{} kept input(s) fail again:\n{}", failed.len(), failed.join("\n\n"));
}

/// The checks can fail: a leak is seen whole, %-encoded or as 9 characters of the secret.
#[test]
fn the_leak_check_sees_a_leak() {
    let secret = "Sf0rmQ7xL2kV9bN3wZ8rAq";
    assert!(checks::leak(&format!("client_secret={secret}"), secret).is_some());
    assert!(checks::leak("x=0rmQ7xL2kV", secret).is_some());
    assert!(checks::leak("client_secret=<redacted>", secret).is_none());
    let outs = vec![("ticket", format!("Authorization: Basic {secret}"))];
    let leaked = catch_unwind(|| checks::assert_no_leak(&outs, &[("form secret", secret.into())], ""));
    assert!(leaked.is_err(), "a leak must panic");
}

/// The redaction target's generator places its secrets where the redaction promises to clear
/// them: in the paste (else a pass proves nothing; the key is in the assertion's payload,
/// base64), in a request the analysis finds.
#[test]
fn the_redaction_target_places_its_secrets_in_a_request() {
    let mut cases = 0;
    for seed in 0u32..400 {
        // Bytes of a simple generator: every format, body and position comes up.
        let data: Vec<u8> =
            (0..64u32).map(|i| (seed.wrapping_mul(2_654_435_761).rotate_left(i % 32) >> (i % 7)) as u8).collect();
        let Some((paste, secrets)) = checks::redaction_case(&data) else { continue };
        cases += 1;
        for (name, s) in &secrets {
            let enc: String = url::form_urlencoded::byte_serialize(s.as_bytes()).collect();
            let json_escaped = paste.contains("\\u");
            let pct = paste.contains('%');
            assert!(
                paste.contains(s.as_str())
                    || paste.contains(&enc)
                    || json_escaped
                    || pct
                    || matches!(*name, "Basic user" | "Basic password" | "API key"),
                "the {name} {s:?} is not in the paste:\n{paste}"
            );
        }
        let report = auth_triage::analyze(&paste, &auth_triage::Context::at(checks::NOW).with_key(checks::KEY));
        assert!(report.main_request().is_some(), "no request found in:\n{paste}");
    }
    assert!(cases > 300, "only {cases} cases of 400 were built");
}
