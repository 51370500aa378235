//! The token request is not a POST (RaiseFault.UnsupportedTokenHTTPMethod → 405).

use super::Facts;
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail, GatewayCheck};
use crate::vocab::Code;
use crate::vocab::Finding;

/// The gateway's predicate for this step (spec §4.1); the finding below is made from it.
pub const GATEWAY: GatewayCheck = GatewayCheck { code: Some(Code::MethodNotPost), decide };

fn decide(f: &Facts, _: &dyn Oracle) -> Check {
    let call = f.token_call().filter(|r| !crate::facts::browser_leg(r));
    let method = call.and_then(|r| r.method.as_deref()).filter(|m| *m != "POST");
    method.map(|m| Fail::certain(format!("The request is a {m}."))).into()
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(r) = f.token_call().filter(|_| decide(f, &crate::checks::oracle::ASSUME) != Check::Pass) else {
        return;
    };
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
    use crate::checks::rules::testing::*;
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
