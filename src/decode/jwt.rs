//! Compact JWS/JWT decoding (RFC 7515 §7.1, RFC 7519 §7.2), lenient.
//!
//! Every segment is decoded as far as it goes; each problem becomes a finding that names the
//! segment and the byte offset inside the compact token (and, through `origin`, the span in the
//! paste). Raw decoded text is kept byte for byte; JSON keeps key order and number digits.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use serde::Serialize;
use serde_json::Value;

use crate::vocab::Code;
use crate::vocab::Role;
use crate::vocab::{Finding, Span};

/// base64url without padding, tolerant of `=` (we report padding ourselves) and of stray bits.
const B64URL: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Three segments: a signed JWT (JWS compact serialisation).
    Jws,
    /// Five segments: an encrypted JWT (JWE); only its protected header is readable.
    Jwe,
    /// Any other number of segments.
    Malformed,
}

/// One decoded segment (header or payload).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Part {
    /// The base64url text as it stands in the token.
    pub b64: String,
    /// Byte offset of the segment inside the compact token.
    pub offset: usize,
    /// The decoded bytes as text, exactly, when they are UTF-8.
    pub text: Option<String>,
    /// The decoded JSON, key order and number digits kept, when the text is JSON.
    pub json: Option<Value>,
    /// Number of decoded bytes, when the segment decoded.
    pub bytes: Option<usize>,
}

