//! Headers an API call's code sets, wherever a client writes them: a headers object or dict
//! (`headers={"Authorization": f"Bearer {t}"}`, `headers: { Authorization: … }`, PowerShell's
//! `@{ 'X' = … }`), a call that adds one (`DefaultRequestHeaders.Add("X", v)`,
//! `TryAddWithoutValidation`, `setRequestProperty`, `.header("X", v)`, `Header.Set("X", v)`), and
//! .NET's `Authorization = new AuthenticationHeaderValue("Bearer", t)`.
//!
//! A value is kept as written when it is a string literal; what the code computes is written
//! `{expression}` (an f-string's or template's holes as they are, `"Bearer " + t` as
//! `Bearer {t}`), so that a judge can tell a value seen from one the code makes.

use super::request::Header;

/// The header names read: the ones an API proxy's checks are about.
const NAMES: &[&str] =
    &["Authorization", "Authorisation", "X-Request-ID", "X-Correlation-ID", "apikey", "NHSD-Session-URID"];

/// Every header of `NAMES` the code sets, first setting first (a later one of the same name
/// is not added).
pub fn read(code: &str) -> Vec<Header> {
    let mut out: Vec<Header> = Vec::new();
    for name in NAMES {
        let Some(value) = value_of(code, name) else { continue };
        out.push(Header { name: name.to_string(), value });
    }
    // Every `NHSD-…` header the code names in quotes, however it spells it (a misspelt one is
    // the finding).
    for (at, _) in code.match_indices("NHSD-").take(16) {
        let Some(q) = code[..at].chars().next_back().filter(|c| matches!(c, '"' | '\'')) else { continue };
        let Some(len) = code[at..].find(q) else { continue };
        let name = &code[at..at + len];
        let known = out.iter().any(|h| h.name.eq_ignore_ascii_case(name));
        if known || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            continue;
        }
        if let Some(value) = value_of(code, name) {
            out.push(Header { name: name.to_string(), value });
        }
    }
    out
}

fn value_of(code: &str, name: &str) -> Option<String> {
    if name == "Authorization" {
        if let Some(v) = authentication_header_value(code).or_else(|| auth_helper(code)) {
            return Some(v);
        }
    }
    let lower = code.to_ascii_lowercase();
    let key = name.to_ascii_lowercase();
    let mut from = 0;
    while let Some(p) = lower[from..].find(&key) {
        let at = from + p;
        from = at + key.len();
        // The name as a whole word, quoted or bare: not `X-Request-ID-Suffix`, not `myapikey`.
        let before = code[..at].chars().next_back();
        let after = code[from..].chars().next();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_')
            || after.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_')
        {
            continue;
        }
        let rest = code[from..].trim_start_matches(['"', '\'']).trim_start();
        // `: v`, `= v`, `, v` (an argument after the name), `=> v`.
        let Some(rest) = ["=>", ":", "=", ","].iter().find_map(|s| rest.strip_prefix(s)) else { continue };
        let expr = expression(rest.trim_start());
        if !expr.is_empty() {
            return Some(written(expr));
        }
    }
    None
}

/// `new AuthenticationHeaderValue("Bearer", token)` → `Bearer {token}`.
fn authentication_header_value(code: &str) -> Option<String> {
    let at = code.find("AuthenticationHeaderValue(")? + "AuthenticationHeaderValue(".len();
    let rest = code[at..].trim_start();
    let scheme = expression(rest);
    let token = expression(rest[scheme.len()..].trim_start().strip_prefix(',')?.trim_start());
    Some(format!("{} {}", written(scheme), written(token)))
}

