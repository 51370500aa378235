//! Content-Type not exactly `application/x-www-form-urlencoded` (Flow.PostTokenInvalidMediaType
//! → 415). A `; charset` suffix has its own finding.

use super::Facts;
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail, GatewayCheck};
use crate::decode::request::{Request, RequestSource};
use crate::platform::FORM_CONTENT_TYPE;
use crate::vocab::Code;
use crate::vocab::Finding;

/// The gateway's predicate for this step (spec §4.1); the finding below is made from it.
pub const GATEWAY: GatewayCheck = GatewayCheck { code: Some(Code::ContentTypeWrong), decide };

/// The headers the paste shows: what cURL and raw HTTP send, a Content-Type that code sets, or
/// one printed beside a devtools URL or a logged URL (`Request Headers` / `content-type: …`); the
/// last two are likely, not certain: the code around it may change it, a printed block may be
/// another call's. A devtools URL or a bare body alone shows none.
pub fn headers_known(r: &Request) -> bool {
    matches!(r.source, Some(RequestSource::Curl | RequestSource::Http | RequestSource::Cli)) || printed(r)
}

/// A Content-Type read from code or printed apart from the request, not from what was sent.
fn printed(r: &Request) -> bool {
    matches!(r.source, Some(RequestSource::Code | RequestSource::Devtools | RequestSource::Url))
        && (r.content_type.is_some() || r.content_type_why.is_some())
}

fn decide(f: &Facts, _: &dyn Oracle) -> Check {
    let Some(r) = f.token_call().filter(|r| headers_known(r)) else { return Check::Pass };
    let ct = r.content_type.as_deref();
    if ct == Some(FORM_CONTENT_TYPE) {
        return Check::Pass;
    }
    let charset_only = ct.and_then(|c| c.split(';').next()).map(str::trim) == Some(FORM_CONTENT_TYPE);
    let default = r.content_type_why.as_deref().map(|w| format!(" ({w})")).unwrap_or_default();
    let why =
        format!("Content-Type is {}{default}.", ct.map(|c| format!("\"{c}\"")).unwrap_or_else(|| "missing".into()));
    Check::Fail(if charset_only || printed(r) { Fail::likely(why) } else { Fail::certain(why) })
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(r) = f.token_call() else { return };
    if r.method.as_deref().is_some_and(|m| m != "POST") || decide(f, &crate::checks::oracle::ASSUME) == Check::Pass {
        return;
    }
    let shown = match (&r.content_type_why, r.source) {
        (Some(why), _) => format!(" ({why})"),
        (None, Some(RequestSource::Code)) => " (as the code sets it)".to_string(),
        _ => String::new(),
    };
    match r.content_type.as_deref() {
        None => out.push(
            Finding::new(
                Code::ContentTypeWrong,
                format!("The request has no Content-Type header{shown}. It must be {FORM_CONTENT_TYPE}."),
            )
            .about("content-type"),
        ),
        Some(ct) if ct == FORM_CONTENT_TYPE => {}
        Some(ct) if ct.split(';').next().map(str::trim) == Some(FORM_CONTENT_TYPE) => {}
        Some(ct) => {
            let made = r.body_why.as_deref().map(|w| format!(" ({w})")).unwrap_or_default();
            let why = if r.json_body {
                format!(" — the body is JSON{made}")
            } else if r.multipart || ct.starts_with("multipart/form-data") {
                " — the body is multipart/form-data, as curl -F, Postman's form-data, PowerShell's -Form, PHP curl's \
                 CURLOPT_POSTFIELDS given an array and requests' files= send it; send a form instead (curl \
                 --data-urlencode, PowerShell's -Body with the hashtable, PHP's http_build_query($fields), \
                 requests' data=)"
                    .to_string()
            } else {
                String::new()
            };
            let tool = tool_switch(r).map(|t| format!(" {t}")).unwrap_or_default();
            out.push(
                Finding::new(
                    Code::ContentTypeWrong,
                    format!(
                        "Content-Type is \"{ct}\"{shown}{why}. The token endpoint needs exactly {FORM_CONTENT_TYPE}.{tool}"
                    ),
                )
                .about("content-type"),
            );
        }
    }
}

