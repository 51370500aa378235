//! Which key verifies which token, with which algorithm — everything about verification but
//! the cryptography itself (WebCrypto on the page, `native` on the command line).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::Key;
use crate::catalogue::Code;
use crate::decode::jwt::{Jwt, Kind};
use crate::report::Finding;

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

/// The outcome of verifying a plan, supplied from the edge through the context.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checked {
    pub token: String,
    pub kid: Option<String>,
    pub valid: bool,
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

/// Choose the key for the token and say why not when none fits. Findings go to `out`.
pub fn plan(t: &Jwt, keys: &[Key], out: &mut Vec<Finding>) -> Option<Plan> {
    let public: Vec<&Key> = keys.iter().filter(|k| k.public_jwk.is_some() || k.problem.is_some()).collect();
    if public.is_empty() || t.kind != Kind::Jws {
        return None;
    }
    let alg = t.alg().and_then(Value::as_str).unwrap_or("");
    let kid = t.header.get("kid").and_then(Value::as_str);
    let Some((import, params)) = webcrypto(alg) else {
        let why = match alg {
            "" => "the token has no alg".to_string(),
            a if a.eq_ignore_ascii_case("none") => "alg \"none\" has no signature to check".to_string(),
            a if a.starts_with("HS") => format!("{a} is a shared-secret MAC, which an RSA public key cannot check"),
            a => format!("{a} is not an RSA algorithm"),
        };
        out.push(Finding::new(
            Code::SignatureUnverifiable,
            format!("The signature cannot be checked with an RSA key: {why}."),
        ));
        return None;
    };
    // Select by kid among the JWKS keys; a single key without kid (PEM, bare JWK) is used as is.
    let with_kid: Vec<&&Key> = public.iter().filter(|k| k.kid.is_some()).collect();
    let key: &Key = match kid {
        Some(kid) if with_kid.iter().any(|k| k.kid.as_deref() == Some(kid)) => {
            with_kid.iter().find(|k| k.kid.as_deref() == Some(kid))?
        }
        Some(kid) if !with_kid.is_empty() => {
            let present: Vec<String> =
                with_kid.iter().filter_map(|k| k.kid.clone()).map(|k| format!("\"{k}\"")).collect();
            out.push(Finding::new(Code::KidNotInJwks, format!("The token's kid \"{kid}\" is not in the key set you pasted, which has {}. (Compared exactly, case included.)", crate::join_and(&present))).about("kid"));
            return None;
        }
        _ if public.len() == 1 => public[0],
        _ => {
            out.push(Finding::new(
                Code::SignatureUnverifiable,
                "Several keys were pasted and the token has no kid to choose between them.",
            ));
            return None;
        }
    };
    let Some(jwk) = key.public_jwk.clone() else {
        out.push(Finding::new(
            Code::SignatureUnverifiable,
            format!("The selected key cannot be used: {}", key.problem.clone().unwrap_or_default()),
        ));
        return None;
    };
    let sig_b64 = t.signature.as_ref().map(|s| s.b64.as_str()).unwrap_or("");
    let Ok(signature) = URL_SAFE_NO_PAD.decode(sig_b64.trim_end_matches('=')) else {
        out.push(Finding::new(
            Code::SignatureUnverifiable,
            "The signature segment is not base64url, so it cannot be checked.",
        ));
        return None;
    };
    if signature.is_empty() {
        out.push(Finding::new(Code::SignatureUnverifiable, "The signature segment is empty."));
        return None;
    }
    if let Some(bits) = key.bits {
        if signature.len() != bits.div_ceil(8) {
            out.push(Finding::new(
                Code::SignatureMismatch,
                format!("The signature is {} bytes but a signature by this {bits}-bit key is {} bytes: it was made with a different key (wrong key pair, or a key of another app or environment).", signature.len(), bits.div_ceil(8)),
            ));
            return None;
        }
    }
    Some(Plan {
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

/// The finding for a verified plan.
pub fn outcome(plan: &Plan, valid: bool) -> Finding {
    let with = plan.kid.as_deref().map(|k| format!("key \"{k}\"")).unwrap_or_else(|| "the key you pasted".into());
    match (valid, plan.alg.as_str()) {
        (true, "RS512") => Finding::new(Code::SignatureValid, format!("The signature is valid: RS512 with {with}. If the gateway still rejects it, the key registered for the app is not this one.")),
        (true, alg) => Finding::new(Code::SignatureWrongAlg, format!("This token is a valid {alg} signature with {with} — but the platform accepts only RS512. Sign with RS512 using the same key.")),
        (false, _) => Finding::new(Code::SignatureMismatch, format!("The signature does not match {with}: the token was signed with a different private key (wrong key pair, a regenerated key, or a key of another app or environment), or it was changed after signing.")),
    }
    .about("signature")
}
