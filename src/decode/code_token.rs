//! A client assertion written in code, read for the header and claims its library would sign:
//! the header the library writes (its defaults and what the code adds), and the claims the code
//! writes as literals. What the code computes (`$apiKey`, `uuid4()`, `now + 300`) is not a value
//! seen: it is given a value that passes and named as an assumption, so that what the code shows
//! (a header with no kid, an aud without its path) decides the prediction, and nothing else.
//!
//! Library defaults, each from its own documentation or source: firebase/php-jwt's
//! `JWT::encode($payload, $key, $alg, $keyId = null)` writes `typ` JWT and `alg`, and `kid` only
//! when a key id is given; Perl's Crypt::JWT `encode_jwt` writes `alg` and the `extra_headers`,
//! no `typ`; Rust's jsonwebtoken `Header::new(alg)` writes `typ` JWT and no `kid`; jose's
//! `SignJWT` writes exactly the protected header it is given; PyJWT 2's `jwt.encode` writes
//! `typ` JWT, `alg` and the `headers` given; node-jsonwebtoken's `jwt.sign` writes `alg` (RS256
//! for an RSA key when none is given), `typ` JWT, `kid` from `keyid`, `iat` unless told not to,
//! and `exp` from `expiresIn`.

use serde_json::{Map, Value};

use super::jwt::{Jwt, Kind, Part};
use crate::vocab::{Role, Span};

/// Where a token read from code came from: the library, and what was assumed of its values.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct FromCode {
    pub library: String,
    /// What the code computes, given a value that passes: said as assumptions.
    pub assumed: Vec<String>,
}

/// The client assertion a signing call in the paste would make, if one is written there.
pub fn find(text: &str, now: i64, api_key: Option<&str>) -> Option<Jwt> {
    let (library, at, header, payload_expr) = signing_call(text)?;
    let mut assumed = Vec::new();
    let mut header_map = Map::new();
    for (k, v) in header {
        if let Some(v) = value(&k, &v, now, api_key, &mut assumed) {
            header_map.insert(k, v);
        }
    }
    let mut claims = Map::new();
    // Claims the paste does not show are not made up: no payload literal, no token.
    for (k, v) in payload(text, &payload_expr)? {
        if let Some(v) = value(&k, &v, now, api_key, &mut assumed) {
            claims.insert(k, v);
        }
    }
    chained_claims(library, &text[at..], now, &mut claims, &mut assumed);
    if claims.is_empty() {
        return None;
    }
    Some(build(library, header_map, claims, assumed, Span { start: at, end: at + 1 }))
}

