//! The catalogue: every finding code and every platform error, explained under the same
//! headings — what it means, likely causes (ranked), how to fix, the rule (documented and
//! enforced), the source. One data file (`catalogue.json`) is turned into typed ids
//! (`vocab::Code`, `vocab::ErrorId`) and these static entries at build time (build.rs).

pub mod platform;
pub mod sources;

use crate::vocab::{Code, ErrorId};

pub use platform::{Journey, PlatformError, Shape};

/// One likely cause. `unverified` marks causes the platform's source does not prove: the page
/// shows them as likely, never as fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cause {
    pub text: &'static str,
    pub unverified: bool,
}

/// A catalogue entry for a finding code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub title: &'static str,
    pub meaning: &'static str,
    pub causes: &'static [Cause],
    pub fix: &'static str,
    /// The first entry whose fix is the same text (its index): fixes said once.
    pub fix_group: u16,
    /// What NHS documents (or "—").
    pub documented: &'static str,
    /// What the gateway (or the standard) enforces.
    pub enforced: &'static str,
    /// Source keys of the spec's §13, or the RFC.
    pub source: &'static str,
}

/// Words that point at the lines of a paste about an error (the catalogue's `look_for`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LookFor {
    /// What the lines are about: "the assertion's times".
    pub about: &'static str,
    pub ids: &'static [ErrorId],
    pub words: &'static [&'static str],
}

/// The topics whose words point at a paste's lines about this error.
pub fn look_for(id: ErrorId) -> impl Iterator<Item = &'static LookFor> {
    generated::LOOK_FOR.iter().filter(move |t| t.ids.contains(&id))
}

mod generated {
    use super::platform::{Journey, PlatformError, Shape};
    use super::{Cause, Entry, LookFor};
    use crate::vocab::{ErrorId, Step};
    include!(concat!(env!("OUT_DIR"), "/entries.rs"));
}

impl Code {
    /// This code's explanation.
    pub fn entry(self) -> &'static Entry {
        &generated::FINDINGS[self as usize]
    }
}

impl ErrorId {
    /// This platform error's entry.
    pub fn entry(self) -> &'static PlatformError {
        &generated::ERRORS[self as usize]
    }
}

/// Every platform error, in catalogue order.
pub fn errors() -> &'static [PlatformError] {
    &generated::ERRORS
}
