//! Native signature verification for the command line, with RustCrypto's `rsa` (never in the
//! page, which uses WebCrypto).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rsa::signature::Verifier;
use rsa::{pkcs1v15, pss, BigUint, RsaPublicKey};
use sha2::{Sha256, Sha384, Sha512};

use super::verify::Plan;
use crate::facts::Verification;

/// Verify a plan: valid, invalid, or could not verify (a key that cannot be built, an
/// algorithm this build does not know).
pub fn verify(plan: &Plan) -> Verification {
    let n = plan.jwk["n"].as_str().and_then(|s| URL_SAFE_NO_PAD.decode(s).ok());
    let e = plan.jwk["e"].as_str().and_then(|s| URL_SAFE_NO_PAD.decode(s).ok());
    let (Some(n), Some(e)) = (n, e) else {
        return Verification::CouldNotVerify("the key's n or e is not base64url".into());
    };
    let key = match RsaPublicKey::new_with_max_size(BigUint::from_bytes_be(&n), BigUint::from_bytes_be(&e), 16384) {
        Ok(key) => key,
        Err(e) => return Verification::CouldNotVerify(format!("the RSA key cannot be used ({e})")),
    };
    let msg = plan.signing_input.as_bytes();
    let sig = plan.signature.as_slice();
    macro_rules! pkcs1 {
        ($h:ty) => {
            pkcs1v15::Signature::try_from(sig)
                .is_ok_and(|s| pkcs1v15::VerifyingKey::<$h>::new(key.clone()).verify(msg, &s).is_ok())
        };
    }
    macro_rules! pss {
        ($h:ty) => {
            pss::Signature::try_from(sig)
                .is_ok_and(|s| pss::VerifyingKey::<$h>::new(key.clone()).verify(msg, &s).is_ok())
        };
    }
    let valid = match plan.alg.as_str() {
        "RS256" => pkcs1!(Sha256),
        "RS384" => pkcs1!(Sha384),
        "RS512" => pkcs1!(Sha512),
        "PS256" => pss!(Sha256),
        "PS384" => pss!(Sha384),
        "PS512" => pss!(Sha512),
        other => return Verification::CouldNotVerify(format!("{other} is not an RSA algorithm")),
    };
    if valid {
        Verification::Valid
    } else {
        Verification::Invalid
    }
}
