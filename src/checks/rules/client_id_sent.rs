//! A `client_id` in the signed-JWT token request: not needed (F-8476 "You generally do not send
//! client_id in the body"); whether it survives next to the one the proxy sets is UNVERIFIED.

use super::Facts;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(r) = f.token_request().filter(|r| r.form_value("grant_type") == Some("client_credentials")) else {
        return;
    };
    if r.form_value("client_id").is_some() {
        out.push(
            Finding::new(
                Code::ClientIdSent,
                "The form body sends client_id. The signed-JWT flow identifies you \
            by iss/sub; leave client_id out (if sent, it must be exactly the API key).",
            )
            .about("client_id"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    #[test]
    fn fires_when_client_id_is_sent() {
        let paste = format!("{} \\\n  --data-urlencode 'client_id={KEY}'", good_request());
        fires(check, &paste, &ctx(), Code::ClientIdSent);
    }

    #[test]
    fn silent_without_client_id() {
        silent(check, &good_request(), &ctx());
    }
}
