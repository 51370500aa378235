//! An API's `/_status` endpoint is the platform's own monitoring: its proxy checks the `apikey`
//! header against the platform's status-endpoint key, which no app's API key is, and takes no
//! access token (PDS `proxies/default.xml`, the StatusEndpoint flow). `/_ping` needs nothing.

use super::Facts;
use crate::vocab::{Code, Finding};

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(call) = f.api_call() else { return };
    let Some(url) = call.parsed_url() else { return };
    let nhs = url.host_str().and_then(crate::platform::Environment::from_host).is_some();
    let path = url.path().trim_end_matches('/');
    let status = crate::platform::monitoring(path) == Some(crate::platform::Monitoring::Status);
    // The identity service's own `/oauth2/_status` answers in its own words (spec §5).
    if !nhs || !status || path.starts_with("/oauth2") {
        return;
    }
    let sent = match call.header("apikey") {
        Some(_) => "with an apikey header; an app's API key is never the platform's status-endpoint key",
        None => "with no apikey header",
    };
    out.push(
        Finding::new(
            Code::StatusEndpointKey,
            format!(
                "The call goes to {path} {sent}. /_status is the platform's monitoring endpoint and answers 401 to any \
                 other key; a probe of your own should call /_ping, which needs no key and no token."
            ),
        )
        .about("request"),
    );
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    const PDS: &str = "https://int.api.service.nhs.uk/personal-demographics/FHIR/R4";

    #[test]
    fn fires_on_a_call_to_status() {
        fires(
            check,
            &format!("curl -H 'apikey: Tg5hR2kW8nLq3VbX7cMz1PyD4sFe9JaU' {PDS}/_status"),
            &ctx(),
            Code::StatusEndpointKey,
        );
        fires(check, &format!("curl {PDS}/_status/"), &ctx(), Code::StatusEndpointKey);
    }

    #[test]
    fn silent_on_ping_and_on_an_api_call() {
        silent(check, &format!("curl {PDS}/_ping"), &ctx());
        silent(
            check,
            &format!("curl -H 'Authorization: Bearer 3GTPjaC26sGmCyrz02ua785bdpBP' {PDS}/Patient/9693632109"),
            &ctx(),
        );
    }
}
