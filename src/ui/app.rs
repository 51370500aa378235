use std::rc::Rc;

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::findings::FindingsList;
use super::token_view::TokenView;
use crate::{analyze, Context};

#[function_component(App)]
pub fn app() -> Html {
    // The paste and the moment it was made: `now` is read here, at the edge, on each change.
    let paste = use_state(|| (String::new(), super::now()));
    let report = {
        let paste = paste.clone();
        use_memo(paste, |p| Rc::new(analyze(&p.0, &Context::at(p.1))))
    };
    let oninput = {
        let paste = paste.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            paste.set((area.value(), super::now()));
        })
    };
    let report: Rc<crate::Report> = (*report).clone();
    let found = if report.found.is_empty() {
        html! {}
    } else {
        html! {
            <p class="found" id="found"><strong>{"Found: "}</strong>{ report.found.join(" · ") }</p>
        }
    };

    html! {
        <>
            <header class="top">
                <h1>{"Auth Triage"}</h1>
                <p class="tagline">{"Why did the NHS England API Platform reject my token request?"}</p>
                <p class="privacy">
                    {"🔒 Everything runs in this browser. Nothing you paste or type is sent anywhere or stored."}
                </p>
            </header>
            <section class="inputs" aria-label="Inputs">
                <label for="paste">{"Paste a JWT, an error body or a request"}</label>
                <textarea
                    id="paste"
                    spellcheck="false"
                    autocomplete="off"
                    rows="8"
                    placeholder="eyJhbGciOiJSUzUxMiIsInR5cCI6IkpXVCIsImtpZCI6InRlc3QtMSJ9.eyJpc3MiOi…"
                    value={paste.0.clone()}
                    {oninput}
                />
            </section>
            <section class="results" aria-live="polite" id="results">
                { found }
                <FindingsList report={report.clone()} />
                { for report.tokens.iter().enumerate().map(|(i, t)| html! { <TokenView index={i} token={Rc::new(t.clone())} /> }) }
            </section>
        </>
    }
}
