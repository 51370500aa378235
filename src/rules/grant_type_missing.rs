//! No `grant_type` in the form (RaiseFault.MissingGrantType).

use super::Facts;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(r) = f.token_request().filter(|r| !r.form.is_empty()) else { return };
    if r.form_value("grant_type").is_none() {
        out.push(
            Finding::new(Code::GrantTypeMissing, "The form body has no grant_type. Add grant_type=client_credentials.")
                .about("grant_type"),
        );
    }
}
