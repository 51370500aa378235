use std::rc::Rc;

use yew::prelude::*;

use super::inputs::Inputs;
use super::parts::{self, Message, Part};
use super::verdict::Verdict;
use super::Masker;
use crate::examples::Example;
use crate::team_notes::TeamNotes;
use crate::ui::state::{Action, BuilderTyped, State};
use crate::Report;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: Rc<Report>,
    /// The report the details were last released for (the builder reads its kid from it).
    pub lagged: Rc<Report>,
    /// How far the details are released (`hooks::use_stages`).
    pub stage: u8,
    /// The page's inputs (`state.fields`), their moment and WebCrypto's answers: what the
    /// details part analyses.
    pub state: State,
    /// Opened from a share link that still holds the paste.
    pub shared: bool,
    pub time_error: Option<String>,
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
    /// What the on-demand parts (details, builder) tell the page.
    pub on_message: Callback<Message>,
    /// The catalogue's texts, loaded after the first load (`texts::use_texts`).
    pub texts: Option<Rc<super::texts::Texts>>,
}

/// The triage view: the inputs and the verdict, the details, the ticket and share link, the
/// builder and the examples.
#[function_component(Triage)]
pub fn triage(props: &Props) -> Html {
    let (report, fields, masker, embed) = (&props.report, &props.state.fields, &props.masker, props.embed);
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
                <div class="slot" id="slot-verdict"><Verdict report={report.clone()} notes={props.notes.clone()} masker={masker.clone()} pasted={pasted} embed={embed} texts={props.texts.clone()} /></div>
            </Inputs>
            // Everything under the verdict, once there is something to show: on demand.
            if pasted {
                { details(props) }
            }
            if !embed {
                { builder(props) }
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

/// Everything under the verdict (on demand), for the page's inputs as they stand.
fn details(props: &Props) -> Html {
    let part =
        Part::Details { state: props.state.clone(), shared: props.shared, stage: props.stage, embed: props.embed };
    parts::view(part, props.on_message.clone())
}

/// The builder and the key maker (on demand), for the API key typed and the kid of the
/// assertion the details were last released for.
fn builder(props: &Props) -> Html {
    let kid =
        props.lagged.client_assertion().and_then(|t| t.header.get("kid")).and_then(|k| k.as_str()).map(String::from);
    let part = Part::Builder {
        api_key: props.state.fields.key.clone(),
        key_visible: props.state.fields.key_visible,
        env: props.lagged.environment(),
        kid,
        typed: props.builder.clone(),
    };
    parts::view(part, props.on_message.clone())
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
