use std::rc::Rc;

use yew::prelude::*;

use crate::decode::jwt::{Jwt, Kind, Part};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub index: usize,
    pub token: Rc<Jwt>,
}

fn show_part(part: &Part) -> Html {
    if let Some(json) = &part.json {
        let pretty = serde_json::to_string_pretty(json).unwrap_or_default();
        html! { <pre class="json">{ pretty }</pre> }
    } else if let Some(text) = &part.text {
        html! { <><p class="hint">{"Not JSON — shown as text:"}</p><pre class="text">{ text.clone() }</pre></> }
    } else if let Some(n) = part.bytes {
        html! { <p class="hint">{ format!("{n} bytes that are not text") }</p> }
    } else {
        html! { <p class="hint">{"Could not be decoded (see the findings above)."}</p> }
    }
}

#[function_component(TokenView)]
pub fn token_view(props: &Props) -> Html {
    let t = &props.token;
    let heading = match t.kind {
        Kind::Jwe => "Encrypted token (JWE)".to_string(),
        _ => format!("Token {}", props.index + 1),
    };
    let signature = match &t.signature {
        Some(s) if s.b64.is_empty() => "empty".to_string(),
        Some(s) => format!("{} bytes (not shown)", s.bytes.unwrap_or(0)),
        None => "absent".to_string(),
    };
    html! {
        <section class="token" aria-label={heading.clone()}>
            <h2>{ heading }</h2>
            <div class="parts">
                <div class="part">
                    <h3>{"Header"}</h3>
                    { show_part(&t.header) }
                </div>
                if t.kind != Kind::Jwe {
                    <div class="part">
                        <h3>{"Payload"}</h3>
                        { show_part(&t.payload) }
                    </div>
                }
            </div>
            if !t.times.is_empty() {
                <table class="times">
                    <caption>{"Times (UTC)"}</caption>
                    <thead><tr><th scope="col">{"Claim"}</th><th scope="col">{"Value"}</th><th scope="col">{"UTC"}</th><th scope="col">{"Relative to now"}</th></tr></thead>
                    <tbody>
                    { for t.times.iter().map(|c| html! {
                        <tr>
                            <th scope="row"><code>{ &c.name }</code></th>
                            <td><code>{ if c.is_string { format!("\"{}\"", c.raw) } else { c.raw.clone() } }</code></td>
                            <td>{ c.utc.clone().unwrap_or_else(|| "—".into()) }</td>
                            <td>{ c.relative.clone().unwrap_or_else(|| "—".into()) }</td>
                        </tr>
                    }) }
                    </tbody>
                </table>
            }
            <p class="sig">{"Signature: "}{ signature }</p>
        </section>
    }
}
