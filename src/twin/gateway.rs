//! The twin's gateway: one HTTP request in, the platform's answer out. The checks are the
//! core's (`analyze` → `Report.predicted`, with native signature verification); the twin adds
//! only what the core cannot know: which app owns `sub`, the `jti` cache (spec §4.1 step 7.10,
//! written at step 8), the app's JWKS and products (steps 11, 15) and the tokens it issued.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use serde_json::json;

use super::call::Call;
use super::jti::JtiStore;
use super::oracle::TwinOracle;
use super::{App, Clock, Config};
use crate::platform::Environment;
use crate::vocab::{Certainty, ErrorId, Prediction, Step};
use crate::Context;

/// Access tokens live this long (the success body says `"expires_in": "599"`).
pub const TOKEN_SECONDS: i64 = 599;
/// The Hello World–style API the twin also answers.
pub const HELLO_PATH: &str = "/hello-world/hello/application";

/// A request, as the HTTP layer read it.
#[derive(Clone, Debug, Default)]
pub struct Incoming {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    pub host: Option<String>,
    pub content_type: Option<String>,
    pub authorization: Option<String>,
    pub body: Vec<u8>,
}

impl Incoming {
    pub fn path(&self) -> &str {
        self.target.split(['?', '#']).next().unwrap_or("")
    }
}

/// The answer: exact status, headers and body, plus why.
#[derive(Clone, Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
    pub why: Why,
}

/// The explanation: on the console and in the `X-Auth-Triage` header, never in the body.
#[derive(Clone, Debug, Default)]
pub struct Why {
    /// The step of spec §4.1 that decided (`7.9`, `13`, `16`), or the API's check.
    pub step: String,
    /// The catalogue entry of the answer (`None` for a success).
    pub entry: Option<ErrorId>,
    pub likely: bool,
    /// Finding codes of the core's report.
    pub findings: Vec<String>,
    /// Who asked, redacted: `sub=AbCd…2345 jti=…`.
    pub who: String,
    pub note: String,
    /// An answer of the twin's own, not the gateway's: why (`not-emulated`, `too-large`, …).
    pub twin: Option<&'static str>,
}

#[derive(Clone)]
struct Issued {
    key: String,
    expires: i64,
}

pub struct Gateway {
    pub env: Environment,
    /// The apps, as configured and as the page registered them (`/__twin/register`).
    pub(super) apps: RwLock<Vec<App>>,
    clock: Arc<Clock>,
    /// The spent (sub, jti) pairs, bounded (src/twin/jti.rs).
    pub(super) jtis: Mutex<JtiStore>,
    tokens: Mutex<HashMap<String, Issued>>,
    messages: AtomicU64,
    /// How many analyses token requests have run (one per request).
    analyses: AtomicU64,
    pub(super) jti_questions: AtomicU64,
}

/// A mutex that a panicking request left poisoned still holds good data: every critical
/// section below is a single map operation.
pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

use crate::platform::redact;

impl Gateway {
    pub fn new(cfg: &Config, clock: Arc<Clock>) -> Gateway {
        Gateway {
            env: cfg.env,
            apps: RwLock::new(cfg.apps.clone()),
            clock,
            jtis: Mutex::new(JtiStore::new(cfg.jti_limits)),
            tokens: Mutex::new(HashMap::new()),
            messages: AtomicU64::new(1),
            analyses: AtomicU64::new(0),
            jti_questions: AtomicU64::new(0),
        }
    }

    /// Route a request. Never panics on any input (the HTTP layer still isolates it).
    pub fn answer(&self, req: &Incoming) -> Answer {
        let path = req.path();
        if path == HELLO_PATH && req.method == "GET" {
            return self.hello(req);
        }
        if is_token_path(path) {
            return self.token(req);
        }
        if path == super::register::REGISTER_PATH {
            return self.register(req);
        }
        self.no_proxy(req)
    }

    /// How many analyses token requests have run, and how many jti questions the walk asked.
    pub fn counts(&self) -> (u64, u64) {
        (self.analyses.load(Ordering::Relaxed), self.jti_questions.load(Ordering::Relaxed))
    }

    fn message_id(&self) -> String {
        // The shape of Apigee's messageid (spec §5.1), numbered per twin.
        let n = self.messages.fetch_add(1, Ordering::Relaxed);
        format!("rrt-{n}-twin-{}", self.env.label())
    }

