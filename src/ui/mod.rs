//! The Yew shell: renders a `Report` and owns the browser effects — the clock, the URL
//! fragment, the clipboard, the same-origin fetch of `team-notes.json`. No diagnostic text is
//! invented here; every word about the input comes from the core. The components compile for
//! the page (`web`: wasm, rendering and hydrating) and for the build (`ssr`: natively, the
//! first screen as HTML).

pub mod catalogue;
pub mod prerender;
pub mod state;

#[cfg(any(feature = "web", feature = "ssr"))]
mod web;
#[cfg(any(feature = "web", feature = "ssr"))]
pub use web::*;
