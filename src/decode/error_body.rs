//! Error bodies: NHS identity-service JSON, raw Apigee faults, FHIR OperationOutcome.

use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ErrorBody {}
