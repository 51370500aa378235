use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use std::rc::Rc;

use super::env_select::{self, MoreEnvironments};
use crate::platform::Environment;
use crate::ui::state::{Action, Field, Fields};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub fields: Fields,
    pub detected: Option<Environment>,
    pub found: Vec<String>,
    pub cleaned: Vec<String>,
    pub on_action: Callback<Action>,
    /// A paste (not typing: a large change at once) was analysed.
    #[prop_or_default]
    pub on_pasted: Callback<()>,
    /// Why the time field cannot be read, if it cannot.
    pub time_error: Option<String>,
    /// Embed mode: internal links keep it.
    #[prop_or_default]
    pub embed: bool,
    /// Rendered right after the paste box: the verdict (beside it on wide screens).
    #[prop_or_default]
    pub children: Html,
}

/// The paste box's text; or, when it is larger than what is analysed (a huge text that reached
/// the box: set by a script, or pasted before the page was live), `None`: the text is taken out
/// of the box at once, before the browser lays it out, and read in slices (`large_paste`),
/// which hands what is analysed back to the box.
pub(super) fn take_paste(area: &HtmlTextAreaElement) -> Option<Rc<str>> {
    if area.text_length() as usize > crate::MAX_INPUT_BYTES {
        let all = js_value(area);
        area.set_value("");
        super::large_paste::read(all);
        return None;
    }
    Some(Rc::<str>::from(area.value()))
}

/// This many characters more at once in the paste box is a paste, not typing.
const PASTED: usize = 40;

/// The paste box's element and its two handlers: `oninput` (an edit, analysed in a task of its
/// own) and `onpaste`/`ondrop` (one larger than what is analysed is read in slices).
pub(super) struct PasteBox {
    pub node: NodeRef,
    pub on_input: Callback<InputEvent>,
    pub on_paste: Callback<Event>,
}

/// The paste box is not bound to `value` (Yew would read the whole text back out of the DOM on
/// every render): the typed text is remembered, and the box is written only when the paste
/// changed from elsewhere (an example, a share link, the builder).
#[hook]
pub(super) fn use_paste_box(paste: Rc<str>, on_action: Callback<Action>, on_pasted: Callback<()>) -> PasteBox {
    let paste_ref = use_node_ref();
    let in_box = use_mut_ref(|| Rc::<str>::from(""));
    // A paste arrived since the box's text was last analysed.
    let jumped = use_mut_ref(|| false);
    {
        let (paste_ref, in_box) = (paste_ref.clone(), in_box.clone());
        use_effect_with(paste, move |paste| {
            if *in_box.borrow() != *paste {
                super::large_paste::begin();
                // Already there (typed before the page was live): left alone, with its caret.
                if let Some(el) = paste_ref.cast::<HtmlTextAreaElement>().filter(|el| el.value() != **paste) {
                    el.set_value(paste);
                }
                *in_box.borrow_mut() = paste.clone();
            }
        });
    }
    // A paste (or drop) larger than what is analysed never reaches the box: the event is taken,
    // the text is read in slices (`large_paste`), and the box gets what is analysed. Megabytes
    // are neither laid out by the browser nor copied in one long task.
    {
        let (cb, in_box, paste_ref, pasted) = (on_action.clone(), in_box.clone(), paste_ref.clone(), on_pasted.clone());
        use_effect_with((), move |_| {
            super::large_paste::deliver_to(Rc::new(move |kept: String, pasted_len: usize| {
                if let Some(area) = paste_ref.cast::<HtmlTextAreaElement>() {
                    area.set_value(&kept);
                }
                let text = Rc::<str>::from(kept);
                *in_box.borrow_mut() = text.clone();
                cb.emit(Action::Paste { text, pasted_len: Some(pasted_len), now: super::now() });
                pasted.emit(());
            }))
        });
    }
    let on_input = Callback::from(move |e: InputEvent| {
        let Some(area) = e.target().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok()) else { return };
        // Analysed in a task of its own, not in the browser's (which has just put the text
        // in the box): edits that come faster than that are analysed once, the last.
        let Some(value) = take_paste(&area) else { return };
        let id = super::large_paste::begin();
        // Much more text at once than a key press makes: a paste (or a drop), which may come
        // as several input events (a line each) before it is analysed once.
        if value.len() >= in_box.borrow().len() + PASTED {
            *jumped.borrow_mut() = true;
        }
        *in_box.borrow_mut() = value.clone();
        let (cb, pasted, jumped, now) = (on_action.clone(), on_pasted.clone(), jumped.clone(), super::now());
        super::next_task(move || {
            if super::large_paste::is_latest(id) {
                cb.emit(Action::Paste { text: value, pasted_len: None, now });
                if jumped.replace(false) {
                    pasted.emit(());
                }
            }
        });
    });
    PasteBox { node: paste_ref, on_input, on_paste: Callback::from(on_paste_event) }
}

