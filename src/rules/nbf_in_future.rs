//! `nbf` more than 10 s in the future: VerifyJWT `TimeAllowance 10s` raises TokenNotYetValid,
//! which no FaultRule handles, so likely `unknown_error` (spec §3.2, UNVERIFIED).

use serde_json::Value;

use super::Facts;
use crate::catalogue::Code;
use crate::decode::time::human_duration;
use crate::platform::NBF_ALLOWANCE;
use crate::report::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((_, c)) = f.claims() else { return };
    let Some(Value::Number(n)) = c.get("nbf") else { return };
    let Some(nbf) = n.as_f64() else { return };
    let ahead = nbf - f.ctx.now as f64;
    if ahead > NBF_ALLOWANCE as f64 {
        out.push(Finding::new(Code::NbfInFuture, format!("nbf is {} in the future (the gateway allows {NBF_ALLOWANCE} s). The JWT is not valid yet; the platform likely answers unknown_error.", human_duration(ahead))).about("nbf"));
    }
}
