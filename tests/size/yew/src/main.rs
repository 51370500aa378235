//! A paste box that says how long the paste is: the least a Yew page can be.
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[function_component(App)]
fn app() -> Html {
    let text = use_state(String::new);
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
                text.set(area.value());
            }
        })
    };
    html! {
        <main>
            <h1>{"Auth Triage"}</h1>
            <label for="paste">{"Paste"}</label>
            <textarea id="paste" {oninput} />
            <p>{ format!("{} bytes", text.len()) }</p>
        </main>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
