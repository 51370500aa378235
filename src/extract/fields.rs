//! Form fields and header lines printed apart from a request: devtools "Form Data" and
//! "Headers" blocks, log lines, JS object dumps.

/// The token request's form fields, as devtools and logs print them one per line.
pub const FORM_FIELDS: &[&str] = &[
    "grant_type",
    "client_assertion_type",
    "client_assertion",
    "client_id",
    "client_secret",
    "scope",
    "subject_token",
    "subject_token_type",
    "requested_token_type",
    "code",
    "redirect_uri",
    "refresh_token",
    "_access_token_expiry_ms",
];

/// Header lines printed apart from a request (`Headers:` blocks of devtools, logs, posts):
/// `(offset of its line, name, value)` for the headers an API call's auth depends on.
pub fn header_lines_at(input: &str) -> Vec<(usize, String, String)> {
    const NAMES: &[&str] = &["authorization", "apikey", "x-api-key", "content-type", "accept"];
    // Devtools and logs print the response's headers too: those under a `Response Headers`
    // heading or after a status line (`HTTP/1.1 401`, .NET's `StatusCode: 401, …, Headers:`), up
    // to a `Request Headers` heading or a request line, are the answer's, not the request's.
    let mut answer = false;
    let mut at = 0;
    input
        .split_inclusive('\n')
        .map(|l| {
            at += l.len();
            (at - l.len(), l.trim_end_matches(['\n', '\r']))
        })
        .filter(|(_, l)| {
            let lower = l.trim().to_ascii_lowercase();
            let request_line = super::requests::METHODS
                .iter()
                .any(|m| l.trim().strip_prefix(m).is_some_and(|r| r.starts_with(" http") || r.starts_with(" /")));
            // axios's error dump: `config: {` holds the request it sent, `response: {` the answer.
            if lower.starts_with("response headers")
                || lower.starts_with("received headers")
                || lower.starts_with("response: {")
                // A status line opens the answer's headers; a JSON body's own status does not.
                || (super::status::status_line(l).is_some() && !l.trim_start().starts_with(['{', '[']))
            {
                answer = true;
            } else if lower.starts_with("request headers")
                || lower.starts_with("general")
                || lower.starts_with("config: {")
                || request_line
            {
                answer = false;
            }
            !answer
        })
        .flat_map(|(at, l)| {
            let own_line = l.trim().split_once(':').and_then(|(name, value)| {
                // Quotes and a trailing comma are syntax in a JS object dump.
                let name = name.trim().trim_matches(['\'', '"']);
                let value = value.trim().trim_end_matches(',').trim_matches(['\'', '"']);
                let lower = name.to_ascii_lowercase();
                (NAMES.contains(&lower.as_str()) || lower.starts_with("nhsd-"))
                    .then(|| (name.to_string(), value.to_string()))
            });
            // A map printed on one line (a Python log's `headers={'Authorization': 'Bearer …'}`,
            // a Ruby hash, a JSON object): its quoted pairs.
            let inline = if own_line.is_some() { Vec::new() } else { quoted_pairs(l, NAMES) };
            own_line.into_iter().chain(inline).map(move |(n, v)| (at, n, v))
        })
        .collect()
}

/// `'name': 'value'`, `"name": "value"` or `"name" => "value"` pairs on a line, for `names`.
fn quoted_pairs(line: &str, names: &[&str]) -> Vec<(String, String)> {
    let lower = line.to_ascii_lowercase();
    let mut out = Vec::new();
    for name in names {
        for q in ['\'', '"'] {
            let key = format!("{q}{name}{q}");
            for (at, _) in lower.match_indices(&key) {
                let rest = line[at + key.len()..].trim_start();
                let Some(rest) = rest.strip_prefix(':').or_else(|| rest.strip_prefix("=>")) else { continue };
                let rest = rest.trim_start();
                let Some(open) = rest.chars().next().filter(|c| *c == '\'' || *c == '"') else { continue };
                let Some(end) = rest[1..].find(open) else { continue };
                out.push((line[at + 1..at + 1 + name.len()].to_string(), rest[1..1 + end].to_string()));
            }
        }
    }
    out
}

/// `name: value` (or `name = value`) with `name` a form field.
pub fn field_line(line: &str) -> Option<(&str, &str)> {
    let t = line.trim_matches(|c: char| c.is_ascii_whitespace()).trim_start_matches(['-', '*', ' ']);
    let (name, value) = t.split_once(':').or_else(|| t.split_once(" = "))?;
    let name = name.trim().trim_matches(['"', '\'']);
    // Only ASCII white space is trimmed: a non-breaking space at the end of a value is what
    // went over the wire, and is reported.
    let value = value.trim_matches(|c: char| c.is_ascii_whitespace()).trim_matches(['"', '\'', ',']);
    FORM_FIELDS.contains(&name).then_some((name, value))
}

#[cfg(test)]
mod tests {
    fn header_lines(input: &str) -> Vec<(String, String)> {
        super::header_lines_at(input).into_iter().map(|(_, n, v)| (n, v)).collect()
    }

    #[test]
    fn the_answers_headers_are_not_the_requests() {
        let devtools =
            "Response Headers\ncontent-type: application/json\n\nRequest Headers\ncontent-type: text/plain\n";
        assert_eq!(header_lines(devtools), vec![("content-type".to_string(), "text/plain".to_string())]);
        let dotnet = "Token request failed: StatusCode: 401, ReasonPhrase: 'Unauthorized', Headers:\n{\n  \
                      Content-Type: application/json\n}\n";
        assert!(header_lines(dotnet).is_empty());
        let python =
            "GET https://int.api.service.nhs.uk/x headers={'x-request-id': 'a', 'Authorization': 'Bearer None'}";
        assert_eq!(header_lines(python), vec![("Authorization".to_string(), "Bearer None".to_string())]);
    }
}
