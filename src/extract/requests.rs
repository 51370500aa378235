//! Requests and statuses inside a paste: cURL commands, raw HTTP requests, devtools
//! `Request URL:` / `Method:` lines, bare form bodies and URLs.

use super::fields::field_line;
use crate::vocab::Span;

/// Where a request was found, and how it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RawKind {
    /// A cURL command (with its continuation lines).
    Curl,
    /// An HTTPie or xh command (with its continuation lines).
    Cli,
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
    /// An HTTP call written in code; `span` covers the statement (decode/code_call.rs reads it).
    Code,
}

/// A request as it stands in the paste: what kind, and where (`span` covers its text; for
/// `Devtools` and `Url` the URL alone).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawRequest {
    pub kind: RawKind,
    pub span: Span,
}

pub(crate) const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

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

/// The lines of a paste with their byte offsets, and what the recognisers found so far.
struct Scan<'a> {
    input: &'a str,
    lines: Vec<(usize, &'a str)>,
    found: Vec<RawRequest>,
}

impl Scan<'_> {
    /// Claim `span` for a request of `kind`, unless a request found earlier covers it.
    fn claim(&mut self, kind: RawKind, span: Span) {
        if !self.found.iter().any(|r| span.start >= r.span.start && span.end <= r.span.end) {
            self.found.push(RawRequest { kind, span });
        }
    }
}

/// One way a request is written. Recognisers run in the order of `RECOGNISERS`: what an
/// earlier one claimed, a later one does not claim again.
type Recogniser = fn(&mut Scan);

/// The ways a request is written, whole forms first: a cURL command or a raw HTTP request holds
/// a URL, a form and headers, and what they hold is theirs.
const RECOGNISERS: &[(&str, Recogniser)] = &[
    ("cURL commands and raw HTTP requests", blocks),
    ("devtools Request URL lines", devtools),
    ("a method and a URL on a line", method_and_url),
    ("HTTP calls written in code", code_calls),
    ("requests written in code as a block", code_blocks::code_blocks),
    ("a JS object dump's data", js_data),
    ("token endpoint URLs named anywhere", token_urls),
    ("bare form bodies", bare_forms),
    ("form fields one per line", field_line_blocks),
    ("a bare URL, when nothing else named one", bare_url),
];

/// Every request written in the paste, in order of kind (cURL and raw HTTP first).
pub fn find_requests(input: &str) -> Vec<RawRequest> {
    let mut scan = Scan { input, lines: lines(input), found: Vec::new() };
    for (_, recognise) in RECOGNISERS {
        recognise(&mut scan);
    }
    scan.found
}

/// cURL: a line holding `curl ` (after a prompt or text), plus its continuation lines. Raw HTTP:
/// `POST /oauth2/token HTTP/1.1`, headers, a blank line, a body up to the next blank line; or an
/// editor's `.http` request: `POST https://host/path` (or `{{url}}`) followed by header lines.
fn blocks(scan: &mut Scan) {
    let mut i = 0;
    // A curl command's own `-v` lines (`> POST …`) are that request as it went out, not another.
    let mut after_curl = false;
    while i < scan.lines.len() {
        let ls = &scan.lines;
        let (off, line) = ls[i];
        // A command (cURL, HTTPie, xh) and its continuation lines.
        let command = find_word(line, "curl")
            .filter(|p| is_command(&line[p + 4..]))
            .map(|p| (RawKind::Curl, p))
            .or_else(|| cli::cli_start(line).map(|p| (RawKind::Cli, p)));
        if let Some((kind, pos)) = command {
            let mut j = i;
            while j + 1 < ls.len() && continues(ls[j].1) {
                j += 1;
            }
            let span = Span { start: off + pos, end: ls[j].0 + ls[j].1.len() };
            after_curl = kind == RawKind::Curl;
            scan.claim(kind, span);
            i = j + 1;
        } else if http::http_start(ls, i) {
            let last = http::http_end(ls, i);
            if !(after_curl && line.starts_with("> ")) {
                let span = Span { start: off, end: ls[last].0 + ls[last].1.len() };
                scan.claim(RawKind::Http, span);
            }
            after_curl = false;
            i = last + 1;
        } else {
            i += 1;
        }
    }
}

