//! Find and read keys in text: PEM blocks and JSON (JWK, JWKS).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
#[cfg(feature = "pem")]
use der::Decode;
use serde_json::{json, Map, Value};

use super::{bit_len, strip_zeros, Key, KeySource};
use crate::extract::json::FoundJson;
use crate::vocab::Span;

const PRIVATE_MEMBERS: &[&str] = &["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

#[cfg_attr(not(feature = "pem"), allow(dead_code))]
fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(strip_zeros(bytes))
}

fn blank(source: KeySource, span: Span) -> Key {
    Key {
        source,
        span,
        kid: None,
        kty: "RSA".into(),
        alg: None,
        use_: None,
        bits: None,
        e: None,
        private: matches!(source, KeySource::PemPkcs8Private | KeySource::PemPkcs1Private),
        private_members: Vec::new(),
        raw: Value::Null,
        public_jwk: None,
        private_jwk: None,
        problem: None,
        pending: None,
    }
}

#[cfg_attr(not(feature = "pem"), allow(dead_code))]
fn rsa_public(key: &mut Key, n: &[u8], e: &[u8]) {
    key.bits = Some(bit_len(n));
    key.e = Some(b64(e));
    key.public_jwk = Some(json!({"kty": "RSA", "n": b64(n), "e": b64(e)}));
}

/// Every key in a text meant to hold keys (the key field, the builder's private key): PEM
/// blocks first, then JWKs and JWKS.
pub fn keys_in(text: &str) -> Vec<Key> {
    keys_in_with(text, &[])
}

/// `keys_in`, with PEM blocks already read elsewhere (`pem_keys_with`).
pub fn keys_in_with(text: &str, read: &[(String, Key)]) -> Vec<Key> {
    let mut keys = pem_keys_with(text, read);
    for found in crate::extract::json::find_objects(text) {
        keys.extend(json_keys(&found));
    }
    keys
}

/// Every PEM block in the text that holds a key or certificate.
pub fn pem_keys(text: &str) -> Vec<Key> {
    pem_keys_with(text, &[])
}

/// `pem_keys`, with blocks already read elsewhere: a build without the PEM/DER reader (the
/// page's first load, feature `pem` off) takes each block's key from `read` (the second module
/// read it: `ui::web::more::read_pem`), and marks a block not read yet as pending.
pub fn pem_keys_with(text: &str, read: &[(String, Key)]) -> Vec<Key> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(rel) = text[from..].find("-----BEGIN ") {
        let start = from + rel;
        let Some(label_end) = text[start + 11..].find("-----").map(|i| start + 11 + i) else { break };
        let label = text[start + 11..label_end].to_string();
        let end_marker = format!("-----END {label}-----");
        let Some(end_rel) = text[label_end..].find(&end_marker) else { break };
        let end = label_end + end_rel + end_marker.len();
        from = end;
        let span = Span { start, end };
        // Lines pasted with indentation or CRLF: normalise before decoding.
        let block: String = text[start..end].lines().map(str::trim).collect::<Vec<_>>().join("\n");
        let source = match label.as_str() {
            "PUBLIC KEY" => KeySource::PemSpki,
            "RSA PUBLIC KEY" => KeySource::PemPkcs1,
            "CERTIFICATE" => KeySource::Certificate,
            "PRIVATE KEY" => KeySource::PemPkcs8Private,
            "RSA PRIVATE KEY" => KeySource::PemPkcs1Private,
            "ENCRYPTED PRIVATE KEY" => {
                let mut k = blank(KeySource::PemPkcs8Private, span);
                k.problem = Some(
                    "This private key is encrypted with a passphrase; decrypt it first (openssl pkey -in \
                    key.pem -out plain.pem)."
                        .into(),
                );
                out.push(k);
                continue;
            }
            _ => continue,
        };
        let mut key = blank(source, span);
        decode_block(&mut key, &block, read);
        out.push(key);
    }
    out
}

#[cfg(feature = "pem")]
fn decode_block(key: &mut Key, block: &str, _read: &[(String, Key)]) {
    match der::pem::decode_vec(block.as_bytes()) {
        Err(e) => key.problem = Some(format!("The PEM block could not be read: {e}.")),
        Ok((_, der)) => read_der(key, &der),
    }
}

/// What a key not read yet says, while the page's key reader loads.
pub const PENDING: &str = "Not read yet: the page's key reader (PEM, DER, X.509) is loading.";

#[cfg(not(feature = "pem"))]
fn decode_block(key: &mut Key, block: &str, read: &[(String, Key)]) {
    match read.iter().find(|(b, _)| b == block) {
        Some((_, k)) => *key = Key { span: key.span, ..k.clone() },
        None => {
            key.problem = Some(PENDING.into());
            key.pending = Some(block.to_string());
        }
    }
}