/// A paste or drop into the box: one that would make it larger than what is analysed is taken
/// from the browser and read in slices.
fn on_paste_event(e: Event) {
    let Some(area) = e.target().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok()) else { return };
    let Some(pasted) = carried_text(&e) else { return };
    let value = js_value(&area);
    let (from, to) = (area.selection_start().ok().flatten(), area.selection_end().ok().flatten());
    let (from, to) = (from.unwrap_or(value.length()), to.unwrap_or(value.length()));
    if (value.length() - (to - from) + pasted.length()) as usize <= crate::MAX_INPUT_BYTES {
        return; // the browser puts it in the box; the input event follows
    }
    e.prevent_default();
    let all = value.slice(0, from).concat(&pasted).concat(&value.slice(to, value.length()));
    super::large_paste::read(all.unchecked_into());
}

/// The value of the input, text area or select an event came from.
fn value_of(e: &Event) -> String {
    let target = e.target();
    target
        .as_ref()
        .and_then(|t| t.dyn_ref::<HtmlInputElement>().map(HtmlInputElement::value))
        .or_else(|| target.as_ref().and_then(|t| t.dyn_ref::<HtmlTextAreaElement>().map(HtmlTextAreaElement::value)))
        .or_else(|| target.as_ref().and_then(|t| t.dyn_ref::<HtmlSelectElement>().map(HtmlSelectElement::value)))
        .unwrap_or_default()
}

/// The callback of a text field: read the element's value, send the edit. Each edit names its
/// field only, so quick edits in two fields never undo each other.
fn edit(on_action: &Callback<Action>, field: Field) -> Callback<InputEvent> {
    let cb = on_action.clone();
    Callback::from(move |e: InputEvent| {
        let e: Event = e.into();
        cb.emit(Action::Edit { field, value: value_of(&e), now: super::now() })
    })
}

#[function_component(Inputs)]
pub fn inputs(props: &Props) -> Html {
    let paste = use_paste_box(props.fields.paste.clone(), props.on_action.clone(), props.on_pasted.clone());
    let more_envs = use_state(|| false);
    html! {
        <div class="triage-top">
        <section class="inputs paste-area" aria-label="What you have">
            <label for="paste">{"Paste anything: the JWT, the error body, the request (cURL or HTTP), or the whole forum post"}</label>
            <textarea id="paste" spellcheck="false" autocomplete="off" rows="6"
                placeholder="eyJhbGciOiJSUzUxMiIsInR5cCI6IkpXVCIsImtpZCI6InRlc3QtMSJ9.eyJpc3MiOi…"
                ref={paste.node} oninput={paste.on_input} onpaste={paste.on_paste.clone()}
                ondrop={paste.on_paste.reform(|e: DragEvent| Event::from(e))} />
            if !props.found.is_empty() {
                <p class="found" id="found"><strong>{"Found: "}</strong>{ props.found.join(" · ") }
                    if !props.cleaned.is_empty() { <span class="cleaned">{ format!(" (cleaned: {})", props.cleaned.join("; ")) }</span> }
                </p>
            }
        </section>
        // The key before the verdict (it changes the verdict), right under the paste on a
        // phone; the optional details after it.
        <section class="inputs key-area" aria-label="Your key and environment">
            { key_and_env(props, &more_envs) }
        </section>
        <div class="verdict-area">{ props.children.clone() }</div>
        <section class="inputs more-area" aria-label="More details">
            { more_details(props) }
        </section>
        </div>
    }
}

