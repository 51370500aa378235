use yew::prelude::*;

use super::copy::CopyButton;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub link: String,
}

/// A link that reopens this diagnosis, without secrets, all in the URL fragment.
#[function_component(SharePanel)]
pub fn share_panel(props: &Props) -> Html {
    html! {
        <section class="share" aria-labelledby="share-h">
            <h2 id="share-h">{"Share this diagnosis"}</h2>
            <p class="hint">{"The link holds the error body, the environment, the request without secrets and the JWT without its signature, in the part after # that browsers never send to a server. The API key appears only as its first and last 4 characters."}</p>
            <label for="share-link">{"Share link"}</label>
            <div class="with-button">
                <input id="share-link" type="text" readonly=true value={props.link.clone()} />
                <CopyButton text={props.link.clone()} label="Copy link" done="Link copied." />
            </div>
        </section>
    }
}
