use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::code_panel::CodePanel;
use super::copy::CopyButton;
use super::env_select::{self, MoreEnvironments};
use super::hooks::use_window_event;
use super::Masker;
use crate::keys::build;
use crate::platform::Environment;
use crate::ui::builder_state::{BuilderAction as A, BuilderState, Generated, Output};
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
    /// Masks the API key in the code shown while the key field is masked.
    #[prop_or_default]
    pub masker: Masker,
}

/// The reducer, in Yew's terms: the pure `BuilderState::reduce` does the work.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Form(pub BuilderState);

impl Reducible for Form {
    type Action = A;
    fn reduce(self: Rc<Self>, action: A) -> Rc<Self> {
        Rc::new(Form(Rc::unwrap_or_clone(self).0.reduce(action)))
    }
}

type Handle = UseReducerHandle<Form>;

/// The builder's state and its "more environments" toggle, shared by the pieces that show it
/// (the triage page's builder; the start view's steps 4 and 6).
#[derive(Clone, PartialEq)]
pub(super) struct BuilderForm {
    pub form: Handle,
    more_envs: UseStateHandle<bool>,
}

/// A callback that sends the action made from an event.
fn send<E: 'static>(form: &Handle, f: impl Fn(E) -> Option<A> + 'static) -> Callback<E> {
    let form = form.clone();
    Callback::from(move |e: E| {
        if let Some(a) = f(e) {
            form.dispatch(a)
        }
    })
}

/// The builder's state. The private key lives only in it: never stored, never in a URL, never
/// logged, cleared by a button and when the page is hidden for good.
#[hook]
pub(super) fn use_builder(env: Option<Environment>, kid: Option<String>, typed: BuilderTyped) -> BuilderForm {
    let form = use_reducer(|| Form(BuilderState::new(env, kid)));
    {
        // Once mounted: what was typed before the page was live (hydrating reset the fields).
        let form = form.clone();
        use_effect_with((), move |_| form.dispatch(A::Typed(typed)));
    }
    // Forget the private key when the page goes away (bfcache included).
    use_window_event("pagehide", send(&form, |()| Some(A::ForgetPrivate)));
    BuilderForm { form, more_envs: use_state(|| false) }
}

/// Build and sign a correct assertion with a pasted private key; make a key pair.
#[function_component(Builder)]
pub fn builder(props: &Props) -> Html {
    let b = use_builder(props.env, props.kid.clone(), props.typed.clone());
    html! {
        <section class="builder" aria-labelledby="builder-h">
            <h2 id="builder-h">{"Build and sign a correct assertion"}</h2>
            { build_part(&b, &props.api_key, "api-key", &props.masker, Some(&props.on_use)) }
            { key_pair(&b) }
        </section>
    }
}

/// The builder's fields, its buttons, what it built and the code for the user's own stack.
/// Without the API key, "Build and sign" moves focus to `key_field` and says why.
pub(super) fn build_part(
    b: &BuilderForm,
    api_key: &str,
    key_field: &'static str,
    masker: &Masker,
    on_use: Option<&Callback<String>>,
) -> Html {
    let (form, s) = (&b.form, &b.form.0);
    let private = Some(s.private.clone()).filter(|p| !p.trim().is_empty());
    html! {
        <>
            <p class="hint">{"RS512, typ JWT, a fresh uuid4 jti, exp = now + lifetime (at most 300 s), aud = the exact token URL, iss = sub = the API key. Signed here with WebCrypto: the private key never leaves this page, is never stored, and is cleared by the button below or when the page closes."}</p>
            { fields(form, &b.more_envs) }
            <div class="actions">
                <button type="button" onclick={on_build(form, api_key.to_string(), key_field)}>{"Build and sign"}</button>
                <button type="button" onclick={on_clear(form)}>{"Clear private key"}</button>
            </div>
            if !s.error.is_empty() {
                <p class="banner warning" role="alert">{ s.error.clone() }
                    if s.needs_key { {" "}<button type="button" class="link" onclick={Callback::from(move |_: MouseEvent| focus(key_field))}>{"Go to the API key field"}</button> }
                </p>
            }
            if let Some(o) = &s.output { { built(o, on_use) } }
            <CodePanel env={s.env} api_key={api_key.to_string()} kid={s.kid.clone()} private={private} masker={masker.clone()} />
        </>
    }
}

