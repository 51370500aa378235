//! "Try it against the twin": only when the page is served by `auth-triage twin` (its
//! `<meta name="auth-triage-twin">`), the start view registers the public key with the twin,
//! posts the token request to it and calls its Hello World — all on the page's own origin
//! (`connect-src 'self'`) — and shows each answer explained by the core (`analyze`). Served from
//! anywhere else, none of this is rendered and nothing is sent.

use yew::prelude::*;

use crate::context::Context;
use crate::outputs::code::{ASSERTION_TYPE, HELLO_PATH};
use crate::platform::{redact, Environment};

/// An answer of the twin, as shown: status, body (the access token cut to its first/last 4)
/// and what the core makes of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Tried {
    pub status: u16,
    pub body: String,
    pub headline: String,
    pub why: String,
    /// The catalogue entry of a failure.
    pub entry: Option<(String, &'static str)>,
    /// The access token of a 200 from the token endpoint.
    pub token: Option<String>,
}

/// What the path has tried so far.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TryState {
    pub register: Option<Result<String, String>>,
    pub token: Option<Tried>,
    pub hello: Option<Tried>,
    /// The twin did not answer a try (stopped, unreachable).
    pub failed: Option<String>,
    pub busy: bool,
}

/// The core's reading of a request and the twin's answer to it, as one paste.
fn explain(paste: &str, status: u16, body: &str, key: &str, env: Environment, token: Option<String>) -> Tried {
    let ctx = Context {
        now: super::now(),
        api_key: Some(key.to_string()).filter(|k| !k.is_empty()),
        environment: Some(env),
        ..Context::default()
    };
    let report = crate::analyze(paste, &ctx);
    let v = &report.verdict;
    let shown = match &token {
        Some(t) => body.replace(t, &redact(t)),
        None => body.to_string(),
    };
    Tried {
        status,
        body: shown,
        headline: v.headline.clone(),
        why: v.why.clone(),
        entry: v.entry.map(|id| (id.entry().anchor(), id.entry().title)),
        token,
    }
}

async fn send(req: gloo_net::http::RequestBuilder, body: Option<String>) -> Result<(u16, String), String> {
    let req = match body {
        Some(b) => req.body(b).map_err(|e| e.to_string())?,
        None => req.build().map_err(|e| e.to_string())?,
    };
    let resp = req.send().await.map_err(|e| format!("the twin did not answer ({e})"))?;
    Ok((resp.status(), resp.text().await.unwrap_or_default()))
}

/// `POST /__twin/register` with the API key and the public JWKS.
pub async fn register(key: String, jwks: String) -> Result<String, String> {
    let body = serde_json::json!({ "key": key, "jwks": jwks }).to_string();
    let req = gloo_net::http::Request::post("/__twin/register").header("Content-Type", "application/json");
    let (status, text) = send(req, Some(body)).await?;
    let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    match status {
        200 => Ok(format!(
            "Registered with the twin: kid {} for the key {}.",
            v["kids"]
                .as_array()
                .map(|k| k.iter().filter_map(|k| k.as_str()).collect::<Vec<_>>().join(", "))
                .unwrap_or_default(),
            v["registered"].as_str().unwrap_or("")
        )),
        _ => Err(format!("The twin refused it ({status}): {}", v["error"].as_str().unwrap_or(&text))),
    }
}

/// `POST /oauth2/token` with the signed assertion, exactly as the platform wants it.
pub async fn token(assertion: String, key: String, env: Environment) -> Result<Tried, String> {
    let form = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "client_credentials")
        .append_pair("client_assertion_type", ASSERTION_TYPE)
        .append_pair("client_assertion", &assertion)
        .finish();
    let req =
        gloo_net::http::Request::post("/oauth2/token").header("Content-Type", "application/x-www-form-urlencoded");
    let (status, body) = send(req, Some(form.clone())).await?;
    let token = (status == 200)
        .then(|| serde_json::from_str::<serde_json::Value>(&body).ok())
        .flatten()
        .and_then(|v| v["access_token"].as_str().map(String::from));
    let paste = format!(
        "POST {}\nContent-Type: application/x-www-form-urlencoded\n\n{form}\n\nHTTP/1.1 {status}\nContent-Type: application/json\n\n{body}\n",
        env.token_url()
    );
    Ok(explain(&paste, status, &body, &key, env, token))
}

/// `GET /hello-world/hello/application` with the token.
pub async fn hello(access_token: String, key: String, env: Environment) -> Result<Tried, String> {
    let req = gloo_net::http::Request::get(HELLO_PATH).header("Authorization", &format!("Bearer {access_token}"));
    let (status, body) = send(req, None).await?;
    let paste = format!(
        "GET https://{}{HELLO_PATH}\nAuthorization: Bearer {}\n\nHTTP/1.1 {status}\nContent-Type: application/json\n\n{body}\n",
        env.host(),
        redact(&access_token)
    );
    Ok(explain(&paste, status, &body, &key, env, None))
}

/// An answer of the twin with the core's explanation.
pub fn answer(id: &'static str, t: &Tried) -> Html {
    let ok = (200..300).contains(&t.status);
    html! {
        <div class={classes!("answer", if ok { "ok" } else { "bad" })} id={id} role="status">
            <p><strong>{ if ok { "✔ " } else { "✘ " } }{ format!("The twin answered {}", t.status) }</strong></p>
            <pre class="answer-body">{ t.body.clone() }</pre>
            <p class="explained"><strong>{"Explained: "}</strong>{ t.headline.clone() }</p>
            <p class="hint">{ t.why.clone() }</p>
            if let Some((anchor, title)) = &t.entry {
                <p><a href={anchor.clone()}>{ format!("Catalogue: {title}") }</a></p>
            }
        </div>
    }
}
