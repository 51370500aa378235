//! Values people write once and use by name: shell variables (`export TOKEN_URL="…"`,
//! `BODY='…'`), editor REST-client file variables (`@tokenUrl = …`), `.env` lines. A request
//! that uses `$TOKEN_URL` or `{{tokenUrl}}` is read with the value when the paste holds it; a
//! name the paste does not define stays an unknown (a placeholder), never a defect.

/// `(name, value)` for every definition in the paste, in order (a later one wins).
pub fn find(input: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in input.lines() {
        let t = line.trim().trim_start_matches("$ ").trim_start_matches("export ").trim_start();
        let (name, value) = if let Some(rest) = t.strip_prefix('@') {
            match rest.split_once('=') {
                Some((n, v)) => (n.trim(), v.trim()),
                None => continue,
            }
        } else {
            match t.split_once('=') {
                Some((n, v)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => (n, v),
                _ => continue,
            }
        };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(value);
        // A command substitution, or another variable, is not a value.
        if value.starts_with("$(") || value.starts_with('`') || is_placeholder(value) {
            continue;
        }
        out.push((name.to_string(), value.to_string()));
    }
    out
}

/// The text with `$NAME`, `${NAME}` and `{{NAME}}` replaced where the paste defines `NAME`.
pub fn substitute(text: &str, vars: &[(String, String)]) -> String {
    if vars.is_empty() || !(text.contains('$') || text.contains("{{")) {
        return text.to_string();
    }
    let mut out = text.to_string();
    for (name, value) in vars.iter().rev() {
        for pattern in [format!("{{{{{name}}}}}"), format!("${{{name}}}")] {
            out = out.replace(&pattern, value);
        }
        // `$NAME` not followed by more of a name.
        let pattern = format!("${name}");
        let mut from = 0;
        while let Some(i) = out[from..].find(&pattern).map(|i| from + i) {
            let end = i + pattern.len();
            let next = out[end..].chars().next();
            if next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                from = end;
                continue;
            }
            out.replace_range(i..end, value);
            from = i + value.len();
        }
    }
    out
}

/// A value that stands for something not in the paste: `{{assertion}}`, `${JWT}`, `$BODY`,
/// `<JWT>`, `<your token here>`, `xxx…`, `...`, `…`, `YOUR_API_KEY`.
/// A value a log or a person masked (`*`, `***`, `[REDACTED]`, `<redacted>`, `[Filtered]`): not
/// what was sent, and not to be judged.
pub fn is_masked(v: &str) -> bool {
    let t = v.trim().trim_matches(['"', '\'']);
    let inner = t.trim_matches(['[', ']', '<', '>', '(', ')']).to_ascii_lowercase();
    (!t.is_empty() && t.chars().all(|c| c == '*'))
        || ["redacted", "filtered", "masked", "hidden", "removed"].contains(&inner.as_str())
}

pub fn is_placeholder(v: &str) -> bool {
    // A value cut out of a line of code keeps the code's end (`{assertion}";`): not the value's.
    let t = v.trim().trim_end_matches([';', ',']).trim_matches(['"', '\'']);
    if t.is_empty() {
        return false;
    }
    let wrapped =
        |open: &str, close: &str| t.starts_with(open) && t.ends_with(close) && t.len() > open.len() + close.len();
    wrapped("{{", "}}")
        || wrapped("${", "}")
        || wrapped("<", ">")
        || wrapped("{", "}") && !t.contains(':')
        || wrapped("[", "]") && !t.contains(',')
        || (t.starts_with('$') && t[1..].chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && t.len() > 1)
        || t.chars().all(|c| c == 'x' || c == 'X' || c == '.' || c == '…') && t.len() >= 3
        || t.trim_end_matches(['.', '…']).chars().all(|c| c == 'x' || c == 'X') && t.ends_with(['.', '…'])
        || t.eq_ignore_ascii_case("...")
        || t == "…"
        || t.to_ascii_uppercase().starts_with("YOUR_")
        || t.to_ascii_lowercase().starts_with("your-")
        || is_expression(t)
}

