use yew::prelude::*;

use super::copy::CopyButton;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The redacted ticket, built by the core.
    pub text: String,
}

/// The support ticket: a plain-text preview and a copy button (Clipboard API).
#[function_component(TicketPanel)]
pub fn ticket_panel(props: &Props) -> Html {
    html! {
        <section class="ticket" aria-labelledby="ticket-h">
            <h2 id="ticket-h">{"Support ticket"}</h2>
            <p class="hint">{"What the platform team asks for, with secrets removed: the key as first/last 4 characters, the JWT without its signature, the request without secrets."}</p>
            <pre id="ticket-text" tabindex="0" aria-label="Support ticket text">{ props.text.clone() }</pre>
            <CopyButton text={props.text.clone()} label="Copy ticket" done="Copied. Paste it into your support request." />
        </section>
    }
}
