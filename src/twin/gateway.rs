//! The twin's gateway: one HTTP request in, the platform's answer out. The checks are the
//! core's (`analyze` → `Report.predicted`, with native signature verification); the twin adds
//! only what the core cannot know: which app owns `sub`, the `jti` cache (spec §4.1 step 7.10,
//! written at step 8), the app's JWKS and products (steps 11, 15) and the tokens it issued.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};
use url::form_urlencoded;

use super::jti::JtiStore;
use super::{App, Clock, Config, Product};
use crate::catalogue::platform::Shape;
use crate::platform::Environment;
use crate::predict::{Certainty, Prediction};
use crate::vocab::ErrorId;
use crate::{analyze, Context};

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
    apps: Vec<App>,
    clock: Arc<Clock>,
    /// The spent (sub, jti) pairs, bounded (src/twin/jti.rs).
    pub(super) jtis: Mutex<JtiStore>,
    tokens: Mutex<HashMap<String, Issued>>,
    messages: AtomicU64,
}

/// A mutex that a panicking request left poisoned still holds good data: every critical
/// section below is a single map operation.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// `"7.10"` → (7, 10), `"13"` → (13, 0): steps compared in the spec's order.
fn step_of(s: &str) -> (u32, u32) {
    let mut parts = s.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

/// The first 4 and last 4 characters (the forum's redaction).
pub fn redact(s: &str) -> String {
    crate::rules::redact(s)
}

impl Gateway {
    pub fn new(cfg: &Config, clock: Arc<Clock>) -> Gateway {
        Gateway {
            env: cfg.env,
            apps: cfg.apps.clone(),
            clock,
            jtis: Mutex::new(JtiStore::new(cfg.jti_limits)),
            tokens: Mutex::new(HashMap::new()),
            messages: AtomicU64::new(1),
        }
    }

    /// Route a request. Never panics on any input (the HTTP layer still isolates it).
    pub fn answer(&self, req: &Incoming) -> Answer {
        let path = req.path();
        if path == HELLO_PATH && req.method == "GET" {
            return self.hello(req);
        }
        if path.starts_with("/oauth2/") || path == "/oauth2" {
            return self.token(req);
        }
        self.no_proxy(req)
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
        let why = Why { step: p.step.clone(), entry: p.entry, likely: p.certainty == Certainty::Likely, ..why };
        Answer { status: p.status, headers, body, why }
    }

    /// An answer the twin decides itself, from the catalogue.
    fn answer_entry(&self, id: ErrorId, step: &str, why: Why) -> Answer {
        let e = Some(id.entry());
        let status = e.map(|e| e.status).unwrap_or(500);
        let (headers, body) = match e {
            Some(e) if e.shape == Shape::Apigee => {
                let fault = json!({"fault": {"faultstring": e.faultstring.unwrap_or_default(),
                    "detail": {"errorcode": e.errorcode.unwrap_or_default()}}});
                self.body(None, None, Some(&fault.to_string()))
            }
            Some(e) => self.body(e.error, e.description, None),
            None => self.body(None, None, None),
        };
        Answer { status, headers, body, why: Why { step: step.into(), entry: Some(id), ..why } }
    }

    /// `POST /oauth2/token` (and any other `/oauth2/…` path, which the core answers 404).
    fn token(&self, req: &Incoming) -> Answer {
        let now = self.clock.now();
        // The host the request was for: an NHS environment's host in `Host` (a client pointed
        // at the twin through that name), else the environment the twin stands in for.
        let host_env =
            req.host.as_deref().and_then(|h| Environment::from_host(h.rsplit_once(':').map_or(h, |(h, _)| h)));
        let env = host_env.unwrap_or(self.env);
        let url = format!("https://{}{}", env.host(), req.target);
        let body = String::from_utf8_lossy(&req.body);
        let form: Vec<(String, String)> =
            form_urlencoded::parse(body.trim().as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        let field = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let claims = field("client_assertion").and_then(claims_of);
        let claim = |name: &str| claims.as_ref().and_then(|c| c.get(name));
        let sub = claim("sub").map(|v| v.as_str().map(String::from).unwrap_or_else(|| v.to_string()));
        let jti = claim("jti").and_then(Value::as_str).map(String::from);
        // Keys and apps are per environment: another environment's gateway knows none of ours.
        let app = sub.as_deref().filter(|_| env == self.env).and_then(|s| self.apps.iter().find(|a| a.key == s));

        // The core's inputs: the request as raw HTTP, the app as the context.
        let mut text = format!("{} {url} HTTP/1.1\r\nHost: {}\r\n", req.method, env.host());
        if let Some(ct) = &req.content_type {
            text.push_str(&format!("Content-Type: {ct}\r\n"));
        }
        if let Some(a) = &req.authorization {
            text.push_str(&format!("Authorization: {a}\r\n"));
        }
        text.push_str("\r\n");
        text.push_str(&body);
        let ctx = Context {
            now,
            api_key: app.map(|a| a.key.clone()),
            app_id: app.and_then(|a| a.app_id.clone()),
            environment: Some(self.env),
            keys_text: app.and_then(|a| a.jwks.clone()),
            ..Context::default()
        };
        let mut report = analyze(&text, &ctx);
        let who = match (&sub, &jti) {
            (Some(s), Some(j)) => format!("sub={} jti={j}", redact(s)),
            (Some(s), None) => format!("sub={}", redact(s)),
            _ => String::new(),
        };
        let base = |report: &crate::Report, note: &str| Why {
            findings: codes(report),
            who: who.clone(),
            note: note.to_string(),
            ..Why::default()
        };
        let Some(p) = report.predicted.clone() else {
            // Another flow (authorization code, refresh token): not what the twin stands in
            // for, and it says so in its own words rather than inventing the gateway's.
            let note = "only the signed-JWT client_credentials flow is emulated";
            return Answer {
                status: 501,
                headers: vec![("content-type", "text/plain; charset=utf-8".into())],
                body: format!("auth-triage twin: {note}\n").into_bytes(),
                why: Why { step: "4".into(), twin: Some("not-emulated"), ..base(&report, note) },
            };
        };
        let step = step_of(&p.step);
        if step < (7, 10) {
            return self.answer_prediction(&p, base(&report, ""));
        }
        // 7.10: jti replay, per sub, 30 days; the jti is written at step 8, before the key,
        // JWKS and signature checks (PopulateCache.JTIClaim), so a later failure spends it.
        if env == self.env {
            let (Some(s), Some(j)) = (sub.clone(), jti.clone()) else {
                // The core read claims the twin's strict base64url reading cannot: the
                // gateway's DecodeJWT would not either. Never fall through to a token.
                let mut a = self.answer_entry(
                    ErrorId::ClientAssertionMalformed,
                    "6",
                    base(&report, "sub/jti unreadable as strict base64url JSON"),
                );
                a.why.likely = true;
                return a;
            };
            let mut jtis = lock(&self.jtis);
            if jtis.is_spent(&s, &j, now) {
                drop(jtis);
                return self.answer_entry(
                    ErrorId::JtiNonUnique,
                    "7.10",
                    base(&report, "this sub sent this jti before"),
                );
            }
            if step == (7, 11) {
                return self.answer_prediction(&p, base(&report, ""));
            }
            jtis.spend(&s, &j, now);
        } else if step == (7, 11) {
            return self.answer_prediction(&p, base(&report, ""));
        }
        // 9: sub must be the key of an app of this environment.
        let Some(app) = app else {
            let note = if env != self.env {
                format!("the twin stands in for {}, the request names {}", self.env.label(), env.label())
            } else {
                "no app registered with the twin has this key".to_string()
            };
            return self.answer_entry(ErrorId::IssSubInvalid, "9", base(&report, &note));
        };
        if step == (9, 0) {
            return self.answer_prediction(&p, base(&report, ""));
        }
        // 11: the app has a public key registered.
        if app.jwks.is_none() {
            return self.answer_entry(
                ErrorId::PublicKeyNotRegistered,
                "11",
                base(&report, "the app was registered without jwks="),
            );
        }
        // 13: VerifyJWT — verify natively and let the core walk kid, signature, aud, nbf.
        report = crate::analyze_with(&text, &ctx, &crate::keys::native::verify);
        let valid = report.main.verification == crate::facts::Verification::Valid;
        let Some(p) = report.predicted.clone() else {
            return self.answer_entry(ErrorId::UnknownError, "13", base(&report, "the core made no prediction"));
        };
        let kid_or_sig = matches!(p.entry, Some(ErrorId::KidNoMatchingKey | ErrorId::SignatureVerificationFailed));
        if kid_or_sig {
            let p = Prediction { certainty: Certainty::Certain, ..p };
            return self.answer_prediction(&p, base(&report, "checked against the JWKS registered with the twin"));
        }
        if !valid {
            // Fail closed: a signature that could not be checked is not a valid one.
            let note =
                if report.verification.is_none() { "the signature could not be checked" } else { "signature mismatch" };
            return self.answer_entry(ErrorId::SignatureVerificationFailed, "13", base(&report, note));
        }
        if p.status != 200 {
            return self.answer_prediction(&p, base(&report, ""));
        }
        // 15: an application-restricted (signed JWT) product.
        if !app.products.contains(&Product::SignedJwt) {
            return self.answer_entry(
                ErrorId::UnauthorizedClient,
                "15",
                base(&report, "the app has no signed-jwt product"),
            );
        }
        // 16: a token.
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
            why: Why { step: "16".into(), ..base(&report, "") },
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
            why: Why { step: "1".into(), entry: Some(ErrorId::ProxyNotFound), likely: true, ..Why::default() },
        }
    }
}

/// The report's finding codes, each once, in order.
fn codes(report: &crate::Report) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    for f in &report.findings {
        if !codes.iter().any(|c| c == f.code.id()) {
            codes.push(f.code.id().to_string());
        }
    }
    codes
}

/// The claims of a compact JWT, read just enough to know which app and jti it is.
fn claims_of(jwt: &str) -> Option<serde_json::Map<String, Value>> {
    let payload = jwt.trim().split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    match serde_json::from_slice::<Value>(&bytes).ok()? {
        Value::Object(m) => Some(m),
        _ => None,
    }
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