/// Code where a value belongs: a call (`build_assertion()`, `jwt.sign(…)`), a member
/// (`NhsAssertion.build`, `self.assertion`), Ruby's `#{…}` — what the program computes, not what
/// it sent. A JWT (`eyJ….….…`) and a plain word (`client_credentials`) are values.
fn is_expression(t: &str) -> bool {
    if t.starts_with("#{") && t.ends_with('}') {
        return true;
    }
    let (path, call) = match t.find('(') {
        Some(i) if t.ends_with(')') => (&t[..i], true),
        Some(_) => return false,
        None => (t, false),
    };
    let ident = |s: &str| {
        s.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
    };
    let parts: Vec<&str> = path.split('.').collect();
    let jwt_like = parts.iter().any(|p| p.starts_with("eyJ")) || path.len() > 60;
    // Three dotted parts without a call is the shape of a JWS (`bm90.anNvbg.c2ln`), not a member.
    parts.iter().all(|p| ident(p)) && !jwt_like && (call || parts.len() == 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_and_rest_client_variables_are_read_and_used() {
        let vars = find(
            "$ export TOKEN_URL=\"https://int.api.service.nhs.uk/oauth2/token\"\n@kid = int-1\nJWT=$(python3 gen.py)\n",
        );
        assert_eq!(vars.len(), 2, "{vars:?}");
        assert_eq!(
            substitute("curl $TOKEN_URL -H 'k: {{kid}}' -d \"$TOKEN_URLX\"", &vars),
            "curl https://int.api.service.nhs.uk/oauth2/token -H 'k: int-1' -d \"$TOKEN_URLX\""
        );
    }

    #[test]
    fn placeholders_are_unknowns() {
        for p in [
            "{{assertion}}",
            "${JWT}",
            "$BODY",
            "<JWT>",
            "xxxxxxxx...",
            "...",
            "…",
            "YOUR_API_KEY",
            "{assertion}",
            "{assertion}\";",
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        for v in [
            "client_credentials",
            "eyJhbGciOi.x.y",
            "{\"a\":1}",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        ] {
            assert!(!is_placeholder(v), "{v}");
        }
    }
}

/// The URL a statement names: its first `http(s)://` string literal, else the URL literal that a
/// name it uses was assigned in the paste (`TOKEN_URL = "https://…"`, `$URLToken = "…"`,
/// `const tokenUrl = '…'`, `String tokenUrl = "…";`). A name assigned no literal URL is unknown.
pub fn url_in_code<'a>(statement: &'a str, input: &'a str) -> Option<&'a str> {
    if let Some(url) = url_literal(statement) {
        return Some(url);
    }
    let words = statement
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
        .filter(|w| w.len() > 1 && !w.chars().all(|c| c.is_ascii_digit()));
    for word in words {
        for line in input.lines() {
            let Some(at) = line.find(word) else { continue };
            let boundary = line[..at].chars().next_back().is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_'));
            let rest = line[at + word.len()..].trim_start();
            // `NAME = "…"`, `NAME: str = "…"`, `NAME := "…"`.
            let rest = rest.split_once('=').filter(|(ty, _)| !ty.contains(['(', ',', '"', '\''])).map(|(_, v)| v);
            if let Some(url) = rest.filter(|_| boundary).and_then(url_literal) {
                return Some(url);
            }
            // An environment file's or a shell's `NAME=https://…`, unquoted.
            let bare = rest.filter(|_| boundary).map(str::trim_start).filter(|v| v.starts_with("https://"));
            if let Some(v) = bare {
                return v.split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | ';')).next();
            }
        }
    }
    printed_url(input)
}

/// The one URL a paste prints, when it prints one only (a traceback's `url=URL('https://…')`, a
/// log line, prose): the call whose URL is a name went there. Two different URLs name none.
fn printed_url(input: &str) -> Option<&str> {
    let mut found: Option<&str> = None;
    for (at, _) in input.match_indices("http") {
        let rest = &input[at..];
        if !(rest.starts_with("https://") || rest.starts_with("http://")) {
            continue;
        }
        let before = input[..at].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | ')' | '>' | '<' | ',' | ']' | '}'))
            .unwrap_or(rest.len());
        let url = rest[..end].trim_end_matches(['.', ';', ':']);
        if url.len() <= "https://".len() {
            continue;
        }
        match found {
            None => found = Some(url),
            Some(f) if f == url => {}
            Some(_) => return None,
        }
    }
    found
}

