//! The statuses a paste shows: response lines that went over the wire (`HTTP/1.1 401`, `< HTTP/2
//! 401`, `Status Code: 401`) and statuses named in prose (`a 500 error`).

/// Every status of a response in the paste (see `status_line`), with its offset.
pub fn status_lines(input: &str) -> Vec<(usize, u16)> {
    let mut out = Vec::new();
    let mut at = 0;
    // The last line with words on it: a status alone on its line answers it.
    let mut last = "";
    // The code prints the status itself (`print(r.status_code)`, `console.log(res.status)`): a
    // status alone under the command that ran it is that print.
    let prints =
        ["status_code)", ".status)", "StatusCode)", ".status;", "statusCode)"].iter().any(|w| input.contains(w));
    for line in input.split_inclusive('\n') {
        let printed = || {
            let t = line.trim();
            let command = last.trim_start().starts_with("$ ") || last.trim_start().starts_with("> ");
            (prints && command && t.len() == 3).then(|| status_at(t)).flatten()
        };
        if let Some(code) = status_line(line).or_else(|| alone(line, last)).or_else(printed) {
            out.push((at, code));
        }
        if !line.trim().is_empty() {
            last = line;
        }
        at += line.len();
    }
    out
}

/// A status alone on its line under the request's URL or a `Response` label, as devtools' Network
/// pane and hand-written notes lay it out (`POST https://…` / `403` / `412 ms`; `Last response` /
/// `400`).
fn alone(line: &str, last: &str) -> Option<u16> {
    let code = status_at(line.trim()).filter(|_| line.trim().len() == 3)?;
    let last = last.trim().to_ascii_lowercase();
    let under =
        last.contains("https://") || last.contains("http://") || last.contains("response") || last.contains("status");
    under.then_some(code)
}

/// The `Retry-After` header (seconds) of the answer whose body is at `body`: the nearest one
/// within 40 lines of it, however a client prints headers (`Retry-After: 60`, curl's
/// `< retry-after: 60`, Node's `'retry-after': '60'`, a JSON log's `"Retry-After":"60"`).
pub fn retry_after(input: &str, body: crate::vocab::Span) -> Option<u32> {
    // Only the 40 lines either side of the body are read (and lowercased), not the whole paste.
    let from = input[..body.start.min(input.len())].rmatch_indices('\n').nth(40).map_or(0, |(i, _)| i);
    let after = &input[body.end.min(input.len())..];
    let to = body.end.min(input.len()) + after.match_indices('\n').nth(40).map_or(after.len(), |(i, _)| i);
    let lower = input[from..to].to_ascii_lowercase();
    let start = body.start.saturating_sub(from);
    lower
        .match_indices("retry-after")
        .filter_map(|(at, m)| {
            let rest = lower[at + m.len()..].trim_start_matches(['"', '\'', ' ']);
            let rest = rest.strip_prefix([':', '='])?.trim_start().trim_start_matches(['"', '\'', ' ']);
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let seconds = digits.parse::<u32>().ok()?;
            Some((at.abs_diff(start), seconds))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, s)| s)
}

/// The status line that answers a body starting at `at`: the nearest before it, and for an error
/// body the nearest error status before it (a log's earlier calls got their 200s).
pub fn answering(lines: &[(usize, u16)], at: usize, error: bool) -> Option<&(usize, u16)> {
    let before = || lines.iter().rev().filter(move |(o, _)| *o <= at);
    before().find(|(_, c)| !error || *c >= 400).or_else(|| before().next())
}

