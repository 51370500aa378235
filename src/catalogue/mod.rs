//! The catalogue: every finding code and every platform error, explained under the same
//! headings — what it means, likely causes (ranked), how to fix, the rule (documented and
//! enforced), the source. Codes are an enum whose texts are an exhaustive `match`, so a code
//! without an explanation does not compile.

mod findings;

use serde::{Serialize, Serializer};

use crate::report::Severity;

/// One likely cause. `unverified` marks causes the platform's source does not prove: the page
/// shows them as likely, never as fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cause {
    pub text: &'static str,
    pub unverified: bool,
}

pub const fn cause(text: &'static str) -> Cause {
    Cause { text, unverified: false }
}
pub const fn likely(text: &'static str) -> Cause {
    Cause { text, unverified: true }
}

/// A catalogue entry for a finding code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub title: &'static str,
    pub meaning: &'static str,
    pub causes: &'static [Cause],
    pub fix: &'static str,
    /// What NHS documents (or "—").
    pub documented: &'static str,
    /// What the gateway (or the standard) enforces.
    pub enforced: &'static str,
    /// Source keys of the spec's §13, or the RFC.
    pub source: &'static str,
}

macro_rules! codes {
    ($($variant:ident = $id:literal, $severity:ident;)*) => {
        /// A finding's stable code. The id (kebab-case) is the catalogue anchor: never rename.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            pub fn id(self) -> &'static str {
                match self { $(Code::$variant => $id,)* }
            }

            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }
        }
    };
}

codes! {
    // paste
    PasteCleaned = "paste-cleaned", Note;
    NothingRecognised = "nothing-recognised", Warning;
    InputTruncated = "input-truncated", Warning;
    // decoding the compact token
    JwtSegmentCount = "jwt-segment-count", Error;
    JweNotJws = "jwe-not-jws", Error;
    JwtBadBase64 = "jwt-bad-base64", Error;
    JwtBase64Padding = "jwt-base64-padding", Warning;
    JwtStandardBase64 = "jwt-standard-base64", Error;
    JwtNotUtf8 = "jwt-not-utf8", Error;
    JwtNotJson = "jwt-not-json", Error;
    JwtNotObject = "jwt-not-object", Error;
    JwtEmptySignature = "jwt-empty-signature", Error;
    // time claims
    TimeClaimIsString = "time-claim-is-string", Error;
    TimeClaimInMilliseconds = "time-claim-in-milliseconds", Error;
    TimeClaimFractional = "time-claim-fractional", Warning;
}

impl Code {
    pub fn entry(self) -> Entry {
        findings::entry(self)
    }

    pub fn from_id(id: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.id() == id)
    }

    /// The catalogue address a wiki can link to.
    pub fn anchor(self) -> String {
        format!("#/findings/{}", self.id())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}
