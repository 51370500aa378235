//! Sandbox: almost every API is open access and needs no token; Hello World is the exception
//! (PDS spec; NHS-APIKEY-DOC).

use super::Facts;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    if f.environment().is_some_and(|e| e.is_sandbox()) {
        out.push(Finding::new(Code::SandboxNoTokenNeeded, "This is the sandbox. Almost every sandbox API is open access and needs no token at all (Hello World is the exception); sandbox does not let you test authorisation. Test signed-JWT auth in INT."));
    }
}
