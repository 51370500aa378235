//! Walk the gateway's check order (spec §4.1) over what was pasted and return the first
//! failing step exactly as the gateway answers it. Steps that cannot be checked here become
//! stated assumptions. JavaScript semantics of the claim checks are emulated (spec §4.2).

use serde::Serialize;
use serde_json::Value;

use crate::catalogue::platform::Shape;
use crate::decode::jwt::Kind;
use crate::platform::looks_like_guid;
use crate::platform::{
    Environment, CLIENT_ASSERTION_TYPE, EXP_ENFORCED_MAX, FORM_CONTENT_TYPE, NBF_ALLOWANCE, TOKEN_PATH,
};
use crate::rules::{js_number, js_truthy, Facts, Verification};
pub use crate::vocab::Certainty;
use crate::vocab::ErrorId;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Prediction {
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
    /// The exact body for non-identity-service answers (raw Apigee fault).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The catalogue entry of the answer (absent for 200).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<ErrorId>,
    /// The step of spec §4.1 that decides.
    pub step: String,
    pub certainty: Certainty,
    /// Why, in one sentence about this paste.
    pub why: String,
    /// What the prediction takes for granted because it cannot be checked here.
    pub assumptions: Vec<String>,
    /// What was assumed about the request when it was not pasted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
}

impl Prediction {
    fn entry(id: ErrorId, step: &str, why: String) -> Prediction {
        let e = Some(id.entry());
        let body = e.filter(|e| e.shape == Shape::Apigee).map(|e| {
            serde_json::json!({"fault": {"faultstring": e.faultstring.unwrap_or_default(), "detail": {"errorcode": e.errorcode.unwrap_or_default()}}}).to_string()
        });
        Prediction {
            status: e.map(|e| e.status).unwrap_or(500),
            error: e.and_then(|e| e.error.map(String::from)),
            error_description: e.and_then(|e| e.description.map(String::from)),
            body,
            entry: Some(id),
            step: step.to_string(),
            certainty: Certainty::Certain,
            why,
            assumptions: Vec::new(),
            basis: None,
        }
    }
    fn likely(mut self) -> Prediction {
        self.certainty = Certainty::Likely;
        self
    }
    /// The answer as one line: `400 invalid_request: Missing 'kid' header in client_assertion JWT`.
    pub fn headline(&self) -> String {
        match (&self.error, &self.error_description, &self.body) {
            (Some(e), Some(d), _) => format!("{} {e}: {d}", self.status),
            (_, _, Some(b)) => format!("{} {b}", self.status),
            _ if self.status == 200 => "200 OK: an access token".to_string(),
            _ if self.status == 405 => "405 Method Not Allowed (empty body, Allow: POST)".to_string(),
            _ => self.status.to_string(),
        }
    }
}

const ASSUME_KEY: &str = "sub is an API key of an approved app subscribed in this environment";
const ASSUME_JWKS: &str =
    "a public key (JWKS) is registered for the app in this environment and the gateway can fetch it";
const ASSUME_KID: &str = "the kid is in that JWKS";
const ASSUME_SIG: &str = "the signature verifies with that key (the right private key was used)";
const ASSUME_JTI: &str = "this jti was not used in the last 30 days (it is spent even by a failed request)";
const ASSUME_REGISTERED: &str = "the key set you pasted is the one registered for the app in this environment";
const ASSUME_PRODUCT: &str = "the app is subscribed to an application-restricted (signed JWT) product";

