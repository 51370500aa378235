//! Requests as people paste them: a cURL command, a raw HTTP request, browser devtools lines,
//! a bare URL, a bare form body. Shell words are split by `shell-words`, URLs parsed by `url`,
//! forms decoded by `form_urlencoded`.

use serde::Serialize;
use url::{form_urlencoded, Url};

use crate::extract::requests::RawKind;
use crate::vocab::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestSource {
    Curl,
    Http,
    Devtools,
    Url,
    Form,
    /// An HTTP call written in code (`PostAsync("…")`, `requests.post("…")`, `axios.post('…')`).
    Code,
    /// An HTTPie or xh command line.
    Cli,
}

impl RequestSource {
    pub fn label(self) -> &'static str {
        match self {
            RequestSource::Curl => "cURL command",
            RequestSource::Http => "raw HTTP request",
            RequestSource::Devtools => "request URL",
            RequestSource::Url => "URL",
            RequestSource::Form => "form body",
            RequestSource::Code => "HTTP call in code",
            RequestSource::Cli => "HTTPie/xh command",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Header {
    pub name: String,
    pub value: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Request {
    pub source: Option<RequestSource>,
    pub span: Option<Span>,
    /// Only some of the body's fields were pasted (a lone `client_assertion=…`, fields listed in
    /// prose): a field not shown is unknown, not missing.
    pub partial: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// The method is what the client would use, not written (curl with -d and no -X is POST).
    pub method_implied: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub headers: Vec<Header>,
    /// The Content-Type header the client sends: written, or implied (curl -d sends
    /// application/x-www-form-urlencoded on its own).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Why the client sends that Content-Type (or none) though the paste does not write it: the
    /// client's own default ("curl's default for -d", "Java's HttpClient sends none unless set").
    /// `Some` with no `content_type` is a client known to send no Content-Type at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type_why: Option<String>,
    /// What in the paste decided how the body is encoded (`jsonencode(` makes JSON text), when the
    /// body was read from code rather than seen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_why: Option<String>,
    /// Headers the code writes that its client does not send, and why (axios.get's config with
    /// `Authorization` at its top level, not under `headers:`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headers_not_sent: Option<(Vec<String>, String)>,
    /// Files the client sends as the body (curl's `-d @file`), whose content the paste does not
    /// show.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub body_files: Vec<String>,
    /// The body exactly as it would be sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The body read as a form (when it is one), values decoded once.
    pub form: Vec<(String, String)>,
    /// The URL's query parameters, decoded once.
    pub query: Vec<(String, String)>,
    /// curl -F (multipart) was used.
    pub multipart: bool,
    /// A JSON body (curl --json, or a body starting with `{`).
    pub json_body: bool,
    /// `url` parsed once, in `finish` (rules ask for it many times).
    #[serde(skip)]
    pub parsed: Option<Url>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|h| h.name.eq_ignore_ascii_case(name)).map(|h| h.value.as_str())
    }
    pub fn form_value(&self, name: &str) -> Option<&str> {
        self.form.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    pub fn parsed_url(&self) -> Option<&Url> {
        self.parsed.as_ref()
    }
    /// Finish a request: read the body as a form, the URL's query, and the content type.
    pub(super) fn finish(mut self) -> Request {
        if let Some(ct) = self.header("content-type") {
            self.content_type = Some(ct.to_string());
            self.content_type_why = None;
        }
        if let Some(body) = &self.body {
            let trimmed = body.trim_start();
            self.json_body = self.json_body || trimmed.starts_with('{');
            if !self.json_body && !self.multipart && body.contains('=') {
                self.form = form_urlencoded::parse(body.trim().as_bytes())
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect();
            }
        }
        self.parsed = self.url.as_deref().and_then(crate::platform::parse_url);
        if let Some(u) = &self.parsed {
            self.query = u.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        }
        self
    }
}

/// Parse a raw HTTP request: request line, headers, blank line, body.
pub fn parse_http(text: &str, span: Span) -> Request {
    // curl -v's `> ` before each line it sent.
    let verbose = text.starts_with("> ");
    let mut lines = text.split('\n').map(|l| l.trim_end_matches('\r')).map(move |l| {
        if verbose {
            l.strip_prefix("> ").unwrap_or(l)
        } else {
            l
        }
    });
    let first = lines.next().unwrap_or("");
    let first = first.strip_prefix("--> ").unwrap_or(first);
    let mut parts = first.split_whitespace();
    let method = parts.next().map(|m| m.to_ascii_uppercase());
    let target = parts.next().unwrap_or("/").to_string();
    let mut req = Request { source: Some(RequestSource::Http), span: Some(span), method, ..Request::default() };
    let mut body_lines = Vec::new();
    let mut in_body = false;
    for line in lines {
        // OkHttp ends what it logged of the request with `--> END POST`, the answer with `<-- `.
        if line.starts_with("--> END") || line.starts_with("<-- ") {
            break;
        }
        if in_body {
            body_lines.push(line);
        } else if line.trim().is_empty() {
            in_body = true;
        } else if let Some(map) = printed_map(line) {
            // A log's `headers: [...]`: the headers printed as one map.
            req.headers.extend(map);
        } else if let Some((name, value)) = line.split_once(':') {
            // A logger that prints each value quoted (Faraday: `Authorization: "Bearer …"`): the
            // quotes are the log's, not the header's.
            let value = value.trim();
            let unquoted = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')).filter(|v| !v.contains('"'));
            req.headers.push(Header { name: name.trim().to_string(), value: unquoted.unwrap_or(value).to_string() });
        }
    }
    let body = body_lines.join("\n");
    if !body.trim().is_empty() {
        let form = req.header("content-type").is_some_and(|c| c.contains("x-www-form-urlencoded"));
        // An editor's REST client writes a form body over lines starting with `&`.
        let body = if form { body.lines().map(str::trim).collect::<String>() } else { body.trim().to_string() };
        req.body = Some(body);
    }
    req.url = Some(if target.starts_with("http://") || target.starts_with("https://") {
        target
    } else {
        match req.header("host") {
            Some(host) => format!("https://{}{}", host.trim(), target),
            None => target,
        }
    });
    req.finish()
}

/// The headers of a `headers: <map>` line, as a log prints them all at once.
fn printed_map(line: &str) -> Option<Vec<super::request::Header>> {
    let (label, value) = line.split_once(':')?;
    let label = label.trim().to_ascii_lowercase();
    if !(label == "headers" || label.ends_with(" headers") || label.ends_with("]headers")) {
        return None;
    }
    let map = super::header_map::read(value);
    (!map.is_empty()).then_some(map)
}

/// A HAR entry's request (`{"request": {"method", "url", "headers": [...], "postData": …}}`), as
/// browsers' devtools and proxies export it: what went over the wire.
pub fn from_har(value: &serde_json::Value, span: Span) -> Option<Request> {
    let r = value.get("request").unwrap_or(value);
    let url = r.get("url")?.as_str()?;
    let method = r.get("method")?.as_str()?;
    let mut req = Request {
        source: Some(RequestSource::Http),
        span: Some(span),
        method: Some(method.to_ascii_uppercase()),
        url: Some(url.to_string()),
        ..Request::default()
    };
    for h in r.get("headers").and_then(|h| h.as_array()).into_iter().flatten() {
        if let (Some(name), Some(value)) = (h["name"].as_str(), h["value"].as_str()) {
            req.headers.push(Header { name: name.to_string(), value: value.to_string() });
        }
    }
    if let Some(post) = r.get("postData") {
        if let Some(text) = post.get("text").and_then(|t| t.as_str()) {
            req.body = Some(text.to_string());
        } else if let Some(params) = post.get("params").and_then(|p| p.as_array()) {
            // HAR params hold the values decoded once; the body encodes them again.
            let mut body = form_urlencoded::Serializer::new(String::new());
            for p in params {
                body.append_pair(p["name"].as_str().unwrap_or(""), p["value"].as_str().unwrap_or(""));
            }
            req.body = Some(body.finish());
        }
        if req.header("content-type").is_none() {
            if let Some(m) = post.get("mimeType").and_then(|m| m.as_str()) {
                req.headers.push(Header { name: "Content-Type".into(), value: m.to_string() });
            }
        }
    }
    Some(req.finish())
}

/// A bare form body (`grant_type=…&client_assertion=…`).
pub fn parse_form(body: &str, span: Span) -> Request {
    Request {
        source: Some(RequestSource::Form),
        span: Some(span),
        body: Some(body.trim().to_string()),
        ..Request::default()
    }
    .finish()
}

/// A bare URL, or the devtools pair `Request URL:` / `Request Method:`.
pub fn from_url(url: &str, method: Option<&str>, source: RequestSource, span: Span) -> Request {
    Request {
        source: Some(source),
        span: Some(span),
        url: Some(url.trim().to_string()),
        method: method.map(|m| m.trim().to_ascii_uppercase()),
        ..Request::default()
    }
    .finish()
}

/// Decode every request found in the paste; a form body found apart from a URL-only request
/// (devtools: URL + payload) becomes its body.
pub fn decode_all(paste: &crate::extract::Paste) -> Vec<Request> {
    let (input, vars) = (paste.text(), &paste.vars);
    let reqs = paste
        .requests
        .iter()
        .map(|raw| {
            let text = input.get(raw.span.start..raw.span.end).unwrap_or("");
            let text = &crate::extract::vars::substitute(text, vars);
            let mut r = match &raw.kind {
                RawKind::Curl => super::curl::parse_curl(text, raw.span),
                RawKind::Cli => super::httpie::parse_httpie(text, raw.span),
                RawKind::Http => parse_http(text, raw.span),
                RawKind::Form => parse_form(text, raw.span),
                RawKind::Devtools { method } => from_url(text, method.as_deref(), RequestSource::Devtools, raw.span),
                RawKind::Code => super::code_call::from_code(text, input, raw.span),
                RawKind::Url => from_url(text, None, RequestSource::Url, raw.span),
                RawKind::FieldLines => {
                    let mut body = form_urlencoded::Serializer::new(String::new());
                    for (name, value) in text.lines().filter_map(crate::extract::fields::field_line) {
                        body.append_pair(name, value);
                    }
                    parse_form(&body.finish(), raw.span)
                }
            };
            // Fields listed by hand or a lone field are part of a body; the rest is not shown.
            let whole =
                ["grant_type", "client_assertion_type", "client_assertion"].iter().all(|f| r.form_value(f).is_some());
            r.partial =
                r.partial || (matches!(raw.kind, RawKind::Form | RawKind::FieldLines) && !whole && !r.json_body);
            r
        })
        .collect();
    let mut reqs = merge(reqs);
    // A URL printed apart from its headers: the headers printed after it, up to the next
    // request, are its own (the first request's also those printed before it).
    let mut starts: Vec<usize> = reqs.iter().filter_map(|r| r.span.map(|s| s.start)).collect();
    starts.sort_unstable();
    for r in reqs.iter_mut().filter(|r| matches!(r.source, Some(RequestSource::Devtools | RequestSource::Url))) {
        let Some(start) = r.span.map(|s| s.start) else { continue };
        let from = if starts.first() == Some(&start) { 0 } else { start };
        let to = starts.iter().copied().find(|s| *s > start).unwrap_or(usize::MAX);
        // The line a request's URL is on starts before the URL.
        let line_start = input[..start.min(input.len())].rfind('\n').map_or(0, |i| i + 1);
        if r.headers.is_empty() {
            for (_, name, value) in paste.header_lines.iter().filter(|(at, ..)| *at >= from.min(line_start) && *at < to)
            {
                r.headers.push(Header { name: name.clone(), value: value.clone() });
            }
            *r = std::mem::take(r).finish();
        }
    }
    reqs
}

/// A form body found apart from a URL-only request belongs to it (devtools post: URL + payload).
fn merge(mut reqs: Vec<Request>) -> Vec<Request> {
    let url_only = reqs
        .iter()
        .position(|r| matches!(r.source, Some(RequestSource::Devtools | RequestSource::Url)) && r.body.is_none());
    let form = reqs.iter().position(|r| r.source == Some(RequestSource::Form));
    if let (Some(u), Some(f)) = (url_only, form) {
        let form = reqs.remove(f);
        let u = if f < u { u - 1 } else { u };
        let r = &mut reqs[u];
        r.body = form.body;
        r.form = form.form;
        r.partial = form.partial;
    }
    reqs
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPAN: Span = Span { start: 0, end: 0 };

    #[test]
    fn raw_http() {
        let r = parse_http("POST /oauth2/token HTTP/1.1\r\nHost: int.api.service.nhs.uk\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\ngrant_type=client_credentials&client_id=abc", SPAN);
        assert_eq!(r.url.as_deref(), Some("https://int.api.service.nhs.uk/oauth2/token"));
        assert_eq!(r.form_value("client_id"), Some("abc"));
    }

    fn find_requests(input: &str) -> Vec<Request> {
        decode_all(&crate::extract::extract(input, &crate::Context::default()))
    }

    #[test]
    fn devtools_form_data_lines_are_the_body() {
        let r = find_requests(
            "Request URL: https://sandbox.api.service.nhs.uk/oauth2/token\nRequest Method: POST\n\nForm Data\n\
             grant_type: client_credentials\nclient_id: a22f0bd6-567e-487f-8d23-273b28816fda\n",
        );
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].form_value("client_id"), Some("a22f0bd6-567e-487f-8d23-273b28816fda"));
        assert_eq!(r[0].form_value("grant_type"), Some("client_credentials"));
    }

    #[test]
    fn devtools_pair() {
        let r = find_requests("Request URL: https://sandbox.api.service.nhs.uk/oauth2/token\nMethod: POST\n");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].method.as_deref(), Some("POST"));
        assert_eq!(r[0].source, Some(RequestSource::Devtools));
    }

    #[test]
    fn curl_in_prose_and_form_body_alone() {
        let r = find_requests("I ran this:\n$ curl -X POST https://int.api.service.nhs.uk/oauth2/token \\\n -d grant_type=client_credentials\nand it failed");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].form_value("grant_type"), Some("client_credentials"));
        let r = find_requests("body: grant_type=client_credentials&client_assertion=eyJ.x.y");
        assert_eq!(r[0].source, Some(RequestSource::Form));
    }
}
