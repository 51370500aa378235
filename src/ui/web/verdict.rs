use std::rc::Rc;

use yew::prelude::*;

use super::Masker;
use crate::catalogue::sources::SourceLink;
use crate::predict::Certainty;
use crate::team_notes::TeamNotes;
use crate::Report;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: Rc<Report>,
    pub notes: Rc<TeamNotes>,
    pub masker: Masker,
}

/// The rule as documented next to the rule as enforced, and the sources as links, folded.
pub fn rule(documented: &str, enforced: &str, sources: &[SourceLink]) -> Html {
    html! {
        <details class="rule">
            <summary>{"The rule, and where it comes from"}</summary>
            <dl>
                <dt>{"Documented"}</dt><dd>{ documented.to_string() }</dd>
                <dt>{"Enforced"}</dt><dd>{ enforced.to_string() }</dd>
                <dt>{"Sources"}</dt>
                <dd><ul class="sources">{ for sources.iter().map(source_link) }</ul></dd>
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

/// The gateway's predicted answer and the ranked diagnosis, most useful first.
#[function_component(Verdict)]
pub fn verdict(props: &Props) -> Html {
    let r = &props.report;
    let m = &props.masker;
    if r.predicted.is_none() && r.diagnosis.is_empty() {
        return html! {};
    }
    let predicted = r.predicted.as_ref().map(|p| {
        let likely = if p.certainty == Certainty::Likely { " (likely)" } else { "" };
        html! {
            <div class="predicted">
                <h3>{ format!("What the gateway answers{likely}") }</h3>
                <p class="headline"><code>{ p.headline() }</code></p>
                <p>{ format!("Because {}", m.show(&lowercase_first(&p.why))) }</p>
                if let Some(b) = &p.basis { <p class="hint">{ b.clone() }</p> }
                if !p.assumptions.is_empty() {
                    <details>
                        <summary>{ format!("Assumed, because only the gateway can check it ({})", p.assumptions.len()) }</summary>
                        <ul>{ for p.assumptions.iter().map(|a| html! { <li>{ a.clone() }</li> }) }</ul>
                    </details>
                }
            </div>
        }
    });
    html! {
        <section class="verdict" aria-labelledby="verdict-h" id="verdict">
            <h2 id="verdict-h">{"Verdict"}</h2>
            { for predicted }
            { for r.diagnosis.iter().enumerate().map(|(i, d)| {
                let anchor = d.entry.anchor();
                html! {
                    <article class="diagnosis" data-entry={d.entry.id()}>
                        <h3>
                            { if i == 0 { "" } else { "Also: " } }
                            <a href={anchor.clone()}>{ d.title.clone() }</a>
                        </h3>
                        <p class="summary">{ m.show(&d.summary) }</p>
                        <p>{ d.meaning.clone() }</p>
                        <h4>{"Likely causes, most likely first"}</h4>
                        <ol class="causes">
                            { for d.causes.iter().map(|c| {
                                let tag = match (c.evidenced, c.unverified()) {
                                    (true, _) => "seen in your paste",
                                    (false, true) => "likely",
                                    (false, false) => "known cause",
                                };
                                html! { <li><span class={classes!("tag", c.evidenced.then_some("seen"))}>{ tag }</span>{ " " }{ m.show(&c.text) }</li> }
                            }) }
                        </ol>
                        <h4>{"How to fix"}</h4>
                        <p>{ d.fix.clone() }</p>
                        { rule(&d.documented, &d.enforced, &d.source) }
                        { team_notes(&props.notes, &anchor) }
                    </article>
                }
            }) }
        </section>
    }
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) if c.clone().next().is_some_and(|n| n.is_lowercase()) => f.to_lowercase().chain(c).collect(),
        _ => s.to_string(),
    }
}
