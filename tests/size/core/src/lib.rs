//! Everything the page's core does for one paste, and nothing of the page.
use auth_triage::outputs::{share, ticket};
use auth_triage::{analyze, Context};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub fn run(paste: &str, key: &str, keys: &str, now: i64) -> String {
    let mut ctx = Context::at(now).with_key(key);
    ctx.keys_text = Some(keys.to_string());
    let report = analyze(paste, &ctx);
    let t = ticket::ticket(&report, &ticket::TicketInput { api_key: Some(key.into()), failed_at: "now".into(), ..Default::default() });
    let s = share::encode(&share::shared(&report, Some(key), None, now));
    format!("{t}\n{s}\n{}", report.findings.len())
}
