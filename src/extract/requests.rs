//! Requests and statuses inside a paste: cURL commands, raw HTTP requests, devtools
//! `Request URL:` / `Method:` lines, bare form bodies and URLs.

use crate::vocab::Span;

/// Where a request was found, and how it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RawKind {
    /// A cURL command (with its continuation lines).
    Curl,
    /// A raw HTTP request: request line, headers, blank line, body.
    Http,
    /// Devtools `Request URL:` with the method named nearby.
    Devtools { method: Option<String> },
    /// A bare form body.
    Form,
    /// A bare URL, when nothing else named one.
    Url,
    /// Form fields printed one per line, `name: value` (devtools "Form Data"/"Payload", logs).
    FieldLines,
    /// An HTTP POST written in code; `span` covers the URL literal. The content type is what
    /// the code shows it sends (`"application/json"`, `json=`, `PostAsJsonAsync` …), if it does.
    Code { content_type: Option<String> },
}

/// The content type an HTTP call written in code sends, as far as the code shows it.
fn code_content_type(input: &str) -> Option<String> {
    let json = ["\"application/json\"", "'application/json'", "PostAsJsonAsync", "JsonContent.Create", "json="];
    let form = ["FormUrlEncodedContent", "URLSearchParams", "x-www-form-urlencoded", "data="];
    if json.iter().any(|j| input.contains(j)) {
        Some("application/json".into())
    } else if form.iter().any(|f| input.contains(f)) {
        Some("application/x-www-form-urlencoded".into())
    } else {
        None
    }
}

/// The token request's form fields, as devtools and logs print them one per line.
pub const FORM_FIELDS: &[&str] = &[
    "grant_type",
    "client_assertion_type",
    "client_assertion",
    "client_id",
    "client_secret",
    "scope",
    "subject_token",
    "subject_token_type",
    "requested_token_type",
    "code",
    "redirect_uri",
    "refresh_token",
    "_access_token_expiry_ms",
];

/// Header lines printed apart from a request (`Headers:` blocks of devtools, logs, posts):
/// `(name, value)` for the headers an API call's auth depends on.
pub fn header_lines(input: &str) -> Vec<(String, String)> {
    const NAMES: &[&str] = &["authorization", "apikey", "x-api-key", "content-type", "accept"];
    input
        .lines()
        .filter_map(|l| {
            let (name, value) = l.trim().split_once(':')?;
            // Quotes and a trailing comma are syntax in a JS object dump.
            let name = name.trim().trim_matches(['\'', '"']);
            let value = value.trim().trim_end_matches(',').trim_matches(['\'', '"']);
            let lower = name.to_ascii_lowercase();
            (NAMES.contains(&lower.as_str()) || lower.starts_with("nhsd-"))
                .then(|| (name.to_string(), value.to_string()))
        })
        .collect()
}

/// `name: value` (or `name = value`) with `name` a form field.
pub fn field_line(line: &str) -> Option<(&str, &str)> {
    let t = line.trim_matches(|c: char| c.is_ascii_whitespace()).trim_start_matches(['-', '*', ' ']);
    let (name, value) = t.split_once(':').or_else(|| t.split_once(" = "))?;
    let name = name.trim().trim_matches(['"', '\'']);
    // Only ASCII white space is trimmed: a non-breaking space at the end of a value is what
    // went over the wire, and is reported.
    let value = value.trim_matches(|c: char| c.is_ascii_whitespace()).trim_matches(['"', '\'', ',']);
    FORM_FIELDS.contains(&name).then_some((name, value))
}

/// A request as it stands in the paste: what kind, and where (`span` covers its text; for
/// `Devtools` and `Url` the URL alone).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawRequest {
    pub kind: RawKind,
    pub span: Span,
}

const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// Lines of the input with their byte offsets.
fn lines(input: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for l in input.split_inclusive('\n') {
        out.push((start, l.trim_end_matches(['\n', '\r'])));
        start += l.len();
    }
    out
}

fn continues(line: &str) -> bool {
    let t = line.trim_end();
    t.ends_with('\\') || t.ends_with('^') || t.ends_with('`')
}

