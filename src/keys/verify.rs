//! Which key verifies which token, with which algorithm — everything about verification but
//! the cryptography itself (WebCrypto on the page, `native` on the command line).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Serialize;
use serde_json::{json, Value};

use super::Key;
use crate::decode::jwt::{Jwt, Kind};
use crate::facts::Verification;
use crate::vocab::{Code, Finding};

/// What to verify: the public JWK, WebCrypto's algorithm parameters, the exact signing input
/// (the token's own base64url text, never re-serialised JSON) and the signature bytes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Plan {
    pub token: String,
    pub kid: Option<String>,
    pub alg: String,
    /// `{"name": "RSASSA-PKCS1-v1_5", "hash": "SHA-512"}` (import) …
    pub import: Value,
    /// … and `{"name": "RSA-PSS", "saltLength": 64}` (verify).
    pub params: Value,
    pub jwk: Value,
    pub signing_input: String,
    #[serde(skip)]
    pub signature: Vec<u8>,
}

/// Why no plan could be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unverifiable {
    /// No public key was given, or the token is not a JWS: nothing to say.
    NothingToCheck,
    /// The token's alg cannot be checked with an RSA key.
    NotRsa(String),
    /// The kid is not in the key set given; the kids present.
    KidNotInSet { kid: String, present: Vec<String> },
    /// Several keys and no kid to choose.
    Ambiguous,
    /// The chosen key cannot be used.
    KeyUnusable(String),
    /// The signature segment cannot be read.
    SignatureUnreadable(&'static str),
    /// The signature's length is not the key's modulus length.
    SignatureLength { got: usize, want: usize, bits: usize },
}

impl Unverifiable {
    /// The finding that says so (none when there was nothing to check).
    pub fn finding(&self) -> Option<Finding> {
        let f = match self {
            Unverifiable::NothingToCheck => return None,
            Unverifiable::NotRsa(why) => Finding::new(
                Code::SignatureUnverifiable,
                format!("The signature cannot be checked with an RSA key: {why}."),
            ),
            Unverifiable::KidNotInSet { kid, present } => Finding::new(
                Code::KidNotInJwks,
                format!(
                    "The token's kid \"{kid}\" is not in the key set you pasted, which has {}. (Compared exactly, \
                     case included.)",
                    crate::vocab::join_and(present)
                ),
            )
            .about("kid"),
            Unverifiable::Ambiguous => Finding::new(
                Code::SignatureUnverifiable,
                "Several keys were pasted and the token has no kid to choose between them.",
            ),
            Unverifiable::KeyUnusable(why) => {
                Finding::new(Code::SignatureUnverifiable, format!("The selected key cannot be used: {why}"))
            }
            Unverifiable::SignatureUnreadable(why) => Finding::new(Code::SignatureUnverifiable, *why),
            Unverifiable::SignatureLength { got, want, bits } if got < want => Finding::new(
                Code::SignatureMismatch,
                format!(
                    "The signature is {got} bytes but a signature by this {bits}-bit key is exactly {want} bytes: \
                     the token was cut short (copied in part, or truncated by a log, a column or a variable) or \
                     mangled, or it was made with a smaller key."
                ),
            ),
            Unverifiable::SignatureLength { got, want, bits } => Finding::new(
                Code::SignatureMismatch,
                format!(
                    "The signature is {got} bytes but a signature by this {bits}-bit key is exactly {want} bytes: \
                     it was made with a different (larger) key, or bytes were added to it."
                ),
            ),
        };
        Some(f.about("signature"))
    }

    /// What this says about the signature, for the facts.
    pub fn verification(&self) -> Verification {
        match self {
            Unverifiable::KidNotInSet { .. } => Verification::KidNotFound,
            Unverifiable::SignatureLength { .. } => Verification::Invalid,
            Unverifiable::NothingToCheck => Verification::NotChecked,
            other => Verification::CouldNotVerify(
                other.finding().map(|f| f.message).unwrap_or_else(|| "no key to check with".into()),
            ),
        }
    }
}

/// WebCrypto parameters for a JWS alg, when it is an RSA one.
pub fn webcrypto(alg: &str) -> Option<(Value, Value)> {
    let (name, bits) = match alg {
        "RS256" => ("RSASSA-PKCS1-v1_5", 256),
        "RS384" => ("RSASSA-PKCS1-v1_5", 384),
        "RS512" => ("RSASSA-PKCS1-v1_5", 512),
        "PS256" => ("RSA-PSS", 256),
        "PS384" => ("RSA-PSS", 384),
        "PS512" => ("RSA-PSS", 512),
        _ => return None,
    };
    let hash = format!("SHA-{bits}");
    let import = json!({"name": name, "hash": hash});
    let params = if name == "RSA-PSS" { json!({"name": name, "saltLength": bits / 8}) } else { json!({"name": name}) };
    Some((import, params))
}

