use std::rc::Rc;

use yew::prelude::*;

use crate::predict::Certainty;
use crate::Report;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: Rc<Report>,
}

/// The gateway's predicted answer and the ranked diagnosis, most useful first.
#[function_component(Verdict)]
pub fn verdict(props: &Props) -> Html {
    let r = &props.report;
    if r.predicted.is_none() && r.diagnosis.is_empty() {
        return html! {};
    }
    let predicted = r.predicted.as_ref().map(|p| {
        let likely = if p.certainty == Certainty::Likely { " (likely)" } else { "" };
        html! {
            <div class="predicted">
                <h3>{ format!("The gateway's answer{likely}") }</h3>
                <p class="headline"><code>{ p.headline() }</code></p>
                <p>{ format!("Because: {}", p.why) }</p>
                if let Some(b) = &p.basis { <p class="hint">{ b.clone() }</p> }
                if !p.assumptions.is_empty() {
                    <details>
                        <summary>{ format!("Assumed, because it cannot be checked here ({})", p.assumptions.len()) }</summary>
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
            { for r.diagnosis.iter().enumerate().map(|(i, d)| html! {
                <article class="diagnosis" data-entry={d.entry.clone()}>
                    <h3>{ if i == 0 { d.title.clone() } else { format!("Also: {}", d.title) } }</h3>
                    <p class="summary">{ d.summary.clone() }</p>
                    <p>{ d.meaning.clone() }</p>
                    <h4>{"Likely causes, most likely first"}</h4>
                    <ol class="causes">
                        { for d.causes.iter().map(|c| {
                            let tag = match (c.evidenced, c.unverified) {
                                (true, _) => "seen in your paste",
                                (false, true) => "likely",
                                (false, false) => "known cause",
                            };
                            html! { <li><span class="tag">{ tag }</span>{ " " }{ c.text.clone() }</li> }
                        }) }
                    </ol>
                    <h4>{"How to fix"}</h4>
                    <p>{ d.fix.clone() }</p>
                    <dl class="rule">
                        <dt>{"Documented"}</dt><dd>{ d.documented.clone() }</dd>
                        <dt>{"Enforced"}</dt><dd>{ d.enforced.clone() }</dd>
                        <dt>{"Source"}</dt><dd>{ d.source.clone() }</dd>
                    </dl>
                </article>
            }) }
        </section>
    }
}
