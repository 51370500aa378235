//! `alg` is not exactly `RS512` (IDS-JS: `jwtHeaders.alg != "RS512"`; VerifyJWT pinned to RS512).

use super::{show, Facts};
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((_, h)) = f.header() else { return };
    let message = match h.get("alg") {
        None => "The header has no alg. The platform needs \"alg\": \"RS512\".".to_string(),
        Some(v) if v.as_str() == Some("RS512") => return,
        Some(v) => match v.as_str() {
            Some(a) if a.eq_ignore_ascii_case("none") || a.to_ascii_uppercase().starts_with("HS") => return,
            Some(a) if a.eq_ignore_ascii_case("RS512") => {
                format!("alg is \"{a}\": the gateway compares it exactly, so it must be \"RS512\" in capitals.")
            }
            Some(a) => format!("alg is \"{a}\"; the platform accepts only \"RS512\" (RSASSA-PKCS1-v1_5 with SHA-512)."),
            None => format!("alg is {}, not a string; it must be \"RS512\".", show(v)),
        },
    };
    out.push(Finding::new(Code::AlgNotRs512, message).about("alg"));
}
