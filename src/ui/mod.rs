//! The Yew shell: renders a `Report` and owns the browser effects — the clock, the URL
//! fragment, the clipboard, the same-origin fetch of `team-notes.json`. Every word about the
//! input comes from the core (headline, causes, findings, labels); the page adds only how to
//! use it, such as what to paste when a paste of prose holds nothing to check. The components compile for
//! the page (`web`: wasm, rendering and hydrating) and for the build (`ssr`: natively, the
//! first screen as HTML).

pub mod builder_state;
pub mod catalogue;
pub mod prerender;
pub mod start_here;
pub mod state;

#[cfg(any(feature = "web", feature = "ssr"))]
mod web;
#[cfg(any(feature = "web", feature = "ssr"))]
pub use web::*;
