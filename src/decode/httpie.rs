//! An HTTPie or xh command line (`http POST https://… a=b`, `xh --form …`, `https …`): its
//! request items are the request. `name=value` is a data field, `name:=json` a raw JSON field,
//! `Name:value` a header, `name==value` a query parameter. The data go as a JSON object unless
//! `--form` / `-f` (a form: HTTPie's type carries `; charset=utf-8`, xh's none) or `--multipart`
//! is given (HTTPie's and xh's documented defaults).
//! A method written before the URL is taken; without one, data mean POST and none GET.

use url::form_urlencoded;

use super::request::{Header, Request, RequestSource};
use crate::vocab::Span;

use crate::extract::requests::cli::COMMANDS;
use crate::extract::requests::METHODS;

/// Parse the command (one line, or continued as a cURL command is).
pub fn parse_httpie(command: &str, span: Span) -> Request {
    let joined = super::curl::join_continuations(command);
    let words = shell_words::split(&joined).unwrap_or_else(|_| joined.split_whitespace().map(String::from).collect());
    let name = |w: &String| w.rsplit('/').next().unwrap_or("").to_string();
    let at = words.iter().position(|w| COMMANDS.contains(&name(w).as_str())).unwrap_or(words.len());
    // HTTPie's form type carries a charset (its FORM_CONTENT_TYPE); xh's (reqwest's) does not.
    let form_type = if words.get(at).is_some_and(|w| name(w).starts_with("xh")) {
        crate::platform::FORM_CONTENT_TYPE.to_string()
    } else {
        format!("{}; charset=utf-8", crate::platform::FORM_CONTENT_TYPE)
    };
    let words = words.into_iter().skip(at + 1);
    let mut req = Request { source: Some(RequestSource::Cli), span: Some(span), ..Request::default() };
    let (mut form, mut multipart) = (false, false);
    let mut fields: Vec<(String, serde_json::Value)> = Vec::new();
    let mut query: Vec<(String, String)> = Vec::new();
    let mut url: Option<String> = None;
    for w in words {
        if w.starts_with('-') {
            match w.as_str() {
                "--form" | "-f" => form = true,
                "--multipart" => multipart = true,
                "--json" | "-j" => form = false,
                _ => {}
            }
            continue;
        }
        if url.is_none() && METHODS.contains(&w.as_str()) && req.method.is_none() {
            req.method = Some(w);
            continue;
        }
        if url.is_none() {
            url = Some(w);
            continue;
        }
        // Request items, the separator that comes first deciding (`==` before `=`, `:=` before `:`).
        let at = |sep: &'static str| w.find(sep).map(|i| (i, sep));
        let sep =
            [at(":="), at("=="), at("="), at(":")].into_iter().flatten().min_by_key(|(i, s)| (*i, -(s.len() as i64)));
        match sep {
            Some((i, ":=")) => {
                let v = serde_json::from_str(&w[i + 2..]).unwrap_or(serde_json::Value::String(w[i + 2..].to_string()));
                fields.push((w[..i].to_string(), v));
            }
            Some((i, "==")) => query.push((w[..i].to_string(), w[i + 2..].to_string())),
            Some((i, "=")) => fields.push((w[..i].to_string(), serde_json::Value::String(w[i + 1..].to_string()))),
            Some((i, _)) => req.headers.push(Header { name: w[..i].to_string(), value: w[i + 1..].trim().to_string() }),
            None => {}
        }
    }
    let mut url = url.unwrap_or_default();
    // HTTPie's shorthand for localhost (`:3000/path`) and a URL without its scheme.
    if !url.is_empty() && !url.contains("://") {
        url = format!("https://{}", url.trim_start_matches(':'));
    }
    if !query.is_empty() {
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.extend_pairs(query.iter());
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&q.finish());
    }
    req.url = Some(url);
    if req.method.is_none() {
        req.method = Some(if fields.is_empty() { "GET" } else { "POST" }.to_string());
    }
    let declared = req.header("content-type").is_some();
    if !fields.is_empty() {
        if multipart {
            req.multipart = true;
            if !declared {
                req.content_type = Some("multipart/form-data".into());
                req.content_type_why = Some("HTTPie's default for --multipart".into());
            }
        } else if form {
            let mut b = form_urlencoded::Serializer::new(String::new());
            for (k, v) in &fields {
                b.append_pair(k, v.as_str().map_or_else(|| v.to_string(), str::to_string).as_str());
            }
            req.body = Some(b.finish());
            if !declared {
                req.headers.push(Header { name: "Content-Type".into(), value: form_type.clone() });
            }
        } else {
            let object: serde_json::Map<String, serde_json::Value> = fields.into_iter().collect();
            req.body = Some(serde_json::Value::Object(object).to_string());
            req.json_body = true;
            if !declared {
                req.headers.push(Header { name: "Content-Type".into(), value: "application/json".into() });
            }
        }
    }
    req.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPAN: Span = Span { start: 0, end: 0 };

    #[test]
    fn data_items_go_as_json_unless_form() {
        let r =
            parse_httpie("$ xh POST https://int.api.service.nhs.uk/oauth2/token grant_type=client_credentials", SPAN);
        assert_eq!(r.method.as_deref(), Some("POST"));
        assert_eq!(r.content_type.as_deref(), Some("application/json"));
        assert!(r.json_body && r.form.is_empty());
        let r = parse_httpie(
            "http --form https://int.api.service.nhs.uk/oauth2/token grant_type=client_credentials apikey:abc",
            SPAN,
        );
        assert_eq!(r.method.as_deref(), Some("POST"));
        assert_eq!(r.content_type.as_deref(), Some("application/x-www-form-urlencoded; charset=utf-8"));
        assert_eq!(r.form_value("grant_type"), Some("client_credentials"));
        assert_eq!(r.header("apikey"), Some("abc"));
    }

    #[test]
    fn query_items_and_a_bare_get() {
        let r = parse_httpie("https GET int.api.service.nhs.uk/hello-world/hello/world name==x", SPAN);
        assert_eq!(r.url.as_deref(), Some("https://int.api.service.nhs.uk/hello-world/hello/world?name=x"));
        assert_eq!(r.method.as_deref(), Some("GET"));
        assert_eq!(r.body, None);
    }
}
