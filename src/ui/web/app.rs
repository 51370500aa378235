use std::rc::Rc;

use yew::prelude::*;

use super::copy::CopyButton;
use super::hooks::{use_bring_into_view, use_route, use_stages, use_team_notes};
use super::parts::{self, Message, Part};
use super::triage::Triage;
use super::Masker;
use crate::facts::Verification;
use crate::outputs::route::{self, Route, View};
use crate::ui::catalogue::Filter;
use crate::ui::state::{Action, Field, Fields, PlanKey, State, Typed};
use crate::{examples, Report};

/// The reducer, in Yew's terms: the pure `State::reduce` does the work.
#[derive(Clone, Debug, Default, PartialEq)]
struct Page(State);

impl Reducible for Page {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(Page(Rc::unwrap_or_clone(self).0.reduce(action)))
    }
}

impl Page {
    /// The page as the address opens it: a share link's inputs, moment and call time, else
    /// nothing typed, now.
    fn from_address() -> Page {
        let (fields, now) = match route::parse(&super::fragment()).share {
            Some(s) => (
                Fields {
                    paste: s.paste.as_str().into(),
                    key: s.key.clone().unwrap_or_default(),
                    env: s.env,
                    // The time of the failing call the sender typed, back in its field.
                    failed_at: s.call_at.and_then(|t| crate::decode::time::utc_iso(t as f64)).unwrap_or_default(),
                    ..Fields::default()
                },
                s.at,
            ),
            None => (Fields::default(), super::now()),
        };
        Page(State { fields, now, ..State::default() })
    }
}

/// Hand the plan to WebCrypto when the report asks for a signature no one has checked yet.
/// WebCrypto's failure is an outcome of its own ("could not verify: why"), never "invalid".
#[hook]
fn use_verification(page: UseReducerHandle<Page>, report: Rc<Report>) {
    let plan = page.0.to_verify(&report);
    let deps = plan.as_ref().map(PlanKey::of);
    use_effect_with(deps, move |_| {
        if let Some(plan) = plan {
            let key = PlanKey::of(&plan);
            page.dispatch(Action::Checking(key.clone()));
            wasm_bindgen_futures::spawn_local(async move {
                let outcome = match super::crypto::verify(&plan).await {
                    Ok(true) => Verification::Valid,
                    Ok(false) => Verification::Invalid,
                    Err(why) => Verification::CouldNotVerify(format!("the browser's WebCrypto refused it ({why})")),
                };
                page.dispatch(Action::Verified(key, outcome));
            });
        }
    });
}

/// Hand the PEM blocks the report could not read to the second module (a build without the
/// PEM/DER reader: the first load); their keys come back as an action, and the report is made
/// again with them.
#[cfg(not(feature = "pem"))]
#[hook]
fn use_pem_reader(page: UseReducerHandle<Page>, report: Rc<Report>) {
    let pending = page.0.pem_to_read(&report);
    use_effect_with(pending, move |pending| {
        if !pending.is_empty() {
            let pending = pending.clone();
            wasm_bindgen_futures::spawn_local(async move {
                page.dispatch(Action::PemRead(super::on_demand::read_pem(&pending).await));
            });
        }
    });
}

/// A build with the PEM/DER reader reads every block itself: nothing to hand over.
#[cfg(feature = "pem")]
#[hook]
fn use_pem_reader(_page: UseReducerHandle<Page>, _report: Rc<Report>) {}

/// The report for the page's inputs, analysed again only when they change.
#[hook]
fn use_report(state: &State, shared: bool) -> Rc<Report> {
    let deps = (state.fields.clone(), state.now, shared, state.verified.clone(), state.pem.clone());
    let state = state.clone();
    (*use_memo(deps, move |(_, _, shared, _, _)| Rc::new(state.report(*shared)))).clone()
}

