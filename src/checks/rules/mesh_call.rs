//! A call to MESH, judged as MESH judges it (mesh-sandbox's `_validate_auth_token` and
//! `get_accepts_api_version`, mesh-client's endpoints): its own `Authorization: NHSMESH …`
//! header for the mailbox in the URL, its Accept format, and its internet-facing hosts.

use super::Facts;
use crate::decode::request::Request;
use crate::platform::mesh;
use crate::vocab::{Code, Finding};

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((r, url)) =
        f.requests.iter().filter_map(|r| r.parsed_url().filter(|u| mesh::is_mesh(u)).map(|u| (r, u))).next_back()
    else {
        return;
    };
    authorization(r, url.path(), out);
    if let Some(accept) = r.header("accept").and_then(mesh::accept_unreadable) {
        out.push(
            Finding::new(
                Code::MeshAcceptInvalid,
                format!(
                    "Accept is \"{accept}\": MESH reads a MESH media type only as application/vnd.mesh.v<version>+json \
                     (application/vnd.mesh.v2+json), and answers 400 \"Accept header api format incorrect\" to any \
                     other."
                ),
            )
            .about("accept"),
        );
    }
    if let Some((host, env, true)) = url.host_str().and_then(mesh::host) {
        let internet = mesh::internet_host(env).unwrap_or("the internet-facing host");
        out.push(
            Finding::new(
                Code::MeshHscnHost,
                format!(
                    "{host} is MESH's {env} host on HSCN: it resolves and answers only from inside HSCN, and \
                     mesh-client 3.0 deprecated it (DEPRECATED_HSCN_*). From the internet, call {internet}."
                ),
            )
            .about("request"),
        );
    }
}

/// The Authorization header as MESH reads it: present, NHSMESH, five parts, for the URL's mailbox.
fn authorization(r: &Request, path: &str, out: &mut Vec<Finding>) {
    let value = r.header("authorization").map(str::trim);
    // A value the code computes (`{mesh_auth(…)}`) is not seen: nothing to judge.
    if value.is_some_and(|v| v.starts_with('{') && v.ends_with('}')) {
        return;
    }
    let mailbox = mesh::mailbox_in_path(path);
    let problem = match value {
        None | Some("") => "the call has no Authorization header".to_string(),
        Some(v) => {
            let a = mesh::parse_authorization(v);
            let bearer = v.get(..7).is_some_and(|b| b.eq_ignore_ascii_case("bearer "));
            let mut reasons = a.reasons_invalid();
            if bearer {
                reasons.insert(0, "it is a Bearer token: MESH takes no API Platform access token".to_string());
            }
            if let Some(m) = mailbox.filter(|m| a.scheme && !a.mailbox.is_empty() && a.mailbox != *m) {
                reasons.push(format!("it is for mailbox {} while the URL names mailbox {m}", a.mailbox));
            }
            if reasons.is_empty() {
                return;
            }
            format!("its Authorization header cannot be MESH's: {}", reasons.join("; "))
        }
    };
    let for_mailbox = mailbox.map(|m| format!(" for mailbox {m}")).unwrap_or_default();
    out.push(
        Finding::new(
            Code::MeshAuthorizationInvalid,
            format!(
                "This is a call to MESH, and {problem}. MESH authenticates each call with Authorization: NHSMESH \
                 <mailbox id>:<nonce>:<nonce count>:<timestamp YYYYMMDDHHMM>:<HMAC-SHA256>{for_mailbox}, the HMAC keyed \
                 by the environment's shared key over <mailbox id>:<nonce>:<nonce count>:<mailbox password>:<timestamp>."
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

    const INBOX: &str = "https://msg.intspineservices.nhs.uk/messageexchange/X26ABC1/inbox";

    #[test]
    fn fires_on_a_bearer_token_a_wrong_mailbox_a_bad_accept_and_an_hscn_host() {
        let bearer = format!("curl -H 'Authorization: Bearer 8kTq2VwN5xLm0RcZ7pYb3HsD9fJa' {INBOX}");
        fires(check, &bearer, &ctx(), Code::MeshAuthorizationInvalid);
        let other = format!("curl -H 'Authorization: NHSMESH X26XYZ9:n1:1:202607051412:ab12' {INBOX}");
        fires(check, &other, &ctx(), Code::MeshAuthorizationInvalid);
        let accept = format!(
            "curl -H 'Authorization: NHSMESH X26ABC1:n1:1:202607051412:ab12' -H 'Accept: application/vnd.mesh.v2.json' {INBOX}"
        );
        fires(check, &accept, &ctx(), Code::MeshAcceptInvalid);
        let hscn = "curl -H 'Authorization: NHSMESH X26ABC1:n1:1:202607051412:ab12' https://msg.int.spine2.ncrs.nhs.uk/messageexchange/X26ABC1/inbox";
        fires(check, hscn, &ctx(), Code::MeshHscnHost);
    }

    #[test]
    fn silent_on_a_well_formed_call_and_on_code_that_computes_the_header() {
        let good = format!(
            "curl -H 'Authorization: NHSMESH X26ABC1:n1:1:202607051412:ab12' -H 'Accept: application/vnd.mesh.v2+json' {INBOX}"
        );
        silent(check, &good, &ctx());
        silent(
            check,
            &format!("requests.get(\"{INBOX}\", headers={{\"Authorization\": mesh_auth(\"X26ABC1\")}})"),
            &ctx(),
        );
        silent(check, &good_request(), &ctx());
    }
}
