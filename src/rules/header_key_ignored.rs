//! `jku`, `x5u`, `jwk`, `x5c` in the header: the platform ignores them and fetches only the JWKS
//! registered for the app (Javascript.SetServiceCalloutUrl.xml; F-5033). Tools that trust them
//! can be fooled by any token.

use super::Facts;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((_, h)) = f.header() else { return };
    for name in ["jku", "x5u", "jwk", "x5c"] {
        if h.contains_key(name) {
            out.push(
                Finding::new(Code::HeaderKeyIgnored, format!("The header carries {name}. The platform ignores it and uses only the JWKS registered for your app; a key or key URL inside a token proves nothing about who signed it."))
                    .about(name),
            );
        }
    }
}
