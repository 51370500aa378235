//! Errors that never reached the gateway: the messages and stack traces of the JWT and crypto
//! libraries the NHS samples and their users use. When one is pasted, no request was sent, and
//! the fix is in that language's terms. The signatures are data: the library's own message (a
//! distinctive part of it), what it means and the one change to make.

use serde::Serialize;

use super::client_signatures::{EXPIRES_IN_STRING, SIGNATURES};
use crate::vocab::Span;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClientError {
    /// "Node jsonwebtoken", "Python PyJWT / cryptography" …, or the language and the class of an
    /// exception no signature names ("Java (java.security.InvalidKeyException)").
    pub library: String,
    /// The library's message as pasted (the line that holds it).
    pub message: String,
    pub span: Span,
    /// What it means here.
    pub cause: String,
    /// The change to make, in that language.
    pub fix: String,
    /// The library threw reading the platform's answer: the request was sent and answered.
    pub after_response: bool,
}

/// The first library error in the text, if any: one the signatures name, else any exception
/// about the auth journey, read by its language's shape (`exception.rs`).
pub fn find(text: &str) -> Option<ClientError> {
    // What the paste's code and key say beside it: the key reader and its one format, a public
    // key given to sign, an HMAC algorithm, an indented PEM.
    let mut e = first(text)?;
    if !e.after_response {
        for said in super::key_hints::key_hints(text) {
            e.cause.push(' ');
            e.cause.push_str(&said);
        }
    }
    Some(e)
}

/// The first library error, before what the paste says beside it.
fn first(text: &str) -> Option<ClientError> {
    // A browser that hid the answer: what the page's code saw is its client's network error.
    if let Some(e) = super::cors::find(text) {
        return Some(e);
    }
    // The first signature in the text, unless one is on a root cause's line (`Caused by:`,
    // `[cause]:`), as the exception reader takes it: the error underneath is the one to fix.
    let root = |at: &usize| {
        let line = text[..*at].rsplit('\n').next().unwrap_or("").trim_start();
        !(line.starts_with("Caused by:") || line.starts_with("[cause]:"))
    };
    let Some((at, sig)) =
        SIGNATURES.iter().filter_map(|s| text.find(s.needle).map(|at| (at, s))).min_by_key(|(at, _)| (root(at), *at))
    else {
        return mismatch(text)
            .or_else(|| super::curl_error::find(text))
            .or_else(|| super::exception::find(text).map(|t| thrown(t, text)));
    };
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    // The line without a log's tab-separated columns before the message (CloudWatch's time,
    // request id and level) or a root cause's `Caused by:`.
    let in_line = at - line_start;
    let line_from = text[line_start..at].rfind('\t').map_or(0, |i| i + 1);
    let line = text[line_start + line_from..line_end].trim();
    let in_line = in_line - line_from;
    let (rest, _) = super::exception::without_lead(line);
    let (line, in_line) = (rest, in_line.saturating_sub(line.len() - rest.len()));
    // The message without the exception's class name in front of it, when it has one.
    let message = match line.find(": ") {
        Some(i) if i < in_line && !line[..i].contains(' ') => line[i + 2..].trim(),
        _ => line,
    };
    // A signature on a warning's line (PHP's `Warning: openssl_sign(): …`) explains the exception
    // the program stopped on just after it: that exception is the error to show.
    let warning = line.contains("Warning") || line.contains("WARN");
    let stopped = super::exception::find(text)
        .filter(|t| warning && t.span.start > line_end && t.span.start - line_end < 600)
        .map(|t| (t.message, t.span));
    let (message, span) = match stopped {
        Some((m, span)) => (format!("{m} (after the warning: {message})"), Span { start: line_start, end: span.end }),
        None => (message.to_string(), Span { start: line_start, end: line_end }),
    };
    let mut cause = sig.cause.to_string();
    if text.contains("BEGIN") && text.contains("\\n") {
        cause.push_str(
            " The paste shows a PEM with literal \\n in it: the line breaks were escaped (a .env file or an \
             environment variable keeps them as the two characters \\ and n).",
        );
    }
    if text.contains(".env") || text.contains("process.env") || text.contains("os.environ") {
        cause.push_str(
            " A private key in a local .env file or environment variable stays on your machine: it is not sent \
             or registered anywhere, and nothing here reached the platform.",
        );
    }
    // What the message's words say beyond the signature's own fix (the key's format, its line
    // breaks, a path passed as the key …), as for an exception no signature names.
    let mut fix = sig.fix.to_string();
    for hint in super::hints::hints(
        &format!("{} {}", message, text.get(line_end..).unwrap_or("")).chars().take(2000).collect::<String>(),
    ) {
        fix.push(' ');
        fix.push_str(hint);
    }
    Some(ClientError {
        library: sig.library.to_string(),
        message,
        span,
        cause,
        fix,
        after_response: sig.after_response,
    })
}

