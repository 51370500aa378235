//! A cURL command as people paste it: one line or many (continued by `\`, `^` or `` ` ``),
//! after a prompt, with curl's own spellings of method, headers, data and credentials. Shell
//! words are split by `shell-words`; `--data-urlencode` encodes with `form_urlencoded`.

use url::form_urlencoded;

use super::request::{Header, Request, RequestSource};
use crate::vocab::Span;

/// Bash's ANSI-C quoting (`$'client_credentials\r'`, as `bash -x` prints a value with a control
/// character) as the plain single-quoted word it stands for, its escapes decoded.
fn ansi_c_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    let mut prev = ' ';
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek() == Some(&'\'') && (prev.is_whitespace() || prev == '=') {
            chars.next();
            let mut word = String::new();
            while let Some(c) = chars.next() {
                match c {
                    '\'' => break,
                    '\\' => match chars.next() {
                        Some('r') => word.push('\r'),
                        Some('n') => word.push('\n'),
                        Some('t') => word.push('\t'),
                        Some('0') => word.push('\0'),
                        Some('e' | 'E') => word.push('\u{1b}'),
                        Some('x') => {
                            let hex: String =
                                std::iter::from_fn(|| chars.next_if(char::is_ascii_hexdigit)).take(2).collect();
                            word.extend(u8::from_str_radix(&hex, 16).ok().map(char::from));
                        }
                        Some(other) => word.push(other),
                        None => {}
                    },
                    c => word.push(c),
                }
            }
            out.push('\'');
            out.push_str(&word.replace('\'', "'\\''"));
            out.push('\'');
            prev = '\'';
            continue;
        }
        out.push(c);
        prev = c;
    }
    out
}

/// Parse a cURL command (continuation lines already joined or not).
pub fn parse_curl(command: &str, span: Span) -> Request {
    let joined = ansi_c_quoted(&join_continuations(command));
    // A command cut inside a quote (a quoted value that ran on to the next line, a paste cut
    // short) reads as if the quote closed at its end: split on spaces, a quoted header's value
    // would stand alone, a positional word taken for the URL.
    let words = shell_words::split(&joined)
        .or_else(|_| shell_words::split(&format!("{joined}'")))
        .or_else(|_| shell_words::split(&format!("{joined}\"")))
        .unwrap_or_else(|_| joined.split_whitespace().map(String::from).collect());
    let mut req = Request { source: Some(RequestSource::Curl), span: Some(span), ..Request::default() };
    let mut data: Vec<String> = Vec::new();
    let mut from_file: Vec<String> = Vec::new();
    let mut get = false;
    let mut words =
        words.into_iter().skip_while(|w| !w.ends_with("curl") && !w.ends_with("curl.exe")).skip(1).peekable();
    while let Some(w) = words.next() {
        let (flag, inline) = match w.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (w.clone(), None),
        };
        let mut value = |inline: Option<String>| inline.or_else(|| words.next()).unwrap_or_default();
        match flag.as_str() {
            "-X" | "--request" => req.method = Some(value(inline).to_ascii_uppercase()),
            "-H" | "--header" => {
                let h = value(inline);
                if let Some((name, v)) = h.split_once(':') {
                    req.headers.push(Header { name: name.trim().to_string(), value: v.trim().to_string() });
                }
            }
            "--data-raw" => data.push(value(inline)),
            // `@file` (or `@-`, stdin): curl sends the file's content, which the paste does not show.
            "-d" | "--data" | "--data-ascii" | "--data-binary" => match value(inline) {
                v if v.starts_with('@') => from_file.push(v[1..].to_string()),
                v => data.push(v),
            },
            "--data-urlencode" => data.push(urlencode_arg(&value(inline))),
            "--json" => {
                data.push(value(inline));
                req.json_body = true;
                req.headers.push(Header { name: "Content-Type".into(), value: "application/json".into() });
            }
            "-F" | "--form" => {
                data.push(value(inline));
                req.multipart = true;
            }
            "-u" | "--user" => {
                use base64::Engine;
                let cred = value(inline);
                let b64 = base64::engine::general_purpose::STANDARD.encode(cred.as_bytes());
                req.headers.push(Header { name: "Authorization".into(), value: format!("Basic {b64}") });
            }
            "--url" => req.url = Some(value(inline)),
            "-G" | "--get" => get = true,
            "-A" | "--user-agent" | "-e" | "--referer" | "-o" | "--output" | "-w" | "--write-out" | "--cert"
            | "--key" | "-E" | "--cacert" | "-m" | "--max-time" | "--connect-timeout" | "-x" | "--proxy" | "-b"
            | "--cookie" | "-c" | "--cookie-jar" | "--retry" => {
                let _ = value(inline);
            }
            f if f.starts_with('-') => {}
            _ => {
                if req.url.is_none() {
                    req.url = Some(w);
                }
            }
        }
    }
    if !from_file.is_empty() {
        // Read from a file: a body the paste does not show is unknown, not empty.
        req.body_why = Some(format!("curl reads it from {}, which the paste does not show", from_file.join(", ")));
        req.partial = true;
        req.body_files = from_file;
    }
    let body = (!data.is_empty()).then(|| if req.multipart { data.join("; ") } else { data.join("&") });
    match body {
        Some(body) if get => {
            if let Some(u) = &mut req.url {
                u.push(if u.contains('?') { '&' } else { '?' });
                u.push_str(&body);
            }
        }
        body if body.is_some() || !req.body_files.is_empty() => {
            req.body = body;
            if req.method.is_none() {
                req.method = Some("POST".into());
                req.method_implied = true;
            }
            if !req.multipart && !req.json_body {
                req.content_type = Some(crate::platform::FORM_CONTENT_TYPE.into());
                req.content_type_why = Some("curl's default for -d".into());
            } else if req.multipart {
                req.content_type = Some("multipart/form-data".into());
                req.content_type_why = Some("curl's default for -F".into());
            }
        }
        _ => {}
    }
    if req.method.is_none() {
        req.method = Some("GET".into());
        req.method_implied = true;
    }
    req.finish()
}

