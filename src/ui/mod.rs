//! The Yew shell: renders a `Report` and owns the browser effects — the clock, the URL
//! fragment, the clipboard, the same-origin fetch of `team-notes.json`. No diagnostic text is
//! invented here; every word about the input comes from the core.

pub mod catalogue;
pub mod prerender;
pub mod state;

#[cfg(feature = "web")]
mod web;
#[cfg(feature = "web")]
pub use web::*;