/// A strictly typed client's deserialiser refusing the token response's string numbers, in
/// whatever words its language has for it (`type_mismatch.rs`).
fn mismatch(text: &str) -> Option<ClientError> {
    let (start, end, message, library) = super::type_mismatch::find(text)?;
    Some(ClientError {
        library: library.to_string(),
        message,
        span: Span { start, end },
        cause: EXPIRES_IN_STRING.to_string(),
        fix: "Declare expires_in (and issued_at) as a string in the token response's model and convert it, or \
              let the deserialiser read numbers from strings; then reuse the token until shortly before it \
              expires."
            .to_string(),
        after_response: true,
    })
}

/// An exception no signature names: its message is the library's own, its topic's hints are the
/// fix.
fn thrown(t: super::exception::Thrown, text: &str) -> ClientError {
    let library = match &t.class {
        Some(class) => format!("{} ({class})", t.language),
        None => t.language.to_string(),
    };
    // What the message itself says first; the lines after it only when it says nothing known (a
    // log's `expires_in=599` is not what a header error is about).
    let own = super::hints::hints(&format!("{} {}", t.class.as_deref().unwrap_or(""), t.message));
    let about = format!("{} {} {}", t.class.as_deref().unwrap_or(""), t.message, text.get(t.span.end..).unwrap_or(""));
    let hints = if own.is_empty() { super::hints::hints(&about.chars().take(2000).collect::<String>()) } else { own };
    let cause = format!(
        "Your program stopped with this {} error while building, signing or sending a request: no request \
         reached the platform, so no gateway error applies yet.",
        t.language
    );
    let fix = if hints.is_empty() {
        "Fix what the message says in the code that builds or signs the assertion; the platform's checks begin only \
         once a request is sent."
            .to_string()
    } else {
        hints.join(" ")
    };
    // A token response printed before it: the client threw reading the answer.
    let answered = text.get(..t.span.start).is_some_and(|before| before.contains("\"access_token\""));
    // A test's assertion about the answer (JUnit's `expected: <200> but was: <404>`, Python's
    // `AssertionError: 401 != 200`): the request was sent and answered.
    let assertion = t.class.as_deref().is_some_and(|c| c.contains("Assertion") || c.contains("ComparisonFailure"));
    if assertion {
        let cause = format!(
            "A test's assertion about the answer failed ({}): the request was sent and answered; the answer it \
             got is what to explain.",
            t.message
        );
        let fix = "Read the answer the test got (its status and body): that is what the platform or the API said."
            .to_string();
        return ClientError { library, message: t.message, span: t.span, cause, fix, after_response: true };
    }
    let cause = if answered {
        format!(
            "Your program stopped with this {} error after the platform answered: the request was sent and \
             answered; the error is in reading the answer (expires_in is a JSON string, \"599\").",
            t.language
        )
    } else {
        cause
    };
    let cause = match token_refused_before(text, t.span.start).filter(|_| names_nothing(&t.message)) {
        Some(status) => format!(
            "{cause} The value it names is None (null): the paste shows the token request answered {status} before \
             this, and an error answer has no access_token, so the token your code read from it was None. Check \
             the token response's status before reading access_token (resp.raise_for_status(), if (!res.ok) …), \
             and fix the token request's own error first."
        ),
        None => cause,
    };
    // What the paste's environment says: a variable read and not set, a .env nothing loads, a
    // variable set under another name than the one asked for.
    let message = t.message.to_ascii_lowercase();
    let url_missing = super::exception::URL_WORDS.iter().any(|w| message.contains(w));
    let env = [
        super::hints::unset_variable(text),
        super::env_hints::unloaded_env_file(text).filter(|_| url_missing),
        super::env_hints::misnamed_variable(text, &t.message),
    ];
    let cause = env.into_iter().flatten().filter(|_| !answered).fold(cause, |c, said| format!("{c} {said}"));
    let message = with_class(t.language, t.class.as_deref(), &t.message);
    ClientError { library, message, span: t.span, cause, fix, after_response: answered }
}

/// The message as the runtime prints it, with the exception's own name before it
/// (`TypeError: Object of type datetime …`, `WindowsCryptographicException: Invalid parameter.`):
/// the class says as much as the words. A log event's or a tool's name is not a class.
fn with_class(language: &str, class: Option<&str>, message: &str) -> String {
    let short = class.and_then(|c| c.rsplit(['.', ':', '+', '$']).next()).filter(|c| !c.is_empty());
    match short {
        Some(c) if !matches!(language, "application" | "Swift" | "Apple (NSError)") && !message.starts_with(c) => {
            format!("{c}: {message}")
        }
        _ => message.to_string(),
    }
}

