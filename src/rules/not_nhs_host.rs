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
