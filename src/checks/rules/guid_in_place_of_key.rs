//! A GUID where an API key belongs: `iss`, `sub`, `client_id`, or the key field. The
//! Application ID is a uuid4; API keys are not (spec §1.2 — a heuristic, UNVERIFIED as a rule).

use super::{looks_like_guid, Facts};
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail, GatewayCheck};
use crate::vocab::Code;
use crate::vocab::Finding;

/// The gateway's predicate for this step (spec §4.1); the finding below is made from it.
pub const GATEWAY: GatewayCheck = GatewayCheck { code: Some(Code::GuidInPlaceOfKey), decide };

fn decide(f: &Facts, _: &dyn Oracle) -> Check {
    let sub = f.claims().and_then(|(_, c)| c.get("sub")).and_then(|s| s.as_str()).unwrap_or("");
    looks_like_guid(sub).then(|| Fail::likely("sub is a GUID — the Application ID, not an API key.")).into()
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let mut places: Vec<(String, String)> = Vec::new();
    if let Some((_, c)) = f.claims() {
        for name in ["iss", "sub"] {
            if let Some(v) = c.get(name).and_then(|v| v.as_str()).filter(|v| looks_like_guid(v)) {
                places.push((name.to_string(), v.to_string()));
            }
        }
    }
    if let Some(v) = f.token_request().and_then(|r| r.form_value("client_id")).filter(|v| looks_like_guid(v)) {
        places.push(("client_id (form body)".to_string(), v.to_string()));
    }
    if let Some(v) = f.requests.iter().find_map(|r| r.header("apikey")).filter(|v| looks_like_guid(v)) {
        places.push(("the apikey header".to_string(), v.to_string()));
    }
    if let Some(k) = f.key().filter(|k| looks_like_guid(k)) {
        places.push(("the API key you entered".to_string(), k.to_string()));
    }
    for (place, value) in places {
        let app = match f.ctx.app_id() {
            Some(id) if id.trim().eq_ignore_ascii_case(value.trim()) => " It is the Application ID you entered.",
            _ => " This looks like the Application ID.",
        };
        let subject = place.split_whitespace().next().unwrap_or("").to_string();
        out.push(
            Finding::new(
                Code::GuidInPlaceOfKey,
                format!(
                    "{place} is a GUID ({value}).{app} The API key (a \
                32-character string from the app's \"Active API keys\") belongs there."
                ),
            )
            .about(match place.as_str() {
                "the apikey header" => "apikey",
                _ if subject == "the" => "api_key",
                _ => &subject,
            }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;
    use serde_json::json;

    #[test]
    fn fires_on_a_guid_in_iss_sub_or_the_key_field() {
        let paste = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "iss": APP_ID, "sub": APP_ID }))));
        fires(check, &paste, &ctx(), Code::GuidInPlaceOfKey);
        fires(check, &good_request(), &ctx_with(|c| c.api_key = Some(APP_ID.into())), Code::GuidInPlaceOfKey);
    }

    #[test]
    fn fires_on_a_guid_client_id() {
        let paste = format!("{} \\\n  --data-urlencode 'client_id={APP_ID}'", good_request());
        fires(check, &paste, &ctx(), Code::GuidInPlaceOfKey);
    }

    #[test]
    fn fires_on_a_guid_in_the_apikey_header() {
        let paste =
            format!("curl https://sandbox.api.service.nhs.uk/hello-world/hello/application -H 'apikey: {APP_ID}'");
        fires(check, &paste, &ctx(), Code::GuidInPlaceOfKey);
    }

    #[test]
    fn silent_with_the_api_key_everywhere() {
        silent(check, &good_request(), &ctx_with(|c| c.app_id = Some(APP_ID.into())));
    }
}
