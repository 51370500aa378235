//! What the page hands on: the support ticket and the share link. Both are built from the
//! report, never from the raw paste, and both pass through `redact`.

pub mod redact;
pub mod route;
pub mod share;
pub mod text;
pub mod ticket;
