//! `application/x-www-form-urlencoded; charset=…`: the gateway compares the whole header
//! exactly, so this may get 415 (spec §2 — UNVERIFIED, no test covers it).

use super::Facts;
use crate::platform::FORM_CONTENT_TYPE;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    if !f.is_token_call() {
        return;
    }
    let Some(ct) = f.token_request().and_then(|r| r.content_type.as_deref()) else { return };
    if ct != FORM_CONTENT_TYPE && ct.split(';').next().map(str::trim) == Some(FORM_CONTENT_TYPE) {
        out.push(
            Finding::new(
                Code::ContentTypeCharset,
                format!(
                    "Content-Type is \"{ct}\". The gateway compares the \
            header exactly, so the suffix may well get a 415. Send exactly {FORM_CONTENT_TYPE}."
                ),
            )
            .about("content-type"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    #[test]
    fn fires_on_a_charset_suffix() {
        let paste = good_request().replace("x-www-form-urlencoded'", "x-www-form-urlencoded; charset=UTF-8'");
        fires(check, &paste, &ctx(), Code::ContentTypeCharset);
    }

    #[test]
    fn silent_with_the_bare_form_type() {
        silent(check, &good_request(), &ctx());
    }
}