/// Predict the gateway's answer to the token request in the paste, if there is one to predict.
pub fn predict(f: &Facts) -> Option<Prediction> {
    let token = f.assertion();
    let request = f.token_request();
    if token.is_none() && !f.is_token_call() {
        return None;
    }
    let mut basis = None;
    let mut assumed: Vec<String> = Vec::new();
    // Steps 1–3 need the request.
    if let Some(r) = request.filter(|_| f.is_token_call()) {
        if let Some(u) = r.parsed_url() {
            let nhs = u.host_str().and_then(Environment::from_host).is_some();
            let path = u.path();
            if nhs && path.starts_with("/oauth2/") && path != TOKEN_PATH {
                let p = Prediction::entry(
                    ErrorId::Oauth2NotFound,
                    "1",
                    format!("The request goes to {path}, not {TOKEN_PATH}."),
                );
                return Some(if path.trim_end_matches('/') == TOKEN_PATH { p.likely() } else { p });
            }
        }
        if let Some(m) = r.method.as_deref().filter(|m| *m != "POST") {
            return Some(Prediction::entry(ErrorId::TokenMethodNotAllowed, "2", format!("The request is a {m}.")));
        }
        use crate::decode::request::RequestSource;
        // What code shows it sends is likely, not certain (the code around it may change it).
        let from_code = r.source == Some(RequestSource::Code) && r.content_type.is_some();
        let headers_known = matches!(r.source, Some(RequestSource::Curl | RequestSource::Http)) || from_code;
        if headers_known {
            let ct = r.content_type.as_deref();
            if ct != Some(FORM_CONTENT_TYPE) {
                let charset_only = ct.and_then(|c| c.split(';').next()).map(str::trim) == Some(FORM_CONTENT_TYPE);
                let p = Prediction::entry(
                    ErrorId::ContentTypeMustBeFormUrlencoded,
                    "3",
                    format!("Content-Type is {}.", ct.map(|c| format!("\"{c}\"")).unwrap_or_else(|| "missing".into())),
                );
                return Some(if charset_only || from_code { p.likely() } else { p });
            }
            if r.query.iter().any(|(k, _)| k == "grant_type") && r.form.is_empty() {
                return Some(Prediction::entry(
                    ErrorId::ContentTypeMustBeFormUrlencoded,
                    "3",
                    "The parameters are in the URL query, not the body.".into(),
                ));
            }
        }
        if !r.form.is_empty() || r.body.is_some() {
            // A field not shown in a partial body, or written as a placeholder, is unknown:
            // assumed right, and said so.
            let unknown = |name: &str| match r.form_value(name) {
                None => r.partial,
                Some(v) => crate::extract::vars::is_placeholder(v),
            };
            for name in ["grant_type", "client_assertion_type"] {
                if unknown(name) {
                    assumed.push(format!("{name} is right (it is not shown in the paste)"));
                }
            }
            match r.form_value("grant_type").filter(|_| !unknown("grant_type")) {
                None if unknown("grant_type") => {}
                None => {
                    return Some(Prediction::entry(
                        ErrorId::GrantTypeMissing,
                        "4",
                        "The body has no grant_type.".into(),
                    ))
                }
                Some("client_credentials") | Some("urn:ietf:params:oauth:grant-type:token-exchange") => {}
                Some("authorization_code") | Some("refresh_token") => return None,
                Some(g) => {
                    return Some(Prediction::entry(ErrorId::GrantTypeInvalid, "4", format!("grant_type is \"{g}\".")))
                }
            }
            if !unknown("client_assertion_type") && r.form_value("client_assertion_type") != Some(CLIENT_ASSERTION_TYPE)
            {
                return Some(Prediction::entry(
                    ErrorId::ClientAssertionTypeInvalid,
                    "5",
                    "client_assertion_type is not the jwt-bearer URN after one decode.".into(),
                ));
            }
            match r.form_value("client_assertion") {
                None if r.partial => assumed.push("the body carries this JWT as client_assertion".into()),
                // A variable or placeholder: the JWT it stands for is not in the paste, unless
                // it was printed elsewhere (then that is the one).
                Some(a) if crate::extract::vars::is_placeholder(a) => {
                    token?;
                    assumed.push(format!("client_assertion {a} holds the JWT printed in the paste"));
                }
                None => {
                    return Some(Prediction::entry(
                        ErrorId::ClientAssertionMissing,
                        "6",
                        "The body has no client_assertion.".into(),
                    ))
                }
                Some(a) if a.trim().is_empty() => {
                    return Some(Prediction::entry(
                        ErrorId::ClientAssertionMissing,
                        "6",
                        "client_assertion is empty.".into(),
                    ))
                }
                _ => {}
            }
        } else {
            basis = Some(
                "The request body was not pasted: assuming a correct form body (grant_type, \
                client_assertion_type) carrying this JWT."
                    .to_string(),
            );
        }
    } else {
        let url = token
            .and_then(|t| t.claim_str("aud"))
            .filter(|a| a.ends_with(TOKEN_PATH))
            .map(String::from)
            .or_else(|| f.environment().map(|e| e.token_url()));
        basis = Some(match url {
            Some(u) => format!("No request was pasted: assuming a correct form POST to {u}."),
            None => "No request was pasted: assuming a correct form POST to the token URL.".to_string(),
        });
    }

    let Some(t) = token else {
        let mut p =
            Prediction::entry(ErrorId::ClientAssertionMissing, "6", "No client assertion JWT was found.".into())
                .likely();
        p.basis = basis;
        return (request.is_some_and(|r| r.body.is_some())).then_some(p);
    };

    // A fragment (cut with `…`) whose claims were not all pasted cannot be judged whole.
    if t.cut.is_some_and(|at| at <= t.payload.offset + t.payload.b64.len()) {
        return None;
    }
    let mut p = claims(f, t).unwrap_or_else(|| after_claims(f, t));
    if !assumed.is_empty() {
        p.certainty = Certainty::Likely;
        p.assumptions.splice(0..0, assumed);
    }
    if p.basis.is_none() {
        p.basis = basis;
    }
    Some(p)
}

