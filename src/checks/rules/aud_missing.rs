//! No `aud` (VerifyJWT.ClientCredentials.xml: `<Audience ref="proxy.url"/>`).

use super::Facts;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((_, c)) = f.claims() else { return };
    if !c.contains_key("aud") {
        let url = f.post_url().map(|u| u.to_string()).or_else(|| f.environment().map(|e| e.token_url()));
        let hint =
            url.map(|u| format!(" Set it to {u}.")).unwrap_or_else(|| " Set it to the token URL you POST to.".into());
        out.push(Finding::new(Code::AudMissing, format!("The payload has no aud.{hint}")).about("aud"));
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;
    use serde_json::json;

    #[test]
    fn fires_without_aud() {
        let paste = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "aud": null }))));
        fires(check, &paste, &ctx(), Code::AudMissing);
    }

    #[test]
    fn silent_with_aud() {
        silent(check, &good_request(), &ctx());
    }
}
