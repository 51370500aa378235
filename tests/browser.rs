//! In-browser component tests (wasm-bindgen-test in headless Chromium): mount the page, type
//! into the paste box, and read the DOM.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

const RFC7519: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

async fn mount() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<auth_triage::ui::App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

/// Put `text` in the paste box as a paste does (value, then an input event), and wait for the
/// task the page analyses an edit in: then the verdict is shown.
async fn type_into(root: &Element, text: &str) {
    let area: HtmlTextAreaElement =
        root.query_selector("textarea#paste").unwrap().expect("paste box").dyn_into().unwrap();
    area.set_value(text);
    let init = EventInit::new();
    init.set_bubbles(true);
    area.dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
    next_task().await;
}

/// Let the page's pending task run, then Yew render.
async fn next_task() {
    let tick = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback(&resolve).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(tick).await.unwrap();
    yew::scheduler::flush().await;
}

/// The details below the verdict follow in tasks of their own (five stages, the ticket last):
/// wait, a task at a time, until `selector` is shown (at most 20 tasks).
async fn details(root: &Element, selector: &str) {
    for _ in 0..20 {
        if root.query_selector(selector).unwrap().is_some() {
            return;
        }
        next_task().await;
    }
    panic!("{selector} never shown");
}

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector).unwrap().and_then(|e| e.text_content()).unwrap_or_default()
}

#[wasm_bindgen_test]
async fn paste_box_is_labelled() {
    let root = mount().await;
    let label = text(&root, "label[for=paste]");
    assert!(label.contains("Paste"), "{label}");
    root.remove();
}

#[wasm_bindgen_test]
async fn pasting_the_rfc7519_jwt_shows_header_payload_and_times() {
    let root = mount().await;
    type_into(&root, RFC7519).await;
    details(&root, "section.token").await;
    let token = text(&root, "section.token");
    assert!(token.contains("\"iss\": \"joe\""), "exact JSON: {token}");
    assert!(token.contains("\"http://example.com/is_root\": true"), "{token}");
    let rows = root.query_selector_all("section.token table.claims tbody tr").unwrap();
    let iss_row = (0..rows.length())
        .filter_map(|i| rows.item(i))
        .filter_map(|n| n.text_content())
        .find(|t| t.starts_with("iss"))
        .unwrap_or_default();
    assert!(iss_row.contains("\"joe\""), "annotated row: {iss_row}");
    assert!(token.contains("2011-03-22T18:43:00Z"), "{token}");
    assert!(token.contains("expired"), "{token}");
    root.remove();
}

#[wasm_bindgen_test]
async fn malformed_paste_shows_a_finding_and_markup_stays_text() {
    let root = mount().await;
    type_into(&root, "Bearer eyJhbGciOiJSUzUxMiJ9.<img/src=x/onerror=alert(1)>.c2ln").await;
    details(&root, "section.findings").await;
    let findings = text(&root, "section.findings");
    assert!(findings.contains("base64url"), "{findings}");
    assert!(findings.contains("Bearer"), "{findings}");
    assert!(root.query_selector("img").unwrap().is_none(), "pasted markup must never become an element");
    root.remove();
}

#[wasm_bindgen_test]
async fn the_verdict_renders_with_the_paste_and_the_details_follow() {
    let root = mount().await;
    type_into(&root, "{\"error\":\"invalid_request\",\"error_description\":\"Missing or invalid 'aud' claim in client_assertion JWT\"}").await;
    // In the task of the edit: the verdict, not yet the long details.
    assert!(text(&root, "#verdict").contains("aud"), "verdict first");
    assert!(root.query_selector("section.body").unwrap().is_none(), "details wait for tasks of their own");
    details(&root, "section.body").await;
    assert!(text(&root, "section.body").contains("error_description"), "details follow");
    assert!(root.query_selector("#ticket-text").unwrap().is_none(), "the ticket comes last, in a later task");
    details(&root, "#ticket-text").await;
    // Typing again hides the stale details until the new ones are ready.
    type_into(&root, "invalid").await;
    assert!(root.query_selector("section.findings").unwrap().is_none(), "no stale details");
    details(&root, "section.findings").await;
    assert!(text(&root, "section.findings").contains("segment"), "new details");
    root.remove();
}
