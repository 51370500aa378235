//! A platform URL whose first path segment is a near miss of an API's base path
//! (`/personal-demographic/` for `/personal-demographics/`) or a retired one
//! (`/oauth2-no-smartcard/`): no proxy owns it, so Apigee answers 404 ApplicationNotFound
//! ("Unable to identify proxy for host: … and url: <path>"). The paths are the requests' and the
//! one the gateway names in that answer.

use super::Facts;
use crate::platform::{base_paths, first_segment, retired, Environment};
use crate::vocab::{Code, Finding};

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let platform = f
        .requests
        .iter()
        .filter_map(|r| r.parsed_url())
        .filter(|u| u.host_str().and_then(Environment::from_host).is_some());
    let answered = f.error_bodies.iter().filter_map(|b| b.faultstring.as_deref()).filter_map(|fs| {
        let (_, path) = fs.split_once("Unable to identify proxy for host: ")?.1.split_once(" and url: ")?;
        Some(path.trim())
    });
    let paths: Vec<String> = platform.map(|u| u.path().to_string()).chain(answered.map(String::from)).collect();
    for path in &paths {
        let first = first_segment(path);
        if first.len() < 4 || base_paths().any(|b| b == first) {
            continue;
        }
        if let Some((_, now, why)) = retired(first) {
            out.push(
                Finding::new(
                    Code::ApiBasePathTypo,
                    format!(
                        "The path starts /{first}/, which no longer exists: {why}. Use /{now}/ (its /authorize and \
                         /token); a retired base path is answered 404 (\"Unable to identify proxy for host …\")."
                    ),
                )
                .about("url"),
            );
            return;
        }
        let near = base_paths().filter(|b| b.len() >= 6).find(|b| distance(first, b) <= 2);
        if let Some(base) = near {
            out.push(
                Finding::new(
                    Code::ApiBasePathTypo,
                    format!(
                        "The URL's path starts /{first}/, and no API on the platform has that base path: did you \
                         mean /{base}/? A base path no proxy owns is answered 404 (\"Unable to identify proxy for \
                         host …\"), before any check of the token."
                    ),
                )
                .about("url"),
            );
            return;
        }
    }
}

/// Edits (insert, delete, replace) between two short ASCII strings.
pub(super) fn distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(here + 1);
            prev = here;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::{check, distance};
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    #[test]
    fn fires_on_a_near_miss_of_a_base_path() {
        let paste = "curl -H 'Authorization: Bearer x' https://int.api.service.nhs.uk/personal-demographic/FHIR/R4/Patient/9000000009";
        fires(check, paste, &ctx(), Code::ApiBasePathTypo);
        let paste = "GET https://api.service.nhs.uk/referals/FHIR/R4/ServiceRequest\nAuthorization: Bearer x\n";
        fires(check, paste, &ctx(), Code::ApiBasePathTypo);
        let answer = r#"{"fault":{"faultstring":"Unable to identify proxy for host: secure and url: /oauth2-no-smartcard/authorize","detail":{"errorcode":"messaging.adaptors.http.flow.ApplicationNotFound"}}}"#;
        fires(check, answer, &ctx(), Code::ApiBasePathTypo);
    }

    #[test]
    fn silent_on_known_or_unrelated_paths() {
        silent(check, "curl https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/9000000009", &ctx());
        silent(check, "curl https://int.api.service.nhs.uk/some-other-api/v1/x", &ctx());
        silent(check, "curl https://example.com/personal-demographic/FHIR/R4/Patient/1", &ctx());
        silent(check, &good_request(), &ctx());
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
