//! JSON objects inside a paste, with forum damage repaired: curly quotes in place of JSON
//! quotes, HTML entities, text wrapped around the JSON (`Response Content: “{…}”`).

use serde_json::Value;

use super::literals::{python_str, ruby_literal, script_literal, unescaped, Repaired};
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
        // A Python dict printed by repr (`r.json()` in a REPL, a log): `{'issue': [...], 'ok': True}`;
        // a JavaScript object as Node prints it: `{ access_token: 'Cz6…', expires_in: '599' }`.
        let first = window[1..].trim_start();
        if first.starts_with('\'') || bare_key(first) {
            levels.push(Level::Script);
        }
        // JSON printed inside a string with its escapes (logfmt's `body="{\"error\":…}"`, a
        // Python str's repr, a Java toString).
        if first.starts_with("\\\"") {
            levels.push(Level::Escaped);
        }
        // JSON inside a Python str's repr, its apostrophes escaped (`\'exp\'`).
        if window.contains("\\'") {
            levels.push(Level::PythonStr);
        }
        // A Ruby hash printed by inspect (irb, a Rails log): `{"expires_in"=>"599", "x"=>nil}`.
        if window.contains("\"=>") {
            levels.push(Level::Ruby);
        }
        for level in levels {
            let repaired = match level {
                Level::Raw => None,
                Level::Script => Some(script_literal(window)),
                Level::Ruby => Some(ruby_literal(window)),
                Level::Escaped => Some(unescaped(window)),
                Level::PythonStr => Some(python_str(window)),
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

/// After `{`, JSON continues with white space then `"` (or a curly quote, or an entity) or `}`;
/// a literal of another language with `'` or a bare key.
fn plausible_start(rest: &str) -> bool {
    let rest = rest.trim_start();
    rest.starts_with(['"', '}', '“', '”', '‘', '’', '\''])
        || rest.starts_with("&quot;")
        || rest.starts_with("&#34;")
        || rest.starts_with("\\\"")
        || bare_key(rest)
}

/// `access_token:`, `error_description :`: a JavaScript object's bare key.
fn bare_key(rest: &str) -> bool {
    let len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$')).unwrap_or(rest.len());
    len > 0 && len <= 64 && !rest.starts_with(|c: char| c.is_ascii_digit()) && rest[len..].trim_start().starts_with(':')
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Raw,
    /// “ ” „ and HTML entities.
    DoubleCurly,
    /// … and ‘ ’ as well (some editors curl every quote).
    AllCurly,
    /// A Python or JavaScript literal: single-quoted strings, True, False, None, bare keys.
    Script,
    /// A Ruby hash: `=>` between key and value, nil.
    Ruby,
    /// JSON with a string's escapes: `\"` for `"`, `\\` for `\`.
    Escaped,
    /// JSON inside a Python str's repr: `\'` for `'`, `\\` for `\`.
    PythonStr,
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
    fn a_javascript_object_as_node_prints_it_is_read_as_json() {
        let input = "{\n  access_token: 'Cz6R',\n  expires_in: '599',\n  ok: true,\n  x: undefined,\n  \
                     headers: Object [AxiosHeaders] { 'content-type': 'application/json' },\n  \
                     config: [Object],\n  jwt: 'eyJh' +\n    'bGc',\n}";
        let found = find_objects(input);
        assert_eq!(found.len(), 1, "{found:?}");
        let v = &found[0].value;
        assert_eq!(v["expires_in"], "599");
        assert!(v["x"].is_null() && v["config"].is_null());
        assert_eq!(v["headers"]["content-type"], "application/json");
        assert_eq!(v["jwt"], "eyJhbGc");
        assert_eq!(found[0].repaired[0].what, CleanupKind::JsLiteral);
        assert_eq!(found[0].span.end, input.len());
        // Code that names variables is not a literal.
        assert!(find_objects("{ client_assertion: assertion, grant_type: 'client_credentials' }").is_empty());
    }

    #[test]
    fn json_printed_inside_a_string_is_read() {
        let input = r#"level=error status=400 body="{\"issue\":[{\"diagnostics\":\"Invalid value - '' in \\\"x\\\"\"}]}" next=1"#;
        let found = find_objects(input);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].value["issue"][0]["diagnostics"], "Invalid value - '' in \"x\"");
        assert!(input[..found[0].span.end].ends_with("}]}"));
    }

    #[test]
    fn json_inside_a_python_str_repr_is_read() {
        let input = r#"(400, '{"error":"invalid_request","error_description":"Invalid \'exp\' claim in client_assertion JWT - must be an integer"}')"#;
        let found = find_objects(input);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].value["error_description"],
            "Invalid 'exp' claim in client_assertion JWT - must be an integer"
        );
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
