//! Facts: what the rest of the pipeline needs decided once, from the decoded items — the main
//! client assertion, request and error body (as indices), the environment and the outcome of
//! verifying the signature. Rules, the prediction, the diagnosis, the ticket, the share link,
//! the page and the CLI all read these; none chooses again.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use url::Url;

use crate::context::Context;
use crate::decode::error_body::ErrorBody;
use crate::decode::jwt::Jwt;
use crate::decode::request::Request;
use crate::extract::times::{SeenTime, TimeSource};
use crate::platform::Environment;
use crate::vocab::Target;

pub mod choose;
use choose::{choose_assertion, choose_request, server};

/// What verifying the main assertion's signature told: the plan's (no key for the kid) or the crypto's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", content = "reason", rename_all = "snake_case")]
pub enum Verification {
    /// Not checked: no key was given, or the edge has not verified yet.
    #[default]
    NotChecked,
    /// The token's kid is not in the key set given.
    KidNotFound,
    /// The key given does not verify the signature.
    Invalid,
    /// The key given verifies it.
    Valid,
    /// The check could not be made (unsupported key, an exception in the crypto library …).
    CouldNotVerify(String),
}

/// Where the moment the call was made comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CallTimeSource {
    /// The user typed it (the page's time field, the CLI's `--at`).
    Field,
    /// The `Date:` header of the pasted response: what the gateway's clock said.
    DateHeader,
    /// A log line's timestamp.
    LogLine,
    /// The assertion's `iat`: made for this call, so sent moments later (likely).
    Iat,
    /// The token is still valid: it would be sent now.
    Now,
    /// An old paste with nothing to say when it was sent: time checks cannot be judged.
    #[default]
    Unknown,
}

/// The moment the call's time checks are judged at.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CallTime {
    pub at: Option<i64>,
    pub source: CallTimeSource,
}

impl CallTime {
    /// How the report says where the moment comes from.
    pub fn describe(&self) -> &'static str {
        match self.source {
            CallTimeSource::Field => "the time of the failing call you gave",
            CallTimeSource::DateHeader => "the Date: header of the response you pasted",
            CallTimeSource::LogLine => "the log's timestamp",
            CallTimeSource::Iat => "the assertion's iat (it is sent moments after it is made)",
            CallTimeSource::Now => "now",
            CallTimeSource::Unknown => "nothing in the paste",
        }
    }
}

/// Which server's rules apply.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Server {
    /// The API Platform's OAuth server (`/oauth2/token`, identity-service).
    TokenEndpoint,
    /// Its mock deployment (`/oauth2-mock/…`), for user-restricted testing.
    MockTokenEndpoint,
    /// An API proxy on the platform, called with a token or an API key.
    ApiProxy,
    /// NHS CIS2's own endpoints (not the API Platform).
    Cis2,
    /// NHS login's own endpoints (not the API Platform).
    NhsLogin,
    /// None: the request was never sent.
    NotSent,
    #[default]
    Unknown,
}

impl Server {
    /// A server whose rules are not the API Platform's: its checks do not apply.
    pub fn is_foreign(self) -> bool {
        matches!(self, Server::Cis2 | Server::NhsLogin)
    }

    pub fn describe(self) -> &'static str {
        match self {
            Server::TokenEndpoint => "the API Platform's token endpoint (identity-service, /oauth2/token)",
            Server::MockTokenEndpoint => {
                "the API Platform's mock OAuth server (/oauth2-mock), for user-restricted testing"
            }
            Server::ApiProxy => "an API proxy on the API Platform, called with a token or an API key",
            Server::Cis2 => {
                "NHS CIS2's own OAuth server — not the API Platform. Its rules are CIS2's: the client_id is the one \
                 CIS2 issued (ending .apps.supplier), iss and sub hold that client_id, and aud is CIS2's own token \
                 endpoint — not the API Platform's token URL and not an API key. Auth Triage knows little of CIS2's \
                 rules: check CIS2's onboarding documentation"
            }
            Server::NhsLogin => {
                "NHS login's own OAuth server — not the API Platform. Its rules are NHS login's: the client_id is \
                 the one NHS login issued for your service (not an API Platform API key), iss and sub hold that \
                 client_id, and aud is NHS login's token endpoint. Auth Triage knows little of NHS login's rules: \
                 check its interface specification"
            }
            Server::NotSent => "none: the request was never sent",
            Server::Unknown => "not shown in the paste",
        }
    }
}

/// The choices made once.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Main {
    /// `tokens[i]`: the client assertion.
    pub assertion: Option<usize>,
    /// `requests[i]`: the request the verdict judges (the token call when there is one).
    pub request: Option<usize>,
    /// `error_bodies[i]`: the answer the paste shows (an error, not a success body).
    pub body: Option<usize>,
    pub environment: Option<Environment>,
    pub verification: Verification,
    /// When the call was made, as far as the paste and the fields tell.
    pub call: CallTime,
    /// Which server's rules apply.
    pub server: Server,
    /// The request and its answer both went over the wire as pasted (raw HTTP with a status
    /// line, `curl -v`), so nothing was edited in between.
    pub on_wire: bool,
    /// The status that answered the pasted body: the last status line before it (or the last).
    pub status_on_wire: Option<u16>,
}

