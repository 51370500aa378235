//! `grant_type` is not `client_credentials` (or another flow's grant type).

use super::Facts;
use crate::vocab::Code;
use crate::vocab::Finding;

const KNOWN: &[&str] =
    &["client_credentials", "urn:ietf:params:oauth:grant-type:token-exchange", "authorization_code", "refresh_token"];
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail, GatewayCheck};

/// The gateway's predicate for this step (spec §4.1); the finding below is made from it.
pub const GATEWAY: GatewayCheck = GatewayCheck { code: Some(Code::GrantTypeInvalid), decide };

fn decide(f: &Facts, _: &dyn Oracle) -> Check {
    let Some(r) = f.token_call().filter(|r| super::grant_type_missing::fields_shown(r)) else { return Check::Pass };
    let g = r
        .form_value("grant_type")
        .filter(|g| !KNOWN.contains(g) && !super::grant_type_missing::unknown(r, "grant_type"));
    g.map(|g| Fail::certain(format!("grant_type is {}.", super::show_str(g)))).into()
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(g) = f.token_request().and_then(|r| r.form_value("grant_type")) else { return };
    if decide(f, &crate::checks::oracle::ASSUME) == Check::Pass {
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
            format!(
                "grant_type is {}{hint}. For a signed JWT it must be exactly client_credentials.",
                super::show_str(g)
            ),
        )
        .about("grant_type"),
    );
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
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
