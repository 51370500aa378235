//! Requests named by their URL: devtools' `Request URL:` lines, a method and a URL on a line, a
//! token endpoint's URL named anywhere, and a bare URL when nothing else named one.

use super::{value_after, RawKind, RawRequest, Scan, METHODS};
use crate::vocab::Span;

/// Devtools: `Request URL: …` with `Request Method:` / `Method:` nearby.
pub(super) fn devtools(scan: &mut Scan) {
    let method = scan
        .lines
        .iter()
        .filter_map(|(_, line)| value_after(line, &["request method:", "method:"]))
        .next_back()
        .map(|v| v.trim().trim_end_matches(',').trim_matches(['"', '\'']).to_string());
    for (off, line) in scan.lines.clone() {
        let Some(v) = value_after(line, &["request url:", "url:"]) else { continue };
        // A JS object dump (axios): `url: 'https://…',` — the quotes and comma are syntax.
        let url = v.trim().trim_end_matches(',').trim_matches(['"', '\'', '“', '”', '<', '>', '`']);
        // A URL alone on its line: prose that merely mentions one is not a devtools line.
        if url.starts_with("http") && !url.contains(char::is_whitespace) {
            let start = off + line.find(url).unwrap_or(0);
            scan.claim(RawKind::Devtools { method: method.clone() }, Span { start, end: start + url.len() });
        }
    }
}

/// `POST https://…` written on a line of its own (prose, a log, Postman's console): a method and
/// a URL, whose body may follow as a form.
/// Or inside a line, after a label or a log's head and before what follows it
/// (`request: PATCH https://… If-Match: W/"7"`): the method as a word, then the URL.
pub(super) fn method_and_url(scan: &mut Scan) {
    for (off, line) in scan.lines.clone() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some(i) = (0..words.len().saturating_sub(1)).find(|&i| {
            let url = words[i + 1].trim_matches(['"', '\'', '<', '>']);
            METHODS.contains(&words[i]) && (url.starts_with("https://") || url.starts_with("http://"))
        }) else {
            continue;
        };
        let url = words[i + 1].trim_matches(['"', '\'', '<', '>']);
        let at = line.find(&format!("{} {}", words[i], words[i + 1])).map_or(0, |p| p + words[i].len() + 1);
        let start = off + at + line[at..].find(url).unwrap_or(0);
        scan.claim(RawKind::Devtools { method: Some(words[i].to_string()) }, Span { start, end: start + url.len() });
    }
}

/// A platform token endpoint's URL named anywhere (a constant, a log line, prose) beside what
/// else the paste shows: where the token came from, which says its environment.
pub(super) fn token_urls(scan: &mut Scan) {
    let mut from = 0;
    while let Some(p) = scan.input[from..].find(".api.service.nhs.uk/oauth2/token") {
        let at = from + p;
        from = at + 1;
        let start = scan.input[..at].rfind("https://").filter(|s| !scan.input[*s..at].contains(char::is_whitespace));
        let Some(start) = start else { continue };
        let rest = &scan.input[start..];
        let cut = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`' | ')' | ']' | ',' | ';'))
            .unwrap_or(rest.len());
        let end = start + rest[..cut].trim_end_matches(['.', ':', '!', '?']).len();
        let span = Span { start, end };
        if !scan.found.iter().any(|r| r.span.start <= start && end <= r.span.end) {
            scan.claim(RawKind::Url, span);
        }
    }
}

pub(super) fn bare_url(scan: &mut Scan) {
    if scan.found.iter().any(|r| !matches!(r.kind, RawKind::Form | RawKind::FieldLines)) {
        return;
    }
    if let Some((start, url)) = first_url(scan.input) {
        scan.found.push(RawRequest { kind: RawKind::Url, span: Span { start, end: start + url.len() } });
    }
}

/// The URL the paste is about: the first on an API Platform host, else the first that is not a
/// reference one (a FHIR coding system, a documentation link in an answer's text).
fn first_url(input: &str) -> Option<(usize, &str)> {
    const REFERENCE: &[&str] =
        &["fhir.nhs.uk", "hl7.org", "terminology.hl7.org", "snomed.info", "digital.nhs.uk", "www.w3.org"];
    let urls = input.match_indices("http").filter_map(|(start, _)| {
        let rest = &input[start..];
        if !(rest.starts_with("https://") || rest.starts_with("http://")) {
            return None;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '“' | '”' | '`' | ')' | ']'))
            .unwrap_or(rest.len());
        Some((start, rest[..end].trim_end_matches(['.', ',', ';', ':'])))
    });
    let host = |u: &str| crate::platform::parse_url(u).and_then(|u| u.host_str().map(str::to_ascii_lowercase));
    let platform = |u: &str| host(u).is_some_and(|h| crate::platform::Environment::from_host(&h).is_some());
    let reference = |u: &str| host(u).is_some_and(|h| REFERENCE.contains(&h.as_str()));
    urls.clone().find(|(_, u)| platform(u)).or_else(|| urls.clone().find(|(_, u)| !reference(u)))
}