impl Part {
    /// The JSON object, if this part is one.
    pub fn object(&self) -> Option<&serde_json::Map<String, Value>> {
        self.json.as_ref().and_then(Value::as_object)
    }
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.object().and_then(|o| o.get(key))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Jwt {
    /// The token as decoded, after the paste was cleaned.
    pub compact: String,
    /// Where the token stands in the paste.
    pub span: Span,
    pub role: Role,
    pub kind: Kind,
    pub segments: usize,
    pub header: Part,
    pub payload: Part,
    /// The signature segment (base64url) and its decoded length in bytes.
    pub signature: Option<Part>,
    /// `exp`, `iat`, `nbf` read against `now` (filled in by `analyze`).
    pub times: Vec<crate::decode::time::TimeClaim>,
    /// Where the token was cut (`…` or `...` in it): a fragment, not a whole token. What stands
    /// before the cut is judged; nothing is said of the rest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cut: Option<usize>,
    /// Printed as a Python bytes literal (`b'eyJ…'`): what str() or an f-string sends.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub as_bytes: bool,
}

impl Jwt {
    pub fn alg(&self) -> Option<&Value> {
        self.header.get("alg")
    }
    pub fn claim(&self, name: &str) -> Option<&Value> {
        self.payload.get(name)
    }
    pub fn claim_str(&self, name: &str) -> Option<&str> {
        self.claim(name).and_then(Value::as_str)
    }
    /// The signing input, `header "." payload`, exactly as it stands in the token.
    pub fn signing_input(&self) -> Option<&str> {
        let end = self.payload.offset + self.payload.b64.len();
        (self.kind == Kind::Jws).then(|| &self.compact[..end])
    }
}

/// Decode a compact token. `origin` maps a byte offset of `compact` to the paste.
pub fn decode(compact: &str, origin: &dyn Fn(usize) -> usize, findings: &mut Vec<Finding>) -> Jwt {
    let span_of = |start: usize, end: usize| Span { start: origin(start), end: origin(end) };
    let mut segments: Vec<(usize, &str)> = Vec::new();
    let mut start = 0;
    for piece in compact.split('.') {
        segments.push((start, piece));
        start += piece.len() + 1;
    }
    let count = segments.len();
    let kind = match count {
        3 => Kind::Jws,
        5 => Kind::Jwe,
        _ => Kind::Malformed,
    };
    match kind {
        Kind::Jwe => findings.push(
            Finding::new(
                Code::JweNotJws,
                "This is an encrypted JWT (JWE, 5 segments). A client assertion must be a signed JWT (JWS, 3 \
                    segments): header.payload.signature. Only the JWE's protected header can be read.",
            )
            .span(span_of(0, compact.len()))
            .at("token", 0),
        ),
        Kind::Malformed => {
            let dots = count - 1;
            findings.push(
                Finding::new(
                    Code::JwtSegmentCount,
                    format!(
                        "The token has {count} segment{} ({dots} dot{}); a signed JWT has exactly 3: \
                            header.payload.signature.{}",
                        if count == 1 { "" } else { "s" },
                        if dots == 1 { "" } else { "s" },
                        if count == 2 {
                            " The signature segment (and its dot) is missing: was the token cut short \
                            when it was copied?"
                        } else {
                            ""
                        }
                    ),
                )
                .span(span_of(0, compact.len()))
                .at("token", if count > 3 { segments[3].0.saturating_sub(1) } else { compact.len() }),
            )
        }
        Kind::Jws => {}
    }

    let names: &[&str] = match kind {
        Kind::Jwe => {
            &["protected header", "encrypted key", "initialization vector", "ciphertext", "authentication tag"]
        }
        _ => &["header", "payload", "signature"],
    };
    let mut parts: Vec<Part> = Vec::new();
    for (i, (offset, text)) in segments.iter().enumerate().take(3) {
        let name = names.get(i).copied().unwrap_or("segment");
        // For a JWE only the protected header is decoded as text.
        let want_text = i < 2 && !(kind == Kind::Jwe && i == 1);
        parts.push(decode_part(name, text, *offset, want_text, i == 0, &span_of, findings));
    }
    let mut parts = parts.into_iter();
    let header = parts.next().unwrap_or_default();
    let payload = if kind == Kind::Jwe { Part::default() } else { parts.next().unwrap_or_default() };
    let signature = if kind == Kind::Jws { parts.next() } else { None };
    if let Some(sig) = &signature {
        if sig.b64.is_empty() {
            findings.push(
                Finding::new(
                    Code::JwtEmptySignature,
                    "The signature segment is empty (the token ends with a dot). This is an unsecured JWT, as made \
                        with alg \"none\": nothing proves who made it, and the platform rejects it.",
                )
                .span(span_of(compact.len().saturating_sub(1), compact.len()))
                .at("signature", compact.len()),
            );
        }
    }
    let cut = compact.find('…').or_else(|| compact.find("..."));
    Jwt {
        as_bytes: false,
        cut,
        compact: compact.to_string(),
        span: span_of(0, compact.len()),
        role: Role::Unknown,
        kind,
        segments: count,
        header,
        payload,
        signature,
        times: Vec::new(),
    }
}

fn decode_part(
    name: &str,
    b64: &str,
    offset: usize,
    want_text: bool,
    is_header: bool,
    span_of: &dyn Fn(usize, usize) -> Span,
    findings: &mut Vec<Finding>,
) -> Part {
    let mut part = Part { b64: b64.to_string(), offset, ..Part::default() };
    if b64.is_empty() {
        if name != "signature" {
            findings.push(
                Finding::new(Code::JwtBadBase64, format!("The {name} segment is empty."))
                    .span(span_of(offset, offset))
                    .at(name, offset),
            );
        }
        return part;
    }
    // Classify every character that base64url (RFC 4648 §5, no padding) does not allow.
    let mut padding: Option<usize> = None;
    let mut standard: Option<(usize, char)> = None;
    let mut bad: Option<(usize, char)> = None;
    for (i, c) in b64.char_indices() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '_' => {}
            '=' => {
                padding.get_or_insert(i);
            }
            '+' | '/' => {
                standard.get_or_insert((i, c));
            }
            _ => {
                bad.get_or_insert((i, c));
            }
        }
    }
    if let Some(i) = padding {
        findings.push(
            Finding::new(
                Code::JwtBase64Padding,
                format!(
                    "The {name} segment has '=' padding at byte {} of the token. JWTs use base64url without padding \
                        (RFC 7515 §2); strict decoders reject it.",
                    offset + i
                ),
            )
            .span(span_of(offset + i, offset + b64.len()))
            .at(name, offset + i),
        );
    }
    if let Some((i, c)) = standard {
        findings.push(
            Finding::new(
                Code::JwtStandardBase64,
                format!(
                    "The {name} segment contains '{c}' at byte {} of the token: that is standard base64, not \
                        base64url. Encode with '-' and '_' instead of '+' and '/', without '=' padding.",
                    offset + i
                ),
            )
            .span(span_of(offset + i, offset + i + 1))
            .at(name, offset + i),
        );
    }
    if let Some((i, c)) = bad {
        findings.push(
            Finding::new(
                Code::JwtBadBase64,
                format!(
                    "The {name} segment contains {} at byte {} of the token, which base64url does not allow.",
                    describe_char(c),
                    offset + i
                ),
            )
            .span(span_of(offset + i, offset + i + c.len_utf8()))
            .at(name, offset + i),
        );
        return part;
    }
    let normalised: String = b64
        .chars()
        .filter(|c| *c != '=')
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    if normalised.len() % 4 == 1 {
        findings.push(
            Finding::new(
                Code::JwtBadBase64,
                format!(
                    "The {name} segment is {} characters long, which no base64url text can be (a length of 4n+1 is \
                        impossible): a character was lost or added when copying.",
                    normalised.len()
                ),
            )
            .span(span_of(offset, offset + b64.len()))
            .at(name, offset + b64.len()),
        );
        return part;
    }
    let bytes = match B64URL.decode(normalised.as_bytes()) {
        Ok(bytes) => bytes,
        Err(e) => {
            findings.push(
                Finding::new(Code::JwtBadBase64, format!("The {name} segment is not valid base64url: {e}."))
                    .span(span_of(offset, offset + b64.len()))
                    .at(name, offset),
            );
            return part;
        }
    };
    part.bytes = Some(bytes.len());
    if !want_text {
        return part;
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            findings.push(
                Finding::new(
                    Code::JwtNotUtf8,
                    format!(
                        "The decoded {name} is not UTF-8 text: byte {at} of the decoded {name} (about byte {} of the \
                            token) starts an invalid sequence. Was it encoded from a binary value or a non-UTF-8 \
                            string?",
                        offset + at * 4 / 3
                    ),
                )
                .span(span_of(offset + at * 4 / 3, offset + (at * 4 / 3 + 2).min(b64.len())))
                .at(name, offset + at * 4 / 3),
            );
            return part;
        }
    };
    match serde_json::from_str::<Value>(&text) {
        Ok(value) => {
            if !value.is_object() {
                findings.push(
                    Finding::new(
                        Code::JwtNotObject,
                        format!(
                            "The decoded {name} is JSON but not an object: it is {}. A JWT {name} must be a JSON \
                                object {{…}}.",
                            json_kind(&value)
                        ),
                    )
                    .span(span_of(offset, offset + b64.len()))
                    .at(name, offset),
                );
            }
            part.json = Some(value);
        }
        Err(e) => {
            let at = if e.is_eof() { text.len() } else { byte_offset(&text, e.line(), e.column()) };
            let severity_note = if is_header { "" } else { " The payload is shown as text below." };
            findings.push(
                Finding::new(
                    Code::JwtNotJson,
                    format!(
                        "The decoded {name} is not JSON: {e} (byte {at} of the decoded {name}, about byte {} of the \
                            token).{severity_note}",
                        offset + at * 4 / 3
                    ),
                )
                .span(span_of(offset + (at * 4 / 3).min(b64.len()), offset + b64.len()))
                .at(name, offset + (at * 4 / 3).min(b64.len())),
            );
        }
    }
    part.text = Some(text);
    part
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// serde_json reports 1-based line and column (in bytes); turn them into a byte offset.
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return (offset + column.saturating_sub(1)).min(text.len());
        }
        offset += l.len();
    }
    text.len()
}

