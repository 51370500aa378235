use std::rc::Rc;

use yew::prelude::*;

use super::builder::Builder;
use super::details::Details;
use super::hooks::LAST_STAGE;
use super::inputs::Inputs;
use super::share_panel::SharePanel;
use super::ticket_panel::TicketPanel;
use super::verdict::Verdict;
use super::Masker;
use crate::examples::Example;
use crate::outputs::{share, ticket};
use crate::team_notes::TeamNotes;
use crate::ui::state::{Action, BuilderTyped, Fields};
use crate::Report;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: Rc<Report>,
    /// The report the details were last released for (the builder reads its kid from it).
    pub lagged: Rc<Report>,
    /// How far the details are released (`hooks::use_stages`).
    pub stage: u8,
    pub fields: Fields,
    /// When the inputs last changed: the share link's moment.
    pub now: i64,
    pub time_error: Option<String>,
    pub checking: bool,
    pub notes: Rc<TeamNotes>,
    pub masker: Masker,
    pub embed: bool,
    pub on_action: Callback<Action>,
    /// A paste (not typing) replaced the paste box's text, once analysed.
    pub on_pasted: Callback<()>,
    /// The builder's fields typed before the page was live.
    pub builder: BuilderTyped,
    pub examples: Rc<Vec<Example>>,
    pub on_example: Callback<&'static str>,
    pub on_built: Callback<String>,
}

/// The triage view: the inputs and the verdict, the details, the ticket and share link, the
/// builder and the examples.
#[function_component(Triage)]
pub fn triage(props: &Props) -> Html {
    let (report, fields, masker, embed) = (&props.report, &props.fields, &props.masker, props.embed);
    // Read once by screen readers: the headline, nothing repeated.
    let announcement = Some(&report.verdict.headline)
        .filter(|h| !h.is_empty())
        .map(|h| format!("Verdict: {}", masker.show(h)))
        .unwrap_or_default();
    let pasted = !fields.paste.trim().is_empty();
    html! {
        <>
            <Inputs fields={fields.clone()} detected={report.environment()}
                found={report.found.clone()} cleaned={report.cleaned.iter().map(|c| c.describe()).collect::<Vec<_>>()}
                on_action={props.on_action.clone()} on_pasted={props.on_pasted.clone()} time_error={props.time_error.clone()} embed={embed}>
                <p class="sr-only" role="status" aria-live="polite">{ announcement }</p>
                <div class="slot" id="slot-start">
                if !pasted {
                    { start(embed) }
                }
                </div>
                // Stable containers: each region keeps its place whatever appears inside it.
                <div class="slot" id="slot-verdict"><Verdict report={report.clone()} notes={props.notes.clone()} masker={masker.clone()} pasted={pasted} embed={embed} /></div>
            </Inputs>
            <Details report={report.clone()} stage={props.stage} masker={masker.clone()} embed={embed} checking={props.checking} app_id={fields.app_id.clone()} />
            // `data-ready`: every detail of a paste is shown (what a test waits for: a paste
            // that is not worth a ticket gets none). Never on the first screen.
            <div class="slot" id="slot-ticket" data-ready={(props.stage >= LAST_STAGE && pasted).then_some("true")}>
                if props.stage >= LAST_STAGE && pasted {
                    { outputs(report, fields, props.now) }
                }
            </div>
            if !embed {
                <Builder api_key={fields.key.clone()} env={props.lagged.environment()} typed={props.builder.clone()} masker={masker.clone()}
                    kid={props.lagged.client_assertion().and_then(|t| t.header.get("kid")).and_then(|k| k.as_str()).map(String::from)}
                    on_use={props.on_built.clone()} />
                { examples(&props.examples, &props.on_example) }
            }
        </>
    }
}

/// "How it works", while nothing is pasted.
fn start(embed: bool) -> Html {
    html! {
        <section class="start" aria-labelledby="start-h">
            <h2 id="start-h">{"How it works"}</h2>
            <p>{ if embed {
                "Paste what you have — the client assertion JWT, the response, the request, or a whole forum post. The page decodes everything here, checks it against the platform's rules, predicts the gateway's answer and explains the error."
            } else {
                "Paste what you have — the client assertion JWT, the response, the request, or a whole forum post — and type your API key. The page decodes everything here, checks it against the platform's rules, predicts the gateway's answer and explains the error. Or try an example below."
            } }</p>
            if !embed {
                <p><a href="#/start" id="start-link">{"New to the platform? Start here: from nothing to a first token, step by step."}</a></p>
            }
        </section>
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

fn examples(shown: &[Example], load: &Callback<&'static str>) -> Html {
    html! {
        <section class="examples" aria-labelledby="examples-h">
            <h2 id="examples-h">{"Examples"}</h2>
            <p class="hint">{"Realistic cases made of fake data, to learn by example."}</p>
            <ul class="example-list">
                { for shown.iter().map(|&Example { id, title, .. }| {
                    let load = load.clone();
                    html! { <li><button type="button" data-example={id} onclick={Callback::from(move |_| load.emit(id))}>{ title }</button></li> }
                }) }
            </ul>
        </section>
    }
}