/// Choose the key for the token, or say why none fits.
pub fn plan(t: &Jwt, keys: &[Key]) -> Result<Plan, Unverifiable> {
    let public: Vec<&Key> = keys.iter().filter(|k| k.public_jwk.is_some() || k.problem.is_some()).collect();
    if public.is_empty() || t.kind != Kind::Jws {
        return Err(Unverifiable::NothingToCheck);
    }
    let alg = t.alg().and_then(Value::as_str).unwrap_or("");
    let kid = t.header.get("kid").and_then(Value::as_str);
    let Some((import, params)) = webcrypto(alg) else {
        return Err(Unverifiable::NotRsa(match alg {
            "" => "the token has no alg".to_string(),
            a if a.eq_ignore_ascii_case("none") => "alg \"none\" has no signature to check".to_string(),
            a if a.starts_with("HS") => format!("{a} is a shared-secret MAC, which an RSA public key cannot check"),
            a => format!("{a} is not an RSA algorithm"),
        }));
    };
    // Select by kid among the JWKS keys; a single key without kid (PEM, bare JWK) is used as is.
    // The same key given twice (pasted and in the key field) is one key.
    let with_kid: Vec<&&Key> = public.iter().filter(|k| k.kid.is_some()).collect();
    let distinct = {
        let mut jwks: Vec<&Option<Value>> = Vec::new();
        for k in &public {
            if !jwks.contains(&&k.public_jwk) {
                jwks.push(&k.public_jwk);
            }
        }
        jwks.len()
    };
    let key: &Key = match kid {
        Some(kid) if with_kid.iter().any(|k| k.kid.as_deref() == Some(kid)) => {
            with_kid.iter().find(|k| k.kid.as_deref() == Some(kid)).ok_or(Unverifiable::Ambiguous)?
        }
        Some(kid) if !with_kid.is_empty() => {
            let mut present: Vec<String> =
                with_kid.iter().filter_map(|k| k.kid.clone()).map(|k| format!("\"{k}\"")).collect();
            present.dedup();
            return Err(Unverifiable::KidNotInSet { kid: kid.to_string(), present });
        }
        _ if public.len() == 1 || distinct == 1 => public[0],
        _ => return Err(Unverifiable::Ambiguous),
    };
    let Some(jwk) = key.public_jwk.clone() else {
        return Err(Unverifiable::KeyUnusable(key.problem.clone().unwrap_or_default()));
    };
    let sig_b64 = t.signature.as_ref().map(|s| s.b64.as_str()).unwrap_or("");
    let Ok(signature) = URL_SAFE_NO_PAD.decode(sig_b64.trim_end_matches('=')) else {
        return Err(Unverifiable::SignatureUnreadable(
            "The signature segment is not base64url, so it cannot be checked.",
        ));
    };
    if signature.is_empty() {
        return Err(Unverifiable::SignatureUnreadable("The signature segment is empty."));
    }
    if let Some(bits) = key.bits {
        if signature.len() != bits.div_ceil(8) {
            return Err(Unverifiable::SignatureLength { got: signature.len(), want: bits.div_ceil(8), bits });
        }
    }
    Ok(Plan {
        token: t.compact.clone(),
        kid: key.kid.clone(),
        alg: alg.to_string(),
        import,
        params,
        jwk,
        signing_input: t.signing_input().unwrap_or("").to_string(),
        signature,
    })
}

/// The finding for a plan's outcome (none when it was not checked).
pub fn outcome(plan: &Plan, outcome: &Verification) -> Option<Finding> {
    let valid = match outcome {
        Verification::Valid => true,
        Verification::Invalid => false,
        // The edge never answers KidNotFound: that is the plan's, before any crypto.
        Verification::NotChecked | Verification::KidNotFound => return None,
        Verification::CouldNotVerify(why) => {
            return Some(
                Finding::new(
                    Code::SignatureUnverifiable,
                    format!("Could not verify the signature here: {why}. This says nothing about the key."),
                )
                .about("signature"),
            )
        }
    };
    let with = plan.kid.as_deref().map(|k| format!("key \"{k}\"")).unwrap_or_else(|| "the key you pasted".into());
    match (valid, plan.alg.as_str()) {
        (true, "RS512") => Finding::new(
            Code::SignatureValid,
            format!(
                "The signature is valid: RS512 with {with}. If \
            the gateway still rejects it, the key registered for the app is not this one."
            ),
        ),
        (true, alg) => Finding::new(
            Code::SignatureWrongAlg,
            format!(
                "This token is a valid {alg} signature with \
            {with} — but the platform accepts only RS512. Sign with RS512 using the same key."
            ),
        ),
        (false, _) => Finding::new(
            Code::SignatureMismatch,
            format!(
                "The signature does not match {with}: the token \
            was signed with a different private key (wrong key pair, a regenerated key, or a key of another app or \
            environment), or it was changed after signing."
            ),
        ),
    }
    .about("signature")
    .into()
}

/// What verifying the main assertion told: the plan (when one could be made), the outcome as a
/// fact, and the findings about it.
#[derive(Clone, Debug, Default)]
pub struct Verified {
    pub plan: Option<Plan>,
    pub verification: crate::facts::Verification,
    pub findings: Vec<Finding>,
}

/// Verify the main assertion (chosen as facts chooses it) with the keys given, asking `verify`
/// (the edge's crypto) when a plan can be made.
pub fn verify_assertion(tokens: &[Jwt], keys: &[Key], verify: &dyn Fn(&Plan) -> Verification) -> Verified {
    let Some(i) = crate::facts::choose::choose_assertion(tokens) else { return Verified::default() };
    let at = crate::vocab::Target::Token(i);
    match plan(&tokens[i], keys) {
        Ok(plan) => {
            let verification = verify(&plan);
            let findings = self::outcome(&plan, &verification).map(|f| f.on(at)).into_iter().collect();
            Verified { plan: Some(plan), verification, findings }
        }
        Err(why) => Verified {
            plan: None,
            verification: why.verification(),
            findings: why.finding().map(|f| f.on(at)).into_iter().collect(),
        },
    }
}
