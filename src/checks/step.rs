//! What one gateway check decides, as a value: the types the rules export their predicates in
//! and the walk reads (`GatewayCheck`, `Check`, `Fail`).

use crate::checks::oracle::Oracle;
use crate::facts::Facts;
use crate::vocab::{Certainty, Code};

/// A failed check: why, in one sentence about this paste, and how sure.
#[derive(Clone, Debug, PartialEq)]
pub struct Fail {
    pub why: String,
    pub certainty: Certainty,
}

impl Fail {
    pub fn certain(why: impl Into<String>) -> Fail {
        Fail { why: why.into(), certainty: Certainty::Certain }
    }
    pub fn likely(why: impl Into<String>) -> Fail {
        Fail { why: why.into(), certainty: Certainty::Likely }
    }
}

/// What a check says of the paste.
#[derive(Clone, Debug, PartialEq)]
pub enum Check {
    Pass,
    Fail(Fail),
    /// The paste does not show it: taken for granted, and said so. `weakens`: an unknown part
    /// of the request itself (a field not shown), which makes any later answer only likely.
    Assume {
        text: String,
        weakens: bool,
    },
    /// The paste cannot be judged further (a fragment of a token, a variable for the JWT): no
    /// answer is predicted.
    Stop,
}

impl Check {
    pub fn assume(text: impl Into<String>) -> Check {
        Check::Assume { text: text.into(), weakens: false }
    }
    pub fn unknown_field(text: impl Into<String>) -> Check {
        Check::Assume { text: text.into(), weakens: true }
    }
}

impl From<Option<Fail>> for Check {
    fn from(fail: Option<Fail>) -> Check {
        fail.map_or(Check::Pass, Check::Fail)
    }
}

/// One predicate of the gateway, exported by the rule that owns it (its `code`), or written in
/// `checks::gateway` for what only the gateway's state decides (`code: None`).
pub struct GatewayCheck {
    pub code: Option<Code>,
    pub decide: fn(&Facts, &dyn Oracle) -> Check,
}
