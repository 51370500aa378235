use yew::prelude::*;

use super::builder::{build_part, jwks_buttons, key_pair, use_builder, BuilderForm};
use super::parts::Message;
use super::try_twin::{self, TryState};
use super::Masker;
use crate::catalogue::sources::links;
use crate::outputs::route::{self, View};
use crate::platform::Environment;
use crate::ui::start_here::{self as data, Step, STEPS};

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The app's Key, the page's own field (typed here or on the triage screen).
    pub api_key: String,
    pub key_visible: bool,
    /// The steps marked done, from the address.
    pub done: Vec<u8>,
    pub masker: Masker,
    /// The key typed or shown here goes back to the page.
    pub on_message: Callback<Message>,
    /// Embed mode: internal links keep it.
    #[prop_or_default]
    pub embed: bool,
}

/// "Start here" (`#/start`): from nothing to a first token and a first Hello World call, step
/// by step (`ui::start_here`), with the key maker and the builder in their steps; served by the
/// twin, the path's "try it" buttons run it there.
#[function_component(StartView)]
pub fn start_view(props: &Props) -> Html {
    let twin = use_memo((), |_| super::twin());
    let b = use_builder(Some((*twin).unwrap_or(Environment::Int)), None, Default::default());
    let tried = use_state(TryState::default);
    let done = &props.done;
    html! {
        <section class="start-here" aria-labelledby="start-here-h">
            <h2 id="start-here-h">{"Start here: from nothing to a first token"}</h2>
            <p>{"Eight steps, from the developer portal to a first call with a token. Each says how to tell it worked and what the usual error at that step means."}</p>
            <p class="hint" id="start-progress">{ format!("{} of {} steps marked done (kept in this page's address only: bookmark it to come back).", done.len(), STEPS.len()) }</p>
            if let Some(env) = *twin {
                <p class="banner note" id="twin-banner">{ format!("This page is served by the local twin ({}): the Try it buttons register your public key, request a token and call Hello World on the twin, at this page's own address. Nothing leaves this machine.", env.name()) }</p>
            }
            <ol class="steps">
                { for STEPS.iter().map(|s| step(s, props, &b, *twin, &tried)) }
            </ol>
            <p><a href={route::link("#/", props.embed)}>{"Back to triage"}</a>{" · "}<a href={route::link("#/catalogue", props.embed)}>{"Error catalogue"}</a></p>
        </section>
    }
}

fn step(s: &Step, props: &Props, b: &BuilderForm, twin: Option<Environment>, tried: &UseStateHandle<TryState>) -> Html {
    let done = props.done.contains(&s.n);
    let toggle = {
        let view = View::Start { done: data::toggle(&props.done, s.n) };
        let embed = props.embed;
        Callback::from(move |_: Event| set_address(&route::address(&view, embed)))
    };
    let widget = match s.n {
        data::KEY_STEP => key_field(props, twin),
        data::KEY_PAIR_STEP => key_pair(b),
        data::REGISTER_STEP => register(props, b, twin, tried),
        data::BUILD_STEP => build_part(b, &props.api_key, "start-key", &props.masker, None),
        data::TOKEN_STEP => try_token(props, b, twin, tried),
        data::HELLO_STEP => try_hello(props, twin, tried),
        _ => html! {},
    };
    html! {
        <li class={classes!("step", done.then_some("done"))} id={format!("step-{}", s.n)} aria-labelledby={format!("step-{}-h", s.n)}>
            <h3 id={format!("step-{}-h", s.n)}>{ format!("{}. {}", s.n, s.title) }{ if done { " ✔" } else { "" } }</h3>
            { for s.what.iter().map(|p| html! { <p>{ *p }</p> }) }
            { widget }
            <p class="worked"><strong>{"How to tell it worked: "}</strong>{ s.worked }</p>
            <div class="usual">
                <strong>{"The usual error here:"}</strong>
                <ul>{ for s.usual.iter().map(|u| html! {
                    <li><a href={route::link(&data::catalogue_link(u.code), props.embed)}><code>{ u.code }</code></a>{" — "}{ u.means }</li>
                }) }</ul>
            </div>
            <p class="sources">{"Sources: "}
                { for s.sources.iter().flat_map(|src| links(src)).enumerate().map(|(i, l)| html! {
                    <>{ if i > 0 { " · " } else { "" } }<a href={l.url.unwrap_or_default()} rel="noreferrer">{ l.label }</a></>
                }) }
            </p>
            <label class="check"><input type="checkbox" id={format!("step-{}-done", s.n)} checked={done} onchange={toggle} />{" Done"}</label>
        </li>
    }
}

/// The address, as a new history entry (the route follows it on `hashchange`).
fn set_address(fragment: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(fragment);
    }
}