/// Move focus to the element with this id (the browser scrolls it into view).
pub(super) fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    let el = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    if let Some(el) = el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// The environment, kid, lifetime and private key.
fn fields(form: &Handle, more: &UseStateHandle<bool>) -> Html {
    let s = &form.0;
    let more_envs = &**more;
    let on_more = {
        let more = more.clone();
        Callback::from(move |()| more.set(!*more))
    };
    let on_env = send(form, |e: Event| {
        Environment::from_label(&e.target_unchecked_into::<HtmlSelectElement>().value()).map(A::SetEnv)
    });
    let on_kid = send(form, |e: InputEvent| Some(A::SetKid(e.target_unchecked_into::<HtmlInputElement>().value())));
    let on_life =
        send(form, |e: InputEvent| Some(A::SetLifetime(e.target_unchecked_into::<HtmlInputElement>().value())));
    let on_private =
        send(form, |e: InputEvent| Some(A::SetPrivate(e.target_unchecked_into::<HtmlTextAreaElement>().value())));
    html! {
        <>
            <div class="fields">
                <div class="field env">
                    <label for="b-env">{"Environment"}</label>
                    <select id="b-env" onchange={on_env}>
                        { env_select::options(Some(s.env), *more_envs) }
                    </select>
                    <MoreEnvironments controls="b-env" open={*more_envs} on_toggle={on_more} />
                </div>
                <div class="field">
                    <label for="b-kid">{"kid"}</label>
                    <input id="b-kid" type="text" autocomplete="off" spellcheck="false" value={s.kid.clone()} oninput={on_kid}
                        placeholder="your key's kid (a new key: its thumbprint)" />
                </div>
                <div class="field">
                    <label for="b-life">{"Lifetime in seconds (1–300)"}</label>
                    <input id="b-life" type="number" min="1" max="300" value={s.lifetime.clone()} oninput={on_life} />
                </div>
            </div>
            <label for="b-private">{"Private key (PKCS#8 or PKCS#1 PEM, or a private JWK)"}</label>
            if s.loaded {
                <p class="banner note" id="b-loaded" role="status">{"The generated private key is loaded: kept in this page's memory only, never shown. Clear it with the button below."}</p>
                <textarea id="b-private" class="secret" rows="2" autocomplete="off" spellcheck="false" value="" oninput={on_private}
                    placeholder="Or paste another private key here (masked)" />
            } else {
                <textarea id="b-private" class="secret" rows="4" autocomplete="off" spellcheck="false" value={s.private.clone()} oninput={on_private}
                    placeholder="-----BEGIN PRIVATE KEY----- (masked as you paste)" />
            }
        </>
    }
}

/// Build the assertion from the form and sign it with WebCrypto.
fn on_build(form: &Handle, key: String, key_field: &'static str) -> Callback<MouseEvent> {
    let form = form.clone();
    Callback::from(move |_: MouseEvent| {
        let s = &form.0;
        if key.trim().is_empty() {
            focus(key_field);
            return form.dispatch(A::NeedKey);
        }
        let (kid, life) = match s.to_build() {
            Ok(k) => k,
            Err(e) => return form.dispatch(A::Failed(e)),
        };
        let assertion = match build::assertion(s.env, &key, &kid, life, super::now(), &super::crypto::random_uuid()) {
            Ok(a) => a,
            Err(e) => return form.dispatch(A::Failed(e)),
        };
        let keys = crate::keys::parse::keys_in(&s.private);
        let Some(jwk) = keys.iter().find_map(|k| k.private_jwk.clone()) else {
            let why = keys.iter().find_map(|k| k.problem.clone()).unwrap_or_else(|| {
                "Paste a private key: PKCS#8 (BEGIN PRIVATE KEY), PKCS#1 (BEGIN RSA PRIVATE KEY) or a private JWK."
                    .into()
            });
            return form.dispatch(A::Failed(why));
        };
        let form = form.clone();
        wasm_bindgen_futures::spawn_local(async move {
            form.dispatch(match super::crypto::sign_rs512(&jwk, &assertion.signing_input).await {
                Ok(sig) => {
                    let compact = assertion.compact(&sig);
                    A::Built(Output { curl: assertion.curl(&compact), compact })
                }
                Err(e) => A::Failed(format!("WebCrypto could not sign with this key: {e}")),
            });
        });
    })
}

fn on_clear(form: &Handle) -> Callback<MouseEvent> {
    let form = form.clone();
    Callback::from(move |_: MouseEvent| {
        if let Some(g) = &form.0.generated {
            super::crypto::revoke(&g.download);
            super::crypto::revoke(&g.jwks_download);
        }
        form.dispatch(A::Clear);
    })
}

