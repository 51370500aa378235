use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::body_view::BodyView;
use super::builder::Builder;
use super::catalogue_view::CatalogueView;
use super::copy::CopyButton;
use super::findings::FindingsList;
use super::inputs::Inputs;
use super::keys_panel::KeysPanel;
use super::request_view::RequestView;
use super::share_panel::SharePanel;
use super::ticket_panel::TicketPanel;
use super::token_view::TokenView;
use super::verdict::Verdict;
use super::Masker;
use crate::keys::verify::Outcome;
use crate::outputs::route::{self, View};
use crate::outputs::{share, ticket};
use crate::team_notes::{self, TeamNotes};
use crate::ui::catalogue::Filter;
use crate::ui::state::{Action, Fields, PlanKey, State, Typed};
use crate::vocab::Role;
use crate::vocab::Target;
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
                    Ok(true) => Outcome::Valid,
                    Ok(false) => Outcome::Invalid,
                    Err(why) => Outcome::CouldNotVerify(format!("the browser's WebCrypto refused it ({why})")),
                };
                page.dispatch(Action::Verified(key, outcome));
            });
        }
    });
}

/// Read the fragment now and whenever it changes.
#[hook]
fn use_route() -> UseStateHandle<route::Route> {
    let route = use_state(|| route::parse(&super::fragment()));
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let closure = Closure::<dyn Fn()>::new(move || route.set(route::parse(&super::fragment())));
            let window = web_sys::window();
            if let Some(w) = &window {
                let _ = w.add_event_listener_with_callback("hashchange", closure.as_ref().unchecked_ref());
            }
            move || {
                if let Some(w) = window {
                    let _ = w.remove_event_listener_with_callback("hashchange", closure.as_ref().unchecked_ref());
                }
            }
        });
    }
    route
}

/// Fetch `team-notes.json` from the page's own origin once. Absent: silent. Malformed: a warning.
#[hook]
fn use_team_notes() -> (Rc<TeamNotes>, Vec<String>) {
    let state = use_state(|| (Rc::new(TeamNotes::default()), Vec::<String>::new()));
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            if super::single_file() {
                return; // dist/auth-triage.html: no origin to fetch from, and no request at all
            }
            wasm_bindgen_futures::spawn_local(async move {
                let Ok(resp) = gloo_net::http::Request::get("team-notes.json").send().await else { return };
                if !resp.ok() {
                    return;
                }
                let text = resp.text().await.unwrap_or_default();
                match team_notes::parse(&text) {
                    Ok(notes) => {
                        let warnings = notes.warnings.clone();
                        state.set((Rc::new(notes), warnings));
                    }
                    Err(e) => state.set((Rc::new(TeamNotes::default()), vec![e])),
                }
            });
        });
    }
    (*state).clone()
}