/// Every request written in the paste, in order of kind (cURL and raw HTTP first).
pub fn find_requests(input: &str) -> Vec<RawRequest> {
    let ls = lines(input);
    let mut out: Vec<RawRequest> = Vec::new();
    let mut taken: Vec<Span> = Vec::new();
    let mut i = 0;
    while i < ls.len() {
        let (off, line) = ls[i];
        // cURL: a line holding `curl ` (after a prompt or text), plus its continuation lines.
        if let Some(pos) = find_word(line, "curl").filter(|p| is_command(&line[p + 4..])) {
            let start = off + pos;
            let mut j = i;
            while j + 1 < ls.len() && continues(ls[j].1) {
                j += 1;
            }
            let end = ls[j].0 + ls[j].1.len();
            let span = Span { start, end };
            out.push(RawRequest { kind: RawKind::Curl, span });
            taken.push(span);
            i = j + 1;
            continue;
        }
        // Raw HTTP: `POST /oauth2/token HTTP/1.1`, headers, a blank line, a body up to the next
        // blank line; or an editor's `.http` request: `POST https://host/path` (or `{{url}}`)
        // followed by header lines.
        let mut words = line.split_whitespace();
        let (m, target, v) = (words.next(), words.next(), words.next());
        let more = words.next().is_some();
        let http_line = m.is_some_and(|m| METHODS.contains(&m)) && v.is_some_and(|v| v.starts_with("HTTP/")) && !more;
        let editor_line = m.is_some_and(|m| METHODS.contains(&m))
            && v.is_none()
            && target.is_some_and(|t| t.starts_with("http") || t.starts_with("{{"))
            && ls.get(i + 1).is_some_and(|(_, next)| {
                next.split_once(':')
                    .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
            });
        if http_line || editor_line {
            {
                let mut j = i + 1;
                while j < ls.len() && !ls[j].1.trim().is_empty() {
                    j += 1;
                }
                if j < ls.len() {
                    j += 1;
                    while j < ls.len() && !ls[j].1.trim().is_empty() {
                        j += 1;
                    }
                }
                let last = j.min(ls.len()) - 1;
                let end = ls[last].0 + ls[last].1.len();
                let span = Span { start: off, end };
                out.push(RawRequest { kind: RawKind::Http, span });
                taken.push(span);
                i = last + 1;
                continue;
            }
        }
        i += 1;
    }
    // Devtools: `Request URL: …` with `Request Method:` / `Method:` nearby.
    let mut devtools_method = None;
    for (_, line) in &ls {
        if let Some(v) = value_after(line, &["request method:", "method:"]) {
            devtools_method = Some(v.trim().trim_end_matches(',').trim_matches(['"', '\'']).to_string());
        }
    }
    for (off, line) in &ls {
        if let Some(v) = value_after(line, &["request url:", "url:"]) {
            // A JS object dump (axios): `url: 'https://…',` — the quotes and comma are syntax.
            let url = v.trim().trim_end_matches(',').trim_matches(['"', '\'', '“', '”', '<', '>', '`']);
            // A URL alone on its line: prose that merely mentions one is not a devtools line.
            if url.starts_with("http") && !url.contains(char::is_whitespace) {
                let start = off + line.find(url).unwrap_or(0);
                let span = Span { start, end: start + url.len() };
                if !inside(&taken, span) {
                    out.push(RawRequest { kind: RawKind::Devtools { method: devtools_method.clone() }, span });
                    taken.push(span);
                }
            }
        }
    }
    // `POST https://…` written on a line of its own (prose, a log, Postman's console): a
    // method and a URL, whose body may follow as a form.
    for (off, line) in &ls {
        let mut words = line.split_whitespace();
        if let (Some(m), Some(url), None) = (words.next(), words.next(), words.next()) {
            let url = url.trim_matches(['"', '\'', '<', '>']);
            if METHODS.contains(&m) && (url.starts_with("https://") || url.starts_with("http://")) {
                let start = off + line.find(url).unwrap_or(0);
                let span = Span { start, end: start + url.len() };
                if !inside(&taken, span) {
                    out.push(RawRequest { kind: RawKind::Devtools { method: Some(m.to_string()) }, span });
                    taken.push(span);
                }
            }
        }
    }
    // HTTP calls written in code: `PostAsync("https://…"`, `requests.post("https://…"`, …
    const CALLS: &[&str] =
        &["PostAsync(", "PostAsJsonAsync(", "requests.post(", "httpx.post(", "axios.post(", "fetch("];
    for (off, line) in &ls {
        let Some(call) = CALLS.iter().find_map(|c| line.find(c).map(|i| i + c.len())) else { continue };
        let rest = &line[call..];
        let Some(q) = rest.find(['"', '\'', '`']) else { continue };
        let quote = rest[q..].chars().next().unwrap_or('"');
        let lit = &rest[q + 1..];
        let Some(end) = lit.find(quote) else { continue };
        let url = &lit[..end];
        if url.starts_with("https://") || url.starts_with("http://") {
            let start = off + call + q + 1;
            let span = Span { start, end: start + url.len() };
            if !inside(&taken, span) {
                out.push(RawRequest { kind: RawKind::Code { content_type: code_content_type(input) }, span });
                taken.push(span);
            }
        }
    }
    // A JS object dump's body: `data: '…',` (axios prints what it sent).
    for (off, line) in &ls {
        if let Some(v) = value_after(line, &["data:"]) {
            let v = v.trim().trim_end_matches(',');
            let inner = v.strip_prefix('\'').and_then(|v| v.strip_suffix('\''));
            if let Some(body) = inner.filter(|b| b.contains("grant_type") || b.contains("client_assertion")) {
                let start = off + line.find(body).unwrap_or(0);
                let span = Span { start, end: start + body.len() };
                if !inside(&taken, span) {
                    out.push(RawRequest { kind: RawKind::Form, span });
                    taken.push(span);
                }
            }
        }
    }
    // Bare form bodies.
    for (off, line) in &ls {
        for word in line.split_whitespace() {
            let w = word.trim_matches(['"', '\'', '“', '”', '`']);
            if (w.contains("grant_type=") || w.contains("client_assertion=")) && !w.contains("://") {
                let start = off + line.find(w).unwrap_or(0);
                let span = Span { start, end: start + w.len() };
                if !inside(&taken, span) {
                    out.push(RawRequest { kind: RawKind::Form, span });
                    taken.push(span);
                }
            }
        }
    }
    // Form fields one per line (two or more together).
    let mut i = 0;
    while i < ls.len() {
        let mut j = i;
        while j < ls.len() && field_line(ls[j].1).is_some() {
            j += 1;
        }
        if j >= i + 2 {
            let span = Span { start: ls[i].0, end: ls[j - 1].0 + ls[j - 1].1.len() };
            if !inside(&taken, span) {
                out.push(RawRequest { kind: RawKind::FieldLines, span });
                taken.push(span);
            }
            i = j;
        } else {
            i += 1;
        }
    }
    // A bare URL, when nothing else named one.
    if !out.iter().any(|r| !matches!(r.kind, RawKind::Form | RawKind::FieldLines)) {
        // (A call in code names its URL: no bare URL is added then.)
        if let Some((start, url)) = first_url(input) {
            out.push(RawRequest { kind: RawKind::Url, span: Span { start, end: start + url.len() } });
        }
    }
    out
}

