//! The Yew components and the browser effects.

mod app;
mod body_view;
mod builder;
mod catalogue_view;
mod copy;
mod crypto;
mod findings;
mod inputs;
mod keys_panel;
mod large_paste;
mod mask;
mod request_view;
mod share_panel;
mod ticket_panel;
mod token_view;
mod verdict;

pub use app::App;
pub use mask::Masker;

/// Mount the page into `<main id="app">` (or the body when it is missing).
pub fn start() {
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => {
            root.set_inner_html("");
            yew::Renderer::<App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}

/// The single-file build (`dist/auth-triage.html`, opened from disk, a wiki or a mail): marked
/// by `<meta name="auth-triage-build" content="single-file">`. It makes no request at all.
pub fn single_file() -> bool {
    let doc = web_sys::window().and_then(|w| w.document());
    doc.and_then(|d| d.query_selector("meta[name='auth-triage-build'][content='single-file']").ok().flatten()).is_some()
}

/// Run `f` in a task of its own, after the current render has reached the screen.
pub fn next_task(f: impl FnOnce() + 'static) {
    let f = wasm_bindgen::closure::Closure::once_into_js(f);
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback(wasm_bindgen::JsCast::unchecked_ref(&f));
    }
}

/// The browser clock, in unix seconds. The only clock the page reads.
pub fn now() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

/// The URL fragment, without `#`.
pub fn fragment() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default().trim_start_matches('#').to_string()
}

/// The page's own address without the fragment (works from any sub-path).
pub fn base_url() -> String {
    let Some(loc) = web_sys::window().map(|w| w.location()) else { return String::new() };
    format!("{}{}", loc.origin().unwrap_or_default(), loc.pathname().unwrap_or_default())
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
