//! A token request as the gateway reads it: the environment it was for, the URL the core
//! judges it at (proxy.url), the claims that pick the app, and the twin's own URL it was
//! posted to (a client whose `aud` is the URL it posts to names that one).

use url::form_urlencoded;

use super::gateway::Incoming;
use crate::platform::Environment;

/// A token request as the gateway reads it: the environment it was for, the URL the core
/// judges it at, the claims that pick the app, and the twin's own URL it was posted to.
pub(super) struct Call {
    pub(super) env: Environment,
    /// `https://<the environment's host><path and query>`: proxy.url, as the gateway has it.
    url: String,
    body: String,
    pub(super) sub: Option<String>,
    pub(super) jti: Option<String>,
    /// `aud` as text (an array or number as JSON).
    aud: Option<String>,
    /// `http://<Host><path and query>`: the URL the request was posted to, read against the
    /// twin's own address (`None` when `Host` names an environment, or is missing).
    pub(super) own_url: Option<String>,
}

impl Call {
    pub(super) fn read(req: &Incoming, twin_env: Environment) -> Call {
        // The host the request was for: an NHS environment's host in `Host` (a client pointed
        // at the twin through that name), else the environment the twin stands in for.
        let host_env =
            req.host.as_deref().and_then(|h| Environment::from_host(h.rsplit_once(':').map_or(h, |(h, _)| h)));
        let env = host_env.unwrap_or(twin_env);
        let own_url = req.host.as_deref().filter(|_| host_env.is_none()).map(|h| format!("http://{h}{}", req.target));
        let body = String::from_utf8_lossy(&req.body).into_owned();
        let form: Vec<(String, String)> =
            form_urlencoded::parse(body.trim().as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        let assertion = form.iter().find(|(k, _)| k == "client_assertion").map(|(_, jwt)| jwt.as_str());
        let claim = |name| assertion.and_then(|jwt| claim_of(jwt, name));
        let (sub, jti, aud) = (claim("sub"), claim("jti"), claim("aud"));
        Call { env, url: format!("https://{}{}", env.host(), req.target), body, sub, jti, aud, own_url }
    }

    /// The core's input: the request as raw HTTP, as the gateway received it.
    pub(super) fn paste(&self, req: &Incoming) -> String {
        let mut text = format!("{} {} HTTP/1.1\r\nHost: {}\r\n", req.method, self.url, self.env.host());
        if let Some(ct) = &req.content_type {
            text.push_str(&format!("Content-Type: {ct}\r\n"));
        }
        if let Some(a) = &req.authorization {
            text.push_str(&format!("Authorization: {a}\r\n"));
        }
        text.push_str("\r\n");
        text.push_str(&self.body);
        text
    }

    /// `aud` is the URL the request was posted to, the twin's own: the platform's rule (aud =
    /// the token endpoint's URL) read against the twin.
    pub(super) fn aud_is_own(&self) -> bool {
        self.aud.is_some() && self.aud == self.own_url
    }

    /// The console's note on a wrong `aud`: received, and what would have been accepted.
    pub(super) fn aud_note(&self) -> String {
        let received = match &self.aud {
            Some(a) => format!("aud {a:?} received"),
            None => "no aud received".to_string(),
        };
        match &self.own_url {
            Some(own) => format!("{received}; expected {:?} or the twin's own {own:?}", self.url),
            None => format!("{received}; expected {:?}", self.url),
        }
    }
}

/// A claim of the assertion as the gateway reads it (a string as is, anything else as JSON
/// text), read by the core's decoder: the app it names sets the analysis's context.
fn claim_of(jwt: &str, name: &str) -> Option<String> {
    let token = crate::decode::jwt::decode(jwt, &|i| i, &mut Vec::new());
    token.claim(name).map(|v| v.as_str().map(String::from).unwrap_or_else(|| v.to_string()))
}
