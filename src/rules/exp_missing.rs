//! No `exp` (IDS-JS 7.5).

use super::Facts;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((_, c)) = f.claims() else { return };
    if !c.contains_key("exp") {
        out.push(
            Finding::new(
                Code::ExpMissing,
                format!("The payload has no exp. Add \"exp\": {} (now + 300 s, in seconds).", f.ctx.now + 300),
            )
            .about("exp"),
        );
    }
}
