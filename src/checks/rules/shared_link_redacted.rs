//! Opened from a share link: say what was removed and which checks that rules out.

use super::Facts;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    if f.ctx.shared {
        out.push(Finding::new(
            Code::SharedLinkRedacted,
            "Opened from a share link: the API key is known only by its first and last 4 characters, signatures were \
                removed, and client secrets and Authorization values were stripped. Checks that need them (the key \
                compared character for character, signature verification) cannot be made here; the times are judged \
                as of when the link was made.",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    #[test]
    fn fires_when_opened_from_a_share_link() {
        fires(check, &good_request(), &ctx_with(|c| c.shared = true), Code::SharedLinkRedacted);
    }

    #[test]
    fn silent_otherwise() {
        silent(check, &good_request(), &ctx());
    }
}
