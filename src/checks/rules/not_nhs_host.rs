//! The request (or `aud`) goes to a host that is not an NHS API Platform environment.

use super::Facts;
use crate::platform::Environment;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(u) = f.post_url() else {
        if f.token_request().and_then(|r| r.url.as_ref()).is_some() {
            out.push(Finding::new(Code::NotNhsHost, "The request URL could not be read as a URL.").about("url"));
        }
        return;
    };
    let host = u.host_str().unwrap_or("");
    if Environment::from_host(host).is_none() {
        let hint = if host.ends_with("api.service.nhs.uk") {
            " It is not one of the environments (sandbox, int, dev, dep, production)."
        } else {
            ""
        };
        out.push(
            Finding::new(
                Code::NotNhsHost,
                format!("{host} is not an NHS API Platform host (*.api.service.nhs.uk).{hint}"),
            )
            .about("url"),
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
    fn fires_on_a_host_that_is_no_environment() {
        for url in ["https://example.com/oauth2/token", "https://uat.api.service.nhs.uk/oauth2/token"] {
            let paste = curl_to(url, &jwt(&header(), &with(claims(), json!({ "aud": url }))));
            fires(check, &paste, &ctx(), Code::NotNhsHost);
        }
    }

    #[test]
    fn silent_on_an_environment_host() {
        silent(check, &good_request(), &ctx());
        let prod = "https://api.service.nhs.uk/oauth2/token";
        silent(check, &curl_to(prod, &jwt(&header(), &with(claims(), json!({ "aud": prod })))), &ctx());
    }
}
