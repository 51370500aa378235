use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::copy::CopyButton;
use crate::keys::build;
use crate::platform::Environment;
use crate::ui::state::BuilderTyped;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub api_key: String,
    pub env: Option<Environment>,
    pub kid: Option<String>,
    /// Put a built request into the paste box (and analyse it).
    pub on_use: Callback<String>,
    /// What was typed into the server-rendered builder before the page was live.
    #[prop_or_default]
    pub typed: BuilderTyped,
}

#[derive(Clone, PartialEq)]
struct Output {
    compact: String,
    curl: String,
}

#[derive(Clone, PartialEq)]
struct Generated {
    jwks: String,
    download: String,
    pem: String,
    /// The key's RFC 7638 thumbprint: the default kid.
    thumbprint: String,
}

/// Build and sign a correct assertion with a pasted private key; make a key pair. The private
/// key lives only in this component's memory: never stored, never in a URL, never logged,
/// cleared by a button and when the page is hidden for good.
#[function_component(Builder)]
pub fn builder(props: &Props) -> Html {
    let env = use_state(|| props.env.unwrap_or(Environment::Int));
    // The kid: the one the pasted assertion uses, else the user's, else the generated key's
    // RFC 7638 thumbprint (filled in when a key pair is made).
    let kid = use_state(|| props.kid.clone().unwrap_or_default());
    let kid_typed = use_state(|| false);
    // A generated key "loaded" into the builder: kept in memory only, never written to a field.
    let loaded = use_state(|| false);
    let lifetime = use_state(|| "240".to_string());
    let private = use_state(String::new);
    let output = use_state(|| None::<Output>);
    let error = use_state(String::new);
    let busy = use_state(|| false);
    let generated = use_state(|| None::<Generated>);

    {
        // Once mounted: what was typed before the page was live (hydrating reset the fields).
        let (typed, env, kid, kid_typed, lifetime, private) =
            (props.typed.clone(), env.clone(), kid.clone(), kid_typed.clone(), lifetime.clone(), private.clone());
        use_effect_with((), move |_| {
            if let Some(e) = typed.env {
                env.set(e);
            }
            if let Some(k) = typed.kid {
                kid.set(k);
                kid_typed.set(true);
            }
            if let Some(l) = typed.lifetime {
                lifetime.set(l);
            }
            if let Some(p) = typed.private {
                private.set(p);
            }
        });
    }

    // Forget the private key when the page goes away (bfcache included).
    {
        let private = private.clone();
        use_effect_with((), move |_| {
            use wasm_bindgen::JsCast;
            let closure = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || private.set(String::new()));
            let window = web_sys::window();
            if let Some(w) = &window {
                let _ = w.add_event_listener_with_callback("pagehide", closure.as_ref().unchecked_ref());
            }
            move || {
                if let Some(w) = window {
                    let _ = w.remove_event_listener_with_callback("pagehide", closure.as_ref().unchecked_ref());
                }
            }
        });
    }

    let on_env = {
        let env = env.clone();
        Callback::from(move |e: Event| {
            if let Some(x) = Environment::from_label(&e.target_unchecked_into::<HtmlSelectElement>().value()) {
                env.set(x)
            }
        })
    };
    let on_kid = {
        let (kid, kid_typed) = (kid.clone(), kid_typed.clone());
        Callback::from(move |e: InputEvent| {
            kid.set(e.target_unchecked_into::<HtmlInputElement>().value());
            kid_typed.set(true);
        })
    };
    let on_life = {
        let l = lifetime.clone();
        Callback::from(move |e: InputEvent| l.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_private = {
        let (p, loaded) = (private.clone(), loaded.clone());
        Callback::from(move |e: InputEvent| {
            p.set(e.target_unchecked_into::<HtmlTextAreaElement>().value());
            loaded.set(false);
        })
    };

    let on_build = {
        let (env, kid, lifetime, private, output, error, key) = (
            env.clone(),
            kid.clone(),
            lifetime.clone(),
            private.clone(),
            output.clone(),
            error.clone(),
            props.api_key.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if kid.trim().is_empty() {
                return error.set("Give the kid: the key id registered with the public key (a generated key uses its RFC 7638 thumbprint).".into());
            }
            let life: i64 = lifetime.trim().parse().unwrap_or(0);
            let assertion = match build::assertion(*env, &key, &kid, life, super::now(), &super::crypto::random_uuid())
            {
                Ok(a) => a,
                Err(e) => return error.set(e),
            };
            let text = (*private).clone();
            let keys = crate::keys::parse::keys_in(&text);
            let Some(jwk) = keys.iter().find_map(|k| k.private_jwk.clone()) else {
                let why = keys.iter().find_map(|k| k.problem.clone()).unwrap_or_else(|| "Paste a private key: PKCS#8 (BEGIN PRIVATE KEY), PKCS#1 (BEGIN RSA PRIVATE KEY) or a private JWK.".into());
                return error.set(why);
            };
            let (output, error) = (output.clone(), error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match super::crypto::sign_rs512(&jwk, &assertion.signing_input).await {
                    Ok(sig) => {
                        let compact = assertion.compact(&sig);
                        output.set(Some(Output { curl: assertion.curl(&compact), compact }));
                        error.set(String::new());
                    }
                    Err(e) => error.set(format!("WebCrypto could not sign with this key: {e}")),
                }
            });
        })
    };
    let on_clear = {
        let (private, generated, output, loaded) = (private.clone(), generated.clone(), output.clone(), loaded.clone());
        Callback::from(move |_: MouseEvent| {
            private.set(String::new());
            loaded.set(false);
            if let Some(g) = &*generated {
                super::crypto::revoke(&g.download);
            }
            generated.set(None);
            output.set(None);
        })
    };
    let on_generate = {
        let (busy, generated, error, kid, kid_typed) =
            (busy.clone(), generated.clone(), error.clone(), kid.clone(), kid_typed.clone());
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            let (busy, generated, error, kid_state) = (busy.clone(), generated.clone(), error.clone(), kid.clone());
            let typed = (*kid_typed && !kid.trim().is_empty()).then(|| (*kid).clone());
            wasm_bindgen_futures::spawn_local(async move {
                match super::crypto::generate().await {
                    Ok((der, public)) => {
                        let pem = build::pkcs8_pem(&der);
                        let thumbprint = super::crypto::thumbprint(&public).await.unwrap_or_default();
                        let kid = typed.unwrap_or_else(|| thumbprint.clone());
                        kid_state.set(kid.clone());
                        let jwks = serde_json::to_string_pretty(&build::jwks_for(&public, &kid)).unwrap_or_default();
                        match super::crypto::download_url(&pem, "application/x-pem-file") {
                            Some(download) => generated.set(Some(Generated { jwks, download, pem, thumbprint })),
                            None => error.set("The browser could not offer the download.".into()),
                        }
                    }
                    Err(e) => error.set(format!("Key generation failed: {e}")),
                }
                busy.set(false);
            });
        })
    };
    let use_generated = {
        let (private, generated, loaded) = (private.clone(), generated.clone(), loaded.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(g) = &*generated {
                // In memory only: the field stays empty and says the key is loaded.
                private.set(g.pem.clone());
                loaded.set(true);
            }
        })
    };
    let on_use = {
        let (cb, output) = (props.on_use.clone(), output.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(o) = &*output {
                cb.emit(o.curl.clone())
            }
        })
    };

    html! {
        <section class="builder" aria-labelledby="builder-h">
            <h2 id="builder-h">{"Build and sign a correct assertion"}</h2>
            <p class="hint">{"RS512, typ JWT, a fresh uuid4 jti, exp = now + lifetime (at most 300 s), aud = the exact token URL, iss = sub = the API key above. Signed here with WebCrypto: the private key never leaves this page, is never stored, and is cleared by the button below or when the page closes."}</p>
            <div class="fields">
                <div class="field">
                    <label for="b-env">{"Environment"}</label>
                    <select id="b-env" onchange={on_env}>
                        { for Environment::ALL.iter().map(|e| html! { <option value={e.label()} selected={*e == *env}>{ e.name() }</option> }) }
                    </select>
                </div>
                <div class="field">
                    <label for="b-kid">{"kid"}</label>
                    <input id="b-kid" type="text" autocomplete="off" spellcheck="false" value={(*kid).clone()} oninput={on_kid}
                        placeholder="your key's kid (a new key: its thumbprint)" />
                </div>
                <div class="field">
                    <label for="b-life">{"Lifetime in seconds (1–300)"}</label>
                    <input id="b-life" type="number" min="1" max="300" value={(*lifetime).clone()} oninput={on_life} />
                </div>
            </div>
            <label for="b-private">{"Private key (PKCS#8 or PKCS#1 PEM, or a private JWK)"}</label>
            if *loaded {
                <p class="banner note" id="b-loaded" role="status">{"The generated private key is loaded: kept in this page's memory only, never shown. Clear it with the button below."}</p>
                <textarea id="b-private" class="secret" rows="2" autocomplete="off" spellcheck="false" value="" oninput={on_private}
                    placeholder="Or paste another private key here (masked)" />
            } else {
                <textarea id="b-private" class="secret" rows="4" autocomplete="off" spellcheck="false" value={(*private).clone()} oninput={on_private}
                    placeholder="-----BEGIN PRIVATE KEY----- (masked as you paste)" />
            }
            <div class="actions">
                <button type="button" onclick={on_build}>{"Build and sign"}</button>
                <button type="button" onclick={on_clear}>{"Clear private key"}</button>
            </div>
            if !error.is_empty() { <p class="banner warning" role="alert">{ (*error).clone() }</p> }
            if let Some(o) = &*output {
                <h3>{"Your assertion"}</h3>
                <pre id="built-jwt">{ o.compact.clone() }</pre>
                <div class="copy-row"><CopyButton text={o.compact.clone()} label="Copy assertion" done="Assertion copied." /></div>
                <h3>{"The token request"}</h3>
                <pre id="built-curl">{ o.curl.clone() }</pre>
                <div class="copy-row"><CopyButton text={o.curl.clone()} label="Copy cURL" done="cURL copied." /></div>
                <button type="button" onclick={on_use}>{"Check this request above"}</button>
            }
            <h3>{"Make a key pair"}</h3>
            <p class="hint">{"An RSA-4096 key pair, made in this browser. The private key is offered as a file and never shown; its kid is the key's RFC 7638 thumbprint unless you typed one above."}</p>
            <button type="button" onclick={on_generate} disabled={*busy} aria-busy={if *busy { "true" } else { "false" }}>
                { if *busy { "Generating… (a few seconds)" } else { "Generate RSA-4096 key pair" } }
            </button>
            if *busy { <progress aria-label="Generating the key pair"></progress> }
            if let Some(g) = &*generated {
                <p><a id="private-download" href={g.download.clone()} download="auth-triage-private-key.pem">{"Download the private key (PKCS#8 PEM)"}</a></p>
                <p class="hint">{"RFC 7638 thumbprint: "}<code id="gen-thumbprint">{ g.thumbprint.clone() }</code></p>
                <label for="gen-jwks">{"Public JWKS to register"}</label>
                <pre id="gen-jwks">{ g.jwks.clone() }</pre>
                <button type="button" onclick={use_generated}>{"Use this key in the builder"}</button>
                <ol class="next-steps">
                    <li>{"Save the private key somewhere only your service can read it (a secrets store, not the repository)."}</li>
                    <li>{"In the developer portal, open your app for the environment, and register the public key: upload the JWKS above, or host it at a public HTTPS URL with a path."}</li>
                    <li>{"Sign assertions with RS512 and this kid; make a new assertion (new jti) for every token request."}</li>
                    <li>{"Allow up to an hour for a self-hosted JWKS change to be seen (the gateway caches it)."}</li>
                </ol>
            }
        </section>
    }
}