/// HTTP calls written in code: `requests.post(`, `fetch(`, `PostAsync(`, `Invoke-RestMethod`, …;
/// the span covers the statement, from the call to its closing parenthesis (or the end of its
/// line and continuation lines), so that the decoder reads its URL, body and headers.
fn code_calls(scan: &mut Scan) {
    const CALLS: &[&str] = &[
        "PostAsync(",
        "PostAsJsonAsync(",
        "requests.post(",
        "httpx.post(",
        "session.post(",
        "axios.post(",
        // axios's config form: `axios({ method: 'post', url, data, headers })`.
        "axios(",
        "axios.request(",
        "UrlFetchApp.fetch(",
        "$.ajax(",
        "$.post(",
        "fetch(",
        "Invoke-RestMethod",
        "Invoke-WebRequest",
        "postForEntity(",
        "postForObject(",
        "http.Post(",
        "http.PostForm(",
        "Faraday.post(",
        "RestClient.post(",
        ".openConnection(",
        "HttpRequest.newBuilder(",
        "Net::HTTP::Post.new(",
        "Net::HTTP.post_form(",
        // Any client's post method (`client.post(`, `this.http.post(`, `conn.post(`, `c.Post(`).
        ".post(",
        ".Post(",
        ".PostAsync(",
        // Calls to an API: any client's get method, named as such.
        ".GetAsync(",
        ".GetStringAsync(",
        ".get(",
        ".Get(",
    ];
    let mut i = 0;
    while i < scan.lines.len() {
        let (off, line) = scan.lines[i];
        // A marker that is a function's name (`fetch(`) names it only when it is not a method of
        // something else (`NhsTokenClient.fetch(` in a stack frame, `ENV.fetch(`).
        let named = |c: &&str, at: usize| {
            !c.starts_with(|ch: char| ch.is_ascii_lowercase())
                || line[..at].chars().next_back().is_none_or(|ch| !(ch.is_alphanumeric() || ch == '.' || ch == '_'))
        };
        let Some(call) =
            CALLS.iter().find_map(|c| line.match_indices(c).find(|(at, _)| named(c, *at)).map(|(at, _)| (at, c)))
        else {
            i += 1;
            continue;
        };
        // A method call starts at its receiver (`conn.get(`, `axios.get(`): the name that says
        // which client, and which URL it was given.
        let receiver = if call.1.starts_with('.') {
            line[..call.0].rsplit(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '@' | '$'))).next().unwrap_or("")
        } else {
            ""
        };
        let start = off + call.0 - receiver.len();
        let end = statement_end(scan.input, off + call.0, call.1.ends_with('('));
        let statement = &scan.input[start..end];
        // The call names its URL as a literal, or by a name the paste gives a literal URL.
        if super::vars::call_url(statement, scan.input).is_some() {
            // A `url: '…'` line inside the call is the call's own (axios's config object), not
            // a devtools line of its own.
            let inside = |r: &RawRequest| {
                matches!(r.kind, RawKind::Devtools { .. }) && r.span.start >= start && r.span.end <= end
            };
            scan.found.retain(|r| !inside(r));
            scan.claim(RawKind::Code, Span { start, end });
        }
        while i < scan.lines.len() && scan.lines[i].0 < end {
            i += 1;
        }
    }
}

/// Where a statement that starts at `start` ends: at the parenthesis that closes the call's
/// (quotes skipped), or at the end of the line and its continuation lines; at most 40 lines.
fn statement_end(input: &str, start: usize, paren: bool) -> usize {
    let rest = &input[start..];
    let limit = rest.match_indices('\n').nth(39).map_or(rest.len(), |(i, _)| i);
    if paren {
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        for (i, c) in rest[..limit].char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'' | '`') => quote = Some(c),
                (None, '(') => depth += 1,
                (None, ')') => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return start + i + 1;
                    }
                }
                (None, '\n') if depth == 0 => return start + i,
                _ => {}
            }
        }
        return start + limit;
    }
    let mut end = 0;
    for l in rest[..limit].split_inclusive('\n') {
        end += l.len();
        if !continues(l) {
            break;
        }
    }
    start + end.min(limit).min(rest.len())
}

/// A JS object dump's body: `data: '…',` (axios prints what it sent).
fn js_data(scan: &mut Scan) {
    for (off, line) in scan.lines.clone() {
        let Some(v) = value_after(line, &["data:"]) else { continue };
        let v = v.trim().trim_end_matches(',');
        let inner = v.strip_prefix('\'').and_then(|v| v.strip_suffix('\''));
        if let Some(body) = inner.filter(|b| b.contains("grant_type") || b.contains("client_assertion")) {
            let start = off + line.find(body).unwrap_or(0);
            scan.claim(RawKind::Form, Span { start, end: start + body.len() });
        }
    }
}

/// A form body written as one word: `grant_type=…&client_assertion=…`.
fn bare_forms(scan: &mut Scan) {
    for (off, line) in scan.lines.clone() {
        for word in line.split_whitespace() {
            let w = word.trim_matches(['"', '\'', '“', '”', '`']);
            // `grant_type="client_credentials"` is a keyword argument or an assignment in code, not a
            // form body: a form's values are not quoted.
            let code = ["grant_type=\"", "grant_type='", "client_assertion=\"", "client_assertion='"]
                .iter()
                .any(|k| word.contains(k));
            if (w.contains("grant_type=") || w.contains("client_assertion=")) && !w.contains("://") && !code {
                let start = off + line.find(w).unwrap_or(0);
                scan.claim(RawKind::Form, Span { start, end: start + w.len() });
            }
        }
    }
}

/// Form fields one per line, two or more together.
fn field_line_blocks(scan: &mut Scan) {
    let mut i = 0;
    while i < scan.lines.len() {
        let ls = &scan.lines;
        let mut j = i;
        while j < ls.len() && field_line(ls[j].1).is_some() {
            j += 1;
        }
        if j >= i + 2 {
            let span = Span { start: ls[i].0, end: ls[j - 1].0 + ls[j - 1].1.len() };
            scan.claim(RawKind::FieldLines, span);
            i = j;
        } else {
            i += 1;
        }
    }
}

/// A bare URL, when nothing but a form named a request (a call in code names its URL).
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

pub mod cli;
mod code_blocks;
mod urls;
use urls::{bare_url, devtools, method_and_url, token_urls};
mod http;

#[cfg(test)]
mod tests;
