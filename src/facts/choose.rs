//! Which of the paste's items the verdict is about (the assertion, the request, the answer) and
//! which server the paste shows.

use super::{is_token_call, Server};
use crate::decode::error_body::{BodyKind, ErrorBody};
use crate::decode::jwt::{Jwt, Kind};
use crate::decode::request::Request;
use crate::vocab::Role;

/// The answer the verdict explains: the last body that is not a success (the latest answer wins:
/// a retry's, a later reply's; the earlier ones stand as evidence), and not a pasted
/// request's own JSON body (one with an `error` member is still what was sent) nor JSON inside a
/// cURL command's text (a body its quoting hid from the parser).
pub fn body(error_bodies: &[ErrorBody], requests: &[Request]) -> Option<usize> {
    let sent = |b: &ErrorBody| {
        requests.iter().any(|r| {
            let inside_curl = r.source == Some(crate::decode::request::RequestSource::Curl)
                && r.span.is_some_and(|s| s.start <= b.span.start && b.span.end <= s.end);
            inside_curl
                || r.body.as_deref().is_some_and(|body| {
                    serde_json::from_str::<serde_json::Value>(body.trim()).is_ok_and(|v| v == b.json)
                })
        })
    };
    let error = |b: &ErrorBody| !b.kind.is_success() && !sent(b);
    // A web framework's own error page (Spring Boot's `{"timestamp","status","error","path"}`) is
    // the user's service answering its caller: the platform's answer it logged, when the paste
    // holds one, is the one to explain.
    let own_service = |b: &ErrorBody| ["timestamp", "status", "error", "path"].iter().all(|k| b.json.get(k).is_some());
    error_bodies.iter().rposition(|b| error(b) && !own_service(b)).or_else(|| error_bodies.iter().rposition(error))
}

/// The client assertion: the token found as `client_assertion`, else the first readable signed
/// token whose role is unknown, else the first token of unknown role.
pub fn choose_assertion(tokens: &[Jwt]) -> Option<usize> {
    // A token an identity provider issued (its iss a URL: CIS2's, NHS login's) is an id_token or
    // an access token, not a client assertion (whose iss is the API key), unless it was sent as one.
    let issued = |t: &Jwt| t.claim_str("iss").is_some_and(|i| i.starts_with("https://") || i.starts_with("http://"));
    let unknown = |t: &Jwt| t.role == Role::Unknown && !issued(t);
    tokens
        .iter()
        .position(|t| t.role == Role::ClientAssertion)
        .or_else(|| tokens.iter().position(|t| unknown(t) && t.kind != Kind::Jwe && t.payload.object().is_some()))
        .or_else(|| tokens.iter().position(unknown))
}

/// The request the verdict judges: one to an `/oauth2…` path (a printed one before the
/// command that printed it, and more than a bare URL before one), else one carrying token-request
/// form fields, else the first request with a URL, else the first.
pub fn choose_request(requests: &[Request]) -> Option<usize> {
    let oauth = |r: &Request| r.parsed_url().is_some_and(|u| u.path().starts_with("/oauth2"));
    let fields = |r: &Request| r.form_value("client_assertion").is_some() || r.form_value("grant_type").is_some();
    // An HTTPie/xh command beside the request it printed (`--offline`, `-v`): the printed request
    // is what went over the wire.
    let printed = |r: &Request| oauth(r) && r.source != Some(crate::decode::request::RequestSource::Cli);
    // A URL printed alone (a log's `"url": …`) says less than the code or command that made the
    // call to it: a fragment is not a whole.
    let bare = |r: &Request| {
        use crate::decode::request::RequestSource::{Devtools, Url};
        matches!(r.source, Some(Url | Devtools)) && r.body.is_none() && r.headers.is_empty()
    };
    requests
        .iter()
        .position(|r| printed(r) && !bare(r))
        .or_else(|| requests.iter().position(printed))
        .or_else(|| requests.iter().position(oauth))
        .or_else(|| requests.iter().position(fields))
        .or_else(|| requests.iter().position(|r| r.url.is_some()))
        .or_else(|| (!requests.is_empty()).then_some(0))
}

/// Which server the paste shows: by the request's host and path, the client id, the answer's
/// shape. `Unknown` when nothing says.
pub(super) fn server(
    request: Option<&crate::decode::request::Request>,
    body: Option<&ErrorBody>,
    assertion: Option<&crate::decode::jwt::Jwt>,
    client_error: bool,
) -> Server {
    let url = request.and_then(|r| r.parsed_url());
    let host = url.and_then(|u| u.host_str()).unwrap_or("").to_ascii_lowercase();
    let path = url.map(|u| u.path()).unwrap_or("");
    let client_id = request.and_then(|r| r.form_value("client_id")).unwrap_or("");
    let aud = assertion.and_then(|t| t.claim_str("aud")).unwrap_or("").to_ascii_lowercase();
    let iss = assertion.and_then(|t| t.claim_str("iss")).unwrap_or("");
    if host.contains("cis2.spineservices.nhs.uk")
        || client_id.ends_with(".apps.supplier")
        || iss.ends_with(".apps.supplier")
        || aud.contains("cis2.spineservices.nhs.uk")
    {
        return Server::Cis2;
    }
    if host.ends_with("signin.nhs.uk") || host.ends_with("login.nhs.uk") || aud.contains("signin.nhs.uk") {
        return Server::NhsLogin;
    }
    if client_error && body.is_none() {
        return Server::NotSent;
    }
    // An API's answer (after the token, or not about auth) came from that API, whatever the
    // token request beside it.
    if body.and_then(|b| b.entry).is_some_and(|e| e.entry().flow == "api") {
        return Server::ApiProxy;
    }
    if path.starts_with("/oauth2-mock") {
        return Server::MockTokenEndpoint;
    }
    if path.starts_with("/oauth2") {
        return Server::TokenEndpoint;
    }
    if let Some(b) = body {
        if b.kind == BodyKind::OperationOutcome {
            return Server::ApiProxy;
        }
        if let Some(e) = b.entry {
            return if e.entry().flow == "api" { Server::ApiProxy } else { Server::TokenEndpoint };
        }
    }
    if url.is_some() && crate::platform::Environment::from_host(&host).is_some() {
        return Server::ApiProxy;
    }
    if assertion.is_some() || request.is_some_and(is_token_call) {
        return Server::TokenEndpoint;
    }
    Server::Unknown
}
