//! The token request is not a POST (RaiseFault.UnsupportedTokenHTTPMethod → 405).

use super::Facts;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    if !f.is_token_call() {
        return;
    }
    let Some(r) = f.token_request() else { return };
    if let Some(m) = r.method.as_deref().filter(|m| *m != "POST") {
        let how = if r.method_implied { " (curl sends GET when there is no -d and no -X)" } else { "" };
        out.push(
            Finding::new(
                Code::MethodNotPost,
                format!("The token request is a {m}{how}. The token endpoint accepts only POST."),
            )
            .about("method"),
        );
    }
}
