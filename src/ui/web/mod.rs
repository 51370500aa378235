//! The Yew components and the browser effects.

mod app;
mod copy;
mod crypto;
mod env_select;
mod hooks;
mod inputs;
mod large_paste;
mod mask;
#[cfg(not(feature = "more"))]
mod on_demand;
pub mod parts;
mod texts;
mod triage;
mod verdict;

// The on-demand parts (`parts`): in the second module only.
#[cfg(feature = "more")]
mod body_view;
#[cfg(feature = "more")]
mod builder;
#[cfg(feature = "more")]
mod catalogue_view;
#[cfg(feature = "more")]
mod code_panel;
#[cfg(feature = "more")]
mod details;
#[cfg(feature = "more")]
mod findings;
#[cfg(feature = "more")]
mod keys_panel;
#[cfg(feature = "more")]
pub mod more;
#[cfg(feature = "more")]
mod request_view;
#[cfg(feature = "more")]
mod share_panel;
#[cfg(feature = "more")]
mod start_view;
#[cfg(feature = "more")]
mod ticket_panel;
#[cfg(feature = "more")]
mod token_view;
#[cfg(feature = "more")]
mod try_twin;

pub use app::{App, Props as AppProps};
pub use mask::Masker;

#[cfg(feature = "web")]
use crate::ui::state::{Action, BuilderTyped, Field, Typed};

/// The first screen as the build renders it (Yew server rendering; run natively by
/// `auth-triage-prerender`): the page at the plain address, nothing typed, no clock, no address.
#[cfg(feature = "ssr")]
pub async fn first_screen() -> String {
    yew::LocalServerRenderer::<App>::new().render().await
}

/// Mount the page into `#app` (or the body when it is missing). When `#app` holds the first
/// screen the build rendered, the address asks for that screen and the markup is still the
/// tree the build wrote (`data-shape`), hydrate it: the same elements stay, with what is typed
/// in them and the focus. Otherwise (another address, no or changed markup) clear it and
/// render. Either way, what was typed before is read first and applied once mounted; `#app`
/// then gets `data-live="hydrated"` or `"rendered"`.
#[cfg(feature = "web")]
pub fn start() {
    // The served first screen reaches the screen before the page's own work begins (reading
    // the form and hydrating take a while): after the next frame, or after 100 ms in a tab that
    // does not draw frames (hidden).
    let Some(window) = web_sys::window() else { return start_now() };
    let once = std::rc::Rc::new(std::cell::Cell::new(false));
    let run = move || {
        if !once.replace(true) {
            start_now();
        }
    };
    let (frame, late) = (run.clone(), run);
    let frame = wasm_bindgen::closure::Closure::once_into_js(move || next_task(frame));
    let late = wasm_bindgen::closure::Closure::once_into_js(late);
    let _ = window.request_animation_frame(wasm_bindgen::JsCast::unchecked_ref(&frame));
    let _ =
        window.set_timeout_with_callback_and_timeout_and_arguments_0(wasm_bindgen::JsCast::unchecked_ref(&late), 100);
}

#[cfg(feature = "web")]
fn start_now() {
    use wasm_bindgen::JsCast;
    let document = web_sys::window().and_then(|w| w.document());
    let Some((document, root)) = document.and_then(|d| d.get_element_by_id("app").map(|r| (d, r))) else {
        yew::Renderer::<App>::new().render();
        return;
    };
    let typed = typed(&root);
    let focused =
        document.active_element().filter(|e| root.contains(Some(e))).map(|e| e.id()).filter(|id| !id.is_empty());
    let hydrate = crate::ui::prerender::hydratable(&fragment())
        && root.get_attribute("data-shape").is_some_and(|s| s == crate::ui::prerender::shape(&root.inner_html()));
    let on_live = {
        let root = root.clone();
        yew::Callback::from(move |()| {
            let _ = root.set_attribute("data-live", if hydrate { "hydrated" } else { "rendered" });
            // Rendered afresh, the field the person was in is a new element: put them back in it.
            let field = focused.as_deref().filter(|_| !hydrate).and_then(|id| document.get_element_by_id(id));
            if let Some(el) = field.and_then(|f| f.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = el.focus();
            }
        })
    };
    let props = AppProps { typed: std::rc::Rc::new(typed), on_live };
    if hydrate {
        yew::Renderer::<App>::with_root_and_props(root, props).hydrate();
    } else {
        root.set_inner_html("");
        yew::Renderer::<App>::with_root_and_props(root, props).render();
    }
}

