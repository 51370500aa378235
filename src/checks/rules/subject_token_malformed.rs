//! A token exchange whose `subject_token` is missing or is not a JWT. In the token-exchange flow
//! the gateway decodes the subject token after the client assertion has passed VerifyJWT
//! (DecodeJWT.FromSubjectTokenFormParam): missing → `Missing subject_token`, undecodable (an
//! opaque access token, a quoted or cut token) → `Malformed JWT in subject_token`.

use super::subject_token_type_invalid::{ID_TOKEN_TYPE, TOKEN_EXCHANGE};
use super::Facts;
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail, GatewayCheck};
use crate::vocab::{Code, Finding};

/// `Missing subject_token`.
pub const MISSING: GatewayCheck = GatewayCheck { code: Some(Code::SubjectTokenMalformed), decide: decide_missing };
/// `Malformed JWT in subject_token`.
pub const GATEWAY: GatewayCheck = GatewayCheck { code: Some(Code::SubjectTokenMalformed), decide };

/// The exchange's subject token as sent (`Some(None)`: not sent), in the token-exchange flow.
fn subject_token<'a>(f: &Facts<'a>) -> Option<Option<&'a str>> {
    let r = f.token_call()?;
    let exchange =
        r.form_value("grant_type") == Some(TOKEN_EXCHANGE) && r.form_value("subject_token_type") == Some(ID_TOKEN_TYPE);
    if !exchange || super::grant_type_missing::unknown(r, "subject_token") {
        return None;
    }
    Some(r.form_value("subject_token"))
}

/// A compact JWS whose header and payload are base64url JSON objects.
fn decodes(token: &str) -> bool {
    use base64::Engine;
    let parts: Vec<&str> = token.trim().split('.').collect();
    let json = |p: &str| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(p.trim_end_matches('='))
            .ok()
            .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
            .is_some_and(|v| v.is_object())
    };
    parts.len() == 3 && json(parts[0]) && json(parts[1])
}

fn decide_missing(f: &Facts, _: &dyn Oracle) -> Check {
    matches!(subject_token(f), Some(None)).then(|| Fail::certain("The token exchange has no subject_token.")).into()
}

fn decide(f: &Facts, _: &dyn Oracle) -> Check {
    match subject_token(f) {
        Some(Some(t)) if !decodes(t) => Check::Fail(Fail::certain(
            "The subject_token is not a JWT (header.payload.signature with JSON header and claims).",
        )),
        _ => Check::Pass,
    }
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let message = match subject_token(f) {
        Some(None) => {
            "The token exchange has no subject_token: send the id_token CIS2 or NHS login issued.".to_string()
        }
        Some(Some(t)) if !decodes(t) => format!(
            "The subject_token ({} characters) is not a JWT: the platform exchanges the id_token (three base64url \
             segments, eyJ…) that CIS2 or NHS login issued, not an opaque access token or a code.",
            t.chars().count()
        ),
        _ => return,
    };
    out.push(Finding::new(Code::SubjectTokenMalformed, message).about("subject_token"));
}

#[cfg(test)]
mod tests {
    use super::check;
    use super::{ID_TOKEN_TYPE, TOKEN_EXCHANGE};
    use crate::checks::rules::testing::*;
    use crate::platform::CLIENT_ASSERTION_TYPE;
    use crate::vocab::Code;

    fn exchange(subject: Option<&str>) -> String {
        let jwt = good_jwt();
        let mut fields = vec![
            ("grant_type", TOKEN_EXCHANGE),
            ("client_assertion_type", CLIENT_ASSERTION_TYPE),
            ("client_assertion", jwt.as_str()),
            ("subject_token_type", ID_TOKEN_TYPE),
        ];
        if let Some(s) = subject {
            fields.push(("subject_token", s));
        }
        curl_body(TOKEN_URL, &form(&fields))
    }

    #[test]
    fn fires_on_an_opaque_or_missing_subject_token() {
        fires(check, &exchange(Some("Ar4Fsp9OvtaHQXUstFiYZng8RY0v")), &ctx(), Code::SubjectTokenMalformed);
        fires(check, &exchange(None), &ctx(), Code::SubjectTokenMalformed);
    }

    #[test]
    fn silent_on_an_id_token_and_on_client_credentials() {
        silent(check, &exchange(Some(&good_jwt())), &ctx());
        silent(check, &good_request(), &ctx());
    }
}
