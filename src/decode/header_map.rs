//! Headers a log prints as one map on one line, in whatever language's notation: Swift's and
//! Python's `["Authorization": "Bearer …", "X-Request-ID": "…"]` / `{'Authorization': '…'}`, a JS
//! object (`{ authorization: 'Bearer …' }`), Java's `Map.toString()` (`{Authorization=Bearer …,
//! X-Request-ID=…}`) and Go's `map[Authorization:[Bearer …] X-Request-Id:[…]]`.

use super::request::Header;

/// The headers of a printed map (`value` is what follows a `headers:` label), or none when it
/// is not one.
pub fn read(value: &str) -> Vec<Header> {
    let v = value.trim();
    if let Some(inner) = v.strip_prefix("map[").and_then(|r| r.strip_suffix(']')) {
        return go_map(inner);
    }
    let Some(inner) = v.strip_prefix(['{', '[']).and_then(|r| r.strip_suffix(['}', ']'])) else {
        return Vec::new();
    };
    let quoted = quoted_pairs(inner);
    if !quoted.is_empty() {
        return quoted;
    }
    // Java's `{Name=value, Name=value}`; a JS object's bare keys `{ authorization: 'v' }` are
    // quoted values, read above only when the key is quoted too, so read them here.
    inner
        .split(", ")
        .filter_map(|pair| {
            let (name, value) = pair.split_once('=').or_else(|| pair.split_once(": "))?;
            let name = name.trim();
            let value = value.trim().trim_matches(['\'', '"']);
            is_name(name).then(|| Header { name: name.to_string(), value: value.to_string() })
        })
        .collect()
}

/// `"Name": "value"` or `'Name': 'value'` pairs, with `\"` inside a value kept as `"`.
fn quoted_pairs(inner: &str) -> Vec<Header> {
    let mut out = Vec::new();
    let mut rest = inner;
    while let Some((name, after)) = quoted(rest) {
        let Some(after) = after.trim_start().strip_prefix(':') else { break };
        let Some((value, after)) = quoted(after.trim_start()) else { break };
        if is_name(&name) {
            out.push(Header { name, value });
        }
        rest = after.trim_start().trim_start_matches(',');
    }
    out
}

/// A string in `"` or `'` at the start of `s` (after spaces), and what follows it.
fn quoted(s: &str) -> Option<(String, &str)> {
    let s = s.trim_start();
    let q = s.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let mut out = String::new();
    let mut chars = s[1..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                if let Some((_, n)) = chars.next() {
                    out.push(n);
                }
            }
            c if c == q => return Some((out, &s[1 + i + 1..])),
            c => out.push(c),
        }
    }
    None
}

/// Go's `Name:[value] Name:[value]`.
fn go_map(inner: &str) -> Vec<Header> {
    let mut out = Vec::new();
    let mut rest = inner.trim();
    while let Some((name, after)) = rest.split_once(":[") {
        let Some((value, after)) = after.split_once(']') else { break };
        if is_name(name.trim()) {
            out.push(Header { name: name.trim().to_string(), value: value.to_string() });
        }
        rest = after.trim_start();
    }
    out
}

fn is_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 64 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::read;

    fn names(v: &str) -> Vec<(String, String)> {
        read(v).into_iter().map(|h| (h.name, h.value)).collect()
    }

    #[test]
    fn each_languages_printed_map() {
        let auth = |v: &str| ("Authorization".to_string(), v.to_string());
        let swift = r#"["Authorization": "Bearer <redacted>", "If-Match": "W/\"4\""]"#;
        assert_eq!(names(swift), vec![auth("Bearer <redacted>"), ("If-Match".into(), "W/\"4\"".into())]);
        assert_eq!(names("{'Authorization': 'Bearer abc', 'X-Request-ID': '1'}")[0], auth("Bearer abc"));
        assert_eq!(names("{Authorization=Bearer abc, X-Request-ID=1}")[0], auth("Bearer abc"));
        assert_eq!(names("{ Authorization: 'Bearer abc' }")[0], auth("Bearer abc"));
        assert_eq!(names("map[Authorization:[Bearer abc] X-Request-Id:[1]]")[1], ("X-Request-Id".into(), "1".into()));
    }

    #[test]
    fn not_a_map() {
        assert!(read("Bearer abc").is_empty());
        assert!(read("[object Object]").is_empty());
        assert!(read("{}").is_empty());
    }
}
