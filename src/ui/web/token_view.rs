use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use super::Masker;
use crate::decode::jwt::{Jwt, Kind, Part};
use crate::vocab::Finding;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub index: usize,
    pub token: Rc<Jwt>,
    /// The findings about this token (its claims and header by `field`).
    pub findings: Rc<Vec<Finding>>,
    pub masker: Masker,
}

/// Claims and header fields the platform checks: a clean one gets a ✔.
const CHECKED: &[&str] = &["alg", "typ", "kid", "iss", "sub", "aud", "exp", "jti", "iat", "nbf"];

pub fn marks(findings: &[Finding], subject: &str, checked: bool, masker: &Masker) -> Html {
    let mine: Vec<&Finding> = findings.iter().filter(|f| f.field.as_deref() == Some(subject)).collect();
    if mine.is_empty() {
        return if checked {
            html! { <span class="mark ok"><span aria-hidden="true">{"✔ "}</span>{"ok"}</span> }
        } else {
            html! {}
        };
    }
    html! {
        <ul class="marks">
            { for mine.iter().map(|f| html! {
                <li class={classes!("mark", f.severity.label())}>
                    <span aria-hidden="true">{ format!("{} ", f.severity.icon()) }</span>
                    <span class="sev-label">{ format!("{}: ", f.severity.label()) }</span>
                    { masker.show(&f.message) }
                </li>
            }) }
        </ul>
    }
}

fn rows(
    part: &Part,
    findings: &[Finding],
    masker: &Masker,
    times: &[crate::decode::time::TimeClaim],
    expected: &[&str],
) -> Html {
    let Some(obj) = part.object() else { return html! {} };
    let missing: Vec<&&str> = expected
        .iter()
        .filter(|k| !obj.contains_key(**k) && findings.iter().any(|f| f.field.as_deref() == Some(**k)))
        .collect();
    html! {
        <table class="claims">
            <thead><tr><th scope="col">{"Name"}</th><th scope="col">{"Value"}</th><th scope="col">{"Check"}</th></tr></thead>
            <tbody>
                { for obj.iter().map(|(k, v)| {
                    let shown = match v { Value::String(s) => format!("\"{}\"", masker.show(s)), other => masker.show(&other.to_string()) };
                    let time = times.iter().find(|t| &t.name == k).and_then(|t| t.utc.clone().map(|u| format!("{u} · {}", t.relative.clone().unwrap_or_default())));
                    html! {
                        <tr>
                            <th scope="row"><code>{ k.clone() }</code></th>
                            <td><code class="value">{ shown }</code>
                                if let Some(t) = time { <div class="hint">{ t }</div> }
                            </td>
                            <td>{ marks(findings, k, CHECKED.contains(&k.as_str()), masker) }</td>
                        </tr>
                    }
                }) }
                { for missing.iter().map(|k| html! {
                    <tr class="missing">
                        <th scope="row"><code>{ **k }</code></th>
                        <td><em>{"missing"}</em></td>
                        <td>{ marks(findings, k, false, masker) }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

fn raw(part: &Part, masker: &Masker) -> Html {
    if let Some(json) = &part.json {
        html! { <details><summary>{"Exact JSON (key order and digits as sent)"}</summary><pre class="json">{ masker.json(json) }</pre></details> }
    } else if let Some(text) = &part.text {
        html! { <><p class="hint">{"Not JSON — shown as text:"}</p><pre class="text">{ masker.show(text) }</pre></> }
    } else if let Some(n) = part.bytes {
        html! { <p class="hint">{ format!("{n} bytes that are not text") }</p> }
    } else {
        html! { <p class="hint">{"Could not be decoded (see the findings)."}</p> }
    }
}

#[function_component(TokenView)]
pub fn token_view(props: &Props) -> Html {
    let t = &props.token;
    let role = t.role.label();
    let heading = match (t.kind, &t.code) {
        (Kind::Jwe, _) => "Encrypted token (JWE)".to_string(),
        (_, Some(c)) => format!("Token {}: {role}, as the code would sign it with {}", props.index + 1, c.library),
        _ => format!("Token {}: {role}", props.index + 1),
    };
    let signature = match &t.signature {
        None if t.code.is_some() => "made when the code runs: not in the paste".to_string(),
        Some(s) if s.b64.is_empty() => "empty".to_string(),
        Some(s) => {
            format!("{} bytes — give the public key or JWKS to check it here, with WebCrypto", s.bytes.unwrap_or(0))
        }
        None => "absent".to_string(),
    };
    let f = &props.findings;
    html! {
        <section class="token" aria-labelledby={format!("token-{}-h", props.index)}>
            <h2 id={format!("token-{}-h", props.index)}>{ heading }</h2>
            <div class="parts">
                <div class="part">
                    <h3>{"Header"}</h3>
                    { rows(&t.header, f, &props.masker, &[], &["alg", "typ", "kid"]) }
                    { raw(&t.header, &props.masker) }
                </div>
                if t.kind != Kind::Jwe {
                    <div class="part">
                        <h3>{"Payload"}</h3>
                        { rows(&t.payload, f, &props.masker, &t.times, &["iss", "sub", "aud", "exp", "jti"]) }
                        { raw(&t.payload, &props.masker) }
                    </div>
                }
            </div>
            <p class="sig">{"Signature: "}{ signature }</p>
        </section>
    }
}