/// What was typed or chosen in the server-rendered form under `root` before the page was live:
/// each field whose value differs from the one the markup gave it.
#[cfg(feature = "web")]
fn typed(root: &web_sys::Element) -> Typed {
    use crate::platform::Environment;
    use wasm_bindgen::JsCast;
    use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
    let el = |id: &str| root.query_selector(&format!("#{id}")).ok().flatten();
    let changed = |id: &str| -> Option<String> {
        let el = el(id)?;
        if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
            return Some(i.value()).filter(|v| *v != i.default_value());
        }
        if let Some(t) = el.dyn_ref::<HtmlTextAreaElement>() {
            return Some(t.value()).filter(|v| *v != t.default_value().unwrap_or_default());
        }
        let select = el.dyn_ref::<HtmlSelectElement>()?;
        let default = select.query_selector("option[selected]").ok().flatten().and_then(|o| o.get_attribute("value"));
        Some(select.value()).filter(|v| Some(v) != default.as_ref())
    };
    let now = now();
    let mut actions = Vec::new();
    for (id, field) in [
        ("api-key", Field::Key),
        ("app-id", Field::AppId),
        ("app-name", Field::AppName),
        ("failed-at", Field::FailedAt),
        ("keys", Field::KeysText),
    ] {
        if let Some(value) = changed(id) {
            actions.push(Action::Edit { field, value, now });
        }
    }
    if let Some(label) = changed("env") {
        actions.push(Action::SetEnv { env: Environment::from_label(&label), now });
    }
    // The paste last, read as the box reads an edit (a huge one is taken out of the box and
    // read in slices; the box gets what is analysed once it is mounted).
    let area = el("paste").and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok());
    if let Some(text) = area.filter(|a| a.text_length() > 0).and_then(|a| inputs::take_paste(&a)) {
        actions.push(Action::Paste { text, pasted_len: None, now });
    }
    // The builder is an on-demand part, not on the first screen: nothing was typed into it.
    Typed { actions, builder: BuilderTyped::default() }
}

/// The single-file build (`dist/auth-triage.html`, opened from disk, a wiki or a mail): marked
/// by `<meta name="auth-triage-build" content="single-file">`. It makes no request at all.
pub fn single_file() -> bool {
    let doc = web_sys::window().and_then(|w| w.document());
    doc.and_then(|d| d.query_selector("meta[name='auth-triage-build'][content='single-file']").ok().flatten()).is_some()
}

/// Served by `auth-triage twin`, which marks the HTML it serves with
/// `<meta name="auth-triage-twin" content="int">`: the environment the twin stands in for. Served
/// from anywhere else, `None`: the start view offers no "try it" and sends nothing.
pub fn twin() -> Option<crate::platform::Environment> {
    #[cfg(not(target_arch = "wasm32"))]
    return None;
    #[cfg(target_arch = "wasm32")]
    {
        let doc = web_sys::window().and_then(|w| w.document())?;
        let meta = doc.query_selector("meta[name='auth-triage-twin']").ok().flatten()?;
        crate::platform::Environment::from_label(&meta.get_attribute("content")?)
    }
}

/// Run `f` in a task of its own, after the current render has reached the screen.
pub fn next_task(f: impl FnOnce() + 'static) {
    let f = wasm_bindgen::closure::Closure::once_into_js(f);
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback(wasm_bindgen::JsCast::unchecked_ref(&f));
    }
}

// The three browser reads a render makes. Rendered at build time (natively, `ssr`), there is
// no browser: no clock (0), no fragment (the plain first screen), no address (links relative to
// the page). Hydrating corrects what differs (the embed snippet's address); nothing on the
// first screen shows the clock.

/// The browser clock, in unix seconds. The only clock the page reads.
pub fn now() -> i64 {
    #[cfg(target_arch = "wasm32")]
    return (js_sys::Date::now() / 1000.0).floor() as i64;
    #[cfg(not(target_arch = "wasm32"))]
    0
}

/// The URL fragment, without `#`.
pub fn fragment() -> String {
    #[cfg(not(target_arch = "wasm32"))]
    return String::new();
    #[cfg(target_arch = "wasm32")]
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default().trim_start_matches('#').to_string()
}

/// The page was opened from an http(s) address, not from disk (the single-file copy,
/// `file://`): only then can a wiki frame it, so only then is "Embed this" offered.
pub fn http_address() -> bool {
    #[cfg(not(target_arch = "wasm32"))]
    return true;
    #[cfg(target_arch = "wasm32")]
    web_sys::window().and_then(|w| w.location().protocol().ok()).is_some_and(|p| p == "http:" || p == "https:")
}

/// The page's own address without the fragment (works from any sub-path).
pub fn base_url() -> String {
    #[cfg(not(target_arch = "wasm32"))]
    return String::new();
    #[cfg(target_arch = "wasm32")]
    {
        let Some(loc) = web_sys::window().map(|w| w.location()) else { return String::new() };
        format!("{}{}", loc.origin().unwrap_or_default(), loc.pathname().unwrap_or_default())
    }
}

/// Copy text with the Clipboard API; the result says whether it worked.
pub async fn copy(text: String) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let promise = window.navigator().clipboard().write_text(&text);
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|_| "The browser refused clipboard access: select the text and copy it by hand.".to_string())
}

/// The browser compiles the wasm quickly first and optimises what runs often later: a first
/// analysis runs several times slower than the next (a 60 KB paste of cURL commands: about 120 ms
/// cold, 25 ms after). So once the page is shown it analyses its own examples, one per task (a
/// few ms each), and the first real paste meets code that is already optimised. The second
/// module does the same once its first part is mounted (its details part analyses each paste
/// again).
pub fn warm_up(examples: std::rc::Rc<Vec<crate::examples::Example>>, round: usize) {
    let Some(e) = examples.get(round % examples.len().max(1)) else { return };
    let _ = crate::analyze(&e.paste, &crate::context::Context::default());
    if round + 1 < 3 * examples.len() {
        next_task(move || warm_up(examples, round + 1));
    }
}
