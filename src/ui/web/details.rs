use std::rc::Rc;

use yew::prelude::*;

use super::body_view::BodyView;
use super::findings::FindingsList;
use super::hooks::LAST_STAGE;
use super::keys_panel::KeysPanel;
use super::request_view::RequestView;
use super::share_panel::SharePanel;
use super::ticket_panel::TicketPanel;
use super::token_view::TokenView;
use super::Masker;
use crate::outputs::{share, ticket};
use crate::ui::state::{Fields, State};
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

#[derive(Properties, PartialEq)]
pub struct PartProps {
    /// The page's inputs, their moment and WebCrypto's answers.
    pub state: State,
    pub shared: bool,
    pub stage: u8,
    pub embed: bool,
}

/// The details part (`parts::Part::Details`): the page's inputs analysed here again (a pure
/// function of them: the same report as the verdict's), then everything under the verdict, the
/// ticket and the share link.
#[function_component(DetailsPart)]
pub fn details_part(props: &PartProps) -> Html {
    let state = &props.state;
    let report = {
        let (state, shared) = (state.clone(), props.shared);
        (*use_memo((state.fields.clone(), state.now, shared, state.verified.clone()), move |_| {
            Rc::new(state.report(shared))
        }))
        .clone()
    };
    let fields = &state.fields;
    let masker = Masker::for_key(&fields.key, fields.key_visible);
    let pasted = !fields.paste.trim().is_empty();
    html! {
        <>
            <Details report={report.clone()} stage={props.stage} masker={masker} embed={props.embed}
                checking={state.checking.is_some()} app_id={fields.app_id.clone()} />
            // `data-ready`: every detail of a paste is shown (what a test waits for: a paste
            // that is not worth a ticket gets none). Never on the first screen.
            <div class="slot" id="slot-ticket" data-ready={(props.stage >= LAST_STAGE && pasted).then_some("true")}>
                if props.stage >= LAST_STAGE && pasted {
                    { outputs(&report, fields, state.now) }
                }
            </div>
        </>
    }
}

/// The support ticket, when there is something the platform team can look up
/// (`Report::worth_a_ticket`: not for an error that never left the client), and the share link.
fn outputs(report: &Report, fields: &Fields, now: i64) -> Html {
    let ticket_text = report.worth_a_ticket().then(|| {
        ticket::ticket(
            report,
            &ticket::TicketInput {
                app_name: Some(fields.app_name.clone()),
                app_id: Some(fields.app_id.clone()),
                api_key: Some(fields.key.clone()),
                failed_at: fields.failed_at.trim().to_string(),
            },
        )
    });
    let link =
        format!("{}#{}", super::base_url(), share::encode(&share::shared(report, Some(&fields.key), fields.env, now)));
    html! {
        <>
            if let Some(text) = ticket_text {
                <TicketPanel text={text} />
            }
            <SharePanel link={link} />
        </>
    }
}
