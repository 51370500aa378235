//! The API proxy's check order for a call made with the token, written once per proxy: `PDS`,
//! one row per check that can fail, in the order its proxy runs them (PDS `targets/ig3.xml`:
//! `OauthV2.VerifyAccessToken`, whose fault `UpdateInvalidAccessTokenFaultString.js` rewords
//! from the Authorization header; then `RaiseFault.400BadRequest` on an X-Request-ID that is not a
//! UUID). The sandbox is PDS's mock, which reads the header itself (`isValidBearerToken`).
//!
//! Only what the paste shows of the call is judged. The token's own state (issued here, not
//! expired, with the API's product) is the gateway's: it is an assumption, never a guess. A call
//! that passes every row gets no prediction: what the API then answers depends on its data.

use crate::checks::step::Fail;
use crate::decode::request::Request;
use crate::facts::Facts;
use crate::vocab::{Certainty, ErrorId, Prediction, Step};

/// What one row says of the call: the answer's own text when it fails (the proxy writes the
/// header's value into it).
enum Row {
    Pass,
    /// The call leaves the proxy's walk here: no later row applies (a monitoring endpoint).
    Done,
    Assume(String),
    Fail(ErrorId, Fail, String),
}

/// One check of a proxy, in its order.
type Check = fn(&Request, bool) -> Row;

/// PDS (live and sandbox): its monitoring endpoints first (their own flows), then the
/// Authorization header, then X-Request-ID.
const PDS: &[Check] = &[monitoring, authorization, x_request_id];

/// Predict the API proxy's answer to the paste's API call, when one is shown and the proxy's
/// order is known here.
pub fn predict(f: &Facts) -> Option<Prediction> {
    use crate::decode::request::RequestSource::{Cli, Code, Curl, Http};
    let call = f.api_call()?;
    // Only a call whose headers are shown: a command or raw request shows them all; code shows
    // those it sets, when it sets any.
    let shown = match call.source {
        Some(Curl | Http | Cli) => true,
        Some(Code) => !call.headers.is_empty(),
        _ => false,
    };
    let url = call.parsed_url().filter(|_| shown)?;
    let env = url.host_str().and_then(crate::platform::Environment::from_host)?;
    let rows = match crate::platform::first_segment(url.path()) {
        "personal-demographics" => PDS,
        _ => return None,
    };
    let mut assumptions = Vec::new();
    for row in rows {
        match row(call, env.is_sandbox()) {
            Row::Pass => {}
            Row::Done => return None,
            Row::Assume(a) => assumptions.push(a),
            Row::Fail(id, fail, text) => {
                let e = id.entry();
                // Headers written in code may be set elsewhere too: what the code shows is likely.
                let code = call.source == Some(Code);
                let certainty = if code { fail.certainty.max(Certainty::Likely) } else { fail.certainty };
                return Some(Prediction {
                    status: e.status,
                    error: None,
                    error_description: Some(text),
                    body: None,
                    entry: Some(id),
                    step: Step::ISSUED,
                    certainty: certainty.max(Certainty::Likely),
                    why: fail.why,
                    assumptions,
                    basis: Some(format!("The API call to {} as the paste shows it.", url.path())),
                });
            }
        }
    }
    None
}

/// PDS's monitoring endpoints (proxies/default.xml): `/_ping` answers without a key or token;
/// `/_status` takes the platform's status-endpoint key in `apikey`, which no app's key is, and
/// no token.
fn monitoring(call: &Request, _sandbox: bool) -> Row {
    use crate::platform::Monitoring;
    match call.parsed_url().and_then(|u| crate::platform::monitoring(u.path())) {
        Some(Monitoring::Ping) => return Row::Done,
        None => return Row::Pass,
        Some(Monitoring::Status) => {}
    }
    let why = match call.header("apikey") {
        None => {
            "The call to /_status sends no apikey header: /_status checks it against the platform's own \
                 status-endpoint key, and takes no access token."
        }
        Some(_) => {
            "/_status checks the apikey header against the platform's own status-endpoint key, which is not \
                    an app's API key (an app's key opens the token endpoint, not /_status); a probe of your own \
                    should call /_ping, which needs no key."
        }
    };
    Row::Fail(ErrorId::FhirInvalidApiKey, Fail::likely(why), "Invalid Api Key".into())
}