/// What follows `curl` reads as a command: an option, a URL (perhaps quoted), a variable or a
/// line continuation — not prose ("the exact cURL or HTTP request").
fn is_command(rest: &str) -> bool {
    let next = rest.trim_start().trim_start_matches(['"', '\'', '“', '”']);
    next.is_empty()
        || next.starts_with('-')
        || next.starts_with('$')
        || next.starts_with('\\')
        || next.starts_with('^')
        || next.starts_with('`')
        || next.get(..4).is_some_and(|h| h.eq_ignore_ascii_case("http"))
        || next.split_whitespace().next().is_some_and(|w| w.contains("://") || w.contains("/oauth2"))
}

fn inside(taken: &[Span], s: Span) -> bool {
    taken.iter().any(|t| s.start >= t.start && s.end <= t.end)
}

fn find_word(line: &str, word: &str) -> Option<usize> {
    let lower = line.to_ascii_lowercase();
    let mut from = 0;
    while let Some(p) = lower[from..].find(word) {
        let at = from + p;
        let before_ok = at == 0 || !lower.as_bytes()[at - 1].is_ascii_alphanumeric();
        let after = lower.as_bytes().get(at + word.len()).copied();
        if before_ok && matches!(after, Some(b' ' | b'\t') | None) && after.is_some() {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

fn value_after<'a>(line: &'a str, keys: &[&str]) -> Option<&'a str> {
    let t = line.trim_start();
    let lead = line.len() - t.len();
    keys.iter().find_map(|k| {
        let head = t.get(..k.len())?;
        head.eq_ignore_ascii_case(k).then(|| &line[lead + k.len()..])
    })
}

fn first_url(input: &str) -> Option<(usize, &str)> {
    let start = input.find("https://").or_else(|| input.find("http://"))?;
    let rest = &input[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '“' | '”' | '`' | ')' | ']'))
        .unwrap_or(rest.len());
    let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
    Some((start, url))
}