/// The Authorization a client's own auth helper writes: requests' and httpx's `auth=(user,
/// password)` and `HTTPBasicAuth(…)`, axios's `auth: { username, … }`, Go's `SetBasicAuth`,
/// Spring's `setBasicAuth`/`setBearerAuth`, Ruby's `basic_auth`, Faraday's `request
/// :authorization, 'Token', t`, PowerShell 7's `-Authentication Bearer -Token $t`.
fn auth_helper(code: &str) -> Option<String> {
    const BASIC: &[&str] = &[
        "auth=(",
        "auth = (",
        "HTTPBasicAuth(",
        "BasicAuth(",
        "SetBasicAuth(",
        "setBasicAuth(",
        ".basic_auth(",
        ".basic_auth ",
        "auth: { username",
        "auth: {username",
        "-Authentication Basic",
    ];
    if let Some(at) = BASIC.iter().filter_map(|n| code.find(n).map(|i| i + n.len())).min() {
        // What the helper encodes: its arguments, as the code writes them.
        let rest = code[at..].trim_start_matches(['(', ' ']);
        let args = up_to(rest, false).replace(", ", ":").replace(',', ":");
        return Some(format!("Basic {{base64 of {args}}}"));
    }
    for n in ["setBearerAuth(", "-Authentication Bearer -Token ", "-Authentication OAuth -Token "] {
        if let Some(at) = code.find(n).map(|i| i + n.len()) {
            let token = code[at..].split_whitespace().next().unwrap_or("").trim_end_matches([')', ';']);
            return Some(format!("Bearer {}", written(token)));
        }
    }
    // Faraday's token_auth middleware writes the old `Token token="…"` scheme.
    if let Some(at) = code.find("request :token_auth,").map(|i| i + "request :token_auth,".len()) {
        return Some(format!("Token token=\"{}\"", written(expression(code[at..].trim_start()))));
    }
    // Faraday: `conn.request :authorization, 'Token', token` (its scheme, then its value).
    let at = code.find("request :authorization,")? + "request :authorization,".len();
    let scheme = expression(code[at..].trim_start());
    let rest = code[at..].trim_start()[scheme.len()..].trim_start().strip_prefix(',')?;
    let scheme = written(scheme.trim_start_matches(':'));
    let scheme = if scheme == "{basic}" { "Basic".to_string() } else { scheme };
    Some(format!("{scheme} {}", written(expression(rest.trim_start()))))
}

/// axios's methods without a body (`axios.get(url, config)`, delete, head, options) take the
/// headers under the config's `headers:`; header names written at the config's top level are
/// options axios does not know, and are not sent. Those names, and why.
pub fn axios_loose(call: &str) -> Option<(Vec<String>, String)> {
    let (method, at) = ["get", "delete", "head", "options"]
        .iter()
        .find_map(|m| call.find(&format!("axios.{m}(")).map(|i| (*m, i + m.len() + 7)))?;
    let args = &call[at..];
    let url = expression(args);
    let config = args[url.len()..].trim_start().strip_prefix(',')?.trim_start();
    if !config.starts_with('{') {
        return None;
    }
    let object = balanced(config);
    let has_headers_key = object.match_indices("headers").any(|(i, _)| object[i + 7..].trim_start().starts_with(':'));
    if has_headers_key {
        return None;
    }
    let names: Vec<String> = read(object).into_iter().map(|h| h.name).collect();
    (!names.is_empty()).then(|| {
        (
            names.clone(),
            format!(
                "axios.{method}(url, config) takes its headers under config.headers; {} written at the config's top \
                 level {} options axios does not know, so it does not send {}: write axios.{method}(url, {{ headers: \
                 {{ … }} }})",
                names.join(", "),
                if names.len() == 1 { "is one of the" } else { "are" },
                if names.len() == 1 { "it" } else { "them" }
            ),
        )
    })
}

/// The bracketed text that starts `s` (`{ … }`), quotes respected; all of `s` when unclosed.
fn balanced(s: &str) -> &str {
    let (mut depth, mut quote) = (0i32, None::<char>);
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"' | '`') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')' | ']' | '}') => {
                depth -= 1;
                if depth == 0 {
                    return &s[..=i];
                }
            }
            _ => {}
        }
    }
    s
}

/// The expression that starts `rest`: up to the first top-level `,` `;` `)` `}` or line end.
fn expression(rest: &str) -> &str {
    up_to(rest, true)
}

/// `rest` up to the first top-level closing bracket or line end (and `,` or `;` when `commas`),
/// quotes respected, trimmed.
fn up_to(rest: &str, commas: bool) -> &str {
    let (mut depth, mut quote) = (0i32, None::<char>);
    for (i, c) in rest.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"' | '`') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')' | ']' | '}' | '\n') if depth == 0 => return rest[..i].trim(),
            (None, ')' | ']' | '}') => depth -= 1,
            (None, ',' | ';') if depth == 0 && commas => return rest[..i].trim(),
            _ => {}
        }
    }
    rest.trim()
}