/// The signed assertion, its token request, and the button that checks it (on the triage page).
fn built(o: &Output, on_use: Option<&Callback<String>>) -> Html {
    let on_use = on_use.map(|u| {
        let curl = o.curl.clone();
        u.reform(move |_: MouseEvent| curl.clone())
    });
    html! {
        <>
            <h3>{"Your assertion"}</h3>
            <pre id="built-jwt">{ o.compact.clone() }</pre>
            <div class="copy-row"><CopyButton text={o.compact.clone()} label="Copy assertion" done="Assertion copied." /></div>
            <h3>{"The token request"}</h3>
            <pre id="built-curl">{ o.curl.clone() }</pre>
            <div class="copy-row"><CopyButton text={o.curl.clone()} label="Copy cURL" done="cURL copied." /></div>
            if let Some(on_use) = on_use { <button type="button" onclick={on_use}>{"Check this request above"}</button> }
        </>
    }
}

/// Make an RSA-4096 key pair with WebCrypto; its kid is the typed one, else its thumbprint.
fn on_generate(form: &Handle) -> Callback<MouseEvent> {
    let form = form.clone();
    Callback::from(move |_: MouseEvent| {
        if form.0.busy {
            return;
        }
        form.dispatch(A::Generating);
        let (form, typed) = (form.clone(), form.0.kid_for_new_key());
        wasm_bindgen_futures::spawn_local(async move {
            form.dispatch(match super::crypto::generate().await {
                Ok((der, public)) => {
                    let pem = build::pkcs8_pem(&der);
                    let thumbprint = super::crypto::thumbprint(&public).await.unwrap_or_default();
                    let kid = typed.unwrap_or_else(|| thumbprint.clone());
                    let jwks = serde_json::to_string_pretty(&build::jwks_for(&public, &kid)).unwrap_or_default();
                    let urls = (
                        super::crypto::download_url(&pem, "application/x-pem-file"),
                        super::crypto::download_url(&jwks, "application/json"),
                    );
                    match urls {
                        (Some(download), Some(jwks_download)) => {
                            A::Generated(Generated { jwks, download, pem, thumbprint, jwks_download }, kid)
                        }
                        _ => A::GenerateFailed("The browser could not offer the download.".into()),
                    }
                }
                Err(e) => A::GenerateFailed(format!("Key generation failed: {e}")),
            });
        });
    })
}

/// "Make a key pair": the button, then the download, the JWKS to register and the next steps.
pub(super) fn key_pair(b: &BuilderForm) -> Html {
    let form = &b.form;
    let busy = form.0.busy;
    html! {
        <>
            <h3>{"Make a key pair"}</h3>
            <p class="hint">{"An RSA-4096 key pair, made in this browser. The private key is offered as a file and never shown; its kid is the key's RFC 7638 thumbprint unless you typed one in the builder."}</p>
            <button type="button" onclick={on_generate(form)} disabled={busy} aria-busy={if busy { "true" } else { "false" }}>
                { if busy { "Generating… (a few seconds)" } else { "Generate RSA-4096 key pair" } }
            </button>
            if busy { <progress aria-label="Generating the key pair"></progress> }
            if let Some(g) = &form.0.generated {
                <p><a id="private-download" href={g.download.clone()} download="auth-triage-private-key.pem">{"Download the private key (PKCS#8 PEM)"}</a></p>
                <p class="hint">{"RFC 7638 thumbprint: "}<code id="gen-thumbprint">{ g.thumbprint.clone() }</code></p>
                <label for="gen-jwks">{"Public JWKS to register"}</label>
                <pre id="gen-jwks">{ g.jwks.clone() }</pre>
                { jwks_buttons(g) }
                <button type="button" onclick={send(form, |_: MouseEvent| Some(A::UseGenerated))}>{"Use this key in the builder"}</button>
                <ol class="next-steps">
                    <li>{"Save the private key somewhere only your service can read it (a secrets store, not the repository)."}</li>
                    <li>{"In the developer portal, open your app for the environment, and register the public key: upload jwks.json, or host it at a public HTTPS URL with a path."}</li>
                    <li>{"Sign assertions with RS512 and this kid; make a new assertion (new jti) for every token request."}</li>
                    <li>{"Allow up to an hour for a self-hosted JWKS change to be seen (the gateway caches it)."}</li>
                </ol>
            }
        </>
    }
}

/// Download the public JWKS as `jwks.json`, or copy it: what the portal's upload takes.
pub(super) fn jwks_buttons(g: &Generated) -> Html {
    html! {
        <div class="copy-row">
            <a class="button" id="jwks-download" href={g.jwks_download.clone()} download="jwks.json">{"Download jwks.json"}</a>
            <CopyButton text={g.jwks.clone()} label="Copy JWKS" done="JWKS copied." />
        </div>
    }
}