#[cfg(feature = "pem")]
fn read_der(key: &mut Key, der: &[u8]) {
    let not_rsa = |key: &mut Key, oid: &dyn std::fmt::Display| {
        key.kty = "other".into();
        key.problem = Some(format!("Not an RSA key (algorithm {oid}). The platform needs RSA keys for RS512."));
    };
    match key.source {
        KeySource::PemSpki => match spki::SubjectPublicKeyInfoRef::from_der(der) {
            Ok(info) if info.algorithm.oid == pkcs1::ALGORITHM_OID => {
                read_pkcs1_public(key, info.subject_public_key.raw_bytes())
            }
            Ok(info) => not_rsa(key, &info.algorithm.oid),
            Err(e) => key.problem = Some(format!("Not a SubjectPublicKeyInfo: {e}.")),
        },
        KeySource::PemPkcs1 => read_pkcs1_public(key, der),
        KeySource::Certificate => match x509_cert::Certificate::from_der(der) {
            Ok(cert) => {
                let info = &cert.tbs_certificate.subject_public_key_info;
                if info.algorithm.oid == pkcs1::ALGORITHM_OID {
                    read_pkcs1_public(key, info.subject_public_key.raw_bytes());
                } else {
                    not_rsa(key, &info.algorithm.oid);
                }
            }
            Err(e) => key.problem = Some(format!("Not an X.509 certificate: {e}.")),
        },
        KeySource::PemPkcs8Private => match pkcs8::PrivateKeyInfo::from_der(der) {
            Ok(info) if info.algorithm.oid == pkcs1::ALGORITHM_OID => read_pkcs1_private(key, info.private_key),
            Ok(info) => not_rsa(key, &info.algorithm.oid),
            Err(e) => key.problem = Some(format!("Not a PKCS#8 private key: {e}.")),
        },
        KeySource::PemPkcs1Private => read_pkcs1_private(key, der),
        KeySource::Jwk | KeySource::Jwks => {}
    }
}

#[cfg(feature = "pem")]
fn read_pkcs1_public(key: &mut Key, der: &[u8]) {
    match pkcs1::RsaPublicKey::from_der(der) {
        Ok(k) => rsa_public(key, k.modulus.as_bytes(), k.public_exponent.as_bytes()),
        Err(e) => key.problem = Some(format!("Not an RSA public key: {e}.")),
    }
}

#[cfg(feature = "pem")]
fn read_pkcs1_private(key: &mut Key, der: &[u8]) {
    match pkcs1::RsaPrivateKey::from_der(der) {
        Ok(k) => {
            rsa_public(key, k.modulus.as_bytes(), k.public_exponent.as_bytes());
            key.private_jwk = Some(json!({
                "kty": "RSA",
                "n": b64(k.modulus.as_bytes()),
                "e": b64(k.public_exponent.as_bytes()),
                "d": b64(k.private_exponent.as_bytes()),
                "p": b64(k.prime1.as_bytes()),
                "q": b64(k.prime2.as_bytes()),
                "dp": b64(k.exponent1.as_bytes()),
                "dq": b64(k.exponent2.as_bytes()),
                "qi": b64(k.coefficient.as_bytes()),
            }));
        }
        Err(e) => key.problem = Some(format!("Not an RSA private key: {e}.")),
    }
}

/// Keys in JSON found in a paste: a JWKS (`{"keys":[…]}`) or a bare JWK (`{"kty":…}`).
pub fn json_keys(found: &FoundJson) -> Vec<Key> {
    let Some(obj) = found.value.as_object() else { return Vec::new() };
    if let Some(keys) = obj.get("keys").and_then(Value::as_array) {
        return keys.iter().filter_map(Value::as_object).map(|k| jwk(k, KeySource::Jwks, found.span)).collect();
    }
    if obj.contains_key("kty") {
        return vec![jwk(obj, KeySource::Jwk, found.span)];
    }
    Vec::new()
}

fn jwk(o: &Map<String, Value>, source: KeySource, span: Span) -> Key {
    let s = |k: &str| o.get(k).and_then(Value::as_str).map(String::from);
    let mut key = blank(source, span);
    key.raw = Value::Object(o.clone());
    key.kid = s("kid");
    key.kty = s("kty").unwrap_or_else(|| "(none)".into());
    key.alg = s("alg");
    key.use_ = s("use");
    key.private_members = PRIVATE_MEMBERS.iter().filter(|m| o.contains_key(**m)).map(|m| m.to_string()).collect();
    key.private = !key.private_members.is_empty();
    if key.kty != "RSA" {
        key.problem = Some(format!("kty is \"{}\"; the platform needs RSA keys for RS512.", key.kty));
        return key;
    }
    let dec = |k: &str| s(k).and_then(|v| URL_SAFE_NO_PAD.decode(v.trim_end_matches('=')).ok());
    match (dec("n"), dec("e")) {
        (Some(n), Some(e)) if !n.is_empty() && !e.is_empty() => {
            rsa_public(&mut key, &n, &e);
            if key.private {
                let all: Option<Vec<String>> = ["d", "p", "q", "dp", "dq", "qi"].iter().map(|m| s(m)).collect();
                if let Some(v) = all {
                    key.private_jwk = Some(
                        json!({"kty": "RSA", "n": s("n"), "e": s("e"), "d": v[0], "p": v[1], "q": v[2], "dp": v[3], "dq": v[4], "qi": v[5]}),
                    );
                }
            }
        }
        _ => key.problem = Some("n or e is missing or not base64url.".into()),
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    const PUB: &str = include_str!("../../tests/fixtures/nhs/test-1.pem.pub");

    #[test]
    fn spki_pem_and_jwks_agree() {
        let pem = pem_keys(PUB);
        assert_eq!(pem.len(), 1);
        assert_eq!(pem[0].bits, Some(4096));
        assert_eq!(pem[0].e.as_deref(), Some("AQAB"));
        let jwks: Value = serde_json::from_str(include_str!("../../tests/fixtures/nhs/jwks.json")).unwrap();
        let found = FoundJson { value: jwks, span: Span { start: 0, end: 0 }, repaired: vec![] };
        let keys = json_keys(&found);
        assert_eq!(keys[0].kid.as_deref(), Some("test-1"));
        assert_eq!(keys[0].public_jwk.as_ref().unwrap()["n"], pem[0].public_jwk.as_ref().unwrap()["n"]);
    }

    #[test]
    fn damaged_pem_says_so() {
        let k = pem_keys("-----BEGIN PUBLIC KEY-----\nnot base64!\n-----END PUBLIC KEY-----");
        assert!(k[0].problem.is_some());
    }
}
