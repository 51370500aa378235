//! `client_id` in the form differs from `sub` or from the typed key: the top-ranked cause of
//! `oauth.v2.InvalidClientIdentifier` (F-8476; spec §7.4 rank 1, UNVERIFIED).

use super::{redact, Facts};
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail, GatewayCheck};
use crate::vocab::Code;
use crate::vocab::Finding;

/// The gateway's predicate for this step (spec §4.1); the finding below is made from it.
pub const GATEWAY: GatewayCheck = GatewayCheck { code: Some(Code::ClientIdMismatch), decide };

fn decide(f: &Facts, _: &dyn Oracle) -> Check {
    let sub = f.claims().and_then(|(_, c)| c.get("sub")).and_then(|s| s.as_str()).unwrap_or("");
    let cid = f.token_request().and_then(|r| r.form_value("client_id"));
    cid.filter(|cid| *cid != sub)
        .map(|_| Fail::likely("The body sends a client_id that is not the key in iss/sub."))
        .into()
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(cid) = f.token_request().and_then(|r| r.form_value("client_id")) else { return };
    let sub = f.claims().and_then(|(_, c)| c.get("sub")).and_then(|s| s.as_str());
    let against = match (sub, f.key()) {
        (Some(s), _) if s != cid => Some(("sub", s)),
        (_, Some(k)) if k != cid => Some(("the API key you entered", k)),
        _ => None,
    };
    if let Some((what, v)) = against {
        let guid = if super::looks_like_guid(cid) { " It looks like the Application ID (a GUID)." } else { "" };
        out.push(
            Finding::new(
                Code::ClientIdMismatch,
                format!(
                    "client_id ({}) is not {what} ({}).{guid} If client_id is sent at all, it must be the API key.",
                    redact(cid),
                    redact(v)
                ),
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
    fn fires_when_client_id_is_not_the_key() {
        for id in [APP_ID, "ZyXwVuTsRqPoNmLkJiHgFeDcBa987654"] {
            let paste = format!("{} \\\n  --data-urlencode 'client_id={id}'", good_request());
            fires(check, &paste, &ctx(), Code::ClientIdMismatch);
        }
    }

    #[test]
    fn silent_when_client_id_is_the_key_or_absent() {
        silent(check, &format!("{} \\\n  --data-urlencode 'client_id={KEY}'", good_request()), &ctx());
        silent(check, &good_request(), &ctx());
    }
}
