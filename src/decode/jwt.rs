//! Compact JWS/JWT decoding (RFC 7515 §7.1, RFC 7519 §7.2), lenient.
//!
//! Every segment is decoded as far as it goes; each problem becomes a finding that names the
//! segment and the byte offset inside the compact token (and, through `origin`, the span in the
//! paste). Raw decoded text is kept byte for byte; JSON keeps key order and number digits.

use serde::Serialize;
use serde_json::Value;

use super::segment::decode_part;
use crate::vocab::{Code, Finding, Role, Span};

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
    /// Not pasted but read from the code that signs it (`code_token.rs`): its library, and what
    /// was assumed of the values the code computes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<super::code_token::FromCode>,
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
    // `eyJ….eyJpc3Mi...`: a log, a stack trace or a person printed the token cut, with dots for
    // the rest; the dots are the cut, not empty segments (a JWE's last segment is never empty).
    let dotted = compact.len() > 3 && compact.ends_with("...") && compact.trim_end_matches('.').contains('.');
    let whole = compact;
    let compact = if dotted { compact.trim_end_matches('.') } else { compact };
    let mut segments: Vec<(usize, &str)> = Vec::new();
    let mut start = 0;
    for piece in compact.split('.') {
        segments.push((start, piece));
        start += piece.len() + 1;
    }
    let count = segments.len();
    let kind = match count {
        _ if dotted => Kind::Malformed,
        3 => Kind::Jws,
        5 => Kind::Jwe,
        _ => Kind::Malformed,
    };
    match kind {
        Kind::Malformed if dotted => findings.push(
            Finding::new(
                Code::JwtSegmentCount,
                format!(
                    "The token ends with '...': it was printed cut short (a log, a stack trace or a person \
                     abbreviating it), so only what comes before the dots is read ({count} segment{}); it is not \
                     the whole token that was sent. Paste the whole token to check it.",
                    if count == 1 { "" } else { "s" }
                ),
            )
            .span(span_of(0, whole.len()))
            .at("token", compact.len()),
        ),
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
        // The segment the dots cut is a fragment: decoded, not judged.
        let mut fragment = Vec::new();
        let said = if dotted && i + 1 == segments.len() { &mut fragment } else { &mut *findings };
        parts.push(decode_part(name, text, *offset, want_text, i == 0, &span_of, said));
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
    let cut = compact.find('…').or_else(|| whole.find("..."));
    Jwt {
        as_bytes: false,
        code: None,
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