/// The status of an HTTP response line in the paste (`HTTP/1.1 401 Unauthorized`, `< HTTP/2 401`,
/// `reply: 'HTTP/1.1 401 …'`): what went over the wire.
pub fn status_line(input: &str) -> Option<u16> {
    input.lines().find_map(|line| {
        let t = line.trim().to_ascii_lowercase();
        if let Some(code) = marked(&t) {
            return Some(code);
        }
        // Faraday's `the server responded with status 401`; .NET's HttpClient log
        // `Received HTTP response headers after 143.0812ms - 415`.
        if let Some(code) = t.find("responded with status ").and_then(|i| status_at(&t[i + 22..])) {
            return Some(code);
        }
        if t.contains("response") {
            if let Some(code) = t.rsplit_once(" - ").and_then(|(_, rest)| status_at(rest.trim())) {
                return Some(code);
            }
        }
        // A line that starts with the status and its reason, however a client spells it: RestSharp's
        // `405 MethodNotAllowed`, `401 Unauthorized`; or with the URL it answered (Python's
        // `print(r.status_code, r.url)`: `400 https://…`).
        let url_follows = |rest: &str| rest.starts_with(" https://") || rest.starts_with(" http://");
        if let Some(code) = status_at(&t).filter(|_| reason_follows(&t[3..]) || url_follows(&t[3..])) {
            return Some(code);
        }
        // A log line: a URL, then the answer's status and reason (`GET https://… 429 Too Many
        // Requests`, `POST https://… 401`), or a method and a path, then the status (`POST
        // /referrals/… 429 content-length=0`).
        if let Some(code) = after_url(&t).or_else(|| after_path(&t)) {
            return Some(code);
        }
        // A status printed just before the answer's body on the same line: `415 {"issue":…}`, a
        // log's `create failed 403 {"issue":…}`, `Error: 401 {"error":…}`.
        if let Some(code) = before_body(&t) {
            return Some(code);
        }
        // A status and its reason phrase after a log's label (`A016 failed: 504 GatewayTimeout`).
        if let Some(code) = with_reason(&t) {
            return Some(code);
        }
        // A status with its reason in a program's spelling, anywhere on the line.
        if let Some(code) = program_reason(&t) {
            return Some(code);
        }
        // A printed status: devtools `Status Code: 401`, a log's `Response: 401 Unauthorized`,
        // Faraday's logger `response: Status 403`.
        let printed = t.strip_prefix("response:").map_or(t.as_str(), str::trim_start);
        for label in
            ["status code:", "statuscode:", "response:", "response code:", "status:", "http status:", "status "]
        {
            if let Some(code) = printed.strip_prefix(label).and_then(|rest| status_at(rest.trim())) {
                return Some(code);
            }
        }
        // The same labels after a log line's time or logger (`23:14:06 status: 201 Created`), where
        // the status carries its reason.
        for label in [" status code: ", " status: ", " http status: ", " response code: "] {
            if let Some(rest) = t.find(label).map(|i| &t[i + label.len()..]) {
                if let Some(code) = status_at(rest).filter(|_| rest.len() == 3 || reason_follows(&rest[3..])) {
                    return Some(code);
                }
            }
        }
        // A verbose log's own label (`response 403 Forbidden`, `<< response 401`): the status
        // with its reason, or alone.
        if let Some(rest) = t.trim_start_matches(['<', ' ']).strip_prefix("response ") {
            let rest = rest.trim_start();
            if let Some(code) = status_at(rest).filter(|_| rest.len() == 3 || reason_follows(&rest[3..])) {
                return Some(code);
            }
        }
        let i = line.find("HTTP/")?;
        let rest = &line[i + 5..];
        let mut words = rest.split_whitespace();
        // urllib3's debug log quotes the request line: `"POST /oauth2/token HTTP/1.1" 401 187`.
        let version = words.next()?.trim_end_matches('"');
        if !version.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return None;
        }
        let code = words.next()?;
        (code.len() == 3).then(|| code.parse::<u16>().ok()).flatten().filter(|c| (100..600).contains(c))
    })
}

/// A status after a marker a client or a log writes before it (an arrow, a label, a library's
/// own words), or just before the request it answers.
fn marked(t: &str) -> Option<u16> {
    // `-> 403 Forbidden`, `→ 401`: a status written after an arrow in notes and logs; a log's
    // `HTTP 401 Unauthorized`; .NET's `StatusCode: 401, ReasonPhrase: 'Unauthorized'`.
    // A client's exception naming the answer it got: Java's `HTTP response code: 400`,
    // PowerShell's `returned an error: (405)`, aiohttp's `ClientResponseError: 415,`, requests'
    // `HTTPError: 401 Client Error`.
    for marker in [
        "-> ",
        "→ ",
        "=> ",
        "http ",
        "statuscode: ",
        "http response code: ",
        "returned an error: (",
        "clientresponseerror: ",
        "httperror: ",
        // A library's own wording: pytest-nhsd-apim's `… request returned 404: …`.
        "request returned ",
        // A structured log's own key: `"StatusCode":403`, `"status_code": 401`; logfmt and
        // k6's `status=429`, `status_code=401`.
        "\"statuscode\":",
        "\"status_code\":",
        "\"status\":",
        "status=",
        "status_code=",
        "statuscode=",
    ] {
        let after = |i: usize| t[i + marker.len()..].trim_start_matches([' ', '"']);
        if let Some(code) = t.find(marker).and_then(|i| status_at(after(i))) {
            return Some(code);
        }
    }
    // A status before the request it answers, as k6 and access logs print it (`WARN[0031] 429
    // POST https://…`).
    if let Some(code) = t.split_whitespace().collect::<Vec<_>>().windows(3).find_map(|w| {
        let url = w[2].starts_with("https://") || w[2].starts_with("http://") || w[2].starts_with('/');
        (METHODS.contains(&w[1]) && url && w[0].len() == 3).then(|| status_at(w[0])).flatten()
    }) {
        return Some(code);
    }
    // A client's log marking the answer's lines: `<<< 404` (a test's wire log), OkHttp's
    // `<-- 404 Not Found`.
    if let Some(code) = ["<<< ", "<-- "].iter().find_map(|m| t.strip_prefix(m)).and_then(|r| status_at(r.trim_start()))
    {
        return Some(code);
    }
    // axios's `Request failed with status code 401`; pytest's `assert 401 == 200` (the first
    // is what came back) and requests' `<Response [401]>`.
    for marker in ["failed with status code ", "<response ["] {
        if let Some(code) = t.find(marker).and_then(|i| status_at(&t[i + marker.len()..])) {
            return Some(code);
        }
    }
    if let Some(code) = t.find("assert ").and_then(|i| {
        let rest = &t[i + 7..];
        status_at(rest).filter(|_| rest[3..].starts_with(" == ") || rest[3..].starts_with(" != "))
    }) {
        return Some(code);
    }
    None
}

