//! Answers written in markup rather than JSON: a FHIR OperationOutcome in XML (GP Connect's
//! STU3 APIs and the Spine Secure Proxy answer `application/fhir+xml`) and a server's HTML error
//! page (Express's `<pre>Cannot POST /hello/user</pre>`, an nginx or gateway page). Each is given
//! to the error-body reader as the JSON it stands for: the XML as FHIR JSON (the same fields),
//! the HTML page as `{"@html-error-page": {"title", "text"}}`.

use serde_json::{json, Value};

use super::json::FoundJson;
use crate::vocab::Span;

/// The key an HTML error page is given under (no JSON a person pastes uses it).
pub const HTML_PAGE: &str = "@html-error-page";

/// Every XML OperationOutcome and HTML error page in the text, in order.
pub fn find_markup(input: &str) -> Vec<FoundJson> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = input[from..].find("<OperationOutcome") {
        let start = from + p;
        let end = input[start..].find("</OperationOutcome>").map_or(input.len(), |e| start + e + 19);
        out.push(FoundJson {
            value: operation_outcome(&input[start..end]),
            span: Span { start, end },
            repaired: vec![],
        });
        from = end;
    }
    if let Some(page) = html_page(input) {
        out.push(page);
    }
    out
}

/// `<issue>`s with their severity, code, first coding and diagnostics, as FHIR JSON.
fn operation_outcome(xml: &str) -> Value {
    let issues: Vec<Value> = xml
        .split("<issue>")
        .skip(1)
        .map(|issue| {
            let issue = issue.split("</issue>").next().unwrap_or(issue);
            let (head, details) = issue.split_once("<details>").unwrap_or((issue, ""));
            let mut v = json!({});
            for (name, text) in [("severity", head), ("code", head), ("diagnostics", issue)] {
                if let Some(x) = value_of(text, name) {
                    v[name] = Value::String(x);
                }
            }
            if let Some(coding) = details.split("<coding>").nth(1) {
                let mut c = json!({});
                for name in ["system", "code", "display"] {
                    if let Some(x) = value_of(coding, name) {
                        c[name] = Value::String(x);
                    }
                }
                v["details"] = json!({ "coding": [c] });
            }
            v
        })
        .collect();
    json!({ "resourceType": "OperationOutcome", "issue": issues })
}

/// The `value` attribute of the first `<name value="…"/>` element.
fn value_of(xml: &str, name: &str) -> Option<String> {
    let at = xml.find(&format!("<{name} value=\""))? + name.len() + 9;
    let end = xml[at..].find('"')?;
    Some(unescape(&xml[at..at + end]))
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

/// A small HTML page's words: its `<pre>` (Express), else its `<h1>`, else its `<title>`.
fn html_page(input: &str) -> Option<FoundJson> {
    let lower = input.to_ascii_lowercase();
    let start = lower.find("<!doctype html").or_else(|| lower.find("<html"))?;
    let end = lower[start..].find("</html>").map_or(input.len(), |e| start + e + 7);
    if end - start > 20_000 {
        return None;
    }
    let page = &input[start..end];
    let inner = |tag: &str| {
        let lp = page.to_ascii_lowercase();
        let open = lp.find(&format!("<{tag}"))?;
        let body = open + lp[open..].find('>')? + 1;
        let close = body + lp[body..].find(&format!("</{tag}>"))?;
        let text = unescape(page[body..close].trim());
        (!text.is_empty() && !text.contains('<')).then_some(text)
    };
    let title = inner("title");
    let text = inner("pre").or_else(|| inner("h1")).or_else(|| title.clone())?;
    let value = json!({ HTML_PAGE: { "title": title, "text": text } });
    Some(FoundJson { value, span: Span { start, end }, repaired: vec![] })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_xml_operation_outcome_reads_as_its_json() {
        let xml = "HTTP/1.1 502 Bad Gateway\n\n<OperationOutcome xmlns=\"http://hl7.org/fhir\">\n<issue>\n<severity value=\"error\"/>\n<code value=\"transient\"/>\n<details><coding><system value=\"s\"/><code value=\"502\"/><display value=\"ERROR_COMMUNICATING &amp; more\"/></coding></details>\n<diagnostics value=\"ERROR_COMMUNICATING\"/>\n</issue>\n</OperationOutcome>";
        let found = find_markup(xml);
        let v = &found[0].value;
        assert_eq!(v["issue"][0]["code"], "transient");
        assert_eq!(v["issue"][0]["details"]["coding"][0]["code"], "502");
        assert_eq!(v["issue"][0]["details"]["coding"][0]["display"], "ERROR_COMMUNICATING & more");
        assert_eq!(v["issue"][0]["diagnostics"], "ERROR_COMMUNICATING");
        assert!(xml[found[0].span.start..found[0].span.end].ends_with("</OperationOutcome>"));
    }

    #[test]
    fn an_html_error_page_reads_as_its_words() {
        let html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><title>Error</title></head>\n<body>\n<pre>Cannot POST /hello/user</pre>\n</body>\n</html>\n";
        assert_eq!(find_markup(html)[0].value[HTML_PAGE]["text"], "Cannot POST /hello/user");
        assert!(find_markup("no markup here <b>bold</b>").is_empty());
    }
}
