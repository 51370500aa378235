//! What the page cannot see, asked of an oracle: whether this `jti` was used, which app owns
//! `sub`, its JWKS and products, the signature. The page and the CLI answer "unknown" (so the
//! walk states an assumption) and verify signatures with the edge's crypto; the twin answers
//! from its state. The walk also tells the oracle the answer the user pasted (`Observed`): an
//! observed state-dependent error becomes the predicted failure of its step.

use crate::checks::step::Fail;
use crate::facts::Verification;
use crate::keys::verify::Plan;
use crate::vocab::ErrorId;

/// What the oracle knows of one question.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    Holds,
    /// Holds if this (stated) assumption is right.
    HoldsIf(String),
    Fails(Fail),
    Unknown,
}

/// The gateway's state, as far as the caller knows it. Every question has a default: unknown,
/// and the signature judged from the verification made with the keys the user gave.
pub trait Oracle {
    /// Verify the signature (RustCrypto natively, WebCrypto's results on the page).
    fn verify(&self, _plan: &Plan) -> Verification {
        Verification::NotChecked
    }
    /// PEM blocks read outside this build (block text, key): the page's first load has no
    /// PEM/DER reader and gets them from its second module (`keys::parse::pem_keys_with`).
    fn read_pem(&self) -> &[(String, crate::keys::Key)] {
        &[]
    }
    /// Step 7.10: this `sub` has not sent this `jti` in the last 30 days.
    fn jti_unused(&self, _sub: &str, _jti: &str) -> Answer {
        Answer::Unknown
    }
    /// Step 8: the `jti` is written to the cache (before the key and signature checks).
    fn spend_jti(&self, _sub: &str, _jti: &str) {}
    /// Step 9: `sub` is an API key of an approved app in this environment.
    fn app(&self, _sub: &str) -> Answer {
        Answer::Unknown
    }
    /// Step 11: the app has a public key (a JWKS URL) registered.
    fn public_key(&self, _sub: &str) -> Answer {
        Answer::Unknown
    }
    /// Step 12: the gateway can fetch that JWKS.
    fn jwks_reachable(&self, _sub: &str) -> Answer {
        Answer::Unknown
    }
    /// Step 13: the JWKS holds the token's `kid`.
    fn kid(&self, v: &Verification) -> Answer {
        match v {
            Verification::KidNotFound => Answer::Fails(Fail::likely("The token's kid is not in the JWKS you pasted.")),
            Verification::Valid | Verification::Invalid => Answer::Holds,
            _ => Answer::Unknown,
        }
    }
    /// Step 13: the signature verifies with that key.
    fn signature(&self, v: &Verification) -> Answer {
        match v {
            Verification::Invalid => Answer::Fails(Fail::likely("The key you pasted does not verify the signature.")),
            // Verified here with the keys you gave: right if those are the registered ones.
            Verification::Valid => Answer::HoldsIf(crate::checks::state::ASSUME_REGISTERED.to_string()),
            _ => Answer::Unknown,
        }
    }
    /// Step 13, VerifyJWT's `<Audience ref="proxy.url"/>`: `aud` is the URL the request was
    /// received at under a name only the caller knows (the twin: its own address, which a
    /// client that sets `aud` to the URL it posts to names). The request's URL always fits;
    /// by default nothing else does.
    fn aud_received_at(&self, _aud: &str) -> bool {
        false
    }
    /// Step 15: the app is subscribed to an application-restricted (signed JWT) product.
    fn product(&self, _sub: &str) -> Answer {
        Answer::Unknown
    }
}

/// The page's and the CLI's oracle: nothing of the gateway's state is known; signatures are
/// verified by `verify` (or not at all).
pub struct Assume<'a> {
    pub verify: &'a dyn Fn(&Plan) -> Verification,
    /// PEM blocks the page's second module read (see `Oracle::read_pem`).
    pub pem: &'a [(String, crate::keys::Key)],
}

/// Verifies nothing and knows nothing.
pub const ASSUME: Assume<'static> = Assume { verify: &|_| Verification::NotChecked, pem: &[] };

/// The CLI's and the tests' oracle: signatures verified natively (RustCrypto).
#[cfg(not(target_arch = "wasm32"))]
pub const NATIVE: Assume<'static> = Assume { verify: &crate::keys::native::verify, pem: &[] };

impl Oracle for Assume<'_> {
    fn verify(&self, plan: &Plan) -> Verification {
        (self.verify)(plan)
    }
    fn read_pem(&self) -> &[(String, crate::keys::Key)] {
        self.pem
    }
}

/// An oracle told the answer the user pasted: where the inner oracle does not know, a pasted
/// state-dependent error is that step's failure (only the gateway could have known it).
pub struct Observed<'a> {
    pub inner: &'a dyn Oracle,
    pub pasted: Option<ErrorId>,
}

impl Observed<'_> {
    fn or_pasted(&self, answer: Answer, id: ErrorId) -> Answer {
        match answer {
            Answer::Unknown if self.pasted == Some(id) => Answer::Fails(Fail::likely(format!(
                "The answer you pasted says so (\"{}\"); only the gateway can know it.",
                id.entry().title
            ))),
            other => other,
        }
    }
}

impl Oracle for Observed<'_> {
    fn verify(&self, plan: &Plan) -> Verification {
        self.inner.verify(plan)
    }
    fn read_pem(&self) -> &[(String, crate::keys::Key)] {
        self.inner.read_pem()
    }
    fn jti_unused(&self, sub: &str, jti: &str) -> Answer {
        self.or_pasted(self.inner.jti_unused(sub, jti), ErrorId::JtiNonUnique)
    }
    fn spend_jti(&self, sub: &str, jti: &str) {
        self.inner.spend_jti(sub, jti)
    }
    fn app(&self, sub: &str) -> Answer {
        self.or_pasted(self.inner.app(sub), ErrorId::IssSubInvalid)
    }
    fn public_key(&self, sub: &str) -> Answer {
        self.or_pasted(self.inner.public_key(sub), ErrorId::PublicKeyNotRegistered)
    }
    fn jwks_reachable(&self, sub: &str) -> Answer {
        self.or_pasted(self.inner.jwks_reachable(sub), ErrorId::JwksUnreachable)
    }
    fn kid(&self, v: &Verification) -> Answer {
        self.or_pasted(self.inner.kid(v), ErrorId::KidNoMatchingKey)
    }
    fn signature(&self, v: &Verification) -> Answer {
        self.or_pasted(self.inner.signature(v), ErrorId::SignatureVerificationFailed)
    }
    fn aud_received_at(&self, aud: &str) -> bool {
        self.inner.aud_received_at(aud)
    }
    fn product(&self, sub: &str) -> Answer {
        self.or_pasted(self.inner.product(sub), ErrorId::UnauthorizedClient)
    }
}
