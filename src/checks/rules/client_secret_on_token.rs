//! A `client_secret` in the signed-JWT token request: that is the authorization-code flow; the
//! secret should not be sent (or pasted) here.

use super::Facts;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(r) = f.token_request().filter(|r| r.form_value("grant_type") == Some("client_credentials")) else {
        return;
    };
    if r.form_value("client_secret").is_some() {
        out.push(
            Finding::new(
                Code::ClientSecretOnToken,
                "The form body sends client_secret. The signed-JWT flow does \
            not use it: remove it, and since it was shared here, consider it exposed.",
            )
            .about("client_secret"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    #[test]
    fn fires_when_client_secret_is_sent() {
        let paste = format!("{} \\\n  --data-urlencode 'client_secret=s3cr3tValue'", good_request());
        fires(check, &paste, &ctx(), Code::ClientSecretOnToken);
    }

    #[test]
    fn silent_without_client_secret() {
        silent(check, &good_request(), &ctx());
    }
}
