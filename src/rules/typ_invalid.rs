//! `typ` present but not `jwt` ignoring case (IDS-JS: `typ.toLowerCase() != "jwt"`).

use super::{show, Facts};
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((_, h)) = f.header() else { return };
    let Some(typ) = h.get("typ") else { return };
    if typ.as_str().is_some_and(|t| t.to_lowercase() == "jwt") {
        return;
    }
    out.push(
        Finding::new(Code::TypInvalid, format!("typ is {}; it must be the string \"JWT\" (any case).", show(typ)))
            .about("typ"),
    );
}
