//! One segment of a compact token, decoded as far as it goes: its alphabet, its base64url, its
//! UTF-8, its JSON. Each step that fails says so with a finding naming the segment and the byte
//! of the token, and the segment keeps what was read before.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use serde_json::Value;

use super::jwt::{describe_char, Part};
use crate::vocab::{Code, Finding, Span};

/// base64url without padding, tolerant of `=` (we report padding ourselves) and of stray bits.
const B64URL: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// The segment being decoded: its name, where it starts in the token, and how a token offset
/// becomes a span of the paste.
struct Segment<'a> {
    name: &'a str,
    b64: &'a str,
    offset: usize,
    span_of: &'a dyn Fn(usize, usize) -> Span,
}

impl Segment<'_> {
    /// A finding about bytes `start..end` of the token (offsets inside the segment).
    fn finding(&self, code: Code, message: String, start: usize, end: usize, at: usize) -> Finding {
        Finding::new(code, message)
            .span((self.span_of)(self.offset + start, self.offset + end))
            .at(self.name, self.offset + at)
    }
    /// About 4/3 of a decoded byte offset: where it stands in the base64url text.
    fn token_byte(&self, decoded: usize) -> usize {
        decoded * 4 / 3
    }
}

/// Decode one segment. `want_text`: read the bytes as UTF-8 text and JSON (not for a signature,
/// nor a JWE's encrypted parts).
pub(super) fn decode_part(
    name: &str,
    b64: &str,
    offset: usize,
    want_text: bool,
    is_header: bool,
    span_of: &dyn Fn(usize, usize) -> Span,
    findings: &mut Vec<Finding>,
) -> Part {
    let seg = Segment { name, b64, offset, span_of };
    let mut part = Part { b64: b64.to_string(), offset, ..Part::default() };
    if b64.is_empty() {
        if name != "signature" {
            findings.push(seg.finding(Code::JwtBadBase64, format!("The {name} segment is empty."), 0, 0, 0));
        }
        return part;
    }
    if !alphabet(&seg, findings) {
        return part;
    }
    let Some(bytes) = base64url(&seg, findings) else { return part };
    part.bytes = Some(bytes.len());
    if !want_text {
        return part;
    }
    let Some(text) = utf8(&seg, bytes, findings) else { return part };
    part.json = json(&seg, &text, is_header, findings);
    part.text = Some(text);
    part
}

/// Classify every character that base64url (RFC 4648 §5, no padding) does not allow. Padding
/// and the standard alphabet are flagged and read on; any other character stops the decoding.
fn alphabet(seg: &Segment, findings: &mut Vec<Finding>) -> bool {
    let name = seg.name;
    let mut padding: Option<usize> = None;
    let mut standard: Option<(usize, char)> = None;
    let mut bad: Option<(usize, char)> = None;
    for (i, c) in seg.b64.char_indices() {
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
        let message = format!(
            "The {name} segment has '=' padding at byte {} of the token. JWTs use base64url without padding \
                (RFC 7515 §2); strict decoders reject it.",
            seg.offset + i
        );
        findings.push(seg.finding(Code::JwtBase64Padding, message, i, seg.b64.len(), i));
    }
    if let Some((i, c)) = standard {
        let message = format!(
            "The {name} segment contains '{c}' at byte {} of the token: that is standard base64, not \
                base64url. Encode with '-' and '_' instead of '+' and '/', without '=' padding.",
            seg.offset + i
        );
        findings.push(seg.finding(Code::JwtStandardBase64, message, i, i + 1, i));
    }
    if let Some((i, c)) = bad {
        let message = format!(
            "The {name} segment contains {} at byte {} of the token, which base64url does not allow.",
            describe_char(c),
            seg.offset + i
        );
        findings.push(seg.finding(Code::JwtBadBase64, message, i, i + c.len_utf8(), i));
        return false;
    }
    true
}

/// The bytes, read leniently: padding dropped, the standard alphabet mapped to base64url.
fn base64url(seg: &Segment, findings: &mut Vec<Finding>) -> Option<Vec<u8>> {
    let name = seg.name;
    let len = seg.b64.len();
    let normalised: String = seg
        .b64
        .chars()
        .filter(|c| *c != '=')
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    if normalised.len() % 4 == 1 {
        let message = format!(
            "The {name} segment is {} characters long, which no base64url text can be (a length of 4n+1 is \
                impossible): a character was lost or added when copying.",
            normalised.len()
        );
        findings.push(seg.finding(Code::JwtBadBase64, message, 0, len, len));
        return None;
    }
    match B64URL.decode(normalised.as_bytes()) {
        Ok(bytes) => Some(bytes),
        Err(e) => {
            let message = format!("The {name} segment is not valid base64url: {e}.");
            findings.push(seg.finding(Code::JwtBadBase64, message, 0, len, 0));
            None
        }
    }
}

fn utf8(seg: &Segment, bytes: Vec<u8>, findings: &mut Vec<Finding>) -> Option<String> {
    let name = seg.name;
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(e) => {
            let at = seg.token_byte(e.utf8_error().valid_up_to());
            let message = format!(
                "The decoded {name} is not UTF-8 text: byte {} of the decoded {name} (about byte {} of the \
                    token) starts an invalid sequence. Was it encoded from a binary value or a non-UTF-8 \
                    string?",
                e.utf8_error().valid_up_to(),
                seg.offset + at
            );
            findings.push(seg.finding(Code::JwtNotUtf8, message, at, (at + 2).min(seg.b64.len()), at));
            None
        }
    }
}

fn json(seg: &Segment, text: &str, is_header: bool, findings: &mut Vec<Finding>) -> Option<Value> {
    let name = seg.name;
    let len = seg.b64.len();
    match serde_json::from_str::<Value>(text) {
        Ok(value) => {
            if !value.is_object() {
                let message = format!(
                    "The decoded {name} is JSON but not an object: it is {}. A JWT {name} must be a JSON \
                        object {{…}}.",
                    json_kind(&value)
                );
                findings.push(seg.finding(Code::JwtNotObject, message, 0, len, 0));
            }
            Some(value)
        }
        Err(e) => {
            let at = if e.is_eof() { text.len() } else { byte_offset(text, e.line(), e.column()) };
            let severity_note = if is_header { "" } else { " The payload is shown as text below." };
            let message = format!(
                "The decoded {name} is not JSON: {e} (byte {at} of the decoded {name}, about byte {} of the \
                    token).{severity_note}",
                seg.offset + seg.token_byte(at)
            );
            let from = seg.token_byte(at).min(len);
            findings.push(seg.finding(Code::JwtNotJson, message, from, len, from));
            None
        }
    }
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
