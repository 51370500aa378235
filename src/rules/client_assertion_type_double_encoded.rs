//! `client_assertion_type` URL-encoded twice: after one decode it still holds `%3A`.

use super::Facts;
use crate::platform::CLIENT_ASSERTION_TYPE;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(t) = f.token_request().and_then(|r| r.form_value("client_assertion_type")) else { return };
    if t != CLIENT_ASSERTION_TYPE && t.contains('%') {
        let once: String = url::form_urlencoded::parse(format!("x={t}").as_bytes())
            .map(|(_, v)| v.into_owned())
            .next()
            .unwrap_or_default();
        let twice = if once == CLIENT_ASSERTION_TYPE {
            "It is the right URN encoded twice"
        } else {
            "It still holds %-escapes after decoding"
        };
        out.push(Finding::new(Code::ClientAssertionTypeDoubleEncoded, format!("client_assertion_type arrives as \"{t}\". {twice}: encode it once (curl --data-urlencode already encodes).")).about("client_assertion_type"));
    }
}