/// `--data-urlencode` forms (curl's manual): `content`, `=content`, `name=content`,
/// `@file`, `name@file`. Only the content is encoded.
fn urlencode_arg(arg: &str) -> String {
    let enc = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    match arg.split_once('=') {
        Some(("", content)) => enc(content),
        Some((name, content)) => format!("{name}={}", enc(content)),
        None => enc(arg),
    }
}

/// Join lines ending in `\` (POSIX shells), `^` (cmd) or `` ` `` (PowerShell).
pub(super) fn join_continuations(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let trimmed = line.trim_end();
        match trimmed.strip_suffix('\\').or_else(|| trimmed.strip_suffix('^')).or_else(|| trimmed.strip_suffix('`')) {
            Some(head) => {
                out.push_str(head);
                out.push(' ');
            }
            None => {
                out.push_str(trimmed);
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_read_from_a_file_is_unknown_not_empty() {
        let span = Span { start: 0, end: 0 };
        let r = parse_curl("curl --data-binary @body.txt https://int.api.service.nhs.uk/oauth2/token", span);
        assert_eq!(r.body, None);
        assert!(r.partial);
        assert_eq!(r.method.as_deref(), Some("POST"));
        assert!(r.body_why.as_deref().is_some_and(|w| w.contains("body.txt")));
        // --data-raw takes @ as itself.
        let r = parse_curl("curl --data-raw @x=1 https://int.api.service.nhs.uk/oauth2/token", span);
        assert_eq!(r.body.as_deref(), Some("@x=1"));
    }

    const SPAN: Span = Span { start: 0, end: 0 };

    #[test]
    fn bash_s_ansi_c_quoting_is_read_as_the_value_it_stands_for() {
        let r = parse_curl(
            "curl -X POST https://int.api.service.nhs.uk/oauth2/token --data-urlencode $'grant_type=client_credentials\\r' -d a=$'x\\x41'",
            SPAN,
        );
        assert_eq!(r.form_value("grant_type"), Some("client_credentials\r"));
        assert_eq!(r.form_value("a"), Some("xA"));
        assert_eq!(ansi_c_quoted("echo costs $5 and it's fine"), "echo costs $5 and it's fine");
    }

    #[test]
    fn curl_multiline_with_urlencode() {
        let r = parse_curl(
            "curl -X POST https://int.api.service.nhs.uk/oauth2/token \\\n  -H 'Content-Type: application/x-www-form-urlencoded' \\\n  --data-urlencode 'grant_type=client_credentials' \\\n  --data-urlencode \"client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer\" \\\n  --data-urlencode 'client_assertion=eyJ.a.b'",
            SPAN,
        );
        assert_eq!(r.method.as_deref(), Some("POST"));
        assert_eq!(r.url.as_deref(), Some("https://int.api.service.nhs.uk/oauth2/token"));
        assert_eq!(r.header("content-type"), Some("application/x-www-form-urlencoded"));
        assert_eq!(
            r.form_value("client_assertion_type"),
            Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        );
        assert_eq!(r.form_value("client_assertion"), Some("eyJ.a.b"));
        assert!(r.body.as_deref().unwrap().contains("urn%3Aietf%3Aparams"));
    }

    #[test]
    fn curl_implied_post_and_content_type_and_basic_auth() {
        let r = parse_curl("curl https://x.example/token -u app:secret -d grant_type=client_credentials", SPAN);
        assert_eq!(r.method.as_deref(), Some("POST"));
        assert!(r.method_implied && r.content_type_why.is_some());
        assert_eq!(r.content_type.as_deref(), Some("application/x-www-form-urlencoded"));
        assert_eq!(r.header("authorization"), Some("Basic YXBwOnNlY3JldA=="));
        let r = parse_curl("curl --json '{\"a\":1}' https://x.example/", SPAN);
        assert!(r.json_body);
        assert_eq!(r.content_type.as_deref(), Some("application/json"));
        assert!(r.form.is_empty());
    }
}
