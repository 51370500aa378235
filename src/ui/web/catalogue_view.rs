use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::verdict::{rule, team_notes};
use crate::catalogue::platform::{self, PlatformError};
use crate::catalogue::sources::links;
use crate::team_notes::TeamNotes;
use crate::vocab::Code;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// `Some((kind, id))` shows one entry; `None` the searchable list.
    pub entry: Option<(String, String)>,
    pub query: String,
    pub notes: Rc<TeamNotes>,
}

fn matches(q: &str, texts: &[&str]) -> bool {
    let q = q.trim().to_lowercase();
    q.is_empty() || q.split_whitespace().all(|w| texts.iter().any(|t| t.to_lowercase().contains(w)))
}

fn platform_entry(e: &PlatformError, notes: &TeamNotes) -> Html {
    let wording = e.description.or(e.errorcode).or(e.diagnostics).unwrap_or("(empty body)");
    html! {
        <article class="entry" id={format!("errors-{}", e.id)}>
            <h3><a href={e.anchor()}>{ e.title }</a></h3>
            <p class="wording"><code>{ format!("{} {}{}", e.status, e.error.map(|x| format!("{x}: ")).unwrap_or_default(), wording) }</code></p>
            if !e.old.is_empty() {
                <p class="hint">{ format!("Older wordings: {}", e.old.iter().map(|o| format!("\"{o}\"")).collect::<Vec<_>>().join(", ")) }</p>
            }
            <p>{ e.meaning }</p>
            <h4>{"Likely causes, most likely first"}</h4>
            <ol>{ for e.causes.iter().map(|c| html! { <li>if c.unverified { <span class="tag">{"likely"}</span>{" "} }{ c.text }</li> }) }</ol>
            <h4>{"How to fix"}</h4>
            <p>{ e.fix }</p>
            { rule(e.documented, e.enforced, &links(e.source)) }
            { team_notes(notes, &e.anchor()) }
        </article>
    }
}

fn finding_entry(c: Code, notes: &TeamNotes) -> Html {
    let e = c.entry();
    html! {
        <article class="entry" id={format!("findings-{}", c.id())}>
            <h3><a href={c.anchor()}>{ e.title }</a></h3>
            <p class="wording"><code>{ format!("{} · {}", c.id(), c.severity().label()) }</code></p>
            <p>{ e.meaning }</p>
            <h4>{"Likely causes, most likely first"}</h4>
            <ol>{ for e.causes.iter().map(|x| html! { <li>if x.unverified { <span class="tag">{"likely"}</span>{" "} }{ x.text }</li> }) }</ol>
            <h4>{"How to fix"}</h4>
            <p>{ e.fix }</p>
            { rule(e.documented, e.enforced, &links(e.source)) }
            { team_notes(notes, &c.anchor()) }
        </article>
    }
}

#[function_component(CatalogueView)]
pub fn catalogue_view(props: &Props) -> Html {
    let query = use_state(|| props.query.clone());
    let oninput = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| query.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    if let Some((kind, id)) = &props.entry {
        let body = match kind.as_str() {
            "errors" => platform::by_id(id).map(|e| platform_entry(e, &props.notes)),
            _ => Code::from_id(id).map(|c| finding_entry(c, &props.notes)),
        };
        return html! {
            <section class="catalogue" aria-labelledby="catalogue-h">
                <h2 id="catalogue-h">{"Catalogue entry"}</h2>
                { body.unwrap_or_else(|| html! { <p>{ format!("There is no entry \"{id}\".") }</p> }) }
                <p><a href="#/catalogue">{"All errors and findings"}</a>{" · "}<a href="#/">{"Back to triage"}</a></p>
            </section>
        };
    }
    let q = (*query).clone();
    let errors: Vec<&PlatformError> = platform::all()
        .iter()
        .filter(|e| {
            matches(
                &q,
                &[
                    e.id.id(),
                    e.title,
                    e.description.unwrap_or(""),
                    e.errorcode.unwrap_or(""),
                    e.diagnostics.unwrap_or(""),
                    e.meaning,
                    &e.old.join(" "),
                ],
            )
        })
        .collect();
    let codes: Vec<Code> = Code::ALL
        .iter()
        .copied()
        .filter(|c| {
            let e = c.entry();
            matches(&q, &[c.id(), e.title, e.meaning])
        })
        .collect();
    html! {
        <section class="catalogue" aria-labelledby="catalogue-h">
            <h2 id="catalogue-h">{"Catalogue: every platform error and every finding"}</h2>
            <label for="catalogue-q">{"Search the catalogue"}</label>
            <input id="catalogue-q" type="search" value={q.clone()} {oninput} placeholder="e.g. Invalid client identifier, jti, 415" />
            <p role="status">{ format!("{} platform errors, {} findings", errors.len(), codes.len()) }</p>
            <h2>{"Platform errors"}</h2>
            { for errors.iter().map(|e| platform_entry(e, &props.notes)) }
            <h2>{"Findings"}</h2>
            { for codes.iter().map(|c| finding_entry(*c, &props.notes)) }
            <p><a href="#/">{"Back to triage"}</a></p>
        </section>
    }
}
