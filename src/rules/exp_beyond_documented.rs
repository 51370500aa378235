//! `exp` between 300 and 310 s ahead: accepted by the gateway, beyond what NHS documents, and
//! one clock skew away from "more than 5 minutes in future".

use super::Facts;
use crate::platform::{EXP_DOCUMENTED_MAX, EXP_ENFORCED_MAX};
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(exp) = super::number_claim(f, "exp") else { return };
    let ahead = exp - f.ctx.now as f64;
    if ahead > EXP_DOCUMENTED_MAX as f64 && ahead <= EXP_ENFORCED_MAX as f64 {
        out.push(
            Finding::new(Code::ExpBeyondDocumented, format!("exp is {} s ahead: the gateway allows up to {EXP_ENFORCED_MAX} s, NHS documents {EXP_DOCUMENTED_MAX} s. A client clock a few seconds fast will fail. Use now + 60…240 s.", ahead.round() as i64))
                .about("exp"),
        );
    }
}
