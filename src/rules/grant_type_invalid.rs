//! `grant_type` is not `client_credentials` (or another flow's grant type).

use super::Facts;
use crate::vocab::Code;
use crate::vocab::Finding;

const KNOWN: &[&str] =
    &["client_credentials", "urn:ietf:params:oauth:grant-type:token-exchange", "authorization_code", "refresh_token"];

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(g) = f.token_request().and_then(|r| r.form_value("grant_type")) else { return };
    if KNOWN.contains(&g) {
        return;
    }
    let hint = if g.to_ascii_lowercase().replace(['-', ' '], "_") == "client_credentials" {
        " (a typo of client_credentials)"
    } else {
        ""
    };
    out.push(
        Finding::new(
            Code::GrantTypeInvalid,
            format!("grant_type is \"{g}\"{hint}. For a signed JWT it must be exactly client_credentials."),
        )
        .about("grant_type"),
    );
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::rules::testing::*;
    use crate::vocab::Code;

    #[test]
    fn fires_on_an_unknown_grant_type() {
        for g in ["client-credentials", "password", "jwt-bearer"] {
            let paste = good_request().replace("grant_type=client_credentials", &format!("grant_type={g}"));
            fires(check, &paste, &ctx(), Code::GrantTypeInvalid);
        }
    }

    #[test]
    fn silent_on_client_credentials() {
        silent(check, &good_request(), &ctx());
    }
}