/// PDS's reading of the Authorization header, word by word as its script splits it at spaces;
/// the sandbox's mock wants exactly `Bearer <token>`.
fn authorization(call: &Request, sandbox: bool) -> Row {
    use ErrorId::{FhirEmptyAuthorizationHeader, FhirInvalidTokenType, FhirMissingAccessToken};
    let header = call.header("Authorization");
    if sandbox {
        let judged = |v: &str| whole_expression(v).is_none_or(|(_, bare)| bare);
        return match header {
            Some(v) if judged(v) && !bearer_and_token(v) => Row::Fail(
                FhirMissingAccessToken,
                Fail::likely(format!(
                    "The sandbox needs no token, but an Authorization header it gets must be exactly 'Bearer <token>'; \
                     this one is {}.",
                    shown(v)
                )),
                "Missing access token".into(),
            ),
            _ => Row::Pass,
        };
    }
    let Some(v) = header else {
        let apikey = call.header("apikey").is_some();
        let why = if apikey {
            "The call sends an apikey header and no Authorization header: PDS takes only Authorization: Bearer \
             <access token>, never an API key."
        } else {
            "The call sends no Authorization header."
        };
        return Row::Fail(
            ErrorId::FhirMissingAuthorizationHeader,
            Fail::likely(why),
            "Missing Authorization header".into(),
        );
    };
    // A value the code computes whole: a variable named for the token holds the token itself
    // (no scheme); any other expression is not judged.
    if let Some((expr, bare_token)) = whole_expression(v) {
        if !bare_token {
            return Row::Assume(format!(
                "the Authorization header the code computes ({expr}) is 'Bearer <access token>'"
            ));
        }
        let why = format!(
            "The Authorization header is the variable {expr}, the token itself: without 'Bearer ' before it the header \
             is one word."
        );
        return Row::Fail(FhirMissingAccessToken, Fail::likely(why), "Missing access token".into());
    }
    let words: Vec<&str> = v.split(' ').collect();
    if v.is_empty() {
        return Row::Fail(
            FhirEmptyAuthorizationHeader,
            Fail::likely("The Authorization header is empty."),
            "Empty Authorization header".into(),
        );
    }
    if words.len() == 1 {
        let why = format!(
            "The Authorization header is one word ({}): the token without 'Bearer ' before it, or 'Bearer' without the \
             token.",
            shown(v)
        );
        return Row::Fail(FhirMissingAccessToken, Fail::likely(why), "Missing access token".into());
    }
    if words[0] != "Bearer" {
        let why = format!("The scheme is '{}'; PDS wants exactly 'Bearer' (capital B, case-sensitive).", words[0]);
        return Row::Fail(
            FhirInvalidTokenType,
            Fail::likely(why),
            format!("Invalid token type '{}', must be 'Bearer'", words[0]),
        );
    }
    if let Some(what) = crate::checks::rules::bearer_not_access_token::not_an_access_token(v) {
        let why = format!(
            "The Bearer token is {what}. The platform's access tokens are opaque strings from /oauth2/token: a CIS2 or \
             NHS login id_token must first be exchanged for one there (token exchange), and a client assertion is \
             what you send to get one."
        );
        return Row::Fail(ErrorId::FhirInvalidAccessToken, Fail::likely(why), "Invalid Access Token".into());
    }
    Row::Assume("the Bearer token is a current access token from this environment's /oauth2/token".into())
}

/// `X-Request-ID`, when sent, is a UUID (the rule's predicate).
fn x_request_id(call: &Request, _: bool) -> Row {
    match crate::checks::rules::x_request_id_not_uuid::not_uuid(call) {
        Some(v) => Row::Fail(
            ErrorId::PdsXRequestIdInvalid,
            Fail::likely(format!("X-Request-ID is '{v}', which is not a UUID (8-4-4-4-12 hexadecimal digits).")),
            format!("Invalid value - '{v}' in header 'X-Request-ID'"),
        ),
        None => Row::Pass,
    }
}

