//! No (or an empty) `kid` header: the gateway cannot pick your key (IDS-JS).

use super::{js_truthy, Facts};
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((_, h)) = f.header() else { return };
    if !js_truthy(h.get("kid")) {
        let what = if h.contains_key("kid") { "kid is empty" } else { "The header has no kid" };
        out.push(Finding::new(Code::KidMissing, format!("{what}. Set it to the kid of your public key in the JWKS registered for this app (e.g. \"test-1\").")).about("kid"));
    }
}
