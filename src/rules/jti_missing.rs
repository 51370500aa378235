//! No `jti` (IDS-JS 7.8).

use super::Facts;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((_, c)) = f.claims() else { return };
    if !c.contains_key("jti") {
        out.push(
            Finding::new(Code::JtiMissing, "The payload has no jti. Add a fresh uuid4 string for every assertion.")
                .about("jti"),
        );
    }
}
