//! `POST /__twin/register`: the page served by the twin registers a public key, as a developer
//! does in the portal (spec §3.5: upload a JWKS for the app). Only the twin's own origin gets
//! here (the server refuses a foreign `Origin` before any path is read); a program may call it
//! too. The body is `{"key": API_KEY, "jwks": JWKS}` (the JWKS as an object or as its text):
//! the app with that key gets the JWKS and the signed-JWT product, and is made when missing.
//! The answer is the twin's own (`X-Auth-Triage: twin=registered`), JSON the page reads.

use serde_json::{json, Value};

use super::gateway::{Answer, Gateway, Incoming, Why};
use super::{App, Product};
use crate::platform::redact;

/// The twin's own path (`/__twin/…` is never a file of the page, nor a path of the gateway).
pub const REGISTER_PATH: &str = "/__twin/register";
/// At most this many apps: a page cannot grow the twin's memory without end.
const MAX_APPS: usize = 1000;

impl Gateway {
    /// The app that owns this API key, as it is now.
    pub(super) fn app(&self, key: &str) -> Option<App> {
        self.apps.read().unwrap_or_else(|e| e.into_inner()).iter().find(|a| a.key == key).cloned()
    }

    pub(super) fn register(&self, req: &Incoming) -> Answer {
        match self.try_register(req) {
            Ok((key, kids)) => {
                let body = json!({"registered": redact(&key), "kids": kids, "environment": self.env.label()});
                own(200, body, format!("public key registered for {} (kid {})", redact(&key), kids.join(", ")))
            }
            Err((status, why)) => own(status, json!({ "error": why }), why),
        }
    }

    fn try_register(&self, req: &Incoming) -> Result<(String, Vec<String>), (u16, String)> {
        if req.method != "POST" {
            return Err((405, "register with POST".into()));
        }
        let json_type = req.content_type.as_deref().is_some_and(|t| t.trim().starts_with("application/json"));
        if !json_type {
            return Err((415, "send the body as application/json".into()));
        }
        let body: Value = serde_json::from_slice(&req.body).map_err(|_| (400, "the body is not JSON".to_string()))?;
        let key = body.get("key").and_then(Value::as_str).map(str::trim).unwrap_or("");
        if key.is_empty() || key.len() > 128 || !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err((400, "\"key\" must be the app's API key (printable, at most 128 characters)".into()));
        }
        let jwks = match body.get("jwks") {
            Some(Value::String(s)) => s.clone(),
            Some(v @ Value::Object(_)) => v.to_string(),
            _ => return Err((400, "\"jwks\" must be the public JWKS".into())),
        };
        let keys = crate::keys::parse::keys_in(&jwks);
        if keys.iter().any(|k| k.private) {
            return Err((400, "\"jwks\" holds a private key: register the public key only".into()));
        }
        let kids: Vec<String> =
            keys.iter().filter(|k| k.public_jwk.is_some()).map(|k| k.kid.clone().unwrap_or_default()).collect();
        if kids.is_empty() {
            return Err((400, "\"jwks\" holds no public RSA key".into()));
        }
        let mut apps = self.apps.write().unwrap_or_else(|e| e.into_inner());
        let n = apps.len();
        match apps.iter_mut().find(|a| a.key == key) {
            Some(app) => {
                app.jwks = Some(jwks);
                if !app.products.contains(&Product::SignedJwt) {
                    app.products.push(Product::SignedJwt);
                }
            }
            None if n >= MAX_APPS => return Err((409, format!("the twin holds {MAX_APPS} apps already"))),
            None => {
                apps.push(App { key: key.into(), app_id: None, jwks: Some(jwks), products: vec![Product::SignedJwt] })
            }
        }
        Ok((key.to_string(), kids))
    }
}

fn own(status: u16, body: Value, note: String) -> Answer {
    Answer {
        status,
        headers: vec![("content-type", "application/json".into())],
        body: body.to_string().into_bytes(),
        why: Why { step: "twin".into(), note, twin: Some("register"), ..Why::default() },
    }
}
