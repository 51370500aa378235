//! PDS refuses an X-Request-ID that is not a UUID (its proxy's own regular expression,
//! `targets/ig3.xml`), before the API sees the call. Only a value seen is judged: one the code
//! computes (`$(uuidgen)`, `str(uuid4())`) is not.

use super::Facts;
use crate::decode::request::Request;
use crate::vocab::{Code, Finding};

/// The X-Request-ID sent, when it is a value seen and not a UUID.
pub fn not_uuid(call: &Request) -> Option<&str> {
    let v = call.header("X-Request-ID")?;
    // `{…}` is a template's hole, unless it is a UUID in braces (.NET's Guid.ToString("B")).
    let braced = v.contains(['{', '}']) && !crate::platform::looks_like_guid(v);
    let computed = braced || v.contains(['$', '(', ')', '`']) || crate::extract::vars::is_placeholder(v);
    let uuid = crate::platform::looks_like_guid(v) && !v.trim().starts_with('{') && v.trim() == v;
    (!computed && !uuid).then_some(v)
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(call) = f.api_call().filter(|r| r.url.as_deref().is_some_and(|u| u.contains("/personal-demographics/")))
    else {
        return;
    };
    let Some(v) = not_uuid(call) else { return };
    out.push(
        Finding::new(
            Code::XRequestIdNotUuid,
            format!("X-Request-ID is '{v}', which is not a UUID (8-4-4-4-12 hexadecimal digits): PDS refuses it."),
        )
        .about("X-Request-ID"),
    );
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    const API: &str = "https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/9693632109";

    #[test]
    fn fires_on_a_counter_or_a_uuid_without_dashes() {
        for v in ["20250611-000042", "60E0B22081364CA5AE461D97EF59D068", "req-1"] {
            fires(check, &format!("curl {API} -H 'X-Request-ID: {v}'"), &ctx(), Code::XRequestIdNotUuid);
        }
    }

    #[test]
    fn silent_on_a_uuid_or_a_computed_value() {
        for v in ["60E0B220-8136-4CA5-AE46-1D97EF59D068", "$(uuidgen)"] {
            silent(check, &format!("curl {API} -H 'X-Request-ID: {v}'"), &ctx());
        }
    }
}
