use std::rc::Rc;

use yew::prelude::*;

use super::texts::{explain, todo_line, Texts};
use super::Masker;
use crate::catalogue::sources::SourceLink;
use crate::outputs::route;
use crate::team_notes::TeamNotes;
use crate::ui::catalogue::without_steps;
use crate::vocab::Certainty;
use crate::vocab::Provenance;
use crate::Report;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: Rc<Report>,
    pub notes: Rc<TeamNotes>,
    pub masker: Masker,
    /// The paste is not empty (a paste with nothing recognised gets pointers to the catalogue).
    pub pasted: bool,
    /// Keep `embed` on every internal link.
    pub embed: bool,
    /// The catalogue's texts, in a build that loads them (`texts::use_texts`).
    #[prop_or_default]
    pub texts: Option<Rc<Texts>>,
}

/// The rule as documented next to the rule as enforced, and the sources as links, folded.
/// Sources without an address (our own reading of the platform's code) are said apart.
pub fn rule(documented: &str, enforced: &str, sources: &[SourceLink]) -> Html {
    let linked: Vec<&SourceLink> = sources.iter().filter(|s| s.url.is_some()).collect();
    let derived: Vec<String> = sources.iter().filter(|s| s.url.is_none()).map(|s| s.label.clone()).collect();
    html! {
        <details class="rule">
            <summary>{"The rule, and where it comes from"}</summary>
            <dl>
                <dt>{"Documented"}</dt><dd>{ without_steps(documented) }</dd>
                <dt>{"Enforced"}</dt><dd>{ without_steps(enforced) }</dd>
                if !linked.is_empty() {
                    <dt>{"Sources"}</dt>
                    <dd><ul class="sources">{ for linked.into_iter().map(source_link) }</ul></dd>
                }
                if !derived.is_empty() {
                    <dt>{"Also"}</dt><dd class="derived">{ derived.join("; ") }</dd>
                }
            </dl>
        </details>
    }
}

/// One source: a link with a readable label (or the label alone for our own notes).
pub fn source_link(s: &SourceLink) -> Html {
    match &s.url {
        Some(url) => html! {
            <li><a href={url.clone()} rel="noopener noreferrer" target="_blank">{ s.label.clone() }</a></li>
        },
        None => html! { <li>{ s.label.clone() }</li> },
    }
}

pub fn team_notes(notes: &TeamNotes, anchor: &str) -> Html {
    let list = notes.for_anchor(anchor);
    if list.is_empty() {
        return html! {};
    }
    html! {
        <aside class="team-notes" aria-label="Team notes">
            <h4>{"Team notes"}</h4>
            <ul>
                { for list.iter().map(|n| html! {
                    <li>
                        { n.text.clone() }
                        if let Some(link) = &n.link {
                            {" "}<a href={link.clone()} rel="noopener noreferrer" target="_blank">{ n.label.clone().unwrap_or_else(|| link.clone()) }</a>
                        }
                    </li>
                }) }
            </ul>
        </aside>
    }
}

/// What a paste of prose only ("I keep getting 401 Unauthorized") gets: the catalogue entries
/// for the status it names, and what to paste instead.
fn prose_only(r: &Report, embed: bool) -> Html {
    let filter = crate::ui::catalogue::Filter { status: r.status, ..Default::default() };
    let matching: Vec<&crate::catalogue::PlatformError> = match r.status {
        Some(_) => crate::ui::catalogue::errors_by_status(&filter).into_iter().flat_map(|(_, v)| v).collect(),
        None => Vec::new(),
    };
    let all = route::address(&route::View::Catalogue { query: String::new(), status: r.status, error: None }, embed);
    html! {
        <section class="verdict prose" aria-labelledby="verdict-h" id="verdict">
            <h2 id="verdict-h">{"Verdict"}</h2>
            <p class="headline">{ match r.status {
                Some(s) => format!("This describes a {s} answer, but holds no error body, request or token to check."),
                None => "This holds no error body, request or token to check.".to_string(),
            } }</p>
            <p>{"Paste what the gateway sent and what you sent: the response body (the JSON), the request (a cURL command, or the devtools Request URL and form data) and the client_assertion JWT. Secrets stay in this browser."}</p>
            if let Some(s) = r.status {
                <p>{ format!("The catalogue has {} platform errors with status {s}. ", matching.len()) }
                    <a href={all}>{ format!("See every {s} error") }</a></p>
                <ul class="index-list">
                    { for matching.iter().take(8).map(|e| html! {
                        <li><a href={route::link(&e.anchor(), embed)}>{ e.title }</a>{" "}<code>{ e.description.or(e.errorcode).or(e.diagnostics).unwrap_or("") }</code></li>
                    }) }
                </ul>
            }
        </section>
    }
}

