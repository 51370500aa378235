//! Requests: cURL, raw HTTP, form bodies, bare URLs, devtools pairs.

use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Request {}