/// The URL a call goes to: its own (`url_in_code`), or a relative path it names joined to the
/// base URL its client was built with (httpx's `base_url=`, axios's `baseURL:`, .NET's
/// `BaseAddress = new Uri(…)`, a builder's `.baseUrl(…)`).
pub fn call_url(statement: &str, input: &str) -> Option<String> {
    if let Some(url) = url_literal(statement) {
        return Some(url.to_string());
    }
    based(statement, input)
        .or_else(|| templated(statement, input))
        .or_else(|| url_in_code(statement, input).map(str::to_string))
}

/// A call whose URL is a name holding a URL and a path after it, as a template
/// (`f"{BASE}/Patient/{n}"`, `` `${PDS}/Patient/${n}` ``, `$"{_base}/Patient/{n}"`) or a sum
/// (`pdsBase + "/Patient"`): the name's URL with the path joined on.
fn templated(statement: &str, input: &str) -> Option<String> {
    let (before, lit) = first_literal(statement)?;
    let before = before.trim_end_matches(['f', '$']).trim();
    let (name, path) = if let Some(hole) = lit.strip_prefix("${").or_else(|| lit.strip_prefix('{')) {
        let end = hole.find('}')?;
        (&hole[..end], &hole[end + 1..])
    } else if let Some(name) = before.strip_suffix('+').map(str::trim) {
        (name, lit)
    } else {
        return None;
    };
    let simple = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.'));
    if !simple || !(path.starts_with('/') || path.is_empty()) {
        return None;
    }
    let url = url_in_code(name.rsplit('.').next()?, input).filter(|u| !u.contains('{'))?;
    Some(format!("{}{path}", url.trim_end_matches('/')))
}

/// The first string literal among a call's arguments, and what stands before it in them.
fn first_literal(statement: &str) -> Option<(&str, &str)> {
    let open = statement.find('(')?;
    let args = &statement[open + 1..];
    let q = args.find(['"', '\'', '`'])?;
    let quote = args[q..].chars().next()?;
    let inner = &args[q + 1..];
    Some((&args[..q], &inner[..inner.find(quote)?]))
}

/// A relative path the call names, joined to the one base URL the paste's client is given.
fn based(statement: &str, input: &str) -> Option<String> {
    let path = relative_path(statement)?;
    let base = base_url(input)?;
    Some(format!("{}/{}", base.trim_end_matches('/'), path.trim_start_matches('/')))
}

/// The base URL a client is built with: a URL literal right after a name with `base` in it.
fn base_url(input: &str) -> Option<&str> {
    let lower = input.to_ascii_lowercase();
    lower.match_indices("base").find_map(|(at, _)| {
        let rest = &input[at..];
        let name_end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        let name = &lower[at..at + name_end];
        if !matches!(name, "base_url" | "baseurl" | "baseaddress" | "base_uri" | "baseuri") {
            return None;
        }
        let after = rest[name_end..].trim_start();
        let after = after.strip_prefix(['=', ':', '(']).map(str::trim_start)?;
        let after = after.strip_prefix("new Uri(").unwrap_or(after);
        url_literal(after.get(..after.len().min(300))?).filter(|_| after.starts_with(['"', '\'', '`']))
    })
}

/// The first string literal of a call that is a path (`"/Patient"`, `$"Patient/{n}"`,
/// `` `/Patient/${n}` ``), not a URL.
fn relative_path(statement: &str) -> Option<&str> {
    let (_, lit) = first_literal(statement)?;
    let path_like = lit.starts_with('/')
        || lit.split('/').next().is_some_and(|w| w.len() > 1 && w.chars().all(|c| c.is_ascii_alphanumeric()));
    (path_like && lit.contains(|c: char| c.is_ascii_alphabetic()) && !lit.contains("://") && !lit.contains(' '))
        .then_some(lit)
}

/// The first `http(s)://` string literal in `s`, without its quotes.
fn url_literal(s: &str) -> Option<&str> {
    ['"', '\'', '`']
        .iter()
        .filter_map(|q| {
            let at = s.find(&format!("{q}http"))?;
            let inner = &s[at + 1..];
            let end = inner.find(*q)?;
            let lit = &inner[..end];
            (lit.starts_with("https://") || lit.starts_with("http://")).then_some((at, lit))
        })
        .min_by_key(|(at, _)| *at)
        .map(|(_, lit)| lit)
}

#[cfg(test)]
mod url_tests {
    use super::url_in_code;

