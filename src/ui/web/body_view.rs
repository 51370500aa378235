use std::rc::Rc;

use yew::prelude::*;

use super::Masker;
use crate::catalogue::platform::Match;
use crate::decode::error_body::{BodyKind, ErrorBody};

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Its place among its kind on the page: the ids of its parts are its own.
    pub index: usize,
    pub body: Rc<ErrorBody>,
    pub status: Option<u16>,
    pub masker: Masker,
    pub embed: bool,
}

#[function_component(BodyView)]
pub fn body_view(props: &Props) -> Html {
    let b = &props.body;
    let entry = b.entry.map(crate::vocab::ErrorId::entry);
    let status = props.status.map(|s| format!("HTTP {s} · ")).unwrap_or_default();
    html! {
        <section class="body" aria-labelledby={format!("body-h-{}", props.index)}>
            <h2 id={format!("body-h-{}", props.index)}>{ format!("Response: {}", b.kind.label()) }</h2>
            if b.kind == BodyKind::TokenSuccess {
                <p>{"This is a successful token response: the access token is shown only by its length. Use it as Authorization: Bearer <token> within its expires_in seconds."}</p>
            }
            if b.kind == BodyKind::HelloWorld {
                <p>{"This is Hello World's own answer: the call's credentials were accepted."}</p>
            }
            <pre class="json">{ format!("{status}{}", props.masker.json(&b.json)) }</pre>
            if let Some(e) = entry {
                <div class="explained">
                    <h3><a href={crate::outputs::route::link(&e.anchor(), props.embed)}>{ e.title }</a></h3>
                    if b.matched == Some(Match::OldWording) {
                        <p class="hint">{ format!("An old wording; today the platform says: \"{}\".", e.description.unwrap_or_default()) }</p>
                    }
                    if let Some(m) = &b.message_id {
                        <p>{"message_id "}<code>{ m.clone() }</code>{" — quote it to support (it is in the ticket below)."}</p>
                    }
                    <p>{ e.meaning }</p>
                    <p class="hint">{ format!("Status {}{}", e.status, e.status_note.map(|n| format!(" ({n})")).unwrap_or_default()) }</p>
                    { super::verdict::rule(e.documented, e.enforced, &crate::catalogue::sources::links(e.source)) }
                </div>
            } else if !b.kind.is_success() {
                <p class="hint">{"Not a message the NHS API Platform is known to send (see the findings)."}</p>
            }
        </section>
    }
}
