use std::rc::Rc;

use yew::prelude::*;

use crate::Report;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: Rc<Report>,
}

#[function_component(FindingsList)]
pub fn findings_list(props: &Props) -> Html {
    let findings = &props.report.findings;
    if findings.is_empty() {
        return html! {};
    }
    html! {
        <section class="findings" aria-labelledby="findings-h">
            <h2 id="findings-h">{"Findings"}</h2>
            <ul>
                { for findings.iter().map(|f| {
                    let entry = f.code.entry();
                    let class = format!("finding {}", f.severity.label());
                    html! {
                        <li class={class} data-code={f.code.id()}>
                            <span class="sev" aria-hidden="true">{ f.severity.icon() }</span>
                            <span class="sev-label">{ f.severity.label() }{": "}</span>
                            <strong class="title">{ entry.title }</strong>
                            <span class="msg">{ " — " }{ &f.message }</span>
                            <code class="code">{ f.code.id() }</code>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
