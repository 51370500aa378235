//! What HTTP clients do on their own, each from its own documentation or source: the encoders
//! that make JSON text, the arguments with which a client serialises an object itself, and the
//! Content-Type a client sends for a string body when the code sets none. decode/code_call.rs reads
//! a call in code with these tables.

/// Encoders that turn an object into JSON text, which the call then sends as a string (its
/// Content-Type is what the code sets, else the client's default for a string body).
pub const JSON_TEXT: &[&str] = &[
    "JSON.stringify(",
    "ConvertTo-Json",
    "JsonSerializer.Serialize(",
    "JsonConvert.SerializeObject(",
    "json.dumps(",
    "json.Marshal(",
    ".to_json",
    "jsonencode(",
    "JSONSerialization.data(",
    "jsonEncode(",
    "writeValueAsString(",
    "Json.encodeToString(",
    "json_encode(",
    "JSON.generate(",
];
/// Arguments and options with which a client serialises an object as JSON and says so in its
/// Content-Type (`json=` in requests and httpx, `PostAsJsonAsync`, Ansible's `body_format: json`,
/// reqwest's `.json(`).
pub const JSON_OBJECT: &[&str] =
    &["json=", "PostAsJsonAsync", "JsonContent.Create", "body_format: json", "body_format: \"json\"", ".json(&"];
pub const FORM: &[&str] = &[
    "data=",
    "URLSearchParams",
    "FormUrlEncodedContent",
    "querystring.stringify",
    "body_format: form-urlencoded",
    "http_build_query(",
    "URI.encode_www_form(",
    "BodyInserters.fromFormData(",
    "FormBody.Builder(",
    "submitForm(",
    "urlencode(",
    "post_form(",
];
/// PowerShell's `-Form` sends multipart/form-data whatever `-ContentType` says (its docs: the
/// ContentType is ignored when Form is used).
pub const MULTIPART: &[&str] = &["files=", "FormData(", "MultipartFormDataContent", "multipart/form-data", " -Form "];

/// What a client sends as Content-Type for a string body when the code sets none (each from its
/// own documentation or source); `None` is a client that sends no Content-Type at all.
const STRING_DEFAULTS: &[(&str, Option<&str>, &str)] = &[
    (
        "new StringContent(",
        Some("text/plain; charset=utf-8"),
        ".NET's StringContent defaults to text/plain; charset=utf-8",
    ),
    ("HttpRequest.newBuilder(", None, "Java's HttpClient sends no Content-Type unless the request sets one"),
    ("http.NewRequest", None, "Go's net/http sends no Content-Type unless the request sets one"),
    (
        "URLRequest(",
        Some(crate::platform::FORM_CONTENT_TYPE),
        "URLSession sends application/x-www-form-urlencoded for a POST body with no Content-Type",
    ),
    (
        "openConnection(",
        Some(crate::platform::FORM_CONTENT_TYPE),
        "HttpURLConnection sends application/x-www-form-urlencoded for a POST body with no Content-Type",
    ),
    (
        "Net::HTTP",
        Some(crate::platform::FORM_CONTENT_TYPE),
        "Ruby's Net::HTTP sends application/x-www-form-urlencoded when none is set",
    ),
    (
        "Invoke-RestMethod",
        Some(crate::platform::FORM_CONTENT_TYPE),
        "Invoke-RestMethod sends a POST body as application/x-www-form-urlencoded when -ContentType is not given",
    ),
    (
        "Invoke-WebRequest",
        Some(crate::platform::FORM_CONTENT_TYPE),
        "Invoke-WebRequest sends a POST body as application/x-www-form-urlencoded when -ContentType is not given",
    ),
    (
        "axios",
        Some(crate::platform::FORM_CONTENT_TYPE),
        "axios sends a string body as application/x-www-form-urlencoded",
    ),
    ("fetch(", Some("text/plain;charset=UTF-8"), "fetch sends a string body as text/plain;charset=UTF-8"),
];

/// The client's default Content-Type for a string body, known by its call (the call first, then
/// the rest of the paste).
pub fn string_default(call: &str, input: &str) -> Option<(Option<&'static str>, &'static str)> {
    [call, input]
        .iter()
        .find_map(|s| STRING_DEFAULTS.iter().find(|(marker, _, _)| names_call(s, marker)))
        .map(|(_, ct, why)| (*ct, *why))
}

/// `s` names the call `marker` itself, not a method of that name on something else
/// (`fetch(` is not `ENV.fetch(` nor `prefetch(`).
fn names_call(s: &str, marker: &str) -> bool {
    s.match_indices(marker).any(|(at, _)| {
        s[..at].chars().next_back().is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.' || c == ':'))
            || !marker.starts_with(|c: char| c.is_ascii_lowercase())
    })
}

/// Spring's message converters log what they write and as what:
/// `Writing [{grant_type=[…]}] as "application/json"`. The type and the line, when printed.
pub fn spring_written_as(input: &str) -> Option<(String, String)> {
    input.lines().find_map(|l| {
        let at = l.find("Writing [")?;
        let as_at = l.rfind("] as \"")?;
        let rest = &l[as_at + 6..];
        let ct = &rest[..rest.find('"')?];
        let shown: String = l[at..].chars().take(60).collect();
        (ct.contains('/')).then(|| (ct.to_string(), format!("{shown}… as \"{ct}\"")))
    })
}
