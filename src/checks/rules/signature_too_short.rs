//! A signature segment shorter than any RSA key makes: an RS512 signature is as long as the
//! key's modulus (RFC 7518 §3.3: 2048 bits at the least, 256 bytes; NHS's 4096-bit keys, 512).

use super::Facts;
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail, GatewayCheck};
use crate::vocab::{Code, Finding};

/// The fewest bytes an RS512 signature can have.
pub const MIN_RSA_SIGNATURE_BYTES: usize = 256;

/// The gateway's predicate for this step (spec §4.1 step 13, VerifyJWT); the finding below is
/// made from it.
pub const GATEWAY: GatewayCheck = GatewayCheck { code: Some(Code::SignatureTooShort), decide };

fn too_short(f: &Facts) -> Option<usize> {
    // A share link cuts the signature on purpose: its absence there says nothing.
    if f.ctx.shared {
        return None;
    }
    let n = f.assertion()?.signature.as_ref()?.bytes?;
    (n < MIN_RSA_SIGNATURE_BYTES).then_some(n)
}

fn decide(f: &Facts, _: &dyn Oracle) -> Check {
    too_short(f)
        .map(|n| {
            Fail::likely(format!(
                "The signature is {n} byte{}: no RSA key makes one that short, so none verifies it.",
                if n == 1 { "" } else { "s" }
            ))
        })
        .into()
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(n) = too_short(f) else { return };
    let message = format!(
        "The signature is {n} byte{}. An RS512 signature is exactly as long as the key's modulus: 512 bytes \
         (683 base64url characters) for a 4096-bit key, and never under 256. The token was cut, a placeholder \
         stands for the signature, or what was encoded is not the signature bytes.",
        if n == 1 { "" } else { "s" }
    );
    out.push(Finding::new(Code::SignatureTooShort, message).about("signature"));
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    #[test]
    fn fires_on_a_two_byte_or_placeholder_signature() {
        let good = good_jwt();
        let (head, _) = good.rsplit_once('.').unwrap();
        for sig in ["MQ", "U0lHTkFUVVJF", "c2lnbmF0dXJl"] {
            fires(check, &curl_to(TOKEN_URL, &format!("{head}.{sig}")), &ctx(), Code::SignatureTooShort);
        }
    }

    #[test]
    fn silent_on_a_full_length_signature() {
        silent(check, &good_request(), &ctx());
    }
}
