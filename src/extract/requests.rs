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
        // Raw HTTP: `POST /oauth2/token HTTP/1.1`, headers, a blank line, a body up to the next blank line.
        let mut words = line.split_whitespace();
        if let (Some(m), Some(_), Some(v)) = (words.next(), words.next(), words.next()) {
            if METHODS.contains(&m) && v.starts_with("HTTP/") && words.next().is_none() {
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
            devtools_method = Some(v.trim().to_string());
        }
    }
    for (off, line) in &ls {
        if let Some(v) = value_after(line, &["request url:", "url:"]) {
            let url = v.trim().trim_matches(['"', '\'', '“', '”', '<', '>']);
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
    // A bare URL, when nothing else named one.
    if !out.iter().any(|r| r.kind != RawKind::Form) {
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

/// The status of an HTTP response line in the paste (`HTTP/1.1 401 Unauthorized`, `< HTTP/2 401`,
/// `reply: 'HTTP/1.1 401 …'`): what went over the wire.
pub fn status_line(input: &str) -> Option<u16> {
    input.lines().find_map(|line| {
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
