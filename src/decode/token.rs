//! A token decoded once, with its role and time claims: found in the text, or taken from a
//! form field (the authority on its role).

use crate::decode::jwt::{decode, Jwt};
use crate::decode::time::TimeClaim;
use crate::vocab::{Finding, Role, Target};

/// Decode `compact` as `tokens[index]`, its findings placed on it.
pub fn decode_token(
    compact: &str,
    role: Role,
    now: i64,
    origin: &dyn Fn(usize) -> usize,
    index: usize,
    out: &mut Vec<Finding>,
) -> Jwt {
    let mut findings = Vec::new();
    let mut jwt = decode(compact, origin, &mut findings);
    jwt.role = role;
    // Shaped like a client assertion: aud is a token URL.
    if jwt.role == Role::Unknown && jwt.claim_str("aud").is_some_and(|a| a.contains("/oauth2")) {
        jwt.role = Role::ClientAssertion;
    }
    jwt.times = times(&jwt, now);
    out.extend(findings.into_iter().map(|f| f.on(Target::Token(index))));
    jwt
}

/// The token's `exp`, `iat` and `nbf`, read against `now`.
pub fn times(jwt: &Jwt, now: i64) -> Vec<TimeClaim> {
    ["exp", "iat", "nbf"]
        .iter()
        .filter_map(|name| jwt.claim(name).and_then(|v| TimeClaim::read(name, v, now)))
        .collect()
}
