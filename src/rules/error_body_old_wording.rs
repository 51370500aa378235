//! The pasted error uses an old wording (spec §5.3): from an old post or a stale deployment.

use super::Facts;
use crate::catalogue::platform::{self, Match};
use crate::catalogue::Code;
use crate::report::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    for b in f.error_bodies.iter().filter(|b| b.matched == Some(Match::OldWording)) {
        let current =
            b.entry.as_deref().and_then(platform::by_id).and_then(|e| e.description.clone()).unwrap_or_default();
        out.push(Finding::new(Code::ErrorBodyOldWording, format!("This is an old wording of \"{current}\". It comes from an older post or a stale deployment; the meaning is the same.")).span(b.span));
    }
}
