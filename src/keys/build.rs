//! Build a correct client assertion: the header and claims the platform wants, and the
//! ready cURL command. The signing itself is WebCrypto's (page) or the caller's.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};

use crate::platform::{Environment, CLIENT_ASSERTION_TYPE, EXP_DOCUMENTED_MAX};

#[derive(Clone, Debug, PartialEq)]
pub struct Assertion {
    pub header: Value,
    pub claims: Value,
    /// `b64url(header) "." b64url(claims)`: what is signed.
    pub signing_input: String,
    pub token_url: String,
}

/// Header and claims for `env`, `api_key`, `kid`, with `exp = now + lifetime` (at most 300 s)
/// and the given `jti` (a fresh uuid4, made at the edge).
pub fn assertion(
    env: Environment,
    api_key: &str,
    kid: &str,
    lifetime: i64,
    now: i64,
    jti: &str,
) -> Result<Assertion, String> {
    let key = api_key.trim();
    if key.is_empty() {
        return Err("Enter the API key (it goes in iss and sub).".into());
    }
    if crate::platform::looks_like_guid(key) {
        return Err("That is a GUID — the Application ID. iss and sub need the API key.".into());
    }
    if kid.trim().is_empty() {
        return Err("Enter the kid of your key in the registered JWKS.".into());
    }
    if !(1..=EXP_DOCUMENTED_MAX).contains(&lifetime) {
        return Err(format!("The lifetime must be between 1 and {EXP_DOCUMENTED_MAX} seconds."));
    }
    let token_url = env.token_url();
    let header = json!({"alg": "RS512", "typ": "JWT", "kid": kid.trim()});
    let claims = json!({"iss": key, "sub": key, "aud": token_url, "jti": jti, "exp": now + lifetime});
    let enc = |v: &Value| URL_SAFE_NO_PAD.encode(serde_json::to_string(v).unwrap_or_default());
    Ok(Assertion { signing_input: format!("{}.{}", enc(&header), enc(&claims)), header, claims, token_url })
}

impl Assertion {
    pub fn compact(&self, signature: &[u8]) -> String {
        format!("{}.{}", self.signing_input, URL_SAFE_NO_PAD.encode(signature))
    }

    /// The token request: form-encoded, no client_id, no Authorization header.
    pub fn curl(&self, compact: &str) -> String {
        format!(
            "curl -X POST {} \\\n  -H 'Content-Type: application/x-www-form-urlencoded' \\\n  --data-urlencode 'grant_type=client_credentials' \\\n  --data-urlencode 'client_assertion_type={CLIENT_ASSERTION_TYPE}' \\\n  --data-urlencode 'client_assertion={compact}'",
            self.token_url
        )
    }
}

/// A JWKS for a public JWK exported by WebCrypto, with the chosen kid, ready to register.
pub fn jwks_for(public_jwk: &Value, kid: &str) -> Value {
    json!({"keys": [{"kty": "RSA", "n": public_jwk["n"], "e": public_jwk["e"], "alg": "RS512", "kid": kid.trim(), "use": "sig"}]})
}

/// PKCS#8 DER as PEM, for the private-key download.
pub fn pkcs8_pem(der: &[u8]) -> String {
    der::pem::encode_string("PRIVATE KEY", der::pem::LineEnding::LF, der).unwrap_or_default()
}