/// A signing call: its library, where it stands, the header it writes (as key, value text) and
/// the expression of the payload it signs.
type Call = (&'static str, usize, Vec<(String, String)>, String);

fn signing_call(text: &str) -> Option<Call> {
    if let Some(at) = text.find("JWT::encode(") {
        let args = split(inner(text, at + "JWT::encode".len())?);
        let mut header = vec![("typ".into(), "'JWT'".into()), ("alg".into(), args.get(2)?.clone())];
        if let Some(kid) = args.get(3).filter(|k| !k.eq_ignore_ascii_case("null")) {
            header.push(("kid".into(), kid.clone()));
        }
        return Some(("php-jwt", at, header, args.first()?.clone()));
    }
    if let Some(at) = text.find("encode_jwt(") {
        let named = items(inner(text, at + "encode_jwt".len())?);
        let get = |k: &str| named.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        let mut header = vec![("alg".to_string(), get("alg")?)];
        if let Some(h) = get("extra_headers") {
            header.extend(payload(text, &h)?);
        }
        return Some(("Crypt::JWT", at, header, get("payload")?));
    }
    if let Some(at) = text.find("Header::new(") {
        let alg = inner(text, at + "Header::new".len())?.trim().rsplit("::").next()?.to_string();
        let mut header = vec![("typ".into(), "\"JWT\"".into()), ("alg".into(), format!("\"{alg}\""))];
        if let Some(kid) = ["kid = Some(", "kid: Some("].iter().find_map(|k| text.find(k).map(|p| p + k.len() - 1)) {
            header.push(("kid".into(), inner(text, kid)?.to_string()));
        }
        let enc = text.find("encode(&")?;
        let claims = split(inner(text, enc + "encode".len())?).get(1)?.trim_start_matches('&').to_string();
        return Some(("Rust jsonwebtoken", at, header, claims));
    }
    if let Some(at) = text.find("new SignJWT(") {
        let signed = inner(text, at + "new SignJWT".len())?.to_string();
        let p = text[at..].find(".setProtectedHeader(")?;
        let header = payload(text, inner(text, at + p + 19)?)?;
        return Some(("jose SignJWT", at, header, signed));
    }
    if let Some(at) = text.find("jwt.encode(") {
        let args = split(inner(text, at + "jwt.encode".len())?);
        let kw =
            |k: &str| args.iter().find_map(|a| a.strip_prefix(k).map(|v| v.trim_start_matches([' ', '=']).to_string()));
        let mut header = vec![("typ".to_string(), "\"JWT\"".to_string()), ("alg".into(), kw("algorithm")?)];
        if let Some(h) = kw("headers") {
            header.extend(payload(text, &h)?);
        }
        return Some(("PyJWT", at, header, args.first()?.clone()));
    }
    if let Some(at) = text.find("jwt.sign(") {
        let args = split(inner(text, at + "jwt.sign".len())?);
        let options = args.get(2).and_then(|o| inner(o, 0).map(items)).unwrap_or_default();
        let get = |k: &str| options.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        let mut header = vec![("alg".to_string(), get("algorithm").unwrap_or_else(|| "'RS256'".into()))];
        header.push(("typ".into(), "'JWT'".into()));
        if let Some(kid) = get("keyid") {
            header.push(("kid".into(), kid));
        }
        if let Some(h) = get("header") {
            header.extend(payload(text, &h)?);
        }
        return Some(("node jsonwebtoken", at, header, args.first()?.clone()));
    }
    None
}

/// Claims a library adds beyond the payload: node-jsonwebtoken's `iat` and `expiresIn`, jose's
/// `setIssuedAt()` and `setExpirationTime(…)`.
fn chained_claims(library: &str, call: &str, now: i64, claims: &mut Map<String, Value>, assumed: &mut Vec<String>) {
    let call = &call[..call.len().min(1200)];
    let lifetime = |v: &str| -> Option<i64> {
        let t = v.trim().trim_matches(['\'', '"', '`']);
        let (n, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len()));
        let n: i64 = n.parse().ok()?;
        Some(
            n * match unit.trim() {
                "" | "s" => 1,
                "m" => 60,
                "h" => 3600,
                "d" => 86400,
                _ => return None,
            },
        )
    };
    let mut set = |name: &str, v: i64| {
        claims.entry(name.to_string()).or_insert(Value::from(v));
    };
    match library {
        "node jsonwebtoken" => {
            set("iat", now);
            if let Some(p) = call.find("expiresIn") {
                let v = call[p + 9..].trim_start_matches([':', ' ']);
                let v = v.split([',', '}', '\n']).next().unwrap_or("");
                match lifetime(v) {
                    Some(s) => set("exp", now + s),
                    None => assumed.push(format!("exp comes from expiresIn {} (assumed within 5 minutes)", v.trim())),
                }
            }
        }
        "jose SignJWT" => {
            if call.contains(".setIssuedAt(") {
                set("iat", now);
            }
            if let Some(v) = call.find(".setExpirationTime(").and_then(|p| inner(call, p + 18)) {
                match lifetime(v) {
                    Some(s) => set("exp", now + s),
                    None => {
                        set("exp", now + 300);
                        assumed.push(format!("exp is set by setExpirationTime({v}) (assumed within 5 minutes)"));
                    }
                }
            }
        }
        _ => {}
    }
}

