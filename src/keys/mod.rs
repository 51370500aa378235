//! Keys, locally: public keys and key sets pasted as PEM (SPKI, PKCS#1, X.509 certificate),
//! JWK or JWKS; private keys (PKCS#8, PKCS#1, private JWK) for the builder. Parsed with the
//! RustCrypto format crates into JWKs the browser's WebCrypto can import. The core does no
//! cryptography on the page; the command line verifies natively (`native`).

pub mod build;
pub mod lint;
#[cfg(not(target_arch = "wasm32"))]
pub mod native;
pub mod parse;
pub mod verify;
pub mod wire;

use serde::Serialize;
use serde_json::Value;

use crate::vocab::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeySource {
    /// One member of a `{"keys":[…]}` set.
    Jwks,
    /// A bare JWK (not inside a set).
    Jwk,
    /// `-----BEGIN PUBLIC KEY-----` (SubjectPublicKeyInfo).
    PemSpki,
    /// `-----BEGIN RSA PUBLIC KEY-----` (PKCS#1).
    PemPkcs1,
    /// `-----BEGIN CERTIFICATE-----` (X.509): its public key.
    Certificate,
    /// `-----BEGIN PRIVATE KEY-----` (PKCS#8).
    PemPkcs8Private,
    /// `-----BEGIN RSA PRIVATE KEY-----` (PKCS#1).
    PemPkcs1Private,
}

impl KeySource {
    pub fn label(self) -> &'static str {
        match self {
            KeySource::Jwks => "JWKS",
            KeySource::Jwk => "JWK",
            KeySource::PemSpki => "PEM public key (SPKI)",
            KeySource::PemPkcs1 => "PEM RSA public key (PKCS#1)",
            KeySource::Certificate => "X.509 certificate",
            KeySource::PemPkcs8Private => "PEM private key (PKCS#8)",
            KeySource::PemPkcs1Private => "PEM RSA private key (PKCS#1)",
        }
    }
}

/// One key, as found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Key {
    pub source: KeySource,
    pub span: Span,
    pub kid: Option<String>,
    pub kty: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    #[serde(rename = "use", skip_serializing_if = "Option::is_none")]
    pub use_: Option<String>,
    /// Modulus size in bits (RSA).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bits: Option<usize>,
    /// The exponent, base64url (`AQAB` is 65537).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub e: Option<String>,
    /// The key holds private material (`d`, primes, or a private PEM).
    pub private: bool,
    /// The members that make it private (`d`, `p`, …).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub private_members: Vec<String>,
    /// The JWK as pasted (members as given), for linting.
    #[serde(skip)]
    pub raw: Value,
    /// The public RSA JWK (`kty`, `n`, `e`) for WebCrypto import, when it is one.
    #[serde(skip)]
    pub public_jwk: Option<Value>,
    /// The private RSA JWK for signing (builder only); never serialised.
    #[serde(skip)]
    pub private_jwk: Option<Value>,
    /// A problem reading it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// A PEM block this build could not read itself (the page's first load has no PEM/DER
    /// reader): its text, for the second module to read (`parse::pem_keys_with`).
    #[serde(skip)]
    pub pending: Option<String>,
}

/// The bit length of a big-endian unsigned integer.
pub fn bit_len(bytes: &[u8]) -> usize {
    let bytes = strip_zeros(bytes);
    match bytes.first() {
        Some(b) => bytes.len() * 8 - b.leading_zeros() as usize,
        None => 0,
    }
}

pub fn strip_zeros(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}

/// The NHS-hosted JWKS address for an app and environment (spec §3.5; UTILS
/// `default_jwks_resource_url`).
pub fn nhs_jwks_url(env: crate::platform::Environment, app_id: &str) -> String {
    format!("https://nhsdigital.github.io/identity-service-jwks/jwks/{}/{}.json", env.label(), app_id.trim())
}

/// The keys the paste and the key field hold, with what reading them noticed.
#[derive(Clone, Debug, Default)]
pub struct Read {
    pub keys: Vec<Key>,
    pub findings: Vec<crate::vocab::Finding>,
    /// What was found, for the report's "found" line ("JWKS (2 keys)", "PEM public key").
    pub found: Vec<String>,
    /// The paste's JSON objects that were keys (not bodies).
    pub objects: Vec<usize>,
}

/// Read every key in the paste (PEM blocks, then JWKs and JWKS) and in the key field, and lint
/// them. `pem`: blocks read outside this build (`Oracle::read_pem`).
pub fn read(paste: &crate::extract::Paste, ctx: &crate::context::Context, pem: &[(String, Key)]) -> Read {
    use crate::vocab::{Code, Finding};
    let mut read = Read::default();
    if !paste.tokens_only {
        for key in parse::pem_keys_with(paste.text(), pem) {
            read.found.push(key.source.label().to_string());
            read.keys.push(key);
        }
        for (i, found) in paste.objects.iter().enumerate() {
            let keys = parse::json_keys(found);
            let Some(first) = keys.first() else { continue };
            read.found.push(match first.source {
                KeySource::Jwks => format!("JWKS ({} key{})", keys.len(), if keys.len() == 1 { "" } else { "s" }),
                other => other.label().to_string(),
            });
            read.objects.push(i);
            read.keys.extend(keys);
        }
    }
    if let Some(text) = ctx.keys_text.as_deref().filter(|t| !t.trim().is_empty()) {
        let before = read.keys.len();
        read.keys.extend(parse::keys_in_with(text, pem));
        if read.keys.len() == before {
            read.findings.push(Finding::new(
                Code::KeyUnreadable,
                "The key field holds no PEM key, certificate, JWK or JWKS that could be read.",
            ));
        }
    }
    lint::lint(&read.keys, &mut read.findings);
    read
}
