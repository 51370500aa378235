//! A browser that refused to let the page read an answer (CORS): the console's own line
//! (Chrome's `has been blocked by CORS policy`, Firefox's `Cross-Origin Request Blocked`,
//! Safari's `is not allowed by Access-Control-Allow-Origin`), the client's words for it (axios's
//! `Network Error`, fetch's `Failed to fetch`) and the status the console still shows
//! (`net::ERR_FAILED 401 (Unauthorized)`). The request went out; the browser hid the answer.

use super::client_error::ClientError;
use crate::vocab::Span;

const BLOCKED: &[&str] =
    &["blocked by CORS policy", "Cross-Origin Request Blocked", "is not allowed by Access-Control-Allow-Origin"];
/// What the page's code gets instead of the answer.
const CLIENT_WORDS: &[&str] =
    &["Network Error", "Failed to fetch", "NetworkError when attempting to fetch resource", "Load failed"];

pub fn find(text: &str) -> Option<ClientError> {
    let at = BLOCKED.iter().filter_map(|b| text.find(b)).min()?;
    let line = |at: usize| {
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        (start, end)
    };
    // The client's own error is what the code saw; the console's line says why.
    let (start, end) = CLIENT_WORDS.iter().filter_map(|w| text.find(w)).min().map_or_else(|| line(at), line);
    let said = CLIENT_WORDS.iter().find(|w| text[start..end].contains(*w));
    let message = match said {
        Some(w) => format!("{w} (the browser blocked the answer: CORS)"),
        None => text[start..end].trim().chars().take(300).collect(),
    };
    let status = text.match_indices("net::ERR_FAILED ").find_map(|(i, m)| {
        let code: String = text[i + m.len()..].chars().take(3).collect();
        code.parse::<u16>().ok().filter(|c| (100..600).contains(c))
    });
    let (blocked_start, blocked_end) = line(at);
    let token = text[blocked_start..blocked_end].contains("/oauth2");
    let cause = if token {
        "The browser sent the token request and hid the answer from your page: the token endpoint sends no \
         Access-Control-Allow-Origin for your origin, because it is not meant to be called from a browser. A \
         signed-JWT client assertion needs your private key, and a private key in a web page is public."
            .to_string()
    } else {
        let answered = match status {
            Some(401) => " The console shows it was a 401: the access token was refused, most often because it \
                          expired (it lives 599 s), and a 401 handler that refreshes it never runs, since your \
                          code sees a network error instead."
                .to_string(),
            Some(s) => format!(" The console shows it was a {s}."),
            None => String::new(),
        };
        format!(
            "The browser got the API's answer and hid it from your code: the answer carries no \
             Access-Control-Allow-Origin header for your origin, so the client reports a network error (axios's \
             error.response is undefined).{answered}"
        )
    };
    let fix = if token {
        "Call /oauth2/token from your backend (a server or function that keeps the private key) and reuse the \
         token there; the browser never signs assertions."
    } else {
        "Call the API through your backend; and refresh the access token before expires_in (599 s) runs out \
         rather than on a 401 the browser may hide."
    };
    Some(ClientError {
        library: "the browser (CORS)".into(),
        message,
        span: Span { start, end },
        cause,
        fix: fix.into(),
        after_response: true,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_blocked_answer_and_what_the_code_saw() {
        let console = "GET https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/1 net::ERR_FAILED 401 (Unauthorized)\n\
                       Access to XMLHttpRequest at 'https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/1' from origin 'https://localhost:5173' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present.\n\
                       Uncaught (in promise) AxiosError {message: 'Network Error', code: 'ERR_NETWORK'}";
        let e = super::find(console).expect("found");
        assert!(e.message.starts_with("Network Error"), "{}", e.message);
        assert!(e.cause.contains("401") && e.cause.contains("599"), "{}", e.cause);
        let token = "Access to XMLHttpRequest at 'https://int.api.service.nhs.uk/oauth2/token' from origin 'http://localhost:4200' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header";
        let e = super::find(token).expect("found");
        assert!(e.message.contains("blocked by CORS policy") && e.cause.contains("private key"), "{e:?}");
        assert!(super::find("POST https://int.api.service.nhs.uk/oauth2/token 401").is_none());
    }
}
