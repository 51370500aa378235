//! A header sent under a near miss of a name the platform's APIs read (`NHSD-End-User-
//! Organization-ODS` for `NHSD-End-User-Organisation-ODS`, `X-Request-Id-` …): to the API the
//! header it wants is absent, whatever the misspelt one holds.

use super::api_base_path_typo::distance;
use super::Facts;
use crate::vocab::{Code, Finding};

/// Header names the platform's APIs read (spec §6, §14 and the proxies in the catalogue).
const KNOWN: &[&str] = &[
    "X-Request-ID",
    "X-Correlation-ID",
    "NHSD-Session-URID",
    "NHSD-End-User-Organisation-ODS",
    "NHSD-eRS-Business-Function",
    "NHSD-eRS-On-Behalf-Of-User-ID",
    "NHSD-Target-Identifier",
    "apikey",
];

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    for r in f.requests {
        for h in &r.headers {
            let sent = h.name.to_ascii_lowercase();
            if KNOWN.iter().any(|k| k.eq_ignore_ascii_case(&sent)) || sent.len() < 8 {
                continue;
            }
            // American spellings and underscores are the commonest misses; then a slip of a
            // character or two.
            let norm = |s: &str| s.to_ascii_lowercase().replace('z', "s").replace('_', "-");
            let near = KNOWN.iter().find(|k| norm(k) == norm(&sent) || distance(&k.to_ascii_lowercase(), &sent) <= 2);
            let Some(known) = near else { continue };
            out.push(
                Finding::new(
                    Code::HeaderNameMisspelt,
                    format!(
                        "The request sends a header named {}; the API reads {known}. A header of another name is one \
                         it does not read: to the API, {known} is missing.",
                        h.name
                    ),
                )
                .about(&h.name),
            );
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    const ERS: &str = "https://int.api.service.nhs.uk/referrals/FHIR/STU3/ReferralRequest/$ers.fetchworklist";

    #[test]
    fn fires_on_an_american_spelling_and_a_slip() {
        let paste = format!("curl -X POST '{ERS}' -H 'NHSD-End-User-Organization-ODS: R1V'");
        fires(check, &paste, &ctx(), Code::HeaderNameMisspelt);
        let paste = format!("curl '{ERS}' -H 'NHSD-Sesion-URID: 555021935107'");
        fires(check, &paste, &ctx(), Code::HeaderNameMisspelt);
    }

    #[test]
    fn silent_on_the_names_as_read() {
        silent(
            check,
            &format!("curl -X POST '{ERS}' -H 'NHSD-End-User-Organisation-ODS: R1V' -H 'x-request-id: 1'"),
            &ctx(),
        );
        silent(check, &good_request(), &ctx());
    }
}
