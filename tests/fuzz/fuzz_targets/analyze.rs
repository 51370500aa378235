#![no_main]
//! `analyze` must never panic, whatever the bytes; the ticket and share link built from any
//! report must never hold the key.

use auth_triage::outputs::{share, ticket};
use auth_triage::{analyze, Context};
use libfuzzer_sys::fuzz_target;

const KEY: &str = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut ctx = Context::at(1_760_000_000).with_key(KEY);
    // Use part of the input as the key field too, so key parsing is fuzzed as well.
    if let Some((paste, keys)) = text.split_once('\u{1}') {
        ctx.keys_text = Some(keys.to_string());
        let r = analyze(paste, &ctx);
        check(&r);
    } else {
        let r = analyze(&text, &ctx);
        check(&r);
    }
});

fn check(r: &auth_triage::Report) {
    let t = ticket::ticket(r, &ticket::TicketInput { api_key: Some(KEY.into()), failed_at: "now".into(), ..Default::default() });
    assert!(!t.contains(KEY), "the ticket leaked the key");
    let s = share::shared(r, Some(KEY), None, 0);
    assert!(!s.paste.contains(KEY), "the share link leaked the key");
}
