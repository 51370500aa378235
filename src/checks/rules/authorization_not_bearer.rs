//! An API called with `Authorization` that is not `Bearer <access token>`, with the token in a
//! header of another name (`Authorisation`, `Authentication`), or with the API key in a header
//! the platform does not read (spec §6: the platform reads `Authorization: Bearer` for tokens and
//! `apikey` for API-key APIs).

use super::Facts;
use crate::vocab::{Code, Finding};

/// Header names people put the access token in instead of `Authorization`: spellings and
/// neighbours (a name that is not a spelling counts only with a `Bearer …` value).
const MISNAMED: &[&str] = &[
    "authorisation",
    "autorization",
    "autorisation",
    "authorizaton",
    "authorzation",
    "authorizarion",
    "authorizations",
    "authentication",
    "auth",
    "bearer",
    "token",
    "access-token",
    "access_token",
    "x-access-token",
    "x-auth-token",
];

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let api = |r: &&crate::decode::request::Request| r.parsed_url().is_some_and(|u| !u.path().starts_with("/oauth2"));
    let Some(r) = f.token_request().filter(api).or_else(|| f.api_call()) else {
        return;
    };
    // MESH has an Authorization scheme of its own (NHSMESH): its rule judges it.
    if r.parsed_url().is_some_and(crate::platform::mesh::is_mesh) {
        return;
    }
    // A masked value is not judged; a stringified nothing (`undefined`) has its own finding.
    let nothing = |a: &str| super::value_stringified_nothing::NOTHING.contains(&a.trim());
    if let Some(a) = r.header("authorization").filter(|a| !crate::extract::vars::is_masked(a) && !nothing(a)) {
        let scheme = a.split_whitespace().next().unwrap_or("");
        // The proxies compare the scheme exactly (PDS: `authWords[0] !== "Bearer"`).
        if scheme == "bearer" || scheme == "BEARER" {
            out.push(
                Finding::new(
                    Code::AuthorizationNotBearer,
                    format!(
                        "Authorization starts \"{scheme} \": the scheme must be exactly \"Bearer\" (capital B); the \
                         API proxies compare it case-sensitively."
                    ),
                )
                .about("authorization"),
            );
        } else if !scheme.eq_ignore_ascii_case("bearer") {
            let a = a.trim();
            // A variable's name is not a secret: shown as written, with what its being empty does.
            let variable = a.strip_prefix('$').is_some_and(|n| {
                !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '{' | '}'))
            });
            // A value the code makes around its expressions is shown as written: the literal
            // words in it are masked when long enough to be a secret.
            let made = a.contains('{') && a.contains('}');
            let shown = match a.strip_prefix('{').and_then(|x| x.strip_suffix('}')) {
                Some(expr) => format!("the code's {expr}"),
                None if variable => a.to_string(),
                None if made => a
                    .split(' ')
                    .map(|w| if w.len() >= 20 && !w.contains('{') { crate::platform::redact(w) } else { w.to_string() })
                    .collect::<Vec<_>>()
                    .join(" "),
                None => crate::platform::redact(a),
            };
            // A client's Basic helper wrote it (`auth=(…)`): what it sends, whatever its arguments.
            let helper = if a.starts_with("Basic {base64 of") {
                " The client's own auth helper wrote it (requests' and httpx's auth=(…) and HTTPBasicAuth, axios's \
                 auth: {…}, SetBasicAuth, basic_auth): it sends HTTP Basic, the base64 of its two values joined by a \
                 colon, whatever they are. Drop the auth argument and send the header Authorization: Bearer \
                 <access token> yourself."
            } else if a.starts_with("Token token=") {
                " Faraday's token_auth middleware writes this old Token scheme: use f.request :authorization, 'Bearer', \
                 token instead."
            } else {
                ""
            };
            let empty = if variable {
                format!(
                    " If {a} is empty or unset, the header is sent empty, or dropped altogether (curl drops a header \
                     with no value): the API then answers that the Authorization header is missing."
                )
            } else {
                String::new()
            };
            out.push(
                Finding::new(
                    Code::AuthorizationNotBearer,
                    format!(
                        "Authorization is \"{shown}\" without \"Bearer \": APIs on the platform read \
                         Authorization: Bearer <access token>, the access_token from /oauth2/token.{empty}{helper}"
                    ),
                )
                .about("authorization"),
            );
        }
    }
    if r.header("authorization").is_none() {
        let misnamed = r.headers.iter().find(|h| {
            let bearer = h.value.trim_start().get(..7).is_some_and(|b| b.eq_ignore_ascii_case("bearer "));
            let name = h.name.to_ascii_lowercase();
            MISNAMED.contains(&name.as_str()) && (bearer || name.starts_with("autho"))
        });
        if let Some(h) = misnamed {
            out.push(
                Finding::new(
                    Code::AuthorizationHeaderMisnamed,
                    format!(
                        "The access token is sent in a header named \"{}\": the platform reads it only from \
                         Authorization (this spelling), as Authorization: Bearer <access token>. To the API, \
                         this call carries no access token.",
                        h.name
                    ),
                )
                .about(&h.name),
            );
        }
    }
    if r.header("x-api-key").is_some() && r.header("apikey").is_none() {
        out.push(
            Finding::new(
                Code::ApiKeyHeaderName,
                "The API key is sent as x-api-key; the platform reads it only from the header named apikey \
                 (APIs that take API-key authentication).",
            )
            .about("x-api-key"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    const API: &str = "https://int.api.service.nhs.uk/referrals/FHIR/R4/Binary/1";

    #[test]
    fn fires_without_bearer_and_on_x_api_key() {
        let paste = format!("URL: {API}\nAuthorization: 3GTPjaC26sGmCyrz02ua785bdpBP\n");
        fires(check, &paste, &ctx(), Code::AuthorizationNotBearer);
        let paste = format!("curl {API} -H 'x-api-key: {KEY}'");
        fires(check, &paste, &ctx(), Code::ApiKeyHeaderName);
    }

    #[test]
    fn silent_on_a_masked_value() {
        silent(check, &format!("URL: {API}\nRequest Headers:\nAuthorization: *\n"), &ctx());
        silent(check, &format!("URL: {API}\nAuthorization: [REDACTED]\n"), &ctx());
    }

    #[test]
    fn a_basic_helper_is_named_and_mesh_is_left_to_its_own_rule() {
        let paste = format!("requests.get(\"{API}\", auth=(\"Bearer\", access_token))");
        let report = crate::analyze(&paste, &ctx());
        let f = report.findings.iter().find(|f| f.code == Code::AuthorizationNotBearer).expect("fires");
        assert!(f.message.contains("auth=(") && f.message.contains("Basic {base64 of"), "{}", f.message);
        silent(
            check,
            "requests.get(\"https://msg.intspineservices.nhs.uk/messageexchange/X26ABC1/inbox\", headers={\"Authorization\": \"Bearer x\"})",
            &ctx(),
        );
    }

    #[test]
    fn fires_on_the_token_in_a_header_of_another_name() {
        for name in ["Authorisation", "Authentication", "x-access-token"] {
            let paste = format!("curl {API} -H '{name}: Bearer 3GTPjaC26sGmCyrz02ua785bdpBP'");
            fires(check, &paste, &ctx(), Code::AuthorizationHeaderMisnamed);
        }
        let paste = format!("curl {API} -H 'Authorisation: 3GTPjaC26sGmCyrz02ua785bdpBP'");
        fires(check, &paste, &ctx(), Code::AuthorizationHeaderMisnamed);
    }

    #[test]
    fn silent_when_authorization_is_there_or_the_other_header_holds_no_bearer() {
        let both =
            format!("curl {API} -H 'Authorization: Bearer 3GTPjaC26sGmCyrz02ua785bdpBP' -H 'X-Auth-Token: Bearer x'");
        silent(check, &both, &ctx());
        silent(check, &format!("curl {API} -H 'Token: 3GTPjaC26sGmCyrz02ua785bdpBP'"), &ctx());
    }

    #[test]
    fn silent_with_bearer_and_apikey() {
        silent(check, &format!("curl {API} -H 'Authorization: Bearer 3GTPjaC26sGmCyrz02ua785bdpBP'"), &ctx());
        silent(check, &format!("curl {API} -H 'apikey: {KEY}'"), &ctx());
        silent(check, &good_request(), &ctx());
    }
}