/// The items of an object written in the call, or of the literal the name was given (a header or
/// a payload); `None` when the paste does not show it.
fn payload(text: &str, expr: &str) -> Option<Vec<(String, String)>> {
    let expr = expr.trim().trim_start_matches(['&', '\\']);
    if expr.starts_with(['{', '[']) {
        return Some(items(inner(expr, 0)?));
    }
    let name = expr.trim_start_matches('$');
    let mut from = 0;
    while let Some(p) = text[from..].find(name) {
        let at = from + p;
        from = at + name.len();
        let before_ok = at == 0 || !text[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_');
        let rest = text[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=').filter(|r| before_ok && !r.starts_with(['=', '>'])) else { continue };
        // `= [`, `= {`, `= Claims {`, `= dict(`.
        let open = rest.find(['{', '[', '('])?;
        if rest[..open].trim().chars().all(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            let start = text.len() - rest.len() + open;
            return Some(items(inner(text, start)?));
        }
    }
    None
}

/// What the code gives `name`: a literal as itself; a time `now + N` as that many seconds from
/// `now`; anything computed as a value that passes, said as an assumption. `None`: leave it out.
fn value(name: &str, v: &str, now: i64, key: Option<&str>, assumed: &mut Vec<String>) -> Option<Value> {
    let t = v.trim().trim_end_matches(".to_string()").trim_end_matches(".into()");
    let t = t.strip_prefix("Some(").and_then(|s| s.strip_suffix(')')).unwrap_or(t);
    let t = t.strip_prefix("String::from(").and_then(|s| s.strip_suffix(')')).unwrap_or(t);
    if let Some(s) = string_literal(t) {
        return Some(Value::from(s));
    }
    if let Ok(n) = t.parse::<i64>() {
        return Some(Value::from(n));
    }
    let short: String = t.chars().take(60).collect();
    let times = ["exp", "iat", "nbf"].contains(&name);
    if times {
        let relative = t.rsplit_once('+').and_then(|(base, n)| {
            let n: i64 = n.split('*').map(|f| f.trim().parse::<i64>().ok()).product::<Option<i64>>()?;
            let base = base.to_ascii_lowercase();
            ["now", "time", "date", "iat", "issued", "current", "epoch"].iter().any(|w| base.contains(w)).then_some(n)
        });
        if let Some(n) = relative {
            return Some(Value::from(now + n));
        }
        assumed.push(format!("{name} is computed by the code ({short}): assumed right"));
        return Some(Value::from(if name == "exp" { now + 300 } else { now }));
    }
    assumed.push(format!("{name} is computed by the code ({short}): assumed right"));
    // iss and sub as the key typed (when one is), anything else as the code writes it: a string
    // that stands for itself, never an empty one.
    Some(Value::from(match (name, key.map(str::trim).filter(|k| !k.is_empty())) {
        ("iss" | "sub", Some(k)) => k.to_string(),
        _ => t.to_string(),
    }))
}

/// `'…'` or `"…"` with nothing computed inside.
fn string_literal(t: &str) -> Option<&str> {
    let q = t.chars().next().filter(|c| matches!(c, '\'' | '"'))?;
    let s = t.strip_prefix(q)?.strip_suffix(q)?;
    let computed = s.contains(q) || s.contains("${") || s.contains("#{") || (q == '"' && s.contains('$'));
    (!computed).then_some(s)
}

fn build(
    library: &str,
    header: Map<String, Value>,
    claims: Map<String, Value>,
    assumed: Vec<String>,
    span: Span,
) -> Jwt {
    use base64::Engine;
    let part = |m: Map<String, Value>, offset: usize| {
        let text = Value::Object(m).to_string();
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&text);
        Part { offset, bytes: Some(text.len()), json: serde_json::from_str(&text).ok(), text: Some(text), b64 }
    };
    let header = part(header, 0);
    let payload = part(claims, header.b64.len() + 1);
    Jwt {
        compact: format!("{}.{}.", header.b64, payload.b64),
        span,
        role: Role::ClientAssertion,
        kind: Kind::Jws,
        segments: 3,
        header,
        payload,
        signature: None,
        times: Vec::new(),
        cut: None,
        as_bytes: false,
        code: Some(FromCode { library: library.to_string(), assumed }),
    }
}

/// What stands inside the brackets that open at or after `at` (quotes skipped), without them.
fn inner(text: &str, at: usize) -> Option<&str> {
    let rest = text.get(at..)?;
    let open = rest.find(['(', '{', '['])?;
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (i, c) in rest[open..].char_indices().take(8000) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"' | '`') => quote = Some(c),
            (None, '(' | '{' | '[') => depth += 1,
            (None, ')' | '}' | ']') => {
                depth -= 1;
                if depth == 0 {
                    return rest.get(open + 1..open + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// A list split at its top-level commas (quotes and brackets respected), each item trimmed.
fn split(list: &str) -> Vec<String> {
    let (mut out, mut cur, mut depth, mut quote) = (Vec::new(), String::new(), 0i32, None::<char>);
    for c in list.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"' | '`') => quote = Some(c),
            (None, '(' | '{' | '[') => depth += 1,
            (None, ')' | '}' | ']') => depth -= 1,
            (None, ',') if depth == 0 => {
                out.push(std::mem::take(&mut cur).trim().to_string());
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    out.push(cur.trim().to_string());
    out.retain(|s| !s.is_empty() && !s.starts_with("//") && !s.starts_with('#'));
    out
}

/// `key => value`, `key: value`, `'key': value`, `key = value` items of an object or array
/// literal, keys without their quotes or sigils.
fn items(list: &str) -> Vec<(String, String)> {
    split(list)
        .into_iter()
        .filter_map(|item| {
            // The first separator; `=>` rather than the `=` it starts with.
            let sep = ["=>", ":", "="]
                .iter()
                .filter_map(|s| item.find(s).map(|p| (p, s.len())))
                .min_by_key(|(p, len)| (*p, usize::MAX - len))?;
            let key = item[..sep.0].trim().trim_matches(['\'', '"', '$']).to_string();
            let ok = !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-');
            ok.then(|| (key, item[sep.0 + sep.1..].trim().to_string()))
        })
        .collect()
}

#[cfg(test)]
#[path = "code_token_tests.rs"]
mod tests;
