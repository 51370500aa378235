use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::verdict::{rule, team_notes};
use crate::catalogue::platform::{self, PlatformError};
use crate::catalogue::sources::links;
use crate::outputs::route::{self, View};
use crate::team_notes::TeamNotes;
use crate::ui::catalogue::{self as search, Filter};
use crate::vocab::Code;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// `Some((kind, id))` shows one entry; `None` the index.
    pub entry: Option<(String, String)>,
    /// The search and filters from the address (`#/catalogue?q=…&status=…&error=…`).
    pub filter: Filter,
    pub notes: Rc<TeamNotes>,
    pub embed: bool,
    /// The search or a filter changed (the address was rewritten in place).
    #[prop_or_default]
    pub on_filter: Callback<Filter>,
}

fn platform_entry(e: &PlatformError, notes: &TeamNotes) -> Html {
    let wording = e.description.or(e.errorcode).or(e.diagnostics).unwrap_or("(empty body)");
    html! {
        <article class="entry" id={format!("errors-{}", e.id)}>
            <h3>{ e.title }</h3>
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

fn finding_entry(c: Code, notes: &TeamNotes, embed: bool) -> Html {
    let e = c.entry();
    html! {
        <article class="entry" id={format!("findings-{}", c.id())}>
            <h3>{ e.title }</h3>
            <p class="wording"><code>{ format!("{} · {}", c.id(), c.severity().label()) }</code></p>
            <p>{ e.meaning }</p>
            if !c.explains().is_empty() {
                <p>{"Leads to: "}
                    { for c.explains().iter().enumerate().map(|(i, x)| html! { <>{ if i > 0 { ", " } else { "" } }<a href={route::link(&x.anchor(), embed)}>{ x.entry().title }</a></> }) }
                </p>
            }
            <h4>{"Likely causes, most likely first"}</h4>
            <ol>{ for e.causes.iter().map(|x| html! { <li>if x.unverified { <span class="tag">{"likely"}</span>{" "} }{ x.text }</li> }) }</ol>
            <h4>{"How to fix"}</h4>
            <p>{ e.fix }</p>
            { rule(e.documented, e.enforced, &links(e.source)) }
            { team_notes(notes, &c.anchor()) }
        </article>
    }
}

/// Write the search into the address without a new history entry per keystroke, and without a
/// navigation: `history.replaceState` fires no `hashchange`, so the view is not rendered again
/// from an address a keystroke behind, and the search box keeps its text, caret and focus.
fn write_address(filter: &Filter, embed: bool) {
    let view = View::Catalogue { query: filter.query.clone(), status: filter.status, error: filter.error.clone() };
    let href = format!("{}{}", super::base_url(), route::address(&view, embed));
    let Some(window) = web_sys::window() else { return };
    // `window.history.replaceState(null, "", href)`, through Reflect: the History binding is
    // not among the web-sys features the crate enables.
    let replaced = js_sys::Reflect::get(&window, &"history".into()).ok().and_then(|history| {
        let replace = js_sys::Reflect::get(&history, &"replaceState".into()).ok()?;
        let replace = replace.dyn_into::<js_sys::Function>().ok()?;
        replace.call3(&history, &JsValue::NULL, &"".into(), &JsValue::from_str(&href)).ok()
    });
    if replaced.is_none() {
        let _ = window.location().replace(&href);
    }
}

#[function_component(CatalogueView)]
pub fn catalogue_view(props: &Props) -> Html {
    let embed = props.embed;
    let filter = use_state(|| props.filter.clone());
    {
        // The address changed from outside (a link, the back button): follow it.
        let filter = filter.clone();
        use_effect_with(props.filter.clone(), move |f| {
            if *filter != *f {
                filter.set(f.clone());
            }
        });
    }
    let update: Update = {
        let (filter, on_filter) = (filter.clone(), props.on_filter.clone());
        Rc::new(move |change: &dyn Fn(&mut Filter)| {
            let mut f = (*filter).clone();
            change(&mut f);
            write_address(&f, embed);
            filter.set(f.clone());
            on_filter.emit(f);
        })
    };
    if let Some((kind, id)) = &props.entry {
        return entry_view(kind, id, &props.notes, embed);
    }
    let f = (*filter).clone();
    let errors = search::errors_by_status(&f);
    let findings = search::findings_by_kind(&f);
    let n_errors: usize = errors.iter().map(|(_, v)| v.len()).sum();
    let n_findings: usize = findings.iter().map(|(_, v)| v.len()).sum();
    html! {
        <section class="catalogue" aria-labelledby="catalogue-h">
            <h2 id="catalogue-h">{"Catalogue: every platform error and every finding"}</h2>
            { filters(&f, &update) }
            // Everything the search changes, in one container: the section's own children
            // stay the same, so the box is patched in place and keeps its focus (Yew
            // matches unkeyed children by position, and results coming and going shifted
            // the search form onto another node, which was replaced: focus fell to the page).
            <div class="results">
                <p role="status" id="catalogue-count">{ format!("{n_errors} platform errors, {n_findings} findings") }</p>
                <h2>{"Platform errors, by HTTP status"}</h2>
                if errors.is_empty() { <p class="hint">{"No platform error matches."}</p> }
                { for errors.iter().map(|(status, list)| html! {
                    <section class="index-group" aria-label={format!("Status {status}")}>
                        <h3>{ format!("{status} ({})", list.len()) }</h3>
                        <ul class="index-list">
                            { for list.iter().map(|e| html! {
                                <li data-entry={e.id.id()}>
                                    <a href={route::link(&e.anchor(), embed)}>{ e.title }</a>
                                    {" "}<code>{ format!("{}{}", e.error.map(|x| format!("{x}: ")).unwrap_or_default(), e.description.or(e.errorcode).or(e.diagnostics).unwrap_or("(empty body)")) }</code>
                                </li>
                            }) }
                        </ul>
                    </section>
                }) }
                <h2>{"Findings, by kind"}</h2>
                if findings.is_empty() { <p class="hint">{"No finding matches."}</p> }
                { for findings.iter().map(|(sev, list)| html! {
                    <section class="index-group" aria-label={format!("{} findings", sev.label())}>
                        <h3>{ format!("{}s ({})", sev.label(), list.len()) }</h3>
                        <ul class="index-list">
                            { for list.iter().map(|c| html! {
                                <li data-entry={c.id()}><a href={route::link(&c.anchor(), embed)}>{ c.entry().title }</a>{" "}<code>{ c.id() }</code></li>
                            }) }
                        </ul>
                    </section>
                }) }
            </div>
            <p><a href={route::link("#/", embed)}>{"Back to triage"}</a></p>
        </section>
    }
}

type Update = Rc<dyn Fn(&dyn Fn(&mut Filter))>;

/// The search box and the two filters. The box is keyed and keeps its element: each keystroke
/// sets the state it shows, never a new box.
fn filters(f: &Filter, update: &Update) -> Html {
    let oninput = {
        let update = update.clone();
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            update(&|f: &mut Filter| f.query = v.clone())
        })
    };
    let on_status = {
        let update = update.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value().parse::<u16>().ok();
            update(&|f: &mut Filter| f.status = v)
        })
    };
    let on_error = {
        let update = update.clone();
        Callback::from(move |e: Event| {
            let v = Some(e.target_unchecked_into::<HtmlSelectElement>().value()).filter(|v| !v.is_empty());
            update(&|f: &mut Filter| f.error = v.clone())
        })
    };
    let status_value = f.status.map(|s| s.to_string()).unwrap_or_default();
    let error_value = f.error.clone().unwrap_or_default();
    html! {
        <div class="filters">
            <div class="field">
                <label for="catalogue-q">{"Search the catalogue"}</label>
                <input key="catalogue-q" id="catalogue-q" type="search" value={f.query.clone()} {oninput} placeholder="e.g. Invalid client identifier, jti, 401, invalid_client, ACCESS_DENIED" />
            </div>
            <div class="field">
                <label for="catalogue-status">{"HTTP status"}</label>
                <select id="catalogue-status" onchange={on_status}>
                    <option value="" selected={status_value.is_empty()}>{"Any status"}</option>
                    { for search::statuses().into_iter().map(|s| html! { <option value={s.to_string()} selected={status_value == s.to_string()}>{ s }</option> }) }
                </select>
            </div>
            <div class="field">
                <label for="catalogue-error">{"error code"}</label>
                <select id="catalogue-error" onchange={on_error}>
                    <option value="" selected={error_value.is_empty()}>{"Any error code"}</option>
                    { for search::error_codes().into_iter().map(|c| html! { <option value={c} selected={error_value == c}>{ c }</option> }) }
                </select>
            </div>
        </div>
    }
}

/// One catalogue entry (`#/errors/<id>`, `#/findings/<id>`).
fn entry_view(kind: &str, id: &str, notes: &TeamNotes, embed: bool) -> Html {
    let body = match kind {
        "errors" => platform::by_id(id).map(|e| platform_entry(e, notes)),
        _ => Code::from_id(id).map(|c| finding_entry(c, notes, embed)),
    };
    html! {
        <section class="catalogue" aria-labelledby="catalogue-h">
            <h2 id="catalogue-h">{"Catalogue entry"}</h2>
            { body.unwrap_or_else(|| html! { <p>{ format!("There is no entry \"{id}\".") }</p> }) }
            <p><a href={route::link("#/catalogue", embed)}>{"All errors and findings"}</a>{" · "}<a href={route::link("#/", embed)}>{"Back to triage"}</a></p>
        </section>
    }
}
