use std::rc::Rc;

use yew::prelude::*;

use super::body_view::BodyView;
use super::findings::FindingsList;
use super::keys_panel::KeysPanel;
use super::request_view::RequestView;
use super::token_view::TokenView;
use super::Masker;
use crate::vocab::{Role, Target};
use crate::Report;

/// How many tokens, requests and responses are shown: a paste can hold thousands.
const SHOWN: usize = 5;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: Rc<Report>,
    /// How far the details are released (`hooks::use_stages`): 1 the tokens, 2 the requests and
    /// responses, 3 the keys, 4 the findings.
    pub stage: u8,
    pub masker: Masker,
    pub embed: bool,
    /// WebCrypto is checking the signature right now.
    pub checking: bool,
    pub app_id: String,
}

/// Everything under the verdict: the tokens, the requests and responses, the keys and the
/// findings, each in a stable container that keeps its place whatever appears inside it.
#[function_component(Details)]
pub fn details(props: &Props) -> Html {
    let (report, stage, masker, embed) = (&props.report, props.stage, &props.masker, props.embed);
    let mut tokens: Vec<(usize, &crate::decode::jwt::Jwt)> = report.tokens.iter().enumerate().collect();
    tokens.sort_by_key(|(_, t)| t.role != Role::ClientAssertion);
    if stage < 1 {
        tokens.clear();
    }
    // Each token and request shows the findings about it, and only those.
    let on = |target: Target| Rc::new(report.findings_on(target).cloned().collect::<Vec<_>>());
    let (requests, bodies) =
        if stage >= 2 { (&report.requests[..], &report.error_bodies[..]) } else { (&[][..], &[][..]) };
    html! {
        <>
            <div class="slot" id="slot-tokens">
                { for tokens.iter().take(SHOWN).map(|(i, t)| html! { <TokenView key={format!("t{i}")} index={*i} token={Rc::new((*t).clone())} findings={on(Target::Token(*i))} masker={masker.clone()} /> }) }
            </div>
            <div class="slot" id="slot-requests">
                { for requests.iter().enumerate().take(SHOWN).map(|(i, r)| html! { <RequestView key={format!("r{i}")} index={i} request={Rc::new(r.clone())} findings={on(Target::Request(i))} masker={masker.clone()} /> }) }
            </div>
            <div class="slot" id="slot-bodies">
                // The same answer quoted twice (a post and its reply) is one response.
                { for bodies.iter().enumerate().filter(|(i, b)| !bodies[..*i].iter().any(|e| e.json == b.json)).take(SHOWN).map(|(i, b)| html! { <BodyView key={format!("b{i}")} index={i} body={Rc::new(b.clone())} status={report.status} masker={masker.clone()} embed={embed} /> }) }
            </div>
            if let Some(more) = hidden(report).filter(|_| stage >= 2) {
                <p class="hint">{ more }</p>
            }
            <div class="slot" id="slot-keys">
                if stage >= 3 {
                    <KeysPanel report={report.clone()} checking={props.checking} app_id={props.app_id.clone()} env={report.environment()} masker={masker.clone()} />
                }
            </div>
            <div class="slot" id="slot-findings">
                if stage >= 4 {
                    <FindingsList report={report.clone()} masker={masker.clone()} embed={embed} />
                }
            </div>
        </>
    }
}

/// What is found but not shown, when a paste holds more than `SHOWN` of anything.
fn hidden(report: &Report) -> Option<String> {
    let over = |n: usize, what: &str| (n > SHOWN).then(|| format!("{} more {what}", n - SHOWN));
    let parts: Vec<String> = [
        over(report.tokens.len(), "tokens"),
        over(report.requests.len(), "requests"),
        over(report.error_bodies.len(), "responses"),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| {
        format!(
            "Showing the first {SHOWN} of each; {} were found and are counted in the findings but not shown.",
            crate::vocab::join_and(&parts)
        )
    })
}
