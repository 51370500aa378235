//! Where an on-demand part goes in the first load: a host that asks the page's loader
//! (`static/on-demand.js`, `window.authTriageMore`) for the second module, has it mount the part
//! into an element of its own, hands it each new `Part` as JSON, and turns the part's DOM events
//! back into `Message`s. Same origin, same CSP: the loader imports a file served beside this one
//! (or, in the single file, the copy inlined there). Nothing here is stored or logged.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use super::parts::{Message, Props, MESSAGE_EVENT};

#[derive(Clone, PartialEq)]
enum Status {
    Loading,
    Mounted,
    Failed(String),
}

#[function_component(OnDemand)]
pub fn on_demand(props: &Props) -> Html {
    let root = use_node_ref();
    let status = use_state(|| Status::Loading);
    let json = serde_json::to_string(&props.part).unwrap_or_default();
    // The second module's exports once mounted, and the JSON it last got.
    let module: Rc<RefCell<Option<JsValue>>> = use_mut_ref(|| None);
    let latest = use_mut_ref(|| json.clone());
    *latest.borrow_mut() = json.clone();
    let on_message = use_mut_ref(|| props.on_message.clone());
    *on_message.borrow_mut() = props.on_message.clone();
    {
        let (root, status, module, latest) = (root.clone(), status.clone(), module.clone(), latest.clone());
        use_effect_with((), move |_| {
            let el = root.cast::<web_sys::Element>();
            let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
                let detail = e.dyn_ref::<web_sys::CustomEvent>().and_then(|c| c.detail().as_string());
                if let Some(m) = detail.and_then(|d| serde_json::from_str::<Message>(&d).ok()) {
                    on_message.borrow().emit(m);
                }
            });
            if let Some(el) = &el {
                let _ = el.add_event_listener_with_callback(MESSAGE_EVENT, listener.as_ref().unchecked_ref());
                let (el, module) = (el.clone(), module.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    match load().await.and_then(|m| call(&m, "mount", &el, &latest.borrow()).map(|()| m)) {
                        Ok(m) => {
                            *module.borrow_mut() = Some(m);
                            status.set(Status::Mounted);
                        }
                        Err(why) => status.set(Status::Failed(why)),
                    }
                });
            }
            move || {
                if let Some(el) = el {
                    let _ = el.remove_event_listener_with_callback(MESSAGE_EVENT, listener.as_ref().unchecked_ref());
                    if let Some(m) = module.borrow_mut().take() {
                        let _ = call(&m, "unmount", &el, "");
                    }
                }
            }
        });
    }
    {
        let (root, module) = (root.clone(), module.clone());
        use_effect_with(json, move |json| {
            if let (Some(m), Some(el)) = (module.borrow().as_ref(), root.cast::<web_sys::Element>()) {
                let _ = call(m, "update", &el, json);
            }
        });
    }
    let part = props.part.name();
    let state = match &*status {
        Status::Loading => "loading",
        Status::Mounted => "mounted",
        Status::Failed(_) => "failed",
    };
    let failed = |why: &str| {
        format!(
            "This part of the page could not be loaded ({why}). Reload the page to try again; what you pasted stays \
             in this tab only."
        )
    };
    html! {
        <div class="part" data-part={part} data-state={state}>
            { match &*status {
                Status::Loading => html! { <p class="hint part-loading" role="status">{ props.part.loading() }</p> },
                Status::Mounted => html! {},
                Status::Failed(why) => html! { <p class="banner warning" role="alert">{ failed(why) }</p> },
            } }
            // The second module renders in here; this app never renders children into it.
            <div class="part-root" ref={root}></div>
        </div>
    }
}

/// Have the second module read the blocks of these pending keys (this load has no PEM/DER
/// reader): each block with its key; when the second module cannot, each pending key says why.
#[cfg(not(feature = "pem"))]
pub async fn read_pem(pending: &[crate::keys::Key]) -> Vec<(String, crate::keys::Key)> {
    let blocks: Vec<&String> = pending.iter().filter_map(|k| k.pending.as_ref()).collect();
    let asked = serde_json::to_string(&blocks).unwrap_or_default();
    let answer = async {
        let module = load().await?;
        let out = export(&module, "read_pem")
            .map_err(|_| "the second module has no key reader")?
            .call1(&JsValue::NULL, &JsValue::from_str(&asked))
            .map_err(|e| message(&e, "the key reader failed"))?;
        let read: Vec<(String, crate::keys::wire::Wire)> = serde_json::from_str(&out.as_string().unwrap_or_default())
            .map_err(|_| "the key reader's answer was not read")?;
        Ok::<_, String>(read)
    };
    let span = crate::vocab::Span { start: 0, end: 0 };
    match answer.await {
        Ok(read) => read.into_iter().map(|(b, w)| (b, w.key(span))).collect(),
        Err(why) => pending
            .iter()
            .map(|k| {
                let mut k = k.clone();
                let block = k.pending.take().unwrap_or_default();
                k.problem = Some(format!("Could not be read: the page's key reader did not load ({why})."));
                (block, k)
            })
            .collect(),
    }
}

/// The second module's exports, loaded once per page by `window.authTriageMore()`.
async fn load() -> Result<JsValue, String> {
    let window = web_sys::window().ok_or("no window")?;
    let loader = js_sys::Reflect::get(&window, &JsValue::from_str("authTriageMore"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or("the page's loader script is missing")?;
    let promise = loader.call0(&window).map_err(|_| "the loader failed")?;
    let promise = promise.dyn_into::<js_sys::Promise>().map_err(|_| "the loader gave no promise")?;
    wasm_bindgen_futures::JsFuture::from(promise).await.map_err(|e| message(&e, "the second module did not load"))
}

/// One of the second module's exports.
fn export(module: &JsValue, name: &str) -> Result<js_sys::Function, String> {
    js_sys::Reflect::get(module, &JsValue::from_str(name))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| format!("the second module has no {name}"))
}

/// What a JavaScript error says, or `fallback`.
fn message(e: &JsValue, fallback: &str) -> String {
    e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_else(|| fallback.to_string())
}

/// Call one of the second module's exports with the host element and a part as JSON.
fn call(module: &JsValue, name: &str, el: &web_sys::Element, json: &str) -> Result<(), String> {
    export(module, name)?
        .call2(&JsValue::NULL, el, &JsValue::from_str(json))
        .map(|_| ())
        .map_err(|e| message(&e, &format!("{name} failed")))
}