/// Step 2's field: the app's Key, the same field as the triage page's (masked while hidden).
fn key_field(props: &Props, twin: Option<Environment>) -> Html {
    let on_message = props.on_message.clone();
    let oninput = on_message.reform(|e: InputEvent| Message::SetKey {
        value: e.target_unchecked_into::<web_sys::HtmlInputElement>().value(),
    });
    let toggle = on_message.reform(|_: MouseEvent| Message::ToggleKeyVisible);
    let made_up =
        on_message.reform(|_: MouseEvent| Message::SetKey { value: super::crypto::random_uuid().replace('-', "") });
    let (key, key_visible) = (&props.api_key, props.key_visible);
    let guid = crate::platform::looks_like_guid(key.trim());
    html! {
        <div class="field">
            <label for="start-key">{"Your app's Key (the API key)"}</label>
            <div class="with-button">
                <input id="start-key" type={if key_visible { "text" } else { "password" }} autocomplete="off" spellcheck="false"
                    value={key.clone()} {oninput} aria-describedby="start-key-help" />
                <button type="button" onclick={toggle} aria-pressed={if key_visible { "true" } else { "false" }} aria-controls="start-key">
                    { if key_visible { "Hide" } else { "Show" } }
                </button>
            </div>
            if guid {
                <p class="banner warning" role="alert">{"⚠ Warning: that is a GUID — the Application ID. iss and sub need the app's Key."}</p>
            }
            <p class="help" id="start-key-help">{"Kept in this page's memory only, never stored; the builder below puts it in iss and sub."}</p>
            if twin.is_some() {
                <button type="button" id="made-up-key" onclick={made_up}>{"Make up a key for the twin"}</button>
            }
        </div>
    }
}

/// Step 5: the JWKS to download or copy; on the twin, register it there.
fn register(props: &Props, b: &BuilderForm, twin: Option<Environment>, tried: &UseStateHandle<TryState>) -> Html {
    let Some(g) = &b.form.0.generated else {
        return html! { <p class="hint">{"Make the key pair in step 4 first: its public JWKS appears here."}</p> };
    };
    let onclick = {
        let (tried, key, jwks) = (tried.clone(), props.api_key.trim().to_string(), g.jwks.clone());
        Callback::from(move |_: MouseEvent| {
            let (tried, key, jwks) = (tried.clone(), key.clone(), jwks.clone());
            if key.is_empty() {
                tried.set(TryState {
                    register: Some(Err("Enter the app's Key in step 2 first.".into())),
                    ..(*tried).clone()
                });
                return super::builder::focus("start-key");
            }
            wasm_bindgen_futures::spawn_local(async move {
                let r = try_twin::register(key, jwks).await;
                tried.set(TryState { register: Some(r), ..(*tried).clone() });
            });
        })
    };
    html! {
        <>
            { jwks_buttons(g) }
            if twin.is_some() {
                <button type="button" id="try-register" {onclick}>{"Try it: register this public key with the twin"}</button>
                { match &tried.register {
                    Some(Ok(m)) => html! { <p class="answer ok" id="register-answer" role="status">{ format!("✔ {}", props.masker.show(m)) }</p> },
                    Some(Err(m)) => html! { <p class="answer bad" id="register-answer" role="alert">{ format!("✘ {m}") }</p> },
                    None => html! {},
                } }
            }
        </>
    }
}

/// Step 7 on the twin: post the built assertion.
fn try_token(props: &Props, b: &BuilderForm, twin: Option<Environment>, tried: &UseStateHandle<TryState>) -> Html {
    let Some(env) = twin else { return html! {} };
    let Some(o) = &b.form.0.output else {
        return html! { <p class="hint" id="try-token-hint">{"Build and sign the assertion in step 6: then try it against the twin here."}</p> };
    };
    let onclick = {
        let (tried, assertion, key) = (tried.clone(), o.compact.clone(), props.api_key.trim().to_string());
        Callback::from(move |_: MouseEvent| {
            let (tried, assertion, key) = (tried.clone(), assertion.clone(), key.clone());
            tried.set(TryState { busy: true, ..(*tried).clone() });
            wasm_bindgen_futures::spawn_local(async move {
                let t = try_twin::token(assertion, key, env).await;
                let mut s = (*tried).clone();
                (s.hello, s.busy) = (None, false);
                (s.token, s.failed) = match t {
                    Ok(t) => (Some(t), None),
                    Err(e) => (None, Some(e)),
                };
                tried.set(s);
            });
        })
    };
    html! {
        <>
            <button type="button" id="try-token" {onclick} disabled={tried.busy}>{"Try it: request a token from the twin"}</button>
            if let Some(t) = &tried.token { { try_twin::answer("token-answer", t) } }
            if let (None, Some(e)) = (&tried.token, &tried.failed) { <p class="answer bad" role="alert">{ format!("✘ {e}") }</p> }
        </>
    }
}

/// Step 8 on the twin: call Hello World with the token.
fn try_hello(props: &Props, twin: Option<Environment>, tried: &UseStateHandle<TryState>) -> Html {
    let Some(env) = twin else { return html! {} };
    let Some(token) = tried.token.as_ref().and_then(|t| t.token.clone()) else {
        return html! { <p class="hint">{"Get a token in step 7: then call Hello World on the twin here."}</p> };
    };
    let onclick = {
        let (tried, key) = (tried.clone(), props.api_key.trim().to_string());
        Callback::from(move |_: MouseEvent| {
            let (tried, token, key) = (tried.clone(), token.clone(), key.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let (hello, failed) = match try_twin::hello(token, key, env).await {
                    Ok(h) => (Some(h), None),
                    Err(e) => (None, Some(e)),
                };
                tried.set(TryState { hello, failed, ..(*tried).clone() });
            });
        })
    };
    html! {
        <>
            <button type="button" id="try-hello" {onclick}>{"Try it: call Hello World on the twin"}</button>
            if let Some(t) = &tried.hello { { try_twin::answer("hello-answer", t) } }
            if let (None, Some(e)) = (&tried.hello, &tried.failed) { <p class="answer bad" role="alert">{ format!("✘ {e}") }</p> }
        </>
    }
}