/// Once mounted: what was typed early, as the actions typing sends (one render follows, one
/// analysis); then, once the page is shown, parse the catalogue and build its indexes, which
/// the first paste would otherwise wait for, and warm the wasm up.
#[hook]
fn use_start(page: UseReducerHandle<Page>, typed: Rc<Typed>, on_live: Callback<()>, shown: Rc<Vec<examples::Example>>) {
    use_effect_with((), move |_| {
        for action in typed.actions.iter().cloned() {
            page.dispatch(action);
        }
        on_live.emit(());
        super::next_task(crate::catalogue::platform::warm);
        super::next_task(move || super::warm_up(shown, 0));
    });
}

#[derive(Properties, PartialEq, Default)]
pub struct Props {
    /// What was typed into the server-rendered first screen before the page was live, applied
    /// once mounted (the first render must be the server's, so hydration finds its markup).
    #[prop_or_default]
    pub typed: Rc<Typed>,
    /// Called once mounted, after what was typed was applied: the page is live.
    #[prop_or_default]
    pub on_live: Callback<()>,
}

#[function_component(App)]
pub fn app(props: &Props) -> Html {
    let route = use_route();
    let (notes, note_warnings) = use_team_notes();
    let texts = super::texts::use_texts();
    // The inputs, the moment they last changed (read here, at the edge) and WebCrypto's
    // answers: one reducer.
    let page = use_reducer(Page::from_address);
    // The examples, once (building them signs nothing but still writes JSON): their titles
    // for the list, their pastes for the warm-up.
    let shown_examples = use_memo((), |_| examples::examples(0));
    use_start(page.clone(), props.typed.clone(), props.on_live.clone(), shown_examples.clone());
    let state = &page.0;
    let fields = &state.fields;
    let shared = route.share.as_ref().is_some_and(|s| s.paste.as_str() == &*fields.paste);
    let report = use_report(state, shared);
    use_verification(page.clone(), report.clone());
    use_pem_reader(page.clone(), report.clone());
    let (stage, lagged) = use_stages(report.clone());
    let masker = Masker::for_key(&fields.key, fields.key_visible);
    // After an example or the builder replaced the paste, bring the verdict into view.
    let to_verdict = use_bring_into_view("verdict", None);
    // After a paste, the verdict's headline into view if it is not (a phone).
    let show_verdict = use_bring_into_view("verdict", Some(".headline"));
    let on_example = {
        let (page, to_verdict) = (page.clone(), to_verdict.clone());
        Callback::from(move |id: &'static str| {
            let now = super::now();
            if let Some(ex) = examples::examples(now).into_iter().find(|e| e.id == id) {
                let fields = Fields { paste: ex.paste.as_str().into(), key: ex.key.to_string(), ..Fields::default() };
                page.dispatch(Action::Load { fields, now });
                to_verdict.emit(());
            }
        })
    };
    let dispatch = {
        let page = page.clone();
        Callback::from(move |a: Action| page.dispatch(a))
    };
    let embed = route.embed;
    let on_message = on_message(&page, &route, to_verdict.clone());
    let body = match &route.view {
        View::Triage => html! {
            <Triage report={report.clone()} lagged={lagged} stage={stage} state={state.clone()}
                time_error={state.call_time_error()} notes={notes.clone()}
                masker={masker} embed={embed} on_action={dispatch} on_pasted={show_verdict}
                builder={props.typed.builder.clone()} examples={shown_examples} on_example={on_example} on_message={on_message.clone()} shared={shared} {texts} />
        },
        View::Catalogue { query, status, error } => {
            let filter = Filter { query: query.clone(), status: *status, error: error.clone() };
            parts::view(Part::Catalogue { entry: None, filter, embed }, on_message)
        }
        View::Entry { kind, id } => parts::view(
            Part::Catalogue { entry: Some((kind.clone(), id.clone())), filter: Filter::default(), embed },
            on_message,
        ),
        // An answer's text: its entry when it names one, else the search for it.
        View::Code(code) => {
            let (entry, filter) = match crate::catalogue::platform::find_by_code(code).as_slice() {
                [one] => (Some(("errors".to_string(), one.id.id().to_string())), Filter::default()),
                _ => (None, Filter { query: code.clone(), ..Filter::default() }),
            };
            parts::view(Part::Catalogue { entry, filter, embed }, on_message)
        }
        View::Start { done } => {
            let part =
                Part::Start { key: fields.key.clone(), key_visible: fields.key_visible, done: done.clone(), embed };
            parts::view(part, on_message)
        }
    };
    html! {
        <div class={classes!("page", embed.then_some("embed"))}>
            { top(embed) }
            { banners(&route, shared, &note_warnings) }
            <main>{ body }</main>
            if !embed {
                { embed_this(&route) }
            }
        </div>
    }
}