/// Every status of a response in the paste (see `status_line`), with its offset.
pub fn status_lines(input: &str) -> Vec<(usize, u16)> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in input.split_inclusive('\n') {
        if let Some(code) = status_line(line) {
            out.push((at, code));
        }
        at += line.len();
    }
    out
}

/// The status of an HTTP response line in the paste (`HTTP/1.1 401 Unauthorized`, `< HTTP/2 401`,
/// `reply: 'HTTP/1.1 401 …'`): what went over the wire.
pub fn status_line(input: &str) -> Option<u16> {
    input.lines().find_map(|line| {
        let t = line.trim().to_ascii_lowercase();
        // `-> 403 Forbidden`, `→ 401`: a status written after an arrow in notes and logs; a log's
        // `HTTP 401 Unauthorized`; .NET's `StatusCode: 401, ReasonPhrase: 'Unauthorized'`.
        for marker in ["-> ", "→ ", "=> ", "http ", "statuscode: "] {
            if let Some(code) = t.find(marker).and_then(|i| status_at(&t[i + marker.len()..])) {
                return Some(code);
            }
        }
        // A printed status: devtools `Status Code: 401`, a log's `Response: 401 Unauthorized`.
        for label in ["status code:", "statuscode:", "response:", "response code:", "status:", "http status:"] {
            if let Some(code) = t.strip_prefix(label).and_then(|rest| status_at(rest.trim())) {
                return Some(code);
            }
        }
        let i = line.find("HTTP/")?;
        let rest = &line[i + 5..];
        let mut words = rest.split_whitespace();
        let version = words.next()?;
        if !version.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return None;
        }
        let code = words.next()?;
        (code.len() == 3).then(|| code.parse::<u16>().ok()).flatten().filter(|c| (100..600).contains(c))
    })
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
                if has(before, b"http/") || has(before, b"status") || named {
                    return Some(n);
                }
            }
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_naming_curl_or_a_url_is_not_a_request() {
        let reply = "Please send:\nThe exact cURL or HTTP request you make (secrets removed)\n\
                     url: the token URL you call, e.g. https://int.api.service.nhs.uk/oauth2/token\n";
        let found = find_requests(reply);
        assert!(found.iter().all(|r| r.kind != RawKind::Curl), "{found:?}");
        assert!(found.iter().all(|r| !matches!(r.kind, RawKind::Devtools { .. })), "{found:?}");
        for cmd in [
            "curl -X POST https://int.api.service.nhs.uk/oauth2/token",
            "$ curl https://int.api.service.nhs.uk/oauth2/token -d a=1",
            "curl \\\n  -X POST x",
            "curl \"https://int.api.service.nhs.uk/oauth2/token\"",
        ] {
            assert_eq!(find_requests(cmd).first().map(|r| r.kind.clone()), Some(RawKind::Curl), "{cmd}");
        }
        let devtools = find_requests("Request URL: https://sandbox.api.service.nhs.uk/oauth2/token\nMethod: POST");
        assert!(matches!(devtools[0].kind, RawKind::Devtools { .. }));
    }

    #[test]
    fn statuses() {
        assert_eq!(find_status("I am getting a 500 error: Invalid client identifier."), Some(500));
        assert_eq!(find_status("HTTP/1.1 401 Unauthorized"), Some(401));
        assert_eq!(find_status("status: 415"), Some(415));
        assert_eq!(find_status("exp 1760000300 and 12345"), None);
        assert_eq!(find_status("curl -d a=1"), None);
    }
}
