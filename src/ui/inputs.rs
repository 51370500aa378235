use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::platform::Environment;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fields {
    pub paste: String,
    pub key: String,
    pub key_visible: bool,
    pub app_id: String,
    pub app_name: String,
    pub env: Option<Environment>,
    pub failed_at: String,
    pub keys_text: String,
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub fields: Fields,
    pub detected: Option<Environment>,
    pub found: Vec<String>,
    pub cleaned: Vec<String>,
    pub on_change: Callback<Fields>,
}

#[function_component(Inputs)]
pub fn inputs(props: &Props) -> Html {
    let f = &props.fields;
    let set = |apply: fn(&mut Fields, String)| {
        let fields = f.clone();
        let cb = props.on_change.clone();
        move |value: String| {
            let mut next = fields.clone();
            apply(&mut next, value);
            cb.emit(next);
        }
    };
    let on_paste = {
        let s = set(|f, v| f.paste = v);
        Callback::from(move |e: InputEvent| s(e.target_unchecked_into::<HtmlTextAreaElement>().value()))
    };
    let on_key = {
        let s = set(|f, v| f.key = v);
        Callback::from(move |e: InputEvent| s(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_app_id = {
        let s = set(|f, v| f.app_id = v);
        Callback::from(move |e: InputEvent| s(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_app_name = {
        let s = set(|f, v| f.app_name = v);
        Callback::from(move |e: InputEvent| s(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_time = {
        let s = set(|f, v| f.failed_at = v);
        Callback::from(move |e: InputEvent| s(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_keys = {
        let s = set(|f, v| f.keys_text = v);
        Callback::from(move |e: InputEvent| s(e.target_unchecked_into::<HtmlTextAreaElement>().value()))
    };
    let on_env = {
        let s = set(|f, v| f.env = Environment::from_label(&v));
        Callback::from(move |e: Event| s(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let toggle = {
        let fields = f.clone();
        let cb = props.on_change.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = fields.clone();
            next.key_visible = !next.key_visible;
            cb.emit(next);
        })
    };
    let auto = match props.detected {
        Some(e) if f.env.is_none() => format!("Auto-detect ({})", e.name()),
        _ => "Auto-detect".to_string(),
    };
    let selected = f.env.map(|e| e.label()).unwrap_or("");
    html! {
        <section class="inputs" aria-label="What you have">
            <label for="paste">{"Paste anything: the JWT, the error body, the request (cURL or HTTP), or the whole forum post"}</label>
            <textarea id="paste" spellcheck="false" autocomplete="off" rows="9"
                placeholder="eyJhbGciOiJSUzUxMiIsInR5cCI6IkpXVCIsImtpZCI6InRlc3QtMSJ9.eyJpc3MiOi…"
                value={f.paste.clone()} oninput={on_paste} />
            if !props.found.is_empty() {
                <p class="found" id="found"><strong>{"Found: "}</strong>{ props.found.join(" · ") }
                    if !props.cleaned.is_empty() { <span class="cleaned">{ format!(" (cleaned: {})", props.cleaned.join("; ")) }</span> }
                </p>
            }
            <div class="fields">
                <div class="field">
                    <label for="api-key">{"API key"}</label>
                    <div class="with-button">
                        <input id="api-key" type={if f.key_visible { "text" } else { "password" }} autocomplete="off" spellcheck="false"
                            value={f.key.clone()} oninput={on_key} aria-describedby="api-key-help" />
                        <button type="button" onclick={toggle} aria-pressed={if f.key_visible { "true" } else { "false" }} aria-controls="api-key">
                            { if f.key_visible { "Hide" } else { "Show" } }
                        </button>
                    </div>
                    <p class="help" id="api-key-help">{"Compared with iss/sub; masked everywhere on the page while hidden; never stored."}</p>
                </div>
                <div class="field">
                    <label for="env">{"Environment"}</label>
                    <select id="env" onchange={on_env}>
                        <option value="" selected={selected.is_empty()}>{ auto }</option>
                        { for Environment::ALL.iter().map(|e| html! { <option value={e.label()} selected={selected == e.label()}>{ e.name() }</option> }) }
                    </select>
                </div>
                <div class="field">
                    <label for="app-id">{"Application ID (optional)"}</label>
                    <input id="app-id" type="text" autocomplete="off" spellcheck="false" value={f.app_id.clone()} oninput={on_app_id} />
                </div>
                <div class="field">
                    <label for="app-name">{"App name (optional, for the ticket)"}</label>
                    <input id="app-name" type="text" autocomplete="off" value={f.app_name.clone()} oninput={on_app_name} />
                </div>
                <div class="field wide">
                    <label for="keys">{"Public key or JWKS (optional: to check the signature)"}</label>
                    <textarea id="keys" rows="3" spellcheck="false" autocomplete="off" placeholder="{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"test-1\",…}]} or -----BEGIN PUBLIC KEY-----"
                        value={f.keys_text.clone()} oninput={on_keys} />
                </div>
                <div class="field">
                    <label for="failed-at">{"Time of a failing call, UTC (optional, for the ticket)"}</label>
                    <input id="failed-at" type="text" autocomplete="off" placeholder="now" value={f.failed_at.clone()} oninput={on_time} />
                </div>
            </div>
        </section>
    }
}
