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

#[cfg(test)]
mod tests {
    use super::check;
    use crate::rules::testing::*;
    use crate::vocab::Code;

    #[test]
    fn fires_on_another_method() {
        fires(check, &good_request().replace("-X POST", "-X GET"), &ctx(), Code::MethodNotPost);
        fires(check, &format!("curl {TOKEN_URL}"), &ctx(), Code::MethodNotPost);
    }

    #[test]
    fn silent_on_post_written_or_implied() {
        silent(check, &good_request(), &ctx());
        silent(check, &good_request().replace("-X POST ", ""), &ctx());
    }
}
