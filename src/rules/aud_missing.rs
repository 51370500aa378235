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