/// The error status standing as the last word before a line's first `{` (the answer's JSON).
fn before_body(t: &str) -> Option<u16> {
    let (head, body) = t.split_once('{')?;
    // A Python tuple printed by a REPL (`r.status_code, r.json()` gives `(403, {'detail': …})`).
    let word = head.trim_end().trim_end_matches([':', ',']).rsplit(|c: char| c.is_whitespace() || c == '=').next()?;
    let word = word.trim_start_matches(['(', '[']);
    let json_follows = body.trim_start().starts_with(['"', '\'']);
    // `400 {` alone: the status, then the body opening over the next lines.
    let opens = body.trim().is_empty() && head.trim() == word;
    status_at(word).filter(|c| *c >= 400 && word.len() == 3 && (json_follows || opens))
}

/// A status with its reason phrase in a program's spelling, which prose does not use: squeezed
/// (.NET's `HttpStatusCode`: `404 NotFound`, `400 BadRequest`), in brackets or parentheses
/// (`412 (Precondition Failed)`, Chrome's `401 (Unauthorized)`, requests' `<Response [401
/// Unauthorized]>`), or as requests' `429 Client Error: Too Many Requests for url`.
fn program_reason(t: &str) -> Option<u16> {
    let bytes = t.as_bytes();
    (0..t.len().saturating_sub(3)).find_map(|i| {
        if i > 0 && bytes[i - 1].is_ascii_alphanumeric() {
            return None;
        }
        let code = t.get(i..).and_then(status_at)?;
        let tail = t.get(i + 3..)?;
        let bracketed = i > 0 && bytes[i - 1] == b'[' && reason_follows(tail);
        let after = tail.strip_prefix(' ')?;
        let parenthesised = after
            .strip_prefix('(')
            .is_some_and(|r| REASONS.iter().any(|w| r.strip_prefix(w).is_some_and(|r| r.starts_with(')'))));
        let squeezed = REASONS.iter().filter(|r| r.contains(' ')).any(|r| after.starts_with(&r.replace(' ', "")));
        let library = after.starts_with("client error: ") || after.starts_with("server error: ");
        (bracketed || parenthesised || squeezed || library).then_some(code)
    })
}

/// The reason phrases a log prints after a status.
const REASONS: &[&str] = &[
    "ok",
    "created",
    "no content",
    "bad request",
    "unauthorized",
    "forbidden",
    "not found",
    "method not allowed",
    "conflict",
    "precondition failed",
    "unsupported media type",
    "unprocessable entity",
    "too many requests",
    "internal server error",
    "bad gateway",
    "service unavailable",
    "gateway timeout",
];

/// A status standing right after a line's URL: the last word of the line, or followed by its
/// reason phrase.
fn after_url(t: &str) -> Option<u16> {
    let at = t.find("https://").or_else(|| t.find("http://"))?;
    let rest = &t[at..];
    let url_end = rest.find(char::is_whitespace)?;
    let after = rest[url_end..].trim_start();
    let code = status_at(after)?;
    let tail = after[3..].trim_start().trim_start_matches(['(', '-', ':']).trim_start();
    // Postman's console and access logs print the time the answer took after it (`429  48 ms`).
    let digits = tail.chars().take_while(char::is_ascii_digit).count();
    let timed = digits > 0 && {
        let unit = tail[digits..].trim_start();
        unit.starts_with("ms") || unit.starts_with("s ") || unit == "s"
    };
    (tail.is_empty() || timed || REASONS.iter().any(|r| tail.starts_with(r))).then_some(code)
}