/// What the on-demand parts tell the page: the key typed in the Start-here path, the builder's
/// request as the paste (and the verdict into view), the catalogue's search written into the
/// address in place (no `hashchange`: the route follows it here, so the embed snippet names the
/// same view).
fn on_message(
    page: &UseReducerHandle<Page>,
    route: &UseStateHandle<Route>,
    to_verdict: Callback<()>,
) -> Callback<Message> {
    let (page, route) = (page.clone(), route.clone());
    Callback::from(move |m: Message| match m {
        Message::SetKey { value } => page.dispatch(Action::Edit { field: Field::Key, value, now: super::now() }),
        Message::ToggleKeyVisible => page.dispatch(Action::ToggleKeyVisible),
        Message::Built { text } => {
            page.dispatch(Action::UseBuilt { text, now: super::now() });
            to_verdict.emit(());
        }
        Message::Filter { filter } => {
            let view = View::Catalogue { query: filter.query, status: filter.status, error: filter.error };
            route.set(Route { view, ..(*route).clone() });
        }
    })
}

/// The title, the tagline and sections (not embedded), the privacy line.
fn top(embed: bool) -> Html {
    html! {
        <header class="top">
            <h1><a href={route::link("#/", embed)}>{"Auth Triage"}</a></h1>
            if !embed {
                <p class="tagline">{"Why did the NHS England API Platform reject my token request?"}</p>
                <nav aria-label="Sections"><a href="#/">{"Triage"}</a>{" · "}<a href="#/start">{"Start here"}</a>{" · "}<a href="#/catalogue">{"Error catalogue"}</a></nav>
            }
            <p class="privacy"><strong>{"Private: "}</strong>{"everything runs in this browser; nothing you paste or type is sent or stored."}</p>
        </header>
    }
}

/// A share link that could not be read, one that was, and what the team notes warn about.
fn banners(route: &Route, shared: bool, note_warnings: &[String]) -> Html {
    html! {
        <>
            if route.bad_share {
                <p class="banner warning" role="alert">{"This share link could not be read: it may have been cut short when it was copied."}</p>
            }
            if shared {
                <p class="banner note">{"Opened from a share link: secrets were removed before it was made (see the findings)."}</p>
            }
            { for note_warnings.iter().map(|w| html! { <p class="banner warning" role="alert">{ w.clone() }</p> }) }
        </>
    }
}

/// "Embed this": the iframe snippet for the view.
fn embed_this(route: &Route) -> Html {
    let embed_snippet = format!(
        "<iframe title=\"Auth Triage\" src=\"{}{}\" width=\"900\" height=\"600\"></iframe>",
        super::base_url(),
        route::address(&route.view, true)
    );
    html! {
        // Rendered (the first screen is the same from disk) but hidden away from http(s).
        <details class="embed-this" id="embed-this" hidden={!super::http_address()}>
            <summary>{"Embed this"}</summary>
            <p class="hint">{"Put this view in a wiki page: paste this into the page's HTML. Embed mode drops the page chrome and keeps every link inside the frame; nothing you paste in it leaves the browser."}</p>
            <label for="embed-snippet">{"iframe snippet for this view"}</label>
            <div class="with-button">
                <input id="embed-snippet" type="text" readonly=true value={embed_snippet.clone()} />
                <CopyButton text={embed_snippet} label="Copy snippet" done="Snippet copied." />
            </div>
            <p class="hint">{"Addresses: #/ triage · #/catalogue?q=401 search · #/catalogue&status=401&error=invalid_client filters · #/errors/<id> one error · #/findings/<id> one finding · add &embed to any of them."}</p>
        </details>
    }
}
