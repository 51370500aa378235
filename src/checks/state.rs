//! The steps only the gateway's state decides (spec §4.1 7.10, 8, 9, 11, 12, 13, 15): each a
//! question to the oracle, its "unknown" a stated assumption.

use serde_json::Value;

use crate::checks::oracle::{Answer, Oracle};
use crate::checks::step::{Check, GatewayCheck};
use crate::facts::{Facts, Verification};

pub const ASSUME_KEY: &str = "sub is an API key of an approved app subscribed in this environment";
pub const ASSUME_JWKS: &str =
    "a public key (JWKS) is registered for the app in this environment and the gateway can fetch it";
pub const ASSUME_KID: &str = "the kid is in that JWKS";
pub const ASSUME_SIG: &str = "the signature verifies with that key (the right private key was used)";
pub const ASSUME_JTI: &str = "this jti was not used in the last 30 days (it is spent even by a failed request)";
pub const ASSUME_REGISTERED: &str = "the key set you pasted is the one registered for the app in this environment";
pub const ASSUME_PRODUCT: &str = "the app is subscribed to an application-restricted (signed JWT) product";

/// An oracle's answer as a check: unknown is the stated assumption.
fn asked(answer: Answer, assumption: &str) -> Check {
    match answer {
        Answer::Holds => Check::Pass,
        Answer::HoldsIf(text) => Check::assume(text),
        Answer::Fails(fail) => Check::Fail(fail),
        Answer::Unknown => Check::assume(assumption),
    }
}

/// `sub` as the gateway reads it (a string claim as is, anything else as JSON text).
fn sub_of(f: &Facts) -> String {
    let sub = f.claims().and_then(|(_, c)| c.get("sub"));
    sub.map(|v| v.as_str().map(String::from).unwrap_or_else(|| v.to_string())).unwrap_or_default()
}

/// Step 7.10: the jti was not used before by this sub.
pub const JTI_UNUSED: GatewayCheck = GatewayCheck { code: None, decide: jti_unused };

fn jti_unused(f: &Facts, o: &dyn Oracle) -> Check {
    let jti = f.claims().and_then(|(_, c)| c.get("jti")).and_then(Value::as_str).unwrap_or("");
    asked(o.jti_unused(&sub_of(f), jti), ASSUME_JTI)
}

/// Step 8: the jti is spent, whatever follows.
pub const SPEND_JTI: GatewayCheck = GatewayCheck { code: None, decide: spend_jti };

fn spend_jti(f: &Facts, o: &dyn Oracle) -> Check {
    let jti = f.claims().and_then(|(_, c)| c.get("jti")).and_then(Value::as_str).unwrap_or("");
    o.spend_jti(&sub_of(f), jti);
    Check::Pass
}

/// Step 9: the app that owns `sub`.
pub const APP: GatewayCheck = GatewayCheck { code: None, decide: app };

fn app(f: &Facts, o: &dyn Oracle) -> Check {
    asked(o.app(&sub_of(f)), ASSUME_KEY)
}

/// Step 11.
pub const PUBLIC_KEY: GatewayCheck = GatewayCheck { code: None, decide: public_key };

fn public_key(f: &Facts, o: &dyn Oracle) -> Check {
    asked(o.public_key(&sub_of(f)), ASSUME_JWKS)
}

/// Step 12 (assumed with step 11's assumption).
pub const JWKS_REACHABLE: GatewayCheck = GatewayCheck { code: None, decide: jwks_reachable };

fn jwks_reachable(f: &Facts, o: &dyn Oracle) -> Check {
    match o.jwks_reachable(&sub_of(f)) {
        Answer::Fails(fail) => Check::Fail(fail),
        _ => Check::Pass,
    }
}

/// Step 13: the key by kid.
pub const KID: GatewayCheck = GatewayCheck { code: None, decide: kid };

fn kid(f: &Facts, o: &dyn Oracle) -> Check {
    asked(o.kid(&f.main.verification), ASSUME_KID)
}

/// Step 13: the signature.
pub const SIGNATURE: GatewayCheck = GatewayCheck { code: None, decide: signature };

fn signature(f: &Facts, o: &dyn Oracle) -> Check {
    let v = &f.main.verification;
    match o.signature(v) {
        Answer::Unknown => match v {
            Verification::CouldNotVerify(why) => {
                Check::assume(format!("{ASSUME_SIG} (it could not be checked here: {why})"))
            }
            _ => Check::assume(ASSUME_SIG),
        },
        other => asked(other, ASSUME_SIG),
    }
}

/// Step 15.
pub const PRODUCT: GatewayCheck = GatewayCheck { code: None, decide: product };

fn product(f: &Facts, o: &dyn Oracle) -> Check {
    asked(o.product(&sub_of(f)), ASSUME_PRODUCT)
}