    #[test]
    fn a_name_given_an_unquoted_url() {
        let paste = "await axios.get(`${PDS}/Patient/${n}`, {});\nPDS=https://int.api.service.nhs.uk/personal-demographics/FHIR/R4 and so on";
        assert_eq!(
            url_in_code("axios.get(`${PDS}/Patient/${n}`, {})", paste),
            Some("https://int.api.service.nhs.uk/personal-demographics/FHIR/R4")
        );
    }

    #[test]
    fn a_url_literal_or_the_literal_a_name_was_given() {
        let ps = "$URLToken = \"https://int.api.service.nhs.uk/oauth2/token?grant_type=client_credentials\"\n\
                  Invoke-RestMethod -Uri $URLToken -Method Post";
        let call = ps.lines().nth(1).unwrap();
        assert_eq!(
            url_in_code(call, ps),
            Some("https://int.api.service.nhs.uk/oauth2/token?grant_type=client_credentials")
        );
        let py = "TOKEN_URL = 'https://int.api.service.nhs.uk/oauth2/token'\nsession.post(\n    TOKEN_URL,\n)";
        assert_eq!(
            url_in_code("session.post(\n    TOKEN_URL,\n)", py),
            Some("https://int.api.service.nhs.uk/oauth2/token")
        );
        assert_eq!(url_in_code("session.post(url)", "url = get_url()"), None);
        // A relative path, joined to the base URL the client was built with.
        let httpx = "client = httpx.Client(\n    base_url=\"https://int.api.service.nhs.uk/pds/FHIR/R4\",\n)\n";
        let got = super::call_url("client.get(\"/Patient\", params={})", httpx);
        assert_eq!(got.as_deref(), Some("https://int.api.service.nhs.uk/pds/FHIR/R4/Patient"));
        let dotnet = "_http.BaseAddress = new Uri(\"https://int.api.service.nhs.uk/pds/FHIR/R4/\");";
        let got = super::call_url("_http.GetAsync($\"Patient/{nhsNumber}\")", dotnet);
        assert_eq!(got.as_deref(), Some("https://int.api.service.nhs.uk/pds/FHIR/R4/Patient/{nhsNumber}"));
        let axios = "const pds = axios.create({ baseURL: 'https://int.api.service.nhs.uk/pds' });";
        assert_eq!(
            super::call_url("pds.get('/Patient/1')", axios).as_deref(),
            Some("https://int.api.service.nhs.uk/pds/Patient/1")
        );
        // A name holding the URL, then the path: a template's hole or a sum.
        let py = "BASE = \"https://int.api.service.nhs.uk/pds/FHIR/R4\"\n";
        let got = super::call_url("requests.get(f\"{BASE}/Patient/{nhs_number}\", headers=h)", py);
        assert_eq!(got.as_deref(), Some("https://int.api.service.nhs.uk/pds/FHIR/R4/Patient/{nhs_number}"));
        let java = "String pdsBase = \"https://int.api.service.nhs.uk/pds/FHIR/R4\";\n";
        let got = super::call_url("restTemplate.exchange(pdsBase + \"/Patient\", HttpMethod.POST, e)", java);
        assert_eq!(got.as_deref(), Some("https://int.api.service.nhs.uk/pds/FHIR/R4/Patient"));
        // No base URL, or a literal that is not a path: nothing is joined.
        assert_eq!(super::call_url("client.get(\"/Patient\")", "x = 1"), None);
        assert_eq!(super::relative_path("log.get(\"hello world\")"), None);
        assert_eq!(super::relative_path("client.get(\"/Patient\")"), Some("/Patient"));
        assert_eq!(url_in_code("fetch('https://a.example/x', {})", ""), Some("https://a.example/x"));
    }

    #[test]
    fn code_where_a_value_belongs_is_a_placeholder() {
        use super::is_placeholder;
        for code in ["build_assertion()", "NhsAssertion.build", "self.assertion", "jwt.sign(claims, key)", "#{jwt}"] {
            assert!(is_placeholder(code), "{code}");
        }
        for value in
            ["client_credentials", "eyJhbGciOiJSUzUxMiJ9.eyJpc3MiOiJhIn0.c2ln", "urn:ietf:params:oauth:x", "a b"]
        {
            assert!(!is_placeholder(value), "{value}");
        }
    }
}
