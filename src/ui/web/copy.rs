use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub text: String,
    pub label: AttrValue,
    pub done: AttrValue,
}

/// A button that copies `text` with the Clipboard API and says how it went.
#[function_component(CopyButton)]
pub fn copy_button(props: &Props) -> Html {
    let status = use_state(String::new);
    let onclick = {
        let (text, status, done) = (props.text.clone(), status.clone(), props.done.to_string());
        Callback::from(move |_: MouseEvent| {
            let (text, status, done) = (text.clone(), status.clone(), done.clone());
            wasm_bindgen_futures::spawn_local(async move {
                status.set(match super::copy(text).await {
                    Ok(()) => done,
                    Err(e) => e,
                });
            });
        })
    };
    html! {
        <>
            <button type="button" {onclick}>{ props.label.clone() }</button>
            <span class="status" role="status">{ (*status).clone() }</span>
        </>
    }
}
