//! The environments of the POST URL, of `aud`, and of the one chosen disagree. Apps and keys
//! exist per environment (spec §1.1; F-7141).

use super::Facts;
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail, GatewayCheck};
use crate::vocab::Code;
use crate::vocab::Finding;

/// The gateway's predicate for this step (spec §4.1); the finding below is made from it.
pub const GATEWAY: GatewayCheck = GatewayCheck { code: Some(Code::EnvironmentMismatch), decide };

fn decide(f: &Facts, _: &dyn Oracle) -> Check {
    let used = f.url_environment().or_else(|| f.aud_environment());
    let clash = f.ctx.environment.zip(used).filter(|(a, b)| a != b);
    clash
        .map(|(chosen, used)| {
            Fail::likely(format!("Your key is for {} but the request goes to {}.", chosen.name(), used.name()))
        })
        .into()
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let url = f.url_environment();
    let aud = f.aud_environment();
    if let (Some(u), Some(a)) = (url, aud) {
        if u != a {
            out.push(
                Finding::new(
                    Code::EnvironmentMismatch,
                    format!(
                        "The request goes to {} but aud names {} ({}). A JWT is only valid for the environment it \
                         names, and apps and keys exist per environment.",
                        u.name(),
                        a.name(),
                        a.token_url()
                    ),
                )
                .about("aud"),
            );
        }
    }
    if let Some(chosen) = f.ctx.environment {
        for (what, env) in [("the request URL", url), ("aud", aud)] {
            if let Some(e) = env.filter(|e| *e != chosen) {
                out.push(Finding::new(
                    Code::EnvironmentMismatch,
                    format!(
                        "You chose {} but {what} is {}. Use the app, key, URL and aud of one environment: {}'s \
                         token URL is {}, {}'s is {}.",
                        chosen.name(),
                        e.name(),
                        chosen.name(),
                        chosen.token_url(),
                        e.name(),
                        e.token_url()
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::platform::Environment;
    use crate::vocab::Code;
    use serde_json::json;

    const SANDBOX_URL: &str = "https://sandbox.api.service.nhs.uk/oauth2/token";

    #[test]
    fn fires_when_url_and_aud_name_different_environments() {
        let paste = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "aud": SANDBOX_URL }))));
        fires(check, &paste, &ctx(), Code::EnvironmentMismatch);
    }

    #[test]
    fn fires_when_the_chosen_environment_differs() {
        let chosen = ctx_with(|c| c.environment = Some(Environment::Sandbox));
        fires(check, &good_request(), &chosen, Code::EnvironmentMismatch);
    }

    #[test]
    fn silent_when_all_agree() {
        silent(check, &good_request(), &ctx());
        silent(check, &good_request(), &ctx_with(|c| c.environment = Some(Environment::Int)));
    }
}
