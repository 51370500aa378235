use std::rc::Rc;

use yew::prelude::*;

use super::token_view::marks;
use super::Masker;
use crate::decode::request::Request;
use crate::platform::Environment;
use crate::vocab::Finding;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Its place among its kind on the page: the ids of its parts are its own.
    pub index: usize,
    pub request: Rc<Request>,
    pub findings: Rc<Vec<Finding>>,
    pub masker: Masker,
}

#[function_component(RequestView)]
pub fn request_view(props: &Props) -> Html {
    let r = &props.request;
    let m = &props.masker;
    let f = &props.findings;
    let env = r
        .parsed_url()
        .and_then(|u| u.host_str().and_then(Environment::from_host))
        .map(|e| e.name())
        .unwrap_or("not an NHS API environment");
    let method = r
        .method
        .clone()
        .map(|x| if r.method_implied { format!("{x} (implied)") } else { x })
        .unwrap_or_else(|| "unknown".into());
    let ct = match (&r.content_type, &r.content_type_why) {
        (Some(c), Some(why)) => Some(format!("{c} ({why})")),
        (Some(c), None) => Some(c.clone()),
        (None, Some(why)) => Some(format!("none ({why})")),
        (None, None) => None,
    };
    let row = |name: &str, value: Html, subject: &str, checked: bool| {
        html! {
            <tr><th scope="row">{ name.to_string() }</th><td>{ value }</td><td>{ marks(f, subject, checked, m) }</td></tr>
        }
    };
    let form_value = |k: &str, v: &str| -> String {
        match k {
            "client_assertion" | "subject_token" => format!("a JWT of {} characters (shown above)", v.len()),
            "client_secret" => "<hidden>".into(),
            _ => m.show(v),
        }
    };
    html! {
        <section class="request" aria-labelledby={format!("request-h-{}", props.index)}>
            <h2 id={format!("request-h-{}", props.index)}>{ format!("Request ({})", r.source.map(|s| s.label()).unwrap_or("request")) }</h2>
            <table class="claims">
                <thead><tr><th scope="col">{"Part"}</th><th scope="col">{"Value"}</th><th scope="col">{"Check"}</th></tr></thead>
                <tbody>
                    { row("Method", html! { <code>{ method }</code> }, "method", r.method.is_some()) }
                    { row("URL", html! { <><code class="value">{ r.url.as_deref().map(|u| m.show(u)).unwrap_or_else(|| "—".into()) }</code><div class="hint">{ env }</div></> }, "url", r.url.is_some()) }
                    if r.body.is_some() || r.headers.iter().any(|h| h.name.eq_ignore_ascii_case("content-type")) {
                        { row("Content-Type", html! { <code>{ ct.unwrap_or_else(|| "none".into()) }</code> }, "content-type", true) }
                    }
                    { for r.headers.iter().filter(|h| !h.name.eq_ignore_ascii_case("content-type")).map(|h| {
                        let secret = matches!(h.name.to_ascii_lowercase().as_str(), "authorization" | "apikey" | "x-api-key" | "cookie");
                        let value = if secret { format!("{} <hidden>", h.value.split_whitespace().next().filter(|_| h.name.eq_ignore_ascii_case("authorization")).unwrap_or("")) } else { m.show(&h.value) };
                        row(&format!("Header {}", h.name), html! { <code>{ value.trim().to_string() }</code> }, &h.name.to_ascii_lowercase(), false)
                    }) }
                    { for r.form.iter().map(|(k, v)| row(&format!("Form {k}"), html! { <code class="value">{ form_value(k, v) }</code> }, k, matches!(k.as_str(), "grant_type" | "client_assertion_type" | "client_assertion"))) }
                    { for r.query.iter().map(|(k, v)| row(&format!("Query {k}"), html! { <code class="value">{ m.show(v) }</code> }, "url", false)) }
                </tbody>
            </table>
        </section>
    }
}
