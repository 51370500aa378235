//! A key as data between the page's two wasm modules: every member, the JWKs included. It
//! crosses from one module to the other in memory, as JSON (`ui::web::more::read_pem`); it is
//! never written, stored or logged. (`Key`'s own `Serialize` leaves the JWKs out: that one is
//! for reports.)

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Key, KeySource};
use crate::vocab::Span;

#[derive(Serialize, Deserialize)]
pub struct Wire {
    source: KeySource,
    kid: Option<String>,
    kty: String,
    alg: Option<String>,
    use_: Option<String>,
    bits: Option<usize>,
    e: Option<String>,
    private: bool,
    private_members: Vec<String>,
    raw: Value,
    public_jwk: Option<Value>,
    private_jwk: Option<Value>,
    problem: Option<String>,
}

impl From<&Key> for Wire {
    fn from(k: &Key) -> Wire {
        Wire {
            source: k.source,
            kid: k.kid.clone(),
            kty: k.kty.clone(),
            alg: k.alg.clone(),
            use_: k.use_.clone(),
            bits: k.bits,
            e: k.e.clone(),
            private: k.private,
            private_members: k.private_members.clone(),
            raw: k.raw.clone(),
            public_jwk: k.public_jwk.clone(),
            private_jwk: k.private_jwk.clone(),
            problem: k.problem.clone(),
        }
    }
}

impl Wire {
    /// The key, placed where its block is in this module's text.
    pub fn key(self, span: Span) -> Key {
        Key {
            source: self.source,
            span,
            kid: self.kid,
            kty: self.kty,
            alg: self.alg,
            use_: self.use_,
            bits: self.bits,
            e: self.e,
            private: self.private,
            private_members: self.private_members,
            raw: self.raw,
            public_jwk: self.public_jwk,
            private_jwk: self.private_jwk,
            problem: self.problem,
            pending: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_crosses_whole_and_lands_where_its_block_is() {
        let pem = std::fs::read_to_string("tests/fixtures/nhs/test-1.pem.pub").unwrap();
        let key = super::super::parse::pem_keys(&pem).into_iter().next().expect("the fixture's key");
        assert!(key.public_jwk.is_some() && key.problem.is_none(), "{key:?}");
        let json = serde_json::to_string(&Wire::from(&key)).unwrap();
        let back = serde_json::from_str::<Wire>(&json).unwrap().key(Span { start: 7, end: 9 });
        assert_eq!(back.public_jwk, key.public_jwk);
        assert_eq!((back.bits, back.span), (key.bits, Span { start: 7, end: 9 }));
        assert_eq!(back.pending, None);
    }
}