    /// The body the platform sends for a catalogue entry (identity-service JSON, raw Apigee
    /// fault, or nothing), from the prediction's fields.
    fn body(
        &self,
        error: Option<&str>,
        description: Option<&str>,
        raw: Option<&str>,
    ) -> (Vec<(&'static str, String)>, Vec<u8>) {
        match (error, description, raw) {
            (_, _, Some(raw)) => (vec![("content-type", "application/json".into())], raw.as_bytes().to_vec()),
            (Some(e), Some(d), None) => {
                let body = json!({"error": e, "error_description": d, "message_id": self.message_id()});
                (vec![("content-type", "application/json".into())], body.to_string().into_bytes())
            }
            _ => (vec![("content-type", "text/plain".into())], Vec::new()),
        }
    }

    fn answer_prediction(&self, p: &Prediction, why: Why) -> Answer {
        let (mut headers, body) = self.body(p.error.as_deref(), p.error_description.as_deref(), p.body.as_deref());
        if p.status == 405 {
            headers.push(("allow", "POST".into()));
        }
        let why = Why { step: p.step.to_string(), entry: p.entry, likely: p.certainty == Certainty::Likely, ..why };
        Answer { status: p.status, headers, body, why }
    }

    /// An answer the twin decides itself (outside the token walk), from the catalogue.
    fn answer_entry(&self, id: ErrorId, step: &str, why: Why) -> Answer {
        let p = crate::checks::predict::failed(id, crate::checks::step::Fail::certain(""));
        let mut a = self.answer_prediction(&p, why);
        a.why.step = step.into();
        a
    }

    /// `POST /oauth2/token`, `/oauth2-mock/token` (and any other path of those proxies, which
    /// the core answers 404). One analysis: the core walks the gateway's steps and asks the
    /// twin's state what it cannot see.
    fn token(&self, req: &Incoming) -> Answer {
        let now = self.clock.now();
        let call = Call::read(req, self.env);
        // Keys and apps are per environment: another environment's gateway knows none of ours.
        let app = call.sub.as_deref().filter(|_| call.env == self.env).and_then(|s| self.app(s));
        let app = app.as_ref();
        let ctx = Context {
            now,
            // The call is happening now, by the twin's clock: the gateway's time checks use it.
            call_at: Some(now),
            api_key: app.map(|a| a.key.clone()),
            app_id: app.and_then(|a| a.app_id.clone()),
            environment: Some(self.env),
            keys_text: app.and_then(|a| a.jwks.clone()),
            ..Context::default()
        };
        let oracle = TwinOracle::new(self, call.env, now, app, call.own_url.clone());
        let report = crate::analyze_with(&call.paste(req), &ctx, &oracle);
        oracle.release();
        self.analyses.fetch_add(1, Ordering::Relaxed);
        debug_assert!(oracle.asked.get() <= 1, "the walk asked about the jti {} times", oracle.asked.get());
        let why = Why {
            findings: codes(&report, call.aud_is_own()),
            who: match (&call.sub, &call.jti) {
                (Some(s), Some(j)) => format!("sub={} jti={j}", redact(s)),
                (Some(s), None) => format!("sub={}", redact(s)),
                _ => String::new(),
            },
            note: oracle.note.borrow().clone().unwrap_or_default(),
            ..Why::default()
        };
        let Some(p) = report.predicted else {
            // Another flow (authorization code, refresh token): not what the twin stands in
            // for, and it says so in its own words rather than inventing the gateway's.
            let note = "only the signed-JWT client_credentials flow is emulated";
            return Answer {
                status: 501,
                headers: vec![("content-type", "text/plain; charset=utf-8".into())],
                body: format!("auth-triage twin: {note}\n").into_bytes(),
                why: Why {
                    step: ErrorId::GrantTypeInvalid.entry().step.unwrap_or(Step::ISSUED).to_string(),
                    note: note.into(),
                    twin: Some("not-emulated"),
                    ..why
                },
            };
        };
        if p.entry == Some(ErrorId::AudInvalid) {
            let why = Why { note: call.aud_note(), ..why };
            return self.answer_prediction(&p, why);
        }
        if p.status != 200 {
            return self.answer_prediction(&p, why);
        }
        let why = match call.aud_is_own() {
            true => Why { note: "aud is the twin's own URL, the one the request was posted to".into(), ..why },
            false => why,
        };
        self.issue(app.expect("a 200 passed step 9, which needs the app"), now, why)
    }

    /// 16: a token.
    fn issue(&self, app: &App, now: i64, why: Why) -> Answer {
        let token = new_token();
        let mut tokens = lock(&self.tokens);
        if tokens.len() >= 100_000 && tokens.len().is_multiple_of(10_000) {
            tokens.retain(|_, t| t.expires > now);
        }
        tokens.insert(token.clone(), Issued { key: app.key.clone(), expires: now + TOKEN_SECONDS });
        let body = json!({
            "access_token": token,
            "expires_in": TOKEN_SECONDS.to_string(),
            "token_type": "Bearer",
            "issued_at": self.clock.now_ms().to_string(),
        });
        Answer {
            status: 200,
            headers: vec![("content-type", "application/json".into())],
            body: body.to_string().into_bytes(),
            why: Why { step: Step::ISSUED.to_string(), ..why },
        }
    }

    /// `GET /hello-world/hello/application` with a Bearer token (spec §6.1 answers).
    fn hello(&self, req: &Incoming) -> Answer {
        let now = self.clock.now();
        let why = |note: &str| Why { note: note.into(), ..Why::default() };
        let token = req.authorization.as_deref().and_then(|a| a.strip_prefix("Bearer ")).map(str::trim);
        let entry = match token {
            None => Some((ErrorId::OauthV2InvalidAccessToken, "no Bearer token")),
            Some("") => Some((ErrorId::OauthV2InvalidAccessToken, "empty Bearer token")),
            Some(t) => match lock(&self.tokens).get(t).cloned() {
                None => Some((ErrorId::KeymanagementInvalidAccessToken, "the twin issued no such token")),
                Some(i) if i.expires <= now => {
                    Some((ErrorId::KeymanagementAccessTokenExpired, "the token has expired"))
                }
                Some(i) => {
                    let mut a = Answer {
                        status: 200,
                        headers: vec![("content-type", "application/json".into())],
                        body: br#"{"message":"Hello Application!"}"#.to_vec(),
                        why: Why { step: "api".into(), who: format!("key={}", redact(&i.key)), ..Why::default() },
                    };
                    a.why.note = format!("token valid for {} s more", i.expires - now);
                    return a;
                }
            },
        };
        let (id, note) = entry.unwrap_or((ErrorId::OauthV2InvalidAccessToken, ""));
        let mut a = self.answer_entry(id, "api", why(note));
        {
            let e = id.entry();
            let (code, text) = (e.errorcode.unwrap_or_default(), e.faultstring.unwrap_or_default());
            let value = format!("Bearer realm=\"null\",error=\"invalid_token\",error_description=\"{code}: {text}\"");
            a.headers.push(("www-authenticate", value));
        }
        a
    }

    /// Any other path: no proxy owns it (spec §6.4; status 404 by Apigee convention).
    fn no_proxy(&self, req: &Incoming) -> Answer {
        // JSON-escaped as Apigee writes it, slashes as `\/`.
        let path = serde_json::to_string(req.path()).unwrap_or_default().replace('/', "\\/");
        let fault = "Unable to identify proxy for host: secure and url: ";
        let code = "messaging.adaptors.http.flow.ApplicationNotFound";
        let body = format!(
            r#"{{"fault":{{"faultstring":"{fault}{}","detail":{{"errorcode":"{code}"}}}}}}"#,
            path.get(1..path.len().saturating_sub(1)).unwrap_or("")
        );
        Answer {
            status: 404,
            headers: vec![("content-type", "application/json".into())],
            body: body.into_bytes(),
            why: Why {
                step: ErrorId::Oauth2NotFound.entry().step.map(|s| s.to_string()).unwrap_or_default(),
                entry: Some(ErrorId::ProxyNotFound),
                likely: true,
                ..Why::default()
            },
        }
    }
}

/// The report's finding codes, each once, in order; those about `aud` left out when `aud` is
/// the twin's own URL (the core, judging at the environment's URL, would call it wrong).
fn codes(report: &crate::Report, aud_is_own: bool) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    for f in report.findings.iter().filter(|f| !(aud_is_own && f.field.as_deref() == Some("aud"))) {
        if !codes.iter().any(|c| c == f.code.id()) {
            codes.push(f.code.id().to_string());
        }
    }
    codes
}