/// An expression as the value it writes: a literal as its text, a template's holes as
/// `{…}`, a concatenation part by part, anything else `{expression}`.
fn written(expr: &str) -> String {
    let expr = expr.trim();
    let parts: Vec<&str> = split_plus(expr);
    if parts.len() > 1 {
        return parts.iter().map(|p| written(p)).collect();
    }
    let t = expr.trim_start_matches(['f', '$', '@']);
    let Some(q) = t.chars().next().filter(|c| matches!(c, '"' | '\'' | '`')) else {
        return format!("{{{expr}}}");
    };
    match t.strip_prefix(q).and_then(|s| s.strip_suffix(q)) {
        // `${x}` and `#{x}` holes read as `{x}`; PowerShell's and Perl's `$x` as `{x}`.
        Some(s) => s.replace("${", "{").replace("#{", "{"),
        None => format!("{{{expr}}}"),
    }
}

/// A concatenation's parts (`"Bearer " + token`), quotes respected.
fn split_plus(expr: &str) -> Vec<&str> {
    let (mut out, mut start, mut quote, mut depth) = (Vec::new(), 0, None::<char>, 0i32);
    for (i, c) in expr.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"' | '`') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')' | ']' | '}') => depth -= 1,
            (None, '+') if depth == 0 => {
                out.push(expr[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(expr[start..].trim());
    out.retain(|p| !p.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::read;

    fn get(code: &str, name: &str) -> Option<String> {
        read(code).into_iter().find(|h| h.name == name).map(|h| h.value)
    }

    #[test]
    fn axios_headers_outside_the_config_are_not_sent() {
        let call =
            "axios.get(`${PDS}/Patient/${n}`, {\n  Authorization: `Bearer ${t}`,\n  'X-Request-ID': randomUUID(),\n});";
        let (names, why) = super::axios_loose(call).expect("loose");
        assert_eq!(names, ["Authorization", "X-Request-ID"]);
        assert!(why.contains("config.headers"), "{why}");
        assert_eq!(super::axios_loose("axios.get(url, { headers: { Authorization: `Bearer ${t}` } })"), None);
    }

    #[test]
    fn reads_the_nhsd_headers_as_the_code_spells_them() {
        let code = r#"client.DefaultRequestHeaders.Add("NHSD-End-User-Organization-ODS", odsCode);"#;
        assert_eq!(get(code, "NHSD-End-User-Organization-ODS").as_deref(), Some("{odsCode}"));
    }

    #[test]
    fn reads_each_clients_way_of_setting_a_header() {
        let cases = [
            (r#"headers={"Authorization": f"Bearer {id_token}", "X-Request-ID": str(uuid4())}"#, "Bearer {id_token}"),
            ("headers: { Authorization: `Bearer ${token}` }", "Bearer {token}"),
            (r#"client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", token);"#, "{token}"),
            (r#"requests.get(url, auth=("Bearer", access_token))"#, "Basic {base64 of \"Bearer\":access_token}"),
            ("Invoke-RestMethod -Uri $u -Authentication Bearer -Token $tok.access_token", "Bearer {$tok.access_token}"),
            ("conn.request :authorization, 'Token', token", "Token {token}"),
            ("f.request :token_auth, token", "Token token=\"{token}\""),
            ("headers.setBearerAuth(accessToken);", "Bearer {accessToken}"),
            (r#"conn.setRequestProperty("Authorization", "Bearer " + accessToken);"#, "Bearer {accessToken}"),
            (r#"c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", t);"#, "Bearer {t}"),
            ("-Headers @{ 'Authorization' = \"Bearer $tok\" }", "Bearer $tok"),
        ];
        for (code, want) in cases {
            assert_eq!(get(code, "Authorization").as_deref(), Some(want), "{code}");
        }
        assert_eq!(
            get(r#"req.Header.Set("X-Request-ID", "20250611-000042")"#, "X-Request-ID").as_deref(),
            Some("20250611-000042")
        );
    }

    #[test]
    fn silent_where_no_header_is_set() {
        assert!(read("requests.get(url)\n# the Authorization is added by the session").is_empty());
        assert!(read("const myapikeys = load()").is_empty());
    }
}
