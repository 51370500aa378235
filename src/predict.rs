//! Walk the gateway's check order (spec §4) and return the first failing step.

use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Prediction {}
