//! `client_assertion_type` missing or not the jwt-bearer URN (RaiseFault.MissingOrInvalidClientAssertionType).

use super::Facts;
use crate::platform::CLIENT_ASSERTION_TYPE;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(r) = f
        .token_request()
        .filter(|r| r.form_value("grant_type").is_some_and(|g| g != "authorization_code" && g != "refresh_token"))
    else {
        return;
    };
    match r.form_value("client_assertion_type") {
        Some(t) if t == CLIENT_ASSERTION_TYPE => {}
        Some(t) if t.contains('%') => {} // double encoding has its own finding
        Some(t) => out.push(
            Finding::new(
                Code::ClientAssertionTypeInvalid,
                format!("client_assertion_type is \"{t}\"; it must be exactly {CLIENT_ASSERTION_TYPE}."),
            )
            .about("client_assertion_type"),
        ),
        None => out.push(
            Finding::new(
                Code::ClientAssertionTypeInvalid,
                format!(
                    "The form body has no client_assertion_type. Add client_assertion_type={CLIENT_ASSERTION_TYPE}."
                ),
            )
            .about("client_assertion_type"),
        ),
    }
}
