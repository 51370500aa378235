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
/// `(name, value)` for the headers an API call's auth depends on.
pub fn header_lines(input: &str) -> Vec<(String, String)> {
    const NAMES: &[&str] = &["authorization", "apikey", "x-api-key", "content-type", "accept"];
    input
        .lines()
        .filter_map(|l| {
            let (name, value) = l.trim().split_once(':')?;
            // Quotes and a trailing comma are syntax in a JS object dump.
            let name = name.trim().trim_matches(['\'', '"']);
            let value = value.trim().trim_end_matches(',').trim_matches(['\'', '"']);
            let lower = name.to_ascii_lowercase();
            (NAMES.contains(&lower.as_str()) || lower.starts_with("nhsd-"))
                .then(|| (name.to_string(), value.to_string()))
        })
        .collect()
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