/// A message about a value that was nothing: Python's None, JavaScript's null and undefined,
/// Ruby's nil.
fn names_nothing(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    ["nonetype", "'none'", "of null", "of undefined", "is null", "is undefined", "nil:nilclass", "for nil"]
        .iter()
        .any(|w| m.contains(w))
}

/// The error status a token request got, printed before `at` (a client's debug log of the call).
fn token_refused_before(text: &str, at: usize) -> Option<u16> {
    let before = text.get(..at)?;
    crate::extract::status::status_lines(before).into_iter().rev().find_map(|(off, status)| {
        let line = before[off..].lines().next().unwrap_or("");
        (status >= 400 && line.contains("/oauth2/token")).then_some(status)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Clients that threw instead of handing back the answer they got: sent and answered.
    #[test]
    fn clients_that_hid_the_answer() {
        for (line, library) in [
            ("java.net.HttpRetryException: cannot retry due to server authentication, in streaming mode", "JDK"),
            ("httpx.ResponseNotRead: Attempted to access streaming response content, without having called `read()`.", "httpx"),
            ("System.InvalidOperationException: The request message was already sent. Cannot send the same request message multiple times.", ".NET"),
            ("java.net.ProtocolException: Too many follow-up requests: 21", "OkHttp"),
        ] {
            let e = find(line).unwrap_or_else(|| panic!("{line}"));
            assert!(e.after_response && e.library.contains(library), "{e:?}");
        }
    }

    #[test]
    fn node_message_is_found_with_its_library_and_fix() {
        let e = find("Error: secretOrPrivateKey must be an asymmetric key when using RS512\n    at sign").unwrap();
        assert_eq!(e.library, "Node jsonwebtoken");
        assert_eq!(e.message, "secretOrPrivateKey must be an asymmetric key when using RS512");
        assert!(e.fix.contains("RS512"));
    }

    #[test]
    fn a_tests_assertion_about_the_answer_is_after_the_response() {
        let text = "[ERROR] readPointer  <<< FAILURE!\norg.opentest4j.AssertionFailedError: expected: <200> but was: \
                    <404>\n\tat uk.nhs.trust.NrlIT.readPointer(NrlIT.java:88)\n";
        let e = find(text).expect("an exception");
        assert!(e.after_response, "{e:?}");
        assert!(e.cause.contains("sent and answered"), "{}", e.cause);
    }

    #[test]
    fn a_root_cause_s_signature_before_an_earlier_one() {
        let text = "Error: error:1E08010C:DECODER routines::unsupported\n    at createPrivateKey (node:internal/crypto/keys:620:12)\nCaused by: error:0909006C:PEM routines:get_name:no start line\n";
        assert_eq!(find(text).expect("found").message, "error:0909006C:PEM routines:get_name:no start line");
        let alone = "Error: error:1E08010C:DECODER routines::unsupported\n    at createPrivateKey (keys:620:12)\n";
        assert!(find(alone).expect("found").message.contains("DECODER"));
    }

    #[test]
    fn jose_without_its_protected_header() {
        for m in [
            "TypeError: Cannot read property 'crit' of undefined",
            "TypeError: Cannot read properties of undefined (reading 'crit')",
        ] {
            let e = find(&format!("(node:1) UnhandledPromiseRejectionWarning: {m}\n    at SignJWT.sign (jose/dist/node/cjs/jwt/sign.js:17:42)")).expect("found");
            assert!(e.fix.contains("setProtectedHeader") && e.message.starts_with("Cannot read"), "{e:?}");
        }
    }

    #[test]
    fn a_none_token_after_a_refused_token_request_is_said_so() {
        let text = "DEBUG urllib3.connectionpool: https://int.api.service.nhs.uk:443 \"POST /oauth2/token HTTP/1.1\" 401 187\n\
                    Traceback (most recent call last):\n  File \"pds_client.py\", line 52, in get_patient\n    \
                    \"Authorization\": \"Bearer \" + self.token,\nTypeError: can only concatenate str (not \"NoneType\") to str\n\
                    # self.token = resp.json().get(\"access_token\")\n";
        let e = find(text).expect("found");
        assert!(e.cause.contains("answered 401") && e.cause.contains("access_token"), "{}", e.cause);
        let answered = text.replace("401 187", "200 512");
        assert!(!find(&answered).expect("found").cause.contains("answered"));
    }

    #[test]
    fn nothing_in_an_ordinary_paste() {
        assert_eq!(find("HTTP/1.1 401 Unauthorized\n{\"error\":\"invalid_request\"}"), None);
    }
}