/// How the client that sent it is told to send a form, known by its User-Agent (what a tool's
/// verbose output or a proxy shows).
fn tool_switch(r: &Request) -> Option<&'static str> {
    if r.source == Some(RequestSource::Cli) {
        return Some("HTTPie and xh send request items as JSON: add --form (-f) to send a form.");
    }
    if r.source == Some(RequestSource::Curl) {
        return Some(
            "With curl, send each field with --data-urlencode (not --json, nor a JSON -d with a JSON Content-Type).",
        );
    }
    let ua = r.header("user-agent")?.to_ascii_lowercase();
    let tools: &[(&str, &str)] = &[
        ("httpie", "HTTPie sends its key=value items as JSON unless told --form (-f)."),
        ("postmanruntime", "In Postman, send the body as x-www-form-urlencoded (Body tab), not raw JSON."),
        ("insomnia", "In Insomnia, choose the Form URL Encoded body, not JSON."),
        ("curl/", "With curl, send each field with --data-urlencode (not --json or a JSON -d)."),
        ("axios", "axios sends an object as JSON: pass a URLSearchParams instead."),
        ("python-requests", "requests sends json= as JSON: pass the fields as data= instead."),
        ("okhttp", "OkHttp: build the body with FormBody, not a JSON RequestBody."),
        (
            "java-http-client",
            "java.net.http: set Content-Type to application/x-www-form-urlencoded and send the form text.",
        ),
    ];
    tools.iter().find(|(needle, _)| ua.contains(needle)).map(|(_, say)| *say)
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    #[test]
    fn fires_on_another_or_no_content_type() {
        let json = good_request().replace("application/x-www-form-urlencoded", "application/json");
        fires(check, &json, &ctx(), Code::ContentTypeWrong);
        let none = http("POST", TOKEN_URL, &[], &form_body(&good_jwt()));
        fires(check, &none, &ctx(), Code::ContentTypeWrong);
    }

    #[test]
    fn fires_on_request_headers_printed_beside_a_devtools_url_not_on_the_responses() {
        let devtools = "Request URL: https://int.api.service.nhs.uk/oauth2/token\nRequest Method: POST\n\n\
                        Response Headers\ncontent-type: application/x-www-form-urlencoded\n\n\
                        Request Headers\ncontent-type: application/json;charset=UTF-8\n";
        fires(check, devtools, &ctx(), Code::ContentTypeWrong);
        let only_the_answers = "Request URL: https://int.api.service.nhs.uk/oauth2/token\nRequest Method: POST\n\n\
                                Response Headers\ncontent-type: application/json\n";
        silent(check, only_the_answers, &ctx());
    }

    #[test]
    fn the_tool_that_sent_it_is_told_its_switch() {
        let raw = http("POST", TOKEN_URL, &["Content-Type: application/json", "User-Agent: HTTPie/3.2.4"], "{}");
        let f = crate::analyze(&raw, &ctx());
        let m = &f.findings.iter().find(|f| f.code == Code::ContentTypeWrong).expect("fires").message;
        assert!(m.contains("--form"), "{m}");
    }

    #[test]
    fn silent_with_the_form_content_type() {
        silent(check, &good_request(), &ctx());
        let raw =
            http("POST", TOKEN_URL, &["Content-Type: application/x-www-form-urlencoded"], &form_body(&good_jwt()));
        silent(check, &raw, &ctx());
    }

    #[test]
    fn silent_on_a_charset_suffix_which_has_its_own_finding() {
        let paste = good_request().replace("x-www-form-urlencoded'", "x-www-form-urlencoded; charset=UTF-8'");
        silent(check, &paste, &ctx());
    }
}
