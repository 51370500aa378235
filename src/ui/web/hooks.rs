//! Small hooks the components share: a window event, the route, the team notes, the detail
//! stages, bringing an element into view.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::outputs::route;
use crate::team_notes::{self, TeamNotes};
use crate::Report;

/// Call `handler` on every `event` the window fires while the component is mounted (the
/// handler of the latest render is called).
#[hook]
pub fn use_window_event(event: &'static str, handler: Callback<()>) {
    let latest = use_mut_ref(|| handler.clone());
    *latest.borrow_mut() = handler;
    use_effect_with(event, move |event| {
        let event = *event;
        let closure = Closure::<dyn Fn()>::new(move || latest.borrow().emit(()));
        let window = web_sys::window();
        if let Some(w) = &window {
            let _ = w.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
        }
        move || {
            if let Some(w) = window {
                let _ = w.remove_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
            }
        }
    });
}

/// Read the fragment now and whenever it changes.
#[hook]
pub fn use_route() -> UseStateHandle<route::Route> {
    let route = use_state(|| route::parse(&super::fragment()));
    let follow = {
        let route = route.clone();
        Callback::from(move |()| route.set(route::parse(&super::fragment())))
    };
    use_window_event("hashchange", follow);
    route
}

/// Fetch `team-notes.json` from the page's own origin once. Absent: silent. Malformed: a warning.
#[hook]
pub fn use_team_notes() -> (Rc<TeamNotes>, Vec<String>) {
    let state = use_state(|| (Rc::new(TeamNotes::default()), Vec::<String>::new()));
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            if super::single_file() {
                return; // dist/auth-triage.html: no origin to fetch from, and no request at all
            }
            wasm_bindgen_futures::spawn_local(async move {
                let Ok(resp) = gloo_net::http::Request::get("team-notes.json").send().await else { return };
                if !resp.ok() {
                    return;
                }
                let text = resp.text().await.unwrap_or_default();
                match team_notes::parse(&text) {
                    Ok(notes) => {
                        let warnings = notes.warnings.clone();
                        state.set((Rc::new(notes), warnings));
                    }
                    Err(e) => state.set((Rc::new(TeamNotes::default()), vec![e])),
                }
            });
        });
    }
    (*state).clone()
}

/// The details come in this many stages, a task each.
pub const LAST_STAGE: u8 = 5;

/// The verdict renders with the paste; everything below it follows in tasks of its own, so the
/// answer shows within a frame and no task of the page's is long however much was found:
/// stage 1 the tokens, 2 the requests and responses, 3 the keys, 4 the findings, 5 the ticket
/// and share link. Returns how far the details of `report` are released, and the report the
/// last stage was released for (the one before `report` while its stages are on their way).
#[hook]
pub fn use_stages(report: Rc<Report>) -> (u8, Rc<Report>) {
    // The report the stages were released for, and how far.
    let detail = use_state(|| None::<(Rc<Report>, u8)>);
    let latest: Rc<RefCell<usize>> = use_mut_ref(|| 0usize);
    let at = Rc::as_ptr(&report) as usize;
    *latest.borrow_mut() = at;
    let stage = detail.as_ref().filter(|(d, _)| Rc::ptr_eq(d, &report)).map_or(0, |(_, s)| *s);
    {
        // Keyed by identity, not by value: a new report equal to the last one must be
        // released too, or the stage (pointer equality) would never advance again. A stage
        // released for a report that has since been replaced is dropped.
        let (detail, report, latest) = (detail.clone(), report.clone(), latest.clone());
        use_effect_with((at, stage), move |&(at, stage)| {
            if stage < LAST_STAGE {
                super::next_task(move || {
                    if *latest.borrow() == at {
                        detail.set(Some((report, stage + 1)));
                    }
                })
            }
        });
    }
    let lagged = detail.as_ref().map_or_else(|| report.clone(), |(r, _)| r.clone());
    (stage, lagged)
}

/// A callback that, once the render it causes has reached the page, scrolls the element with
/// this id to the top of the view (after an example or the builder replaced the paste: the
/// verdict). Given `Some(selector)`, only when that element inside it is not wholly in view
/// (after a paste: on a phone the verdict is under the paste box and the key field).
#[hook]
pub fn use_bring_into_view(id: &'static str, unless_shown: Option<&'static str>) -> Callback<()> {
    let jump = use_state(|| 0u32);
    use_effect_with(*jump, move |n| {
        let window = web_sys::window().filter(|_| *n > 0);
        let Some((window, el)) = window.and_then(|w| w.document()?.get_element_by_id(id).map(|el| (w, el))) else {
            return;
        };
        let height = window.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
        let part = unless_shown.and_then(|s| el.query_selector(s).ok().flatten());
        let shown = part.and_then(|p| top_and_bottom(&p)).is_some_and(|(top, bottom)| top >= 0.0 && bottom <= height);
        if !shown {
            el.scroll_into_view();
        }
    });
    Callback::from(move |()| jump.set(*jump + 1))
}

/// The element's top and bottom in the viewport (`getBoundingClientRect`, through Reflect: the
/// DomRect binding is not among the web-sys features the crate enables).
fn top_and_bottom(el: &web_sys::Element) -> Option<(f64, f64)> {
    let get = |o: &wasm_bindgen::JsValue, k: &str| js_sys::Reflect::get(o, &k.into()).ok();
    let f: js_sys::Function = get(el, "getBoundingClientRect")?.dyn_into().ok()?;
    let rect = f.call0(el).ok()?;
    Some((get(&rect, "top")?.as_f64()?, get(&rect, "bottom")?.as_f64()?))
}
