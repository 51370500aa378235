use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The redacted ticket, built by the core.
    pub text: String,
}

/// The support ticket: a plain-text preview and a copy button (Clipboard API).
#[function_component(TicketPanel)]
pub fn ticket_panel(props: &Props) -> Html {
    let status = use_state(String::new);
    let onclick = {
        let text = props.text.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            let text = text.clone();
            let status = status.clone();
            wasm_bindgen_futures::spawn_local(async move {
                status.set(match super::copy(text).await {
                    Ok(()) => "Copied. Paste it into your support request.".into(),
                    Err(e) => e,
                });
            });
        })
    };
    html! {
        <section class="ticket" aria-labelledby="ticket-h">
            <h2 id="ticket-h">{"Support ticket"}</h2>
            <p class="hint">{"What the platform team asks for, with secrets removed: the key as first/last 4 characters, the JWT without its signature, the request without secrets."}</p>
            <pre id="ticket-text" tabindex="0" aria-label="Support ticket text">{ props.text.clone() }</pre>
            <button type="button" {onclick}>{"Copy ticket"}</button>
            <span class="status" role="status">{ (*status).clone() }</span>
        </section>
    }
}
