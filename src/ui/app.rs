use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::findings::FindingsList;
use super::token_view::TokenView;
use super::verdict::Verdict;
use crate::{analyze, Context};

#[function_component(App)]
pub fn app() -> Html {
    // The paste and the moment it was made: `now` is read here, at the edge, on each change.
    let paste = use_state(|| (String::new(), super::now()));
    let key = use_state(String::new);
    let report = {
        let deps = ((*paste).clone(), (*key).clone());
        use_memo(deps, |(p, k)| Rc::new(analyze(&p.0, &Context::at(p.1).with_key(k))))
    };
    let onkey = {
        let key = key.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            key.set(input.value());
        })
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
                    <strong>{"Private: "}</strong>{"everything runs in this browser. Nothing you paste or type is sent anywhere or stored."}
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
                <label for="api-key">{"API key (optional: to compare with iss/sub)"}</label>
                <input id="api-key" type="password" autocomplete="off" spellcheck="false" value={(*key).clone()} oninput={onkey} />
            </section>
            <section class="results" aria-live="polite" id="results">
                { found }
                <Verdict report={report.clone()} />
                <FindingsList report={report.clone()} />
                { for report.tokens.iter().enumerate().map(|(i, t)| html! { <TokenView index={i} token={Rc::new(t.clone())} /> }) }
            </section>
        </>
    }
}
