//! An `Authorization` header on the signed-JWT token request: NHS samples send none; Apigee's
//! OAuthV2 may read Basic credentials from it (APIGEE-GET-TOKENS; spec §7.4 rank 2, UNVERIFIED).

use super::Facts;
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail, GatewayCheck};
use crate::vocab::Code;
use crate::vocab::Finding;

/// The gateway's predicate for this step (spec §4.1); the finding below is made from it.
pub const GATEWAY: GatewayCheck = GatewayCheck { code: Some(Code::AuthorizationHeaderOnToken), decide };

fn decide(f: &Facts, _: &dyn Oracle) -> Check {
    let header = f.token_request().and_then(|r| r.header("authorization"));
    header.map(|_| Fail::likely("The request carries an Authorization header.")).into()
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    if !f.is_token_call() {
        return;
    }
    let Some(a) = f.token_request().and_then(|r| r.header("authorization")) else { return };
    let scheme = a.split_whitespace().next().unwrap_or("");
    out.push(
        Finding::new(
            Code::AuthorizationHeaderOnToken,
            format!(
                "The token request carries an Authorization \
        header ({scheme} …). The signed-JWT flow needs none: remove it (Postman may add one from a collection's auth \
        settings)."
            ),
        )
        .about("authorization"),
    );
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    #[test]
    fn fires_on_an_authorization_header() {
        for auth in ["Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", "Bearer abc"] {
            let paste = good_request()
                .replace("-H 'Content-Type", &format!("-H 'Authorization: {auth}' \\\n  -H 'Content-Type"));
            fires(check, &paste, &ctx(), Code::AuthorizationHeaderOnToken);
        }
    }

    #[test]
    fn silent_without_one() {
        silent(check, &good_request(), &ctx());
    }
}