/// Step 6 (decoding) and the JS claim checks 7.1–7.11, in order.
fn claims(f: &Facts, t: &crate::decode::jwt::Jwt) -> Option<Prediction> {
    if t.as_bytes {
        let why = "The client sends the token as Python bytes printed into the body (b'eyJ…'), which is not a JWT.";
        return Some(Prediction::entry(ErrorId::ClientAssertionMalformed, "6", why.into()).likely());
    }
    let undecodable = t.kind != Kind::Jws || t.header.object().is_none() || t.payload.object().is_none();
    let foreign = t.compact.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')));
    if let (false, Some(c)) = (undecodable, foreign) {
        // Decodable here, but a character base64url does not have is in the token as sent.
        return Some(
            Prediction::entry(
                ErrorId::ClientAssertionMalformed,
                "6",
                format!(
                    "The token holds {} (U+{:04X}), which base64url does not allow.",
                    crate::decode::jwt::describe_char(c).split(':').next().unwrap_or(""),
                    c as u32
                ),
            )
            .likely(),
        );
    }
    if undecodable {
        return Some(Prediction::entry(
            ErrorId::ClientAssertionMalformed,
            "6",
            "The JWT cannot be decoded as header.payload.signature with JSON header and claims.".into(),
        ));
    }
    let h = t.header.object()?;
    let c = t.payload.object()?;
    // Time checks are judged at the moment of the call; an old paste that does not say when it
    // was sent cannot be judged on time (its expiry is expected, and noted by the rules).
    let at = f.at();
    if h.get("alg").and_then(Value::as_str) != Some("RS512") {
        let alg = h.get("alg").map(crate::rules::show).unwrap_or_else(|| "missing".into());
        return Some(Prediction::entry(ErrorId::AlgInvalid, "7.1", format!("alg is {alg}.")));
    }
    let exp = js_number(c.get("exp"));
    if let Some(now) = at.filter(|now| !exp.is_nan() && (exp * 1000.0).abs() <= 8.64e15 && exp <= *now) {
        let why = match f.main.call.source {
            crate::facts::CallTimeSource::Now => "exp is in the past (by this computer's clock).".to_string(),
            _ => format!(
                "exp was {} s in the past when the call was made ({}).",
                (now - exp).round(),
                f.main.call.describe()
            ),
        };
        return Some(Prediction::entry(ErrorId::ExpExpired, "7.2", why));
    }
    if !js_truthy(h.get("kid")) {
        return Some(Prediction::entry(ErrorId::KidMissing, "7.3", "The header has no kid.".into()));
    }
    if h.get("typ").and_then(Value::as_str).is_none_or(|t| t.to_lowercase() != "jwt") {
        return Some(Prediction::entry(ErrorId::TypInvalid, "7.4", "typ is missing or not JWT.".into()));
    }
    let Some(exp_v) = c.get("exp") else {
        return Some(Prediction::entry(ErrorId::ExpMissing, "7.5", "The payload has no exp.".into()));
    };
    if !exp_v.is_number() {
        return Some(Prediction::entry(ErrorId::ExpNotInteger, "7.6", "exp is not a JSON number.".into()));
    }
    let (iss, sub) = (c.get("iss"), c.get("sub"));
    if !js_truthy(iss) || !js_truthy(sub) || iss != sub {
        return Some(Prediction::entry(
            ErrorId::IssSubMissingOrMismatch,
            "7.7",
            "iss and sub are not both present and equal.".into(),
        ));
    }
    let Some(jti) = c.get("jti") else {
        return Some(Prediction::entry(ErrorId::JtiMissing, "7.8", "The payload has no jti.".into()));
    };
    if !jti.is_string() {
        return Some(Prediction::entry(ErrorId::JtiInvalid, "7.9", "jti is not a string.".into()));
    }
    let reused = f.error_bodies.iter().any(|b| b.entry == Some(ErrorId::JtiNonUnique));
    if reused {
        return Some(
            Prediction::entry(
                ErrorId::JtiNonUnique,
                "7.10",
                "The error you pasted says this jti was already used; only the gateway can know that.".into(),
            )
            .likely(),
        );
    }
    if let Some(now) = at.filter(|now| exp - now > EXP_ENFORCED_MAX as f64) {
        return Some(Prediction::entry(
            ErrorId::ExpTooFar,
            "7.11",
            format!("exp is {} s ahead.", (exp - now).round() as i64),
        ));
    }
    None
}

