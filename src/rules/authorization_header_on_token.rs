//! An `Authorization` header on the signed-JWT token request: NHS samples send none; Apigee's
//! OAuthV2 may read Basic credentials from it (APIGEE-GET-TOKENS; spec §7.4 rank 2, UNVERIFIED).

use super::Facts;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    if !f.is_token_call() {
        return;
    }
    let Some(a) = f.token_request().and_then(|r| r.header("authorization")) else { return };
    let scheme = a.split_whitespace().next().unwrap_or("");
    out.push(Finding::new(Code::AuthorizationHeaderOnToken, format!("The token request carries an Authorization header ({scheme} …). The signed-JWT flow needs none: remove it (Postman may add one from a collection's auth settings).")).about("authorization"));
}
