//! The request URL is not https.

use super::Facts;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(u) = f.post_url() else { return };
    if u.scheme() != "https" {
        out.push(
            Finding::new(Code::NotHttps, format!("The request uses {}://. The platform is https only.", u.scheme()))
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
    fn fires_on_http() {
        let url = "http://int.api.service.nhs.uk/oauth2/token";
        let paste = curl_to(url, &jwt(&header(), &with(claims(), json!({ "aud": url }))));
        fires(check, &paste, &ctx(), Code::NotHttps);
    }

    #[test]
    fn silent_on_https() {
        silent(check, &good_request(), &ctx());
    }
}