/// The headline the core decided (`report.verdict`), its notes and to-do list, the prediction
/// as a second line, then the ranked diagnosis.
#[function_component(Verdict)]
pub fn verdict(props: &Props) -> Html {
    let r = &props.report;
    let m = &props.masker;
    let v = &r.verdict;
    let embed = props.embed;
    let texts = props.texts.as_deref();
    if v.from == Provenance::None && r.diagnosis.is_empty() {
        return if props.pasted && r.found.is_empty() {
            prose_only(r, embed)
        } else {
            html! {}
        };
    }
    let from = v.from_label();
    let prediction = r.predicted.as_ref().filter(|_| v.from != Provenance::Predicted);
    let predicted_here = r.predicted.as_ref().filter(|_| v.from == Provenance::Predicted);
    html! {
        <section class="verdict" aria-labelledby="verdict-h" id="verdict">
            <h2 id="verdict-h">{"Verdict"}</h2>
            if !from.is_empty() { <p class="from">{ from }</p> }
            if !v.headline.is_empty() {
                <p class="headline"><code>{ m.show(&v.headline) }</code></p>
            }
            if !v.why.is_empty() {
                <p class="certainty"><span class={classes!("tag", (v.certainty == Certainty::Likely).then_some("likely"))}>{ v.certainty.label() }</span>{" "}{ m.show(&v.why) }</p>
            }
            if let Some(c) = &r.client_error {
                <dl class="client-error">
                    <dt>{"Library"}</dt><dd>{ c.library.to_string() }</dd>
                    <dt>{"Why"}</dt><dd>{ c.cause.to_string() }</dd>
                    <dt>{"Fix"}</dt><dd>{ c.fix.to_string() }</dd>
                </dl>
            }
            if !v.notes.is_empty() {
                <ul class="verdict-notes">
                    { for v.notes.iter().map(|n| html! { <li class="finding note"><span class="sev" aria-hidden="true">{"ℹ"}</span><span class="sev-label">{"note: "}</span>{ m.show(n) }</li> }) }
                </ul>
            }
            if !v.todo.is_empty() {
                <h3 id="todo-h">{"To do, in the gateway's order"}</h3>
                <ol class="todo" aria-labelledby="todo-h">
                    { for v.todo.iter().enumerate().map(|(i, t)| {
                        let line = todo_line(t, v.todo_codes.get(i).copied(), texts);
                        html! { <li>{ m.show(&line) }</li> }
                    }) }
                </ol>
            }
            if let Some(p) = prediction {
                // The same answer is said once.
                { match p.beside(&v.headline) {
                    (said, None) => html! { <p class="also">{ said }</p> },
                    (said, Some(answer)) => html! { <p class="also">{ said }<code>{ m.show(&answer) }</code></p> },
                } }
            }
            if let Some(p) = predicted_here {
                <p>{ format!("Because: {}", m.show(&p.why)) }</p>
                if let Some(b) = &p.basis { <p class="hint">{ b.clone() }</p> }
                if !p.assumptions.is_empty() {
                    <details>
                        <summary>{ format!("Assumed, because only the gateway can check it ({})", p.assumptions.len()) }</summary>
                        <ul>{ for p.assumptions.iter().map(|a| html! { <li>{ a.clone() }</li> }) }</ul>
                    </details>
                }
            }
            <p class="hint server">{ format!("Server: {}", v.server.describe()) }</p>
            { for r.diagnosis.iter().enumerate().map(|(i, d)| {
                let anchor = d.entry.anchor();
                let words = explain(d, texts);
                html! {
                    <article class="diagnosis" data-entry={d.entry.id()}>
                        <h3>
                            { if i == 0 { "Why: " } else { "Also: " } }
                            <a href={route::link(&anchor, embed)}>{ d.title.clone() }</a>
                        </h3>
                        if let Some(w) = words {
                            <p>{ w.meaning.clone() }</p>
                            <h4>{"Likely causes, most likely first"}</h4>
                            <ol class="causes">
                                { for d.causes.iter().zip(&w.causes).map(|(c, text)| {
                                    let tag = classes!("tag", c.evidenced.then_some("seen"));
                                    html! { <li><span class={tag}>{ c.tag() }</span>{ " " }{ m.show(text) }</li> }
                                }) }
                            </ol>
                            <h4>{"How to fix"}</h4>
                            <p>{ w.fix.clone() }</p>
                            { rule(&w.documented, &w.enforced, &w.source) }
                        } else {
                            <p class="hint explaining" role="status">
                                {"Loading the explanation: what this means, the likely causes and the fix…"}
                            </p>
                        }
                        if let Some(l) = &d.look_at {
                            <h4>{ format!("In your paste, about {}: check these lines first", l.about) }</h4>
                            <ul class="look-at">
                                { for l.lines.iter().map(|q| html! {
                                    <li><span class="line-no">{ format!("line {}", q.line) }</span>{ " " }<code>{ m.show(&q.text) }</code></li>
                                }) }
                            </ul>
                        }
                        { team_notes(&props.notes, &anchor) }
                    </article>
                }
            }) }
        </section>
    }
}
