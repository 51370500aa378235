use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::body_view::BodyView;
use super::builder::Builder;
use super::catalogue_view::CatalogueView;
use super::findings::FindingsList;
use super::inputs::{Fields, Inputs};
use super::keys_panel::KeysPanel;
use super::request_view::RequestView;
use super::share_panel::SharePanel;
use super::ticket_panel::TicketPanel;
use super::token_view::{claim_findings, TokenView};
use super::verdict::Verdict;
use super::Masker;
use crate::decode::jwt::Role;
use crate::decode::time::utc_iso;
use crate::keys::verify::Checked;
use crate::outputs::route::{self, View};
use crate::outputs::{share, ticket};
use crate::team_notes::{self, TeamNotes};
use crate::{analyze, examples, Context, Report};

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

#[function_component(App)]
pub fn app() -> Html {
    let route = use_route();
    let (notes, note_warnings) = use_team_notes();
    // Once the page is shown: parse the catalogue and build its indexes, which the first
    // paste would otherwise wait for.
    use_effect_with((), |_| super::next_task(crate::catalogue::platform::warm));
    // Fields and the moment they were last changed: `now` is read here, at the edge.
    let state = use_state(|| {
        let r = route::parse(&super::fragment());
        match r.share {
            Some(s) => (
                Fields {
                    paste: s.paste.clone().into(),
                    key: s.key.clone().unwrap_or_default(),
                    env: s.env,
                    ..Fields::default()
                },
                s.at,
            ),
            None => (Fields::default(), super::now()),
        }
    });
    let (fields, now) = (*state).clone();
    let shared = route.share.as_ref().is_some_and(|s| s.paste.as_str() == fields.paste.as_str());

    // The signature, as WebCrypto found it for the current plan.
    let checked = use_state(|| None::<Checked>);
    let checking = use_state(|| false);
    let report: Rc<Report> = {
        let deps = (
            fields.paste.clone(),
            fields.key.clone(),
            fields.app_id.clone(),
            fields.env,
            now,
            shared,
            fields.keys_text.clone(),
            (*checked).clone(),
            fields.pasted_len,
        );
        (*use_memo(deps, |(paste, key, app_id, env, now, shared, keys_text, checked, pasted_len)| {
            let mut ctx = Context::at(*now).with_key(key);
            ctx.app_id = Some(app_id.clone());
            ctx.environment = *env;
            ctx.shared = *shared;
            ctx.keys_text = Some(keys_text.to_string());
            ctx.signature = checked.clone();
            ctx.pasted_len = *pasted_len;
            Rc::new(analyze(paste, &ctx))
        }))
        .clone()
    };
    {
        let plan = report.verification.clone();
        let (checked, checking) = (checked.clone(), checking.clone());
        let deps = plan.as_ref().map(|p| (p.token.clone(), p.kid.clone(), p.jwk.to_string(), p.alg.clone()));
        use_effect_with(deps, move |_| {
            if let Some(plan) = plan {
                let already = checked.as_ref().is_some_and(|c| c.token == plan.token && c.kid == plan.kid);
                if !already {
                    checking.set(true);
                    wasm_bindgen_futures::spawn_local(async move {
                        // A key WebCrypto refuses is reported as not verifying; the plan already
                        // said why a key is unusable when the core could tell.
                        let valid = super::crypto::verify(&plan).await.unwrap_or(false);
                        checked.set(Some(Checked { token: plan.token.clone(), kid: plan.kid.clone(), valid }));
                        checking.set(false);
                    });
                }
            }
        });
    }
    // The verdict renders with the paste; everything below it (tokens, requests, findings,
    // ticket, share link) follows in the next task, so the answer shows within a frame even
    // when the details are long. `detail` names the report the details were released for.
    let detail = use_state(|| None::<Rc<Report>>);
    {
        // Keyed by identity, not by value: a new report equal to the last one must be
        // released too, or `ready` (pointer equality) would never hold again.
        let (detail, report) = (detail.clone(), report.clone());
        use_effect_with(Rc::as_ptr(&report) as usize, move |_| super::next_task(move || detail.set(Some(report))));
    }
    let ready = detail.as_ref().is_some_and(|d| Rc::ptr_eq(d, &report));
    // The builder keeps its state (a private key among it), so it is never unmounted; it
    // follows the report one task late, with the details.
    let lagged: Rc<Report> = (*detail).clone().unwrap_or_else(|| report.clone());
    // The examples' titles, once: building the examples signs nothing but still writes JSON.
    let example_titles =
        use_memo((), |_| examples::examples(0).into_iter().map(|e| (e.id, e.title)).collect::<Vec<_>>());
    let masker = Masker { key: Some(fields.key.clone()).filter(|k| !k.trim().is_empty()), masked: !fields.key_visible };

    let on_change = {
        let state = state.clone();
        Callback::from(move |f: Fields| state.set((f, super::now())))
    };
    let load_example = {
        let state = state.clone();
        Callback::from(move |id: &'static str| {
            let now = super::now();
            if let Some(ex) = examples::examples(now).into_iter().find(|e| e.id == id) {
                state.set((Fields { paste: ex.paste.into(), key: ex.key.to_string(), ..Fields::default() }, now));
            }
        })
    };

    let use_built = {
        let state = state.clone();
        Callback::from(move |curl: String| {
            let (mut f, _) = (*state).clone();
            f.paste = curl.into();
            f.pasted_len = None;
            state.set((f, super::now()));
        })
    };
    let ticket_text = ready.then(|| {
        ticket::ticket(
            &report,
            &ticket::TicketInput {
                app_name: Some(fields.app_name.clone()),
                app_id: Some(fields.app_id.clone()),
                api_key: Some(fields.key.clone()),
                failed_at: if fields.failed_at.trim().is_empty() {
                    utc_iso(now as f64).unwrap_or_default()
                } else {
                    fields.failed_at.trim().to_string()
                },
            },
        )
    });
    let share_link = ready.then(|| {
        format!("{}#{}", super::base_url(), share::encode(&share::shared(&report, Some(&fields.key), fields.env, now)))
    });

    let announcement = match (&report.predicted, report.diagnosis.first()) {
        (Some(p), Some(d)) => format!("Verdict: {}. {}", p.headline(), d.title),
        (Some(p), None) => format!("Verdict: {}", p.headline()),
        (None, Some(d)) => format!("Diagnosis: {}", d.title),
        _ => String::new(),
    };
    let embed = route.embed;
    let mut tokens: Vec<(usize, &crate::decode::jwt::Jwt)> = report.tokens.iter().enumerate().collect();
    tokens.sort_by_key(|(_, t)| t.role != Role::ClientAssertion);
    if !ready {
        tokens.clear();
    }
    let claims = Rc::new(if ready { claim_findings(&report.findings) } else { Default::default() });
    let request_findings = Rc::new(if ready { report.findings.clone() } else { Vec::new() });
    let (requests, bodies) = if ready { (&report.requests[..], &report.error_bodies[..]) } else { (&[][..], &[][..]) };

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
                crate::join_and(&parts)
            )
        })
    };
    let triage = html! {
        <>
            <Inputs fields={fields.clone()} detected={report.environment}
                found={report.found.clone()} cleaned={report.cleaned.iter().map(|c| c.describe()).collect::<Vec<_>>()}
                on_change={on_change} />
            <p class="sr-only" role="status" aria-live="polite">{ announcement }</p>
            <div class="slot" id="slot-start">
            if fields.paste.trim().is_empty() {
                <section class="start" aria-labelledby="start-h">
                    <h2 id="start-h">{"How it works"}</h2>
                    <p>{"Paste what you have — the client assertion JWT, the response, the request, or a whole forum post — and type your API key. The page decodes everything here, checks it against the platform's rules, predicts the gateway's answer and explains the error. Or try an example below."}</p>
                </section>
            }
            </div>
            // Stable containers: each region keeps its place whatever appears inside it.
            <div class="slot" id="slot-verdict"><Verdict report={report.clone()} notes={notes.clone()} masker={masker.clone()} /></div>
            <div class="slot" id="slot-tokens">
                { for tokens.iter().take(SHOWN).map(|(i, t)| html! { <TokenView key={format!("t{i}")} index={*i} token={Rc::new((*t).clone())} findings={claims.clone()} masker={masker.clone()} /> }) }
            </div>
            <div class="slot" id="slot-requests">
                { for requests.iter().enumerate().take(SHOWN).map(|(i, r)| html! { <RequestView key={format!("r{i}")} request={Rc::new(r.clone())} findings={request_findings.clone()} masker={masker.clone()} /> }) }
            </div>
            <div class="slot" id="slot-bodies">
                { for bodies.iter().enumerate().take(SHOWN).map(|(i, b)| html! { <BodyView key={format!("b{i}")} body={Rc::new(b.clone())} status={report.status} masker={masker.clone()} /> }) }
            </div>
            if let Some(more) = hidden.filter(|_| ready) {
                <p class="hint">{ more }</p>
            }
            <div class="slot" id="slot-keys">
                if ready {
                    <KeysPanel report={report.clone()} checking={*checking} app_id={fields.app_id.clone()} env={report.environment} masker={masker.clone()} />
                }
            </div>
            <div class="slot" id="slot-findings">
                if ready {
                    <FindingsList report={report.clone()} masker={masker.clone()} />
                }
            </div>
            <div class="slot" id="slot-ticket">
                if let (Some(text), Some(link), false) = (ticket_text, share_link, fields.paste.trim().is_empty()) {
                    <TicketPanel text={text} />
                    <SharePanel link={link} />
                }
            </div>
            if !embed {
                <Builder api_key={fields.key.clone()} env={lagged.environment}
                    kid={lagged.client_assertion().and_then(|t| t.header.get("kid")).and_then(|k| k.as_str()).map(String::from)}
                    on_use={use_built} />
                <section class="examples" aria-labelledby="examples-h">
                    <h2 id="examples-h">{"Examples"}</h2>
                    <p class="hint">{"Realistic cases made of fake data, to learn by example."}</p>
                    <ul class="example-list">
                        { for example_titles.iter().map(|&(id, title)| {
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
        View::Catalogue { query } => {
            html! { <CatalogueView entry={None::<(String, String)>} query={query.clone()} notes={notes.clone()} /> }
        }
        View::Entry { kind, id } => {
            html! { <CatalogueView entry={Some((kind.clone(), id.clone()))} query={String::new()} notes={notes.clone()} /> }
        }
    };

    html! {
        <div class={classes!("page", embed.then_some("embed"))}>
            <header class="top">
                <h1><a href="#/">{"Auth Triage"}</a></h1>
                if !embed {
                    <p class="tagline">{"Why did the NHS England API Platform reject my token request?"}</p>
                    <nav aria-label="Sections"><a href="#/">{"Triage"}</a>{" · "}<a href="#/catalogue">{"Error catalogue"}</a></nav>
                }
                <p class="privacy"><strong>{"Private: "}</strong>{"everything runs in this browser. Nothing you paste or type is sent anywhere or stored."}</p>
            </header>
            if route.bad_share {
                <p class="banner warning" role="alert">{"This share link could not be read: it may have been cut short when it was copied."}</p>
            }
            if shared {
                <p class="banner note">{"Opened from a share link: secrets were removed before it was made (see the findings)."}</p>
            }
            { for note_warnings.iter().map(|w| html! { <p class="banner warning" role="alert">{ w.clone() }</p> }) }
            <main>{ body }</main>
        </div>
    }
}
