//! The Yew shell: renders a `Report` and owns the browser effects (the clock, later the
//! clipboard, WebCrypto and same-origin fetches). No diagnostic text is invented here.

mod app;
mod findings;
mod token_view;
mod verdict;

pub use app::App;

/// Mount the page into `<main id="app">` (or the body when it is missing).
pub fn start() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => {
            yew::Renderer::<App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}

/// The browser clock, in unix seconds. The only clock the page reads.
pub fn now() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}
