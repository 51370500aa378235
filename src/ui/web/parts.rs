//! The page's on-demand parts: everything the first verdict does not need — the catalogue
//! browser, the Start-here path, the builder with the key maker and the code for the user's own
//! stack, and the panels under the verdict (tokens, requests, keys, findings, ticket, share).
//!
//! Each part is a value (`Part`, plain data that crosses into JSON) and talks back with
//! `Message`s. The page's first load (`web`) holds none of their views: it renders
//! `on_demand::OnDemand`, which loads the second module (`more`, built as its own wasm) and has
//! it mount the part there. The second module renders the same `PartView` this file defines;
//! built with `more`, the page renders it in place (one wasm, for the in-browser tests).

use serde::{Deserialize, Serialize};
use yew::prelude::*;

use crate::platform::Environment;
use crate::ui::catalogue::Filter;
use crate::ui::state::{BuilderTyped, State};

/// The DOM event a part sends its messages with, on the element it was mounted into (its
/// `detail`: a `Message` as JSON).
pub const MESSAGE_EVENT: &str = "auth-triage-part";

/// One on-demand part and everything it needs to render, as data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "part", rename_all = "kebab-case")]
pub enum Part {
    /// The catalogue's index (`entry: None`, with a search) or one entry (`Some((kind, id))`).
    Catalogue { entry: Option<(String, String)>, filter: Filter, embed: bool },
    /// The Start-here path: the key field it shares with triage, the steps marked done.
    Start { key: String, key_visible: bool, done: Vec<u8>, embed: bool },
    /// The assertion builder and the key maker, under triage.
    Builder { api_key: String, key_visible: bool, env: Option<Environment>, kid: Option<String>, typed: BuilderTyped },
    /// Everything under the verdict, for the page's inputs (analysed again in the part: a pure
    /// function of them), released up to `stage` (`hooks::use_stages`).
    Details { state: State, shared: bool, stage: u8, embed: bool },
}

impl Part {
    /// The part's name, as its host element carries it (`data-part`).
    pub fn name(&self) -> &'static str {
        match self {
            Part::Catalogue { .. } => "catalogue",
            Part::Start { .. } => "start",
            Part::Builder { .. } => "builder",
            Part::Details { .. } => "details",
        }
    }

    /// What the host says while the part is on its way.
    pub fn loading(&self) -> &'static str {
        match self {
            Part::Catalogue { .. } => "Loading the error catalogue…",
            Part::Start { .. } => "Loading the Start-here path…",
            Part::Builder { .. } => "Loading the assertion builder and the key maker…",
            Part::Details { .. } => "Loading the details: tokens, requests, keys, findings, ticket and share link…",
        }
    }
}

/// What a part tells the page. Externally tagged (serde's default): the first load reads it,
/// and an internally tagged enum's reader costs it 9 KB of wasm.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Message {
    /// The API key was typed (the Start-here path's key field is the page's).
    SetKey { value: String },
    /// Show or hide the API key.
    ToggleKeyVisible,
    /// The builder's request becomes the paste.
    Built { text: String },
    /// The catalogue's search or filters changed (written into the address in place).
    Filter { filter: Filter },
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub part: Part,
    pub on_message: Callback<Message>,
}

/// A part, rendered: where the page's views live once loaded.
#[cfg(feature = "more")]
#[function_component(PartView)]
pub fn part_view(props: &Props) -> Html {
    use super::builder::Builder;
    use super::start_view::StartView;
    use super::Masker;
    let on = props.on_message.clone();
    match &props.part {
        Part::Catalogue { .. } => html! { <CataloguePart part={props.part.clone()} on_message={on} /> },
        Part::Start { key, key_visible, done, embed } => {
            let masker = Masker::for_key(key, *key_visible);
            html! {
                <StartView api_key={key.clone()} key_visible={*key_visible} done={done.clone()} {masker}
                    on_message={on} embed={*embed} />
            }
        }
        Part::Builder { api_key, key_visible, env, kid, typed } => {
            let on_use = on.reform(|text| Message::Built { text });
            let masker = Masker::for_key(api_key, *key_visible);
            html! {
                <Builder api_key={api_key.clone()} env={*env} kid={kid.clone()} typed={typed.clone()}
                    {masker} {on_use} />
            }
        }
        Part::Details { state, shared, stage, embed } => {
            let (state, shared, stage, embed) = (state.clone(), *shared, *stage, *embed);
            html! { <super::details::DetailsPart {state} {shared} {stage} {embed} /> }
        }
    }
}

/// The catalogue with the team's notes (`team-notes.json`, fetched by this part).
#[cfg(feature = "more")]
#[function_component(CataloguePart)]
fn catalogue_part(props: &Props) -> Html {
    let (notes, _) = super::hooks::use_team_notes();
    let Part::Catalogue { entry, filter, embed } = &props.part else { return html! {} };
    let on_filter = props.on_message.reform(|filter| Message::Filter { filter });
    let (entry, filter, embed) = (entry.clone(), filter.clone(), *embed);
    html! { <super::catalogue_view::CatalogueView {entry} {filter} {notes} {embed} {on_filter} /> }
}

/// Render a part in place: this build holds the parts (`more`).
#[cfg(feature = "more")]
pub fn view(part: Part, on_message: Callback<Message>) -> Html {
    html! { <PartView {part} {on_message} /> }
}

/// Render a part through the loader: the first load holds no part's view.
#[cfg(not(feature = "more"))]
pub fn view(part: Part, on_message: Callback<Message>) -> Html {
    html! { <super::on_demand::OnDemand {part} {on_message} /> }
}
