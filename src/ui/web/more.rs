//! The second module's side (`more`, its own wasm: `src/bin/more.rs` exports these): mount a
//! part into the element the first load gave it, give it new data, take it down. Its messages
//! go back as DOM events on that element (`parts::MESSAGE_EVENT`, a `Message` as JSON).

use std::cell::RefCell;

use wasm_bindgen::JsValue;
use yew::prelude::*;

use super::parts::{Message, Part, PartView, MESSAGE_EVENT};

#[derive(Properties, PartialEq)]
pub struct AppProps {
    part: Part,
    root: web_sys::Element,
}

#[function_component(PartApp)]
fn part_app(props: &AppProps) -> Html {
    let root = props.root.clone();
    let on_message = Callback::from(move |m: Message| {
        let init = web_sys::CustomEventInit::new();
        init.set_detail(&JsValue::from_str(&serde_json::to_string(&m).unwrap_or_default()));
        if let Ok(e) = web_sys::CustomEvent::new_with_event_init_dict(MESSAGE_EVENT, &init) {
            let _ = root.dispatch_event(&e);
        }
    });
    html! { <PartView part={props.part.clone()} {on_message} /> }
}

thread_local! {
    /// The parts mounted now, by the element they were mounted into.
    static MOUNTED: RefCell<Vec<(web_sys::Element, yew::AppHandle<PartApp>)>> = const { RefCell::new(Vec::new()) };
    static FIRST: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// How many app roots the first load may number before this module's first part: it mounts one
/// (the page) and no portal.
const FIRST_LOAD_ROOTS: usize = 16;

#[function_component(Nothing)]
fn nothing() -> Html {
    html! {}
}

/// Yew numbers the roots of its apps from 1 in each wasm module, and marks each root element and
/// each event with that number (`__yew_subtree_id`) to decide which app handles an event. This
/// module's first part would be 1, as the page is in the first load's: the page's app, whose
/// root holds the part, would then take the part's clicks for its own (and run one of its own
/// handlers). So this module numbers its parts after the first load's roots, by mounting and
/// dropping empty apps on detached elements first.
fn skip_first_load_roots() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    for _ in 0..FIRST_LOAD_ROOTS {
        if let Ok(el) = doc.create_element("div") {
            yew::Renderer::<Nothing>::with_root(el).render().destroy();
        }
    }
}

fn read(json: &str) -> Result<Part, JsValue> {
    serde_json::from_str(json).map_err(|e| JsValue::from_str(&format!("not a part: {e}")))
}

/// Mount the part `json` describes into `root` (empty: the first load renders nothing in it).
pub fn mount(root: web_sys::Element, json: &str) -> Result<(), JsValue> {
    let part = read(json)?;
    if FIRST.replace(false) {
        skip_first_load_roots();
        // Once per page, at idle: the details part's first analysis meets optimised code.
        super::next_task(|| super::warm_up(std::rc::Rc::new(crate::examples::examples(0)), 0));
    }
    let app =
        yew::Renderer::<PartApp>::with_root_and_props(root.clone(), AppProps { part, root: root.clone() }).render();
    MOUNTED.with(|m| m.borrow_mut().push((root, app)));
    Ok(())
}

/// Give the part in `root` its new data.
pub fn update(root: web_sys::Element, json: &str) -> Result<(), JsValue> {
    let part = read(json)?;
    MOUNTED.with(|m| {
        if let Some((_, app)) = m.borrow_mut().iter_mut().find(|(r, _)| *r == root) {
            app.update(AppProps { part, root: root.clone() });
        }
    });
    Ok(())
}

/// Take the part in `root` down (its host left the page).
pub fn unmount(root: web_sys::Element) {
    let app = MOUNTED.with(|m| {
        let mut m = m.borrow_mut();
        m.iter().position(|(r, _)| *r == root).map(|i| m.remove(i).1)
    });
    if let Some(app) = app {
        app.destroy();
    }
}

/// Read PEM blocks for the first load (which has no PEM/DER reader): a JSON list of block texts
/// in, a JSON list of `[block, key]` out (`keys::wire::Wire`, the JWKs included: in memory only).
pub fn read_pem(json: &str) -> Result<String, JsValue> {
    let blocks: Vec<String> =
        serde_json::from_str(json).map_err(|e| JsValue::from_str(&format!("not a list of blocks: {e}")))?;
    let read: Vec<(String, crate::keys::wire::Wire)> = blocks
        .into_iter()
        .filter_map(|b| {
            let key = crate::keys::parse::pem_keys(&b).into_iter().next()?;
            Some((b, crate::keys::wire::Wire::from(&key)))
        })
        .collect();
    serde_json::to_string(&read).map_err(|e| JsValue::from_str(&e.to_string()))
}
