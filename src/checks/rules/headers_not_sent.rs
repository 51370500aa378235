//! Headers the code writes that its client does not send (`decode::code_headers::axios_loose`:
//! axios.get's config with `Authorization` at its top level, not under `headers:`): to the API,
//! they are missing.

use super::Facts;
use crate::vocab::{Code, Finding};

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((names, why)) = f.requests.iter().find_map(|r| r.headers_not_sent.as_ref()) else { return };
    out.push(
        Finding::new(
            Code::HeadersNotSent,
            format!("The code writes {} but its client does not send it: {why}.", names.join(" and ")),
        )
        .about(names.first().map_or("request", String::as_str)),
    );
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    const PDS: &str = "https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/9000000009";

    #[test]
    fn fires_on_axios_headers_outside_the_config() {
        let paste =
            format!("await axios.get('{PDS}', {{ Authorization: `Bearer ${{t}}`, Accept: 'application/fhir+json' }});");
        fires(check, &paste, &ctx(), Code::HeadersNotSent);
    }

    #[test]
    fn silent_on_headers_in_their_place() {
        silent(
            check,
            &format!("await axios.get('{PDS}', {{ headers: {{ Authorization: `Bearer ${{t}}` }} }});"),
            &ctx(),
        );
        silent(check, &good_request(), &ctx());
    }
}
