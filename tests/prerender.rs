//! The first screen as the build renders it (Yew server rendering, natively; `--features ssr`):
//! what a person sees before the wasm runs. `scripts/prerender.mjs` writes it into
//! `dist/index.html`; the e2e tests (tests/e2e/prerender.test.mjs) check the served page and
//! that the wasm's own first render is the same tree.
#![cfg(feature = "ssr")]

fn first_screen() -> String {
    let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    runtime.block_on(tokio::task::LocalSet::new().run_until(auth_triage::ui::first_screen()))
}

#[test]
fn the_first_screen_holds_what_a_person_needs_before_the_wasm() {
    let html = first_screen();
    for (what, needle) in [
        ("the title", ">Auth Triage</a></h1>"),
        ("the privacy line", "nothing you paste or type is sent or stored."),
        ("the paste box", "<textarea id=\"paste\""),
        ("its label", "<label for=\"paste\">Paste anything"),
        ("the key field", "id=\"api-key\" type=\"password\""),
        ("how it works", "<h2 id=\"start-h\">How it works</h2>"),
        ("the catalogue link", "<a href=\"#/catalogue\">Error catalogue</a>"),
        ("the examples", "data-example=\"sandbox-invalid-client-identifier\""),
    ] {
        assert!(html.contains(needle), "{what}: {needle} not in the first screen");
    }
}

#[test]
fn the_first_screen_needs_nothing_the_csp_forbids_and_is_hydratable() {
    let html = first_screen();
    assert!(!html.contains(" style="), "an inline style attribute: the CSP has no 'unsafe-inline'");
    assert!(!html.contains("<script"), "a script in the markup");
    // Yew's component marks, which hydration walks.
    assert!(html.starts_with("<!--<[auth_triage::ui::web::app::App]>-->"), "{}", &html[..80.min(html.len())]);
    // Nothing the server cannot know: no verdict, no ticket, no share link, no clock.
    for absent in ["id=\"verdict\"", "id=\"ticket-text\"", "share=", "1970"] {
        assert!(!html.contains(absent), "{absent} in the first screen");
    }
}

#[test]
fn the_first_screen_is_the_same_at_every_build() {
    let (a, b) = (first_screen(), first_screen());
    assert_eq!(a, b);
    assert_eq!(auth_triage::ui::prerender::shape(&a), auth_triage::ui::prerender::shape(&b));
    assert!(auth_triage::ui::prerender::shape(&a).starts_with(|c: char| c.is_ascii_digit()));
}