/// Steps 9–16: what can be seen locally decides; the rest is assumed.
fn after_claims(f: &Facts, t: &crate::decode::jwt::Jwt) -> Prediction {
    let c = t.payload.object();
    let sub = c.and_then(|c| c.get("sub")).and_then(Value::as_str).unwrap_or("");
    let mut assumptions = vec![ASSUME_JTI.to_string()];
    // Step 9: sub as an API key of this environment.
    let key_issue = if looks_like_guid(sub) {
        Some("sub is a GUID — the Application ID, not an API key.".to_string())
    } else if f.key().is_some_and(|k| k != sub) {
        Some("sub is not the API key you entered.".to_string())
    } else {
        let env_clash =
            f.ctx.environment.zip(f.url_environment().or_else(|| f.aud_environment())).filter(|(a, b)| a != b);
        env_clash
            .map(|(chosen, used)| format!("Your key is for {} but the request goes to {}.", chosen.name(), used.name()))
    };
    if let Some(why) = key_issue {
        let mut p = Prediction::entry(ErrorId::IssSubInvalid, "9", why).likely();
        p.assumptions = assumptions;
        return p;
    }
    assumptions.insert(0, ASSUME_KEY.to_string());
    assumptions.push(ASSUME_JWKS.to_string());
    // Step 13, in VerifyJWT's order: the key by kid, the signature, then the claims.
    match &f.main.verification {
        Verification::KidNotFound => {
            let mut p = Prediction::entry(
                ErrorId::KidNoMatchingKey,
                "13",
                "The token's kid is not in the JWKS you pasted.".into(),
            )
            .likely();
            assumptions.push(ASSUME_REGISTERED.to_string());
            p.assumptions = assumptions;
            return p;
        }
        Verification::Invalid => {
            let mut p = Prediction::entry(
                ErrorId::SignatureVerificationFailed,
                "13",
                "The key you pasted does not verify the signature.".into(),
            )
            .likely();
            assumptions.push(ASSUME_REGISTERED.to_string());
            p.assumptions = assumptions;
            return p;
        }
        Verification::Valid => assumptions.push(ASSUME_REGISTERED.to_string()),
        Verification::NotChecked => assumptions.extend([ASSUME_KID.to_string(), ASSUME_SIG.to_string()]),
        Verification::CouldNotVerify(why) => {
            assumptions.push(ASSUME_KID.to_string());
            assumptions.push(format!("{ASSUME_SIG} (it could not be checked here: {why})"));
        }
    }
    // Step 13: VerifyJWT — aud against the URL, nbf.
    let post = f.post_url().map(|u| u.to_string()).filter(|_| f.is_token_call());
    let target = post.clone().or_else(|| {
        let aud = t.claim_str("aud").filter(|a| Environment::ALL.iter().any(|e| e.token_url() == *a)).map(String::from);
        aud.or_else(|| f.environment().map(|e| e.token_url()))
    });
    let aud = c.and_then(|c| c.get("aud"));
    let fits = |a: &str| match target.as_deref() {
        Some(url) => a == url.trim(),
        None => Environment::ALL.iter().any(|e| e.token_url() == a),
    };
    // RFC 7519 §4.1.3 allows aud as an array of strings; whether the gateway's VerifyJWT takes
    // one that holds the URL is not settled by its source: likely, not certain.
    let aud_array_fits = aud.and_then(Value::as_array).is_some_and(|a| a.iter().filter_map(Value::as_str).any(fits));
    let aud_ok = aud.and_then(Value::as_str).is_some_and(fits) || aud_array_fits;
    if aud_array_fits {
        assumptions.push(
            "aud as an array holding the token URL is accepted (RFC 7519 allows an array; the platform's source \
             does not settle it)"
                .to_string(),
        );
    }
    if !aud_ok {
        let why = match (aud, target) {
            (None, _) => "The payload has no aud.".to_string(),
            (Some(a), Some(url)) => format!("aud {} is not {url}.", crate::rules::show(a)),
            (Some(a), None) => format!("aud {} is no environment's token URL.", crate::rules::show(a)),
        };
        let mut p = Prediction::entry(ErrorId::AudInvalid, "13", why);
        p.assumptions = assumptions;
        return p;
    }
    let nbf = c.and_then(|c| c.get("nbf")).and_then(Value::as_f64);
    if nbf.zip(f.at()).is_some_and(|(n, at)| n - at > NBF_ALLOWANCE as f64) {
        let mut p = Prediction::entry(
            ErrorId::UnknownError,
            "13",
            "nbf is more than 10 s in the future (VerifyJWT TokenNotYetValid has no handler of its own).".into(),
        )
        .likely();
        p.assumptions = assumptions;
        return p;
    }
    // Step 14: the OAuth step; the suspects NHS names.
    let req = f.token_request();
    let client_id_off = req.and_then(|r| r.form_value("client_id")).is_some_and(|cid| cid != sub);
    let auth_header = req.is_some_and(|r| r.header("authorization").is_some());
    if client_id_off || auth_header {
        let why = if client_id_off {
            "The body sends a client_id that is not the key in iss/sub."
        } else {
            "The request carries an Authorization header."
        };
        let mut p = Prediction::entry(ErrorId::OauthV2InvalidClientIdentifier, "14", why.to_string()).likely();
        p.assumptions = assumptions;
        return p;
    }
    assumptions.push(ASSUME_PRODUCT.to_string());
    Prediction {
        status: 200,
        error: None,
        error_description: None,
        body: None,
        entry: None,
        step: "16".into(),
        certainty: Certainty::Likely,
        why: "Every check that can be made here passes.".into(),
        assumptions,
        basis: None,
    }
}

