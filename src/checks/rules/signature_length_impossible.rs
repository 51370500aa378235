//! A signature segment of a length no RSA key makes. An RS512 signature is exactly as long as
//! the key's modulus (RFC 8017 §8.2.1): 256 bytes at the least (RFC 7518 §3.3: 2048 bits), 512
//! for NHS's 4096-bit keys, and RSA keys come in whole steps of 512 bits (64 bytes). A signature
//! shorter than 256 bytes, or not a whole number of such steps (510 bytes: cut by a console;
//! 515: a log's suffix glued on), verifies with no key.

use super::Facts;
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail, GatewayCheck};
use crate::vocab::{Code, Finding};

/// The fewest bytes an RS512 signature can have.
pub const MIN_RSA_SIGNATURE_BYTES: usize = 256;
/// RSA keys in use are whole multiples of 512 bits: their signatures, of 64 bytes.
pub const RSA_SIGNATURE_STEP: usize = 64;

/// The gateway's predicate for this step (spec §4.1 step 13, VerifyJWT); the finding below is
/// made from it.
pub const GATEWAY: GatewayCheck = GatewayCheck { code: Some(Code::SignatureLengthImpossible), decide };

/// The signature's length in bytes, when no RSA key makes a signature that long.
fn impossible(f: &Facts) -> Option<usize> {
    // A share link cuts the signature on purpose: its absence there says nothing.
    if f.ctx.shared {
        return None;
    }
    let n = f.assertion()?.signature.as_ref()?.bytes?;
    (n < MIN_RSA_SIGNATURE_BYTES || n % RSA_SIGNATURE_STEP != 0).then_some(n)
}

/// What the length says: cut, padded, or a placeholder.
fn what(n: usize) -> String {
    let bytes = if n == 1 { "1 byte".to_string() } else { format!("{n} bytes") };
    // The lengths of an HMAC (HS256/384/512) and of an ECDSA P-256/384/521 signature.
    let other = match n {
        32 => {
            " It is the length of an HMAC-SHA256 (HS256) signature or a SHA-256 hash: a shared secret signed it \
               (CryptoJS.HmacSHA256, jwt.sign with a string secret), not the RSA private key."
        }
        48 => " It is the length of an HMAC-SHA384 (HS384) signature: a shared secret signed it, not the RSA key.",
        64 => {
            " It is the length of an HMAC-SHA512 (HS512) signature or an ES256 one: a shared secret signed it \
               (CryptoJS.HmacSHA512, a string passed as the key), or an EC key, not the RSA private key."
        }
        96 | 132 => " It is the length of an ECDSA (ES384/ES512) signature: an EC key signed it, not an RSA key.",
        _ => "",
    };
    if n < MIN_RSA_SIGNATURE_BYTES {
        return format!("The signature is {bytes}: no RSA key makes one that short, so none verifies it.{other}");
    }
    let below = n / RSA_SIGNATURE_STEP * RSA_SIGNATURE_STEP;
    let above = below + RSA_SIGNATURE_STEP;
    let (near, how) = if n - below <= above - n {
        (below, format!("{} more than", n - below))
    } else {
        (above, format!("{} fewer than", above - n))
    };
    format!(
        "The signature is {bytes}, {how} the {near} bytes of a {}-bit key's signature: no RSA key makes a \
         signature that long, so none verifies it.",
        near * 8
    )
}

fn decide(f: &Facts, _: &dyn Oracle) -> Check {
    impossible(f).map(|n| Fail::likely(what(n))).into()
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(n) = impossible(f) else { return };
    let message = format!(
        "{} An RS512 signature is exactly as long as the key's modulus: 512 bytes (683 base64url characters) \
         for a 4096-bit key, 256 for a 2048-bit one, never under 256. The token was cut or something was glued \
         to it, a placeholder stands for the signature, or what was encoded is not the signature bytes.",
        what(n)
    );
    out.push(Finding::new(Code::SignatureLengthImpossible, message).about("signature"));
}

#[cfg(test)]
mod tests {
    use super::{check, what};
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    fn with_signature_bytes(n: usize) -> String {
        use base64::Engine;
        let good = good_jwt();
        let (head, _) = good.rsplit_once('.').unwrap();
        let sig = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(vec![7u8; n]);
        format!("{head}.{sig}")
    }

    #[test]
    fn fires_on_a_placeholder_a_cut_or_a_glued_on_signature() {
        let good = good_jwt();
        let (head, _) = good.rsplit_once('.').unwrap();
        for sig in ["MQ", "U0lHTkFUVVJF", "c2lnbmF0dXJl"] {
            fires(check, &curl_to(TOKEN_URL, &format!("{head}.{sig}")), &ctx(), Code::SignatureLengthImpossible);
        }
        for n in [255, 510, 515, 513, 300] {
            fires(check, &curl_to(TOKEN_URL, &with_signature_bytes(n)), &ctx(), Code::SignatureLengthImpossible);
        }
    }

    #[test]
    fn silent_on_the_lengths_rsa_keys_make() {
        silent(check, &good_request(), &ctx());
        for n in [256, 384, 512, 1024] {
            silent(check, &curl_to(TOKEN_URL, &with_signature_bytes(n)), &ctx());
        }
    }

    #[test]
    fn says_how_far_from_the_nearest_key_size() {
        assert!(what(510).contains("2 fewer than the 512 bytes of a 4096-bit key"), "{}", what(510));
        assert!(what(515).contains("3 more than the 512 bytes"), "{}", what(515));
        assert!(what(2).contains("2 bytes: no RSA key makes one that short"));
        assert!(what(64).contains("HMAC-SHA512") && what(32).contains("HS256"), "{}", what(64));
        assert!(!what(2).contains("HMAC"));
    }
}
