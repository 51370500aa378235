//! Lint what was pasted as keys: private members, key type and size, duplicate or odd kids,
//! alg/use values, the exponent, and a key that is not a JWKS.

use super::{Key, KeySource};
use crate::vocab::Code;
use crate::vocab::Finding;

/// Every key's own problems, then those of the set: one kid twice, no set at all.
pub fn lint(keys: &[Key], out: &mut Vec<Finding>) {
    for k in keys {
        let name =
            k.kid.as_deref().map(|kid| format!("key \"{kid}\"")).unwrap_or_else(|| format!("the {}", k.source.label()));
        private_key(k, &name, out);
        if let Some(p) = &k.problem {
            let code = if k.kty != "RSA" { Code::JwksNotRsa } else { Code::KeyUnreadable };
            out.push(Finding::new(code, format!("{name}: {p}")).span(k.span));
            continue;
        }
        members(k, &name, out);
    }
    duplicate_kids(keys, out);
    not_a_set(keys, out);
}

/// A private key pasted: where it is about to go decides what is said.
fn private_key(k: &Key, name: &str, out: &mut Vec<Finding>) {
    if k.private {
        let what = if k.private_members.is_empty() {
            format!("{name} is a private key")
        } else {
            format!("{name} holds private members ({})", k.private_members.join(", "))
        };
        // A private key in a JWK or key set is one about to be registered; a PEM private key
        // in a paste is one kept by the client (a .env, a key file), and is not registered.
        let message = match k.source {
            KeySource::Jwks | KeySource::Jwk => format!(
                "{what}. A private key must never be uploaded, registered or shared: register only the \
                 public part (kty, n, e, kid). If this key has been shared or uploaded anywhere, make a new \
                 key pair and retire this one."
            ),
            _ => format!(
                "{what}. It signs your assertions and belongs only where your client runs: it stays in this \
                 page (nothing is sent), but do not post it in a forum or a ticket. If it has been posted, \
                 make a new key pair."
            ),
        };
        out.push(Finding::new(Code::JwksPrivateKey, message).span(k.span));
    }
}

/// A readable key's members: its size, alg, use, exponent and kid.
fn members(k: &Key, name: &str, out: &mut Vec<Finding>) {
    if let Some(bits) = k.bits.filter(|b| *b < 4096) {
        out.push(
            Finding::new(
                Code::JwksSmallKey,
                format!(
                    "{name} is {bits}-bit. NHS tooling makes 4096-bit keys; \
            the platform's hosted keys include smaller ones, so this is a documentation point, not the cause of \
            an error."
                ),
            )
            .span(k.span),
        );
    }
    if let Some(alg) = k.alg.as_deref().filter(|a| *a != "RS512") {
        out.push(
            Finding::new(
                Code::JwksAlgUse,
                format!("{name} has \"alg\": \"{alg}\"; for the platform it should be RS512 (or left out)."),
            )
            .span(k.span),
        );
    }
    if let Some(u) = k.use_.as_deref().filter(|u| *u != "sig") {
        out.push(
            Finding::new(
                Code::JwksAlgUse,
                format!("{name} has \"use\": \"{u}\"; a signing key has \"use\": \"sig\" (or none)."),
            )
            .span(k.span),
        );
    }
    if let Some(e) = k.e.as_deref().filter(|e| *e != "AQAB") {
        out.push(
            Finding::new(
                Code::JwksExponent,
                format!(
                    "{name} has exponent \"{e}\", not the usual AQAB \
            (65537). Unusual, and some verifiers refuse it."
                ),
            )
            .span(k.span),
        );
    }
    if let Some(kid) = &k.kid {
        if kid.trim() != kid || kid.chars().any(|c| c.is_whitespace() || crate::extract::is_invisible(c)) {
            out.push(
                Finding::new(
                    Code::JwksKidWhitespace,
                    format!(
                        "kid \"{kid}\" has white space or invisible characters: the gateway compares kids exactly."
                    ),
                )
                .span(k.span),
            );
        }
    } else if k.source == KeySource::Jwks {
        out.push(
            Finding::new(
                Code::JwksKidWhitespace,
                "A key in the set has no kid: the gateway picks keys by kid, so it can never be used.",
            )
            .span(k.span),
        );
    }
}

fn duplicate_kids(keys: &[Key], out: &mut Vec<Finding>) {
    // A duplicate kid is one kid twice in one set. The same set given twice (pasted and in the
    // key field) is one set, not duplicates.
    let mut seen: Vec<(&str, crate::vocab::Span)> = Vec::new();
    for k in keys.iter().filter(|k| k.source == KeySource::Jwks) {
        let Some(kid) = k.kid.as_deref() else { continue };
        let clash = seen.contains(&(kid, k.span));
        seen.push((kid, k.span));
        if clash {
            out.push(Finding::new(
                Code::JwksDuplicateKid,
                format!(
                    "kid \"{kid}\" appears more than once in the set. \
                NHS's tooling refuses this (\"kid already present\"); give each key its own kid."
                ),
            ));
        }
    }
}

fn not_a_set(keys: &[Key], out: &mut Vec<Finding>) {
    let public: Vec<&Key> = keys.iter().filter(|k| !k.private).collect();
    if !public.is_empty() && public.iter().all(|k| k.source != KeySource::Jwks) {
        let what = public.iter().map(|k| k.source.label()).collect::<Vec<_>>().join(", ");
        out.push(Finding::new(
            Code::JwksNotASet,
            format!(
                "The key is a {what}, not a JWKS. The portal and a \
            self-hosted JWKS URL need {{\"keys\": \
            [{{\"kty\":\"RSA\",\"n\":…,\"e\":\"AQAB\",\"alg\":\"RS512\",\"kid\":…,\"use\":\"sig\"}}]}}."
            ),
        ));
    }
}