/// Does a pasted error agree with the prediction? When not, say why in this paste's terms.
/// "Another request" is said only when `wire`: the request and the answer both went over the
/// wire as pasted (raw HTTP, `curl -v`, a HAR), so nothing was edited in between.
pub fn disagreement(pred: &Prediction, pasted_entry: ErrorId, wire: bool) -> Option<String> {
    if pred.entry == Some(pasted_entry) {
        return None;
    }
    let pasted = pasted_entry.entry().title;
    let order = |step: &str| -> (u32, u32) {
        let mut parts = step.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
        (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
    };
    let later = pasted_entry.entry().step.is_some_and(|s| order(s) > order(&pred.step));
    let hint = match (pasted_entry, pred.step.as_str()) {
        (ErrorId::JtiNonUnique, _) => {
            "The assertion was sent before: make a new one for every request, including retries.".to_string()
        }
        (ErrorId::ExpExpired, _) => "The JWT was older when it was sent than it looks here, or the clocks differ: \
                                     make a new assertion per request."
            .to_string(),
        (_, "16") => "Everything visible here passes, so the cause is one of the assumptions (key, JWKS, kid, \
                      signature, subscription) that only the gateway can check."
            .to_string(),
        _ if later && wire => "The request and this answer were both pasted as they went over the wire, yet the \
                               gateway got past that check: this answer probably came from another request."
            .to_string(),
        _ if later => "The gateway got past that check, so what was sent is not exactly what is pasted here (an \
                       edited or placeholder value, another attempt, or another environment)."
            .to_string(),
        _ => "The gateway stopped at an earlier check that depends on what only it knows (the app, its key, its \
              JWKS) or on a part of the request not pasted here."
            .to_string(),
    };
    Some(format!("You got \"{pasted}\"; from what is pasted, this request would first get {}. {hint}", pred.headline()))
}
