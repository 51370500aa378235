//! The pasted error uses an old wording (spec §5.3): from an old post or a stale deployment.

use super::Facts;
use crate::catalogue::platform::Match;
use crate::vocab::Code;
use crate::vocab::{Finding, Target};

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    for (i, b) in f.error_bodies.iter().enumerate().filter(|(_, b)| b.matched == Some(Match::OldWording)) {
        let current = b.entry.and_then(|e| e.entry().description).unwrap_or_default();
        out.push(
            Finding::new(
                Code::ErrorBodyOldWording,
                format!(
                    "This is an old wording of \"{current}\". It comes \
            from an older post or a stale deployment; the meaning is the same."
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
    fn fires_on_an_old_wording() {
        let paste = nhs_error("invalid_request", "Content-Type header must be application/x-www-urlencoded");
        fires(check, &paste, &ctx(), Code::ErrorBodyOldWording);
    }

    #[test]
    fn silent_on_the_current_wording() {
        let paste = nhs_error("invalid_request", "Content-Type header must be application/x-www-form-urlencoded");
        silent(check, &paste, &ctx());
        silent(check, &good_request(), &ctx());
    }
}