/// The API key (masked unless shown) and the environment.
fn key_and_env(props: &Props, more_envs: &UseStateHandle<bool>) -> Html {
    let f = &props.fields;
    let on_env = {
        let cb = props.on_action.clone();
        Callback::from(move |e: Event| {
            cb.emit(Action::SetEnv { env: Environment::from_label(&value_of(&e)), now: super::now() })
        })
    };
    let toggle = props.on_action.reform(|_: MouseEvent| Action::ToggleKeyVisible);
    let auto = match props.detected {
        Some(e) if f.env.is_none() => format!("Auto-detect ({})", e.name()),
        _ => "Auto-detect".to_string(),
    };
    let on_more = {
        let more = more_envs.clone();
        Callback::from(move |()| more.set(!*more))
    };
    html! {
        <div class="fields">
            <div class="field">
                <label for="api-key">{"API key"}</label>
                <div class="with-button">
                    <input id="api-key" type={if f.key_visible { "text" } else { "password" }} autocomplete="off" spellcheck="false"
                        value={f.key.clone()} oninput={edit(&props.on_action, Field::Key)} aria-describedby="api-key-help" />
                    <button type="button" onclick={toggle} aria-pressed={if f.key_visible { "true" } else { "false" }} aria-controls="api-key">
                        { if f.key_visible { "Hide" } else { "Show" } }
                    </button>
                </div>
                <p class="help" id="api-key-help">{"Compared with iss/sub; masked on the page while hidden; never stored. "}<a href={crate::outputs::route::link("#/start", props.embed)} id="key-start-link">{"Which key? Start here"}</a></p>
            </div>
            <div class="field env">
                <label for="env">{"Environment"}</label>
                <select id="env" onchange={on_env}>
                    <option value="" selected={f.env.is_none()}>{ auto }</option>
                    { env_select::options(f.env, **more_envs) }
                </select>
                <MoreEnvironments controls="env" open={**more_envs} on_toggle={on_more} />
            </div>
        </div>
    }
}

/// "More details": the application's id and name, the time of the call, a public key.
fn more_details(props: &Props) -> Html {
    let f = &props.fields;
    let time_error = props.time_error.clone();
    let on = |field| edit(&props.on_action, field);
    html! {
        <details class="more" id="more-details">
            <summary>{"More details: ticket, signature"}</summary>
            <div class="fields">
                <div class="field">
                    <label for="app-id">{"Application ID (optional)"}</label>
                    <input id="app-id" type="text" autocomplete="off" spellcheck="false" value={f.app_id.clone()} oninput={on(Field::AppId)} />
                </div>
                <div class="field">
                    <label for="app-name">{"App name (optional, for the ticket)"}</label>
                    <input id="app-name" type="text" autocomplete="off" value={f.app_name.clone()} oninput={on(Field::AppName)} />
                </div>
                <div class="field">
                    <label for="failed-at">{"Time of a failing call, UTC (optional: judges expiry, fills the ticket)"}</label>
                    <input id="failed-at" type="text" autocomplete="off" placeholder="2025-10-09T08:53:20Z" value={f.failed_at.clone()} oninput={on(Field::FailedAt)}
                        aria-invalid={if time_error.is_some() { "true" } else { "false" }} aria-describedby="failed-at-help" />
                    <p class={classes!("help", time_error.is_some().then_some("bad"))} id="failed-at-help" aria-live="polite">
                        { time_error.unwrap_or_else(|| "ISO-8601 in UTC, e.g. 2025-10-09T08:53:20Z. Left empty, the ticket says (fill in).".into()) }
                    </p>
                </div>
                <div class="field wide">
                    <label for="keys">{"Public key or JWKS (optional: to check the signature)"}</label>
                    <textarea id="keys" rows="3" spellcheck="false" autocomplete="off" placeholder="{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"test-1\",…}]} or -----BEGIN PUBLIC KEY-----"
                        value={f.keys_text.to_string()} oninput={on(Field::KeysText)} />
                </div>
            </div>
        </details>
    }
}

/// The box's value as a JS string, not copied into the page's memory.
fn js_value(area: &HtmlTextAreaElement) -> js_sys::JsString {
    js_sys::Reflect::get(area, &"value".into()).map(JsCast::unchecked_into).unwrap_or_else(|_| "".into())
}

/// The plain text a paste or drop event carries, as a JS string (not copied into the page's
/// memory).
fn carried_text(e: &Event) -> Option<js_sys::JsString> {
    let field = if e.type_() == "drop" { "dataTransfer" } else { "clipboardData" };
    let data = js_sys::Reflect::get(e, &field.into()).ok().filter(|d| !d.is_null() && !d.is_undefined())?;
    let get: js_sys::Function = js_sys::Reflect::get(&data, &"getData".into()).ok()?.dyn_into().ok()?;
    get.call1(&data, &"text/plain".into()).ok()?.dyn_into().ok()
}