/// A method, a path and the status right after it, then nothing, a reason phrase or a logged
/// detail (`content-length=0`, `(312 ms)`).
fn after_path(t: &str) -> Option<u16> {
    let mut words = t.split_whitespace().skip_while(|w| !METHODS.contains(w));
    words.next()?;
    let path = words.next()?;
    if !path.starts_with('/') {
        return None;
    }
    let code = status_at(words.next()?)?;
    match words.next() {
        None => Some(code),
        Some(w) if w.contains('=') || w.starts_with('(') || w.ends_with("ms") => Some(code),
        Some(_) => {
            let rest = t.rsplit_once(&code.to_string()).map_or("", |(_, r)| r);
            reason_follows(rest).then_some(code)
        }
    }
}

/// The methods a log line names before its path, in lower case.
const METHODS: &[&str] = &["get", "post", "put", "patch", "delete", "head", "options"];

/// A status standing after a label's colon, followed by its reason phrase.
fn with_reason(t: &str) -> Option<u16> {
    let bytes = t.as_bytes();
    (1..t.len().saturating_sub(3)).find_map(|i| {
        // After a label's colon, as a log writes it, or quoted by a client's message (Guzzle's
        // ``resulted in a `429 Too Many Requests` response``); in a sentence (`returns 400 bad
        // request`) the status is the user's word for it (`find_status`), not a line that went over
        // the wire.
        let labelled = bytes[i - 1] == b' ' && i >= 2 && bytes[i - 2] == b':';
        if !(bytes[i].is_ascii_digit() && (labelled || matches!(bytes[i - 1], b'`' | b'\''))) {
            return None;
        }
        let code = t.get(i..).and_then(status_at)?;
        (code >= 400 && reason_follows(t.get(i + 3..)?)).then_some(code)
    })
}

/// A reason phrase opens `tail`, spelt with or without its spaces (`Method Not Allowed`,
/// `MethodNotAllowed`, `TooManyRequests`).
fn reason_follows(tail: &str) -> bool {
    let squeezed: String = tail.trim_start().chars().take(32).filter(|c| !c.is_whitespace()).collect();
    !tail.is_empty()
        && tail.starts_with(char::is_whitespace)
        && REASONS.iter().any(|r| squeezed.starts_with(&r.replace(' ', "")))
}

/// Three digits at the start of `rest`, not followed by more of a word, that make an HTTP status.
fn status_at(rest: &str) -> Option<u16> {
    let code: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let after = rest.chars().nth(3);
    (code.len() == 3 && after.is_none_or(|c| !c.is_ascii_alphanumeric()))
        .then(|| code.parse::<u16>().ok().filter(|c| (100..600).contains(c)))
        .flatten()
}

/// An HTTP status named in the paste: `HTTP/1.1 401`, `status 415`, `a 500 error`, `401 Unauthorized`.
pub fn find_status(input: &str) -> Option<u16> {
    let lower = input.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut i = 0;
    while i + 3 <= bytes.len() {
        let is_num = bytes[i..i + 3].iter().all(u8::is_ascii_digit)
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
            && bytes.get(i + 3).is_none_or(|b| !b.is_ascii_alphanumeric());
        if is_num {
            let n = bytes[i..i + 3].iter().fold(0u16, |n, d| n * 10 + u16::from(d - b'0'));
            if (200..600).contains(&n) {
                let before = &bytes[i.saturating_sub(16)..i];
                let mut after = &bytes[i + 3..(i + 30).min(bytes.len())];
                while let [b' ' | b':' | b'-' | b'(', rest @ ..] = after {
                    after = rest;
                }
                let named = [
                    "error",
                    "unauthorized",
                    "bad request",
                    "forbidden",
                    "internal server error",
                    "unsupported media type",
                    "method not allowed",
                    "not found",
                    "ok",
                ]
                .iter()
                .any(|w| after.starts_with(w.as_bytes()));
                let has = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
                // `error 403`, `error code 403`, `status 415`, `HTTP/1.1 401`.
                let labelled = has(before, b"http/")
                    || has(before, b"status")
                    || [b"error code ".as_slice(), b"status code "].iter().any(|w| before.ends_with(w));
                if labelled || named {
                    return Some(n);
                }
            }
        }
        i += 1;
    }
    None
}

#[cfg(test)]
#[path = "status_tests.rs"]
mod tests;