/// How many tokens, requests and responses are shown: a paste can hold thousands.
const SHOWN: usize = 5;
/// The details come in this many stages, a task each.
const LAST_STAGE: u8 = 5;

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
    // The inputs, the moment they last changed (read here, at the edge) and WebCrypto's
    // answers: one reducer.
    let page = use_reducer(|| {
        let r = route::parse(&super::fragment());
        let (fields, now) = match r.share {
            Some(s) => (
                Fields {
                    paste: s.paste.as_str().into(),
                    key: s.key.clone().unwrap_or_default(),
                    env: s.env,
                    ..Fields::default()
                },
                s.at,
            ),
            None => (Fields::default(), super::now()),
        };
        Page(State { fields, now, ..State::default() })
    });
    // The examples, once (building them signs nothing but still writes JSON): their titles
    // for the list, their pastes for the warm-up.
    let shown_examples = use_memo((), |_| examples::examples(0));
    {
        // Once mounted: what was typed early, as the actions typing sends (one render follows,
        // one analysis); then, once the page is shown, parse the catalogue and build its
        // indexes, which the first paste would otherwise wait for, and warm the wasm up.
        let (page, typed, on_live, shown) =
            (page.clone(), props.typed.clone(), props.on_live.clone(), shown_examples.clone());
        use_effect_with((), move |_| {
            for action in typed.actions.iter().cloned() {
                page.dispatch(action);
            }
            on_live.emit(());
            super::next_task(crate::catalogue::platform::warm);
            super::next_task(move || warm_up(shown, 0));
        });
    }
    let state = &page.0;
    let (fields, now) = (state.fields.clone(), state.now);
    let shared = route.share.as_ref().is_some_and(|s| s.paste.as_str() == &*fields.paste);
    let report: Rc<Report> = {
        let deps = (fields.clone(), now, shared, state.verified.clone());
        let state = state.clone();
        (*use_memo(deps, move |(_, _, shared, _)| Rc::new(state.report(*shared)))).clone()
    };
    use_verification(page.clone(), report.clone());
    let checking = state.checking.is_some();
    // The verdict renders with the paste; everything below it follows in tasks of its own, so
    // the answer shows within a frame and no task of the page's is long however much was
    // found: stage 1 the tokens, 2 the requests and responses, 3 the keys, 4 the findings, 5
    // the ticket and share link. `detail` names the report the stages were released for, and
    // how far.
    let detail = use_state(|| None::<(Rc<Report>, u8)>);
    let latest = use_mut_ref(|| 0usize);
    let at = Rc::as_ptr(&report) as usize;
    *latest.borrow_mut() = at;
    let stage = detail.as_ref().filter(|(d, _)| Rc::ptr_eq(d, &report)).map_or(0, |(_, s)| *s);
    {
        // Keyed by identity, not by value: a new report equal to the last one must be
        // released too, or the stage (pointer equality) would never advance again. A stage
        // released for a report that has since been replaced is dropped.
        let (detail, report, latest) = (detail.clone(), report.clone(), latest.clone());
        use_effect_with((at, stage), move |&(at, stage)| {
            if stage < LAST_STAGE {
                super::next_task(move || {
                    if *latest.borrow() == at {
                        detail.set(Some((report, stage + 1)));
                    }
                })
            }
        });
    }
    let lagged: Rc<Report> = detail.as_ref().map_or_else(|| report.clone(), |(r, _)| r.clone());
    let masker = Masker { key: Some(fields.key.clone()).filter(|k| !k.trim().is_empty()), masked: !fields.key_visible };

    let dispatch = {
        let page = page.clone();
        Callback::from(move |a: Action| page.dispatch(a))
    };
    // After an example or the builder replaced the paste, bring the verdict into view.
    let jump = use_state(|| 0u32);
    {
        use_effect_with(*jump, move |n| {
            if *n > 0 {
                if let Some(el) =
                    web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("verdict"))
                {
                    el.scroll_into_view();
                }
            }
        });
    }
    let load_example = {
        let (page, jump) = (page.clone(), jump.clone());
        Callback::from(move |id: &'static str| {
            let now = super::now();
            if let Some(ex) = examples::examples(now).into_iter().find(|e| e.id == id) {
                let fields = Fields { paste: ex.paste.as_str().into(), key: ex.key.to_string(), ..Fields::default() };
                page.dispatch(Action::Load { fields, now });
                jump.set(*jump + 1);
            }
        })
    };
    let use_built = {
        let (page, jump) = (page.clone(), jump.clone());
        Callback::from(move |text: String| {
            page.dispatch(Action::UseBuilt { text, now: super::now() });
            jump.set(*jump + 1);
        })
    };
    let ticket_text = (stage >= LAST_STAGE).then(|| {
        ticket::ticket(
            &report,
            &ticket::TicketInput {
                app_name: Some(fields.app_name.clone()),
                app_id: Some(fields.app_id.clone()),
                api_key: Some(fields.key.clone()),
                failed_at: fields.failed_at.trim().to_string(),
            },
        )
    });
    let share_link = (stage >= LAST_STAGE).then(|| {
        format!("{}#{}", super::base_url(), share::encode(&share::shared(&report, Some(&fields.key), fields.env, now)))
    });

    // Read once by screen readers: the headline, nothing repeated.
    let announcement = Some(&report.verdict.headline)
        .filter(|h| !h.is_empty())
        .map(|h| format!("Verdict: {}", masker.show(h)))
        .unwrap_or_default();
    let embed = route.embed;
    let time_error = state.call_time_error();
    let mut tokens: Vec<(usize, &crate::decode::jwt::Jwt)> = report.tokens.iter().enumerate().collect();
    tokens.sort_by_key(|(_, t)| t.role != Role::ClientAssertion);
    if stage < 1 {
        tokens.clear();
    }
    // Each token and request shows the findings about it, and only those.
    let on = |target: Target| Rc::new(report.findings_on(target).cloned().collect::<Vec<_>>());
    let (requests, bodies) =
        if stage >= 2 { (&report.requests[..], &report.error_bodies[..]) } else { (&[][..], &[][..]) };

    let over = |n: usize, what: &str| (n > SHOWN).then(|| format!("{} more {what}", n - SHOWN));
    let hidden: Option<String> = {
        let parts: Vec<String> = [
            over(report.tokens.len(), "tokens"),
            over(report.requests.len(), "requests"),
            over(report.error_bodies.len(), "responses"),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!parts.is_empty()).then(|| {
            format!(
                "Showing the first {SHOWN} of each; {} were found and are counted in the findings but not shown.",
                crate::vocab::join_and(&parts)
            )
        })
    };
    let triage = html! {
        <>
            <Inputs fields={fields.clone()} detected={report.environment()}
                found={report.found.clone()} cleaned={report.cleaned.iter().map(|c| c.describe()).collect::<Vec<_>>()}
                on_action={dispatch} time_error={time_error}>
                <p class="sr-only" role="status" aria-live="polite">{ announcement }</p>
                <div class="slot" id="slot-start">
                if fields.paste.trim().is_empty() {
                    <section class="start" aria-labelledby="start-h">
                        <h2 id="start-h">{"How it works"}</h2>
                        <p>{ if embed {
                            "Paste what you have — the client assertion JWT, the response, the request, or a whole forum post. The page decodes everything here, checks it against the platform's rules, predicts the gateway's answer and explains the error."
                        } else {
                            "Paste what you have — the client assertion JWT, the response, the request, or a whole forum post — and type your API key. The page decodes everything here, checks it against the platform's rules, predicts the gateway's answer and explains the error. Or try an example below."
                        } }</p>
                    </section>
                }
                </div>
                // Stable containers: each region keeps its place whatever appears inside it.
                <div class="slot" id="slot-verdict"><Verdict report={report.clone()} notes={notes.clone()} masker={masker.clone()} pasted={!fields.paste.trim().is_empty()} embed={embed} /></div>
            </Inputs>
            <div class="slot" id="slot-tokens">
                { for tokens.iter().take(SHOWN).map(|(i, t)| html! { <TokenView key={format!("t{i}")} index={*i} token={Rc::new((*t).clone())} findings={on(Target::Token(*i))} masker={masker.clone()} /> }) }
            </div>
            <div class="slot" id="slot-requests">
                { for requests.iter().enumerate().take(SHOWN).map(|(i, r)| html! { <RequestView key={format!("r{i}")} request={Rc::new(r.clone())} findings={on(Target::Request(i))} masker={masker.clone()} /> }) }
            </div>
            <div class="slot" id="slot-bodies">
                { for bodies.iter().enumerate().take(SHOWN).map(|(i, b)| html! { <BodyView key={format!("b{i}")} body={Rc::new(b.clone())} status={report.status} masker={masker.clone()} embed={embed} /> }) }
            </div>
            if let Some(more) = hidden.filter(|_| stage >= 2) {
                <p class="hint">{ more }</p>
            }
            <div class="slot" id="slot-keys">
                if stage >= 3 {
                    <KeysPanel report={report.clone()} checking={checking} app_id={fields.app_id.clone()} env={report.environment()} masker={masker.clone()} />
                }
            </div>
            <div class="slot" id="slot-findings">
                if stage >= 4 {
                    <FindingsList report={report.clone()} masker={masker.clone()} embed={embed} />
                }
            </div>
            <div class="slot" id="slot-ticket">
                if let (Some(text), Some(link), false) = (ticket_text, share_link, fields.paste.trim().is_empty()) {
                    <TicketPanel text={text} />
                    <SharePanel link={link} />
                }
            </div>
            if !embed {
                <Builder api_key={fields.key.clone()} env={lagged.environment()} typed={props.typed.builder.clone()}
                    kid={lagged.client_assertion().and_then(|t| t.header.get("kid")).and_then(|k| k.as_str()).map(String::from)}
                    on_use={use_built} />
                <section class="examples" aria-labelledby="examples-h">
                    <h2 id="examples-h">{"Examples"}</h2>
                    <p class="hint">{"Realistic cases made of fake data, to learn by example."}</p>
                    <ul class="example-list">
                        { for shown_examples.iter().map(|&examples::Example { id, title, .. }| {
                            let load = load_example.clone();
                            html! { <li><button type="button" data-example={id} onclick={Callback::from(move |_| load.emit(id))}>{ title }</button></li> }
                        }) }
                    </ul>
                </section>
            }
        </>
    };

    let body = match &route.view {
        View::Triage => triage,
        View::Catalogue { query, status, error } => {
            let filter = Filter { query: query.clone(), status: *status, error: error.clone() };
            html! { <CatalogueView entry={None::<(String, String)>} {filter} notes={notes.clone()} embed={embed} /> }
        }
        View::Entry { kind, id } => {
            html! { <CatalogueView entry={Some((kind.clone(), id.clone()))} filter={Filter::default()} notes={notes.clone()} embed={embed} /> }
        }
    };
    let embed_snippet = format!(
        "<iframe title=\"Auth Triage\" src=\"{}{}\" width=\"900\" height=\"600\"></iframe>",
        super::base_url(),
        route::address(&route.view, true)
    );

    html! {
        <div class={classes!("page", embed.then_some("embed"))}>
            <header class="top">
                <h1><a href={route::link("#/", embed)}>{"Auth Triage"}</a></h1>
                if !embed {
                    <p class="tagline">{"Why did the NHS England API Platform reject my token request?"}</p>
                    <nav aria-label="Sections"><a href="#/">{"Triage"}</a>{" · "}<a href="#/catalogue">{"Error catalogue"}</a></nav>
                }
                <p class="privacy"><strong>{"Private: "}</strong>{"everything runs in this browser; nothing you paste or type is sent or stored."}</p>
            </header>
            if route.bad_share {
                <p class="banner warning" role="alert">{"This share link could not be read: it may have been cut short when it was copied."}</p>
            }
            if shared {
                <p class="banner note">{"Opened from a share link: secrets were removed before it was made (see the findings)."}</p>
            }
            { for note_warnings.iter().map(|w| html! { <p class="banner warning" role="alert">{ w.clone() }</p> }) }
            <main>{ body }</main>
            if !embed {
                <details class="embed-this" id="embed-this">
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
        </div>
    }
}

/// The browser compiles the wasm quickly first and optimises what runs often later: a first
/// analysis runs several times slower than the next (a 60 KB paste of cURL commands: about 120 ms
/// cold, 25 ms after). So once the page is shown it analyses its own examples, one per task (a
/// few ms each), and the first real paste meets code that is already optimised.
fn warm_up(examples: Rc<Vec<examples::Example>>, round: usize) {
    let Some(e) = examples.get(round % examples.len().max(1)) else { return };
    let _ = crate::analyze(&e.paste, &crate::context::Context::default());
    if round + 1 < 3 * examples.len() {
        super::next_task(move || warm_up(examples, round + 1));
    }
}
