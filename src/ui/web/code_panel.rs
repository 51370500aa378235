use yew::prelude::*;

use super::copy::CopyButton;
use super::Masker;
use crate::outputs::code::{self, KeySource, Lang, Params};
use crate::platform::Environment;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub env: Environment,
    pub api_key: String,
    pub kid: String,
    /// The builder's private key, if it has one: written into the program only when asked.
    pub private: Option<String>,
    pub masker: Masker,
}

fn label(lang: Lang) -> &'static str {
    match lang {
        Lang::Python => "Python",
        Lang::Node => "Node.js",
        Lang::CSharp => "C#",
        Lang::Java => "Java",
        Lang::Php => "PHP",
        Lang::Go => "Go",
        Lang::Http => ".http",
        Lang::Postman => "Postman",
    }
}

/// "Code for your own stack": the builder's values (API key, kid, the environment's token URL)
/// as a program per language (`outputs::code`), with tabs, copy and download. The program reads
/// the private key from `private.pem` unless the user ticks the box that writes it in. While the
/// key field is masked the program is shown with the key masked; copy and download hold it all.
#[function_component(CodePanel)]
pub fn code_panel(props: &Props) -> Html {
    let lang = use_state(|| Lang::Python);
    let embed = use_state(|| false);
    // Served by the twin: the program may point at it (it signs the URL it posts to as aud).
    let twin = use_memo((), |_| super::twin().map(|_| super::base_url()));
    let at_twin = use_state(|| false);
    // Written only once opened: the first screen carries no program.
    let open = use_state(|| false);
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            // `details.open`, through Reflect (HtmlDetailsElement is not among the features enabled).
            let target: Option<wasm_bindgen::JsValue> = e.target().map(Into::into);
            let now = target.and_then(|t| js_sys::Reflect::get(&t, &"open".into()).ok()).and_then(|v| v.as_bool());
            open.set(now.unwrap_or(false))
        })
    };
    let key = match (&props.private, *embed) {
        (Some(pem), true) => KeySource::Pem(pem.clone()),
        _ => KeySource::File(code::DEFAULT_KEY_FILE.into()),
    };
    let api_key = Some(props.api_key.trim()).filter(|k| !k.is_empty()).unwrap_or("YOUR_API_KEY");
    let kid = Some(props.kid.trim()).filter(|k| !k.is_empty()).unwrap_or("YOUR_KID");
    let params = match (&*twin, *at_twin) {
        (Some(base), true) => Params::for_base(base, api_key, kid),
        _ => Params::for_env(props.env, api_key, kid),
    };
    let text = if *open { code::generate(*lang, &params.with_key(key)) } else { String::new() };
    let download = use_download(text.clone());
    let on_twin = {
        let at_twin = at_twin.clone();
        Callback::from(move |e: Event| at_twin.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked()))
    };
    let on_embed = {
        let embed = embed.clone();
        Callback::from(move |e: Event| embed.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked()))
    };
    html! {
        <details class="code-panel" id="code-panel" {ontoggle}>
            <summary>{"Code for your own stack"}</summary>
            if *open {
            <p class="hint">{"A program that signs a new assertion per token request and calls Hello World with the token, in the shape of NHS's own tutorials, from the values above. It reads the private key from private.pem."}</p>
            <div class="tabs" role="tablist" aria-label="Language">
                { for Lang::ALL.into_iter().map(|l| {
                    let (lang, selected) = (lang.clone(), *lang == l);
                    html! {
                        <button type="button" role="tab" id={format!("code-tab-{}", l.id())} aria-selected={if selected { "true" } else { "false" }}
                            aria-controls="code-out" onclick={Callback::from(move |_: MouseEvent| lang.set(l))}>{ label(l) }</button>
                    }
                }) }
            </div>
            <pre id="code-out" role="tabpanel" aria-labelledby={format!("code-tab-{}", lang.id())} tabindex="0">{ props.masker.show(&text) }</pre>
            <div class="copy-row">
                <CopyButton text={text} label="Copy code" done="Code copied." />
                if let Some(href) = download {
                    <a class="button" id="code-download" href={href} download={lang.file_name()}>{ format!("Download {}", lang.file_name()) }</a>
                }
            </div>
            if let Some(base) = &*twin {
                <label class="check"><input type="checkbox" id="code-twin" checked={*at_twin} onchange={on_twin} />
                    { format!(" Point it at this twin ({base}) instead of the environment's host") }</label>
            }
            if props.private.is_some() {
                <label class="check"><input type="checkbox" id="code-embed-key" checked={*embed} onchange={on_embed} />
                    {" Write my private key into the program (it is then a secret file: never commit or share it)"}</label>
            }
            }
        </details>
    }
}

/// A `blob:` URL of `text`, made again when it changes, the old one revoked.
#[hook]
fn use_download(text: String) -> Option<String> {
    let url = use_state(|| None::<String>);
    {
        let url = url.clone();
        use_effect_with(text, move |text| {
            let made = (!text.is_empty()).then(|| super::crypto::download_url(text, "text/plain")).flatten();
            url.set(made.clone());
            move || {
                if let Some(u) = made {
                    super::crypto::revoke(&u);
                }
            }
        });
    }
    (*url).clone()
}
