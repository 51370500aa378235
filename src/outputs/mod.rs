//! What the shells hand on: the support ticket and the share link (both built from the report,
//! never from the raw paste, and both through `redact`), the text report and the CLI's JSON, and
//! the token call as code for the user's own stack (`code`).

pub mod code;
pub mod json;
pub mod redact;
pub mod route;
pub mod share;
pub mod text;
pub mod ticket;