/// The identity service's paths: `/oauth2/…` and its mock deployment's `/oauth2-mock/…` (spec
/// §1.4: the same proxy on a second base path, for user-restricted testing with mock identity
/// providers; its token endpoint takes signed-JWT client credentials as `/oauth2/token` does,
/// with `aud` its own URL).
pub fn is_token_path(path: &str) -> bool {
    ["/oauth2", "/oauth2-mock"]
        .iter()
        .any(|base| path == *base || path.strip_prefix(base).is_some_and(|r| r.starts_with('/')))
}

/// An opaque access token: 28 random letters and digits, like Apigee's.
fn new_token() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut bytes = [0u8; 28];
    if getrandom::getrandom(&mut bytes).is_err() {
        // No OS randomness: a per-process random hasher over a counter still never repeats.
        use std::hash::{BuildHasher, Hasher};
        static N: AtomicU64 = AtomicU64::new(0);
        let s = std::collections::hash_map::RandomState::new();
        for chunk in bytes.chunks_mut(8) {
            let mut h = s.build_hasher();
            h.write_u64(N.fetch_add(1, Ordering::Relaxed));
            chunk.copy_from_slice(&h.finish().to_le_bytes()[..chunk.len()]);
        }
    }
    bytes.iter().map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char).collect()
}
