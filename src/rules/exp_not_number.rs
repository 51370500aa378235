//! `exp` present but neither a number nor a string (null, boolean, object, array): IDS-JS
//! `typeof exp != "number"`. Strings have their own finding (time_claim_is_string).

use serde_json::Value;

use super::{show, Facts};
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((_, c)) = f.claims() else { return };
    match c.get("exp") {
        None | Some(Value::Number(_) | Value::String(_)) => {}
        Some(v) => out.push(
            Finding::new(
                Code::ExpNotNumber,
                format!("exp is {}; it must be a JSON number of seconds, e.g. {}.", show(v), f.ctx.now + 300),
            )
            .about("exp"),
        ),
    }
}