/// A character named so that a person can find it, even when it is invisible.
pub fn describe_char(c: char) -> String {
    let named = match c {
        '…' => Some(
            "an ellipsis '…' (U+2026): a forum, a chat tool or a person shortening the token puts it where \
            text was cut",
        ),
        '–' => Some("an en dash '–' (U+2013): forum software turns two hyphens into one"),
        '—' => Some("an em dash '—' (U+2014): forum software turns three hyphens into one"),
        '\u{a0}' => Some("a non-breaking space (U+00A0): copied from a web page, a PDF, a chat tool or a Copy button"),
        '\u{200b}' => Some("a zero-width space (U+200B): copied from a web page or a chat tool"),
        '\u{feff}' => Some("a byte-order mark (U+FEFF): written by an editor at the start of a file"),
        '\'' | '"' | '“' | '”' | '‘' | '’' => Some("a quote: the token was copied with the quotes around it"),
        '\\' => Some("a backslash: the token was JSON-escaped or copied from source code"),
        '%' => Some("a '%': the token was URL-encoded twice"),
        _ => None,
    };
    if let Some(n) = named {
        return n.to_string();
    }
    if c.is_control() || c.is_whitespace() || crate::extract::is_invisible(c) {
        format!("the invisible character U+{:04X}", c as u32)
    } else {
        format!("'{c}' (U+{:04X})", c as u32)
    }
}
