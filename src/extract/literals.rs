//! Object literals of other languages read as JSON: a Python dict's repr, a Ruby hash's
//! inspect output, a JavaScript object as Node's `util.inspect` or a REPL prints it.

use super::{Cleanup, CleanupKind};

/// A Ruby hash's inspect output read as JSON: `=>` outside strings becomes `:`, `nil` null.
pub(super) fn ruby_literal(window: &str) -> Repaired {
    let mut out = Out::with_capacity(window.len());
    let mut in_string = false;
    let mut i = 0;
    while i < window.len() {
        let rest = &window[i..];
        let c = rest.chars().next().unwrap_or('\0');
        let (piece, len) = match c {
            '\\' if in_string => {
                let n = 1 + rest[1..].chars().next().map_or(0, char::len_utf8);
                (&rest[..n], n)
            }
            '"' => {
                in_string = !in_string;
                ("\"", 1)
            }
            '=' if !in_string && rest.starts_with("=>") => (":", 2),
            'n' if !in_string && rest.starts_with("nil") && !rest[3..].starts_with(|c: char| c.is_alphanumeric()) => {
                ("null", 3)
            }
            _ => (&rest[..c.len_utf8().max(1)], c.len_utf8().max(1)),
        };
        out.push(piece, i);
        i += len;
    }
    out.map.push(window.len());
    Repaired { text: out.text, map: out.map, cleanups: vec![Cleanup { what: CleanupKind::RubyLiteral, count: 1 }] }
}

/// A Python dict's repr or a JavaScript object literal read as JSON: `'…'` strings become `"…"`
/// (a `"` inside escaped, a `\'` unescaped); outside strings, True, False, None and `undefined`
/// become true, false and null, a bare key (`access_token:`) is quoted, a trailing comma is
/// dropped, Node's placeholders (`[Object]`, `[Array]`, `[Function: f]`) become null, a class
/// name before an object (`AxiosHeaders {`, `Object [AxiosHeaders] {`) is dropped, and a long
/// string Node split over lines (`'abc' +\n 'def'`) is joined.
pub(super) fn script_literal(window: &str) -> Repaired {
    let mut out = Out::with_capacity(window.len());
    let (mut quote, mut words, mut bare) = (None::<char>, 0, 0);
    let mut i = 0;
    while i < window.len() {
        let rest = &window[i..];
        let c = rest.chars().next().unwrap_or('\0');
        let mut buf = [0u8; 4];
        match (quote, c) {
            (Some(q), '\\') => {
                let next = rest[1..].chars().next().unwrap_or('\0');
                let escaped = if next == '\'' && q == '\'' { "'".to_string() } else { format!("\\{next}") };
                out.push(&escaped, i);
                i += 1 + next.len_utf8();
                continue;
            }
            (Some(q), c) if c == q => {
                // `'abc' +\n    'def'`: one string.
                let after = rest[1..].trim_start();
                if let Some(joined) = after.strip_prefix('+').map(str::trim_start).filter(|r| r.starts_with(q)) {
                    i = window.len() - joined.len() + 1;
                    continue;
                }
                out.push("\"", i);
                quote = None;
            }
            (Some('\''), '"') => out.push("\\\"", i),
            (Some(_), c) => out.push(c.encode_utf8(&mut buf), i),
            (None, '\'' | '"') => {
                out.push("\"", i);
                quote = Some(c);
            }
            (None, '}' | ']') if out.text.trim_end().ends_with(',') => {
                let keep = out.text.trim_end().len() - 1;
                out.truncate(keep);
                out.push(c.encode_utf8(&mut buf), i);
            }
            (None, '<') if rest.starts_with("<ref *") && placeholder(rest).is_some() => {
                // `<ref *1> ClientRequest {`: Node's mark of a circular reference.
                i += rest.find('>').unwrap_or(0) + 1;
                continue;
            }
            (None, '[') if rest[1..].starts_with(|c: char| c.is_ascii_uppercase()) && placeholder(rest).is_some() => {
                // `[Object]`, `[Function: f]`, `[Circular *1]`; `[AxiosHeaders] {` is a class name;
                // `[Symbol(kCapture)]: false` a key.
                let end = placeholder(rest).unwrap_or(1);
                let next = rest[end..].trim_start();
                if next.starts_with(':') {
                    out.push(&format!("\"{}\"", rest[1..end - 1].replace(['"', '\\'], "")), i);
                } else if !next.starts_with('{') {
                    out.push("null", i);
                }
                i += end;
                continue;
            }
            (None, c) if c.is_ascii_alphabetic() || c == '_' || c == '$' => {
                let len =
                    rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$')).unwrap_or(rest.len());
                let word = &rest[..len];
                let next = rest[len..].trim_start();
                let value = match word {
                    "True" | "true" => Some("true"),
                    "False" | "false" => Some("false"),
                    "None" | "null" | "undefined" => Some("null"),
                    _ => None,
                };
                if next.starts_with(':') && value.is_none() {
                    out.push(&format!("\"{word}\""), i);
                    bare += 1;
                } else if let Some(v) = value {
                    out.push(v, i);
                    words += usize::from(!matches!(word, "true" | "false" | "null"));
                } else if !next.starts_with(['{', '[']) {
                    // A name used as a value (a variable): not a literal; left for the parser to refuse.
                    out.push(word, i);
                }
                i += len;
                continue;
            }
            (None, c) => out.push(c.encode_utf8(&mut buf), i),
        }
        i += c.len_utf8().max(1);
    }
    out.map.push(window.len());
    let what = if bare > 0 { CleanupKind::JsLiteral } else { CleanupKind::PythonLiteral };
    Repaired { text: out.text, map: out.map, cleanups: vec![Cleanup { what, count: 1 + words }] }
}

