//! JSON objects inside a paste, with forum damage repaired: curly quotes in place of JSON
//! quotes, HTML entities, text wrapped around the JSON (`Response Content: “{…}”`).

use serde_json::Value;

use super::{Cleanup, CleanupKind};
use crate::vocab::Span;

#[derive(Clone, Debug, PartialEq)]
pub struct FoundJson {
    pub value: Value,
    pub span: Span,
    /// What had to be repaired for it to parse.
    pub repaired: Vec<Cleanup>,
}

/// Most JSON a person pastes is small (a JWKS of 20 RSA-4096 keys is about 16 KB); a bounded
/// window keeps a huge paste linear.
const WINDOW: usize = 64 * 1024;
/// At most this many parse attempts per paste.
const MAX_ATTEMPTS: usize = 400;

/// Every top-level JSON object in the text, in order. Objects inside found objects are not
/// reported again.
pub fn find_objects(input: &str) -> Vec<FoundJson> {
    let mut found = Vec::new();
    let mut next_free = 0;
    let mut attempts = 0;
    for (pos, _) in input.match_indices('{') {
        if pos < next_free || attempts >= MAX_ATTEMPTS {
            continue;
        }
        if !plausible_start(&input[pos + 1..]) {
            continue;
        }
        attempts += 1;
        let mut end = (pos + WINDOW).min(input.len());
        while !input.is_char_boundary(end) {
            end -= 1;
        }
        // The object most likely ends where its braces balance (braces inside strings are
        // usually balanced too, like the "{0}" of Apigee's faultstring).
        let mut depth = 0usize;
        let balanced = input.as_bytes()[pos..end].iter().position(|b| {
            match b {
                b'{' => depth += 1,
                b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            depth == 0
        });
        let end = balanced.map(|i| pos + i + 1).unwrap_or(end);
        let window = &input[pos..end];
        // As it stands first; repaired copies only when the window has something to repair.
        let damaged = window.contains(['“', '”', '„', '″', '‘', '’', '&']);
        let mut levels = vec![Level::Raw];
        if damaged {
            levels.extend([Level::DoubleCurly, Level::AllCurly]);
        }
        // A Python dict printed by repr (`r.json()` in a REPL, a log): `{'issue': [...], 'ok': True}`.
        if window[1..].trim_start().starts_with('\'') {
            levels.push(Level::Python);
        }
        // A Ruby hash printed by inspect (irb, a Rails log): `{"expires_in"=>"599", "x"=>nil}`.
        if window.contains("\"=>") {
            levels.push(Level::Ruby);
        }
        for level in levels {
            let repaired = match level {
                Level::Raw => None,
                Level::Python => Some(python_literal(window)),
                Level::Ruby => Some(ruby_literal(window)),
                _ => Some(repair(window, level)),
            };
            let text = repaired.as_ref().map(|r| r.text.as_str()).unwrap_or(window);
            let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
            if let Some(Ok(value)) = stream.next() {
                if value.is_object() {
                    let consumed = stream.byte_offset();
                    let orig_end = pos + repaired.as_ref().map(|r| r.origin(consumed)).unwrap_or(consumed);
                    let cleanups = repaired.map(|r| r.cleanups).unwrap_or_default();
                    found.push(FoundJson { value, span: Span { start: pos, end: orig_end }, repaired: cleanups });
                    next_free = orig_end;
                }
                break;
            }
        }
    }
    found
}

/// After `{`, JSON continues with white space then `"` (or a curly quote, or an entity) or `}`.
fn plausible_start(rest: &str) -> bool {
    let rest = rest.trim_start();
    rest.starts_with(['"', '}', '“', '”', '‘', '’', '\'']) || rest.starts_with("&quot;") || rest.starts_with("&#34;")
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Raw,
    /// “ ” „ and HTML entities.
    DoubleCurly,
    /// … and ‘ ’ as well (some editors curl every quote).
    AllCurly,
    /// A Python literal: single-quoted strings, True, False, None.
    Python,
    /// A Ruby hash: `=>` between key and value, nil.
    Ruby,
}

/// A Ruby hash's inspect output read as JSON: `=>` outside strings becomes `:`, `nil` null.
fn ruby_literal(window: &str) -> Repaired {
    let mut text = String::with_capacity(window.len());
    let mut map = Vec::with_capacity(window.len() + 1);
    let mut in_string = false;
    let mut i = 0;
    while i < window.len() {
        let rest = &window[i..];
        let c = rest.chars().next().unwrap_or('\0');
        let (out, len) = match c {
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
        text.push_str(out);
        map.extend(std::iter::repeat_n(i, out.len()));
        i += len;
    }
    map.push(window.len());
    Repaired { text, map, cleanups: vec![Cleanup { what: CleanupKind::RubyLiteral, count: 1 }] }
}

/// A Python dict's repr read as JSON: `'…'` strings become `"…"` (a `"` inside escaped, a `\'`
/// unescaped), and True, False and None outside strings become true, false and null.
fn python_literal(window: &str) -> Repaired {
    let mut text = String::with_capacity(window.len());
    let mut map = Vec::with_capacity(window.len() + 1);
    let push = |text: &mut String, map: &mut Vec<usize>, s: &str, at: usize| {
        text.push_str(s);
        map.extend(std::iter::repeat_n(at, s.len()));
    };
    let mut quote: Option<char> = None;
    let mut words = 0;
    let mut i = 0;
    while i < window.len() {
        let rest = &window[i..];
        let c = rest.chars().next().unwrap_or('\0');
        let mut buf = [0u8; 4];
        match (quote, c) {
            (Some(q), '\\') => {
                let next = rest[1..].chars().next().unwrap_or('\0');
                let escaped = if next == '\'' && q == '\'' { "'".to_string() } else { format!("\\{next}") };
                push(&mut text, &mut map, &escaped, i);
                i += 1 + next.len_utf8();
                continue;
            }
            (Some(q), c) if c == q => {
                push(&mut text, &mut map, "\"", i);
                quote = None;
            }
            (Some('\''), '"') => push(&mut text, &mut map, "\\\"", i),
            (Some(_), c) => push(&mut text, &mut map, c.encode_utf8(&mut buf), i),
            (None, '\'' | '"') => {
                push(&mut text, &mut map, "\"", i);
                quote = Some(c);
            }
            (None, _) => {
                let word = [("True", "true"), ("False", "false"), ("None", "null")].iter().find(|(py, _)| {
                    rest.starts_with(py) && !rest[py.len()..].starts_with(|c: char| c.is_alphanumeric())
                });
                if let Some((py, js)) = word {
                    push(&mut text, &mut map, js, i);
                    words += 1;
                    i += py.len();
                    continue;
                }
                push(&mut text, &mut map, c.encode_utf8(&mut buf), i);
            }
        }
        i += c.len_utf8().max(1);
    }
    map.push(window.len());
    let cleanups = vec![Cleanup { what: CleanupKind::PythonLiteral, count: 1 + words }];
    Repaired { text, map, cleanups }
}

struct Repaired {
    text: String,
    /// `map[i]` = offset in the window of byte `i` of `text`, plus one for the end.
    map: Vec<usize>,
    cleanups: Vec<Cleanup>,
}

impl Repaired {
    fn origin(&self, i: usize) -> usize {
        self.map.get(i).copied().unwrap_or_else(|| self.map.last().copied().unwrap_or(0))
    }
}

fn repair(window: &str, level: Level) -> Repaired {
    let mut text = String::with_capacity(window.len());
    let mut map = Vec::with_capacity(window.len() + 1);
    let (mut curly, mut entities) = (0, 0);
    let push = |text: &mut String, map: &mut Vec<usize>, s: &str, at: usize| {
        text.push_str(s);
        map.extend(std::iter::repeat_n(at, s.len()));
    };
    let mut i = 0;
    while i < window.len() {
        let rest = &window[i..];
        let c = rest.chars().next().unwrap_or('\0');
        if level != Level::Raw {
            if matches!(c, '“' | '”' | '„' | '″') || (level == Level::AllCurly && matches!(c, '‘' | '’')) {
                push(&mut text, &mut map, "\"", i);
                curly += 1;
                i += c.len_utf8();
                continue;
            }
            if c == '&' {
                if let Some((decoded, len)) = entity(rest) {
                    let mut buf = [0u8; 4];
                    push(&mut text, &mut map, decoded.encode_utf8(&mut buf), i);
                    entities += 1;
                    i += len;
                    continue;
                }
            }
        }
        let mut buf = [0u8; 4];
        push(&mut text, &mut map, c.encode_utf8(&mut buf), i);
        i += c.len_utf8().max(1);
    }
    map.push(window.len());
    let mut cleanups = Vec::new();
    if curly > 0 {
        cleanups.push(Cleanup { what: CleanupKind::CurlyQuotes, count: curly });
    }
    if entities > 0 {
        cleanups.push(Cleanup { what: CleanupKind::HtmlEntities, count: entities });
    }
    Repaired { text, map, cleanups }
}

/// The HTML entities that forum and chat software put into JSON it displays: the five XML
/// ones, typographic quotes, the non-breaking space, and numeric references. (A full HTML5
/// table — over 2,000 names — would cost the page tens of KB for names JSON never holds.)
fn entity(s: &str) -> Option<(char, usize)> {
    let end = s.bytes().take(12).position(|b| b == b';')?;
    let name = &s[1..end];
    let c = match name {
        "quot" => '"',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ldquo" | "rdquo" => '"',
        "lsquo" | "rsquo" => '\'',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ruby_hash_is_read_as_json() {
        let found = find_objects(r#"=> {"access_token"=>"aT0k", "expires_in"=>"599", "x"=>nil, "say"=>"a=>b"}"#);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].value["expires_in"], "599");
        assert!(found[0].value["x"].is_null());
        assert_eq!(found[0].value["say"], "a=>b");
    }

    #[test]
    fn a_python_dict_repr_is_read_as_json() {
        let found = find_objects("{'issue': [{'code': 'not-found', 'ok': True, 'x': None, 'say': \"it's\"}], 'resourceType': 'OperationOutcome'}");
        assert_eq!(found.len(), 1, "{found:?}");
        let v = &found[0].value;
        assert_eq!(v["resourceType"], "OperationOutcome");
        assert_eq!(v["issue"][0]["ok"], true);
        assert!(v["issue"][0]["x"].is_null());
        assert_eq!(v["issue"][0]["say"], "it's");
    }

    #[test]
    fn forum_damage_is_repaired() {
        let input = "Response Content: “{“fault”:{“faultstring”:“Invalid client identifier \
            {0}”,“detail”:{“errorcode”:“oauth.v2.InvalidClientIdentifier”}}}”";
        let found = find_objects(input);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].value["fault"]["detail"]["errorcode"], "oauth.v2.InvalidClientIdentifier");
        assert_eq!(found[0].value["fault"]["faultstring"], "Invalid client identifier {0}");
        assert!(input[found[0].span.start..found[0].span.end].ends_with("}}}"));
        assert_eq!(found[0].repaired[0].what, CleanupKind::CurlyQuotes);
    }

    #[test]
    fn entities_and_smart_apostrophes_inside_strings() {
        let found = find_objects(
            "{&quot;error&quot;: &quot;public_key error&quot;, &quot;error_description&quot;: \
            &quot;The JWKS endpoint, for your client_assertion can&#39;t be reached&quot;}",
        );
        assert_eq!(
            found[0].value["error_description"],
            "The JWKS endpoint, for your client_assertion can't be reached"
        );
        let found = find_objects("{“error”: “x”, “error_description”: “can’t”}");
        assert_eq!(found[0].value["error_description"], "can’t");
    }

    #[test]
    fn nested_objects_are_not_repeated_and_junk_is_skipped() {
        let found = find_objects("a {not json} then {\"a\":{\"b\":1}} and {\"c\":2}");
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].value["c"], 2);
    }
}