impl Main {
    /// Is `target` one of the main items (or the paste, a key or a typed field, which have no
    /// rivals)? A finding about a second token or request is not about the answer judged.
    pub fn holds(&self, target: Target) -> bool {
        match target {
            Target::Token(i) => self.assertion == Some(i),
            Target::Request(i) => self.request == Some(i),
            Target::Body(i) => self.body == Some(i),
            Target::Paste | Target::Key(_) | Target::ApiKey | Target::AppId => true,
        }
    }
}

/// What the checks see: the decoded items and the choices made once.
pub struct Facts<'a> {
    pub ctx: &'a Context,
    pub tokens: &'a [Jwt],
    pub requests: &'a [Request],
    pub error_bodies: &'a [ErrorBody],
    pub main: Main,
}

impl<'a> Facts<'a> {
    pub fn new(
        ctx: &'a Context,
        tokens: &'a [Jwt],
        requests: &'a [Request],
        error_bodies: &'a [ErrorBody],
        verification: Verification,
        times: &[SeenTime],
    ) -> Facts<'a> {
        let mut f = Facts { ctx, tokens, requests, error_bodies, main: Main::default() };
        f.main.assertion = choose_assertion(tokens);
        f.main.request = choose_request(requests);
        f.main.body = choose::body(error_bodies, requests);
        f.main.environment = ctx.environment.or_else(|| f.url_environment()).or_else(|| f.aud_environment());
        f.main.verification = verification;
        f.main.call = f.call_time(times);
        f
    }

    /// What the paste shows of the answer: a library error (no request sent), the status lines
    /// (`HTTP/1.1 401`) and where they stand.
    pub fn seen(mut self, client_error: bool, status_line: Option<u16>, status_lines: &[(usize, u16)]) -> Facts<'a> {
        // An answer no entry names answers the request printed nearest before it (a log's API call
        // after its token call), else the request the verdict judges.
        let answered = self.error_body().filter(|b| b.entry.is_none()).and_then(|b| {
            self.requests
                .iter()
                .filter_map(|r| r.span.map(|s| (s.start, r)))
                .filter(|(start, _)| *start < b.span.start)
                .max_by_key(|(start, _)| *start)
                .map(|(_, r)| r)
        });
        self.main.server = server(answered.or(self.token_request()), self.error_body(), self.assertion(), client_error);
        self.main.on_wire = status_line.is_some()
            && self.token_request().is_some_and(|r| r.source == Some(crate::decode::request::RequestSource::Http));
        let before = self.error_body().map(|b| b.span.start).unwrap_or(usize::MAX);
        // The answer before the body; with no body, a log's last failure (a 429 between 200s).
        let line = match self.error_body() {
            // An error body answers the error status nearest before it, not a 200 an earlier call of
            // the same log got.
            Some(b) => crate::extract::status::answering(status_lines, before, b.is_error()).or(status_lines.last()),
            None => status_lines.iter().rev().find(|(_, c)| *c >= 400).or(status_lines.last()),
        };
        self.main.status_on_wire = line.map(|(_, c)| *c);
        self
    }

    /// The moment the call was made: the time field, a `Date:` header, a log line near the
    /// answer, the assertion's `iat`; now for a token still valid; else unknown.
    /// A log time read as UTC, unless it says no zone and stands a whole number of hours (±10
    /// min) from the assertion's `iat`: then the log's clock is local time, that many hours off.
    fn in_utc(&self, t: &SeenTime) -> i64 {
        let iat = self.claims().and_then(|(_, c)| c.get("iat")).and_then(Value::as_f64).filter(|v| *v < 1e11);
        let Some(iat) = iat.filter(|_| !t.zoned) else { return t.at };
        let d = t.at - iat as i64;
        let hours = (d as f64 / 3600.0).round() as i64;
        if hours != 0 && hours.abs() <= 14 && (d - hours * 3600).abs() <= 600 {
            t.at - hours * 3600
        } else {
            t.at
        }
    }

    fn call_time(&self, times: &[SeenTime]) -> CallTime {
        let at = |at: i64, source| CallTime { at: Some(at), source };
        if let Some(t) = self.ctx.call_at {
            return at(t, CallTimeSource::Field);
        }
        if let Some(t) = times.iter().rev().find(|t| t.source == TimeSource::DateHeader) {
            return at(t.at, CallTimeSource::DateHeader);
        }
        let anchor = self.error_body().map(|b| b.span.start).unwrap_or(usize::MAX);
        let logs = || times.iter().filter(|t| t.source == TimeSource::LogLine);
        if let Some(t) = logs().rfind(|t| t.span.start <= anchor).or_else(|| logs().next_back()) {
            return at(self.in_utc(t), CallTimeSource::LogLine);
        }
        let claim =
            |name: &str| self.claims().and_then(|(_, c)| c.get(name)).and_then(Value::as_f64).filter(|v| *v < 1e11);
        let exp = crate::decode::js::js_number(self.claims().and_then(|(_, c)| c.get("exp")));
        let fresh = exp.is_nan() || exp > self.ctx.now as f64;
        if fresh {
            return at(self.ctx.now, CallTimeSource::Now);
        }
        if let Some(iat) = claim("iat") {
            return at(iat as i64, CallTimeSource::Iat);
        }
        CallTime::default()
    }

    /// The moment the call's time checks are judged at; `None` for an old paste that does not
    /// say when it was sent.
    pub fn at(&self) -> Option<f64> {
        self.main.call.at.map(|t| t as f64)
    }

    /// Where a finding of this kind belongs, when its rule did not say.
    pub fn place(&self, about: crate::vocab::About) -> Target {
        use crate::vocab::About;
        let placed = match about {
            About::Token => self.main.assertion.map(Target::Token),
            About::Request => self.main.request.map(Target::Request),
            About::Body => self.main.body.map(Target::Body),
            About::ApiKey => Some(Target::ApiKey),
            About::AppId => Some(Target::AppId),
            About::Key | About::Paste => None,
        };
        placed.unwrap_or(Target::Paste)
    }

    /// The client assertion.
    pub fn assertion(&self) -> Option<&'a Jwt> {
        self.main.assertion.and_then(|i| self.tokens.get(i))
    }

    /// The assertion's claims object, when it decoded to one.
    pub fn claims(&self) -> Option<(&'a Jwt, &'a Map<String, Value>)> {
        let t = self.assertion()?;
        Some((t, t.payload.object()?))
    }

    pub fn header(&self) -> Option<(&'a Jwt, &'a Map<String, Value>)> {
        let t = self.assertion()?;
        Some((t, t.header.object()?))
    }

    /// The request the verdict judges.
    pub fn token_request(&self) -> Option<&'a Request> {
        self.main.request.and_then(|i| self.requests.get(i))
    }

    /// The request the verdict judges, when it is a call to the token endpoint.
    pub fn token_call(&self) -> Option<&'a Request> {
        self.token_request().filter(|r| is_token_call(r))
    }

    /// The answer the paste shows.
    pub fn error_body(&self) -> Option<&'a ErrorBody> {
        self.main.body.and_then(|i| self.error_bodies.get(i))
    }

    /// The URL the token request goes to, when one was pasted.
    pub fn post_url(&self) -> Option<&'a Url> {
        self.token_request().and_then(Request::parsed_url)
    }

    /// The last call to an API on the platform's hosts (not the OAuth server, not a browser's
    /// leg of a sign-in).
    pub fn api_call(&self) -> Option<&'a Request> {
        let api = |r: &&Request| {
            !is_token_call(r)
                && !browser_leg(r)
                && r.parsed_url().and_then(|u| u.host_str()).and_then(Environment::from_host).is_some()
        };
        self.requests.iter().rfind(api)
    }

    /// Is the pasted request a call to the token endpoint (as opposed to an API call)?
    pub fn is_token_call(&self) -> bool {
        self.token_request().is_some_and(is_token_call)
    }

    pub fn environment(&self) -> Option<Environment> {
        self.main.environment
    }

    pub fn url_environment(&self) -> Option<Environment> {
        self.post_url().and_then(|u| u.host_str().and_then(Environment::from_host))
    }

    pub fn aud_environment(&self) -> Option<Environment> {
        let (t, _) = self.claims()?;
        let aud = t.claim_str("aud")?;
        crate::platform::parse_url(aud).and_then(|u| u.host_str().and_then(Environment::from_host))
    }

    /// The API key the user typed (as typed).
    pub fn key(&self) -> Option<&'a str> {
        self.ctx.api_key()
    }
}

/// A request to the token endpoint: an `/oauth2…` path, or a body with token-request fields.
/// The browser's legs of a user-restricted flow (`…/authorize`, `…/callback`, not POSTed): they
/// take GET and a query, and are not calls that should have gone to the token endpoint.
pub fn browser_leg(r: &Request) -> bool {
    let posted = r.method.as_deref().is_some_and(|m| m.eq_ignore_ascii_case("POST"));
    !posted && r.parsed_url().is_some_and(|u| u.path().ends_with("/authorize") || u.path().ends_with("/callback"))
}

pub fn is_token_call(r: &Request) -> bool {
    match r.parsed_url() {
        Some(u) => u.path().starts_with("/oauth2"),
        None => r.form_value("grant_type").is_some() || r.form_value("client_assertion").is_some(),
    }
}
