use std::rc::Rc;

use yew::prelude::*;

use super::token_view::marks;
use super::Masker;
use crate::keys::nhs_jwks_url;
use crate::platform::Environment;
use crate::Report;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: Rc<Report>,
    /// WebCrypto is checking the signature right now.
    pub checking: bool,
    pub app_id: String,
    pub env: Option<Environment>,
    pub masker: Masker,
}

/// The keys found and what they say about the signature.
#[function_component(KeysPanel)]
pub fn keys_panel(props: &Props) -> Html {
    let r = &props.report;
    if r.keys.is_empty() {
        return html! {};
    }
    let sig: Vec<_> = r.findings.iter().filter(|f| f.field.as_deref() == Some("signature")).cloned().collect();
    let hosted = match (props.env, props.app_id.trim()) {
        (Some(env), id) if crate::platform::looks_like_guid(id) => Some(nhs_jwks_url(env, id)),
        _ => None,
    };
    html! {
        <section class="keys" aria-labelledby="keys-h">
            <h2 id="keys-h">{"Keys and signature"}</h2>
            <p class="hint">{"Checked here with the browser's WebCrypto. No key is ever fetched — not from the token's jku/x5u, not from anywhere; a key inside a token proves nothing."}</p>
            <table class="claims">
                <thead><tr><th scope="col">{"Key"}</th><th scope="col">{"What it is"}</th><th scope="col">{"Notes"}</th></tr></thead>
                <tbody>
                    { for r.keys.iter().map(|k| html! {
                        <tr>
                            <th scope="row"><code>{ k.kid.clone().unwrap_or_else(|| "(no kid)".into()) }</code></th>
                            <td>{ format!("{} · {}{}{}", k.source.label(), k.kty, k.bits.map(|b| format!(" {b}-bit")).unwrap_or_default(),
                                k.alg.as_deref().map(|a| format!(" · alg {a}")).unwrap_or_default()) }</td>
                            <td>
                                if k.private { <span class="mark error">{"✘ private key material"}</span> }
                                if let Some(p) = &k.problem { <span class="mark warning">{ format!("⚠ {p}") }</span> }
                            </td>
                        </tr>
                    }) }
                </tbody>
            </table>
            <p class="sigstatus" role="status">
                if props.checking { {"Checking the signature with WebCrypto…"} }
                else if sig.is_empty() && r.verification.is_none() { {"Paste the client assertion too, to check its signature against these keys."} }
                else { { marks(&sig, "signature", false, &props.masker) } }
            </p>
            if let Some(url) = hosted {
                <p>{"If NHS hosts this app's key (uploaded in the portal), its JWKS is at "}<code class="value">{ url }</code>{" — compare it with what you pasted."}</p>
            }
        </section>
    }
}
