//! What each fuzz target asserts, shared by the targets (tests/fuzz/fuzz_targets/) and the
//! native replay of every kept crash input (tests/fuzz_regressions.rs): one function per target,
//! bytes in, a panic when an invariant breaks.
//!
//! - [`analyze`]: `analyze` never panics on any bytes; the ticket and the share link built
//!   from any report never hold the API key, nor the client assertion's signature, nor a
//!   private key block of the paste (unless the paste also shows it where the outputs keep
//!   text as written — the error body, a token's header or payload — or shows it twice).
//! - [`redaction`]: a request in a fuzzed format, quoting, encoding and surrounding text,
//!   with a known secret in each position the redaction promises to clear (`redact.rs`,
//!   tests/redaction.rs): none of them, whole, %-encoded or any 9 characters of it, reaches
//!   the ticket or the share link.
//! - [`twin`]: the twin's gateway (`Gateway::answer`, the function the HTTP server hands
//!   each request to) never panics, and answers a status the catalogue (or the twin's own
//!   404 / 501) allows, with a body its `content-type` describes (a JSON object, or UTF-8
//!   text), every header value one HTTP can carry.

#![allow(dead_code)]

use auth_triage::outputs::{share, ticket};
use auth_triage::{analyze as run_analyze, Context, Report};

pub const KEY: &str = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
pub const NOW: i64 = 1_760_000_000;

// ---------------------------------------------------------------------------------------------
// Shared: the outputs and the leak test.

/// The ticket, the share link's paste and the share link decoded (its JSON text).
pub fn outputs(report: &Report, key: &str) -> Vec<(&'static str, String)> {
    let input = ticket::TicketInput { api_key: Some(key.into()), failed_at: "now".into(), ..Default::default() };
    let t = ticket::ticket(report, &input);
    let state = share::shared(report, Some(key), None, NOW);
    let link = share::encode(&state);
    let decoded = link.strip_prefix("share=").map(b64url_decode).unwrap_or_default();
    vec![("ticket", t), ("share paste", state.paste), ("share link decoded", decoded)]
}

/// Where a secret shows in a text: whole, form-%-encoded, or any 9 characters of it (the test
/// of tests/redaction.rs).
pub fn leak(text: &str, secret: &str) -> Option<String> {
    let enc: String = form_encode(secret);
    if text.contains(secret) || text.contains(&enc) {
        return Some(secret.to_string());
    }
    let chars: Vec<char> = secret.chars().collect();
    chars.windows(9).map(|w| w.iter().collect::<String>()).find(|w| text.contains(w.as_str()))
}

/// Panic with the first secret that shows in one of the outputs.
pub fn assert_no_leak(outs: &[(&'static str, String)], secrets: &[(&'static str, String)], paste: &str) {
    for (what, text) in outs {
        for (name, s) in secrets {
            if let Some(piece) = leak(text, s) {
                panic!("the {what} leaked the {name} ({piece:?}):\n{text}\n--- paste:\n{paste}");
            }
        }
    }
}

fn form_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

