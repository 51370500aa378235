//! An error body none of whose strings is a known platform error.

use super::Facts;
use crate::vocab::Code;
use crate::vocab::{Finding, Target};

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    for (i, b) in f.error_bodies.iter().enumerate().filter(|(_, b)| b.entry.is_none() && !b.kind.is_success()) {
        let text = b
            .error_description
            .as_deref()
            .or(b.errorcode.as_deref())
            .or(b.diagnostics.as_deref())
            .or(b.error.as_deref())
            .unwrap_or("(no error text)");
        out.push(
            Finding::new(
                Code::ErrorBodyUnrecognised,
                format!(
                    "\"{text}\" is not an error string the NHS API \
            Platform is known to send. It may come from another server (CIS2 itself, a proxy, your own code) or be \
            paraphrased."
                ),
            )
            .span(b.span)
            .on(Target::Body(i)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    #[test]
    fn fires_on_an_unknown_error_text() {
        let paste = nhs_error("invalid_request", "Something went wrong with your token");
        fires(check, &paste, &ctx(), Code::ErrorBodyUnrecognised);
    }

    #[test]
    fn silent_on_a_known_error() {
        silent(check, &nhs_error("invalid_request", "grant_type is missing"), &ctx());
        silent(check, &good_request(), &ctx());
    }
}