/// A header value the code computes whole (`{expr}`), and whether it is a variable named for
/// the token (which holds the token itself, with no scheme).
fn whole_expression(v: &str) -> Option<(&str, bool)> {
    let expr = v.strip_prefix('{').and_then(|x| x.strip_suffix('}')).filter(|x| !x.contains(['{', '}']))?;
    let name = expr.to_ascii_lowercase();
    // A name, a field, a subscript or a getter (`token`, `tokenRes.access_token`,
    // `token["access_token"]`, `getAccessToken()`): the token itself.
    let bare_token =
        expr.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '"' | '\'' | '(' | ')'))
            && !expr.contains("((")
            && !name.contains("valueof")
            && !name.contains("tostring")
            && name.contains("token")
            && !["auth", "header", "bearer"].iter().any(|w| name.contains(w));
    Some((expr, bare_token))
}

/// `Bearer <token>`: two words, the first exactly Bearer.
fn bearer_and_token(v: &str) -> bool {
    let words: Vec<&str> = v.split(' ').collect();
    words.len() == 2 && words[0] == "Bearer" && !words[1].is_empty()
}

fn shown(v: &str) -> String {
    if let Some((expr, _)) = whole_expression(v) {
        return format!("the code's {expr}");
    }
    let v: String = v.chars().take(40).collect();
    format!("'{}'", crate::platform::redact(&v))
}

#[cfg(test)]
mod tests {
    use crate::checks::rules::testing::ctx;
    use crate::vocab::ErrorId;

    fn predicted(paste: &str) -> Option<(ErrorId, String)> {
        let p = crate::analyze(paste, &ctx()).predicted?;
        Some((p.entry?, p.error_description?))
    }

    const PDS: &str = "https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/9693632109";

    #[test]
    fn each_row_fires_on_its_call() {
        let cases = [
            (
                format!("curl {PDS} -H 'apikey: abc'"),
                ErrorId::FhirMissingAuthorizationHeader,
                "Missing Authorization header",
            ),
            (
                format!("curl {PDS} -H 'Authorization: mXq3Lt8sVb1Nc6Rz0Hk4'"),
                ErrorId::FhirMissingAccessToken,
                "Missing access token",
            ),
            (
                format!("curl {PDS} -H 'Authorization: bearer mXq3Lt8sVb1Nc6Rz0Hk4'"),
                ErrorId::FhirInvalidTokenType,
                "Invalid token type 'bearer', must be 'Bearer'",
            ),
            (
                format!("curl {PDS} -H 'Authorization: Bearer $TOKEN' -H 'X-Request-ID: 20250611-000042'"),
                ErrorId::PdsXRequestIdInvalid,
                "Invalid value - '20250611-000042' in header 'X-Request-ID'",
            ),
            (
                format!("curl {PDS} -H 'Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln'"),
                ErrorId::FhirInvalidAccessToken,
                "Invalid Access Token",
            ),
        ];
        for (paste, id, text) in cases {
            assert_eq!(predicted(&paste), Some((id, text.to_string())), "{paste}");
        }
    }

    #[test]
    fn silent_on_a_good_call_and_on_other_apis() {
        let good = format!(
            "curl {PDS} -H 'Authorization: Bearer $TOKEN' -H 'X-Request-ID: 60E0B220-8136-4CA5-AE46-1D97EF59D068'"
        );
        assert_eq!(predicted(&good), None);
        let sandbox = good.replace("int.api", "sandbox.api").replace("Bearer $TOKEN", "Bearer x");
        assert_eq!(predicted(&sandbox), None);
        assert_eq!(predicted("curl https://int.api.service.nhs.uk/referrals/FHIR/R4/x -H 'apikey: a'"), None);
    }

    #[test]
    fn the_sandbox_wants_bearer_and_a_token_when_a_header_is_sent() {
        let p = format!("curl {} -H 'Authorization: abc123'", PDS.replace("int.api", "sandbox.api"));
        assert_eq!(predicted(&p), Some((ErrorId::FhirMissingAccessToken, "Missing access token".into())));
    }
}