const B64URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const B64STD: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn b64(bytes: &[u8], alphabet: &[u8], pad: bool) -> String {
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n =
            (u32::from(c[0]) << 16) | (u32::from(*c.get(1).unwrap_or(&0)) << 8) | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..=c.len() {
            out.push(alphabet[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
        if pad {
            out.push_str(&"=".repeat(3 - c.len()));
        }
    }
    out
}

pub fn b64url(s: &str) -> String {
    b64(s.as_bytes(), B64URL, false)
}

pub fn b64std(s: &str) -> String {
    b64(s.as_bytes(), B64STD, true)
}

fn b64url_decode(s: &str) -> String {
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::new();
    for c in s.bytes() {
        let Some(v) = B64URL.iter().position(|&a| a == c) else { continue };
        bits = (bits << 6) | v as u32;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Fuzz bytes read as choices and texts: a byte for a choice, a text up to the next 0xFF.
pub struct Input<'a> {
    d: &'a [u8],
    /// Every fuzzed text taken, raw and as filtered: a secret found in them was put there by
    /// the fuzzer, not by the generator, and proves nothing.
    pub taken: String,
}

impl<'a> Input<'a> {
    pub fn new(d: &'a [u8]) -> Self {
        Input { d, taken: String::new() }
    }
    pub fn byte(&mut self) -> u8 {
        match self.d.split_first() {
            Some((b, rest)) => {
                self.d = rest;
                *b
            }
            None => 0,
        }
    }
    pub fn bit(&mut self) -> bool {
        self.byte() & 1 == 1
    }
    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[usize::from(self.byte()) % xs.len()]
    }
    /// Raw bytes up to the next 0xFF (or the end), at most `max`.
    pub fn bytes(&mut self, max: usize) -> &'a [u8] {
        let end = self.d.iter().position(|&b| b == 0xFF).unwrap_or(self.d.len());
        let (chunk, rest) = self.d.split_at(end);
        self.d = rest.get(1..).unwrap_or(&[]);
        &chunk[..chunk.len().min(max)]
    }
    /// A text (lossy UTF-8), kept among the fuzzed texts.
    pub fn text(&mut self, max: usize) -> String {
        let t = String::from_utf8_lossy(self.bytes(max)).into_owned();
        self.taken.push_str(&t);
        self.taken.push('\u{0}');
        t
    }
    /// A text without the characters that would let it restructure the request around it (a
    /// quote, `=`, `&`, `:` …): free text, not a field of the request.
    pub fn noise(&mut self, max: usize) -> String {
        let t: String = self.text(max).chars().filter(|c| !"'\"`$\\{}[]&=?#@:;<>%|^~".contains(*c)).collect();
        // No word a request starts with: the noise stays noise.
        self.taken.push_str(&t);
        self.taken.push('\u{0}');
        let lower = t.to_ascii_lowercase();
        if ["curl", "http", "post ", "get ", "put ", "request", "form data", "-d", "-h", "-u", "-f", "--", "eyj", "log"]
            .iter()
            .any(|w| lower.contains(w))
        {
            return String::new();
        }
        t
    }
    /// A name of letters, digits, `_` and `-`, from the fuzz (else `fallback`).
    pub fn name(&mut self, fallback: &str) -> String {
        let t: String = self.text(24).chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect();
        // Filtered, it may spell what the raw text did not.
        self.taken.push_str(&t);
        self.taken.push('\u{0}');
        if t.is_empty() {
            fallback.into()
        } else {
            t
        }
    }
}

// ---------------------------------------------------------------------------------------------
// analyze: any bytes.

/// The `analyze` target: any bytes (a 0x01 byte splits the paste from the key field).
pub fn analyze(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut ctx = Context::at(NOW).with_key(KEY);
    // Part of the input as the key field too, so key parsing is fuzzed as well.
    let paste = match text.split_once('\u{1}') {
        Some((paste, keys)) => {
            ctx.keys_text = Some(keys.to_string());
            paste
        }
        None => &text,
    };
    let report = run_analyze(paste, &ctx);
    let outs = outputs(&report, KEY);
    for (what, out) in &outs {
        assert!(!out.contains(KEY), "the {what} leaked the key:\n{out}");
    }
    // What the outputs keep as written (spec §10 item 6: the platform's answer; item 3: the
    // JWT's header and payload): a secret also shown there is not a leak of the redaction.
    let mut kept = String::new();
    for b in &report.error_bodies {
        kept.push_str(&b.json.to_string());
        kept.push_str(&format!("{:#}", b.json));
    }
    for t in &report.tokens {
        for p in [&t.header, &t.payload] {
            kept.push_str(p.text.as_deref().unwrap_or(""));
            kept.push_str(&p.b64);
            if let Some(j) = &p.json {
                kept.push_str(&j.to_string());
                kept.push_str(&format!("{j:#}"));
            }
        }
    }
    let mut secrets: Vec<(&str, String)> = Vec::new();
    if let Some(sig) = report.client_assertion().and_then(|t| t.signature.as_ref()).map(|s| s.b64.clone()) {
        // Long enough not to turn up by chance.
        if sig.len() >= 24 && sig.bytes().all(|b| B64URL.contains(&b)) {
            secrets.push(("assertion's signature", sig));
        }
    }
    for body in private_key_bodies(paste) {
        secrets.push(("private key", body));
    }
    for (name, s) in secrets {
        if kept.contains(&s) || paste.matches(s.as_str()).count() > 1 {
            continue;
        }
        for (what, out) in &outs {
            assert!(!out.contains(&s), "the {what} leaked the {name} {s:?}:\n{out}\n--- paste:\n{paste}");
        }
    }
}

/// The base64 lines (24 characters or more) of every `-----BEGIN … PRIVATE KEY-----` block.
fn private_key_bodies(paste: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = paste;
    while let Some(i) = rest.find("-----BEGIN ") {
        rest = &rest[i + 11..];
        let Some(line_end) = rest.find('\n') else { break };
        let head = &rest[..line_end];
        if !(head.trim_end().ends_with("PRIVATE KEY-----")) {
            continue;
        }
        let body = &rest[line_end + 1..];
        let end = body.find("-----END").unwrap_or(body.len());
        for l in body[..end].lines().map(str::trim) {
            if l.len() >= 24 && l.bytes().all(|b| B64STD.contains(&b) || b == b'=') {
                out.push(l.to_string());
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// redaction: a request built around known secrets.

const HOST: &str = "int.api.service.nhs.uk";
const URN: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// The assertion's signature: 86 base64url characters (RS512).
pub const SIG: &str = "Zq3Xv8Lk2Pw7Nb4Rt9Hc1Ms6Yd0Fg5Ja3Ue8Ko2Wi7Qx4Bn9Tl1Cp6Vr0Ez5Sh3Dy8Gm2Af7Ij4Ow9Uk1Xs6Nc0";
/// A private key's base64 lines (a PKCS#8 RSA key's opening, and a line of its body).
pub const PEM_LINES: [&str; 2] =
    ["MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7", "q9Zt4Lm8Vx2Kp6Rn0Wb3Yc7Hd1Jf5Gs9Ta2Ue6Mi0Ok4Pl8Qr3Xv7"];

/// The secrets the generator places, by name; each is `S` and letters and digits (the same in
/// a form, a URL and JSON), no 9 characters shared.
const FORM_SECRET: &str = "Sf0rmQ7xL2kV9bN3wZ8rAq";
const QUERY_SECRET: &str = "Sq7uErYp4Hd1Jm6Tc0XaBw";
const JSON_SECRET: &str = "Sj5oNnB8vG2fR9eW4yKuCe";
const HEADER_SECRET: &str = "Sh3dRrT6mC1pZ7qL0sVxDr";
const BEARER_SECRET: &str = "Sb9eArE2nH5kQ8wJ3tYcEt";
const USER_SECRET: &str = "Su2sEr9Lf4Gd7Kp0Qm5NFy";
const PASS_SECRET: &str = "Sp4sSw0rD8hT1yB6cV3XGu";
const RAW_SECRET: &str = "Sr6aWc3Nz9Pe2Ui5Ok8LHi";
const IDENT_SECRET: &str = "Sa1pIk7Ey4Ws0Qd3Fg6HJo";
const USERINFO_SECRET: &str = "Sw8uIn5Fo2Rm9Ct6Lx3ZKp";

/// Names off the allow-lists (`redact::FIELDS`), the ones issue 24 saw leak among them.
const SECRET_FIELDS: &[&str] = &[
    "client_secret",
    "access_token",
    "private_key",
    "password",
    "refresh_token",
    "code",
    "code_verifier",
    "state",
    "id_token",
    "assertion",
    "apikey",
    "Client_Secret",
    "SCOPE",
    "Grant_Type",
];
/// Headers off the allow-lists (`redact::HEADERS`).
const SECRET_HEADERS: &[&str] =
    &["Proxy-Authorization", "X-Auth-Token", "Cookie", "X-Client-Secret", "User-Agent", "Private-Key", "Api-Key"];

#[derive(Clone, Copy, PartialEq, Debug)]
enum Format {
    Curl,
    Http,
    Devtools,
    Har,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Body {
    Form,
    Json,
    Multipart,
}

/// A value as it is written in a form or a URL query: plain, or with some of its characters
/// %-encoded (the decoded value is the same).
fn form_value(value: &str, how: u8) -> String {
    match how % 4 {
        0 | 1 => value.to_string(),
        2 => value.bytes().map(|b| format!("%{b:02X}")).collect(),
        _ => value
            .bytes()
            .enumerate()
            .map(|(i, b)| if i % 3 == 0 { format!("%{b:02x}") } else { (b as char).to_string() })
            .collect(),
    }
}

/// A string as a JSON literal: plain, or with some characters as `\u` escapes.
fn json_string(value: &str, how: u8) -> String {
    match how % 3 {
        0 | 1 => format!("\"{value}\""),
        _ => {
            let inner: String = value
                .chars()
                .enumerate()
                .map(|(i, c)| if i % 2 == 1 { format!("\\u{:04x}", c as u32) } else { c.to_string() })
                .collect();
            format!("\"{inner}\"")
        }
    }
}

/// A shell word quoted one of the ways a cURL command is pasted.
fn shell_quote(s: &str, how: u8) -> String {
    let plain = !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_./:=@%,+".contains(&b));
    match how % 4 {
        0 | 1 => format!("'{}'", s.replace('\'', r"'\''")),
        2 => {
            let escaped: String = s
                .chars()
                .map(|c| if matches!(c, '"' | '\\' | '$' | '`') { format!("\\{c}") } else { c.to_string() })
                .collect();
            format!("\"{escaped}\"")
        }
        _ if plain => s.to_string(),
        _ => format!("$'{}'", s.replace('\\', r"\\").replace('\'', r"\'")),
    }
}

/// The `redaction` target.
pub fn redaction(data: &[u8]) {
    let Some((paste, secrets)) = redaction_case(data) else { return };
    let report = run_analyze(&paste, &Context::at(NOW).with_key(KEY));
    let outs = outputs(&report, KEY);
    assert_no_leak(&outs, &secrets, &paste);
}

/// The paste the `redaction` target builds from its bytes, and the secrets it placed (`None`
/// when the fuzzer wrote one of them into its own texts: nothing to prove then).
pub fn redaction_case(data: &[u8]) -> Option<(String, Vec<(&'static str, String)>)> {
    let mut f = Input::new(data);
    let format = f.pick(&[Format::Curl, Format::Http, Format::Devtools, Format::Har]);
    let body_kind = match format {
        Format::Devtools => Body::Form,
        Format::Curl => f.pick(&[Body::Form, Body::Json, Body::Multipart]),
        _ => f.pick(&[Body::Form, Body::Json]),
    };
    let mut secrets: Vec<(&'static str, String)> = vec![("API key", KEY.into()), ("assertion's signature", SIG.into())];

    // The client assertion: its header and payload are kept; its signature never.
    let jti = f.name("0f8fad5b-d9cb-469f-a165-70867728950e");
    let claims = format!(
        r#"{{"iss":"{KEY}","sub":"{KEY}","aud":"https://{HOST}/oauth2/token","jti":"{jti}","exp":{}}}"#,
        NOW + 200
    );
    let jwt = format!("{}.{}.{SIG}", b64url(r#"{"alg":"RS512","typ":"JWT","kid":"test-1"}"#), b64url(&claims));

    // Form fields: the allowed ones, then secrets under names off the list.
    let mut fields: Vec<(String, String, u8)> = vec![
        ("grant_type".into(), "client_credentials".into(), 0),
        ("client_assertion_type".into(), URN.into(), f.byte()),
        ("client_assertion".into(), jwt.clone(), 0),
    ];
    let mut n_form = f.byte() % 4;
    while n_form > 0 {
        let name = if f.bit() { f.pick(SECRET_FIELDS).to_string() } else { f.name("x_secret") };
        if auth_triage::outputs::redact::field(&name).is_none() {
            let at = usize::from(f.byte()) % (fields.len() + 1);
            fields.insert(at, (name, FORM_SECRET.into(), f.byte()));
            secrets.push(("form secret", FORM_SECRET.into()));
        }
        n_form -= 1;
    }
    if f.bit() {
        fields.push(("client_id".into(), IDENT_SECRET.into(), f.byte()));
        secrets.push(("client_id", IDENT_SECRET.into()));
    }
    if format != Format::Devtools && f.bit() {
        // A private key pasted as a form value (by mistake): the field is off the list.
        let pem = format!("-----BEGIN PRIVATE KEY-----\n{}\n{}\n-----END PRIVATE KEY-----", PEM_LINES[0], PEM_LINES[1]);
        fields.push((f.pick(&["private_key", "key", "scope"]).into(), pem, f.byte()));
        for l in PEM_LINES {
            secrets.push(("private key", l.into()));
        }
    }

    // The URL: a secret in its userinfo and its query.
    let mut url = format!("https://{HOST}/oauth2/token");
    if f.bit() {
        url = format!("https://{}:{USERINFO_SECRET}@{HOST}/oauth2/token", f.name("app"));
        secrets.push(("userinfo", USERINFO_SECRET.into()));
    }
    let mut query: Vec<String> = Vec::new();
    let mut n_query = f.byte() % 3;
    while n_query > 0 {
        let name = if f.bit() { f.pick(SECRET_FIELDS).to_string() } else { f.name("q") };
        if auth_triage::outputs::redact::field(&name).is_none() {
            query.push(format!("{name}={}", form_value(QUERY_SECRET, f.byte())));
            secrets.push(("query secret", QUERY_SECRET.into()));
        }
        n_query -= 1;
    }
    if f.bit() {
        query.push("grant_type=client_credentials".into());
    }
    if !query.is_empty() {
        url = format!("{url}?{}", query.join("&"));
    }

    // Headers: off the list, Authorization (Bearer, Basic, no scheme), apikey.
    let mut headers: Vec<(String, String)> = vec![(
        if f.bit() { "Content-Type" } else { "content-type" }.into(),
        match body_kind {
            Body::Json => "application/json",
            Body::Multipart => "multipart/form-data",
            Body::Form => "application/x-www-form-urlencoded",
        }
        .into(),
    )];
    let mut n_headers = f.byte() % 3;
    while n_headers > 0 {
        let name = if f.bit() { f.pick(SECRET_HEADERS).to_string() } else { format!("X-{}", f.name("Secret")) };
        if auth_triage::outputs::redact::header(&name).is_none() {
            let value = if f.bit() { HEADER_SECRET.to_string() } else { format!("Basic {HEADER_SECRET}") };
            headers.insert(usize::from(f.byte()) % (headers.len() + 1), (name, value));
            secrets.push(("header secret", HEADER_SECRET.into()));
        }
        n_headers -= 1;
    }
    let mut curl_user = false;
    let auth_name = f.pick(&["Authorization", "authorization", "AUTHORIZATION"]);
    match f.byte() % 5 {
        1 => {
            let scheme = f.pick(&["Bearer", "bearer", "BEARER", "DPoP"]);
            let gap = f.pick(&[" ", "  ", "\t"]);
            headers.push((auth_name.into(), format!("{scheme}{gap}{BEARER_SECRET}")));
            secrets.push(("Bearer token", BEARER_SECRET.into()));
        }
        2 => {
            let basic = b64std(&format!("{USER_SECRET}:{PASS_SECRET}"));
            curl_user = format == Format::Curl && f.bit();
            headers.push((auth_name.into(), format!("{} {basic}", f.pick(&["Basic", "basic"]))));
            secrets.extend([("Basic user", USER_SECRET.into()), ("Basic password", PASS_SECRET.into())]);
            secrets.push(("Basic credentials", basic));
        }
        3 => {
            headers.push((auth_name.into(), RAW_SECRET.into()));
            secrets.push(("Authorization value", RAW_SECRET.into()));
        }
        _ => {}
    }
    if f.bit() {
        headers.push((f.pick(&["apikey", "X-API-Key", "x-api-key", "APIKEY"]).into(), IDENT_SECRET.into()));
        secrets.push(("apikey", IDENT_SECRET.into()));
    }

    // The body.
    let form_body =
        || fields.iter().map(|(k, v, how)| format!("{k}={}", form_value(v, *how))).collect::<Vec<_>>().join("&");
    let json_body = |nest: bool| {
        let mut members: Vec<String> = Vec::new();
        for (k, v, how) in &fields {
            let is_secret = !matches!(k.as_str(), "grant_type" | "client_assertion_type" | "client_assertion");
            let value = json_string(&v.replace('\n', "\\n"), if v.contains('\n') { 0 } else { *how });
            match (is_secret && nest, how % 2) {
                (true, 0) => members.push(format!("\"credentials\":{{\"{k}\":[{value},{{\"value\":{value}}}]}}")),
                _ => members.push(format!("\"{k}\":{value}")),
            }
        }
        members.push(format!("\"{}\":{}", f_json_name(&fields), json_string(JSON_SECRET, 0)));
        format!("{{{}}}", members.join(if nest { ", " } else { "," }))
    };
    let nest = f.bit();
    if body_kind == Body::Json {
        secrets.push(("JSON secret", JSON_SECRET.into()));
    }
    let crlf = if f.bit() { "\r\n" } else { "\n" };
    let request = match format {
        Format::Curl => {
            let sep = f.pick(&[" ", " \\\n  ", " \\\r\n  ", "  "]);
            let q = f.byte();
            let mut words = vec!["curl".to_string()];
            if f.bit() {
                words.push(f.pick(&["-X POST", "-X 'POST'", "--request POST"]).into());
            }
            let url_first = f.bit();
            if url_first {
                words.push(shell_quote(&url, q));
            }
            for (k, v) in &headers {
                if curl_user && k.eq_ignore_ascii_case("authorization") {
                    words.push(format!("-u {}", shell_quote(&format!("{USER_SECRET}:{PASS_SECRET}"), q)));
                    continue;
                }
                let flag = f.pick(&["-H", "--header", "-H"]);
                let gap = f.pick(&[": ", ":", ":  "]);
                words.push(format!("{flag} {}", shell_quote(&format!("{k}{gap}{v}"), q)));
            }
            match body_kind {
                Body::Form => {
                    let flag = f.pick(&["-d", "--data", "--data-raw", "--data-binary"]);
                    words.push(format!("{flag} {}", shell_quote(&form_body(), q)));
                }
                Body::Json => words.push(format!("--json {}", shell_quote(&json_body(nest), q))),
                Body::Multipart => {
                    for (k, v, _) in &fields {
                        words.push(format!("-F {}", shell_quote(&format!("{k}={v}"), q)));
                    }
                }
            }
            if !url_first {
                words.push(shell_quote(&url, q));
            }
            words.join(sep)
        }
        Format::Http => {
            let target = if f.bit() {
                url.clone()
            } else {
                url.split_once(HOST).map(|(_, t)| t.to_string()).unwrap_or_default()
            };
            let mut s = format!("POST {target} HTTP/1.1{crlf}Host: {HOST}{crlf}");
            for (k, v) in &headers {
                s.push_str(&format!("{k}: {v}{crlf}"));
            }
            let body = if body_kind == Body::Json { json_body(nest) } else { form_body() };
            s.push_str(&format!("{crlf}{body}"));
            s
        }
        Format::Devtools => {
            let mut s = format!("Request URL: {url}\nRequest Method: POST\n\nRequest Headers\n");
            for (k, v) in &headers {
                s.push_str(&format!("{k}: {v}\n"));
            }
            s.push_str("\nForm Data\n");
            for (k, v, _) in &fields {
                if !v.contains('\n') {
                    s.push_str(&format!("{k}: {v}\n"));
                }
            }
            s
        }
        Format::Har => {
            let esc = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n").replace('\r', "\\r");
            let hs: Vec<String> =
                headers.iter().map(|(k, v)| format!(r#"{{"name":"{}","value":"{}"}}"#, esc(k), esc(v))).collect();
            let post = match body_kind {
                Body::Json => format!(r#"{{"mimeType":"application/json","text":"{}"}}"#, esc(&json_body(nest))),
                _ if f.bit() => {
                    format!(r#"{{"mimeType":"application/x-www-form-urlencoded","text":"{}"}}"#, esc(&form_body()))
                }
                _ => {
                    let ps: Vec<String> = fields
                        .iter()
                        .map(|(k, v, _)| format!(r#"{{"name":"{}","value":"{}"}}"#, esc(k), esc(v)))
                        .collect();
                    format!(r#"{{"mimeType":"application/x-www-form-urlencoded","params":[{}]}}"#, ps.join(","))
                }
            };
            format!(
                r#"{{"log":{{"entries":[{{"request":{{"method":"POST","url":"{}","headers":[{}],"postData":{post}}}}}]}}}}"#,
                esc(&url),
                hs.join(",")
            )
        }
    };

    // The paste: free text around the request, maybe a private key block in it, the answer.
    let pem = match f.byte() % 4 {
        1 => format!("-----BEGIN PRIVATE KEY-----\n{}\n{}\n-----END PRIVATE KEY-----\n", PEM_LINES[0], PEM_LINES[1]),
        2 => format!(
            "-----BEGIN RSA PRIVATE KEY-----{crlf}{}{crlf}{}{crlf}-----END RSA PRIVATE KEY-----{crlf}",
            PEM_LINES[0], PEM_LINES[1]
        ),
        _ => String::new(),
    };
    if !pem.is_empty() {
        for l in PEM_LINES {
            secrets.push(("private key", l.into()));
        }
    }
    let (before, between, after) = (f.noise(200), f.noise(200), f.noise(200));
    let answer = match f.byte() % 3 {
        0 => "HTTP/1.1 401 Unauthorized\n{\"error\":\"invalid_request\",\"error_description\":\"Missing or invalid 'aud' claim in client_assertion JWT\",\"message_id\":\"rrt-1\"}".to_string(),
        1 => "HTTP/1.1 400 Bad Request\n{\"error\":\"invalid_request\",\"error_description\":\"grant_type is missing\",\"message_id\":\"rrt-2\"}".to_string(),
        _ => String::new(),
    };
    let pem_at = f.byte() % 3;
    let mut paste = String::new();
    for (i, part) in [before, request, between, answer, after].into_iter().enumerate() {
        if !pem.is_empty() && usize::from(pem_at) * 2 == i {
            paste.push_str(&pem);
            paste.push('\n');
        }
        if !part.is_empty() {
            paste.push_str(&part);
            paste.push_str("\n\n");
        }
    }

    // A secret the fuzzer wrote into its own texts is not one the generator placed.
    if secrets.iter().any(|(_, s)| leak(&f.taken, s).is_some()) {
        return None;
    }
    Some((paste, secrets))
}

fn f_json_name(fields: &[(String, String, u8)]) -> &'static str {
    // Off the list whatever the fields are.
    if fields.len().is_multiple_of(2) {
        "client_secret"
    } else {
        "private_key"
    }
}

// ---------------------------------------------------------------------------------------------
// twin: the gateway's answer to any request.

const CASES: &str = include_str!("../fixtures/nhs/client_assertions.json");
const JWKS: &str = include_str!("../fixtures/nhs/jwks.json");
const APP_ID: &str = "3f1c2b7e-9a4d-4c1e-8b2a-5d6e7f8a9b0c";

/// The fixture assertions (signed with the key of jwks.json), in a fixed order.
fn assertions() -> &'static [String] {
    static A: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    A.get_or_init(|| {
        let v: serde_json::Value = serde_json::from_str(CASES).expect("the fixture is JSON");
        let mut cases: Vec<(String, String)> = v["cases"]
            .as_object()
            .map(|o| o.iter().filter_map(|(k, c)| Some((k.clone(), c["jwt"].as_str()?.to_string()))).collect())
            .unwrap_or_default();
        cases.sort();
        cases.into_iter().map(|(_, j)| j).collect()
    })
}

/// The statuses the twin may answer: the catalogue's, and its own 200, 404 (no proxy) and
/// 501 (a flow it does not emulate).
fn allowed(status: u16, entry: Option<auth_triage::ErrorId>) -> bool {
    match entry {
        Some(id) => {
            let e = id.entry();
            status == e.status || e.by_status.contains(&status)
        }
        None => matches!(status, 200 | 501),
    }
}

/// The `twin` target: up to four requests to one fresh gateway (its jti store and issued
/// tokens carry over from one to the next).
pub fn twin(data: &[u8]) {
    use auth_triage::platform::Environment;
    use auth_triage::twin::{App, Clock, Config, Gateway, Incoming, Log, Product, HELLO_PATH};
    use std::sync::Arc;

    let mut f = Input::new(data);
    let env = f.pick(Environment::ALL);
    let products = match f.byte() % 4 {
        0 => vec![Product::SignedJwt],
        1 => vec![Product::UserRestricted],
        2 => vec![Product::ApiKey],
        _ => vec![Product::SignedJwt, Product::UserRestricted],
    };
    let app = App {
        key: KEY.into(),
        app_id: Some(APP_ID.into()),
        jwks: if f.byte() % 8 == 7 { None } else { Some(JWKS.into()) },
        products,
    };
    let cfg = Config { env, now: Some(NOW), apps: vec![app], log: Log::Off, ..Config::default() };
    let clock = Arc::new(Clock::new(Some(NOW)));
    let gateway = Gateway::new(&cfg, clock.clone());
    let mut issued: Vec<String> = Vec::new();
    let n = 1 + f.byte() % 4;
    for _ in 0..n {
        if f.byte() % 8 == 7 {
            clock.set(NOW + i64::from(f.byte()) * 7);
        }
        let method = match f.byte() % 6 {
            0..=2 => "POST".to_string(),
            3 => "GET".into(),
            4 => f.pick(&["PUT", "OPTIONS", "HEAD", "DELETE", "post"]).into(),
            _ => f.text(16),
        };
        let path = match f.byte() % 6 {
            0..=2 => "/oauth2/token".to_string(),
            3 => HELLO_PATH.into(),
            4 => format!("/oauth2/{}", f.text(64)),
            _ => f.text(128),
        };
        let target = if f.byte() % 4 == 3 { format!("{path}?{}", f.text(128)) } else { path };
        let host = match f.byte() % 4 {
            0 => None,
            1 => Some(f.pick(Environment::ALL).host()),
            2 => Some(format!("{}:{}", f.pick(Environment::ALL).host(), f.byte())),
            _ => Some(f.text(64)),
        };
        let content_type = match f.byte() % 5 {
            0 => None,
            1 | 2 => Some("application/x-www-form-urlencoded".to_string()),
            3 => Some(
                f.pick(&["application/json", "text/plain", "application/x-www-form-urlencoded; charset=utf-8"]).into(),
            ),
            _ => Some(f.text(64)),
        };
        let authorization = match f.byte() % 5 {
            0 | 1 => None,
            2 => issued.last().map(|t| format!("Bearer {t}")).or(Some("Bearer ".into())),
            3 => Some(format!("Basic {}", b64std(&f.text(48)))),
            _ => Some(f.text(96)),
        };
        let assertion = match f.byte() % 5 {
            // A signed fixture assertion, as it is.
            0 | 1 => assertions().get(usize::from(f.byte()) % assertions().len().max(1)).cloned().unwrap_or_default(),
            // … with fuzzed bytes spliced in.
            2 => {
                let a =
                    assertions().get(usize::from(f.byte()) % assertions().len().max(1)).cloned().unwrap_or_default();
                let at = usize::from(f.byte()) * 4 % (a.len() + 1);
                let at = (0..=at).rev().find(|i| a.is_char_boundary(*i)).unwrap_or(0);
                format!("{}{}{}", &a[..at], f.text(32), &a[at..])
            }
            // Built from fuzzed header, claims and signature.
            3 => {
                let header = f.text(128);
                let claims = f.text(512);
                let sig = f.bytes(512);
                format!("{}.{}.{}", b64url(&header), b64url(&claims), b64(sig, B64URL, false))
            }
            _ => f.text(1024),
        };
        let body: Vec<u8> = match f.byte() % 4 {
            0 | 1 => {
                let grant = match f.byte() % 4 {
                    0 | 1 => "client_credentials".to_string(),
                    2 => f
                        .pick(&[
                            "authorization_code",
                            "refresh_token",
                            "urn:ietf:params:oauth:grant-type:token-exchange",
                        ])
                        .into(),
                    _ => f.text(32),
                };
                let urn = if f.byte() % 4 == 3 { f.text(80) } else { URN.into() };
                let mut parts = vec![
                    format!("grant_type={}", form_encode(&grant)),
                    format!("client_assertion_type={}", form_encode(&urn)),
                    format!("client_assertion={}", if f.bit() { assertion.clone() } else { form_encode(&assertion) }),
                ];
                if f.bit() {
                    parts.push(f.text(128));
                }
                let first = usize::from(f.byte()) % parts.len();
                parts.swap(0, first);
                parts.join("&").into_bytes()
            }
            2 => format!("{{\"grant_type\":\"client_credentials\",\"client_assertion\":\"{assertion}\"}}").into_bytes(),
            _ => f.bytes(2048).to_vec(),
        };
        let req = Incoming { method, target, host, content_type, authorization, body };
        let a = gateway.answer(&req);
        assert!(allowed(a.status, a.why.entry), "status {} for entry {:?}: {req:?}", a.status, a.why.entry);
        let ct = a.headers.iter().find(|(n, _)| *n == "content-type").map(|(_, v)| v.as_str());
        match ct {
            Some("application/json") => {
                let v: serde_json::Value = serde_json::from_slice(&a.body).unwrap_or_else(|e| {
                    panic!("status {}: the body is not JSON ({e}): {:?}", a.status, String::from_utf8_lossy(&a.body))
                });
                assert!(v.is_object(), "status {}: the body is JSON but no object: {v}", a.status);
                if a.status == 200 {
                    if let Some(t) = v["access_token"].as_str() {
                        issued.push(t.to_string());
                    }
                }
            }
            Some(t) if t.starts_with("text/plain") => {
                assert!(std::str::from_utf8(&a.body).is_ok(), "status {}: a text body that is not UTF-8", a.status)
            }
            other => panic!("status {}: content-type {other:?}", a.status),
        }
        for (name, value) in &a.headers {
            assert!(
                value.bytes().all(|b| (b >= 0x20 && b != 0x7F) || b == b'\t'),
                "header {name}: {value:?} is no HTTP header value"
            );
        }
        if a.status == 200 && req.path() != HELLO_PATH {
            let v: serde_json::Value = serde_json::from_slice(&a.body).unwrap_or_default();
            assert!(v["access_token"].is_string() && v["expires_in"] == "599", "a 200 without a token: {v}");
        }
    }
}
