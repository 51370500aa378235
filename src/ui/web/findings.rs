use std::rc::Rc;

use yew::prelude::*;

use super::Masker;
use crate::Report;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: Rc<Report>,
    pub masker: Masker,
    pub embed: bool,
}

#[function_component(FindingsList)]
pub fn findings_list(props: &Props) -> Html {
    let findings = &props.report.findings;
    if findings.is_empty() {
        return html! {};
    }
    let count = |s| findings.iter().filter(|f| f.severity == s).count();
    use crate::vocab::Severity::*;
    html! {
        <section class="findings" aria-labelledby="findings-h">
            <h2 id="findings-h">{ format!("All findings: {} error(s), {} warning(s), {} note(s)", count(Error), count(Warning), count(Note)) }</h2>
            if findings.len() > 200 {
                <p class="hint">{ format!("Showing the first 200 of {} findings.", findings.len()) }</p>
            }
            <ul>
                { for findings.iter().take(200).map(|f| {
                    let entry = f.code.entry();
                    html! {
                        <li class={classes!("finding", f.severity.label())} data-code={f.code.id()}>
                            <span class="sev" aria-hidden="true">{ f.severity.icon() }</span>
                            <span class="sev-label">{ f.severity.label() }{": "}</span>
                            <strong class="title">{ entry.title }</strong>
                            <span class="msg">{ " — " }{ props.masker.show(&f.message) }</span>
                            {" "}<a class="code" href={crate::outputs::route::link(&f.code.anchor(), props.embed)}>{ f.code.id() }</a>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