/// JSON printed inside a string, read with one level of its escapes undone: `\"` is `"` and
/// `\\` is `\` (so `\\\"` inside one of its strings is an escaped quote again).
pub(super) fn unescaped(window: &str) -> Repaired {
    unescape(window, &['"', '\\'])
}

/// JSON printed inside a Python str's repr (`r.text` in a REPL: `'{"error_description":"Invalid
/// \'exp\' claim…"}'`): its `\'` and `\\` are the str's escapes, not the JSON's.
pub(super) fn python_str(window: &str) -> Repaired {
    unescape(window, &['\'', '\\'])
}

fn unescape(window: &str, escaped: &[char]) -> Repaired {
    let mut out = Out::with_capacity(window.len());
    let mut i = 0;
    while i < window.len() {
        let rest = &window[i..];
        let c = rest.chars().next().unwrap_or('\0');
        if c == '\\' && rest[1..].starts_with(escaped) {
            out.push(&rest[1..2], i);
            i += 2;
            continue;
        }
        let mut buf = [0u8; 4];
        out.push(c.encode_utf8(&mut buf), i);
        i += c.len_utf8().max(1);
    }
    out.map.push(window.len());
    Repaired { text: out.text, map: out.map, cleanups: vec![Cleanup { what: CleanupKind::EscapedJson, count: 1 }] }
}

/// The length of Node's `[Name …]` placeholder at the start of `rest`: a `]` within a short line.
fn placeholder(rest: &str) -> Option<usize> {
    let head = &rest.as_bytes()[..rest.len().min(64)];
    let end = head.iter().position(|b| matches!(b, b']' | b'>'))?;
    (!head[..end].contains(&b'\n')).then_some(end + 1)
}

struct Out {
    text: String,
    map: Vec<usize>,
}

impl Out {
    fn with_capacity(n: usize) -> Out {
        Out { text: String::with_capacity(n), map: Vec::with_capacity(n + 1) }
    }

    fn push(&mut self, s: &str, at: usize) {
        self.text.push_str(s);
        self.map.extend(std::iter::repeat_n(at, s.len()));
    }

    fn truncate(&mut self, len: usize) {
        self.text.truncate(len);
        self.map.truncate(len);
    }
}

pub(super) struct Repaired {
    pub(super) text: String,
    /// `map[i]` = offset in the window of byte `i` of `text`, plus one for the end.
    pub(super) map: Vec<usize>,
    pub(super) cleanups: Vec<Cleanup>,
}

impl Repaired {
    pub(super) fn origin(&self, i: usize) -> usize {
        self.map.get(i).copied().unwrap_or_else(|| self.map.last().copied().unwrap_or(0))
    }
}
