//! A token exchange whose `subject_token_type` is not the id_token URN. The gateway chooses the
//! token-exchange flow by `subject_token_type` (Flow.PostTokenTokenExchange runs only for the
//! id_token URN), so a token exchange with any other type — or none — falls through to
//! Flow.PostTokenInvalidSubjectTokenType before any client_assertion check.

use super::Facts;
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail, GatewayCheck};
use crate::vocab::{Code, Finding};

pub const TOKEN_EXCHANGE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
pub const ID_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:id_token";

/// The gateway's predicate for this step (spec §5.4; IDS default.xml flow order); the finding
/// below is made from it.
pub const GATEWAY: GatewayCheck = GatewayCheck { code: Some(Code::SubjectTokenTypeInvalid), decide };

/// The token exchange's `subject_token_type` when it is not the id_token URN (`None` inside:
/// missing).
fn wrong_type<'a>(f: &Facts<'a>) -> Option<Option<&'a str>> {
    let r = f.token_call()?;
    if r.form_value("grant_type") != Some(TOKEN_EXCHANGE) || super::grant_type_missing::unknown(r, "subject_token_type")
    {
        return None;
    }
    let t = r.form_value("subject_token_type");
    (t != Some(ID_TOKEN_TYPE)).then_some(t)
}

fn decide(f: &Facts, _: &dyn Oracle) -> Check {
    wrong_type(f)
        .map(|t| match t {
            Some(t) => Fail::certain(format!("subject_token_type is \"{t}\", not the id_token URN.")),
            None => Fail::certain("The token exchange has no subject_token_type."),
        })
        .into()
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(t) = wrong_type(f) else { return };
    let what = match t {
        Some(t) => format!("subject_token_type is \"{t}\""),
        None => "The token exchange has no subject_token_type".to_string(),
    };
    let message = format!(
        "{what}. The platform exchanges only an id_token from CIS2 or NHS login: subject_token_type must be \
         exactly {ID_TOKEN_TYPE} (not the jwt or access_token type), and subject_token the id_token itself."
    );
    out.push(Finding::new(Code::SubjectTokenTypeInvalid, message).about("subject_token_type"));
}

#[cfg(test)]
mod tests {
    use super::{check, ID_TOKEN_TYPE, TOKEN_EXCHANGE};
    use crate::checks::rules::testing::*;
    use crate::platform::CLIENT_ASSERTION_TYPE;
    use crate::vocab::Code;

    fn exchange(subject_type: Option<&str>) -> String {
        let jwt = good_jwt();
        let mut fields = vec![
            ("grant_type", TOKEN_EXCHANGE),
            ("client_assertion_type", CLIENT_ASSERTION_TYPE),
            ("client_assertion", jwt.as_str()),
            ("subject_token", jwt.as_str()),
        ];
        if let Some(t) = subject_type {
            fields.push(("subject_token_type", t));
        }
        curl_body(TOKEN_URL, &form(&fields))
    }

    #[test]
    fn fires_on_another_type_or_none() {
        for t in
            [Some("urn:ietf:params:oauth:token-type:jwt"), Some("urn:ietf:params:oauth:token-type:access_token"), None]
        {
            fires(check, &exchange(t), &ctx(), Code::SubjectTokenTypeInvalid);
        }
    }

    #[test]
    fn silent_on_the_id_token_type_and_on_client_credentials() {
        silent(check, &exchange(Some(ID_TOKEN_TYPE)), &ctx());
        silent(check, &good_request(), &ctx());
    }
}
